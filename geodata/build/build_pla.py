"""Build the PLA activity layers: tracks, one point per activity, project zones, daily counts."""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Point, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points

from straitmap.filters import AIRCRAFT_CLASSES
from straitmap.filters import ZONES as ZONE_NAMES
from straitmap.geojson_text import read_features, write_feature_collection
from straitmap.io import load_file
from straitmap.measure import nearest_points_between_many, taiwan_main_island

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_PLA_PATH = SHARED_DATA / "pla-path-database" / "Taiwan"
DEFAULT_RECORDS = SHARED_DATA / "pla-tracker" / "records.csv"
GEODATA = REPO_ROOT / "geodata"
DEFAULT_LAND = GEODATA / "land.geojson"
DEFAULT_MEDIAN_LINE = GEODATA / "median_line.geojson"

PERIOD_FILES = {
    "p1": "20220801-20230915_fixed.geojson",
    "p2": "20230918-20240115.geojson",
    "p3": "20240116-20240731_v2.geojson",
}
TYPE_TABLE_FILE = "aircraft_zh_type.csv"
OUT_FILES = {
    "points": "pla_incursions.geojson",
    "tracks": "pla_tracks.geojson",
    "zones": "incursion_zones.geojson",
    "counts": "pla_daily_counts.csv",
}

REPO_URL = "https://github.com/data-reporter/PLA_Path_Database"
SOURCE = "PLA_Path_Database (The Reporter, MIT)"
PRECISION = (
    "hand-digitised from an official map image (MND), approximate; fit for small map scales only"
)
#: Coordinates are written to 4 decimals (~11 m): the hand-digitised source is good to km at best.
DECIMALS = 4
GRID = 10.0**-DECIMALS
FIRST_DAY, LAST_DAY = "2022-08-01", "2024-07-31"

# --- the zh → en designation and class table ----------------------------------------------------

CLASSES = AIRCRAFT_CLASSES  # the closed list of DESIGN §2a, shared with the filters

#: Every aircraft name the 2022-08-01 – 2024-01-15 files use (clean Chinese, as in the
#: `機型中文` column of aircraft_zh_type.csv and the second file's `aircraft_type`) →
#: (English designation, class). Helicopters are "helicopter" whatever their role, as MND's
#: own classes from 2024-01-16 count them (直升機); J-16D is MND's electronic-warfare J-16.
AIRCRAFT_TYPES: Mapping[str, tuple[str, str]] = {
    "殲-10機": ("J-10", "fighter"),
    "殲-11機": ("J-11", "fighter"),
    "殲-15機": ("J-15", "fighter"),
    "殲-16機": ("J-16", "fighter"),
    "殲-16D機": ("J-16D", "reconnaissance/electronic warfare"),
    "殲轟-7機": ("JH-7", "fighter"),
    "蘇愷-30機": ("Su-30", "fighter"),
    "轟-6機": ("H-6", "bomber"),
    "轟-6K機": ("H-6K", "bomber"),
    "空警-200機": ("KJ-200", "airborne early warning"),
    "空警-500機": ("KJ-500", "airborne early warning"),
    "運-8反潛機": ("Y-8 ASW", "anti-submarine"),
    "運-8技偵機": ("Y-8 tech recon", "reconnaissance/electronic warfare"),
    "運-8技術偵察機": ("Y-8 tech recon", "reconnaissance/electronic warfare"),
    "運-8電偵機": ("Y-8 ELINT", "reconnaissance/electronic warfare"),
    "運-8遠干機": ("Y-8 EW (jamming)", "reconnaissance/electronic warfare"),
    "運-9通信對抗機": ("Y-9 comms countermeasures", "reconnaissance/electronic warfare"),
    "運油-20機": ("YY-20", "tanker/transport"),
    "運油-20": ("YY-20", "tanker/transport"),
    "直-9反潛機": ("Z-9 ASW", "helicopter"),
    "直-9反潛直升機": ("Z-9 ASW", "helicopter"),
    "卡-28反潛直升機": ("Ka-28 ASW", "helicopter"),
    "武直-10機": ("WZ-10", "helicopter"),
    "無偵-7機": ("WZ-7", "drone"),
    "無偵7無人偵察機": ("WZ-7", "drone"),
    "BZK-5": ("BZK-005", "drone"),
    "BZK-005": ("BZK-005", "drone"),
    "BZK-005無人機": ("BZK-005", "drone"),
    "BZK-7": ("BZK-007", "drone"),
    "彩虹4無人機": ("CH-4", "drone"),
    "彩虹4型無人機": ("CH-4", "drone"),
    "TB-001無人機": ("TB-001", "drone"),
    "KVD-1": ("KVD-001", "drone"),
    "攻擊2型無人機": ("GJ-2", "drone"),
    "空飄氣球": ("balloon", "balloon"),
    "探空氣球": ("sounding balloon", "balloon"),
}


#: Two first-period rows lack `機型中文`: their `Aircraft_Type` is UTF-8 read as Latin-1, and
#: decoded it reads as below (運信 is a typo for 通信 in the source).
ZH_FIXES: Mapping[str, str] = {"運-9運信對抗機": "運-9通信對抗機", "轟-6k機": "轟-6K機"}


def decode_mojibake(text: str) -> str:
    """UTF-8 text that was decoded as Latin-1, decoded again ("è½\x9f-6kæ©\x9f" → "轟-6k機")."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def clean_type_name(name_zh: str) -> str:
    """An aircraft name without spaces, with the known source typos fixed."""
    name = re.sub(r"\s+", "", name_zh)
    return ZH_FIXES.get(name, name)


@dataclass(frozen=True)
class ClassToken:
    """A class (or type) that MND's text names from 2024-01-16, and how it is written."""

    pattern: str
    aircraft_type: str
    aircraft_type_zh: str
    aircraft_class: str
    slug: str


