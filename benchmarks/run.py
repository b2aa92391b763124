"""Benchmarks (`make bench`): figures to read, not pass/fail tests.

1. Server time of one script rerun of the map page (AppTest), goal ≤ 0.3 s.
2. Time from page load to map drawn in headless Chromium, the dashboard beside a trivial
   folium map served the same way (Streamlit + st_folium + local assets), goal ≤ 1.2×.
3. Time from a filter change (a click on a sidebar radio) to the map redrawn, the dashboard
   beside the trivial app's own radio swapping its one layer, goal ≤ 1.5×.
   Both apps send their layers with st_folium's `feature_group_to_add` and end them with
   `render.drawn_signal_group()`, which counts each draw on the page's `data-sm-drawn`
   attribute after the next paint: one "drawn" signal for both, and the runs of the two apps
   interleave, so both see the same machine.
4. Nearest US installation and its exact geodesic distance for 1,000,000 points
   (`bench_nearest.py`), goal ≤ 1.5 s, stretch ≤ 1.0 s, with the ratio to brute force.
5. Sea routes with the Taiwan Strait closed (`bench_routes.py`): one route warm ≤ 50 ms, a
   closure network built ≤ 0.5 s, the twelve named routes' closure table ≤ 1 s, beside plain
   `searoute.searoute` on the same pairs.
6. How long `straitmap` commands take to start (`bench_cli.py`), beside `python -c "import
   pyproj"`, goal ≤ 2×, with the validation cache warm and cold.
7. Filter + aggregate of a map viewport over 1,000,000 synthetic AIS points (`bench_points.py`):
   `straitmap.points` (DuckDB) beside geopandas reading everything and filtering, with the row
   groups read; goal ≤ 1.5 s for filter + aggregate + render (the render is not measured here).
8. Ingest of 1,000,000 synthetic AIS points (`bench_ingest.py`): time and peak memory of
   `straitmap.datasets.ingest` beside pandas.read_csv + geopandas + to_parquet, each in its own
   child process.
9. A dataset's opening view on the map at 10**5 and 10**6 points (`bench_dataset_map.py`):
   server time, payload bytes and browser draw time, beside folium MarkerCluster and HeatMap
   of 10**5 points (their build time, HTML bytes and browser draw time).
10. The same at 10**7 points, on one dataset ingested once (`bench_ten_million.py`, about 6
   minutes): ingest (7), viewports (8 with one baseline run), the opening view (9), and the
   app server's resident memory with the dataset ticked on the Map page and panned/zoomed,
   beside the same app with it unticked (`bench_app_memory.py`); goals ≤ 3 s, under 1 GiB.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Frame, Page, sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.bench_cli import run_benchmark as bench_cli  # noqa: E402
from benchmarks.bench_dataset_map import run_benchmark as bench_dataset_map  # noqa: E402
from benchmarks.bench_ingest import run_benchmark as bench_ingest  # noqa: E402
from benchmarks.bench_nearest import run_benchmark as bench_nearest  # noqa: E402
from benchmarks.bench_points import measure_throughput  # noqa: E402
from benchmarks.bench_points import run_benchmark as bench_points  # noqa: E402
from benchmarks.bench_routes import run_benchmark as bench_routes  # noqa: E402
from benchmarks.bench_ten_million import run_benchmark as bench_ten_million  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, start_dashboard, stop  # noqa: E402

RUNS = 7
TRIVIAL_APP = """
import folium
import streamlit as st
from streamlit_folium import st_folium
from straitmap.assets import localize_assets
from straitmap.render import drawn_signal_group

with st.sidebar:
    choice = st.radio("Point", ["north", "south"], horizontal=True, key="choice")
m = folium.Map(location=(23.75, 119.9), zoom_start=7, tiles=None)
localize_assets(m)
points = folium.FeatureGroup(name="points")
folium.CircleMarker((24.5 if choice == "north" else 23.0, 120.0), radius=6).add_to(points)
st_folium(
    m,
    key="map",
    height=640,
    use_container_width=True,
    returned_objects=[],
    feature_group_to_add=[points, drawn_signal_group()],
)
"""
DRAWN = "data-sm-drawn"


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


def _map_frame(page: Page) -> Frame:
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"] >> nth=0')
    frame.locator(f"html[{DRAWN}]").wait_for(state="attached", timeout=60_000)
    found = next((f for f in page.frames if "streamlit_folium" in f.url), None)
    assert found is not None, "the map's iframe"
    return found


def _draws(frame: Frame) -> int:
    return int(frame.evaluate(f"() => document.documentElement.getAttribute('{DRAWN}') || 0"))


def time_to_map(page: Page, url: str) -> float:
    """Seconds from navigation to the map's layers drawn (the first `data-sm-drawn`)."""
    start = time.perf_counter()
    page.goto(url)
    _map_frame(page)
    return time.perf_counter() - start


