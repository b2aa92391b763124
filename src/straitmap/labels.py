"""Map label layout: short texts, priorities, anchor sides and the zooms where names fit."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, get_args

import geopandas as gpd
import pandas as pd

from straitmap.i18n import Lang

__all__ = [
    "ANCHORS",
    "CONTEXT_KINDS",
    "DOT_RADIUS_PX",
    "LABEL_CSS",
    "LABEL_GAP_PX",
    "LABEL_PAD_PX",
    "LABEL_STYLES",
    "MAP_MIN_ZOOM",
    "PLACE_ANCHORS",
    "RANK_MIN_ZOOM",
    "Anchor",
    "Box",
    "LabelSpec",
    "LabelStyle",
    "Placement",
    "char_em",
    "context_label_specs",
    "dot_box",
    "label_class",
    "label_size",
    "layout_labels",
    "place_label_specs",
    "world_pixel",
]

Anchor = Literal[
    "right",
    "left",
    "above",
    "below",
    "above-right",
    "below-right",
    "above-left",
    "below-left",
    "center",
]
ANCHORS: tuple[Anchor, ...] = get_args(Anchor)
#: The sides a place name may take around its dot, in order of preference.
PLACE_ANCHORS: tuple[Anchor, ...] = (
    "right",
    "left",
    "above",
    "below",
    "above-right",
    "below-right",
    "above-left",
    "below-left",
)

#: The map's own minimum zoom (`build_map` sets it): no label is laid out below it.
MAP_MIN_ZOOM = 3.0
#: label_rank → the earliest zoom a place name may show; collisions can only delay it.
RANK_MIN_ZOOM: dict[int, float] = {1: 3.0, 2: 6.0, 3: 8.0}
#: `kind` of a `map_labels` feature → its style; the kinds also rank the labels among themselves.
CONTEXT_KINDS: dict[str, str] = {"country or area": "country", "sea": "sea", "strait": "sea"}
#: Place kinds in order of label priority within a rank; unknown kinds come last.
_PLACE_KIND_ORDER = ("city", "island", "port", "base town", "cape")

#: A place dot's radius on screen: the places layer's CircleMarker radius (4 px) plus half its
#: 1.5 px stroke. A label's padded box starts LABEL_GAP_PX - LABEL_PAD_PX = 5 px from its point,
#: so it always clears its own dot.
DOT_RADIUS_PX = 4.75
#: From a place's point to the near edge of its label box (CSS `translate` in LABEL_CSS).
LABEL_GAP_PX = 7.0
#: Clearance kept around each label's text box, for its white halo (text-shadow).
LABEL_PAD_PX = 2.0
#: Line height of every label, in em (CSS `line-height` in LABEL_CSS).
LINE_HEIGHT_EM = 1.2
#: Zooms are rounded up to this step (the map's zoomSnap), so the data holds round numbers.
ZOOM_STEP = 0.25

# Advance widths in em of the glyph classes of DejaVu Sans Bold, which Debian's Chromium uses
# for `system-ui` (measured with getBoundingClientRect on 10-glyph runs, each class rounded up
# to its widest member): the widest common UI font, so boxes on other systems are roomier.
# Wide (CJK) characters take 1 em in every font.
_EM_NARROW = 0.38  # i j l I J . , ' ’ : ; ! | and space (space 0.35, l 0.34, J 0.37)
_EM_SEMI = 0.5  # f t r - ( ) (f 0.41, t 0.48, r 0.49, parentheses 0.46)
_EM_WIDE = 1.1  # m w M W (m 1.04, W 1.10)
_EM_UPPER = 0.85  # other capitals (O and Q 0.85, E 0.68)
_EM_DIGIT = 0.7
_EM_LOWER = 0.72  # other lower-case letters (b d g p q 0.72, c 0.59)
_NARROW = frozenset("ijlIJ.,'’:;!| ")
_SEMI = frozenset("ftr-()")
_WIDE = frozenset("mwMW")


@dataclass(frozen=True)
class LabelStyle:
    """How one kind of label is set: the CSS it gets and the box model that estimates it."""

    css_class: str
    font_px: float
    weight: int
    color: str
    italic: bool = False
    letter_spacing_em: float = 0.0
    uppercase: bool = False
    #: Book-weight glyphs are narrower than the bold ones the width table measures (DejaVu Sans
    #: Oblique runs 0.85–0.9 of DejaVu Sans Bold).
    em_scale: float = 1.0

    def css(self) -> str:
        """The CSS rule of this style's label text."""
        rules = [
            f"font: {'italic ' if self.italic else ''}{self.weight} {self.font_px:g}px/"
            f"{LINE_HEIGHT_EM:g} system-ui, sans-serif",
            f"color: {self.color}",
        ]
        if self.letter_spacing_em:
            rules.append(f"letter-spacing: {self.letter_spacing_em:g}em")
        if self.uppercase:
            rules.append("text-transform: uppercase")
        return f".sm-label.{self.css_class} span {{ {'; '.join(rules)}; }}"


