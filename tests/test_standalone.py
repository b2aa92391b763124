"""The self-contained map export: every asset inlined, nothing fetched from outside."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import folium
import geopandas as gpd
import pytest

import straitmap.render
from straitmap import load_layer
from straitmap.assets import ASSETS, STATIC_URL, asset_links, missing_assets
from straitmap.cli import main
from straitmap.errors import AssetsNotInstalledError, UnknownAssetError
from straitmap.filters import FilterState, filter_layer
from straitmap.render import build_map
from straitmap.standalone import (
    DEFAULT_STATIC_ROOT,
    asset_for_url,
    data_uri,
    external_references,
    inline_css,
    prefer_woff2,
    standalone_html,
)

VENDOR = DEFAULT_STATIC_ROOT / "vendor"
CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""")


@pytest.fixture(scope="module")
def static_root() -> Path:
    missing = missing_assets(DEFAULT_STATIC_ROOT)
    if missing:
        pytest.fail(f"map assets not installed ({len(missing)} missing): run `make setup`")
    return DEFAULT_STATIC_ROOT


@pytest.fixture(scope="module")
def small_layers() -> dict[str, gpd.GeoDataFrame]:
    return {layer_id: load_layer(layer_id) for layer_id in ("median_line", "places")}


def small_map(layers: dict[str, gpd.GeoDataFrame], static_url: str | None) -> folium.Map:
    return build_map(layers, static_url=static_url)


@pytest.fixture(scope="module")
def exported(small_layers: dict[str, gpd.GeoDataFrame], static_root: Path) -> str:
    return standalone_html(small_map(small_layers, None), static_root)


def css_text_around_urls(css: str) -> list[str]:
    """The parts of a stylesheet between its url(...) references (what must survive verbatim)."""
    return [part for part in CSS_URL.sub("\x00", prefer_woff2(css)).split("\x00") if part]


# --- the exported page ---------------------------------------------------------------------------


@pytest.mark.parametrize("static_url", [None, STATIC_URL], ids=["cdn-links", "local-links"])
def test_no_asset_is_linked(
    small_layers: dict[str, gpd.GeoDataFrame], static_root: Path, static_url: str | None
) -> None:
    page = standalone_html(small_map(small_layers, static_url), static_root)
    assert re.search(r"<script[^>]*\bsrc\s*=", page) is None
    assert re.search(r"<link\b[^>]*\bhref\s*=", page) is None
    assert external_references(page) == []
    assert "cdn.jsdelivr.net" not in page
    assert "/app/static/" not in page


def test_every_referenced_asset_is_inlined(
    small_layers: dict[str, gpd.GeoDataFrame], exported: str
) -> None:
    referenced = {asset_for_url(url) for url in asset_links(small_map(small_layers, None))}
    assets = [asset for asset in ASSETS if asset in referenced]
    assert {a.vendor_path for a in assets} >= {
        "vendor/leaflet/dist/leaflet.js",
        "vendor/leaflet/dist/leaflet.css",
        "vendor/leaflet-measure/dist/leaflet-measure.min.js",
        "vendor/@fortawesome/fontawesome-free/css/all.min.css",
    }
    for asset in assets:
        text = (DEFAULT_STATIC_ROOT / asset.vendor_path).read_text(encoding="utf-8")
        if asset.file.endswith(".js"):
            assert text in exported, f"{asset.vendor_path} is not inlined"
        else:
            for part in css_text_around_urls(text):
                assert part in exported, f"{asset.vendor_path}: {part[:60]!r} is missing"


@pytest.mark.parametrize(
    ("file", "mime"),
    [
        ("leaflet-measure/dist/images/rulers.png", "image/png"),
        ("leaflet/dist/images/layers.png", "image/png"),
        ("leaflet.fullscreen/icon-fullscreen.svg", "image/svg+xml"),
        ("@fortawesome/fontawesome-free/webfonts/fa-solid-900.woff2", "font/woff2"),
        ("leaflet.awesome-markers/dist/images/markers-soft.png", "image/png"),
    ],
    ids=["ruler-icon", "layers-icon", "fullscreen-icon", "solid-font", "marker-sprite"],
)
def test_stylesheet_files_become_data_uris(exported: str, file: str, mime: str) -> None:
    encoded = base64.b64encode((VENDOR / file).read_bytes()).decode("ascii")
    assert f'url("data:{mime};base64,{encoded}")' in exported


