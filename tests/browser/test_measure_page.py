"""The Measure page in a browser: the figures shown equal the CLI's; clicks measure a path."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from straitmap.cli import main
from straitmap.render import LAYER_STYLES
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke


def cli_distance(start: str, end: str, capsys: pytest.CaptureFixture[str]) -> dict[str, float]:
    assert main(["distance", start, end, "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def metric(page: Page, label: str) -> str:
    block = page.get_by_test_id("stMetric").filter(has_text=label)
    return block.get_by_test_id("stMetricValue").inner_text().strip()


def test_distance_shown_equals_the_cli(
    dashboard: Server, page: Page, network: NetworkLog, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(dashboard.url + "/measure")
    to_picker = page.get_by_test_id("stSelectbox").filter(has_text="To")
    expect(to_picker).to_be_visible(timeout=MAP_TIMEOUT_MS)
    to_picker.click()
    page.keyboard.type("Xiamen")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kadena Air Base (26.3517, 127.7694) → Xiamen")).to_be_visible(
        timeout=MAP_TIMEOUT_MS
    )
    expected = cli_distance("Kadena Air Base", "Xiamen", capsys)
    assert metric(page, "Kilometres") == f"{expected['km']:,.1f}"
    assert metric(page, "Nautical miles") == f"{expected['nmi']:,.1f}"
    assert metric(page, "Statute miles") == f"{expected['mi']:,.1f}"
    assert metric(page, "Initial bearing") == f"{expected['bearing_deg']:05.1f}° true"
    assert network.blocked == []


def test_two_clicks_measure_a_path(dashboard: Server, page: Page) -> None:
    page.goto(dashboard.url + "/measure")
    frame = map_frame(page)
    container = frame.locator(".leaflet-container")
    expect(frame.locator(".leaflet-overlay-pane path").first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    box = container.bounding_box()
    assert box is not None
    container.click(position={"x": box["width"] * 0.80, "y": box["height"] * 0.15})
    expect(page.get_by_text("Path: 1 points")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    map_frame(page).locator(".leaflet-container").click(
        position={"x": box["width"] * 0.90, "y": box["height"] * 0.35}
    )
    expect(page.get_by_text("Path: 2 points")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "measure-path.png"), full_page=True)


def test_a_click_on_a_city_dot_adds_a_path_point(dashboard: Server, page: Page) -> None:
    page.goto(dashboard.url + "/measure")
    frame = map_frame(page)
    places = paths_with_stroke(frame, LAYER_STYLES["places"].color)
    expect(places.first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    leaflet = next(f for f in page.frames if "streamlit_folium" in f.url)
    leaflet.evaluate("() => { window.smSameMap = true; }")
    # Taipei's dot, wherever the map shows it
    point = leaflet.evaluate(
        "() => { const p = map_div.latLngToContainerPoint([25.035833, 121.568333]);"
        " return [p.x, p.y]; }"
    )
    frame.locator(".leaflet-container").click(position={"x": point[0], "y": point[1]})
    expect(page.get_by_text("Path: 1 points")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    assert frame.locator(".leaflet-popup-content").count() == 0, "a click opened a popup"
    # The same Leaflet map, now with the clicked point drawn on it: not re-created.
    expect(paths_with_stroke(frame, LAYER_STYLES["measure_points"].color).first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    assert leaflet.evaluate("() => window.smSameMap") is True
