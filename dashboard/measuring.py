"""Widgets and glue of the Measure page (the measuring itself is straitmap.measure/reports)."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import state, upload
from dashboard.i18n import N_, _, current_lang
from dashboard.upload import UPLOAD_LAYER_ID
from straitmap import reports
from straitmap.errors import MeasureInputError
from straitmap.export import to_geojson_bytes
from straitmap.gazetteer import Resolved, resolve, upload_labels
from straitmap.i18n import Lang, format_number
from straitmap.measure import Leg, inverse
from straitmap.overlays import (
    RING_POINTS,
    distance_overlay,
    format_radius,
    path_overlay,
    rings_overlay,
)
from straitmap.units import format_length

TYPE_OWN = N_("Type a name or coordinates…")
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


def chinese_names(
    frames: Mapping[str, gpd.GeoDataFrame], layer_ids: tuple[str, ...] = CHOICE_LAYERS
) -> dict[str, str]:
    """Each feature's English `name` and its `name_zh`, where the layer has one."""
    names: dict[str, str] = {}
    for layer_id in layer_ids:
        frame = frames.get(layer_id)
        if frame is None or "name" not in frame.columns or "name_zh" not in frame.columns:
            continue
        for name, name_zh in zip(frame["name"], frame["name_zh"], strict=True):
            if isinstance(name, str) and isinstance(name_zh, str) and name_zh.strip():
                names.setdefault(name, name_zh.strip())
    return names


def place_label(name: str, names_zh: Mapping[str, str]) -> str:
    """A place as the session reads it: its Chinese name in Chinese where it has one, else
    its English name (the pages say once that such names stay English)."""
    if current_lang() == "en":
        return name
    return names_zh.get(name, name)


def marked_place(name: str, names_zh: Mapping[str, str]) -> str:
    """`place_label`, saying so in Chinese when a feature has no Chinese name."""
    if current_lang() == "en" or name in names_zh:
        return place_label(name, names_zh)
    return _("{name} (no Chinese name)").format(name=name)


def no_chinese_name_note() -> None:
    """In Chinese, one line saying that places without a Chinese name are listed in English."""
    if current_lang() != "en":
        st.caption(_("Places without a Chinese name are listed by their English name."))


def options_placeholder() -> str | None:
    """A multiselect's empty-box text in Chinese (None: Streamlit's own English one)."""
    return None if current_lang() == "en" else _("Choose options")


