"""Benchmark: the 10**7-point figures, on one synthetic dataset ingested once.

`make bench` runs the other dataset benchmarks at 10**5 and 10**6; this writes one seeded
10**7-point AIS-like CSV (`synthetic_points.py`, about 0.7 GB) in a temporary folder, and uses
it for every 10**7 figure in one process, so the slow part (the ingest) happens once:

1. ingest time and peak memory, `straitmap.datasets.ingest` beside pandas + geopandas +
   to_parquet (`bench_ingest.ingest_figures`); straitmap's dataset is kept for the rest and the
   CSV deleted;
2. filter + aggregate of three viewports, beside geopandas reading everything (one baseline
   run per viewport: it reads 10**7 rows each time) (`bench_points.viewport_figures`);
3. the opening view on the map: server time, payload bytes, browser draw time
   (`bench_dataset_map.view_figures`); the MarkerCluster and HeatMap baselines are the 10**5
   ones printed by `bench_dataset_map.run_benchmark`;
4. the app server's resident memory with the dataset ticked on the Map page, beside the same
   app with it unticked (`bench_app_memory.memory_figures`).

Everything is deleted afterwards. Goals at 10**7: ≤ 3 s on the server for filter + aggregate +
render, the app under 1 GiB resident. About 6 minutes on a 2-core machine.
Run: ``python benchmarks/bench_ten_million.py [--points N] [--no-browser]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks import bench_app_memory, bench_dataset_map, bench_ingest, bench_points  # noqa: E402
from benchmarks.synthetic_points import write_csv  # noqa: E402
from straitmap.points import resolve_dataset  # noqa: E402

POINTS = 10_000_000
SEED = 13
DATASET = "ais"


def run_benchmark(points: int = POINTS, browser: bool = True) -> Iterator[str]:
    """The 10**7 figures as printable lines, each as soon as it is measured (the CSV and
    datasets deleted once the last is out)."""
    with tempfile.TemporaryDirectory(prefix="straitmap-bench-10m-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        csv = write_csv(folder / "ais.csv", points, SEED)
        yield (
            f"{points:,} synthetic AIS points (seed {SEED}): CSV written in "
            f"{time.perf_counter() - start:.0f} s; every figure below uses this one file and "
            "the one dataset straitmap ingests from it"
        )
        yield from bench_ingest.ingest_figures(csv, folder, points)
        csv.unlink()
        data = folder / "data"
        dataset = data / "datasets" / DATASET
        yield from bench_points.viewport_figures(
            dataset, points, "straitmap.datasets.ingest above", baseline_runs=1
        )
        yield bench_dataset_map.heading()
        yield bench_dataset_map.view_figures(resolve_dataset(dataset), points, folder, browser)
        yield (
            "  (its baselines: folium MarkerCluster and HeatMap of 10^5 points, printed with "
            "the 10^5 and 10^6 figures)"
        )
        if browser:
            yield from bench_app_memory.memory_figures(data, DATASET, points)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=POINTS)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    for line in run_benchmark(args.points, browser=not args.no_browser):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
