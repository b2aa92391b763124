"""One self-contained HTML file of a map: every script, stylesheet, image and font inlined."""

from __future__ import annotations

import base64
import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final, Literal

from straitmap import render
from straitmap.assets import ASSETS, COSMETIC_URLS, Asset, missing_assets
from straitmap.cjk_font import (
    CJK_FONT_FAMILY,
    FontFile,
    cjk_characters,
    find_cjk_font,
    font_face_css,
    missing_characters,
)
from straitmap.errors import AssetsNotInstalledError, FileUnreadableError, UnknownAssetError
from straitmap.i18n import Lang
from straitmap.map_text import CJK_FONT_STACK

__all__ = [
    "CJK_LANGS",
    "DEFAULT_STATIC_ROOT",
    "HIDDEN_BY_DEFAULT",
    "MIME_TYPES",
    "InlinedCss",
    "asset_for_url",
    "data_uri",
    "external_references",
    "inline_css",
    "prefer_woff2",
    "standalone_html",
    "with_cjk_font",
]

#: Where `make setup` installs the map assets in a checkout (`dashboard/static/`).
DEFAULT_STATIC_ROOT: Final = Path(__file__).resolve().parents[2] / "dashboard" / "static"

#: Layers the app leaves off at start (re-exported here for the map export's defaults).
HIDDEN_BY_DEFAULT: Final = render.HIDDEN_BY_DEFAULT

#: MIME type of each file kind a vendor stylesheet may reference; anything else is refused.
MIME_TYPES: Final[dict[str, str]] = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
}

_SCRIPT_TAG = re.compile(
    r"""<script\b[^>]*?\bsrc\s*=\s*(["'])(?P<url>.*?)\1[^>]*>\s*</script\s*>""", re.I | re.S
)
_LINK_TAG = re.compile(r"""<link\b[^>]*?\bhref\s*=\s*(["'])(?P<url>.*?)\1[^>]*>""", re.I | re.S)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(?P<target>.*?)\1\s*\)""", re.I | re.S)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.I)
_FONT_SRC = re.compile(r"(\bsrc\s*:\s*)([^;}]*)", re.I)
_FONT_SRC_ITEM = re.compile(r"(?:url|local)\([^)]*\)(?:\s*format\([^)]*\))?", re.I)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
# Tags whose src/href the browser fetches by itself (an <a href> is only followed on a click).
_FETCHING_TAG = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio|embed|object|input)\b[^>]*?"""
    r"""\b(?:src|href|data|srcset|poster)\s*=\s*(["']?)(?P<url>(?:https?:)?//[^"'\s>]*)""",
    re.I | re.S,
)
_REMOTE_CSS = re.compile(
    r"""(?:url\(\s*["']?|@import\s+["'])(?P<url>(?:https?:)?//[^"')\s]*)""", re.I
)
_PLACEHOLDER = "\x00straitmap-asset-{}\x00"
#: The page's `lang` attribute per language: it makes the browser pick Traditional Chinese
#: glyph forms from the CJK fonts of `straitmap.map_text.CJK_FONT_STACK`.
HTML_LANG: Final[dict[Lang, str]] = {"en": "en", "zh-TW": "zh-Hant-TW"}

_BY_CDN_URL: Final[dict[str, Asset]] = {url: a for a in ASSETS for url in a.cdn_urls}
#: Languages whose export embeds a subset of a CJK font (see `straitmap.cjk_font`).
CJK_LANGS: Final[frozenset[Lang]] = frozenset({"zh-TW"})

logger = logging.getLogger(__name__)


def asset_for_url(url: str) -> Asset | None:
    """The asset behind a CDN link or a local `/…/vendor/<package>/<file>` link.

    Returns None for the cosmetic links the map builder drops (see `assets.COSMETIC_URLS`).
    Raises UnknownAssetError for any other link.

    >>> asset_for_url("/app/static/vendor/jquery/dist/jquery.min.js").package
    'jquery'
    """
    if url in COSMETIC_URLS:
        return None
    asset = _BY_CDN_URL.get(url)
    if asset is not None:
        return asset
    for asset in ASSETS:
        if url.endswith("/" + asset.vendor_path):
            return asset
    raise UnknownAssetError(
        f"map asset {url!r} cannot be inlined: expected a link listed in "
        "straitmap.assets.ASSETS (a CDN link or its local copy); to fix, add an Asset entry"
    )


def data_uri(path: Path, fragment: str = "") -> str:
    """A base64 `data:` URI of a file, typed by its extension (see `MIME_TYPES`).

    Raises UnknownAssetError for an extension outside `MIME_TYPES`.
    """
    mime = MIME_TYPES.get(path.suffix.lower())
    if mime is None:
        raise UnknownAssetError(
            f"{path.name}: expected a file type in {', '.join(sorted(MIME_TYPES))}, "
            f"found {path.suffix or 'no extension'!r}"
        )
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{mime};base64,{encoded}{fragment}"


