"""Sea routes on the maritime network that `searoute` ships, measured geodesically on WGS84."""

from __future__ import annotations

import copy
import functools
import importlib.util
import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Any, Final, TypeAlias

import numpy as np
import shapely
from pyproj import Geod
from searoute import searoute as searoute_route
from searoute.classes.marnet import Marnet
from searoute.classes.ports import Ports
from searoute.utils import from_nodes_edges_set
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box

from straitmap.errors import RouteError

__all__ = [
    "Bounds",
    "LonLat",
    "RouteError",
    "crosses_polygon",
    "densify_geodesic",
    "geodesic_length_m",
    "network_edges",
    "sea_route",
]

#: A position as (longitude, latitude) in degrees, WGS84: GeoJSON order, not the typed order.
LonLat: TypeAlias = tuple[float, float]
#: (min lon, min lat, max lon, max lat) in degrees, WGS84.
Bounds: TypeAlias = tuple[float, float, float, float]

GEOD: Final = Geod(ellps="WGS84")
#: searoute's default restriction: the Northwest Passage is closed unless asked for.
DEFAULT_RESTRICTIONS: Final = ("northwest",)
#: Spacing used to follow a segment's geodesic before planar tests in lon/lat.
DENSIFY_STEP_M: Final = 10_000.0
#: The searoute backend we always use; its algorithms are rebound per backend (see sea_route).
_BACKEND: Final = "networkx"

NodeSet: TypeAlias = dict[tuple[float, float], dict[str, Any]]
EdgeSet: TypeAlias = dict[tuple[float, float], dict[tuple[float, float], dict[str, Any]]]


@functools.cache
def _shipped_network() -> tuple[NodeSet, EdgeSet]:
    """searoute's network (`searoute/data/marnet_dict.py`), loaded into dicts only we hold.

    searoute's own cached graph (`searoute.setup_M()`) *is* that module's dicts, and every call
    of `searoute.searoute` mutates it (`M.restrictions = ...`). Executing the module a second
    time, without registering it in `sys.modules`, gives fresh dicts that nothing else can
    reach, whatever other code in the process has done to searoute's graph.
    """
    spec = importlib.util.find_spec("searoute.data.marnet_dict")
    if spec is None or spec.loader is None:
        raise RouteError("expected searoute's network module searoute.data.marnet_dict, found none")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    nodes: NodeSet = module.node_list
    edges: EdgeSet = module.edge_list
    return nodes, edges


def _private_graph() -> Any:
    """A searoute `Marnet` built from a deep copy of the shipped network: one per route call."""
    nodes, edges = _shipped_network()
    graph = Marnet(backend=_BACKEND)
    return from_nodes_edges_set(graph, copy.deepcopy(nodes), copy.deepcopy(edges))


