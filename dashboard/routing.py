"""Widgets and glue of the Routes page (the routing itself is straitmap.routes)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st
from shapely.geometry import MultiPolygon, Polygon, shape

from dashboard import state
from straitmap.overlays import route_overlays
from straitmap.ports import resolve_route_end, sea_ports
from straitmap.render import ViewRequest
from straitmap.route_query import VESSELS, RouteQuery, end_json, impact_json
from straitmap.routes import (
    ClosedArea,
    ClosureImpact,
    NamedRoute,
    closure_impact,
    closure_table,
)

#: What a closure table's rows say for a route with no route when closed.
NO_ROUTE = "no route"
DRAWN_LABEL = "your polygon"


def port_choices(places: gpd.GeoDataFrame | None) -> list[str]:
    """Route ends offered by the pickers: the project's ports, its other places, then
    searoute's ports in the region (each name once, in that order)."""
    names: list[str] = []
    if places is not None:
        ports = places[places["kind"] == "port"]["name"].tolist()
        names += [str(n) for n in ports]
        names += [str(n) for n in places["name"] if n not in ports]
    names += sorted(str(n) for n in sea_ports()["name"])
    return list(dict.fromkeys(names))


def read_url_once(zone_ids: Sequence[str]) -> None:
    """On the page's first run in a session, take the query from the URL into the widgets."""
    if st.session_state.get(state.ROUTE_URL_READ_KEY):
        return
    st.session_state[state.ROUTE_URL_READ_KEY] = True
    query, notes = RouteQuery.from_params(dict(st.query_params), zone_ids)
    seed_widgets(query)
    for note in notes:
        st.warning(f"Link: {note}")


def seed_widgets(query: RouteQuery) -> None:
    """Write a query into the page's widget keys."""
    session = st.session_state
    session[state.ROUTE_FROM_KEY] = query.origin
    session[state.ROUTE_TO_KEY] = query.destination
    session[state.ROUTE_VESSEL_KEY] = query.vessel
    session[state.ROUTE_SPEED_KEY] = query.speed_kn
    session[state.ROUTE_CLOSE_STRAIT_KEY] = query.close_strait
    session[state.ROUTE_EXERCISES_KEY] = list(query.close_exercises)
    session[state.ROUTE_ZONES_KEY] = list(query.close_zones)


def closure_choices(zones: gpd.GeoDataFrame | None) -> tuple[list[str], list[str]]:
    """The exercise zones' ids and the exercises' names the sidebar offers to close."""
    if zones is None:
        return [], []
    return [str(i) for i in zones["id"]], sorted({str(e) for e in zones["exercise"].dropna()})


def zone_label(zones: gpd.GeoDataFrame | None, zone_id: str) -> str:
    """An exercise zone's name for the picker (its id when the layer is missing)."""
    if zones is None:
        return zone_id
    return str(zones.loc[zones["id"] == zone_id, "name"].iloc[0])


def widget_query(origin: str, destination: str, vessel: str, speed_kn: float | None) -> RouteQuery:
    """The question the sidebar's widgets ask, with the drawn polygons when they are closed."""
    session = st.session_state
    query = RouteQuery(
        origin=origin,
        destination=destination,
        vessel=vessel,
        speed_kn=float(speed_kn) if speed_kn is not None else None,
        close_strait=bool(session.get(state.ROUTE_CLOSE_STRAIT_KEY)),
        close_exercises=tuple(session.get(state.ROUTE_EXERCISES_KEY) or ()),
        close_zones=tuple(session.get(state.ROUTE_ZONES_KEY) or ()),
    )
    drawn = drawn_areas()
    if session.get(state.ROUTE_USE_DRAWN_KEY) and drawn:
        query = query.with_extra_areas(drawn)
    return query


def drawn_areas() -> list[ClosedArea]:
    """The polygons drawn on the Routes page's map so far (kept in the session)."""
    drawn: list[ClosedArea] = st.session_state.get(state.ROUTE_DRAWN_KEY, [])
    return drawn


