"""The GeoDataFrame built from checked features: exact column dtypes, counts outside the region."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from straitmap.region import REGION_BOUNDS


def outside_region(geometries: Sequence[shapely.Geometry]) -> tuple[int, int]:
    """How many geometries lie wholly outside `REGION_BOUNDS`, and how many partly."""
    if not geometries:
        return 0, 0
    region = shapely.box(*REGION_BOUNDS)
    shapely.prepare(region)
    array = np.asarray(geometries, dtype=object)
    inside = shapely.covers(region, array)
    touching = shapely.intersects(region, array)
    return int((~touching).sum()), int((touching & ~inside).sum())


def build_frame(
    rows: Sequence[Mapping[str, Any]], geometries: Sequence[shapely.Geometry]
) -> gpd.GeoDataFrame:
    """A GeoDataFrame (EPSG:4326) of the checked rows, one column per property name seen."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    index = pd.RangeIndex(len(rows))
    columns = {name: _column([row.get(name) for row in rows], index) for name in names}
    return gpd.GeoDataFrame(
        pd.DataFrame(columns, index=index),
        geometry=gpd.GeoSeries(list(geometries), index=index, crs="EPSG:4326"),
    )


def _column(values: list[Any], index: pd.RangeIndex) -> pd.Series:
    """A column that keeps every value exactly: nullable dtypes where values are missing."""
    present = [value for value in values if value is not None]
    missing = len(present) < len(values)
    dtype: str = "object"
    if not present:
        dtype = "object"
    elif all(type(value) is bool for value in present):
        dtype = "boolean" if missing else "bool"
    elif all(type(value) is int and -(2**63) <= value < 2**63 for value in present):
        dtype = "Int64" if missing else "int64"
    elif all(
        type(value) is float or (type(value) is int and abs(value) <= 2**53) for value in present
    ):
        dtype = "float64"
    elif all(type(value) is str for value in present):
        return pd.Series(values, index=index)
    return pd.Series(values, index=index, dtype=dtype)