#: What MND's area texts (from 2024-01-16) name, matched in the text with parentheses removed.
#: "主、輔戰機" names both main combat (主戰機) and support (輔戰機) aircraft.
CLASS_TOKENS: tuple[ClassToken, ...] = (
    ClassToken("殲擊機", "unspecified", "殲擊機", "fighter", "fighter"),
    ClassToken("殲-?10", "J-10", "殲10", "fighter", "j10"),
    ClassToken("運-?8反潛機", "Y-8 ASW", "運8反潛機", "anti-submarine", "y8asw"),
    ClassToken("主(?=戰|、|輔|及)", "unspecified", "主戰機", "main combat (unspecified)", "main"),
    ClassToken("輔(?=戰|機)", "unspecified", "輔戰機", "support (unspecified)", "support"),
    ClassToken("無人機", "unspecified", "無人機", "drone", "drone"),
    ClassToken("直升機", "unspecified", "直升機", "helicopter", "helicopter"),
)
UNSPECIFIED_TOKEN = ClassToken("", "unspecified", "", "unspecified", "unspecified")
BALLOON_TOKEN = ClassToken("", "balloon", "空飄氣球", "balloon", "balloon")

CLASS_LABELS = {
    "fighter": "Fighter",
    "main combat (unspecified)": "Main combat aircraft",
    "support (unspecified)": "Support aircraft",
    "drone": "Drone",
    "helicopter": "Helicopter",
    "anti-submarine": "Anti-submarine aircraft",
    "balloon": "Balloon",
    "unspecified": "Aircraft (type not stated)",
}

#: The reference places of MND's distance notes (2024-01-16 onwards), in English.
DISTANCE_PLACES = {
    "基隆": "Keelung",
    "鵝鑾鼻": "Eluanbi",
    "台中": "Taichung",
    "屏東": "Pingtung",
    "澎湖": "Penghu",
    "台東": "Taitung",
    "花蓮": "Hualien",
}
#: A distance line annotates the activity its far end touches: the nearest candidate must be
#: within this many km of that end, and every other candidate at least MARGIN_KM farther.
MATCH_KM = 10.0
MATCH_MARGIN_KM = 10.0


def map_aircraft_type(name_zh: str) -> tuple[str, str]:
    """(English designation, class) of an aircraft name, ("unspecified", "unspecified") if unknown.

    >>> map_aircraft_type("殲-16機")
    ('J-16', 'fighter')
    """
    return AIRCRAFT_TYPES.get(re.sub(r"\s+", "", name_zh), ("unspecified", "unspecified"))


def strip_parentheses(text: str) -> str:
    """The text without its parenthesised remarks (full-width or ASCII)."""
    return re.sub(r"[（(][^）)]*[）)]", "", text)


def parse_count(text: str) -> int | None:
    """The number of aircraft (sorties) an MND statement gives, e.g. "計13架次" → 13.

    The remarks in parentheses ("其中12架次逾越中線") are not the total; a statement that is
    only such a remark gives its own figure.

    >>> parse_count("0743-1735時主戰機及無人機計13架次（其中12架次逾越中線）")
    13
    """
    body = strip_parentheses(text)
    if not body.strip():
        body = text
    found = re.search(r"(\d+)\s*架", body)
    return int(found.group(1)) if found else None


def parse_crossings(text: str) -> int | None:
    """How many aircraft MND says crossed the median line ("逾越中線", "過中線"), or None."""
    remarks = re.findall(r"[（(]([^）)]*)[）)]", text)
    if not remarks and "中線" in text:
        remarks = [text]
    for remark in remarks:
        if "中線" in remark:
            found = re.search(r"(\d+)\s*架", remark)
            if found:
                return int(found.group(1))
    return None


def classes_named(text: str) -> list[ClassToken]:
    """The classes an MND statement names, in the order it names them (unspecified if none).

    >>> [t.slug for t in classes_named("殲擊機等主、輔戰機及無人機計8架次")]
    ['fighter', 'main', 'support', 'drone']
    """
    body = strip_parentheses(text)
    found: list[tuple[int, ClassToken]] = []
    for token in CLASS_TOKENS:
        match = re.search(token.pattern, body)
        if match:
            found.append((match.start(), token))
    return [token for _, token in sorted(found, key=lambda item: item[0])] or [UNSPECIFIED_TOKEN]


def counts_per_class(text: str) -> bool:
    """Whether the statement gives its figure for each class ("各1架次"), not one shared total."""
    return re.search(r"各\s*\d+\s*架", strip_parentheses(text)) is not None


def split_statements(text: str) -> list[str]:
    """MND's area text split into its statements (separated by "；")."""
    return [part.strip() for part in re.split(r"[；;]", text) if part.strip()]


def iso_date_p1(properties: Mapping[str, Any]) -> str:
    """The reporting day of a 2022-08-01 – 2023-09-15 track: `dates_fixed` (YYYYMMDD).

    It must agree with the `year`, `month` and `day` fields. A suffix " (2)" marks a second
    map of the same day and is left out. The ROC-calendar `dates` field (112-05-19 = 2023-05-19)
    is not used, since some rows hold Gregorian dates there.
    """
    fixed = str(properties["dates_fixed"])
    found = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?: \(\d+\))?", fixed)
    if not found:
        raise ValueError(f"expected dates_fixed as YYYYMMDD, found {fixed!r}")
    day = re.sub(r" \(\d+\)$", "", str(properties["day"]))
    parts = (str(properties["year"]), str(properties["month"]), day)
    if parts != found.groups():
        raise ValueError(f"dates_fixed {fixed} disagrees with year/month/day {parts}")
    return "-".join(found.groups())


