"""straitmap.routes: sea routes on searoute's network, geodesic lengths, strait crossings."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import searoute
from geographiclib.geodesic import Geodesic
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Polygon, box, shape

from straitmap import StraitmapError
from straitmap.routes import (
    RouteError,
    _shipped_network,
    crosses_polygon,
    densify_geodesic,
    geodesic_length_m,
    network_edges,
    sea_route,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
GEOD = Geod(ellps="WGS84")

#: Port positions (lon, lat) from Natural Earth 1:10m ports (public domain), as the layer uses.
XIAMEN = (118.0200236, 24.45)
KAOHSIUNG = (120.3070671, 22.56527778)
KEELUNG = (121.72583696694346, 25.220760141757456)
SHANGHAI = (121.4872203, 31.22194444)
SINGAPORE = (103.7221437, 1.292777778)
TOKYO = (139.788457, 35.62472222)
HONG_KONG = (114.1561837, 22.32111111)

#: searoute snaps each end to its nearest network node; for these ports that is < 35 km away.
MAX_SNAP_KM = 40.0

PAIRS = [
    ("xiamen-kaohsiung", XIAMEN, KAOHSIUNG),
    ("keelung-xiamen", KEELUNG, XIAMEN),
    ("shanghai-singapore", SHANGHAI, SINGAPORE),
    ("tokyo-hong-kong", TOKYO, HONG_KONG),
]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two (lon, lat) points, km."""
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000


def geographiclib_segments_m(line: LineString) -> list[float]:
    """Each segment's geodesic length by geographiclib (an independent implementation)."""
    coords = list(line.coords)
    return [
        Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]
        for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords)
    ]


@pytest.fixture(scope="module")
def strait() -> Polygon:
    """The committed strait polygon."""
    collection = json.loads((REPO_ROOT / "geodata" / "strait.geojson").read_text("utf-8"))
    return shape(collection["features"][0]["geometry"])


@pytest.mark.parametrize(
    ("origin", "destination"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS]
)
def test_route_starts_and_ends_near_its_ports(
    origin: tuple[float, float], destination: tuple[float, float]
) -> None:
    coords = list(sea_route(origin, destination).line.coords)
    assert distance_km(origin, coords[0]) < MAX_SNAP_KM
    assert distance_km(destination, coords[-1]) < MAX_SNAP_KM
    assert len(coords) >= 2


def test_append_endpoints_starts_and_ends_exactly_at_the_ports() -> None:
    coords = list(sea_route(XIAMEN, KAOHSIUNG, append_endpoints=True).line.coords)
    assert (coords[0], coords[-1]) == (XIAMEN, KAOHSIUNG)


@pytest.mark.parametrize(
    ("origin", "destination"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS]
)
def test_route_length_is_the_sum_of_geographiclib_segments(
    origin: tuple[float, float], destination: tuple[float, float]
) -> None:
    route = sea_route(origin, destination).line
    segments = geographiclib_segments_m(route)
    coords = list(route.coords)
    for (a, b), expected in zip(itertools.pairwise(coords), segments, strict=True):
        assert geodesic_length_m(LineString([a, b])) == pytest.approx(expected, abs=1e-3)
    assert geodesic_length_m(route) == pytest.approx(sum(segments), abs=1e-3 * len(segments))


@pytest.mark.parametrize(
    ("line", "expected_m"),
    [
        (LineString([(120.0, 24.0), (121.0, 24.0)]), 101_751.6),
        (LineString([(120.0, 0.0), (120.0, 1.0)]), 110_574.4),
        (
            MultiLineString([[(120.0, 24.0), (121.0, 24.0)], [(120.0, 0.0), (120.0, 1.0)]]),
            101_751.6 + 110_574.4,
        ),
    ],
    ids=["1-degree-east-at-24N", "1-degree-north-at-equator", "multilinestring-sums-parts"],
)
def test_geodesic_length_of_known_lines(line: LineString, expected_m: float) -> None:
    # Expected values from geographiclib: degrees would give 1.0, Web Mercator ~111 km for both.
    assert geodesic_length_m(line) == pytest.approx(expected_m, abs=0.1)


def test_successive_calls_are_independent() -> None:
    first = sea_route(XIAMEN, KAOHSIUNG).line
    sea_route(SHANGHAI, SINGAPORE)
    sea_route(TOKYO, HONG_KONG)
    again = sea_route(XIAMEN, KAOHSIUNG).line
    assert list(again.coords) == list(first.coords)


def test_a_call_in_a_fresh_process_gives_the_same_route() -> None:
    code = (
        "import json, sys; from straitmap.routes import sea_route; "
        "a, b = json.loads(sys.argv[1]); print(json.dumps(list(sea_route(a, b).line.coords)))"
    )
    sea_route(SHANGHAI, SINGAPORE)  # earlier traffic in this process must not matter
    here = sea_route(XIAMEN, KAOHSIUNG).line
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps([XIAMEN, KAOHSIUNG])],
        capture_output=True,
        text=True,
        check=True,
    )
    fresh = [tuple(point) for point in json.loads(result.stdout)]
    assert list(here.coords) == fresh


def test_changes_to_searoutes_shared_graph_do_not_leak_in() -> None:
    baseline = sea_route(XIAMEN, KAOHSIUNG).line
    shared = searoute.setup_M()
    u, v = baseline.coords[3], baseline.coords[4]
    removed = dict(shared[u][v])
    _shipped_network.cache_clear()  # make sure our network is loaded after the damage
    shared.remove_edge(u, v)
    try:
        damaged = searoute.searoute(XIAMEN, KAOHSIUNG)["geometry"]["coordinates"]
        assert [tuple(p) for p in damaged] != list(baseline.coords), "the damage had no effect"
        assert list(sea_route(XIAMEN, KAOHSIUNG).line.coords) == list(baseline.coords)
    finally:
        shared.add_edge(u, v, **removed)
    assert [tuple(p) for p in searoute.searoute(XIAMEN, KAOHSIUNG)["geometry"]["coordinates"]] == (
        list(baseline.coords)
    )


