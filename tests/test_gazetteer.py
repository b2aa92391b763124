"""Resolving places: coordinates first, then exact names, then a unique part of a name;
bundled layers before uploaded files."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

from straitmap import load_catalog, load_layer
from straitmap.errors import AmbiguousPlaceError, CoordinateParseError, UnknownPlaceError
from straitmap.gazetteer import Resolved, display_names, resolve, upload_labels
from straitmap.names import alternative_names

C_SHAPE = Polygon([(0, 0), (3, 0), (3, 1), (1, 1), (1, 2), (3, 2), (3, 3), (0, 3)])


@pytest.fixture
def layers() -> dict[str, gpd.GeoDataFrame]:
    places = gpd.GeoDataFrame(
        {
            "id": ["place-taipei", "place-tainan", "place-kaohsiung", "place-kaohsiung-port"],
            "name": ["Taipei", "Tainan", "Kaohsiung", "Port of Kaohsiung"],
            "name_zh": ["臺北", "臺南", "高雄", None],
        },
        geometry=[
            Point(121.56, 25.03),
            Point(120.2, 23.0),
            Point(120.3, 22.6),
            Point(120.28, 22.61),
        ],
        crs="EPSG:4326",
    )
    zones = gpd.GeoDataFrame(
        {"id": ["zone-c", "line-1"], "name": ["C zone", "Some line"]},
        geometry=[C_SHAPE, LineString([(0, 0), (2, 2)])],
        crs="EPSG:4326",
    )
    return {"places": places, "zones": zones}


RESOLVED = [
    ("exact-name", "Taipei", "place-taipei"),
    ("case-insensitive", "TAIPEI", "place-taipei"),
    ("name-zh", "臺南", "place-tainan"),
    ("id", "place-tainan", "place-tainan"),
    ("exact-beats-substring", "kaohsiung", "place-kaohsiung"),
    ("unique-substring", "port of", "place-kaohsiung-port"),
    ("other-layer", "c zone", "zone-c"),
]


@pytest.mark.parametrize(
    ("text", "feature_id"), [r[1:] for r in RESOLVED], ids=[r[0] for r in RESOLVED]
)
def test_resolve_by_name(layers: dict[str, gpd.GeoDataFrame], text: str, feature_id: str) -> None:
    assert resolve(text, layers).feature_id == feature_id


def test_resolve_point_feature_keeps_its_coordinates(layers: dict[str, gpd.GeoDataFrame]) -> None:
    assert resolve("taipei", layers) == Resolved("Taipei", 25.03, 121.56, "places", "place-taipei")


def test_resolve_polygon_uses_a_point_inside_it(layers: dict[str, gpd.GeoDataFrame]) -> None:
    place = resolve("zone-c", layers)
    assert C_SHAPE.contains(Point(place.lon, place.lat))  # the centroid would not be


def test_resolve_coordinates_first(layers: dict[str, gpd.GeoDataFrame]) -> None:
    assert resolve("22.6N 120.3E", layers) == Resolved("22.6N 120.3E", 22.6, 120.3)


def test_resolve_bad_coordinates_are_not_looked_up_as_names(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    with pytest.raises(CoordinateParseError, match=r"found 121.56.*did you mean"):
        resolve("121.56, 25.03", layers)


def test_resolve_ambiguous_lists_candidates(layers: dict[str, gpd.GeoDataFrame]) -> None:
    with pytest.raises(AmbiguousPlaceError, match=r"'tai': 2 features match") as caught:
        resolve("tai", layers)
    assert caught.value.candidates == (
        "places: Taipei [place-taipei]",
        "places: Tainan [place-tainan]",
    )


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Taipie", r"unknown place 'Taipie'.*did you mean 'Taipei'\?"),
        ("Atlantis", r"unknown place 'Atlantis': expected a feature name, name_zh or id"),
        ("  ", r"unknown place"),
    ],
    ids=["typo-with-suggestion", "nothing-close", "blank"],
)
def test_resolve_unknown(layers: dict[str, gpd.GeoDataFrame], text: str, match: str) -> None:
    with pytest.raises(UnknownPlaceError, match=match):
        resolve(text, layers)


def test_resolve_skips_frames_without_geometry(layers: dict[str, gpd.GeoDataFrame]) -> None:
    import pandas as pd

    table = pd.DataFrame({"id": ["x"], "name": ["Taipei"]})
    assert resolve("Taipei", {**layers, "table": table}).layer_id == "places"


VARIANTS = [
    ("tai-for-tai", "台北", "place-taipei"),
    ("wade-giles-hyphen", "Kao-hsiung", "place-kaohsiung"),
    ("accent-insensitive", "Táinán", "place-tainan"),
]


@pytest.mark.parametrize(
    ("text", "feature_id"), [r[1:] for r in VARIANTS], ids=[r[0] for r in VARIANTS]
)
def test_resolve_spelling_variants(
    layers: dict[str, gpd.GeoDataFrame], text: str, feature_id: str
) -> None:
    assert resolve(text, layers).feature_id == feature_id


# --- uploaded files -----------------------------------------------------------------------------


def upload_frame(columns: dict[str, list[object]], points: list[Point]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=points, crs="EPSG:4326")


@pytest.fixture
def ports() -> gpd.GeoDataFrame:
    """Like Natural Earth's ports: names that repeat bundled ones and each other, no id."""
    return upload_frame(
        {
            "name": ["Taipei", "Keelung", "Newport", "Newport"],
            "name_zh": ["臺北", None, None, None],
            "website": [None, "www.klhb.gov.tw", None, None],
        },
        [Point(121.37, 25.15), Point(121.73, 25.22), Point(-71.3, 41.5), Point(-3.0, 51.6)],
    )


