"""The nearest feature is the geodesically nearest, even where a straight-line shortcut says not."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pyproj
import pytest
from shapely.geometry import LineString, MultiLineString, Point

from straitmap import measure as m

GEOD = pyproj.Geod(ellps="WGS84")
#: The point every case measures from: in the strait's latitudes, where a degree of longitude
#: (100.9 km) is much shorter than a degree of latitude (110.8 km).
ORIGIN = (120.0, 25.0)


def towards(azimuth: float, metres: float) -> tuple[float, float]:
    """The point `metres` from ORIGIN along `azimuth` (degrees true): pyproj's forward problem."""
    lon, lat, _ = GEOD.fwd(ORIGIN[0], ORIGIN[1], azimuth, metres)
    return float(lon), float(lat)


# Each case: two targets where a shortcut picks the FIRST one, while the geodesic (pyproj)
# says the SECOND is nearer; the shortcuts each case fools were checked by hand:
# degrees (hypot of Δlon, Δlat), Earth-centred chords, Web Mercator metres, equirectangular,
# a sphere.
NEAR_TIES = [
    pytest.param(
        # 0.095° north is fewer degrees than 0.10° east, but 10.52 km against 10.10 km.
        (120.0, 25.095),
        (120.10, 25.0),
        id="degrees-say-north",
    ),
    pytest.param(
        # 1,500 km north and 1,500.02 km east: 20 m apart on the ellipsoid, but the chord to
        # the east target is 11 m longer (the Earth is flatter towards the pole).
        towards(0.0, 1_500_020.0),
        towards(90.0, 1_500_000.0),
        id="chord-says-north",
    ),
    pytest.param(
        # 302 km south-east and 300 km north-east: Mercator shrinks the south (lower scale),
        # degrees and equirectangular metres favour it too.
        towards(135.0, 302_000.0),
        towards(45.0, 300_000.0),
        id="mercator-says-south-east",
    ),
    pytest.param(
        # 300.4 km east and 300 km north: a sphere of mean radius (haversine) has the east
        # 1.2 km nearer (meridians are more curved here than the sphere, parallels less).
        towards(90.0, 300_400.0),
        towards(0.0, 300_000.0),
        id="sphere-says-east",
    ),
]


def geodesic(target: tuple[float, float]) -> float:
    return float(GEOD.inv(ORIGIN[0], ORIGIN[1], target[0], target[1])[2])


@pytest.mark.parametrize(("decoy", "nearest"), NEAR_TIES)
def test_nearest_point_feature_is_the_geodesic_nearest(
    decoy: tuple[float, float], nearest: tuple[float, float]
) -> None:
    assert geodesic(nearest) < geodesic(decoy), "the case itself is wrong"
    targets = gpd.GeoDataFrame(geometry=[Point(decoy), Point(nearest)], crs="EPSG:4326")
    index, metres = m.nearest_feature([ORIGIN[0]], [ORIGIN[1]], targets)
    assert index.tolist() == [1]
    assert metres[0] == pytest.approx(geodesic(nearest), abs=1e-3)


@pytest.mark.parametrize(("decoy", "nearest"), NEAR_TIES)
@pytest.mark.parametrize("workers", [1, 2], ids=["one-thread", "two-threads"])
def test_near_ties_among_farther_points_and_in_chunks(
    decoy: tuple[float, float], nearest: tuple[float, float], workers: int
) -> None:
    """The same tie with farther targets around it, for many origins measured in chunks."""
    farther = [towards(azimuth, 2_000_000.0) for azimuth in (200.0, 250.0, 300.0, 330.0)]
    targets = gpd.GeoDataFrame(
        geometry=[Point(p) for p in (*farther[:2], decoy, *farther[2:], nearest)],
        crs="EPSG:4326",
    )
    origins = np.array([ORIGIN] * 7)
    index, metres = m.nearest_feature(
        origins[:, 0], origins[:, 1], targets, workers=workers, chunk=2
    )
    assert index.tolist() == [5] * len(origins)
    assert metres == pytest.approx([geodesic(nearest)] * len(origins), abs=1e-3)


def dense_distance(line: LineString, samples: int = 20_001) -> float:
    """Reference: the least pyproj distance from ORIGIN to points spaced along the segment's
    geodesic (a few metres apart: the error is of second order, well under a millimetre)."""
    (lon1, lat1), (lon2, lat2) = line.coords
    inner = GEOD.npts(lon1, lat1, lon2, lat2, samples - 2)
    lons = np.array([lon1, *(p[0] for p in inner), lon2])
    lats = np.array([lat1, *(p[1] for p in inner), lat2])
    return float(
        np.min(
            GEOD.inv(np.full(lons.size, ORIGIN[0]), np.full(lats.size, ORIGIN[1]), lons, lats)[2]
        )
    )


def crossing(centre: tuple[float, float], azimuth: float, half_km: float = 20.0) -> LineString:
    """A short segment through `centre`, square to the bearing from ORIGIN (`azimuth`)."""
    ends = [
        GEOD.fwd(centre[0], centre[1], azimuth + turn, half_km * 1000.0)[:2] for turn in (90, -90)
    ]
    return LineString([(float(x), float(y)) for x, y in ends])


LINE_TIES = [
    pytest.param(
        LineString([(119.95, 25.095), (120.05, 25.095)]),
        LineString([(120.10, 24.95), (120.10, 25.05)]),
        id="degrees-say-the-northern-line",
    ),
    pytest.param(
        crossing(towards(0.0, 1_500_020.0), 0.0),
        crossing(towards(90.0, 1_500_000.0), 90.0),
        id="chord-says-the-northern-line",
    ),
    pytest.param(
        crossing(towards(135.0, 302_000.0), 135.0),
        crossing(towards(45.0, 300_000.0), 45.0),
        id="mercator-says-the-south-eastern-line",
    ),
    pytest.param(
        crossing(towards(90.0, 300_400.0), 90.0),
        crossing(towards(0.0, 300_000.0), 0.0),
        id="sphere-says-the-eastern-line",
    ),
]


@pytest.mark.parametrize(("decoy", "nearest"), LINE_TIES)
def test_nearest_line_feature_is_the_geodesic_nearest(
    decoy: LineString, nearest: LineString
) -> None:
    assert dense_distance(nearest) < dense_distance(decoy), "the case itself is wrong"
    targets = gpd.GeoDataFrame(geometry=[decoy, nearest], crs="EPSG:4326")
    index, metres = m.nearest_feature([ORIGIN[0]], [ORIGIN[1]], targets)
    assert index.tolist() == [1]
    assert metres[0] == pytest.approx(dense_distance(nearest), abs=0.01)


@pytest.mark.parametrize(("decoy", "nearest"), LINE_TIES)
def test_nearest_segment_of_one_geometry_is_the_geodesic_nearest(
    decoy: LineString, nearest: LineString
) -> None:
    """Within one geometry too (a coast, the median line): the segment nearest on the ellipsoid."""
    both = MultiLineString([decoy, nearest])
    result = m.distances_to_geometry([ORIGIN[0]], [ORIGIN[1]], both)
    assert result.segment.tolist() == [1]
    assert result.metres[0] == pytest.approx(dense_distance(nearest), abs=0.01)
