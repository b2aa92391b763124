"""Widgets and glue of the Measure page (the measuring itself is straitmap.measure/reports)."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import state, upload
from dashboard.upload import UPLOAD_LAYER_ID
from straitmap import reports
from straitmap.errors import MeasureInputError
from straitmap.export import to_geojson_bytes
from straitmap.gazetteer import Resolved, resolve, upload_labels
from straitmap.measure import Leg, inverse
from straitmap.overlays import (
    RING_POINTS,
    distance_overlay,
    format_radius,
    path_overlay,
    rings_overlay,
)

TYPE_OWN = "Type a name or coordinates…"
CHOICE_LAYERS = ("places", "us_bases_japan")
#: The file the rings' download and their `straitmap rings` command write.
RINGS_FILE = "rings.geojson"


@dataclass(frozen=True)
class MeasureLayers:
    """The layers the Measure page works on: the bundled ones, with the file uploaded on the
    Map page as `upload` (or in place of the incursions), and which of them came from it."""

    frames: Mapping[str, gpd.GeoDataFrame]
    uploaded: frozenset[str] = frozenset()
    key: str = ""

    @property
    def bundled(self) -> dict[str, gpd.GeoDataFrame]:
        """The layers that did not come from the uploaded file."""
        return {i: f for i, f in self.frames.items() if i not in self.uploaded}

    @property
    def incursions_key(self) -> str:
        """The uploaded file's key when it stands in for the incursions, else "" (the
        incursion distances depend on nothing else uploaded)."""
        return self.key if "pla_incursions" in self.uploaded else ""

    @property
    def uploads(self) -> dict[str, gpd.GeoDataFrame]:
        """The layers that came from the uploaded file (searched after the bundled ones)."""
        return {i: self.frames[i] for i in self.uploaded}


@dataclass(frozen=True)
class DistanceResult:
    """Two resolved places and the geodesic between them."""

    start: Resolved
    end: Resolved
    leg: Leg


def place_choices(layers: MeasureLayers) -> list[str]:
    """Names offered by the place pickers: reference places (ports among them), installations,
    then the uploaded features by their labels ("Taipei (your file)")."""
    names: list[str] = []
    for layer_id in CHOICE_LAYERS:
        frame = layers.bundled.get(layer_id)
        if frame is not None and "name" in frame.columns:
            names.extend(sorted(frame["name"].dropna().astype(str)))
    upload = layers.uploads.get(UPLOAD_LAYER_ID)
    if upload is not None:
        names.extend(sorted(upload_labels(upload)))
    return names


def place_input(container: Any, label: str, choices: list[str], default: str, key: str) -> str:
    """A searchable place picker plus free text ("lat, lon" in any common form, or a name)."""
    options = [*choices, TYPE_OWN]
    index = options.index(default) if default in options else 0
    choice_key, text_key = state.place_keys(key)
    choice = container.selectbox(label, options, index=index, key=choice_key)
    if choice != TYPE_OWN:
        return str(choice)
    typed: str = container.text_input(
        f"{label}: name or coordinates",
        placeholder="25.03, 121.56  ·  25°01′N 121°34′E  ·  Xiamen",
        key=text_key,
    )
    return typed.strip()


def quoted(text: str) -> str:
    """`text` quoted for a shell command line."""
    return shlex.quote(text)


def cli_place_text(text: str, place: Resolved, layers: MeasureLayers) -> str:
    """The text the command line resolves to `place`: the text as typed, or the coordinates
    of an uploaded feature (the command line does not see the upload)."""
    if place.layer_id is not None and place.layer_id in layers.uploaded:
        return f"{place.lat:.6f}, {place.lon:.6f}"
    return text


def cli_place(text: str, place: Resolved, layers: MeasureLayers) -> str:
    """The `straitmap` argument that reproduces `place`, shell-quoted (`cli_place_text`)."""
    return quoted(cli_place_text(text, place, layers))


def resolve_place(text: str, layers: MeasureLayers) -> Resolved:
    """`gazetteer.resolve` over the bundled layers, then the uploaded file."""
    return resolve(text, layers.bundled, layers.uploads)


def distance_between(
    start_text: str, end_text: str, layers: MeasureLayers
) -> DistanceResult | None:
    """Resolve both places and measure the geodesic (None until both are given)."""
    if not start_text or not end_text:
        return None
    start = resolve_place(start_text, layers)
    end = resolve_place(end_text, layers)
    return DistanceResult(start, end, inverse(start.lon, start.lat, end.lon, end.lat))


def distance_caption(
    result: DistanceResult, start_text: str, end_text: str, layers: MeasureLayers
) -> str:
    """Where the distance runs from and to, the final bearing, and the command that
    reproduces it."""
    start, end, leg = result.start, result.end, result.leg
    command = (
        f"straitmap distance {cli_place(start_text, start, layers)} "
        f"{cli_place(end_text, end, layers)} --json"
    )
    return (
        f"{start.name} ({start.lat:.4f}, {start.lon:.4f}) → {end.name} ({end.lat:.4f}, "
        f"{end.lon:.4f}); final bearing {leg.final_bearing_deg:05.1f}°. Reproduce: `{command}`"
    )


def distance_overlays(result: DistanceResult) -> dict[str, gpd.GeoDataFrame]:
    """The overlay layers of a measured distance."""
    return distance_overlay(result.start, result.end, result.leg)


@dataclass(frozen=True)
class RingsResult:
    """Range rings as the widgets asked for them: the centre as typed and resolved, the radii
    in `unit`, and the rings (`overlays.rings_overlay`, the frame the app draws and exports)."""

    centre_text: str
    centre: Resolved
    radii: tuple[float, ...]
    unit: str
    rings: gpd.GeoDataFrame
    #: What the download holds: `rings`, or for an uploaded centre the rings around the
    #: coordinates the command line is given, named by them.
    exported: gpd.GeoDataFrame


def rings_around(
    centre_text: str, radii_text: str, unit: str, layers: MeasureLayers
) -> RingsResult:
    """The centre and its range rings from the widgets' text; bad radii raise
    MeasureInputError with the reason."""
    radii: list[float] = []
    for part in radii_text.replace(";", ",").split(","):
        text = part.strip().replace("_", "")
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            raise MeasureInputError(
                f"radius should be a number of {unit}, got {part.strip()!r}"
            ) from None
        if not 0 < value <= 10_000:
            raise MeasureInputError(f"radius should be between 0 and 10,000 {unit}, got {value:g}")
        radii.append(value)
    if not radii:
        raise MeasureInputError("enter at least one radius, e.g. 500, 1000, 1500")
    centre = resolve_place(centre_text, layers)
    pairs = [(radius, unit) for radius in radii]
    rings = rings_overlay(centre, pairs, n=RING_POINTS)
    command_text = cli_place_text(centre_text, centre, layers)
    exported = rings
    if command_text != centre_text:
        exported = rings_overlay(resolve_place(command_text, layers), pairs, n=RING_POINTS)
    return RingsResult(centre_text, centre, tuple(radii), unit, rings, exported)


def rings_command(result: RingsResult, layers: MeasureLayers) -> str:
    """The `straitmap rings` command that writes `rings_geojson(result)` to RINGS_FILE."""
    radii = " ".join(f"--radius-{result.unit} {format_radius(r)}" for r in result.radii)
    centre = cli_place(result.centre_text, result.centre, layers)
    return f"straitmap rings {centre} {radii} --out {RINGS_FILE}"


def rings_geojson(result: RingsResult) -> bytes:
    """The rings as the app exports them: the bytes `rings_command` writes."""
    return to_geojson_bytes(result.exported)


def clicked_path(session: state.Session) -> list[tuple[float, float]]:
    """The (lon, lat) points clicked on the Measure page's map so far (kept in the session)."""
    points: list[tuple[float, float]] = session.setdefault(state.PATH_POINTS_KEY, [])
    return points


