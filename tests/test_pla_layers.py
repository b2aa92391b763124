"""The PLA activity layers: parsing rules, the built data, the table loader, and the rebuild."""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import LineString, Point, box, shape

from straitmap import CatalogError, InvalidContentError, LayerValidationError, load_table
from straitmap.catalog import load_catalog
from straitmap.filters import AIRCRAFT_CLASSES
from straitmap.filters import ZONES as ZONE_NAMES
from straitmap.io import load_table_result
from straitmap.measure import (
    distance_to_geometry,
    distances_to_geometry,
    nearest_points_between,
    taiwan_main_island,
)
from straitmap.region import REGION_BOUNDS
from tests.test_rebuild import GEODATA, SHARED_DATA, load_build_script

build_pla = load_build_script("build_pla")

CLASSES = set(AIRCRAFT_CLASSES)
ZONES = set(ZONE_NAMES)
DATASETS = {
    "20220801-20230915_fixed": "p1",
    "20230918-20240115": "p2",
    "20240116-20240731_v2": "p3",
}
#: What the build prints per source file: source features, track features, activities, points.
EXPECTED = {
    "p1": {"read": 995, "tracks": 994, "activities": 994, "points": 994},
    "p2": {"read": 266, "tracks": 266, "activities": 266, "points": 266},
    "p3": {"read": 1083, "tracks": 626, "activities": 502, "points": 893},
}
#: Period 3's source features not drawn, by reason (as printed by the build).
EXPECTED_P3_DROPPED = {
    "distance note (figure kept on the activity it points at)": 417,
    "distance note without a clear match (figure not kept)": 15,
    "distance note without a figure or reference place": 1,
    "polygon_#multi (the polygon_#separate pieces are used instead)": 24,
}


def read_features(name: str) -> list[dict[str, Any]]:
    """The features of a committed geodata file."""
    return list(json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"])


@pytest.fixture(scope="module")
def points() -> list[dict[str, Any]]:
    return read_features("pla_incursions.geojson")


@pytest.fixture(scope="module")
def tracks() -> list[dict[str, Any]]:
    return read_features("pla_tracks.geojson")


@pytest.fixture(scope="module")
def zones() -> dict[str, Any]:
    return {
        f["properties"]["zone"]: shape(f["geometry"])
        for f in read_features("incursion_zones.geojson")
    }


@pytest.fixture(scope="module")
def median_line() -> Any:
    return shapely.union_all([shape(f["geometry"]) for f in read_features("median_line.geojson")])


# --- parsing rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0743-1735時主戰機及無人機計13架次（其中12架次逾越中線）", 13),
        ("1104-1112時主戰機計1架", 1),
        ("0906-1643時直升機1架", 1),
        ("9日0300-10日0117時無人機3架次", 3),
        ("0720-1811主戰機計35架次（逾越中線28架次）", 35),
        ("0810-1020時輔戰機計1架1次", 1),
        ("偵獲無人機及運8反潛機各1架次", 1),
        ("（7架逾越中線進入西南空域）", 7),
        ("主戰機及無人機", None),
    ],
    ids=[
        "total-before-remark",
        "single-aircraft",
        "without-計",
        "times-spanning-days",
        "remark-after-figure",
        "stray-次",
        "each",
        "remark-only",
        "no-figure",
    ],
)
def test_parse_count(text: str, expected: int | None) -> None:
    assert build_pla.parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("主戰機及無人機計13架次（其中12架次逾越中線）", 12),
        ("主戰機計35架次（逾越中線28架次）", 28),
        ("主、輔戰機及直升機計11架次（其中逾越中線計5架）", 5),
        ("殲擊機主戰機及無人機計5架次（其中2架次過中線）", 2),
        ("主、輔戰機及無人機計26架次（其中22架次進入應變區）", None),
        ("主戰機計4架次", None),
    ],
    ids=["其中-n-逾越中線", "逾越中線-n", "逾越中線計-n", "過中線", "response-zone-only", "none"],
)
def test_parse_crossings(text: str, expected: int | None) -> None:
    assert build_pla.parse_crossings(text) == expected