LABEL_STYLES: dict[str, LabelStyle] = {
    "place": LabelStyle("sm-place", 12, 600, "#1d1d1d"),
    "major": LabelStyle("sm-major", 13, 700, "#111111"),
    # Countries and areas: spaced grey capitals; seas and straits: blue-grey italics.
    "country": LabelStyle("sm-country", 12, 600, "#6b6b6b", letter_spacing_em=0.15, uppercase=True),
    "sea": LabelStyle("sm-sea", 13, 500, "#4a6a86", italic=True, em_scale=0.88),
}

_TRANSLATE: dict[Anchor, str] = {
    "right": f"translate({LABEL_GAP_PX:g}px, -50%)",
    "left": f"translate(calc(-100% - {LABEL_GAP_PX:g}px), -50%)",
    "above": f"translate(-50%, calc(-100% - {LABEL_GAP_PX:g}px))",
    "below": f"translate(-50%, {LABEL_GAP_PX:g}px)",
    "above-right": f"translate({LABEL_GAP_PX:g}px, calc(-100% - {LABEL_GAP_PX:g}px))",
    "below-right": f"translate({LABEL_GAP_PX:g}px, {LABEL_GAP_PX:g}px)",
    "above-left": f"translate(calc(-100% - {LABEL_GAP_PX:g}px), calc(-100% - {LABEL_GAP_PX:g}px))",
    "below-left": f"translate(calc(-100% - {LABEL_GAP_PX:g}px), {LABEL_GAP_PX:g}px)",
    "center": "translate(-50%, -50%)",
}

#: The CSS of every label: the box model below assumes exactly these fonts and offsets.
LABEL_CSS = "\n".join(
    [
        ".sm-label { background: none; border: none; }",
        # The text's box starts at the label's point (the icon is 0×0 there), so the translate
        # of each side is all that moves it: no line box or baseline shifts it.
        ".sm-label span { position: absolute; left: 0; top: 0; white-space: nowrap;",
        "  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }",
        *(style.css() for style in LABEL_STYLES.values()),
        *(
            f".sm-label.sm-at-{anchor} span {{ transform: {_TRANSLATE[anchor]}; }}"
            for anchor in ANCHORS
        ),
    ]
)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def char_em(char: str) -> float:
    """The estimated advance width of one character, in em of the label's font size.

    >>> char_em("m"), char_em("i"), char_em("臺")
    (1.1, 0.38, 1.0)
    """
    if _is_wide(char):
        return 1.0
    if char in _NARROW:
        return _EM_NARROW
    if char in _SEMI:
        return _EM_SEMI
    if char in _WIDE:
        return _EM_WIDE
    if char.isdigit():
        return _EM_DIGIT
    if char.isupper():
        return _EM_UPPER
    return _EM_LOWER


