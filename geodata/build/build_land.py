"""Build geodata/land.geojson: Natural Earth 1:10m land + minor islands, clipped and simplified."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LinearRing, LineString, Polygon, box, shape
from shapely.geometry.polygon import orient

from straitmap.geojson_text import read_features, write_feature_collection
from straitmap.measure import GEOD

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NATURAL_EARTH = REPO_ROOT.parent / "shared" / "data" / "natural-earth"
DEFAULT_OUT = REPO_ROOT / "geodata" / "land.geojson"

LAND_FILE = "ne_10m_land.json"
MINOR_ISLANDS_FILE = "ne_10m_minor_islands.json"

#: The project's region (DESIGN §1): lon 100–150°E, lat 0–46°N.
REGION = (100.0, 0.0, 150.0, 46.0)
#: Around the Taiwan Strait every island is kept and drawn with the fine tolerance.
DETAIL_BOX = (115.0, 20.0, 124.0, 28.0)
#: Simplification tolerances in degrees (display only): ~110 m near the strait, ~1.1 km elsewhere.
FINE_TOLERANCE = 0.001
COARSE_TOLERANCE = 0.01
#: Output grid in degrees: 4 decimals is ~11 m, far below the simplification tolerance.
GRID = 1e-4
DECIMALS = 4
#: Islands outside the detail box below this area (geodesic km², unsimplified) are dropped.
MIN_AREA_KM2 = 0.5

SOURCE_URL = "https://www.naturalearthdata.com/downloads/10m-physical-vectors/"
SOURCES = {
    "land": "Natural Earth 1:10m land",
    "minor island": "Natural Earth 1:10m minor islands",
}
NAMES = {"land": "Land", "minor island": "Minor island"}
#: Kept short: it repeats on every feature; geodata/README.md gives the full recipe.
PRECISION = f"1:10m; simplified for display (tolerance {FINE_TOLERANCE}°/{COARSE_TOLERANCE}°)"


@dataclass(frozen=True)
class Piece:
    """One polygon of the output with the Natural Earth file it came from."""

    kind: str
    polygon: Polygon


@dataclass(frozen=True)
class BuildSummary:
    """What a build kept and dropped, for the script's printout."""

    kept: int
    dropped: int
    dropped_area_km2: float
    duplicates: int


def read_polygons(path: Path) -> list[Polygon]:
    """Read every polygon of a GeoJSON FeatureCollection, exploding multipolygons."""
    return list(explode(shape(feature["geometry"]) for feature in read_features(path)))


def explode(geometries: Iterable[Any]) -> Iterator[Polygon]:
    """Yield the non-empty polygons inside each geometry (collections are flattened)."""
    for geometry in geometries:
        if geometry.is_empty:
            continue
        if isinstance(geometry, Polygon):
            yield geometry
        elif hasattr(geometry, "geoms"):
            yield from explode(geometry.geoms)


def clip_polygons(polygons: Iterable[Polygon], bounds: tuple[float, ...]) -> list[Polygon]:
    """Clip polygons to a lon/lat box, dropping those outside it."""
    region = box(*bounds)
    return list(explode(p.intersection(region) for p in polygons if p.intersects(region)))


def geodesic_area_km2(polygon: Polygon) -> float:
    """Area of a lon/lat polygon on the WGS84 ellipsoid, in km²."""
    area, _ = GEOD.geometry_area_perimeter(polygon)
    return abs(area) / 1e6


def in_detail_box(coords: np.ndarray) -> np.ndarray:
    """Which vertices lie inside the detail box."""
    min_lon, min_lat, max_lon, max_lat = DETAIL_BOX
    lon, lat = coords[:, 0], coords[:, 1]
    return (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)


def simplify_ring(coords: np.ndarray) -> np.ndarray:
    """Douglas-Peucker a closed ring run by run: fine tolerance inside the detail box.

    The vertices where a run changes tolerance are kept, so the runs join up exactly.
    """
    points = coords[:-1]
    fine = in_detail_box(points)
    changes = np.flatnonzero(fine != np.roll(fine, 1))
    if changes.size == 0:
        tolerance = FINE_TOLERANCE if fine[0] else COARSE_TOLERANCE
        return np.asarray(LinearRing(coords).simplify(tolerance, preserve_topology=True).coords)
    points = np.roll(points, -changes[0], axis=0)
    fine = np.roll(fine, -changes[0])
    bounds = [*(changes - changes[0]).tolist(), len(points)]
    closed = np.vstack([points, points[:1]])
    kept: list[np.ndarray] = []
    for start, end in itertools.pairwise(bounds):
        tolerance = FINE_TOLERANCE if fine[start] else COARSE_TOLERANCE
        run = LineString(closed[start : end + 1]).simplify(tolerance, preserve_topology=True)
        kept.append(np.asarray(run.coords)[:-1])
    ring = np.vstack(kept)
    return np.vstack([ring, ring[:1]])


