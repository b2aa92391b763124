"""Sea routes on the maritime network that `searoute` ships, measured geodesically on WGS84."""

from __future__ import annotations

import functools
import importlib.util
import itertools
import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box

from straitmap.errors import RouteError
from straitmap.i18n import N_
from straitmap.measure import GEOD, Distance, PointIndex
from straitmap.names import fold

__all__ = [
    "PASSAGES",
    "STRAIT_CLOSURE_LABEL",
    "Bounds",
    "ClosedArea",
    "ClosureImpact",
    "LonLat",
    "NamedRoute",
    "NoRouteError",
    "RouteError",
    "SeaRoute",
    "Snap",
    "closure_impact",
    "closure_table",
    "crosses_polygon",
    "densify_geodesic",
    "exercise_closure",
    "geodesic_length_m",
    "named_routes",
    "network_edges",
    "sea_route",
    "strait_closure",
    "zone_closure",
]

#: A position as (longitude, latitude) in degrees, WGS84: GeoJSON order, not the typed order.
LonLat: TypeAlias = tuple[float, float]
#: (min lon, min lat, max lon, max lat) in degrees, WGS84.
Bounds: TypeAlias = tuple[float, float, float, float]

#: searoute's default restriction: the Northwest Passage is closed unless asked for.
DEFAULT_RESTRICTIONS: Final = ("northwest",)
#: Spacing used to follow a segment's geodesic before planar tests in lon/lat.
DENSIFY_STEP_M: Final = 10_000.0

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


#: The label of the Taiwan Strait closure (the `strait` layer's polygon).
STRAIT_CLOSURE_LABEL: Final = N_("Taiwan Strait")


@dataclass(frozen=True)
class ClosedArea:
    """An area closed to shipping: every network edge whose geodesic enters it is removed.

    `area` is a Polygon or MultiPolygon in (lon, lat) degrees, WGS84; `label` names it in
    answers ("Taiwan Strait", an exercise, "your polygon").
    """

    label: str
    area: Polygon | MultiPolygon

    def __post_init__(self) -> None:
        if not isinstance(self.area, Polygon | MultiPolygon) or self.area.is_empty:
            found = (
                "an empty geometry"
                if getattr(self.area, "is_empty", False)
                else (type(self.area).__name__)
            )
            raise RouteError(f"closed area {self.label!r}: expected a polygon, found {found}")
        if not self.area.is_valid:
            raise RouteError(
                f"closed area {self.label!r}: expected a valid polygon, found "
                f"{shapely.is_valid_reason(self.area)}"
            )

    @property
    def key(self) -> tuple[str, bytes]:
        """What identifies the closure in the graph cache: its label and exact geometry."""
        return self.label, shapely.to_wkb(self.area)


@dataclass(frozen=True)
class Snap:
    """Where a requested end point joined the network: the nearest node, geodesically."""

    requested: LonLat
    node: LonLat
    distance_m: float


class _Network:
    """searoute's network as a networkx graph with some edges removed; never changed once built.

    Nodes are (lon, lat) tuples; each edge's weight is searoute's own (km, great circle), so
    open routes are exactly searoute's. Reads of a networkx graph are safe across threads.
    """

    def __init__(self, closed: Sequence[ClosedArea]) -> None:
        nodes, edges = _shipped_network()
        graph: nx.Graph = nx.Graph()
        graph.add_nodes_from(nodes)
        removed = _edges_entering(edges, [c.area for c in closed])
        self.removed_edges = len(removed)
        graph.add_edges_from(
            (u, v, {"weight": data["weight"]})
            for u, neighbours in edges.items()
            for v, data in neighbours.items()
            if data.get("passage") not in DEFAULT_RESTRICTIONS and (u, v) not in removed
        )
        self.graph = graph
        joined = [n for n in graph.nodes if graph.degree(n) > 0]
        self.nodes = joined
        self._index = PointIndex([n[0] for n in joined], [n[1] for n in joined])

    def snap(self, point: LonLat) -> Snap:
        """The node nearest `point` on the ellipsoid (exact: `measure.PointIndex`)."""
        index, metres = self._index.nearest([point[0]], [point[1]])
        return Snap(point, self.nodes[int(index[0])], float(metres[0]))


