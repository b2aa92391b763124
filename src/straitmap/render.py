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
from straitmap.i18n import N_, Lang, translator
from straitmap.labels import (
    LABEL_CSS,
    RANK_MIN_ZOOM,
    Placement,
    context_label_specs,
    label_class,
    layout_labels,
    place_label_specs,
)

# The layer policy lives beside the catalog (straitmap.layer_policy); its names stay
# importable from here for the callers that look for them with the map.
from straitmap.layer_policy import DEFAULT_STYLE as DEFAULT_STYLE
from straitmap.layer_policy import DRAW_ORDER as DRAW_ORDER
from straitmap.layer_policy import HIDDEN_BY_DEFAULT as HIDDEN_BY_DEFAULT
from straitmap.layer_policy import LABEL_LAYERS as LABEL_LAYERS
from straitmap.layer_policy import LAYER_STYLES as LAYER_STYLES
from straitmap.layer_policy import PANES, LayerStyle, draw_order, style_of
from straitmap.map_text import (
    CJK_FONT_STACK,
    TEXT_FIELDS,
    draw_strings,
    measure_strings,
    popup_strings,
    text_labels,
    value_label,
)
from straitmap.units import METRES_PER_KM, METRES_PER_NMI

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


#: label_rank → the smallest zoom at which a place name may show (straitmap.labels lays each
#: name out from there, later where it would overlap another name or dot).
LABEL_MIN_ZOOM: dict[int, float] = dict(RANK_MIN_ZOOM)

_MAP_CSS = f"""
<style>
html body .leaflet-container {{ background: {SEA_COLOR}; font-family: system-ui, sans-serif; }}
{LABEL_CSS}
.sm-hide-rank-1 .sm-label.rank-1, .sm-hide-rank-2 .sm-label.rank-2,
.sm-hide-rank-3 .sm-label.rank-3, .sm-label.sm-off {{ display: none; }}
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
.sm-sw-cell {{ width: 12px; height: 12px; opacity: 0.8; }}
.sm-legend-note {{ font-style: italic; color: #444; }}
.sm-popup table {{ border-collapse: collapse; font-size: 12px; }}
.sm-popup th {{ text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600; }}
.sm-popup td {{ padding: 1px 0; }}
.sm-popup .sm-source {{ margin-top: 4px; font-size: 12px; }}
.leaflet-control-measure h3::after {{
  content: " (approximate: Leaflet's spherical estimate)"; font-weight: 400; font-size: 11px;
}}
</style>
"""

#: The credit the Natural Earth land layer asks for (callers pass it in `attributions`).
NATURAL_EARTH_CREDIT = N_("Made with Natural Earth")
_RULER_NOTE = N_("(approximate: Leaflet's spherical estimate)")

# Another language's additions: a CJK font stack (system fonts, never a web font: the offline
# export must draw 臺北 with what the system has), and the popup's name in two languages.
_LOCAL_CSS = """
<style>
html body .leaflet-container, html body .leaflet-container .sm-label span {
  font-family: FONTS; }
.sm-popup .sm-name-en, .sm-popup .sm-no-zh { color: #555; font-weight: 400; margin-left: 4px; }
</style>
""".replace("FONTS", CJK_FONT_STACK)


