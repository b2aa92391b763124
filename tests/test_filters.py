"""FilterState → subsets: one filter implementation for the app, the CLI and tests."""

from __future__ import annotations

import argparse
import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from straitmap import filters
from straitmap.errors import FilterError
from straitmap.filters import (
    AIRCRAFT_CLASSES,
    SEVERAL_CLASSES,
    ZONES,
    FilterDimension,
    FilterState,
    add_filter_arguments,
    aircraft_by,
    aircraft_figures,
    apply_filters,
    count_aircraft,
    date_presets,
    filter_layer,
    incursions_by_period,
    read_filter_date,
    summarize_incursions,
    vocabularies,
)


@pytest.fixture
def incursions() -> gpd.GeoDataFrame:
    """Five incursion points over three days, two zones and three classes."""
    return gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "date": ["2022-08-05", "2022-08-05", "2023-04-09", "2024-02-01", "2024-02-01"],
            "aircraft_type": ["J-16", "J-16", "H-6K", "unspecified", "Y-8 ASW"],
            "aircraft_class": [
                "fighter",
                "fighter",
                "bomber",
                "main combat (unspecified)",
                "anti-submarine",
            ],
            "count": [4, 2, 2, 13, 1],
            "zone": [
                "southwest",
                "central strait (median line)",
                "southwest",
                "north",
                "southwest",
            ],
            "crossed_median_line": [False, True, False, True, False],
        },
        geometry=[Point(120 + i * 0.1, 22 + i * 0.1) for i in range(5)],
        crs=4326,
    )


@pytest.mark.parametrize(
    ("state", "expected_ids"),
    [
        (FilterState(), ["a", "b", "c", "d", "e"]),
        (FilterState(date_from=dt.date(2022, 8, 5), date_to=dt.date(2022, 8, 5)), ["a", "b"]),
        (FilterState(date_from=dt.date(2023, 1, 1)), ["c", "d", "e"]),
        (FilterState(aircraft_classes=frozenset({"fighter", "bomber"})), ["a", "b", "c"]),
        (FilterState(aircraft_types=frozenset({"Y-8 ASW"})), ["e"]),
        (FilterState(zones=frozenset({"southwest"})), ["a", "c", "e"]),
        (FilterState(crossed_median="yes"), ["b", "d"]),
        (FilterState(crossed_median="no"), ["a", "c", "e"]),
        (
            FilterState(zones=frozenset({"southwest"}), date_to=dt.date(2022, 12, 31)),
            ["a"],
        ),
    ],
    ids=["none", "one-day", "from", "classes", "type", "zone", "crossed", "not-crossed", "and"],
)
def test_incursion_filters(
    incursions: gpd.GeoDataFrame, state: FilterState, expected_ids: list[str]
) -> None:
    assert filter_layer("pla_incursions", incursions, state)["id"].tolist() == expected_ids


def test_filtering_leaves_the_input_unchanged(incursions: gpd.GeoDataFrame) -> None:
    before = incursions.copy()
    filter_layer("pla_incursions", incursions, FilterState(crossed_median="yes"))
    assert incursions.equals(before)


def test_layers_without_filters_come_back_whole(incursions: gpd.GeoDataFrame) -> None:
    places = incursions[["id", "geometry"]]
    result = apply_filters({"places": places}, FilterState(crossed_median="yes"))
    assert result["places"]["id"].tolist() == places["id"].tolist()


def test_bases_and_lanes_filters() -> None:
    bases = gpd.GeoDataFrame(
        {"id": ["k", "y", "h"], "branch": ["USAF", "USN", "USMC"], "kind": ["air base"] * 3},
        geometry=[Point(127.7, 26.3)] * 3,
        crs=4326,
    )
    lanes = gpd.GeoDataFrame(
        {"id": ["n", "r1", "r2"], "kind": ["network", "route", "route"], "via_strait": [0, 1, 0]},
        geometry=[Point(120, 23)] * 3,
        crs=4326,
    )
    state = FilterState(
        base_branches=frozenset({"USAF", "USMC"}),
        lane_kinds=frozenset({"route"}),
        lanes_via_strait="yes",
    )
    result = apply_filters({"us_bases_japan": bases, "shipping_lanes": lanes}, state)
    assert result["us_bases_japan"]["id"].tolist() == ["k", "h"]
    assert result["shipping_lanes"]["id"].tolist() == ["r1"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"crossed_median": "maybe"}, r"crossed_median should be one of any, yes, no, got 'maybe'"),
        ({"zones": frozenset({"west"})}, r"zone should be one of north, .*got west"),
        ({"aircraft_classes": frozenset({"jet"})}, r"aircraft class should be one of .*got jet"),
        (
            {"date_from": dt.date(2024, 1, 2), "date_to": dt.date(2024, 1, 1)},
            r"date_from should be on or before date_to",
        ),
    ],
    ids=["yes-no", "zone", "class", "dates"],
)
def test_invalid_filter_values_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(FilterError, match=message):
        FilterState(**kwargs)  # type: ignore[arg-type]


