"""The map in Traditional Chinese: legend, popups, names, Leaflet's and the plugins' controls."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point

from straitmap import i18n
from straitmap.dataset_layers import cell_tooltip
from straitmap.overlays import ROUTE_OVERLAY_TITLES, overlay_titles, route_overlay_titles
from straitmap.render import build_base_map, build_layer_groups, legend_html, sanitize

ZH = "zh-TW"


def bases() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["b-1", "b-2"],
            "name": ["Kadena Air Base", "Camp Courtney"],
            "name_zh": ["嘉手納空軍基地", None],
            "branch": ["USAF", "USMC"],
            "prefecture": ["Okinawa", "Okinawa"],
            "precision": ["~100 m", "~1 km"],
            "source": ["Wikipedia", "Wikipedia"],
        },
        geometry=[Point(127.77, 26.35), Point(127.86, 26.39)],
        crs="EPSG:4326",
    )


def places() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["p-1", "p-2"],
            "name": ["Taipei", "Basco (Batanes)"],
            "label": [None, "Basco"],
            "name_zh": ["臺北", None],
            "kind": ["city", "city"],
            "label_rank": [1, 2],
        },
        geometry=[Point(121.5654, 25.033), Point(121.97, 20.45)],
        crs="EPSG:4326",
    )


def render(lang: i18n.Lang, **kwargs: object) -> str:
    m = build_base_map(lang=lang, draw_lines=True, draw_polygons=True, **kwargs)  # type: ignore[arg-type]
    layers = {"us_bases_japan": bases(), "places": places()}
    for group in build_layer_groups(layers, lang=lang):
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return as_browser_reads(str(m.get_root().render()))


def as_browser_reads(page: str) -> str:
    """The page with JSON's \\uXXXX escapes undone (tojson writes them): what JS reads."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda code: chr(int(code.group(1), 16)), page)


@pytest.fixture(scope="module")
def page() -> str:
    return render(ZH, attributions=["Made with Natural Earth"])


def test_the_legend_is_in_chinese(page: str) -> None:
    assert "<summary>圖例</summary>" in page
    assert "美國空軍" in page
    assert "美國海軍陸戰隊" in page
    assert "以拉丁字母顯示的地名" in page  # Basco has no Chinese name: said once
    assert legend_html([], ZH) == ""


def test_place_labels_use_name_zh_else_the_english_label(page: str) -> None:
    labels = re.findall(r'"text": ?"([^"]*)"', page)
    assert "臺北" in labels
    assert "Basco" in labels
    assert "Taipei" not in labels


def test_popups_carry_chinese_labels_and_the_chinese_name(page: str) -> None:
    text = json.loads(re.search(r"window\.smText = (\{.*?\});\n", page).group(1))  # type: ignore[union-attr]
    assert text["source"] == "來源："
    assert text["fields"]["branch"] == "軍種"
    assert text["fields"]["prefecture"] == "縣"
    assert text["fields"]["precision"] == "精確度"
    assert text["values"]["branch"]["USAF"] == "美國空軍"
    assert text["noZh"] == "（無中文名稱）"
    assert text["zhFields"][0] == "name_zh"
    assert "嘉手納空軍基地" in page


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_popup_builder_titles_a_feature_by_its_chinese_name(page: str) -> None:
    script = re.search(r"(window\.smText = .*?)\n\s*\n", page, re.S)
    assert script is not None
    probe = (
        "var window = globalThis;\n"
        + script.group(1)
        + "\nconsole.log(JSON.stringify(["
        + "window.smPopupHtml({name: 'Kadena Air Base', name_zh: '嘉手納', branch: 'USAF'}, {}),"
        + "window.smFeatureName({name: 'Kadena Air Base', name_zh: '嘉手納'}, {}),"
        + "window.smFeatureName({name: 'Camp Courtney'}, {})]));"
    )
    popup, named, unnamed = json.loads(
        subprocess.run(["node", "-e", probe], capture_output=True, check=True, text=True).stdout
    )
    assert popup.startswith('<div class="sm-popup"><b>嘉手納</b><span class="sm-name-en">')
    assert "<th>軍種</th><td>美國空軍</td>" in popup
    assert "來源：" in popup
    assert named == "嘉手納"
    assert unnamed == "Camp Courtney（無中文名稱）"


def test_draw_and_measure_texts_are_chinese(page: str) -> None:
    assert "畫線" in page
    assert "畫多邊形" in page
    assert page.index("L.drawLocal") < page.index("new L.Control.Draw")
    assert "量測距離與面積" in page
    assert "新增量測" in page
    assert '"display": "浬"' in page
    assert '"display": "公里"' in page
    assert "全螢幕" in page
    assert "緯度, 經度：" in page
    assert "以 Natural Earth 製作" in page
    assert "（近似：Leaflet 的球面估算）" in page


ENGLISH_CONTROL_TEXT = [
    "Full Screen",
    "Exit Full Screen",
    "nautical miles",
    "lat, lon:",
    "<summary>Legend</summary>",
    "Place names",
    "OpenStreetMap tiles (online only)",
    "Made with Natural Earth",
    "approximate: Leaflet",
    "Source: ",
]


@pytest.mark.parametrize("english", ENGLISH_CONTROL_TEXT)
def test_no_english_control_text_is_left(page: str, english: str) -> None:
    assert english in render("en", attributions=["Made with Natural Earth"])
    assert english not in page


def test_overlay_titles_and_cell_tooltips_follow_the_language() -> None:
    assert overlay_titles(ZH)["measure_rings"] == "距離圈（大地線）"
    assert route_overlay_titles("en") == ROUTE_OVERLAY_TITLES
    assert route_overlay_titles(ZH)["route_ends"] == "航線起訖點"
    assert cell_tooltip(1234, {}, None, ZH) == "此網格有 1,234 個點"


PAYLOAD = "<img src=x onerror=alert(1)>${alert(1)}`\\"


def test_every_injected_translation_is_sanitised(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile catalog entry never reaches the page raw (DESIGN §7)."""
    monkeypatch.setattr(i18n.Translator, "gettext", lambda self, message: PAYLOAD + message)
    monkeypatch.setattr(
        i18n.Translator, "ngettext", lambda self, one, many, n: PAYLOAD + (one if n == 1 else many)
    )
    shown = render(ZH, attributions=["Made with Natural Earth"])
    assert sanitize(PAYLOAD) in shown
    assert "<img src=x" not in shown
    assert "${alert" not in shown
