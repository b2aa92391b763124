"""`straitmap features LAYER [--json]`: a layer's features as a table or as GeoJSON."""

from __future__ import annotations

import json

import pytest

from straitmap import load_layer
from straitmap.cli import main


@pytest.mark.parametrize("layer_id", ["median_line", "us_bases_japan", "pla_incursions"])
def test_json_holds_every_feature_with_its_provenance(
    layer_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["features", layer_id, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["type"] == "FeatureCollection"
    assert len(document["features"]) == len(load_layer(layer_id))
    for feature in document["features"]:
        assert {"id", "name", "source", "source_url", "precision"} <= set(feature["properties"])


def test_table_lists_ids_and_a_count(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["features", "median_line"]) == 0
    out = capsys.readouterr().out
    assert "median-line" in out
    assert out.rstrip().endswith("1 feature in median_line (LineString)")


@pytest.mark.parametrize(
    ("layer_id", "message"),
    [("nope", r"unknown layer 'nope': expected one of land"), ("pla_daily_counts", "is a table")],
    ids=["unknown", "table"],
)
def test_usage_errors_exit_2(
    layer_id: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["features", layer_id]) == 2
    assert message in capsys.readouterr().err
