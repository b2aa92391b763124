"""Shared test set-up: library versions in the report header, the fixture folder and catalog."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from straitmap.catalog import Catalog, load_catalog

DATA_DIR = Path(__file__).resolve().parent / "data"
_REPORTED_PACKAGES = ("geopandas", "shapely", "pyproj", "folium", "streamlit")


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Name the geospatial stack the tests ran against, as shapely's test suite does."""
    versions = []
    for name in _REPORTED_PACKAGES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return ["straitmap stack: " + ", ".join(versions)]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """`tests/data/`: small hand-written fixtures, each described in its README.md."""
    return DATA_DIR


@pytest.fixture(scope="session")
def test_catalog() -> Catalog:
    """`tests/data/catalog.toml`: the `towns` (Point) and `zones` (Polygon) test layers."""
    return load_catalog(DATA_DIR / "catalog.toml")
