"""Browser assets of the map: every CDN link folium emits mapped to a locally served file."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from straitmap.errors import UnknownAssetError

logger = logging.getLogger(__name__)

#: URL path under which the Streamlit app serves `dashboard/static/` (server.enableStaticServing).
STATIC_URL = "/app/static"
#: Folder, relative to the static root, that `install_assets` fills from node_modules.
VENDOR_DIR = "vendor"


@dataclass(frozen=True)
class Asset:
    """One file the map loads: its npm package, the file in it, and the CDN links it replaces."""

    package: str
    file: str
    cdn_urls: tuple[str, ...]

    @property
    def vendor_path(self) -> str:
        """Path of the local copy relative to the static root."""
        return f"{VENDOR_DIR}/{self.package}/{self.file}"


#: Every asset the map may reference. Versions are pinned in package.json / package-lock.json.
ASSETS: tuple[Asset, ...] = (
    Asset(
        "leaflet",
        "dist/leaflet.js",
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",),
    ),
    Asset(
        "leaflet",
        "dist/leaflet.css",
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",),
    ),
    Asset("jquery", "dist/jquery.min.js", ("https://code.jquery.com/jquery-3.7.1.min.js",)),
    Asset(
        "bootstrap",
        "dist/js/bootstrap.bundle.min.js",
        ("https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",),
    ),
    Asset(
        "bootstrap",
        "dist/css/bootstrap.min.css",
        ("https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",),
    ),
    Asset(
        "@fortawesome/fontawesome-free",
        "css/all.min.css",
        ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",),
    ),
    Asset(
        "leaflet.awesome-markers",
        "dist/leaflet.awesome-markers.js",
        (
            "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
            "leaflet.awesome-markers.js",
        ),
    ),
    Asset(
        "leaflet.awesome-markers",
        "dist/leaflet.awesome-markers.css",
        (
            "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
            "leaflet.awesome-markers.css",
        ),
    ),
    Asset(
        "leaflet.fullscreen",
        "Control.FullScreen.js",
        ("https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",),
    ),
    Asset(
        "leaflet.fullscreen",
        "Control.FullScreen.css",
        ("https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",),
    ),
    Asset(
        "leaflet-measure",
        "dist/leaflet-measure.min.js",
        ("https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js",),
    ),
    Asset(
        "leaflet-measure",
        "dist/leaflet-measure.css",
        ("https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css",),
    ),
    Asset(
        "leaflet-mouse-position",
        "src/L.Control.MousePosition.js",
        (
            "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/"
            "L.Control.MousePosition.min.js",
        ),
    ),
    Asset(
        "leaflet-mouse-position",
        "src/L.Control.MousePosition.css",
        (
            "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/"
            "L.Control.MousePosition.min.css",
        ),
    ),
    Asset(
        "leaflet-draw",
        "dist/leaflet.draw.js",
        ("https://cdnjs.cloudflare.com/ajax/libs/leaflet.draw/1.0.2/leaflet.draw.js",),
    ),
    Asset(
        "leaflet-draw",
        "dist/leaflet.draw.css",
        ("https://cdnjs.cloudflare.com/ajax/libs/leaflet.draw/1.0.2/leaflet.draw.css",),
    ),
    Asset(
        "leaflet.markercluster",
        "dist/leaflet.markercluster.js",
        (
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js",
        ),
    ),
    Asset(
        "leaflet.markercluster",
        "dist/MarkerCluster.css",
        ("https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",),
    ),
    Asset(
        "leaflet.markercluster",
        "dist/MarkerCluster.Default.css",
        (
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
            "MarkerCluster.Default.css",
        ),
    ),
)

#: Folders the CSS files above reference by relative URL (marker images, icon fonts).
ASSET_FOLDERS: tuple[tuple[str, str], ...] = (
    ("leaflet", "dist/images"),
    ("@fortawesome/fontawesome-free", "webfonts"),
    ("leaflet.awesome-markers", "dist/images"),
    ("leaflet-measure", "dist/images"),
    ("leaflet-draw", "dist/images"),
    ("leaflet.fullscreen", "icon-fullscreen.svg"),
)

#: CDN links folium adds that only decorate features this project does not use: dropped.
COSMETIC_URLS: frozenset[str] = frozenset(
    {
        # Bootstrap 3 glyphicons: folium's default icon font, unused (we use Font Awesome).
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        # Rotation helper for awesome markers, fetched from GitHub; markers here are not rotated.
        "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/"
        "leaflet.awesome.rotate.min.css",
    }
)

_BY_URL: dict[str, Asset] = {url: asset for asset in ASSETS for url in asset.cdn_urls}


def local_url(cdn_url: str, static_url: str = STATIC_URL) -> str | None:
    """Return the local URL that replaces `cdn_url`, or None when the link is dropped.

    Raises UnknownAssetError for a link this module does not know, so a new plugin
    cannot silently bring a CDN back.

    >>> local_url("https://code.jquery.com/jquery-3.7.1.min.js")
    '/app/static/vendor/jquery/dist/jquery.min.js'
    """
    if cdn_url in COSMETIC_URLS:
        return None
    asset = _BY_URL.get(cdn_url)
    if asset is None:
        raise UnknownAssetError(
            f"map asset {cdn_url!r} has no local copy: expected one of the links listed in "
            "straitmap.assets.ASSETS; to fix, add its npm package to package.json and an "
            "Asset entry"
        )
    return f"{static_url.rstrip('/')}/{asset.vendor_path}"


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _rewrite(links: Iterable[tuple[str, str]], static_url: str) -> list[tuple[str, str]]:
    rewritten: list[tuple[str, str]] = []
    for name, url in links:
        new_url = local_url(url, static_url)
        if new_url is not None:
            rewritten.append((name, new_url))
    return rewritten


def localize_assets(root: Any, static_url: str = STATIC_URL) -> None:
    """Point every JS/CSS link of a folium element tree at the local copies, in place.

    Meant for a map this package has just built (`render.build_map`); instance attributes
    shadow folium's class-level CDN lists, which both `Map.save` and st_folium read.
    """
    for element in _walk(root):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if links:
                setattr(element, attr, _rewrite(links, static_url))


def asset_links(root: Any) -> list[str]:
    """Every JS/CSS URL a folium element tree references (what st_folium will load)."""
    links: list[str] = []
    for element in _walk(root):
        for attr in ("default_js", "default_css"):
            links.extend(url for _, url in getattr(element, attr, None) or [])
    return list(dict.fromkeys(links))


def missing_assets(static_root: Path) -> list[str]:
    """Vendor files that are not installed under `static_root` (empty when all are present)."""
    return [a.vendor_path for a in ASSETS if not (static_root / a.vendor_path).is_file()]


def install_assets(node_modules: Path, static_root: Path) -> list[Path]:
    """Copy every asset (and the folders its CSS needs) from node_modules into the static root.

    Returns the files written. Raises FileNotFoundError naming the first missing file,
    with the hint to run `npm ci`.
    """
    written: list[Path] = []
    vendor = static_root / VENDOR_DIR
    for asset in ASSETS:
        source = node_modules / asset.package / asset.file
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` in the repository root")
        target = static_root / asset.vendor_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    for package, folder in ASSET_FOLDERS:
        source = node_modules / package / folder
        target = vendor / package / folder
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
            written.extend(p for p in target.rglob("*") if p.is_file())
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
        else:
            raise FileNotFoundError(f"{source} is missing: run `npm ci` in the repository root")
    logger.info("installed %d asset files into %s", len(written), vendor)
    return written
