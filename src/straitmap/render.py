"""Layers to a folium map: styles, labels, popups, controls, local assets and the one sanitiser."""

from __future__ import annotations

import html
import json
import math
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import branca.element
import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.elements import ElementAddToElement

from straitmap.assets import STATIC_URL, localize_assets

#: Where the map opens: the whole Taiwan Strait, between its limit lines, in view
#: ((south, west), (north, east), a little wider than the limit lines' extent).
STRAIT_VIEW_BOUNDS: tuple[tuple[float, float], tuple[float, float]] = (
    (21.75, 116.8),
    (25.85, 122.1),
)
STRAIT_VIEW_CENTER: tuple[float, float] = (23.8, 119.45)
STRAIT_VIEW_ZOOM = 7
SEA_COLOR = "#c9dcea"

# Characters folium/branca or the browser could treat as code: HTML metacharacters, plus
# Jinja's braces, JS template-literal `${` and backtick, and backslash (escape sequences).
_EXTRA_ENTITIES = {"{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;", "\\": "&#92;"}
_EXTRA_TABLE = str.maketrans(_EXTRA_ENTITIES)


def sanitize(value: object) -> str:
    """Return `value` as text that folium and the browser show literally and never evaluate.

    Every string handed to folium (property values and keys, layer names, labels, legend and
    popup text) goes through here: HTML metacharacters ``& < > " '`` and ``{ } $ ` \\`` become
    numeric or named entities, so ``{{7*7}}`` is not rendered by Jinja, ``<img onerror=...>``
    is not parsed as a tag and ``${...}`` is not a JS template. Tables and exports keep the
    original text; only the copy sent to the map is encoded.

    >>> sanitize("{{7*7}} <b>")
    '&#123;&#123;7*7&#125;&#125; &lt;b&gt;'
    >>> sanitize(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA_TABLE)


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
            "opacity": 0.9,
        }
        if self.dash_array:
            options["dashArray"] = self.dash_array
        return options


LAYER_STYLES: dict[str, LayerStyle] = {
    "land": LayerStyle(
        color="#8c8673", fill_color="#efebdf", fill_opacity=1.0, weight=0.6, interactive=False
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
    "pla_tracks": LayerStyle(color="#D55E00", weight=1.2, fill_opacity=0.1, radius=3.0),
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
}
DEFAULT_STYLE = LayerStyle(color="#CC79A7", fill_color="#CC79A7", fill_opacity=0.3)

#: label_rank → the smallest zoom at which the place name is shown.
LABEL_MIN_ZOOM: dict[int, int] = {1: 0, 2: 7, 3: 8}

_MAP_CSS = f"""
<style>
html body .leaflet-container {{ background: {SEA_COLOR}; font-family: system-ui, sans-serif; }}
.sm-label {{ background: none; border: none; }}
.sm-label span {{
  display: inline-block; transform: translate(8px, -50%); white-space: nowrap;
  font: 600 12px/1.2 system-ui, sans-serif; color: #1d1d1d;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;
}}
.sm-label.rank-1 span {{ font-size: 13px; font-weight: 700; }}
.sm-hide-rank-1 .sm-label.rank-1, .sm-hide-rank-2 .sm-label.rank-2,
.sm-hide-rank-3 .sm-label.rank-3 {{ display: none; }}
.sm-legend-control {{ background: rgba(255,255,255,0.92); padding: 4px 8px; font-size: 11.5px;
  line-height: 1.4; }}
