"""straitmap.measure against independent references: geographiclib, dense sampling, brute force."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, Point, Polygon

from straitmap import load_layer
from straitmap import measure as m
from straitmap.errors import MeasureInputError

WGS84 = Geodesic.WGS84
MEDIAN_LINE = LineString([(122.0, 27.0), (118.0, 23.0)])


def random_points(seed: int, n: int, box: tuple[float, float, float, float]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(box[0], box[2], n), rng.uniform(box[1], box[3], n)])


# --- units and two points -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metres", "km", "nmi", "mi"),
    [(1852.0, 1.852, 1.0, 1.150779), (1609.344, 1.609344, 0.868976, 1.0), (0.0, 0.0, 0.0, 0.0)],
    ids=["one-nmi", "one-mile", "zero"],
)
def test_distance_units(metres: float, km: float, nmi: float, mi: float) -> None:
    distance = m.Distance(metres)
    assert distance.km == pytest.approx(km)
    assert distance.nmi == pytest.approx(nmi, abs=1e-6)
    assert distance.mi == pytest.approx(mi, abs=1e-6)


@pytest.mark.parametrize(
    ("seed", "box"),
    [
        (1, (100.0, 0.0, 150.0, 46.0)),
        (2, (117.0, 21.0, 123.0, 27.0)),
        (3, (-180.0, -80.0, 180.0, 80.0)),
    ],
    ids=["region", "strait", "world"],
)
def test_inverse_many_matches_geographiclib_within_a_millimetre(
    seed: int, box: tuple[float, float, float, float]
) -> None:
    a, b = random_points(seed, 500, box), random_points(seed + 100, 500, box)
    metres, initial, final = m.inverse_many(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    for i in range(len(a)):
        ref = WGS84.Inverse(a[i, 1], a[i, 0], b[i, 1], b[i, 0])
        assert abs(metres[i] - ref["s12"]) < 1e-3
        assert abs((initial[i] - ref["azi1"] + 180) % 360 - 180) < 1e-8
        assert abs((final[i] - ref["azi2"] + 180) % 360 - 180) < 1e-8
    assert ((initial >= 0) & (initial < 360) & (final >= 0) & (final < 360)).all()


def test_inverse_gives_one_leg_with_the_same_figures() -> None:
    leg = m.inverse(121.56, 25.03, 127.77, 26.35)
    ref = WGS84.Inverse(25.03, 121.56, 26.35, 127.77)
    assert leg.distance.metres == pytest.approx(ref["s12"], abs=1e-3)
    assert leg.bearing_deg == pytest.approx(ref["azi1"], abs=1e-9)
    assert leg.final_bearing_deg == pytest.approx(ref["azi2"], abs=1e-9)
    assert (leg.start, leg.end) == ((121.56, 25.03), (127.77, 26.35))


@pytest.mark.parametrize(
    ("points", "legs"),
    [([], 0), ([(121.0, 25.0)], 0), ([(121.0, 25.0), (120.0, 24.0), (119.0, 26.0)], 2)],
    ids=["empty", "one-point", "three-points"],
)
def test_path_length_sums_its_legs(points: list[tuple[float, float]], legs: int) -> None:
    total, found = m.path_length(points)
    assert len(found) == legs
    assert total.metres == pytest.approx(sum(leg.distance.metres for leg in found))
    for leg, (start, end) in zip(found, itertools.pairwise(points), strict=True):
        ref = WGS84.Inverse(start[1], start[0], end[1], end[0])["s12"]
        assert leg.distance.metres == pytest.approx(ref, abs=1e-3)


def test_geodesic_line_follows_the_geodesic() -> None:
    line = m.geodesic_line((121.56, 25.03), (139.69, 35.69), n=50)
    coords = np.asarray(line.coords)
    assert len(coords) == 52
    total = WGS84.Inverse(25.03, 121.56, 35.69, 139.69)["s12"]
    along = [WGS84.Inverse(25.03, 121.56, y, x)["s12"] for x, y in coords]
    rest = [WGS84.Inverse(y, x, 35.69, 139.69)["s12"] for x, y in coords]
    assert np.allclose(np.add(along, rest), total, atol=1e-3)


# --- range rings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lon", "lat", "radius_km"),
    [
        (121.56, 25.03, 500.0),
        (121.56, 25.03, 2000.0),
        (100.0, 46.0, 2000.0),
        (150.0, 0.0, 1500.0),
        (127.77, 26.35, 1852.0 * 1.5),
    ],
    ids=["taipei-500km", "taipei-2000km", "corner-100E-46N", "edge-150E-equator", "kadena"],
)
def test_range_ring_points_lie_at_the_radius(lon: float, lat: float, radius_km: float) -> None:
    ring = m.range_ring(lon, lat, radius_km * 1000.0, n=360)
    assert ring.is_valid
    assert ring.exterior.is_ccw
    coords = np.asarray(ring.exterior.coords)
    assert len(coords) == 361
    assert np.all(np.abs(coords[:, 0] - lon) < 180)
    for x, y in coords:
        assert abs(WGS84.Inverse(lat, lon, y, x)["s12"] - radius_km * 1000.0) < 1.0
    assert ring.contains(Point(lon, lat))


def test_range_rings_keep_the_order_of_radii() -> None:
    rings = m.range_rings(121.56, 25.03, [1_000_000, 500_000], n=36)
    assert rings[0].area > rings[1].area


@pytest.mark.parametrize(
    ("lon", "lat", "radius_m", "n", "match"),
    [
        (121.0, 25.0, 0.0, 360, r"expected a radius > 0 m, found 0"),
        (121.0, 25.0, float("nan"), 360, r"expected a radius > 0 m, found nan"),
        (121.0, 80.0, 2_000_000.0, 360, r"expected a radius below 1,11.* km .*enclose a pole"),
        (121.0, 25.0, 1000.0, 2, r"expected at least 3 azimuths, found 2"),
    ],
    ids=["zero", "nan", "around-the-pole", "too-few-points"],
)
def test_range_ring_refuses(lon: float, lat: float, radius_m: float, n: int, match: str) -> None:
    with pytest.raises(MeasureInputError, match=match):
        m.range_ring(lon, lat, radius_m, n)


# --- points to lines and polygons ---------------------------------------------------------------


def dense_reference(lon: float, lat: float, geometry: object, samples: int = 10_000) -> float:
    """Shortest distance to 10,000 points sampled along each segment's geodesic."""
    best = np.inf
    for x1, y1, x2, y2 in m._segments(geometry):
        pts = np.array([(x1, y1), *m.GEOD.npts(x1, y1, x2, y2, samples), (x2, y2)])
        d = m.GEOD.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 0], pts[:, 1])[2]
        best = min(best, float(np.min(d)))
    return best


