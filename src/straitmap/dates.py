"""Read dates written in an explicit list of formats (ISO, slashes, dots, Taiwan's ROC years)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from straitmap.errors import DateParseError

__all__ = ["ACCEPTED_FORMATS", "ROC_EPOCH_OFFSET", "DateReading", "parse_date", "read_date"]

#: ROC (民國) year N is Gregorian year N + 1911: 民國113年 is 2024.
ROC_EPOCH_OFFSET: Final = 1911

#: The formats `parse_date` reads, as shown in messages.
ACCEPTED_FORMATS: Final = (
    "YYYY-MM-DD (ISO 8601)",
    "YYYY/MM/DD",
    "YYYY.MM.DD",
    "YYYY年M月D日",
    "ROC year YYY/MM/DD, YYY-MM-DD or YYY.MM.DD (113/03/01 is 2024-03-01)",
    "民國YYY年M月D日",
)

_ISO: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR_FIRST: Final = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_ROC_NUMERIC: Final = re.compile(r"(\d{2,3})([-/.])(\d{1,2})\2(\d{1,2})")
_YEAR_LAST: Final = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_CHINESE: Final = re.compile(
    r"(民國|民国)?\s*(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日號号]"
)
_SEPARATOR_NAMES: Final = {"-": "hyphens", "/": "slashes", ".": "dots"}


@dataclass(frozen=True)
class DateReading:
    """A date read from text, and how it was read (`format` names the accepted form).

    `is_iso` is True when the text was already ``YYYY-MM-DD``: nothing to normalise.
    """

    text: str
    date: dt.date
    format: str
    is_iso: bool

    @property
    def iso(self) -> str:
        """The date as ISO 8601 text, ``YYYY-MM-DD``."""
        return self.date.isoformat()

    def describe(self) -> str:
        """How the text was read, for a repair message: ``read as ROC year 113 → 2024-03-01``."""
        return f"found {self.text!r}, read as {self.format} → {self.iso}"


def parse_date(text: str) -> dt.date:
    """Read a date written in one of `ACCEPTED_FORMATS`.

    Impossible dates (30 February, month 13) and forms whose day/month order is not stated
    (``03/04/2024``) are refused with the reason, never guessed.

    Raises
    ------
    DateParseError
        Not in an accepted format, an impossible date, or an ambiguous one.

    >>> parse_date("113/03/01"), parse_date("民國113年3月1日"), parse_date("2024.03.01")
    (datetime.date(2024, 3, 1), datetime.date(2024, 3, 1), datetime.date(2024, 3, 1))
    """
    return read_date(text).date


def read_date(text: str) -> DateReading:
    """Like `parse_date`, also saying which format was read (for reports that show repairs)."""
    if not isinstance(text, str):
        raise DateParseError(
            str(text), "unrecognised", f"expected text, found {type(text).__name__}"
        )
    # NFKC turns full-width digits and slashes (１１３／０３／０１) into ASCII ones.
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
        date = _checked_date(text, year, month, day, "")
        return DateReading(text, date, "ISO 8601 (YYYY-MM-DD)", is_iso=cleaned == text)
    if match := _YEAR_FIRST.fullmatch(cleaned):
        year_text, separator, month_text, day_text = match.groups()
        year, month, day = int(year_text), int(month_text), int(day_text)
        date = _checked_date(text, year, month, day, "")
        return DateReading(text, date, f"year-month-day with {_SEPARATOR_NAMES[separator]}", False)
    if match := _CHINESE.fullmatch(cleaned):
        era, year_text, month_text, day_text = match.groups()
        month, day = int(month_text), int(day_text)
        if era:
            year = _roc_year(text, int(year_text))
            date = _checked_date(text, year, month, day, f"ROC year {int(year_text)} is {year}; ")
            return DateReading(text, date, f"ROC year {int(year_text)} (民國)", False)
        if len(year_text) != 4:
            raise DateParseError(
                text,
                "unrecognised",
                f"expected a four-digit year before 年, or 民國 before an ROC year, found "
                f"{year_text!r}; write 民國{year_text}年... for an ROC year",
            )
        date = _checked_date(text, int(year_text), month, day, "")
        return DateReading(text, date, "YYYY年M月D日", False)
    if match := _ROC_NUMERIC.fullmatch(cleaned):
        year_text, separator, month_text, day_text = match.groups()
        if len(year_text) == 2:
            raise DateParseError(
                text,
                "ambiguous",
                f"a two-digit first part ({year_text}) could be an ROC year "
                f"({ROC_EPOCH_OFFSET + int(year_text)}), a two-digit Gregorian year, or a day "
                f"or month; write the date as YYYY-MM-DD, or the ROC year with three digits "
                f"(0{year_text}{separator}{month_text}{separator}{day_text})",
            )
        year = _roc_year(text, int(year_text))
        date = _checked_date(
            text, year, int(month_text), int(day_text), f"ROC year {int(year_text)} is {year}; "
        )
        return DateReading(text, date, f"ROC year {int(year_text)}", False)
    if match := _YEAR_LAST.fullmatch(cleaned):
        first, _, second, year_text = match.groups()
        raise DateParseError(
            text, "ambiguous", _day_month_readings(int(first), int(second), int(year_text))
        )
    raise DateParseError(
        text, "unrecognised", f"expected one of the formats {'; '.join(ACCEPTED_FORMATS)}"
    )


def _roc_year(text: str, roc_year: int) -> int:
    if roc_year < 1:
        raise DateParseError(
            text, "impossible", f"expected an ROC year from 1 (1912), found {roc_year}"
        )
    return ROC_EPOCH_OFFSET + roc_year


def _checked_date(text: str, year: int, month: int, day: int, prefix: str) -> dt.date:
    """The date, or a DateParseError naming the part that cannot exist."""
    if year < 1:
        raise DateParseError(text, "impossible", f"{prefix}expected a year from 1, found {year}")
    if not 1 <= month <= 12:
        raise DateParseError(
            text, "impossible", f"{prefix}expected a month from 1 to 12, found {month}"
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        month_name = calendar.month_name[month]
        raise DateParseError(
            text,
            "impossible",
            f"{prefix}expected a day from 1 to {days} ({month_name} {year} has {days} days), "
            f"found {day}",
        )
    return dt.date(year, month, day)


def _day_month_readings(first: int, second: int, year: int) -> str:
    """Why NN/NN/YYYY is refused: both readings, or the one that exists."""
    advice = "write the date as YYYY-MM-DD"
    if year < 1:
        return f"expected a year from 1, found {year}; {advice}"
    readings = []
    for label, day, month in (("day/month", first, second), ("month/day", second, first)):
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            readings.append(f"as {label} it is {dt.date(year, month, day).isoformat()}")
    if len(readings) == 2 and first != second:
        return f"the order of day and month is not stated: {' and '.join(readings)}; {advice}"
    if readings:
        return (
            f"day-first and month-first forms are not read (the order is not stated); "
            f"{readings[0]}; {advice}"
        )
    return f"neither day/month nor month/day gives a real date in {year}; {advice}"
