"""Exports of filtered layers: formula-safe CSV and RFC 7946 GeoJSON, provenance columns kept."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import pandas as pd

from straitmap.geojson_text import DEFAULT_DECIMALS, dumps_feature_collection

#: A cell starting with one of these can run as a formula in a spreadsheet (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
COORDINATE_DECIMALS = DEFAULT_DECIMALS


def neutralize_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Numbers stay numbers (a negative longitude is not a formula); only strings change.

    >>> neutralize_formula("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralize_formula(-12.5)
    -12.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(frame: gpd.GeoDataFrame | pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM and CRLF rows, for spreadsheets) of a frame, formula-safe.

    Point layers get `lat` and `lon` columns; other geometries a `wkt` column.
    The input frame is not changed.
    """
    table = pd.DataFrame(frame).copy()
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in table.columns:
        geometry = frame.geometry
        table = table.drop(columns=frame.geometry.name)
        if len(geometry) and set(geometry.geom_type.dropna()) <= {"Point"}:
            table["lat"] = geometry.y.round(COORDINATE_DECIMALS)
            table["lon"] = geometry.x.round(COORDINATE_DECIMALS)
        else:
            table["wkt"] = geometry.to_wkt(rounding_precision=COORDINATE_DECIMALS)
    table.columns = [str(neutralize_formula(str(c))) for c in table.columns]
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(neutralize_formula)
    # CRLF rows (RFC 4180) make the csv writer quote a field holding a bare CR: unquoted,
    # a spreadsheet breaks the row there and "'\r=1+1" would start a new line with a formula.
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _json_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value


def to_geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """RFC 7946 GeoJSON of a frame: WGS84 lon/lat, at most 6 decimals, every property kept.

    Written by the one GeoJSON writer (`straitmap.geojson_text`): one feature per line, the
    frame's column order, a newline at the end; the same frame always gives the same bytes.
    """
    frame = frame.to_crs(4326) if frame.crs is not None and frame.crs.to_epsg() != 4326 else frame
    columns = [c for c in frame.columns if c != frame.geometry.name]
    records = pd.DataFrame(frame[columns]).to_dict("records")
    features = [
        {
            "type": "Feature",
            "properties": {str(k): _json_value(v) for k, v in properties.items()},
            "geometry": None if geometry is None else geometry.__geo_interface__,
        }
        for properties, geometry in zip(records, frame.geometry.array, strict=True)
    ]
    text = dumps_feature_collection(features, spacing="spaced", decimals=COORDINATE_DECIMALS)
    return text.encode("utf-8")
