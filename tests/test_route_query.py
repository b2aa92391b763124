"""RouteQuery: one statement of a route question for the URL, the CLI and the library."""

from __future__ import annotations

import shlex

import pytest

from straitmap.errors import RouteError
from straitmap.route_query import VESSELS, RouteQuery

ZONES = ("ex-2022-08-zone-1", "ex-2022-08-zone-2")


def test_defaults_leave_the_url_short() -> None:
    assert RouteQuery().to_params() == {"from": "Shanghai", "to": "Singapore"}


def test_a_query_round_trips_through_its_url() -> None:
    query = RouteQuery(
        "Kaohsiung",
        "25.0, 121.5",
        vessel="bulk",
        speed_kn=14.5,
        close_strait=True,
        close_exercises=("Justice Mission 2025", "August 2022"),
        close_zones=("ex-2022-08-zone-2",),
    )
    params = query.to_params()
    assert params == {
        "from": "Kaohsiung",
        "to": "25.0, 121.5",
        "vessel": "bulk",
        "speed": "14.5",
        "close": "strait,ex-2022-08-zone-2",
        "exercise": "Justice Mission 2025|August 2022",
    }
    again, notes = RouteQuery.from_params(params, ZONES)
    assert again == query
    assert notes == []


def test_bad_url_values_are_ignored_with_a_note() -> None:
    query, notes = RouteQuery.from_params(
        {"vessel": "yacht", "speed": "fast", "close": "strait,suez"}, ZONES
    )
    assert query == RouteQuery(close_strait=True)
    assert notes == [
        "vessel='yacht' ignored: expected one of container, bulk, tanker",
        "speed='fast' ignored: expected knots above 0 and at most 60",
        "close='suez' ignored: expected 'strait' or a zone id of pla_exercise_zones",
    ]


def test_the_library_refuses_bad_values() -> None:
    with pytest.raises(RouteError, match=r"vessel 'yacht': expected one of container"):
        RouteQuery(vessel="yacht")
    with pytest.raises(RouteError, match=r"speed: expected knots above 0 and at most 60"):
        RouteQuery(speed_kn=-3)


def test_speed_comes_from_the_vessel_unless_given() -> None:
    assert RouteQuery().speed == VESSELS["container"].speed_kn == 16.0
    assert RouteQuery(vessel="tanker").speed == 13.0
    assert RouteQuery(vessel="tanker", speed_kn=11).speed == 11
    assert RouteQuery(speed_kn=11).speed_basis == "the speed given"
    assert "Third IMO GHG Study 2014" in RouteQuery().speed_basis


def test_the_command_reproduces_the_query() -> None:
    query = RouteQuery(
        "Ho Chi Minh City",
        "Busan",
        vessel="bulk",
        close_strait=True,
        close_exercises=("Justice Mission 2025",),
    )
    words = shlex.split(query.command())
    assert words == [
        "straitmap",
        "route",
        "Ho Chi Minh City",
        "Busan",
        "--vessel",
        "bulk",
        "--close",
        "strait",
        "--close-exercise",
        "Justice Mission 2025",
        "--json",
    ]
