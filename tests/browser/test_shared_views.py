"""A shared link reproduces its view; normal and presentation mode at a 1280×720 screen share."""

from __future__ import annotations

from playwright.sync_api import Frame, Page, expect

from straitmap.render import LAYER_STYLES
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke

SHARED = "?layers=land,median_line,places&lat=24.1&lon=120.3&zoom=8"


def leaflet_frame(page: Page) -> Frame:
    frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
    assert frame is not None, "the map's iframe"
    return frame


def test_shared_link_reproduces_layers_and_view(
    dashboard: Server, page: Page, network: NetworkLog
) -> None:
    page.goto(dashboard.url + "/" + SHARED)
    frame = map_frame(page)
    median = paths_with_stroke(frame, LAYER_STYLES["median_line"].color)
    expect(median.first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    assert paths_with_stroke(frame, LAYER_STYLES["strait"].color).count() == 0
    view = leaflet_frame(page).evaluate(
        "() => [map_div.getCenter().lat, map_div.getCenter().lng, map_div.getZoom()]"
    )
    assert abs(view[0] - 24.1) < 0.01
    assert abs(view[1] - 120.3) < 0.01
    assert view[2] == 8
    expect(page.get_by_role("checkbox", name="Taiwan Strait")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Median line (Davis line)")).to_be_checked()
    assert network.blocked == []


def test_screenshots_normal_and_presentation_mode(dashboard: Server, page: Page) -> None:
    page.goto(dashboard.url)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "normal-1280x720.png"))
    expect(page.get_by_test_id("stSidebar")).to_be_visible()

    page.goto(dashboard.url + "/?present=1")
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    expect(page.get_by_role("button", name="Leave")).to_be_visible()
    map_box = page.locator('iframe[title="streamlit_folium.st_folium"] >> nth=0').bounding_box()
    assert map_box is not None
    assert map_box["y"] + map_box["height"] <= 720, "the map fits a 1280×720 screen share"
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(map_frame(page).locator(".sm-legend")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "present-1280x720.png"))