def iso_date(properties: Mapping[str, Any]) -> str:
    """The reporting day of a 2023-09-18 onwards feature: its `date` (YYYY-MM-DD), checked
    against the ROC-calendar date that opens `src_1` (e.g. "113-06-28_…") where there is one.
    """
    date = str(properties["date"])[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise ValueError(f"expected date as YYYY-MM-DD, found {properties['date']!r}")
    src = properties.get("src_1")
    if isinstance(src, str):
        roc = re.match(r"(\d{3})-(\d{2})-(\d{2})", src)
        if roc and f"{int(roc.group(1)) + 1911}-{roc.group(2)}-{roc.group(3)}" != date:
            raise ValueError(f"date {date} disagrees with src_1 {src!r}")
    return date


# --- geometry helpers ---------------------------------------------------------------------------

#: An azimuthal equidistant projection centred on Taiwan (23.5°N 121°E), kept for two planar
#: choices that are not measurements: which crossing point a track that crosses the island gets
#: (the one it had before nearest points were geodesic) and which activity a distance line
#: points at. Distances from the centre are exact, within ~600 km others are off by under 1 %.
LOCAL_CRS = CRS.from_proj4("+proj=aeqd +lat_0=23.5 +lon_0=121 +datum=WGS84 +units=m +no_defs")
TO_LOCAL = Transformer.from_crs("EPSG:4326", LOCAL_CRS, always_xy=True)
FROM_LOCAL = Transformer.from_crs(LOCAL_CRS, "EPSG:4326", always_xy=True)


def to_local(geometry: Any) -> Any:
    """A lon/lat geometry in the local equidistant projection (metres)."""
    return shapely.transform(geometry, lambda xy: _stack(TO_LOCAL.transform(xy[:, 0], xy[:, 1])))


def from_local(geometry: Any) -> Any:
    """A local-projection geometry back in lon/lat."""
    return shapely.transform(geometry, lambda xy: _stack(FROM_LOCAL.transform(xy[:, 0], xy[:, 1])))


def _stack(pair: tuple[Any, Any]) -> Any:
    return np.column_stack(pair)


def snap(geometry: Any) -> Any:
    """The geometry on the output grid, polygons valid and counter-clockwise."""
    snapped = shapely.set_precision(geometry, GRID)
    if snapped.geom_type == "Polygon":
        return orient(snapped, 1.0)
    if snapped.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(p, 1.0) for p in snapped.geoms])
    return snapped


def crossing_point(geometry: Any, target_local: Any) -> Point:
    """The point a track that crosses the island gets (`target_local`: the local projection).

    Every point where a track crosses the coast is 0 km from the island; this is the one the
    build chose before nearest points were geodesic (the planar nearest in the local
    projection, put back on the lon/lat track), kept so those points did not move. A straight
    segment in degrees bends in the projection, so the point may lie up to ~1.5 km along the
    track from the crossing (5 of the 23 crossing tracks, 0.1–1.4 km).
    """
    near, _ = nearest_points(to_local(geometry), target_local)
    on_line, _ = nearest_points(geometry, from_local(near))
    return Point(*(round(c, DECIMALS) for c in on_line.coords[0]))


def inside_point(polygon: Any) -> Point:
    """A point inside an area, on the output grid and still inside it."""
    point = polygon.representative_point()
    rounded = Point(round(point.x, DECIMALS), round(point.y, DECIMALS))
    return rounded if polygon.covers(rounded) else Point(round(point.x, 6), round(point.y, 6))


def round_coords(value: Any) -> Any:
    """GeoJSON coordinates with every number rounded to the output decimals."""
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), DECIMALS) for v in value[:2]]
        return [round_coords(v) for v in value]
    return value


def read_layer(path: Path, layer_id: str) -> Any:
    """A project layer read by the library's loader, checked against its catalog entry."""
    result = load_file(path, layer_id)
    if not result.report.ok:
        raise ValueError(
            f"{path}: expected a clean {layer_id} layer, found {result.report.summary()}"
        )
    return result.frame


def median_line(path: Path) -> Any:
    """The median line geometry from geodata/median_line.geojson."""
    return shapely.union_all(list(read_layer(path, "median_line").geometry))


# --- zones --------------------------------------------------------------------------------------

ZONES = ZONE_NAMES  # the closed list of DESIGN §2a, in the order zones are tried
#: Published points the zones are drawn from (lon, lat).
FUGUI_CAPE = (121.5417, 25.2958)  # IHO S-23 draft: northern extremity of Taiwan
ELUAN_CAPE = (120.8583, 21.8958)  # IHO S-23 draft: southern extremity of Taiwan
STRAIT_NORTH = ((119.6, 25.7), (119.7861, 25.6667), FUGUI_CAPE)  # IHO S-23 draft north limit
NANAO_SE = (117.1208, 23.3931)  # IHO S-23 draft south limit, Nan'ao Island's SE extremity
#: Taiwan's ADIZ, approximately: 21–29°N west of 123°E (the Taiwan–Japan boundary), its
#: south-east edge the line 22°30′N 123°E – 21°N 121°30′E (MND, 1959), its western edge taken
#: at 117°30′E over the mainland coast.
ADIZ_WEST, ADIZ_SOUTH, ADIZ_NORTH, ADIZ_EAST = 117.5, 21.0, 29.0, 123.0
ADIZ_SE = ((121.5, 21.0), (123.0, 22.5))
STRAIT_SPLIT_LAT = 24.5
EAST_SPLIT_LAT = 22.5
REGION = (100.0, 0.0, 150.0, 46.0)
ZONE_SOURCE = "straitmap (project-defined zones)"
ZONE_SOURCE_URL = "https://jp.taiwantoday.tw/news_amp.php?post=71418&unit=148"
ZONE_PRECISION = "approximate (project-defined, not MND boundaries)"


def _lon_at(a: tuple[float, float], b: tuple[float, float], lat: float) -> float:
    """Longitude where the segment a–b crosses a parallel."""
    t = (lat - a[1]) / (b[1] - a[1])
    return round(a[0] + t * (b[0] - a[0]), DECIMALS)


