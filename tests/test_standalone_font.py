"""The Chinese map export carries its own CJK font: a subset holding just the page's characters."""

from __future__ import annotations

import base64
import io
import logging
import re
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pytest
from fontTools.ttLib import TTFont

import straitmap.standalone
from straitmap import load_layer
from straitmap.cjk_font import (
    CJK_FONT_FAMILY,
    FontFile,
    cjk_characters,
    find_cjk_font,
    missing_characters,
    subset_font,
)
from straitmap.map_text import CJK_FONT_STACK
from straitmap.render import build_map
from straitmap.standalone import DEFAULT_STATIC_ROOT, standalone_html

FONT_FACE = re.compile(
    r'@font-face \{ font-family: "straitmap CJK";[^}]*?'
    r'url\("data:(?P<mime>font/[a-z0-9]+);base64,(?P<data>[A-Za-z0-9+/=]+)"\)'
)
#: Characters the subset may map beyond the page's own (none are expected).
CHARACTER_MARGIN = 8


@pytest.fixture(scope="module")
def system_font() -> FontFile:
    font = find_cjk_font()
    if font is None:
        pytest.fail("no font covers zh-TW (fc-match :lang=zh-tw): run `make cjk-font`")
    return font


@pytest.fixture(scope="module")
def small_layers() -> dict[str, gpd.GeoDataFrame]:
    return {layer_id: load_layer(layer_id) for layer_id in ("median_line", "places")}


def chinese_map(layers: dict[str, gpd.GeoDataFrame]) -> folium.Map:
    """A fresh map each time: folium adds its scripts again when one map renders twice."""
    return build_map(layers, static_url=None, lang="zh-TW")


def embedded_font(page: str) -> Any:
    """The page's one embedded CJK font, decoded by fontTools."""
    faces = FONT_FACE.findall(page)
    assert len(faces) == 1, f"expected one @font-face for {CJK_FONT_FAMILY}, found {len(faces)}"
    mime, data = faces[0]
    assert mime in {"font/woff2", "font/ttf"}
    return TTFont(io.BytesIO(base64.b64decode(data)))


@pytest.fixture(scope="module")
def chinese_page(small_layers: dict[str, gpd.GeoDataFrame], system_font: FontFile) -> str:
    return standalone_html(chinese_map(small_layers), DEFAULT_STATIC_ROOT, lang="zh-TW")


@pytest.fixture(scope="module")
def needed(small_layers: dict[str, gpd.GeoDataFrame]) -> str:
    """The CJK characters of the map's own HTML and scripts (before any vendor file is inlined)."""
    return cjk_characters(chinese_map(small_layers).get_root().render())


# --- what the page's characters are --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>臺北</b>", "北臺"),
        (r'{"name": "\u9ad8\u96c4"}', "雄高"),
        (r'"\ud840\udc00"', "\U00020000"),
        ("&#33274;&#x5317;", "北臺"),
        ("（桃園）：「機場」。", "「」。園桃機場（）："),
        ("Taipei — 25°N … \ufeff\ufffd", ""),
        ("", ""),
    ],
    ids=["raw", "js-escapes", "surrogate-pair", "html-references", "full-width", "latin", "empty"],
)
def test_cjk_characters_are_found_however_the_page_writes_them(text: str, expected: str) -> None:
    assert cjk_characters(text) == "".join(sorted(expected))


# --- the Chinese export --------------------------------------------------------------------------


def test_chinese_export_covers_every_cjk_character_of_the_map_and_little_more(
    chinese_page: str, needed: str
) -> None:
    font = embedded_font(chinese_page)
    covered = {chr(code) for code in font.getBestCmap()}
    assert len(needed) > 100, "expected a map with Chinese place names and control texts"
    assert set(needed) <= covered, f"not in the embedded font: {set(needed) - covered}"
    assert len(covered) < 2 * len(needed) + CHARACTER_MARGIN, (
        f"expected about the page's {len(needed)} characters, found {len(covered)}"
    )


def test_chinese_export_holds_no_glyph_the_characters_do_not_draw(chinese_page: str) -> None:
    # Many of the font's ideographs are composites of shared parts (radicals): those parts
    # are needed; anything beyond them and .notdef is not.
    font = embedded_font(chinese_page)
    glyf = font["glyf"]
    drawn = {".notdef"}
    pending = list(font.getBestCmap().values())
    while pending:
        name = pending.pop()
        if name not in drawn:
            drawn.add(name)
            pending.extend(glyf[name].getComponentNames(glyf))
    assert set(font.getGlyphOrder()) == drawn


