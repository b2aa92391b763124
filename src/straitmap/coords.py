"""Read coordinates typed by people (`lat, lon`, hemispheres, degrees-minutes-seconds)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from straitmap.errors import CoordinateParseError

__all__ = ["looks_like_coordinates", "parse_point"]

_EXPECTED: Final = (
    "expected 'lat, lon' in degrees, e.g. '25.03, 121.56', '25.03N 121.56E', "
    "'25°01′48″N 121°33′36″E' or '25 1.8N 121 33.6E'"
)
# Typographic variants of the degree, minute and second marks, as people paste them.
_MARKS: Final = str.maketrans(
    {
        "º": "°",
        "˚": "°",
        "′": "'",
        "’": "'",
        "‘": "'",
        "ʹ": "'",
        "´": "'",
        "″": '"',
        "”": '"',
        "“": '"',
        "ʺ": '"',
        "−": "-",
        "–": "-",
        "，": ",",
    }
)
_TOKEN: Final = re.compile(
    r"\s*(?:(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?P<mark>°|''|'|\")?"
    r"|(?P<hemisphere>[NSEW])|(?P<separator>[,;/]))",
    re.IGNORECASE,
)
_UNITS: Final = {"°": 0, "'": 1, "''": 2, '"': 2}


@dataclass(frozen=True)
class _Number:
    value: float
    text: str
    unit: int | None  # 0 degrees, 1 minutes, 2 seconds; None when unmarked


@dataclass
class _Group:
    numbers: list[_Number]
    hemisphere: str | None = None


def looks_like_coordinates(text: str) -> bool:
    """True when `text` holds a digit and no letters other than hemisphere letters (N S E W).

    >>> looks_like_coordinates("25.03N 121.56E"), looks_like_coordinates("Taipei 101")
    (True, False)
    """
    letters = {c.upper() for c in text if c.isalpha()}
    return any(c.isdigit() for c in text) and letters <= {"N", "S", "E", "W"}


def _tokens(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, value, mark) tokens; raises on any character that belongs to no token."""
    tokens: list[tuple[str, str, str | None]] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            found = stripped[position:].lstrip()[:1]
            raise CoordinateParseError(
                f"{_EXPECTED}; found an unexpected character {found!r} in {text!r}"
            )
        if match["number"] is not None:
            mark = match["mark"] or None
            tokens.append(("number", match["number"], mark))
        elif match["hemisphere"] is not None:
            tokens.append(("hemisphere", match["hemisphere"].upper(), None))
        else:
            tokens.append(("separator", match["separator"], None))
        position = match.end()
    return tokens


def _groups(tokens: list[tuple[str, str, str | None]], text: str) -> list[_Group]:
    """Split the tokens into one group per coordinate."""
    separators = sum(1 for kind, _, _ in tokens if kind == "separator")
    hemispheres = [i for i, (kind, _, _) in enumerate(tokens) if kind == "hemisphere"]
    groups: list[_Group] = [_Group([])]
    if separators > 1:
        raise CoordinateParseError(
            f"{_EXPECTED}; found {separators} separators (',', ';' or '/') in {text!r}"
        )
    prefix = bool(hemispheres) and tokens[0][0] == "hemisphere"
    for kind, value, mark in tokens:
        current = groups[-1]
        if kind == "separator":
            groups.append(_Group([]))
        elif kind == "hemisphere":
            if prefix:
                if current.numbers or current.hemisphere:
                    groups.append(_Group([], value))
                else:
                    current.hemisphere = value
            else:
                if current.hemisphere is not None or not current.numbers:
                    raise CoordinateParseError(
                        f"{_EXPECTED}; found hemisphere letter {value!r} without a number "
                        f"before it in {text!r}"
                    )
                current.hemisphere = value
                if not separators:
                    groups.append(_Group([]))
        else:
            unit = _UNITS[mark] if mark is not None else None
            starts_new = (
                not separators
                and not hemispheres
                and current.numbers
                and (unit == 0 or (unit is None and current.numbers[-1].unit is None))
            )
            if starts_new or (not prefix and hemispheres and current.hemisphere is not None):
                groups.append(_Group([]))
            groups[-1].numbers.append(_Number(float(value), value, unit))
    groups = [g for g in groups if g.numbers or g.hemisphere]
    if len(groups) != 2:
        numbers = sum(len(g.numbers) for g in groups)
        raise CoordinateParseError(
            f"{_EXPECTED}; found {len(groups)} coordinate(s) ({numbers} number(s)) in {text!r}"
            + (
                ": with more than two plain numbers, mark them (° ′ ″), add N/S/E/W or "
                "separate latitude and longitude with a comma"
                if numbers > 2 and not separators and not hemispheres
                else ""
            )
        )
    return groups


