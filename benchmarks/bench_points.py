"""Benchmark: filter + aggregate a map viewport of a 10**6-point dataset, beside geopandas.

A seeded synthetic AIS-like file (`benchmarks/synthetic_points.py`: hot spots at ports and in
the strait) becomes a dataset in a temporary folder (with `straitmap.datasets.ingest` when it
is there, else the documented format written with pyarrow). For three viewports (the opening
view at zoom 7, a strait close-up at zoom 10, a harbour at zoom 12) `straitmap.points` counts
the matching points and aggregates them into the zoom's cells by vessel type (DuckDB, warm:
median of RUNS), and says how many row groups (and bytes) DuckDB read; the baseline reads the
whole GeoParquet with `geopandas.read_parquet`, filters by the same bounds and counts the same
cells with pandas. Goal: ≤ 1.5 s on the server for filter + aggregate + render at 10**6 points,
≤ 3 s at 10**7 (this measures filter + aggregate; the render is in `bench_dataset_map.py`).
`make bench` runs 10**6 here and 10**7 through `bench_ten_million.py` (one baseline run each).
Run: `python benchmarks/bench_points.py [--points N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from straitmap import points as sp  # noqa: E402

POINTS = 1_000_000
SEED = 13
RUNS = 5
BASELINE_RUNS = 3
GOAL_S = 1.5
GOAL_10M_S = 3.0
ROW_GROUP_ROWS = 131_072
MEASURE_POINTS = 100_000
#: points/s of `points.measure_points` before the faster engine (commit 7ab00b7: spherical
#: candidate search over every segment + a 64-step golden section on each kept one), on
#: 20,000 of these synthetic points, 2-core machine, measured beside the new one in one run.
MEASURE_BEFORE = {"coast": 467.0, "median_line": 5_554.0, "us_bases_japan": 88_312.0}
#: (label, zoom, bounds W,S,E,N): a 1280×720 map at that zoom.
VIEWPORTS = (
    ("opening view, zoom 7", 7, (112.9, 20.2, 127.0, 27.8)),
    ("strait close-up, zoom 10", 10, (119.0, 23.9, 120.76, 24.85)),
    ("Kaohsiung harbour, zoom 12", 12, (120.05, 22.48, 120.49, 22.73)),
)
BY = "vessel_type"


def _timed(run: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _synthetic_csv(path: Path, points: int) -> Path:
    """The synthetic AIS-like CSV (`benchmarks/synthetic_points.py`, or the tests' points)."""
    try:
        from benchmarks.synthetic_points import write_csv
    except ImportError:
        from tests.point_datasets import synthetic_points

        frame = synthetic_points(points, SEED).rename(columns={"kind": "vessel_type"})
        frame.to_csv(path, index=False)
        return path
    return write_csv(path, points, SEED)


def build_dataset(folder: Path, points: int) -> tuple[Path, str, float]:
    """The synthetic points as a dataset in `folder`: its path, how it was made, seconds."""
    csv = _synthetic_csv(folder / "ais.csv", points)
    start = time.perf_counter()
    try:
        from straitmap import datasets
    except ImportError:
        datasets = None  # type: ignore[assignment]
    if datasets is not None and hasattr(datasets, "ingest"):
        before = os.environ.get(sp.DATA_ENV_VAR)
        os.environ[sp.DATA_ENV_VAR] = str(folder / "data")
        try:
            datasets.ingest([csv], "ais")
        finally:
            if before is None:
                os.environ.pop(sp.DATA_ENV_VAR, None)
            else:
                os.environ[sp.DATA_ENV_VAR] = before
        path = folder / "data" / "datasets" / "ais"
        how = "straitmap.datasets.ingest"
    else:
        import pyarrow.csv as pacsv

        from tests.point_datasets import write_dataset

        table = pacsv.read_csv(csv)
        path = write_dataset(folder / "ais", table, row_group_rows=ROW_GROUP_ROWS)
        how = "pyarrow, documented format (no straitmap.datasets.ingest yet)"
    return path, how, time.perf_counter() - start


def goal_seconds(points: int) -> float:
    """The issue's server goal for filter + aggregate + render: 1.5 s to 10**6, 3 s at 10**7."""
    return GOAL_S if points <= 1_000_000 else GOAL_10M_S


def filter_and_aggregate(path: Path, zoom: int, bounds: sp.Bounds) -> tuple[int, int]:
    """straitmap.points: the count and the cells by vessel type."""
    query = sp.PointQuery(bounds=bounds)
    matching = sp.count(path, query)
    grid = sp.cells(path, query, zoom, by=BY)
    return matching, len(grid.cells)


def geopandas_baseline(parquet: Path, zoom: int, bounds: sp.Bounds) -> tuple[int, int]:
    """geopandas reads every row (and its geometry), filters by bounds, counts the cells."""
    import geopandas as gpd

    frame = gpd.read_parquet(parquet)
    west, south, east, north = bounds
    x, y = frame.geometry.x, frame.geometry.y
    inside = frame[(x >= west) & (x <= east) & (y >= south) & (y <= north)]
    size = sp.cell_size_deg(zoom)
    columns = np.floor((inside.geometry.x + 180.0) / size).astype(np.int64)
    rows = np.floor((inside.geometry.y + 90.0) / size).astype(np.int64)
    counted = inside.groupby([columns, rows, inside[BY]]).size()
    cells = counted.groupby(level=[0, 1]).sum()
    return len(inside), len(cells)


def run_benchmark(points: int = POINTS) -> list[str]:
    """The figures as printable lines (the dataset in a temporary folder, deleted)."""
    with tempfile.TemporaryDirectory(prefix="straitmap-bench-points-") as tmp:
        path, how, built_s = build_dataset(Path(tmp), points)
        return viewport_figures(path, points, f"{how} in {built_s:.1f} s")


def viewport_figures(
    path: Path, points: int, how: str, baseline_runs: int = BASELINE_RUNS
) -> list[str]:
    """The three viewports' figures over the dataset at `path` (`points` rows, made by `how`)."""
    parquet = sp.resolve_dataset(path)
    whole = sp.scan_stats(parquet, sp.PointQuery())
    lines = [
        f"point queries, {points:,} synthetic AIS points (seed {SEED}; dataset by {how}, "
        f"{whole.row_groups_total} row groups, {parquet.stat().st_size / 1e6:.0f} MB; reading "
        f"every point's lon/lat scans {whole.bytes_scanned / 1e6:.1f} MB):"
    ]
    goal = goal_seconds(points)
    for label, zoom, bounds in VIEWPORTS:
        start = time.perf_counter()
        filter_and_aggregate(parquet, zoom, bounds)
        cold = time.perf_counter() - start
        warm, (matching, cells) = _timed(
            lambda z=zoom, b=bounds: filter_and_aggregate(parquet, z, b), RUNS
        )
        base, (base_matching, base_cells) = _timed(
            lambda z=zoom, b=bounds: geopandas_baseline(parquet, z, b), baseline_runs
        )
        scan = sp.scan_stats(parquet, sp.PointQuery(bounds=bounds))
        agree = "" if (matching, cells) == (base_matching, base_cells) else " (DIFFER!)"
        verdict = "met" if warm <= goal else "MISSED"
        lines.append(
            f"  {label} {','.join(f'{v:g}' for v in bounds)}: {matching:,} points in "
            f"{cells:,} cells by {BY}{agree}; DuckDB read {scan.row_groups_scanned} of "
            f"{scan.row_groups_total} row groups, {scan.bytes_scanned / 1e6:.1f} MB"
        )
        lines.append(
            f"    filter + aggregate (count + cells): {warm * 1000:.0f} ms warm (median of "
            f"{RUNS}), {cold * 1000:.0f} ms first; geopandas read all + filter + aggregate: "
            f"{base:.2f} s ({base / warm:.0f}× slower); goal ≤ {goal:g} s with the render: "
            f"{verdict} for this part"
        )
    return lines


def measure_throughput(points: int = MEASURE_POINTS) -> list[str]:
    """points/s of `measure_points` to each target, on a dataset of `points` points."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="straitmap-bench-measure-") as tmp:
        path, _, _ = build_dataset(Path(tmp), points)
        lines.append(f"measure-points, {points:,} synthetic AIS points (seed {SEED}), exact:")
        for to in sp.MEASURE_TARGETS:
            start = time.perf_counter()
            written = sp.measure_points(path, to, Path(tmp) / f"{to}.parquet")
            rate = written.rows / (time.perf_counter() - start)
            before = MEASURE_BEFORE[to]
            lines.append(
                f"  --to {to}: {before:,.0f} points/s before → {rate:,.0f} ({rate / before:.0f}×)"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=POINTS)
    args = parser.parse_args(argv)
    for line in [*run_benchmark(args.points), *measure_throughput()]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