def test_an_upload_named_like_a_bundled_place_does_not_make_it_ambiguous(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame
) -> None:
    for text in ("Taipei", "taipei", "臺北", "台北", "place-taipei", "Taip"):
        assert resolve(text, layers, {"upload": ports}).feature_id == "place-taipei", text


def test_an_uploaded_feature_is_picked_by_its_label(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame
) -> None:
    place = resolve("Taipei (your file)", layers, {"upload": ports})
    assert place == Resolved("Taipei (your file)", 25.15, 121.37, "upload", "upload-0")


UPLOAD_ONLY = [
    ("its-name", "Keelung", "upload-1"),
    ("its-label", "keelung (your file)", "upload-1"),
    ("its-row-id", "upload-1", "upload-1"),
    ("a-unique-part", "eelu", "upload-1"),
    ("a-repeated-name-by-label", "Newport (your file, feature 3)", "upload-3"),
]


@pytest.mark.parametrize(
    ("text", "feature_id"), [r[1:] for r in UPLOAD_ONLY], ids=[r[0] for r in UPLOAD_ONLY]
)
def test_names_only_the_upload_has_resolve_to_it(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame, text: str, feature_id: str
) -> None:
    assert resolve(text, layers, {"upload": ports}).feature_id == feature_id


def test_other_columns_of_an_upload_are_not_searched(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame
) -> None:
    # Keelung's website names no row: the first text column only names rows without a name.
    with pytest.raises(UnknownPlaceError):
        resolve("klhb", layers, {"upload": ports})


def test_bundled_ambiguity_still_raises_with_an_upload(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame
) -> None:
    tai = upload_frame({"name": ["tai"]}, [Point(121.0, 24.0)])
    with pytest.raises(AmbiguousPlaceError, match=r"'tai': 2 features match") as caught:
        resolve("tai", layers, {"upload": tai})
    assert caught.value.candidates == (
        "places: Taipei [place-taipei]",
        "places: Tainan [place-tainan]",
    )


def test_ambiguity_among_uploaded_features_lists_their_labels(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame
) -> None:
    with pytest.raises(AmbiguousPlaceError, match=r"'Newport': 2 features match") as caught:
        resolve("Newport", layers, {"upload": ports})
    assert caught.value.candidates == (
        "upload: Newport (your file, feature 2) [upload-2]",
        "upload: Newport (your file, feature 3) [upload-3]",
    )


def test_unknown_place_suggests_uploaded_labels(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame
) -> None:
    with pytest.raises(UnknownPlaceError, match=r"did you mean 'Keelung'"):
        resolve("Keelnug", layers, {"upload": ports})


def test_resolving_with_an_upload_leaves_the_frames_alone(
    layers: dict[str, gpd.GeoDataFrame], ports: gpd.GeoDataFrame
) -> None:
    before = ports.copy()
    resolve("Keelung", layers, {"upload": ports})
    upload_labels(ports)
    assert ports.equals(before)
    assert list(ports.columns) == ["name", "name_zh", "website", "geometry"]


