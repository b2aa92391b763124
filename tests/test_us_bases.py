"""Data tests over `geodata/us_bases_japan.geojson`: required ids, vocabularies, positions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point
from shapely.ops import nearest_points

REPO_ROOT = Path(__file__).resolve().parents[1]
LAYER_PATH = REPO_ROOT / "geodata" / "us_bases_japan.geojson"
NATURAL_EARTH = REPO_ROOT.parent / "shared" / "data" / "natural-earth"

GEOD = Geod(ellps="WGS84")
MIN_FEATURES = 20
BRANCHES = {"USAF", "USN", "USMC", "US Army", "joint"}
KINDS = {
    "air base",
    "naval base",
    "camp",
    "radar site",
    "depot",
    "port facility",
    "training area",
    "communications site",
}
CONFIDENCES = {"high", "medium", "low"}
#: Japan's extent, generous: Yonaguni (123°E) to Hokkaido (45.5°N).
JAPAN_LON = (122.0, 146.0)
JAPAN_LAT = (24.0, 46.0)
MAX_KM_FROM_LAND = 3.0

#: Required installations that the layer holds, by id.
REQUIRED_IDS = [
    "us-kadena-air-base",
    "us-misawa-air-base",
    "us-yokota-air-base",
    "us-fleet-activities-yokosuka",
    "us-mcas-iwakuni",
    "us-mcas-futenma",
    "us-naf-atsugi",
    "us-camp-zama",
    "us-torii-station",
    "us-camp-hansen",
    "us-camp-kinser",
    "us-kyogamisaki-communication-site",
    "us-fleet-activities-sasebo",
    "us-camp-schwab",
    "us-camp-courtney",
    "us-camp-foster",
    "us-camp-fuji",
    "us-shariki-communication-site",
    "us-white-beach-naval-facility",
]

#: Airfields cross-checked against a second reference that the layer does not use:
#: (id, ICAO code, lat, lon, reference). Other airfields have no second source at hand,
#: so none is faked.
AIRFIELD_REFERENCES = [
    ("us-kadena-air-base", "RODN", 26.355556, 127.7675, "German/Italian Wikipedia"),
    ("us-mcas-iwakuni", "RJOI", 34.14389, 132.23556, "German Wikipedia (pre-2010 runway)"),
    ("us-naf-atsugi", "RJTA", 35.45472, 139.45, "English Wikipedia"),
    ("us-camp-zama", "RJTR", 35.51383, 139.39367, "German Wikipedia"),
]
MAX_KM_FROM_REFERENCE = 3.0

#: Non-airfield points checked against a nearby published position that the layer names
#: in `precision`: (id, lat, lon, reference).
NEIGHBOUR_REFERENCES = [
    ("us-fleet-activities-sasebo", 33.166667, 129.716667, "US Pacific Ports record, Sasebo port"),
    ("us-camp-fuji", 35.323611, 138.875, "Japanese Wikipedia, JGSDF Camp Takigahara"),
]
MAX_KM_FROM_NEIGHBOUR = 1.5


@pytest.fixture(scope="module")
def bases() -> gpd.GeoDataFrame:
    return gpd.read_file(LAYER_PATH)


@pytest.fixture(scope="module")
def land() -> shapely.STRtree:
    """Natural Earth 1:10m land and minor islands as an index (skips, or fails in CI, if absent)."""
    if not NATURAL_EARTH.is_dir():
        reason = f"raw data not found at {NATURAL_EARTH}: the land check needs ../shared/data"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    parts = [
        gpd.read_file(NATURAL_EARTH / "ne_10m_land.json"),
        gpd.read_file(NATURAL_EARTH / "ne_10m_minor_islands.json"),
    ]
    return shapely.STRtree([g for frame in parts for g in frame.geometry])


def km_to_geometry(point: Point, tree: shapely.STRtree) -> float:
    """Geodesic distance in km from a point to the nearest geometry of the index (0 inside)."""
    nearest = tree.geometries[tree.nearest(point)]
    if nearest.contains(point):
        return 0.0
    target = nearest_points(nearest, point)[0]
    return float(GEOD.inv(point.x, point.y, target.x, target.y)[2]) / 1000.0


def test_layer_has_enough_installations(bases: gpd.GeoDataFrame) -> None:
    assert len(bases) >= MIN_FEATURES
    assert set(bases.geom_type) == {"Point"}


def test_ids_are_unique_slugs(bases: gpd.GeoDataFrame) -> None:
    assert not bases["id"].duplicated().any(), list(bases.loc[bases["id"].duplicated(), "id"])
    assert bases["id"].str.fullmatch(r"us-[a-z0-9]+(-[a-z0-9]+)*").all()
    assert list(bases["id"]) == sorted(bases["id"])


@pytest.mark.parametrize("base_id", REQUIRED_IDS, ids=REQUIRED_IDS)
def test_required_installation_is_present(bases: gpd.GeoDataFrame, base_id: str) -> None:
    assert base_id in set(bases["id"])


@pytest.mark.parametrize(
    ("column", "allowed"),
    [("branch", BRANCHES), ("kind", KINDS), ("confidence", CONFIDENCES)],
    ids=["branch", "kind", "confidence"],
)
def test_closed_vocabulary(bases: gpd.GeoDataFrame, column: str, allowed: set[str]) -> None:
    outside = bases.loc[~bases[column].isin(allowed), ["id", column]]
    assert outside.empty, outside.to_dict("records")


def test_every_installation_has_a_prefecture_and_citation(bases: gpd.GeoDataFrame) -> None:
    for column in ("prefecture", "source", "precision"):
        assert bases[column].str.strip().str.len().gt(0).all(), column
    assert bases["source_url"].str.match(r"https?://\S+$").all()


def test_every_point_is_in_japan(bases: gpd.GeoDataFrame) -> None:
    lon_ok = bases.geometry.x.between(*JAPAN_LON)
    lat_ok = bases.geometry.y.between(*JAPAN_LAT)
    assert (lon_ok & lat_ok).all(), list(bases.loc[~(lon_ok & lat_ok), "id"])


def test_every_point_is_near_natural_earth_land(
    bases: gpd.GeoDataFrame, land: shapely.STRtree
) -> None:
    far = {
        row.id: round(km, 2)
        for row in bases.itertuples()
        if (km := km_to_geometry(row.geometry, land)) > MAX_KM_FROM_LAND
    }
    assert not far, f"more than {MAX_KM_FROM_LAND} km from land: {far}"


@pytest.mark.parametrize(
    ("base_id", "icao", "lat", "lon", "reference"),
    AIRFIELD_REFERENCES,
    ids=[row[0] for row in AIRFIELD_REFERENCES],
)
def test_airfield_agrees_with_an_independent_reference(
    bases: gpd.GeoDataFrame, base_id: str, icao: str, lat: float, lon: float, reference: str
) -> None:
    row = bases.loc[bases["id"] == base_id].iloc[0]
    assert icao in row["source"], f"{base_id}: source does not name ICAO {icao}"
    km = float(GEOD.inv(row.geometry.x, row.geometry.y, lon, lat)[2]) / 1000.0
    assert km <= MAX_KM_FROM_REFERENCE, f"{base_id} is {km:.2f} km from the {reference} position"


@pytest.mark.parametrize(
    ("base_id", "lat", "lon", "reference"),
    NEIGHBOUR_REFERENCES,
    ids=[row[0] for row in NEIGHBOUR_REFERENCES],
)
def test_point_agrees_with_a_neighbouring_reference(
    bases: gpd.GeoDataFrame, base_id: str, lat: float, lon: float, reference: str
) -> None:
    row = bases.loc[bases["id"] == base_id].iloc[0]
    km = float(GEOD.inv(row.geometry.x, row.geometry.y, lon, lat)[2]) / 1000.0
    assert km <= MAX_KM_FROM_NEIGHBOUR, f"{base_id} is {km:.2f} km from the {reference} position"


# --- names: Japanese in name_ja, Traditional Chinese (never Japanese forms) in name_zh ------------

GEODATA = REPO_ROOT / "geodata"
README = GEODATA / "README.md"
#: Hiragana, katakana (with phonetic extensions) and half-width katakana.
KANA_RANGES = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
#: Japanese shinjitai and simplified forms that Taiwan writes otherwise (與 國 澤 彈 經 綜/總 橫 霸
#: 縣 區 廣 濱): one of them in a name_zh means a Japanese name slipped in.
NOT_TAIWAN_FORMS = "与国沢弾経総横覇県区広浜"
#: Japanese names the layer must keep (Ministry of Defense facility names).
EXPECTED_NAME_JA = {
    "us-kadena-air-base": "嘉手納飛行場",
    "us-camp-hansen": "キャンプ・ハンセン",
    "us-fleet-activities-yokosuka": "横須賀海軍施設",
    "us-mcas-futenma": "普天間飛行場",
    "us-misawa-air-base": "三沢飛行場",
}


def _all_name_zh() -> list[tuple[str, str, str]]:
    """(layer file, feature id, name_zh) for every bundled GeoJSON feature that has name_zh."""
    found = []
    for path in sorted(GEODATA.glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            if props.get("name_zh"):
                found.append((path.name, str(props.get("id")), str(props["name_zh"])))
    return found


def test_no_name_zh_in_any_layer_has_kana_or_japanese_forms() -> None:
    names = _all_name_zh()
    assert len(names) > 50, "expected the bundled layers' Chinese names"
    bad = [
        (layer, fid, name)
        for layer, fid, name in names
        if any(lo <= ord(c) <= hi for c in name for lo, hi in KANA_RANGES)
        or any(c in NOT_TAIWAN_FORMS for c in name)
    ]
    assert not bad, f"name_zh holding kana or Japanese/simplified forms: {bad}"


def test_every_installation_keeps_its_japanese_name_in_name_ja(bases: gpd.GeoDataFrame) -> None:
    assert bases["name_ja"].notna().all(), list(bases.loc[bases["name_ja"].isna(), "id"])
    by_id = dict(zip(bases["id"], bases["name_ja"], strict=True))
    assert {i: by_id[i] for i in EXPECTED_NAME_JA} == EXPECTED_NAME_JA


def test_every_installation_name_zh_has_its_source_row_in_the_readme(
    bases: gpd.GeoDataFrame,
) -> None:
    readme = README.read_text(encoding="utf-8")
    with_zh = bases.loc[bases["name_zh"].notna()]
    assert len(with_zh) >= 10
    missing = [
        (row.id, row.name_zh)
        for row in with_zh.itertuples()
        if f"| `{row.id}` | {row.name_zh} | " not in readme
    ]
    assert not missing, f"name_zh without a 'written so in' row in geodata/README.md: {missing}"
