"""Ingested datasets on the Map page (AppTest): a checkbox each, cells or points for the view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from straitmap import points as sp
from straitmap.dataset_layers import view_bounds
from straitmap.render import STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM
from tests.point_datasets import synthetic_points, write_dataset
from tests.test_app import APP, map_args

pytestmark = pytest.mark.app


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder holding the dataset `ais` (20,000 synthetic AIS-like points)."""
    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path))
    write_dataset(tmp_path / "datasets" / "ais", synthetic_points(20_000, seed=3))
    return tmp_path / "datasets" / "ais"


def _feature_groups(at: AppTest) -> str:
    return json.dumps(map_args(at).get("feature_group"), ensure_ascii=False)


def test_a_ticked_dataset_draws_its_cells_for_the_view(data_folder: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    box = at.checkbox(key=state.dataset_key("ais"))
    assert box.value is False
    assert "Your datasets" in [c.value for c in at.sidebar.caption]
    assert "Dataset: ais" not in _feature_groups(at)

    box.check().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    # No browser reports a view under AppTest: the page queries the opening view's bounds.
    bounds = view_bounds(STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM)
    expected = sp.count(data_folder, sp.PointQuery(bounds=bounds))
    assert expected > 5_000
    captions = [c.value for c in at.sidebar.caption]
    assert f"{expected:,} points in view (counted per cell)" in captions
    groups = _feature_groups(at)
    assert "Dataset: ais" in groups
    grid = sp.cells(data_folder, sp.PointQuery(bounds=bounds), STRAIT_VIEW_ZOOM, by="kind")
    assert grid.count == expected
    first = grid.cells[0]
    assert f"{first.count:,} point" in groups
    assert json.dumps([first.west, first.south, first.east, first.north])[1:-1] in groups
    # The rest of the map is not rebuilt: the base map's script stays the same.
    assert map_args(at)["script"] == map_args(AppTest.from_file(str(APP)).run())["script"]


def test_without_datasets_the_sidebar_has_no_datasets_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    assert "Your datasets" not in [c.value for c in at.sidebar.caption]