def test_truetype_fallbacks_are_left_out(exported: str) -> None:
    ttf = (VENDOR / "@fortawesome/fontawesome-free/webfonts/fa-solid-900.ttf").read_bytes()
    assert base64.b64encode(ttf[:3000]).decode("ascii") not in exported
    assert 'format("truetype")' not in exported


def test_every_stylesheet_url_is_inline(exported: str) -> None:
    targets = [m.group(2) for m in CSS_URL.finditer(exported)]
    assert targets
    others = {t for t in targets if not t.startswith(("data:", "#"))}
    assert others == set()


WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>()\\]+")


def test_every_web_address_is_data_a_vendor_text_or_the_osm_overlay(
    small_layers: dict[str, gpd.GeoDataFrame], exported: str
) -> None:
    """Web addresses left are in the data, in code (vendor, folium, render), or OSM's overlay."""
    osm = {
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright",
    }
    code = {
        url
        for path in [
            *VENDOR.rglob("*"),
            *Path(folium.__file__).parent.rglob("*.py"),
            Path(straitmap.render.__file__),
        ]
        if path.suffix in {".js", ".css", ".py"}
        for url in WEB_ADDRESS.findall(path.read_text(encoding="utf-8"))
    }
    data = {
        url
        for frame in small_layers.values()
        for value in frame.drop(columns="geometry").to_numpy().ravel()
        for url in WEB_ADDRESS.findall(str(value))
    }
    found = set(WEB_ADDRESS.findall(exported))
    assert osm <= found
    assert found - osm - code - data == set()


def test_the_map_object_is_not_changed(
    small_layers: dict[str, gpd.GeoDataFrame], static_root: Path
) -> None:
    m = small_map(small_layers, None)
    before = asset_links(m)
    standalone_html(m, static_root)
    assert asset_links(m) == before


def test_title_is_escaped(small_layers: dict[str, gpd.GeoDataFrame], static_root: Path) -> None:
    page = standalone_html(small_map(small_layers, None), static_root, title="Strait <b> & co")
    assert "<title>Strait &lt;b&gt; &amp; co</title>" in page


# --- refusals ----------------------------------------------------------------------------------


def test_missing_assets_say_run_make_setup(
    small_layers: dict[str, gpd.GeoDataFrame], tmp_path: Path
) -> None:
    with pytest.raises(
        AssetsNotInstalledError, match=r"found 19 missing \(vendor/leaflet/.*run `make setup`"
    ):
        standalone_html(small_map(small_layers, None), tmp_path)


def test_an_unknown_script_link_is_refused(
    small_layers: dict[str, gpd.GeoDataFrame], static_root: Path
) -> None:
    m = small_map(small_layers, None)
    m.get_root().header.add_child(folium.JavascriptLink("https://example.com/tracker.js"))
    with pytest.raises(UnknownAssetError, match=r"'https://example.com/tracker.js' cannot be"):
        standalone_html(m, static_root)


def test_a_remote_image_left_in_the_page_is_refused(
    small_layers: dict[str, gpd.GeoDataFrame], static_root: Path
) -> None:
    m = small_map(small_layers, None)
    m.get_root().html.add_child(folium.Element('<img src="https://example.com/pixel.gif">'))
    with pytest.raises(UnknownAssetError, match=r"would still fetch https://example.com/pixel"):
        standalone_html(m, static_root)