def label_size(text: str, style: LabelStyle) -> tuple[float, float]:
    """The estimated (width, height) in CSS pixels of `text` set in `style`, halo not included.

    Chromium adds letter spacing after every character, the last one too.

    >>> label_size("Kinmen", LABEL_STYLES["place"])
    (53.88, 14.4)
    """
    shown = text.upper() if style.uppercase else text
    em = sum(char_em(c) * (1.0 if _is_wide(c) else style.em_scale) for c in shown)
    em += style.letter_spacing_em * len(shown)
    return round(em * style.font_px, 2), round(LINE_HEIGHT_EM * style.font_px, 2)


def world_pixel(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator pixel position at zoom 0 (a 256 px world), as Leaflet projects it.

    For display layout only: pixel distances change with latitude, never measure with them.
    At zoom z the position is ``2**z`` times this.
    """
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    x = 256.0 * (0.5 + lon / 360.0)
    y = 256.0 * (0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi))
    return x, y


@dataclass(frozen=True)
class Box:
    """A screen rectangle in pixels (x grows east, y grows south)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two rectangles share any area (touching edges do not count)."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


@dataclass(frozen=True)
class LabelSpec:
    """A label to lay out: its text, where it belongs, its style and when it may show.

    `priority` orders the layout (smaller first; ties keep the given order): a label never
    hides one that comes before it.
    """

    id: str
    text: str
    lon: float
    lat: float
    style: str
    priority: tuple[int, int, int]
    min_zoom: float = MAP_MIN_ZOOM
    max_zoom: float = math.inf
    anchors: tuple[Anchor, ...] = PLACE_ANCHORS
    rank: int | None = None

    @property
    def is_place(self) -> bool:
        """Whether this is a place's name (placed around its dot), not a country or sea name."""
        return self.rank is not None

    def offsets(self, anchor: Anchor) -> Box:
        """The label's box relative to its point, halo pad included, when set at `anchor`."""
        width, height = label_size(self.text, LABEL_STYLES[self.style])
        gap = LABEL_GAP_PX
        # Each edge is written out (not x0 + width) so the near edge sits exactly `gap` from the
        # point: the label's own dot must stay clear by construction, not by float luck.
        if anchor.endswith("right"):
            x0, x1 = gap, gap + width
        elif anchor.endswith("left"):
            x0, x1 = -gap - width, -gap
        else:
            x0, x1 = -width / 2, width / 2
        if anchor.startswith("above"):
            y0, y1 = -gap - height, -gap
        elif anchor.startswith("below"):
            y0, y1 = gap, gap + height
        else:
            y0, y1 = -height / 2, height / 2
        pad = LABEL_PAD_PX
        return Box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)


@dataclass(frozen=True)
class Placement:
    """Where and when one label shows: at `anchor`, for zooms in [min_zoom, max_zoom).

    `anchor` and `min_zoom` are None for a label that fits at no zoom.
    """

    spec: LabelSpec
    anchor: Anchor | None
    min_zoom: float | None

    @property
    def max_zoom(self) -> float:
        return self.spec.max_zoom

    def shown_at(self, zoom: float) -> bool:
        """Whether the label shows at `zoom`."""
        return self.min_zoom is not None and self.min_zoom <= zoom < self.spec.max_zoom

    def box(self, zoom: float) -> Box | None:
        """The label's screen box at `zoom` (world pixels, halo pad included), if it shows."""
        if self.anchor is None or not self.shown_at(zoom):
            return None
        x, y = world_pixel(self.spec.lon, self.spec.lat)
        scale = 2.0**zoom
        offsets = self.spec.offsets(self.anchor)
        return Box(
            x * scale + offsets.x0,
            y * scale + offsets.y0,
            x * scale + offsets.x1,
            y * scale + offsets.y1,
        )


