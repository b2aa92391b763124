"""Benchmark: the app server's resident memory with a 10**7-point dataset on the map.

The real dashboard (`streamlit run dashboard/app.py`, headless, on a free port, with
``STRAITMAP_DATA`` set to a data folder holding an ingested dataset) is opened in headless
Chromium (`STRAITMAP_CHROMIUM`, default /usr/bin/chromium) on its Map page. Each session:
the page opens and the map draws (`data-sm-drawn`, `render.drawn_signal_group`), the dataset's
checkbox under "Your datasets" is ticked and its cells drawn, then the map is moved through
MOVES (`map_div.setView`, as a user's pan and zoom; each waits until the page's URL holds the
new view, which the Map page writes after the map in each run, and with a dataset ticked until
the re-queried layers are drawn; without one, the layers are unchanged and not redrawn). A
thread samples the resident memory of the server process and its children (psutil) every
SAMPLE_S; the figures are the peak (the largest of those samples and the kernel's high-water
mark of the server process, ``VmHWM``) and the resident memory once the last move is drawn.
Each move's seconds (setView to drawn) are printed too: figures under the same machine load,
not a goal.

Baseline: the same app, same data folder and same moves, in its own server process, with the
dataset left unticked. ``MALLOC_ARENA_MAX=2`` as the Makefile exports it. Goal: the app under
1 GiB resident with a 10**7-point dataset loaded.
Run: ``python benchmarks/bench_app_memory.py DATA_FOLDER [--name DATASET]`` (`make bench` runs
it through `bench_ten_million.py` on the 10**7 dataset it ingests).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
from playwright.sync_api import Frame, Page, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM_ARGS, Server, start_dashboard, stop  # noqa: E402

GOAL_MIB = 1024
SAMPLE_S = 0.05
TIMEOUT_MS = 120_000
DRAWN = "data-sm-drawn"
#: (what, latitude, longitude, zoom): the pans and zooms of one session, after the opening view.
MOVES: tuple[tuple[str, float, float, int], ...] = (
    ("strait close-up", 24.0, 119.8, 9),
    ("Kaohsiung harbour", 22.61, 120.27, 12),
    ("Shanghai", 31.3, 121.6, 8),
    ("the whole region", 23.0, 125.0, 5),
    ("back to the strait", 23.8, 119.45, 7),
)


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of `process` and all its children (those that exit meanwhile skipped)."""
    total = 0
    for member in (process, *process.children(recursive=True)):
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def high_water_mark(pid: int) -> int:
    """The kernel's peak resident bytes of process `pid` (``VmHWM``, Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/{pid}/status: expected a VmHWM line, found none")


class PeakSampler:
    """Samples a process tree's resident memory on a thread and keeps the largest sample."""

    def __init__(self, pid: int, interval_s: float = SAMPLE_S) -> None:
        self.process = psutil.Process(pid)
        self.interval_s = interval_s
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.process))
            self._stop.wait(self.interval_s)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.process))


@dataclass(frozen=True)
class Session:
    """One session's figures: peak and final resident memory (bytes), what was drawn."""

    peak: int
    final: int
    notes: str


def _map_frame(page: Page) -> Frame:
    locator = page.frame_locator('iframe[title="streamlit_folium.st_folium"] >> nth=0')
    locator.locator(f"html[{DRAWN}]").wait_for(state="attached", timeout=TIMEOUT_MS)
    frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
    if frame is None:
        raise RuntimeError("expected the map's iframe (streamlit_folium), found none")
    return frame


def _draws(frame: Frame) -> int:
    return int(frame.evaluate(f"() => document.documentElement.getAttribute('{DRAWN}') || 0"))


def _wait_redrawn(frame: Frame, before: int) -> None:
    frame.wait_for_function(
        f"n => Number(document.documentElement.getAttribute('{DRAWN}')) > n",
        arg=before,
        timeout=TIMEOUT_MS,
    )


#: True once the page's URL holds the view [lat, lon, zoom] (the Map page writes the view st_folium
#: reported into its query parameters near the end of each run, drawn or not).
VIEW_IN_URL_JS = """([lat, lon, zoom]) => {
  const q = new URLSearchParams(window.location.search);
  return Number(q.get('zoom')) === zoom && Math.abs(Number(q.get('lat')) - lat) < 0.05
    && Math.abs(Number(q.get('lon')) - lon) < 0.05;
}"""