@pytest.mark.parametrize(
    ("text", "classes"),
    [
        ("1104-1112時主戰機計1架", ["main combat (unspecified)"]),
        (
            "0733-1640時主、輔戰機及無人機計23架次",
            ["main combat (unspecified)", "support (unspecified)", "drone"],
        ),
        ("殲擊機等主戰及無人機計12架次", ["fighter", "main combat (unspecified)", "drone"]),
        ("主輔戰機計19架次", ["main combat (unspecified)", "support (unspecified)"]),
        (
            "殲擊機等主、輔機及無人機計25架次",
            ["fighter", "main combat (unspecified)", "support (unspecified)", "drone"],
        ),
        ("輔戰機、無人機及直升機計6架次", ["support (unspecified)", "drone", "helicopter"]),
        ("偵獲無人機及運8反潛機各1架次", ["drone", "anti-submarine"]),
        (
            "偵獲晉江等機場殲10等主、輔戰機計13架次",
            ["fighter", "main combat (unspecified)", "support (unspecified)"],
        ),
        ("（7架逾越中線進入西南空域）", ["unspecified"]),
    ],
    ids=[
        "main",
        "main-support-drone",
        "fighter-main-drone",
        "主輔",
        "主、輔機",
        "support-drone-helicopter",
        "drone-y8",
        "j10",
        "none-named",
    ],
)
def test_classes_named(text: str, classes: list[str]) -> None:
    assert [token.aircraft_class for token in build_pla.classes_named(text)] == classes


@pytest.mark.parametrize(
    ("text", "per_class"),
    [("偵獲無人機及運8反潛機各1架次", True), ("主、輔戰機及無人機計23架次", False)],
    ids=["各", "計"],
)
def test_counts_per_class(text: str, per_class: bool) -> None:
    assert build_pla.counts_per_class(text) is per_class


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("殲-16機", ("J-16", "fighter")),
        ("殲 -16機", ("J-16", "fighter")),
        ("蘇愷-30機", ("Su-30", "fighter")),
        ("轟-6K機", ("H-6K", "bomber")),
        ("空警-500機", ("KJ-500", "airborne early warning")),
        ("運-8反潛機", ("Y-8 ASW", "anti-submarine")),
        ("運-8技術偵察機", ("Y-8 tech recon", "reconnaissance/electronic warfare")),
        ("運-9通信對抗機", ("Y-9 comms countermeasures", "reconnaissance/electronic warfare")),
        ("運油-20機", ("YY-20", "tanker/transport")),
        ("直-9反潛直升機", ("Z-9 ASW", "helicopter")),
        ("卡-28反潛直升機", ("Ka-28 ASW", "helicopter")),
        ("無偵-7機", ("WZ-7", "drone")),
        ("BZK-5", ("BZK-005", "drone")),
        ("彩虹4型無人機", ("CH-4", "drone")),
        ("空飄氣球", ("balloon", "balloon")),
        ("不明機", ("unspecified", "unspecified")),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_map_aircraft_type(name_zh: str, expected: tuple[str, str]) -> None:
    assert build_pla.map_aircraft_type(name_zh) == expected


def test_every_name_of_the_reporters_type_table_has_a_designation() -> None:
    table = SHARED_DATA / "pla-path-database" / "Taiwan" / "aircraft_zh_type.csv"
    if not table.is_file():
        pytest.skip(f"{table} not found")
    names = build_pla.type_table_names(table)
    assert [n for n in names if build_pla.map_aircraft_type(n)[0] == "unspecified"] == []


def test_every_mapped_class_is_in_the_closed_list() -> None:
    assert {cls for _, cls in build_pla.AIRCRAFT_TYPES.values()} <= CLASSES
    assert {token.aircraft_class for token in build_pla.CLASS_TOKENS} <= CLASSES


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"dates_fixed": "20230519", "year": "2023", "month": "05", "day": "19"}, "2023-05-19"),
        (
            {"dates_fixed": "20230115 (2)", "year": "2023", "month": "01", "day": "15 (2)"},
            "2023-01-15",
        ),
    ],
    ids=["plain", "second-map-of-the-day"],
)
def test_iso_date_p1(properties: dict[str, str], expected: str) -> None:
    assert build_pla.iso_date_p1(properties) == expected


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        (
            {"dates_fixed": "2023-05-19", "year": "2023", "month": "05", "day": "19"},
            "expected dates_fixed as YYYYMMDD",
        ),
        (
            {"dates_fixed": "20230519", "year": "2023", "month": "05", "day": "18"},
            "disagrees with year/month/day",
        ),
    ],
    ids=["not-yyyymmdd", "disagrees"],
)
def test_iso_date_p1_refuses(properties: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_pla.iso_date_p1(properties)


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        (
            {"date": "2024-06-28", "src_1": "113-06-28_1130628_臺海周邊海、空域活動示意圖"},
            "2024-06-28",
        ),
        ({"date": "2023-09-18"}, "2023-09-18"),
    ],
    ids=["checked-against-roc-date", "no-src"],
)
def test_iso_date(properties: dict[str, str], expected: str) -> None:
    assert build_pla.iso_date(properties) == expected