def _check_lon_lat(point: Sequence[float], role: str) -> LonLat:
    """`point` as a (lon, lat) float pair, or a RouteError saying what is wrong with it."""
    if len(point) != 2:
        raise RouteError(f"{role}: expected (lon, lat), found {len(point)} values: {point!r}")
    lon, lat = float(point[0]), float(point[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise RouteError(f"{role}: expected finite (lon, lat), found ({lon}, {lat})")
    if not -90.0 <= lat <= 90.0:
        hint = "; was it given as (lat, lon)?" if -90.0 <= lon <= 90.0 else ""
        raise RouteError(f"{role}: expected latitude within ±90°, found {lat}{hint}")
    if not -180.0 <= lon <= 180.0:
        raise RouteError(f"{role}: expected longitude within ±180°, found {lon}")
    return lon, lat


def sea_route(
    origin: Sequence[float], destination: Sequence[float], *, append_endpoints: bool = False
) -> LineString:
    """The shortest sea route between two positions on searoute's maritime network.

    Parameters
    ----------
    origin, destination
        Positions as **(longitude, latitude)** in degrees, WGS84 (GeoJSON order). Each is
        snapped to the nearest network node (searoute's rule: nearest in plain degrees), so a
        route starts and ends at sea, typically within a few tens of km of a port.
    append_endpoints
        Also draw straight segments from `origin` to the first node and from the last node to
        `destination`. Off by default: those segments can cross land.

    Returns
    -------
    A LineString in (lon, lat) order. Longitudes may run past ±180° on routes that cross the
    antimeridian (searoute keeps the line continuous); none do inside the project's region.

    Raises
    ------
    RouteError
        A position is not a finite (lon, lat) pair, or no route joins the two positions
        (both snap to the same node, or the network has no path).

    Notes
    -----
    `searoute.searoute` mutates the graph it routes on (it assigns `M.restrictions`) and by
    default shares one cached graph per process. Every call here builds a private graph from
    a deep copy of the shipped network, so calls are independent of each other and of any
    other use of searoute. It costs ~0.2 s per call.

    >>> line = sea_route((118.02, 24.45), (120.31, 22.57))  # Xiamen to Kaohsiung
    >>> 350_000 < geodesic_length_m(line) < 500_000
    True
    """
    start = _check_lon_lat(origin, "origin")
    end = _check_lon_lat(destination, "destination")
    graph = _private_graph()
    # Graph construction rebinds searoute's module-level path functions to the graph's
    # backend; constructing ours just now pins them to networkx for this call. The empty
    # Ports graph stops searoute loading (and sharing) its port list, unused without
    # include_ports; the fresh restrictions list avoids its mutable default argument.
    feature = searoute_route(
        start,
        end,
        restrictions=list(DEFAULT_RESTRICTIONS),
        M=graph,
        P=Ports(backend=_BACKEND),
        backend=_BACKEND,
    )
    coordinates = [(float(x), float(y)) for x, y in feature["geometry"]["coordinates"]]
    if append_endpoints and coordinates:
        # searoute's own append_orig_dest only acts when include_ports moved an end point.
        coordinates = [start, *coordinates] if coordinates[0] != start else coordinates
        coordinates = [*coordinates, end] if coordinates[-1] != end else coordinates
    if len(coordinates) < 2:
        raise RouteError(
            f"no sea route from {start} to {end}: expected two or more network nodes, found "
            f"{len(coordinates)} (both ends snap to the same node, or no path exists)"
        )
    return LineString(coordinates)


def geodesic_length_m(line: LineString | MultiLineString) -> float:
    """Length of a (lon, lat) line on the WGS84 ellipsoid in metres: the sum of its geodesics.

    >>> round(geodesic_length_m(LineString([(120.0, 24.0), (121.0, 24.0)])))
    101752
    """
    return float(GEOD.geometry_length(line))


def _parts(line: LineString | MultiLineString) -> Iterator[LineString]:
    """The LineStrings of a line or multi-line."""
    if isinstance(line, MultiLineString):
        yield from line.geoms
    else:
        yield line


def densify_geodesic(line: LineString, max_step_m: float = DENSIFY_STEP_M) -> LineString:
    """The line with points added along each segment's geodesic, at most `max_step_m` apart.

    Planar tests in lon/lat treat a segment as straight in degrees; after densifying they
    follow the geodesic to within a few metres for the default 10 km step.
    """
    if max_step_m <= 0:
        raise RouteError(f"max_step_m: expected a positive distance, found {max_step_m}")
    coords = list(line.coords)
    out: list[tuple[float, float]] = [coords[0]]
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords):
        _, _, distance = GEOD.inv(lon1, lat1, lon2, lat2)
        extra = math.ceil(distance / max_step_m) - 1
        if extra > 0:
            out.extend(GEOD.npts(lon1, lat1, lon2, lat2, extra))
        out.append((lon2, lat2))
    return LineString(out)


def crosses_polygon(line: LineString | MultiLineString, polygon: Polygon | MultiPolygon) -> bool:
    """Whether the line passes through the polygon's interior (touching its edge is not enough).

    Each segment is followed along its geodesic (see `densify_geodesic`) before the test.
    """
    return any(
        bool(shapely.relate_pattern(densify_geodesic(part), polygon, "T********"))
        for part in _parts(line)
    )


def _check_bounds(bounds: Sequence[float]) -> Bounds:
    """`bounds` as floats, or a RouteError saying what is wrong with them."""
    if len(bounds) != 4:
        raise RouteError(f"bounds: expected (min lon, min lat, max lon, max lat), found {bounds!r}")
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in bounds)
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise RouteError(f"bounds: expected finite numbers, found {bounds!r}")
    if not (min_lon < max_lon and min_lat < max_lat):
        raise RouteError(
            f"bounds: expected min < max for lon and lat, found {bounds!r} "
            "(boxes across the antimeridian are not supported: split them in two)"
        )
    if min_lon < -180.0 or max_lon > 180.0 or min_lat < -90.0 or max_lat > 90.0:
        raise RouteError(f"bounds: expected lon within ±180° and lat within ±90°, found {bounds!r}")
    return min_lon, min_lat, max_lon, max_lat


def network_edges(bounds: Sequence[float]) -> list[LineString]:
    """searoute's network edges inside a lon/lat box, clipped to it, in a stable order.

    Each undirected edge of the routing graph is one two-point LineString (the graph holds
    each edge in both directions; it is returned once, from its smaller (lon, lat) end).
    An edge across the antimeridian is drawn the short way (its second longitude may pass
    ±180°), so the network's seam edges from (180, y) to (-180, y) vanish instead of
    spanning the globe. Clipping is planar in lon/lat: exact on the box's meridians and
    parallels for the segment as drawn. Edges that only touch the box are left out; edges
    lying along its sides are kept.

    >>> edges = network_edges((119.0, 22.0, 121.0, 25.0))
    >>> len(edges) > 10 and all(len(e.coords) == 2 for e in edges)
    True
    """
    min_lon, min_lat, max_lon, max_lat = _check_bounds(bounds)
    _, edges = _shipped_network()
    pairs = sorted({(u, v) if u < v else (v, u) for u, nbrs in edges.items() for v in nbrs})
    segments = np.array([[u, v] for u, v in pairs], dtype=float)
    # Edges across the antimeridian are drawn the short way, as searoute draws its routes;
    # the seam's own edges, (180, y) to (-180, y), then have no length and drop out below.
    step = segments[:, 1, 0] - segments[:, 0, 0]
    segments[:, 1, 0] -= 360.0 * np.round(step / 360.0)
    lines = shapely.linestrings(segments)
    frame = box(min_lon, min_lat, max_lon, max_lat)
    candidates = lines[shapely.intersects(lines, frame)]
    clipped = shapely.intersection(candidates, frame)
    kept = [g for g in clipped if isinstance(g, LineString) and g.length > 0]
    return sorted(kept, key=lambda g: tuple(g.coords))
