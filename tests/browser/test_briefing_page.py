"""The article's briefing in Chromium, offline: walked with the keyboard, each stop's map moved
to its view, a screenshot of each stop at 1280×720 (in test-artifacts/, to look at)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from straitmap.briefings import load_briefings
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke
from tests.browser.test_map_updates import draws
from tests.browser.test_shared_views import leaflet_frame

BRIEFING = "hegseth-tokyo-2025"


def _in_view(page: Page, bounds: tuple[tuple[float, float], tuple[float, float]]) -> None:
    """Wait until the map shows the middle of the stop's bounds."""
    (south, west), (north, east) = bounds
    leaflet_frame(page).wait_for_function(
        "([lat, lon, span]) => map_div.getBounds().contains([lat, lon])"
        " && map_div.getBounds().getNorth() - map_div.getBounds().getSouth() > 0.5 * span",
        arg=[(south + north) / 2, (west + east) / 2, north - south],
        timeout=MAP_TIMEOUT_MS,
    )


def test_the_article_briefing_walks_offline_with_the_keyboard(
    dashboard: Server, page: Page, network: NetworkLog
) -> None:
    briefing = load_briefings()[0][BRIEFING]
    page.goto(f"{dashboard.url}/briefing?briefing={BRIEFING}&stop=1&present=1")
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    ARTIFACTS.mkdir(exist_ok=True)
    main = page.get_by_test_id("stMain")
    leaflet_frame(page).wait_for_function(
        "() => document.documentElement.hasAttribute('data-sm-drawn')", timeout=MAP_TIMEOUT_MS
    )
    drawn = 0
    for number, stop in enumerate(briefing.stops, start=1):
        expect(main.get_by_role("heading", name=stop.title)).to_be_visible(timeout=MAP_TIMEOUT_MS)
        expect(main).to_contain_text(f"{number} / {len(briefing.stops)}")
        page.wait_for_function(
            "n => new URLSearchParams(location.search).get('stop') === String(n)", arg=number
        )
        # This stop's layers are drawn (the map's draw counter moved on) and in its view.
        leaflet_frame(page).wait_for_function(
            "n => Number(document.documentElement.getAttribute('data-sm-drawn')) > n",
            arg=drawn,
            timeout=MAP_TIMEOUT_MS,
        )
        if stop.view.bounds is not None:
            _in_view(page, stop.view.bounds)
        page.wait_for_timeout(300)  # the paint after the fit
        page.screenshot(path=str(ARTIFACTS / f"briefing-stop-{number}-1280x720.png"))
        drawn = draws(page)
        if number < len(briefing.stops):
            main.get_by_role("heading", name=stop.title).click()  # focus the page, not the map
            page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    expect(main.get_by_role("heading", name=briefing.stops[-2].title)).to_be_visible(
        timeout=MAP_TIMEOUT_MS
    )
    assert network.blocked == [], f"requests left the machine: {network.blocked}"
    assert network.failed == [], f"requests failed: {network.failed}"


def test_a_users_briefing_file_uploads_and_presents(dashboard: Server, page: Page) -> None:
    small = Path(__file__).resolve().parents[1] / "data" / "briefings" / "small.toml"
    page.goto(f"{dashboard.url}/briefing")
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator('input[type="file"]').set_input_files(str(small))
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="A small test briefing")).to_be_visible(
        timeout=MAP_TIMEOUT_MS
    )
    expect(main.get_by_role("heading", name="The strait")).to_be_visible()
    expect(main).to_contain_text("Kinmen to Xiamen")
    expect(main).to_contain_text("1 / 2")
    # A file cannot travel in a link: the URL names the stop only.
    assert "briefing=" not in page.evaluate("location.search")


def test_a_broken_briefing_upload_says_where_and_the_page_goes_on(
    dashboard: Server, page: Page, tmp_path: Path
) -> None:
    small = Path(__file__).resolve().parents[1] / "data" / "briefings" / "small.toml"
    broken = tmp_path / "mine.toml"
    broken.write_text(small.read_text("utf-8").replace("zoom = 7 }", "zoom = 70 }"), "utf-8")
    page.goto(f"{dashboard.url}/briefing?briefing={BRIEFING}&stop=2")
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    page.get_by_test_id("stSidebar").locator('input[type="file"]').set_input_files(str(broken))
    alert = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    expect(alert).to_contain_text(
        "mine.toml: stop 1 (strait), view, zoom: expected a number from 2 to 14, found 70",
        timeout=MAP_TIMEOUT_MS,
    )
    expect(page.get_by_test_id("stMain")).to_contain_text("2 / 8")