def take_click(session: state.Session, returned: Mapping[str, Any] | None) -> bool:
    """Add the map's latest click to the clicked path, once per click; True when it did."""
    clicked = (returned or {}).get("last_clicked")
    if not clicked or session.get(state.MEASURE_LAST_CLICK_KEY) == clicked:
        return False
    session[state.MEASURE_LAST_CLICK_KEY] = clicked
    clicked_path(session).append((float(clicked["lng"]), float(clicked["lat"])))
    return True


def clear_path(session: state.Session) -> None:
    """Forget the clicked path."""
    session[state.PATH_POINTS_KEY] = []


def path_summary(title: str, points: list[tuple[float, float]]) -> tuple[str, pd.DataFrame]:
    """A path's line ("**Path:** 3 points, 812.4 km (…)") and its legs (`reports.path_legs`)."""
    total, legs = reports.path_legs(points)
    line = (
        f"**{title}:** {len(points)} points, {total.km:,.1f} km "
        f"({total.nmi:,.1f} nmi, {total.mi:,.1f} mi)"
    )
    return line, legs


#: The distance matrix's first rows (installations) and columns (places), where loaded.
MATRIX_ROWS = ("Kadena Air Base", "Yokota Air Base")
MATRIX_COLUMNS = ("Taipei", "Kaohsiung", "Xiamen")


