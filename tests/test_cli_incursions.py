"""`straitmap incursions`: the app's filters and counts, from the command line."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from straitmap import load_layer
from straitmap.filters import FilterState, filter_layer, summarize_incursions


@pytest.fixture(scope="module")
def incursions() -> gpd.GeoDataFrame:
    return load_layer("pla_incursions")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from straitmap.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# (id, CLI filter options, the FilterState the app builds for the same choice)
FILTERS: list[tuple[str, list[str], FilterState]] = [
    ("everything", [], FilterState()),
    (
        "aug-2022-exercises",
        ["--from", "2022-08-04", "--to", "2022-08-10"],
        FilterState(date_from=dt.date(2022, 8, 4), date_to=dt.date(2022, 8, 10)),
    ),
    (
        "fighters-and-drones",
        ["--class", "fighter", "drone"],
        FilterState(aircraft_classes=frozenset({"fighter", "drone"})),
    ),
    ("southwest", ["--zone", "southwest"], FilterState(zones=frozenset({"southwest"}))),
    (
        "two-zones-crossed",
        ["--zone", "central strait (median line)", "--zone", "north", "--crossed-median", "yes"],
        FilterState(
            zones=frozenset({"central strait (median line)", "north"}), crossed_median="yes"
        ),
    ),
    (
        "types-not-crossed",
        ["--type", "J-16", "KJ-500", "--type", "Y-8 ASW", "--crossed-median", "no"],
        FilterState(aircraft_types=frozenset({"J-16", "KJ-500", "Y-8 ASW"}), crossed_median="no"),
    ),
    (
        "2024-main-combat",
        ["--from", "2024-01-16", "--class", "main combat (unspecified)"],
        FilterState(
            date_from=dt.date(2024, 1, 16),
            aircraft_classes=frozenset({"main combat (unspecified)"}),
        ),
    ),
    (
        "nothing-matches",
        ["--to", "2022-08-03", "--class", "bomber"],
        FilterState(date_to=dt.date(2022, 8, 3), aircraft_classes=frozenset({"bomber"})),
    ),
]


@pytest.mark.parametrize(
    ("options", "state"), [f[1:] for f in FILTERS], ids=[f[0] for f in FILTERS]
)
def test_json_counts_equal_what_the_app_shows(
    incursions: gpd.GeoDataFrame,
    options: list[str],
    state: FilterState,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["incursions", "--json", *options], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    points = filter_layer("pla_incursions", incursions, state)
    app = summarize_incursions(points).to_dict()
    assert {key: result[key] for key in app} == app
    assert [f["properties"]["id"] for f in result["features"]] == list(points["id"])
    assert result["count"] == len(result["features"])


def test_json_filters_echo_and_features_are_geojson(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["incursions", "--json", "--from", "2023-04-08", "--to", "2023-04-10", "--zone", "north"],
        capsys,
    )
    assert code == 0
    result = json.loads(out)
    assert result["filters"] == {
        "from": "2023-04-08",
        "to": "2023-04-10",
        "types": [],
        "classes": [],
        "zones": ["north"],
        "crossed_median": "any",
    }
    assert result["count"] > 0
    for feature in result["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 100 <= lon <= 150
        assert 0 <= lat <= 46
        properties = feature["properties"]
        assert "2023-04-08" <= properties["date"] <= "2023-04-10"
        assert properties["zone"] == "north"
        assert properties["source_url"].startswith("https://")


def test_table_output(incursions: gpd.GeoDataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["incursions", "--class", "bomber", "--zone", "southwest"], capsys)
    assert (code, err) == (0, "")
    state = FilterState(aircraft_classes=frozenset({"bomber"}), zones=frozenset({"southwest"}))
    summary = summarize_incursions(filter_layer("pla_incursions", incursions, state))
    lines = out.splitlines()
    assert lines[0] == "filters                class bomber; zone southwest"
    assert lines[1] == f"count                  {summary.count:,} of {len(incursions):,} points"
    assert lines[2] == f"aircraft               {summary.aircraft:,}"
    assert "class   points" in out
    assert f"bomber  {summary.by_class['bomber']:,}" in lines
    assert f"southwest  {summary.by_zone['southwest']:,}" in lines


USAGE_ERRORS = [
    # (id, options, stderr pattern)
    (
        "bad-date",
        ["--from", "2024-13-01"],
        r"--from: expected a date as YYYY-MM-DD, found '2024-13-01'",
    ),
    (
        "not-a-date",
        ["--to", "yesterday"],
        r"--to: expected a date as YYYY-MM-DD, found 'yesterday'",
    ),
    (
        "dates-reversed",
        ["--from", "2024-02-01", "--to", "2024-01-01"],
        r"^error: date_from should be on or before date_to, got 2024-02-01 > 2024-01-01\n$",
    ),
    (
        "unknown-class",
        ["--class", "fighter", "fightr"],
        r"^error: aircraft class should be one of fighter, bomber, .*, unspecified, got fightr\n$",
    ),
    (
        "unknown-zone",
        ["--zone", "west"],
        r"^error: zone should be one of north, northern strait, .*, outside ADIZ, got west\n$",
    ),
    (
        "unknown-type",
        ["--type", "J-99"],
        r"^error: aircraft type should be one of BZK-005, .*J-16, .*, got J-99\n$",
    ),
    ("bad-crossed-median", ["--crossed-median", "maybe"], r"invalid choice: 'maybe'"),
    ("class-without-value", ["--class"], r"--class: expected at least one argument"),
]


@pytest.mark.parametrize(
    ("options", "pattern"), [u[1:] for u in USAGE_ERRORS], ids=[u[0] for u in USAGE_ERRORS]
)
def test_usage_errors_exit_2(
    options: list[str], pattern: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["incursions", *options], capsys)
    assert (code, out) == (2, "")
    assert re.search(pattern, err), err


def test_console_script_json() -> None:
    script = shutil.which("straitmap", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "straitmap.cli"]
    completed = subprocess.run(
        [*command, "incursions", "--json", "--zone", "southwest", "--class", "drone"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    result = json.loads(completed.stdout)
    assert result["count"] == len(result["features"]) > 0
    assert set(result["by_zone"]) == {"southwest"}
    assert set(result["by_class"]) == {"drone"}


# --- aircraft totals: MND's shared figures ------------------------------------------------------


def aircraft_counting_shared_figures_once(points: pd.DataFrame) -> int:
    """The aircraft total geodata/README.md asks for: each `count_scope == "area"` figure once."""
    shared = points["count_scope"] == "area"
    per_class = int(points.loc[~shared, "count"].sum())
    per_area = int(points.loc[shared].groupby("track_id")["count"].first().sum())
    return per_class + per_area


def test_shared_area_figures_are_one_figure_per_track(incursions: gpd.GeoDataFrame) -> None:
    area = incursions[incursions["count_scope"] == "area"]
    assert len(area) > area["track_id"].nunique() > 0
    assert (area.groupby("track_id")["count"].nunique() == 1).all()


def test_aircraft_counts_each_shared_figure_once(incursions: gpd.GeoDataFrame) -> None:
    assert summarize_incursions(incursions).aircraft == aircraft_counting_shared_figures_once(
        incursions
    )


def test_every_breakdown_of_aircraft_adds_up_to_the_total(
    incursions: gpd.GeoDataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["incursions", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["aircraft"] == aircraft_counting_shared_figures_once(incursions)
    for key in ("aircraft_by_class", "aircraft_by_zone", "aircraft_by_month"):
        assert sum(result[key].values()) == result["aircraft"], key
    # Summing `count` per zone counts a shared figure once per class (9,387 for 5,520).
    assert result["aircraft"] < int(incursions["count"].sum())
    assert result["aircraft_by_class"]["several classes"] > 0


# --- every filter of the app's URL, on the command line -----------------------------------------

LINKS = [
    # (id, the app's query parameters)
    ("zone-and-dates", {"zone": "southwest", "from": "2024-01-16", "to": "2024-07-31"}),
    ("classes-crossed", {"class": "drone,fighter", "crossed": "yes"}),
    ("types-not-crossed", {"type": "J-16,KJ-500", "crossed": "no", "to": "2023-12-31"}),
    ("bases-and-lanes", {"branch": "USMC,USN", "kind": "air base", "lane": "route", "via": "yes"}),
]


@pytest.mark.parametrize("params", [link[1] for link in LINKS], ids=[link[0] for link in LINKS])
def test_the_cli_reproduces_a_shared_link(
    params: dict[str, str], incursions: gpd.GeoDataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    from straitmap.filters import INCURSION_LAYERS, vocabularies

    frames = {i: load_layer(i) for i in ("pla_incursions", "us_bases_japan", "shipping_lanes")}
    state, notes = FilterState.from_url(params, vocabularies(frames))
    assert notes == []
    assert state.to_url() == params
    code, out, _ = run(["incursions", *state.to_arguments(), "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["filters"] == state.to_json(INCURSION_LAYERS)
    expected = summarize_incursions(filter_layer("pla_incursions", incursions, state))
    assert {key: result[key] for key in expected.to_dict()} == expected.to_dict()


def test_filters_of_other_layers_are_noted_by_incursions(
    incursions: gpd.GeoDataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["incursions", "--branch", "USMC", "--via", "yes"], capsys)
    assert code == 0
    assert err == "note: filters of other layers do not change incursion counts\n"
    assert (
        out.splitlines()[1]
        == f"count                  {len(incursions):,} of {len(incursions):,} points"
    )


NEW_FLAG_ERRORS = [
    (
        "unknown-branch",
        ["--branch", "USMC", "Navy"],
        r"^error: installation branch should be one of US Army, USAF, USMC, USN, got Navy\n$",
    ),
    (
        "unknown-kind",
        ["--kind", "castle"],
        r"^error: installation kind should be one of air base, camp, .*, got castle\n$",
    ),
    (
        "unknown-lane",
        ["--lane", "canal"],
        r"^error: lane class should be one of network, route, got canal\n$",
    ),
    ("bad-via", ["--via", "maybe"], r"argument --via: invalid choice: 'maybe'"),
    (
        "impossible-date",
        ["--to", "2023-02-29"],
        r"--to: expected a date as YYYY-MM-DD, found '2023-02-29'; .*February 2023 has 28 days",
    ),
]


@pytest.mark.parametrize("command", ["incursions", "export-map"])
@pytest.mark.parametrize(
    ("options", "pattern"),
    [e[1:] for e in NEW_FLAG_ERRORS],
    ids=[e[0] for e in NEW_FLAG_ERRORS],
)
def test_new_flags_refuse_bad_values_with_exit_2(
    command: str,
    options: list[str],
    pattern: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out_file = tmp_path / "map.html"
    extra = ["--out", str(out_file), "--layers", "land"] if command == "export-map" else []
    code, out, err = run([command, *extra, *options], capsys)
    assert (code, out) == (2, "")
    assert re.search(pattern, err), err
    assert not out_file.exists()


def test_cli_dates_read_the_formats_the_sidebar_reads(
    incursions: gpd.GeoDataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["incursions", "--from", "113/01/16", "--to", "2024/01/31", "--json"], capsys
    )
    assert code == 0
    assert json.loads(out)["filters"]["from"] == "2024-01-16"
    assert json.loads(out)["filters"]["to"] == "2024-01-31"


def test_export_map_draws_what_the_base_and_lane_filters_keep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from straitmap.assets import missing_assets
    from straitmap.standalone import DEFAULT_STATIC_ROOT

    if missing_assets(DEFAULT_STATIC_ROOT):
        pytest.skip("map assets not installed (make setup)")
    out_file = tmp_path / "map.html"
    argv = ["export-map", "--out", str(out_file), "--layers", "land,us_bases_japan"]
    code, _, err = run([*argv, "--branch", "USMC", "--kind", "camp"], capsys)
    assert (code, err) == (0, "")
    page = out_file.read_text(encoding="utf-8")
    bases = load_layer("us_bases_japan")
    kept = bases[(bases["branch"] == "USMC") & (bases["kind"] == "camp")]
    left_out = bases[bases["branch"] != "USMC"]
    assert len(kept) > 0
    assert all(f'"id": "{i}"' in page for i in kept["id"])
    assert not any(f'"id": "{i}"' in page for i in left_out["id"])


# --- a toy dimension, declared in one place, on the command line --------------------------------


def test_a_toy_dimension_is_a_flag_checked_against_the_data(
    incursions: gpd.GeoDataFrame,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from straitmap import filters

    toy = filters.FilterDimension(
        name="median_basis",
        key="basis",
        layers=("pla_incursions",),
        column="crossed_median_line_basis",
        label="Median-line basis",
        noun="median-line basis",
        help="how a crossing is known",
    )
    monkeypatch.setattr(filters, "DIMENSIONS", (*filters.DIMENSIONS, toy))
    code, out, err = run(["incursions", "--basis", "mnd", "--zone", "north", "--json"], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    expected = incursions[
        (incursions["crossed_median_line_basis"] == "mnd") & (incursions["zone"] == "north")
    ]
    assert result["count"] == len(expected) > 0
    assert result["filters"]["median_basis"] == ["mnd"]
    code, out, _ = run(["incursions", "--basis", "mnd"], capsys)
    assert out.splitlines()[0] == "filters                basis mnd"
    code, out, err = run(["incursions", "--basis", "guess"], capsys)
    assert (code, out) == (2, "")
    assert err == "error: median-line basis should be one of computed, mnd, got guess\n"
