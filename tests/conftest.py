"""Shared test set-up: library versions in the report header, the fixture folder and catalog."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session", autouse=True)
def _layer_cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI's validation cache (`straitmap.layer_cache`) writes under pytest's temporary
    folder, never into the user's ~/.cache: tests write only where they may."""
    os.environ["STRAITMAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("layer-cache"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """`tests/data/`: small hand-written fixtures, each described in its README.md."""
    return DATA_DIR


@pytest.fixture(scope="session")
def test_catalog() -> Catalog:
    """`tests/data/catalog.toml`: the `towns` (Point) and `zones` (Polygon) test layers."""
    return load_catalog(DATA_DIR / "catalog.toml")


SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_dataset(relative: str) -> Path:
    """A file or folder of the raw datasets in ../shared/data (DESIGN §2): a missing one
    fails the test in CI and skips it elsewhere, with the reason."""
    path = SHARED_DATA / relative
    if not path.exists():
        reason = (
            f"raw data {path} not found: this test needs ../shared/data beside the checkout "
            "(DESIGN §2)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def natural_earth() -> Path:
    """The raw Natural Earth folder in ../shared/data; fails in CI, skips elsewhere if missing."""
    return shared_dataset("natural-earth")
