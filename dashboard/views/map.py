"""The map page: layer picker in the sidebar, the offline map, provenance under it."""

from __future__ import annotations

from pathlib import Path

import components
import data
import state
import streamlit as st
from streamlit_folium import st_folium

from straitmap.assets import STATIC_URL, missing_assets
from straitmap.render import build_map

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"

catalog = data.catalog()
bundled = data.bundled_layers()
specs = catalog.layers
available = [layer_id for layer_id in specs if layer_id in bundled.frames]

st.header("The Taiwan Strait")
components.show_layer_errors(bundled.errors)

default_visible = [layer_id for layer_id in available if layer_id not in state.HIDDEN_BY_DEFAULT]
url_visible, unknown = state.layers_from_url(available, default_visible)
if unknown:
    st.info(f"Ignored unknown layer names in the link: {', '.join(unknown)}")

with st.sidebar:
    visible = components.layer_picker(specs, available, url_visible)
state.layers_to_url(visible, default_visible)

missing = missing_assets(STATIC_ROOT)
if missing:
    st.warning(
        f"{len(missing)} map asset files are not installed locally (run `make setup`): "
        "the map falls back to CDN links and needs internet.",
        icon="⚠️",
    )

folium_map = build_map(
    {layer_id: bundled.frames[layer_id] for layer_id in visible},
    titles={layer_id: specs[layer_id].title for layer_id in available},
    attributions=["Made with Natural Earth"] if {"land", "strait"} & set(visible) else [],
    static_url=None if missing else STATIC_URL,
)
st_folium(folium_map, key=state.MAP_KEY, height=560, use_container_width=True, returned_objects=[])

st.caption(
    "Lines such as the median line are drawn as their defining authority states them; "
    "see each feature's popup for its source and precision. The in-map ruler is Leaflet's "
    "approximate spherical estimate."
)
st.caption(components.data_as_of(specs, visible))