DISPLAY_NAMES = [
    ("name", {"name": ["Taipei"], "title": ["T"]}, ["Taipei"]),
    ("title", {"title": ["Exercise box"], "label": ["L"]}, ["Exercise box"]),
    ("label", {"label": ["Box 1"], "note": ["n"]}, ["Box 1"]),
    ("name-in-capitals", {"NAME": ["Keelung"], "note": ["n"]}, ["Keelung"]),
    ("first-text-column", {"count": [3], "note": ["seen twice"], "kind": ["k"]}, ["seen twice"]),
    ("chinese-column", {"名稱": ["臺北"]}, ["臺北"]),
    ("feature-index", {"count": [3], "flag": [True]}, ["Feature 0"]),
    ("no-columns", {}, ["Feature 0"]),
    ("numeric-name", {"name": [7]}, ["7"]),
]


@pytest.mark.parametrize(
    ("columns", "expected"), [r[1:] for r in DISPLAY_NAMES], ids=[r[0] for r in DISPLAY_NAMES]
)
def test_display_names_of_any_schema(columns: dict[str, list[object]], expected: list[str]) -> None:
    assert display_names(upload_frame(columns, [Point(121.0, 24.0)])) == expected


def test_display_names_fall_back_row_by_row() -> None:
    frame = upload_frame(
        {"name": ["Taipei", None, "  ", None], "title": [None, "A title", None, None]},
        [Point(121.0, 24.0)] * 4,
    )
    assert display_names(frame) == ["Taipei", "A title", "Feature 2", "Feature 3"]


def test_a_nameless_upload_gets_index_based_names(layers: dict[str, gpd.GeoDataFrame]) -> None:
    nameless = upload_frame({"count": [1, 2]}, [Point(121.0, 24.0), Point(120.0, 23.0)])
    assert upload_labels(nameless) == ["Feature 0 (your file)", "Feature 1 (your file)"]
    place = resolve("Feature 1 (your file)", layers, {"upload": nameless})
    assert (place.feature_id, place.lat, place.lon) == ("upload-1", 23.0, 120.0)


def test_upload_labels_skip_features_without_a_position() -> None:
    frame = upload_frame({"name": ["Here", "Nowhere"]}, [Point(121.0, 24.0), Point()])
    assert upload_labels(frame) == ["Here (your file)"]


def test_an_upload_without_geometry_is_not_searched(layers: dict[str, gpd.GeoDataFrame]) -> None:
    import pandas as pd

    table = pd.DataFrame({"name": ["Atlantis"]})
    assert upload_labels(table) == []
    with pytest.raises(UnknownPlaceError):
        resolve("Atlantis", layers, {"upload": table})


# --- the bundled layers -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> dict[str, gpd.GeoDataFrame]:
    catalog = load_catalog()
    return {
        i: load_layer(i, catalog=catalog) for i, spec in catalog.layers.items() if not spec.is_table
    }


def test_every_bundled_place_and_installation_resolves_to_itself(
    bundled: dict[str, gpd.GeoDataFrame],
) -> None:
    for layer_id in ("places", "us_bases_japan"):
        for row in bundled[layer_id].itertuples():
            names = [row.id, row.name, *alternative_names(row.name)]
            if isinstance(row.name_zh, str):
                names += [row.name_zh, *alternative_names(row.name_zh)]
            if isinstance(getattr(row, "name_ja", None), str):
                names.append(row.name_ja)  # Japan's Ministry of Defense names, as typed
            for text in names:
                assert resolve(text, bundled).feature_id == row.id, text


@pytest.mark.parametrize(
    ("text", "feature_id"),
    [("嘉手納飛行場", "us-kadena-air-base"), ("キャンプ・ハンセン", "us-camp-hansen")],
)
def test_an_installations_japanese_name_finds_it(
    bundled: dict[str, gpd.GeoDataFrame], text: str, feature_id: str
) -> None:
    assert resolve(text, bundled).feature_id == feature_id