def _sanitized(value: Any) -> Any:
    """`value` with every string in it (dict keys too, lists and dicts within) sanitised."""
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, Mapping):
        return {sanitize(k): _sanitized(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_sanitized(v) for v in value]
    return value


def map_css(lang: Lang = "en") -> str:
    """The map's stylesheet in `lang`: the ruler's caveat translated, CJK fonts for Chinese."""
    if lang == "en":
        return _MAP_CSS
    note = sanitize(" " + translator("dashboard", lang).gettext(_RULER_NOTE))
    english = f'content: " {_RULER_NOTE}"'
    return _MAP_CSS.replace(english, f'content: "{note}"') + _LOCAL_CSS


# Marks the map container with the ranks hidden at this zoom (LABEL_MIN_ZOOM), for CSS and
# tests; each label's own zooms (from the collision layout) are applied by _PLACE_LABELS_JS.
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


# Leaflet.draw reads its texts from the global `L.drawLocal` when a toolbar or tool is made:
# merged before the Draw control is added (another language only).
_DRAW_TEXT_JS = """
{% macro script(this, kwargs) %}
(function () {
  if (!window.L || !L.drawLocal) { return; }
  (function merge(target, source) {
    Object.keys(source).forEach(function (key) {
      if (source[key] !== null && typeof source[key] === 'object') {
        target[key] = target[key] || {};
        merge(target[key], source[key]);
      } else { target[key] = source[key]; }
    });
  })(L.drawLocal, {{ this.strings|tojson }});
})();
{% endmacro %}
"""


class _DrawText(folium.MacroElement):
    """Leaflet.draw's texts in another language (`map_text.draw_strings`, sanitised)."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._name = "DrawText"
        self._template = folium.template.Template(_DRAW_TEXT_JS)
        self.strings = _sanitized(draw_strings(lang))


# Leaflet's and its plugins' built-in English, after the controls are on the map (another
# language only): zoom buttons, the Leaflet credit's title, the scale's units (and later
# updates), the layer control's toggle (made later: its prototype), and leaflet-measure, which
# bundles no Traditional Chinese: its text nodes are rewritten as it draws them.
_CONTROL_TEXT_JS = r"""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }}, text = {{ this.text|tojson }};
  var box = map.getContainer(), measure = text.measure;
  function setTitle(el, title) {
    if (el) { el.title = title; el.setAttribute('aria-label', title); }
  }
  if (map.zoomControl) {
    setTitle(map.zoomControl._zoomInButton, text.zoomIn);
    setTitle(map.zoomControl._zoomOutButton, text.zoomOut);
  }
  var credit = box.querySelector('.leaflet-control-attribution a[href="https://leafletjs.com"]');
  if (credit) { credit.title = text.leaflet; }
  function scaleText(t) {
    return t.replace(/ (km|m|mi|ft)$/, function (all, unit) { return ' ' + text.scale[unit]; });
  }
  if (L.Control.Scale && !L.Control.Scale.prototype.smLocal) {
    var updateScale = L.Control.Scale.prototype._updateScale;
    L.Control.Scale.prototype._updateScale = function (scale, t, ratio) {
      updateScale.call(this, scale, scaleText(t), ratio);
    };
    L.Control.Scale.prototype.smLocal = true;
  }
  box.querySelectorAll('.leaflet-control-scale-line').forEach(function (line) {
    line.innerHTML = scaleText(line.innerHTML);
  });
  if (L.Control.Layers && !L.Control.Layers.prototype.smLocal) {
    var initLayout = L.Control.Layers.prototype._initLayout;
    L.Control.Layers.prototype._initLayout = function () {
      initLayout.call(this);
      setTitle(this._layersLink, text.layers);
    };
    L.Control.Layers.prototype.smLocal = true;
  }
  function localise(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), nodes = [], node;
    while ((node = walker.nextNode())) { nodes.push(node); }
    nodes.forEach(function (n) {
      var t = n.nodeValue, key = t.trim();
      if (measure[key] !== undefined) { n.nodeValue = t.replace(key, measure[key]); }
      else if (/ Perimeter\s*$/.test(t)) {
        n.nodeValue = t.replace(/ Perimeter(\s*)$/, ' ' + measure.Perimeter + '$1');
      }
    });
    (root.querySelectorAll ? root.querySelectorAll('[title]') : []).forEach(function (el) {
      if (measure[el.title] !== undefined) { el.title = measure[el.title]; }
    });
  }
  var ruler = box.querySelector('.leaflet-control-measure');
  if (ruler) {
    localise(ruler);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (added) {
          localise(added.nodeType === 1 ? added : added.parentNode);
        });
      });
    }).observe(ruler, {childList: true, subtree: true});
  }
  map.on('popupopen', function (event) {
    var element = event.popup.getElement();
    if (element && element.classList.contains('leaflet-measure-resultpopup')) {
      localise(element);
    }
  });
})();
{% endmacro %}
"""


class _ControlText(folium.MacroElement):
    """Leaflet's and the plugins' own control texts in another language (sanitised)."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._name = "ControlText"
        self._template = folium.template.Template(_CONTROL_TEXT_JS)
        _ = translator("dashboard", lang).gettext
        self.text = _sanitized(
            {
                "zoomIn": _("Zoom in"),
                "zoomOut": _("Zoom out"),
                "leaflet": _("A JavaScript library for interactive maps"),
                "layers": _("Layers"),
                "scale": {"km": _("km"), "m": _("m"), "mi": _("mi"), "ft": _("ft")},
                "measure": measure_strings(lang),
            }
        )


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
    Features without a geometry are left out. The frame is not changed.
    """
    rows, lookups = _display_rows(frame, tuple(keep_plain))
    features = [feature for feature in rows if feature is not None]
    return {"type": "FeatureCollection", "features": features}, lookups


def _display_rows(
    frame: gpd.GeoDataFrame, keep_plain: tuple[str, ...]
) -> tuple[list[dict[str, Any] | None], dict[str, Any]]:
    """One display feature per row of `frame` (None where the geometry is missing or empty),
    and the lookup tables; see `to_display_geojson`.

    Column by column rather than feature by feature: each distinct value is sanitised once,
    and text columns are coded with `pandas.factorize`.
    """
    geometry_name = frame.geometry.name
    columns = [c for c in frame.columns if c != geometry_name]
    keys = {
        column: sanitize(column) if column in keep_plain else _short_key(i)
        for i, column in enumerate(columns)
    }
    values: dict[str, list[Any]] = {}
    encoded: list[tuple[str, list[Any]]] = []
    for column in columns:
        series = frame[column]
        present = series.dropna()
        # Typed first: list and dict values (valid GeoJSON properties) cannot be unique()d.
        kind = pd.api.types.infer_dtype(present, skipna=True) if not present.empty else "empty"
        is_text = kind in ("string", "categorical") and all(
            isinstance(v, str) for v in present.unique()
        )
        if is_text and column not in keep_plain:
            codes, distinct = pd.factorize(series, use_na_sentinel=True)
            mean_length = float(present.str.len().mean())
            if len(distinct) <= LOOKUP_MAX_DISTINCT and mean_length >= LOOKUP_MIN_LENGTH:
                values[keys[column]] = [sanitize(v) for v in distinct]
                encoded.append((keys[column], [None if c < 0 else int(c) for c in codes]))
                continue
        if is_text:
            cleaned = {v: sanitize(v) for v in present.unique()}
            encoded.append((keys[column], [cleaned.get(v) for v in series.tolist()]))
        else:
            encoded.append((keys[column], [_json_value(v) for v in series.tolist()]))
    names = [key for key, _ in encoded]
    rows: list[dict[str, Any] | None] = []
    geometries = frame.geometry.array
    for position, row_values in enumerate(zip(*(v for _, v in encoded), strict=True)):
        geometry = geometries[position]
        if geometry is None or geometry.is_empty:
            rows.append(None)
            continue
        properties = {k: v for k, v in zip(names, row_values, strict=True) if v is not None}
        rows.append(
            {"type": "Feature", "geometry": geometry.__geo_interface__, "properties": properties}
        )
    if not encoded:  # no property columns: zip(*()) yields nothing
        rows = [
            None
            if g is None or g.is_empty
            else {"type": "Feature", "geometry": g.__geo_interface__, "properties": {}}
            for g in geometries
        ]
    packed = {short: sanitize(c) for c, short in keys.items() if short != sanitize(c)}
    return rows, {"keys": packed, "values": values}


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
  var skip = {name: 1, source_url: 1, label_rank: 1, label: 1, source: 1};
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


# The same builder in another language (`map_text.popup_strings`, sanitised in Python): field
# labels and vocabulary values translated, prose values (precision, notes ...) from the layer's
# own `lookups.texts` (`map_text.text_labels`), and the feature's Chinese name (name_zh, else the
# exercise's or the Ministry's aircraft type) as its title with the English name beside it; a
# feature with none shows its English name, marked as having no Chinese name.
_POPUP_SUPPORT_LOCAL_JS = """
{% macro script(this, kwargs) %}
window.smText = {{ this.text|tojson }};
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
window.smLocalName = function (byName) {
  var t = window.smText;
  for (var i = 0; i < t.zhFields.length; i++) {
    var v = byName[t.zhFields[i]];
    if (typeof v === 'string' && v) { return {key: t.zhFields[i], text: v}; }
  }
  return null;
};
window.smFeatureName = function (props, lookups) {
  var byName = window.smDecode(props, lookups), local = window.smLocalName(byName);
  var name = String(byName.name || '');
  if (local) { return local.text; }
  return name ? name + window.smText.noZh : '';
};
window.smPopupValue = function (key, v, lookups) {
  var t = window.smText, words = t.values[key] || {};
  var texts = ((lookups && lookups.texts) || {})[key] || {};
  if (v === true) { return t.yes; }
  if (v === false) { return t.no; }
  return (typeof v === 'string' && (texts[v] || words[v])) || v;
};
window.smPopupHtml = function (props, lookups) {
  var t = window.smText, byName = window.smDecode(props, lookups);
  var local = window.smLocalName(byName), name = byName.name || '';
  var skip = {name: 1, source_url: 1, label_rank: 1, label: 1, source: 1};
  if (local) { skip[local.key] = 1; }
  var fields = Object.keys(byName).filter(function (k) { return !skip[k]; });
  var rows = fields.map(function (k) {
    return '<tr><th>' + (t.fields[k] || k) + '</th><td>' +
      window.smPopupValue(k, byName[k], lookups) + '</td></tr>';
  }).join('');
  var url = byName.source_url;
  var source = byName.source || t.sourceWord;
  var link = (typeof url === 'string' && /^https?:[/][/]/i.test(url))
    ? '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + source + '</a>'
    : source;
  var title = local
    ? '<b>' + local.text + '</b>' + (name ? '<span class="sm-name-en">' + name + '</span>' : '')
    : '<b>' + name + '</b>' + (name ? '<span class="sm-no-zh">' + t.noZh + '</span>' : '');
  return '<div class="sm-popup">' + title + '<table>' + rows +
    '</table><div class="sm-source">' + t.source + ' ' + link + '</div></div>';
};
{% endmacro %}
"""


class _PopupSupport(folium.MacroElement):
    """Defines the popup builder every interactive layer uses (once per map), in `lang`."""

    def __init__(self, lang: Lang = "en") -> None:
        super().__init__()
        self._name = "PopupSupport"
        if lang == "en":
            self._template = folium.template.Template(_POPUP_SUPPORT_JS)
        else:
            self._template = folium.template.Template(_POPUP_SUPPORT_LOCAL_JS)
            self.text = _sanitized(popup_strings(lang))


def _on_each_feature(
    lookups: Mapping[str, Any], style: LayerStyle, interactive: bool = True
) -> folium.utilities.JsCode:
    """Per feature, in the browser: its style (by category and geometry), and unless
    `interactive` is False its tooltip, popup and highlight.

    Styling here rather than with folium's `style_function` matters for speed: folium calls a
    style function for every feature on every render and embeds a style per feature id.
    Lines are stroked, never filled (Leaflet would fill a polyline whose style has a fill).
    """
    table = json.dumps(lookups, ensure_ascii=False)
    base = json.dumps(style.style(), ensure_ascii=False)
    palette = json.dumps(dict(style.palette), ensure_ascii=False)
    color_key = json.dumps(sanitize(style.color_by) if style.color_by else None)
    binding = (
        "  layer.on('mouseover', function () { layer.setStyle({weight: style.weight + 2}); });"
        "  layer.on('mouseout', function () { layer.setStyle({weight: style.weight}); }); }"
        " layer.bindPopup(function () {"
        " return window.smPopupHtml(feature.properties, lookups); },"
        " {maxWidth: 360});"
        " layer.bindTooltip(window.smFeatureName(feature.properties, lookups), {sticky: true});"
        if interactive
        else " }"
    )
    return folium.utilities.JsCode(
        "function (feature, layer) {"
        f" var lookups = {table}; var base = {base}; var palette = {palette};"
        f" var colorKey = {color_key};"
        " var style = Object.assign({}, base);"
        " var kind = feature.geometry && feature.geometry.type;"
        " if (kind === 'LineString' || kind === 'MultiLineString') { style.fill = false; }"
        " if (colorKey !== null) {"
        "  var c = palette[feature.properties[colorKey]] || base.color;"
        "  style.color = c; style.fillColor = c; }"
        " if (layer.setStyle) {"
        "  layer.setStyle(style);" + binding + " }"
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


#: Point layers with more features than this are drawn as density cells when zoomed out.
AGGREGATE_FROM = 500
#: The zoom from which such a layer shows its points; below it, counts per grid cell.
POINTS_FROM_ZOOM = 8
#: The cells' size in degrees of latitude and longitude (0.25°: about 28 km north–south).
CELL_DEGREES = 0.25
#: Lower bounds of the cells' count classes (points per cell).
CELL_CLASSES: tuple[int, ...] = (1, 3, 10, 30, 100)
#: Sequential colours per layer, one per class (ColorBrewer Oranges, Purples, Greys): each
#: layer keeps its own hue, so an uploaded file never looks like the PLA incursions.
CELL_COLORS: dict[str, tuple[str, ...]] = {
    "pla_incursions": ("#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"),
    "upload": ("#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
}
DEFAULT_CELL_COLORS = ("#d9d9d9", "#bdbdbd", "#969696", "#636363", "#252525")


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


def density_cells(frame: gpd.GeoDataFrame, cell: float = CELL_DEGREES) -> list[list[float]]:
    """Points per cell of a regular `cell`-degree grid: [west, south, count] per non-empty
    cell, west to east then south to north. A display aggregate: counts, not areas."""
    points = [g for g in frame.geometry.array if g is not None and not g.is_empty]
    if not points:
        return []
    xy = shapely.get_coordinates(np.asarray(points, dtype=object))
    cells, counts = np.unique(np.floor(xy / cell).astype(np.int64), axis=0, return_counts=True)
    return [
        [round(float(ix) * cell, 6), round(float(iy) * cell, 6), int(n)]
        for (ix, iy), n in zip(cells, counts, strict=True)
    ]


_DENSITY_JS = """
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }}, points = {{ this.points_name }};
  var cells = {{ this.cells|tojson }}, classes = {{ this.classes|tojson }};
  var colors = {{ this.colors|tojson }}, size = {{ this.size }}, from = {{ this.from_zoom }};
  var interactive = {{ this.interactive|tojson }}, grid = L.layerGroup(), map = null;
  cells.forEach(function (c) {
    var k = 0;
    while (k + 1 < classes.length && c[2] >= classes[k + 1]) { k++; }
    var cell = L.rectangle([[c[1], c[0]], [c[1] + size, c[0] + size]], {
      stroke: false, fillColor: colors[k], fillOpacity: 0.8, interactive: interactive,
      pane: 'sm-cells'
    });
    if (interactive) {
      cell.bindTooltip(CELL_TOOLTIP, {sticky: true});
    }
    grid.addLayer(cell);
  });
  function update() {
    if (!map) { return; }
    var zoomedIn = map.getZoom() >= from;
    if (zoomedIn && group.hasLayer(grid)) { group.removeLayer(grid); }
    if (!zoomedIn && !group.hasLayer(grid)) { group.addLayer(grid); }
    if (zoomedIn && !group.hasLayer(points)) { group.addLayer(points); }
    if (!zoomedIn && group.hasLayer(points)) { group.removeLayer(points); }
  }
  group.on('add', function () { map = group._map; map.on('zoomend', update); update(); });
  group.on('remove', function () { if (map) { map.off('zoomend', update); } map = null; });
  if (group._map) { map = group._map; map.on('zoomend', update); update(); }
})();
{% endmacro %}
"""


_CELL_TOOLTIP_EN = (
    "c[2] + (c[2] === 1 ? ' point' : ' points') +\n        ' in this cell: zoom in to see each'"
)


def _cell_tooltip_js(lang: Lang) -> str:
    """The JS expression of a density cell's tooltip for its count ``c[2]``, in `lang`."""
    if lang == "en":
        return _CELL_TOOLTIP_EN
    text = translator("dashboard", lang).ngettext(
        "{count} point in this cell: zoom in to see each",
        "{count} points in this cell: zoom in to see each",
        2,
    )
    before, _, after = sanitize(text).partition("&#123;count&#125;")
    return f"{json.dumps(before)} + c[2] + {json.dumps(after)}"