ZIGZAG = LineString([(119.0, 22.0), (119.6, 23.1), (119.2, 24.0), (120.3, 25.2), (121.0, 25.4)])
SQUARE = Polygon([(120.0, 23.0), (120.5, 23.0), (120.5, 23.5), (120.0, 23.5)])
GEOMETRIES = [
    ("median-line", MEDIAN_LINE),
    ("zigzag", ZIGZAG),
    ("square-boundary", SQUARE),
    ("two-lines", shapely.MultiLineString([[(118, 22), (118.5, 26)], [(123, 22), (122, 27)]])),
]


@pytest.mark.parametrize(("name", "geometry"), GEOMETRIES, ids=[g[0] for g in GEOMETRIES])
def test_distance_to_geometry_within_10_m_of_dense_sampling(name: str, geometry: object) -> None:
    points = random_points(7, 12, (116.0, 20.0, 124.0, 28.0))
    found = m.distances_to_geometry(points[:, 0], points[:, 1], geometry)
    for i, (lon, lat) in enumerate(points):
        reference = dense_reference(lon, lat, geometry)
        assert abs(found.metres[i] - reference) < 10.0, name
        assert found.metres[i] <= reference + 1e-3  # the refined point is never worse
        back = m.inverse(lon, lat, found.nearest_lon[i], found.nearest_lat[i])
        assert back.distance.metres == pytest.approx(found.metres[i], abs=1e-3)
        assert back.bearing_deg == pytest.approx(found.bearing_deg[i], abs=1e-9)


