"""A /measure link carries its incursion filters: the shared link shows the same distances."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from straitmap import load_catalog, load_layer, reports
from straitmap.filters import FilterState, filter_layer

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
MEASURE = "views/measure.py"
pytestmark = pytest.mark.app


def measure_page(
    params: dict[str, str] | None = None, last_filters: FilterState | None = None
) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if last_filters is not None:
        at.session_state[state.LAST_FILTERS_KEY] = last_filters
    at.switch_page(MEASURE)
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def incursion_table(at: AppTest) -> pd.DataFrame:
    (table,) = [d.value for d in at.dataframe if "median_line_side" in d.value.columns]
    assert isinstance(table, pd.DataFrame)
    return table


def expected_table(filters: FilterState) -> pd.DataFrame:
    """`reports.incursion_distances` of the bundled incursions the filters keep."""
    catalog = load_catalog()
    frames = {
        i: load_layer(i, catalog=catalog)
        for i in ("pla_incursions", "land", "median_line", "us_bases_japan")
    }
    frames["pla_incursions"] = filter_layer("pla_incursions", frames["pla_incursions"], filters)
    return reports.incursion_distances(*frames.values())


def url_of(at: AppTest) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


AUGUST_FIGHTERS = FilterState(
    date_from=dt.date(2022, 8, 4), date_to=dt.date(2022, 8, 10), aircraft_classes={"fighter"}
)


def test_a_measure_link_with_filters_measures_those_incursions() -> None:
    at = measure_page({"class": "fighter", "from": "2022-08-04", "to": "2022-08-10"})
    table = incursion_table(at)
    expected = expected_table(AUGUST_FIGHTERS)
    assert 0 < len(table) < len(load_layer("pla_incursions"))
    pd.testing.assert_frame_equal(table.reset_index(drop=True), expected.reset_index(drop=True))
    assert url_of(at) == {"class": "fighter", "from": "2022-08-04", "to": "2022-08-10"}
    assert any("class fighter" in str(c.value) for c in at.caption)


def test_the_map_pages_filters_go_into_the_link_and_the_link_reproduces_the_table() -> None:
    # As the Map page leaves them: the US installation filter does not change the distances.
    last = FilterState(zones={"southwest"}, base_branches={"USAF"}).with_dates(
        dt.date(2022, 8, 1), dt.date(2022, 8, 31)
    )
    at = measure_page(last_filters=last)
    link = url_of(at)
    assert link == {"zone": "southwest", "from": "2022-08-01", "to": "2022-08-31"}
    shown = incursion_table(at)
    # The shared link, opened in a new session that never saw the Map page.
    shared = measure_page(link)
    pd.testing.assert_frame_equal(incursion_table(shared), shown)
    assert url_of(shared) == link


def test_the_link_wins_over_the_map_pages_filters() -> None:
    at = measure_page({"zone": "southwest"}, last_filters=AUGUST_FIGHTERS)
    assert url_of(at) == {"zone": "southwest"}
    pd.testing.assert_frame_equal(
        incursion_table(at).reset_index(drop=True),
        expected_table(FilterState(zones={"southwest"})).reset_index(drop=True),
    )


def test_a_bad_filter_value_in_the_link_is_ignored_with_a_note() -> None:
    at = measure_page({"class": "spaceship", "zone": "southwest"})
    notes = [i.value for i in at.info]
    assert "Shared link: `class` ignored unknown values: spaceship" in notes
    assert url_of(at) == {"zone": "southwest"}
