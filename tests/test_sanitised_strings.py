"""Every string that reaches folium goes through `straitmap.render.sanitize` (DESIGN §7).

One case per path a text can take into the map (property values and keys, popups, tooltips,
categories, layer titles, legend, place and map labels, upload names and contents,
attributions, view requests, measured places), each fed every hostile payload and rendered
the two ways users see it: the exported page and what st_folium sends to the browser. A new
string path belongs in `PATHS`; a path that skips the sanitiser fails here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import folium
import geopandas as gpd
import pytest
import streamlit_folium
from shapely.geometry import LineString, Point, Polygon

from straitmap.gazetteer import Resolved
from straitmap.io import load_bytes
from straitmap.measure import inverse
from straitmap.overlays import OVERLAY_TITLES, distance_overlay
from straitmap.render import ViewRequest, build_base_map, build_layer_groups, sanitize

#: Text that would run in the page if it reached folium raw: markup, Jinja (folium renders
#: each element through Jinja a second time), a JS template literal.
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "jinja": "{{ 7*7 }}",
    "jinja-block": "{% raw %}",
    "js-template": "${alert(1)}",
}


@dataclass
class Scene:
    """What one case hands the renderer."""

    layers: dict[str, gpd.GeoDataFrame]
    titles: dict[str, str] = field(default_factory=dict)
    attributions: tuple[str, ...] = ()
    view: ViewRequest | None = None
    backdrop: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)


def points(rows: dict[str, list[Any]], n: int = 1) -> gpd.GeoDataFrame:
    """A point layer of `n` features (each list in `rows` has n values) near Taipei."""
    return gpd.GeoDataFrame(
        rows, geometry=[Point(121.5 + 0.01 * i, 25.0) for i in range(n)], crs="EPSG:4326"
    )


def upload(rows: dict[str, list[Any]]) -> Scene:
    base = {"id": ["u-1", "u-2"], "name": ["Plain", "Plain"]}
    return Scene({"upload": points(base | rows, 2)}, {"upload": "Your data: towns.geojson"})


def uploaded_file(text: str) -> Scene:
    """A GeoJSON file whose name, property key and values are `text`, through the loader."""
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": text, text: text, "note": [text]},
                "geometry": {"type": "Point", "coordinates": [121.5, 25.0]},
            }
        ],
    }
    result = load_bytes(json.dumps(document).encode("utf-8"), f"{text}.geojson")
    return Scene({"upload": result.frame}, {"upload": f"Your data: {text}.geojson"})


def places(**columns: str) -> Scene:
    rows = {"id": "p-1", "name": "Keelung", "kind": "city", "label_rank": 1} | columns
    return Scene({"places": points({k: [v] for k, v in rows.items()})}, {"places": "Places"})


def map_labels(**columns: str) -> Scene:
    rows = {"id": "l-1", "name": "Taiwan Strait", "kind": "strait", "min_zoom": 3.0}
    frame = gpd.GeoDataFrame(
        {k: [v] for k, v in (rows | columns | {"max_zoom": 18.0}).items()},
        geometry=[Point(119.8, 24.2)],
        crs="EPSG:4326",
    )
    return Scene({"map_labels": frame})


def measured(text: str) -> Scene:
    """What the Measure page draws for a distance from a place named `text` (its ring overlay
    names its features by the same `name` property)."""
    start, end = Resolved(text, 26.35, 127.77), Resolved("Taipei", 25.033, 121.5654)
    layers = distance_overlay(start, end, inverse(start.lon, start.lat, end.lon, end.lat))
    return Scene(layers, dict(OVERLAY_TITLES))


LAND = gpd.GeoDataFrame(
    {"id": ["land"]}, geometry=[Polygon([(120, 22), (122, 22), (122, 25), (120, 25)])], crs=4326
)

#: path id → the scene that puts a text on that path.
PATHS: dict[str, Callable[[str], Scene]] = {
    "property-value": lambda t: upload({"note": [t, t]}),  # repeated: sent in a lookup table
    "property-value-unique": lambda t: upload({"note": [t, t + "2"]}),
    "property-value-mixed-types": lambda t: upload({"note": [3, t]}),
    "property-value-nested": lambda t: upload({"note": [[t], {"k": t}]}),
    "property-key": lambda t: upload({t: ["a", "b"]}),
    "feature-id": lambda t: upload({"id": [t, t + "2"]}),
    "tooltip-name": lambda t: upload({"name": [t, t]}),
    "popup-source": lambda t: upload({"source": [t, t]}),
    "popup-source-url": lambda t: upload({"source_url": [f"https://example.org/?{t}"] * 2}),
    "category-value": lambda t: Scene(
        {"us_bases_japan": points({"id": ["b-1"], "name": ["Base"], "branch": [t]})}
    ),
    "incursion-fields": lambda t: Scene(
        {
            "pla_incursions": points(
                {"id": ["i-1"], "aircraft_type": [t], "aircraft_class": [t], "zone": [t]}
            )
        }
    ),
    "aggregated-layer": lambda t: Scene(
        {"upload": points({"id": [f"a-{i}" for i in range(501)], "name": [t] * 501}, 501)},
        {"upload": t},
    ),
    "layer-title-and-legend": lambda t: Scene(upload({}).layers, {"upload": t}),
    "layer-title-of-lines": lambda t: Scene(
        {
            "median_line": gpd.GeoDataFrame(
                {"id": ["m"], "name": ["Median"]},
                geometry=[LineString([(122, 27), (118, 23)])],
                crs=4326,
            )
        },
        {"median_line": t},
    ),
    "backdrop-title": lambda t: Scene({}, {"land": t}, backdrop={"land": LAND}),
    "upload-file-name": lambda t: Scene(upload({}).layers, {"upload": f"Your data: {t}"}),
    "upload-as-incursions-name": lambda t: Scene(
        {"pla_incursions": points({"id": ["i-1"], "name": ["x"]})},
        {"pla_incursions": f"Incursions from {t}"},
    ),
    "uploaded-file-contents": uploaded_file,
    "place-name": lambda t: places(name=t),
    "place-label": lambda t: places(label=t),
    "place-id": lambda t: places(id=t),
    "map-label-name": lambda t: map_labels(name=t),
    "map-label-id": lambda t: map_labels(id=t),
    "attribution": lambda t: Scene({}, attributions=(t,)),
    "view-request-key": lambda t: Scene(
        {}, view=ViewRequest(key=t, bounds=((22.0, 119.0), (26.0, 123.0)))
    ),
    "measured-place-name": measured,
}


def render_page(scene: Scene) -> str:
    """The page as `build_map` and the HTML download produce it: base map, groups, control."""
    m = build_base_map(
        attributions=scene.attributions, backdrop=scene.backdrop, titles=scene.titles
    )
    for group in build_layer_groups(scene.layers, titles=scene.titles, view=scene.view):
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return str(m.get_root().render())


def render_st_folium(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every argument st_folium sends the browser, as the Map page calls it."""
    sent: dict[str, Any] = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    streamlit_folium.st_folium(
        build_base_map(
            attributions=scene.attributions,
            backdrop=scene.backdrop,
            titles=scene.titles,
            fill_frame=True,
        ),
        key="map",
        returned_objects=["center", "zoom"],
        feature_group_to_add=build_layer_groups(scene.layers, titles=scene.titles, view=scene.view),
        layer_control=folium.LayerControl(collapsed=True),
    )
    assert sent, "st_folium sent nothing"
    return "\n".join(str(value) for value in sent.values() if isinstance(value, str))


