"""Layer policy beside the catalog: how each layer is drawn, in what order, which start hidden."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_STYLE",
    "DRAW_ORDER",
    "HIDDEN_BY_DEFAULT",
    "LABEL_LAYERS",
    "LAYER_STYLES",
    "PANES",
    "LayerStyle",
    "draw_order",
    "style_of",
]


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn (colours from the Okabe-Ito colour-blind-safe palette)."""

    color: str
    fill_color: str | None = None
    fill_opacity: float = 0.0
    weight: float = 2.0
    dash_array: str | None = None
    interactive: bool = True
    radius: float = 4.0
    #: Stroke opacity: below 1 where many features overlap, so their density shows.
    opacity: float = 0.9
    #: The Leaflet pane it is drawn in (None: the overlay pane); see `PANES`.
    pane: str | None = None
    #: Colour features by this property's value (palette), e.g. a base's `branch`.
    color_by: str | None = None
    palette: tuple[tuple[str, str], ...] = ()

    def color_for(self, value: object) -> str:
        """The colour of a feature whose `color_by` property is `value`."""
        return dict(self.palette).get(str(value), self.color)

    def style(self, value: object = None) -> dict[str, Any]:
        """Leaflet path options for this style (for a categorised layer, of one category)."""
        color = self.color_for(value) if self.color_by else self.color
        fill = color if self.color_by else (self.fill_color or self.color)
        options: dict[str, Any] = {
            "color": color,
            "weight": self.weight,
            "fillColor": fill,
            "fillOpacity": self.fill_opacity,
            "fill": self.fill_opacity > 0,
            "opacity": self.opacity,
        }
        if self.dash_array:
            options["dashArray"] = self.dash_array
        return options


LAYER_STYLES: dict[str, LayerStyle] = {
    "land": LayerStyle(
        color="#8c8673",
        fill_color="#efebdf",
        fill_opacity=1.0,
        weight=0.6,
        interactive=False,
        pane="sm-backdrop",
    ),
    "strait": LayerStyle(color="#0072B2", fill_color="#56B4E9", fill_opacity=0.18, weight=0.0),
    "strait_limits": LayerStyle(color="#000000", weight=2.0, dash_array="2 6"),
    "median_line": LayerStyle(color="#D55E00", weight=2.5, dash_array="10 6"),
    "places": LayerStyle(color="#333333", fill_color="#ffffff", fill_opacity=1.0, weight=1.5),
    "adiz": LayerStyle(color="#009E73", weight=2.0, dash_array="6 4"),
    "incursion_zones": LayerStyle(color="#7f7f7f", weight=1.0, dash_array="3 5"),
    "pla_exercise_zones": LayerStyle(
        color="#CC79A7", fill_color="#CC79A7", fill_opacity=0.25, weight=1.5
    ),
    "shipping_lanes": LayerStyle(
        color="#5f7f99",
        weight=1.5,
        color_by="kind",
        palette=(("network", "#8fa9bf"), ("route", "#0072B2")),
    ),
    "us_bases_japan": LayerStyle(
        color="#1b1b1b",
        fill_opacity=0.95,
        weight=1.0,
        radius=6.0,
        color_by="branch",
        palette=(
            ("USAF", "#56B4E9"),
            ("USN", "#0072B2"),
            ("USMC", "#E69F00"),
            ("US Army", "#009E73"),
            ("joint", "#F0E442"),
        ),
    ),
    "pla_incursions": LayerStyle(
        color="#D55E00",
        fill_opacity=0.65,
        weight=0.6,
        radius=3.5,
        color_by="aircraft_class",
        palette=(
            ("fighter", "#D55E00"),
            ("bomber", "#882255"),
            ("airborne early warning", "#CC79A7"),
            ("reconnaissance/electronic warfare", "#E69F00"),
            ("anti-submarine", "#0072B2"),
            ("tanker/transport", "#56B4E9"),
            ("helicopter", "#009E73"),
            ("drone", "#F0E442"),
            ("balloon", "#999999"),
            ("main combat (unspecified)", "#A6361C"),
            ("support (unspecified)", "#6F6F6F"),
            ("unspecified", "#444444"),
        ),
    ),
    # Not the median line's vermilion: tracks cross it, and must not read as part of it.
    # Two thousand tracks overlap: thin, translucent strokes, so where they crowd shows.
    "pla_tracks": LayerStyle(
        color="#882255", weight=1.0, fill_opacity=0.06, radius=3.0, opacity=0.35
    ),
    # A user's uploaded file: a colour no bundled layer uses.
    "upload": LayerStyle(
        color="#332288", fill_color="#AA4499", fill_opacity=0.85, weight=2.0, radius=6.0
    ),
    # Measurement overlays drawn by the Measure page (geodesic lines, rings, clicked points).
    "measure_rings": LayerStyle(color="#882255", weight=2.0, dash_array="8 5"),
    "measure_lines": LayerStyle(color="#000000", weight=3.0),
    "measure_points": LayerStyle(
        color="#000000", fill_color="#F0E442", fill_opacity=1.0, weight=2.0, radius=6.0
    ),
    # Sea-route overlays of the Routes page: the areas closed (shaded, outlined), the open
    # route (solid blue) and the route with the areas closed (thick dashed black, so the two
    # stay apart where they share water and in greyscale), and the two ends.
    "route_closed_areas": LayerStyle(
        color="#A6361C", fill_color="#D55E00", fill_opacity=0.22, weight=1.5, dash_array="4 4"
    ),
    "route_open": LayerStyle(color="#0072B2", weight=4.0, opacity=0.85),
    "route_closed": LayerStyle(color="#000000", weight=3.0, dash_array="9 6", opacity=0.9),
    "route_ends": LayerStyle(
        color="#000000", fill_color="#ffffff", fill_opacity=1.0, weight=2.0, radius=6.0
    ),
    # The features a briefing stop is about: a wide yellow halo drawn under the layers, so the
    # feature keeps its own style on top (a dashed median line stays dashed).
    "briefing_highlight": LayerStyle(
        color="#F0E442",
        fill_color="#F0E442",
        fill_opacity=0.55,
        weight=10.0,
        radius=12.0,
        opacity=0.75,
        interactive=False,
    ),
}
DEFAULT_STYLE = LayerStyle(color="#CC79A7", fill_color="#CC79A7", fill_opacity=0.3)

