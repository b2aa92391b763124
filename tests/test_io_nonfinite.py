"""Bare NaN/Infinity (DESIGN §7): null in properties, the feature refused in coordinates."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from straitmap.errors import InvalidContentError
from straitmap.io import load_bytes, load_file
from tests.conftest import shared_dataset

JAPAN_TRACKS = "pla-path-database/Japan/jp_data_cleaned.geojson"
# Counted in the raw file with json.load (which reads NaN): every one is a property value.
JAPAN_NULLED = {"group_detail": 275, "if_宮古海峽": 266, "if_遼寧艦": 287, "if_山東艦": 276}


@pytest.fixture(scope="session")
def japan_tracks() -> Path:
    """The Reporter's Japan tracks in ../shared/data; fails in CI, skips elsewhere if missing."""
    return shared_dataset(JAPAN_TRACKS)


def collection(*features: Any) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def point_feature(name: str, x: Any = 121.5645, y: Any = 25.034, **properties: Any) -> str:
    """One feature as JSON text; `x`, `y` and property values may be raw tokens such as NaN."""
    members = ", ".join(
        [f'"id": "{name}"', *(f'"{key}": {value}' for key, value in properties.items())]
    )
    return (
        f'{{"type": "Feature", "properties": {{{members}}}, '
        f'"geometry": {{"type": "Point", "coordinates": [{x}, {y}]}}}}'
    )


def document(*features: str, **members: str) -> bytes:
    extra = "".join(f', "{key}": {value}' for key, value in members.items())
    return f'{{"type": "FeatureCollection"{extra}, "features": [{", ".join(features)}]}}'.encode()


# --- the real file that motivated issue 9 -------------------------------------------------------


def test_japan_tracks_load_whole_with_every_nan_counted(japan_tracks: Path) -> None:
    result = load_file(japan_tracks)
    report = result.report
    assert (report.total, report.accepted, report.refused_features) == (327, 327, 0)
    assert report.ok
    assert len(result.frame) == 327
    assert report.nulled_values == 1104 == sum(JAPAN_NULLED.values())
    assert {name: count for name, _, count in report.nulled} == JAPAN_NULLED
    assert {token for _, token, _ in report.nulled} == {"NaN"}
    assert report.nulled_features == tuple(range(327))
    assert len(report.repaired) == 327  # one repair per feature, naming its properties
    summary = report.summary()
    assert summary.count("jp_data_cleaned.geojson") == 1
    assert (
        ": 327 features: 327 accepted, 327 repaired, 0 refused, 0 skipped (empty geometry); "
        "1,104 property values written as bare NaN set to null ('group_detail' 275, "
        "'if_宮古海峽' 266, 'if_遼寧艦' 287, 'if_山東艦' 276) in features 0–326 (features count "
        "from 0, as in the features array)"
    ) in summary
    assert str(report.repaired[0]) == (
        "feature 0: expected finite JSON numbers or null, found NaN in 'group_detail', "
        "'if_宮古海峽', 'if_遼寧艦' and 'if_山東艦'; set to null: JSON has no NaN or Infinity "
        "(pandas and some GIS tools write them for missing values)"
    )
    for name, count in JAPAN_NULLED.items():
        assert int(result.frame[name].isna().sum()) == count, name


