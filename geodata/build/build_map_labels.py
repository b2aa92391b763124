"""Build geodata/map_labels.geojson: where the map writes country, sea and strait names."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, box, shape
from shapely.ops import polylabel

from straitmap.geojson_text import read_features, write_feature_collection

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NATURAL_EARTH = REPO_ROOT.parent / "shared" / "data" / "natural-earth"
DEFAULT_OUT = REPO_ROOT / "geodata" / "map_labels.geojson"

MARINE_FILE = "ne_10m_geography_marine_polys.json"
LAND_FILE = "ne_10m_land.json"
MINOR_ISLANDS_FILE = "ne_10m_minor_islands.json"

#: Label points are written to 3 decimals (~100 m): far finer than a label needs.
DECIMALS = 3
#: Pole-of-inaccessibility tolerance, in degrees of Web Mercator (display) coordinates.
POLYLABEL_TOLERANCE = 0.01
PRECISION = "label position only (not a boundary)"
MARINE_URL = "https://www.naturalearthdata.com/downloads/10m-physical-vectors/10m-physical-labels/"
LAND_URL = "https://www.naturalearthdata.com/downloads/10m-physical-vectors/"


@dataclass(frozen=True)
class Frame:
    """A lon/lat box that a sea's label point is looked for in, and how the README names it."""

    bounds: tuple[float, float, float, float]
    description: str


#: Where a sea's name goes at small scales: within about 10° of Taiwan.
REGIONAL = Frame((112.0, 14.0, 132.0, 34.0), "112–132°E, 14–34°N")
#: Where it goes from zoom 6: inside the dashboard's opening view (zoom 7.25 centred on
#: 23.8°N 119.45°E, about 115–124°E by 21.3–26.2°N at 1280×720), so that view names its seas.
STRAIT_VIEW = Frame((115.0, 21.3, 124.0, 26.2), "115–124°E, 21.3–26.2°N")


@dataclass(frozen=True)
class DerivedLabel:
    """A sea label at the pole of inaccessibility of a Natural Earth marine polygon in a frame."""

    id: str
    natural_earth_name: str
    name_zh: str
    kind: str
    frame: Frame
    min_zoom: float
    max_zoom: float


@dataclass(frozen=True)
class PlacedLabel:
    """A label point placed by hand, with the reason for its place."""

    id: str
    name: str
    name_zh: str
    kind: str
    lon: float
    lat: float
    min_zoom: float
    max_zoom: float
    method: str
    source: str
    source_url: str
    #: Checked by the build: the point lies on land (True) or on water (False).
    on_land: bool = True


