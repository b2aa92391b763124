"""Cached loading of the bundled layers: the only place the dashboard caches data."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import streamlit as st

from straitmap import StraitmapError, load_catalog, load_layer, load_table
from straitmap.catalog import Catalog

#: Columns whose values the filters offer, per layer.
VOCABULARY_COLUMNS = {
    "type": ("pla_incursions", "aircraft_type"),
    "branch": ("us_bases_japan", "branch"),
    "kind": ("us_bases_japan", "kind"),
    "lane": ("shipping_lanes", "kind"),
}


@dataclass(frozen=True)
class BundledLayers:
    """The layers that loaded, and a message for each one that did not."""

    frames: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """The layer catalog (geodata/catalog.toml)."""
    return load_catalog()


# cache_resource, not cache_data: the frames are shared read-only (the library never changes
# its inputs), so a rerun costs no copy of the 1,139 land polygons.
@st.cache_resource(show_spinner="Loading layers…")
def bundled_layers() -> BundledLayers:
    """Every catalog layer; a broken file disables only its own layer."""
    frames: dict[str, gpd.GeoDataFrame] = {}
    errors: dict[str, str] = {}
    for layer_id, spec in catalog().layers.items():
        if spec.is_table:
            continue
        try:
            frame = load_layer(layer_id, catalog=catalog())
        except StraitmapError as error:
            errors[layer_id] = str(error)
            continue
        # The loader's report rides in `attrs`, which pandas deep-copies on every operation
        # and Streamlit cannot serialise; a bundled layer that loaded has a clean report.
        frame.attrs = {}
        frames[layer_id] = frame
    return BundledLayers(frames=frames, errors=errors)


@st.cache_resource(show_spinner=False)
def vocabularies() -> dict[str, list[str]]:
    """The values each filter offers, as found in the bundled data."""
    frames = bundled_layers().frames
    found: dict[str, list[str]] = {}
    for name, (layer_id, column) in VOCABULARY_COLUMNS.items():
        frame = frames.get(layer_id)
        if frame is None or column not in frame.columns:
            found[name] = []
            continue
        found[name] = sorted(frame[column].dropna().astype(str).unique())
    return found


@st.cache_resource(show_spinner=False)
def daily_counts() -> pd.DataFrame | None:
    """The MND daily totals table (`pla_daily_counts`), or None when it is not bundled."""
    try:
        table: pd.DataFrame = load_table("pla_daily_counts", catalog=catalog())
    except StraitmapError:
        return None
    table.attrs = {}
    return table