.sm-legend summary {{ cursor: pointer; font-weight: 700; }}
.sm-legend-body {{ max-height: 32vh; overflow-y: auto; padding-right: 4px; }}
.sm-legend-title {{ font-weight: 700; margin-top: 2px; }}
.sm-legend-row {{ white-space: nowrap; }}
.sm-legend-indent {{ padding-left: 10px; }}
.sm-sw {{ display: inline-block; vertical-align: middle; margin-right: 6px; }}
.sm-sw-point {{ width: 10px; height: 10px; border-radius: 50%; border: 1px solid #222; }}
.sm-sw-line {{ width: 22px; height: 0; }}
.sm-sw-area {{ width: 16px; height: 11px; opacity: 0.6; }}
.leaflet-container .marker-cluster-small, .leaflet-container .marker-cluster-medium,
.leaflet-container .marker-cluster-large {{ background-color: rgba(213, 94, 0, 0.25); }}
.leaflet-container .marker-cluster-small div, .leaflet-container .marker-cluster-medium div,
.leaflet-container .marker-cluster-large div {{ background-color: rgba(213, 94, 0, 0.75);
  color: #fff; font-weight: 700; }}
.sm-popup table {{ border-collapse: collapse; font-size: 12px; }}
.sm-popup th {{ text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600; }}
.sm-popup td {{ padding: 1px 0; }}
.sm-popup .sm-source {{ margin-top: 4px; font-size: 12px; }}
.leaflet-control-measure h3::after {{
  content: " (approximate: Leaflet's spherical estimate)"; font-weight: 400; font-size: 11px;
}}
</style>
"""

# Hides place labels below their rank's zoom (LABEL_MIN_ZOOM) by classes on the map container,
# so labels added later (the "Place names" overlay ticked again) follow without a DOM walk.
_LABEL_ZOOM_JS = """
{%% macro script(this, kwargs) %%}
(function () {
  var map = {{ this._parent.get_name() }};
  var minZoom = %s;
  function update() {
    var z = map.getZoom(), box = map.getContainer();
    Object.keys(minZoom).forEach(function (rank) {
      box.classList.toggle('sm-hide-rank-' + rank, z < minZoom[rank]);
    });
  }
  map.on('zoomend', update);
  update();
})();
{%% endmacro %%}
"""


class _LabelZoomControl(folium.MacroElement):
    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelZoom"
        thresholds = json.dumps({str(k): v for k, v in LABEL_MIN_ZOOM.items()})
        self._template = folium.template.Template(_LABEL_ZOOM_JS % thresholds)


_ATTRIBUTION_JS = """
{%% macro script(this, kwargs) %%}
{{ this._parent.get_name() }}.attributionControl.addAttribution(%s);
{%% endmacro %%}
"""


class _Attribution(folium.MacroElement):
    """Adds a (sanitised) line to Leaflet's attribution control."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self._template = folium.template.Template(_ATTRIBUTION_JS % json.dumps(sanitize(text)))


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _json_value(value: object) -> object:
    if _is_missing(value):
        return None
    if isinstance(value, (bool, int, float)):
        return value
    return sanitize(value)


#: Columns repeated across a layer with at most this many distinct values are sent once, in a
#: lookup table, and each feature carries the value's index (source, precision, dataset, ...).
LOOKUP_MAX_DISTINCT = 1024
LOOKUP_MIN_LENGTH = 4


_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _short_key(index: int) -> str:
    """ "a", "b", … "Z", then "_52", "_53", …: property keys that cost one or two bytes."""
    return _KEY_ALPHABET[index] if index < len(_KEY_ALPHABET) else f"_{index}"


def to_display_geojson(
    frame: gpd.GeoDataFrame, *, keep_plain: Sequence[str] = ("id", "name")
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`frame` as a GeoJSON dict for the map, every property sanitised, and its lookup tables.

    Every property is kept (popups show them all), packed for size: each column other than
    those in `keep_plain` (read by styles) gets a one-letter key
    named in ``lookups["keys"]``, and text repeated across the layer is dictionary-encoded: the
    feature holds an index into ``lookups["values"][key]``. The popup decodes both in the
    browser. Thousands of incursion points would otherwise send the same long source,
    precision and dataset strings, and the same long field names, thousands of times.
    The frame is not changed.
    """
    geometry_name = frame.geometry.name
    table = pd.DataFrame(frame.drop(columns=geometry_name))
    records = cast(list[dict[str, Any]], table.to_dict("records"))
    columns = list(table.columns)
    keys = {
        column: sanitize(column) if column in keep_plain else _short_key(i)
        for i, column in enumerate(columns)
    }
    values: dict[str, list[Any]] = {}
    codes: dict[str, dict[Any, int]] = {}
    for column in columns:
        present = table[column].dropna()
        if column in keep_plain or present.empty or not all(isinstance(v, str) for v in present):
            continue
        distinct = list(dict.fromkeys(present))
        mean_length = sum(map(len, present)) / len(present)
        if len(distinct) <= LOOKUP_MAX_DISTINCT and mean_length >= LOOKUP_MIN_LENGTH:
            values[keys[column]] = [sanitize(v) for v in distinct]
            codes[column] = {v: i for i, v in enumerate(distinct)}
    features = []
    for original, geometry in zip(records, frame.geometry.array, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        properties: dict[str, Any] = {}
        for column in columns:
            value = original[column]
            if _is_missing(value):
                continue
            code = codes.get(column)
            properties[keys[column]] = code[value] if code else _json_value(value)
        features.append(
            {"type": "Feature", "geometry": geometry.__geo_interface__, "properties": properties}
        )
    packed = {short: sanitize(c) for c, short in keys.items() if short != sanitize(c)}
    return {"type": "FeatureCollection", "features": features}, {"keys": packed, "values": values}


# Builds a popup from a feature's (server-sanitised) properties: the name, every other
# property as a row (lookup-coded values decoded), then the source as a link when its URL is
# http(s). Values were entity-encoded in Python, so concatenating them into HTML is safe.
_POPUP_SUPPORT_JS = """
{% macro script(this, kwargs) %}
window.smDecode = function (props, lookups) {
  var names = (lookups && lookups.keys) || {};
  var coded = (lookups && lookups.values) || {};
  var byName = {};
  Object.keys(props).forEach(function (key) {
    var v = props[key];
    if (coded[key] && typeof v === 'number') { v = coded[key][v]; }
    byName[names[key] || key] = v;
  });
  return byName;
};
window.smFeatureName = function (props, lookups) {
  return String(window.smDecode(props, lookups).name || '');
};
window.smPopupHtml = function (props, lookups) {
  var byName = window.smDecode(props, lookups);
  var skip = {name: 1, source_url: 1, label_rank: 1, source: 1};
  var fields = Object.keys(byName).filter(function (k) { return !skip[k]; });
  fields.sort(function (a, b) { return (a === 'name_zh' ? -1 : 0) - (b === 'name_zh' ? -1 : 0); });
  var rows = fields.map(function (k) {
    return '<tr><th>' + k + '</th><td>' + byName[k] + '</td></tr>';
  }).join('');
  var url = byName.source_url;
  var source = byName.source || 'source';
  var link = (typeof url === 'string' && /^https?:[/][/]/i.test(url))
    ? '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + source + '</a>'
    : source;
  return '<div class="sm-popup"><b>' + (byName.name || '') + '</b><table>' + rows +
    '</table><div class="sm-source">Source: ' + link + '</div></div>';
};
{% endmacro %}
"""


class _PopupSupport(folium.MacroElement):
    """Defines the popup builder every interactive layer uses (once per map)."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "PopupSupport"
        self._template = folium.template.Template(_POPUP_SUPPORT_JS)


def _on_each_feature(lookups: Mapping[str, Any], style: LayerStyle) -> folium.utilities.JsCode:
    """Per feature, in the browser: its style (by category), tooltip, popup and highlight.

    Styling here rather than with folium's `style_function` matters for speed: folium calls a
    style function for every feature on every render and embeds a style per feature id.
    """
    table = json.dumps(lookups, ensure_ascii=False)
    base = json.dumps(style.style(), ensure_ascii=False)
    palette = json.dumps(dict(style.palette), ensure_ascii=False)
    color_key = json.dumps(sanitize(style.color_by) if style.color_by else None)
    return folium.utilities.JsCode(
        "function (feature, layer) {"
        f" var lookups = {table}; var base = {base}; var palette = {palette};"
        f" var colorKey = {color_key};"
        " var style = Object.assign({}, base);"
        " if (colorKey !== null) {"
        "  var c = palette[feature.properties[colorKey]] || base.color;"
        "  style.color = c; style.fillColor = c; }"
        " if (layer.setStyle) {"
        "  layer.setStyle(style);"
        "  layer.on('mouseover', function () { layer.setStyle({weight: style.weight + 2}); });"
        "  layer.on('mouseout', function () { layer.setStyle({weight: style.weight}); }); }"
        " layer.bindPopup(function () {"
        " return window.smPopupHtml(feature.properties, lookups); },"
        " {maxWidth: 360});"
        " layer.bindTooltip(window.smFeatureName(feature.properties, lookups), {sticky: true});"
        " }"
    )


#: Decimals of a backdrop's coordinates on the map (0.001° ≈ 110 m, the land layer's own
#: simplification tolerance near the strait); the layer's data keep theirs.
BACKDROP_DECIMALS = 3


def merged_geojson(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """All of `frame`'s geometries as one feature with no properties, for a backdrop layer.

    One Leaflet layer instead of one per polygon: the land's 1,139 polygons draw as a single
    SVG path. Parts are collected, not unioned (overlaps look the same when filled alike), and
    coordinates are rounded to `BACKDROP_DECIMALS` for drawing only.
    """
    geometries = [g for g in frame.geometry.array if g is not None and not g.is_empty]
    if not geometries:
        return {"type": "FeatureCollection", "features": []}
    merged = shapely.transform(
        shapely.geometrycollections(geometries), lambda xy: np.round(xy, BACKDROP_DECIMALS)
    )
    parts = shapely.get_parts(shapely.get_parts(merged))
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    others = [p for p in parts if p.geom_type != "Polygon"]
    features = []
    if polygons:
        features.append(shapely.MultiPolygon(polygons).__geo_interface__)
    features.extend(o.__geo_interface__ for o in others)
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": g, "properties": {}} for g in features],
    }


class _DeferredScript(branca.element.Element):
    """A layer's script, produced only when the whole page is rendered (e.g. a map export).

    branca's `MacroElement.render` wraps each rendered script in a new `Element`, which
    compiles the text as a Jinja template: for a layer of thousands of features that compile
    (and the Jinja evaluation of data it implies, DESIGN §7) dominated every Streamlit rerun,
    although st_folium reads layer scripts from the macros directly.
    """

    def __init__(self, layer: folium.MacroElement, kwargs: dict[str, Any]) -> None:
        super().__init__("")
        self._layer = layer
        self._kwargs = kwargs

    def render(self, **kwargs: Any) -> str:
        script = self._layer._template.module.__dict__["script"]
        return str(script(self._layer, self._kwargs))


class _GeoJsonLayer(folium.GeoJson):
    """folium.GeoJson with its bounds given (not recomputed from every coordinate per render)
    and its script deferred (see `_DeferredScript`)."""

    def __init__(
        self, data: dict[str, Any], bounds: list[list[float | None]], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self._bounds = bounds

    def _get_self_bounds(self) -> list[list[float | None]]:
        return self._bounds

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        if getattr(self, "includes", None):
            super().render(**kwargs)  # folium's class-include path: keep its own rendering
            return
        if self.show:  # what folium.map.Layer.render adds: the layer joins its parent
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(),
                    element_parent_name=cast(Any, self._parent).get_name(),
                ),
                name=self.get_name() + "_add",
            )
        setattr(self, "parent_map", folium.utilities.get_obj_in_upper_tree(self, folium.Map))  # noqa: B010
        if (self.style or self.highlight) and self.data["features"]:
            mapper = folium.features.GeoJsonStyleMapper(self.data, self.feature_identifier, self)
            if self.style:
                self.style_map = mapper.get_style_map(self.style_function)
            if self.highlight:
                self.highlight_map = mapper.get_highlight_map(self.highlight_function)
        figure = cast(Any, self.get_root())
        figure.script.add_child(_DeferredScript(self, kwargs), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def _bounds(frame: gpd.GeoDataFrame) -> list[list[float | None]]:
    """[[south, west], [north, east]] of a frame, as folium expects (None when empty)."""
    if frame.empty or frame.geometry.isna().all():
        return [[None, None], [None, None]]
    west, south, east, north = (float(v) for v in frame.total_bounds)
    return [[south, west], [north, east]]


#: Point layers with more features than this are clustered below zoom 9.
CLUSTER_FROM = 500


def _constant_style(options: dict[str, Any]) -> Any:
    return lambda _feature: options


_DISPLAY_CACHE: dict[tuple[int, str], tuple[weakref.ref[Any], Any]] = {}
_DISPLAY_CACHE_LIMIT = 64


def _display_data(frame: gpd.GeoDataFrame, key: str, compute: Callable[[], Any]) -> Any:
    """`compute()` memoised per frame object: a layer that no filter touched (the same frame
    on every rerun) is turned into map data once. The result is shared: never changed."""
    cache_key = (id(frame), key)
    hit = _DISPLAY_CACHE.get(cache_key)
    if hit is not None and hit[0]() is frame:
        return hit[1]
    value = compute()
    if len(_DISPLAY_CACHE) >= _DISPLAY_CACHE_LIMIT:
        _DISPLAY_CACHE.clear()
    _DISPLAY_CACHE[cache_key] = (weakref.ref(frame), value)
    return value


def _add_vector_layer(
    m: folium.Map, layer_id: str, frame: gpd.GeoDataFrame, title: str, show: bool
) -> None:
    style = LAYER_STYLES.get(layer_id, DEFAULT_STYLE)
    group: folium.FeatureGroup | folium.plugins.MarkerCluster
    if len(frame) > CLUSTER_FROM and set(frame.geom_type.dropna()) <= {"Point"}:
        # Thousands of points stay readable: clustered with their count until zoomed in.
        group = folium.plugins.MarkerCluster(
            name=sanitize(title),
            show=show,
            options={"disableClusteringAtZoom": 9, "maxClusterRadius": 35, "chunkedLoading": True},
        )
    else:
        group = folium.FeatureGroup(name=sanitize(title), show=show)
    interactive = style.interactive
    lookups: dict[str, Any] = {}
    if interactive:
        plain = ["id"] + ([style.color_by] if style.color_by else [])
        data, lookups = _display_data(
            frame, f"features:{plain}", lambda: to_display_geojson(frame, keep_plain=plain)
        )
    else:
        data = _display_data(frame, "merged", lambda: merged_geojson(frame))
    geojson = _GeoJsonLayer(
        data,
        bounds=_bounds(frame),
        name=sanitize(title),
        style_function=None if interactive else _constant_style(style.style()),
        on_each_feature=_on_each_feature(lookups, style) if interactive else None,
        marker=folium.CircleMarker(radius=style.radius) if layer_id != "land" else None,
        interactive=interactive,
        smooth_factor=0.5,
    )
    geojson.add_to(group)
    group.add_to(m)


_PLACE_LABELS_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson({{ this.data|tojson }}, {
  interactive: false,
  pointToLayer: function (feature, latlng) {
    return L.marker(latlng, {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({
        className: 'sm-label rank-' + feature.properties.rank,
        html: '<span>' + feature.properties.label + '</span>',
        iconSize: [0, 0]
      })
    });
  }
}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""


class _PlaceLabels(folium.MacroElement):
    """Every place name as one Leaflet layer of divIcon markers (labels pre-sanitised).

    One element instead of a folium Marker + DivIcon per place: folium compiles a Jinja
    template per element on every render, which made labels the slowest part of a rerun.
    """

    def __init__(self, places: gpd.GeoDataFrame) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self._template = folium.template.Template(_PLACE_LABELS_JS)
        ranks = places["label_rank"] if "label_rank" in places.columns else [3] * len(places)
        features = []
        for name, rank, point in zip(places["name"], ranks, places.geometry.array, strict=True):
            if point is None or point.is_empty:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                    "properties": {
                        "label": sanitize(name),
                        "rank": 3 if _is_missing(rank) else int(rank),
                    },
                }
            )
        self.data = {"type": "FeatureCollection", "features": features}


def _add_place_labels(m: folium.Map, places: gpd.GeoDataFrame, show: bool) -> None:
    group = folium.FeatureGroup(name="Place names", show=show)
    _PlaceLabels(places).add_to(group)
    group.add_to(m)
    _LabelZoomControl().add_to(m)


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a swatch and its label."""

    label: str
    color: str
    shape: str  # "line", "area" or "point"
    dash: str | None = None
    indent: bool = False


def _shape(frame: gpd.GeoDataFrame) -> str:
    types = set(frame.geom_type.dropna())
    if types and types <= {"Point", "MultiPoint"}:
        return "point"
    if types and types <= {"LineString", "MultiLineString"}:
        return "line"
    return "area"


def legend_entries(
    layers: Mapping[str, gpd.GeoDataFrame], titles: Mapping[str, str] | None = None
) -> list[LegendEntry]:
    """Legend lines for the given (visible) layers; categorised layers list their categories.

    Only categories present in the data are listed. The land backdrop has no entry.
    """
    titles = titles or {}
    entries: list[LegendEntry] = []
    for layer_id in _ordered(layers):
        frame = layers[layer_id]
        if layer_id == "land" or frame.empty:
            continue
        style = LAYER_STYLES.get(layer_id, DEFAULT_STYLE)
        title = titles.get(layer_id, layer_id)
        shape = _shape(frame)
        if style.color_by and style.color_by in frame.columns:
            present = set(frame[style.color_by].dropna().astype(str))
            entries.append(LegendEntry(title, style.color, "title"))
            for value, color in style.palette:
                if value in present:
                    entries.append(LegendEntry(value, color, shape, style.dash_array, True))
            continue
        color = style.color if shape != "area" or style.weight else (style.fill_color or "")
        if shape == "point" and style.fill_color and style.fill_color != "#ffffff":
            color = style.fill_color
        entries.append(LegendEntry(title, color, shape, style.dash_array))
    return entries


def legend_html(entries: Sequence[LegendEntry]) -> str:
    """The legend as HTML (every label sanitised); empty string when there is nothing to show."""
    rows = []
    for entry in entries:
        label = sanitize(entry.label)
        if entry.shape == "title":
            rows.append(f'<div class="sm-legend-title">{label}</div>')
            continue
        color = sanitize(entry.color)
        if entry.shape == "point":
            swatch = f'<span class="sm-sw sm-sw-point" style="background:{color}"></span>'
        elif entry.shape == "line":
            border = "dashed" if entry.dash else "solid"
            swatch = (
                f'<span class="sm-sw sm-sw-line" style="border-top:3px {border} {color}"></span>'
            )
        else:
            swatch = (
                f'<span class="sm-sw sm-sw-area" style="background:{color};'
                f'border:1px solid {color}"></span>'
            )
        indent = " sm-legend-indent" if entry.indent else ""
        rows.append(f'<div class="sm-legend-row{indent}">{swatch}{label}</div>')
    if not rows:
        return ""
    return (
        '<details class="sm-legend" open><summary>Legend</summary>'
        f'<div class="sm-legend-body">{"".join(rows)}</div></details>'
    )


_LEGEND_JS = """
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: 'bottomleft'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'sm-legend-control leaflet-bar');
    div.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""


class _Legend(folium.MacroElement):
    """The legend as a Leaflet control: HTML + CSS, no branca colormap (it pulls d3 from a CDN)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self._template = folium.template.Template(_LEGEND_JS)
        self.html = html


def _ordered(layers: Mapping[str, Any]) -> list[str]:
    return [i for i in DRAW_ORDER if i in layers] + [i for i in layers if i not in DRAW_ORDER]


#: Layers left off in the opening view (detail that would crowd it); one tick away.
HIDDEN_BY_DEFAULT: frozenset[str] = frozenset(
    {"pla_tracks", "incursion_zones", "pla_exercise_zones", "shipping_lanes"}
)

#: Layers drawn in this order, bottom to top; any other layer follows in the given order.
DRAW_ORDER = (
    "land",
    "strait",
    "incursion_zones",
    "adiz",
    "pla_exercise_zones",
    "shipping_lanes",
    "strait_limits",
    "median_line",
    "pla_tracks",
    "places",
    "us_bases_japan",
    "pla_incursions",
    "measure_rings",
    "measure_lines",
    "measure_points",
)


def build_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    titles: Mapping[str, str] | None = None,
    attributions: Sequence[str] = (),
    visible: Sequence[str] | None = None,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    static_url: str | None = STATIC_URL,
    height: str = "100%",
    legend: bool = True,
    draw_lines: bool = False,
) -> folium.Map:
    """Build the straitmap folium map from layers keyed by layer id.

    Parameters
    ----------
    layers : layer id → GeoDataFrame in EPSG:4326 (e.g. from `straitmap.load_layer`).
    titles : layer id → title shown in the layer control (defaults to the id).
    attributions : lines for the map's attribution control (e.g. "Made with Natural Earth").
    visible : layer ids shown at start (all when None); the others stay in the layer control.
    center, zoom : the initial view; when both are None the map fits the whole strait.
    legend : draw the legend of the visible layers on the map (bottom left).
    draw_lines : add the Draw plugin's polyline and marker tools (the Measure page reads the
        drawn shapes back and measures them geodesically).
    static_url : URL path of the locally served assets; None keeps folium's CDN links
        (the fallback when local assets are missing).

    Returns
    -------
    A folium.Map with no web tiles by default (OpenStreetMap is an opt-in overlay), the land
    layer on a sea-coloured background, place labels by zoom, layer control, scale bar,
    fullscreen, mouse position and an approximate ruler in km and nautical miles.
    """
    titles = titles or {}
    shown = set(layers) if visible is None else set(visible)
    m = folium.Map(
        location=center or STRAIT_VIEW_CENTER,
        zoom_start=cast(int, zoom or STRAIT_VIEW_ZOOM),  # Leaflet takes fractional zooms
        zoom_snap=0.25,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        height=height,
        min_zoom=3,
        max_bounds=False,
    )
    # folium passes min/max zoom to its tile layer, so with tiles=None the map has neither;
    # markercluster needs a maxZoom.
    m.options.update(minZoom=3, maxZoom=18)
    cast(Any, m.get_root()).header.add_child(folium.Element(_MAP_CSS), name="straitmap_css")
    _PopupSupport().add_to(m)
    folium.TileLayer(
        "OpenStreetMap",
        name="OpenStreetMap tiles (online only)",
        overlay=True,
        show=False,
        control=True,
    ).add_to(m)

    for layer_id in _ordered(layers):
        _add_vector_layer(
            m, layer_id, layers[layer_id], titles.get(layer_id, layer_id), layer_id in shown
        )
    if "places" in layers:
        _add_place_labels(m, layers["places"], show="places" in shown)

    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="nauticalmiles",
        primary_area_unit="sqkilometers",
        secondary_area_unit=None,
        units={
            "nauticalmiles": {"factor": 1 / 1852, "display": "nautical miles", "decimals": 1},
            "kilometers": {"factor": 1 / 1000, "display": "km", "decimals": 1},
            "sqkilometers": {"factor": 1e-6, "display": "km²", "decimals": 0},
        },
    ).add_to(m)
    if draw_lines:
        folium.plugins.Draw(
            position="topleft",
            draw_options={
                "polyline": {"shapeOptions": {"color": "#000000", "weight": 3}},
                "polygon": False,
                "rectangle": False,
                "circle": False,
                "circlemarker": False,
                "marker": False,
            },
            edit_options={"edit": False},
        ).add_to(m)
    folium.plugins.MousePosition(
        position="bottomright",
        separator=" , ",
        prefix="lat, lon:",
        num_digits=4,
        empty_string="",
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    if legend:
        html = legend_html(legend_entries({i: layers[i] for i in layers if i in shown}, titles))
        if html:
            _Legend(html).add_to(m)
    if center is None and zoom is None:
        m.fit_bounds(STRAIT_VIEW_BOUNDS)
    for text in dict.fromkeys(attributions):
        _Attribution(text).add_to(m)
    if static_url is not None:
        localize_assets(m, static_url)
    return m
