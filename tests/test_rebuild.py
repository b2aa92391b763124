"""The derived land and strait layers: rebuilt byte for byte from ../shared/data, and sane."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import nearest_points

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
GEODATA = REPO_ROOT / "geodata"
BUILD_DIR = GEODATA / "build"

GEOD = Geod(ellps="WGS84")

#: A point on each small island that must survive simplification: (name, lat, lon).
ISLANDS = [
    ("Kinmen", 24.44, 118.37),
    ("Matsu (Nangan)", 26.16, 119.95),
    ("Penghu (Magong)", 23.57, 119.58),
    ("Yonaguni", 24.47, 122.99),
    ("Lanyu (Orchid Island)", 22.05, 121.55),
    ("Pingtan", 25.50, 119.79),
]


def load_build_script(name: str) -> ModuleType:
    """Import geodata/build/<name>.py as a module (the scripts are not a package)."""
    module_name = f"_straitmap_build_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, BUILD_DIR / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def read_geometries(path: Path) -> list[tuple[dict[str, Any], Any]]:
    """(properties, shapely geometry) of every feature in a GeoJSON file."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"], shape(f["geometry"])) for f in collection["features"]]


def geodesic_area_km2(geometry: Any) -> float:
    """Area on the WGS84 ellipsoid, km²."""
    area, _ = GEOD.geometry_area_perimeter(geometry)
    return abs(area) / 1e6


@pytest.fixture(scope="module")
def land() -> Any:
    """The committed land layer as one geometry."""
    return shapely.union_all(
        [geometry for _, geometry in read_geometries(GEODATA / "land.geojson")]
    )


@pytest.fixture(scope="module")
def strait() -> Any:
    """The committed strait polygon."""
    features = read_geometries(GEODATA / "strait.geojson")
    assert len(features) == 1, f"strait.geojson should hold one feature, found {len(features)}"
    return features[0][1]


@pytest.fixture(scope="module")
def limits() -> dict[str, LineString]:
    """The committed north and south limit lines."""
    return {
        props["limit"]: geometry
        for props, geometry in read_geometries(GEODATA / "strait_limits.geojson")
    }


def test_build_land_reproduces_committed_file(natural_earth: Path, tmp_path: Path) -> None:
    out = tmp_path / "land.geojson"
    load_build_script("build_land").build_land(natural_earth, out)
    assert out.read_bytes() == (GEODATA / "land.geojson").read_bytes(), (
        "geodata/land.geojson differs from a rebuild: run python geodata/build/build_land.py"
    )


def test_build_strait_reproduces_committed_file(natural_earth: Path, tmp_path: Path) -> None:
    out = tmp_path / "strait.geojson"
    load_build_script("build_strait").build_strait(
        natural_earth, GEODATA / "strait_limits.geojson", out
    )
    assert out.read_bytes() == (GEODATA / "strait.geojson").read_bytes(), (
        "geodata/strait.geojson differs from a rebuild: run python geodata/build/build_strait.py"
    )


@pytest.mark.parametrize(
    ("lat", "lon"), [(lat, lon) for _, lat, lon in ISLANDS], ids=[name for name, _, _ in ISLANDS]
)
def test_small_island_survives_simplification(land: Any, lat: float, lon: float) -> None:
    point = Point(lon, lat)
    coast = nearest_points(point, land)[1]
    _, _, distance_m = GEOD.inv(lon, lat, coast.x, coast.y)
    assert distance_m <= 1000, (
        f"expected land within 1 km of {lat}N {lon}E, found {distance_m:.0f} m"
    )


def test_land_polygons_are_valid_and_counter_clockwise() -> None:
    features = read_geometries(GEODATA / "land.geojson")
    invalid = [p["id"] for p, g in features if not g.is_valid]
    clockwise = [p["id"] for p, g in features if not g.exterior.is_ccw]
    assert (invalid, clockwise) == ([], [])


def test_strait_does_not_overlap_land(strait: Any, land: Any) -> None:
    overlap_km2 = geodesic_area_km2(strait.intersection(land))
    assert overlap_km2 < 1e-4 * geodesic_area_km2(strait), (
        f"expected at most 0.01% of the strait on land, found {overlap_km2:.2f} km²"
    )


def test_strait_lies_between_limit_lines(strait: Any, limits: dict[str, LineString]) -> None:
    # The edge along a limit line is snapped to the 0.0001° grid; ~50 m inside it, the strait
    # must not reach across either line.
    interior = strait.buffer(-0.0005)
    assert not interior.intersects(limits["north"])
    assert not interior.intersects(limits["south"])
    # ...and it reaches both lines without leaking past their ends into the open sea.
    assert strait.distance(limits["north"]) < 1e-3
    assert strait.distance(limits["south"]) < 1e-3
    min_lon, min_lat, max_lon, max_lat = shapely.MultiLineString(list(limits.values())).bounds
    margin = 0.05
    frame = box(min_lon - margin, min_lat - margin, max_lon + margin, max_lat + margin)
    assert frame.contains(strait), f"strait bounds {strait.bounds} reach beyond {frame.bounds}"


def test_adiz_and_exercise_zones_rebuild_byte_for_byte(tmp_path: Path) -> None:
    """Published coordinates (and the Yonaguni arc computed from the land layer) → same files."""
    load_build_script("build_zones").main(["--out-dir", str(tmp_path)])
    for name in ("adiz.geojson", "pla_exercise_zones.geojson"):
        assert (tmp_path / name).read_bytes() == (GEODATA / name).read_bytes(), name


def test_build_map_labels_reproduces_committed_file(natural_earth: Path, tmp_path: Path) -> None:
    out = tmp_path / "map_labels.geojson"
    load_build_script("build_map_labels").build_map_labels(natural_earth, out)
    assert out.read_bytes() == (GEODATA / "map_labels.geojson").read_bytes(), (
        "geodata/map_labels.geojson differs from a rebuild: "
        "run python geodata/build/build_map_labels.py"
    )