def prefer_woff2(css: str) -> str:
    """Drop the older font formats from each `@font-face` src list that offers WOFF2.

    Every browser that runs Leaflet 1.9 reads WOFF2, and inlining the TrueType fallbacks
    too would more than double the size of an exported map.
    """

    def keep_woff2(src: re.Match[str]) -> str:
        items = _FONT_SRC_ITEM.findall(src.group(2))
        woff2 = [i for i in items if ".woff2" in i.lower() or i.lower().startswith("local(")]
        if not any(".woff2" in i.lower() for i in woff2):
            return src.group(0)
        return src.group(1) + ",".join(woff2)

    return _FONT_FACE.sub(lambda face: _FONT_SRC.sub(keep_woff2, face.group(0)), css)


@dataclass(frozen=True)
class InlinedCss:
    """A stylesheet with its `url(...)` references inlined, and those that could not be."""

    text: str
    inlined: tuple[str, ...]
    unresolved: tuple[str, ...]


def inline_css(css: str, css_path: Path, static_root: Path) -> InlinedCss:
    """Turn every relative `url(...)` of a stylesheet into a `data:` URI.

    `css_path` is where the stylesheet lives (relative URLs resolve from its folder);
    targets must be files under `static_root`. `data:` URIs and fragment-only references
    (`url(#default#VML)`) stay as they are. Remote URLs, missing files, files outside the
    static root and unknown file types are left unchanged and listed in `unresolved`.
    """
    root = static_root.resolve()
    inlined: list[str] = []
    unresolved: list[str] = []

    def replace(match: re.Match[str]) -> str:
        target = match.group("target").strip()
        if target.lower().startswith("data:") or target.startswith("#"):
            return match.group(0)
        path_text, _, fragment = target.partition("#")
        path_text = path_text.partition("?")[0]
        is_remote = re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", path_text, re.I) is not None
        path = (css_path.parent / PurePosixPath(path_text)).resolve()
        if (
            is_remote
            or not path_text
            or not path.is_relative_to(root)
            or not path.is_file()
            or path.suffix.lower() not in MIME_TYPES
        ):
            unresolved.append(target)
            return match.group(0)
        inlined.append(target)
        return f'url("{data_uri(path, "#" + fragment if fragment else "")}")'

    text = _CSS_URL.sub(replace, css)
    return InlinedCss(text, tuple(dict.fromkeys(inlined)), tuple(dict.fromkeys(unresolved)))


def external_references(page: str) -> list[str]:
    """URLs a browser would fetch by itself from this HTML: tag src/href and CSS url()/@import.

    Links (`<a href>`) and URLs inside scripts (such as a tile layer's URL template, fetched
    only when that layer is switched on) are not counted.
    """
    found = [m.group("url") for m in _FETCHING_TAG.finditer(page)]
    for block in _STYLE_BLOCK.finditer(page):
        found.extend(m.group("url") for m in _REMOTE_CSS.finditer(block.group(1)))
    return list(dict.fromkeys(found))


def _script(text: str) -> str:
    # A literal "</script" inside the code would end the element early.
    return "<script>\n" + re.sub(r"</(script)", r"<\\/\1", text, flags=re.I) + "\n</script>"


def _style(text: str) -> str:
    return "<style>\n" + re.sub(r"</(style)", r"<\\/\1", text, flags=re.I) + "\n</style>"


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _cjk_font_face(skeleton: str, font: FontFile | Literal["system"] | None) -> tuple[str, str]:
    """The `@font-face` CSS for the page's CJK characters and "", or "" and why there is none."""
    if f"font-family: {CJK_FONT_STACK}" not in skeleton:
        return "", "the map names no CJK font stack (build it with lang='zh-TW')"
    chosen = find_cjk_font() if font == "system" else font
    if chosen is None:
        return "", "no font given, or fc-match found none for zh-TW (`make cjk-font`)"
    if not chosen.path.is_file():
        return "", f"expected a font file at {chosen.path}, found none"
    characters = cjk_characters(skeleton)
    if not characters:
        return "", "the page holds no CJK characters"
    try:
        face = font_face_css(chosen, characters)
        missing = missing_characters(chosen, characters)
    except FileUnreadableError as error:
        return "", str(error)
    if missing:
        logger.warning(
            "%s lacks %d of the page's CJK characters (%s): the system's fonts draw them",
            chosen.path,
            len(missing),
            missing[:20],
        )
    return face, ""