def _lat_at(a: tuple[float, float], b: tuple[float, float], lon: float) -> float:
    """Latitude where the segment a–b crosses a meridian."""
    t = (lon - a[0]) / (b[0] - a[0])
    return round(a[1] + t * (b[1] - a[1]), DECIMALS)


def zone_polygons() -> dict[str, Polygon]:
    """The project's zones: they tile the region without overlapping (see geodata/README.md)."""
    w, s, n, e = ADIZ_WEST, ADIZ_SOUTH, ADIZ_NORTH, ADIZ_EAST
    north_y = FUGUI_CAPE[1]
    axis_split = (_lon_at(FUGUI_CAPE, ELUAN_CAPE, STRAIT_SPLIT_LAT), STRAIT_SPLIT_LAT)
    axis_east = (_lon_at(FUGUI_CAPE, ELUAN_CAPE, EAST_SPLIT_LAT), EAST_SPLIT_LAT)
    south_west_end = (w, _lat_at(ELUAN_CAPE, NANAO_SE, w))
    eluan_south = (ELUAN_CAPE[0], s)
    se_a, se_b = ADIZ_SE
    north_line = [(w, STRAIT_NORTH[0][1]), *STRAIT_NORTH, (e, north_y)]
    adiz = Polygon([(w, s), se_a, se_b, (e, n), (w, n)])
    rings = {
        "north": [*north_line, (e, n), (w, n)],
        "northern strait": [
            (w, STRAIT_SPLIT_LAT),
            axis_split,
            *reversed(north_line[:-1]),
        ],
        # Both sides of Taiwan's axis use the same vertices, so the zones meet exactly.
        "central strait (median line)": [
            south_west_end,
            ELUAN_CAPE,
            axis_east,
            axis_split,
            (w, STRAIT_SPLIT_LAT),
        ],
        "southwest": [(w, s), eluan_south, ELUAN_CAPE, south_west_end],
        # se_b is the ADIZ corner at (123°E, 22.5°N): the east zone starts there.
        "southeast": [eluan_south, se_a, se_b, axis_east, ELUAN_CAPE],
        "east": [axis_east, (e, EAST_SPLIT_LAT), (e, north_y), FUGUI_CAPE, axis_split],
    }
    zones = {name: orient(Polygon(ring), 1.0) for name, ring in rings.items()}
    outside = Polygon(box(*REGION).exterior.coords, [adiz.exterior.coords])
    zones["outside ADIZ"] = orient(outside, 1.0)
    return {name: zones[name] for name in ZONES}


def zone_of(point: Point, zones: Mapping[str, Polygon]) -> str:
    """The first zone (in ZONES order) whose polygon covers the point; boundaries go to the
    earlier zone. Every point of the region is covered, since the zones tile it.
    """
    for name in ZONES:
        if zones[name].covers(point):
            return name
    raise ValueError(f"point {point.wkt} lies in no zone (outside the region?)")


ZONE_RULES = {
    "north": "north of the Taiwan Strait's northern limit (IHO S-23 draft, continued west along "
    "25.7°N and east along 25.2958°N) inside the approximate ADIZ",
    "northern strait": "inside the strait's limits, west of the line Fugui Cape–Eluan Cape, "
    f"north of {STRAIT_SPLIT_LAT}°N",
    "central strait (median line)": "inside the strait's limits, west of the line Fugui "
    f"Cape–Eluan Cape, south of {STRAIT_SPLIT_LAT}°N and north of the strait's southern limit",
    "southwest": "south of the strait's southern limit (Eluan Cape–Nan'ao Island), west of "
    "Eluan Cape's meridian, inside the approximate ADIZ",
    "southeast": f"east of the line Fugui Cape–Eluan Cape (and Eluan Cape's meridian), south of "
    f"{EAST_SPLIT_LAT}°N, inside the approximate ADIZ",
    "east": f"east of the line Fugui Cape–Eluan Cape, between {EAST_SPLIT_LAT}°N and 25.2958°N, "
    "inside the approximate ADIZ",
    "outside ADIZ": "the rest of the region: outside the approximate ADIZ (21–29°N, 117.5–123°E, "
    "south-east edge 22°30′N 123°E – 21°N 121°30′E)",
}


def zone_features(zones: Mapping[str, Polygon]) -> list[dict[str, Any]]:
    """The incursion_zones features, in ZONES order."""
    features = []
    for number, name in enumerate(ZONES, start=1):
        polygon = zones[name]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"zone-{number}-{re.sub(r'[^a-z]+', '-', name.lower()).strip('-')}",
                    "name": f"{name[0].upper()}{name[1:]} (project zone)",
                    "zone": name,
                    "rule": ZONE_RULES[name],
                    "source": ZONE_SOURCE,
                    "source_url": ZONE_SOURCE_URL,
                    "precision": ZONE_PRECISION,
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": round_coords(mapping(polygon)["coordinates"]),
                },
            }
        )
    return features


# --- reading the sources ------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One MND statement about an activity: its text, figure and the classes it names."""

    text: str
    count: int
    tokens: tuple[ClassToken, ...]
    per_class: bool
    crossings: int | None


@dataclass
class Activity:
    """One reported track, activity area or balloon: what becomes points and track features."""

    key: tuple[str, ...]
    dataset: str
    date: str
    kind: str  # "track", "area" or "balloon"
    parts: list[tuple[str, Any]]  # (part name, lon/lat geometry on the output grid)
    statements: list[Statement]
    track_id: str = ""
    distances: list[tuple[float, str]] = field(default_factory=list)

    @property
    def geometry(self) -> Any:
        """All parts as one geometry."""
        return shapely.union_all([geometry for _, geometry in self.parts])


