"""`distances_to_geometry` equals a brute force over densely sampled geodesic segments."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pyproj
import pytest
import shapely

from straitmap import load_layer
from straitmap import measure as m

GEOD = pyproj.Geod(ellps="WGS84")
#: Samples along each segment's geodesic at most this far apart (m), its ends included.
SPACING_M = 50.0
SEED = 13


def geodesic_samples(geometry: Any) -> np.ndarray:
    """Points (lon, lat) along every segment's geodesic, at most SPACING_M apart."""
    coords = shapely.get_coordinates(geometry)
    samples = [coords]
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords):
        az, _, length = GEOD.inv(lon1, lat1, lon2, lat2)
        steps = int(np.ceil(length / SPACING_M))
        if steps > 1:
            along = np.linspace(0.0, length, steps + 1)[1:-1]
            lons, lats, _ = GEOD.fwd(
                np.full(along.size, lon1), np.full(along.size, lat1), np.full(along.size, az), along
            )
            samples.append(np.column_stack([lons, lats]))
    return np.vstack(samples)


def brute_force(lons: np.ndarray, lats: np.ndarray, samples: np.ndarray) -> np.ndarray:
    """The geodesic distance (m) from each point to its nearest sample: GEOD.inv to every one."""
    best = np.empty(lons.size)
    for i, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
        n = len(samples)
        best[i] = np.min(
            GEOD.inv(np.full(n, lon), np.full(n, lat), samples[:, 0], samples[:, 1])[2]
        )
    return best


def random_points(rng: np.random.Generator, island: Any) -> tuple[np.ndarray, np.ndarray]:
    """Far across the region, around Taiwan, on its land, and within metres of its coast."""
    far = np.column_stack([rng.uniform(100.0, 150.0, 80), rng.uniform(0.0, 46.0, 80)])
    around = np.column_stack([rng.uniform(118.5, 123.5, 80), rng.uniform(20.5, 27.0, 80)])
    west, south, east, north = island.bounds
    box = np.column_stack([rng.uniform(west, east, 400), rng.uniform(south, north, 400)])
    on_land = box[shapely.contains_xy(island, box[:, 0], box[:, 1])][:60]
    vertices = shapely.get_coordinates(island.exterior)
    picked = vertices[rng.choice(len(vertices) - 1, 60, replace=False)]
    near_coast = picked + rng.normal(0.0, 0.002, picked.shape)
    points = np.vstack([far, around, on_land, near_coast, picked[:10]])
    return points[:, 0], points[:, 1]


@pytest.fixture(scope="module")
def taiwan() -> Any:
    return m.taiwan_main_island(load_layer("land"))


def assert_agrees(lons: np.ndarray, lats: np.ndarray, geometry: Any) -> None:
    """Within the sampling error: the brute force is never nearer than the geometry, and
    never farther than half the spacing (or, off the line, Pythagoras over that half)."""
    found = m.distances_to_geometry(lons, lats, geometry)
    reference = brute_force(lons, lats, geodesic_samples(geometry))
    half = SPACING_M / 2.0
    slack = np.minimum(half, half * half / np.maximum(reference - half, 1.0)) + 1e-6
    assert np.all(found.metres <= reference + 1e-6)
    assert np.all(found.metres >= reference - slack)
    to_nearest = GEOD.inv(lons, lats, found.nearest_lon, found.nearest_lat)[2]
    np.testing.assert_allclose(to_nearest, found.metres, rtol=0, atol=1e-6)


def test_distances_to_taiwan_coast_equal_a_brute_force(taiwan: Any) -> None:
    lons, lats = random_points(np.random.default_rng(SEED), taiwan)
    assert lons.size > 280
    assert_agrees(lons, lats, taiwan.boundary)


def test_distances_to_the_median_line_equal_a_brute_force() -> None:
    """One 600 km segment: the search along it, not the candidate pruning, is what counts."""
    median = load_layer("median_line").geometry.iloc[0]
    rng = np.random.default_rng(SEED + 1)
    lons, lats = rng.uniform(112.0, 128.0, 150), rng.uniform(17.0, 33.0, 150)
    assert_agrees(lons, lats, median)
