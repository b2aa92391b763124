"""Build geodata/shipping_lanes.geojson: searoute's network in the region and named port routes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, box, shape

from straitmap.geojson_text import read_features, write_feature_collection
from straitmap.io import load_file
from straitmap.measure import GEOD
from straitmap.region import REGION_BOUNDS, in_region
from straitmap.routes import (
    crosses_polygon,
    densify_geodesic,
    geodesic_length_m,
    network_edges,
    sea_route,
)
from straitmap.units import METRES_PER_NMI

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NATURAL_EARTH = REPO_ROOT.parent / "shared" / "data" / "natural-earth"
DEFAULT_CIA_LANES = (
    REPO_ROOT.parent / "shared" / "data" / "shipping-lanes" / "Shipping_Lanes_v1.geojson"
)
DEFAULT_PLACES = REPO_ROOT / "geodata" / "places.geojson"
DEFAULT_STRAIT = REPO_ROOT / "geodata" / "strait.geojson"
DEFAULT_OUT = REPO_ROOT / "geodata" / "shipping_lanes.geojson"

PORTS_FILE = "ne_10m_ports.json"
DECIMALS = 6

SEAROUTE_VERSION = version("searoute")
SOURCE = (
    f"searoute {SEAROUTE_VERSION} (Apache-2.0), network derived from Eurostat SeaRoute/MARNET; "
    "length measured by straitmap"
)
SOURCE_URL = "https://github.com/genthalili/searoute-py"
NOTE = "For visualisation, not navigation"
PRECISION = {
    "network": "model network, for visualisation, not navigation",
    "route": "model route, for visualisation, not navigation",
}

#: Where each port's position comes from: a `port` entry of geodata/places.geojson first, else
#: Natural Earth's ports file by name; Busan is in neither's port list, so its city point
#: from geodata/places.geojson stands in. `zh` names the places entry that gives `name_zh`.
PORTS: dict[str, dict[str, str]] = {
    "shanghai": {"name": "Shanghai", "ne_port": "Shanghai", "zh": "place-shanghai"},
    "singapore": {"name": "Singapore", "ne_port": "Singapore", "zh": "place-singapore"},
    "hong-kong": {"name": "Hong Kong", "ne_port": "Hong Kong", "zh": "place-hong-kong"},
    "ningbo": {"name": "Ningbo", "ne_port": "Ningbo", "zh": "place-ningbo"},
    "busan": {"name": "Busan", "place": "place-busan", "zh": "place-busan"},
    "tokyo": {"name": "Tokyo", "ne_port": "Tokyo", "zh": "place-tokyo"},
    "kaohsiung": {"name": "Kaohsiung", "place": "place-kaohsiung-port", "zh": "place-kaohsiung"},
    "keelung": {"name": "Keelung", "ne_port": "Keelung", "zh": "place-keelung"},
    "xiamen": {"name": "Xiamen", "ne_port": "Xiamen", "zh": "place-xiamen"},
    "taichung": {"name": "Taichung", "place": "place-taichung-port", "zh": "place-taichung"},
    "manila": {"name": "Manila", "ne_port": "Manila", "zh": "place-manila"},
}

#: The named routes (from, to): the route is computed in this direction.
ROUTE_PAIRS: tuple[tuple[str, str], ...] = (
    ("shanghai", "singapore"),
    ("shanghai", "hong-kong"),
    ("ningbo", "singapore"),
    ("busan", "singapore"),
    ("busan", "hong-kong"),
    ("tokyo", "singapore"),
    ("tokyo", "hong-kong"),
    ("kaohsiung", "shanghai"),
    ("keelung", "xiamen"),
    ("taichung", "hong-kong"),
    ("manila", "shanghai"),
    ("xiamen", "kaohsiung"),
)

#: Comparison with the CIA-derived lanes: distance thresholds (the first is the headline
#: figure) and the sampling step along routes and lanes.
COMPARE_WITHIN_M = (20_000.0, 50_000.0)
COMPARE_STEP_M = 1_000.0


@dataclass(frozen=True)
class Port:
    """A port's name, position and where the position comes from."""

    slug: str
    name: str
    name_zh: str
    lon: float
    lat: float
    origin: str


