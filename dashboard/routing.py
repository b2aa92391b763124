"""Widgets and glue of the Routes page (the routing itself is straitmap.routes)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from shapely.geometry import MultiPolygon, Polygon, shape

from dashboard import state
from dashboard.i18n import N_, _, current_lang
from dashboard.measuring import chinese_names, place_label
from straitmap.gazetteer import Resolved
from straitmap.i18n import format_number
from straitmap.overlays import route_overlays
from straitmap.ports import resolve_route_end, sea_ports
from straitmap.render import ViewRequest
from straitmap.route_query import VESSELS, RouteQuery, end_json, impact_json
from straitmap.routes import (
    STRAIT_CLOSURE_LABEL,
    ClosedArea,
    ClosureImpact,
    NamedRoute,
    closure_impact,
    closure_table,
)

#: What a closure table's rows say for a route with no route when closed.
NO_ROUTE = N_("no route")
DRAWN_LABEL = "your polygon"
#: The closure table's fixed columns, as `matrix` names them (translated where shown).
MATRIX_HEADERS = {
    "Route": N_("Route"),
    "Open km": N_("Open km"),
    "Open h": N_("Open h"),
    "Through the strait": N_("Through the strait"),
}
#: The closure table's columns for each closure ("Strait closed: extra km"), by suffix.
MATRIX_CLOSURE_HEADERS = {
    "km": N_("{closure}: km"),
    "extra km": N_("{closure}: extra km"),
    "extra h": N_("{closure}: extra h"),
    "note": N_("{closure}: note"),
}


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
    query, notes = RouteQuery.from_params(dict(st.query_params), zone_ids, current_lang())
    seed_widgets(query)
    for note in notes:
        st.warning(_("Link: {note}").format(note=note))


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


def exercise_label(zones: gpd.GeoDataFrame | None, exercise: str) -> str:
    """An exercise's name as the session reads it: its `exercise_zh` in Chinese where the
    layer has one."""
    if zones is None or current_lang() == "en" or "exercise_zh" not in zones.columns:
        return exercise
    found = zones.loc[zones["exercise"] == exercise, "exercise_zh"].dropna()
    return str(found.iloc[0]) if not found.empty else exercise


def closure_label(zones: gpd.GeoDataFrame | None, label: str) -> str:
    """A closed area's label (`ClosedArea.label`) as the session reads it: the strait, an
    exercise's zones by its `exercise_zh`, a drawn polygon; a zone keeps its English name,
    marked as having no Chinese one."""
    if current_lang() == "en":
        return label
    if label == STRAIT_CLOSURE_LABEL:
        return _(STRAIT_CLOSURE_LABEL)
    drawn = re.fullmatch(rf"{DRAWN_LABEL} (\d+)", label)
    if drawn:
        return _("your polygon {number}").format(number=drawn.group(1))
    if zones is not None and label in set(zones["exercise"].dropna()):
        return _("{exercise} exercise zones").format(exercise=exercise_label(zones, label))
    return _("{name} (no Chinese name)").format(name=label)


def joined(items: Sequence[str]) -> str:
    """Items listed as the session's language lists them ("a, b" / "a、b")."""
    return ("、" if current_lang() == "zh-TW" else ", ").join(items)


#: The reasons `routes.NoRouteError` gives, and the same sentences translated.
_NO_ROUTE_REASONS = (
    (
        re.compile(r"the (origin|destination) lies in (.+), closed"),
        N_("the {end} lies in {area}, closed"),
    ),
    (
        re.compile(r"the (origin|destination) joins the network in (.+), closed"),
        N_("the {end} joins the network in {area}, closed"),
    ),
    (
        re.compile(r"every network edge at the (origin|destination) enters (.+), closed"),
        N_("every network edge at the {end} enters {area}, closed"),
    ),
)
_ROLES = {"origin": N_("origin"), "destination": N_("destination")}


def no_route_text(reason: str, zones: gpd.GeoDataFrame | None) -> str:
    """Why no route exists (`NoRouteError.reason`), in the session's language."""
    if current_lang() == "en":
        return reason
    for pattern, message in _NO_ROUTE_REASONS:
        found = pattern.fullmatch(reason)
        if found:
            areas = [closure_label(zones, a) for a in found.group(2).split(", ")]
            return _(message).format(end=_(_ROLES[found.group(1)]), area=joined(areas))
    cuts = re.fullmatch(r"closing (.+) cuts every path", reason)
    if cuts:
        areas = [closure_label(zones, a) for a in cuts.group(1).split(", ")]
        return _("closing {areas} cuts every path").format(areas=joined(areas))
    return _(reason)


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
    names_zh = chinese_names(frames, ("places",))
    overlays = route_overlays(
        impact,
        [ClosedArea(closure_label(zones, a.label), a.area) for a in areas],
        _named_end(origin, names_zh),
        _named_end(destination, names_zh),
        lang=current_lang(),
    )
    return RouteAnswer(answer, overlays, fit_view(overlays, query))