def _sidebar_caption(page: Page) -> str:
    text = page.get_by_test_id("stSidebar").get_by_text("points in view").first
    return text.inner_text(timeout=TIMEOUT_MS)


def run_session(server: Server, chromium: str, dataset: str | None) -> Session:
    """Open the Map page, tick `dataset` (None: leave it unticked), make MOVES; the memory."""
    notes: list[str] = []
    with PeakSampler(server.process.pid) as sampler, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(server.url, timeout=TIMEOUT_MS)
        frame = _map_frame(page)
        if dataset is not None:
            before = _draws(frame)
            page.get_by_test_id("stSidebar").get_by_text(dataset, exact=True).click()
            _wait_redrawn(frame, before)
            notes.append(f"opening view z7: {_sidebar_caption(page)}")
        for what, lat, lon, zoom in MOVES:
            before = _draws(frame)
            start = time.perf_counter()
            frame.evaluate(f"() => map_div.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
            page.wait_for_function(VIEW_IN_URL_JS, arg=[lat, lon, zoom], timeout=TIMEOUT_MS)
            caption = ""
            if dataset is not None:  # the page re-queried the dataset: its groups redrawn
                _wait_redrawn(frame, before)
                caption = f"{_sidebar_caption(page)}, "
            notes.append(f"{what} z{zoom}: {caption}{time.perf_counter() - start:.1f} s")
        browser.close()
        final = tree_rss(sampler.process)
    peak = max(sampler.peak, high_water_mark(server.process.pid))
    return Session(peak=peak, final=final, notes="; ".join(notes))


@contextmanager
def dashboard(data: Path, log: Path) -> Iterator[Server]:
    """The real dashboard with STRAITMAP_DATA=`data` (and MALLOC_ARENA_MAX=2), stopped after."""
    saved = {key: os.environ.get(key) for key in ("STRAITMAP_DATA", "MALLOC_ARENA_MAX")}
    os.environ["STRAITMAP_DATA"] = str(data)
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    try:
        server = start_dashboard(log)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        yield server
    finally:
        stop(server)


def _mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


def memory_figures(data: Path, name: str, points: int) -> list[str]:
    """The baseline and ticked sessions as printable lines."""
    chromium = os.environ.get("STRAITMAP_CHROMIUM", "/usr/bin/chromium")
    sessions: dict[str, Session] = {}
    with tempfile.TemporaryDirectory(prefix="straitmap-bench-memory-") as tmp:
        for label, dataset in (("baseline", None), ("ticked", name)):
            log = Path(tmp) / f"{label}.log"
            try:
                with dashboard(data, log) as server:
                    sessions[label] = run_session(server, chromium, dataset)
            except Exception:
                print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
                raise
    base, ours = sessions["baseline"], sessions["ticked"]
    verdict = "met" if ours.peak <= GOAL_MIB * 2**20 else "MISSED"
    moves = ", ".join(f"{what} z{zoom}" for what, _, _, zoom in MOVES)
    return [
        f"app server resident memory (streamlit run dashboard/app.py, the process and its "
        f"children, sampled every {SAMPLE_S * 1000:.0f} ms and VmHWM), Map page opened, then "
        f"{moves}:",
        f"  with the {points:,}-point dataset {name!r} ticked: peak {_mib(ours.peak)}, "
        f"{_mib(ours.final)} after the last move (goal under 1 GiB: {verdict}); {ours.notes}",
        f"  baseline, the same app and data folder with the dataset unticked: peak "
        f"{_mib(base.peak)}, {_mib(base.final)} after the last move; the dataset adds "
        f"{_mib(ours.peak - base.peak)} at the peak; {base.notes}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="a data folder holding the dataset")
    parser.add_argument("--name", default="ais", help="the dataset's name (default ais)")
    args = parser.parse_args(argv)
    import pyarrow.parquet as pq

    from straitmap.points import resolve_dataset

    parquet = resolve_dataset(args.data / "datasets" / args.name)
    points = pq.ParquetFile(parquet).metadata.num_rows
    for line in memory_figures(args.data, args.name, points):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
