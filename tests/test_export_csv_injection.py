"""CSV exports never hand a spreadsheet a formula: not in a cell, not in a column name."""

from __future__ import annotations

import csv
import io

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from straitmap.export import to_csv_bytes

#: Text a spreadsheet would run (DESIGN §7): each of the six prefixes, and what the CSV holds.
FORMULAS = [
    pytest.param('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', id="equals"),
    pytest.param("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", id="plus"),
    pytest.param("-2+3", "'-2+3", id="minus"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
    pytest.param("\t=1+1", "'\t=1+1", id="tab"),
    pytest.param("\r=1+1", "'\r=1+1", id="carriage-return"),
]


def read_csv(data: bytes) -> list[list[str]]:
    """The exported CSV as rows of text (the header first), as a spreadsheet would read it."""
    assert data.startswith(b"\xef\xbb\xbf"), "expected a UTF-8 byte-order mark for spreadsheets"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(("name", "written"), FORMULAS)
def test_formula_like_column_names_are_neutralised(name: str, written: str) -> None:
    table = pd.DataFrame({"id": ["a"], name: ["plain"]})
    header, row = read_csv(to_csv_bytes(table))
    assert header == ["id", written]
    assert row == ["a", "plain"]


@pytest.mark.parametrize(("name", "written"), FORMULAS)
def test_formula_like_column_names_of_a_layer_are_neutralised(name: str, written: str) -> None:
    points = gpd.GeoDataFrame(
        {"id": ["p"], name: [1.5]}, geometry=[Point(121.5, 25.0)], crs="EPSG:4326"
    )
    header, row = read_csv(to_csv_bytes(points))
    assert header == ["id", written, "lat", "lon"]
    assert row == ["p", "1.5", "25.0", "121.5"]
    lines = gpd.GeoDataFrame(
        {name: ["x"]}, geometry=[LineString([(121, 25), (122, 26)])], crs="EPSG:4326"
    )
    header, _ = read_csv(to_csv_bytes(lines))
    assert header == [written, "wkt"]


@pytest.mark.parametrize(("value", "written"), FORMULAS)
def test_formula_like_cells_are_neutralised(value: str, written: str) -> None:
    table = pd.DataFrame({"name": [value, "Taipei 臺北"], "count": [-3, 4]})
    header, *rows = read_csv(to_csv_bytes(table))
    assert header == ["name", "count"]
    # Numbers stay numbers: a negative count (or longitude) is not a formula.
    assert rows == [[written, "-3"], ["Taipei 臺北", "4"]]


def test_a_column_name_that_is_not_text_is_written_safely() -> None:
    table = pd.DataFrame({-1: ["x"], 2: ["y"]})
    header, _ = read_csv(to_csv_bytes(table))
    assert header == ["'-1", "2"]


def test_the_frame_keeps_its_original_names_and_values() -> None:
    table = pd.DataFrame({"=bad": ["=HYPERLINK(1)"]})
    to_csv_bytes(table)
    assert list(table.columns) == ["=bad"]
    assert table["=bad"].tolist() == ["=HYPERLINK(1)"]