#: Each bundled name_zh that simplified Chinese writes differently, as OpenCC's t2s writes it,
#: checked on 2026-12-01 (the installations' Japanese names are in `name_ja` since 2026-12-02).
SIMPLIFIED = [
    ("place-chiayi", "嘉义"),
    ("place-dongshan", "东山岛"),
    ("place-eluanbi", "鹅銮鼻"),
    ("place-fuguijiao", "富贵角"),
    ("place-green-island", "绿岛"),
    ("place-guangzhou", "广州"),
    ("place-hualien", "花莲"),
    ("place-kinmen", "金门"),
    ("place-lanyu", "兰屿"),
    ("place-manila", "马尼拉"),
    ("place-matsu-nangan", "马祖（南竿）"),
    ("place-miyako", "宫古岛"),
    ("place-nanao", "南澳岛"),
    ("place-ningbo", "宁波"),
    ("place-penghu-magong", "澎湖（马公）"),
    ("place-pingtan", "平潭岛（海坛岛）"),
    ("place-pratas", "东沙岛"),
    ("place-seoul", "首尔"),
    ("place-shantou", "汕头"),
    ("place-suao", "苏澳"),
    ("place-subic-bay", "苏比克湾"),
    ("place-taichung", "台中"),
    ("place-taichung-port", "台中港"),
    ("place-tainan", "台南"),
    ("place-taipei", "台北"),
    ("place-taitung", "台东"),
    ("place-taoyuan", "桃园"),
    ("place-tokyo", "东京"),
    ("place-wenzhou", "温州"),
    ("place-xiamen", "厦门"),
    ("place-yonaguni", "与那国岛"),
    ("us-akasaka-press-center", "赤坂新闻中心"),
    ("us-camp-gonsalves", "冈萨维斯训练营"),
    ("us-camp-zama", "座间基地"),
    ("us-fleet-activities-yokosuka", "横须贺海军基地"),
    ("us-kadena-air-base", "嘉手纳空军基地"),
    ("us-mcas-futenma", "普天间基地"),
    ("us-mcas-iwakuni", "岩国基地"),
    ("us-misawa-air-base", "三泽空军基地"),
    ("us-yokota-air-base", "横田基地"),
]


@pytest.mark.parametrize(("feature_id", "text"), SIMPLIFIED, ids=[r[0] for r in SIMPLIFIED])
def test_simplified_chinese_names_resolve(
    bundled: dict[str, gpd.GeoDataFrame], feature_id: str, text: str
) -> None:
    assert resolve(text, bundled).feature_id == feature_id


SPELLINGS = [
    ("parenthesised-pinyin", "Lanyu", "place-lanyu"),
    ("parenthesised-alternative-beats-a-part", "Haitan", "place-pingtan"),
    ("alternative-with-the-rest-of-the-name", "Haitan Island", "place-pingtan"),
    ("pinyin-without-umlaut", "Ludao", "place-green-island"),
    ("pinyin-v-for-umlaut", "Lvdao", "place-green-island"),
    ("hyphen-dropped", "Suao", "place-suao"),
    ("apostrophe-dropped", "Nanao Island", "place-nanao"),
    ("island-for-the-town", "Guam", "place-hagatna"),
    ("alternative-chinese", "馬公", "place-penghu-magong"),
    ("simplified-alternative", "海坛岛", "place-pingtan"),
    ("installation-former-name", "Camp Zukeran", "us-camp-foster"),
    ("japanese-name-for-chinese-reader", "那霸", "place-naha"),
]


@pytest.mark.parametrize(
    ("text", "feature_id"), [r[1:] for r in SPELLINGS], ids=[r[0] for r in SPELLINGS]
)
def test_other_spellings_the_data_hold_resolve(
    bundled: dict[str, gpd.GeoDataFrame], text: str, feature_id: str
) -> None:
    assert resolve(text, bundled).feature_id == feature_id


def test_parentheses_outside_places_and_installations_are_not_alternatives(
    bundled: dict[str, gpd.GeoDataFrame],
) -> None:
    # "Central strait (median line) (project zone)" describes; "median line" stays ambiguous
    # between that zone and the median line itself instead of picking the zone.
    with pytest.raises(AmbiguousPlaceError) as caught:
        resolve("median line", bundled)
    assert any(c.startswith("median_line:") for c in caught.value.candidates)


def test_an_upload_with_another_geometry_column_name(layers: dict[str, gpd.GeoDataFrame]) -> None:
    frame = gpd.GeoDataFrame({"where": ["Pier 3"], "shape": [Point(121.7, 25.1)]}, geometry="shape")
    assert upload_labels(frame) == ["Pier 3 (your file)"]
    assert resolve("Pier 3 (your file)", layers, {"upload": frame}).lat == 25.1
