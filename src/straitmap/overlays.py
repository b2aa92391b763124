"""Measurement results as small layers to draw: geodesic lines, paths, rings, their points."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
from shapely.geometry import LineString, Point

from straitmap.gazetteer import Resolved
from straitmap.measure import Leg, geodesic_line, path_length, range_ring

LonLat = tuple[float, float]
METRES_PER_NMI = 1852.0

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


def rings_overlay(centre: Resolved, radii: Sequence[float], unit: str) -> gpd.GeoDataFrame:
    """Geodesic range rings around a place, radii in `unit` ("km" or "nmi")."""
    factor = 1000.0 if unit == "km" else METRES_PER_NMI
    rows = []
    rings = []
    for radius in radii:
        row = _common(f"{radius:g} {unit} from {centre.name}")
        row["radius"] = float(radius)
        row["unit"] = unit
        rows.append(row)
        rings.append(
            LineString(range_ring(centre.lon, centre.lat, radius * factor).exterior.coords)
        )
    return _frame(rows, rings)