def test_chinese_export_names_the_embedded_font_first_and_keeps_the_system_fonts(
    chinese_page: str,
) -> None:
    assert f'font-family: "{CJK_FONT_FAMILY}", {CJK_FONT_STACK}' in chinese_page
    assert f"font-family: {CJK_FONT_STACK}" not in chinese_page


def test_chinese_export_records_the_fonts_licence(chinese_page: str, system_font: FontFile) -> None:
    comment = re.search(r"/\* straitmap CJK: a subset of (.*?)\*/", chinese_page)
    assert comment is not None
    assert system_font.path.name in comment.group(1)
    assert "Licence: " in comment.group(1)
    if system_font.path.name.startswith("wqy-microhei"):
        assert "Apache" in comment.group(1)
        assert "GPL-3+ with the font exception" in comment.group(1)


def test_chinese_export_is_reproducible_and_reuses_the_subset(
    small_layers: dict[str, gpd.GeoDataFrame], chinese_page: str
) -> None:
    hits = subset_font.cache_info().hits
    again = standalone_html(chinese_map(small_layers), DEFAULT_STATIC_ROOT, lang="zh-TW")
    assert FONT_FACE.findall(again) == FONT_FACE.findall(chinese_page)
    assert subset_font.cache_info().hits == hits + 1


def test_the_title_does_not_change_the_subset(
    small_layers: dict[str, gpd.GeoDataFrame], chinese_page: str
) -> None:
    titled = standalone_html(
        chinese_map(small_layers), DEFAULT_STATIC_ROOT, lang="zh-TW", title="第一站：龜山島"
    )
    assert "<title>第一站：龜山島</title>" in titled
    assert FONT_FACE.findall(titled) == FONT_FACE.findall(chinese_page)


def test_the_system_font_has_every_character_the_map_needs(
    system_font: FontFile, needed: str
) -> None:
    assert missing_characters(system_font, needed) == ""


# --- no font: the English export, and a Chinese one without a usable font --------------------


def test_english_export_embeds_no_font(small_layers: dict[str, gpd.GeoDataFrame]) -> None:
    page = standalone_html(build_map(small_layers, static_url=None), DEFAULT_STATIC_ROOT)
    assert CJK_FONT_FAMILY not in page
    assert "@font-face { font-family" not in page


def write_junk(path: Path) -> Path:
    path.write_bytes(b"not a font, only bytes")
    return path


@pytest.mark.parametrize(
    ("font", "reason"),
    [
        (lambda tmp: FontFile(tmp / "missing.ttc"), "expected a font file at .*missing.ttc"),
        (lambda tmp: FontFile(write_junk(tmp / "junk.ttf")), "expected a TrueType/OpenType font"),
        (lambda tmp: None, "no font given, or fc-match found none"),
    ],
    ids=["missing-file", "not-a-font", "none"],
)
def test_chinese_export_without_a_usable_font_still_exports_and_says_why(
    small_layers: dict[str, gpd.GeoDataFrame],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    font: Any,
    reason: str,
) -> None:
    with caplog.at_level(logging.WARNING, logger="straitmap.standalone"):
        page = standalone_html(
            chinese_map(small_layers), DEFAULT_STATIC_ROOT, lang="zh-TW", cjk_font=font(tmp_path)
        )
    assert FONT_FACE.search(page) is None
    assert f"font-family: {CJK_FONT_STACK}" in page
    assert re.search(f"/\\* straitmap CJK: no font embedded: .*{reason}", page)
    assert re.search(reason, caplog.text)
    assert set("臺灣") <= set(cjk_characters(page))


def test_chinese_export_when_the_system_has_no_cjk_font(
    small_layers: dict[str, gpd.GeoDataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(straitmap.standalone, "find_cjk_font", lambda: None)
    page = standalone_html(chinese_map(small_layers), DEFAULT_STATIC_ROOT, lang="zh-TW")
    assert FONT_FACE.search(page) is None
    assert "no font embedded: no font given, or fc-match found none for zh-TW" in page