def test_summary_counts_points_and_sums_aircraft(incursions: gpd.GeoDataFrame) -> None:
    summary = summarize_incursions(incursions)
    assert summary.count == 5
    assert summary.aircraft == 22
    assert summary.days == 3
    assert summary.median_line_crossings == 2
    assert summary.by_zone == {"north": 1, "central strait (median line)": 1, "southwest": 3}
    assert summary.by_type["J-16"] == 2
    assert list(summary.by_class) == [
        "fighter",
        "bomber",
        "anti-submarine",
        "main combat (unspecified)",
    ]


def test_date_presets_follow_the_data() -> None:
    presets = date_presets(["2022-08-05", "2023-04-09", "2024-07-31"])
    labels = [p.label for p in presets]
    assert labels[:3] == [
        "All dates",
        "Aug 2022 exercises (4–10 Aug)",
        "Apr 2023 exercises (8–10 Apr)",
    ]
    assert {"2022", "2023", "2024"} <= set(labels)
    last = presets[-1]
    assert (last.start, last.end) == (dt.date(2024, 7, 2), dt.date(2024, 7, 31))


def test_incursions_by_month_and_class(incursions: gpd.GeoDataFrame) -> None:
    table = incursions_by_period(incursions, "M")
    rows = {
        (r.period, r.aircraft_class): (r.points, r.aircraft) for r in table.itertuples(index=False)
    }
    assert rows[("2022-08-01", "fighter")] == (2, 6)
    assert rows[("2024-02-01", "anti-submarine")] == (1, 1)
    assert len(rows) == 4


AIRCRAFT = [
    # (id, rows of (count, count_scope, track_id), expected aircraft)
    ("per-class-figures-add-up", [(3, "class", "p1-1"), (4, "class", "p1-2")], 7),
    ("shared-figure-counts-once", [(13, "area", "p3-7"), (13, "area", "p3-7")], 13),
    (
        "shared-and-own-figures",
        [(13, "area", "p3-7"), (13, "area", "p3-7"), (1, "class", "p3-8"), (5, "area", "p3-9")],
        19,
    ),
    ("one-class-of-a-shared-area-left", [(13, "area", "p3-7")], 13),
    ("empty", [], 0),
]


@pytest.mark.parametrize(
    ("rows", "expected"), [a[1:] for a in AIRCRAFT], ids=[a[0] for a in AIRCRAFT]
)
def test_count_aircraft(rows: list[tuple[int, str, str]], expected: int) -> None:
    points = pd.DataFrame(rows, columns=["count", "count_scope", "track_id"])
    assert count_aircraft(points) == expected


def test_count_aircraft_without_scope_column_sums_counts() -> None:
    assert count_aircraft(pd.DataFrame({"count": [3, None, 4]})) == 7


# --- declared dimensions: a toy dimension added in one place --------------------------------


TOY = FilterDimension(
    name="colours",
    key="colour",
    layers=("pla_incursions",),
    column="colour",
    label="Colour",
    noun="colour",
    help="paint colours",
    vocabulary=("red", "blue", "green"),
)


@pytest.fixture
def toy_dimension(monkeypatch: pytest.MonkeyPatch) -> FilterDimension:
    """`DIMENSIONS` with one more declaration: the only change a new filter needs."""
    monkeypatch.setattr(filters, "DIMENSIONS", (*filters.DIMENSIONS, TOY))
    return TOY


