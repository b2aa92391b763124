"""The layers' own prose (precision, units, method, rule, notes ...) in Traditional Chinese:
extracted from `geodata/*.geojson`, translated in the catalog, shown in the map's popups."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pytest
from babel.messages.pofile import read_po

from straitmap import i18n
from straitmap.i18n_extract import GEODATA_TEXT_FIELDS, extract_geodata, geodata_messages
from straitmap.map_text import text_labels, value_label
from straitmap.render import build_base_map, build_layer_groups

ROOT = Path(__file__).resolve().parents[1]
GEODATA = sorted((ROOT / "geodata").glob("*.geojson"))
ZH: i18n.Lang = "zh-TW"
NAHA = "us-naha-port-facility"
NAHA_PRECISION = "~1 km (coordinates rounded to 30 arc-seconds, waterfront facility)"


def distinct_texts() -> dict[str, set[str]]:
    """Every distinct value of the prose fields across the layers, per field."""
    found: dict[str, set[str]] = {field: set() for field in GEODATA_TEXT_FIELDS}
    for path in GEODATA:
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            for field in GEODATA_TEXT_FIELDS:
                value = feature["properties"].get(field)
                if isinstance(value, str) and value.strip():
                    found[field].add(value)
    return found


def test_the_extractor_yields_each_distinct_text_once_per_file() -> None:
    raw = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"properties": {"precision": "~1 km", "note": "a note", "name": "A"}},
                {"properties": {"precision": "~1 km", "units": "18th Wing", "rule": " "}},
            ],
        },
        indent=1,
    ).encode()
    fileobj = BytesIO(raw)
    fileobj.name = "geodata/sample.geojson"
    found = list(extract_geodata(fileobj, (), (), {}))
    assert [message for _line, _f, message, _c in found] == ["~1 km", "a note", "18th Wing"]
    assert found[0][3] == ["TRANSLATORS: geodata/sample.geojson, field precision"]
    assert found[2][3] == ["TRANSLATORS: geodata/sample.geojson, field units"]
    assert all(line > 1 for line, _f, _m, _c in found)


def test_the_layers_hold_the_expected_number_of_texts() -> None:
    texts = distinct_texts()
    assert {field: len(values) for field, values in texts.items()} == {
        "precision": 60,
        "units": 22,
        "method": 16,
        "rule": 7,
        "note": 4,
        "definition": 3,
        "status": 1,
        "defined_by": 1,
    }
    per_file = [
        text
        for path in GEODATA
        for _field, text in geodata_messages(json.loads(path.read_text(encoding="utf-8")))
    ]
    assert len(set(per_file)) == 114  # one text is in two files: once in each
    assert len(per_file) == 115


def test_every_layer_text_has_a_chinese_translation() -> None:
    path = ROOT / "src/straitmap/locale/zh_TW/LC_MESSAGES/dashboard.po"
    with path.open("rb") as po:
        catalog = read_po(po)
    problems = []
    for field, values in distinct_texts().items():
        for text in sorted(values):
            message = catalog.get(text)
            translated = message is not None and not message.fuzzy
            chinese = translated and re.search(r"[\u4e00-\u9fff]", str(message.string))  # type: ignore[union-attr]
            if not chinese or value_label(field, text, ZH) == text:
                problems.append((field, text))
    assert problems == []


def test_text_labels_translate_only_prose_fields_and_only_in_chinese() -> None:
    values: dict[str, Any] = {"precision": [NAHA_PRECISION, "unknown text", 3], "branch": ["USN"]}
    assert text_labels(values) == {}
    labels = text_labels(values, ZH)
    assert list(labels) == ["precision"]
    assert labels["precision"] == {NAHA_PRECISION: "約 1 公里（座標四捨五入至 30 角秒，濱水設施）"}


def bases_page(lang: i18n.Lang) -> str:
    frame = gpd.read_file(ROOT / "geodata/us_bases_japan.geojson")
    m = build_base_map(lang=lang)
    for group in build_layer_groups({"us_bases_japan": frame}, lang=lang):
        group.add_to(m)
    folium.LayerControl().add_to(m)
    page = str(m.get_root().render())
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda code: chr(int(code.group(1), 16)), page)


def naha_popup(page: str) -> str:
    """The popup the page's own builder makes for the Naha Port Facility (run in node)."""
    script = re.search(r"(window\.smText = .*?|window\.smDecode = .*?)\n\s*\n", page, re.S)
    assert script is not None
    lookups = re.search(r"var lookups = (\{.*?\}); var base = ", page)
    assert lookups is not None
    properties = re.search(r'\{[^{}]*"id": ?"' + NAHA + r'"[^{}]*\}', page)
    assert properties is not None
    probe = (
        "var window = globalThis;\n"
        + script.group(1)
        + f"\nconsole.log(JSON.stringify(window.smPopupHtml({properties.group(0)}, "
        + f"{lookups.group(1)})));"
    )
    result = subprocess.run(["node", "-e", probe], capture_output=True, check=True, text=True)
    popup: str = json.loads(result.stdout)
    return popup


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_chinese_popup_shows_the_chinese_precision_and_japanese_name_label() -> None:
    popup = naha_popup(bases_page(ZH))
    assert "<th>精確度</th><td>約 1 公里（座標四捨五入至 30 角秒，濱水設施）</td>" in popup
    assert "<th>日文名稱</th><td>那覇港湾施設</td>" in popup
    assert "arc-seconds" not in popup


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_english_popup_is_unchanged() -> None:
    page = bases_page("en")
    assert '"texts"' not in page
    popup = naha_popup(page)
    assert f"<th>precision</th><td>{NAHA_PRECISION}</td>" in popup
    assert "<th>name_ja</th><td>那覇港湾施設</td>" in popup