_ON_LAND = "straitmap: hand-placed on the country's or area's land (Natural Earth 1:10m land)"
_COUNTRY = "country or area"
#: Hand-placed points, in priority order (the map lays out earlier names first).
PLACED = (
    PlacedLabel(
        "country-taiwan", "Taiwan", "臺灣", _COUNTRY, 121.1, 23.2, 6.25, 9.0,
        "hand-placed on the Central Mountain Range, clear of the reference places' dots",
        _ON_LAND, LAND_URL,
    ),
    PlacedLabel(
        "country-taiwan-small-scale", "Taiwan", "臺灣", _COUNTRY, 122.4, 23.4, 4.0, 6.25,
        "hand-placed off the east coast: below zoom 6.25 the island has no room among its dots",
        "straitmap: hand-placed beside Taiwan's east coast (Natural Earth 1:10m land)", LAND_URL,
        on_land=False,
    ),
    PlacedLabel(
        "country-china", "China", "中國", _COUNTRY, 117.5, 25.4, 6.5, 9.0,
        "hand-placed in inland Fujian, inside the dashboard's opening view", _ON_LAND, LAND_URL,
    ),
    PlacedLabel(
        "country-china-small-scale", "China", "中國", _COUNTRY, 114.5, 27.5, 4.0, 6.5,
        "hand-placed in Jiangxi, inland of the coast the map covers", _ON_LAND, LAND_URL,
    ),
    PlacedLabel(
        "country-japan", "Japan", "日本", _COUNTRY, 138.3, 36.8, 4.0, 9.0,
        "hand-placed on central Honshu, north-west of Tokyo", _ON_LAND, LAND_URL,
    ),
    PlacedLabel(
        "country-philippines", "Philippines", "菲律賓", _COUNTRY, 121.4, 16.8, 4.0, 9.0,
        "hand-placed on northern Luzon", _ON_LAND, LAND_URL,
    ),
    PlacedLabel(
        "country-south-korea", "South Korea", "韓國", _COUNTRY, 128.0, 36.4, 4.0, 9.0,
        "hand-placed in the south of the Korean peninsula", _ON_LAND, LAND_URL,
    ),
    PlacedLabel(
        "strait-luzon-strait", "Luzon Strait", "呂宋海峽", "strait", 120.6, 20.6, 5.0, 7.5,
        "hand-placed in the water between Taiwan and Luzon, west of the Batanes Islands "
        "(Natural Earth's own Luzon Strait polygon is a 0.01° sliver off Taiwan's southern tip)",
        "straitmap: hand-placed in the Luzon Strait, between Taiwan and Luzon",
        "https://en.wikipedia.org/wiki/Luzon_Strait", on_land=False,
    ),
    PlacedLabel(
        "strait-bashi-channel", "Bashi Channel", "巴士海峽", "strait", 121.3, 21.5, 7.5, 10.0,
        "hand-placed in the water between Taiwan's southern tip and Orchid Island to the north "
        "and the Batanes Islands (Y'Ami) to the south",
        "straitmap: hand-placed in the Bashi Channel, between Taiwan and the Batanes Islands",
        "https://en.wikipedia.org/wiki/Bashi_Channel", on_land=False,
    ),
)  # fmt: skip

#: Seas placed from Natural Earth, after every hand-placed point in priority.
DERIVED = (
    DerivedLabel("sea-east-china-sea", "East China Sea", "東海", "sea", REGIONAL, 4.0, 6.0),
    DerivedLabel("sea-south-china-sea", "South China Sea", "南海", "sea", REGIONAL, 4.0, 6.0),
    DerivedLabel("sea-philippine-sea", "Philippine Sea", "菲律賓海", "sea", REGIONAL, 4.0, 6.0),
    DerivedLabel(
        "sea-east-china-sea-strait-view", "East China Sea", "東海", "sea", STRAIT_VIEW, 6.0, 8.0
    ),
    DerivedLabel(
        "sea-south-china-sea-strait-view", "South China Sea", "南海", "sea", STRAIT_VIEW, 6.0, 8.0
    ),
    DerivedLabel(
        "sea-philippine-sea-strait-view", "Philippine Sea", "菲律賓海", "sea", STRAIT_VIEW, 6.0, 8.0
    ),
    DerivedLabel(
        "strait-taiwan-strait", "Taiwan Strait", "臺灣海峽", "strait", STRAIT_VIEW, 6.5, 10.0
    ),
)


def explode(geometries: Iterable[Any]) -> Iterator[Polygon]:
    """Yield the non-empty polygons inside each geometry."""
    for geometry in geometries:
        if geometry.is_empty:
            continue
        if isinstance(geometry, Polygon):
            yield geometry
        elif hasattr(geometry, "geoms"):
            yield from explode(geometry.geoms)


def to_mercator(coords: np.ndarray) -> np.ndarray:
    """lon/lat → Web Mercator in degrees (x = lon, y = the Mercator ordinate in degrees)."""
    lat = np.radians(coords[:, 1])
    return np.column_stack([coords[:, 0], np.degrees(np.log(np.tan(np.pi / 4 + lat / 2)))])


