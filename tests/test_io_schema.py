"""Features checked against a catalog layer (`straitmap.io.schema`): one issue per violation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from straitmap import (
    LoadReport,
    load_file,
)
from straitmap.catalog import Catalog
from straitmap.io import load_bytes

from .test_io import TAIPEI, collection, feature, point

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
