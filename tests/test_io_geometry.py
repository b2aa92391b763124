"""Geometry checks and repairs (`straitmap.io.geometry`): per-feature outcomes of the fixtures,
malformed geometries built in the test, rings closed, `make_valid`, legacy CRS, swapped axes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import MultiPolygon, Polygon

from straitmap import (
    load_file,
)
from straitmap.io import load_bytes

from .test_io import TAIPEI, collection, feature, point

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