def test_japan_tracks_through_validate_exit_0(
    japan_tracks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from straitmap.cli import main

    assert main(["validate", str(japan_tracks)]) == 0
    out, err = capsys.readouterr()
    assert "usable with the repairs listed above" in out
    assert "1,104 property values written as bare NaN set to null" in out
    assert err == ""


def test_ports_load(natural_earth: Path) -> None:
    report = load_file(natural_earth / "ne_10m_ports.json").report
    assert report.ok
    assert (report.total, report.accepted) == (1081, 1081)
    # Natural Earth's ports cover the world; the map's region holds 119 of them.
    assert (report.outside_region, report.partly_outside_region) == (962, 0)
    assert report.summary().endswith(
        "; 962 features outside the map's region (100–150°E, 0–46°N), kept (not refused)"
    )


# --- properties: set to null, counted, reported per feature -------------------------------------


def test_property_values_become_null_and_are_reported(data_dir: Path) -> None:
    result = load_file(data_dir / "nan_properties.geojson")
    frame, report = result.frame, result.report
    assert report.ok
    assert (report.accepted, len(report.repaired), report.nulled_values) == (3, 2, 5)
    assert report.nulled == (
        ("elevation", "NaN", 2),
        ("depth", "-Infinity", 1),
        ("readings", "NaN", 1),
        ("readings", "Infinity", 1),
    )
    assert report.nulled_features == (0, 2)
    # The columns take the nullable dtypes a null gives them (DESIGN §7: null, not NaN text).
    assert str(frame["elevation"].dtype) == "Int64"
    assert frame["elevation"].isna().tolist() == [True, False, True]
    assert frame["elevation"].iloc[1] == 9
    assert frame["depth"].iloc[:2].tolist() == [12.5, 15.0]
    assert math.isnan(frame["depth"].iloc[2])
    assert frame["readings"].iloc[2] == [1.5, None, None]
    first, second = report.repaired
    assert (first.location, first.field, first.found, first.feature_index) == (
        "feature 0 (id 'taipei')",
        "elevation",
        "NaN",
        0,
    )
    assert second.field is None
    assert (
        second.found == "NaN in 'elevation', -Infinity in 'depth', NaN and Infinity in 'readings'"
    )
    assert second.detail.startswith("set to null (items of lists and objects too)")
    as_json = json.loads(json.dumps(report.to_dict()))
    assert as_json["nulled_values"] == 5
    assert as_json["nulled_features"] == [0, 2]
    assert as_json["nulled"][0] == {"property": "elevation", "token": "NaN", "count": 2}


def test_a_nulled_value_is_a_null_to_the_schema(test_catalog: Any) -> None:
    common = '"name": "T", "source": "s", "source_url": "https://example.org", "precision": "x"'
    text = point_feature("t", kind="NaN", population="NaN").replace(
        '"id": "t"', f'"id": "t", {common}'
    )
    report = load_bytes(document(text), "t.geojson", "towns", catalog=test_catalog).report
    assert [str(issue) for issue in report.refused] == [
        "feature 0 (id 't'), field 'kind': expected a non-empty str (required), found null"
    ]
    assert report.repaired[0].found == "NaN in 'kind' and 'population'"


@pytest.mark.parametrize(
    ("token", "found"),
    [("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("1e400", "1e400"),
     ("-1e999", "-1e999")],
    ids=["nan", "infinity", "minus-infinity", "overflow", "negative-overflow"],
)  # fmt: skip
def test_every_non_finite_token_in_a_property(token: str, found: str) -> None:
    report = load_bytes(document(point_feature("a", value=token)), "t.geojson").report
    assert report.ok
    assert report.nulled == (("value", found, 1),)
    assert str(report.repaired[0]).startswith(
        f"feature 0 (id 'a'), field 'value': expected finite JSON numbers or null, found {found}; "
        "set to null"
    )


def test_nested_values_inside_properties_become_null() -> None:
    data = document(point_feature("a", sensors='{"depth": [1, NaN, {"t": Infinity}]}'))
    result = load_bytes(data, "nested.geojson")
    assert result.frame["sensors"].iloc[0] == {"depth": [1, None, {"t": None}]}
    assert result.report.nulled_values == 2


def test_finite_values_are_untouched_when_a_nan_is_elsewhere() -> None:
    data = document(point_feature("a", value="NaN"), point_feature("b", value="1.5e300"))
    result = load_bytes(data, "t.geojson")
    assert result.report.nulled_features == (0,)
    assert result.frame["value"].iloc[1] == 1.5e300


def test_without_nan_there_is_no_clause() -> None:
    report = load_bytes(document(point_feature("a", value="1")), "t.geojson").report
    assert report.nulled == ()
    assert "null" not in report.summary()


# --- coordinates and other members: the feature is refused, the rest kept -----------------------


def test_nan_coordinates_refuse_only_their_feature(data_dir: Path) -> None:
    result = load_file(data_dir / "nan_coordinates.geojson")
    report = result.report
    assert result.frame["id"].tolist() == ["taipei", "xiamen"]
    assert (report.total, report.accepted, report.refused_features) == (4, 2, 2)
    kaohsiung, line = report.refused
    assert (kaohsiung.location, kaohsiung.field, kaohsiung.feature_index) == (
        "feature 1 (id 'kaohsiung')",
        "geometry",
        1,
    )
    assert kaohsiung.expected == "a position of finite numbers [longitude, latitude]"
    assert kaohsiung.found == "NaN as the latitude at the point"
    assert line.found == "Infinity as the longitude at position 1"
    assert report.nulled_features == (3,)  # the property NaN of feature 3 is only nulled


@pytest.mark.parametrize(
    ("geometry", "found"),
    [
        (
            '{"type": "Point", "coordinates": [121.5, 25.0, NaN]}',
            "NaN as the elevation at the point",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[120, 23], [121, 23], [121, -Infinity], '
            "[120, 23]]]}",
            "-Infinity as the latitude at ring 0, position 2",
        ),
        (
            '{"type": "MultiLineString", "coordinates": [[[120, 23], [121, 23]], '
            "[[120, 24], [1e400, 24]]]}",
            "1e400 as the longitude at line 1, position 1",
        ),
        (
            '{"type": "GeometryCollection", "geometries": [{"type": "Point", '
            '"coordinates": [NaN, 25]}]}',
            "NaN as the longitude at the point",
        ),
        (
            '{"type": "Point", "coordinates": [121.5, 25.0], "bbox": [121.5, 25.0, NaN, 25.0]}',
            "NaN at geometry.bbox[2]",
        ),
    ],
    ids=["elevation", "polygon-ring", "multiline", "collection-member", "geometry-bbox"],
)
def test_non_finite_in_a_geometry_refuses_the_feature(geometry: str, found: str) -> None:
    bad = f'{{"type": "Feature", "properties": {{"id": "bad"}}, "geometry": {geometry}}}'
    report = load_bytes(document(bad, point_feature("good")), "t.geojson").report
    assert report.accepted == 1
    assert len(report.refused) == 1
    issue = report.refused[0]
    assert (issue.location, issue.field, issue.found) == ("feature 0 (id 'bad')", "geometry", found)


def test_non_finite_in_another_feature_member_refuses_the_feature() -> None:
    bad = point_feature("bad")[:-1] + ', "bbox": [121.5, 25.0, NaN, 25.0]}'
    report = load_bytes(document(bad, point_feature("good")), "t.geojson").report
    assert report.accepted == 1
    assert str(report.refused[0]) == (
        "feature 0 (id 'bad'), field 'bbox': expected finite JSON numbers (JSON has no NaN or "
        "Infinity), found NaN at bbox[2]; only property values are set to null; this member is "
        "not a property"
    )


def test_a_nan_feature_is_refused() -> None:
    report = load_bytes(document("NaN", point_feature("good")), "t.geojson").report
    assert str(report.refused[0]) == "feature 0: expected a Feature object, found NaN"


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"bbox": "[120, 22, 122, NaN]"}, r"found NaN in member 'bbox\[3\]' at the top level"),
        ({"meta": '{"scale": {"max": Infinity}}'}, r"found Infinity in member 'meta\.scale\.max'"),
    ],
    ids=["bbox", "nested-foreign-member"],
)
def test_non_finite_outside_every_feature_refuses_the_file(
    members: dict[str, str], message: str
) -> None:
    with pytest.raises(
        InvalidContentError, match=rf"^t\.geojson: expected finite JSON numbers, {message}"
    ):
        load_bytes(document(point_feature("good"), **members), "t.geojson")


def test_the_file_level_message_in_full() -> None:
    with pytest.raises(InvalidContentError) as raised:
        load_bytes(document(point_feature("a"), bbox="[NaN, 0, 0, 0]"), "nan-bbox.geojson")
    assert re.fullmatch(
        r"nan-bbox\.geojson: expected finite JSON numbers, found NaN in member 'bbox\[0\]' at "
        r"the top level, which JSON does not allow \(only property values are set to null\); "
        r"write null for a missing value",
        str(raised.value),
    )
