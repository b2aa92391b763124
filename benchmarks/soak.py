"""Soak run (`make bench`, not a test): 300 reruns of the app with an uploaded file, after a
warm-up; prints how much the server's resident memory grew (goal: under 10 %)."""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM_ARGS, start_dashboard, stop  # noqa: E402

WARM_UP = 20
RERUNS = 300
SEED = 20261125


def rss_kib(pid: int) -> int:
    """Resident set size of a process, KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def sample_upload(path: Path, features: int = 2000) -> Path:
    """A seeded GeoJSON of points in the strait, with provenance fields."""
    rng = random.Random(SEED)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "id": f"s{i:05d}",
                    "name": f"Sample point {i}",
                    "source": "straitmap soak benchmark (synthetic, seeded)",
                    "source_url": "https://example.org/straitmap-soak",
                    "precision": "synthetic",
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(rng.uniform(118, 122), 4), round(rng.uniform(22, 26), 4)],
                },
            }
            for i in range(features)
        ],
    }
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def rerun(page: Page, box_label: str) -> None:
    """Toggle a layer checkbox and wait until the server's rerun has written the URL.

    Unticking a default layer puts `layers=` in the URL; ticking it again removes it: the URL
    changes only when the rerun has run, so no rerun is coalesced away unseen.
    """
    box = page.get_by_role("checkbox", name=box_label)
    unticking = box.is_checked()
    box.click(force=True)
    expected = "true" if unticking else "false"
    page.wait_for_function(
        f"() => location.search.includes('layers=') === {expected}", timeout=60_000
    )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="straitmap-soak-"))
    upload = sample_upload(workdir / "soak-points.geojson")
    server = start_dashboard(workdir / "server.log")
    chromium = os.environ.get("STRAITMAP_CHROMIUM", "/usr/bin/chromium")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(server.url)
            page.get_by_text("Your data (GeoJSON or CSV)").click()
            page.locator('input[type="file"]').set_input_files(str(upload))
            page.get_by_text("2000 features: 2000 accepted").wait_for(timeout=60_000)
            for _ in range(WARM_UP):
                rerun(page, "Strait limits")
            before = rss_kib(server.process.pid)
            for _ in range(RERUNS):
                rerun(page, "Strait limits")
            after = rss_kib(server.process.pid)
            browser.close()
    finally:
        stop(server)
    growth = (after - before) / before * 100
    print(
        f"soak: {RERUNS} reruns with a 2,000-point upload after {WARM_UP} warm-up reruns: "
        f"server RSS {before / 1024:.0f} MiB → {after / 1024:.0f} MiB ({growth:+.1f} %, "
        "goal < 10 %)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
