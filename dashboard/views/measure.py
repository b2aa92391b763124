"""The Measure page: geodesic distances, paths, range rings, incursion distances, a matrix."""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import components, data, measuring, state
from dashboard.i18n import _, current_lang
from straitmap import reports
from straitmap.assets import STATIC_URL, missing_assets
from straitmap.export import to_csv_bytes
from straitmap.overlays import RING_POINTS, overlay_titles
from straitmap.render import build_base_map, build_layer_groups
from straitmap.units import unit_label

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"
BACKDROP = ("land", "strait", "median_line", "places", "map_labels", "us_bases_japan")

catalog = data.catalog()
bundled = data.bundled_layers()
measure_layers = measuring.with_upload(bundled.frames)
frames = measure_layers.frames
# A /measure link carries its filters like the Map page's; without them, the Map page's apply.
filters, url_notes = state.measure_filters(
    st.query_params.to_dict(), data.vocabularies(), st.session_state.get(state.LAST_FILTERS_KEY)
)
st.query_params.from_dict(state.with_filters(st.query_params.to_dict(), filters))
specs = catalog.layers

lang = current_lang()
names_zh = measuring.chinese_names(frames)
st.header(_("Measure"))
for note in url_notes:
    st.info(_("Shared link: {note}").format(note=note), icon="ℹ️")
st.caption(
    _(
        "Every figure here is geodesic on the WGS84 ellipsoid (pyproj), in kilometres, nautical "
        "miles (1,852 m) and statute miles, bearings in degrees true. Each can be reproduced with "
        "the `straitmap` command shown beside it."
    )
)

choices: list[str] = []
with components.errors_shown("list the places"):
    choices = measuring.place_choices(measure_layers)
overlays: dict[str, gpd.GeoDataFrame] = {}

st.subheader(_("Distance between two places"))
left, right = st.columns(2)
start_text = measuring.place_input(
    left, _("From"), choices, "Kadena Air Base", key=state.MEASURE_FROM_KEY, names_zh=names_zh
)
end_text = measuring.place_input(
    right, _("To"), choices, "Taipei", key=state.MEASURE_TO_KEY, names_zh=names_zh
)
measuring.no_chinese_name_note()
result = None
with components.errors_shown("measure the distance"):
    result = measuring.distance_between(start_text, end_text, measure_layers)
if result is not None:
    for column, (label, value) in zip(
        st.columns(4), measuring.distance_metrics(result), strict=True
    ):
        column.metric(label, value)
    st.caption(measuring.distance_caption(result, start_text, end_text, measure_layers, names_zh))
    overlays.update(measuring.distance_overlays(result, names_zh))

st.subheader(_("Range rings"))
ring_columns = st.columns([2, 2, 1])
centre_text = measuring.place_input(
    ring_columns[0],
    _("Centre"),
    choices,
    "Kadena Air Base",
    key=state.RING_CENTRE_KEY,
    names_zh=names_zh,
)
radii_text = ring_columns[1].text_input(
    _("Radii (comma-separated)"), value="500, 1000, 1500", key=state.RING_RADII_KEY
)
unit = ring_columns[2].radio(
    _("Unit"),
    ["km", "nmi"],
    horizontal=True,
    key=state.RING_UNIT_KEY,
    format_func=lambda u: unit_label(u, lang),
)
with components.errors_shown("draw the range rings"):
    ring_result = measuring.rings_around(
        centre_text, radii_text, unit, measure_layers, lang, names_zh
    )
    overlays["measure_rings"] = ring_result.rings
    st.caption(
        _(
            "Geodesic circles (forward problem at {count} azimuths), exported as polygons with "
            "their centre and radius in km and nmi. Reproduce: `{command}`"
        ).format(count=RING_POINTS, command=measuring.rings_command(ring_result, measure_layers))
    )
    st.download_button(
        _("Download rings (GeoJSON)"),
        measuring.rings_geojson(ring_result),
        file_name=measuring.RINGS_FILE,
        mime="application/geo+json",
        key=state.DOWNLOAD_RINGS_KEY,
    )

st.subheader(_("Measure a path: click the map, or draw a line"))
st.caption(
    _(
        "Each click adds a point; or use the line tool (top left of the map) and double-click "
        "to finish. Lengths are geodesic, leg by leg."
    )
)
path_points = measuring.clicked_path(st.session_state)
if path_points:
    overlays.update(measuring.path_layers(path_points))

