"""Benchmark: a dataset's opening view on the map at 10**5, 10**6 and 10**7 points, beside folium.

A seeded synthetic AIS-like dataset (`benchmarks/synthetic_points.py`, ingested with
`straitmap.datasets.ingest` in a temporary folder) is drawn at the dashboard's opening view
(`render.STRAIT_VIEW_CENTER`, zoom 7, the bounds `dataset_layers.view_bounds` estimates before
the browser reports them) as the Map page does it: `points.view` (filter + count + cells by
vessel type), `dataset_layers.dataset_group`, and the group's script as st_folium sends it
(`streamlit_folium._get_feature_group_string`, the function `st_folium(feature_group_to_add=)`
calls), on a bare `folium.Map`. Server time: median of RUNS, warm (DuckDB connection open).
Payload: the bytes of that script, and of the whole standalone map page.

Baselines, at 10**5 points (the whole dataset): folium `plugins.MarkerCluster` (one Marker per
point) and `plugins.HeatMap`, their build + render time and HTML bytes. Browser draw time
(headless Chromium from `STRAITMAP_CHROMIUM`, default /usr/bin/chromium, on a temporary file
with the map assets from `dashboard/static`; median of 3), from navigation until:
- the dataset: its last cell is in the DOM (`.leaflet-sm-cells-pane path`);
- MarkerCluster: its first cluster icon is in the DOM (`.marker-cluster`): the plugin adds the
  icons only after it has clustered every marker;
- HeatMap: its canvas (`canvas.leaflet-heatmap-layer`) holds a painted pixel: leaflet.heat
  paints the whole heat in one animation frame, so the first painted pixel is the full draw.
  Its script is the copy folium ships (`folium/templates/leaflet_heat.min.js`, the very file
  its CDN link names), loaded from the installed folium package.
The bare map sets ``maxZoom`` as `render.build_map` does: with no tile layer Leaflet has no
maximum zoom, and MarkerCluster refuses to start without one ("Map has no maxZoom specified").
Goals at 10**6: ≤ 1.5 s on the server, ≤ 2 MB to the browser, drawn ≤ 2 s; at 10**7: ≤ 3 s on
the server. `make bench` runs 10**5 and 10**6 here and 10**7 through `bench_ten_million.py`
(`view_figures` on the one 10**7 dataset it ingests).
Run: ``python benchmarks/bench_dataset_map.py [--points N ...] [--no-browser]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from folium import plugins  # noqa: E402

from straitmap import dataset_layers as dl  # noqa: E402
from straitmap import points as sp  # noqa: E402
from straitmap.assets import localize_assets  # noqa: E402
from straitmap.render import STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM  # noqa: E402

POINTS = (100_000, 1_000_000)
BASELINE_POINTS = 100_000
SEED = 13
RUNS = 5
GOAL_SERVER_S = 1.5
GOAL_SERVER_10M_S = 3.0
GOAL_BYTES = 2_000_000
GOAL_DRAW_S = 2.0
STATIC = ROOT / "dashboard" / "static"
HEAT_JS = Path(folium.__file__).parent / "templates" / "leaflet_heat.min.js"
#: True once the heat canvas holds a painted (non-transparent) pixel.
HEAT_PAINTED_JS = """() => {
  const canvas = document.querySelector('canvas.leaflet-heatmap-layer');
  if (!canvas || !canvas.width || !canvas.height) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}"""


def _median(run: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    """The median time of `runs` calls of `run` and its last result (`bench_points._timed`)."""
    from benchmarks.bench_points import _timed

    return _timed(run, runs)


def build_dataset(folder: Path, points: int) -> Path:
    """The synthetic points ingested into `folder`/data; the dataset's GeoParquet."""
    from benchmarks.synthetic_points import write_csv
    from straitmap import datasets

    csv = write_csv(folder / f"ais-{points}.csv", points, SEED)
    before = os.environ.get(datasets.DATA_ENV_VAR)
    os.environ[datasets.DATA_ENV_VAR] = str(folder / "data")
    try:
        manifest = datasets.ingest([csv], f"ais-{points}")
    finally:
        if before is None:
            os.environ.pop(datasets.DATA_ENV_VAR, None)
        else:
            os.environ[datasets.DATA_ENV_VAR] = before
    csv.unlink()
    return manifest.points_path