@dataclass
class Tally:
    """Per period: source features read, kept as track features, turned into points, dropped."""

    read: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    activities: Counter[str] = field(default_factory=Counter)
    points: Counter[str] = field(default_factory=Counter)
    dropped: dict[str, Counter[str]] = field(default_factory=dict)
    unknown_types: Counter[str] = field(default_factory=Counter)
    repaired: Counter[str] = field(default_factory=Counter)
    distances_matched: int = 0

    def drop(self, period: str, reason: str) -> None:
        """Count one source feature of `period` dropped for `reason`."""
        self.dropped.setdefault(period, Counter())[reason] += 1


def source_geometry(feature: Mapping[str, Any]) -> Any:
    """The feature's geometry on the output grid (polygons made valid), or None if degenerate."""
    geometry = shape(feature["geometry"])
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    snapped = snap(geometry)
    if snapped.is_empty:
        return None
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        polygons = [g for g in getattr(snapped, "geoms", [snapped]) if g.geom_type == "Polygon"]
        if not polygons:
            return None
        return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
    if snapped.geom_type not in {"LineString", "MultiLineString"}:
        return None
    return snapped


def track_statement(name_zh: str, count: int) -> Statement:
    """The one statement of a 2022-08-01 – 2024-01-15 track: a type and its count."""
    aircraft_type, aircraft_class = map_aircraft_type(name_zh)
    token = ClassToken("", aircraft_type, name_zh, aircraft_class, "")
    return Statement(name_zh, count, (token,), True, None)


def read_tracks(path: Path, period: str, tally: Tally) -> list[Activity]:
    """The tracks of the first two periods, one Activity each."""
    activities = []
    for feature in read_features(path, allow_nan=False):
        tally.read[period] += 1
        props = feature["properties"]
        if period == "p1":
            date, name_zh, raw_count = iso_date_p1(props), props["機型中文"], props["num"]
            if not name_zh:
                name_zh = decode_mojibake(str(props["Aircraft_Type"]))
                tally.repaired[period] += 1
            if not str(raw_count).strip():
                # The first period's `id` ends in "x<count>"; where `num` is blank it does too.
                suffix = re.search(r"x(\d+)$", str(props.get("id", "")))
                raw_count = suffix.group(1) if suffix else ""
        else:
            date, name_zh, raw_count = iso_date(props), props["aircraft_type"], props["num"]
        name_zh = clean_type_name(str(name_zh))
        if not re.fullmatch(r"\d+", str(raw_count).strip()) or int(raw_count) < 1:
            tally.drop(period, "no aircraft count in the source")
            continue
        geometry = source_geometry(feature)
        if geometry is None:
            tally.drop(period, "degenerate geometry")
            continue
        if map_aircraft_type(name_zh)[0] == "unspecified":
            tally.unknown_types[name_zh] += 1
        key = (date, name_zh, f"{int(raw_count):04d}", geometry.wkt)
        statement = track_statement(name_zh, int(raw_count))
        activities.append(
            Activity(
                key,
                PERIOD_FILES[period].removesuffix(".geojson"),
                date,
                "track",
                [("track", geometry)],
                [statement],
            )
        )
        tally.kept[period] += 1
    return activities


def parse_statement(text: str) -> Statement | None:
    """One MND area statement, or None when it gives no figure."""
    count = parse_count(text)
    if count is None or count < 1:
        return None
    tokens = tuple(classes_named(text))
    return Statement(text, count, tokens, counts_per_class(text), parse_crossings(text))


BALLOON_PARTS = {
    "ellipse_#start": "balloon start area",
    "arrow": "balloon path",
    "ellipse_#end": "balloon end area",
}
PART_SUFFIXES = {"balloon start area": "start", "balloon path": "path", "balloon end area": "end"}


def read_areas(path: Path, tally: Tally) -> tuple[list[Activity], list[dict[str, Any]]]:
    """The third period: activity areas (polygon_#each + polygon_#separate) and balloons as
    Activities, and the distance lines (returned for matching)."""
    period = "p3"
    dataset = PERIOD_FILES[period].removesuffix(".geojson")
    areas: list[Activity] = []
    balloons: dict[tuple[str, str], Activity] = {}
    distances = []
    for feature in read_features(path, allow_nan=False):
        tally.read[period] += 1
        props = feature["properties"]
        category = props["category"]
        date = iso_date(props)
        if category == "distance":
            distances.append(feature)
            continue
        if category == "polygon_#multi":
            tally.drop(period, "polygon_#multi (the polygon_#separate pieces are used instead)")
            continue
        geometry = source_geometry(feature)
        if geometry is None:
            tally.drop(period, "degenerate geometry")
            continue
        if category == "balloon":
            part = BALLOON_PARTS[re.sub(r"_\d+$", "", props["category_figma_2"])]
            group = balloons.setdefault(
                (date, props["id"]),
                Activity(
                    (date, "2-balloon", props["id"]),
                    dataset,
                    date,
                    "balloon",
                    [],
                    [Statement("空飄氣球", 1, (BALLOON_TOKEN,), True, None)],
                ),
            )
            group.parts.append((part, geometry))
            tally.kept[period] += 1
            continue
        if category not in {"polygon_#each", "polygon_#separate"}:
            tally.drop(period, f"unknown category {category!r}")
            continue
        statements = [
            parse_statement(text) for text in split_statements(props["description"] or "")
        ]
        if not statements or any(s is None for s in statements):
            tally.drop(period, "no aircraft count in the text")
            continue
        areas.append(
            Activity(
                (date, "1-area", props["id"]),
                dataset,
                date,
                "area",
                [("activity area", geometry)],
                [s for s in statements if s is not None],
            )
        )
        tally.kept[period] += 1
    order = {name: i for i, name in enumerate(BALLOON_PARTS.values())}
    for group in balloons.values():
        group.parts.sort(key=lambda part: order[part[0]])
    return [*areas, *balloons.values()], distances


