"""Files nobody in this project wrote, uploaded as a user would: reported, drawn, pages open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from straitmap.render import CELL_COLORS, LAYER_STYLES
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke
from tests.conftest import shared_dataset

UPLOAD = LAYER_STYLES["upload"]
PAGES = {"/measure": "Measure", "/data": "Data", "/about": "About"}


@pytest.fixture(scope="module")
def reporter_tracks() -> Path:
    """The Reporter's Japan tracks (327 lines and points, 1,104 bare NaN in properties)."""
    return shared_dataset("pla-path-database/Japan/jp_data_cleaned.geojson")


def upload(page: Page, dashboard: Server, path: Path) -> None:
    page.goto(dashboard.url)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    page.get_by_text("Your data (GeoJSON or CSV)").click()
    page.locator('input[type="file"]').set_input_files(str(path))


def every_page_opens(page: Page, dashboard: Server) -> None:
    for path, title in PAGES.items():
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(path)), timeout=MAP_TIMEOUT_MS)
        expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=MAP_TIMEOUT_MS)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text("Traceback")).to_have_count(0)
        if path == "/measure":  # the defaults still mean the bundled places
            expect(page.get_by_text("Kadena Air Base (26.3517, 127.7694)")).to_be_visible(
                timeout=MAP_TIMEOUT_MS
            )
            expect(page.get_by_text("ambiguous")).to_have_count(0)


def test_reporter_tracks_report_their_nan_and_draw_as_lines(
    dashboard: Server, page: Page, network: NetworkLog, reporter_tracks: Path
) -> None:
    upload(page, dashboard, reporter_tracks)
    sidebar = page.get_by_test_id("stSidebar")
    expect(
        sidebar.get_by_text(re.compile(r"1,104 property values written as bare NaN"))
    ).to_be_visible(timeout=MAP_TIMEOUT_MS)
    expect(sidebar.get_by_text(re.compile(r"327 accepted"))).to_be_visible()
    frame = map_frame(page)
    drawn = paths_with_stroke(frame, UPLOAD.color)
    expect(drawn.nth(10)).to_be_attached(timeout=MAP_TIMEOUT_MS)
    fills = drawn.evaluate_all("(paths) => paths.map((p) => p.getAttribute('fill'))")
    lines = [f for f in fills if f == "none"]
    assert len(lines) >= 300, f"tracks should be stroked lines, not filled: {len(lines)} unfilled"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-reporter-tracks.png"))
    every_page_opens(page, dashboard)
    assert network.blocked == []


def test_natural_earth_ports_draw_in_the_upload_style(
    dashboard: Server, page: Page, network: NetworkLog, natural_earth: Path
) -> None:
    upload(page, dashboard, natural_earth / "ne_10m_ports.json")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(re.compile(r"1,?081 accepted"))).to_be_visible(
        timeout=MAP_TIMEOUT_MS
    )
    expect(
        sidebar.get_by_text(re.compile(r"962 features outside the map's region"))
    ).to_be_visible()
    frame = map_frame(page)
    # The map fits the ports inside its region, not the whole world's (empty ocean there).
    leaflet = next(f for f in page.frames if "streamlit_folium" in f.url)
    leaflet.wait_for_function("() => window.smViewRequest !== undefined", timeout=MAP_TIMEOUT_MS)
    view = leaflet.evaluate("() => [map_div.getCenter().lat, map_div.getCenter().lng]")
    assert 0 <= view[0] <= 46, view
    assert 100 <= view[1] <= 150, view
    # 1,081 points are drawn as density cells when zoomed out, in the upload's own colours,
    # never the incursions'.
    cells = frame.locator(".leaflet-sm-cells-pane path")
    expect(cells.first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    fills = set(cells.evaluate_all("(paths) => paths.map((p) => p.getAttribute('fill'))"))
    incursion_fills = set(CELL_COLORS["pla_incursions"])
    upload_fills = set(CELL_COLORS["upload"])
    assert fills & upload_fills, fills
    assert fills <= upload_fills | incursion_fills, fills
    assert len(fills & upload_fills) >= 2, "the upload's cells use its own colour ramp"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-ne-ports.png"))
    every_page_opens(page, dashboard)
    assert network.blocked == []
