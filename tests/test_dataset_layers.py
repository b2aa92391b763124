"""An ingested dataset's view as a map layer (straitmap.dataset_layers): cells or points."""

from __future__ import annotations

import json
from pathlib import Path

import folium
import pandas as pd
import pytest

from straitmap import points as sp
from straitmap.dataset_layers import (
    DATASET_CELL_COLORS,
    cell_tooltip,
    clamped_bounds,
    dataset_group,
    dataset_legend,
    point_tooltip,
    tooltip_columns,
    view_bounds,
    view_zoom,
)
from straitmap.render import legend_html, sanitize
from tests.point_datasets import synthetic_points, write_dataset

HOSTILE = "<img src=x onerror=alert(1)>{{7*7}}${x}"
STRAIT = (117.0, 21.0, 123.0, 27.0)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame = synthetic_points(8_000, seed=5)
    frame.loc[:10, "kind"] = HOSTILE
    return write_dataset(tmp_path_factory.mktemp("datasets") / "ais", frame)


def _script(group: folium.FeatureGroup) -> str:
    """The group's rendered JavaScript, as st_folium sends it."""
    holder = folium.Map(tiles=None)
    group.add_to(holder)
    text = str(holder.get_root().render())
    for escaped, char in (("\\u0026", "&"), ("\\u003c", "<"), ("\\u003e", ">")):
        text = text.replace(escaped, char)
    return text


def _drawn(group: folium.FeatureGroup) -> dict[str, list[list[object]]]:
    (element,) = group._children.values()
    return {"cells": element.cells, "points": element.points}


def test_cells_sum_to_the_query_count_with_sanitised_tooltips(dataset: Path) -> None:
    query = sp.PointQuery(bounds=STRAIT)
    answer = sp.view(dataset, query, 7, max_points=1_000, by="kind")
    assert answer.cells is not None
    group = dataset_group("Dataset: <ais>", answer)
    drawn = _drawn(group)
    assert drawn["points"] == []
    assert len(drawn["cells"]) == len(answer.cells.cells)
    totals = [int(str(c[5]).split(" ")[0].replace(",", "")) for c in drawn["cells"]]
    assert sum(totals) == answer.count == sp.count(dataset, query)
    script = _script(group)
    assert "<img" not in script
    assert "{{7*7}}" not in script
    assert "${x}" not in script
    assert sanitize(HOSTILE) in script
    assert group.layer_name == sanitize("Dataset: <ais>")
    for colour in DATASET_CELL_COLORS:
        assert colour in script


def test_points_carry_only_the_tooltip_columns(dataset: Path) -> None:
    query = sp.PointQuery(bounds=(120.2, 22.55, 120.3, 22.65))
    columns = ("date", "kind")
    answer = sp.view(dataset, query, 12, columns=columns)
    assert answer.points is not None
    assert 0 < answer.count <= 5_000
    drawn = _drawn(dataset_group("Dataset: ais", answer, columns=columns))
    assert drawn["cells"] == []
    assert len(drawn["points"]) == answer.count
    lon, lat, tooltip = drawn["points"][0]
    assert isinstance(lon, float)
    assert isinstance(lat, float)
    assert str(tooltip).startswith("date: ")
    assert "<br>kind: " in str(tooltip)
    assert "speed_kn" not in json.dumps(drawn["points"])


def test_the_legend_names_the_dataset_its_count_and_classes(dataset: Path) -> None:
    answer = sp.view(dataset, sp.PointQuery(bounds=STRAIT), 7, max_points=1_000)
    html = legend_html(dataset_legend("Dataset: <ais>", answer))
    assert f"Dataset: &lt;ais&gt; ({answer.count:,} points)" in html
    assert "points per 0.351562° cell" in html
    assert "10,000+" in html
    assert "1–9" in html


def test_cell_tooltip_lists_the_largest_categories_sanitised() -> None:
    text = cell_tooltip(12, {HOSTILE: 1, "cargo": 4, "b": 1, "c": 1, "d": 1, "e": 1, "f": 3})
    assert text.splitlines() == [text]
    assert text.startswith("12 points in this cell<br>cargo: 4<br>f: 3")
    assert "<img" not in text
    assert text.endswith("… 1 more values")


def test_reported_views_are_clamped_and_estimated() -> None:
    assert clamped_bounds(-190.0, -91.0, 200.0, 95.0) == (-180.0, -90.0, 180.0, 90.0)
    assert clamped_bounds(170.0, 0.0, -170.0, 10.0) == (-180.0, 0.0, 180.0, 10.0)
    west, south, east, north = view_bounds((23.8, 119.45), 7)
    assert west < 119.45 < east
    assert south < 23.8 < north
    assert view_zoom(7.4, 3) == 7
    assert view_zoom(None, 3) == 3
    assert view_zoom(40, 3) == 24


def test_tooltip_columns_prefer_the_date_and_the_category() -> None:
    columns = {"geometry": "binary", "lon": "double", "lat": "double", "speed_kn": "double"}
    columns |= {"flag": "string", "date": "date32[day]", "kind": "string"}
    assert tooltip_columns(columns, by="kind") == ["date", "kind", "flag"]
    assert tooltip_columns({}, None) == []


def test_point_tooltip_leaves_blanks_out_and_sanitises() -> None:
    row = {"date": pd.NaT, "kind": HOSTILE, "flag": None, "speed": float("nan")}
    assert point_tooltip(row, ["date", "kind", "flag", "speed"]) == f"kind: {sanitize(HOSTILE)}"
