"""Build geodata/strait.geojson: the Taiwan Strait's water between its limit lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
import shapely.ops
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box, shape
from shapely.geometry.polygon import orient

from straitmap.geojson_text import read_features, write_feature_collection
from straitmap.io import load_file
from straitmap.measure import GEOD

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NATURAL_EARTH = REPO_ROOT.parent / "shared" / "data" / "natural-earth"
DEFAULT_LIMITS = REPO_ROOT / "geodata" / "strait_limits.geojson"
DEFAULT_OUT = REPO_ROOT / "geodata" / "strait.geojson"

LAND_FILE = "ne_10m_land.json"
MINOR_ISLANDS_FILE = "ne_10m_minor_islands.json"
MARINE_FILE = "ne_10m_geography_marine_polys.json"

#: A limit line's end off Natural Earth's coast is joined to the nearest coast if at most this far,
#: and carried this far inland, so the water cannot flow round the end of the line.
MAX_GAP_M = 10_000.0
INLAND_M = 1000.0
#: The water is cut from this margin (degrees) around the limit lines; the strait must not reach it.
MARGIN_DEG = 2.0
#: The cut along a limit line is this wide (degrees): far below the output grid.
CUT_WIDTH_DEG = 1e-7
#: Display simplification (degrees, ~110 m), as the land layer uses near the strait.
TOLERANCE = 0.001
GRID = 1e-4
DECIMALS = 4

DEFINITION = (
    "Water between the northern and southern limit lines of IHO S-23 draft 4th edition (2002) "
    "(geodata/strait_limits.geojson), bounded by the Natural Earth 1:10m coastline"
)
SOURCE = (
    "Limits after IHO S-23 draft 4th ed. (2002); coastline Natural Earth 1:10m land + "
    "minor islands; derived by straitmap"
)
SOURCE_URL = "https://www.naturalearthdata.com/downloads/10m-physical-vectors/"
PRECISION = f"1:10m coastline; simplified for display (tolerance {TOLERANCE}°)"


class StraitBuildError(ValueError):
    """The inputs do not describe a closed strait."""


@dataclass(frozen=True)
class StraitSummary:
    """Figures the script prints after a build."""

    area_km2: float
    left_out_km2: tuple[float, ...]
    coast_gaps_m: tuple[tuple[str, float, float], ...]
    natural_earth_area_km2: float | None
    overlap_with_natural_earth_km2: float | None


def read_limits(path: Path) -> dict[str, LineString]:
    """The north and south limit lines, keyed by their `limit` property."""
    result = load_file(path, "strait_limits")
    if not result.report.ok:
        raise StraitBuildError(
            f"{path}: expected a clean strait_limits layer, found {result.report.summary()}"
        )
    limits: dict[str, LineString] = {}
    for limit, geometry in zip(result.frame["limit"], result.frame.geometry, strict=True):
        if limit in ("north", "south") and isinstance(geometry, LineString):
            if limit in limits:
                raise StraitBuildError(f"{path}: expected one {limit!r} limit, found several")
            limits[limit] = geometry
    missing = sorted({"north", "south"} - limits.keys())
    if missing:
        raise StraitBuildError(
            f"{path}: expected LineString features with limit north and south, missing {missing}"
        )
    return limits


def explode(geometries: Iterable[Any]) -> Iterator[Polygon]:
    """Yield the non-empty polygons inside each geometry (collections are flattened)."""
    for geometry in geometries:
        if geometry.is_empty:
            continue
        if isinstance(geometry, Polygon):
            yield geometry
        elif hasattr(geometry, "geoms"):
            yield from explode(geometry.geoms)


def read_land(natural_earth: Path, area: Polygon) -> Any:
    """Full-resolution Natural Earth land and minor islands inside `area`, as one geometry."""
    polygons = [
        shape(feature["geometry"])
        for name in (LAND_FILE, MINOR_ISLANDS_FILE)
        for feature in read_features(natural_earth / name)
    ]
    return shapely.union_all([p.intersection(area) for p in polygons if p.intersects(area)])


def reach_land(line: LineString, land: Any) -> tuple[LineString, list[float]]:
    """The line with each end that is not inside land joined to the nearest coast and beyond.

    A published end point (a cape, an island's shore) can lie a little off Natural Earth's
    coastline; without this the water would flow round the end of the line. Returns the new
    line and the geodesic distance (m) each end was moved to reach the coast.
    """
    coords = [tuple(c) for c in line.coords]
    moved: list[float] = []

    def joined(end: tuple[float, ...], before: tuple[float, ...]) -> list[tuple[float, float]]:
        point = Point(end)
        if land.contains(point):
            moved.append(0.0)
            return []
        coast = shapely.ops.nearest_points(point, land)[1]
        azimuth, _, distance = GEOD.inv(end[0], end[1], coast.x, coast.y)
        if distance < 1.0:
            azimuth, _, _ = GEOD.inv(before[0], before[1], end[0], end[1])
        if distance > MAX_GAP_M:
            raise StraitBuildError(
                f"the limit line should end on land, but its end {end[:2]} lies "
                f"{distance / 1000:.1f} km from the nearest coast (at most {MAX_GAP_M / 1000:g} km)"
            )
        moved.append(distance)
        lon, lat, _ = GEOD.fwd(coast.x, coast.y, azimuth, INLAND_M)
        return [(coast.x, coast.y), (lon, lat)]

    head = joined(coords[0], coords[1])
    tail = joined(coords[-1], coords[-2])
    return LineString([*reversed(head), *coords, *tail]), moved


def cut_strait(
    water: Any, lines: Sequence[LineString], between: Polygon, frame: Polygon
) -> tuple[Polygon, list[float]]:
    """Cut the water along the limit lines and keep the piece that lies between them.

    Returns the strait and the areas (km²) of the other enclosed pieces between the lines that
    were left out: bays that a limit line cuts off from the strait's main body by crossing a
    headland. Pieces reaching the edge of `frame` are the open sea beyond the limits.
    """
    cut = MultiLineString(list(lines)).buffer(CUT_WIDTH_DEG, cap_style="flat")
    pieces = list(explode([water.difference(cut)]))
    overlaps = [piece.intersection(between).area for piece in pieces]
    best = max(range(len(pieces)), key=lambda i: overlaps[i])
    left_out = [
        geodesic_area_km2(piece)
        for i, piece in enumerate(pieces)
        if i != best and overlaps[i] > 0 and not piece.intersects(frame.exterior)
    ]
    return pieces[best], sorted(left_out, reverse=True)


def check_closed(strait: Polygon, frame: Polygon) -> None:
    """Refuse a strait that leaks past the ends of the limit lines into the open sea."""
    if strait.intersects(frame.exterior):
        raise StraitBuildError(
            "the strait should be closed off by the two limit lines and the coasts, "
            f"but its water reaches the edge of the working area {frame.bounds}; "
            "check that each limit line ends on land"
        )


def simplify_for_display(polygon: Polygon) -> Polygon:
    """Simplify lightly, snap to the output grid, keep the largest valid polygon, orient it."""
    snapped = shapely.set_precision(polygon.simplify(TOLERANCE, preserve_topology=True), GRID)
    return orient(max(explode([snapped]), key=lambda p: p.area), 1.0)


def geodesic_area_km2(geometry: Any) -> float:
    """Area of a lon/lat geometry on the WGS84 ellipsoid, in km²."""
    area, _ = GEOD.geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def natural_earth_strait(natural_earth: Path) -> Polygon | None:
    """Natural Earth's own "Taiwan Strait" marine polygon, if the file is there."""
    path = natural_earth / MARINE_FILE
    if not path.is_file():
        return None
    for feature in read_features(path):
        if feature["properties"].get("name") == "Taiwan Strait":
            geometry: Polygon = shape(feature["geometry"])
            return geometry
    return None


def round_ring(ring: Any) -> list[list[float]]:
    """Coordinates of a ring as [lon, lat] lists rounded to the output precision."""
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords]


