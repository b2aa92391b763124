"""Exports: CSV cells never run as formulas, GeoJSON stays RFC 7946, provenance is kept."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from straitmap.export import neutralize_formula, to_csv_bytes, to_geojson_bytes
from straitmap.geojson_text import dumps_feature_collection


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("J-16", "J-16"),
        (-121.5, -121.5),
        (None, None),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "cr", "inner-dash", "number", "none"],
)
def test_formula_cells_are_neutralised(value: object, expected: object) -> None:
    assert neutralize_formula(value) == expected


def points() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["a", "b"],
            "name": ['=HYPERLINK("http://x")', "Taipei 臺北"],
            "source": ["MND", "Natural Earth"],
            "source_url": ["https://example.org/a", "https://example.org/b"],
            "precision": ["~1 km", "exact"],
            "count": [4, 2],
        },
        geometry=[Point(121.5654321987, 25.0329), Point(120.3, 22.6)],
        crs=4326,
    )


def test_csv_is_formula_safe_and_keeps_provenance() -> None:
    frame = points()
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["name"] == "Taipei 臺北"
    assert {"source", "source_url", "precision", "lat", "lon"} <= set(rows[0])
    assert rows[0]["lon"] == "121.565432"
    assert frame.loc[0, "name"].startswith("="), "the caller's frame is unchanged"


def test_csv_of_lines_carries_wkt() -> None:
    lines = gpd.GeoDataFrame({"id": ["l"]}, geometry=[LineString([(120, 23), (121, 24)])], crs=4326)
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(lines).decode("utf-8-sig"))))
    assert rows[0]["wkt"].startswith("LINESTRING")


def test_geojson_is_rfc7946() -> None:
    document = json.loads(to_geojson_bytes(points()))
    assert document["type"] == "FeatureCollection"
    first = document["features"][0]
    assert first["geometry"]["coordinates"] == [121.565432, 25.0329]
    assert first["properties"]["name"].startswith("="), "GeoJSON keeps the original text"
    assert first["properties"]["count"] == 4
    assert "crs" not in document


# --- the one GeoJSON writer ---------------------------------------------------------------------

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


@pytest.mark.parametrize(
    "path", sorted(GEODATA.glob("*.geojson")), ids=lambda p: p.name.removesuffix(".geojson")
)
def test_writer_reproduces_every_committed_layer(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    spacing = "compact" if text.startswith('{"type":"') else "spaced"
    features = json.loads(text)["features"]
    assert dumps_feature_collection(features, spacing=spacing) == text


def test_geojson_export_is_byte_stable_one_feature_per_line() -> None:
    data = to_geojson_bytes(points())
    assert data == to_geojson_bytes(points())
    lines = data.decode("utf-8").split("\n")
    assert lines[0] == '{"type": "FeatureCollection", "features": ['
    assert [json.loads(line.rstrip(","))["properties"]["id"] for line in lines[1:3]] == ["a", "b"]
    assert lines[3:] == ["]}", ""], "closed on its own line, with a newline at the end"


def test_writer_rounds_coordinates_only_and_refuses_nan() -> None:
    feature = {
        "type": "Feature",
        "properties": {"length_km": 1.23456789},
        "geometry": {"type": "LineString", "coordinates": [(120.123456789, 23), (121.5, 24.0)]},
    }
    (line,) = dumps_feature_collection([feature], spacing="compact", decimals=3).splitlines()[1:2]
    assert json.loads(line) == {
        "type": "Feature",
        "properties": {"length_km": 1.23456789},
        "geometry": {"type": "LineString", "coordinates": [[120.123, 23], [121.5, 24.0]]},
    }
    assert dumps_feature_collection([]) == '{"type": "FeatureCollection", "features": []}\n'
    with pytest.raises(ValueError, match="Out of range float values"):
        dumps_feature_collection([{**feature, "properties": {"x": float("nan")}}])