def place_input(
    container: Any,
    label: str,
    choices: list[str],
    default: str,
    key: str,
    names_zh: Mapping[str, str] | None = None,
) -> str:
    """A searchable place picker plus free text ("lat, lon" in any common form, or a name);
    each place shown by its Chinese name in Chinese (the value stays its English name)."""
    options = [*choices, TYPE_OWN]
    index = options.index(default) if default in options else 0
    choice_key, text_key = state.place_keys(key)
    names = names_zh or {}
    choice = container.selectbox(
        label,
        options,
        index=index,
        key=choice_key,
        format_func=lambda o: _(TYPE_OWN) if o == TYPE_OWN else place_label(str(o), names),
    )
    if choice != TYPE_OWN:
        return str(choice)
    typed: str = container.text_input(
        _("{label}: name or coordinates").format(label=label),
        placeholder=_("25.03, 121.56  ·  25°01′N 121°34′E  ·  Xiamen"),
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


def resolved_label(place: Resolved, names_zh: Mapping[str, str]) -> str:
    """A resolved place by its Chinese name in Chinese (`marked_place` for a feature; typed
    coordinates as they are)."""
    if place.layer_id is None:
        return place.name
    return marked_place(place.name, names_zh)


def distance_caption(
    result: DistanceResult,
    start_text: str,
    end_text: str,
    layers: MeasureLayers,
    names_zh: Mapping[str, str] | None = None,
) -> str:
    """Where the distance runs from and to, the final bearing, and the command that
    reproduces it."""
    start, end, leg = result.start, result.end, result.leg
    names = names_zh or {}
    command = (
        f"straitmap distance {cli_place(start_text, start, layers)} "
        f"{cli_place(end_text, end, layers)} --json"
    )
    return _(
        "{start} ({start_lat}, {start_lon}) → {end} ({end_lat}, {end_lon}); final bearing "
        "{bearing}°. Reproduce: `{command}`"
    ).format(
        start=resolved_label(start, names),
        start_lat=f"{start.lat:.4f}",
        start_lon=f"{start.lon:.4f}",
        end=resolved_label(end, names),
        end_lat=f"{end.lat:.4f}",
        end_lon=f"{end.lon:.4f}",
        bearing=f"{leg.final_bearing_deg:05.1f}",
        command=command,
    )


def distance_metrics(result: DistanceResult) -> list[tuple[str, str]]:
    """The four figures of a measured distance as (label, value), in the session's language."""
    lang = current_lang()
    distance = result.leg.distance
    return [
        (_("Kilometres"), format_number(distance.km, lang, 1)),
        (_("Nautical miles"), format_number(distance.nmi, lang, 1)),
        (_("Statute miles"), format_number(distance.mi, lang, 1)),
        (
            _("Initial bearing"),
            _("{bearing}° true").format(bearing=f"{result.leg.bearing_deg:05.1f}"),
        ),
    ]


def named_for_map(place: Resolved, names_zh: Mapping[str, str]) -> Resolved:
    """`place` named as the session reads it (`resolved_label`), for the map's labels."""
    if current_lang() == "en":
        return place
    return replace(place, name=resolved_label(place, names_zh))


def distance_overlays(
    result: DistanceResult, names_zh: Mapping[str, str] | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """The overlay layers of a measured distance, named in the session's language."""
    names = names_zh or {}
    return distance_overlay(
        named_for_map(result.start, names),
        named_for_map(result.end, names),
        result.leg,
        current_lang(),
    )


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
    centre_text: str,
    radii_text: str,
    unit: str,
    layers: MeasureLayers,
    lang: Lang = "en",
    names_zh: Mapping[str, str] | None = None,
) -> RingsResult:
    """The centre and its range rings from the widgets' text; bad radii raise
    MeasureInputError with the reason. The rings drawn are named in `lang` (the centre by
    its `names_zh` name); the exported ones stay English, as `straitmap rings` writes them."""
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
    exported = rings_overlay(centre, pairs, n=RING_POINTS)
    rings = exported
    if lang != "en":
        shown = centre
        if centre.layer_id is not None:
            shown = replace(centre, name=(names_zh or {}).get(centre.name, centre.name))
        rings = rings_overlay(shown, pairs, n=RING_POINTS, lang=lang)
    command_text = cli_place_text(centre_text, centre, layers)
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


#: The legs table's headers (`reports.path_legs`), translated where shown.
LEG_HEADERS = {
    "leg": N_("leg"),
    "from (lat, lon)": N_("from (lat, lon)"),
    "to (lat, lon)": N_("to (lat, lon)"),
    "km": N_("km"),
    "nmi": N_("nmi"),
    "bearing (° true)": N_("bearing (° true)"),
}


def path_summary(title: str, points: list[tuple[float, float]]) -> tuple[str, pd.DataFrame]:
    """A path's line ("**Path:** 3 points, 812.4 km (…)") and its legs (`reports.path_legs`),
    in the session's language (`title` already is)."""
    total, legs = reports.path_legs(points)
    line = _("**{title}:** {count} points, {length}").format(
        title=title,
        count=len(points),
        length=format_length(total.metres, current_lang(), ("km", "nmi", "mi")),
    )
    return line, translated_headers(legs, LEG_HEADERS)


def translated_headers(table: pd.DataFrame, headers: Mapping[str, str]) -> pd.DataFrame:
    """`table` with the columns `headers` names shown in the session's language (itself in
    English, where the headers are the columns' own names)."""
    if current_lang() == "en":
        return table
    return table.rename(columns={c: _(h) for c, h in headers.items() if c in table.columns})


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


#: The lane lengths table's headers, translated where shown.
LANE_HEADERS = {
    "name": N_("Route"),
    "from_port": N_("From port"),
    "to_port": N_("To port"),
    "length_km": N_("Length (km)"),
    "length_nmi": N_("Length (nmi)"),
    "via_strait": N_("Through the strait"),
}
#: Yes and no in the tables, translated where shown.
YES_NO = {True: N_("yes"), False: N_("no")}


def shown_lane_lengths(lanes: gpd.GeoDataFrame, names_zh: Mapping[str, str]) -> pd.DataFrame:
    """`lane_lengths` as the session reads it: ports by their Chinese names, yes/no, headers."""
    table = lane_lengths(lanes)
    if current_lang() == "en":
        return table
    shown = table.copy()
    shown["name"] = [
        " – ".join(place_label(end, names_zh) for end in str(name).split(" – "))
        for name in table["name"]
    ]
    for column in ("from_port", "to_port"):
        shown[column] = [place_label(str(name), names_zh) for name in table[column]]
    shown["via_strait"] = [_(YES_NO[bool(v)]) for v in table["via_strait"]]
    return translated_headers(shown, LANE_HEADERS)


def shown_matrix(matrix: pd.DataFrame, names_zh: Mapping[str, str]) -> pd.DataFrame:
    """A distance matrix (`reports.distance_matrix`) with its rows and columns named by
    their Chinese names in Chinese."""
    if current_lang() == "en":
        return matrix
    shown = matrix.copy()
    shown.index = [place_label(str(name), names_zh) for name in matrix.index]
    shown.columns = [place_label(str(name), names_zh) for name in matrix.columns]
    return shown


#: The incursion distance table's headers (`reports.incursion_distances`), translated where
#: shown.
INCURSION_HEADERS = {
    "id": N_("ID"),
    "date": N_("Date"),
    "aircraft_type": N_("Aircraft type"),
    "count": N_("Aircraft"),
    "zone": N_("Zone"),
    "to_taiwan_coast_km": N_("To Taiwan's coast (km)"),
    "to_taiwan_coast_nmi": N_("To Taiwan's coast (nmi)"),
    "median_line_side": N_("Side of the median line"),
    "to_median_line_km": N_("To the median line (km)"),
    "to_median_line_nmi": N_("To the median line (nmi)"),
    "nearest_us_installation": N_("Nearest US installation"),
    "to_installation_km": N_("To the installation (km)"),
    "to_installation_nmi": N_("To the installation (nmi)"),
}
#: The sides of the median line `reports.incursion_distances` names, translated where shown.
MEDIAN_LINE_SIDES = {"east (Taiwan side)": N_("east (Taiwan side)"), "west": N_("west")}
#: The aircraft type of an incursion that the bulletin did not name.
UNSPECIFIED = N_("unspecified")
#: The incursions' zones, translated where shown.
ZONES = {
    zone: zone
    for zone in (
        N_("southwest"),
        N_("northern strait"),
        N_("north"),
        N_("central strait (median line)"),
        N_("east"),
        N_("southeast"),
        N_("outside ADIZ"),
    )
}


def shown_incursion_distances(
    table: pd.DataFrame, frames: Mapping[str, gpd.GeoDataFrame]
) -> pd.DataFrame:
    """The incursion distance table as the session reads it: aircraft by their Chinese type
    (`aircraft_type_zh`), zones, sides and installations in Chinese, headers translated."""
    if current_lang() == "en":
        return table
    shown = table.copy()
    incursions = frames.get("pla_incursions")
    if (
        incursions is not None
        and {"id", "aircraft_type_zh"} <= set(incursions.columns)
        and {"id", "aircraft_type"} <= set(table.columns)
    ):
        types_zh = {
            str(i): str(t)
            for i, t in zip(incursions["id"], incursions["aircraft_type_zh"], strict=True)
            if isinstance(t, str) and t
        }
        shown["aircraft_type"] = [
            types_zh.get(str(i)) or (_(UNSPECIFIED) if t == UNSPECIFIED else str(t))
            for i, t in zip(table["id"], table["aircraft_type"], strict=True)
        ]
    if "zone" in shown:
        shown["zone"] = [_(ZONES.get(str(z), str(z))) for z in table["zone"]]
    if "median_line_side" in shown:
        shown["median_line_side"] = [
            _(MEDIAN_LINE_SIDES.get(str(s), str(s))) for s in table["median_line_side"]
        ]
    if "nearest_us_installation" in shown:
        names_zh = chinese_names(frames, ("us_bases_japan",))
        shown["nearest_us_installation"] = [
            place_label(str(n), names_zh) for n in table["nearest_us_installation"]
        ]
    return translated_headers(shown, INCURSION_HEADERS)


def path_layers(points: list[tuple[float, float]]) -> dict[str, gpd.GeoDataFrame]:
    """The overlay layers of a clicked path, named in the session's language."""
    return path_overlay(points, current_lang())


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
