"""Translations: complete zh-TW catalogs, templates in step with the sources, languages, formats."""

from __future__ import annotations

import datetime
import decimal
import logging
import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from straitmap import i18n
from straitmap.i18n import (
    DOMAINS,
    LANGUAGES,
    LOCALE_DIR,
    TranslationError,
    Translator,
    catalog_path,
    format_date,
    format_number,
    parse_lang,
    translations,
    translator,
)
from straitmap.units import format_length, unit_label

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def placeholders(text: str) -> list[str]:
    """The `{name}` fields of a str.format text, sorted (with their conversion and spec)."""
    return sorted(
        f"{field}!{conversion or ''}:{spec or ''}"
        for _literal, field, spec, conversion in string.Formatter().parse(text)
        if field is not None
    )


def source_msgids(domain: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every string `make messages` extracts for `domain`, as it does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    cli_files = [ROOT / "src/straitmap/cli.py", *sorted((ROOT / "src/straitmap").glob("cli_*.py"))]
    if domain == "dashboard":
        found = extract_from_dir(
            ROOT / "dashboard", method_map, options_map, keywords=DEFAULT_KEYWORDS
        )
        found_ids = {(context, message) for _file, _line, message, _c, context in found}
        # ... and every library module but the CLI's (the Makefile's DASHBOARD_SOURCES).
        library = sorted(set((ROOT / "src/straitmap").glob("*.py")) - set(cli_files))
        found_ids |= {
            (context, message)
            for file in library
            for _line, message, _c, context in extract_from_file(
                "python", file, keywords=DEFAULT_KEYWORDS
            )
        }
        # ... and the layer catalog's titles, descriptions and sources, with babel.cfg's method.
        catalog_method = dict(method_map)["geodata/catalog.toml"]
        found_ids |= {
            (context, message)
            for _line, message, _c, context in extract_from_file(
                catalog_method, ROOT / "geodata/catalog.toml", keywords=DEFAULT_KEYWORDS
            )
        }
        # ... and each layer's prose properties (precision, method, notes ...), likewise.
        geodata_method = dict(method_map)["geodata/*.geojson"]
        found_ids |= {
            (context, message)
            for layer in sorted((ROOT / "geodata").glob("*.geojson"))
            for _line, message, _c, context in extract_from_file(
                geodata_method, layer, keywords=DEFAULT_KEYWORDS
            )
        }
    else:
        files = cli_files
        found_ids = {
            (context, message)
            for file in files
            for _line, message, _c, context in extract_from_file(
                "python", file, keywords=DEFAULT_KEYWORDS
            )
        }
    # A plural message is extracted as a (singular, plural) tuple: its id is the singular.
    return {(c, m if isinstance(m, str) else m[0]) for c, m in found_ids}


def catalog_msgids(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id != ""}


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """Translations re-read for this test and again after it (they are cached per process)."""
    translations.cache_clear()
    yield
    translations.cache_clear()


# --- the catalogs --------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
def test_template_is_up_to_date_with_the_sources(domain: str) -> None:
    template = read_catalog(LOCALE_DIR / f"{domain}.pot")
    in_sources, in_template = source_msgids(domain), catalog_msgids(template)
    assert in_sources - in_template == set(), "new strings: run `make messages`, then translate"
    assert in_template - in_sources == set(), "strings gone from the sources: run `make messages`"


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_msgid_has_a_translation_with_the_same_placeholders(domain: str, lang: str) -> None:
    template = read_catalog(LOCALE_DIR / f"{domain}.pot")
    catalog = read_catalog(catalog_path(domain, lang))  # type: ignore[arg-type]
    problems = []
    for message in template:
        if message.id == "":
            continue
        found = catalog.get(message.id, context=message.context)
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        if found is None:
            problems.append(f"missing: {ids[0]!r}")
            continue
        strings = [found.string] if isinstance(found.string, str) else list(found.string)
        if found.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        for text in strings:
            if placeholders(text) != placeholders(ids[0]):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert problems == []


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_catalog_holds_no_stale_messages(domain: str, lang: str) -> None:
    template = read_catalog(LOCALE_DIR / f"{domain}.pot")
    catalog = read_catalog(catalog_path(domain, lang))  # type: ignore[arg-type]
    assert catalog_msgids(catalog) - catalog_msgids(template) == set()
    assert list(catalog.obsolete) == []


def test_the_cli_catalog_uses_the_ministrys_terms() -> None:
    strings = " ".join(
        str(m.string) for m in read_catalog(catalog_path("cli", "zh-TW")) if m.id != ""
    )
    for term in ("臺灣海峽", "海峽中線", "方位角", "真北", "大地線"):
        assert term in strings
    assert "台" not in strings  # 臺, as the Ministry writes it


def test_placeholders_sees_fields_and_ignores_escaped_braces() -> None:
    assert placeholders("{count} points in {{view}} {x:.1f}") == ["count!:", "x!:.1f"]


# --- loading them --------------------------------------------------------------------------------


def test_english_is_the_identity_and_chinese_reads_the_catalog() -> None:
    assert translator("cli", "en").gettext("distance") == "distance"
    assert translator("cli", "zh-TW").gettext("distance") == "距離"
    assert translator("cli", "zh-TW")("bearing") == "方位角"
    assert translator("cli", "zh-TW").gettext("a string nobody wrapped") == (
        "a string nobody wrapped"
    )


def test_translator_plural_and_context_forms() -> None:
    english = Translator("dashboard", "en")
    assert english.ngettext("{n} ring", "{n} rings", 1) == "{n} ring"
    assert english.ngettext("{n} ring", "{n} rings", 3) == "{n} rings"
    assert english.pgettext("map control", "Zoom in") == "Zoom in"
    assert english.npgettext("map", "{n} point", "{n} points", 2) == "{n} points"
    assert translator("dashboard", "zh-TW") is translator("dashboard", "zh-TW")


@pytest.mark.usefixtures("fresh_cache")
def test_a_missing_mo_is_compiled_from_the_po_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "zh_TW" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(catalog_path("cli", "zh-TW"), folder / "cli.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with caplog.at_level(logging.WARNING, logger="straitmap.i18n"):
        assert translations("cli", "zh-TW").gettext("from") == "起點"
    assert "cli.mo is missing or older than cli.po: compiled in memory" in caplog.text
    assert not (folder / "cli.mo").exists()  # nothing written beside the sources


@pytest.mark.usefixtures("fresh_cache")
def test_a_missing_po_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with pytest.raises(TranslationError, match=r"expected the zh-TW catalog of domain 'cli' at"):
        translations("cli", "zh-TW")


@pytest.mark.parametrize(
    ("domain", "lang", "match"),
    [
        ("docs", "en", r"domain should be one of dashboard, cli, got 'docs'"),
        ("cli", "zh_TW", r"language should be one of en, zh-TW, got 'zh_TW'.*parse_lang"),
        ("cli", "fr", r"language should be one of en, zh-TW, got 'fr'"),
    ],
    ids=["unknown-domain", "unparsed-tag", "unknown-language"],
)
def test_unknown_domains_and_languages_are_refused(domain: str, lang: str, match: str) -> None:
    with pytest.raises(TranslationError, match=match):
        translator(domain, lang)  # type: ignore[arg-type]


# --- choosing a language ------------------------------------------------------------------------

LANG_CASES = [
    ("zh-TW", "zh-TW"),
    ("zh_TW", "zh-TW"),
    ("zh-tw", "zh-TW"),
    ("zh-Hant", "zh-TW"),
    ("zh-Hant-TW", "zh-TW"),
    ("zh_TW.UTF-8", "zh-TW"),
    ("zh-HK", "zh-TW"),
    ("zh", "zh-TW"),
    ("en", "en"),
    ("en-US", "en"),
    ("EN_gb", "en"),
    (" en ", "en"),
    ("zh-TW,zh;q=0.9,en;q=0.8", "zh-TW"),
    ("en-US,en;q=0.9,zh-TW;q=0.8", "en"),
    ("fr-FR,fr;q=0.9,zh-TW;q=0.5,en;q=0.4", "zh-TW"),
    ("zh-CN,zh-TW;q=0.8,en;q=0.9", "en"),
    ("ja;q=0.9, zh-Hant-TW ; q=0.95", "zh-TW"),
    ("zh-TW;q=0,en", "en"),
    ("zh-CN", None),
    ("zh-Hans-TW", None),
    ("fr", None),
    ("*", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(
    ("text", "expected"), LANG_CASES, ids=[repr(case[0]) for case in LANG_CASES]
)
def test_parse_lang(text: str | None, expected: str | None) -> None:
    assert parse_lang(text) == expected


# --- formatting ---------------------------------------------------------------------------------

NUMBER_CASES = [
    (1234567.891, "en", None, True, "1,234,567.891"),
    (1234567.891, "zh-TW", None, True, "1,234,567.891"),
    (1234.5678, "zh-TW", 2, True, "1,234.57"),
    (1234.5, "en", 3, False, "1234.500"),
    (2.675, "en", 2, True, "2.67"),  # as f"{2.675:.2f}": the binary value is below 2.675
    (0.125, "zh-TW", 2, True, "0.12"),
    (-12.0, "en", 1, True, "-12.0"),
    (121.5, "en", 0, False, "122"),
]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "group", "expected"),
    NUMBER_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in NUMBER_CASES],
)
def test_format_number(
    value: float, lang: str, decimals: int | None, group: bool, expected: str
) -> None:
    assert format_number(value, lang, decimals, group=group) == expected  # type: ignore[arg-type]


def test_format_number_rounds_as_python_formatting() -> None:
    for value in (0.005, 1.005, 2.675, 10.0 / 3.0, 1e6 + 0.0005, 358.9315):
        assert format_number(value, "en", 3, group=False) == f"{value:.3f}"


def test_english_numbers_are_babels_without_babel() -> None:
    from babel.numbers import format_decimal

    for value in (0.0, -0.5, 2.675, 1234.5678, 9_999_999.9996, 358.9315):
        for decimals in (0, 1, 3):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            exact = decimal.Decimal(f"{value:.{decimals}f}")
            assert format_number(value, "en", decimals) == format_decimal(
                exact, format=pattern, locale="en"
            )


def test_format_number_refuses_negative_decimals() -> None:
    with pytest.raises(TranslationError, match=r"decimals should be ≥ 0 or None, got -1"):
        format_number(1.0, "en", -1)


@pytest.mark.parametrize(
    ("lang", "style", "expected"),
    [
        ("zh-TW", "long", "2024年5月23日"),
        ("zh-TW", "medium", "2024年5月23日"),
        ("zh-TW", "short", "2024/5/23"),
        ("zh-TW", "full", "2024年5月23日 星期四"),
        ("en", "long", "May 23, 2024"),
    ],
)
def test_format_date(lang: str, style: str, expected: str) -> None:
    assert format_date(datetime.date(2024, 5, 23), lang, style) == expected  # type: ignore[arg-type]


LENGTH_CASES = [
    (640_200.0, "en", ("km", "nmi"), 1, "640.2 km (345.7 nmi)"),
    (640_200.0, "zh-TW", ("km", "nmi"), 1, "640.2 公里（345.7 浬）"),
    (1_852_000.0, "zh-TW", ("nmi", "km", "mi"), 0, "1,000 浬（1,852 公里，1,151 英里）"),
    (1_852.0, "en", ("nmi",), 2, "1.00 nmi"),
]


@pytest.mark.parametrize(
    ("metres", "lang", "units", "decimals", "expected"),
    LENGTH_CASES,
    ids=[f"{c[1]}-{'-'.join(c[2])}" for c in LENGTH_CASES],
)
def test_format_length(
    metres: float, lang: str, units: tuple[str, ...], decimals: int, expected: str
) -> None:
    assert format_length(metres, lang, units, decimals) == expected  # type: ignore[arg-type]


def test_format_length_in_english_matches_distance_text() -> None:
    from straitmap.geodesy import Distance

    for metres in (0.0, 1852.0, 358_931.5, 12_345_678.9):
        assert format_length(metres, "en", ("km", "nmi", "mi"), 3) == str(Distance(metres))


def test_unit_labels_and_unknown_units() -> None:
    from straitmap.errors import MeasureInputError

    assert [unit_label(u, "zh-TW") for u in ("km", "nmi", "mi")] == ["公里", "浬", "英里"]
    with pytest.raises(MeasureInputError, match=r"unit should be one of km, nmi, mi, got 'ft'"):
        format_length(1.0, "en", ("ft",))
    with pytest.raises(MeasureInputError, match=r"units should name at least one unit"):
        format_length(1.0, "en", ())