def time_to_redraw(page: Page, radio: str, option: str) -> float:
    """Seconds from a click on the sidebar radio's `option` to the map's next draw."""
    frame = _map_frame(page)
    before = _draws(frame)
    sidebar = page.get_by_test_id("stSidebar")
    start = time.perf_counter()
    sidebar.get_by_role("radiogroup", name=radio).get_by_text(option, exact=True).click()
    frame.wait_for_function(
        f"n => Number(document.documentElement.getAttribute('{DRAWN}')) > n",
        arg=before,
        timeout=60_000,
    )
    return time.perf_counter() - start


@dataclass
class BrowserFigures:
    """Interleaved browser timings of the dashboard and the trivial app (seconds)."""

    load_dashboard: list[float] = field(default_factory=list)
    load_trivial: list[float] = field(default_factory=list)
    change_dashboard: list[float] = field(default_factory=list)
    change_trivial: list[float] = field(default_factory=list)


def bench_browser() -> BrowserFigures:
    chromium = os.environ.get("STRAITMAP_CHROMIUM", "/usr/bin/chromium")
    workdir = Path(tempfile.mkdtemp(prefix="straitmap-bench-"))
    (workdir / "trivial_app.py").write_text(TRIVIAL_APP)
    shutil.copytree(ROOT / "dashboard" / "static", workdir / "static")
    shutil.copytree(ROOT / ".streamlit", workdir / ".streamlit")
    logs = workdir / "logs"
    dashboard = start_dashboard(logs / "dashboard.log")
    trivial = start_dashboard(logs / "trivial.log", app=workdir / "trivial_app.py")
    figures = BrowserFigures()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

            def load(url: str) -> float:
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                seconds = time_to_map(context.new_page(), url)
                context.close()
                return seconds

            load(dashboard.url)  # the first load fills server-side caches
            load(trivial.url)
            for _ in range(RUNS):
                figures.load_dashboard.append(load(dashboard.url))
                figures.load_trivial.append(load(trivial.url))

            pages = []
            for url in (dashboard.url, trivial.url):
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                page = context.new_page()
                page.goto(url)
                _map_frame(page)
                pages.append(page)
            ours, theirs = pages
            # Warm-up change each, then alternate: crossed the median line Yes/Any in the
            # dashboard, north/south in the trivial app.
            time_to_redraw(ours, "Crossed the median line", "Yes")
            time_to_redraw(theirs, "Point", "south")
            for i in range(RUNS):
                option = "Any" if i % 2 == 0 else "Yes"
                figures.change_dashboard.append(
                    time_to_redraw(ours, "Crossed the median line", option)
                )
                figures.change_trivial.append(
                    time_to_redraw(theirs, "Point", "north" if i % 2 == 0 else "south")
                )
            browser.close()
    finally:
        stop(dashboard)
        stop(trivial)
        shutil.rmtree(workdir, ignore_errors=True)
    return figures


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
    browser = bench_browser()
    print(describe("page load → map drawn, dashboard", browser.load_dashboard, seconds))
    print(describe("page load → map drawn, trivial folium map", browser.load_trivial, seconds))
    ratio = statistics.median(browser.load_dashboard) / statistics.median(browser.load_trivial)
    print(f"page load ratio dashboard / trivial: {ratio:.2f}× (goal ≤ 1.20×)")
    print(describe("filter change → map redrawn, dashboard", browser.change_dashboard, seconds))
    print(describe("widget change → map redrawn, trivial app", browser.change_trivial, seconds))
    ratio = statistics.median(browser.change_dashboard) / statistics.median(browser.change_trivial)
    print(f"filter change ratio dashboard / trivial: {ratio:.2f}× (goal ≤ 1.50×)")
    for line in bench_nearest():
        print(line)
    for line in bench_routes():
        print(line)
    for line in bench_cli():
        print(line)
    for line in bench_points():
        print(line)
    for line in measure_throughput():
        print(line)
    for line in bench_ingest():
        print(line)
    for line in bench_dataset_map():
        print(line)
    for line in bench_ten_million():
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
