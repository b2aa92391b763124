"""Each sidebar filter, driven in AppTest, shows what the library (and so the CLI) computes."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from straitmap import filters, load_layer
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


# --- every aircraft total on the page is the CLI's ----------------------------------------------


def chart_data(at: AppTest, title: str) -> pd.DataFrame:
    """The data frame behind the page's Vega-Lite chart with this title."""
    for chart in at.get("vega_lite_chart"):
        if json.loads(chart.proto.spec).get("title") == title:
            return pa.ipc.open_stream(chart.proto.data.data).read_pandas()
    raise AssertionError(f"no chart titled {title!r}")


LINKS: list[tuple[str, dict[str, str]]] = [
    ("everything", {}),
    ("southwest-2024", {"zone": "southwest", "from": "2024-01-16", "to": "2024-07-31"}),
    ("main-combat-and-drones", {"class": "drone,main combat (unspecified)", "crossed": "yes"}),
    ("aug-2022-fighters", {"class": "fighter", "from": "2022-08-04", "to": "2022-08-10"}),
]


@pytest.mark.parametrize("params", [link[1] for link in LINKS], ids=[link[0] for link in LINKS])
def test_every_aircraft_total_on_the_page_is_the_clis(
    params: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    shown: FilterState = at.session_state["_last_filters"]
    assert shown.to_url() == params
    assert main(["incursions", *shown.to_arguments(), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Incursion points"] == f"{cli['count']:,}"
    assert metrics["Aircraft (sorties)"] == f"{cli['aircraft']:,}"
    assert metrics["Days with activity"] == f"{cli['days']:,}"
    assert metrics["Median-line crossings"] == f"{cli['median_line_crossings']:,}"

    zones = chart_data(at, "Aircraft by zone")
    assert (
        dict(zip(zones["zone"], zones["aircraft"].astype(int), strict=True))
        == (cli["aircraft_by_zone"])
    )
    monthly = chart_data(at, "Aircraft per month, by class")
    assert int(monthly["aircraft"].sum()) == cli["aircraft"]
    by_class = monthly.groupby("aircraft_class")["aircraft"].sum().astype(int).to_dict()
    assert by_class == cli["aircraft_by_class"]
    by_month = monthly.groupby("period")["aircraft"].sum().astype(int).to_dict()
    assert by_month == cli["aircraft_by_month"]

    captions = [c.value for c in at.caption]
    command = shlex.join(["straitmap", "incursions", *shown.to_arguments()])
    assert any(c.endswith(f"Reproduce: `{command}`") for c in captions), captions
    several = any(c.startswith("“Several classes”") for c in captions)
    assert several == ("several classes" in cli["aircraft_by_class"])
    assert not any("each class's bar carries that figure" in c for c in captions)


def test_the_playback_caption_is_the_clis_for_that_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["zone"] = "north"
    at.query_params["from"] = "2024-01-16"
    at.run()
    at.toggle(key="playback_on").set_value(True)
    at.run()
    assert not at.exception, at.exception
    day = at.session_state["playback_day"]
    caption = next(c.value for c in at.caption if c.value.startswith(f"{day}:"))
    argv = ["incursions", "--zone", "north", "--from", day, "--to", day, "--json"]
    assert main(argv) == 0
    cli = json.loads(capsys.readouterr().out)
    assert caption.startswith(
        f"{day}: {cli['count']} reported tracks or areas, {cli['aircraft']} aircraft "
    )


# --- a toy dimension declared in one place shows its widget ------------------------------------


def test_a_toy_dimension_gets_a_widget_and_a_url_parameter(
    monkeypatch: pytest.MonkeyPatch, incursions
) -> None:
    toy = filters.FilterDimension(
        name="median_basis",
        key="basis",
        layers=("pla_incursions",),
        column="crossed_median_line_basis",
        label="Median-line basis",
        noun="median-line basis",
        help="how a crossing is known",
        vocabulary=("mnd", "computed"),
    )
    monkeypatch.setattr(filters, "DIMENSIONS", (*filters.DIMENSIONS, toy))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["basis"] = "mnd"
    at.run()
    assert not at.exception, at.exception
    widget = at.multiselect(key="f_median_basis")
    assert (widget.label, widget.options, widget.value) == (
        "Median-line basis",
        ["mnd", "computed"],
        ["mnd"],
    )
    basis = incursions["crossed_median_line_basis"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Incursion points"] == f"{int((basis == 'mnd').sum()):,}"
    assert at.query_params["basis"] == "mnd"

    widget.set_value(["computed"])
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Incursion points"] == f"{int((basis == 'computed').sum()):,}"
    assert at.query_params["basis"] == "computed"
    assert any(c.value.startswith("Filters: basis computed.") for c in at.caption)