def match_distances(
    activities: Sequence[Activity], distances: Iterable[dict[str, Any]], tally: Tally
) -> None:
    """Put each distance figure on the activity its line clearly points at (same day, same
    target kind: the nearest candidate within MATCH_KM of one end of the line, every other
    candidate at least MATCH_MARGIN_KM farther); drop the others with their reason."""
    by_day: dict[tuple[str, str], list[Activity]] = {}
    for activity in activities:
        target = "balloon" if activity.kind == "balloon" else "flight"
        if activity.kind != "track":
            by_day.setdefault((activity.date, target), []).append(activity)
    local = {id(a): to_local(a.geometry) for group in by_day.values() for a in group}
    for feature in distances:
        props = feature["properties"]
        candidates = by_day.get((iso_date(props), str(props.get("distance_target"))), [])
        figure = props.get("distance_num")
        place = DISTANCE_PLACES.get(str(props.get("distance_ref_location")))
        if figure is None or place is None:
            tally.drop("p3", "distance note without a figure or reference place")
            continue
        line = to_local(shape(feature["geometry"]))
        ends = [Point(line.coords[0]), Point(line.coords[-1])]
        best: tuple[float, float, Activity] | None = None
        for end in ends:
            ranked = sorted(
                ((local[id(a)].distance(end) / 1000, a) for a in candidates), key=lambda t: t[0]
            )
            if not ranked:
                continue
            second = ranked[1][0] if len(ranked) > 1 else float("inf")
            if best is None or ranked[0][0] < best[0]:
                best = (ranked[0][0], second, ranked[0][1])
        if best is None or best[0] > MATCH_KM or best[1] - best[0] < MATCH_MARGIN_KM:
            tally.drop("p3", "distance note without a clear match (figure not kept)")
            continue
        best[2].distances.append((float(figure), place))
        tally.drop("p3", "distance note (figure kept on the activity it points at)")
        tally.distances_matched += 1


# --- features -----------------------------------------------------------------------------------


def class_label(token: ClassToken) -> str:
    """How a point's name calls its aircraft: the designation if known, else the class."""
    if token.aircraft_type != "unspecified":
        return token.aircraft_type
    return CLASS_LABELS.get(token.aircraft_class, token.aircraft_class)


def common_properties(
    activity: Activity, point: Point, zones: Mapping[str, Polygon], line: Any
) -> dict[str, Any]:
    """The properties an activity's points and track features share."""
    crossings = [s.crossings for s in activity.statements if s.crossings is not None]
    properties: dict[str, Any] = {
        "date": activity.date,
        "zone": zone_of(point, zones),
    }
    if crossings:
        properties["crossed_median_line"] = sum(crossings) > 0
        properties["crossed_median_line_basis"] = "mnd"
        properties["mnd_median_line_crossings"] = sum(crossings)
    else:
        properties["crossed_median_line"] = bool(activity.geometry.intersects(line))
        properties["crossed_median_line_basis"] = "computed"
    properties["track_id"] = activity.track_id
    properties["dataset"] = activity.dataset
    if activity.kind == "area":
        properties["mnd_text"] = "；".join(s.text for s in activity.statements)
    if activity.distances:
        ordered = sorted(activity.distances)
        properties["mnd_distance_nmi"] = ordered[0][0]
        properties["mnd_distance_note"] = "; ".join(
            f"~{figure:g} nmi from {place}" for figure, place in ordered
        )
    properties["source"] = SOURCE
    properties["source_url"] = REPO_URL
    properties["precision"] = PRECISION
    return properties


#: Tracks and the coast are measured with a vertex every 0.1° at most: GeoJSON draws straight
#: lines in lon/lat (RFC 7946 §3.1.1), the library measures each segment as the geodesic between
#: its vertices, and over 0.1° the two stay within 1.5 m of each other up to 35°N (11 m at 0.25°,
#: 1.4 km over the longest track segments), so the point found lies on the drawn track.
MEASURE_STEP_DEG = 0.1


@dataclass(frozen=True)
class Island:
    """Taiwan's main island in lon/lat and in the local projection (for crossing points)."""

    lonlat: Any
    local: Any


def nearest_points_on(paths: Sequence[Any], island: Island) -> list[Point]:
    """The point of each track geodesically nearest the island's coast (WGS84), on the grid.

    `measure.nearest_points_between_many` measures every track in one batch, exactly, on the
    tracks and coast densified to MEASURE_STEP_DEG; a track that crosses the island keeps its
    crossing point (`crossing_point`).
    """
    crosses = [bool(path.intersects(island.lonlat)) for path in paths]
    apart = [path for path, crossing in zip(paths, crosses, strict=True) if not crossing]
    coast = shapely.segmentize(island.lonlat, MEASURE_STEP_DEG)
    dense = shapely.segmentize(np.asarray(apart, dtype=object), MEASURE_STEP_DEG)
    nearest = iter(nearest_points_between_many(list(dense), coast))
    points = []
    for path, crossing in zip(paths, crosses, strict=True):
        if crossing:
            points.append(crossing_point(path, island.local))
        else:
            lon, lat = next(nearest).from_point
            points.append(Point(round(lon, DECIMALS), round(lat, DECIMALS)))
    return points


def activity_points(activities: Sequence[Activity], island: Island) -> list[Point]:
    """Where each activity's points go: inside an area, or a track's point nearest Taiwan."""
    paths = {}
    for position, activity in enumerate(activities):
        if activity.kind != "area":
            path = [g for name, g in activity.parts if name in {"track", "balloon path"}]
            paths[position] = path[0] if path else activity.geometry
    nearest = dict(zip(paths, nearest_points_on(list(paths.values()), island), strict=True))
    return [
        nearest[position] if position in nearest else inside_point(activity.geometry)
        for position, activity in enumerate(activities)
    ]