def test_distance_to_geometry_single_point_result() -> None:
    result = m.distance_to_geometry(121.56, 25.03, MEDIAN_LINE)
    assert result.distance.metres == pytest.approx(
        dense_reference(121.56, 25.03, MEDIAN_LINE), abs=10
    )


@pytest.mark.parametrize(
    ("geometry", "match"),
    [(LineString(), r"expected a non-empty geometry"), (None, r"expected a non-empty geometry")],
    ids=["empty", "none"],
)
def test_distance_to_geometry_refuses_nothing(geometry: object, match: str) -> None:
    with pytest.raises(MeasureInputError, match=match):
        m.distance_to_geometry(121.0, 25.0, geometry)


@pytest.mark.parametrize(
    ("lon", "lat", "sign"),
    [
        (121.56, 25.03, 1),
        (118.09, 24.48, -1),
        (119.57, 23.57, 1),
        (116.0, 22.0, -1),
        (117.5, 21.0, 1),
    ],
    ids=[
        "taipei-east",
        "xiamen-west",
        "penghu-east",
        "beyond-the-south-end-west",
        "beyond-the-south-end-east",
    ],
)
@pytest.mark.parametrize("reverse", [False, True], ids=["as-drawn", "reversed"])
def test_signed_distance_to_the_median_line(
    lon: float, lat: float, sign: int, reverse: bool
) -> None:
    line = LineString(list(MEDIAN_LINE.coords)[::-1]) if reverse else MEDIAN_LINE
    signed = m.signed_distance_to_line(lon, lat, line)
    assert np.sign(signed) == sign
    assert abs(signed) == pytest.approx(m.distance_to_geometry(lon, lat, line).distance.metres)


def test_signed_distance_refuses_an_east_west_line() -> None:
    with pytest.raises(MeasureInputError, match=r"found a line running due east–west"):
        m.signed_distance_to_line(121.0, 25.0, LineString([(120.0, 0.0), (122.0, 0.0)]))


# --- nearest feature ----------------------------------------------------------------------------


def brute_force(points: np.ndarray, frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    xs = np.array([g.x for g in frame.geometry])
    ys = np.array([g.y for g in frame.geometry])
    n, k = len(points), len(xs)
    d = m.GEOD.inv(
        np.repeat(points[:, 0], k), np.repeat(points[:, 1], k), np.tile(xs, n), np.tile(ys, n)
    )[2].reshape(n, k)
    index = np.argmin(d, axis=1)
    return index, d[np.arange(n), index]


def synthetic_bases(seed: int, n: int) -> gpd.GeoDataFrame:
    xy = random_points(seed, n, (123.0, 24.0, 142.0, 40.0))
    # A cluster a few km apart, as on Okinawa, and an exact duplicate (ties go to the first).
    xy = np.vstack([xy, [(127.77, 26.35), (127.75, 26.27), (127.77, 26.35)]])
    return gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in xy], crs="EPSG:4326")


@pytest.mark.parametrize("workers", [1, 2], ids=["one-thread", "two-threads"])
@pytest.mark.parametrize(
    ("name", "box"),
    [("strait", (117.0, 20.0, 124.0, 27.0)), ("region", (100.0, 0.0, 150.0, 46.0))],
    ids=["strait", "region"],
)
def test_nearest_feature_equals_brute_force(
    name: str, box: tuple[float, float, float, float], workers: int
) -> None:
    bases = synthetic_bases(11, 25)
    points = random_points(12, 20_000, box)
    index, metres = m.nearest_feature(
        points[:, 0], points[:, 1], bases, workers=workers, chunk=4096
    )
    ref_index, ref_metres = brute_force(points, bases)
    assert np.array_equal(index, ref_index), name
    assert np.max(np.abs(metres - ref_metres)) < 1e-3


