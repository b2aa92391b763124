"""The loader's report (`straitmap.io.report`): issues in one line, summary, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import shapely

from straitmap import (
    Issue,
    load_file,
)

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
