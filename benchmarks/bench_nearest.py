"""Benchmark: nearest US installation and its exact geodesic distance for 1,000,000 points.

Goal ≤ 1.5 s on a 2-core machine (stretch ≤ 1.0 s). Prints the time, the brute-force time
(`Geod.inv` on every point × installation pair; measured on a subsample and extrapolated, or
in full when that takes under 60 s) and the ratio, and checks exactness against brute force on a
10,000-point sample (same index, distance within 1 mm). Run: `python benchmarks/bench_nearest.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import geopandas as gpd  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from straitmap.errors import StraitmapError  # noqa: E402
from straitmap.measure import GEOD, nearest_feature  # noqa: E402

POINTS = 1_000_000
RUNS = 5
SAMPLE = 10_000
BRUTE_SUBSAMPLE = 40_000
SEED = 20_240_516
#: Where incursions happen: the strait, around Taiwan and out to the Ryukyus.
BOX = (115.0, 18.0, 126.0, 30.0)


def installations() -> tuple[gpd.GeoDataFrame, str]:
    """The `us_bases_japan` layer when it loads, else 25 seeded points over Japan and Okinawa."""
    from straitmap import load_layer

    try:
        bases = load_layer("us_bases_japan")
        points = bases[bases.geometry.geom_type == "Point"]
        if len(points):
            return points, f"us_bases_japan layer ({len(points)} installations)"
    except StraitmapError as error:
        print(f"note: us_bases_japan not loaded ({error}); using synthetic installations")
    rng = np.random.default_rng(SEED)
    xy = np.column_stack([rng.uniform(123.0, 142.0, 25), rng.uniform(24.0, 40.0, 25)])
    frame = gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in xy], crs="EPSG:4326")
    return frame, "25 synthetic installations (seeded)"


def brute_force(
    lons: np.ndarray, lats: np.ndarray, bases: gpd.GeoDataFrame
) -> tuple[np.ndarray, np.ndarray]:
    xs = np.array([g.x for g in bases.geometry])
    ys = np.array([g.y for g in bases.geometry])
    n, k = len(lons), len(xs)
    metres = GEOD.inv(np.repeat(lons, k), np.repeat(lats, k), np.tile(xs, n), np.tile(ys, n))[2]
    table = np.asarray(metres).reshape(n, k)
    index = np.argmin(table, axis=1)
    return index, table[np.arange(n), index]


def run_benchmark() -> list[str]:
    """Run the benchmark and return its figures as printable lines."""
    bases, label = installations()
    rng = np.random.default_rng(SEED)
    lons = rng.uniform(BOX[0], BOX[2], POINTS)
    lats = rng.uniform(BOX[1], BOX[3], POINTS)
    nearest_feature(lons[:10_000], lats[:10_000], bases)  # warm up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        nearest_feature(lons, lats, bases)
        times.append(time.perf_counter() - start)
    index, metres = nearest_feature(lons, lats, bases)

    start = time.perf_counter()
    brute_force(lons[:BRUTE_SUBSAMPLE], lats[:BRUTE_SUBSAMPLE], bases)
    brute_sub = time.perf_counter() - start
    brute_estimate = brute_sub * POINTS / BRUTE_SUBSAMPLE
    if brute_estimate < 60:
        start = time.perf_counter()
        brute_force(lons, lats, bases)
        brute_total, how = time.perf_counter() - start, "measured in full"
    else:
        brute_total, how = brute_estimate, f"extrapolated from {BRUTE_SUBSAMPLE:,} points"

    sample = rng.choice(POINTS, SAMPLE, replace=False)
    ref_index, ref_metres = brute_force(lons[sample], lats[sample], bases)
    same_index = bool(np.array_equal(index[sample], ref_index))
    worst = float(np.max(np.abs(metres[sample] - ref_metres)))
    median = statistics.median(times)
    return [
        f"nearest installation, {POINTS:,} points × {label}, {os.cpu_count()} CPU(s):",
        f"  nearest_feature: median {median:.3f} s (min {min(times):.3f} s, n={RUNS}); "
        "goal ≤ 1.5 s, stretch ≤ 1.0 s",
        f"  brute force (Geod.inv on every pair): {brute_total:.2f} s ({how})",
        f"  ratio brute force / nearest_feature: {brute_total / median:.1f}×",
        f"  exact on a {SAMPLE:,}-point sample: same index {same_index}, "
        f"largest distance difference {worst * 1000:.6f} mm",
    ]


def main() -> int:
    for line in run_benchmark():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
