"""A briefing on the map: each stop's layers (filtered, its features highlighted), its view,
and the whole briefing as one offline HTML deck (in English or Traditional Chinese)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

from straitmap.briefing_figures import Figure, evaluate_all
from straitmap.briefings import Briefing, SourceRef, Stop, language_note, localized
from straitmap.cjk_font import FontFile
from straitmap.i18n import Lang, format_date, translator

__all__ = ["HIGHLIGHT_LAYER", "deck_html", "stop_layers", "stop_view", "text_html", "unwrap"]

#: The overlay layer that draws a stop's highlighted features.
HIGHLIGHT_LAYER: Final = "briefing_highlight"


def stop_layers(stop: Stop, frames: Mapping[str, Any], lang: Lang = "en") -> dict[str, Any]:
    """The stop's layers as the map should draw them: filtered by the stop's filters, and the
    features it highlights (by `id`, from any of its layers) as one more layer on top (route
    overlays named in `lang`)."""
    import geopandas as gpd
    import pandas as pd

    from straitmap.filters import FilterState, apply_filters, vocabularies

    shown = {layer: frames[layer] for layer in stop.layers if layer in frames}
    state, _ = FilterState.from_url(dict(stop.filters), vocabularies(frames))
    layers = apply_filters(shown, state)
    layers.update(_route_layers(stop, frames, lang))
    if stop.highlight:
        wanted = set(stop.highlight)
        parts = [
            frame[frame["id"].isin(wanted)]
            for frame in (frames[i] for i in frames)
            if "id" in frame.columns and frame["id"].isin(wanted).any()
        ]
        if parts:
            common = ["id", "name", "source", "source_url", "precision"]
            rows = pd.concat(
                [p[[c for c in common if c in p.columns] + [p.geometry.name]] for p in parts]
            )
            layers[HIGHLIGHT_LAYER] = gpd.GeoDataFrame(
                rows, geometry=rows.geometry.name, crs="EPSG:4326"
            )
    return layers


def _route_layers(stop: Stop, frames: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The open and closed routes of the stop's `route` measurements, with their closed areas
    (`overlays.route_overlays`), one overlay layer of each kind."""
    import pandas as pd

    from straitmap.briefing_figures import route_answer
    from straitmap.errors import StraitmapError
    from straitmap.overlays import route_overlays

    parts: dict[str, list[Any]] = {}
    for measurement in stop.measurements:
        if measurement.kind != "route":
            continue
        try:
            routed = route_answer(measurement, frames)
        except (StraitmapError, KeyError):
            continue  # the figure says why; the map shows what it can
        overlays = route_overlays(
            routed.impact, routed.areas, routed.origin, routed.destination, lang=lang
        )
        for layer_id, frame in overlays.items():
            parts.setdefault(layer_id, []).append(frame)
    merged: dict[str, Any] = {}
    for layer_id, frames_of_kind in parts.items():
        frame = pd.concat(frames_of_kind, ignore_index=True)
        if "id" in frame.columns and layer_id == "route_closed_areas":
            frame = frame.drop_duplicates(subset="id")
        merged[layer_id] = frame
    return merged


def stop_view(stop: Stop, key: str) -> Any:
    """The stop's view as a `render.ViewRequest` under `key` (applied once per key)."""
    from straitmap.render import ViewRequest

    view = stop.view
    if view.bounds is not None:
        return ViewRequest(key=key, bounds=view.bounds)
    return ViewRequest(key=key, center=view.center, zoom=view.zoom)


_BOLD: Final = re.compile(r"\*\*(.+?)\*\*")
_LINK: Final = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


_CJK: Final = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one: a space between them, none where either side of the
    break is a CJK character or full-width punctuation (Chinese has no spaces between words)."""
    text = lines[0]
    for line in lines[1:]:
        cjk = _CJK.match(text[-1:] or " ") or _CJK.match(line[:1] or " ")
        text += ("" if cjk else " ") + line
    return text


def unwrap(text: str) -> str:
    """A hard-wrapped text with each paragraph on one line (blank lines kept between them),
    joined as `text_html` joins them: no space at a break beside Chinese.

    >>> unwrap("寬度取決\\n於量測。\\n\\nTwo\\nlines")
    '寬度取決於量測。\\n\\nTwo lines'
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(
        _join([line.strip() for line in p.splitlines() if line.strip()]) for p in paragraphs
    )


def _inline(text: str) -> str:
    escaped = html.escape(text.strip(), quote=True)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _LINK.sub(r'<a href="\2">\1</a>', escaped)


