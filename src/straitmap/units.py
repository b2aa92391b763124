"""The units every figure is given in: metres per kilometre, nautical mile and statute mile."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from straitmap.errors import MeasureInputError
from straitmap.i18n import Lang, format_number

__all__ = [
    "METRES_PER_KM",
    "METRES_PER_MILE",
    "METRES_PER_NMI",
    "UNITS",
    "UNIT_LABELS",
    "UNIT_METRES",
    "Unit",
    "format_length",
    "to_metres",
    "unit_label",
]

#: A length unit the library reports in or reads radii in.
Unit = Literal["km", "nmi", "mi"]

METRES_PER_KM: Final = 1000.0
#: The international nautical mile (1929), exactly.
METRES_PER_NMI: Final = 1852.0
#: The international statute mile (1959), exactly.
METRES_PER_MILE: Final = 1609.344
#: Metres in one of each unit, in the order the app and the CLI list them.
UNIT_METRES: Final[dict[str, float]] = {
    "km": METRES_PER_KM,
    "nmi": METRES_PER_NMI,
    "mi": METRES_PER_MILE,
}
UNITS: Final = tuple(UNIT_METRES)
#: Each unit's symbol in each language: Taiwan's Ministry of National Defense writes 浬 for the
#: nautical mile (海里 in CLDR and some media), 公里 for km.
UNIT_LABELS: Final[dict[Lang, dict[str, str]]] = {
    "en": {"km": "km", "nmi": "nmi", "mi": "mi"},
    "zh-TW": {"km": "公里", "nmi": "浬", "mi": "英里"},
}


def to_metres(value: float, unit: str) -> float:
    """`value` in `unit` ("km", "nmi" or "mi") as metres.

    >>> to_metres(100, "nmi")
    185200.0
    """
    try:
        return value * UNIT_METRES[unit]
    except KeyError:
        raise MeasureInputError(f"unit should be one of {', '.join(UNITS)}, got {unit!r}") from None


def unit_label(unit: str, lang: Lang = "en") -> str:
    """The symbol of `unit` in `lang`.

    >>> unit_label("nmi"), unit_label("nmi", "zh-TW")
    ('nmi', '浬')
    """
    try:
        return UNIT_LABELS[lang][unit]
    except KeyError:
        raise MeasureInputError(f"unit should be one of {', '.join(UNITS)}, got {unit!r}") from None


def format_length(
    metres: float,
    lang: Lang = "en",
    units: Sequence[str] = ("km", "nmi"),
    decimals: int = 1,
    *,
    group: bool = True,
) -> str:
    """`metres` in the first of `units`, the others in parentheses, as `lang` writes them.

    One place for "640.2 km (345.7 nmi)": figures by `straitmap.i18n.format_number` (rounded
    as ``f"{x:.1f}"``), a space before each symbol as CLDR writes both languages, full-width
    parentheses and comma in Chinese.

    >>> format_length(640_200.0), format_length(640_200.0, "zh-TW")
    ('640.2 km (345.7 nmi)', '640.2 公里（345.7 浬）')
    >>> format_length(1_852_000.0, "en", ("km", "nmi", "mi"), 3)
    '1,852.000 km (1,000.000 nmi, 1,150.779 mi)'
    """
    if not units:
        raise MeasureInputError("units should name at least one unit, got none")
    figures = [
        f"{format_number(metres / to_metres(1.0, unit), lang, decimals, group=group)} "
        f"{unit_label(unit, lang)}"
        for unit in units
    ]
    first, rest = figures[0], figures[1:]
    if not rest:
        return first
    if lang == "zh-TW":
        return f"{first}（{'，'.join(rest)}）"
    return f"{first} ({', '.join(rest)})"
