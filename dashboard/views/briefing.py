"""The Briefing page: a story walked stop by stop on the map, its claims measured."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import briefing as walk
from dashboard import components, data, state
from dashboard.i18n import _, current_lang
from straitmap.assets import STATIC_URL, missing_assets
from straitmap.briefing_deck import HIGHLIGHT_LAYER, stop_layers, stop_view
from straitmap.briefings import localized
from straitmap.overlays import ROUTE_OVERLAY_TITLES
from straitmap.render import build_base_map, build_layer_groups

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"

lang = current_lang()
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
    st.sidebar.warning(
        _("Briefing file {name} not loaded: {message}").format(name=name, message=message)
    )
if not choices:
    st.header(_("Briefings"))
    st.info(_("No briefing is available: upload one in the sidebar (format in docs/briefings.md)."))
    st.stop()
walk.open_new_upload(own)
if st.session_state.get(state.BRIEFING_CHOICE_KEY) not in choices:
    st.session_state[state.BRIEFING_CHOICE_KEY] = choices[0]
chosen = st.sidebar.selectbox(
    _("Briefing"),
    choices,
    format_func=lambda i: localized(found[i], lang).title if i in found else _(i),
    key=state.BRIEFING_CHOICE_KEY,
)
if chosen in found:
    original, figures_key, is_upload = found[chosen], chosen, False
else:
    assert own is not None
    figures_key, original = own
    is_upload = True
briefing = localized(original, lang)
figures = walk.figures(figures_key, original, lang)
index = walk.current_stop(briefing)
st.sidebar.radio(
    _("Stops"),
    range(len(briefing.stops)),
    format_func=lambda i: f"{i + 1}. {briefing.stops[i].title}",
    key=state.BRIEFING_STOP_KEY,
)
index = int(st.session_state[state.BRIEFING_STOP_KEY])
stop = briefing.stops[index]
walk.set_url(briefing, index, present, is_upload)

st.markdown(f"## {briefing.title}")
walk.show_language_note(original)
if not present:
    st.caption(
        _(
            "{summary} Source: {source}. ← → or the buttons move between stops; each stop has "
            "its own link."
        ).format(summary=briefing.summary, source=walk.source_line(briefing.source))
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
    {i: _(specs[i].title) for i in specs}
    | {i: _(title) for i, title in ROUTE_OVERLAY_TITLES.items()}
    | {HIGHLIGHT_LAYER: _("What this stop is about")}
)
with map_column:
    st_folium(
        build_base_map(
            attributions=[_("Made with Natural Earth")],
            static_url=static_url,
            backdrop={"land": frames["land"]} if "land" in frames else None,
            titles=titles,
            lang=lang,
        ),
        key=state.map_key(state.BRIEFING_MAP_KEY, current_lang()),
        height=600 if present else 560,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=build_layer_groups(
            {i: f for i, f in stop_layers(stop, frames, lang).items() if i != "land"},
            titles=titles,
            static_url=static_url,
            view=stop_view(stop, f"{briefing.id}:{index}"),
            lang=lang,
        ),
    )
if not present:
    walk.show_claims(briefing, figures)
    walk.deck_download(original, figures_key, titles, STATIC_ROOT)
