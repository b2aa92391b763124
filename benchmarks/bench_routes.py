"""Benchmark: sea routes with the Taiwan Strait closed, beside plain `searoute.searoute`.

Goals: one route with a closure, warm, ≤ 50 ms; building a closure's network ≤ 0.5 s; the
twelve named routes' closure table ≤ 1 s. Plain searoute routes the same pairs in the same run
(open only: it cannot close this strait). Run: `python benchmarks/bench_routes.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

RUNS = 7


def _median(run: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def run_benchmark() -> Iterator[str]:
    """Lines of figures, each beside its goal."""
    import searoute

    from straitmap import load_layer
    from straitmap.routes import (
        _network,
        _network_for,
        closure_table,
        named_routes,
        sea_route,
        strait_closure,
    )

    strait_frame = load_layer("strait")
    strait = strait_frame.geometry.union_all()
    routes = named_routes(load_layer("shipping_lanes"))
    closed = [strait_closure(strait_frame)]
    shanghai, singapore = (121.4872203, 31.22194444), (103.7221437, 1.292777778)
    sea_route(shanghai, singapore, strait=strait)  # the open network, loaded once

    def build() -> None:
        _network.cache_clear()
        _network_for(closed)

    build_median, build_min = _median(build, runs=3)
    yield (
        f"closure network (strait closed) built: median {build_median:.3f} s "
        f"(min {build_min:.3f} s, n=3) goal ≤ 0.5 s"
    )
    _network_for(())
    sea_route(shanghai, singapore, closed=closed, strait=strait)
    warm, warm_min = _median(lambda: sea_route(shanghai, singapore, closed=closed, strait=strait))
    yield (
        f"one route with the strait closed, warm (Shanghai-Singapore): median "
        f"{warm * 1000:.1f} ms (min {warm_min * 1000:.1f} ms, n={RUNS}) goal ≤ 50 ms"
    )
    table, table_min = _median(lambda: closure_table(routes, closed, 16.0, strait=strait), 3)
    yield (
        f"twelve named routes, open and strait closed: median {table:.3f} s "
        f"(min {table_min:.3f} s, n=3) goal ≤ 1 s"
    )
    shared = searoute.setup_M()

    def plain() -> None:
        for route in routes:
            searoute.searoute(list(route.origin), list(route.destination), M=shared)

    plain()
    plain_median, plain_min = _median(plain, 3)
    yield (
        f"plain searoute.searoute, the same twelve pairs open: median {plain_median:.3f} s "
        f"(min {plain_min:.3f} s); straitmap does each pair twice (open and closed) plus the "
        "strait crossing and geodesic lengths"
    )


if __name__ == "__main__":
    for line in run_benchmark():
        print(line)