def _named_end(place: Resolved, names_zh: Mapping[str, str]) -> Resolved:
    """A route end named as the card names it, for the map's labels."""
    label = end_label(end_json(place), names_zh)
    return place if label == place.name else replace(place, name=label)


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


def end_picker(
    container: Any,
    label: str,
    choices: list[str],
    key: str,
    names_zh: Mapping[str, str] | None = None,
) -> str:
    """A searchable picker of ports and places that also takes typed names or coordinates;
    each shown by its Chinese name in Chinese where `names_zh` has one (the value stays the
    English name)."""
    current = st.session_state.get(key)
    options = choices if current in choices or current is None else [str(current), *choices]
    value = container.selectbox(
        label,
        options,
        key=key,
        accept_new_options=True,
        format_func=lambda name: place_label(str(name), names_zh or {}),
        help=_(
            "A port or place (type to search), or coordinates typed lat, lon (31.2, 121.9). "
            "Ports come first: 'Kaohsiung' is the port."
        ),
    )
    return str(value or "").strip()


def vessel_label(key: str) -> str:
    """'container ship (16 kn)'."""
    vessel = VESSELS[key]
    return _("{vessel} ({speed} kn)").format(vessel=_(vessel.label), speed=f"{vessel.speed_kn:g}")


#: What a click on the map can set (the radio's values), translated where shown.
CLICK_TARGETS = {"nothing": N_("nothing"), "From": N_("From"), "To": N_("To")}


def click_target_label(target: str) -> str:
    """The radio's "nothing" / "From" / "To" in the session's language."""
    return _(CLICK_TARGETS.get(target, target))


def speeds_text() -> str:
    """Each vessel's default speed and where it comes from, in the session's language."""
    separator = "；" if current_lang() == "zh-TW" else "; "
    return separator.join(
        _("{vessel} {speed} kn ({basis})").format(
            vessel=_(v.label), speed=f"{v.speed_kn:g}", basis=_(v.basis)
        )
        for v in VESSELS.values()
    )


def route_names_zh(frames: Mapping[str, gpd.GeoDataFrame]) -> dict[str, str]:
    """The Chinese names of the route ends the pickers offer (the `places` layer's)."""
    return chinese_names(frames, ("places",))


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
                N_("yes") if i.open_route.crosses_strait else N_("no") for _, i in rows
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


def _figure(value: float, decimals: int) -> str:
    return format_number(value, current_lang(), decimals)


def _route_lines(route: Mapping[str, Any]) -> list[str]:
    hours = route["hours"]
    lines = [
        _("**{km} km** ({nmi} nmi, {mi} mi)").format(
            km=_figure(route["length_km"], 1),
            nmi=_figure(route["length_nmi"], 1),
            mi=_figure(route["length_mi"], 1),
        ),
        _("**{hours} h** ({days} days)").format(
            hours=_figure(hours, 1), days=_figure(route["days"], 2)
        )
        if hours is not None
        else "",
        _("Taiwan Strait: {km} km inside").format(km=_figure(route["strait_length_km"], 1))
        if route["crosses_strait"]
        else _("Taiwan Strait: not crossed"),
    ]
    return [line for line in lines if line]


def end_label(end: Mapping[str, Any], names_zh: Mapping[str, str]) -> str:
    """A route end as the card names it: in Chinese by its Chinese name where it has one,
    else its English name, marked when it is a feature (not typed coordinates)."""
    name = str(end["name"])
    if current_lang() == "en" or name in names_zh or end.get("layer") is None:
        return place_label(name, names_zh)
    return _("{name} (no Chinese name)").format(name=name)


def _detour_line(answer: Mapping[str, Any], via: str) -> str:
    """The detour's figures: one whole sentence for each of time and passages given or not."""
    figures = {
        "km": _figure(answer["extra_km"], 1),
        "nmi": _figure(answer["extra_nmi"], 1),
        "percent": f"{answer['extra_percent']:.1f}",
        "via": via,
    }
    if answer["extra_hours"] is not None:
        figures |= {
            "hours": _figure(answer["extra_hours"], 1),
            "days": _figure(answer["extra_days"], 2),
        }
        if via:
            message = _(
                "**Detour: +{km} km** (+{nmi} nmi, +{percent} %), +{hours} h (+{days} days), "
                "via {via}"
            )
        else:
            message = _(
                "**Detour: +{km} km** (+{nmi} nmi, +{percent} %), +{hours} h (+{days} days)"
            )
    elif via:
        message = _("**Detour: +{km} km** (+{nmi} nmi, +{percent} %), via {via}")
    else:
        message = _("**Detour: +{km} km** (+{nmi} nmi, +{percent} %)")
    return message.format(**figures)


