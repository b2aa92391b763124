"""The dashboard in headless Chromium with every outside request blocked: the map still draws."""

from __future__ import annotations

from playwright.sync_api import FrameLocator, Page, expect

from straitmap.render import LAYER_STYLES
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server

MAP_TIMEOUT_MS = 60_000


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def paths_with_stroke(frame: FrameLocator, color: str):
    return frame.locator(f'.leaflet-overlay-pane path[stroke="{color}"]')


def test_map_draws_every_reference_layer_offline(
    dashboard: Server, page: Page, network: NetworkLog
) -> None:
    page.goto(dashboard.url)
    frame = map_frame(page)
    land = paths_with_stroke(frame, LAYER_STYLES["land"].color)
    expect(land.first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    assert land.count() > 20, "expected the land layer's polygons"
    for layer_id in ("strait", "strait_limits", "median_line"):
        color = LAYER_STYLES[layer_id].color
        expect(paths_with_stroke(frame, color).first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    expect(frame.locator(".sm-label:not(.sm-hidden) span").first).to_be_visible()
    expect(frame.locator(".leaflet-control-layers")).to_be_visible()
    expect(frame.locator(".leaflet-control-scale")).to_be_visible()
    expect(frame.locator(".leaflet-control-measure")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-offline.png"))
    assert network.blocked == [], f"requests left the machine: {network.blocked}"
    assert network.failed == [], f"requests failed: {network.failed}"


def test_osm_tiles_are_opt_in(dashboard: Server, page: Page, network: NetworkLog) -> None:
    page.goto(dashboard.url)
    frame = map_frame(page)
    expect(frame.locator(".leaflet-control-layers")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    assert frame.locator(".leaflet-tile").count() == 0
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("OpenStreetMap tiles (online only)").click()
    expect(frame.locator(".leaflet-tile").first).to_be_attached()
    assert any("tile.openstreetmap.org" in url for url in network.blocked), (
        "ticking the OSM overlay should request tiles (blocked here)"
    )
