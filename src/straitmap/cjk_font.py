"""A subset of an installed CJK font, embedded in offline Chinese exports as an `@font-face`."""

from __future__ import annotations

import base64
import contextlib
import functools
import importlib.util
import io
import logging
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from straitmap.errors import FileUnreadableError

__all__ = [
    "CJK_FONT_FAMILY",
    "FONT_FORMAT",
    "FontFile",
    "cjk_characters",
    "find_cjk_font",
    "font_face_css",
    "missing_characters",
    "subset_font",
]

logger = logging.getLogger(__name__)

#: The family name the Chinese export gives its embedded font (first in its font stack).
CJK_FONT_FAMILY: Final = "straitmap CJK"

#: The embedded font's format: WOFF2 where brotli is installed (a third of TrueType's size).
FONT_FORMAT: Final = "woff2" if importlib.util.find_spec("brotli") is not None else "truetype"

_MIME: Final = {"woff2": "font/woff2", "truetype": "font/ttf"}

# Characters a Latin system font may lack: CJK punctuation, kana, bopomofo, ideographs (with
# extension A and the compatibility block), vertical and full-width forms, extension B onward.
_CJK_CLASS: Final = (
    "\u3000-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_CJK: Final = re.compile(f"[{_CJK_CLASS}]")
_JS_ESCAPE: Final = re.compile(
    r"\\u(?P<high>[dD][89abAB][0-9a-fA-F]{2})\\u(?P<low>[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|\\u(?P<bmp>[0-9a-fA-F]{4})"
)
_CHAR_REFERENCE: Final = re.compile(r"&#(?:(?P<dec>[0-9]{1,7})|[xX](?P<hex>[0-9a-fA-F]{1,6}));")


@dataclass(frozen=True)
class FontFile:
    """A font on disk: a .ttf/.otf file, or one font (`index`) of a .ttc collection."""

    path: Path
    index: int = 0


def _escaped_characters(page: str) -> Iterator[str]:
    """The characters written as JavaScript escapes or numeric HTML references."""
    for match in _JS_ESCAPE.finditer(page):
        if match.group("bmp") is not None:
            yield chr(int(match.group("bmp"), 16))
        else:
            high, low = int(match.group("high"), 16), int(match.group("low"), 16)
            yield chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    for match in _CHAR_REFERENCE.finditer(page):
        code = int(match.group("dec")) if match.group("dec") else int(match.group("hex"), 16)
        if code <= sys.maxunicode:
            yield chr(code)


def cjk_characters(page: str) -> str:
    """The distinct CJK characters (and full-width punctuation) of an HTML page, sorted.

    Counts them wherever the page holds them: as text, as HTML character references
    (`&#33274;`) and as JavaScript `\\uXXXX` escapes (folium writes GeoJSON that way).

    >>> cjk_characters('<b>臺北</b> "\\\\u9ad8\\\\u96c4" &#x53f0;（Taipei）')
    '北台臺雄高（）'
    """
    found = set(_CJK.findall(page))
    found.update(char for char in _escaped_characters(page) if _CJK.match(char))
    return "".join(sorted(found))


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> FontFile | None:
    """The system's font for Traditional Chinese, as fontconfig picks it (`fc-match :lang=zh-tw`).

    Returns None (and logs why) when fontconfig is not installed or knows no such font file.
    The answer is cached for the process: a font installed later is seen after a restart.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        logger.warning("no CJK font to embed: fontconfig's fc-match is not installed")
        return None
    result = subprocess.run(
        [fc_match, "-f", "%{file}\n%{index}\n%{lang}", ":lang=zh-tw"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    path_text, _, rest = result.stdout.partition("\n")
    index_text, _, langs = rest.partition("\n")
    if result.returncode != 0 or not path_text or "zh-tw" not in langs.split("|"):
        logger.warning(
            "no CJK font to embed: expected fc-match to name a font covering zh-tw, found %r; "
            "to fix, install one (`make cjk-font`, Debian's fonts-wqy-microhei)",
            path_text or result.stderr.strip(),
        )
        return None
    return FontFile(Path(path_text), int(index_text) if index_text.isdigit() else 0)


@contextlib.contextmanager
def _reading(font: FontFile) -> Iterator[Any]:
    """The font, opened lazily; any failure to parse it becomes a FileUnreadableError."""
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

    try:
        # recalcTimestamp=False: the same characters give the same bytes (reproducible exports).
        yield TTFont(font.path, fontNumber=font.index, lazy=True, recalcTimestamp=False)
    except (OSError, TTLibError, struct.error, AssertionError, KeyError, ValueError) as error:
        raise FileUnreadableError(
            f"{font.path}: expected a TrueType/OpenType font (or a collection holding font "
            f"#{font.index}), found {type(error).__name__}: {error}"
        ) from error


@functools.lru_cache(maxsize=8)
def _code_points(font: FontFile) -> frozenset[int]:
    with _reading(font) as opened:
        return frozenset(opened.getBestCmap() or {})


def missing_characters(font: FontFile, characters: str) -> str:
    """The characters of `characters` that `font` has no glyph for (the browser falls back).

    Raises FileUnreadableError when the file cannot be read as a font.
    """
    covered = _code_points(font)
    return "".join(char for char in characters if ord(char) not in covered)


@functools.lru_cache(maxsize=32)
def subset_font(font: FontFile, characters: str) -> bytes:
    """`font` cut down to the glyphs of `characters`, as `FONT_FORMAT` bytes.

    Hinting is dropped (the browser rasterises at any size); the name table's copyright and
    licence records are kept. Cached per font and character set: a briefing's stops share it.

    Raises FileUnreadableError when the file cannot be read as a font.
    """
    from fontTools import subset  # type: ignore[import-untyped]

    options = subset.Options()
    options.flavor = None if FONT_FORMAT == "truetype" else FONT_FORMAT
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: fontTools cannot subset them
    out = io.BytesIO()
    with _reading(font) as source:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(char) for char in characters])
        subsetter.subset(source)
        subset.save_font(source, out, options)
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _licence_comment(font: FontFile) -> str:
    with _reading(font) as opened:
        names = opened["name"]
        records = {i: names.getDebugName(i) or "" for i in (0, 4, 13, 14)}

    def record(name_id: int) -> str:
        return " ".join(records[name_id].replace("*/", "* /").split())

    licence = " ".join(filter(None, (record(13), record(14))))
    return (
        f"/* {CJK_FONT_FAMILY}: a subset of {record(4) or font.path.name} ({font.path.name})"
        f" holding only this page's CJK characters. {record(0)}"
        f" Licence: {licence or 'not stated in the font file; see its package'}"
        + (
            " (Debian's fonts-wqy-microhei: Apache-2.0, or GPL-3+ with the font exception)."
            if font.path.name.startswith("wqy-")
            else "."
        )
        + " */"
    )


def font_face_css(font: FontFile, characters: str) -> str:
    """An `@font-face` rule for `CJK_FONT_FAMILY`: the subset as a base64 `data:` URI, after a
    comment naming the font and its licence.

    Raises FileUnreadableError when the file cannot be read as a font.
    """
    encoded = base64.b64encode(subset_font(font, characters)).decode("ascii")
    return (
        f'{_licence_comment(font)}\n@font-face {{ font-family: "{CJK_FONT_FAMILY}"; '
        f'font-display: block; src: url("data:{_MIME[FONT_FORMAT]};base64,{encoded}") '
        f'format("{FONT_FORMAT}"); }}'
    )