class _DensitySwitch(folium.MacroElement):
    """A point layer's density cells below `POINTS_FROM_ZOOM`, its points from there on.

    Thousands of points read better zoomed out as counts per cell than as a field of dots or
    of numbered clusters that hide the names under them; the points layer joins the map only
    when zoomed in, so its markers are not drawn at all before they can be told apart.
    """

    def __init__(
        self,
        points: folium.MacroElement,
        cells: list[list[float]],
        colors: Sequence[str],
        lang: Lang = "en",
    ) -> None:
        super().__init__()
        self._name = "DensitySwitch"
        self._template = folium.template.Template(
            _DENSITY_JS.replace("CELL_TOOLTIP", _cell_tooltip_js(lang))
        )
        self.points_name = points.get_name()
        self.cells = cells
        self.classes = list(CELL_CLASSES)
        self.colors = [sanitize(c) for c in colors]
        self.size = CELL_DEGREES
        self.from_zoom = POINTS_FROM_ZOOM
        self.interactive = True


def _add_vector_layer(
    m: folium.Map | folium.FeatureGroup,
    layer_id: str,
    frame: gpd.GeoDataFrame,
    title: str,
    show: bool,
    *,
    interactive: bool | None = None,
    source: gpd.GeoDataFrame | None = None,
    lang: Lang = "en",
) -> None:
    """Add one layer to `m` as a FeatureGroup named `title` (density cells when zoomed out,
    when it holds many points). `interactive=False` draws it without popups or tooltips
    (clicks go to the map);
    `source`, the unfiltered layer `frame` was selected from, lets the display conversion be
    reused across filter changes."""
    style = style_of(layer_id)
    group = folium.FeatureGroup(name=sanitize(title), show=show)
    aggregate = is_aggregated(frame)
    interactive = style.interactive if interactive is None else interactive
    lookups: dict[str, Any] = {}
    if style.interactive:
        plain = ("id",) + ((style.color_by,) if style.color_by else ())
        data, lookups = _subset_display(frame, source, plain)
        texts = _text_labels(frame if source is None else source, lang)
        if texts:  # a copy: the display conversion's lookups are cached
            lookups = {**lookups, "texts": texts}
    else:
        data = _display_data(frame, "merged", lambda: merged_geojson(frame))
    geojson = _GeoJsonLayer(
        data,
        bounds=_bounds(frame),
        name=sanitize(title),
        style_function=None if style.interactive else _constant_style(style.style()),
        on_each_feature=_on_each_feature(lookups, style, interactive)
        if style.interactive
        else None,
        marker=folium.CircleMarker(radius=style.radius) if layer_id != "land" else None,
        interactive=interactive,
        smooth_factor=0.5,
        show=not aggregate,  # aggregated: the switch adds the points when zoomed in
        **({"pane": style.pane} if style.pane else {}),
    )
    geojson.add_to(group)
    if aggregate:
        switch = _DensitySwitch(
            geojson, density_cells(frame), CELL_COLORS.get(layer_id, DEFAULT_CELL_COLORS), lang
        )
        switch.interactive = interactive
        switch.add_to(group)
    group.add_to(m)


