"""Name folding and alternatives: how 台北 finds 臺北 and Lanyu finds Orchid Island (Lanyu)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from straitmap.names import CHARACTER_VARIANTS, alternative_names, fold

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
NAMED_LAYERS = ("places", "us_bases_japan")

#: Han characters of the bundled `name_zh` values that are written the same in traditional and
#: simplified Chinese and in Japanese (OpenCC t2s and jp2t leave them as they are), so they need
#: no line in CHARACTER_VARIANTS.
UNCHANGED = (
    "三上世中京住佐保信克公兵力加助北南厚及古合嘉地坂坡垣基士天子宅富尼山岩岬川州平座所手拉新施"
    "普木桃桑模比汕江池沙泉波海港湖潭澎澳牧王瑞田相石祖福空竹竿航花行角赤通那部金釜隆雄首香高鼻"
    "心斯巴丹"
)

FOLDED_EQUAL = [
    ("tai-variant", "臺北", "台北"),
    ("traditional-simplified", "廈門", "厦门"),
    ("japanese-shinjitai", "三沢飛行場", "三泽飞行场"),
    ("japanese-vs-chinese", "那覇", "那霸"),
    ("common-variant-wen", "溫州", "温州"),
    ("pinyin-umlaut", "Lüdao", "Ludao"),
    ("latin-accents", "Hagåtña", "Hagatna"),
    ("hyphen", "Su-ao", "Suao"),
    ("wade-giles-hyphen", "Kao-hsiung", "Kaohsiung"),
    ("apostrophe", "Nan'ao Island", "Nanao Island"),
    ("curly-apostrophe", "Nan’ao Island", "Nan'ao Island"),
    ("full-width-letters", "ＴＡＩＰＥＩ", "taipei"),
    ("full-width-brackets", "馬祖（南竿）", "馬祖(南竿)"),
    ("katakana-middle-dot", "キャンプ・ハンセン", "キャンプハンセン"),
    ("whitespace", "  Port   of\tKaohsiung ", "port of kaohsiung"),
]


@pytest.mark.parametrize(
    ("one", "other"), [r[1:] for r in FOLDED_EQUAL], ids=[r[0] for r in FOLDED_EQUAL]
)
def test_fold_makes_spellings_equal(one: str, other: str) -> None:
    assert fold(one) == fold(other)


FOLDED_APART = [
    ("different-places", "Taipei", "Tainan"),
    ("kana-dakuten-kept", "ジ", "シ"),
    ("han-characters-kept", "臺北", "臺南"),
    ("spaces-kept", "Port of Kaohsiung", "Portof Kaohsiung"),
]


@pytest.mark.parametrize(
    ("one", "other"), [r[1:] for r in FOLDED_APART], ids=[r[0] for r in FOLDED_APART]
)
def test_fold_keeps_different_names_apart(one: str, other: str) -> None:
    assert fold(one) != fold(other)


def test_fold_of_nothing_is_empty() -> None:
    assert fold("") == ""
    assert fold(" - ' ") == ""


ALTERNATIVES = [
    ("none", "Taipei", ()),
    ("trailing", "Orchid Island (Lanyu)", ("Orchid Island", "Lanyu")),
    ("full-width", "澎湖（馬公）", ("澎湖", "馬公")),
    (
        "inside-the-name",
        "Pingtan (Haitan) Island",
        ("Pingtan Island", "Pingtan", "Haitan Island", "Haitan"),
    ),
    ("inside-chinese", "平潭島（海壇島）", ("平潭島", "海壇島")),
    (
        "semicolon-list",
        "Camp Foster (Camp Zukeran; Camp Butler headquarters)",
        ("Camp Foster", "Camp Zukeran", "Camp Butler headquarters"),
    ),
    (
        "comma-is-one-alternative",
        "Su-ao (Suao port town, Yilan)",
        ("Su-ao", "Suao port town, Yilan"),
    ),
    ("pinyin-v", "Green Island (Lüdao)", ("Green Island", "Lüdao", "Lvdao")),
    ("empty-parentheses", "Keelung ()", ("Keelung",)),
]


@pytest.mark.parametrize(
    ("name", "expected"), [r[1:] for r in ALTERNATIVES], ids=[r[0] for r in ALTERNATIVES]
)
def test_alternative_names(name: str, expected: tuple[str, ...]) -> None:
    assert alternative_names(name) == expected


def test_alternatives_are_text_of_the_name() -> None:
    for layer_id in NAMED_LAYERS:
        for name in _names(layer_id, "name"):
            for alternative in alternative_names(name):
                for word in alternative.split():
                    assert word in name or word.replace("v", "ü") in name, (name, alternative)


def test_each_character_is_in_one_group_and_groups_are_real() -> None:
    members = [c for group in CHARACTER_VARIANTS for c in group]
    assert len(members) == len(set(members)), "a character in two groups"
    for group in CHARACTER_VARIANTS:
        assert len(group) >= 2, group
        assert all(unicodedata.name(c).startswith("CJK UNIFIED IDEOGRAPH") for c in group)


def test_table_covers_every_character_of_the_bundled_chinese_names() -> None:
    known = set("".join(CHARACTER_VARIANTS)) | set(UNCHANGED)
    for layer_id in NAMED_LAYERS:
        for name in _names(layer_id, "name_zh"):
            new = [c for c in name if unicodedata.name(c, "").startswith("CJK UNIFIED")]
            missing = [c for c in new if c not in known]
            assert not missing, (
                f"{layer_id} name_zh {name!r} has {''.join(missing)}: add its variants to "
                "straitmap.names.CHARACTER_VARIANTS, or to UNCHANGED here if it is written the "
                "same in simplified Chinese and Japanese"
            )


def test_unchanged_characters_are_not_in_the_table() -> None:
    assert not set(UNCHANGED) & set("".join(CHARACTER_VARIANTS))


def _names(layer_id: str, field: str) -> list[str]:
    document = json.loads((GEODATA / f"{layer_id}.geojson").read_text(encoding="utf-8"))
    return [f["properties"][field] for f in document["features"] if f["properties"].get(field)]