@dataclass(frozen=True)
class RouteAnswer:
    """A route question answered: `straitmap route --json`'s answer, the layers to draw and
    where the map should move."""

    answer: dict[str, Any]
    overlays: dict[str, gpd.GeoDataFrame]
    view: ViewRequest | None


def answer_route(
    query: RouteQuery, frames: Mapping[str, gpd.GeoDataFrame], strait_frame: gpd.GeoDataFrame
) -> RouteAnswer:
    """Resolve the ends, close the areas and route: the figures `straitmap route` prints."""
    zones = frames.get("pla_exercise_zones")
    origin = resolve_route_end(query.origin, frames)
    destination = resolve_route_end(query.destination, frames)
    areas = query.closed_areas(strait_frame, zones)
    impact = closure_impact(
        (origin.lon, origin.lat),
        (destination.lon, destination.lat),
        areas,
        query.speed,
        strait=strait_frame.geometry.union_all(),
    )
    answer = impact_json(query, end_json(origin), end_json(destination), impact)
    overlays = route_overlays(impact, areas, origin, destination)
    return RouteAnswer(answer, overlays, fit_view(overlays, query))


def take_map_input(returned: Mapping[str, Any] | None) -> bool:
    """Keep the polygons drawn on the map, and put a click into the end it sets; True when the
    route changed and the page must run again."""
    session = st.session_state
    rerun = False
    drawn = drawn_polygons(returned)
    if [a.key for a in drawn] != [a.key for a in drawn_areas()]:
        session[state.ROUTE_DRAWN_KEY] = drawn
        rerun = bool(session.get(state.ROUTE_USE_DRAWN_KEY))
    click = (returned or {}).get("last_clicked")
    if click and click != session.get(state.ROUTE_LAST_CLICK_KEY):
        session[state.ROUTE_LAST_CLICK_KEY] = click
        target = session.get(state.ROUTE_CLICK_KEY)
        if target in ("From", "To"):
            key = state.ROUTE_FROM_KEY if target == "From" else state.ROUTE_TO_KEY
            session[key] = f"{click['lat']:.4f}, {click['lng']:.4f}"
            rerun = True
    return rerun


def end_picker(container: Any, label: str, choices: list[str], key: str) -> str:
    """A searchable picker of ports and places that also takes typed names or coordinates."""
    current = st.session_state.get(key)
    options = choices if current in choices or current is None else [str(current), *choices]
    value = container.selectbox(
        label,
        options,
        key=key,
        accept_new_options=True,
        help="A port or place (type to search), or coordinates typed lat, lon (31.2, 121.9). "
        "Ports come first: 'Kaohsiung' is the port.",
    )
    return str(value or "").strip()


def vessel_label(key: str) -> str:
    """'container ship (16 kn)'."""
    vessel = VESSELS[key]
    return f"{vessel.label} ({vessel.speed_kn:g} kn)"


def drawn_polygons(returned: Mapping[str, Any] | None) -> list[ClosedArea]:
    """The polygons and rectangles drawn on the map (st_folium's `all_drawings`) as one
    closed area each, numbered in drawing order."""
    areas: list[ClosedArea] = []
    for feature in (returned or {}).get("all_drawings") or []:
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") != "Polygon":
            continue
        polygon = shape(geometry)
        if isinstance(polygon, Polygon | MultiPolygon) and polygon.is_valid:
            number = len(areas) + 1
            areas.append(ClosedArea(f"{DRAWN_LABEL} {number}", polygon))
    return areas


def drawn_geojson(areas: Sequence[ClosedArea]) -> bytes:
    """The drawn polygons as GeoJSON, for `straitmap route --close-file`."""
    frame = gpd.GeoDataFrame(
        {"name": [a.label for a in areas]}, geometry=[a.area for a in areas], crs="EPSG:4326"
    )
    from straitmap.export import to_geojson_bytes

    return to_geojson_bytes(frame)