def names_in(frame: gpd.GeoDataFrame, wanted: tuple[str, ...] | None = None) -> list[str]:
    """A layer's feature names, sorted; with `wanted`, those of them the layer has, in order."""
    names = [str(n) for n in frame["name"]]
    if wanted is None:
        return sorted(names)
    return [n for n in wanted if n in set(names)]


def lane_lengths(lanes: gpd.GeoDataFrame) -> pd.DataFrame:
    """The named routes of the shipping-lane layer with their ends and lengths."""
    routes = lanes[lanes["kind"] == "route"]
    columns = ["name", "from_port", "to_port", "length_km", "length_nmi", "via_strait"]
    return pd.DataFrame(routes[columns])


def path_layers(points: list[tuple[float, float]]) -> dict[str, gpd.GeoDataFrame]:
    """The overlay layers of a clicked path."""
    return path_overlay(points)


def incursion_distances(frames: Mapping[str, gpd.GeoDataFrame]) -> pd.DataFrame | None:
    """The per-incursion distance table, when its four layers are loaded."""
    needed = ("pla_incursions", "land", "median_line", "us_bases_japan")
    if any(layer_id not in frames for layer_id in needed):
        return None
    return reports.incursion_distances(*(frames[i] for i in needed))


def with_upload(frames: Mapping[str, gpd.GeoDataFrame]) -> MeasureLayers:
    """The bundled layers plus the file uploaded on the Map page (kept in the session), and a
    key naming that file ("" without one)."""
    layers = dict(frames)
    found = upload.session_upload(st.session_state)
    if found is None:
        return MeasureLayers(layers)
    key, uploaded = found
    as_incursions = bool(st.session_state.get(state.AS_INCURSIONS_KEY))
    layer_id, frame = upload.placement(uploaded, as_incursions)
    layers[layer_id] = frame
    return MeasureLayers(layers, frozenset({layer_id}), key)


def drawn_lines(returned: Mapping[str, Any] | None) -> list[list[tuple[float, float]]]:
    """The (lon, lat) vertices of each line drawn with the Draw plugin (st_folium's
    `all_drawings`, GeoJSON features)."""
    lines: list[list[tuple[float, float]]] = []
    for feature in (returned or {}).get("all_drawings") or []:
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") == "LineString" and len(geometry.get("coordinates", [])) >= 2:
            lines.append([(float(x), float(y)) for x, y, *_ in geometry["coordinates"]])
    return lines
