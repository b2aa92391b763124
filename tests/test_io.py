"""The loader contract (DESIGN §7): what is accepted, repaired, refused, and what raises."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from straitmap import (
    DataFileError,
    FileUnreadableError,
    InvalidContentError,
    LayerValidationError,
    UnknownLayerError,
    load_file,
    load_layer,
)
from straitmap.catalog import Catalog, load_catalog
from straitmap.io import load_bytes, load_layer_result

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
    assert frame.attrs == {}  # the report travels beside the frame, in the LoadResult


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


# --- a bare Geometry as the whole text (RFC 7946 §2) -------------------------------------------

BARE_GEOMETRIES = [
    ("point", {"type": "Point", "coordinates": [121.5, 25.0]}, "Point", 1),
    ("polygon", {"type": "Polygon", "coordinates": [[[120, 23], [121, 23], [121, 24], [120, 23]]]},
     "Polygon", 1),
    ("geometry-collection", {"type": "GeometryCollection",
                             "geometries": [point(*TAIPEI), point(120, 23)]},
     "GeometryCollection", 2),
]  # fmt: skip


@pytest.mark.parametrize(
    ("geometry", "kind", "parts"),
    [case[1:] for case in BARE_GEOMETRIES],
    ids=[case[0] for case in BARE_GEOMETRIES],
)
def test_a_bare_geometry_is_one_feature_with_a_notice(
    geometry: dict[str, Any], kind: str, parts: int
) -> None:
    result = load_bytes(json.dumps(geometry).encode(), "bare.geojson")
    report, frame = result.report, result.frame
    assert report.ok
    assert (report.total, report.accepted) == (1, 1)
    assert list(frame.columns) == ["geometry"]  # empty properties
    assert frame.geometry.iloc[0].geom_type == kind
    assert shapely.get_num_geometries(frame.geometry.iloc[0]) == parts
    (notice,) = report.notices
    assert str(notice) == (
        f"file: expected a FeatureCollection, found a bare {kind} geometry; read as one feature "
        "(feature 0) without properties: RFC 7946 allows a Geometry object as the whole text"
    )
    assert result.origins == ((0, "feature 0"),)


def test_a_bare_geometry_is_checked_like_a_feature() -> None:
    swapped = {"type": "Point", "coordinates": [25.0, 121.5]}
    report = load_bytes(json.dumps(swapped).encode(), "bare.geojson").report
    assert (report.total, report.refused_features) == (1, 1)
    assert re.search(r"^feature 0, field 'geometry': .*this looks swapped", str(report.refused[0]))


def test_a_bare_geometry_with_a_legacy_crs_is_reprojected() -> None:
    twd97 = {
        "type": "Point",
        "coordinates": [302000.0, 2770000.0],
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3826"}},
    }
    result = load_bytes(json.dumps(twd97).encode(), "bare.geojson")
    assert result.report.ok
    assert [issue.field for issue in result.report.repaired] == ["crs"]
    x, y = result.frame.geometry.iloc[0].coords[0]
    assert 121.0 < x < 122.0
    assert 24.0 < y < 26.0


def test_validate_accepts_a_bare_geometry_with_its_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from straitmap.cli import main

    path = tmp_path / "bare.geojson"
    path.write_text(json.dumps({"type": "Point", "coordinates": [121.5, 25.0]}), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"{path}: 1 feature: 1 accepted, 0 repaired, 0 refused, 0 skipped (empty geometry)\n"
        "  noted     file: expected a FeatureCollection, found a bare Point geometry; read as one "
        "feature (feature 0) without properties: RFC 7946 allows a Geometry object as the whole "
        "text\nusable as it stands\n"
    )
    assert err == ""


def test_a_bare_geometry_fits_a_layer(test_catalog: Catalog) -> None:
    report = load_bytes(json.dumps(point(*TAIPEI)).encode(), "bare.geojson", "towns",
                        catalog=test_catalog).report  # fmt: skip
    assert report.refused_features == 1  # a town needs its id, name and sources
    assert re.search(r"^feature 0, field 'id': expected a non-empty str", str(report.refused[0]))


def test_the_input_bytes_and_the_callers_objects_are_untouched(data_dir: Path) -> None:
    path = data_dir / "unclosed_ring.geojson"
    before = path.read_bytes()
    load_file(path)
    assert path.read_bytes() == before


# --- load_layer ---------------------------------------------------------------------------------


def test_load_layer_returns_the_frame_with_its_report(test_catalog: Catalog) -> None:
    frame = load_layer("towns", catalog=test_catalog)
    assert len(frame) == 3
    assert frame.crs.to_epsg() == 4326
    assert frame.attrs == {}
    result = load_layer_result("towns", catalog=test_catalog)
    assert result.report.layer == "towns"
    assert result.report.ok
    assert result.frame.equals(frame)


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
