"""straitmap.points.category_counts and point_near: a filter's choices and a clicked point's
properties, checked against plain pandas and pyproj on the same rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from straitmap import points as sp
from straitmap.errors import PointQueryError
from tests.point_datasets import synthetic_points, write_dataset

WGS84 = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """3,000 AIS-like points."""
    return synthetic_points(3_000, seed=29)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory, frame: pd.DataFrame) -> Path:
    return write_dataset(tmp_path_factory.mktemp("datasets") / "ships", frame)


def test_category_counts_equal_pandas_most_frequent_first(
    dataset: Path, frame: pd.DataFrame
) -> None:
    counted = sp.category_counts(dataset, "kind")
    expected = frame["kind"].value_counts()
    assert dict(counted) == expected.to_dict()
    assert [n for _, n in counted] == sorted(expected.to_list(), reverse=True)


def test_category_counts_follow_the_query_and_count_blanks(
    dataset: Path, frame: pd.DataFrame
) -> None:
    query = sp.PointQuery(date_from=dt.date(2024, 6, 1), where={"kind": "tanker"})
    counted = dict(sp.category_counts(dataset, "flag", query))
    rows = frame[(frame["date"] >= dt.date(2024, 6, 1)) & (frame["kind"] == "tanker")]
    assert counted.pop(None) == int(rows["flag"].isna().sum())
    assert counted == rows["flag"].dropna().value_counts().to_dict()


def test_category_counts_stop_at_the_limit(dataset: Path) -> None:
    assert len(sp.category_counts(dataset, "kind", limit=2)) == 2


def test_category_counts_refuse_a_column_that_is_not_categorical(dataset: Path) -> None:
    with pytest.raises(PointQueryError, match=r"'speed_kn'.*expected a categorical column"):
        sp.category_counts(dataset, "speed_kn")


def _geodesic_metres(frame: pd.DataFrame, lon: float, lat: float) -> np.ndarray:
    n = len(frame)
    _, _, metres = WGS84.inv(np.full(n, lon), np.full(n, lat), frame["lon"], frame["lat"])
    return np.asarray(metres)


@pytest.mark.parametrize(
    ("row", "offset", "radius_m"), [(10, 0.001, 500.0), (700, 0.0, 50.0), (2_900, 0.02, 30_000.0)]
)
def test_point_near_is_the_geodesically_nearest_row_within_the_radius(
    dataset: Path, frame: pd.DataFrame, row: int, offset: float, radius_m: float
) -> None:
    lon, lat = frame["lon"].iloc[row] + offset, frame["lat"].iloc[row] - offset
    metres = _geodesic_metres(frame, lon, lat)
    near = sp.point_near(dataset, sp.PointQuery(), lon, lat, radius_m)
    assert near is not None
    best = frame.iloc[int(np.argmin(metres))]
    assert near.metres == pytest.approx(float(metres.min()), abs=1e-3)
    assert near.within == int((metres <= radius_m).sum())
    for column in ("lon", "lat", "kind", "vessel_id", "speed_kn", "date"):
        assert near.properties[column] == best[column], column
    assert "geometry" not in near.properties
    assert "bbox" not in near.properties


def test_point_near_keeps_the_query_filters(dataset: Path, frame: pd.DataFrame) -> None:
    lon, lat = 120.27, 22.61
    query = sp.PointQuery(where={"kind": "fishing"})
    near = sp.point_near(dataset, query, lon, lat, 20_000.0)
    assert near is not None
    assert near.properties["kind"] == "fishing"
    fishing = frame[frame["kind"] == "fishing"]
    assert near.metres == pytest.approx(float(_geodesic_metres(fishing, lon, lat).min()), abs=1e-3)


def test_point_near_is_none_when_nothing_lies_within_the_radius(dataset: Path) -> None:
    assert sp.point_near(dataset, sp.PointQuery(), 140.0, 40.0, 1_000.0) is None


@pytest.mark.parametrize(
    ("lon", "lat", "radius_m", "match"),
    [
        (200.0, 10.0, 10.0, "expected a position"),
        (120.0, 23.0, 0.0, "expected a radius above 0 m"),
        (120.0, float("nan"), 5.0, "expected a position"),
    ],
)
def test_point_near_refuses_a_bad_position_or_radius(
    dataset: Path, lon: float, lat: float, radius_m: float, match: str
) -> None:
    with pytest.raises(PointQueryError, match=match):
        sp.point_near(dataset, sp.PointQuery(), lon, lat, radius_m)
