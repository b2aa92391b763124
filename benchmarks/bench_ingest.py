"""Benchmark: ingest time and peak memory of 10**6 synthetic AIS points, beside geopandas.

A seeded synthetic AIS-like CSV (`benchmarks/synthetic_points.py`) is written to a temporary
folder; then each of these runs in its own child process, so its peak resident memory
(`os.wait4`'s ``ru_maxrss`` for that child alone) and wall time are its own:

- ``straitmap.datasets.ingest`` (chunked read, every row checked, Hilbert sort, GeoParquet 1.1
  with the bbox covering column, zstd);
- the baseline: ``pandas.read_csv`` + ``geopandas.points_from_xy`` + ``GeoDataFrame.to_parquet``
  (everything in memory at once, no checks, no sort; ``geopandas.read_file`` on a CSV needs
  GDAL open options to find the coordinate columns and is slower still).

Both children import their libraries before the clock starts; the figure is the work only.
Run: ``python benchmarks/bench_ingest.py [--points N]`` (10**6 by default; ``make bench`` also
runs 10**7 through `bench_ten_million.py`, about a 0.7 GB CSV in a temporary folder).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

POINTS = 1_000_000
SEED = 13

_CHILD = {
    "straitmap": """
import os, sys, time
from pathlib import Path
csv, data = Path(sys.argv[1]), sys.argv[2]
os.environ["STRAITMAP_DATA"] = data
from straitmap import datasets
start = time.perf_counter()
manifest = datasets.ingest([csv], "ais")
print(time.perf_counter() - start, manifest.rows, manifest.points_path.stat().st_size)
""",
    "geopandas": """
import sys, time
from pathlib import Path
csv, data = Path(sys.argv[1]), Path(sys.argv[2])
import geopandas as gpd, pandas as pd
start = time.perf_counter()
frame = pd.read_csv(csv)
frame = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326)
data.mkdir(parents=True, exist_ok=True)
frame.to_parquet(data / "ais.parquet")
print(time.perf_counter() - start, len(frame), (data / "ais.parquet").stat().st_size)
""",
}


def run_child(which: str, csv: Path, data: Path) -> dict[str, float]:
    """One run of `which` in a child process: its seconds (work and wall), peak MiB, rows."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MALLOC_ARENA_MAX": "2"}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD[which], str(csv), str(data)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{which} ingest: expected exit 0, found {child.returncode}")
    seconds, rows, size = out.split()
    return {
        "seconds": float(seconds),
        "wall": wall,
        "peak_mib": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "rows": int(rows),
        "bytes": int(size),
    }


def ingest_figures(csv: Path, folder: Path, points: int) -> list[str]:
    """Both ingests of `csv` (`points` rows), as printable lines. straitmap's dataset is left
    in `folder`/data (dataset ``ais``, for other figures to reuse); the baseline's file is
    deleted."""
    import shutil

    ours = run_child("straitmap", csv, folder / "data")
    base = run_child("geopandas", csv, folder / "baseline")
    shutil.rmtree(folder / "baseline", ignore_errors=True)
    mb = csv.stat().st_size / 1e6
    return [
        f"ingest of {points:,} synthetic AIS points ({mb:.0f} MB CSV, seed {SEED}), each in "
        "its own process (peak resident memory of that process):",
        f"  straitmap.datasets.ingest: {ours['seconds']:.1f} s ({ours['wall']:.1f} s with "
        f"start-up), peak {ours['peak_mib']:.0f} MiB, {ours['rows']:,} rows, "
        f"{ours['bytes'] / 1e6:.0f} MB GeoParquet (checked, Hilbert-sorted, bbox column)",
        f"  baseline pandas.read_csv + geopandas.points_from_xy + to_parquet: "
        f"{base['seconds']:.1f} s ({base['wall']:.1f} s with start-up), peak "
        f"{base['peak_mib']:.0f} MiB, {base['rows']:,} rows, {base['bytes'] / 1e6:.0f} MB "
        f"(unchecked, unsorted); straitmap {ours['seconds'] / base['seconds']:.1f}× the time, "
        f"{ours['peak_mib'] / base['peak_mib']:.2f}× the memory",
    ]


def run_benchmark(points: int = POINTS) -> list[str]:
    """The figures as printable lines (CSV and datasets in a temporary folder, deleted)."""
    from benchmarks.synthetic_points import write_csv

    with tempfile.TemporaryDirectory(prefix="straitmap-bench-ingest-") as tmp:
        folder = Path(tmp)
        csv = write_csv(folder / "ais.csv", points, SEED)
        return ingest_figures(csv, folder, points)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=POINTS)
    args = parser.parse_args(argv)
    for line in run_benchmark(args.points):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
