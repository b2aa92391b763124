"""The map page: layers and filters in the sidebar, the offline map, analysis and export below."""

from __future__ import annotations

from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard import analysis, components, data, state, upload, your_datasets
from dashboard.i18n import _, current_lang
from straitmap.assets import STATIC_URL, missing_assets
from straitmap.filters import apply_filters, date_presets
from straitmap.render import build_base_map, build_layer_groups

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"

catalog = data.catalog()
bundled = data.bundled_layers()
specs = catalog.layers
available = [layer_id for layer_id in specs if layer_id in bundled.frames]
default_visible = [i for i in available if i not in state.HIDDEN_BY_DEFAULT]
vocab = data.vocabularies()

incursion_dates = (
    date_presets(bundled.frames["pla_incursions"]["date"].dropna().unique())
    if "pla_incursions" in bundled.frames
    else []
)
# The app drew the language toggle in the sidebar when presentation mode was off as this run
# began (a shared link's ?present=1 is read just below): then the bar must not draw a second.
language_in_sidebar = not st.session_state.get(state.PRESENT_KEY)
state.seed_from_url_once(
    st.session_state, dict(st.query_params), available, default_visible, vocab, incursion_dates
)
state.hold_pending_widgets(st.session_state)


def apply_preset(label: str) -> None:
    """Put the preset's layers, filters and view on screen and in the URL (before this run
    draws the widgets, which then show the preset)."""
    params = state.apply_preset(
        st.session_state,
        state.PRESET_VIEWS[label],
        bool(st.session_state.get(state.PRESENT_KEY)),
        available,
        default_visible,
        vocab,
        incursion_dates,
    )
    st.query_params.from_dict(params)


present = components.presentation_toggle()
picked = components.chosen_preset()
if picked is not None:
    apply_preset(picked)
    present = bool(st.session_state.get(state.PRESENT_KEY))

if present:
    components.presentation_bar(with_language=not language_in_sidebar)
# The sidebar's sections keep their order, but the map is drawn before the layer and filter
# widgets are laid out (it reads their values from the session): the browser starts loading
# the map while it is still building the sidebar.
presets_box, layers_box, upload_box, filters_box = (st.sidebar.container() for _box in range(4))
with upload_box:
    uploaded = upload.uploader()
visible = components.ticked_layers(available)

frames = dict(bundled.frames)
titles = {layer_id: _(specs[layer_id].title) for layer_id in available}
if uploaded is not None:
    as_incursions = bool(st.session_state.get(state.AS_INCURSIONS_KEY))
    upload_id, upload_frame = upload.placement(uploaded, as_incursions)
    frames[upload_id] = upload_frame
    titles[upload_id] = upload.layer_title(uploaded, upload_id)
    if upload_id == upload.UPLOAD_LAYER_ID:
        visible.append(upload_id)
filters = components.current_filters(frames)

filtered = apply_filters({i: frames[i] for i in visible}, filters)
st.session_state[state.LAST_FILTERS_KEY] = filters  # the Measure page measures the same subset
# The view a shared link asked for opens the map; later pans only update the URL, so the map
# is not rebuilt (and redrawn) on every move.
initial_view: state.View = st.session_state.get(state.VIEW_KEY, state.View())

components.page_title(present)
components.show_layer_errors(bundled.errors)
for note in st.session_state.get(state.URL_NOTES_KEY, []):
    st.info(_("Shared link: {note}").format(note=note), icon="ℹ️")

missing = missing_assets(STATIC_ROOT)
if missing:
    st.warning(
        _(
            "{count} map asset files are not installed locally (run `make setup`): "
            "the map falls back to CDN links and needs internet."
        ).format(count=len(missing)),
        icon="⚠️",
    )


# The base map (view at the session's start, controls, land) stays the same from rerun to rerun,
# so the browser keeps its Leaflet map; the layers travel as feature groups that st_folium swaps
# in place, and a preset or a new upload moves the view once (ViewRequest).
# A new language draws a new map (its controls are in the base map): it opens where the last
# one was, so a switch keeps the view as well as the layers and filters.
lang = current_lang()
map_key = state.map_key(state.MAP_KEY, lang)
drawn_in = st.session_state.get(state.MAP_LANG_KEY, lang)
previous_key = state.map_key(state.MAP_KEY, drawn_in)
if drawn_in != lang:
    left_at = components.current_view(st.session_state.get(previous_key), initial_view)
    st.session_state[state.BASE_VIEW_KEY] = left_at
