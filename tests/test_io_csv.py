"""CSV points through the one loader: column detection, rows refused with their number, schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from straitmap.catalog import Catalog
from straitmap.errors import ColumnDetectionError, InvalidContentError
from straitmap.io import LoadResult, load_bytes, load_file

TAIPEI_ROW = "Taipei,25.034,121.5645"


def load_csv(text: str, name: str = "points.csv", **options: Any) -> LoadResult:
    return load_bytes(text.encode("utf-8"), name, **options)


# --- finding the coordinate columns -------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        ("name,lat,lon", ("lat", "lon")),
        ("name,Latitude,Longitude", ("Latitude", "Longitude")),
        ("name,LAT,LNG", ("LAT", "LNG")),
        ("name,lat_deg,long_deg", ("lat_deg", "long_deg")),
        ("name,Latitude (°N),Longitude (°E)", ("Latitude (°N)", "Longitude (°E)")),
        ("name,latitude [WGS84],longitude [WGS84]", ("latitude [WGS84]", "longitude [WGS84]")),
        ("name,緯度,經度", ("緯度", "經度")),
        ("name,緯度(度),經度(度)", ("緯度(度)", "經度(度)")),
        ("name,y,x", ("y", "x")),
        ("name, lat , lon ", ("lat", "lon")),
    ],
    ids=["lat-lon", "words", "upper-lng", "units-suffix", "units-bracketed", "datum",
         "chinese", "chinese-units", "x-y", "padded"],
)  # fmt: skip
def test_coordinate_columns_found_by_name(header: str, columns: tuple[str, str]) -> None:
    result = load_csv(f"{header}\nTaipei,25.034,121.5645\n")
    assert result.coordinate_columns == columns
    assert result.frame.geometry.iloc[0].coords[0] == (121.5645, 25.034)
    assert list(result.frame.columns) == ["name", "geometry"]


@pytest.mark.parametrize(
    ("header", "message", "lat_candidates", "lon_candidates"),
    [
        ("name,lat,latitude,lon", r"cannot tell which column holds the latitude: 'lat', "
         r"'latitude' could both be; choose one with lat_column=", ("lat", "latitude"), ("lon",)),
        ("lat,lon,x,y", r"holds the latitude: 'lat', 'y' could both be.*holds the longitude: "
         r"'lon', 'x' could both be", ("lat", "y"), ("lon", "x")),
        ("name,start_lat,start_lon", r"expected a latitude column named lat, latitude, 緯度.*"
         r"columns that might hold it: 'start_lat'; name it with lat_column=",
         ("start_lat",), ("start_lon",)),
        ("name,north,east", r"found none; name it with lat_column=.*\(columns: 'name', 'north', "
         r"'east'\)$", (), ()),
        ("25.03,121.56,7", r"expected a header row naming the columns, found numbers in the "
         r"first row \('25\.03', '121\.56'\); add a header such as lat,lon", (), ()),
    ],
    ids=["two-latitudes", "lat-lon-and-x-y", "near-misses", "none", "no-header"],
)  # fmt: skip
def test_missing_or_ambiguous_columns_are_refused_with_the_candidates(
    header: str, message: str, lat_candidates: tuple[str, ...], lon_candidates: tuple[str, ...]
) -> None:
    with pytest.raises(ColumnDetectionError, match=message) as raised:
        load_csv(f"{header}\n1,2,3,4\n")
    assert raised.value.lat_candidates == lat_candidates
    assert raised.value.lon_candidates == lon_candidates
    assert isinstance(raised.value, InvalidContentError)  # so `validate` exits 1


def test_the_caller_chooses_among_candidates() -> None:
    result = load_csv("name,lat,latitude,lon\nTaipei,25.034,0,121.5645\n", lat_column="lat")
    frame = result.frame
    assert result.coordinate_columns == ("lat", "lon")
    assert frame["latitude"].tolist() == ["0"]
    assert frame.geometry.iloc[0].coords[0] == (121.5645, 25.034)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lat_column": "Lat"}, r"lat_column='Lat': expected one of the columns 'name', 'lat', "
         r"'lon', found no column of that name"),
        ({"lat_column": "lon", "lon_column": "lon"}, r"expected two different columns for "
         r"latitude and longitude, found 'lon' for both"),
    ],
    ids=["unknown-column", "same-column"],
)  # fmt: skip
def test_chosen_columns_are_checked(options: dict[str, str], message: str) -> None:
    with pytest.raises(ColumnDetectionError, match=message):
        load_csv(f"name,lat,lon\n{TAIPEI_ROW}\n", **options)


# --- rows ---------------------------------------------------------------------------------------

BAD_ROWS = [
    # (row text, message of the one issue, action)
    ("Nowhere,abc,121", r"^row 1 \(line 2\), field 'lat': expected a latitude in decimal degrees "
     r"\(a number such as 25\.03\), found 'abc'$", "refused"),
    ("Comma,\"25,03\",121.56", r"found '25,03'; a decimal comma\? write 25\.03$", "refused"),
    ("Hemisphere,25.03N,121.56", r"found '25\.03N'; write decimal degrees, negative for south",
     "refused"),
    ("Inf,25,inf", r"field 'lon': .*found 'inf'; not a finite number", "refused"),
    ("Overflow,25,1e999", r"found '1e999'; too large to be a number of degrees$", "refused"),
    ("Underscore,25,1_21", r"field 'lon': .*found '1_21'$", "refused"),
    ("Half,,121.5", r"field 'lat': .*found an empty cell$", "refused"),
    ("Swapped,121.5645,25.034", r"^row 1 \(line 2\), field 'lat': expected a latitude within ±90, "
     r"found latitude 121\.5645, longitude 25\.034; this looks swapped: 121\.5645 in column 'lat' "
     r"is not a latitude, .*it was not swapped$", "refused"),
    ("Metres,2771000,302000", r"look like projected coordinates \(metres or feet\)", "refused"),
    ("Far,-91,200", r"field 'lat': expected latitude within ±90 and longitude within ±180, "
     r"found latitude -91\.0, longitude 200\.0$", "refused"),
    ("Short,25", r"^row 1 \(line 2\): expected 3 cells \(as in the header\), found 2$", "refused"),
    ("Long,25,121,extra", r"expected 3 cells \(as in the header\), found 4$", "refused"),
    (",,", r"^row 1 \(line 2\): expected a row of values, found an empty row; left out$",
     "skipped"),
    ("NoPosition,,", r"expected a latitude and a longitude, found both cells empty", "skipped"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("row", "message", "action"),
    [case for case in BAD_ROWS],
    ids=[case[0].split(",")[0] or "empty" for case in BAD_ROWS],
)
def test_a_bad_row_is_refused_or_skipped_with_its_number(
    row: str, message: str, action: str
) -> None:
    report = load_csv(f"name,lat,lon\n{row}\n{TAIPEI_ROW}\n").report
    issues = [issue for issue in report.issues if issue.action != "noted"]
    assert len(issues) == 1, issues
    assert issues[0].action == action
    assert issues[0].feature_index == 0
    assert re.search(message, str(issues[0])), str(issues[0])
    assert (report.total, report.accepted) == (2, 1)
    assert report.accepted + report.refused_features + report.skipped_empty == report.total


def test_row_numbers_count_data_rows_and_lines_count_the_file() -> None:
    text = 'name,lat,lon\nA,25,121\n"two\nlines",25,121\nB,x,121\n'
    report = load_csv(text).report
    assert report.refused[0].location == "row 3 (line 5)"
    assert report.refused[0].feature_index == 2


@pytest.mark.parametrize(
    ("text", "name", "notice"),
    [
        ("name;lat;lon\nTaipei;25.034;121.5645\n", "p.csv", "semicolon-separated values"),
        ("name\tlat\tlon\nTaipei\t25.034\t121.5645\n", "p.csv", "tab-separated values"),
        ("name\tlat\tlon\nTaipei\t25.034\t121.5645\n", "p.tsv", "tab-separated values"),
        ("\ufeffname,lat,lon\nTaipei,25.034,121.5645\n", "p.csv", "a UTF-8 byte-order mark"),
        ("name,lat,lon\r\nTaipei,25.034,121.5645\r\n", "p.csv", "found 'lat' and 'lon'"),
    ],
    ids=["semicolon", "tab", "tsv", "bom", "crlf"],
)
def test_delimiters_bom_and_line_ends(text: str, name: str, notice: str) -> None:
    result = load_csv(text, name)
    report = result.report
    assert report.ok
    assert result.frame["name"].tolist() == ["Taipei"]
    assert any(notice in str(issue) for issue in report.notices), report.notices


def test_cells_are_kept_as_text_without_a_layer() -> None:
    text = 'id,name,lat,lon,population,note\n007,Taipei,25.034,121.5645,2470000,"a, b"\n'
    frame = load_csv(text).frame
    assert frame.iloc[0].drop("geometry").to_dict() == {
        "id": "007",
        "name": "Taipei",
        "population": "2470000",
        "note": "a, b",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"expected a header row naming the columns \(such as name,lat,lon\) on line 1, "
         r"found nothing$"),
        ("\nTaipei,25,121\n", r"found an empty line$"),
        ("lat,lat,lon\n1,2,3\n", r"expected unique column names in the header, found 'lat'"),
        ("name,lat,lon,geometry\nA,1,2,x\n", r"expected no column named 'geometry'"),
        ("name,lat,lon,\nA,1,2,x\n", r"found column 4 unnamed but not empty in row 1 \(line 2\)"),
        ('name,lat,lon\n"A,1,2\n', r"not valid CSV at line 2: unexpected end of data"),
        (b"name,lat,lon\nT\xe4,1,2\n".decode("latin-1"), None),
    ],
    ids=["empty", "blank-header", "duplicate-column", "geometry-column", "unnamed-column",
         "open-quote", "latin-1-is-fine-as-text"],
)  # fmt: skip
def test_unusable_csv_raises(text: str, message: str | None) -> None:
    if message is None:
        assert load_csv(text).report.ok
        return
    with pytest.raises(InvalidContentError, match=message):
        load_csv(text)


HEADER_ONLY = [
    ("header", "name,lat,lon\n", "nothing"),
    ("header-no-newline", "name,lat,lon", "nothing"),
    ("header-blank-lines", "name,lat,lon\n\n\n", "only empty lines"),
    ("header-empty-cells", "name,lat,lon\n,,\n", "only empty lines"),
]


@pytest.mark.parametrize(
    ("text", "under"), [case[1:] for case in HEADER_ONLY], ids=[case[0] for case in HEADER_ONLY]
)
def test_a_header_without_rows_is_not_usable(text: str, under: str) -> None:
    with pytest.raises(InvalidContentError) as raised:
        load_csv(text, "empty.csv")
    assert str(raised.value) == (
        f"empty.csv: no rows: the file has a header line and {under} under it; expected at "
        "least one data row (one point per row)"
    )


def test_validate_exits_1_on_a_header_without_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from straitmap.cli import main

    path = tmp_path / "empty.csv"
    path.write_text("name,lat,lon\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"error: {path}: no rows: the file has a header line and nothing under it; expected at "
        "least one data row (one point per row)\n"
    )
    assert main(["validate", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["usable"], report["exit_code"]) == (False, 1)
    assert "no rows: the file has a header line" in report["error"]


def test_not_utf8_csv_is_refused() -> None:
    with pytest.raises(InvalidContentError, match=r"expected UTF-8 text .*found byte 0xe4"):
        load_bytes(b"name,lat,lon\nT\xe4,1,2\n", "latin1.csv")


def test_a_trailing_delimiter_makes_an_empty_unnamed_column_that_is_ignored() -> None:
    frame = load_csv("name,lat,lon,\nTaipei,25.034,121.5645,\n").frame
    assert list(frame.columns) == ["name", "geometry"]


def test_input_format_overrides_the_name() -> None:
    result = load_bytes(f"name,lat,lon\n{TAIPEI_ROW}\n".encode(), "upload", input_format="csv")
    assert result.report.source_format == "csv"
    assert result.report.summary() == (
        "upload: 1 row: 1 accepted, 0 repaired, 0 refused, 0 skipped (empty rows or no coordinates)"
    )


# --- with a layer schema ------------------------------------------------------------------------

TOWN_HEADER = "id,name,source,source_url,precision,kind,population,capital,founded,lat,lon"
TOWN = "taipei,Taipei,s,https://example.org,exact,city"


@pytest.mark.parametrize(
    ("cells", "field", "value"),
    [
        ("2470000,true,2024-03-01", "founded", "2024-03-01"),
        ("2470000,TRUE,113/03/01", "founded", "2024-03-01"),
        ("2470000,False,民國113年3月1日", "capital", False),
        (" 2470000 ,true,", "population", 2470000),
        (",,", "population", None),
    ],
    ids=["iso", "roc", "minguo", "padded-int", "empty-optional"],
)
def test_cells_are_read_as_the_field_types(
    test_catalog: Catalog, cells: str, field: str, value: object
) -> None:
    text = f"{TOWN_HEADER}\n{TOWN},{cells},25.034,121.5645\n"
    result = load_csv(text, layer="towns", catalog=test_catalog)
    assert result.report.ok, result.report.refused
    cell = result.frame[field].iloc[0]
    assert (cell is None or cell is pd.NA) if value is None else cell == value


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("abc,true,", r"^row 1 \(line 2\), field 'population': expected an integer, "
         r"found 'abc'$"),
        ("1.5,true,", r"field 'population': expected an integer, found '1\.5'$"),
        ("1,yes,", r"field 'capital': expected true or false, found 'yes'$"),
        ("1,true,03/04/2024", r"field 'founded': expected a date, found '03/04/2024'; the order "
         r"of day and month is not stated: as day/month it is 2024-04-03 and as month/day it is "
         r"2024-03-04; write the date as YYYY-MM-DD$"),
        ("1,true,113/02/30", r"field 'founded': expected a date, found '113/02/30'; ROC year 113 "
         r"is 2024; expected a day from 1 to 29 \(February 2024 has 29 days\), found 30$"),
        ("1,true,2024-13-01", r"expected a month from 1 to 12, found 13$"),
    ],
    ids=["not-an-int", "float-for-int", "not-a-bool", "ambiguous-date", "impossible-roc-date",
         "impossible-iso-date"],
)  # fmt: skip
def test_cells_breaking_the_schema_are_refused_once_with_the_reason(
    test_catalog: Catalog, cells: str, message: str
) -> None:
    text = f"{TOWN_HEADER}\n{TOWN},{cells},25.034,121.5645\n"
    report = load_csv(text, layer="towns", catalog=test_catalog).report
    assert len(report.refused) == 1, report.refused
    assert re.search(message, str(report.refused[0])), str(report.refused[0])


def test_date_normalisation_is_reported_as_a_repair(test_catalog: Catalog) -> None:
    text = f"{TOWN_HEADER}\n{TOWN},1,true,113/03/01,25.034,121.5645\n"
    report = load_csv(text, layer="towns", catalog=test_catalog).report
    assert [str(issue) for issue in report.repaired] == [
        "row 1 (line 2), field 'founded': expected an ISO date (YYYY-MM-DD), found '113/03/01'; "
        "read as ROC year 113 → 2024-03-01"
    ]


def test_schema_checks_apply_to_csv_rows(test_catalog: Catalog) -> None:
    text = (
        f"{TOWN_HEADER}\n{TOWN},1,true,,25.034,121.5645\n{TOWN},1,true,,25.0,121.0\n"
        "honolulu,Honolulu,s,https://example.org,exact,city,1,true,,21.3069,-157.8583\n"
        "nokind,No kind,s,https://example.org,exact,,1,true,,25.0,121.0\n"
    )
    report = load_csv(text, layer="towns", catalog=test_catalog).report
    messages = [str(issue) for issue in report.refused]
    assert [issue.location for issue in report.refused] == [
        "row 2 (line 3)",
        "row 3 (line 4)",
        "row 4 (line 5)",
    ]
    assert (
        "expected an id unique in the layer, found 'taipei', already used by row 1 (line 2)"
        in (messages[0])
    )
    assert "expected a point inside the region" in messages[1]
    assert "field 'kind': expected a non-empty str (required)" in messages[2]


def test_incursions_csv_fits_the_bundled_schema(data_dir: Path) -> None:
    result = load_file(data_dir / "incursions.csv", "pla_incursions")
    assert result.report.ok
    assert result.frame["date"].tolist() == ["2022-08-01", "2022-08-02"]
    assert result.frame["count"].tolist() == [4, 4]
    assert result.frame["crossed_median_line"].tolist() == [False, False]


# --- MultiPoint incursions in GeoJSON -----------------------------------------------------------


def test_multipoint_incursions_are_exploded_and_reported(data_dir: Path) -> None:
    result = load_file(data_dir / "multipoint_incursions.geojson", "pla_incursions")
    report, frame = result.report, result.frame
    assert (report.total, report.accepted, report.exploded, len(frame)) == (2, 2, 1, 3)
    assert frame["id"].tolist() == ["t-1", "t-2-1", "t-2-2"]
    assert [point.coords[0] for point in frame.geometry] == [
        (118.0752, 22.6632),
        (118.2, 22.1),
        (118.6, 21.9),
    ]
    assert set(frame.geometry.geom_type) == {"Point"}
    assert frame["date"].tolist() == ["2022-08-01", "2022-08-02", "2022-08-02"]
    geometry_repairs = [issue for issue in report.repaired if issue.field == "geometry"]
    assert len(geometry_repairs) == 1
    assert "sums over rows count this feature 2 times" in str(geometry_repairs[0])


def test_multipoints_are_kept_whole_without_a_layer(data_dir: Path) -> None:
    result = load_file(data_dir / "multipoint_incursions.geojson")
    assert result.frame.geometry.geom_type.tolist() == ["Point", "MultiPoint"]
    assert result.report.exploded == 0