@dataclass(frozen=True)
class Lane:
    """One output line before it becomes a feature."""

    kind: str
    line: LineString
    from_port: Port | None = None
    to_port: Port | None = None


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote, for the script's printout."""

    network: int
    routes: list[tuple[str, float, float, bool]]
    clipped_edges: int
    ports: list[Port]


def read_layer(path: Path, layer_id: str) -> Any:
    """A project layer read by the library's loader, checked against its catalog entry."""
    result = load_file(path, layer_id)
    if not result.report.ok:
        raise ValueError(
            f"{path}: expected a clean {layer_id} layer, found {result.report.summary()}"
        )
    return result.frame


def read_ports(places_path: Path, ne_ports_path: Path) -> dict[str, Port]:
    """Resolve every port of `PORTS` to a position, failing loudly if one is missing."""
    layer = read_layer(places_path, "places")
    places = {
        str(place_id): (point, name_zh if isinstance(name_zh, str) else "")
        for place_id, point, name_zh in zip(
            layer["id"], layer.geometry, layer["name_zh"], strict=True
        )
    }
    ne_ports: dict[str, list[dict[str, Any]]] = {}
    for feature in read_features(ne_ports_path):
        ne_ports.setdefault(feature["properties"].get("name") or "", []).append(feature)
    ports: dict[str, Port] = {}
    for slug, spec in PORTS.items():
        if "place" in spec:
            point = places[spec["place"]][0]
            lon, lat = point.x, point.y
            origin = f"geodata/places.geojson {spec['place']}"
        else:
            matches = [
                f
                for f in ne_ports.get(spec["ne_port"], [])
                if in_region(*f["geometry"]["coordinates"])
            ]
            if len(matches) != 1:
                raise ValueError(
                    f"expected one Natural Earth port named {spec['ne_port']!r} in the region, "
                    f"found {len(matches)}"
                )
            lon, lat = matches[0]["geometry"]["coordinates"]
            origin = f"Natural Earth 1:10m ports: {spec['ne_port']}"
        zh = places[spec["zh"]][1]
        ports[slug] = Port(slug, spec["name"], zh, float(lon), float(lat), origin)
    return ports


def read_strait(path: Path) -> Any:
    """The strait polygon (one feature)."""
    geometries = list(read_layer(path, "strait").geometry)
    if len(geometries) != 1:
        raise ValueError(f"{path} should hold one feature, found {len(geometries)}")
    return geometries[0]


def canonical(line: LineString) -> LineString:
    """The line in a fixed direction (and, if closed, from a fixed start), for stable output."""
    coords = [(round(x, 9), round(y, 9)) for x, y in line.coords]
    if coords[0] == coords[-1]:
        ring = coords[:-1]
        start = ring.index(min(ring))
        ring = ring[start:] + ring[:start]
        if ring[-1] < ring[1]:
            ring = [ring[0], *reversed(ring[1:])]
        return LineString([*ring, ring[0]])
    return LineString(coords if coords[0] <= coords[-1] else coords[::-1])


def network_lines() -> tuple[list[LineString], int]:
    """searoute's edges in the region, chained into lines between junctions, in stable order."""
    edges = network_edges(REGION_BOUNDS)
    merged = shapely.line_merge(MultiLineString(edges))
    parts = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
    lines = sorted((canonical(p) for p in parts), key=lambda g: tuple(g.coords))
    return lines, len(edges)


def route_lanes(ports: dict[str, Port]) -> list[Lane]:
    """The named routes, each checked to stay inside the region."""
    lanes = []
    for start, end in ROUTE_PAIRS:
        a, b = ports[start], ports[end]
        line = sea_route((a.lon, a.lat), (b.lon, b.lat)).line
        outside = [(x, y) for x, y in line.coords if not in_region(x, y)]
        if outside:
            raise ValueError(
                f"route {start}-{end}: expected every vertex inside the region {REGION_BOUNDS}, "
                f"found {len(outside)} outside, e.g. {outside[0]}"
            )
        lanes.append(Lane("route", line, a, b))
    return lanes


def rounded(line: LineString) -> list[list[float]]:
    """[lon, lat] lists at the output precision."""
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in line.coords]


