"""The Measure page: geodesic distances, paths, range rings, incursion distances, a matrix."""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import components, data, measuring, state
from straitmap import reports
from straitmap.assets import STATIC_URL, missing_assets
from straitmap.export import to_csv_bytes
from straitmap.overlays import OVERLAY_TITLES, RING_POINTS
from straitmap.render import build_base_map, build_layer_groups

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

st.header("Measure")
for note in url_notes:
    st.info(f"Shared link: {note}", icon="ℹ️")
st.caption(
    "Every figure here is geodesic on the WGS84 ellipsoid (pyproj), in kilometres, nautical "
    "miles (1,852 m) and statute miles, bearings in degrees true. Each can be reproduced with "
    "the `straitmap` command shown beside it."
)

choices: list[str] = []
with components.errors_shown("list the places"):
    choices = measuring.place_choices(measure_layers)
overlays: dict[str, gpd.GeoDataFrame] = {}

st.subheader("Distance between two places")
left, right = st.columns(2)
start_text = measuring.place_input(
    left, "From", choices, "Kadena Air Base", key=state.MEASURE_FROM_KEY
)
end_text = measuring.place_input(right, "To", choices, "Taipei", key=state.MEASURE_TO_KEY)
result = None
with components.errors_shown("measure the distance"):
    result = measuring.distance_between(start_text, end_text, measure_layers)
if result is not None:
    columns = st.columns(4)
    columns[0].metric("Kilometres", f"{result.leg.distance.km:,.1f}")
    columns[1].metric("Nautical miles", f"{result.leg.distance.nmi:,.1f}")
    columns[2].metric("Statute miles", f"{result.leg.distance.mi:,.1f}")
    columns[3].metric("Initial bearing", f"{result.leg.bearing_deg:05.1f}° true")
    st.caption(measuring.distance_caption(result, start_text, end_text, measure_layers))
    overlays.update(measuring.distance_overlays(result))

st.subheader("Range rings")
ring_columns = st.columns([2, 2, 1])
centre_text = measuring.place_input(
    ring_columns[0], "Centre", choices, "Kadena Air Base", key=state.RING_CENTRE_KEY
)
radii_text = ring_columns[1].text_input(
    "Radii (comma-separated)", value="500, 1000, 1500", key=state.RING_RADII_KEY
)
unit = ring_columns[2].radio("Unit", ["km", "nmi"], horizontal=True, key=state.RING_UNIT_KEY)
with components.errors_shown("draw the range rings"):
    ring_result = measuring.rings_around(centre_text, radii_text, unit, measure_layers)
    overlays["measure_rings"] = ring_result.rings
    st.caption(
        f"Geodesic circles (forward problem at {RING_POINTS} azimuths), exported as "
        "polygons with their centre and radius in km and nmi. Reproduce: "
        f"`{measuring.rings_command(ring_result, measure_layers)}`"
    )
    st.download_button(
        "Download rings (GeoJSON)",
        measuring.rings_geojson(ring_result),
        file_name=measuring.RINGS_FILE,
        mime="application/geo+json",
        key=state.DOWNLOAD_RINGS_KEY,
    )

st.subheader("Measure a path: click the map, or draw a line")
st.caption(
    "Each click adds a point; or use the line tool (top left of the map) and double-click to "
    "finish. Lengths are geodesic, leg by leg."
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
    attributions=["Made with Natural Earth"],
    static_url=static_url,
    draw_lines=True,
    backdrop={"land": frames["land"]} if "land" in frames else None,
    titles={i: specs[i].title for i in specs},
)
returned = st_folium(
    base_map,
    key=state.MEASURE_MAP_KEY,
    height=520,
    use_container_width=True,
    returned_objects=["last_clicked", "all_drawings"],
    feature_group_to_add=build_layer_groups(
        layers,
        titles={i: specs[i].title for i in specs} | OVERLAY_TITLES,
        interactive=False,
        static_url=static_url,
    ),
    layer_control=folium.LayerControl(collapsed=True, position="topright"),
)
if measuring.take_click(st.session_state, returned):
    st.rerun()

paths = [("Path", path_points)] if path_points else []
paths += [(f"Drawn line {n}", drawn) for n, drawn in enumerate(measuring.drawn_lines(returned), 1)]
for title, points in paths:
    line, legs_table = measuring.path_summary(title, points)
    st.write(line)
    st.dataframe(legs_table, hide_index=True)
if st.button("Clear the path", key=state.CLEAR_PATH_KEY, disabled=not path_points):
    measuring.clear_path(st.session_state)
    st.rerun()

st.subheader("PLA incursions: distance to Taiwan, the median line and the nearest US installation")
incursion_table = None
measured = False
with components.errors_shown("measure the incursions"):
    incursion_table = data.incursion_distances(frames, filters, measure_layers.incursions_key)
    measured = True
if not filters.is_default:
    st.caption(
        f"For the incursions the filters keep ({filters.describe(state.MEASURE_FILTER_LAYERS)}), "
        "as on the Map page; the link to this page carries them."
    )
if incursion_table is None:
    if measured:
        st.info("Needs the pla_incursions, land, median_line and us_bases_japan layers.")
else:
    st.dataframe(incursion_table, hide_index=True, height=280)
    st.download_button(
        "Download CSV",
        lambda: to_csv_bytes(incursion_table),
        file_name="straitmap-incursion-distances.csv",
        mime="text/csv",
        key=state.DOWNLOAD_INCURSION_DISTANCES_KEY,
    )

st.subheader("Distance matrix")
matrix_columns = st.columns(2)
bases = frames.get("us_bases_japan")
places = frames.get("places")
if bases is not None and places is not None:
    rows = matrix_columns[0].multiselect(
        "Installations",
        measuring.names_in(bases),
        default=measuring.names_in(bases, measuring.MATRIX_ROWS),
        key=state.MATRIX_ROWS_KEY,
    )
    cols = matrix_columns[1].multiselect(
        "Places",
        measuring.names_in(places),
        default=measuring.names_in(places, measuring.MATRIX_COLUMNS),
        key=state.MATRIX_COLS_KEY,
    )
    unit_choice = st.radio(
        "Matrix unit", ["km", "nmi", "mi"], horizontal=True, key=state.MATRIX_UNIT_KEY
    )
    st.dataframe(reports.distance_matrix(bases, rows, places, cols, unit_choice))

lanes = frames.get("shipping_lanes")
if lanes is not None:
    st.subheader("Shipping lane lengths")
    st.dataframe(measuring.lane_lengths(lanes), hide_index=True)
