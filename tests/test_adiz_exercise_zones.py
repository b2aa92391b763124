"""Data tests: the hand-curated `adiz` and `pla_exercise_zones` layers match their sources."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pyproj import Geod
from shapely.geometry import LinearRing, Point, Polygon, shape

from straitmap.catalog import geodata_dir
from straitmap.region import REGION_BOUNDS

GEODATA = geodata_dir()
GEOD = Geod(ellps="WGS84")
NMI = 1852.0
TOLERANCE_DEG = 1e-6

DMS = tuple[int, int, int]


def dms_to_degrees(degrees: int, minutes: int = 0, seconds: int = 0) -> float:
    """Degrees, minutes and seconds (north/east positive) to decimal degrees."""
    return degrees + minutes / 60 + seconds / 3600


def lon_lat(lat: DMS, lon: DMS) -> tuple[float, float]:
    """A published `lat, lon` pair in DMS as GeoJSON's (lon, lat) in decimal degrees."""
    return dms_to_degrees(*lon), dms_to_degrees(*lat)


def read_features(file_name: str) -> dict[str, dict[str, Any]]:
    """The features of a bundled layer file, by id."""
    collection = json.loads((GEODATA / file_name).read_text(encoding="utf-8"))
    return {feature["properties"]["id"]: feature for feature in collection["features"]}


ADIZ = read_features("adiz.geojson")
ZONES = read_features("pla_exercise_zones.geojson")

#: PRC government statement, Xinhua 2013-11-23, in the published order.
PRC_ECS_ADIZ_VERTICES: list[tuple[DMS, DMS]] = [
    ((33, 11, 0), (121, 47, 0)),
    ((33, 11, 0), (125, 0, 0)),
    ((31, 0, 0), (128, 20, 0)),
    ((25, 38, 0), (125, 0, 0)),
    ((24, 45, 0), (123, 0, 0)),
    ((26, 44, 0), (120, 58, 0)),
]

#: Xinhua authorised notice of 2022-08-02 (zones 1-6);
#: Taiwan's Maritime and Port Bureau notice of 2022-08-04 (zone 7).
ZONES_2022: dict[str, tuple[list[tuple[DMS, DMS]], str, str]] = {
    "ex-2022-08-zone-1": (
        [
            ((25, 15, 26), (120, 29, 20)),
            ((24, 50, 30), (120, 5, 45)),
            ((25, 4, 32), (119, 51, 22)),
            ((25, 28, 12), (120, 14, 30)),
        ],
        "2022-08-04",
        "2022-08-07",
    ),
    "ex-2022-08-zone-2": (
        [
            ((26, 7, 0), (121, 57, 0)),
            ((25, 30, 0), (121, 57, 0)),
            ((25, 30, 0), (121, 28, 0)),
            ((26, 7, 0), (121, 28, 0)),
        ],
        "2022-08-04",
        "2022-08-07",
    ),
    "ex-2022-08-zone-3": (
        [
            ((25, 34, 0), (122, 50, 0)),
            ((25, 3, 0), (122, 50, 0)),
            ((25, 3, 0), (122, 11, 0)),
            ((25, 34, 0), (122, 11, 0)),
        ],
        "2022-08-04",
        "2022-08-07",
    ),
    "ex-2022-08-zone-4": (
        [
            ((22, 56, 0), (122, 40, 0)),
            ((23, 38, 0), (122, 51, 0)),
            ((23, 38, 0), (123, 23, 0)),
            ((22, 56, 0), (123, 9, 0)),
        ],
        "2022-08-04",
        "2022-08-07",
    ),
    "ex-2022-08-zone-5": (
        [
            ((21, 14, 0), (121, 33, 0)),
            ((21, 33, 0), (121, 18, 0)),
            ((21, 7, 0), (120, 43, 0)),
            ((20, 48, 0), (120, 59, 0)),
        ],
        "2022-08-04",
        "2022-08-07",
    ),
    "ex-2022-08-zone-6": (
        [
            ((22, 43, 0), (119, 14, 0)),
            ((22, 10, 0), (119, 6, 0)),
            ((21, 33, 0), (120, 29, 0)),
            ((22, 9, 0), (120, 32, 0)),
        ],
        "2022-08-04",
        "2022-08-07",
    ),
    "ex-2022-08-zone-7": (
        [
            ((23, 40, 0), (122, 30, 0)),
            ((23, 40, 0), (122, 54, 0)),
            ((23, 13, 0), (122, 54, 0)),
            ((23, 13, 0), (122, 30, 0)),
        ],
        "2022-08-04",
        "2022-08-08",
    ),
}


def _same_point(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= TOLERANCE_DEG and abs(a[1] - b[1]) <= TOLERANCE_DEG


def _is_iso_date(value: object) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ((33, 11, 0), (121, 47, 0), (121.783333, 33.183333)),
        ((25, 15, 26), (120, 29, 20), (120.488889, 25.257222)),
    ],
    ids=["minutes", "seconds"],
)
def test_dms_helper(lat: DMS, lon: DMS, expected: tuple[float, float]) -> None:
    assert _same_point(lon_lat(lat, lon), expected)


def test_prc_ecs_adiz_has_exactly_its_six_published_vertices() -> None:
    coordinates = [tuple(c) for c in ADIZ["adiz-prc-ecs"]["geometry"]["coordinates"]]
    expected = [lon_lat(lat, lon) for lat, lon in PRC_ECS_ADIZ_VERTICES]
    assert len(coordinates) == len(expected)
    mismatched = [
        (i, got, want)
        for i, (got, want) in enumerate(zip(coordinates, expected, strict=True))
        if not _same_point(got, want)
    ]
    assert not mismatched, f"vertices differ from the 2013 statement: {mismatched}"