def simplify_polygon(polygon: Polygon) -> list[Polygon]:
    """Simplify for display (fine near the strait), snap to the output grid, orient the rings."""
    if polygon.intersects(box(*DETAIL_BOX)) and not box(*DETAIL_BOX).contains(polygon):
        # Only the mainland and a few large islands straddle the box: simplify each ring by runs.
        rings = [
            simplify_ring(np.asarray(r.coords)) for r in (polygon.exterior, *polygon.interiors)
        ]
        simplified = shapely.make_valid(Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]))
    else:
        tolerance = FINE_TOLERANCE if polygon.intersects(box(*DETAIL_BOX)) else COARSE_TOLERANCE
        simplified = polygon.simplify(tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simplified, GRID)
    return [orient(p, 1.0) for p in explode([snapped])]


def is_covered(polygon: Polygon, cover: Any) -> bool:
    """Whether `cover` covers the polygon up to floating-point noise (99.9 % of its area)."""
    return (
        bool(polygon.intersects(cover)) and polygon.intersection(cover).area >= 0.999 * polygon.area
    )


def sort_key(polygon: Polygon) -> tuple[float, float, float]:
    """Deterministic order: west to east, then south to north, then by size."""
    min_lon, min_lat, _, _ = polygon.bounds
    return (round(min_lon, DECIMALS), round(min_lat, DECIMALS), round(polygon.area, 10))


def build_pieces(
    land: Sequence[Polygon], minor_islands: Sequence[Polygon]
) -> tuple[list[Piece], BuildSummary]:
    """Clip, de-duplicate, drop far-off specks, simplify and sort the land polygons."""
    land_clipped = clip_polygons(land, REGION)
    minor_clipped = clip_polygons(minor_islands, REGION)
    land_union = shapely.union_all(land_clipped)
    # Some minor islands repeat an island already in the land file: drawing both adds nothing.
    minor_unique = [p for p in minor_clipped if not is_covered(p, land_union)]
    duplicates = len(minor_clipped) - len(minor_unique)

    detail = box(*DETAIL_BOX)
    pieces: list[Piece] = []
    dropped_areas: list[float] = []
    for kind, polygons in (("land", land_clipped), ("minor island", minor_unique)):
        for polygon in polygons:
            area_km2 = geodesic_area_km2(polygon)
            if area_km2 < MIN_AREA_KM2 and not polygon.intersects(detail):
                dropped_areas.append(area_km2)
                continue
            pieces.extend(Piece(kind, p) for p in simplify_polygon(polygon))
    pieces.sort(key=lambda piece: (*sort_key(piece.polygon), piece.kind))
    summary = BuildSummary(
        kept=len(pieces),
        dropped=len(dropped_areas),
        dropped_area_km2=sum(dropped_areas),
        duplicates=duplicates,
    )
    return pieces, summary


def round_ring(ring: Any) -> list[list[float]]:
    """Coordinates of a ring as [lon, lat] lists rounded to the output precision."""
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords]


def feature_of(piece: Piece, number: int) -> dict[str, Any]:
    """The GeoJSON feature of one polygon, with the catalog's properties."""
    polygon = piece.polygon
    rings = [round_ring(polygon.exterior), *(round_ring(r) for r in polygon.interiors)]
    return {
        "type": "Feature",
        "properties": {
            "id": f"land-{number:04d}",
            "name": NAMES[piece.kind],
            "kind": piece.kind,
            "source": SOURCES[piece.kind],
            "source_url": SOURCE_URL,
            "precision": PRECISION,
        },
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


def build_land(natural_earth: Path, out: Path) -> BuildSummary:
    """Build the land layer from a Natural Earth folder into `out`."""
    land = read_polygons(natural_earth / LAND_FILE)
    minor_islands = read_polygons(natural_earth / MINOR_ISLANDS_FILE)
    pieces, summary = build_pieces(land, minor_islands)
    features = [feature_of(piece, i) for i, piece in enumerate(pieces, start=1)]
    write_feature_collection(out, features, spacing="compact", decimals=DECIMALS)
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--natural-earth", type=Path, default=DEFAULT_NATURAL_EARTH)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for name in (LAND_FILE, MINOR_ISLANDS_FILE):
        if not (args.natural_earth / name).is_file():
            parser.error(f"expected {name} in {args.natural_earth}, found no such file")
    summary = build_land(args.natural_earth, args.out)
    print(f"wrote {args.out}: {summary.kept} polygons, {args.out.stat().st_size:,} bytes")
    print(f"minor islands already in the land file (skipped): {summary.duplicates}")
    print(
        f"dropped {summary.dropped} polygons under {MIN_AREA_KM2} km² outside the detail box, "
        f"{summary.dropped_area_km2:.2f} km² in total"
    )
    print(f"tolerance: {PRECISION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