def test_a_toy_dimension_reaches_every_text_form(
    toy_dimension: FilterDimension, incursions: gpd.GeoDataFrame
) -> None:
    painted = incursions.assign(colour=["red", "blue", "red", "green", "blue"])
    from_url, notes = FilterState.from_url({"colour": "red,blue", "zone": "southwest"}, {})
    assert notes == []
    assert from_url.colours == frozenset({"red", "blue"})
    assert from_url == FilterState(colours={"red", "blue"}, zones=frozenset({"southwest"}))
    assert from_url.to_url() == {"zone": "southwest", "colour": "blue,red"}
    assert from_url.describe() == "zone southwest; colour blue, red"
    assert from_url.to_arguments() == ["--zone", "southwest", "--colour", "blue", "red"]

    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    args = parser.parse_args(["--colour", "red", "--colour", "blue", "--zone", "southwest"])
    assert FilterState.from_arguments(args) == from_url
    assert FilterState.from_arguments(parser.parse_args(from_url.to_arguments())) == from_url
    assert filter_layer("pla_incursions", painted, from_url)["id"].tolist() == ["a", "c", "e"]
    assert vocabularies({"pla_incursions": painted})["colour"] == ["red", "blue", "green"]


def test_a_toy_dimension_refuses_bad_values_by_the_one_policy(
    toy_dimension: FilterDimension,
) -> None:
    state, notes = FilterState.from_url({"colour": "red,mauve"}, {})
    assert state == FilterState(colours=frozenset({"red"}))
    assert notes == ["`colour` ignored unknown values: mauve"]
    with pytest.raises(FilterError, match=r"^colour should be one of red, blue, green, got mauve$"):
        FilterState(colours=frozenset({"mauve"}))
    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    with pytest.raises(FilterError, match=r"colour should be one of red, blue, green, got mauve"):
        FilterState.from_arguments(parser.parse_args(["--colour", "mauve"]))


def test_a_filter_the_layer_lacks_says_which_column(incursions: gpd.GeoDataFrame) -> None:
    bare = incursions.drop(columns="zone")
    with pytest.raises(FilterError, match=r"layer 'pla_incursions' should have a column 'zone'"):
        filter_layer("pla_incursions", bare, FilterState(zones=frozenset({"north"})))
    assert len(filter_layer("pla_incursions", bare, FilterState())) == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"colour": {"red"}}, r"filter should be one of date_from, date_to, .*got 'colour'"),
        ({"zones": "north"}, r"zones should be a set of zones, got 'north'"),
        ({"lanes_via_strait": "maybe"}, r"lanes_via_strait should be one of any, yes, no"),
    ],
    ids=["unknown-dimension", "string-for-a-set", "yes-no"],
)
def test_the_state_names_what_it_expected(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(FilterError, match=message):
        FilterState(**kwargs)  # type: ignore[arg-type]


STATES = [
    ("none", FilterState()),
    (
        "dates-and-classes",
        FilterState(
            date_from=dt.date(2022, 8, 4),
            date_to=dt.date(2022, 8, 10),
            aircraft_classes=frozenset({"fighter", "bomber"}),
        ),
    ),
    ("open-end", FilterState(date_to=dt.date(2023, 1, 1), crossed_median="no")),
    (
        "every-dimension",
        FilterState(
            date_from=dt.date(2024, 1, 16),
            aircraft_classes=frozenset({"main combat (unspecified)"}),
            aircraft_types=frozenset({"J-16", "Y-8 ASW"}),
            zones=frozenset({"central strait (median line)", "north"}),
            crossed_median="yes",
            base_branches=frozenset({"USAF", "US Army"}),
            base_kinds=frozenset({"air base"}),
            lane_kinds=frozenset({"route"}),
            lanes_via_strait="no",
        ),
    ),
]


@pytest.mark.parametrize("state", [s[1] for s in STATES], ids=[s[0] for s in STATES])
def test_text_forms_round_trip(state: FilterState) -> None:
    vocab = {"type": ["J-16", "Y-8 ASW"], "branch": ["USAF", "US Army"], "kind": ["air base"]}
    vocab["lane"] = ["network", "route"]
    assert FilterState.from_url(state.to_url(), vocab) == (state, [])
    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    assert FilterState.from_arguments(parser.parse_args(state.to_arguments())) == state
    assert state.replace() == state
    assert (state.describe() == "") == state.is_default


def test_description_reads_like_the_flags() -> None:
    state = FilterState(
        date_from=dt.date(2022, 8, 1),
        date_to=dt.date(2022, 8, 31),
        aircraft_classes=frozenset({"fighter"}),
        crossed_median="yes",
        base_branches=frozenset({"USN"}),
    )
    assert state.describe() == (
        "dates 2022-08-01 to 2022-08-31; class fighter; crossed the median line: yes; branch USN"
    )
    assert state.describe(["pla_incursions"]) == (
        "dates 2022-08-01 to 2022-08-31; class fighter; crossed the median line: yes"
    )
    assert state.describe(["us_bases_japan"]) == "branch USN"
    assert FilterState(date_from=dt.date(2024, 1, 16)).describe() == "dates 2024-01-16 to …"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024/03/01", dt.date(2024, 3, 1)),
        ("113/03/01", dt.date(2024, 3, 1)),
    ],
    ids=["iso", "slashes", "roc"],
)
def test_filter_dates_read_every_accepted_format(text: str, expected: dt.date) -> None:
    assert read_filter_date(text) == expected
    assert FilterState.from_url({"from": text}, {}) == (FilterState(date_from=expected), [])


