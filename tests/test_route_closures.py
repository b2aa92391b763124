"""Sea routes with areas closed: edges removed both ways, honest "no route", detour figures."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, Polygon, box, shape

from straitmap.errors import RouteError
from straitmap.routes import (
    ClosedArea,
    NoRouteError,
    _network_for,
    _shipped_network,
    closure_impact,
    closure_table,
    crosses_polygon,
    exercise_closure,
    geodesic_length_m,
    named_routes,
    sea_route,
    strait_closure,
    zone_closure,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SHANGHAI = (121.4872203, 31.22194444)
SINGAPORE = (103.7221437, 1.292777778)
TOKYO = (139.788457, 35.62472222)
HONG_KONG = (114.1561837, 22.32111111)
XIAMEN = (118.0200236, 24.45)
MANILA = (120.95, 14.58)
BUSAN = (129.2, 35.0)


@pytest.fixture(scope="module")
def strait() -> Polygon:
    collection = json.loads((REPO_ROOT / "geodata" / "strait.geojson").read_text("utf-8"))
    return shape(collection["features"][0]["geometry"])


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    return gpd.read_file(REPO_ROOT / "geodata" / "pla_exercise_zones.geojson")


@pytest.fixture(scope="module")
def lanes() -> gpd.GeoDataFrame:
    return gpd.read_file(REPO_ROOT / "geodata" / "shipping_lanes.geojson")


def test_a_closure_removes_every_edge_entering_the_area_in_both_directions(
    strait: Polygon,
) -> None:
    nodes, edges = _shipped_network()
    edge_count = sum(len(n) for n in edges.values())
    graph = _network_for([strait_closure(strait)]).graph
    entering = [
        (u, v)
        for u, neighbours in edges.items()
        for v in neighbours
        if crosses_polygon(LineString([u, v]), strait)
    ]
    assert len(entering) > 10, "the strait should hold many network edges"
    for u, v in entering:
        assert not graph.has_edge(u, v)
        assert not graph.has_edge(v, u)
    # The open network keeps them, and the shipped network is never changed.
    open_graph = _network_for([]).graph
    assert all(open_graph.has_edge(u, v) for u, v in entering)
    assert sum(len(n) for n in _shipped_network()[1].values()) == edge_count
    assert _shipped_network()[0] is nodes


def test_closing_the_strait_sends_through_traffic_around_taiwan(strait: Polygon) -> None:
    impact = closure_impact(SHANGHAI, SINGAPORE, [strait_closure(strait)], 16, strait=strait)
    assert impact.open_route.crosses_strait
    assert impact.open_route.strait_length.km > 200
    assert impact.closed_route is not None
    assert not impact.closed_route.crosses_strait
    assert not crosses_polygon(impact.closed_route.line, strait)
    assert impact.closed_route.strait_length.metres == 0
    assert impact.extra is not None
    assert 100 < impact.extra.km < 600
    assert impact.extra_percent == pytest.approx(
        100 * impact.extra.metres / impact.open_route.length.metres
    )
    assert impact.extra_hours == pytest.approx(impact.extra.nmi / 16)
    assert impact.extra_days == pytest.approx(impact.extra_hours / 24)
    assert "east of Taiwan" in impact.via
    assert impact.closed == ("Taiwan Strait",)


def test_an_end_inside_a_closed_area_has_no_route_and_says_why(strait: Polygon) -> None:
    with pytest.raises(
        NoRouteError, match=r"the origin joins the network in Taiwan Strait, closed"
    ):
        sea_route(XIAMEN, SHANGHAI, closed=[strait_closure(strait)])


def test_a_closure_that_cuts_every_path_gives_no_route_not_an_infinite_length() -> None:
    # A ring of sea around Manila: its network node keeps the edges inside the hole, but
    # every way out enters the ring.
    ring = Point(MANILA).buffer(2.5).difference(Point(MANILA).buffer(1.0))
    closed = [ClosedArea("a ring around Manila", ring)]
    with pytest.raises(NoRouteError, match=r"closing a ring around Manila cuts every path"):
        sea_route(MANILA, SHANGHAI, closed=closed)
    impact = closure_impact(MANILA, SHANGHAI, closed)
    assert not impact.reachable
    assert impact.extra is None
    assert impact.via == ()
    # With a smaller hole, the node's own edges all enter the ring: said as such.
    tight = Point(MANILA).buffer(2.5).difference(Point(MANILA).buffer(0.3))
    with pytest.raises(NoRouteError, match=r"every network edge at the origin enters a ring"):
        sea_route(MANILA, SHANGHAI, closed=[ClosedArea("a ring", tight)])


def test_closing_nothing_is_the_open_route() -> None:
    assert sea_route(SHANGHAI, SINGAPORE, closed=()).line.equals(
        sea_route(SHANGHAI, SINGAPORE).line
    )
    away = ClosedArea("a box in the Atlantic", box(-40.0, 20.0, -30.0, 30.0))
    assert list(sea_route(SHANGHAI, SINGAPORE, closed=[away]).line.coords) == list(
        sea_route(SHANGHAI, SINGAPORE).line.coords
    )


def test_snapping_is_reported_and_geodesic() -> None:
    route = sea_route(HONG_KONG, SHANGHAI)
    from straitmap.measure import GEOD

    expected = GEOD.inv(HONG_KONG[0], HONG_KONG[1], *route.origin.node)[2]
    assert route.origin.distance_m == pytest.approx(expected)
    assert route.origin.requested == HONG_KONG
    assert route.line.coords[0] == route.origin.node
    assert 0 < route.origin.distance_m < 40_000


def test_transit_time_follows_the_speed() -> None:
    route = sea_route(SHANGHAI, SINGAPORE, speed_kn=13)
    assert route.hours == pytest.approx(route.length.nmi / 13)
    assert route.days == pytest.approx(route.hours / 24)
    assert sea_route(SHANGHAI, SINGAPORE).hours is None
    with pytest.raises(RouteError, match=r"speed_kn: expected a positive number of knots"):
        sea_route(SHANGHAI, SINGAPORE, speed_kn=0)


def test_exercise_and_zone_closures_come_from_the_layer(zones: gpd.GeoDataFrame) -> None:
    august = exercise_closure("august 2022", zones)
    assert august.label.endswith("August 2022")
    expected = zones[zones["exercise"] == august.label].geometry.union_all()
    assert august.area.equals(expected)
    assert zone_closure("ex-2022-08-zone-1", zones).label.startswith("August 2022 exercise zone 1")
    with pytest.raises(RouteError, match=r"expected the name of one exercise .*found none"):
        exercise_closure("Strait Thunder 2031", zones)
    with pytest.raises(RouteError, match=r"zone 'no-such-zone': expected the id of a zone"):
        zone_closure("no-such-zone", zones)


def test_closed_areas_must_be_valid_polygons() -> None:
    with pytest.raises(RouteError, match=r"expected a polygon, found LineString"):
        ClosedArea("a line", LineString([(0, 0), (1, 1)]))  # type: ignore[arg-type]
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    with pytest.raises(RouteError, match=r"expected a valid polygon, found Self-intersection"):
        ClosedArea("a bow tie", bowtie)


def test_every_named_route_through_the_strait_avoids_it_when_closed(
    strait: Polygon, lanes: gpd.GeoDataFrame
) -> None:
    rows = closure_table(named_routes(lanes), [strait_closure(strait)], 16, strait=strait)
    assert len(rows) == 12
    cut_off = []
    for route, impact in rows:
        if impact.closed_route is None:
            # Only routes with an end that joins the network in the strait have none.
            assert impact.no_route is not None
            assert "Taiwan Strait, closed" in impact.no_route
            cut_off.append(route.name)
            continue
        # The open route is the committed line: its ends are network nodes.
        committed = lanes[lanes["id"] == route.id].geometry.iloc[0]
        assert impact.open_route.length.km == pytest.approx(geodesic_length_m(committed) / 1000)
        assert impact.open_route.origin.distance_m == 0
        assert impact.closed_route is not None
        assert not crosses_polygon(impact.closed_route.line, strait), route.name
        if impact.open_route.crosses_strait:
            assert impact.extra is not None
            assert impact.extra.metres > 0, route.name
            assert impact.extra_hours is not None
            assert impact.extra_hours > 0
        else:
            assert impact.extra is not None
            assert impact.extra.metres == 0
    assert 0 < len(cut_off) <= 4, cut_off


def test_routes_are_the_same_from_many_threads(strait: Polygon) -> None:
    closed = [strait_closure(strait)]
    pairs = [(SHANGHAI, SINGAPORE), (TOKYO, HONG_KONG), (BUSAN, SINGAPORE)] * 4

    def run(pair: tuple[tuple[float, float], tuple[float, float]]) -> list[tuple[float, ...]]:
        return list(sea_route(*pair, closed=closed).line.coords)

    expected = [run(p) for p in pairs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(run, pairs)) == expected


_PORTS = [SHANGHAI, SINGAPORE, TOKYO, HONG_KONG, MANILA, BUSAN, (121.73, 25.22), (106.8, 10.4)]


@settings(max_examples=25, deadline=None)
@given(
    a=st.sampled_from(_PORTS),
    b=st.sampled_from(_PORTS),
    lon=st.floats(110.0, 135.0),
    lat=st.floats(5.0, 40.0),
    size=st.floats(0.5, 4.0),
)
def test_a_closed_route_is_never_shorter_than_the_open_one(
    a: tuple[float, float], b: tuple[float, float], lon: float, lat: float, size: float
) -> None:
    if a == b:
        return
    area = box(lon, lat, lon + size, lat + size)
    if any(area.intersects(Point(p)) for p in (a, b)):
        return
    open_route = sea_route(a, b)
    try:
        closed_route = sea_route(a, b, closed=[ClosedArea("box", area)])
    except NoRouteError:
        return
    if closed_route.origin.node == open_route.origin.node and (
        closed_route.destination.node == open_route.destination.node
    ):
        assert closed_route.length.metres >= open_route.length.metres - 1e-6
    # Lengths are symmetric within the snapping distances.
    back = sea_route(b, a)
    slack = open_route.origin.distance_m + open_route.destination.distance_m
    assert abs(back.length.metres - open_route.length.metres) <= slack + 1e-6


def test_the_wkb_key_tells_closures_apart() -> None:
    one = ClosedArea("x", box(0, 0, 1, 1))
    assert one.key == ClosedArea("x", box(0, 0, 1, 1)).key
    assert one.key != ClosedArea("x", box(0, 0, 1, 2)).key
    assert shapely.from_wkb(one.key[1]).equals(box(0, 0, 1, 1))
