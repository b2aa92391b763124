"""The layer catalog in both languages: extracted for translators, translated, and shown in
Chinese on the Data page; the About page's glossary gives each side's wording (issue 14)."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from straitmap import load_catalog
from straitmap.i18n import catalog_path
from straitmap.i18n_extract import TRANSLATED_KEYS, catalog_messages, extract_catalog

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
CATALOG_TOML = ROOT / "geodata" / "catalog.toml"
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh_catalog() -> Catalog:
    with catalog_path("dashboard", "zh-TW").open("rb") as source:
        return read_po(source)


def catalog_texts() -> list[tuple[str, str, str]]:
    with CATALOG_TOML.open("rb") as source:
        return list(catalog_messages(tomllib.load(source)))


def babel_cfg_method() -> str:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, _options = parse_mapping_cfg(config)
    return dict(method_map)["geodata/catalog.toml"]


# --- extraction ---------------------------------------------------------------------------------


def test_the_extractor_yields_every_layers_title_and_description_with_a_comment() -> None:
    raw = CATALOG_TOML.read_bytes()
    found = list(extract_catalog(io.BytesIO(raw), DEFAULT_KEYWORDS.keys(), [], {}))
    by_comment = {comments[0]: message for _line, _func, message, comments in found}
    for layer_id, spec in load_catalog(CATALOG_TOML).items():
        comment = f"TRANSLATORS: geodata/catalog.toml, layer {layer_id!r}, "
        assert by_comment[comment + "title"] == spec.title
        assert by_comment[comment + "description"] == spec.description
        assert by_comment[comment + "license"] == spec.license
        assert by_comment[comment + "data_as_of"] == spec.data_as_of
    lines = raw.decode("utf-8").splitlines()
    for line, _func, _message, comments in found:  # each points at its key's line
        key = comments[0].rsplit(", ", 1)[1]
        assert lines[line - 1].startswith(f"{key} ="), (comments, lines[line - 1])


def test_babel_cfg_sends_the_catalog_through_the_extractor() -> None:
    extracted = [
        message
        for _line, message, _comments, _context in extract_from_file(
            babel_cfg_method(), CATALOG_TOML, keywords=DEFAULT_KEYWORDS
        )
    ]
    assert extracted == [text for _layer, _key, text in catalog_texts()]
    assert {key for _layer, key, _text in catalog_texts()} == set(TRANSLATED_KEYS)


def test_catalog_messages_skips_empty_texts_and_non_tables() -> None:
    document = {"layers": {"a": {"title": "A", "sources": ["x", " "]}, "b": "not a table"}}
    assert list(catalog_messages(document)) == [("a", "title", "A"), ("a", "sources", "x")]


# --- translations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layer_id", "key", "text"),
    catalog_texts(),
    ids=[f"{layer}.{key}" for layer, key, _ in catalog_texts()],
)
def test_every_catalog_text_has_a_chinese_translation(layer_id: str, key: str, text: str) -> None:
    message = zh_catalog().get(text)
    assert message is not None, f"{layer_id}.{key} is not in the zh-TW catalog: {text!r}"
    assert message.string, f"{layer_id}.{key} is untranslated: {text!r}"
    assert not message.fuzzy, f"{layer_id}.{key} is fuzzy: {text!r}"
    if key in ("title", "description"):
        assert CJK.search(str(message.string)), f"{layer_id}.{key}: {message.string!r}"
    assert "台" not in str(message.string)  # 臺, as the Ministry writes it


def test_the_catalog_translations_pass_babels_checks() -> None:
    """`pybabel compile` (make setup) fails on a translation whose %-sequences differ from its
    msgid's; catalog texts such as '70% of' are flagged python-format."""
    texts = {text for _layer, _key, text in catalog_texts()}
    catalog = zh_catalog()
    problems = [
        (message.id, [str(error) for error in errors])
        for message, errors in catalog.check()
        if message.id in texts
    ]
    assert problems == []


# --- the pages in Chinese -----------------------------------------------------------------------


def opened(page: str, lang: str) -> AppTest:
    """`page` run first (straight from its link), in `lang`."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = lang
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.app
def test_the_data_page_in_chinese_shows_translated_titles_and_headers() -> None:
    at = opened("views/data.py", "zh-TW")
    labels = [expander.label for expander in at.expander]
    assert any(label.startswith("解放軍軍機與艦船每日數量") for label in labels), labels
    assert any("`land`" in label and "個圖徵" in label for label in labels), labels
    assert not any("not loaded" in label or "未載入" in label for label in labels)
    headers = {tuple(table.value.columns) for table in at.table}
    assert headers == {("欄位", "類型", "必填")}
    text = " ".join(md.value for md in at.markdown)
    for words in ("**授權：**", "**來源：**", "**資料時間：**", "2026年11月25日", "**航速**"):
        assert words in text
    assert [h.value for h in at.subheader] == ["海上航線（航線頁）"]


@pytest.mark.app
def test_the_about_page_in_chinese_gives_both_sides_wording_of_each_contested_term() -> None:
    at = opened("views/about.py", "zh-TW")
    assert at.title[0].value == "關於 straitmap"
    entries = {md.value.split("**")[1]: md.value for md in at.markdown if md.value.startswith("**")}
    both_sides = {
        "臺灣海峽的地位": ("享有主權、主權權利和管轄權", "國際水道"),
        "海峽中線（戴維斯線）": ("逾越海峽中線", "不存在所謂的『海峽中線』"),
        "防空識別區（ADIZ）": ("臺灣防空識別區", "東海防空識別區"),
        "進入活動": ("共機", "聯合戰備警巡"),
    }
    for term, (taiwan, prc) in both_sides.items():
        assert term in entries, sorted(entries)
        assert taiwan in entries[term], entries[term]
        assert prc in entries[term], entries[term]
        assert re.search(r"\]\(https?://", entries[term]), f"{term}: no source link"


@pytest.mark.app
def test_the_english_glossary_quotes_the_original_chinese_wording() -> None:
    at = opened("views/about.py", "en")
    text = " ".join(md.value for md in at.markdown)
    for original in (
        "不存在所谓的“海峡中线”",
        "中国对台湾海峡享有主权",
        "联合战备警巡",
        "逾越海峽中線",
    ):
        assert original in text
