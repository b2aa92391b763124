"""`straitmap route` and `straitmap closure`: sea routes, transit times and closure detours.

Registered in `straitmap.cli.COMMANDS`; the plumbing (exit codes, JSON printing) is the CLI's.
Heavy modules are imported when a command runs, so `straitmap --help` stays quick.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Final

ROUTE_LAYERS: Final = ("places", "strait", "pla_exercise_zones")
_END_HELP = (
    "a port or place name (ports first: 'Kaohsiung' is the port), a feature id, or "
    "coordinates typed lat, lon (31.2,121.5)"
)


def add_closure_arguments(parser: argparse.ArgumentParser) -> None:
    """--close strait, --close-exercise NAME, --close-zone ID, --close-file FILE (repeatable)."""
    parser.add_argument(
        "--close",
        action="append",
        choices=["strait"],
        default=[],
        help="close the Taiwan Strait (the strait layer's polygon)",
    )
    parser.add_argument(
        "--close-exercise",
        action="append",
        default=[],
        metavar="NAME",
        help="close every zone of one exercise in pla_exercise_zones ('August 2022', "
        "'Justice Mission 2025'); repeatable",
    )
    parser.add_argument(
        "--close-zone",
        action="append",
        default=[],
        metavar="ID",
        help="close one zone of pla_exercise_zones by id (ex-2022-08-zone-1); repeatable",
    )
    parser.add_argument(
        "--close-file",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="close the polygons of a GeoJSON file; repeatable",
    )


def add_speed_arguments(parser: argparse.ArgumentParser) -> None:
    """--speed-kn N or --vessel KIND (one of them)."""
    from straitmap.vessels import DEFAULT_VESSEL, VESSELS

    speed = parser.add_mutually_exclusive_group()
    speed.add_argument(
        "--speed-kn", type=float, metavar="N", help="speed for the transit time, in knots"
    )
    speed.add_argument(
        "--vessel",
        choices=list(VESSELS),
        default=DEFAULT_VESSEL,
        help="the vessel kind whose default speed to use: "
        + ", ".join(f"{v.key} {v.speed_kn:g} kn" for v in VESSELS.values())
        + f" (default {DEFAULT_VESSEL})",
    )


def route_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `straitmap route`."""
    parser.add_argument("origin", metavar="FROM", help=_END_HELP)
    parser.add_argument("destination", metavar="TO", help=_END_HELP)
    add_speed_arguments(parser)
    add_closure_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="write the route(s) as GeoJSON to FILE"
    )