missing = missing_assets(STATIC_ROOT)
layers = {i: frames[i] for i in BACKDROP if i in frames and i != "land"} | overlays
static_url = None if missing else STATIC_URL
# One map for the page: each click or measurement swaps only the overlays, and the drawn lines
# (kept by the Draw plugin in the map itself) survive. Nothing on it takes clicks but the map,
# so a click on a city dot adds a path point rather than opening a popup.
base_map = build_base_map(
    center=(26.0, 124.0),
    zoom=5,
    attributions=[_("Made with Natural Earth")],
    static_url=static_url,
    draw_lines=True,
    lang=lang,
    backdrop={"land": frames["land"]} if "land" in frames else None,
    titles={i: _(specs[i].title) for i in specs},
)
returned = st_folium(
    base_map,
    key=state.map_key(state.MEASURE_MAP_KEY, current_lang()),
    height=520,
    use_container_width=True,
    returned_objects=["last_clicked", "all_drawings"],
    feature_group_to_add=build_layer_groups(
        layers,
        titles={i: _(specs[i].title) for i in specs} | overlay_titles(lang),
        interactive=False,
        static_url=static_url,
        lang=lang,
    ),
    layer_control=folium.LayerControl(collapsed=True, position="topright"),
)
if measuring.take_click(st.session_state, returned):
    st.rerun()

paths = [(_("Path"), path_points)] if path_points else []
paths += [
    (_("Drawn line {number}").format(number=n), drawn)
    for n, drawn in enumerate(measuring.drawn_lines(returned), 1)
]
for title, points in paths:
    line, legs_table = measuring.path_summary(title, points)
    st.write(line)
    st.dataframe(legs_table, hide_index=True)
if st.button(_("Clear the path"), key=state.CLEAR_PATH_KEY, disabled=not path_points):
    measuring.clear_path(st.session_state)
    st.rerun()

st.subheader(
    _("PLA incursions: distance to Taiwan, the median line and the nearest US installation")
)
incursion_table = None
measured = False
with components.errors_shown("measure the incursions"):
    incursion_table = data.incursion_distances(frames, filters, measure_layers.incursions_key)
    measured = True
if not filters.is_default:
    st.caption(
        _(
            "For the incursions the filters keep ({filters}), as on the Map page; the link to "
            "this page carries them."
        ).format(filters=filters.describe(state.MEASURE_FILTER_LAYERS, lang))
    )
if incursion_table is None:
    if measured:
        st.info(_("Needs the pla_incursions, land, median_line and us_bases_japan layers."))
else:
    st.dataframe(
        measuring.shown_incursion_distances(incursion_table, frames), hide_index=True, height=280
    )
    st.download_button(
        _("Download CSV"),
        lambda: to_csv_bytes(incursion_table),
        file_name="straitmap-incursion-distances.csv",
        mime="text/csv",
        key=state.DOWNLOAD_INCURSION_DISTANCES_KEY,
    )

st.subheader(_("Distance matrix"))
matrix_columns = st.columns(2)
bases = frames.get("us_bases_japan")
places = frames.get("places")
if bases is not None and places is not None:
    rows = matrix_columns[0].multiselect(
        _("Installations"),
        measuring.names_in(bases),
        default=measuring.names_in(bases, measuring.MATRIX_ROWS),
        key=state.MATRIX_ROWS_KEY,
        placeholder=measuring.options_placeholder(),
        format_func=lambda name: measuring.place_label(name, names_zh),
    )
    cols = matrix_columns[1].multiselect(
        _("Places"),
        measuring.names_in(places),
        default=measuring.names_in(places, measuring.MATRIX_COLUMNS),
        key=state.MATRIX_COLS_KEY,
        placeholder=measuring.options_placeholder(),
        format_func=lambda name: measuring.place_label(name, names_zh),
    )
    unit_choice = st.radio(
        _("Matrix unit"),
        ["km", "nmi", "mi"],
        horizontal=True,
        key=state.MATRIX_UNIT_KEY,
        format_func=lambda u: unit_label(u, lang),
    )
    st.dataframe(
        measuring.shown_matrix(
            reports.distance_matrix(bases, rows, places, cols, unit_choice), names_zh
        )
    )

lanes = frames.get("shipping_lanes")
if lanes is not None:
    st.subheader(_("Shipping lane lengths"))
    st.dataframe(measuring.shown_lane_lengths(lanes, names_zh), hide_index=True)