def matrix(
    routes: Sequence[NamedRoute],
    columns: Mapping[str, Sequence[ClosedArea]],
    speed_kn: float,
    strait: Any,
) -> pd.DataFrame:
    """The named routes × {open, each closure}: km, and extra km and hours for each closure."""
    table = pd.DataFrame({"Route": [r.name for r in routes]})
    first = True
    for title, areas in columns.items():
        rows: list[tuple[NamedRoute, ClosureImpact]] = closure_table(
            routes, areas, speed_kn, strait=strait
        )
        if first:
            table["Open km"] = [round(i.open_route.length.km, 1) for _, i in rows]
            table["Open h"] = [round(i.open_route.hours or 0.0, 1) for _, i in rows]
            table["Through the strait"] = [
                "yes" if i.open_route.crosses_strait else "no" for _, i in rows
            ]
            first = False
        table[f"{title}: km"] = [
            round(i.closed_route.length.km, 1) if i.closed_route else None for _, i in rows
        ]
        table[f"{title}: extra km"] = [
            round(i.extra.km, 1) if i.extra is not None else None for _, i in rows
        ]
        table[f"{title}: extra h"] = [
            round(i.extra_hours, 1) if i.extra_hours is not None else None for _, i in rows
        ]
        table[f"{title}: note"] = [
            NO_ROUTE + f": {i.no_route}" if i.closed_route is None else ", ".join(i.via)
            for _, i in rows
        ]
    return table


def _route_lines(route: Mapping[str, Any]) -> list[str]:
    hours = route["hours"]
    lines = [
        f"**{route['length_km']:,.1f} km** ({route['length_nmi']:,.1f} nmi, "
        f"{route['length_mi']:,.1f} mi)",
        f"**{hours:,.1f} h** ({route['days']:,.2f} days)" if hours is not None else "",
        f"Taiwan Strait: {route['strait_length_km']:,.1f} km inside"
        if route["crosses_strait"]
        else "Taiwan Strait: not crossed",
    ]
    return [line for line in lines if line]


def show_card(answer: Mapping[str, Any], query: RouteQuery) -> None:
    """The figures of a route answer side by side, and the command that reproduces them."""
    open_route = answer["open"]
    start, end = answer["from"], answer["to"]
    st.markdown(
        f"**{start['name']} → {end['name']}** at {answer['speed_kn']:g} kn "
        f"({'the speed given' if query.speed_kn is not None else VESSELS[query.vessel].label})"
    )
    left, right = st.columns(2)
    left.markdown("Nothing closed  \n" + "  \n".join(_route_lines(open_route)))
    if answer["closed"]:
        title = "With " + "; ".join(answer["closed"]) + " closed"
        if answer["closed_route"] is None:
            right.markdown(f"{title}  \n**{NO_ROUTE}**: {answer['no_route']}")
        else:
            right.markdown(title + "  \n" + "  \n".join(_route_lines(answer["closed_route"])))
            via = f", via {', '.join(answer['via'])}" if answer["via"] else ""
            hours = (
                f", +{answer['extra_hours']:,.1f} h (+{answer['extra_days']:,.2f} days)"
                if answer["extra_hours"] is not None
                else ""
            )
            st.markdown(
                f"**Detour: +{answer['extra_km']:,.1f} km** (+{answer['extra_nmi']:,.1f} nmi, "
                f"+{answer['extra_percent']:.1f} %){hours}{via}"
            )
    else:
        right.markdown("Nothing closed: choose what to close in the sidebar.")
    st.caption(
        f"Ends joined the network {open_route['origin']['snap_km']:.1f} km and "
        f"{open_route['destination']['snap_km']:.1f} km from {start['name']} and "
        f"{end['name']} (nearest node on the ellipsoid). Speed: {answer['speed_basis']}."
    )
    st.caption("Reproduce:")
    st.code(query.command(), language="bash")


def fit_view(overlays: Mapping[str, gpd.GeoDataFrame], query: RouteQuery) -> ViewRequest | None:
    """Fit the map to the routes and their ends once per question (pans survive reruns)."""
    parts = [overlays[i] for i in ("route_open", "route_closed", "route_ends") if i in overlays]
    if not parts:
        return None
    west, south, east, north = (
        float(v) for v in pd.concat([p.geometry for p in parts]).total_bounds
    )
    key = "route:" + json.dumps(query.to_params(), sort_keys=True)
    return ViewRequest(key=key, bounds=((south, west), (north, east)))
