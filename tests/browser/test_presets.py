"""Preset views, clicked as a presenter would: layers, filters, view and URL all follow."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from dashboard import state
from straitmap import load_catalog
from tests.browser.conftest import Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke
from tests.browser.test_shared_views import leaflet_frame

PRESETS = {label: params for label, params in state.PRESET_VIEWS.items() if "layers" in params}
TITLES = {layer_id: spec.title for layer_id, spec in load_catalog().layers.items()}


def _query(page: Page) -> dict[str, str]:
    search = page.evaluate("() => window.location.search")
    return {k: v[0] for k, v in parse_qs(urlparse(search).query or search[1:]).items()}


@pytest.mark.parametrize("where", ["sidebar", "presentation bar"])
@pytest.mark.parametrize("label", list(PRESETS), ids=lambda label: label.replace(" ", "-"))
def test_a_preset_sets_layers_filters_view_and_url(
    dashboard: Server, page: Page, label: str, where: str
) -> None:
    preset = PRESETS[label]
    page.goto(dashboard.url + ("/?present=1" if where == "presentation bar" else "/"))
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    # Clicked as soon as the map is drawn, while the map may still be reporting its view: a
    # click during a run must not be lost (runner.fastReruns = false, .streamlit/config.toml;
    # the presets are a value the browser re-sends, not a one-off button trigger).
    if where == "sidebar":
        page.get_by_test_id("stSidebar").get_by_text("Preset views").click()
        page.get_by_test_id("stSidebar").get_by_role("radio", name=label).click()
    else:
        page.get_by_role("radio", name=label).click()

    # The map itself moves to the preset's view, without being re-created.
    leaflet_frame(page).wait_for_function(
        "([lat, lon, zoom]) => Math.abs(map_div.getCenter().lat - lat) < 0.01"
        " && Math.abs(map_div.getCenter().lng - lon) < 0.01 && map_div.getZoom() === zoom",
        arg=[float(preset["lat"]), float(preset["lon"]), float(preset["zoom"])],
        timeout=MAP_TIMEOUT_MS,
    )
    # The URL afterwards reproduces the preset exactly (the view as the map reports it).
    view = (
        rf"lat={float(preset['lat']):.4f}&lon={float(preset['lon']):.4f}"
        rf"&zoom={re.escape(preset['zoom'])}(&|$)"
    )
    expect(page).to_have_url(re.compile(view), timeout=MAP_TIMEOUT_MS)
    query = _query(page)
    assert set(query["layers"].split(",")) == set(preset["layers"].split(","))
    for name in ("from", "to", "zone"):
        assert query.get(name) == preset.get(name), name
    assert (query.get("present") == "1") == (where == "presentation bar")
    if where == "sidebar":
        ticked = set(preset["layers"].split(","))
        sidebar = page.get_by_test_id("stSidebar")
        for layer_id, title in TITLES.items():
            box = sidebar.get_by_role("checkbox", name=title, exact=True)
            if box.count() == 0:
                continue  # a table, not a map layer
            if layer_id in ticked:
                expect(box).to_be_checked()
            else:
                expect(box).not_to_be_checked()
