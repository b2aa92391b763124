"""The Routes page in Chromium, offline: both routes drawn, the card's figures the CLI's."""

from __future__ import annotations

import json
import shlex

import pytest
from playwright.sync_api import Page, expect

from straitmap.cli import main
from tests.browser.conftest import NetworkLog, Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame

#: The route overlays' strokes (straitmap.layer_policy): open solid blue, closed dashed black.
OPEN_ROUTE = 'path[stroke="#0072B2"][stroke-width="4"]'
CLOSED_ROUTE = 'path[stroke="#000000"][stroke-dasharray="9 6"]'


def test_both_routes_are_drawn_offline_and_the_card_is_the_clis(
    dashboard: Server, page: Page, network: NetworkLog, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(dashboard.url + "/routes?from=Shanghai&to=Singapore&close=strait")
    frame = map_frame(page)
    expect(frame.locator(OPEN_ROUTE).first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    expect(frame.locator(CLOSED_ROUTE).first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    # The closed area is shaded (its dashed outline in the closure colour).
    expect(frame.locator('path[stroke="#A6361C"]').first).to_be_attached()

    command = page.get_by_test_id("stCode").first.inner_text().strip()
    words = shlex.split(command)
    assert words[:2] == ["straitmap", "route"]
    capsys.readouterr()
    assert main(words[1:]) == 0
    answer = json.loads(capsys.readouterr().out)
    main_text = page.get_by_test_id("stMain").inner_text()
    for figure in (
        f"{answer['open']['length_km']:,.1f} km",
        f"{answer['closed_route']['length_km']:,.1f} km",
        f"Detour: +{answer['extra_km']:,.1f} km",
        f"+{answer['extra_hours']:,.1f} h",
    ):
        assert figure in main_text, figure
    assert network.blocked == [], f"requests left the machine: {network.blocked}"
    assert network.failed == [], f"requests failed: {network.failed}"


def test_closing_the_strait_in_the_sidebar_redraws_the_detour(
    dashboard: Server, page: Page
) -> None:
    page.goto(dashboard.url + "/routes?from=Tokyo&to=Hong%20Kong")
    frame = map_frame(page)
    expect(frame.locator(OPEN_ROUTE).first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    expect(frame.locator(CLOSED_ROUTE)).to_have_count(0)
    page.get_by_test_id("stSidebar").get_by_text("Close the Taiwan Strait").click()
    expect(frame.locator(CLOSED_ROUTE).first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    page.wait_for_function("() => location.search.includes('close=strait')")
    expect(page.get_by_test_id("stMain")).to_contain_text("Detour: +")