def feature_of(lane: Lane, lane_id: str, strait: Any) -> dict[str, Any]:
    """The GeoJSON feature of one lane; lengths are measured on the unrounded geometry."""
    length_m = geodesic_length_m(lane.line)
    properties: dict[str, Any] = {"id": lane_id}
    if lane.from_port is not None and lane.to_port is not None:
        properties["name"] = f"{lane.from_port.name} – {lane.to_port.name}"
        if lane.from_port.name_zh and lane.to_port.name_zh:
            properties["name_zh"] = f"{lane.from_port.name_zh}－{lane.to_port.name_zh}"
        properties["kind"] = lane.kind
        properties["from_port"] = lane.from_port.name
        properties["to_port"] = lane.to_port.name
    else:
        properties["name"] = "Maritime network edge"
        properties["kind"] = lane.kind
    properties |= {
        "length_km": round(length_m / 1000, 1),
        "length_nmi": round(length_m / METRES_PER_NMI, 1),
        "via_strait": crosses_polygon(lane.line, strait),
        "note": NOTE,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "precision": PRECISION[lane.kind],
    }
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "LineString", "coordinates": rounded(lane.line)},
    }


def build_features(
    places: Path, natural_earth: Path, strait_path: Path
) -> tuple[list[dict[str, Any]], BuildSummary]:
    """Every feature of the layer, sorted by id, and a summary."""
    strait = read_strait(strait_path)
    ports = read_ports(places, natural_earth / PORTS_FILE)
    network, clipped_edges = network_lines()
    features = [
        feature_of(Lane("network", line), f"lane-net-{i:04d}", strait)
        for i, line in enumerate(network, start=1)
    ]
    routes = []
    for lane in route_lanes(ports):
        assert lane.from_port is not None
        assert lane.to_port is not None
        feature = feature_of(lane, f"route-{lane.from_port.slug}-{lane.to_port.slug}", strait)
        features.append(feature)
        p = feature["properties"]
        routes.append((p["id"], p["length_km"], p["length_nmi"], p["via_strait"]))
    features.sort(key=lambda f: f["properties"]["id"])
    ids = [f["properties"]["id"] for f in features]
    if len(set(ids)) != len(ids):
        raise ValueError("expected unique feature ids, found duplicates")
    return features, BuildSummary(len(network), routes, clipped_edges, list(ports.values()))


def build_shipping_lanes(
    places: Path, natural_earth: Path, strait: Path, out: Path
) -> BuildSummary:
    """Build the shipping_lanes layer into `out`."""
    features, summary = build_features(places, natural_earth, strait)
    write_feature_collection(out, features, spacing="compact", decimals=DECIMALS)
    return summary


def densified_vertices(lines: Iterable[LineString], step_m: float) -> np.ndarray:
    """All vertices of the lines after geodesic densification, as an (n, 2) lon/lat array."""
    arrays = [np.asarray(densify_geodesic(line, step_m).coords) for line in lines]
    return np.vstack(arrays) if arrays else np.empty((0, 2))