def show_card(
    answer: Mapping[str, Any],
    query: RouteQuery,
    zones: gpd.GeoDataFrame | None = None,
    names_zh: Mapping[str, str] | None = None,
) -> None:
    """The figures of a route answer side by side, and the command that reproduces them."""
    names = names_zh or {}
    lang = current_lang()
    open_route = answer["open"]
    start, end = answer["from"], answer["to"]
    basis = _("the speed given") if query.speed_kn is not None else _(VESSELS[query.vessel].label)
    st.markdown(
        _("**{start} → {end}** at {speed} kn ({basis})").format(
            start=end_label(start, names),
            end=end_label(end, names),
            speed=f"{answer['speed_kn']:g}",
            basis=basis,
        )
    )
    left, right = st.columns(2)
    left.markdown(_("Nothing closed") + "  \n" + "  \n".join(_route_lines(open_route)))
    if answer["closed"]:
        closures = [closure_label(zones, c) for c in answer["closed"]]
        title = _("With {closures} closed").format(
            closures=("、" if lang == "zh-TW" else "; ").join(closures)
        )
        if answer["closed_route"] is None:
            reason = no_route_text(answer["no_route"], zones)
            right.markdown(title + "  \n" + _("**no route**: {reason}").format(reason=reason))
        else:
            right.markdown(title + "  \n" + "  \n".join(_route_lines(answer["closed_route"])))
            st.markdown(_detour_line(answer, joined([_(v) for v in answer["via"]])))
    else:
        right.markdown(_("Nothing closed: choose what to close in the sidebar."))
    st.caption(
        _(
            "Ends joined the network {origin_km} km and {destination_km} km from {start} and "
            "{end} (nearest node on the ellipsoid). Speed: {basis}."
        ).format(
            origin_km=f"{open_route['origin']['snap_km']:.1f}",
            destination_km=f"{open_route['destination']['snap_km']:.1f}",
            start=end_label(start, names),
            end=end_label(end, names),
            basis=query.speed_basis_in(lang),
        )
    )
    st.caption(_("Reproduce:"))
    st.code(query.command(), language="bash")


def translated_matrix(
    table: pd.DataFrame,
    closures: Mapping[str, str],
    zones: gpd.GeoDataFrame | None,
    names_zh: Mapping[str, str],
) -> pd.DataFrame:
    """A `matrix` table as the session reads it (the table itself in English): headers,
    yes/no, route names by their ends' Chinese names, notes; `closures` gives each closure
    column's title ("Strait closed") in the session's language."""
    if current_lang() == "en":
        return table
    shown = table.copy()
    headers: dict[str, str] = {}
    for column in map(str, table.columns):
        if column in MATRIX_HEADERS:
            headers[column] = _(MATRIX_HEADERS[column])
            continue
        title, _sep, suffix = column.rpartition(": ")
        if suffix in MATRIX_CLOSURE_HEADERS:
            closure = closures.get(title, title)
            headers[column] = _(MATRIX_CLOSURE_HEADERS[suffix]).format(closure=closure)
            if suffix == "note":
                shown[column] = [_note_text(str(n), zones) for n in table[column]]
    if "Route" in shown:
        shown["Route"] = [route_label(str(r), names_zh) for r in table["Route"]]
    if "Through the strait" in shown:
        shown["Through the strait"] = [_(str(v)) for v in table["Through the strait"]]
    return shown.rename(columns=headers)


def shown_matrix(
    table: pd.DataFrame,
    closures: Mapping[str, str],
    zones: gpd.GeoDataFrame | None,
    names_zh: Mapping[str, str],
) -> pd.DataFrame | Styler:
    """`translated_matrix`, with "—" for the figures of a route that has none in Chinese
    (Streamlit would show "None")."""
    shown = translated_matrix(table, closures, zones, names_zh)
    if current_lang() == "en":
        return shown
    return shown.style.format(na_rep="—", precision=1)


def _note_text(note: str, zones: gpd.GeoDataFrame | None) -> str:
    prefix = NO_ROUTE + ": "
    if note.startswith(prefix):
        reason = no_route_text(note[len(prefix) :], zones)
        return _("no route: {reason}").format(reason=reason)
    return joined([_(v) for v in note.split(", ")]) if note else note


def route_label(name: str, names_zh: Mapping[str, str]) -> str:
    """A named route ("Busan – Hong Kong") by its ends' Chinese names where they have them."""
    ends = name.split(" – ")
    return " – ".join(place_label(e, names_zh) for e in ends)


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