def test_iso_date_refuses_a_disagreeing_roc_date() -> None:
    with pytest.raises(ValueError, match=r"date 2024-06-28 disagrees with src_1"):
        build_pla.iso_date({"date": "2024-06-28", "src_1": "113-06-27_x"})


def test_decode_mojibake_restores_the_two_nameless_rows() -> None:
    assert build_pla.clean_type_name(build_pla.decode_mojibake("è½\x9f-6kæ©\x9f")) == "轟-6K機"


@pytest.mark.parametrize(
    ("lon", "lat", "zone"),
    [
        (122.0, 26.5, "north"),
        (119.5, 25.0, "northern strait"),
        (119.5, 23.8, "central strait (median line)"),
        (119.0, 21.5, "southwest"),
        (121.8, 21.6, "southeast"),
        (122.5, 24.0, "east"),
        (124.5, 24.0, "outside ADIZ"),
        (118.0, 20.0, "outside ADIZ"),
        (117.5, 24.5, "northern strait"),
    ],
    ids=[
        "north",
        "northern-strait",
        "central-strait",
        "southwest",
        "southeast",
        "east",
        "east-of-123E",
        "south-of-21N",
        "shared-corner",
    ],
)
def test_zone_rule(lon: float, lat: float, zone: str) -> None:
    assert build_pla.zone_of(Point(lon, lat), build_pla.zone_polygons()) == zone


# --- the zones ----------------------------------------------------------------------------------


def test_zones_tile_the_region_without_overlap(zones: dict[str, Any]) -> None:
    assert set(zones) == ZONES
    region = box(*REGION_BOUNDS)
    assert shapely.union_all(list(zones.values())).symmetric_difference(region).area < 1e-9
    assert sum(z.area for z in zones.values()) == pytest.approx(region.area, abs=1e-9)


# --- the built points and tracks ----------------------------------------------------------------


def test_closed_vocabularies(points: list[dict[str, Any]], tracks: list[dict[str, Any]]) -> None:
    for feature in [*points, *tracks]:
        props = feature["properties"]
        assert props["aircraft_class"] in CLASSES, props["id"]
        assert set(props.get("aircraft_classes", props["aircraft_class"]).split("; ")) <= CLASSES
        assert props["zone"] in ZONES, props["id"]
        assert props["crossed_median_line_basis"] in {"mnd", "computed"}, props["id"]
        assert props["count_scope"] in {"class", "area"}, props["id"]
        assert props["dataset"] in DATASETS, props["id"]


def test_dates_counts_and_ids(points: list[dict[str, Any]], tracks: list[dict[str, Any]]) -> None:
    for layer in (points, tracks):
        ids = [f["properties"]["id"] for f in layer]
        assert ids == sorted(ids), "features are sorted by id"
        assert len(set(ids)) == len(ids), "ids are unique"
        for feature in layer:
            props = feature["properties"]
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", props["date"])
            assert "2022-08-01" <= props["date"] <= "2024-07-31", props["id"]
            assert isinstance(props["count"], int), props["id"]
            assert props["count"] >= 1, props["id"]
            assert props["id"].startswith(props["track_id"]), props["id"]
            assert props["track_id"][:2] == DATASETS[props["dataset"]], props["id"]


def test_every_point_is_in_the_region_and_in_its_zone(
    points: list[dict[str, Any]], zones: dict[str, Any]
) -> None:
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    outside = []
    for feature in points:
        lon, lat = feature["geometry"]["coordinates"]
        assert min_lon <= lon <= max_lon, feature["properties"]["id"]
        assert min_lat <= lat <= max_lat, feature["properties"]["id"]
        if not zones[feature["properties"]["zone"]].covers(Point(lon, lat)):
            outside.append(feature["properties"]["id"])
    assert outside == []


