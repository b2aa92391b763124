"""Dates typed in the sidebar apply when Enter is pressed, as in any form field."""

from __future__ import annotations

from urllib.parse import parse_qs

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke
from tests.browser.test_map_updates import draws
from tests.browser.test_shared_views import leaflet_frame


def _query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(page.evaluate("location.search")[1:]).items()}


def _points_metric(page: Page) -> str:
    return page.get_by_test_id("stMetric").filter(has_text="Incursion points").inner_text()


def _type_and_enter(page: Page, label: str, text: str) -> None:
    field = page.get_by_test_id("stSidebar").get_by_role("textbox", name=label)
    field.fill(text)
    field.press("Enter")


def _choose_custom_range(page: Page) -> None:
    """Pick "Custom range" in the Dates select. The run the map starts when it first reports
    its view redraws the sidebar and can close a list opened meanwhile: then open it again."""
    dates = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Dates")
    option = page.get_by_role("option", name="Custom range")
    for _attempt in range(3):
        dates.click()
        try:
            option.click(timeout=5_000)
            return
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    option.click()  # a last try that fails with Playwright's own message


def test_a_typed_range_applies_on_enter_without_leaving_the_field(
    dashboard: Server, page: Page
) -> None:
    page.goto(dashboard.url)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    sidebar = page.get_by_test_id("stSidebar")
    _choose_custom_range(page)
    expect(sidebar.get_by_role("textbox", name="From")).to_be_visible()
    all_points = _points_metric(page)

    before = draws(page)
    _type_and_enter(page, "From", "2022-08-04")
    _type_and_enter(page, "To", "111/08/10")  # an ROC year, as MND bulletins write it
    page.wait_for_function(
        "() => location.search.includes('to=2022-08-10')", timeout=MAP_TIMEOUT_MS
    )
    # Focus never left the To field: Enter alone applied the range.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "To"
    query = _query(page)
    assert (query["from"], query["to"]) == ("2022-08-04", "2022-08-10")
    leaflet_frame(page).wait_for_function(
        "n => Number(document.documentElement.getAttribute('data-sm-drawn')) > n",
        arg=before,
        timeout=MAP_TIMEOUT_MS,
    )
    expect(page.get_by_test_id("stMetric").filter(has_text="Incursion points")).not_to_have_text(
        all_points
    )


def test_an_unreadable_date_says_which_field_and_keeps_the_last_range(
    dashboard: Server, page: Page
) -> None:
    page.goto(dashboard.url + "/?from=2022-08-05&to=2022-08-12")
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    _type_and_enter(page, "To", "2022-02-30")
    alert = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    expect(alert).to_contain_text("To: cannot read '2022-02-30' as a date")
    expect(alert).to_contain_text("February 2022 has 28 days")
    expect(alert).to_contain_text("Showing 2022-08-05 to 2022-08-12")
    assert _query(page)["to"] == "2022-08-12"
