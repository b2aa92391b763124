"""The map builder: hostile text stays literal and inert, assets are local, the view is right."""

from __future__ import annotations

import re

import folium
import folium.plugins
import geopandas as gpd
import pytest
from shapely.geometry import LineString, MultiPolygon, Point

from straitmap.assets import STATIC_URL, asset_links, local_url, localize_assets
from straitmap.errors import UnknownAssetError
from straitmap.render import build_map, merged_geojson, sanitize, to_display_geojson

HOSTILE = {
    "jinja": "{{7*7}}",
    "jinja_block": "{% raw %}",
    "html": "<img src=x onerror=alert(1)>",
    "script": "<script>alert(1)</script>",
    "js_template": "${alert(1)}",
    "backtick": "`x` \\u0041",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{7*7}}", "&#123;&#123;7*7&#125;&#125;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("${x}", "&#36;&#123;x&#125;"),
        ("a & 'b' \"c\"", "a &amp; &#x27;b&#x27; &quot;c&quot;"),
        ("`\\", "&#96;&#92;"),
        ("臺灣海峽", "臺灣海峽"),
        (None, ""),
        (float("nan"), ""),
        (3, "3"),
    ],
    ids=[
        "jinja",
        "tag",
        "js-template",
        "quotes",
        "backtick-backslash",
        "cjk",
        "none",
        "nan",
        "int",
    ],
)
def test_sanitize_encodes_every_active_character(text: object, expected: str) -> None:
    assert sanitize(text) == expected


def hostile_layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": [f"h-{key}" for key in HOSTILE],
            "name": list(HOSTILE.values()),
            "{{key}}": ["{{7*7}}"] * len(HOSTILE),
            "source": ["<b>src</b>"] * len(HOSTILE),
            "source_url": ["javascript:alert(1)"] * len(HOSTILE),
            "precision": ["${precision}"] * len(HOSTILE),
        },
        geometry=[Point(120 + i * 0.1, 23) for i in range(len(HOSTILE))],
        crs="EPSG:4326",
    )


def rendered(m: folium.Map) -> str:
    return str(m.get_root().render())


def test_hostile_properties_stay_literal_and_inert() -> None:
    layer = hostile_layer()
    html = rendered(build_map({"uploads": layer}, titles={"uploads": "{{7*7}} <i>x</i>"}))
    assert "49" not in re.sub(r"[0-9a-f]{32}", "", html), "template syntax in data was evaluated"
    for raw in (
        "<img src=x",
        "<script>alert",
        "${alert",
        "{{7*7}}",
        "{% raw %}",
        'href="javascript:',
    ):
        assert raw not in html, f"{raw!r} reached the page unencoded"
    # A javascript: source_url stays data: the popup builder links only http(s) URLs.
    assert "/^https?:[/][/]/i.test(url)" in html
    # folium's tojson writes & < > as \u0026 \u003c \u003e inside the page's script.
    as_json = html.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")
    assert "&#123;&#123;7*7&#125;&#125;" in as_json
    assert "&lt;img src=x onerror=alert(1)&gt;" in as_json


def test_build_map_does_not_change_the_callers_frame() -> None:
    layer = hostile_layer()
    before = layer.copy()
    build_map({"uploads": layer})
    assert layer.equals(before)
    assert list(layer.columns) == list(before.columns)


def test_display_geojson_keeps_every_property_and_codes_repeated_text() -> None:
    source = "The Reporter PLA_Path_Database (MIT), from Taiwan MND"
    frame = gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["J-16 ×4", "<b>x</b>", "Y-8"],
            "source": [source] * 3,
            "count": [4, 1, None],
        },
        geometry=[Point(120, 23), Point(121, 24), Point(122, 25)],
        crs=4326,
    )
    data, lookups = to_display_geojson(frame)
    first, second, third = (f["properties"] for f in data["features"])
    assert lookups == {
        "keys": {"c": "source", "d": "count"},
        "values": {"c": [sanitize(source)]},
    }
    assert first == {"id": "a", "name": "J-16 ×4", "c": 0, "d": 4.0}
    assert second["name"] == "&lt;b&gt;x&lt;/b&gt;"
    assert "d" not in third, "missing values are left out, not sent as null"