def dot_box(lon: float, lat: float, zoom: float, radius: float = DOT_RADIUS_PX) -> Box:
    """The screen box of a place dot at `zoom` (world pixels)."""
    x, y = world_pixel(lon, lat)
    scale = 2.0**zoom
    return Box(x * scale - radius, y * scale - radius, x * scale + radius, y * scale + radius)


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def place_label_specs(places: gpd.GeoDataFrame, lang: Lang = "en") -> list[LabelSpec]:
    """One label per place point: its `label` (else `name`), ranked by `label_rank`, then kind.

    Rank 1 names are set larger (style "major"). Places without a point are skipped. In
    Chinese (`lang` "zh-TW") the label is the place's `name_zh` where it has one, else the
    English one (the map's legend says so once). The frame is not changed.
    """
    records = pd.DataFrame(places.drop(columns=places.geometry.name)).to_dict("records")
    specs = []
    for index, (record, point) in enumerate(zip(records, places.geometry.array, strict=True)):
        if point is None or point.is_empty:
            continue
        text = _text(record.get("label")) or _text(record.get("name"))
        if lang != "en":
            text = _text(record.get("name_zh")) or text
        if text is None:
            continue
        rank_value: Any = record.get("label_rank")
        rank = 3 if _text(rank_value) is None else int(rank_value)
        kind = _text(record.get("kind"))
        kind_order = (
            _PLACE_KIND_ORDER.index(kind) if kind in _PLACE_KIND_ORDER else len(_PLACE_KIND_ORDER)
        )
        specs.append(
            LabelSpec(
                id=_text(record.get("id")) or f"place-{index}",
                text=text,
                lon=float(point.x),
                lat=float(point.y),
                style="major" if rank == 1 else "place",
                priority=(1, rank, kind_order),
                min_zoom=max(MAP_MIN_ZOOM, RANK_MIN_ZOOM.get(rank, max(RANK_MIN_ZOOM.values()))),
                rank=rank,
            )
        )
    return specs


def _context_text(row: pd.Series, lang: Lang) -> str:
    local = _text(row.get("name_zh")) if lang != "en" else None
    return local or str(row["name"])


def context_label_specs(map_labels: gpd.GeoDataFrame, lang: Lang = "en") -> list[LabelSpec]:
    """One centred label per `map_labels` feature (countries, seas, straits), shown between
    its `min_zoom` and `max_zoom`; they come before every place name. In Chinese each is its
    `name_zh` where it has one. The frame is not changed.
    """
    kinds = list(CONTEXT_KINDS)
    specs = []
    for index, point in enumerate(map_labels.geometry.array):
        if point is None or point.is_empty:
            continue
        row = map_labels.iloc[index]
        kind = str(row["kind"])
        if kind not in CONTEXT_KINDS:
            raise ValueError(f"map label kind should be one of {kinds}, got {kind!r}")
        specs.append(
            LabelSpec(
                id=str(row["id"]),
                text=_context_text(row, lang),
                lon=float(point.x),
                lat=float(point.y),
                style=CONTEXT_KINDS[kind],
                priority=(0, kinds.index(kind), 0),
                min_zoom=max(MAP_MIN_ZOOM, float(row["min_zoom"])),
                max_zoom=float(row["max_zoom"]),
                anchors=("center",),
            )
        )
    return specs


def _zoom_interval(a: Box, b: Box, dx: float, dy: float) -> tuple[float, float] | None:
    """The zooms (lo, hi), open, at which box offsets `b` around a point (dx, dy) world pixels
    from a point with box offsets `a` overlap it; None if they never do.

    At zoom z the points are 2**z * (dx, dy) apart while the boxes keep their pixel size, so on
    each axis the overlap is one interval of the scale 2**z: exact for every zoom, not sampled.
    """
    low, high = 0.0, math.inf
    for a0, a1, b0, b1, d in ((a.x0, a.x1, b.x0, b.x1, dx), (a.y0, a.y1, b.y0, b.y1, dy)):
        # Overlap on this axis when a0 - b1 < 2**z * d < a1 - b0.
        lower, upper = a0 - b1, a1 - b0
        if d == 0:
            if not lower < 0 < upper:
                return None
            continue
        first, last = sorted((lower / d, upper / d))
        low, high = max(low, first), min(high, last)
    if high <= low:
        return None
    return (
        math.log2(low) if low > 0 else -math.inf,
        math.log2(high) if high < math.inf else math.inf,
    )


