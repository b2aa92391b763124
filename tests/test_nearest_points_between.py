"""measure.nearest_points_between(_many) against brute force: GEOD.inv over densified geometries."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyproj
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPoint, Point, Polygon, box

from straitmap import measure as m
from straitmap.errors import MeasureInputError

GEOD = pyproj.Geod(ellps="WGS84")
#: The brute force samples each segment's geodesic every SPACING_M at most: a sampled pair
#: is never nearer than the true nearest pair, and is at most SPACING_M²/(4 d) farther.
SPACING_M = 1000.0


def densified(geometry: Any) -> np.ndarray:
    """Every vertex, and points at most SPACING_M apart along each segment's geodesic."""
    points = []
    for x1, y1, x2, y2 in m._segments(geometry):
        length = GEOD.inv(x1, y1, x2, y2)[2]
        between = GEOD.npts(x1, y1, x2, y2, int(np.ceil(length / SPACING_M))) if length else []
        points.append(np.array([(x1, y1), *between, (x2, y2)]))
    return np.vstack(points)


def brute_force(a: Any, b: Any) -> float:
    """The shortest GEOD.inv between any sample of `a` and any sample of `b` (m)."""
    dense_a, dense_b = densified(a), densified(b)
    lon1 = np.repeat(dense_a[:, 0], len(dense_b))
    lat1 = np.repeat(dense_a[:, 1], len(dense_b))
    lon2 = np.tile(dense_b[:, 0], len(dense_a))
    lat2 = np.tile(dense_b[:, 1], len(dense_a))
    return float(np.min(GEOD.inv(lon1, lat1, lon2, lat2)[2]))


def random_line(rng: np.random.Generator, vertices: int) -> LineString:
    """A random polyline in the strait's region, steps of up to 1.5° each way."""
    start = rng.uniform([117.0, 20.0], [125.0, 27.0])
    steps = rng.uniform(-1.5, 1.5, size=(vertices - 1, 2))
    return LineString(np.vstack([start, start + np.cumsum(steps, axis=0)]))


TAIWAN_LIKE = Polygon(
    [(120.1, 23.0), (120.7, 22.0), (121.0, 22.6), (121.9, 24.6), (121.6, 25.3), (120.9, 24.9)]
)

CASES = [
    pytest.param(
        # The box's corner (122, 22) is nearest the interior of the track's only segment.
        LineString([(119.0, 20.3), (123.0, 22.3)]),
        box(120.0, 22.0, 122.0, 25.3),
        "b",
        id="vertex-of-b-to-segment-of-a",
    ),
    pytest.param(
        # The track's middle vertex points at the interior of the island's south-west coast.
        LineString([(118.5, 21.0), (119.9, 22.2), (118.5, 23.5)]),
        TAIWAN_LIKE,
        "a",
        id="vertex-of-a-to-segment-of-b",
    ),
    pytest.param(
        # One 660 km segment passes the coast's vertex (121.9, 24.6) far from both its ends:
        # the pre-filter must reach half the segment beyond the track's vertices.
        LineString([(124.5, 21.0), (123.0, 26.5)]),
        TAIWAN_LIKE,
        "b",
        id="long-segment-far-from-its-ends",
    ),
    pytest.param(
        # The first point faces the middle of a 670 km line, 51 km off, far from both its
        # ends; the second is 89 km from the line's north end: the pre-filter must allow for
        # half the line's length before dropping the first.
        MultiPoint([(120.5, 23.0), (120.0, 26.8)]),
        LineString([(120.0, 20.0), (120.0, 26.0)]),
        "a",
        id="point-facing-the-middle-of-a-long-segment",
    ),
    pytest.param(
        MultiLineString([[(117.0, 20.0), (118.0, 21.5)], [(122.6, 23.0), (123.5, 26.0)]]),
        TAIWAN_LIKE,
        "either",
        id="multi-line-nearest-part",
    ),
    pytest.param(
        # The box's corner 180.1°E 11.2°N (-179.9°) faces the segment's interior across the
        # antimeridian: the pre-filter's boxes must wrap round in longitude.
        LineString([(179.0, 9.0), (179.9, 12.0)]),
        box(-179.9, 10.2, -179.4, 11.2),
        "b",
        id="across-the-antimeridian",
    ),
    *[
        pytest.param(
            random_line(np.random.default_rng(seed), 2 + seed % 3),
            random_line(np.random.default_rng(100 + seed), 2 + (seed + 1) % 3),
            "either",
            id=f"random-lines-{seed}",
        )
        for seed in range(8)
    ],
]


