"""Ingested datasets on the Map page (AppTest): a checkbox each, cells or points for the view."""

from __future__ import annotations

import datetime as dt
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


def _points_in_view_caption(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if "points in view" in c.value)


def test_a_datasets_own_filters_narrow_what_the_map_counts(data_folder: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.checkbox(key=state.dataset_key("ais")).check().run()
    assert not at.exception, at.exception
    values = at.multiselect(key=state.dataset_filter_key(state.DATASET_VALUES_KEY, "ais"))
    values.set_value(["tanker", "fishing"]).run()
    at.text_input(key=state.dataset_filter_key(state.DATASET_FROM_KEY, "ais")).input(
        "2024-03-01"
    ).run()
    at.text_input(key=state.dataset_filter_key(state.DATASET_TO_KEY, "ais")).input(
        "113/06/30"  # an ROC year, as MND writes them
    ).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    query = sp.PointQuery(
        bounds=view_bounds(STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM),
        date_from=dt.date(2024, 3, 1),
        date_to=dt.date(2024, 6, 30),
        where={"kind": ["tanker", "fishing"]},
    )
    expected = sp.count(data_folder, query)
    assert 0 < expected < sp.count(data_folder, sp.PointQuery(bounds=query.bounds))
    assert _points_in_view_caption(at).startswith(f"{expected:,} points in view")


def test_a_bad_dataset_date_names_the_field_and_keeps_every_date(data_folder: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.checkbox(key=state.dataset_key("ais")).check().run()
    before = _points_in_view_caption(at)
    at.text_input(key=state.dataset_filter_key(state.DATASET_TO_KEY, "ais")).input(
        "2024-02-30"
    ).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("To: cannot read '2024-02-30'") for e in errors), errors
    assert any("Showing every date until it is fixed." in e for e in errors), errors
    assert _points_in_view_caption(at) == before


def test_a_dataset_with_a_zone_column_follows_the_sidebars_zone_filter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path))
    rows = synthetic_points(3_000, seed=5)
    rows["zone"] = ["southwest" if i % 3 else "north" for i in range(len(rows))]
    folder = write_dataset(tmp_path / "datasets" / "zoned", rows)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.checkbox(key=state.dataset_key("zoned")).check().run()
    at.multiselect(key=state.ZONES_KEY).set_value(["southwest", "east"]).run()
    assert not at.exception, at.exception
    bounds = view_bounds(STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM)
    expected = sp.count(folder, sp.PointQuery(bounds=bounds, where={"zone": "southwest"}))
    assert 0 < expected < sp.count(folder, sp.PointQuery(bounds=bounds))
    assert _points_in_view_caption(at).startswith(f"{expected:,} points in view")
    assert "Also filtered by the sidebar's Zone (zone column)." in [
        c.value for c in at.sidebar.caption
    ]
    # A zone the dataset never names matches none of its points (no error).
    at.multiselect(key=state.ZONES_KEY).set_value(["east"]).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert _points_in_view_caption(at).startswith("0 points in view")


def test_a_shared_link_ticks_its_datasets_and_names_those_it_cannot_find(
    data_folder: Path,
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["ds"] = "ais,harbour-2023"
    at.run()
    assert not at.exception, at.exception
    assert at.checkbox(key=state.dataset_key("ais")).value is True
    notes = [i.value for i in at.info]
    assert any(
        "'harbour-2023' is not in this machine's data folder" in n
        and "straitmap ingest FILE --name harbour-2023" in n
        for n in notes
    ), notes
    assert at.query_params["ds"] == "ais"
