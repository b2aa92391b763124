"""Measurement results as small layers to draw: geodesic lines, paths, rings, their points."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
from shapely.geometry import LineString, Point

from straitmap.errors import MeasureInputError
from straitmap.gazetteer import Resolved
from straitmap.measure import Leg, geodesic_line, path_length, range_ring
from straitmap.routes import ClosedArea, ClosureImpact, SeaRoute
from straitmap.units import METRES_PER_KM, METRES_PER_NMI, to_metres

LonLat = tuple[float, float]

#: Titles of the overlay layers in the map's layer control and legend.
OVERLAY_TITLES = {
    "measure_lines": "Measured geodesic",
    "measure_points": "Measured points",
    "measure_rings": "Range rings (geodesic)",
}


def _frame(rows: list[dict[str, object]], geometries: list[object]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")


def _common(name: str) -> dict[str, object]:
    return {
        "id": name,
        "name": name,
        "source": "straitmap (computed on the WGS84 ellipsoid with pyproj)",
        "source_url": "https://pyproj4.github.io/pyproj/stable/api/geod.html",
        "precision": "exact geodesic between the given points",
    }


def distance_overlay(start: Resolved, end: Resolved, leg: Leg) -> dict[str, gpd.GeoDataFrame]:
    """The geodesic between two resolved places, and the two places, as overlay layers."""
    line = geodesic_line((start.lon, start.lat), (end.lon, end.lat), n=128)
    label = f"{start.name} → {end.name}: {leg.distance.km:,.1f} km ({leg.distance.nmi:,.1f} nmi)"
    points = [_common(start.name), _common(end.name)]
    return {
        "measure_lines": _frame([_common(label)], [line]),
        "measure_points": _frame(points, [Point(start.lon, start.lat), Point(end.lon, end.lat)]),
    }


def path_overlay(points: Sequence[LonLat]) -> dict[str, gpd.GeoDataFrame]:
    """A clicked path drawn leg by leg along geodesics, and its points."""
    total, legs = path_length(points)
    lines = [geodesic_line(leg.start, leg.end, n=64) for leg in legs]
    merged = LineString([c for line in lines for c in line.coords]) if lines else None
    names = [f"Point {i + 1}" for i in range(len(points))]
    layers = {"measure_points": _frame([_common(n) for n in names], [Point(p) for p in points])}
    if merged is not None:
        label = f"Path: {total.km:,.1f} km ({total.nmi:,.1f} nmi)"
        layers["measure_lines"] = _frame([_common(label)], [merged])
    return layers


#: Vertices per range ring, in the app and by default on the command line.
RING_POINTS = 360
RING_SOURCE = "straitmap (geodesic circle on the WGS84 ellipsoid, pyproj forward problem)"


def format_radius(value: float) -> str:
    """A radius as typed: the shortest text that reads back as the same number ("500", "92.6").

    >>> format_radius(500.0), format_radius(92.6), format_radius(1 / 3)
    ('500', '92.6', '0.3333333333333333')
    """
    text = repr(float(value))
    return text.removesuffix(".0")


def rings_overlay(
    centre: Resolved, radii: Sequence[tuple[float, str]], *, n: int = RING_POINTS
) -> gpd.GeoDataFrame:
    """Geodesic range rings around a place: one polygon per (radius, unit) ("km" or "nmi").

    The one ring representation the app draws and exports and `straitmap rings` writes:
    counter-clockwise polygons (`measure.range_ring`, every vertex at the radius on the
    ellipsoid) with `id` ("ring-1", ...), `name` ("500 km from Taipei"), the centre's name and
    position (`centre`, `centre_lat`, `centre_lon`), the radius in both units (`radius_km`,
    `radius_nmi`) and provenance, in the order given.

    >>> rings = rings_overlay(Resolved("Taipei", 25.03, 121.56), [(500, "km"), (100, "nmi")])
    >>> rings["name"].tolist(), rings["radius_km"].tolist(), rings.geom_type.tolist()
    (['500 km from Taipei', '100 nmi from Taipei'], [500.0, 185.2], ['Polygon', 'Polygon'])
    """
    rows: list[dict[str, object]] = []
    rings = []
    for number, (radius, unit) in enumerate(radii, start=1):
        if unit not in ("km", "nmi"):
            raise MeasureInputError(f"ring unit should be km or nmi, got {unit!r}")
        metres = to_metres(float(radius), unit)
        rows.append(
            {
                "id": f"ring-{number}",
                "name": f"{format_radius(radius)} {unit} from {centre.name}",
                "centre": centre.name,
                "centre_lat": centre.lat,
                "centre_lon": centre.lon,
                "radius_km": metres / METRES_PER_KM,
                "radius_nmi": metres / METRES_PER_NMI,
                "source": RING_SOURCE,
                "source_url": "https://pyproj4.github.io/pyproj/stable/api/geod.html",
                "precision": f"exact at each of its {n} vertices; straight between them",
            }
        )
        rings.append(range_ring(centre.lon, centre.lat, metres, n))
    return _frame(rows, rings)


#: Titles of the sea-route overlays (the Routes page) in the layer control and legend.
ROUTE_OVERLAY_TITLES = {
    "route_closed_areas": "Closed to shipping",
    "route_open": "Sea route, nothing closed",
    "route_closed": "Sea route with the areas closed",
    "route_ends": "Route ends",
}
ROUTE_SOURCE = "searoute's maritime network (Eurostat MARNET); lengths by straitmap on WGS84"
ROUTE_PRECISION = "model route on a coarse network: for visualisation, not navigation"


def _route_row(name: str) -> dict[str, object]:
    return {
        "id": name,
        "name": name,
        "source": ROUTE_SOURCE,
        "source_url": "https://github.com/genthalili/searoute-py",
        "precision": ROUTE_PRECISION,
    }


def _route_label(title: str, route: SeaRoute) -> str:
    time = f", {route.hours:,.1f} h" if route.hours is not None else ""
    return f"{title}: {route.length.km:,.1f} km ({route.length.nmi:,.1f} nmi){time}"


def route_overlays(
    impact: ClosureImpact, areas: Sequence[ClosedArea], origin: Resolved, destination: Resolved
) -> dict[str, gpd.GeoDataFrame]:
    """The open route, the route with `areas` closed (when there is one), the closed areas
    and the two ends, as overlay layers keyed as in `ROUTE_OVERLAY_TITLES`."""
    layers = {
        "route_open": _frame(
            [_route_row(_route_label("Nothing closed", impact.open_route))],
            [impact.open_route.line],
        ),
        "route_ends": _frame(
            [_route_row(origin.name), _route_row(destination.name)],
            [Point(origin.lon, origin.lat), Point(destination.lon, destination.lat)],
        ),
    }
    if areas:
        rows = [
            {**_route_row(a.label), "source": "closed by the user", "precision": "as given"}
            for a in areas
        ]
        layers["route_closed_areas"] = _frame(rows, [a.area for a in areas])
    if impact.closed and impact.closed_route is not None:
        label = _route_label("With the areas closed", impact.closed_route)
        layers["route_closed"] = _frame([_route_row(label)], [impact.closed_route.line])
    return layers
