"""Typed coordinates: accepted forms give (lat, lon); ambiguous or impossible ones are refused."""

from __future__ import annotations

import pytest

from straitmap.coords import looks_like_coordinates, parse_point
from straitmap.errors import CoordinateParseError, StraitmapError

ACCEPTED = [
    ("comma", "25.03, 121.56", (25.03, 121.56)),
    ("comma-no-space", "25.03,121.56", (25.03, 121.56)),
    ("space", "25.03 121.56", (25.03, 121.56)),
    ("semicolon", "25.03; 121.56", (25.03, 121.56)),
    ("suffix-letters", "25.03N 121.56E", (25.03, 121.56)),
    ("suffix-letters-spaced", "25.03 N, 121.56 E", (25.03, 121.56)),
    ("lowercase-letters", "25.03n 121.56e", (25.03, 121.56)),
    ("prefix-letters", "N25.03 E121.56", (25.03, 121.56)),
    ("lon-first-with-letters", "121.56E 25.03N", (25.03, 121.56)),
    ("dms-typographic", "25°01′48″N 121°33′36″E", (25.03, 121.56)),
    ("dms-ascii", "25°01'48\"N 121°33'36\"E", (25.03, 121.56)),
    ("dms-no-letters", "25°01′48″ 121°33′36″", (25.03, 121.56)),
    ("dm-marks", "25°1.8' 121°33.6'", (25.03, 121.56)),
    ("dm-unmarked-letters", "25 1.8N 121 33.6E", (25.03, 121.56)),
    ("dm-unmarked-comma", "25 1.8, 121 33.6", (25.03, 121.56)),
    ("negative", "-33.86, -151.2", (-33.86, -151.2)),
    ("south-west", "33.86S 151.2W", (-33.86, -151.2)),
    ("south-dm", "33 51.6S, 151 12E", (-33.86, 151.2)),
    ("integers", "25 121", (25.0, 121.0)),
    ("limits", "90, -180", (90.0, -180.0)),
    ("unicode-minus-and-padding", "  −33.86,  151.2 ", (-33.86, 151.2)),
]


@pytest.mark.parametrize(
    ("text", "expected"), [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED]
)
def test_parse_point_accepts(text: str, expected: tuple[float, float]) -> None:
    lat, lon = parse_point(text)
    assert lat == pytest.approx(expected[0], abs=1e-12)
    assert lon == pytest.approx(expected[1], abs=1e-12)


REFUSED = [
    ("empty", "", r"expected 'lat, lon' .*; found nothing"),
    ("blank", "   ", r"found nothing"),
    ("one-number", "25.03", r"found 1 coordinate\(s\) \(1 number\(s\)\)"),
    ("three-plain-numbers", "25 1 121", r"found 3 coordinate\(s\).*mark them .* or separate"),
    ("four-plain-numbers", "25 1.8 121 33.6", r"found 4 coordinate\(s\) \(4 number\(s\)\)"),
    ("two-separators", "1,2,3", r"found 2 separators"),
    (
        "swapped",
        "121.56, 25.03",
        r"expected a latitude between -90 and 90, found 121.56.*did you mean '25.03, 121.56'",
    ),
    ("lon-out-of-range", "25.03, 191", r"expected a longitude between -180 and 180, found 191"),
    ("both-latitudes", "25N 121N", r"found two latitudes \(N/S\)"),
    ("both-longitudes", "25E 121W", r"found two longitudes \(E/W\)"),
    ("one-letter", "25.03N 121.56", r"found a hemisphere letter on only one coordinate"),
    ("sign-and-letter", "-25S 121E", r"found both a sign and hemisphere 'S' for the latitude"),
    ("minutes-60", "25 60N 121E", r"found 60 minutes for the latitude .*must be below 60"),
    ("seconds-75", "25°1′75″N 121E", r"found 75 seconds"),
    ("decimal-then-minutes", "25.5 30N 121E", r"found a decimal 25.5 followed by more numbers"),
    ("marks-out-of-order", "25′ 30° N 121E", r"found marks out of order for the latitude"),
    ("negative-minutes", "25 -3N 121E", r"found a sign on the minutes or seconds"),
    ("letters", "Taipei", r"found an unexpected character 'T'"),
    ("too-many-parts", "25 1 2 3N 121E", r"found 4 numbers for the latitude"),
]


@pytest.mark.parametrize(("text", "match"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_parse_point_refuses(text: str, match: str) -> None:
    with pytest.raises(CoordinateParseError, match=match):
        parse_point(text)


def test_coordinate_errors_are_straitmap_errors() -> None:
    assert issubclass(CoordinateParseError, StraitmapError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.03N 121.56E", True),
        ("25, 121", True),
        ("Taipei", False),
        ("Taipei 101", False),
        ("NE", False),
    ],
    ids=["lettered", "plain", "name", "name-with-digits", "letters-only"],
)
def test_looks_like_coordinates(text: str, expected: bool) -> None:
    assert looks_like_coordinates(text) is expected
