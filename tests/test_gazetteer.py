"""Resolving places: coordinates first, then exact names, then a unique part of a name."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

from straitmap.errors import AmbiguousPlaceError, CoordinateParseError, UnknownPlaceError
from straitmap.gazetteer import Resolved, resolve

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
