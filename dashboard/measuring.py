"""Widgets and glue of the Measure page (the measuring itself is straitmap.measure/reports)."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from straitmap import reports
from straitmap.errors import MeasureInputError
from straitmap.filters import FilterState, filter_layer
from straitmap.gazetteer import Resolved, resolve
from straitmap.measure import Leg, inverse
from straitmap.overlays import OVERLAY_TITLES, distance_overlay, path_overlay, rings_overlay

__all__ = ["OVERLAY_TITLES"]
TYPE_OWN = "Type a name or coordinates…"
CHOICE_LAYERS = ("places", "us_bases_japan")


@dataclass(frozen=True)
class DistanceResult:
    """Two resolved places and the geodesic between them."""

    start: Resolved
    end: Resolved
    leg: Leg


def place_choices(frames: Mapping[str, gpd.GeoDataFrame]) -> list[str]:
    """Names offered by the place pickers: reference places (ports among them) and installations."""
    names: list[str] = []
    for layer_id in (*CHOICE_LAYERS, "upload"):
        frame = frames.get(layer_id)
        if frame is not None:
            names.extend(sorted(frame["name"].astype(str)))
    return names


def place_input(container: Any, label: str, choices: list[str], default: str, key: str) -> str:
    """A searchable place picker plus free text ("lat, lon" in any common form, or a name)."""
    options = [*choices, TYPE_OWN]
    index = options.index(default) if default in options else 0
    choice = container.selectbox(label, options, index=index, key=f"{key}_choice")
    if choice != TYPE_OWN:
        return str(choice)
    typed: str = container.text_input(
        f"{label}: name or coordinates",
        placeholder="25.03, 121.56  ·  25°01′N 121°34′E  ·  Xiamen",
        key=f"{key}_text",
    )
    return typed.strip()


def quoted(text: str) -> str:
    """`text` quoted for a shell command line."""
    return shlex.quote(text)


def distance_between(
    start_text: str, end_text: str, frames: Mapping[str, gpd.GeoDataFrame]
) -> DistanceResult | None:
    """Resolve both places and measure the geodesic (None until both are given)."""
    if not start_text or not end_text:
        return None
    start = resolve(start_text, frames)
    end = resolve(end_text, frames)
    return DistanceResult(start, end, inverse(start.lon, start.lat, end.lon, end.lat))


def distance_overlays(result: DistanceResult) -> dict[str, gpd.GeoDataFrame]:
    """The overlay layers of a measured distance."""
    return distance_overlay(result.start, result.end, result.leg)


def rings_around(
    centre_text: str, radii_text: str, unit: str, frames: Mapping[str, gpd.GeoDataFrame]
) -> gpd.GeoDataFrame:
    """Range rings from the widgets' text; bad radii raise MeasureInputError with the reason."""
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
    return rings_overlay(resolve(centre_text, frames), radii, unit)


def path_layers(points: list[tuple[float, float]]) -> dict[str, gpd.GeoDataFrame]:
    """The overlay layers of a clicked path."""
    return path_overlay(points)


def incursion_distances(frames: Mapping[str, gpd.GeoDataFrame]) -> pd.DataFrame | None:
    """The per-incursion distance table, when its four layers are loaded."""
    needed = ("pla_incursions", "land", "median_line", "us_bases_japan")
    if any(layer_id not in frames for layer_id in needed):
        return None
    return reports.incursion_distances(*(frames[i] for i in needed))


@st.cache_data(show_spinner="Measuring incursions…", max_entries=16)
def cached_incursion_distances(
    _frames: Mapping[str, gpd.GeoDataFrame], filters: FilterState, upload_key: str
) -> pd.DataFrame | None:
    """`incursion_distances` of the incursions the Map page's filters keep (cached per filter
    state and uploaded file; `_frames` is not hashed)."""
    frames = dict(_frames)
    if "pla_incursions" in frames:
        frames["pla_incursions"] = filter_layer("pla_incursions", frames["pla_incursions"], filters)
    return incursion_distances(frames)


def with_upload(frames: Mapping[str, gpd.GeoDataFrame]) -> tuple[dict[str, gpd.GeoDataFrame], str]:
    """The bundled layers plus the file uploaded on the Map page (kept in the session), and a
    key naming that file ("" without one)."""
    layers = dict(frames)
    uploads = st.session_state.get("uploads") or {}
    for key, upload in uploads.items():
        if st.session_state.get("upload_as_incursions") and upload.fits_incursions:
            layers["pla_incursions"] = upload.frame
        else:
            layers["upload"] = upload.frame
        return layers, str(key)
    return layers, ""


def drawn_lines(returned: Mapping[str, Any] | None) -> list[list[tuple[float, float]]]:
    """The (lon, lat) vertices of each line drawn with the Draw plugin (st_folium's
    `all_drawings`, GeoJSON features)."""
    lines: list[list[tuple[float, float]]] = []
    for feature in (returned or {}).get("all_drawings") or []:
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") == "LineString" and len(geometry.get("coordinates", [])) >= 2:
            lines.append([(float(x), float(y)) for x, y, *_ in geometry["coordinates"]])
    return lines