def from_mercator(x: float, y: float) -> tuple[float, float]:
    """The inverse of `to_mercator` for one point."""
    return x, math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def label_point(sea: Any, frame: tuple[float, float, float, float]) -> tuple[float, float]:
    """The pole of inaccessibility, on screen (Web Mercator), of `sea` clipped to `frame`:
    the water point farthest from its coasts and from the frame's edges (largest piece)."""
    clipped = sea.intersection(box(*frame))
    if clipped.is_empty:
        raise ValueError(f"the marine polygon does not reach the frame {frame}")
    largest = max(explode([shapely.transform(clipped, to_mercator)]), key=lambda p: p.area)
    pole = polylabel(largest, POLYLABEL_TOLERANCE)
    lon, lat = from_mercator(pole.x, pole.y)
    return round(lon, DECIMALS), round(lat, DECIMALS)


def read_land(natural_earth: Path) -> Any:
    """Natural Earth land and minor islands near the labels, as one geometry."""
    area = box(100.0, 0.0, 150.0, 46.0)
    polygons = [
        polygon
        for name in (LAND_FILE, MINOR_ISLANDS_FILE)
        for polygon in explode(shape(f["geometry"]) for f in read_features(natural_earth / name))
        if polygon.intersects(area)
    ]
    return shapely.union_all([p.intersection(area) for p in polygons])


def feature_of(properties: dict[str, Any], lon: float, lat: float) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def build_features(natural_earth: Path) -> list[dict[str, Any]]:
    """Every label feature, checked: seas inside their polygon, land labels on land."""
    marine = {
        f["properties"]["name"]: shape(f["geometry"])
        for f in read_features(natural_earth / MARINE_FILE)
        if f["properties"].get("name")
    }
    land = read_land(natural_earth)
    features = []
    for placed in PLACED:
        point = Point(placed.lon, placed.lat)
        if land.contains(point) != placed.on_land:
            where = "on land" if placed.on_land else "on water"
            raise ValueError(f"{placed.id}: {placed.lat}N {placed.lon}E should lie {where}")
        properties = {
            "id": placed.id,
            "name": placed.name,
            "name_zh": placed.name_zh,
            "kind": placed.kind,
            "min_zoom": placed.min_zoom,
            "max_zoom": placed.max_zoom,
            "method": placed.method,
            "source": placed.source,
            "source_url": placed.source_url,
            "precision": PRECISION,
        }
        features.append(feature_of(properties, placed.lon, placed.lat))
    for derived in DERIVED:
        sea = marine.get(derived.natural_earth_name)
        if sea is None:
            raise ValueError(f"no {derived.natural_earth_name!r} polygon in {MARINE_FILE}")
        lon, lat = label_point(sea, derived.frame.bounds)
        if not sea.contains(Point(lon, lat)) or land.contains(Point(lon, lat)):
            raise ValueError(f"{derived.id}: {lat}N {lon}E is not in the sea's water")
        properties = {
            "id": derived.id,
            "name": derived.natural_earth_name,
            "name_zh": derived.name_zh,
            "kind": derived.kind,
            "min_zoom": derived.min_zoom,
            "max_zoom": derived.max_zoom,
            "method": (
                "pole of inaccessibility, in Web Mercator, of Natural Earth's "
                f"{derived.natural_earth_name!r} polygon clipped to {derived.frame.description}"
            ),
            "source": f"Natural Earth 1:10m marine areas: {derived.natural_earth_name}",
            "source_url": MARINE_URL,
            "precision": PRECISION,
        }
        features.append(feature_of(properties, lon, lat))
    return features


def build_map_labels(natural_earth: Path, out: Path) -> int:
    """Write the layer into `out`; return its number of features."""
    features = build_features(natural_earth)
    write_feature_collection(out, features, spacing="compact", decimals=DECIMALS)
    return len(features)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--natural-earth", type=Path, default=DEFAULT_NATURAL_EARTH)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for name in (MARINE_FILE, LAND_FILE, MINOR_ISLANDS_FILE):
        if not (args.natural_earth / name).is_file():
            parser.error(f"expected the Natural Earth file {args.natural_earth / name}, found none")
    count = build_map_labels(args.natural_earth, args.out)
    print(f"wrote {args.out}: {count} labels, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
