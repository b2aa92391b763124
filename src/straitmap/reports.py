"""Measurement tables: per-incursion distances, distance matrices, path legs."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from straitmap.measure import (
    Distance,
    distances_to_geometry,
    inverse_many,
    nearest_feature,
    path_length,
    signed_distances_to_line,
    taiwan_main_island,
)
from straitmap.units import METRES_PER_NMI, UNIT_METRES


def incursion_distances(
    incursions: gpd.GeoDataFrame,
    land: gpd.GeoDataFrame,
    median_line: gpd.GeoDataFrame,
    bases: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """For each incursion point: distance to Taiwan's coast, side of and distance to the
    median line (+ east, − west), and the nearest US installation with its distance.

    Geodesic on WGS84 throughout; the coast is Natural Earth's 1:10m (display-simplified)
    outline of the main island, so coast distances carry its ~100 m precision.
    """
    lons = incursions.geometry.x.to_numpy()
    lats = incursions.geometry.y.to_numpy()
    coast = distances_to_geometry(lons, lats, taiwan_main_island(land).boundary)
    signed = signed_distances_to_line(lons, lats, median_line.geometry.iloc[0])
    index, metres = nearest_feature(lons, lats, bases)
    columns = [c for c in ("id", "date", "aircraft_type", "count", "zone") if c in incursions]
    table = pd.DataFrame(incursions[columns]).reset_index(drop=True)
    table["to_taiwan_coast_km"] = np.round(coast.metres / 1000.0, 1)
    table["to_taiwan_coast_nmi"] = np.round(coast.metres / METRES_PER_NMI, 1)
    table["median_line_side"] = np.where(signed >= 0, "east (Taiwan side)", "west")
    table["to_median_line_km"] = np.round(np.abs(signed) / 1000.0, 1)
    table["to_median_line_nmi"] = np.round(np.abs(signed) / METRES_PER_NMI, 1)
    table["nearest_us_installation"] = bases["name"].to_numpy()[index]
    table["to_installation_km"] = np.round(metres / 1000.0, 1)
    table["to_installation_nmi"] = np.round(metres / METRES_PER_NMI, 1)
    return table


def distance_matrix(
    rows: gpd.GeoDataFrame,
    row_names: Sequence[str],
    columns: gpd.GeoDataFrame,
    column_names: Sequence[str],
    unit: str = "km",
) -> pd.DataFrame:
    """Geodesic distances between named point features: rows × columns, in `unit`."""
    if unit not in UNIT_METRES:
        raise ValueError(f"unit should be one of {', '.join(UNIT_METRES)}, got {unit!r}")
    row_points = [rows.loc[rows["name"] == n].geometry.iloc[0] for n in row_names]
    col_points = [columns.loc[columns["name"] == n].geometry.iloc[0] for n in column_names]
    table = pd.DataFrame(index=list(row_names), columns=list(column_names), dtype=float)
    for name, point in zip(row_names, row_points, strict=True):
        metres, _, _ = inverse_many(
            [point.x] * len(col_points),
            [point.y] * len(col_points),
            [p.x for p in col_points],
            [p.y for p in col_points],
        )
        table.loc[name] = np.round(np.asarray(metres) / UNIT_METRES[unit], 1)
    return table


def path_legs(points: Sequence[tuple[float, float]]) -> tuple[Distance, pd.DataFrame]:
    """The total of a path ((lon, lat) points) and a table of its legs."""
    total, legs = path_length(points)
    table = pd.DataFrame(
        {
            "leg": range(1, len(legs) + 1),
            "from (lat, lon)": [f"{leg.start[1]:.4f}, {leg.start[0]:.4f}" for leg in legs],
            "to (lat, lon)": [f"{leg.end[1]:.4f}, {leg.end[0]:.4f}" for leg in legs],
            "km": [round(leg.distance.km, 2) for leg in legs],
            "nmi": [round(leg.distance.nmi, 2) for leg in legs],
            "bearing (° true)": [round(leg.bearing_deg, 1) for leg in legs],
        }
    )
    return total, table