def text_html(text: str) -> str:
    """A stop's short Markdown text as safe HTML: paragraphs, "- " lists, **bold** and
    [links](https://…); everything else is shown as written (escaped)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if lines[0].startswith("- "):
            items: list[list[str]] = []
            for line in lines:  # a line not starting "- " continues the item above
                if line.startswith("- ") or not items:
                    items.append([line.removeprefix("- ")])
                else:
                    items[-1].append(line)
            out.append("<ul>" + "".join(f"<li>{_inline(_join(i))}</li>" for i in items) + "</ul>")
        else:
            out.append(f"<p>{_inline(_join(paragraph.splitlines()))}</p>")
    return "\n".join(out)


def _source_html(source: SourceRef, lang: Lang = "en") -> str:
    _ = translator("dashboard", lang).gettext
    if lang == "en":
        when = f", {source.date.isoformat()}" if source.date else ""
        seen = f" (accessed {source.accessed.isoformat()})" if source.accessed else ""
    else:
        when = f"，{format_date(source.date, lang)}" if source.date else ""
        seen = (
            _(" (accessed {date})").format(date=format_date(source.accessed, lang))
            if source.accessed
            else ""
        )
    comma = ", " if lang == "en" else "，"
    publisher = f"{comma}{html.escape(source.publisher)}" if source.publisher else ""
    return (
        f'<li><a href="{html.escape(source.url, quote=True)}">{html.escape(source.title)}</a>'
        f"{publisher}{when}{seen}</li>"
    )


def _figure_html(figure: Figure, lang: Lang = "en") -> str:
    colon = ": " if lang == "en" else "："
    return (
        f"<li><strong>{html.escape(figure.label)}</strong>{colon}{html.escape(figure.text)}"
        f"<br><code>{html.escape(figure.command)}</code></li>"
    )


#: Where each stop's map page goes in the deck, once the deck's own text is complete.
_SRCDOC: Final = "\x00stop-map-{}\x00"
_DECK_FONTS: Final = "font-family: system-ui, sans-serif"
_DECK_CSS: Final = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; }
header, section { padding: 1.2rem 2rem; border-bottom: 1px solid #ddd; }
section { min-height: 100vh; box-sizing: border-box; display: grid;
  grid-template-columns: minmax(18rem, 1fr) 2fr; gap: 1.5rem; }
section iframe { width: 100%; height: 78vh; border: 1px solid #bbb; }
.progress { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.3rem 0.5rem;
  vertical-align: top; text-align: left; }
code { font-size: 0.85rem; }
"""
_DECK_KEYS: Final = """
// Each stop's map is a whole offline page: start it when its stop comes into view.
var maps = new IntersectionObserver(function (entries) {
  entries.forEach(function (entry) {
    var frame = entry.target;
    if (entry.isIntersecting && !frame.srcdoc) {
      frame.srcdoc = frame.getAttribute('data-srcdoc');
      maps.unobserve(frame);
    }
  });
}, {rootMargin: '200px'});
document.querySelectorAll('iframe[data-srcdoc]').forEach(function (f) { maps.observe(f); });
document.addEventListener('keydown', function (event) {
  var stops = Array.prototype.slice.call(document.querySelectorAll('section'));
  var current = stops.findIndex(function (s) { return s.getBoundingClientRect().top >= -5; });
  if (current < 0) { current = stops.length - 1; }
  if (event.key === 'ArrowRight' && current < stops.length - 1) {
    stops[current + 1].scrollIntoView();
  } else if (event.key === 'ArrowLeft' && current > 0) { stops[current - 1].scrollIntoView(); }
});
"""


