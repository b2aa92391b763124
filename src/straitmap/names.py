"""Spelling variants of place names for search: Chinese character forms, accents, alternatives."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

__all__ = ["CHARACTER_VARIANTS", "alternative_names", "fold"]

#: Groups of interchangeable Han characters, the canonical (simplified) form first. Folding maps
#: every other member to the first, so 台北 and 臺北, or 厦门 and 廈門, compare equal.
#:
#: Where the entries come from: every character of a bundled `name_zh` (geodata/places.geojson
#: and geodata/us_bases_japan.geojson) whose simplified form differs, checked against OpenCC's
#: ``t2s`` conversion, and for the Japanese names of the installations the Japanese shinjitai
#: form (沢, 弾, 経…) grouped with its traditional and simplified forms (OpenCC ``jp2t``; 総 goes
#: with 綜 as in 総合/綜合, the one word of the data that has it, not with 總); plus
#: a few variant pairs common in Taiwan and Hong Kong writing (台/臺, 温/溫, 峰/峯, 里/裡/裏,
#: 线/線/綫, 群/羣). A table rather than a dependency: it covers the data, and a name added to
#: the data with a new character needs a line here (`tests/test_names.py` says which).
CHARACTER_VARIANTS: Final[tuple[str, ...]] = (
    "与與",
    "区區",
    "国國",
    "园園",
    "场場",
    "坛壇",
    "宫宮",
    "宁寧",
    "岛島",
    "屿嶼",
    "库庫",
    "厦廈",
    "厂廠",
    "广廣",
    "弹彈弾",
    "庆慶",
    "东東",
    "横橫",
    "泽澤沢",
    "滨濱浜",
    "湾灣",
    "温溫",
    "尔爾",
    "纳納",
    "经經経",
    "给給",
    "绿綠",
    "总總",
    "综綜総",
    "练練",
    "义義",
    "台臺",
    "莲蓮",
    "药藥薬",
    "苏蘇",
    "兰蘭",
    "补補",
    "霸覇",
    "览覽覧",
    "训訓",
    "设設",
    "贵貴",
    "贺賀",
    "车車",
    "军軍",
    "銮鑾",
    "门門",
    "间間",
    "队隊",
    "须須",
    "头頭",
    "飞飛",
    "马馬",
    "鹅鵝",
    "峰峯",
    "里裡裏",
    "线線綫",
    "群羣",
    "冈岡",
    "闻聞",
    "营營",
    "维維",
    "萨薩",
    "亚亞",
    "关關",
)

# Marks that spellings of one name use or leave out: hyphens and apostrophes of romanisations
# (Su-ao/Suao, Nan'ao/Nanao, Wade–Giles Kao-hsiung) and the katakana middle dot
# (キャンプ・ハンセン).
_DROPPED: Final = "-‐‑‒–—'’ʼ`・･"
_TRANSLATION: Final = str.maketrans(
    {variant: group[0] for group in CHARACTER_VARIANTS for variant in group[1:]}
    | {mark: None for mark in _DROPPED}
)
# Only the Latin combining accents: NFD also splits kana dakuten (ジ → シ + ゛), which must stay.
_LATIN_ACCENTS: Final = re.compile("[\u0300-\u036f]")
_PARENTHESES: Final = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*")


@functools.lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """`text` in the form names are compared in: case, accents, variant characters folded.

    Compatibility forms are normalised (full-width letters and brackets, NFKC), Latin accents
    removed (Lüdao → ludao, Hagåtña → hagatna), case folded, each `CHARACTER_VARIANTS` member
    replaced by its group's first character, hyphens, apostrophes and the katakana middle dot
    dropped, and runs of whitespace made one space.

    >>> fold("臺北") == fold("台北")
    True
    >>> fold("  Nan'ao   Island ")
    'nanao island'
    >>> fold("Lüdao")
    'ludao'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _LATIN_ACCENTS.sub("", unicodedata.normalize("NFD", text))
    text = unicodedata.normalize("NFC", text).casefold().translate(_TRANSLATION)
    return " ".join(text.split())


def alternative_names(name: str) -> tuple[str, ...]:
    """Other names for the place that `name` itself holds, in the order written.

    A name with an alternative in parentheses (ASCII or full-width) also stands for the name
    without it and for the alternative, where the rest of the name carries over:
    ``Pingtan (Haitan) Island`` gives ``Pingtan Island``, ``Pingtan``, ``Haitan Island`` and
    ``Haitan``; alternatives separated by ``;`` count one by one. A pinyin ``ü`` is also
    written ``v`` (Lüdao, Lvdao), as pinyin keyboards type it. No name is invented: every
    alternative is text of `name`.

    >>> alternative_names("Orchid Island (Lanyu)")
    ('Orchid Island', 'Lanyu')
    >>> alternative_names("馬祖（南竿）")
    ('馬祖', '南竿')
    >>> alternative_names("Taipei")
    ()
    """
    found: list[str] = []
    groups = list(_PARENTHESES.finditer(name))
    if groups:
        found.append(_PARENTHESES.sub(_gap, name).strip())
        if len(groups) == 1 and name[groups[0].end() :].strip():
            found.append(name[: groups[0].start()].strip())
        for group in groups:
            tail = name[group.end() :].strip()
            for part in re.split("[;；]", group.group(1)):
                alternative = part.strip()
                if not alternative:
                    continue
                if tail and len(groups) == 1:
                    found.append(f"{alternative}{_gap(group)}{tail}")
                found.append(alternative)
    for text in found if groups else [name]:
        if "ü" in text.casefold():
            found.append(text.replace("ü", "v").replace("Ü", "V"))
    unique = dict.fromkeys(a for a in found if a and a != name)
    return tuple(unique)


def _gap(match: re.Match[str]) -> str:
    """What stands between the words around a parenthesis once it is removed."""
    return " " if match.group(0) != match.group(0).strip() else ""