def _edges_entering(
    edges: EdgeSet, areas: Sequence[Polygon | MultiPolygon]
) -> set[tuple[tuple[float, float], tuple[float, float]]]:
    """Every directed edge (both directions) whose geodesic enters one of the areas."""
    if not areas:
        return set()
    pairs = sorted({(u, v) if u < v else (v, u) for u, nbrs in edges.items() for v in nbrs})
    segments = shapely.linestrings(np.array([[u, v] for u, v in pairs], dtype=float))
    removed: set[tuple[tuple[float, float], tuple[float, float]]] = set()
    for area in areas:
        # A geodesic bulges from its straight line in degrees by well under 5° for the
        # network's edges (at most a few hundred km inside the region): test those nearby.
        near = box(*area.buffer(5.0).bounds)
        for i in np.flatnonzero(shapely.intersects(segments, near)):
            u, v = pairs[i]
            if crosses_polygon(LineString([u, v]), area) or any(
                area.contains(shapely.Point(p)) for p in (u, v)
            ):
                removed.update({(u, v), (v, u)})
    return removed


_NETWORKS_LOCK: Final = threading.Lock()


@functools.lru_cache(maxsize=16)
def _network(closure_keys: tuple[tuple[str, bytes], ...]) -> _Network:
    """The network with these closures, built once per closure set (see `sea_route`)."""
    closed = [ClosedArea(label, shapely.from_wkb(wkb)) for label, wkb in closure_keys]
    return _Network(closed)


def _network_for(closed: Sequence[ClosedArea]) -> _Network:
    key = tuple(sorted({c.key for c in closed}))
    with _NETWORKS_LOCK:  # one build per closure set, even when threads ask at once
        return _network(key)


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


@dataclass(frozen=True)
class SeaRoute:
    """A route on the network, measured by the project on WGS84.

    `line` runs from the origin's network node to the destination's ((lon, lat) order), or
    from the requested points themselves when asked (`append_endpoints`). `strait_parts` are
    the pieces of the route inside the `strait` polygon (empty when it does not cross it).
    """

    line: LineString
    origin: Snap
    destination: Snap
    length: Distance
    closed: tuple[str, ...]
    speed_kn: float | None
    strait_parts: tuple[LineString, ...]

    @property
    def crosses_strait(self) -> bool:
        """Whether the route passes through the Taiwan Strait polygon."""
        return bool(self.strait_parts)

    @property
    def strait_length(self) -> Distance:
        """The length of the route inside the Taiwan Strait polygon."""
        return Distance(sum(geodesic_length_m(part) for part in self.strait_parts))

    @property
    def hours(self) -> float | None:
        """Transit time at `speed_kn` in hours (None when no speed was given)."""
        if self.speed_kn is None:
            return None
        return self.length.nmi / self.speed_kn

    @property
    def days(self) -> float | None:
        """Transit time at `speed_kn` in days of 24 hours (None when no speed was given)."""
        hours = self.hours
        return None if hours is None else hours / 24.0


