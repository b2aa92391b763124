"""Every page in Traditional Chinese (`?lang=zh-TW`), offline: no English left on screen but
proper names, units and code on an allow-list (issue 14). Screenshots at 1280×720."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tests.browser.conftest import ARTIFACTS, NetworkLog, Server

#: Visible text of a document: text nodes under visible elements, leaving out code, commands,
#: scripts and the elements that hold values the user typed.
VISIBLE_TEXT_JS = """() => {
  const skip = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'KBD', 'SAMP', 'NOSCRIPT', 'TEXTAREA',
                        'INPUT', 'SVG', 'svg', 'TITLE']);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text) continue;
    let el = node.parentElement, hidden = false;
    for (let e = el; e; e = e.parentElement) {
      if (skip.has(e.tagName) || e.getAttribute('translate') === 'no'
          || e.getAttribute('aria-hidden') === 'true') { hidden = true; break; }
    }
    if (hidden || !el) continue;
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    // Hidden, drawn at no size (CSS that draws other words instead), or visually hidden
    // for screen readers only (1 px, off the page's edge).
    if (style.visibility === 'hidden' || style.display === 'none' || box.width <= 1
        || box.height <= 1 || parseFloat(style.fontSize) === 0 || box.right <= 0
        || box.bottom <= 0) continue;
    out.push(text);
  }
  return out;
}"""

#: Latin words that may stay on a Chinese page: proper names, units, formats, standards.
ALLOWED = {
    "straitmap", "leaflet", "openstreetmap", "natural", "earth", "wgs84", "wgs", "geojson",
    "csv", "geoparquet", "parquet", "html", "png", "json", "toml", "km", "nmi", "mnd", "pla",
    "utc", "iho", "adiz", "s-23", "duckdb", "dask", "streamlit", "folium", "pyproj", "searoute",
    "github", "url", "zh-tw", "english", "ok", "usaf", "usn", "usmc", "prc", "roc", "imo",
    "ghg", "ais", "ads-b", "mmsi", "id", "davis", "x", "n", "e", "s", "w", "kn",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z]")

PAGES = ("", "measure", "routes", "briefing", "data", "about")
MAP_PAGES = ("", "measure", "routes", "briefing")


#: Code in running text: URLs and domains, file names, field, layer and measurement ids
#: (`source_url`, `ne_10m_land`, `strait-narrowest`), UN/LOCODEs (TWKHH), map scales (1:10m),
#: commit hashes.
_NOT_CJK = r"[^\s\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]*"
CODE = re.compile(
    rf"{_NOT_CJK}(?:https?://|www\.|[A-Za-z0-9]_[A-Za-z0-9]"
    r"|\.(?:geojson|csv|html|js|py|php|aspx|com|org|net|tw|jp|gov|dev)\b)"
    rf"{_NOT_CJK}"
    r"|(?<![A-Za-z0-9-])(?:[a-z0-9]+(?:-[a-z0-9]+)+|[A-Z]{5}|[0-9a-f]{5,40}|[A-Z]{2}\d+)"
    r"(?![A-Za-z0-9-])|\d+[A-Z](?:/[A-Z])*(?![A-Za-z])"
    r"|:\d+m\b"
)


#: Words quoted as said or written (a claim's original wording beside its translation).
QUOTED = re.compile(r"“[^”]*”")
#: Names of publications, projects, standards and licences the pages cite as they are written.
CITED_NAMES = (
    "The Japan News", "Taiwan Today", "PLA Tracker", "Open-Base-Map", "InteractiveMaps",
    "GitHub", "Eurostat", "SeaRoute", "MARNET", "UN/LOCODE", "Pusan", "Gent Halili", "ORNL",
    "IMO", "TEU", "AIP", "AIS Japan", "CC BY", "CC0", "EUPL", "Apache-2.0", "MIT", "PyPI",
    "TRT World", "Taiwan News", "PortWatch", "Reuters", "GlobalSecurity.org", "Taipei Times",
    "EveryCRSReport", "inforMARE",
)  # fmt: skip


def english_words(texts: list[str], names: set[str], codes: set[str] = frozenset()) -> list[str]:
    """The Latin words of `texts` not on the allow-list, not code, not quoted and not part of
    a proper name."""
    left = []
    names = names | set(CITED_NAMES)
    for text in texts:
        stripped = QUOTED.sub(" ", CODE.sub(" ", text))
        for name in sorted(names, key=len, reverse=True):
            stripped = stripped.replace(name, " ")
        if stripped.strip() in codes:
            continue  # a field name on its own, as in the Data page's fields tables
        for word in WORD.findall(stripped):
            if word.lower().strip(".'’-") not in ALLOWED:
                left.append(word)
    return left


def _field_names() -> set[str]:
    """Every catalog field name: the Data page lists them as the files spell them (code)."""
    import tomllib
    from pathlib import Path

    catalog = tomllib.loads(Path("geodata/catalog.toml").read_text(encoding="utf-8"))
    entries = [catalog["common"], *catalog["layers"].values()]
    return {str(field) for entry in entries for field in entry.get("fields", {})}


def _proper_names() -> set[str]:
    """English names of features that have no Chinese name, which the page may show as is,
    and source titles (citations stay in their own language)."""
    import json
    from pathlib import Path

    names: set[str] = set()
    for path in Path("geodata").glob("*.geojson"):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            if not props.get("name_zh") and props.get("name"):
                names.add(str(props["name"]))
            if props.get("source"):
                names.add(str(props["source"]))
    return names


def _map_frame(page: Page) -> Frame | None:
    return next((f for f in page.frames if "streamlit_folium" in f.url), None)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_reads_in_traditional_chinese(
    dashboard: Server, page: Page, network: NetworkLog, path: str
) -> None:
    page.goto(f"{dashboard.url}/{path}?lang=zh-TW")
    expect(page.get_by_test_id("stSidebar")).to_be_visible(timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    if path in MAP_PAGES:  # the map drawn, its controls and legend with it
        maps = page.frame_locator('iframe[title="streamlit_folium.st_folium"] >> nth=0')
        maps.locator(".leaflet-control-zoom-in").wait_for(state="attached", timeout=60_000)
        maps.locator(".leaflet-overlay-pane path").first.wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(1_500)  # late widgets and the map's own controls settle
    texts: list[str] = page.evaluate(VISIBLE_TEXT_JS)
    frame = _map_frame(page)
    if frame is not None:
        texts += frame.evaluate(VISIBLE_TEXT_JS)
    page.screenshot(path=str(ARTIFACTS / f"zh-TW-{path or 'map'}-1280x720.png"))
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), "no Chinese on the page"
    left = english_words(texts, _proper_names(), _field_names())
    assert left == [], f"English left on /{path}?lang=zh-TW: {sorted(set(left))}"
    assert network.blocked == []


def test_a_browser_that_prefers_chinese_opens_in_chinese_and_can_switch_back(
    dashboard: Server, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-TW")
    try:
        page = context.new_page()
        page.goto(f"{dashboard.url}/?zone=southwest&lat=22.6000&lon=120.3000&zoom=9")
        heading = page.get_by_test_id("stHeading").first
        expect(heading).to_have_text(re.compile(r"[\u4e00-\u9fff]"), timeout=60_000)
        expect(page).to_have_url(re.compile(r"lang=zh-TW"), timeout=30_000)
        maps = page.frame_locator('iframe[title="streamlit_folium.st_folium"] >> nth=0')
        expect(maps.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "放大")
        page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
        expect(heading).not_to_have_text(re.compile(r"[\u4e00-\u9fff]"), timeout=30_000)
        expect(page).not_to_have_url(re.compile(r"lang="), timeout=30_000)
        # A new map in English (its own controls), where the Chinese one was; filters kept.
        expect(maps.locator(".leaflet-control-zoom-in")).to_have_attribute(
            "title", "Zoom in", timeout=30_000
        )
        page.wait_for_timeout(1_000)  # the new map reports its view
        assert "zone=southwest" in page.url
        assert "lat=22.6000" in page.url
        assert "lon=120.3000" in page.url
        assert "zoom=9" in page.url
    finally:
        context.close()