def point_features(
    activity: Activity, point: Point, shared: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One point per statement and class the activity names."""
    features = []
    several_statements = len(activity.statements) > 1
    for number, statement in enumerate(activity.statements, start=1):
        tokens = statement.tokens
        shared_count = len(tokens) > 1 and not statement.per_class
        for token in tokens:
            suffix = "" if activity.kind != "area" else f"-{token.slug}"
            if several_statements:
                suffix = f"-s{number}{suffix}"
            label = class_label(token)
            if shared_count:
                name = f"{label} (in a group of {statement.count}), {activity.date}"
            else:
                name = f"{label} ×{statement.count}, {activity.date}"
            properties: dict[str, Any] = {
                "id": f"{activity.track_id}{suffix}",
                "name": name,
            }
            properties.update(
                {
                    "aircraft_type": token.aircraft_type,
                    **(
                        {"aircraft_type_zh": token.aircraft_type_zh}
                        if token.aircraft_type_zh
                        else {}
                    ),
                    "aircraft_class": token.aircraft_class,
                    **(
                        {"aircraft_classes": "; ".join(t.aircraft_class for t in tokens)}
                        if len(tokens) > 1
                        else {}
                    ),
                    "count": statement.count,
                    "count_scope": "area" if shared_count else "class",
                }
            )
            properties.update(shared)
            if several_statements or activity.kind == "area":
                properties["mnd_text"] = statement.text
                if statement.crossings is not None:
                    properties["crossed_median_line"] = statement.crossings > 0
                    properties["crossed_median_line_basis"] = "mnd"
                    properties["mnd_median_line_crossings"] = statement.crossings
                elif several_statements:
                    properties.pop("mnd_median_line_crossings", None)
            features.append(
                {
                    "type": "Feature",
                    "properties": properties,
                    "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                }
            )
    return features


def track_features(activity: Activity, shared: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One feature per source feature kept, with the activity's fields.

    An area that names several classes is one feature: `aircraft_class` is the first class
    named, `aircraft_classes` lists them all, `count` is the area's total.
    """
    tokens = [t for s in activity.statements for t in s.tokens]
    classes = list(dict.fromkeys(t.aircraft_class for t in tokens))
    names_zh = list(dict.fromkeys(t.aircraft_type_zh for t in tokens if t.aircraft_type_zh))
    total = sum(s.count * (len(s.tokens) if s.per_class else 1) for s in activity.statements)
    single = len(tokens) == 1
    if single:
        label = class_label(tokens[0])
    else:
        label = " and ".join(CLASS_LABELS.get(c, c).lower() for c in classes).capitalize()
    features = []
    for part, geometry in activity.parts:
        suffix = "" if len(activity.parts) == 1 else "-" + PART_SUFFIXES[part]
        noun = "" if part in {"track", "activity area"} else f" ({part})"
        properties: dict[str, Any] = {
            "id": f"{activity.track_id}{suffix}",
            "name": f"{label} ×{total}{noun}, {activity.date}",
            "aircraft_type": tokens[0].aircraft_type if single else "unspecified",
        }
        if names_zh:
            properties["aircraft_type_zh"] = "、".join(names_zh)
        properties["aircraft_class"] = tokens[0].aircraft_class
        if not single:
            properties["aircraft_classes"] = "; ".join(classes)
        properties.update(
            {"count": total, "count_scope": "class" if single else "area", "part": part}
        )
        properties.update(shared)
        coordinates = round_coords(mapping(geometry)["coordinates"])
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": geometry.geom_type, "coordinates": coordinates},
            }
        )
    return features


def build_activities(pla_dir: Path, tally: Tally) -> list[Activity]:
    """Every activity of the three periods, sorted, with its stable track_id."""
    activities: list[Activity] = []
    for period in ("p1", "p2"):
        found = read_tracks(pla_dir / PERIOD_FILES[period], period, tally)
        found.sort(key=lambda a: a.key)
        for number, activity in enumerate(found, start=1):
            activity.track_id = f"{period}-{number:04d}"
        activities.extend(found)
    areas, distances = read_areas(pla_dir / PERIOD_FILES["p3"], tally)
    areas.sort(key=lambda a: a.key)
    for number, activity in enumerate(areas, start=1):
        activity.track_id = f"p3-{number:04d}"
    match_distances(areas, distances, tally)
    activities.extend(areas)
    return activities


@dataclass(frozen=True)
class Layers:
    """The built features of the three GeoJSON layers."""

    points: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    zones: list[dict[str, Any]]


def build_layers(pla_dir: Path, land: Path, median: Path, tally: Tally) -> Layers:
    """Read the PLA_Path_Database files and build points, tracks and zones."""
    zones = zone_polygons()
    main_island = taiwan_main_island(read_layer(land, "land"))
    island = Island(main_island, to_local(main_island))
    line = median_line(median)
    points: list[dict[str, Any]] = []
    tracks: list[dict[str, Any]] = []
    activities = []
    for activity in build_activities(pla_dir, tally):
        if FIRST_DAY <= activity.date <= LAST_DAY:
            activities.append(activity)
        else:
            tally.drop(activity.track_id[:2], "date outside the source's coverage")
    for activity, point in zip(activities, activity_points(activities, island), strict=True):
        period = activity.track_id[:2]
        shared = common_properties(activity, point, zones, line)
        new_points = point_features(activity, point, shared)
        points.extend(new_points)
        tracks.extend(track_features(activity, shared))
        tally.activities[period] += 1
        tally.points[period] += len(new_points)
    points.sort(key=lambda f: f["properties"]["id"])
    tracks.sort(key=lambda f: f["properties"]["id"])
    return Layers(points, tracks, zone_features(zones))


# --- the daily counts table ---------------------------------------------------------------------

