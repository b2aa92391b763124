"""Property-based tests of the loader: any input gives a consistent report or a StraitmapError."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from straitmap.catalog import Catalog, load_catalog
from straitmap.errors import InvalidContentError, StraitmapError
from straitmap.io import LoadResult, load_bytes

from .conftest import DATA_DIR

# Deterministic for CI (derandomize, no example database) and fast: ~200 cases per property.
LOADER = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TEST_CATALOG: Catalog = load_catalog(DATA_DIR / "catalog.toml")

# --- strategies ---------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "", "{{7*7}}", "\u0000", "\ud7ff"]),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=6), children, max_size=4),
    ),
    max_leaves=20,
)
numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-200, max_value=200),
    st.integers(min_value=-(10**30), max_value=10**30),
)
positions = st.one_of(
    st.lists(numbers, min_size=2, max_size=3),
    st.lists(json_values, max_size=3),  # wrong types, wrong lengths
    json_values,
)
coordinates = st.recursive(positions, lambda inner: st.lists(inner, max_size=4), max_leaves=12)
geometry_types = st.sampled_from(
    ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
     "GeometryCollection", "Pointe", ""]
)  # fmt: skip
geometries = st.one_of(
    st.none(),
    st.fixed_dictionaries({"type": geometry_types, "coordinates": coordinates}),
    st.fixed_dictionaries(
        {
            "type": st.just("GeometryCollection"),
            "geometries": st.lists(
                st.fixed_dictionaries({"type": geometry_types, "coordinates": coordinates}),
                max_size=3,
            ),
        }
    ),
    json_values,
)
properties = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["id", "name", "founded", "population", "kind", "source", "x"]),
        json_values,
        max_size=5,
    ),
    json_values,
)
features = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("Feature"), "properties": properties, "geometry": geometries}
    ),
    json_values,
)
collections = st.fixed_dictionaries(
    {"type": st.sampled_from(["FeatureCollection", "FeatureCollection", "Feature", "x"]),
     "features": st.one_of(st.lists(features, max_size=6), json_values)}
)  # fmt: skip


def load_or_refuse(data: bytes, name: str, layer: str | None = None) -> LoadResult | None:
    """Load, returning None for a StraitmapError; any other exception fails the test."""
    try:
        return load_bytes(data, name, layer, catalog=TEST_CATALOG if layer else None)
    except StraitmapError:
        return None


def assert_consistent(result: LoadResult | None, features: int | None) -> None:
    if result is None:
        return
    report = result.report
    assert report.accepted + report.refused_features + report.skipped_empty == report.total
    if features is not None:
        assert report.total == features
    assert len(result.frame) == report.accepted + report.exploded
    assert report.ok == (not report.refused)
    report.to_dict()
    report.summary()


def feature_count(document: Any) -> int | None:
    if isinstance(document, dict) and isinstance(document.get("features"), list):
        return len(document["features"])
    return None


# --- never anything but a LoadResult or a StraitmapError ----------------------------------------


@LOADER
@given(document=json_values)
def test_any_json_document(document: Any) -> None:
    data = json.dumps(document).encode()
    assert_consistent(load_or_refuse(data, "random.geojson"), feature_count(document))


@LOADER
@given(document=collections, layer=st.sampled_from([None, "towns", "zones"]))
def test_any_feature_collection(document: dict[str, Any], layer: str | None) -> None:
    data = json.dumps(document).encode()
    assert_consistent(load_or_refuse(data, "random.geojson", layer), feature_count(document))


@LOADER
@given(
    document=collections,
    token=st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"[" * 80, b"\xff"]),
    where=st.integers(min_value=0),
)
def test_hostile_tokens_spliced_into_a_collection(
    document: dict[str, Any], token: bytes, where: int
) -> None:
    data = json.dumps(document).encode()
    cut = where % (len(data) + 1)
    assert_consistent(load_or_refuse(data[:cut] + token + data[cut:], "spliced.geojson"), None)


@LOADER
@given(
    text=st.text(max_size=300),
    name=st.sampled_from(["upload.csv", "upload.tsv"]),
    layer=st.sampled_from([None, "towns"]),
)
def test_any_text_as_csv(text: str, name: str, layer: str | None) -> None:
    assert_consistent(load_or_refuse(text.encode("utf-8"), name, layer), None)


@LOADER
@given(
    rows=st.lists(
        st.lists(
            st.one_of(numbers.map(str), st.sampled_from(["", "NaN", "1e999", "25,03", " "])),
            min_size=0,
            max_size=4,
        ),
        max_size=8,
    )
)
def test_any_rows_under_a_coordinate_header(rows: list[list[str]]) -> None:
    text = "name,lat,lon\n" + "".join(",".join(row) + "\n" for row in rows)
    if not any(cell.strip() for row in rows for cell in row):
        with pytest.raises(
            InvalidContentError, match=r"^rows\.csv: no rows: the file has a header"
        ):
            load_bytes(text.encode(), "rows.csv")
        return
    result = load_or_refuse(text.encode(), "rows.csv")
    assert result is not None  # the header is fine and a row holds data: every row gets an outcome
    assert_consistent(result, len(rows))


# --- valid input is accepted unchanged ----------------------------------------------------------

longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
names = st.text(max_size=20)


@LOADER
@given(points=st.lists(st.tuples(longitudes, latitudes, names), max_size=10))
def test_valid_points_are_accepted_with_unchanged_coordinates(
    points: list[tuple[float, float, str]],
) -> None:
    document = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": name},
             "geometry": {"type": "Point", "coordinates": [lon, lat]}}
            for lon, lat, name in points
        ],
    }  # fmt: skip
    result = load_bytes(json.dumps(document).encode(), "points.geojson")
    assert result.report.ok
    assert result.report.accepted == len(points)
    assert [point.coords[0] for point in result.frame.geometry] == [
        (lon, lat) for lon, lat, _ in points
    ]
    if points:
        assert result.frame["name"].tolist() == [name for _, _, name in points]


@LOADER
@given(
    points=st.lists(st.tuples(longitudes, latitudes, names), max_size=10),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
def test_csv_round_trip_of_valid_points(
    points: list[tuple[float, float, str]], delimiter: str
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)  # "\r\n" ends lines: "\r" in a cell is quoted
    writer.writerow(["name", "lat", "lon"])
    writer.writerows([[name, repr(lat), repr(lon)] for lon, lat, name in points])
    if not points:  # a header alone is nothing usable
        with pytest.raises(InvalidContentError, match=r"^points\.csv: no rows"):
            load_bytes(buffer.getvalue().encode(), "points.csv")
        return
    result = load_bytes(buffer.getvalue().encode(), "points.csv")
    report = result.report
    assert report.ok, report.refused
    assert report.accepted == len(points)
    assert [point.coords[0] for point in result.frame.geometry] == [
        (lon, lat) for lon, lat, _ in points
    ]
    if points:
        # An empty cell is a missing value (null); every other text comes back exactly.
        assert result.frame["name"].fillna("").tolist() == [name for _, _, name in points]


@pytest.mark.parametrize("value", [math.pi, -0.0, 1e-300, 89.999999999999], ids=repr)
def test_csv_coordinates_keep_every_digit(value: float) -> None:
    data = f"name,lat,lon\nx,{value!r},{value!r}\n".encode()
    assert load_bytes(data, "digits.csv").frame.geometry.iloc[0].coords[0] == (value, value)