def geodesic_midpoints(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Midpoints of many geodesic segments at once."""
    azimuth, _, distance = GEOD.inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = GEOD.fwd(lon1, lat1, azimuth, np.asarray(distance) / 2)
    return np.asarray(lon), np.asarray(lat)


def share_near_lanes(
    route: LineString, lane_points: np.ndarray, tree: shapely.STRtree, within_m: float
) -> float:
    """Share of the route's geodesic length within `within_m` of a lane vertex.

    The route is cut into pieces of at most COMPARE_STEP_M; a piece counts when its midpoint
    lies within the threshold (geodesic distance to the nearest densified lane vertex).
    """
    coords = np.asarray(densify_geodesic(route, COMPARE_STEP_M).coords)
    lon1, lat1, lon2, lat2 = coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1]
    _, _, piece_m = GEOD.inv(lon1, lat1, lon2, lat2)
    mid_lon, mid_lat = geodesic_midpoints(lon1, lat1, lon2, lat2)
    # A window generous in degrees, then the geodesic test decides.
    half_lat = within_m / 100_000.0
    half_lon = half_lat / np.cos(np.radians(np.abs(mid_lat) + half_lat))
    windows = shapely.box(
        mid_lon - half_lon, mid_lat - half_lat, mid_lon + half_lon, mid_lat + half_lat
    )
    piece_index, point_index = tree.query(windows, predicate="intersects")
    near = np.zeros(len(piece_m), dtype=bool)
    if piece_index.size:
        _, _, d = GEOD.inv(
            mid_lon[piece_index],
            mid_lat[piece_index],
            lane_points[point_index, 0],
            lane_points[point_index, 1],
        )
        near[np.unique(piece_index[d <= within_m])] = True
    return float(piece_m[near].sum() / piece_m.sum())


def compare_with_cia_lanes(
    features: Sequence[dict[str, Any]], cia_path: Path, within_m: float
) -> tuple[float, dict[str, float]]:
    """Length-weighted share of the named routes within `within_m` of a CIA-map "Major" lane.

    The CIA-derived lanes have an unclear licence: they are only compared against, never
    written into the layer.
    """
    frame = box(*REGION_BOUNDS).buffer(1.0)
    majors = [
        part
        for feature in read_features(cia_path)
        if feature["properties"].get("Type") == "Major"
        for part in _line_parts(shape(feature["geometry"]).intersection(frame))
    ]
    lane_points = densified_vertices(majors, COMPARE_STEP_M)
    tree = shapely.STRtree(shapely.points(lane_points))
    shares: dict[str, float] = {}
    weighted = 0.0
    total = 0.0
    for feature in features:
        if feature["properties"]["kind"] != "route":
            continue
        route = shape(feature["geometry"])
        share = share_near_lanes(route, lane_points, tree, within_m)
        shares[feature["properties"]["id"]] = share
        weighted += share * feature["properties"]["length_km"]
        total += feature["properties"]["length_km"]
    return weighted / total, shares


def _line_parts(geometry: Any) -> list[LineString]:
    """The non-empty LineStrings inside a geometry."""
    if isinstance(geometry, LineString):
        return [geometry] if not geometry.is_empty and len(geometry.coords) > 1 else []
    return [p for g in getattr(geometry, "geoms", []) for p in _line_parts(g)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--natural-earth", type=Path, default=DEFAULT_NATURAL_EARTH)
    parser.add_argument("--places", type=Path, default=DEFAULT_PLACES)
    parser.add_argument("--strait", type=Path, default=DEFAULT_STRAIT)
    parser.add_argument(
        "--cia-lanes",
        type=Path,
        default=DEFAULT_CIA_LANES,
        help="CIA-derived lanes, only compared against (skipped when missing)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for path in (args.natural_earth / PORTS_FILE, args.places, args.strait):
        if not path.is_file():
            parser.error(f"expected a file at {path}, found none")
    summary = build_shipping_lanes(args.places, args.natural_earth, args.strait, args.out)
    print(f"wrote {args.out}: {args.out.stat().st_size:,} bytes")
    print(
        f"network: {summary.clipped_edges} searoute edges in {REGION_BOUNDS}, "
        f"chained into {summary.network} lines (lane-net-0001…)"
    )
    print("port positions:")
    for port in summary.ports:
        print(f"  {port.name:10s} {port.lon:.6f}, {port.lat:.6f}  from {port.origin}")
    print(f"named routes: {len(summary.routes)}")
    for route_id, km, nmi, via in summary.routes:
        print(f"  {route_id:32s} {km:8.1f} km {nmi:8.1f} nmi  via_strait={via}")
    if args.cia_lanes.is_file():
        features = read_features(args.out)
        results = [compare_with_cia_lanes(features, args.cia_lanes, d) for d in COMPARE_WITHIN_M]
        print(f"comparison only, against the CIA-map 'Major' lanes in {args.cia_lanes.name}:")
        for within_m, (overall, _) in zip(COMPARE_WITHIN_M, results, strict=True):
            print(
                f"  {overall:.1%} of the named routes' length lies within "
                f"{within_m / 1000:.0f} km of a Major lane"
            )
        header = "".join(f"{f'≤{d / 1000:.0f} km':>9s}" for d in COMPARE_WITHIN_M)
        print(f"  {'route':32s}{header}")
        for route_id in results[0][1]:
            row = "".join(f"{shares[route_id]:9.1%}" for _, shares in results)
            print(f"  {route_id:32s}{row}")
    else:
        print(f"comparison skipped: {args.cia_lanes} not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