@pytest.mark.parametrize(
    ("origin", "destination", "expected"),
    [
        (XIAMEN, KAOHSIUNG, True),
        (KEELUNG, XIAMEN, True),
        (TOKYO, SINGAPORE, False),
    ],
    ids=["xiamen-kaohsiung", "keelung-xiamen", "tokyo-singapore-east-of-taiwan"],
)
def test_route_through_the_strait_crosses_its_polygon(
    strait: Polygon, origin: tuple[float, float], destination: tuple[float, float], expected: bool
) -> None:
    assert crosses_polygon(sea_route(origin, destination).line, strait) is expected


SQUARE = box(0.0, 0.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("line", "polygon", "expected"),
    [
        (LineString([(-1, 0.5), (2, 0.5)]), SQUARE, True),
        (LineString([(0.2, 0.2), (0.8, 0.8)]), SQUARE, True),
        (LineString([(-1, 0), (2, 0)]), SQUARE, False),
        (LineString([(-1, -1), (0, 0)]), SQUARE, False),
        (LineString([(2, 2), (3, 3)]), SQUARE, False),
        (MultiLineString([[(2, 2), (3, 3)], [(0.5, -1), (0.5, 2)]]), SQUARE, True),
        # The geodesic from (100E, 60N) to (140E, 60N) bows north to ~61.5N at 120E: the
        # straight lon/lat segment misses this box, the geodesic passes through it.
        (LineString([(100, 60), (140, 60)]), box(119.0, 61.0, 121.0, 62.0), True),
    ],
    ids=[
        "through",
        "inside",
        "along-the-edge",
        "touching-a-corner",
        "outside",
        "one-part-of-a-multiline",
        "geodesic-bows-into-it",
    ],
)
def test_crosses_polygon(line: LineString, polygon: Polygon, expected: bool) -> None:
    assert crosses_polygon(line, polygon) is expected


def test_densify_geodesic_keeps_the_vertices_and_spacing() -> None:
    line = LineString([(100.0, 60.0), (140.0, 60.0)])
    dense = densify_geodesic(line, 10_000.0)
    coords = list(dense.coords)
    assert (coords[0], coords[-1]) == ((100.0, 60.0), (140.0, 60.0))
    steps = [distance_km(a, b) for a, b in itertools.pairwise(coords)]
    assert max(steps) <= 10.0
    assert sum(steps) == pytest.approx(geodesic_length_m(line) / 1000, rel=1e-9)


def test_network_edges_lie_inside_the_box_in_a_stable_order() -> None:
    bounds = (119.0, 21.0, 122.5, 26.0)
    edges = network_edges(bounds)
    assert len(edges) > 20
    assert all(len(edge.coords) == 2 for edge in edges)
    frame = box(*bounds)
    assert all(frame.covers(edge) for edge in edges)
    assert [list(e.coords) for e in network_edges(bounds)] == [list(e.coords) for e in edges]


def test_network_edges_skip_the_antimeridian_seam() -> None:
    # The network joins (180, y) to (-180, y); drawn naively that edge spans the whole region.
    edges = network_edges((100.0, 0.0, 150.0, 46.0))
    widest = max(abs(e.coords[1][0] - e.coords[0][0]) for e in edges)
    assert widest < 20.0
    near_seam = network_edges((170.0, -10.0, 180.0, 10.0))
    assert near_seam
    assert all(170.0 <= x <= 180.0 for edge in near_seam for x, _ in edge.coords)


@pytest.mark.parametrize(
    ("origin", "destination", "message"),
    [
        (
            (24.45, 118.02),
            KAOHSIUNG,
            r"origin: expected latitude within ±90°, found 118.02; was it",
        ),
        (XIAMEN, (math.nan, 22.5), r"destination: expected finite \(lon, lat\), found \(nan"),
        ((118.0, 24.4, 0.0), KAOHSIUNG, r"origin: expected \(lon, lat\), found 3 values"),
        ((190.0, 24.0), KAOHSIUNG, r"origin: expected longitude within ±180°, found 190.0"),
        (XIAMEN, (118.02, 24.46), r"no sea route from .*: expected two or more network nodes"),
    ],
    ids=["lat-lon-swapped", "nan", "three-values", "longitude-out-of-range", "same-node"],
)
def test_sea_route_refuses_bad_input(
    origin: tuple[float, ...], destination: tuple[float, ...], message: str
) -> None:
    with pytest.raises(RouteError, match=message):
        sea_route(origin, destination)


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ((150.0, 0.0, 100.0, 46.0), r"expected min < max .* antimeridian"),
        ((100.0, 0.0, 150.0), r"expected \(min lon, min lat, max lon, max lat\)"),
        ((100.0, -95.0, 150.0, 46.0), r"expected lon within ±180° and lat within ±90°"),
        ((100.0, 0.0, math.inf, 46.0), r"expected finite numbers"),
    ],
    ids=["reversed", "three-values", "latitude-out-of-range", "infinite"],
)
def test_network_edges_refuses_bad_bounds(bounds: tuple[float, ...], message: str) -> None:
    with pytest.raises(RouteError, match=message):
        network_edges(bounds)


def test_route_error_is_a_straitmap_error() -> None:
    assert issubclass(RouteError, StraitmapError)
    with pytest.raises(RouteError, match=r"max_step_m: expected a positive distance, found 0"):
        densify_geodesic(LineString([(0, 0), (1, 1)]), 0.0)
