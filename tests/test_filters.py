"""FilterState → subsets: one filter implementation for the app, the CLI and tests."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from straitmap.errors import FilterError
from straitmap.filters import (
    FilterState,
    apply_filters,
    count_aircraft,
    date_presets,
    filter_layer,
    incursions_by_period,
    summarize_incursions,
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
