"""The dashboard in headless Chromium with every outside request blocked: the map still draws."""

from __future__ import annotations

from playwright.sync_api import FrameLocator, Page, expect

from straitmap.render import LAYER_STYLES
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server

MAP_TIMEOUT_MS = 60_000


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"] >> nth=0')


def paths_with_stroke(frame: FrameLocator, color: str):
    return frame.locator(f'.leaflet-map-pane path[stroke="{color}"]')  # any pane


def test_map_draws_every_reference_layer_offline(
    dashboard: Server, page: Page, network: NetworkLog
) -> None:
    page.goto(dashboard.url)
    frame = map_frame(page)
    land = paths_with_stroke(frame, LAYER_STYLES["land"].color)
    expect(land.first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    rings = (land.first.get_attribute("d") or "").count("M")
    assert rings > 20, f"expected the land layer's many polygons in one path, found {rings} rings"
    for layer_id in ("strait", "strait_limits", "median_line"):
        color = LAYER_STYLES[layer_id].color
        expect(paths_with_stroke(frame, color).first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    expect(frame.locator(".sm-label.rank-1 span").first).to_be_visible()
    assert frame.locator(".sm-hide-rank-3").count() == 1, "rank-3 names hide at the opening zoom"
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


def test_place_popup_shows_name_and_source_link(dashboard: Server, page: Page) -> None:
    page.goto(dashboard.url)
    frame = map_frame(page)
    places = paths_with_stroke(frame, LAYER_STYLES["places"].color)
    expect(places.first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    container = frame.locator(".leaflet-container").bounding_box()
    assert container is not None
    centre = (container["x"] + container["width"] / 2, container["y"] + container["height"] / 2)

    def distance_to_centre(index: int) -> float:
        box = places.nth(index).bounding_box()
        assert box is not None
        return float(abs(box["x"] - centre[0]) + abs(box["y"] - centre[1]))

    target = places.nth(min(range(places.count()), key=distance_to_centre))
    target.hover()
    expect(frame.locator(".leaflet-tooltip")).to_be_visible()
    name = frame.locator(".leaflet-tooltip").inner_text().strip()
    assert name
    target.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(name)
    expect(popup).to_contain_text("Source:")
    link = popup.locator(".sm-source a")
    assert (link.get_attribute("href") or "").startswith("http")
