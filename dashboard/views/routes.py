"""The Routes page: a sea route between any two ports or points, its transit time, and the
detour when the Taiwan Strait, exercise zones or a drawn polygon are closed."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import components, data, routing, state
from dashboard.i18n import _, current_lang
from dashboard.measuring import options_placeholder
from straitmap.assets import STATIC_URL, missing_assets
from straitmap.overlays import route_overlay_titles
from straitmap.render import build_base_map, build_layer_groups
from straitmap.route_query import VESSELS

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"
BACKDROP = ("strait", "median_line", "places", "map_labels")

catalog = data.catalog()
frames = data.bundled_layers().frames
specs = catalog.layers
zones = frames.get("pla_exercise_zones")
strait_frame = frames.get("strait")
zone_ids, exercises = routing.closure_choices(zones)
names_zh = routing.route_names_zh(frames)

st.header(_("Sea routes"))
st.caption(
    _(
        "Shortest routes on searoute's maritime network (Eurostat MARNET), measured on the WGS84 "
        "ellipsoid: a model for visualisation, not navigation (more under the table)."
    )
)
if strait_frame is None:
    st.error(_("The strait layer did not load, so routes cannot be measured against it."))
    st.stop()

routing.read_url_once(zone_ids)
choices = routing.port_choices(frames.get("places"))
sidebar = st.sidebar
sidebar.header(_("Route"))
origin_text = routing.end_picker(sidebar, _("From"), choices, state.ROUTE_FROM_KEY, names_zh)
destination_text = routing.end_picker(sidebar, _("To"), choices, state.ROUTE_TO_KEY, names_zh)
if current_lang() != "en":
    sidebar.caption(_("Places without a Chinese name are listed by their English name."))
vessel = sidebar.selectbox(
    _("Vessel"), list(VESSELS), format_func=routing.vessel_label, key=state.ROUTE_VESSEL_KEY
)
speed = sidebar.number_input(
    _("Speed (kn), blank for the vessel's"),
    min_value=1.0,
    max_value=60.0,
    step=0.5,
    value=None,
    key=state.ROUTE_SPEED_KEY,
    help=_(VESSELS[vessel].basis),
)
sidebar.header(_("Closed to shipping"))
sidebar.toggle(_("Close the Taiwan Strait"), key=state.ROUTE_CLOSE_STRAIT_KEY)
sidebar.multiselect(
    _("Close an exercise's zones"),
    exercises,
    format_func=lambda exercise: routing.exercise_label(zones, exercise),
    key=state.ROUTE_EXERCISES_KEY,
    placeholder=options_placeholder(),
)
sidebar.multiselect(
    _("Close single zones"),
    zone_ids,
    format_func=lambda zone_id: routing.zone_label(zones, zone_id),
    key=state.ROUTE_ZONES_KEY,
    placeholder=options_placeholder(),
    help=_("The declared zones have no Chinese names: they are listed by their English names.")
    if current_lang() != "en"
    else None,
)
sidebar.toggle(
    _("Close what I draw on the map"),
    key=state.ROUTE_USE_DRAWN_KEY,
    help=_("Draw polygons or rectangles on the map (tools top left); each is closed."),
)
sidebar.radio(
    _("A click on the map sets"),
    ["nothing", "From", "To"],
    horizontal=True,
    key=state.ROUTE_CLICK_KEY,
    format_func=routing.click_target_label,
)

query = routing.widget_query(origin_text, destination_text, vessel, speed)
st.query_params.from_dict(query.to_params())

route: routing.RouteAnswer | None = None
with components.errors_shown("find the route"):
    route = routing.answer_route(query, frames, strait_frame)

missing = missing_assets(STATIC_ROOT)
static_url = None if missing else STATIC_URL
layers = {i: frames[i] for i in BACKDROP if i in frames} | (route.overlays if route else {})
base_map = build_base_map(
    center=(22.0, 121.0),
    zoom=4,
    attributions=[_("Made with Natural Earth"), _("Routes: searoute (Eurostat MARNET)")],
    static_url=static_url,
    draw_polygons=True,
    lang=current_lang(),
    backdrop={"land": frames["land"]} if "land" in frames else None,
    titles={i: _(specs[i].title) for i in specs},
)
map_column, card = st.columns([3, 2])
with map_column:
    returned = st_folium(
        base_map,
        key=state.map_key(state.ROUTES_MAP_KEY, current_lang()),
        height=560,
        use_container_width=True,
        returned_objects=["last_clicked", "all_drawings"],
        feature_group_to_add=build_layer_groups(
            layers,
            titles={i: _(specs[i].title) for i in specs} | route_overlay_titles(current_lang()),
            interactive=False,
            static_url=static_url,
            view=route.view if route else None,
            lang=current_lang(),
        ),
    )
if routing.take_map_input(returned):
    st.rerun()

with card:
    if route is not None:
        routing.show_card(route.answer, query, zones, names_zh)
        if query.extra_areas:
            st.download_button(
                _("Download the drawn polygons (for --close-file)"),
                routing.drawn_geojson(query.extra_areas),
                file_name="closed.geojson",
                mime="application/geo+json",
                key=state.ROUTE_DRAWN_DOWNLOAD_KEY,
            )

st.subheader(_("The named routes, open and closed"))
lanes = frames.get("shipping_lanes")
if lanes is not None:
    chosen = st.selectbox(
        _("Exercise closed in the last columns"),
        exercises,
        format_func=lambda exercise: routing.exercise_label(zones, exercise),
        key=state.ROUTE_MATRIX_EXERCISE_KEY,
    )
    with components.errors_shown("build the closure table"):
        closures = {"Strait closed": _("Taiwan Strait closed")}
        if chosen:
            closures[f"{chosen} closed"] = _("{exercise} closed").format(
                exercise=routing.exercise_label(zones, chosen)
            )
        st.dataframe(
            routing.shown_matrix(data.route_matrix(chosen, query.speed), closures, zones, names_zh),
            hide_index=True,
        )
        basis = query.speed_basis_in(current_lang())
        strait_command = "`straitmap closure --close strait`"
        if chosen:
            exercise_command = f"`straitmap closure --close-exercise {chosen!r}`"
            caption = _(
                "At {speed} kn ({basis}). A route with an end that joins the network inside a "
                "closed area has no route. Reproduce: {command} and {exercise_command}"
            ).format(
                speed=f"{query.speed:g}",
                basis=basis,
                command=strait_command,
                exercise_command=exercise_command,
            )
        else:
            caption = _(
                "At {speed} kn ({basis}). A route with an end that joins the network inside a "
                "closed area has no route. Reproduce: {command}"
            ).format(speed=f"{query.speed:g}", basis=basis, command=strait_command)
        st.caption(caption)

with st.expander(_("About these routes")):
    st.markdown(
        _(
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
            "- **Speeds**: {speeds}."
        ).format(speeds=routing.speeds_text())
    )