@pytest.mark.parametrize(("a", "b", "end"), CASES)
def test_nearest_points_between_equals_brute_force(a: Any, b: Any, end: str) -> None:
    assert not a.intersects(b)  # crossing geometries: see the tests below
    found = m.nearest_points_between(a, b)
    reference = brute_force(a, b)
    # Exact: never longer than any sampled pair, and the samples come within their spacing.
    assert found.distance.metres <= reference + 1e-3
    assert found.distance.metres >= reference - SPACING_M**2 / (4 * reference) - 1e-3
    # The two points lie on their geometries and the distance is the geodesic between them.
    assert m.distance_to_geometry(*found.from_point, a).distance.metres < 1e-3
    assert m.distance_to_geometry(*found.to_point, b).distance.metres < 1e-3
    leg = m.inverse(*found.from_point, *found.to_point)
    assert leg.distance.metres == pytest.approx(found.distance.metres, abs=1e-6)
    vertices_a = {tuple(xy) for xy in shapely.get_coordinates(a)}
    vertices_b = {tuple(xy) for xy in shapely.get_coordinates(b)}
    if end == "a":
        assert found.from_point in vertices_a
    elif end == "b":
        assert found.to_point in vertices_b
    else:
        assert found.from_point in vertices_a or found.to_point in vertices_b


def test_many_equals_one_at_a_time() -> None:
    tracks = [c.values[0] for c in CASES if c.values[1] is TAIWAN_LIKE]
    tracks.append(LineString([(119.5, 23.5), (122.5, 23.8)]))  # crosses the island
    tracks.append(Point(119.0, 22.0))
    many = m.nearest_points_between_many(tracks, TAIWAN_LIKE)
    assert many == [m.nearest_points_between(track, TAIWAN_LIKE) for track in tracks]
    assert many[-1].from_point == (119.0, 22.0)
    assert many[-1].distance.metres <= brute_force(tracks[-1], TAIWAN_LIKE) + 1e-3


@pytest.mark.parametrize(
    "a",
    [
        pytest.param(LineString([(119.5, 23.5), (122.5, 23.8)]), id="line-crossing-the-island"),
        pytest.param(LineString([(120.8, 23.5), (121.0, 24.0)]), id="line-inside-the-island"),
        pytest.param(LineString([(119.0, 23.0), (120.1, 23.0)]), id="line-touching-a-vertex"),
    ],
)
def test_intersecting_geometries_are_zero_apart_at_a_shared_point(a: Any) -> None:
    found = m.nearest_points_between(a, TAIWAN_LIKE)
    assert found.distance.metres == 0.0
    assert found.from_point == found.to_point
    shared = Point(found.from_point)
    assert a.distance(shared) < 1e-9
    assert TAIWAN_LIKE.distance(shared) < 1e-9


def test_a_tie_goes_to_the_vertex_of_a() -> None:
    # Two vertical segments 0.5° apart along the same meridians: every vertex pair ties.
    a = LineString([(120.0, 23.0), (120.0, 24.0)])
    b = LineString([(120.5, 23.0), (120.5, 24.0)])
    found = m.nearest_points_between(a, b)
    assert found.from_point in {(120.0, 23.0), (120.0, 24.0)}
    assert found.distance.metres <= brute_force(a, b) + 1e-3


@pytest.mark.parametrize(
    ("geometries", "target", "match"),
    [
        pytest.param([LineString()], TAIWAN_LIKE, r"found an empty one at position 0", id="empty"),
        pytest.param(
            [Point(1, 1), None], TAIWAN_LIKE, r"found an empty one at position 1", id="none"
        ),
        pytest.param([Point(1, 1)], Polygon(), r"non-empty geometry to measure to", id="target"),
    ],
)
def test_nearest_points_between_many_refuses_nothing(
    geometries: list[Any], target: Any, match: str
) -> None:
    with pytest.raises(MeasureInputError, match=match):
        m.nearest_points_between_many(geometries, target)


def test_nearest_points_between_many_of_nothing_is_nothing() -> None:
    assert m.nearest_points_between_many([], TAIWAN_LIKE) == []