def closure_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `straitmap closure`."""
    add_speed_arguments(parser)
    add_closure_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the table as JSON")


def _layers(catalog_path: Path | None, ids: tuple[str, ...]) -> dict[str, Any]:
    from straitmap.catalog import load_catalog
    from straitmap.io import load_layer

    catalog = load_catalog(catalog_path)
    return {i: load_layer(i, catalog=catalog) for i in ids if i in catalog.layers}


def _query(args: argparse.Namespace, origin: str = "", destination: str = "") -> Any:
    from straitmap.route_query import RouteQuery

    return RouteQuery(
        origin=origin,
        destination=destination,
        vessel=args.vessel,
        speed_kn=args.speed_kn,
        close_strait="strait" in args.close,
        close_exercises=tuple(args.close_exercise),
        close_zones=tuple(args.close_zone),
    )


def _file_areas(paths: list[Path]) -> list[Any]:
    """The polygons of each --close-file, one closed area per file."""
    from shapely import union_all
    from shapely.geometry import MultiPolygon, Polygon

    from straitmap.errors import RouteError
    from straitmap.io import load_file
    from straitmap.routes import ClosedArea

    areas = []
    for path in paths:
        frame = load_file(path).frame
        polygons = [g for g in frame.geometry if isinstance(g, Polygon | MultiPolygon)]
        if not polygons:
            raise RouteError(f"{path}: expected polygons to close, found none")
        areas.append(ClosedArea(path.name, union_all(polygons)))
    return areas


def _checked_speed(args: argparse.Namespace) -> str | None:
    if args.speed_kn is not None and not 0 < args.speed_kn <= 60:
        return f"--speed-kn: expected knots above 0 and at most 60, found {args.speed_kn:g}"
    return None


def run_route(args: argparse.Namespace) -> int:
    """`straitmap route FROM TO ...`: the route, its time, and the detour when areas close."""
    from straitmap import cli
    from straitmap.errors import CoordinateParseError, RouteError
    from straitmap.ports import resolve_route_end
    from straitmap.route_query import end_json, impact_json
    from straitmap.routes import closure_impact

    if problem := _checked_speed(args):
        return cli._usage_error(problem)
    layers = _layers(args.catalog, ROUTE_LAYERS)
    try:
        origin = resolve_route_end(args.origin, layers)
        destination = resolve_route_end(args.destination, layers)
    except CoordinateParseError as error:
        return cli._usage_error(str(error))
    query = _query(args, args.origin, args.destination)
    try:
        areas = query.closed_areas(layers["strait"], layers["pla_exercise_zones"])
    except RouteError as error:
        return cli._usage_error(str(error))
    areas += _file_areas(args.close_file)
    strait = layers["strait"].geometry.union_all()
    impact = closure_impact(
        (origin.lon, origin.lat),
        (destination.lon, destination.lat),
        areas,
        query.speed,
        strait=strait,
    )
    answer = impact_json(query, end_json(origin), end_json(destination), impact)
    if args.out is not None:
        _write_routes(args.out, impact)
    if args.json:
        cli._print_json(answer)
    else:
        _print_answer(answer)
    return cli.EXIT_OK if (not impact.closed or impact.reachable) else cli.EXIT_INVALID


def _write_routes(path: Path, impact: Any) -> None:
    """The open route (and the closed one) as a GeoJSON FeatureCollection."""
    from straitmap.route_query import route_json

    features = []
    for kind, route in (("open", impact.open_route), ("closed", impact.closed_route)):
        if route is None or (kind == "closed" and not impact.closed):
            continue
        properties = {"kind": kind, "closed": list(impact.closed) if kind == "closed" else []}
        properties.update({k: v for k, v in route_json(route).items() if not isinstance(v, dict)})
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[round(x, 6), round(y, 6)] for x, y in route.line.coords],
                },
            }
        )
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def _figures(route: dict[str, Any]) -> str:
    time = (
        f", {route['hours']:,.1f} h ({route['days']:,.2f} days)"
        if route["hours"] is not None
        else ""
    )
    strait = (
        f"; {route['strait_length_km']:,.1f} km inside the Taiwan Strait"
        if route["crosses_strait"]
        else "; does not cross the Taiwan Strait"
    )
    return f"{route['length_km']:,.1f} km ({route['length_nmi']:,.1f} nmi){time}{strait}"


def _print_answer(answer: dict[str, Any]) -> None:
    start, end, open_route = answer["from"], answer["to"], answer["open"]
    print(f"from      {start['name']}  {start['lat']:.4f}, {start['lon']:.4f}")
    print(f"to        {end['name']}  {end['lat']:.4f}, {end['lon']:.4f}")
    print(f"speed     {answer['speed_kn']:g} kn ({answer['speed_basis']})")
    print(f"open      {_figures(open_route)}")
    print(
        f"snapped   {open_route['origin']['snap_km']:.1f} km and "
        f"{open_route['destination']['snap_km']:.1f} km to the network"
    )
    if answer["closed"]:
        print(f"closed    {'; '.join(answer['closed'])}")
        if answer["closed_route"] is None:
            print(f"no route  {answer['no_route']}")
        else:
            print(f"detour    {_figures(answer['closed_route'])}")
            via = f", via {', '.join(answer['via'])}" if answer["via"] else ""
            hours = (
                f", +{answer['extra_hours']:,.1f} h" if answer["extra_hours"] is not None else ""
            )
            print(
                f"extra     +{answer['extra_km']:,.1f} km (+{answer['extra_nmi']:,.1f} nmi, "
                f"+{answer['extra_percent']:.1f} %){hours}{via}"
            )
    print(f"network   {answer['network']}")


def run_closure(args: argparse.Namespace) -> int:
    """`straitmap closure ...`: the detour table of the named routes with areas closed."""
    from straitmap import cli
    from straitmap.errors import RouteError
    from straitmap.route_query import route_json
    from straitmap.routes import closure_table, named_routes

    if problem := _checked_speed(args):
        return cli._usage_error(problem)
    query = _query(args)
    if not (query.closes_anything or args.close_file):
        return cli._usage_error(
            "expected something to close: --close strait, --close-exercise NAME, "
            "--close-zone ID or --close-file FILE"
        )
    layers = _layers(args.catalog, (*ROUTE_LAYERS, "shipping_lanes"))
    try:
        areas = query.closed_areas(layers["strait"], layers["pla_exercise_zones"])
    except RouteError as error:
        return cli._usage_error(str(error))
    areas += _file_areas(args.close_file)
    strait = layers["strait"].geometry.union_all()
    rows = closure_table(named_routes(layers["shipping_lanes"]), areas, query.speed, strait=strait)
    table: list[dict[str, Any]] = [
        {
            "id": route.id,
            "name": route.name,
            "open": route_json(impact.open_route),
            "closed_route": route_json(impact.closed_route) if impact.closed_route else None,
            "no_route": impact.no_route,
            "extra_km": impact.extra.km if impact.extra else None,
            "extra_nmi": impact.extra.nmi if impact.extra else None,
            "extra_hours": impact.extra_hours,
            "extra_percent": impact.extra_percent,
            "via": list(impact.via),
        }
        for route, impact in rows
    ]
    closed = [a.label for a in areas]
    if args.json:
        cli._print_json(
            {
                "closed": closed,
                "speed_kn": query.speed,
                "speed_basis": query.speed_basis,
                "routes": table,
            }
        )
        return cli.EXIT_OK
    print(f"closed: {'; '.join(closed)}; speed {query.speed:g} kn ({query.speed_basis})")
    header = [
        "route",
        "open km",
        "via strait",
        "closed km",
        "extra km",
        "extra %",
        "extra h",
        "via",
    ]
    lines = []
    for row in table:
        closed_route = row["closed_route"]
        lines.append(
            [
                row["name"],
                f"{row['open']['length_km']:,.1f}",
                "yes" if row["open"]["crosses_strait"] else "no",
                f"{closed_route['length_km']:,.1f}" if closed_route else "no route",
                f"{row['extra_km']:+,.1f}" if row["extra_km"] is not None else "",
                f"{row['extra_percent']:+.1f}" if row["extra_percent"] is not None else "",
                f"{row['extra_hours']:+,.1f}" if row["extra_hours"] is not None else "",
                ", ".join(row["via"]) if closed_route else (row["no_route"] or ""),
            ]
        )
    cli._print_table(header, lines)
    print(
        "network: searoute's maritime network (Eurostat MARNET); for visualisation, not navigation"
    )
    return cli.EXIT_OK