#: Leaflet panes below the overlay pane (z-index 400), bottom to top: the land backdrop, then
#: the density cells, so every line, area and point of the other layers draws over the cells
#: and the cells over the land.
PANES: tuple[tuple[str, int], ...] = (("sm-backdrop", 250), ("sm-cells", 350))

#: Layers the map writes as names (straitmap.labels), never draws as features.
LABEL_LAYERS: frozenset[str] = frozenset({"map_labels"})

#: Layers left off in the opening view (detail that would crowd it); one tick away.
HIDDEN_BY_DEFAULT: frozenset[str] = frozenset(
    {"pla_tracks", "incursion_zones", "pla_exercise_zones", "shipping_lanes"}
)

#: Layers drawn in this order, bottom to top; any other layer follows in the given order.
DRAW_ORDER = (
    "land",
    "briefing_highlight",
    "strait",
    "incursion_zones",
    "adiz",
    "pla_exercise_zones",
    "shipping_lanes",
    "pla_tracks",  # below the lines it crosses, so the median line stays visible over them
    "strait_limits",
    "median_line",
    "places",
    "us_bases_japan",
    "pla_incursions",
    "measure_rings",
    "measure_lines",
    "measure_points",
    "route_closed_areas",
    "route_open",
    "route_closed",
    "route_ends",
)


def style_of(layer_id: str) -> LayerStyle:
    """The style a layer is drawn with: its own, else `DEFAULT_STYLE`.

    >>> style_of("median_line").dash_array
    '10 6'
    """
    return LAYER_STYLES.get(layer_id, DEFAULT_STYLE)


def draw_order(layer_ids: Iterable[str]) -> list[str]:
    """The layers to draw (label layers left out), bottom to top: `DRAW_ORDER`, then the others
    in the order given.

    >>> draw_order(["places", "map_labels", "upload", "land"])
    ['land', 'places', 'upload']
    """
    drawn = [i for i in layer_ids if i not in LABEL_LAYERS]
    return [i for i in DRAW_ORDER if i in drawn] + [i for i in drawn if i not in DRAW_ORDER]