def _bare_map() -> folium.Map:
    m = folium.Map(location=STRAIT_VIEW_CENTER, zoom_start=STRAIT_VIEW_ZOOM, tiles=None)
    m.options.update(minZoom=3, maxZoom=18)  # as render.build_map; MarkerCluster needs maxZoom
    folium.map.CustomPane("sm-cells", z_index=350).add_to(m)
    return m


def opening_view(parquet: Path) -> tuple[str, sp.View, tuple[str, ...]]:
    """What the Map page does for a ticked dataset at the opening view: the group's script."""
    from streamlit_folium import _get_feature_group_string

    columns = {f.name: str(f.type) for f in pq.read_schema(parquet)}
    by = dl.category_column(columns)
    shown = tuple(dl.tooltip_columns(columns, by))
    bounds = dl.view_bounds(STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM)
    answer = sp.view(parquet, sp.PointQuery(bounds=bounds), STRAIT_VIEW_ZOOM, by=by, columns=shown)
    group = dl.dataset_group("Dataset: ais", answer, columns=shown)
    m = _bare_map()
    return _get_feature_group_string(group, m), answer, shown


def page_html(answer: sp.View, shown: tuple[str, ...]) -> str:
    """The same view as a standalone page with local assets, for the browser."""
    m = _bare_map()
    dl.dataset_group("Dataset: ais", answer, columns=shown).add_to(m)
    localize_assets(m, static_url=STATIC.as_uri())
    return m.get_root().render()


def marker_cluster(lon: list[float], lat: list[float]) -> str:
    """folium's MarkerCluster of every point (one Marker each), rendered as a page."""
    m = _bare_map()
    plugins.MarkerCluster(locations=list(zip(lat, lon, strict=True))).add_to(m)
    localize_assets(m, static_url=STATIC.as_uri())
    return m.get_root().render()


def heat_map(lon: list[float], lat: list[float]) -> str:
    """folium's HeatMap of every point, rendered as a page (its script from folium's copy)."""
    m = _bare_map()
    heat = plugins.HeatMap(list(zip(lat, lon, strict=True)))
    heat.default_js = []  # no entry in straitmap.assets: set after the others are localised
    heat.add_to(m)
    localize_assets(m, static_url=STATIC.as_uri())
    heat.default_js = [("leaflet-heat.js", HEAT_JS.as_uri())]
    return m.get_root().render()


def elements_js(selector: str, expected: int) -> tuple[str, list[Any]]:
    """A draw signal: at least `expected` elements match `selector` in the page's DOM."""
    return "([s, n]) => document.querySelectorAll(s).length >= n", [selector, expected]


def draw_time(
    html: str, drawn: tuple[str, Any], folder: Path, timeout_s: float = 60.0
) -> float | str:
    """Seconds from navigation until the function `drawn` (its JS and argument) is true (median
    of 3), or why it was not drawn (a script error, or not within `timeout_s`)."""
    from playwright.sync_api import Error, sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    page_file = folder / "map.html"
    page_file.write_text(html, encoding="utf-8")
    chromium = os.environ.get("STRAITMAP_CHROMIUM", "/usr/bin/chromium")
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for _ in range(3):
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error, seen=errors: seen.append(str(error)))
                start = time.perf_counter()
                page.goto(page_file.as_uri(), timeout=timeout_s * 1000)
                try:
                    page.wait_for_function(
                        drawn[0],
                        arg=drawn[1],
                        timeout=timeout_s * 1000,
                        polling=20,
                    )
                except Error:
                    why = f"script error {errors[0]!r}" if errors else f"not within {timeout_s:g} s"
                    return f"not drawn ({why})"
                times.append(time.perf_counter() - start)
                context.close()
        finally:
            browser.close()
    return statistics.median(times)