def deck_html(
    briefing: Briefing,
    frames: Mapping[str, Any],
    tables: Mapping[str, Any],
    static_root: Path,
    *,
    titles: Mapping[str, str] | None = None,
    lang: Lang = "en",
    cjk_font: FontFile | Literal["system"] | None = "system",
) -> str:
    """The whole briefing as one HTML file that opens with no internet: every stop with its
    map (an offline map export, `standalone.standalone_html`), text, figures and sources,
    then the claims table; ← → move between stops.

    In Chinese (`lang` "zh-TW") the texts are the file's ``*_zh`` fields where it has them
    (`briefings.localized`; a note says when some are English), each quoted claim keeps its
    original words with the translation marked 譯文, and `titles` should be the layer titles
    in that language. `cjk_font` goes to each stop's map export (`standalone.standalone_html`).
    """
    from straitmap.map_text import CJK_FONT_STACK
    from straitmap.overlays import ROUTE_OVERLAY_TITLES
    from straitmap.render import build_map
    from straitmap.standalone import standalone_html, with_cjk_font

    _ = translator("dashboard", lang).gettext
    notice = language_note(briefing, lang)
    briefing = localized(briefing, lang)
    figures = evaluate_all(briefing, frames, tables, lang)
    words = {
        "measured": _("Measured"),
        "sources": _("Sources"),
        "translation": _("(translation) {text}"),
        "claims": _("Claims, measured"),
        "claim": _("Claim"),
        "figure": _("Figure"),
        "finds": _("What the project finds"),
        "verdict": _("Verdict"),
    }
    sections = []
    maps: list[str] = []  # each stop's map page, put in after the deck's own font is chosen
    count = len(briefing.stops)
    overlay_titles = {k: _(v) for k, v in ROUTE_OVERLAY_TITLES.items()}
    for number, stop in enumerate(briefing.stops, start=1):
        layers = stop_layers(stop, frames, lang)
        m = build_map(
            layers,
            titles=dict(titles or {}) | overlay_titles | {HIGHLIGHT_LAYER: _("Highlighted")},
            attributions=[_("Made with Natural Earth")],
            static_url=None,
            view=stop_view(stop, f"stop-{number}"),
            lang=lang,
        )
        page = standalone_html(m, static_root, title=stop.title, lang=lang, cjk_font=cjk_font)
        stop_figures = "".join(_figure_html(figures[m_.id], lang) for m_ in stop.measurements)
        stop_sources = "".join(_source_html(s, lang) for s in stop.sources)
        sections.append(
            f'<section id="stop-{number}"><div>'
            f'<p class="progress">{number} / {count}</p>'
            f"<h2>{html.escape(stop.title)}</h2>{text_html(stop.text)}"
            + (f"<h3>{words['measured']}</h3><ul>{stop_figures}</ul>" if stop_figures else "")
            + (f"<h3>{words['sources']}</h3><ul>{stop_sources}</ul>" if stop_sources else "")
            + '</div><iframe title="'
            + html.escape(_("Map: {title}").format(title=stop.title), quote=True)
            + f'" data-srcdoc="{_SRCDOC.format(len(maps))}"></iframe></section>'
        )
        maps.append(html.escape(page, quote=True))
    claims = "".join(
        "<tr>"
        f"<td>“{html.escape(c.claim)}”"
        + (
            f"<br>{html.escape(words['translation'].format(text=c.claim_zh))}"
            if lang == "zh-TW" and c.claim_zh
            else ""
        )
        + f"</td><td>{html.escape(c.figure)}</td>"
        f"<td>{html.escape(c.finding if lang == 'en' else unwrap(c.finding))}"
        + (
            f"<br><em>{html.escape(figures[c.measurement].text)}</em>"
            f"<br><code>{html.escape(figures[c.measurement].command)}</code>"
            if c.measurement
            else ""
        )
        + f"</td><td>{html.escape(_(c.verdict))}</td>"
        f"<td><ul>{''.join(_source_html(s, lang) for s in c.sources)}</ul></td></tr>"
        for c in briefing.claims
    )
    claims_html = (
        f"<header><h2>{words['claims']}</h2><table><tr><th>{words['claim']}</th>"
        f"<th>{words['figure']}</th><th>{words['finds']}</th>"
        f"<th>{words['verdict']}</th><th>{words['sources']}</th></tr>{claims}"
        "</table></header>"
        if briefing.claims
        else ""
    )
    note = f'<p class="progress">{html.escape(_(notice))}</p>' if notice else ""
    source = briefing.source
    html_lang = "en" if lang == "en" else "zh-Hant-TW"
    css = (
        _DECK_CSS
        if lang == "en"
        else _DECK_CSS.replace(_DECK_FONTS, f"font-family: {CJK_FONT_STACK}")
    )
    deck = (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(briefing.title)}</title><style>{css}</style></head><body>"
        f"<header><h1>{html.escape(briefing.title)}</h1>{note}"
        f"<p>{html.escape(briefing.summary)}</p>"
        f'<ul>{_source_html(source, lang)}</ul><p class="progress">'
        + _(
            "{count} stops; ← → to move. Made with Natural Earth; figures computed by "
            "straitmap on the WGS84 ellipsoid."
        ).format(count=count)
        + f"</p></header>{''.join(sections)}{claims_html}<script>{_DECK_KEYS}</script>"
        "</body></html>\n"
    )
    if lang != "en":
        # The deck's own text gets the glyphs it uses, as each stop's map does (its maps are
        # left out of the count: they carry their own).
        deck = with_cjk_font(deck, cjk_font)
    for number, page in enumerate(maps):
        deck = deck.replace(_SRCDOC.format(number), page, 1)
    return deck
