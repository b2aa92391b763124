"""Uploads (issue 9): one honest limit, one parse, a report that names the file once."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import straitmap.io.csv_points
import straitmap.io.strict_json
from dashboard.upload import (
    UPLOAD_LABEL,
    UPLOAD_MAX_BYTES,
    UPLOAD_MAX_FEATURES,
    UPLOAD_MAX_MB,
    load_upload,
)
from straitmap.errors import ColumnDetectionError, InvalidContentError
from straitmap.region import REGION_BOUNDS

ROOT = Path(__file__).resolve().parents[1]

DATA_DIR = Path(__file__).resolve().parent / "data"
INCURSIONS = ROOT / "geodata" / "pla_incursions.geojson"


def typical_points(count: int, **dump: Any) -> bytes:
    """`count` points cycled from the bundled incursions (22 fields each), ids kept unique."""
    document = json.loads(INCURSIONS.read_text(encoding="utf-8"))
    bundled = document["features"]
    features = []
    for number in range(count):
        feature = bundled[number % len(bundled)]
        properties = {**feature["properties"], "id": f"{feature['properties']['id']}-{number}"}
        features.append({**feature, "properties": properties})
    return json.dumps({**document, "features": features}, ensure_ascii=False, **dump).encode()


# --- one limit, in one unit, everywhere --------------------------------------------------------


def test_the_byte_limit_is_one_figure_in_mb() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == UPLOAD_MAX_MB == 25
    assert UPLOAD_MAX_BYTES == UPLOAD_MAX_MB * 10**6  # MB as Streamlit's uploader counts it
    assert UPLOAD_LABEL == "Add a layer (up to 25 MB, 20,000 features)"
    assert UPLOAD_MAX_FEATURES == 20_000


def test_our_refusal_names_the_same_limit() -> None:
    with pytest.raises(InvalidContentError) as raised:
        load_upload(b" " * (UPLOAD_MAX_BYTES + 1), "big.geojson")
    message = str(raised.value)
    assert message == (
        "big.geojson: 25.1 MB (25,000,001 bytes), more than the limit of 25 MB "
        "(25,000,000 bytes); split the file or simplify its geometry"
    )
    assert set(re.findall(r"([\d.]+) MB\b", message)) == {"25.1", str(UPLOAD_MAX_MB)}
    assert "MiB" not in message


def test_a_file_at_the_byte_limit_is_read() -> None:
    data = typical_points(1)
    padded = data[:-1] + b" " * (UPLOAD_MAX_BYTES - len(data)) + data[-1:]
    assert len(padded) == UPLOAD_MAX_BYTES
    assert load_upload(padded, "exactly-25mb.geojson").report.accepted == 1


@pytest.mark.parametrize(
    "dump",
    [{"separators": (",", ":")}, {}, {"indent": 2}],
    ids=["compact", "json-dumps-default", "indented"],
)
def test_20000_typical_points_fit_under_the_byte_limit(dump: dict[str, Any]) -> None:
    # Measured: ~736, ~800 and ~1,009 bytes a point; GDAL writes ~891. The limit allows 1,250.
    assert len(typical_points(UPLOAD_MAX_FEATURES, **dump)) < UPLOAD_MAX_BYTES


def test_20000_typical_points_load_and_fit_as_incursions() -> None:
    upload = load_upload(typical_points(UPLOAD_MAX_FEATURES, indent=2), "20000.geojson")
    assert (upload.report.total, upload.report.accepted) == (20_000, 20_000)
    assert upload.fits_incursions


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b'{"type": "FeatureCollection", "features": [' + b",".join([b"{}"] * 20_001) + b"]}",
            "many.geojson",
            r"^many\.geojson: 20,001 features, more than the limit of 20,000; split the file$",
        ),
        (
            b"lat,lon\n" + b"25,121\n" * 20_001,
            "many.csv",
            r"^many\.csv: more than 20,000 data rows, the limit \(MAX_FEATURES\); split the file$",
        ),
    ],
    ids=["geojson", "csv"],
)
def test_one_feature_over_the_limit_is_refused(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InvalidContentError, match=message):
        load_upload(data, name)


@pytest.mark.app
def test_the_widget_shows_the_same_limit() -> None:
    def page() -> None:
        from dashboard import upload

        upload.uploader()

    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    (widget,) = at.get("file_uploader")
    assert widget.proto.label == UPLOAD_LABEL
    assert widget.proto.max_upload_size_mb == UPLOAD_MAX_MB


# --- parsed once -------------------------------------------------------------------------------


def counting(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


@pytest.mark.parametrize(
    ("fixture", "parser"),
    [
        ("multipoint_incursions.geojson", (straitmap.io.strict_json, "_parse_json")),
        ("incursions.csv", (straitmap.io.csv_points, "_csv_records")),
    ],
    ids=["geojson", "csv"],
)
def test_an_upload_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch, fixture: str, parser: tuple[ModuleType, str]
) -> None:
    calls = counting(monkeypatch, *parser)
    upload = load_upload((DATA_DIR / fixture).read_bytes(), fixture)
    assert len(calls) == 1
    assert upload.fits_incursions


def test_incursions_come_normalised() -> None:
    upload = load_upload((DATA_DIR / "incursions.csv").read_bytes(), "incursions.csv")
    assert upload.fits_incursions
    assert upload.incursions is not None
    assert upload.incursions["date"].tolist()[1] == "2022-08-02"  # 民國111年8月2日
    assert upload.frame["date"].tolist()[1] == "民國111年8月2日"  # the file's own text
    assert upload.incursions["count"].dtype.kind == "i"
    assert upload.incursions.attrs == {} == upload.frame.attrs


def test_multipoints_are_exploded_for_incursions() -> None:
    name = "multipoint_incursions.geojson"
    upload = load_upload((DATA_DIR / name).read_bytes(), name)
    assert upload.incursions is not None
    assert (len(upload.frame), len(upload.incursions)) == (2, 3)


def test_a_plain_file_does_not_fit_and_says_nothing_about_it() -> None:
    upload = load_upload((DATA_DIR / "valid_towns.geojson").read_bytes(), "valid_towns.geojson")
    assert not upload.fits_incursions
    assert upload.incursions is None
    assert upload.incursions_problem is None
    assert upload.incursions_report is not None
    assert not upload.incursions_report.ok


def test_a_file_meant_as_incursions_says_why_it_does_not_fit() -> None:
    with (DATA_DIR / "incursions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["count"] = "many"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode()
    upload = load_upload(data, "incursions.csv")
    assert not upload.fits_incursions
    assert upload.incursions_problem is not None
    assert re.match(
        r"row 1 \(line 2\), field 'count': expected an integer, found 'many'",
        upload.incursions_problem,
    )


# --- the report: the file named once, the region counted ---------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"{", "broken.geojson"),
        (b"\xff\xfe{}", "utf16.geojson"),
        (b'{"type": "FeatureCollection", "bbox": [NaN], "features": []}', "nan.geojson"),
        (b"[" * 100 + b"]" * 100, "deep.geojson"),
        (b'{"type": "FeatureCollection", "features": [' + b",".join([b"{}"] * 20_001) + b"]}",
         "many.geojson"),
        (b"lat,latitude,lon\n1,2,3\n", "ambiguous.csv"),
        (b" " * (UPLOAD_MAX_BYTES + 1), "big.geojson"),
    ],
    ids=["not-json", "utf16", "top-level-nan", "deep", "too-many", "ambiguous-columns", "too-big"],
)  # fmt: skip
def test_upload_errors_name_the_file_once(data: bytes, name: str) -> None:
    with pytest.raises(InvalidContentError) as raised:
        load_upload(data, name)
    assert str(raised.value).count(name) == 1, str(raised.value)
    assert str(raised.value).startswith(f"{name}: ")


def test_the_uploaders_error_shows_the_message_as_it_is() -> None:
    def page() -> None:
        from dashboard import upload

        class File:
            name = "many.geojson"

            def getvalue(self) -> bytes:
                return (
                    b'{"type": "FeatureCollection", "features": ['
                    + b",".join([b"{}"] * 20_001)
                    + b"]}"
                )

        upload._read(File(), None, None)

    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    assert [element.value for element in at.error] == [
        "many.geojson: 20,001 features, more than the limit of 20,000; split the file"
    ]


def test_ambiguous_columns_are_chosen_by_name() -> None:
    data = b"name,lat,latitude,lon\nTaipei,25.03,25.034,121.56\n"
    with pytest.raises(ColumnDetectionError) as raised:
        load_upload(data, "two.csv")
    assert raised.value.lat_candidates == ("lat", "latitude")
    upload = load_upload(data, "two.csv", lat_column="latitude", lon_column="lon")
    assert upload.frame.geometry.iloc[0].coords[0] == (121.56, 25.034)


def test_the_report_counts_features_outside_the_region() -> None:
    def feature(x: float, y: float) -> dict[str, Any]:
        return {"type": "Feature", "properties": {},
                "geometry": {"type": "Point", "coordinates": [x, y]}}  # fmt: skip

    track = {"type": "Feature", "properties": {},
             "geometry": {"type": "LineString", "coordinates": [[145, 30], [155, 30]]}}  # fmt: skip
    data = json.dumps(
        {"type": "FeatureCollection",
         "features": [feature(121.5, 25.0), feature(-157.86, 21.31), feature(2.35, 48.86), track]}
    ).encode()  # fmt: skip
    upload = load_upload(data, "world.geojson")
    report = upload.report
    assert (report.accepted, report.outside_region, report.partly_outside_region) == (4, 2, 1)
    assert len(upload.frame) == 4  # counted and said, never refused
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    assert report.summary() == (
        "world.geojson: 4 features: 4 accepted, 0 repaired, 0 refused, 0 skipped (empty "
        f"geometry); 2 features outside the map's region ({min_lon:g}–{max_lon:g}°E, "
        f"{min_lat:g}–{max_lat:g}°N) and 1 partly outside, kept (not refused)"
    )


def test_csv_rows_outside_the_region_are_counted_as_rows() -> None:
    upload = load_upload(b"name,lat,lon\nTaipei,25.03,121.56\nParis,48.86,2.35\n", "two.csv")
    assert upload.report.summary().endswith(
        "; 1 row outside the map's region (100–150°E, 0–46°N), kept (not refused)"
    )


def test_a_file_over_the_limit_is_told_to_run_straitmap_ingest() -> None:
    def page() -> None:
        from dashboard import upload

        class File:
            name = "many.csv"

            def getvalue(self) -> bytes:
                return b"lat,lon\n" + b"25,121\n" * 20_001

        upload._read(File(), None, None)

    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    assert [e.value for e in at.error] == [
        "many.csv: more than 20,000 data rows, the limit (MAX_FEATURES); split the file"
    ]
    (hint,) = (i.value for i in at.info)
    assert "`straitmap ingest FILE --name NAME`" in hint


def test_a_refusal_below_the_limits_gives_no_ingest_hint() -> None:
    def page() -> None:
        from dashboard import upload

        class File:
            name = "broken.geojson"

            def getvalue(self) -> bytes:
                return b"{not json"

        upload._read(File(), None, None)

    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    assert len(at.error) == 1
    assert list(at.info) == []