def sea_route(
    origin: Sequence[float],
    destination: Sequence[float],
    *,
    closed: Sequence[ClosedArea] = (),
    speed_kn: float | None = None,
    append_endpoints: bool = False,
    strait: Polygon | MultiPolygon | None = None,
) -> SeaRoute:
    """The shortest sea route between two positions on searoute's maritime network.

    Parameters
    ----------
    origin, destination
        Positions as **(longitude, latitude)** in degrees, WGS84 (GeoJSON order). Each snaps
        to the nearest node of the open network, measured on the ellipsoid (the answer
        reports the snapping distance); an end that lies in a closed area, or whose node
        does, has no route.
    closed
        Areas closed to shipping (`ClosedArea`): every edge entering one is removed in both
        directions. The network for each set of closures is built once and cached.
    speed_kn
        Speed for the transit time, in knots (see `VESSEL_SPEEDS_KN` for defaults by kind).
    append_endpoints
        Also draw straight segments from `origin` to the first node and from the last node to
        `destination`. Off by default: those segments can cross land.
    strait
        The Taiwan Strait polygon to measure the crossing against (default: the `strait`
        layer).

    Raises
    ------
    RouteError
        A position is not a finite (lon, lat) pair, the speed is not positive, or no route
        joins the two positions (`NoRouteError`: both snap to one node, or closures cut
        every path).

    Notes
    -----
    Open routes are searoute's own: the same network, weights and bidirectional Dijkstra
    (networkx); only the snapping differs (searoute picks the nearest node in plain degrees).
    No graph is ever changed after it is built, so calls are independent and thread-safe.

    >>> route = sea_route((118.02, 24.45), (120.31, 22.57), speed_kn=16)  # Xiamen-Kaohsiung
    >>> 350 < route.length.km < 500, route.crosses_strait, round(route.hours) in range(12, 17)
    (True, True, True)
    """
    start = _check_lon_lat(origin, "origin")
    end = _check_lon_lat(destination, "destination")
    if speed_kn is not None and not (math.isfinite(speed_kn) and speed_kn > 0):
        raise RouteError(f"speed_kn: expected a positive number of knots, found {speed_kn}")
    network = _network_for(closed)
    labels = tuple(dict.fromkeys(c.label for c in closed))
    # Ends join the network where they would with nothing closed: a port whose way onto the
    # network is closed is cut off, not moved to some other node beyond the closure.
    open_network = _network_for(())
    first, last = open_network.snap(start), open_network.snap(end)
    for role, snap in (("origin", first), ("destination", last)):
        for point, where in ((snap.requested, "lies in"), (snap.node, "joins the network in")):
            inside = [c.label for c in closed if c.area.intersects(shapely.Point(point))]
            if inside:
                reason = f"the {role} {where} {inside[0]}, closed"
                raise NoRouteError(start, end, labels, reason=reason)
        if not network.graph.degree(snap.node):
            reason = f"every network edge at the {role} enters {', '.join(labels)}, closed"
            raise NoRouteError(start, end, labels, reason=reason)
    try:
        path = nx.bidirectional_dijkstra(network.graph, first.node, last.node, weight="weight")[1]
    except nx.NetworkXNoPath:
        raise NoRouteError(start, end, labels) from None
    coordinates = [(float(x), float(y)) for x, y in _continuous(path)]
    if len(coordinates) < 2:
        raise NoRouteError(start, end, labels, same_node=True)
    if append_endpoints:
        coordinates = [start, *coordinates] if coordinates[0] != start else coordinates
        coordinates = [*coordinates, end] if coordinates[-1] != end else coordinates
    line = LineString(coordinates)
    strait_area = strait if strait is not None else _strait_polygon()
    return SeaRoute(
        line=line,
        origin=first,
        destination=last,
        length=Distance(geodesic_length_m(line)),
        closed=labels,
        speed_kn=speed_kn,
        strait_parts=_parts_inside(line, strait_area),
    )