def _verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "MISSED"


def view_figures(parquet: Path, points: int, folder: Path, browser: bool = True) -> str:
    """The opening view of the dataset at `parquet` (`points` rows) as one printable line:
    server time, payload bytes and (with `browser`) the standalone page's draw time."""
    big = points > 1_000_000
    goal_s, goal_at = (GOAL_SERVER_10M_S, "10^7") if big else (GOAL_SERVER_S, "10^6")
    opening_view(parquet)  # first query: DuckDB connection and file metadata
    server, (script, answer, shown) = _median(lambda p=parquet: opening_view(p))
    payload = len(script.encode("utf-8"))
    drawn = answer.cells.cells if answer.cells is not None else []
    shape = f"{len(drawn):,} cells" if answer.cells is not None else "points"
    line = (
        f"  {points:,} points: {answer.count:,} in view as {shape}; server "
        f"{server * 1000:.0f} ms (goal ≤ {goal_s:g} s at {goal_at}: "
        f"{_verdict(server, goal_s)}), payload {payload / 1e6:.3f} MB "
        f"(goal ≤ 2 MB at 10^6: {_verdict(payload, GOAL_BYTES)})"
    )
    if browser and answer.cells is not None:
        page = page_html(answer, shown)
        signal = elements_js(".leaflet-sm-cells-pane path", len(drawn))
        seconds = draw_time(page, signal, folder)
        drawn_text = (
            seconds
            if isinstance(seconds, str)
            else f"drawn in {seconds:.2f} s (goal ≤ {GOAL_DRAW_S} s at 10^6: "
            f"{_verdict(seconds, GOAL_DRAW_S)})"
        )
        line += f", page {len(page.encode()) / 1e6:.3f} MB {drawn_text}"
    return line


def heading() -> str:
    """The first line of these figures."""
    return (
        f"a dataset at the opening view (zoom {STRAIT_VIEW_ZOOM}) on the map, synthetic AIS "
        f"points (seed {SEED}); server = points.view + dataset_group + st_folium's script, "
        f"warm median of {RUNS}:"
    )


def run_benchmark(sizes: tuple[int, ...] = POINTS, browser: bool = True) -> list[str]:
    """The figures as printable lines (datasets in a temporary folder, deleted)."""
    lines = [heading()]
    with tempfile.TemporaryDirectory(prefix="straitmap-bench-map-") as tmp:
        folder = Path(tmp)
        for points in sizes:
            parquet = build_dataset(folder, points)
            lines.append(view_figures(parquet, points, folder, browser))
            if points == BASELINE_POINTS:
                lines.extend(_baselines(parquet, folder, browser))
            shutil.rmtree(parquet.parent, ignore_errors=True)
    return lines


#: Each baseline's draw signal and how the line names it.
SIGNALS: dict[str, tuple[tuple[str, Any], str]] = {
    "MarkerCluster": (elements_js(".marker-cluster", 1), "clusters in the DOM"),
    "HeatMap": ((HEAT_PAINTED_JS, None), "heat canvas painted"),
}


def _baselines(parquet: Path, folder: Path, browser: bool) -> list[str]:
    table = pq.read_table(parquet, columns=["lon", "lat"])
    lon, lat = table.column("lon").to_pylist(), table.column("lat").to_pylist()
    lines = []
    for name, build in (("MarkerCluster", marker_cluster), ("HeatMap", heat_map)):
        start = time.perf_counter()
        html = build(lon, lat)
        seconds = time.perf_counter() - start
        line = (
            f"  baseline folium plugins.{name} of all {len(lon):,} points: build + render "
            f"{seconds:.2f} s, HTML {len(html.encode()) / 1e6:.2f} MB"
        )
        if browser:
            signal, what = SIGNALS[name]
            drawn = draw_time(html, signal, folder)
            line += ", " + (drawn if isinstance(drawn, str) else f"drawn ({what}) in {drawn:.2f} s")
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, nargs="+", default=list(POINTS))
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    for line in run_benchmark(tuple(args.points), browser=not args.no_browser):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
