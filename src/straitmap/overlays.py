"""Measurement results as small layers to draw: geodesic lines, paths, rings, their points."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
from shapely.geometry import LineString, Point

from straitmap.errors import MeasureInputError
from straitmap.gazetteer import Resolved
from straitmap.i18n import N_, Lang, format_number, translator
from straitmap.measure import Leg, geodesic_line, path_length, range_ring
from straitmap.routes import ClosedArea, ClosureImpact, SeaRoute
from straitmap.units import METRES_PER_KM, METRES_PER_NMI, to_metres

LonLat = tuple[float, float]

#: Titles of the overlay layers in the map's layer control and legend.
OVERLAY_TITLES = {
    "measure_lines": N_("Measured geodesic"),
    "measure_points": N_("Measured points"),
    "measure_rings": N_("Range rings (geodesic)"),
}


def overlay_titles(lang: Lang = "en") -> dict[str, str]:
    """`OVERLAY_TITLES` in `lang` (for the layer control and legend of the Measure page)."""
    _ = translator("dashboard", lang).gettext
    return {layer_id: _(title) for layer_id, title in OVERLAY_TITLES.items()}


def _km_nmi(km: float, nmi: float, lang: Lang) -> str:
    """ "1,234.5 km (666.6 nmi)" in `lang`."""
    if lang == "en":
        return f"{km:,.1f} km ({nmi:,.1f} nmi)"
    return (
        translator("dashboard", lang)
        .gettext("{km} km ({nmi} nmi)")
        .format(km=format_number(km, lang, 1), nmi=format_number(nmi, lang, 1))
    )


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


def distance_overlay(
    start: Resolved, end: Resolved, leg: Leg, lang: Lang = "en"
) -> dict[str, gpd.GeoDataFrame]:
    """The geodesic between two resolved places, and the two places, as overlay layers
    (the line named in `lang`; the places keep the names they were resolved with)."""
    line = geodesic_line((start.lon, start.lat), (end.lon, end.lat), n=128)
    label = f"{start.name} → {end.name}: {_km_nmi(leg.distance.km, leg.distance.nmi, lang)}"
    points = [_common(start.name), _common(end.name)]
    return {
        "measure_lines": _frame([_common(label)], [line]),
        "measure_points": _frame(points, [Point(start.lon, start.lat), Point(end.lon, end.lat)]),
    }


def path_overlay(points: Sequence[LonLat], lang: Lang = "en") -> dict[str, gpd.GeoDataFrame]:
    """A clicked path drawn leg by leg along geodesics, and its points (named in `lang`)."""
    _ = translator("dashboard", lang).gettext
    total, legs = path_length(points)
    lines = [geodesic_line(leg.start, leg.end, n=64) for leg in legs]
    merged = LineString([c for line in lines for c in line.coords]) if lines else None
    names = [_("Point {number}").format(number=i + 1) for i in range(len(points))]
    layers = {"measure_points": _frame([_common(n) for n in names], [Point(p) for p in points])}
    if merged is not None:
        label = _("Path: {length}").format(length=_km_nmi(total.km, total.nmi, lang))
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


def _ring_name(radius: str, unit: str, centre: str, lang: Lang) -> str:
    if lang == "en":
        return f"{radius} {unit} from {centre}"
    _ = translator("dashboard", lang).gettext
    text = _("{radius} km from {centre}") if unit == "km" else _("{radius} nmi from {centre}")
    return text.format(radius=radius, centre=centre)


def _ring_precision(n: int, lang: Lang) -> str:
    if lang == "en":
        return f"exact at each of its {n} vertices; straight between them"
    _ = translator("dashboard", lang).gettext
    return _("exact at each of its {n} vertices; straight between them").format(n=n)


def rings_overlay(
    centre: Resolved,
    radii: Sequence[tuple[float, str]],
    *,
    n: int = RING_POINTS,
    lang: Lang = "en",
) -> gpd.GeoDataFrame:
    """Geodesic range rings around a place: one polygon per (radius, unit) ("km" or "nmi").

    The one ring representation the app draws and exports and `straitmap rings` writes:
    counter-clockwise polygons (`measure.range_ring`, every vertex at the radius on the
    ellipsoid) with `id` ("ring-1", ...), `name` ("500 km from Taipei"), the centre's name and
    position (`centre`, `centre_lat`, `centre_lon`), the radius in both units (`radius_km`,
    `radius_nmi`) and provenance, in the order given. `lang` names the rings for the map
    ("距 臺北 500 公里"); exports and `straitmap rings` keep English.

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
                "name": _ring_name(format_radius(radius), unit, centre.name, lang),
                "centre": centre.name,
                "centre_lat": centre.lat,
                "centre_lon": centre.lon,
                "radius_km": metres / METRES_PER_KM,
                "radius_nmi": metres / METRES_PER_NMI,
                "source": RING_SOURCE,
                "source_url": "https://pyproj4.github.io/pyproj/stable/api/geod.html",
                "precision": _ring_precision(n, lang),
            }
        )
        rings.append(range_ring(centre.lon, centre.lat, metres, n))
    return _frame(rows, rings)


#: Titles of the sea-route overlays (the Routes page) in the layer control and legend.
ROUTE_OVERLAY_TITLES = {
    "route_closed_areas": N_("Closed to shipping"),
    "route_open": N_("Sea route, nothing closed"),
    "route_closed": N_("Sea route with the areas closed"),
    "route_ends": N_("Route ends"),
}


def route_overlay_titles(lang: Lang = "en") -> dict[str, str]:
    """`ROUTE_OVERLAY_TITLES` in `lang` (the Routes page's layer control and legend)."""
    _ = translator("dashboard", lang).gettext
    return {layer_id: _(title) for layer_id, title in ROUTE_OVERLAY_TITLES.items()}


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


def _route_label(title: str, route: SeaRoute, lang: Lang = "en") -> str:
    if lang == "en":
        time = f", {route.hours:,.1f} h" if route.hours is not None else ""
        return f"{title}: {route.length.km:,.1f} km ({route.length.nmi:,.1f} nmi){time}"
    _ = translator("dashboard", lang).gettext
    length = _km_nmi(route.length.km, route.length.nmi, lang)
    if route.hours is None:
        return _("{title}: {length}").format(title=_(title), length=length)
    return _("{title}: {length}, {hours} h").format(
        title=_(title), length=length, hours=format_number(route.hours, lang, 1)
    )


def route_overlays(
    impact: ClosureImpact,
    areas: Sequence[ClosedArea],
    origin: Resolved,
    destination: Resolved,
    lang: Lang = "en",
) -> dict[str, gpd.GeoDataFrame]:
    """The open route, the route with `areas` closed (when there is one), the closed areas
    and the two ends, as overlay layers keyed as in `ROUTE_OVERLAY_TITLES` (named in `lang`)."""
    layers = {
        "route_open": _frame(
            [_route_row(_route_label(N_("Nothing closed"), impact.open_route, lang))],
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
        label = _route_label(N_("With the areas closed"), impact.closed_route, lang)
        layers["route_closed"] = _frame([_route_row(label)], [impact.closed_route.line])
    return layers