def test_popups_are_bound_with_the_layer_lookups() -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["a"], "name": ["A"], "source": ["Natural Earth 1:10m populated places"]},
        geometry=[Point(120, 23)],
        crs=4326,
    )
    html = rendered(build_map({"places": frame}))
    assert "window.smPopupHtml = function" in html
    assert '"values": {"c": ["Natural Earth 1:10m populated places"]}' in html


def test_map_loads_every_asset_from_the_local_static_folder() -> None:
    layer = gpd.GeoDataFrame(
        {"id": ["a"], "name": ["A"]}, geometry=[LineString([(119, 23), (120, 24)])], crs=4326
    )
    links = asset_links(build_map({"median_line": layer}))
    assert links, "expected Leaflet and its plugins"
    assert all(link.startswith(f"{STATIC_URL}/vendor/") for link in links), links


def test_without_local_assets_the_map_keeps_cdn_links() -> None:
    links = asset_links(build_map({}, static_url=None))
    assert any(link.startswith("https://") for link in links)


def test_an_unknown_cdn_link_is_refused() -> None:
    with pytest.raises(UnknownAssetError, match=r"has no local copy.*package\.json"):
        local_url("https://unpkg.com/some-plugin@1.0.0/plugin.js")


def test_a_new_plugin_cannot_bring_a_cdn_back() -> None:
    m = folium.Map(tiles=None)
    folium.plugins.Geocoder().add_to(m)
    with pytest.raises(UnknownAssetError, match=r"Control\.Geocoder"):
        localize_assets(m)


def test_cosmetic_links_are_dropped() -> None:
    links = asset_links(build_map({}))
    assert not any("glyphicons" in link or "awesome.rotate" in link for link in links)


def test_osm_tiles_are_an_unticked_overlay_and_no_tiles_by_default() -> None:
    html = rendered(build_map({}))
    assert "tile.openstreetmap.org" in html
    assert re.search(r"L\.tileLayer\(", html)
    # Unticked overlays are created but not added to the map until the user ticks them.
    tile_var = re.search(r"var (tile_layer_\w+) = L\.tileLayer", html)
    assert tile_var is not None
    assert f"{tile_var.group(1)}.addTo(" not in html


def test_map_fits_the_strait_unless_a_view_is_given() -> None:
    assert "fitBounds" in rendered(build_map({}))
    assert "fitBounds" not in rendered(build_map({}, center=(25.0, 121.5), zoom=9))


def test_visible_limits_which_layers_start_ticked() -> None:
    layer = gpd.GeoDataFrame({"id": ["a"], "name": ["A"]}, geometry=[Point(120, 23)], crs=4326)
    html = rendered(build_map({"places": layer, "uploads": layer}, visible=["uploads"]))
    overlays = dict(re.findall(r'"([^"]+)" : (feature_group_\w+),', html))
    assert set(overlays) == {"places", "uploads", "Place names"}
    added = {name for name, group in overlays.items() if f"{group}.addTo(" in html}
    assert added == {"uploads"}


def test_backdrop_layers_draw_as_one_feature_with_every_polygon() -> None:
    squares = gpd.GeoDataFrame(
        {"id": ["a", "b", "empty"]},
        geometry=[
            Point(120, 23).buffer(0.1),
            MultiPolygon([Point(121, 24).buffer(0.1), Point(122, 24).buffer(0.1)]),
            None,
        ],
        crs=4326,
    )
    merged = merged_geojson(squares)
    assert len(merged["features"]) == 1
    geometry = merged["features"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    assert len(geometry["coordinates"]) == 3
    assert merged["features"][0]["properties"] == {}


def test_layer_policy_lives_beside_the_catalog_and_covers_every_map_layer() -> None:
    from straitmap import layer_policy, render
    from straitmap.catalog import load_catalog

    assert render.LAYER_STYLES is layer_policy.LAYER_STYLES
    assert render.HIDDEN_BY_DEFAULT is layer_policy.HIDDEN_BY_DEFAULT
    assert render.DRAW_ORDER is layer_policy.DRAW_ORDER
    map_layers = {
        spec.id
        for spec in load_catalog().values()
        if not spec.is_table and spec.id not in layer_policy.LABEL_LAYERS
    }
    assert map_layers - set(layer_policy.LAYER_STYLES) == set()
    assert map_layers - set(layer_policy.DRAW_ORDER) == set()
    assert map_layers >= layer_policy.HIDDEN_BY_DEFAULT
