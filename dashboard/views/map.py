"""The map page: layers and filters in the sidebar, the offline map, analysis and export below."""

from __future__ import annotations

from pathlib import Path

import analysis
import components
import data
import state
import streamlit as st
import upload
from streamlit_folium import st_folium

from straitmap.assets import STATIC_URL, missing_assets
from straitmap.filters import apply_filters
from straitmap.render import build_map

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"

catalog = data.catalog()
bundled = data.bundled_layers()
specs = catalog.layers
available = [layer_id for layer_id in specs if layer_id in bundled.frames]
default_visible = [i for i in available if i not in state.HIDDEN_BY_DEFAULT]
vocab = data.vocabularies()

if state.INITIALISED_KEY not in st.session_state:
    reading = state.read_url(dict(st.query_params), available, vocab)
    state.seed_widgets(st.session_state, reading)
    st.session_state[state.INITIALISED_KEY] = True
    st.session_state["_url_layers"] = reading.layers
    st.session_state["_url_notes"] = reading.notes

url_layers = st.session_state.get("_url_layers")
present = components.presentation_toggle()

if present:
    components.presentation_bar()
with st.sidebar:
    if not present:
        components.preset_views(present=False)
    visible = components.layer_picker(
        specs, available, url_layers if url_layers is not None else default_visible
    )
    uploaded = upload.uploader()

frames = dict(bundled.frames)
titles = {layer_id: specs[layer_id].title for layer_id in available}
if uploaded is not None:
    if uploaded.fits_incursions and st.session_state.get(upload.AS_INCURSIONS_KEY):
        frames["pla_incursions"] = uploaded.frame
        titles["pla_incursions"] = f"Incursions from {uploaded.name}"
    else:
        frames[upload.UPLOAD_LAYER_ID] = uploaded.frame
        titles[upload.UPLOAD_LAYER_ID] = f"Your data: {uploaded.name}"
        visible.append(upload.UPLOAD_LAYER_ID)
with st.sidebar:
    filters = components.filter_panel(frames, vocab)

filtered = apply_filters({i: frames[i] for i in visible}, filters)
st.session_state[state.LAST_FILTERS_KEY] = filters  # the Measure page measures the same subset
# The view a shared link asked for opens the map; later pans only update the URL, so the map
# is not rebuilt (and redrawn) on every move.
initial_view: state.View = st.session_state.get(state.VIEW_KEY, state.View())

components.page_title(present)
components.show_layer_errors(bundled.errors)
for note in st.session_state.get("_url_notes", []):
    st.info(f"Shared link: {note}", icon="ℹ️")

missing = missing_assets(STATIC_ROOT)
if missing:
    st.warning(
        f"{len(missing)} map asset files are not installed locally (run `make setup`): "
        "the map falls back to CDN links and needs internet.",
        icon="⚠️",
    )

with st.sidebar:
    components.filter_counts(frames, filtered)

# A new map each run: st_folium renames the map's elements as it renders them, so a map object
# reused across reruns would draw broken layers.
folium_map = build_map(
    filtered,
    titles=titles,
    attributions=["Made with Natural Earth"] if {"land", "strait"} & set(visible) else [],
    center=initial_view.center,
    zoom=initial_view.zoom,
    static_url=None if missing else STATIC_URL,
)
returned = st_folium(
    folium_map,
    key=state.MAP_KEY,
    height=590 if present else 560,
    use_container_width=True,
    returned_objects=["center", "zoom"],
    render=False,  # folium_map.render() inside st_folium is enough; skip a second full render
)
current_view = components.current_view(returned, initial_view)

analysis.map_download(filtered, titles, STATIC_ROOT)
components.caveats(specs, visible)
st.query_params.from_dict(
    state.url_params(
        [i for i in visible if i != upload.UPLOAD_LAYER_ID],  # a file can't travel in a link
        default_visible,
        filters,
        current_view,
        present,
    )
)

if not present:
    analysis.show(filtered, frames, specs)
