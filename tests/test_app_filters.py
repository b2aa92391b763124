"""Each sidebar filter, driven in AppTest, shows what the library (and so the CLI) computes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from straitmap import load_layer
from straitmap.cli import main
from straitmap.filters import FilterState, filter_layer, summarize_incursions

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
pytestmark = pytest.mark.app

Drive = Callable[[AppTest], None]

CASES: list[tuple[str, Drive, FilterState, list[str]]] = [
    (
        "aug-2022-preset",
        lambda at: at.selectbox(key="date_preset").set_value("Aug 2022 exercises (4–10 Aug)"),
        FilterState(date_from=dt.date(2022, 8, 4), date_to=dt.date(2022, 8, 10)),
        ["--from", "2022-08-04", "--to", "2022-08-10"],
    ),
    (
        "class-fighter-bomber",
        lambda at: at.multiselect(key="f_classes").set_value(["fighter", "bomber"]),
        FilterState(aircraft_classes=frozenset({"fighter", "bomber"})),
        ["--class", "fighter", "--class", "bomber"],
    ),
    (
        "type-j16",
        lambda at: at.multiselect(key="f_types").set_value(["J-16"]),
        FilterState(aircraft_types=frozenset({"J-16"})),
        ["--type", "J-16"],
    ),
    (
        "zone-southwest",
        lambda at: at.multiselect(key="f_zones").set_value(["southwest"]),
        FilterState(zones=frozenset({"southwest"})),
        ["--zone", "southwest"],
    ),
    (
        "crossed-yes",
        lambda at: at.radio(key="f_crossed").set_value("yes"),
        FilterState(crossed_median="yes"),
        ["--crossed-median", "yes"],
    ),
]


@pytest.fixture(scope="module")
def incursions():
    return load_layer("pla_incursions")


@pytest.mark.parametrize(
    ("drive", "state", "cli_args"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_incursion_filter_shows_the_library_and_cli_counts(
    drive: Drive,
    state: FilterState,
    cli_args: list[str],
    incursions,
    capsys: pytest.CaptureFixture[str],
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    drive(at)
    at.run()
    assert not at.exception, at.exception
    expected = summarize_incursions(filter_layer("pla_incursions", incursions, state))
    counts = " ".join(c.value for c in at.sidebar.caption)
    assert f"{expected.count:,} of {len(incursions):,} incursions" in counts
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Incursion points"] == f"{expected.count:,}"
    assert metrics["Aircraft (sorties)"] == f"{expected.aircraft:,}"
    assert metrics["Median-line crossings"] == f"{expected.median_line_crossings:,}"
    assert main(["incursions", *cli_args, "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert (cli["count"], cli["aircraft"]) == (expected.count, expected.aircraft)


def test_base_and_lane_filters_count_what_the_library_keeps() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.multiselect(key="f_branches").set_value(["USMC"])
    at.checkbox(key="layers_shipping_lanes").check()
    at.multiselect(key="f_lane_kinds").set_value(["route"])
    at.radio(key="f_via_strait").set_value("yes")
    at.run()
    assert not at.exception, at.exception
    bases = filter_layer(
        "us_bases_japan",
        load_layer("us_bases_japan"),
        FilterState(base_branches=frozenset({"USMC"})),
    )
    lanes_state = FilterState(lane_kinds=frozenset({"route"}), lanes_via_strait="yes")
    lanes = filter_layer("shipping_lanes", load_layer("shipping_lanes"), lanes_state)
    counts = " ".join(c.value for c in at.sidebar.caption)
    assert f"{len(bases):,} of 29 installations" in counts
    assert f"{len(lanes):,} of 995 lanes" in counts
    assert at.query_params["branch"] == "USMC"
    assert at.query_params["via"] == "yes"