def test_points_sit_on_their_track_or_inside_their_area(
    points: list[dict[str, Any]], tracks: list[dict[str, Any]]
) -> None:
    geometry_of: dict[str, list[Any]] = {}
    for feature in tracks:
        geometry_of.setdefault(feature["properties"]["track_id"], []).append(
            shape(feature["geometry"])
        )
    far = []
    for feature in points:
        point = shape(feature["geometry"])
        parts = shapely.union_all(geometry_of[feature["properties"]["track_id"]])
        if parts.distance(point) > 2e-4:  # the output grid is 1e-4°
            far.append(feature["properties"]["id"])
    assert far == []


def test_a_tracks_point_is_the_geodesically_nearest_to_taiwan(
    points: list[dict[str, Any]], tracks: list[dict[str, Any]]
) -> None:
    """p1-0565 passes Taiwan's south twice, 99.87 and 100.14 km off (WGS84): until 2026-12-02
    the planar nearest in the local projection took the farther pass, in another zone."""
    land = [shape(f["geometry"]) for f in read_features("land.geojson")]
    island = taiwan_main_island(land)
    (track,) = [
        shape(f["geometry"])
        for f in tracks
        if f["properties"]["track_id"] == "p1-0565" and f["properties"]["part"] == "track"
    ]
    (point,) = [f for f in points if f["properties"]["track_id"] == "p1-0565"]
    vertices = shapely.get_coordinates(track)
    lon, lat = point["geometry"]["coordinates"]
    from_point = distance_to_geometry(lon, lat, island).distance.metres
    from_vertices = distances_to_geometry(vertices[:, 0], vertices[:, 1], island).metres
    assert from_point <= from_vertices.min() + 10.0  # the 4-decimal grid moves it ≤ 8 m
    assert from_point == pytest.approx(99_870, abs=20)
    assert point["properties"]["zone"] == "southeast"


def test_nearest_points_on_measures_the_drawn_line_and_keeps_crossing_points() -> None:
    """The drawn track is straight in lon/lat (RFC 7946): from 119°E 20.3°N to 123°E 22.3°N
    its geodesic bows 1.8 km away from it. The point is on the drawn line, and no point of that
    line sampled every 0.002° is nearer the drawn box (WGS84) by more than the grid's 8 m."""
    land = box(120.0, 22.0, 122.0, 25.3)
    island = build_pla.Island(land, build_pla.to_local(land))
    crossing = LineString([(119.0, 23.0), (123.0, 23.4)])
    apart = LineString([(119.0, 20.3), (123.0, 22.3)])
    found = build_pla.nearest_points_on([crossing, apart], island)
    assert found[0] == build_pla.crossing_point(crossing, island.local)
    assert land.distance(found[0]) < 1e-3
    assert apart.distance(found[1]) < 1e-4  # on the drawn line, to the output grid
    samples = shapely.get_coordinates(shapely.segmentize(apart, 0.002))
    drawn_land = shapely.segmentize(land, 0.02)  # its geodesics within 6 cm of the lines
    drawn = distances_to_geometry(samples[:, 0], samples[:, 1], drawn_land).metres
    point = distance_to_geometry(found[1].x, found[1].y, drawn_land).distance.metres
    assert drawn.min() - 1.0 <= point <= drawn.min() + 8.0
    on_geodesic = nearest_points_between(apart, land).from_point
    assert found[1].distance(Point(on_geodesic)) > 0.005  # not the geodesic's point


def test_crossing_basis(
    points: list[dict[str, Any]], tracks: list[dict[str, Any]], median_line: Any
) -> None:
    for feature in tracks:
        props = feature["properties"]
        if props["crossed_median_line_basis"] == "mnd":
            assert "中線" in props["mnd_text"], props["id"]
            assert props["crossed_median_line"] == (props["mnd_median_line_crossings"] > 0)
    by_track: dict[str, Any] = {}
    for feature in tracks:
        by_track.setdefault(feature["properties"]["track_id"], []).append(
            shape(feature["geometry"])
        )
    for feature in points:
        props = feature["properties"]
        if props["crossed_median_line_basis"] == "computed":
            crosses = shapely.union_all(by_track[props["track_id"]]).intersects(median_line)
            assert props["crossed_median_line"] == bool(crosses), props["id"]
        else:
            assert "中線" in props["mnd_text"], props["id"]
    assert Counter(f["properties"]["crossed_median_line_basis"] for f in points)["mnd"] > 0