COUNTS_SOURCE = "PLA Tracker (pla-tracker.pages.dev), CC BY 4.0; from Taiwan MND daily bulletins"
COUNTS_SOURCE_URL = "https://pla-tracker.pages.dev/en/about.html"
COUNTS_COLUMNS = (
    "date",
    "aircraft_total",
    "median_line_crossings",
    "ships_total",
    "aircraft_kind",
    "activity_start",
    "activity_end",
    "special_event",
    "source",
    "source_url",
)
#: records.csv writes its aircraft_type in mixed case; "zero" means no aircraft that day.
AIRCRAFT_KINDS = {
    "manned": "manned",
    "mixed": "mixed",
    "zero": "none",
    "uav": "drone",
    "helicopter": "helicopter",
}


def build_daily_counts(records: Path) -> tuple[list[dict[str, str]], Counter[str]]:
    """The PLA Tracker rows as the pla_daily_counts table, sorted by date, and a tally."""
    tally: Counter[str] = Counter()
    rows: dict[str, dict[str, str]] = {}
    with records.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            tally["read"] += 1
            date = record["date"].strip()
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or date in rows:
                tally["dropped: bad or repeated date"] += 1
                continue
            numbers = [
                record[k].strip() for k in ("aircraft_total", "median_line_cross", "ships_total")
            ]
            if not all(re.fullmatch(r"\d+", n) for n in numbers):
                tally["dropped: a total is not a whole number"] += 1
                continue
            kind = record["aircraft_type"].strip().lower()
            if kind not in AIRCRAFT_KINDS:
                tally[f"unknown aircraft_type {kind!r} (left empty)"] += 1
            rows[date] = {
                "date": date,
                "aircraft_total": str(int(numbers[0])),
                "median_line_crossings": str(int(numbers[1])),
                "ships_total": str(int(numbers[2])),
                "aircraft_kind": AIRCRAFT_KINDS.get(kind, ""),
                "activity_start": record["activity_start"].strip(),
                "activity_end": record["activity_end"].strip(),
                "special_event": re.sub(r"\s+", " ", record["special_event"]).strip(),
                "source": COUNTS_SOURCE,
                "source_url": COUNTS_SOURCE_URL,
            }
            tally["kept"] += 1
    return [rows[date] for date in sorted(rows)], tally


def dump_table(rows: Sequence[Mapping[str, str]]) -> str:
    """The table as CSV text with a header, "\\n" line ends, byte-stable."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COUNTS_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# --- writing ------------------------------------------------------------------------------------


def build_pla(
    pla_dir: Path,
    records: Path,
    out_dir: Path,
    *,
    land: Path = DEFAULT_LAND,
    median: Path = DEFAULT_MEDIAN_LINE,
) -> tuple[Tally, Counter[str]]:
    """Build the four PLA files into `out_dir`; return what was kept and dropped."""
    tally = Tally()
    layers = build_layers(pla_dir, land, median, tally)
    rows, counts_tally = build_daily_counts(records)
    out_dir.mkdir(parents=True, exist_ok=True)
    for key, features in (
        ("points", layers.points),
        ("tracks", layers.tracks),
        ("zones", layers.zones),
    ):
        write_feature_collection(
            out_dir / OUT_FILES[key], features, spacing="compact", decimals=DECIMALS
        )
    (out_dir / OUT_FILES["counts"]).write_text(dump_table(rows), encoding="utf-8")
    return tally, counts_tally


def type_table_names(path: Path) -> list[str]:
    """The clean names (`機型中文`) of The Reporter's aircraft_zh_type.csv."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sorted({row["機型中文"].strip() for row in csv.DictReader(handle)})


def summary_lines(tally: Tally, counts_tally: Counter[str], pla_dir: Path) -> list[str]:
    """What the build read, kept and dropped, for the printout (and the README)."""
    lines = []
    for period in ("p1", "p2", "p3"):
        lines.append(
            f"{PERIOD_FILES[period]}: {tally.read[period]} source features → "
            f"{tally.kept[period]} track features, {tally.activities[period]} activities, "
            f"{tally.points[period]} points"
        )
        for reason, number in sorted(tally.dropped.get(period, Counter()).items()):
            lines.append(f"  not drawn: {number} × {reason}")
        if tally.repaired[period]:
            lines.append(
                f"  kept after repair: {tally.repaired[period]} × empty 機型中文, aircraft name "
                "decoded from Aircraft_Type"
            )
    lines.append(f"distance figures kept on an activity: {tally.distances_matched}")
    missing = [
        name
        for name in type_table_names(pla_dir / TYPE_TABLE_FILE)
        if map_aircraft_type(name)[0] == "unspecified"
    ]
    lines.append(f"aircraft_zh_type.csv names without an English designation: {missing or 'none'}")
    unknown = ", ".join(f"{name} ×{n}" for name, n in sorted(tally.unknown_types.items()))
    lines.append(f"aircraft names in the data without a designation: {unknown or 'none'}")
    lines.append("daily counts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts_tally.items())))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--pla-path-database",
        type=Path,
        default=DEFAULT_PLA_PATH,
        help="the Taiwan/ folder of PLA_Path_Database",
    )
    parser.add_argument(
        "--records", type=Path, default=DEFAULT_RECORDS, help="PLA Tracker's records.csv"
    )
    parser.add_argument("--out-dir", type=Path, default=GEODATA)
    args = parser.parse_args(argv)
    for name in (*PERIOD_FILES.values(), TYPE_TABLE_FILE):
        if not (args.pla_path_database / name).is_file():
            parser.error(f"expected {name} in {args.pla_path_database}, found no such file")
    if not args.records.is_file():
        parser.error(f"expected PLA Tracker's records.csv at {args.records}, found no such file")
    tally, counts_tally = build_pla(args.pla_path_database, args.records, args.out_dir)
    for line in summary_lines(tally, counts_tally, args.pla_path_database):
        print(line)
    for key in ("points", "tracks", "zones", "counts"):
        path = args.out_dir / OUT_FILES[key]
        print(f"wrote {path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
