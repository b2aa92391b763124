"""Every page's URL opens that page, with no "Page not found" and no failed request; Chinese
names draw as characters, not boxes."""

from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import NetworkLog, Server

pytestmark = pytest.mark.browser
PAGE_TIMEOUT_MS = 60_000

MAP = 'iframe[title="streamlit_folium.st_folium"]'
#: path → (the menu entry shown as current, the page's heading; None: the map, which has none)
DEEP_LINKS = {
    "/": ("Map", None),
    "/map": ("Map", None),
    "/measure": ("Measure", "Measure"),
    "/data": ("Data", "Data"),
    "/about": ("About", "About straitmap"),
}

# Draws each character on a canvas in the element's own font and compares the pixels with a
# code point no font has (U+10FFFD, drawn as the missing-glyph box): a character that draws
# the same is a box. Returns the characters drawn as boxes, and how many distinct shapes.
BOXES_JS = """
async (element, text) => {
  await document.fonts.ready;
  const family = getComputedStyle(element).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (character) => {
    context.clearRect(0, 0, 64, 64);
    context.font = '48px ' + family;
    context.fillText(character, 4, 52);
    return context.getImageData(0, 0, 64, 64).data.join(',');
  };
  const box = draw('\\u{10FFFD}');
  const characters = Array.from(text);
  return {
    boxes: characters.filter((character) => draw(character) === box),
    shapes: new Set(characters.map(draw)).size,
  };
}
"""


@pytest.mark.parametrize("path", list(DEEP_LINKS), ids=lambda path: path.strip("/") or "root")
def test_deep_link_opens_its_page(
    dashboard: Server, page: Page, network: NetworkLog, path: str
) -> None:
    errors: list[str] = []

    def record_error(response: Response) -> None:
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("response", record_error)
    page.goto(dashboard.url + path)
    title, heading = DEEP_LINKS[path]
    if heading is None:
        content = page.locator(MAP).first
    else:
        content = page.get_by_role("heading", name=heading, exact=True)
    expect(content).to_be_attached(timeout=PAGE_TIMEOUT_MS)
    current = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
    expect(current).to_have_text(title)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert errors == [], f"{path} made requests that failed: {errors}"
    assert network.failed == [], f"{path} made requests that failed: {network.failed}"
    assert network.blocked == [], f"{path} tried to leave the machine: {network.blocked}"


def test_map_link_keeps_its_view(dashboard: Server, page: Page) -> None:
    page.goto(dashboard.url + "/map?layers=land,median_line&lat=24&lon=120&zoom=8")
    expect(page.locator(MAP).first).to_be_attached(timeout=PAGE_TIMEOUT_MS)
    expect(page).to_have_url(re.compile(r"/\?.*zoom=8"))
    assert urlparse(page.url).path == "/"
    query = parse_qs(urlparse(page.url).query)
    assert query["layers"] == ["land,median_line"]
    assert (float(query["lat"][0]), float(query["lon"][0])) == (24.0, 120.0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_system_has_a_traditional_chinese_font() -> None:
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig's fc-list is missing (Debian's chromium brings it)"
    fonts = subprocess.run(
        [fc_list, ":lang=zh-tw", "family"], capture_output=True, text=True, check=True
    ).stdout
    assert fonts.strip(), (
        "no font covers Traditional Chinese (fc-list :lang=zh-tw is empty), so names such as "
        "臺北 draw as boxes: `make cjk-font` installs one (Debian's fonts-wqy-microhei)"
    )


def test_chinese_names_draw_as_characters(dashboard: Server, page: Page) -> None:
    page.goto(dashboard.url + "/about")
    term = page.locator("strong", has_text="Median line (海峽中線)")
    expect(term).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    drawn = term.evaluate(BOXES_JS, "海峽中線臺北")
    assert drawn["boxes"] == [], f"drawn as boxes, not characters: {drawn['boxes']}"
    assert drawn["shapes"] == 6, "six different characters should draw six different shapes"