def test_totals_per_period_match_the_build_printout(
    points: list[dict[str, Any]], tracks: list[dict[str, Any]]
) -> None:
    point_counts = Counter(DATASETS[f["properties"]["dataset"]] for f in points)
    track_counts = Counter(DATASETS[f["properties"]["dataset"]] for f in tracks)
    activities = Counter(
        DATASETS[dataset]
        for dataset, _ in {
            (f["properties"]["dataset"], f["properties"]["track_id"]) for f in points
        }
    )
    for period, expected in EXPECTED.items():
        assert point_counts[period] == expected["points"], period
        assert track_counts[period] == expected["tracks"], period
        assert activities[period] == expected["activities"], period


def test_area_totals_are_counted_once_per_statement(points: list[dict[str, Any]]) -> None:
    """Points that share an area's figure (count_scope "area") all carry the same count."""
    shared: dict[tuple[str, str], set[int]] = {}
    for feature in points:
        props = feature["properties"]
        if props["count_scope"] == "area":
            statement = props["id"].rsplit("-", 1)[0]
            shared.setdefault((statement, props["mnd_text"]), set()).add(props["count"])
    assert shared
    assert all(len(counts) == 1 for counts in shared.values())


def test_tracks_geometry_types(tracks: list[dict[str, Any]]) -> None:
    kinds = Counter(f["geometry"]["type"] for f in tracks)
    assert set(kinds) <= {"LineString", "MultiLineString", "Polygon", "MultiPolygon"}
    parts = Counter(f["properties"]["part"] for f in tracks)
    assert parts["balloon path"] == parts["balloon start area"] == parts["balloon end area"] == 62


def test_file_sizes_stay_small() -> None:
    assert (GEODATA / "pla_incursions.geojson").stat().st_size < 1_700_000
    assert (GEODATA / "pla_tracks.geojson").stat().st_size < 4_000_000


# --- the daily counts table ---------------------------------------------------------------------