def as_browser_reads(text: str) -> str:
    """Undo the JSON \\u escapes of & < > ' (tojson writes them): what JS concatenates."""
    for escaped, char in (("\\u0026", "&"), ("\\u003c", "<"), ("\\u003e", ">"), ("\\u0027", "'")):
        text = text.replace(escaped, char)
    return text


RENDERERS = ["page", "st_folium"]


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize("path", list(PATHS))
def test_every_string_reaching_folium_is_sanitised(
    path: str, payload: str, renderer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag = re.sub(r"[^a-z]", "", path)
    text = f"sm{tag}Q{PAYLOADS[payload]}Qsm"
    scene = PATHS[path](text)
    page = render_page(scene) if renderer == "page" else render_st_folium(scene, monkeypatch)
    shown = as_browser_reads(page)
    assert sanitize(text) in shown, f"the {path} text never reached the map (or not sanitised)"
    assert PAYLOADS[payload] not in shown, f"the {path} text reached the map raw"
    assert f"sm{tag}Q49Qsm" not in shown, f"the {path} text was evaluated as a template"


def test_a_label_cannot_add_markup_to_its_icon() -> None:
    """Place names are concatenated into each label's icon HTML in the browser: what is
    concatenated must already be entity-encoded."""
    text = "<img src=x onerror=alert(1)> {{ 7*7 }}"
    page = as_browser_reads(render_page(places(name=text)))
    labels = re.findall(r'"text": ?"([^"]*)"', page)
    assert sanitize(text) in labels
    assert all("<" not in label and "{" not in label for label in labels), labels
    assert "49" not in " ".join(labels)