st.session_state[state.MAP_LANG_KEY] = lang
base_view: state.View = st.session_state.setdefault(state.BASE_VIEW_KEY, initial_view)
static_url = None if missing else STATIC_URL
base_map = build_base_map(
    lang=lang,
    center=base_view.center,
    zoom=base_view.zoom,
    attributions=["Made with Natural Earth"],
    static_url=static_url,
    fill_frame=True,
    backdrop={"land": filtered["land"]} if "land" in filtered else None,
    titles=titles,
)
if uploaded is not None:
    state.request_fit_once(st.session_state, uploaded.name, uploaded.frame)
# Ingested datasets are queried for the view the map last reported (bounds and zoom): a pan
# or zoom reruns the page and swaps only the feature groups, never the base map.
# (st_folium's change callback has put what the browser reported in the session already.)
point_datasets = your_datasets.available()
for note in your_datasets.tick_from_url(point_datasets, dict(st.query_params)):
    st.info(_("Shared link: {note}").format(note=note), icon="ℹ️")
ticked_datasets = your_datasets.ticked(point_datasets)
reported = st.session_state.get(map_key) or st.session_state.get(previous_key)
dataset_layers = your_datasets.layers_for_view(
    ticked_datasets, reported, components.current_view(reported, initial_view), filters
)
groups = build_layer_groups(
    {i: f for i, f in filtered.items() if i != "land"},
    lang=lang,
    titles=titles,
    sources=frames,
    view=st.session_state.get(state.VIEW_REQUEST_KEY),
    static_url=static_url,
    extra_groups=[layer.group for layer in dataset_layers],
    extra_legend=[entry for layer in dataset_layers for entry in layer.legend],
)
if not present:
    st.markdown(components.MAP_PAGE_CSS, unsafe_allow_html=True)
with st.container(key=state.MAP_CONTAINER_KEY):
    returned = st_folium(
        base_map,
        key=map_key,
        height=590 if present else 560,
        use_container_width=True,
        # A click reruns the page only to look up a dataset point's properties; the layers
        # are then sent unchanged, and st_folium leaves the drawn map (and open popups) alone.
        returned_objects=["center", "zoom", "bounds", "last_object_clicked"],
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True, position="topright"),
    )
current_view = components.current_view(returned, initial_view)
your_datasets.clicked_point(dataset_layers, returned)

with presets_box:
    if not present:
        components.preset_views()
with layers_box:
    components.layer_picker(specs, available)
    your_datasets.picker(point_datasets, dataset_layers)
with filters_box:
    # A widget may correct a value the session held (e.g. a date out of range): then draw
    # once more with the corrected filters (at most once in a row).
    corrected = components.filter_panel(frames, vocab) != filters
    if corrected and not st.session_state.get(state.CORRECTED_KEY):
        st.session_state[state.CORRECTED_KEY] = True
        st.rerun()
    st.session_state[state.CORRECTED_KEY] = False
    your_datasets.filter_sections(ticked_datasets, filters)
    components.filter_counts(frames, filtered)
    if not present:
        st.page_link(
            page="views/routes.py",
            label=_("Sea routes with the strait or a zone closed →"),
            help=_(
                "Any two ports: distance, transit time and the detour when the Taiwan "
                "Strait, an exercise's zones or a polygon you draw are closed."
            ),
        )

analysis.map_download(filtered, titles, STATIC_ROOT)
components.caveats(specs, visible)
st.query_params.from_dict(
    state.url_params(
        [i for i in visible if i != upload.UPLOAD_LAYER_ID],  # a file can't travel in a link
        default_visible,
        filters,
        current_view,
        present,
        [m.name for m in ticked_datasets],
    )
)

if not present:
    analysis.show(filtered, frames, specs)