def test_daily_counts_csv_is_sorted_and_attributed() -> None:
    with (GEODATA / "pla_daily_counts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(build_pla.COUNTS_COLUMNS)
    dates = [row["date"] for row in rows]
    assert dates == sorted(set(dates))
    assert all(
        row["source"].startswith("PLA Tracker (pla-tracker.pages.dev), CC BY 4.0") for row in rows
    )
    for row in rows:
        assert int(row["median_line_crossings"]) <= int(row["aircraft_total"]), row["date"]
        assert "\n" not in row["special_event"]


# --- the table loader (catalog kind = "table") --------------------------------------------------

TABLE_ENTRY = """
[layers.counts]
title = "Counts"
kind = "table"
file = "counts.csv"
geometry_types = []
license = "CC0"
attribution = "test"
sources = ["test"]
retrieved = "2026-01-01"
data_as_of = "2026-01-01"
description = "A test table."
required = ["date", "total"]

[layers.counts.fields]
date = "date"
total = "int"
share = "float"
ok = "bool"
"""


def write_table(tmp_path: Path, text: str, entry: str = TABLE_ENTRY) -> Path:
    """A catalog with one table layer and its CSV file; returns the catalog path."""
    catalog = tmp_path / "catalog.toml"
    catalog.write_text("[common]\nrequired = []\n" + entry, encoding="utf-8")
    (tmp_path / "counts.csv").write_text(text, encoding="utf-8")
    return catalog


def test_load_table_types_every_column(tmp_path: Path) -> None:
    catalog = load_catalog(
        write_table(
            tmp_path, "date,total,share,ok,note\n2026-01-02,3,0.5,true,x\n2026-01-03,0,,false,\n"
        )
    )
    loaded = load_table_result("counts", catalog=catalog)
    table = loaded.frame
    assert table.equals(load_table("counts", catalog=catalog))
    assert list(table["date"]) == ["2026-01-02", "2026-01-03"]
    assert str(table["total"].dtype) == "int64"
    assert table["share"].isna().tolist() == [False, True]
    assert table["ok"].tolist() == [True, False]
    assert table["note"].tolist() == ["x", None]
    assert loaded.report.ok
    assert table.attrs == {}
    assert catalog["counts"].is_table
    assert catalog["counts"].fields == {
        "date": "date",
        "total": "int",
        "share": "float",
        "ok": "bool",
    }


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (
            "date,total,share,ok\n2026-01-02,three,,\n",
            LayerValidationError,
            r"1 of 1 rows refused.*row 1 \(line 2\), field 'total': expected an integer, "
            r"found 'three'",
        ),
        (
            "date,total,share,ok\n2026-13-02,3,,\n",
            LayerValidationError,
            r"field 'date': expected an ISO date",
        ),
        (
            "date,total,share,ok\n2026-01-02,,,\n",
            LayerValidationError,
            r"field 'total': expected a non-empty int \(required\)",
        ),
        (
            "date,total,share,ok\n2026-01-02,3,,yes\n",
            LayerValidationError,
            r"field 'ok': expected true or false, found 'yes'",
        ),
        (
            "date,total\n2026-01-02,3\n",
            InvalidContentError,
            r"expected the columns 'share', 'ok' \(layer counts\)",
        ),
        (
            "date,total,share,ok\n2026-01-02,3\n",
            InvalidContentError,
            r"expected 4 cells in every row .*found 2 in row 1 \(line 2\)$",
        ),
        (
            "date,date,share,ok\n",
            InvalidContentError,
            r"expected unique column names, found 'date'",
        ),
        ("", InvalidContentError, r"expected a CSV header row, found nothing"),
    ],
    ids=[
        "not-int",
        "bad-date",
        "required-empty",
        "not-bool",
        "missing-column",
        "short-row",
        "duplicate-column",
        "empty",
    ],
)
def test_load_table_refuses(
    tmp_path: Path, text: str, error: type[Exception], message: str
) -> None:
    catalog = load_catalog(write_table(tmp_path, text))
    with pytest.raises(error, match=message):
        load_table("counts", catalog=catalog)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'kind = "table"',
            'kind = "chart"',
            r"key 'kind': expected one of features, table, found 'chart'",
        ),
        (
            "geometry_types = []",
            'geometry_types = ["Point"]',
            r"key 'geometry_types': expected \[\] for a table layer",
        ),
        (
            'file = "counts.csv"',
            'file = "counts.geojson"',
            r"key 'file': expected a \.csv file for a table layer",
        ),
    ],
    ids=["unknown-kind", "table-with-geometry", "not-csv"],
)
def test_catalog_refuses_a_bad_table_entry(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = write_table(tmp_path, "", TABLE_ENTRY.replace(old, new))
    with pytest.raises(CatalogError, match=message):
        load_catalog(path)


def test_tables_and_feature_layers_do_not_mix(tmp_path: Path, data_dir: Path) -> None:
    from straitmap import load_layer

    catalog = load_catalog(write_table(tmp_path, "date,total,share,ok\n"))
    with pytest.raises(CatalogError, match=r"layer 'counts' is a table .*load it with load_table"):
        load_layer("counts", catalog=catalog)
    with pytest.raises(
        CatalogError, match=r"layer 'towns' is a layer of map features .*load_layer"
    ):
        load_table("towns", catalog=load_catalog(data_dir / "catalog.toml"))


# --- the rebuild --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_inputs() -> tuple[Path, Path]:
    """PLA_Path_Database's Taiwan folder and records.csv; fail in CI, skip elsewhere if missing."""
    pla_dir = SHARED_DATA / "pla-path-database" / "Taiwan"
    records = SHARED_DATA / "pla-tracker" / "records.csv"
    if not pla_dir.is_dir() or not records.is_file():
        reason = (
            f"raw data {pla_dir} or {records} not found: the rebuild test needs ../shared/data "
            "beside the checkout (DESIGN §2)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return pla_dir, records


def test_build_pla_reproduces_committed_files(
    raw_inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    pla_dir, records = raw_inputs
    tally, _ = build_pla.build_pla(pla_dir, records, tmp_path)
    for name in build_pla.OUT_FILES.values():
        assert (tmp_path / name).read_bytes() == (GEODATA / name).read_bytes(), (
            f"geodata/{name} differs from a rebuild: run python geodata/build/build_pla.py"
        )
    for period, expected in EXPECTED.items():
        assert tally.read[period] == expected["read"]
        assert tally.kept[period] == expected["tracks"]
        assert tally.points[period] == expected["points"]
    assert dict(tally.dropped["p3"]) == EXPECTED_P3_DROPPED
    assert dict(tally.dropped["p1"]) == {"no aircraft count in the source": 1}
