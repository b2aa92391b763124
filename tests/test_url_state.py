"""Shareable views: URL parameters ↔ FilterState and view, invalid values ignored with a note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import state
from straitmap import filters
from straitmap.filters import FilterDimension, FilterState

LAYERS = ["land", "strait", "median_line", "pla_incursions"]
VOCAB = {"type": ["J-16", "H-6K"], "branch": ["USAF", "USN"], "kind": ["air base"], "lane": []}


def test_a_full_link_round_trips() -> None:
    params = {
        "layers": "land,median_line",
        "from": "2022-08-04",
        "to": "2022-08-10",
        "class": "fighter,bomber",
        "type": "J-16",
        "zone": "southwest",
        "crossed": "yes",
        "branch": "USAF",
        "lat": "23.5",
        "lon": "120.25",
        "zoom": "8",
        "present": "1",
    }
    reading = state.read_url(params, LAYERS, VOCAB)
    assert reading.notes == []
    assert reading.layers == ["land", "median_line"]
    assert reading.filters == FilterState(
        date_from=dt.date(2022, 8, 4),
        date_to=dt.date(2022, 8, 10),
        aircraft_classes=frozenset({"fighter", "bomber"}),
        aircraft_types=frozenset({"J-16"}),
        zones=frozenset({"southwest"}),
        crossed_median="yes",
        base_branches=frozenset({"USAF"}),
    )
    assert reading.view == state.View(center=(23.5, 120.25), zoom=8.0)
    assert reading.present is True
    back = state.url_params(reading.layers, LAYERS, reading.filters, reading.view, reading.present)
    assert state.read_url(back, LAYERS, VOCAB).filters == reading.filters
    assert back["layers"] == "land,median_line"


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"layers": "land,nonsense"}, "unknown layer names ignored: nonsense"),
        ({"from": "2022-13-01"}, "`from=2022-13-01` ignored: expected a date as YYYY-MM-DD"),
        ({"from": "2023-01-02", "to": "2023-01-01"}, "`from` after `to`: date range ignored"),
        ({"class": "fighter,jet"}, "`class` ignored unknown values: jet"),
        ({"type": "<script>"}, "`type` ignored unknown values: <script>"),
        ({"crossed": "maybe"}, "`crossed=maybe` ignored: expected yes or no"),
        ({"lat": "95", "lon": "120", "zoom": "7"}, "`lat=95` ignored: expected a number"),
        ({"zoom": "x", "lat": "1", "lon": "1"}, "`zoom=x` ignored"),
    ],
    ids=["layer", "date", "order", "class", "type", "yes-no", "lat", "zoom"],
)
def test_invalid_parameters_are_ignored_with_a_note(params: dict[str, str], note: str) -> None:
    reading = state.read_url(params, LAYERS, VOCAB)
    assert any(note in n for n in reading.notes), reading.notes


def test_defaults_make_an_empty_query() -> None:
    assert state.url_params(LAYERS, LAYERS, FilterState(), state.View(), False) == {}


def test_every_parameter_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in state.URL_PARAMS:
        assert f"| `{name}` |" in readme, f"README's URL table lacks `{name}`"


def test_a_toy_dimension_travels_in_the_link_and_seeds_its_widget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    toy = FilterDimension(
        name="median_basis",
        key="basis",
        layers=("pla_incursions",),
        column="crossed_median_line_basis",
        label="Median-line basis",
        noun="median-line basis",
        help="how a crossing is known",
    )
    monkeypatch.setattr(filters, "DIMENSIONS", (*filters.DIMENSIONS, toy))
    reading = state.read_url({"basis": "mnd,guess", "zone": "north"}, LAYERS, {"basis": ["mnd"]})
    assert reading.notes == ["`basis` ignored unknown values: guess"]
    assert reading.filters.median_basis == frozenset({"mnd"})
    back = state.url_params(LAYERS, LAYERS, reading.filters, state.View(), False)
    assert back == {"zone": "north", "basis": "mnd"}
    session: dict[str, object] = {}
    state.seed_widgets(session, reading, LAYERS, LAYERS)
    assert session["f_median_basis"] == ["mnd"]
    assert session["f_zones"] == ["north"]
    assert state.session_filters(session, (None, None)) == reading.filters
    assert "f_median_basis" in state.widget_keys()


def test_typed_dates_in_a_link_read_like_the_sidebar() -> None:
    reading = state.read_url({"from": "113/03/01", "to": "2024/03/31"}, LAYERS, VOCAB)
    assert reading.notes == []
    assert (reading.filters.date_from, reading.filters.date_to) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 31),
    )
    params = state.url_params(LAYERS, LAYERS, reading.filters, state.View(), False)
    assert params == {"from": "2024-03-01", "to": "2024-03-31"}


@pytest.mark.parametrize(
    ("params", "last", "expected", "notes"),
    [
        ({}, None, FilterState(), []),
        (
            {},
            FilterState(zones={"east"}, base_branches={"USN"}),
            FilterState(zones={"east"}),
            [],
        ),
        (
            {"zone": "north", "branch": "USAF"},
            FilterState(zones={"east"}),
            FilterState(zones={"north"}),
            [],
        ),
        (
            {"type": "J-16,Su-99"},
            None,
            FilterState(aircraft_types={"J-16"}),
            ["`type` ignored unknown values: Su-99"],
        ),
    ],
    ids=["nothing", "the-map-pages-incursion-filters", "the-link-wins", "bad-value-noted"],
)
def test_measure_filters_come_from_the_link_else_the_map_page(
    params: dict[str, str],
    last: FilterState | None,
    expected: FilterState,
    notes: list[str],
) -> None:
    assert state.measure_filters(params, VOCAB, last) == (expected, notes)


def test_with_filters_replaces_only_the_filter_parameters() -> None:
    params = {"zone": "north", "class": "fighter", "other": "kept"}
    assert state.with_filters(params, FilterState(zones={"east"})) == {
        "other": "kept",
        "zone": "east",
    }