def _continuous(path: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Node positions with longitudes unwrapped across the antimeridian, as searoute draws."""
    out: list[tuple[float, float]] = []
    for lon, lat in path:
        if out:
            lon += 360.0 * round((out[-1][0] - lon) / 360.0)
        out.append((lon, lat))
    return out


def _parts_inside(line: LineString, area: Polygon | MultiPolygon) -> tuple[LineString, ...]:
    """The pieces of the line (followed along its geodesics) inside the area, in order."""
    inside = shapely.intersection(densify_geodesic(line), area)
    parts = [g for g in getattr(inside, "geoms", [inside]) if isinstance(g, LineString)]
    return tuple(p for p in parts if not p.is_empty and p.length > 0)


@functools.cache
def _strait_polygon() -> Polygon | MultiPolygon:
    from straitmap.io import load_layer

    geometry = load_layer("strait").geometry.union_all()
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise RouteError(f"strait layer: expected a polygon, found {geometry.geom_type}")
    return geometry


class NoRouteError(RouteError):
    """No sea route joins two positions: both snap to one node, or closures cut every path."""

    def __init__(
        self,
        origin: LonLat,
        destination: LonLat,
        closed: Sequence[str],
        *,
        same_node: bool = False,
        reason: str | None = None,
    ) -> None:
        self.origin, self.destination, self.closed = origin, destination, tuple(closed)
        if reason is not None:
            why = reason
        elif same_node:
            why = "expected two or more network nodes, found 1 (both ends snap to the same node)"
        elif closed:
            why = f"closing {', '.join(closed)} cuts every path"
        else:
            why = "the network has no path between them"
        self.reason = why
        super().__init__(f"no sea route from {origin} to {destination}: {why}")


def strait_closure(strait: Any) -> ClosedArea:
    """The Taiwan Strait closed: the `strait` layer's polygon (a frame, or a geometry)."""
    geometry = _union(strait)
    return ClosedArea(STRAIT_CLOSURE_LABEL, geometry)


def exercise_closure(exercise: str, zones: Any) -> ClosedArea:
    """Every zone of one exercise closed (`pla_exercise_zones`, matched by its `exercise`).

    `exercise` is the exercise's name or a part of it that names one exercise only, compared
    folded (case and accents do not count): "Justice Mission 2025", "August 2022".
    """
    names = sorted({str(n) for n in zones["exercise"].dropna()})
    key = fold(exercise)
    matches = [n for n in names if fold(n) == key] or [n for n in names if key in fold(n)]
    if len(matches) != 1:
        found = "none" if not matches else f"{len(matches)}: {'; '.join(matches)}"
        raise RouteError(
            f"exercise {exercise!r}: expected the name of one exercise ({'; '.join(names)}), "
            f"found {found}"
        )
    (name,) = matches
    return ClosedArea(name, _union(zones[zones["exercise"] == name]))


def zone_closure(zone_id: str, zones: Any) -> ClosedArea:
    """One declared zone closed, by its `id` (e.g. ``ex-2022-08-zone-1``)."""
    chosen = zones[zones["id"] == zone_id]
    if chosen.empty:
        raise RouteError(
            f"zone {zone_id!r}: expected the id of a zone ({', '.join(map(str, zones['id']))})"
        )
    return ClosedArea(str(chosen["name"].iloc[0]), _union(chosen))


def _union(frame_or_geometry: Any) -> Polygon | MultiPolygon:
    geometry = (
        frame_or_geometry.geometry.union_all()
        if hasattr(frame_or_geometry, "geometry")
        else frame_or_geometry
    )
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise RouteError(f"expected polygons to close, found {geometry.geom_type}")
    return geometry


#: Named waters a detour may take, for `ClosureImpact.via`: (name, lon/lat box). Boxes are
#: coarse on purpose (whole degrees around the passage), enough to say which way a route
#: goes, not where the passage's limits are.
PASSAGES: Final[tuple[tuple[str, Bounds], ...]] = (
    (N_("east of Taiwan"), (121.9, 21.9, 124.0, 25.4)),
    (N_("the Luzon Strait"), (119.5, 18.5, 122.5, 21.9)),
    (N_("the Philippine Sea"), (124.0, 15.0, 135.0, 30.0)),
)


@dataclass(frozen=True)
class ClosureImpact:
    """One voyage open and with areas closed, side by side.

    `closed_route` is None when no route exists with the areas closed (`reachable` is False)
    and `no_route` says why (an end lies in a closed area, or the closures cut every path);
    `via` names the waters the closed route takes that the open one does not.
    """

    open_route: SeaRoute
    closed_route: SeaRoute | None
    closed: tuple[str, ...]
    no_route: str | None = None

    @property
    def reachable(self) -> bool:
        """Whether a route exists with the areas closed."""
        return self.closed_route is not None

    @property
    def extra(self) -> Distance | None:
        """How much longer the closed route is (None when there is none)."""
        if self.closed_route is None:
            return None
        return Distance(self.closed_route.length.metres - self.open_route.length.metres)

    @property
    def extra_percent(self) -> float | None:
        """The extra length as a percentage of the open route's."""
        extra = self.extra
        return None if extra is None else 100.0 * extra.metres / self.open_route.length.metres

    @property
    def extra_hours(self) -> float | None:
        """The extra transit time at the speed asked for (None without a speed or a route)."""
        if self.closed_route is None or self.closed_route.hours is None:
            return None
        assert self.open_route.hours is not None
        return self.closed_route.hours - self.open_route.hours

    @property
    def extra_days(self) -> float | None:
        """The extra transit time in days of 24 hours."""
        hours = self.extra_hours
        return None if hours is None else hours / 24.0

    @property
    def via(self) -> tuple[str, ...]:
        """The named waters (`PASSAGES`) the closed route passes and the open one does not."""
        if self.closed_route is None:
            return ()
        closed_line = densify_geodesic(self.closed_route.line)
        open_line = densify_geodesic(self.open_route.line)
        return tuple(
            name
            for name, bounds in PASSAGES
            if closed_line.intersects(box(*bounds)) and not open_line.intersects(box(*bounds))
        )


def closure_impact(
    origin: Sequence[float],
    destination: Sequence[float],
    closed: Sequence[ClosedArea],
    speed_kn: float | None = None,
    *,
    strait: Polygon | MultiPolygon | None = None,
) -> ClosureImpact:
    """The route from `origin` to `destination` open and with `closed` closed, side by side.

    >>> from shapely.geometry import box
    >>> shut = ClosedArea("a box in the strait", box(119.0, 23.0, 120.5, 25.0))
    >>> impact = closure_impact((118.02, 24.45), (121.49, 31.22), [shut], 16)
    >>> impact.reachable, impact.extra.km > 0, impact.extra_hours > 0
    (True, True, True)
    """
    open_route = sea_route(origin, destination, speed_kn=speed_kn, strait=strait)
    labels = tuple(dict.fromkeys(c.label for c in closed))
    try:
        closed_route = sea_route(
            origin, destination, closed=closed, speed_kn=speed_kn, strait=strait
        )
    except NoRouteError as error:
        return ClosureImpact(open_route, None, labels, no_route=error.reason)
    return ClosureImpact(open_route, closed_route, labels)


@dataclass(frozen=True)
class NamedRoute:
    """A route of the `shipping_lanes` layer (`kind: route`): its id, name and end nodes."""

    id: str
    name: str
    origin: LonLat
    destination: LonLat


def named_routes(lanes: Any) -> list[NamedRoute]:
    """The layer's named routes, in its order, each from its first to its last node.

    Their ends are network nodes already, so `sea_route` between them snaps by 0 m and the
    open route is the committed line.
    """
    routes = lanes[lanes["kind"] == "route"]
    out = []
    for feature_id, name, line in zip(routes["id"], routes["name"], routes.geometry, strict=True):
        coords = list(line.coords)
        out.append(NamedRoute(str(feature_id), str(name), coords[0][:2], coords[-1][:2]))
    return out


def closure_table(
    routes: Sequence[NamedRoute],
    closed: Sequence[ClosedArea],
    speed_kn: float | None = None,
    *,
    strait: Polygon | MultiPolygon | None = None,
) -> list[tuple[NamedRoute, ClosureImpact]]:
    """Each named route open and with `closed` closed (`closure_impact`), in order."""
    return [
        (route, closure_impact(route.origin, route.destination, closed, speed_kn, strait=strait))
        for route in routes
    ]


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
