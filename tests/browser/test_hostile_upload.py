"""An uploaded file full of HTML, Jinja and JS shows literally and runs nothing, anywhere."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from straitmap.render import LAYER_STYLES
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile_properties.geojson"
MARKER = Path("/tmp/straitmap-pwned-marker")


def test_hostile_upload_is_shown_literally_and_runs_nothing(
    dashboard: Server, page: Page, network: NetworkLog
) -> None:
    MARKER.unlink(missing_ok=True)
    page.goto(dashboard.url)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    page.get_by_text("Your data (GeoJSON or CSV)").click()
    page.locator('input[type="file"]').set_input_files(str(HOSTILE))
    frame = map_frame(page)
    points = paths_with_stroke(frame, LAYER_STYLES["upload"].color)
    expect(points.nth(1)).to_be_attached(timeout=MAP_TIMEOUT_MS)
    # The map fits itself to a file when it is added (both points in view, zoomed in), once.
    leaflet = next(f for f in page.frames if "streamlit_folium" in f.url)
    leaflet.wait_for_function(
        "() => map_div.getZoom() >= 9 && map_div.getBounds().contains([24.0, 120.2])"
        " && map_div.getBounds().contains([24.3, 120.6])",
        timeout=MAP_TIMEOUT_MS,
    )
    expect(page).to_have_url(re.compile(r"zoom=(9|10)"), timeout=MAP_TIMEOUT_MS)
    texts = []
    for index in range(points.count()):
        point = points.nth(index)
        point.scroll_into_view_if_needed()
        point.hover(force=True)
        tooltip = frame.locator(".leaflet-tooltip").last
        expect(tooltip).to_be_visible()
        texts.append(tooltip.inner_text())
        point.click(force=True)
        # .last: the popup just opened (the previous one fades out for 200 ms, still in the DOM)
        popup = frame.locator(".leaflet-popup-content").last
        expect(popup).to_be_visible()
        texts.append(popup.inner_text())
        assert popup.locator("script, img").count() == 0
        assert popup.locator('a[href^="javascript"]').count() == 0
    joined = "\n".join(texts)
    assert '<img src=x onerror="window.__pwned=1">' in joined
    assert "{{7*7}}" in joined
    assert "${window.__pwned=4}" in joined
    assert "<script>window.__pwned=2</script>" in joined
    assert "49" not in joined
    pwned = next(f for f in page.frames if "streamlit_folium" in f.url).evaluate(
        "() => window.__pwned"
    )
    assert pwned is None
    assert page.evaluate("() => window.__pwned") is None
    assert not MARKER.exists(), "a template in the data ran on the server"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile-upload.png"))
    assert network.blocked == []


def test_csv_upload_with_chinese_column_names_draws_its_points(
    dashboard: Server, page: Page, network: NetworkLog
) -> None:
    page.goto(dashboard.url)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    page.get_by_text("Your data (GeoJSON or CSV)").click()
    page.locator('input[type="file"]').set_input_files(
        str(HOSTILE.parent / "points_zh_columns.csv")
    )
    expect(page.get_by_text("2 rows: 2 accepted")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    points = paths_with_stroke(map_frame(page), LAYER_STYLES["upload"].color)
    expect(points.nth(1)).to_be_attached(timeout=MAP_TIMEOUT_MS)
    assert points.count() == 2
    assert network.blocked == []
