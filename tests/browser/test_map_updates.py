"""Changing filters and layers updates the map in place: same Leaflet map, no growing memory."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke
from tests.browser.test_shared_views import leaflet_frame

CHANGES = 6


def draws(page: Page) -> int:
    return int(
        leaflet_frame(page).evaluate(
            "() => Number(document.documentElement.getAttribute('data-sm-drawn') || 0)"
        )
    )


def test_filter_and_layer_changes_keep_the_map_and_release_old_layers(
    dashboard: Server, page: Page
) -> None:
    page.goto(dashboard.url)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    frame = leaflet_frame(page)
    frame.wait_for_function("() => document.documentElement.hasAttribute('data-sm-drawn')")
    frame.evaluate("() => { window.smSameMap = true; }")
    groups = frame.evaluate("() => window.feature_group.length")
    clicks = frame.evaluate("() => map_div._events.click.length")
    sidebar = page.get_by_test_id("stSidebar")
    crossed = sidebar.get_by_role("radiogroup", name="Crossed the median line")
    for i in range(CHANGES):
        before = draws(page)
        if i % 2 == 0:
            crossed.get_by_text("Yes" if i % 4 == 0 else "Any", exact=True).click()
        else:
            sidebar.get_by_text("Strait limits", exact=True).click()
        frame.wait_for_function(
            "n => Number(document.documentElement.getAttribute('data-sm-drawn')) > n",
            arg=before,
            timeout=MAP_TIMEOUT_MS,
        )
    # The same document and Leaflet map throughout: the changes were drawn in place.
    assert frame.evaluate("() => window.smSameMap") is True
    # st_folium keeps every group it ever added unless they are let go of.
    held = frame.evaluate("() => window.feature_group.length")
    assert held <= groups + 2, f"{held} layer groups held after {CHANGES} changes ({groups} shown)"
    # ... nor through the click listener each replaced layer control leaves on the map.
    assert frame.evaluate("() => map_div._events.click.length") == clicks