@pytest.fixture
def patched_static_root(tmp_path: Path, static_root: Path) -> Path:
    """A copy of the installed assets whose leaflet.css references things that cannot be inlined."""
    shutil.copytree(static_root / "vendor", tmp_path / "vendor")
    css = tmp_path / "vendor/leaflet/dist/leaflet.css"
    css.write_text(
        css.read_text(encoding="utf-8")
        + ".a{background:url(https://example.com/a.png)}\n"
        + ".b{background:url('images/nope.png')}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_unknown_stylesheet_urls_are_reported(
    small_layers: dict[str, gpd.GeoDataFrame], patched_static_root: Path
) -> None:
    with pytest.raises(
        UnknownAssetError,
        match=r"found vendor/leaflet/dist/leaflet.css: url\(https://example.com/a.png\); "
        r"vendor/leaflet/dist/leaflet.css: url\(images/nope.png\)$",
    ):
        standalone_html(small_map(small_layers, None), patched_static_root)


# --- helpers -----------------------------------------------------------------------------------

CSS_CASES = [
    # (id, css, inlined targets, unresolved targets)
    ("relative-png", "a{b:url(images/rulers.png)}", ("images/rulers.png",), ()),
    ("quoted", "a{b:url( 'images/rulers.png' )}", ("images/rulers.png",), ()),
    ("query-string", 'a{b:url("images/rulers.png?v=2")}', ("images/rulers.png?v=2",), ()),
    ("data-uri-kept", 'a{b:url("data:image/png;base64,AAAA")}', (), ()),
    ("fragment-kept", "a{behavior:url(#default#VML)}", (), ()),
    ("https", "a{b:url(https://cdn.example/x.png)}", (), ("https://cdn.example/x.png",)),
    ("protocol-relative", "a{b:url(//cdn.example/x.png)}", (), ("//cdn.example/x.png",)),
    ("missing-file", "a{b:url(images/nope.png)}", (), ("images/nope.png",)),
    (
        "outside-root",
        "a{b:url(../../../../../pyproject.toml)}",
        (),
        ("../../../../../pyproject.toml",),
    ),
    ("unknown-type", "a{b:url(../leaflet-measure.min.js)}", (), ("../leaflet-measure.min.js",)),
]


@pytest.mark.parametrize(
    ("css", "inlined", "unresolved"), [c[1:] for c in CSS_CASES], ids=[c[0] for c in CSS_CASES]
)
def test_inline_css(
    static_root: Path, css: str, inlined: tuple[str, ...], unresolved: tuple[str, ...]
) -> None:
    css_path = static_root / "vendor/leaflet-measure/dist/leaflet-measure.css"
    result = inline_css(css, css_path, static_root)
    assert (result.inlined, result.unresolved) == (inlined, unresolved)
    if inlined:
        assert 'url("data:image/png;base64,' in result.text
    else:
        assert result.text == css


WOFF2_CASES = [
    (
        "drops-ttf",
        'src:url(a.woff2) format("woff2"),url(a.ttf) format("truetype")',
        'src:url(a.woff2) format("woff2")',
    ),
    ("keeps-ttf-alone", 'src:url(a.ttf) format("truetype")', 'src:url(a.ttf) format("truetype")'),
    ("keeps-local", 'src:local("A"),url(a.woff2),url(a.woff)', 'src:local("A"),url(a.woff2)'),
]


@pytest.mark.parametrize(
    ("src", "expected"), [c[1:] for c in WOFF2_CASES], ids=[c[0] for c in WOFF2_CASES]
)
def test_prefer_woff2(src: str, expected: str) -> None:
    assert prefer_woff2(f"@font-face{{font-family:A;{src}}}") == (
        f"@font-face{{font-family:A;{expected}}}"
    )
    assert prefer_woff2(f".not-a-font-face{{{src}}}") == f".not-a-font-face{{{src}}}"