def _round_up(zoom: float) -> float:
    # Never down, even by float noise: the boxes would overlap by a hair at that zoom.
    return zoom if math.isinf(zoom) else math.ceil(zoom / ZOOM_STEP) * ZOOM_STEP


@dataclass(frozen=True)
class _Obstacle:
    x: float
    y: float
    offsets: Box
    min_zoom: float
    max_zoom: float


def layout_labels(
    specs: Iterable[LabelSpec],
    dots: Iterable[tuple[float, float]] = (),
    *,
    dot_radius: float = DOT_RADIUS_PX,
) -> tuple[Placement, ...]:
    """Lay labels out so that no two shown labels overlap, nor any label a dot, at any zoom.

    Labels are placed in priority order. For each of its anchors a label gets the smallest
    zoom (not below its own `min_zoom`, rounded up to ZOOM_STEP) from which, at every zoom
    up to its `max_zoom`, its box overlaps neither a dot (at `dots`, lon/lat) nor the box of
    any label placed before it while that one shows; the anchor with the smallest such zoom
    wins (ties go to the earlier anchor). A label that fits nowhere before its `max_zoom`
    is never shown. Boxes are estimated by `label_size` in Web Mercator screen pixels, as
    Leaflet draws them: the layout is for display, never for measuring.

    Returns one Placement per spec, in priority order. Pure: the same input gives the same
    output (memoised).

    >>> xiamen = LabelSpec("xiamen", "Xiamen", 118.08, 24.45, "major", (1, 1, 0))
    >>> kinmen = LabelSpec("kinmen", "Kinmen", 118.33, 24.43, "major", (1, 1, 1))
    >>> dots = [(118.08, 24.45), (118.33, 24.43)]
    >>> [(p.spec.id, p.anchor, p.min_zoom) for p in layout_labels([xiamen, kinmen], dots)]
    [('xiamen', 'left', 3.0), ('kinmen', 'right', 3.0)]
    """
    return _layout(tuple(specs), tuple((float(x), float(y)) for x, y in dots), float(dot_radius))


@lru_cache(maxsize=32)
def _layout(
    specs: tuple[LabelSpec, ...], dots: tuple[tuple[float, float], ...], dot_radius: float
) -> tuple[Placement, ...]:
    dot_offsets = Box(-dot_radius, -dot_radius, dot_radius, dot_radius)
    obstacles = [
        _Obstacle(*world_pixel(lon, lat), dot_offsets, -math.inf, math.inf) for lon, lat in dots
    ]
    placements = []
    for spec in sorted(specs, key=lambda s: s.priority):
        x, y = world_pixel(spec.lon, spec.lat)
        best: tuple[float, Anchor] | None = None
        for anchor in spec.anchors:
            offsets = spec.offsets(anchor)
            start = spec.min_zoom
            for other in obstacles:
                interval = _zoom_interval(other.offsets, offsets, x - other.x, y - other.y)
                if interval is None:
                    continue
                low, high = interval
                # They clash on (low, high) while both show; past `clear` they never do again.
                clear = min(high, other.max_zoom, spec.max_zoom)
                if max(low, other.min_zoom) < clear:
                    start = max(start, clear)
            start = _round_up(start)
            if start < spec.max_zoom and (best is None or start < best[0]):
                best = (start, anchor)
        if best is None:
            placements.append(Placement(spec, None, None))
            continue
        start, anchor = best
        placements.append(Placement(spec, anchor, start))
        obstacles.append(_Obstacle(x, y, spec.offsets(anchor), start, spec.max_zoom))
    return tuple(placements)


def label_class(placement: Placement) -> str:
    """The CSS classes of a placed label's icon: style, rank (places) and anchor side."""
    spec = placement.spec
    classes = ["sm-label", LABEL_STYLES[spec.style].css_class]
    if spec.rank is not None:
        classes.append(f"rank-{spec.rank}")
    classes.append(f"sm-at-{placement.anchor or 'center'}")
    return " ".join(classes)
