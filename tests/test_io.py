"""The loader contract (DESIGN §7): what is accepted, repaired, refused, and what raises."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from straitmap import (
    DataFileError,
    FileUnreadableError,
    InvalidContentError,
    Issue,
    LayerValidationError,
    LoadReport,
    UnknownLayerError,
    load_file,
    load_layer,
)
from straitmap.catalog import Catalog, load_catalog
from straitmap.io import load_bytes

TAIPEI = [121.5645, 25.034]


def collection(*features: Any, **members: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", **members, "features": list(features)}).encode()


def feature(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def point(x: float, y: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [x, y]}


# --- a valid file -------------------------------------------------------------------------------


def test_valid_file_loads_every_feature_as_is(data_dir: Path) -> None:
    result = load_file(data_dir / "valid_towns.geojson")
    frame, report = result.frame, result.report
    assert report.ok
    assert (report.total, report.accepted, report.skipped_empty) == (3, 3, 0)
    assert report.issues == ()
    assert frame.crs.to_epsg() == 4326
    assert list(frame["id"]) == ["taipei", "kaohsiung", "xiamen"]
    assert list(frame["name_zh"]) == ["臺北", "高雄", "廈門"]
    assert frame.geometry.iloc[0].equals(Point(TAIPEI))
    assert frame.attrs["report"] == report


def test_property_types_are_kept(data_dir: Path) -> None:
    frame = load_file(data_dir / "valid_towns.geojson").frame
    assert str(frame["population"].dtype) == "int64"
    assert str(frame["capital"].dtype) == "bool"
    assert str(frame["area_km2"].dtype) == "float64"
    assert list(frame["founded"].fillna("")) == ["1884-01-01", "", "1394-01-01"]


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        ([1, None], "Int64"),
        ([True, None], "boolean"),
        ([2**62, 1], "int64"),
        ([2**64, 1], "object"),
        ([1, "one"], "object"),
        ([{"nested": 1}, [1, 2]], "object"),
    ],
    ids=["int-with-null", "bool-with-null", "big-int", "beyond-int64", "mixed", "nested"],
)
def test_columns_keep_values_exactly(values: list[Any], dtype: str) -> None:
    data = collection(
        *(feature(point(*TAIPEI), id=str(i), value=value) for i, value in enumerate(values))
    )
    frame = load_bytes(data, "values.geojson").frame
    assert str(frame["value"].dtype) == dtype
    assert [None if v is None or v is pd.NA else v for v in frame["value"]] == values


# --- files that raise: nothing usable remains ----------------------------------------------------

UNUSABLE_FILES = [
    (
        "not-utf8",
        "not_utf8.geojson",
        InvalidContentError,
        r"not_utf8\.geojson: expected UTF-8 text \(RFC 7946 §1\), found byte 0xb0 at offset 131 "
        r"\(line 2\)",
    ),
    (
        "nan",
        "nan.geojson",
        InvalidContentError,
        r"^\S*nan\.geojson: expected finite JSON numbers, found NaN in member 'bbox\[3\]' at the "
        r"top level, which JSON does not allow \(only property values are set to null\)",
    ),
    (
        "duplicate-key",
        "duplicate_key.geojson",
        InvalidContentError,
        r"duplicate_key\.geojson: duplicate key 'name' in one JSON object \(keys 'id', 'name'\)",
    ),
    (
        "top-level-array",
        "top_level_array.geojson",
        InvalidContentError,
        r"expected a GeoJSON FeatureCollection object at the top level, found an array of 1 item$",
    ),
    (
        "wrong-type-name",
        "wrong_type_name.geojson",
        InvalidContentError,
        r'expected "type": "FeatureCollection" at the top level, found \'FeatureCollections\'$',
    ),
    (
        "missing",
        "does_not_exist.geojson",
        FileUnreadableError,
        r"does_not_exist\.geojson: no such file$",
    ),
    ("directory", ".", FileUnreadableError, r"is a directory; expected a GeoJSON file$"),
]


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [case[1:] for case in UNUSABLE_FILES],
    ids=[case[0] for case in UNUSABLE_FILES],
)
def test_unusable_file_raises(
    data_dir: Path, name: str, error: type[DataFileError], message: str
) -> None:
    with pytest.raises(error, match=message) as raised:
        load_file(data_dir / name)
    assert raised.value.path == data_dir / name


UNUSABLE_BYTES = [
    (
        "infinity",
        b'{"type": "FeatureCollection", "features": [], "x": Infinity}',
        r"found Infinity",
    ),
    ("minus-infinity", b'{"type": "FeatureCollection", "x": -Infinity}', r"found -Infinity"),
    ("overflowing-float", b'{"type": "FeatureCollection", "x": 1e400}', r"found 1e400"),
    (
        "json-syntax",
        b'{"type": "FeatureCollection",\n "features": [}',
        r"not valid JSON: Expecting value at line 2, column 15$",
    ),
    ("utf16", '{"type": 1}'.encode("utf-16"), r"found a UTF-16 byte-order mark"),
    (
        "deeply-nested",
        b"[" * 100_000 + b"]" * 100_000,
        r"nested too deeply to be GeoJSON",
    ),
    (
        "single-feature",
        json.dumps(feature(point(*TAIPEI))).encode(),
        r"expected a FeatureCollection, found a single Feature; wrap it",
    ),
    (
        "bare-geometry",
        json.dumps(point(*TAIPEI)).encode(),
        r"expected a FeatureCollection, found a bare Point geometry",
    ),
    (
        "missing-type",
        b'{"features": []}',
        r'expected "type": "FeatureCollection" at the top level, found nothing$',
    ),
    (
        "features-not-array",
        b'{"type": "FeatureCollection", "features": {}}',
        r"expected a 'features' array in the FeatureCollection, found an object$",
    ),
    (
        "crs-link",
        collection(crs={"type": "link", "properties": {"href": "http://example.org/crs"}}),
        r"member 'crs': expected a named CRS .*found an object",
    ),
    (
        "crs-unknown-code",
        collection(crs={"type": "name", "properties": {"name": "EPSG:999999"}}),
        r"member 'crs': expected an EPSG or OGC horizontal CRS .*found 'EPSG:999999'$",
    ),
    (
        "crs-proj-string",
        collection(crs={"type": "name", "properties": {"name": "+proj=longlat +datum=WGS84"}}),
        r"member 'crs': expected an EPSG or OGC horizontal CRS .*found '\+proj=longlat",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"),
    [case[1:] for case in UNUSABLE_BYTES],
    ids=[case[0] for case in UNUSABLE_BYTES],
)
def test_unusable_content_raises(data: bytes, message: str) -> None:
    with pytest.raises(InvalidContentError, match=message):
        load_bytes(data, "upload.geojson")


def test_size_limit_is_checked_before_parsing(data_dir: Path) -> None:
    with pytest.raises(InvalidContentError, match=r"more than the limit of 100 bytes"):
        load_file(data_dir / "valid_towns.geojson", max_bytes=100)


def test_feature_limit(data_dir: Path) -> None:
    with pytest.raises(InvalidContentError, match=r"3 features, more than the limit of 2; split"):
        load_file(data_dir / "valid_towns.geojson", max_features=2)


def test_empty_collection_is_usable() -> None:
    result = load_bytes(collection(), "empty.geojson")
    assert result.report.ok
    assert len(result.frame) == 0
    assert result.frame.crs.to_epsg() == 4326


# --- fixtures with per-feature outcomes ----------------------------------------------------------

OUTCOMES = [
    # (id, file, accepted, repaired, refused, skipped, noted, first issue's message pattern)
    ("bom", "bom.geojson", 1, 0, 0, 0, 1, r"^file: expected UTF-8 without a byte-order mark"),
    (
        "bowtie",
        "bowtie.geojson",
        1,
        1,
        0,
        0,
        0,
        r"^feature 0 \(id 'bowtie'\), field 'geometry': expected a valid Polygon, found "
        r"self-intersection at \[120\.5, 23\.5\]; made valid: split into 2 polygons "
        r"\(now a MultiPolygon\)$",
    ),
    (
        "unclosed-ring",
        "unclosed_ring.geojson",
        1,
        1,
        0,
        0,
        0,
        r"expected closed polygon rings, found an unclosed ring; ring 0 was not closed",
    ),
    (
        "null-geometry",
        "null_geometry.geojson",
        1,
        0,
        0,
        1,
        0,
        r"^feature 1 \(id 'nowhere'\), field 'geometry': expected a geometry, found null; left",
    ),
    (
        "empty-geometry",
        "empty_geometry.geojson",
        1,
        0,
        0,
        3,
        0,
        r"^feature 1 \(id 'empty-point'\), field 'geometry': .*found an empty Point",
    ),
    (
        "out-of-range",
        "out_of_range.geojson",
        1,
        0,
        2,
        0,
        0,
        r"^feature 1 \(id 'east-of-dateline'\), field 'geometry': expected longitude within "
        r"±180 and latitude within ±90, found \[181\.0, 10\.0\]$",
    ),
    (
        "swapped",
        "swapped_latlon.geojson",
        0,
        0,
        2,
        0,
        0,
        r"found \[25\.034, 121\.5645\]; this looks swapped: 121\.5645 is not a latitude",
    ),
    (
        "projected",
        "projected_3857.geojson",
        0,
        0,
        1,
        0,
        0,
        r"expected WGS84 longitude/latitude in degrees, found \[13532498\.2, 2879921\.3\]; "
        r"these look like projected coordinates",
    ),
    (
        "unknown-geometry-type",
        "unknown_geometry_type.geojson",
        1,
        0,
        1,
        0,
        0,
        r"^feature 1 \(id 'kaohsiung'\), field 'geometry': expected a geometry type "
        r"\(Point, .*\), found type 'Pointe'$",
    ),
    (
        "legacy-crs-twd97",
        "legacy_crs_twd97.geojson",
        2,
        1,
        0,
        0,
        0,
        r"^file, field 'crs': .*found 'urn:ogc:def:crs:EPSG::3826' \(TWD97 / TM2 zone 121\); "
        r"reprojected every position from TWD97 / TM2 zone 121 to WGS84 \(EPSG:4326\)$",
    ),
    (
        "legacy-crs-crs84",
        "legacy_crs_crs84.geojson",
        1,
        0,
        0,
        0,
        1,
        r"a legacy member naming WGS84: positions read as \[longitude, latitude\]$",
    ),
]


@pytest.mark.parametrize(
    ("name", "accepted", "repaired", "refused", "skipped", "noted", "message"),
    [case[1:] for case in OUTCOMES],
    ids=[case[0] for case in OUTCOMES],
)
def test_feature_outcomes(
    data_dir: Path,
    name: str,
    accepted: int,
    repaired: int,
    refused: int,
    skipped: int,
    noted: int,
    message: str,
) -> None:
    result = load_file(data_dir / name)
    report = result.report
    counts = (
        report.accepted,
        len(report.repaired),
        len(report.refused),
        report.skipped_empty,
        len(report.notices),
    )
    assert counts == (accepted, repaired, refused, skipped, noted)
    assert len(result.frame) == accepted
    assert report.ok == (refused == 0)
    assert re.search(message, str(report.issues[0])), str(report.issues[0])


def test_bowtie_is_split_without_losing_area(data_dir: Path) -> None:
    geometry = load_file(data_dir / "bowtie.geojson").frame.geometry.iloc[0]
    assert isinstance(geometry, MultiPolygon)
    assert len(geometry.geoms) == 2
    assert geometry.is_valid
    assert geometry.area == pytest.approx(0.5)


def test_unclosed_ring_is_closed(data_dir: Path) -> None:
    geometry = load_file(data_dir / "unclosed_ring.geojson").frame.geometry.iloc[0]
    assert isinstance(geometry, Polygon)
    assert geometry.equals(Polygon([(119.5, 23.5), (119.7, 23.5), (119.7, 23.7), (119.5, 23.7)]))


def test_legacy_crs_is_reprojected_to_wgs84(data_dir: Path) -> None:
    frame = load_file(data_dir / "legacy_crs_twd97.geojson").frame
    taipei_101, box = frame.geometry
    assert taipei_101.x == pytest.approx(121.5645, abs=1e-6)
    assert taipei_101.y == pytest.approx(25.034, abs=1e-6)
    assert box.bounds == pytest.approx((121.0, 24.0, 121.1, 24.1), abs=1e-6)


def test_swapped_and_projected_coordinates_are_never_changed(data_dir: Path) -> None:
    for name in ("swapped_latlon.geojson", "projected_3857.geojson"):
        result = load_file(data_dir / name)
        assert len(result.frame) == 0
        assert not result.report.ok


# --- malformed features, built in the test -------------------------------------------------------

MALFORMED_FEATURES = [
    ("not-an-object", [1, 2], r"^feature 0: expected a Feature object, found an array of 2 items$"),
    (
        "wrong-feature-type",
        {"type": "feature", "properties": {}, "geometry": point(*TAIPEI)},
        r"^feature 0, field 'type': expected \"Feature\", found 'feature'$",
    ),
    (
        "properties-not-object",
        {"type": "Feature", "properties": [], "geometry": point(*TAIPEI)},
        r"field 'properties': expected an object or null, found an array of 0 items$",
    ),
    (
        "geometry-property",
        {"type": "Feature", "properties": {"geometry": "x"}, "geometry": point(*TAIPEI)},
        r"expected no property named 'geometry' \(the frame's geometry column\)",
    ),
    (
        "no-geometry-member",
        {"type": "Feature", "properties": {"id": "a"}},
        r"^feature 0 \(id 'a'\), field 'geometry': expected a 'geometry' member",
    ),
    (
        "four-numbers",
        feature({"type": "Point", "coordinates": [*TAIPEI, 0, 0]}),
        r"expected a position \[longitude, latitude\] or \[longitude, latitude, elevation\] "
        r"of numbers, found an array of 4 items at the point$",
    ),
    (
        "string-coordinate",
        feature({"type": "LineString", "coordinates": [TAIPEI, ["120.3", 22.6]]}),
        r"found an array of 2 items at position 1$",
    ),
    (
        "boolean-coordinate",
        feature({"type": "Point", "coordinates": [True, 25.0]}),
        r"of numbers, found an array of 2 items at the point$",
    ),
    (
        "one-position-line",
        feature({"type": "LineString", "coordinates": [TAIPEI]}),
        r"expected a line of at least 2 positions, found 1 position$",
    ),
    (
        "degenerate-line",
        feature({"type": "LineString", "coordinates": [TAIPEI, TAIPEI]}),
        r"expected a valid LineString, found too few points in geometry component",
    ),
    (
        "two-corner-ring",
        feature({"type": "Polygon", "coordinates": [[TAIPEI, [120.0, 23.0], TAIPEI]]}),
        r"expected a linear ring of at least 4 positions .*found 3 positions at ring 0$",
    ),
    (
        "coordinates-missing",
        feature({"type": "Polygon"}),
        r"expected a 'coordinates' array for a Polygon, found nothing$",
    ),
    (
        "nested-collection",
        feature(
            {
                "type": "GeometryCollection",
                "geometries": [{"type": "GeometryCollection", "geometries": []}],
            }
        ),
        r"expected a GeometryCollection of plain geometries, found a nested one$",
    ),
    (
        "lone-surrogate",
        feature(point(*TAIPEI), name="Tai\ud800pei"),
        r"^feature 0, field 'name': expected text that can be written as UTF-8, found a lone "
        r"UTF-16 surrogate escape",
    ),
    (
        "geometry-not-object",
        feature("POINT (121 25)"),
        r"expected a geometry object or null, found 'POINT \(121 25\)'$",
    ),
]


@pytest.mark.parametrize(
    ("raw", "message"),
    [case[1:] for case in MALFORMED_FEATURES],
    ids=[case[0] for case in MALFORMED_FEATURES],
)
def test_malformed_feature_is_refused_and_the_rest_kept(raw: Any, message: str) -> None:
    good = feature(point(*TAIPEI), id="good")
    report = load_bytes(collection(raw, good), "upload.geojson").report
    assert report.accepted == 1
    assert len(report.refused) == 1
    assert re.search(message, str(report.refused[0])), str(report.refused[0])


def test_escaped_surrogate_pairs_are_text() -> None:
    data = collection(feature(point(*TAIPEI), name="Taipei \U0001f30f"))
    assert b"\\ud83c\\udf0f" in data
    frame = load_bytes(data, "emoji.geojson").frame
    assert list(frame["name"]) == ["Taipei \U0001f30f"]


def test_three_dimensional_positions_are_kept() -> None:
    data = collection(feature({"type": "Point", "coordinates": [*TAIPEI, 10.0]}))
    geometry = load_bytes(data, "z.geojson").frame.geometry.iloc[0]
    assert geometry.has_z
    assert geometry.z == 10.0


def test_geometry_collection_is_accepted() -> None:
    data = collection(
        feature({"type": "GeometryCollection", "geometries": [point(*TAIPEI), point(120, 23)]})
    )
    geometry = load_bytes(data, "gc.geojson").frame.geometry.iloc[0]
    assert geometry.geom_type == "GeometryCollection"
    assert len(geometry.geoms) == 2


def test_multipolygon_rings_are_closed_per_polygon() -> None:
    square = [[120.0, 23.0], [120.1, 23.0], [120.1, 23.1], [120.0, 23.1]]
    other = [[121.0, 23.0], [121.1, 23.0], [121.1, 23.1], [121.0, 23.1], [121.0, 23.0]]
    data = collection(feature({"type": "MultiPolygon", "coordinates": [[square], [other]]}))
    report = load_bytes(data, "multi.geojson").report
    assert [issue.detail for issue in report.repaired] == [
        "polygon 0, ring 0 was not closed: repeated its first position at its end"
    ]


def test_the_input_bytes_and_the_callers_objects_are_untouched(data_dir: Path) -> None:
    path = data_dir / "unclosed_ring.geojson"
    before = path.read_bytes()
    load_file(path)
    assert path.read_bytes() == before


# --- layer schema -------------------------------------------------------------------------------

SCHEMA_VIOLATIONS = [
    (1, "source", r"^feature 1 \(id 'kaohsiung'\), field 'source': expected a non-empty str "
     r"\(required\), found nothing \(the field is missing\)$"),
    (2, "population", r"^feature 2 \(id 'xiamen'\), field 'population': expected int, "
     r"found 'abc'$"),
    (3, "id", r"^feature 3 \(id 'taipei'\), field 'id': expected an id unique in the layer, "
     r"found 'taipei', already used by feature 0$"),
    (4, "geometry", r"^feature 4 \(id 'honolulu'\), field 'geometry': expected a point inside "
     r"the region \(100–150°E, 0–46°N\), found \[-157\.8583, 21\.3069\]$"),
    (5, "geometry", r"^feature 5 \(id 'taipei-kaohsiung'\), field 'geometry': expected a Point "
     r"\(layer towns\), found a LineString$"),
    (6, "founded", r"field 'founded': expected an ISO date \(YYYY-MM-DD\), found '2024-13-01'$"),
    (7, "name", r"^feature 7 \(id 'tainan'\), field 'name': expected a non-empty str "
     r"\(required\), found ''$"),
]  # fmt: skip


@pytest.fixture(scope="module")
def violations(data_dir: Path, test_catalog: Catalog) -> LoadReport:
    return load_file(
        data_dir / "schema_violations_towns.geojson", "towns", catalog=test_catalog
    ).report


def test_schema_violations_are_refused_one_issue_each(violations: LoadReport) -> None:
    assert (violations.total, violations.accepted, violations.refused_features) == (8, 1, 7)
    assert [(i.feature_index, i.field) for i in violations.refused] == [
        (index, field) for index, field, _ in SCHEMA_VIOLATIONS
    ]


@pytest.mark.parametrize(
    ("index", "field", "message"),
    SCHEMA_VIOLATIONS,
    ids=[f"feature-{case[0]}-{case[1]}" for case in SCHEMA_VIOLATIONS],
)
def test_schema_violation_message(
    violations: LoadReport, index: int, field: str, message: str
) -> None:
    issue = next(i for i in violations.refused if i.feature_index == index)
    assert issue.field == field
    assert issue.action == "refused"
    assert re.search(message, str(issue)), str(issue)


def test_the_same_file_without_a_layer_is_accepted(data_dir: Path) -> None:
    report = load_file(data_dir / "schema_violations_towns.geojson").report
    assert report.ok
    assert report.accepted == 8


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ({"population": 3.0}, r"field 'population': expected int, found 3\.0$"),
        ({"population": True}, r"field 'population': expected int, found true$"),
        ({"area_km2": "12"}, r"field 'area_km2': expected float, found '12'$"),
        ({"capital": "yes"}, r"field 'capital': expected bool, found 'yes'$"),
        ({"founded": "20240101"}, r"expected an ISO date \(YYYY-MM-DD\), found '20240101'$"),
        ({"kind": None}, r"field 'kind': expected a non-empty str \(required\), found null$"),
        ({"kind": "  "}, r"field 'kind': expected a non-empty str \(required\), found '  '$"),
        ({"id": 7}, r"field 'id': expected str, found 7$"),
    ],
    ids=["float-for-int", "bool-for-int", "str-for-float", "str-for-bool", "basic-date",
         "null-required", "blank-required", "int-id"],
)  # fmt: skip
def test_field_types(test_catalog: Catalog, properties: dict[str, Any], message: str) -> None:
    base = {
        "id": "t",
        "name": "T",
        "source": "s",
        "source_url": "https://example.org",
        "precision": "exact",
        "kind": "city",
    }
    data = collection(feature(point(*TAIPEI), **{**base, **properties}))
    report = load_bytes(data, "t.geojson", "towns", catalog=test_catalog).report
    assert len(report.refused) == 1, report.refused
    assert re.search(message, str(report.refused[0])), str(report.refused[0])


def test_optional_fields_may_be_null(test_catalog: Catalog, data_dir: Path) -> None:
    raw = json.loads((data_dir / "valid_towns.geojson").read_text(encoding="utf-8"))
    raw["features"][0]["properties"].update(population=None, founded=None)
    report = load_bytes(json.dumps(raw).encode(), "t.geojson", "towns", catalog=test_catalog).report
    assert report.ok


# --- load_layer ---------------------------------------------------------------------------------


def test_load_layer_returns_the_frame_with_its_report(test_catalog: Catalog) -> None:
    frame = load_layer("towns", catalog=test_catalog)
    assert len(frame) == 3
    assert frame.crs.to_epsg() == 4326
    assert frame.attrs["layer"] == "towns"
    assert frame.attrs["report"].ok


def test_load_layer_refuses_a_dirty_bundled_layer(data_dir: Path, tmp_path: Path) -> None:
    text = (data_dir / "catalog.toml").read_text(encoding="utf-8")
    (tmp_path / "catalog.toml").write_text(
        text.replace('"valid_towns.geojson"', '"towns.geojson"'), encoding="utf-8"
    )
    (tmp_path / "towns.geojson").write_bytes(
        (data_dir / "schema_violations_towns.geojson").read_bytes()
    )
    catalog = load_catalog(tmp_path / "catalog.toml")
    with pytest.raises(
        LayerValidationError,
        match=r"^layer 'towns' \(.*towns\.geojson\): 7 of 8 features refused, and bundled "
        r"layers must load clean; first: feature 1 \(id 'kaohsiung'\), field 'source'",
    ) as raised:
        load_layer("towns", catalog=catalog)
    assert raised.value.report.refused_features == 7


def test_load_layer_unknown_id(test_catalog: Catalog) -> None:
    with pytest.raises(UnknownLayerError, match=r"^unknown layer 'places': expected one of towns"):
        load_layer("places", catalog=test_catalog)


# --- the report ---------------------------------------------------------------------------------


def test_issue_reads_as_one_line() -> None:
    issue = Issue("feature 3", "count", "int", "'abc'", "refused")
    assert str(issue) == "feature 3, field 'count': expected int, found 'abc'"
    assert str(Issue("file", None, "x", "y", "noted", "why")) == "file: expected x, found y; why"


def test_report_summary_and_json(data_dir: Path) -> None:
    report = load_file(data_dir / "null_geometry.geojson").report
    assert report.summary() == (
        f"{data_dir / 'null_geometry.geojson'}: 2 features: 1 accepted, 0 repaired, "
        "0 refused, 1 skipped (empty geometry)"
    )
    as_json = json.loads(json.dumps(report.to_dict()))
    assert as_json["skipped"][0]["message"] == str(report.skipped[0])
    assert as_json["ok"] is True


def test_crs_reprojection_counts_every_feature_as_repaired(data_dir: Path) -> None:
    assert ": 2 features: 2 accepted, 2 repaired, 0 refused" in (
        load_file(data_dir / "legacy_crs_twd97.geojson").report.summary()
    )


def test_geometry_is_shapely(data_dir: Path) -> None:
    frame = load_file(data_dir / "valid_zones.geojson").frame
    assert shapely.is_valid(frame.geometry).all()