def test_nearest_feature_against_the_places_layer() -> None:
    places = load_layer("places")
    points = random_points(13, 5000, (100.0, 0.0, 150.0, 46.0))
    index, metres = m.nearest_feature(points[:, 0], points[:, 1], places)
    ref_index, ref_metres = brute_force(points, places)
    assert np.array_equal(index, ref_index)
    assert np.max(np.abs(metres - ref_metres)) < 1e-3


def test_nearest_feature_of_polygons_measures_to_boundaries() -> None:
    zones = gpd.GeoDataFrame(geometry=[SQUARE, Polygon([(121, 21), (122, 21), (122, 22)])])
    index, metres = m.nearest_feature([120.25, 122.5], [22.5, 21.0], zones)
    assert index.tolist() == [0, 1]
    assert metres[0] == pytest.approx(dense_reference(120.25, 22.5, SQUARE), abs=10)


def test_nearest_feature_refuses_an_empty_frame() -> None:
    with pytest.raises(MeasureInputError, match=r"expected a frame of non-empty geometries"):
        m.nearest_feature([121.0], [25.0], gpd.GeoDataFrame(geometry=[]))


# --- the strait's width -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def width() -> m.StraitWidth:
    return m.strait_width(load_layer("land"), load_layer("strait_limits"))


def polygon_holding(land: gpd.GeoDataFrame, lon: float, lat: float) -> Polygon:
    (polygon,) = [p for p in land.geometry if p.contains(Point(lon, lat))]
    return polygon


def on_boundary(polygon: Polygon, point: tuple[float, float]) -> bool:
    return bool(polygon.boundary.distance(Point(point)) < 1e-6)


def test_narrowest_crossing_runs_from_taiwan_to_pingtan(width: m.StraitWidth) -> None:
    land, places = load_layer("land"), load_layer("places")
    pingtan = places.loc[places["id"] == "place-pingtan"].geometry.iloc[0]
    assert width.narrowest.km == pytest.approx(126.0, abs=5.0)
    assert on_boundary(polygon_holding(land, 121.0, 23.5), width.narrowest.from_point)
    assert on_boundary(polygon_holding(land, pingtan.x, pingtan.y), width.narrowest.to_point)
    # Reproducible from its endpoints on the ellipsoid.
    (x1, y1), (x2, y2) = width.narrowest.from_point, width.narrowest.to_point
    assert m.inverse(x1, y1, x2, y2).distance.km == pytest.approx(width.narrowest.km, abs=1e-6)


def test_narrowest_crossing_to_the_mainland_alone(width: m.StraitWidth) -> None:
    land = load_layer("land")
    mainland = max(land.geometry, key=lambda p: p.area)
    assert width.narrowest_mainland.km == pytest.approx(135.0, abs=5.0)
    assert width.narrowest_mainland.km > width.narrowest.km
    assert on_boundary(polygon_holding(land, 121.0, 23.5), width.narrowest_mainland.from_point)
    assert on_boundary(mainland, width.narrowest_mainland.to_point)


def test_width_profile_spans_the_strait(width: m.StraitWidth) -> None:
    widths = [s.width_km for s in width.profile]
    steps = np.diff([s.along_km for s in width.profile])
    assert len(widths) > 30
    assert np.allclose(steps[:-1], 10.0)
    assert 0 < steps[-1] <= 10.0
    assert min(widths) >= width.narrowest.km - 1e-6
    assert min(widths) < width.narrowest.km + 5.0
    assert min(widths) < width.mean_width_km < max(widths)


