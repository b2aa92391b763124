"""The units every figure is given in: metres per kilometre, nautical mile and statute mile."""

from __future__ import annotations

from typing import Final, Literal

from straitmap.errors import MeasureInputError

__all__ = [
    "METRES_PER_KM",
    "METRES_PER_MILE",
    "METRES_PER_NMI",
    "UNITS",
    "UNIT_METRES",
    "Unit",
    "to_metres",
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


def to_metres(value: float, unit: str) -> float:
    """`value` in `unit` ("km", "nmi" or "mi") as metres.

    >>> to_metres(100, "nmi")
    185200.0
    """
    try:
        return value * UNIT_METRES[unit]
    except KeyError:
        raise MeasureInputError(f"unit should be one of {', '.join(UNITS)}, got {unit!r}") from None