def _degrees(group: _Group, axis: str, text: str) -> float:
    """Decimal degrees of one coordinate: degrees [minutes [seconds]], checked."""
    numbers = group.numbers
    if not numbers:
        raise CoordinateParseError(f"{_EXPECTED}; found no number for the {axis} in {text!r}")
    if len(numbers) > 3:
        raise CoordinateParseError(
            f"{_EXPECTED}; found {len(numbers)} numbers for the {axis} in {text!r} "
            "(at most degrees, minutes, seconds)"
        )
    if any(n.unit is not None and n.unit != i for i, n in enumerate(numbers)):
        raise CoordinateParseError(
            f"{_EXPECTED}; found marks out of order for the {axis} in {text!r} "
            "(degrees °, then minutes ′, then seconds ″)"
        )
    for position, number in enumerate(numbers[1:], start=1):
        if number.text.startswith(("+", "-")):
            raise CoordinateParseError(
                f"{_EXPECTED}; found a sign on the minutes or seconds of the {axis} in {text!r}"
            )
        if number.value >= 60:
            part = "minutes" if position == 1 else "seconds"
            raise CoordinateParseError(
                f"{_EXPECTED}; found {number.text} {part} for the {axis} in {text!r} "
                "(must be below 60)"
            )
        if "." in numbers[position - 1].text:
            raise CoordinateParseError(
                f"{_EXPECTED}; found a decimal {numbers[position - 1].text} followed by more "
                f"numbers for the {axis} in {text!r} (only the last part may have decimals)"
            )
    degrees = numbers[0]
    negative = degrees.text.startswith("-")
    value = abs(degrees.value)
    for position, number in enumerate(numbers[1:], start=1):
        value += number.value / (60.0**position)
    if group.hemisphere is not None:
        if degrees.text.startswith(("+", "-")):
            raise CoordinateParseError(
                f"{_EXPECTED}; found both a sign and hemisphere {group.hemisphere!r} for the "
                f"{axis} in {text!r}"
            )
        negative = group.hemisphere in ("S", "W")
    return -value if negative else value


def parse_point(text: str) -> tuple[float, float]:
    """Read typed coordinates as (lat, lon) in decimal degrees; the typed order is lat, lon.

    Accepts decimal degrees separated by a comma or spaces, hemisphere letters before or after
    each number (N/S for latitude, E/W for longitude, in either order when both are lettered),
    negative numbers for S and W, and degrees-minutes(-seconds) with marks (° ′ ″, also ' and ")
    or, with hemisphere letters or a comma, without marks ("25 1.8N 121 33.6E").

    Raises `CoordinateParseError` saying what was expected and what was found: ambiguous
    groupings of plain numbers, a letter on only one coordinate, two latitudes, minutes or
    seconds ≥ 60, a sign together with a hemisphere letter, latitude beyond ±90° or longitude
    beyond ±180°.

    >>> parse_point("25.03, 121.56")
    (25.03, 121.56)
    >>> [round(v, 6) for v in parse_point("25°01′48″N 121°33′36″E")]
    [25.03, 121.56]
    >>> parse_point("33 52S, 151 12.5E")
    (-33.86666666666667, 151.20833333333334)
    """
    if not text or not text.strip():
        raise CoordinateParseError(f"{_EXPECTED}; found nothing")
    normalised = text.translate(_MARKS).strip()
    groups = _groups(_tokens(normalised), text)
    lettered = [g.hemisphere is not None for g in groups]
    if any(lettered) and not all(lettered):
        raise CoordinateParseError(
            f"{_EXPECTED}; found a hemisphere letter on only one coordinate in {text!r}"
        )
    first, second = groups
    if all(lettered):
        axes = ["lat" if g.hemisphere in ("N", "S") else "lon" for g in groups]
        if axes[0] == axes[1]:
            found = "latitudes (N/S)" if axes[0] == "lat" else "longitudes (E/W)"
            raise CoordinateParseError(f"{_EXPECTED}; found two {found} in {text!r}")
        if axes[0] == "lon":
            first, second = second, first
    lat = _degrees(first, "latitude", text)
    lon = _degrees(second, "longitude", text)
    if not -90.0 <= lat <= 90.0:
        hint = ""
        if -90.0 <= lon <= 90.0 and -180.0 <= lat <= 180.0:
            hint = f"; coordinates are typed lat, lon: did you mean '{lon:g}, {lat:g}'?"
        raise CoordinateParseError(
            f"expected a latitude between -90 and 90, found {lat:g} in {text!r}{hint}"
        )
    if not -180.0 <= lon <= 180.0:
        raise CoordinateParseError(
            f"expected a longitude between -180 and 180, found {lon:g} in {text!r}"
        )
    return lat, lon
