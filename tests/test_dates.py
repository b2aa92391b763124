"""`straitmap.dates`: an explicit list of date formats, ROC years, and refusals with reasons."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from straitmap.dates import parse_date, read_date
from straitmap.errors import DateParseError, StraitmapError

MARCH_1_2024 = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "date", "reading"),
    [
        ("2024-03-01", MARCH_1_2024, "ISO 8601 (YYYY-MM-DD)"),
        ("2024/03/01", MARCH_1_2024, "year-month-day with slashes"),
        ("2024/3/1", MARCH_1_2024, "year-month-day with slashes"),
        ("2024.03.01", MARCH_1_2024, "year-month-day with dots"),
        ("113/03/01", MARCH_1_2024, "ROC year 113"),
        ("113-03-01", MARCH_1_2024, "ROC year 113"),
        ("113.3.1", MARCH_1_2024, "ROC year 113"),
        ("099/12/31", dt.date(2010, 12, 31), "ROC year 99"),
        ("民國113年3月1日", MARCH_1_2024, "ROC year 113 (民國)"),
        ("民國 113 年 03 月 01 日", MARCH_1_2024, "ROC year 113 (民國)"),
        ("2024年3月1日", MARCH_1_2024, "YYYY年M月D日"),
        ("１１３／０３／０１", MARCH_1_2024, "ROC year 113"),
        (" 2024-03-01 ", MARCH_1_2024, "ISO 8601 (YYYY-MM-DD)"),
        ("2024-02-29", dt.date(2024, 2, 29), "ISO 8601 (YYYY-MM-DD)"),
    ],
    ids=["iso", "slashes", "slashes-short", "dots", "roc-slashes", "roc-hyphens", "roc-dots",
         "roc-two-digit-padded", "minguo", "minguo-spaced", "chinese-gregorian", "full-width",
         "padded-iso", "leap-day"],
)  # fmt: skip
def test_accepted_formats(text: str, date: dt.date, reading: str) -> None:
    assert parse_date(text) == date
    result = read_date(text)
    assert result.format == reading
    assert result.iso == date.isoformat()
    assert result.is_iso == (text == date.isoformat())


def test_reading_describes_the_normalisation() -> None:
    assert (
        read_date("113/03/01").describe() == "found '113/03/01', read as ROC year 113 → 2024-03-01"
    )


@pytest.mark.parametrize(
    ("text", "problem", "reason"),
    [
        ("2024-02-30", "impossible",
         r"expected a day from 1 to 29 \(February 2024 has 29 days\), found 30$"),
        ("2023-02-29", "impossible", r"February 2023 has 28 days"),
        ("2024-13-01", "impossible", r"expected a month from 1 to 12, found 13$"),
        ("2024-00-10", "impossible", r"expected a month from 1 to 12, found 0$"),
        ("113/02/30", "impossible", r"^ROC year 113 is 2024; expected a day from 1 to 29"),
        ("民國113年4月31日", "impossible", r"April 2024 has 30 days"),
        ("000/01/01", "impossible", r"expected an ROC year from 1 \(1912\), found 0$"),
        ("0000-01-01", "impossible", r"expected a year from 1, found 0$"),
        ("03/04/2024", "ambiguous",
         r"^the order of day and month is not stated: as day/month it is 2024-04-03 and as "
         r"month/day it is 2024-03-04; write the date as YYYY-MM-DD$"),
        ("3-4-2024", "ambiguous", r"day/month it is 2024-04-03 and as month/day it is 2024-03-04"),
        ("13/04/2024", "ambiguous",
         r"order is not stated\); as day/month it is 2024-04-13; write the date as YYYY-MM-DD$"),
        ("31/31/2024", "ambiguous", r"neither day/month nor month/day gives a real date in 2024"),
        ("12/03/01", "ambiguous", r"could be an ROC year \(1923\), a two-digit Gregorian year"),
        ("99年1月1日", "unrecognised", r"expected a four-digit year before 年, or 民國"),
        ("20240301", "unrecognised", r"^expected one of the formats YYYY-MM-DD \(ISO 8601\); "),
        ("2024-03-01T06:00", "unrecognised", r"expected one of the formats"),
        ("", "unrecognised", r"expected one of the formats"),
        ("yesterday", "unrecognised", r"expected one of the formats"),
    ],
    ids=["feb-30", "feb-29-common-year", "month-13", "month-0", "roc-feb-30", "minguo-apr-31",
         "roc-year-0", "year-0", "day-month", "day-month-hyphens", "day-first-only",
         "neither", "two-digit-year", "chinese-two-digit-year", "basic-iso", "datetime", "empty",
         "word"],
)  # fmt: skip
def test_refused_with_the_reason(text: str, problem: str, reason: str) -> None:
    with pytest.raises(DateParseError, match=r"^cannot read .* as a date: ") as raised:
        parse_date(text)
    assert raised.value.problem == problem
    assert raised.value.text == text
    assert re.search(reason, raised.value.reason), raised.value.reason


def test_date_parse_error_is_a_straitmap_error_and_a_value_error() -> None:
    assert issubclass(DateParseError, StraitmapError)
    assert issubclass(DateParseError, ValueError)
