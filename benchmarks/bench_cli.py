"""Benchmark: how long `straitmap` commands take to start, beside `python -c "import pyproj"`.

Goal: each command ≤ 2× the bare pyproj import. `distance` and `layers` are timed with the
validation cache warm (`straitmap.layer_cache`: what a second run finds) and cold (an empty
cache folder: the first run after installing or changing a layer). Run:
`python benchmarks/bench_cli.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

RUNS = 5
STRAITMAP = Path(sys.executable).with_name("straitmap")
COMMANDS = (
    ("straitmap --help", ["--help"]),
    ("straitmap distance Taipei Xiamen", ["distance", "Taipei", "Xiamen"]),
    (
        "straitmap distance '25.03,121.56' '24.45,118.08'",
        ["distance", "25.03,121.56", "24.45,118.08"],
    ),
    ("straitmap layers", ["layers"]),
)


def _seconds(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _median(argv: list[str], env: dict[str, str]) -> float:
    return statistics.median(_seconds(argv, env) for _ in range(RUNS))


def run_benchmark() -> Iterator[str]:
    """Lines of figures: each command's median start time and its ratio to the pyproj import."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "STRAITMAP_CACHE_DIR": cache}
        baseline = _median([sys.executable, "-c", "import pyproj"], env)
        yield f"python -c 'import pyproj': median {baseline:.2f} s (n={RUNS})"
        cold = {**env, "STRAITMAP_CACHE_DIR": str(Path(cache) / "cold")}
        for label, args in COMMANDS:
            argv = [str(STRAITMAP), *args]
            _seconds(argv, env)  # warms the cache (and the disk)
            warm = _median(argv, env)
            line = f"{label}: median {warm:.2f} s, {warm / baseline:.1f}× (goal ≤ 2×)"
            if args in (["distance", "Taipei", "Xiamen"], ["layers"]):
                times = []
                for run in range(3):
                    folder = {**cold, "STRAITMAP_CACHE_DIR": f"{cold['STRAITMAP_CACHE_DIR']}{run}"}
                    times.append(_seconds(argv, folder))
                first = statistics.median(times)
                line += f"; first run (empty cache) {first:.2f} s, {first / baseline:.1f}×"
            yield line


if __name__ == "__main__":
    for line in run_benchmark():
        print(line)
