"""The Briefing page: a story walked stop by stop on the map, its claims measured."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import briefing as walk
from dashboard import components, data, state
from straitmap.assets import STATIC_URL, missing_assets
from straitmap.briefing_deck import HIGHLIGHT_LAYER, stop_layers, stop_view
from straitmap.overlays import ROUTE_OVERLAY_TITLES
from straitmap.render import build_base_map, build_layer_groups

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"

catalog = data.catalog()
frames = data.bundled_layers().frames
specs = catalog.layers
found, errors = data.briefings()
present = st.query_params.get(state.PRESENT_KEY) == "1"
if present:
    st.markdown(components.PRESENTATION_CSS, unsafe_allow_html=True)

walk.read_url_once(found)
own = walk.uploaded()
choices = list(found) + ([state.UPLOADED_BRIEFING] if own is not None else [])
for name, message in errors.items():
    st.sidebar.warning(f"Briefing file {name} not loaded: {message}")
if not choices:
    st.header("Briefings")
    st.info("No briefing is available: upload one in the sidebar (format in docs/briefings.md).")
    st.stop()
walk.open_new_upload(own)
if st.session_state.get(state.BRIEFING_CHOICE_KEY) not in choices:
    st.session_state[state.BRIEFING_CHOICE_KEY] = choices[0]
chosen = st.sidebar.selectbox(
    "Briefing",
    choices,
    format_func=lambda i: found[i].title if i in found else i,
    key=state.BRIEFING_CHOICE_KEY,
)
if chosen in found:
    briefing, figures_key, is_upload = found[chosen], chosen, False
else:
    assert own is not None
    figures_key, briefing = own
    is_upload = True
figures = data.briefing_figures(figures_key, briefing)
index = walk.current_stop(briefing)
st.sidebar.radio(
    "Stops",
    range(len(briefing.stops)),
    format_func=lambda i: f"{i + 1}. {briefing.stops[i].title}",
    key=state.BRIEFING_STOP_KEY,
)
index = int(st.session_state[state.BRIEFING_STOP_KEY])
stop = briefing.stops[index]
walk.set_url(briefing, index, present, is_upload)

st.markdown(f"## {briefing.title}")
if not present:
    st.caption(
        f"{briefing.summary} Source: {walk.source_line(briefing.source)}. "
        "← → or the buttons move between stops; each stop has its own link."
    )
text_column, map_column = st.columns([2, 3])
with text_column:
    walk.step_buttons(st.container(), briefing, index)
    if present:
        walk.leave_presentation_button()
    walk.show_stop_text(briefing, index, figures)
missing = missing_assets(STATIC_ROOT)
static_url = None if missing else STATIC_URL
titles = (
    {i: specs[i].title for i in specs}
    | ROUTE_OVERLAY_TITLES
    | {HIGHLIGHT_LAYER: "What this stop is about"}
)
with map_column:
    st_folium(
        build_base_map(
            attributions=["Made with Natural Earth"],
            static_url=static_url,
            backdrop={"land": frames["land"]} if "land" in frames else None,
            titles=titles,
        ),
        key=state.BRIEFING_MAP_KEY,
        height=600 if present else 560,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=build_layer_groups(
            {i: f for i, f in stop_layers(stop, frames).items() if i != "land"},
            titles=titles,
            static_url=static_url,
            view=stop_view(stop, f"{briefing.id}:{index}"),
        ),
    )
if not present:
    walk.show_claims(briefing, figures)
