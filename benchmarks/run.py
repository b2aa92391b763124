"""Benchmarks (`make bench`): figures to read, not pass/fail tests.

1. Server time of one script rerun of the map page (AppTest), goal ≤ 0.3 s.
2. Time from page load to map drawn in headless Chromium, the dashboard beside a trivial
   folium map served the same way (Streamlit + st_folium + local assets), goal ≤ 1.2×.
3. Nearest US installation and its exact geodesic distance for 1,000,000 points
   (`bench_nearest.py`), goal ≤ 1.5 s, stretch ≤ 1.0 s, with the ratio to brute force.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.bench_nearest import run_benchmark as bench_nearest  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, start_dashboard, stop  # noqa: E402

RUNS = 7
TRIVIAL_APP = """
import streamlit as st
import folium
from streamlit_folium import st_folium
from straitmap.assets import localize_assets

m = folium.Map(location=(23.75, 119.9), zoom_start=7, tiles=None)
localize_assets(m)
st_folium(m, key="map", height=640, use_container_width=True, returned_objects=[])
"""


def bench_rerun() -> list[float]:
    """Server time of one rerun after a filter change (crossed the median line: yes ↔ any)."""
    app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    app.run()
    app.run()  # warm caches
    times = []
    for i in range(RUNS):
        app.radio(key="f_crossed").set_value("yes" if i % 2 == 0 else "any")
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
    if app.exception:
        raise RuntimeError(f"app raised: {app.exception}")
    return times


def bench_map_bytes() -> int:
    """Bytes of the map component's arguments (the script, header and assets list) sent for
    the default view: what the browser receives for the map on each render."""
    app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    app.run()
    maps = [e.proto for e in app.get("component_instance") if "st_folium" in e.proto.component_name]
    return len(maps[0].json_args.encode("utf-8"))


def time_to_map(page: Page, url: str, drawn_selector: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"] >> nth=0')
    frame.locator(drawn_selector).first.wait_for(state="attached", timeout=60_000)
    return time.perf_counter() - start


def bench_page_load() -> tuple[list[float], list[float]]:
    chromium = os.environ.get("STRAITMAP_CHROMIUM", "/usr/bin/chromium")
    workdir = Path(tempfile.mkdtemp(prefix="straitmap-bench-"))
    (workdir / "trivial_app.py").write_text(TRIVIAL_APP)
    shutil.copytree(ROOT / "dashboard" / "static", workdir / "static")
    logs = workdir / "logs"
    dashboard = start_dashboard(logs / "dashboard.log")
    trivial = start_dashboard(logs / "trivial.log", app=workdir / "trivial_app.py")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

            def measure(url: str, selector: str) -> list[float]:
                times = []
                for _ in range(RUNS + 1):
                    context = browser.new_context(viewport={"width": 1280, "height": 720})
                    page = context.new_page()
                    times.append(time_to_map(page, url, selector))
                    context.close()
                return times[1:]  # the first load compiles server-side caches

            ours = measure(dashboard.url, '.leaflet-overlay-pane path[stroke="#8c8673"]')
            baseline = measure(trivial.url, ".leaflet-map-pane")
            browser.close()
    finally:
        stop(dashboard)
        stop(trivial)
        shutil.rmtree(workdir, ignore_errors=True)
    return ours, baseline


def describe(name: str, times: list[float], unit: Callable[[float], str]) -> str:
    return (
        f"{name}: median {unit(statistics.median(times))} (min {unit(min(times))}, n={len(times)})"
    )


def main() -> int:
    seconds = lambda t: f"{t:.3f} s"  # noqa: E731
    rerun = bench_rerun()
    print(
        describe("map page rerun after a filter change (AppTest)", rerun, seconds), "goal ≤ 0.3 s"
    )
    print(f"map bytes, default view: {bench_map_bytes() / 1e6:.2f} MB (goal ≤ 1.5 MB)")
    ours, baseline = bench_page_load()
    print(describe("page load → map drawn, dashboard", ours, seconds))
    print(describe("page load → map drawn, trivial folium map", baseline, seconds))
    ratio = statistics.median(ours) / statistics.median(baseline)
    print(f"ratio dashboard / trivial: {ratio:.2f}× (goal ≤ 1.20×)")
    for line in bench_nearest():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
