"""An ingested dataset's view (`straitmap.points.view`) as a folium FeatureGroup for the map.

Only what the view needs travels to the browser: the cells (bounds, a colour class and a
tooltip of the cell's counts), or the visible points with the few properties their tooltip
shows. Every string goes through `straitmap.render.sanitize`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import folium
import pandas as pd

from straitmap.filters import DIMENSIONS, FilterDimension, FilterState
from straitmap.i18n import Lang, format_number, translator
from straitmap.points import MAX_ZOOM, CategoryValue, CellGrid, PointQuery, View
from straitmap.render import LegendEntry, sanitize

__all__ = [
    "DATASET_CELL_CLASSES",
    "DATASET_CELL_COLORS",
    "DATASET_POINT_COLOR",
    "TOOLTIP_COLUMNS",
    "category_column",
    "cell_class",
    "cell_tooltip",
    "clamped_bounds",
    "dataset_group",
    "dataset_legend",
    "dataset_query",
    "metres_per_pixel",
    "point_tooltip",
    "shared_dimensions",
    "tooltip_columns",
    "view_bounds",
    "view_zoom",
]

#: Lower bounds of the count classes of a dataset's cells (points per cell): a dataset of
#: millions of points needs decades, not the bundled layers' 1-3-10-30-100.
DATASET_CELL_CLASSES: Final[tuple[int, ...]] = (1, 10, 100, 1_000, 10_000)
#: ColorBrewer Greens, one per class: a hue no bundled or uploaded layer uses.
DATASET_CELL_COLORS: Final[tuple[str, ...]] = (
    "#c7e9c0",
    "#a1d99b",
    "#74c476",
    "#31a354",
    "#006d2c",
)
DATASET_POINT_COLOR: Final = "#238b45"
#: How many properties a point's tooltip shows (the rest is not sent).
TOOLTIP_COLUMNS: Final = 3
#: How many per-category counts a cell's tooltip lists before "… N more".
CELL_TOOLTIP_CATEGORIES: Final = 6
_PLUMBING: Final = ("geometry", "bbox", "lon", "lat")

Bounds = tuple[float, float, float, float]


def clamped_bounds(west: float, south: float, east: float, north: float) -> Bounds:
    """A map's reported bounds inside ±180°/±90° (Leaflet reports beyond them when the view
    shows more than the world, or wraps); a view across the antimeridian becomes the whole
    width.

    >>> clamped_bounds(-200.0, -95.0, 130.0, 40.0)
    (-180.0, -90.0, 130.0, 40.0)
    """
    west, east = max(-180.0, min(180.0, west)), max(-180.0, min(180.0, east))
    south, north = max(-90.0, min(90.0, south)), max(-90.0, min(90.0, north))
    if west > east:
        west, east = -180.0, 180.0
    if south > north:
        south, north = north, south
    return west, south, east, north


def view_zoom(zoom: float | None, default: int) -> int:
    """A reported zoom as a whole zoom of the cell grids (0 to `MAX_ZOOM`), else `default`."""
    if zoom is None or not math.isfinite(zoom):
        return default
    return max(0, min(MAX_ZOOM, round(zoom)))


def view_bounds(
    center: tuple[float, float], zoom: float, size_px: tuple[int, int] = (1200, 560)
) -> Bounds:
    """The bounds a web map of `size_px` (width, height) shows around `center` (lat, lon) at
    `zoom` (spherical Mercator, 256 px tiles), clamped: for before the browser reports them.

    >>> [round(v, 2) for v in view_bounds((0.0, 0.0), 1, (512, 512))]
    [-180.0, -85.05, 180.0, 85.05]
    """
    lat, lon = center
    world = 256.0 * 2.0**zoom
    half_width = size_px[0] / 2 / world * 360.0
    y = world / 2 * (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi)

    def latitude(pixel_y: float) -> float:
        n = math.pi * (1 - 2 * pixel_y / world)
        return math.degrees(math.atan(math.sinh(n)))

    north = latitude(max(0.0, y - size_px[1] / 2))
    south = latitude(min(world, y + size_px[1] / 2))
    return clamped_bounds(lon - half_width, south, lon + half_width, north)


def category_column(columns: Mapping[str, str]) -> str | None:
    """The text column a cell's per-category counts use: the first one whose name does not
    look like an identifier or a name (`id`, `*_id`, `name`, `mmsi`: too many values)."""
    for column, arrow_type in columns.items():
        lowered = column.lower()
        if column in _PLUMBING or "string" not in arrow_type:
            continue
        if lowered in ("id", "name", "mmsi", "callsign") or lowered.endswith(("_id", "_name")):
            continue
        return column
    return None


def tooltip_columns(
    columns: Mapping[str, str], by: str | None = None, limit: int = TOOLTIP_COLUMNS
) -> list[str]:
    """The few columns a point's tooltip shows: `date` (or `time`), `by`, then text columns,
    then the others, at most `limit`. `columns` maps names to Arrow types (the manifest's).

    >>> tooltip_columns({"lon": "double", "speed": "double", "kind": "string", "date": "date32"})
    ['date', 'kind', 'speed']
    """
    own = [c for c in columns if c not in _PLUMBING]
    dated = [c for c in ("date", "time") if c in own][:1]
    text = [c for c in own if "string" in columns[c]]
    ordered = [*dated, *([by] if by in own else []), *text, *own]
    return list(dict.fromkeys(ordered))[:limit]


def cell_class(count: int, classes: Sequence[int] = DATASET_CELL_CLASSES) -> int:
    """The index of the count class a cell of `count` points falls in.

    >>> [cell_class(n) for n in (1, 9, 10, 99_999)]
    [0, 0, 1, 4]
    """
    index = 0
    while index + 1 < len(classes) and count >= classes[index + 1]:
        index += 1
    return index


def _points_word(count: int, lang: Lang = "en") -> str:
    if lang == "en":
        return f"{count:,} point" if count == 1 else f"{count:,} points"
    text = translator("dashboard", lang).ngettext("{count} point", "{count} points", count)
    return text.format(count=format_number(count, lang, 0))


def cell_tooltip(
    count: int, by_category: Mapping[str, int], by: str | None = None, lang: Lang = "en"
) -> str:
    """A cell's tooltip as HTML: its count, then the largest per-category counts (sanitised).

    >>> cell_tooltip(3, {"<b>": 2, "cargo": 1}, "kind")
    '3 points in this cell<br>kind &lt;b&gt;: 2<br>kind cargo: 1'
    """
    if lang == "en":
        lines = [f"{_points_word(count)} in this cell"]
    else:
        t = translator("dashboard", lang)
        text = t.ngettext("{count} point in this cell", "{count} points in this cell", count)
        lines = [sanitize(text.format(count=format_number(count, lang, 0)))]
    ranked = sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
    prefix = f"{sanitize(by)} " if by else ""
    for value, n in ranked[:CELL_TOOLTIP_CATEGORIES]:
        lines.append(f"{prefix}{sanitize(value)}: {format_number(n, lang, 0)}")
    if len(ranked) > CELL_TOOLTIP_CATEGORIES:
        more = len(ranked) - CELL_TOOLTIP_CATEGORIES
        if lang == "en":
            lines.append(f"… {more:,} more values")
        else:
            text = translator("dashboard", lang).ngettext(
                "… {count} more value", "… {count} more values", more
            )
            lines.append(sanitize(text.format(count=format_number(more, lang, 0))))
    return "<br>".join(lines)


def point_tooltip(row: Mapping[Any, Any], columns: Sequence[str]) -> str:
    """A point's tooltip as HTML: "column: value" per shown column (sanitised; blanks left out)."""
    lines = []
    for column in columns:
        value = row.get(column)
        if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
            continue
        lines.append(f"{sanitize(column)}: {sanitize(value)}")
    return "<br>".join(lines)


def _cells_data(grid: CellGrid, lang: Lang = "en") -> list[list[Any]]:
    return [
        [
            cell.west,
            cell.south,
            cell.east,
            cell.north,
            cell_class(cell.count),
            cell_tooltip(cell.count, cell.by_category, grid.by, lang),
        ]
        for cell in grid.cells
    ]


def _points_data(frame: pd.DataFrame, columns: Sequence[str]) -> list[list[Any]]:
    shown = [c for c in columns if c in frame.columns]
    records = frame[["lon", "lat", *shown]].to_dict("records")
    return [
        [round(float(r["lon"]), 6), round(float(r["lat"]), 6), point_tooltip(r, shown)]
        for r in records
    ]


_DATASET_JS = """
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }}, colors = {{ this.colors|tojson }};
  var cells = {{ this.cells|tojson }}, points = {{ this.points|tojson }};
  cells.forEach(function (c) {
    L.rectangle([[c[1], c[0]], [c[3], c[2]]], {
      stroke: false, fillColor: colors[c[4]], fillOpacity: 0.75, pane: 'sm-cells'
    }).bindTooltip(c[5], {sticky: true}).addTo(group);
  });
  if (points.length) {
    var renderer = L.canvas({padding: 0.5});
    points.forEach(function (p) {
      var marker = L.circleMarker([p[1], p[0]], {
        renderer: renderer, radius: 4, weight: 1, color: '#ffffff',
        fillColor: {{ this.point_color|tojson }}, fillOpacity: 0.9
      });
      if (p[2]) { marker.bindTooltip(p[2]); }
      marker.addTo(group);
    });
  }
})();
{% endmacro %}
"""


class _DatasetView(folium.MacroElement):
    """Draws a dataset's cells (rectangles by count class) or points (canvas circle markers)
    from compact arrays: one element, not one folium object per cell or point."""

    def __init__(self, cells: list[list[Any]], points: list[list[Any]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "DatasetView"
        self._template = folium.template.Template(_DATASET_JS)
        self.cells = cells
        self.points = points
        self.colors = [sanitize(c) for c in DATASET_CELL_COLORS]
        self.point_color = sanitize(DATASET_POINT_COLOR)


def dataset_group(
    title: str,
    answer: View,
    *,
    columns: Sequence[str] = (),
    lang: Lang = "en",
) -> folium.FeatureGroup:
    """A FeatureGroup drawing `answer`: its cells when it has them, else its points with a
    tooltip of `columns` (only those are sent). `title` names it in the layer control; the
    cells' tooltips are in `lang` (the dataset's own column names and values as they are)."""
    group = folium.FeatureGroup(name=sanitize(title), show=True)
    cells = _cells_data(answer.cells, lang) if answer.cells is not None else []
    points = _points_data(answer.points, columns) if answer.points is not None else []
    _DatasetView(cells, points).add_to(group)
    return group


def dataset_legend(title: str, answer: View, lang: Lang = "en") -> list[LegendEntry]:
    """The legend lines of a dataset's view: its title and count, then the cells' classes or
    the points' swatch (labels are sanitised by `straitmap.render.legend_html`), in `lang`."""
    _ = translator("dashboard", lang).gettext
    if lang == "en":
        heading = f"{title} ({_points_word(answer.count)})"
    else:
        heading = _("{title} ({points})").format(
            title=title, points=_points_word(answer.count, lang)
        )
    if answer.cells is None:
        return [LegendEntry(heading, DATASET_POINT_COLOR, "point")]
    size = answer.cells.size_deg
    entries = [
        LegendEntry(heading, DATASET_CELL_COLORS[-1], "title"),
        LegendEntry(_("points per {size}° cell").format(size=f"{size:g}"), "", "note", indent=True),
    ]
    highs: list[int | None] = [*DATASET_CELL_CLASSES[1:], None]

    def number(value: int) -> str:
        return format_number(value, lang, 0)

    for low, high, color in zip(DATASET_CELL_CLASSES, highs, DATASET_CELL_COLORS, strict=True):
        label = f"{number(low)}+" if high is None else f"{number(low)}–{number(high - 1)}"
        entries.append(LegendEntry(label, color, "cell", indent=True))
    return entries


def shared_dimensions(columns: Mapping[str, str]) -> list[FilterDimension]:
    """The sidebar's declared filters (`straitmap.filters.DIMENSIONS`) that fit a dataset: the
    "set" ones whose column the dataset has as text (a dataset with a `zone` column follows
    the Zone filter). `columns` maps names to Arrow types (the manifest's).

    >>> [d.name for d in shared_dimensions({"zone": "string", "kind": "int64"})]
    ['zones']
    """
    return [
        d
        for d in DIMENSIONS
        if d.kind == "set" and "string" in columns.get(d.column, "") and d.column not in _PLUMBING
    ]


def dataset_query(
    bounds: Bounds,
    *,
    columns: Mapping[str, str],
    dates: tuple[dt.date | None, dt.date | None] = (None, None),
    chosen: Mapping[str, Sequence[CategoryValue]] | None = None,
    filters: FilterState | None = None,
    held: Mapping[str, Sequence[CategoryValue]] | None = None,
) -> PointQuery | None:
    """What the map asks of a dataset: the view's bounds, the dataset's own dates and chosen
    values (`chosen`: column → values, none chosen meaning all), and the sidebar's `filters`
    where they fit (`shared_dimensions`).

    A shared filter keeps only the values the dataset's column holds (`held`, e.g. from
    `points.category_counts`): a zone the dataset never names matches none of its points,
    rather than being refused as a typo would be on the command line. None when a shared
    filter chose only values the dataset never holds: then no point matches.

    >>> dataset_query((119, 22, 122, 26), columns={"zone": "string"},
    ...               filters=FilterState(zones={"southwest", "east"}),
    ...               held={"zone": ["southwest", "north"]}).where
    (('zone', 'southwest'),)
    """
    where: list[tuple[str, CategoryValue]] = []
    for column, values in (chosen or {}).items():
        where.extend((column, value) for value in values)
    impossible = False
    for dimension in shared_dimensions(columns):
        wanted = filters.chosen(dimension) if filters is not None else frozenset()
        if not wanted:
            continue
        holds = set((held or {}).get(dimension.column, ()))
        kept = sorted(v for v in wanted if v in holds)
        impossible = impossible or not kept
        where.extend((dimension.column, value) for value in kept)
    date_from, date_to = dates
    if impossible:
        return None
    return PointQuery(bounds, date_from, date_to, tuple(where))


def metres_per_pixel(latitude: float, zoom: float) -> float:
    """The ground size of a screen pixel of a web map (256 px tiles) at `latitude` and `zoom`:
    how far from a click a point's marker can be and still be under the pointer.

    >>> round(metres_per_pixel(0.0, 0))
    156543
    """
    return 2 * math.pi * 6_378_137.0 * math.cos(math.radians(latitude)) / (256 * 2**zoom)