REFERENCES = [
    ("img", '<img src="https://example.com/a.png">', ["https://example.com/a.png"]),
    ("iframe", "<iframe src=//example.com/f></iframe>", ["//example.com/f"]),
    ("link", '<link rel="icon" href="http://example.com/i.ico">', ["http://example.com/i.ico"]),
    ("anchor", '<a href="https://example.com/">source</a>', []),
    ("script-text", '<script>L.tileLayer("https://tile.example/{z}.png")</script>', []),
    (
        "css-import",
        '<style>@import "https://example.com/x.css";</style>',
        ["https://example.com/x.css"],
    ),
    ("css-url", "<style>.a{background:url(//example.com/b.png)}</style>", ["//example.com/b.png"]),
    ("local", '<img src="data:image/png;base64,AAAA"><img src="a.png">', []),
]


@pytest.mark.parametrize(
    ("page", "expected"), [r[1:] for r in REFERENCES], ids=[r[0] for r in REFERENCES]
)
def test_external_references(page: str, expected: list[str]) -> None:
    assert external_references(page) == expected


ASSET_URLS = [
    ("cdn", "https://code.jquery.com/jquery-3.7.1.min.js", "vendor/jquery/dist/jquery.min.js"),
    (
        "local",
        "/app/static/vendor/leaflet/dist/leaflet.css",
        "vendor/leaflet/dist/leaflet.css",
    ),
    (
        "cosmetic",
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        None,
    ),
]


@pytest.mark.parametrize(
    ("url", "vendor_path"), [a[1:] for a in ASSET_URLS], ids=[a[0] for a in ASSET_URLS]
)
def test_asset_for_url(url: str, vendor_path: str | None) -> None:
    asset = asset_for_url(url)
    assert (None if asset is None else asset.vendor_path) == vendor_path


def test_asset_for_url_refuses_an_unknown_link() -> None:
    with pytest.raises(UnknownAssetError, match=r"'https://example.com/x.js' cannot be inlined"):
        asset_for_url("https://example.com/x.js")


def test_data_uri_refuses_an_unknown_file_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(
        UnknownAssetError, match=r"notes.txt: expected a file type in .*found '.txt'"
    ):
        data_uri(path)


# --- straitmap export-map ----------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_export_map_writes_one_self_contained_file(
    tmp_path: Path, static_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "map.html"
    argv = ["export-map", "--out", str(out), "--layers", "land,pla_incursions", "--zone", "north"]
    code, stdout, err = run(argv, capsys)
    assert (code, err) == (0, "")
    page = out.read_text(encoding="utf-8")
    assert re.search(r"<script[^>]*\bsrc\s*=", page) is None
    assert external_references(page) == []
    assert f"wrote {out} ({len(page.encode()):,} bytes" in stdout
    expected = filter_layer(
        "pla_incursions", load_layer("pla_incursions"), FilterState(zones=frozenset({"north"}))
    )
    assert f"incursion points: {len(expected):,} (zone north)" in stdout


EXPORT_ERRORS = [
    # (id, options, exit code, stderr pattern)
    ("unknown-layer", ["--layers", "land,nope"], 2, r"unknown layer 'nope': expected one of land"),
    ("table", ["--layers", "pla_daily_counts"], 2, r"found table\(s\) without geometry"),
    ("no-layers", ["--layers", " , "], 2, r"expected layer ids separated by commas"),
    ("bad-zone", ["--layers", "land", "--zone", "west"], 2, r"zone should be one of north"),
    ("bad-date", ["--from", "1/2/2024"], 2, r"expected a date as YYYY-MM-DD"),
    ("no-assets", ["--layers", "land", "--static-root", "MISSING"], 1, r"run `make setup`"),
]


@pytest.mark.parametrize(
    ("options", "code", "pattern"),
    [e[1:] for e in EXPORT_ERRORS],
    ids=[e[0] for e in EXPORT_ERRORS],
)
def test_export_map_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    code: int,
    pattern: str,
) -> None:
    out = tmp_path / "map.html"
    options = [str(tmp_path / "none") if o == "MISSING" else o for o in options]
    exit_code, stdout, err = run(["export-map", "--out", str(out), *options], capsys)
    assert (exit_code, stdout) == (code, "")
    assert re.search(pattern, err), err
    assert not out.exists()
