"""The Routes page: a sea route between any two ports or points, its transit time, and the
detour when the Taiwan Strait, exercise zones or a drawn polygon are closed."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import data, measuring, routing, state
from straitmap.assets import STATIC_URL, missing_assets
from straitmap.overlays import ROUTE_OVERLAY_TITLES, route_overlays
from straitmap.ports import resolve_route_end
from straitmap.render import build_base_map, build_layer_groups
from straitmap.route_query import VESSELS, RouteQuery, impact_json
from straitmap.routes import (
    ClosedArea,
    closure_impact,
)

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"
BACKDROP = ("strait", "median_line", "places", "map_labels")

catalog = data.catalog()
frames = data.bundled_layers().frames
specs = catalog.layers
zones = frames.get("pla_exercise_zones")
strait_frame = frames.get("strait")
zone_ids = [str(i) for i in zones["id"]] if zones is not None else []
exercises = sorted({str(e) for e in zones["exercise"].dropna()}) if zones is not None else []

st.header("Sea routes")
st.caption(
    "Shortest routes on searoute's maritime network (Eurostat MARNET), measured on the WGS84 "
    "ellipsoid: a model for visualisation, not navigation (more under the table)."
)
if strait_frame is None:
    st.error("The strait layer did not load, so routes cannot be measured against it.")
    st.stop()

routing.read_url_once(zone_ids)
choices = routing.port_choices(frames.get("places"))
sidebar = st.sidebar
sidebar.header("Route")
origin_text = routing.end_picker(sidebar, "From", choices, state.ROUTE_FROM_KEY)
destination_text = routing.end_picker(sidebar, "To", choices, state.ROUTE_TO_KEY)
vessel = sidebar.selectbox(
    "Vessel", list(VESSELS), format_func=routing.vessel_label, key=state.ROUTE_VESSEL_KEY
)
speed = sidebar.number_input(
    "Speed (kn), blank for the vessel's",
    min_value=1.0,
    max_value=60.0,
    step=0.5,
    value=None,
    key=state.ROUTE_SPEED_KEY,
    help=VESSELS[vessel].basis,
)
sidebar.header("Closed to shipping")
sidebar.toggle("Close the Taiwan Strait", key=state.ROUTE_CLOSE_STRAIT_KEY)
sidebar.multiselect("Close an exercise's zones", exercises, key=state.ROUTE_EXERCISES_KEY)
sidebar.multiselect(
    "Close single zones",
    zone_ids,
    format_func=lambda i: (
        str(zones.loc[zones["id"] == i, "name"].iloc[0]) if zones is not None else i
    ),
    key=state.ROUTE_ZONES_KEY,
)
sidebar.toggle(
    "Close what I draw on the map",
    key=state.ROUTE_USE_DRAWN_KEY,
    help="Draw polygons or rectangles on the map (tools top left); each is closed.",
)
sidebar.radio(
    "A click on the map sets",
    ["nothing", "From", "To"],
    horizontal=True,
    key=state.ROUTE_CLICK_KEY,
)

query = RouteQuery(
    origin=origin_text,
    destination=destination_text,
    vessel=vessel,
    speed_kn=float(speed) if speed is not None else None,
    close_strait=bool(st.session_state.get(state.ROUTE_CLOSE_STRAIT_KEY)),
    close_exercises=tuple(st.session_state.get(state.ROUTE_EXERCISES_KEY) or ()),
    close_zones=tuple(st.session_state.get(state.ROUTE_ZONES_KEY) or ()),
)
drawn: list[ClosedArea] = st.session_state.get("_route_drawn", [])
if st.session_state.get(state.ROUTE_USE_DRAWN_KEY) and drawn:
    query = query.with_extra_areas(drawn)
st.query_params.from_dict(query.to_params())

overlays = {}
view = None
answer = None
areas: list[ClosedArea] = []
strait = strait_frame.geometry.union_all()
with measuring.errors_shown("find the route"):
    origin = resolve_route_end(query.origin, frames)
    destination = resolve_route_end(query.destination, frames)
    areas = query.closed_areas(strait_frame, zones)
    impact = closure_impact(
        (origin.lon, origin.lat),
        (destination.lon, destination.lat),
        areas,
        query.speed,
        strait=strait,
    )
    answer = impact_json(query, routing.end_json(origin), routing.end_json(destination), impact)
    overlays = route_overlays(impact, areas, origin, destination)
    view = routing.fit_view(overlays, query)

missing = missing_assets(STATIC_ROOT)
static_url = None if missing else STATIC_URL
layers = {i: frames[i] for i in BACKDROP if i in frames} | overlays
base_map = build_base_map(
    center=(22.0, 121.0),
    zoom=4,
    attributions=["Made with Natural Earth", "Routes: searoute (Eurostat MARNET)"],
    static_url=static_url,
    draw_polygons=True,
    backdrop={"land": frames["land"]} if "land" in frames else None,
    titles={i: specs[i].title for i in specs},
)
map_column, card = st.columns([3, 2])
with map_column:
    returned = st_folium(
        base_map,
        key="routes_map",
        height=560,
        use_container_width=True,
        returned_objects=["last_clicked", "all_drawings"],
        feature_group_to_add=build_layer_groups(
            layers,
            titles={i: specs[i].title for i in specs} | ROUTE_OVERLAY_TITLES,
            interactive=False,
            static_url=static_url,
            view=view,
        ),
    )
new_drawn = routing.drawn_polygons(returned)
if [a.key for a in new_drawn] != [a.key for a in drawn]:
    st.session_state["_route_drawn"] = new_drawn
    if st.session_state.get(state.ROUTE_USE_DRAWN_KEY):
        st.rerun()
click = (returned or {}).get("last_clicked")
target = st.session_state.get(state.ROUTE_CLICK_KEY)
if click and click != st.session_state.get(state.ROUTE_LAST_CLICK_KEY):
    st.session_state[state.ROUTE_LAST_CLICK_KEY] = click
    if target in ("From", "To"):
        key = state.ROUTE_FROM_KEY if target == "From" else state.ROUTE_TO_KEY
        st.session_state[key] = f"{click['lat']:.4f}, {click['lng']:.4f}"
        st.rerun()

with card:
    if answer is not None:
        routing.show_card(answer, query)
        if query.extra_areas:
            st.download_button(
                "Download the drawn polygons (for --close-file)",
                routing.drawn_geojson(query.extra_areas),
                file_name="closed.geojson",
                mime="application/geo+json",
                key="route_drawn_download",
            )

st.subheader("The named routes, open and closed")
lanes = frames.get("shipping_lanes")
if lanes is not None:
    chosen = st.selectbox(
        "Exercise closed in the last columns", exercises, key=state.ROUTE_MATRIX_EXERCISE_KEY
    )
    with measuring.errors_shown("build the closure table"):
        st.dataframe(data.route_matrix(chosen, query.speed), hide_index=True)
        st.caption(
            f"At {query.speed:g} kn ({query.speed_basis}). A route with an end that joins the "
            "network inside a closed area has no route. Reproduce: `straitmap closure --close "
            "strait`" + (f" and `straitmap closure --close-exercise {chosen!r}`" if chosen else "")
        )

with st.expander("About these routes"):
    st.markdown(
        "- **Network**: searoute's maritime network, derived from Eurostat's SeaRoute/MARNET "
        "(after the Oak Ridge National Laboratory global shipping lane network). It has no "
        "traffic separation schemes, no draught or width limits and no weather: routes are "
        "shortest paths on a coarse graph, for visualisation, not navigation.\n"
        "- **Ends** join the network at the nearest node on the ellipsoid; the card gives "
        "that distance. An end whose node lies in a closed area (Xiamen, Taichung or "
        "Kaohsiung with the strait closed) has no route.\n"
        "- **Closing** an area removes every network edge whose geodesic enters it, both "
        "ways; the detour is the shortest route left.\n"
        "- **Lengths** are geodesic on WGS84 (pyproj), in km, nautical miles (1,852 m) and "
        "statute miles; **times** are length ÷ speed, with no port or canal time.\n"
        "- **Speeds**: "
        + "; ".join(f"{v.label} {v.speed_kn:g} kn ({v.basis})" for v in VESSELS.values())
        + "."
    )