@pytest.mark.parametrize("feature_id", sorted(ADIZ), ids=sorted(ADIZ))
def test_adiz_partial_features_are_lines(feature_id: str) -> None:
    """DESIGN §2: never close a polygon by guesswork; sourced edges are lines marked partial."""
    precision = ADIZ[feature_id]["properties"]["precision"]
    geometry_type = ADIZ[feature_id]["geometry"]["type"]
    is_line = geometry_type == "LineString"
    assert ("partial" in precision) == is_line, f"{geometry_type}, precision {precision!r}"


@pytest.mark.parametrize("feature_id", sorted(ADIZ), ids=sorted(ADIZ))
def test_adiz_declared_is_an_iso_date(feature_id: str) -> None:
    properties = ADIZ[feature_id]["properties"]
    assert _is_iso_date(properties["declared"]), properties["declared"]
    assert properties["declared_precision"] in {"day", "year"}
    if properties["declared_precision"] == "year":
        assert properties["declared"].endswith("-01-01"), "a year-only date is stored as 1 January"


@pytest.mark.parametrize(
    ("feature_id", "declared"),
    [
        ("adiz-prc-ecs", "2013-11-23"),
        ("adiz-jpn-yonaguni-2010", "2010-06-25"),
        ("adiz-roc-east", "1959-01-01"),
    ],
    ids=["prc-ecs", "japan-yonaguni", "roc"],
)
def test_adiz_declared_dates(feature_id: str, declared: str) -> None:
    assert ADIZ[feature_id]["properties"]["declared"] == declared


def test_yonaguni_arc_lies_west_of_123e_about_14_nmi_from_the_island() -> None:
    """The 2010 outer line: 14 nmi from Yonaguni's baseline, west of the old 123°E line."""
    coordinates = ADIZ["adiz-jpn-yonaguni-2010"]["geometry"]["coordinates"]
    assert coordinates[0][0] == coordinates[-1][0] == 123.0
    assert all(lon <= 123.0 for lon, _ in coordinates)
    yonaguni_centre = (122.988889, 24.455556)  # geodata/places.geojson: place-yonaguni
    distances_nmi = [GEOD.inv(*yonaguni_centre, lon, lat)[2] / NMI for lon, lat in coordinates]
    # 14 nmi from a coast that lies 0-4 nmi from the island's centre.
    assert min(distances_nmi) >= 14.0
    assert max(distances_nmi) <= 18.0


def test_roc_edges_meet_the_japanese_arc_on_123e() -> None:
    roc = ADIZ["adiz-roc-east"]["geometry"]["coordinates"]
    arc = ADIZ["adiz-jpn-yonaguni-2010"]["geometry"]["coordinates"]
    assert _same_point(tuple(roc[0]), lon_lat((21, 0, 0), (121, 30, 0)))
    assert _same_point(tuple(roc[1]), lon_lat((22, 30, 0), (123, 0, 0)))
    assert tuple(roc[-1]) == tuple(arc[0])


@pytest.mark.parametrize("feature_id", sorted(ZONES), ids=sorted(ZONES))
def test_exercise_zone_is_a_valid_ccw_polygon_inside_the_region(feature_id: str) -> None:
    geometry = ZONES[feature_id]["geometry"]
    assert geometry["type"] == "Polygon"
    ring = geometry["coordinates"][0]
    assert ring[0] == ring[-1], "ring not closed"
    assert LinearRing(ring).is_ccw, "outer ring should be counter-clockwise (RFC 7946)"
    polygon = shape(geometry)
    assert isinstance(polygon, Polygon)
    assert polygon.is_valid
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    assert all(min_lon <= lon <= max_lon and min_lat <= lat <= max_lat for lon, lat in ring)


@pytest.mark.parametrize("feature_id", sorted(ZONES), ids=sorted(ZONES))
def test_exercise_zone_dates_are_iso_and_ordered(feature_id: str) -> None:
    properties = ZONES[feature_id]["properties"]
    assert _is_iso_date(properties["start"])
    assert _is_iso_date(properties["end"])
    assert properties["start"] <= properties["end"]
    assert properties["precision"].startswith("exact (published corner coordinates)")


@pytest.mark.parametrize("feature_id", sorted(ZONES_2022), ids=sorted(ZONES_2022))
def test_2022_zones_match_the_published_corners_and_dates(feature_id: str) -> None:
    corners, start, end = ZONES_2022[feature_id]
    feature = ZONES[feature_id]
    ring = [tuple(c) for c in feature["geometry"]["coordinates"][0][:-1]]
    expected = [lon_lat(lat, lon) for lat, lon in corners]
    assert len(ring) == len(expected)
    unmatched = [want for want in expected if not any(_same_point(got, want) for got in ring)]
    assert not unmatched, f"{feature_id}: published corners missing from the polygon: {unmatched}"
    assert (feature["properties"]["start"], feature["properties"]["end"]) == (start, end)


def test_2022_zones_do_not_contain_taiwan_island_centre() -> None:
    """A sanity check on swapped coordinates: the zones surround Taiwan, none covers its middle."""
    taiwan_centre = Point(120.96, 23.70)
    covering = [fid for fid in ZONES_2022 if shape(ZONES[fid]["geometry"]).contains(taiwan_centre)]
    assert covering == []