def test_filter_dates_say_why_they_are_refused() -> None:
    with pytest.raises(FilterError, match=r"^expected a date as YYYY-MM-DD, found 'soon'$"):
        read_filter_date("soon")
    with pytest.raises(
        FilterError, match=r"found '2024-02-30'; expected a day from 1 to 29 \(February 2024"
    ):
        read_filter_date("2024-02-30")


# --- aircraft totals: one figure per MND figure ---------------------------------------------


@pytest.fixture
def shared_areas() -> pd.DataFrame:
    """Two areas of 2024 (one figure for two or three classes each) and two per-class points."""
    return pd.DataFrame(
        {
            "id": ["p1-1", "p3-7-main", "p3-7-drone", "p3-8", "p3-9-main", "p3-9-support"],
            "date": ["2022-08-05"] + ["2024-02-01"] * 3 + ["2024-03-02"] * 2,
            "aircraft_type": [
                "J-16",
                "unspecified",
                "unspecified",
                "Y-8 ASW",
                *["unspecified"] * 2,
            ],
            "aircraft_class": [
                "fighter",
                "main combat (unspecified)",
                "drone",
                "anti-submarine",
                "main combat (unspecified)",
                "support (unspecified)",
            ],
            "count": [4, 13, 13, 1, 5, 5],
            "count_scope": ["class", "area", "area", "class", "area", "area"],
            "track_id": ["p1-1", "p3-7", "p3-7", "p3-8", "p3-9", "p3-9"],
            "zone": ["southwest", "north", "north", "southwest", "southwest", "southwest"],
            "crossed_median_line": [False, True, True, False, False, False],
        }
    )


def test_aircraft_figures_count_a_shared_figure_once(shared_areas: pd.DataFrame) -> None:
    figures = aircraft_figures(shared_areas)
    assert sorted(figures["aircraft"].tolist()) == [1, 4, 5, 13]
    assert figures["points"].sum() == len(shared_areas)
    assert aircraft_by(figures, "aircraft_class", AIRCRAFT_CLASSES) == {
        "fighter": 4,
        "anti-submarine": 1,
        SEVERAL_CLASSES: 18,
    }
    assert aircraft_by(figures, "zone", ZONES) == {"north": 13, "southwest": 10}


def test_one_class_of_a_shared_area_keeps_its_class(shared_areas: pd.DataFrame) -> None:
    drones = filter_layer(
        "pla_incursions",
        gpd.GeoDataFrame(shared_areas, geometry=[Point(120, 22)] * 6, crs=4326),
        FilterState(aircraft_classes=frozenset({"drone"})),
    )
    assert aircraft_by(aircraft_figures(drones), "aircraft_class") == {"drone": 13}


def test_every_breakdown_adds_up_to_the_total(shared_areas: pd.DataFrame) -> None:
    summary = summarize_incursions(shared_areas)
    assert summary.aircraft == count_aircraft(shared_areas) == 23
    for totals in (summary.aircraft_by_class, summary.aircraft_by_zone, summary.aircraft_by_month):
        assert sum(totals.values()) == summary.aircraft
    assert summary.aircraft_by_month == {"2022-08-01": 4, "2024-02-01": 14, "2024-03-01": 5}
    monthly = incursions_by_period(shared_areas, "M")
    assert int(monthly["aircraft"].sum()) == summary.aircraft
    rows = {(r.period, r.aircraft_class): (r.points, r.aircraft) for r in monthly.itertuples()}
    assert rows[("2024-02-01", SEVERAL_CLASSES)] == (2, 13)
    assert rows[("2024-03-01", SEVERAL_CLASSES)] == (2, 5)
    assert rows[("2024-02-01", "anti-submarine")] == (1, 1)