def with_cjk_font(skeleton: str, font: FontFile | Literal["system"] | None) -> str:
    """The page with a subset of `font` embedded and named first in its CJK font stack, or,
    when that cannot be done, with a CSS comment saying why (the system's fonts then draw)."""
    face, reason = _cjk_font_face(skeleton, font)
    if face:
        stack = f"font-family: {CJK_FONT_STACK}"
        skeleton = skeleton.replace(stack, f'font-family: "{CJK_FONT_FAMILY}", {CJK_FONT_STACK}')
    else:
        logger.warning("the exported map embeds no CJK font: %s", reason)
        face = f"/* {CJK_FONT_FAMILY}: no font embedded: {reason.replace('*/', '* /')} */"
    return skeleton.replace("</head>", _style(face) + "\n</head>", 1)


def standalone_html(
    m: Any,
    static_root: Path,
    *,
    title: str | None = None,
    lang: Lang = "en",
    cjk_font: FontFile | Literal["system"] | None = "system",
) -> str:
    """Render a folium map as one HTML file that needs no network.

    Every `<script src>` and stylesheet `<link>` the map references (CDN links or the local
    `/app/static/vendor/...` ones) is replaced by the file's content from `static_root`
    (`dashboard/static/`, filled by `make setup`); images and fonts that the stylesheets
    reference become `data:` URIs (WOFF2 only where a font offers it, see `prefer_woff2`).
    Folium's own `save()` would keep the CDN links. The map object is not changed.

    Parameters
    ----------
    m : a folium.Map, e.g. from `straitmap.render.build_map(..., static_url=None)`.
    static_root : the folder that holds `vendor/` (see `straitmap.assets.missing_assets`).
    title : the page's `<title>`, if any.
    lang : the page's language (its `<html lang>`, set for languages other than English);
        build the map itself with the same `lang`. In Chinese the page embeds a subset of a
        CJK font holding exactly the page's CJK characters (`straitmap.cjk_font`), named
        first in its font stack (`straitmap.map_text.CJK_FONT_STACK`), so a machine with no
        CJK font draws the labels too; English pages embed no font.
    cjk_font : the font to subset for a Chinese page: "system" (fontconfig's choice for
        zh-TW), a `FontFile`, or None for none. When it cannot be embedded (no font, an
        unreadable file) the page still exports, with a CSS comment and a logged warning
        saying why.

    Raises
    ------
    AssetsNotInstalledError : local asset files are missing (run `make setup`).
    UnknownAssetError : a link, or a stylesheet `url(...)` target, that cannot be inlined,
        or any remote reference left in the page.
    """
    missing = missing_assets(static_root)
    if missing:
        raise AssetsNotInstalledError(
            f"the exported map inlines the local asset files, expected them under "
            f"{static_root}, found {len(missing)} missing ({', '.join(missing[:3])}"
            f"{', ...' if len(missing) > 3 else ''}); to fix, run `make setup`"
        )
    rendered: str = m.get_root().render()
    blocks: list[str] = []
    unresolved: list[str] = []

    def inline_tag(match: re.Match[str], kind: str) -> str:
        if kind == "css" and "stylesheet" not in match.group(0).lower():
            return match.group(0)
        asset = asset_for_url(html.unescape(match.group("url")))
        if asset is None:
            return ""
        path = static_root / asset.vendor_path
        if kind == "js":
            blocks.append(_script(_read_text(path)))
        else:
            css = inline_css(prefer_woff2(_read_text(path)), path, static_root)
            unresolved.extend(f"{asset.vendor_path}: url({target})" for target in css.unresolved)
            blocks.append(_style(css.text))
        return _PLACEHOLDER.format(len(blocks) - 1)

    skeleton = _SCRIPT_TAG.sub(lambda match: inline_tag(match, "js"), rendered)
    skeleton = _LINK_TAG.sub(lambda match: inline_tag(match, "css"), skeleton)
    if unresolved:
        raise UnknownAssetError(
            "stylesheet references that cannot be inlined: expected files under "
            f"{static_root} of a type in {', '.join(sorted(MIME_TYPES))}, found "
            + "; ".join(unresolved)
        )
    remote = external_references(skeleton)
    if remote:
        raise UnknownAssetError(
            f"the exported map would still fetch {', '.join(remote)}: expected no remote "
            "script, stylesheet, image or font references"
        )
    if lang in CJK_LANGS:
        # Before the title: the tab draws it with the system's fonts, and leaving it out
        # lets maps that differ only in title (a briefing's stops) share one subset.
        skeleton = with_cjk_font(skeleton, cjk_font)
    if title is not None:
        skeleton = skeleton.replace("<head>", f"<head>\n    <title>{html.escape(title)}</title>", 1)
    if lang != "en":
        skeleton = re.sub(r"<html\b", f'<html lang="{HTML_LANG[lang]}"', skeleton, count=1)
    for index, block in enumerate(blocks):
        skeleton = skeleton.replace(_PLACEHOLDER.format(index), block, 1)
    return skeleton