def _text_labels(frame: gpd.GeoDataFrame, lang: Lang) -> dict[str, dict[str, str]]:
    """The translations of `frame`'s prose properties in `lang` (`map_text.text_labels`),
    sanitised as the display GeoJSON's values are; empty in English."""
    if lang == "en":
        return {}
    columns = [c for c in TEXT_FIELDS if c in frame.columns]
    # A set per column rather than unique(): an upload's column may hold lists or dicts.
    labels = text_labels({c: {v for v in frame[c] if isinstance(v, str)} for c in columns}, lang)
    return {
        sanitize(field): {sanitize(k): sanitize(v) for k, v in texts.items()}
        for field, texts in labels.items()
    }


def _subset_display(
    frame: gpd.GeoDataFrame, source: gpd.GeoDataFrame | None, plain: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The display GeoJSON of `frame`, picked from the cached rows of `source` when `frame` is
    a row subset of it (a filter result keeps its source's index), else converted itself."""
    base = frame
    if (
        source is not None
        and source is not frame
        and source.index.is_unique
        and list(source.columns) == list(frame.columns)
    ):
        positions = source.index.get_indexer(frame.index)
        if len(positions) == 0 or positions.min() >= 0:
            base = source
    rows, lookups = _display_data(base, f"rows:{plain}", lambda: _display_rows(base, plain))
    if base is frame:
        picked = [r for r in rows if r is not None]
    else:
        picked = [rows[i] for i in positions if rows[i] is not None]
    return {"type": "FeatureCollection", "features": picked}, lookups


# One layer of divIcon names; each shows only between its laid-out zooms (straitmap.labels) and
# sits on its laid-out side of its point (the sm-at-* class). Names come sanitised from Python.
_PLACE_LABELS_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var group = L.layerGroup(), map = null;
  function update() {
    if (!map) { return; }
    var zoom = map.getZoom();
    group.eachLayer(function (marker) {
      var label = marker.options.smLabel, icon = marker.getElement();
      var shown = zoom >= label.min_zoom && (label.max_zoom === null || zoom < label.max_zoom);
      if (icon) { L.DomUtil[shown ? 'removeClass' : 'addClass'](icon, 'sm-off'); }
    });
  }
  {{ this.labels|tojson }}.forEach(function (label) {
    group.addLayer(L.marker([label.lat, label.lon], {
      interactive: false,
      keyboard: false,
      zIndexOffset: 1000,  // names above other markers (clusters, bases); clicks pass through
      smLabel: label,
      icon: L.divIcon({
        className: label.class, html: '<span>' + label.text + '</span>', iconSize: [0, 0]
      })
    }));
  });
  group.on('add', function () { map = group._map; map.on('zoomend', update); update(); });
  group.on('remove', function () { if (map) { map.off('zoomend', update); } map = null; });
  return group.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""


class _PlaceLabels(folium.MacroElement):
    """Laid-out names as one Leaflet layer of divIcon markers (texts pre-sanitised).

    One element instead of a folium Marker + DivIcon per place: folium compiles a Jinja
    template per element on every render, which made labels the slowest part of a rerun.
    `labels` holds, per shown name, its point, text, CSS classes and zoom range.
    """

    def __init__(self, placements: Sequence[Placement]) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self._template = folium.template.Template(_PLACE_LABELS_JS)
        self.labels = [
            {
                "id": sanitize(p.spec.id),
                "lat": round(p.spec.lat, 6),
                "lon": round(p.spec.lon, 6),
                "text": sanitize(p.spec.text),
                "class": sanitize(label_class(p)),
                "min_zoom": p.min_zoom,
                "max_zoom": None if math.isinf(p.spec.max_zoom) else p.spec.max_zoom,
            }
            for p in placements
            if p.min_zoom is not None
        ]


def _add_place_labels(
    m: folium.Map, layers: Mapping[str, gpd.GeoDataFrame], shown: set[str], lang: Lang = "en"
) -> None:
    """Country, sea and place names laid out together, so that no name overlaps another or a
    place dot at any zoom (straitmap.labels); the names of each layer are one overlay.
    In Chinese each name is its `name_zh` where the feature has one."""
    _ = translator("dashboard", lang).gettext
    places, context = layers.get("places"), layers.get("map_labels")
    specs = [
        *(context_label_specs(context, lang) if context is not None else []),
        *(place_label_specs(places, lang) if places is not None else []),
    ]
    if not specs:
        return
    points = [] if places is None else places.geometry.array
    dots = [(p.x, p.y) for p in points if p is not None and not p.is_empty]
    placements = layout_labels(specs, dots)
    for layer_id, title, is_place in (
        ("map_labels", N_("Country and sea names"), False),
        ("places", N_("Place names"), True),
    ):
        if layer_id not in layers:
            continue
        group = folium.FeatureGroup(name=sanitize(_(title)), show=layer_id in shown)
        _PlaceLabels([p for p in placements if p.spec.is_place == is_place]).add_to(group)
        group.add_to(m)


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a swatch and its label."""

    label: str
    color: str
    shape: str  # "line", "area" or "point"
    dash: str | None = None
    indent: bool = False


#: Geometry types → the legend's swatch shape, and the words a layer of several shapes uses.
_SHAPES = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "area",
    "MultiPolygon": "area",
}
_SHAPE_WORDS = {"point": N_("points"), "line": N_("lines"), "area": N_("areas")}


def _shapes(frame: gpd.GeoDataFrame) -> list[str]:
    """The swatch shapes of a frame's geometry types, in point, line, area order."""
    found = {_SHAPES.get(t, "area") for t in frame.geom_type.dropna()}
    return [shape for shape in ("point", "line", "area") if shape in found] or ["area"]


def _shape(frame: gpd.GeoDataFrame) -> str:
    shapes = _shapes(frame)
    return shapes[0] if len(shapes) == 1 else "area"


def _class_label(low: int, high: int | None) -> str:
    """ "1–2", "100+": a count class from its lower bound and the next class's."""
    if high is None:
        return f"{low}+"
    return f"{low}" if high - 1 == low else f"{low}–{high - 1}"


def is_aggregated(frame: gpd.GeoDataFrame) -> bool:
    """True when the map draws this layer's points as density cells below `POINTS_FROM_ZOOM`."""
    return len(frame) > AGGREGATE_FROM and set(frame.geom_type.dropna()) <= {"Point"}


def _entry_color(style: LayerStyle, shape: str) -> str:
    if shape == "area" and not style.weight:
        return style.fill_color or style.color
    if shape == "point" and style.fill_color and style.fill_color != "#ffffff":
        return style.fill_color
    return style.color


def legend_entries(
    layers: Mapping[str, gpd.GeoDataFrame],
    titles: Mapping[str, str] | None = None,
    lang: Lang = "en",
) -> list[LegendEntry]:
    """Legend lines for the given (visible) layers; categorised layers list their categories.

    Only categories present in the data are listed. A layer of several geometry types (tracks
    and activity areas) gets one line per type, each with the swatch it is drawn with; a
    point layer drawn as density cells when zoomed out says what its cells count. The land
    backdrop has none. Categories, shapes and notes are in `lang`; `titles` as given.
    """
    _ = translator("dashboard", lang).gettext
    titles = titles or {}
    entries: list[LegendEntry] = []
    for layer_id in draw_order(layers):
        frame = layers[layer_id]
        if layer_id == "land" or frame.empty:
            continue
        style = style_of(layer_id)
        title = titles.get(layer_id, layer_id)
        shapes = _shapes(frame)
        if style.color_by and style.color_by in frame.columns:
            present = set(frame[style.color_by].dropna().astype(str))
            entries.append(LegendEntry(title, style.color, "title"))
            for value, color in style.palette:
                if value in present:
                    label = value_label(style.color_by, value, lang)
                    entries.append(LegendEntry(label, color, shapes[0], style.dash_array, True))
        elif len(shapes) == 1:
            entries.append(
                LegendEntry(title, _entry_color(style, shapes[0]), shapes[0], style.dash_array)
            )
        else:
            entries.append(LegendEntry(title, style.color, "title"))
            for shape in shapes:
                entries.append(
                    LegendEntry(
                        _(_SHAPE_WORDS[shape]),
                        _entry_color(style, shape),
                        shape,
                        style.dash_array,
                        True,
                    )
                )
        if is_aggregated(frame):
            note = _("zoomed out (below {zoom}): points per {size}° cell").format(
                zoom=POINTS_FROM_ZOOM, size=f"{CELL_DEGREES:g}"
            )
            entries.append(LegendEntry(note, "", "note", indent=True))
            colors = CELL_COLORS.get(layer_id, DEFAULT_CELL_COLORS)
            bounds = [*CELL_CLASSES[1:], None]
            for low, high, color in zip(CELL_CLASSES, bounds, colors, strict=True):
                label = (
                    f"{low}+"
                    if high is None
                    else (f"{low}" if high - 1 == low else f"{low}–{high - 1}")
                )
                entries.append(LegendEntry(label, color, "cell", indent=True))
    return entries


def legend_html(entries: Sequence[LegendEntry], lang: Lang = "en") -> str:
    """The legend as HTML (every label sanitised); empty string when there is nothing to show.

    It starts folded where the map is small (`_LEGEND_JS` opens it on a large map), so on a
    1280×720 screen share it never covers the data until asked for.
    """
    rows = []
    for entry in entries:
        label = sanitize(entry.label)
        if entry.shape == "title":
            rows.append(f'<div class="sm-legend-title">{label}</div>')
            continue
        if entry.shape == "note":
            rows.append(f'<div class="sm-legend-row sm-legend-indent sm-legend-note">{label}</div>')
            continue
        color = sanitize(entry.color)
        if entry.shape == "point":
            swatch = f'<span class="sm-sw sm-sw-point" style="background:{color}"></span>'
        elif entry.shape == "cell":
            swatch = f'<span class="sm-sw sm-sw-cell" style="background:{color}"></span>'
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
    summary = sanitize(translator("dashboard", lang).gettext("Legend"))
    return (
        f'<details class="sm-legend"><summary>{summary}</summary>'
        f'<div class="sm-legend-body">{"".join(rows)}</div></details>'
    )


#: The legend opens by itself only on a map at least this many pixels tall and wide.
LEGEND_OPEN_FROM = (1000, 1400)

# The legend as a Leaflet layer that adds its control when it joins the map and removes it when
# it leaves: the dashboard replaces its layers without re-creating the map (st_folium's
# feature_group_to_add), and the legend has to follow them.
_LEGEND_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = new (L.Layer.extend({
  onAdd: function (map) {
    var control = L.control({position: 'bottomleft'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'sm-legend-control leaflet-bar');
      div.innerHTML = {{ this.html|tojson }};
      var size = map.getSize(), details = div.querySelector('details');
      if (details && size.y >= MIN_HEIGHT && size.x >= MIN_WIDTH) { details.open = true; }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    this._control = control.addTo(map);
  },
  onRemove: function (map) { map.removeControl(this._control); }
}))();
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
""".replace("MIN_HEIGHT", str(LEGEND_OPEN_FROM[0])).replace("MIN_WIDTH", str(LEGEND_OPEN_FROM[1]))


class _Legend(folium.MacroElement):
    """The legend as a Leaflet control: HTML + CSS, no branca colormap (it pulls d3 from a CDN)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self._template = folium.template.Template(_LEGEND_JS)
        self.html = html


@dataclass(frozen=True)
class ViewRequest:
    """Move the map once: to `bounds` ((south, west), (north, east)) or to `center`/`zoom`.

    `key` names the request: the browser applies each key once, so a layer update that
    re-sends the same request does not undo the user's pans (a preset raises the key).
    """

    key: str
    center: tuple[float, float] | None = None
    zoom: float | None = None
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None


_VIEW_REQUEST_JS = """
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }}, request = {{ this.request|tojson }};
  function apply() {
    var map = group._map;
    if (!map || window.smViewRequest === request.key) { return; }
    // A frame laid out after the map was drawn has no size yet: fit once it has one; a zoom
    // animation still running would land after this view and undo it.
    var size = map.getSize();
    if (!size.x || !size.y) { map.once('resize', apply); return; }
    if (map._animatingZoom) { map.once('zoomend', apply); return; }
    window.smViewRequest = request.key;
    if (request.bounds) {
      map.fitBounds(request.bounds, {padding: [48, 48], maxZoom: 10, animate: false});
    }
    else { map.setView(request.center, request.zoom, {animate: false}); }
  }
  // Two frames later: a zoom the base map's own fit has scheduled has started by then (and
  // `_animatingZoom` says so), rather than landing after this view and undoing it.
  function later() { L.Util.requestAnimFrame(function () { L.Util.requestAnimFrame(apply); }); }
  if (group._map) { later(); } else { group.once('add', later); }
})();
{% endmacro %}
"""


class _ViewRequestElement(folium.MacroElement):
    def __init__(self, request: ViewRequest) -> None:
        super().__init__()
        self._name = "ViewRequest"
        self._template = folium.template.Template(_VIEW_REQUEST_JS)
        self.request = {
            "key": sanitize(request.key),
            "center": list(request.center) if request.center else None,
            "zoom": request.zoom,
            "bounds": [list(request.bounds[0]), list(request.bounds[1])]
            if request.bounds
            else None,
        }


_FILL_FRAME_CSS = (
    "<style>html, body { margin: 0; height: 100%; overflow: hidden; }"
    " #map_div, .folium-map { height: 100vh !important; }</style>"
)


def build_base_map(
    *,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    attributions: Sequence[str] = (),
    static_url: str | None = STATIC_URL,
    height: str = "100%",
    draw_lines: bool = False,
    backdrop: Mapping[str, gpd.GeoDataFrame] | None = None,
    titles: Mapping[str, str] | None = None,
    fill_frame: bool = False,
    draw_polygons: bool = False,
    lang: Lang = "en",
) -> folium.Map:
    """The map without its data layers: view, controls, styles, popups and local assets.

    `backdrop` layers (e.g. land) are drawn into the base itself. The dashboard keeps this map
    the same from rerun to rerun, so the browser never re-creates it, and sends its layers
    with `build_layer_groups`; `build_map` puts both together for an export. `fill_frame`
    makes the map as tall as its frame, whatever height the frame was given (the dashboard
    sizes the frame to the window). `draw_lines` adds the Draw plugin's line tool (the Measure
    page), `draw_polygons` its polygon and rectangle tools (areas to close on the Routes page).
    `lang` sets the controls' texts (zoom, fullscreen, ruler, drawing tools, layer control,
    scale, mouse position), the popups' labels and the attributions (translated where the
    catalog has them, e.g. `NATURAL_EARTH_CREDIT`); `titles` are shown as given.
    """
    _ = translator("dashboard", lang).gettext
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
    # folium passes min/max zoom to its tile layer, so with tiles=None the map has neither.
    m.options.update(minZoom=3, maxZoom=18)
    header = cast(Any, m.get_root()).header
    header.add_child(folium.Element(map_css(lang)), name="straitmap_css")
    if fill_frame:
        header.add_child(folium.Element(_FILL_FRAME_CSS), name="straitmap_fill_frame")
    _PopupSupport(lang).add_to(m)
    for pane, z_index in PANES:
        folium.map.CustomPane(pane, z_index=z_index, pointer_events=True).add_to(m)
    _LabelZoomControl().add_to(m)
    attribution = (
        None
        if lang == "en"
        else '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        + sanitize(_("contributors"))
    )
    folium.TileLayer(
        "OpenStreetMap",
        name=sanitize(_("OpenStreetMap tiles (online only)")),
        overlay=True,
        show=False,
        control=True,
        attr=attribution,
    ).add_to(m)
    for layer_id, frame in (backdrop or {}).items():
        _add_vector_layer(m, layer_id, frame, (titles or {}).get(layer_id, layer_id), True)
    if lang == "en":
        folium.plugins.Fullscreen(position="topleft").add_to(m)
    else:
        folium.plugins.Fullscreen(
            position="topleft",
            title=sanitize(_("Full screen")),
            title_cancel=sanitize(_("Exit full screen")),
        ).add_to(m)
        _DrawText(lang).add_to(m)
    folium.plugins.MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="nauticalmiles",
        primary_area_unit="sqkilometers",
        secondary_area_unit=None,
        units={
            "nauticalmiles": {
                "factor": 1 / METRES_PER_NMI,
                "display": sanitize(_("nautical miles")),
                "decimals": 1,
            },
            "kilometers": {
                "factor": 1 / METRES_PER_KM,
                "display": sanitize(_("km")),
                "decimals": 1,
            },
            "sqkilometers": {"factor": 1e-6, "display": sanitize(_("km²")), "decimals": 0},
        },
    ).add_to(m)
    if draw_lines or draw_polygons:
        area = {"shapeOptions": {"color": "#A6361C", "weight": 2}} if draw_polygons else False
        folium.plugins.Draw(
            position="topleft",
            draw_options={
                "polyline": {"shapeOptions": {"color": "#000000", "weight": 3}}
                if draw_lines
                else False,
                "polygon": area,
                "rectangle": area,
                "circle": False,
                "circlemarker": False,
                "marker": False,
            },
            edit_options={"edit": False},
        ).add_to(m)
    folium.plugins.MousePosition(
        position="bottomright",
        separator=" , ",
        prefix=sanitize(_("lat, lon:")),
        num_digits=4,
        empty_string="",
    ).add_to(m)
    if lang != "en":
        _ControlText(lang).add_to(m)
    if center is None and zoom is None:
        m.fit_bounds(STRAIT_VIEW_BOUNDS)
    for text in dict.fromkeys(attributions):
        _Attribution(_(text)).add_to(m)
    if static_url is not None:
        localize_assets(m, static_url)
    return m


_DRAWN_SIGNAL_JS = """
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }};
  // st_folium keeps every group it ever added in window.feature_group and only removes them
  // from the map: drop those no longer on it, or each change would keep the last one's
  // layers alive (the browser ran out of memory after a few hundred changes).
  if (window.feature_group) {
    window.feature_group = window.feature_group.filter(function (g) { return !!g._map; });
  }
  function signal() {
    // Leaflet's collapsed layer control listens for clicks on the map and never stops, so
    // every control st_folium replaced would keep its layers alive through that listener.
    var map = group._map, clicks = (map._events && map._events.click) || [];
    clicks.filter(function (h) {
      return h.ctx instanceof L.Control.Layers && !h.ctx._map;
    }).forEach(function (h) { map.off('click', h.fn, h.ctx); });
    window.requestAnimationFrame(function () {
      window.smDrawCount = (window.smDrawCount || 0) + 1;
      document.documentElement.setAttribute('data-sm-drawn', String(window.smDrawCount));
    });
  }
  if (group._map) { signal(); } else { group.once('add', signal); }
})();
{% endmacro %}
"""


class _DrawnSignal(folium.MacroElement):
    def __init__(self) -> None:
        super().__init__()
        self._name = "DrawnSignal"
        self._template = folium.template.Template(_DRAWN_SIGNAL_JS)


def drawn_signal_group() -> folium.FeatureGroup:
    """A group that counts, on the page's `data-sm-drawn` attribute, each time the layers before
    it have been added and painted: the one "map drawn" signal for tests and benchmarks. It
    also lets go of the groups st_folium has taken off the map (put it last)."""
    group = folium.FeatureGroup(name="Drawn", control=False)
    _DrawnSignal().add_to(group)
    return group


def _latin_names_note(
    layers: Mapping[str, gpd.GeoDataFrame], shown: set[str], lang: Lang
) -> list[LegendEntry]:
    """In another language, one legend note when a shown name label has no Chinese name (the
    map writes it as in English): said once, not after every such name."""
    if lang == "en":
        return []
    lacking = False
    for layer_id in ("places", "map_labels"):
        frame = layers.get(layer_id)
        if frame is None or layer_id not in shown or frame.empty:
            continue
        names = frame["name_zh"] if "name_zh" in frame.columns else pd.Series([None] * len(frame))
        lacking = lacking or bool(names.isna().any() or (names.astype(str).str.strip() == "").any())
    if not lacking:
        return []
    text = translator("dashboard", lang).gettext(
        "Names in Latin letters have no Chinese name in the data."
    )
    return [LegendEntry(text, "", "note")]


def build_layer_groups(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    titles: Mapping[str, str] | None = None,
    visible: Sequence[str] | None = None,
    legend: bool = True,
    interactive: bool | Sequence[str] = True,
    sources: Mapping[str, gpd.GeoDataFrame] | None = None,
    view: ViewRequest | None = None,
    static_url: str | None = STATIC_URL,
    extra_groups: Sequence[folium.FeatureGroup] = (),
    extra_legend: Sequence[LegendEntry] = (),
    lang: Lang = "en",
) -> list[folium.FeatureGroup]:
    """The map's data as folium FeatureGroups: one per layer (in draw order), the place and
    context names, the legend of the visible layers, a one-off view change, and last the
    "drawn" signal (`drawn_signal_group`).

    `extra_groups` (e.g. ingested datasets, `straitmap.dataset_layers`) are drawn above the
    layers, and `extra_legend` lines end the legend.

    `interactive` is True (popups and tooltips everywhere), False, or the layer ids that keep
    them (the Measure page lets clicks through to the map). `sources` maps a layer id to the
    unfiltered frame `layers[id]` was selected from, so converting it for display is reused.
    `lang` sets the names on the map (`name_zh` in Chinese), the legend and the tooltips;
    `titles` and `extra_legend` are shown as given (translate them first).
    """
    titles = titles or {}
    sources = sources or {}
    shown = set(layers) if visible is None else set(visible)
    holder = folium.Map(tiles=None)  # a scratch parent; the groups are handed over detached
    for layer_id in draw_order(layers):
        keeps = interactive if isinstance(interactive, bool) else layer_id in interactive
        _add_vector_layer(
            holder,
            layer_id,
            layers[layer_id],
            titles.get(layer_id, layer_id),
            layer_id in shown,
            interactive=None if keeps else False,
            source=sources.get(layer_id),
            lang=lang,
        )
    for extra in extra_groups:
        extra.add_to(holder)
    _add_place_labels(holder, layers, shown, lang)
    if legend:
        entries = legend_entries({i: layers[i] for i in layers if i in shown}, titles, lang)
        entries.extend(_latin_names_note(layers, shown, lang))
        html = legend_html([*entries, *extra_legend], lang)
        if html:
            group = folium.FeatureGroup(name="Legend", control=False)
            _Legend(html).add_to(group)
            group.add_to(holder)
    if view is not None:
        group = folium.FeatureGroup(name="View", control=False)
        _ViewRequestElement(view).add_to(group)
        group.add_to(holder)
    drawn_signal_group().add_to(holder)
    groups = [g for g in holder._children.values() if isinstance(g, folium.FeatureGroup)]
    for group in groups:
        if static_url is not None:
            localize_assets(group, static_url)
    return groups


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
    view: ViewRequest | None = None,
    lang: Lang = "en",
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
    view : a view to move to once drawn (e.g. bounds to fit), as the dashboard asks for one.
    lang : the language of the controls, legend, popups and names ("en" or "zh-TW").

    Returns
    -------
    A folium.Map with no web tiles by default (OpenStreetMap is an opt-in overlay), the land
    layer on a sea-coloured background, place labels by zoom, layer control, scale bar,
    fullscreen, mouse position and an approximate ruler in km and nautical miles: the base
    map (`build_base_map`) with its layers (`build_layer_groups`) and a layer control.
    """
    m = build_base_map(
        center=center,
        zoom=zoom,
        attributions=attributions,
        static_url=static_url,
        height=height,
        draw_lines=draw_lines,
        lang=lang,
    )
    for group in build_layer_groups(
        layers,
        titles=titles,
        visible=visible,
        legend=legend,
        static_url=static_url,
        view=view,
        lang=lang,
    ):
        group.add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m
