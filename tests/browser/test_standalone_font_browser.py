"""The Chinese map export draws its labels with its embedded CJK font, offline (Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route

from straitmap import load_layer
from straitmap.cjk_font import cjk_characters, find_cjk_font
from straitmap.render import build_map
from straitmap.standalone import DEFAULT_STATIC_ROOT, standalone_html
from tests.test_standalone_font import embedded_font


@pytest.fixture(scope="module")
def chinese_page() -> str:
    """The median line and places exported in Chinese, with the system's CJK font embedded."""
    if find_cjk_font() is None:
        pytest.fail("no font covers zh-TW (fc-match :lang=zh-tw): run `make cjk-font`")
    layers = {layer_id: load_layer(layer_id) for layer_id in ("median_line", "places")}
    chinese = build_map(layers, static_url=None, lang="zh-TW")
    return standalone_html(chinese, DEFAULT_STATIC_ROOT, lang="zh-TW")


@pytest.mark.browser
def test_chinese_export_draws_its_labels_with_the_embedded_font_offline(
    chinese_page: str, tmp_path: Path, browser: Browser
) -> None:
    exported = tmp_path / "map-zh.html"
    exported.write_text(chinese_page, encoding="utf-8")
    blocked: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 720})  # the session's
    try:
        context.route("**/*", guard)
        page = context.new_page()
        page.goto(exported.as_uri())
        page.locator(".sm-label span", has_text="高雄").first.wait_for(timeout=30_000)
        loaded = page.evaluate(
            """async () => {
              const faces = await document.fonts.load('12px "straitmap CJK"', '臺灣');
              return faces.map(face => face.status);
            }"""
        )
        assert loaded == ["loaded"]
        assert page.evaluate("""document.fonts.check('12px "straitmap CJK"', '臺灣')""")
        # Chromium's own account of which font drew a label: the embedded one, not the system's.
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        query = {"nodeId": root, "selector": ".sm-label span"}
        labels = cdp.send("DOM.querySelectorAll", query)
        drawn_by = [
            cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            for node in labels["nodeIds"][:6]
        ]
        assert len(drawn_by) == 6
        for fonts in drawn_by:
            assert [f["isCustomFont"] for f in fonts] == [True], drawn_by
        page.locator(".sm-legend summary").click()
        shown = cjk_characters(page.inner_text("body"))
        font = embedded_font(chinese_page)
        assert set(shown) <= {chr(c) for c in font.getBestCmap()}
        page.screenshot(path=str(tmp_path / "map-zh-1280x720.png"))
    finally:
        context.close()
    assert blocked == []