def test_kinmen_and_wuqiu_are_not_the_opposite_shore(width: m.StraitWidth) -> None:
    land = load_layer("land")
    roc = [polygon_holding(land, 118.383, 24.45), polygon_holding(land, 118.233, 24.433)]
    roc.append(min(land.geometry, key=lambda p: p.distance(Point(119.45, 24.983))))
    for station in width.profile:
        assert not any(on_boundary(p, station.opposite_point) for p in roc)


# --- Taiwan's main island -----------------------------------------------------------------------


def test_taiwan_main_island_is_the_largest_land_polygon_holding_the_reference() -> None:
    land = load_layer("land")
    island = m.taiwan_main_island(land)
    assert island.contains(Point(m.TAIWAN_REFERENCE))
    assert island.equals(polygon_holding(land, *m.TAIWAN_REFERENCE))
    # 35,800 km² by the island's own figures; the display outline comes within a few per cent.
    area_km2 = abs(m.GEOD.geometry_area_perimeter(island)[0]) / 1e6
    assert area_km2 == pytest.approx(35_800, rel=0.05)


def test_taiwan_main_island_takes_multipolygons_apart() -> None:
    islet = Polygon([(120.9, 23.4), (121.1, 23.4), (121.1, 23.6), (120.9, 23.6)])
    main = Polygon([(120.0, 22.0), (122.0, 22.0), (122.0, 25.3), (120.0, 25.3)])
    far = Polygon([(119.5, 23.5), (119.7, 23.5), (119.7, 23.7)])
    assert m.taiwan_main_island([shapely.MultiPolygon([far, main]), islet]).equals(main)


def test_taiwan_main_island_refuses_land_without_it() -> None:
    far = Polygon([(119.5, 23.5), (119.7, 23.5), (119.7, 23.7)])
    with pytest.raises(MeasureInputError, match=r"containing 23.5°N 121.0°E .*found none"):
        m.taiwan_main_island([far])


@pytest.mark.parametrize(
    ("lon", "lat"), [(121.56, 25.03), (119.0, 25.0), (127.0, 26.0)], ids=["taipei", "west", "east"]
)
def test_nearest_to_equals_brute_force_over_points_and_lines(lon: float, lat: float) -> None:
    targets = gpd.GeoDataFrame(geometry=[Point(127.77, 26.35), MEDIAN_LINE, Point(119.3, 26.08)])
    row, found = m.nearest_to(lon, lat, targets)
    distances = [m.distance_to_geometry(lon, lat, g).distance.metres for g in targets.geometry]
    assert row == int(np.argmin(distances))
    assert found.distance.metres == pytest.approx(min(distances), abs=1e-6)
    back = m.inverse(lon, lat, found.nearest_lon, found.nearest_lat)
    assert back.distance.metres == pytest.approx(found.distance.metres, abs=1e-6)
    assert back.bearing_deg == pytest.approx(found.bearing_deg, abs=1e-9)


def test_the_light_inverse_equals_the_vectorised_one() -> None:
    """`geodesy.inverse` (pyproj alone, for quick commands) gives inverse_many's very figures."""
    import numpy as np

    from straitmap.geodesy import inverse as light_inverse
    from straitmap.measure import inverse_many

    rng = np.random.default_rng(7)
    lons1, lons2 = rng.uniform(-180, 180, 200), rng.uniform(-180, 180, 200)
    lats1, lats2 = rng.uniform(-89, 89, 200), rng.uniform(-89, 89, 200)
    lons2[:3], lats2[:3] = lons1[:3], lats1[:3]  # coincident points: bearings 0
    metres, initial, final = inverse_many(lons1, lats1, lons2, lats2)
    for i in range(200):
        leg = light_inverse(lons1[i], lats1[i], lons2[i], lats2[i])
        assert leg.distance.metres == metres[i]
        assert leg.bearing_deg == initial[i]
        assert leg.final_bearing_deg == final[i]