def feature_of(strait: Polygon, area_km2: float) -> dict[str, Any]:
    """The strait's GeoJSON feature."""
    rings = [round_ring(strait.exterior), *(round_ring(r) for r in strait.interiors)]
    return {
        "type": "Feature",
        "properties": {
            "id": "taiwan-strait",
            "name": "Taiwan Strait",
            "name_zh": "臺灣海峽",
            "definition": DEFINITION,
            "area_km2": area_km2,
            "source": SOURCE,
            "source_url": SOURCE_URL,
            "precision": PRECISION,
        },
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


def build_strait(natural_earth: Path, limits_path: Path, out: Path) -> StraitSummary:
    """Build the strait layer into `out` and return its figures."""
    limits = read_limits(limits_path)
    min_lon, min_lat, max_lon, max_lat = MultiLineString([limits["north"], limits["south"]]).bounds
    frame = box(
        min_lon - MARGIN_DEG, min_lat - MARGIN_DEG, max_lon + MARGIN_DEG, max_lat + MARGIN_DEG
    )
    land = read_land(natural_earth, frame)
    water = frame.difference(land)
    joined = {key: reach_land(line, land) for key, line in limits.items()}
    between = shapely.convex_hull(MultiLineString([limits["north"], limits["south"]]))
    lines = [joined[key][0] for key in ("north", "south")]
    strait, left_out = cut_strait(water, lines, between, frame)
    check_closed(strait, frame)
    display = simplify_for_display(strait)
    feature = feature_of(display, 0.0)
    # The area is that of the geometry as written, so anyone can reproduce it from the file.
    area_km2 = round(geodesic_area_km2(shape(feature["geometry"])), 1)
    feature["properties"]["area_km2"] = area_km2
    write_feature_collection(out, [feature], spacing="compact", decimals=DECIMALS)

    reference = natural_earth_strait(natural_earth)
    return StraitSummary(
        area_km2=area_km2,
        left_out_km2=tuple(left_out),
        coast_gaps_m=tuple(
            (key, joined[key][1][0], joined[key][1][1]) for key in ("north", "south")
        ),
        natural_earth_area_km2=None if reference is None else geodesic_area_km2(reference),
        overlap_with_natural_earth_km2=(
            None if reference is None else geodesic_area_km2(reference.intersection(display))
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--natural-earth", type=Path, default=DEFAULT_NATURAL_EARTH)
    parser.add_argument("--limits", type=Path, default=DEFAULT_LIMITS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for path in (args.natural_earth / LAND_FILE, args.natural_earth / MINOR_ISLANDS_FILE):
        if not path.is_file():
            parser.error(f"expected the Natural Earth file {path}, found no such file")
    if not args.limits.is_file():
        parser.error(f"expected the limits file {args.limits}, found no such file")
    summary = build_strait(args.natural_earth, args.limits, args.out)
    print(f"wrote {args.out}: {args.out.stat().st_size:,} bytes")
    print(f"Taiwan Strait area: {summary.area_km2:,.1f} km² (geodesic, WGS84)")
    for limit, first, last in summary.coast_gaps_m:
        print(f"{limit} limit: ends joined to the coast over {first:.0f} m and {last:.0f} m")
    print(
        f"enclosed water pieces cut off from the strait and left out: {len(summary.left_out_km2)} "
        f"({', '.join(f'{a:.2f}' for a in summary.left_out_km2) or 'none'} km²)"
    )
    if summary.natural_earth_area_km2 is None or summary.overlap_with_natural_earth_km2 is None:
        print(f"cross-check skipped: no 'Taiwan Strait' polygon in {MARINE_FILE}")
    else:
        share = summary.overlap_with_natural_earth_km2 / summary.natural_earth_area_km2
        print(
            f"Natural Earth's 'Taiwan Strait' marine polygon (23.05–25.27°N only): "
            f"{summary.natural_earth_area_km2:,.1f} km², of which {share:.1%} lies inside ours; "
            f"ours is {summary.area_km2 / summary.natural_earth_area_km2:.2f}× its area"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
