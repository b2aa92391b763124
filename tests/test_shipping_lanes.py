"""The shipping_lanes layer: the named routes, their lengths and strait flags, and its rebuild."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod
from shapely.geometry import LineString, shape

from straitmap.routes import crosses_polygon, geodesic_length_m
from tests.test_rebuild import load_build_script

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
GEODATA = REPO_ROOT / "geodata"
LAYER = GEODATA / "shipping_lanes.geojson"
GEOD = Geod(ellps="WGS84")

#: (from, to) as the brief names them, and the places.geojson entry nearest each port.
REQUIRED_ROUTES = [
    ("Shanghai", "Singapore"),
    ("Shanghai", "Hong Kong"),
    ("Ningbo", "Singapore"),
    ("Busan", "Singapore"),
    ("Busan", "Hong Kong"),
    ("Tokyo", "Singapore"),
    ("Tokyo", "Hong Kong"),
    ("Kaohsiung", "Shanghai"),
    ("Keelung", "Xiamen"),
    ("Taichung", "Hong Kong"),
    ("Manila", "Shanghai"),
    ("Xiamen", "Kaohsiung"),
]
PLACE_OF_PORT = {"Kaohsiung": "Port of Kaohsiung", "Taichung": "Port of Taichung"}
ROUTE_IDS = [f"{a}-{b}".lower().replace(" ", "-") for a, b in REQUIRED_ROUTES]

#: A route ends at the network node nearest its port (see straitmap.routes.sea_route).
MAX_END_KM = 40.0
#: A sea route is never shorter than the great circle between its ports; longer than 1.6 times
#: it would mean a detour no ship takes between these ports (the largest here is ~1.4, Shanghai
#: to Hong Kong, which rounds the Yangtze estuary and the Zhejiang-Fujian coast).
MAX_DETOUR = 1.6
MAX_FILE_BYTES = 600_000


def read_layer(path: Path) -> list[dict[str, Any]]:
    """The features of a GeoJSON file."""
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


@pytest.fixture(scope="module")
def routes() -> dict[tuple[str, str], dict[str, Any]]:
    """The committed named routes by (from_port, to_port)."""
    return {
        (f["properties"]["from_port"], f["properties"]["to_port"]): f
        for f in read_layer(LAYER)
        if f["properties"]["kind"] == "route"
    }


@pytest.fixture(scope="module")
def places() -> dict[str, tuple[float, float]]:
    """(lon, lat) of every committed place by English name."""
    return {
        f["properties"]["name"]: tuple(f["geometry"]["coordinates"])
        for f in read_layer(GEODATA / "places.geojson")
    }


@pytest.fixture(scope="module")
def strait() -> Any:
    """The committed strait polygon."""
    return shape(read_layer(GEODATA / "strait.geojson")[0]["geometry"])


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two (lon, lat) points, km."""
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000


def place_of(port: str, places: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """The committed place standing for a port."""
    return places[PLACE_OF_PORT.get(port, port)]


@pytest.mark.parametrize("pair", REQUIRED_ROUTES, ids=ROUTE_IDS)
def test_required_route_is_present_with_its_id(
    routes: dict[tuple[str, str], dict[str, Any]], pair: tuple[str, str]
) -> None:
    assert pair in routes, f"no route {pair[0]} – {pair[1]}"
    expected_id = "route-" + "-".join(p.lower().replace(" ", "-") for p in pair)
    assert routes[pair]["properties"]["id"] == expected_id


@pytest.mark.parametrize("pair", REQUIRED_ROUTES, ids=ROUTE_IDS)
def test_route_lengths_are_consistent_with_the_geometry(
    routes: dict[tuple[str, str], dict[str, Any]], pair: tuple[str, str]
) -> None:
    properties = routes[pair]["properties"]
    measured_km = geodesic_length_m(LineString(routes[pair]["geometry"]["coordinates"])) / 1000
    assert properties["length_km"] == pytest.approx(measured_km, abs=0.1)
    assert properties["length_nmi"] == pytest.approx(properties["length_km"] / 1.852, abs=0.1)


@pytest.mark.parametrize("pair", REQUIRED_ROUTES, ids=ROUTE_IDS)
def test_route_runs_between_its_ports_without_a_wild_detour(
    routes: dict[tuple[str, str], dict[str, Any]],
    places: dict[str, tuple[float, float]],
    pair: tuple[str, str],
) -> None:
    coords = [tuple(p) for p in routes[pair]["geometry"]["coordinates"]]
    start, end = place_of(pair[0], places), place_of(pair[1], places)
    assert km_between(start, coords[0]) < MAX_END_KM
    assert km_between(end, coords[-1]) < MAX_END_KM
    great_circle_km = km_between(start, end)
    assert (
        great_circle_km <= routes[pair]["properties"]["length_km"] <= MAX_DETOUR * great_circle_km
    )


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        (("Xiamen", "Kaohsiung"), True),
        (("Keelung", "Xiamen"), True),
        (("Taichung", "Hong Kong"), True),
        (("Tokyo", "Singapore"), False),
    ],
    ids=["xiamen-kaohsiung", "keelung-xiamen", "taichung-hong-kong", "tokyo-singapore"],
)
def test_via_strait_flag(
    routes: dict[tuple[str, str], dict[str, Any]], pair: tuple[str, str], expected: bool
) -> None:
    assert routes[pair]["properties"]["via_strait"] is expected


def test_every_via_strait_flag_matches_a_fresh_test(strait: Any) -> None:
    wrong = [
        f["properties"]["id"]
        for f in read_layer(LAYER)
        if crosses_polygon(shape(f["geometry"]), strait) is not f["properties"]["via_strait"]
    ]
    assert wrong == []


def test_every_feature_length_matches_its_geometry() -> None:
    wrong = []
    for feature in read_layer(LAYER):
        properties = feature["properties"]
        measured_km = geodesic_length_m(shape(feature["geometry"])) / 1000
        km, nmi = properties["length_km"], properties["length_nmi"]
        if abs(km - measured_km) > 0.1 or abs(nmi - km / 1.852) > 0.1:
            wrong.append((properties["id"], km, nmi, round(measured_km, 2)))
    assert wrong == []


def test_network_features_are_numbered_and_carry_no_ports() -> None:
    network = [f["properties"] for f in read_layer(LAYER) if f["properties"]["kind"] == "network"]
    assert [p["id"] for p in network] == [f"lane-net-{i:04d}" for i in range(1, len(network) + 1)]
    assert not [p["id"] for p in network if "from_port" in p or "to_port" in p]


def test_every_feature_says_it_is_not_for_navigation() -> None:
    kinds = {f["properties"]["kind"] for f in read_layer(LAYER)}
    notes = {f["properties"].get("note") for f in read_layer(LAYER)}
    assert kinds == {"network", "route"}
    assert notes == {"For visualisation, not navigation"}


def test_layer_file_stays_small() -> None:
    assert LAYER.stat().st_size < MAX_FILE_BYTES


def test_build_shipping_lanes_reproduces_committed_file(
    natural_earth: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shipping_lanes.geojson"
    load_build_script("build_shipping_lanes").build_shipping_lanes(
        GEODATA / "places.geojson", natural_earth, GEODATA / "strait.geojson", out
    )
    assert out.read_bytes() == LAYER.read_bytes(), (
        "geodata/shipping_lanes.geojson differs from a rebuild: "
        "run python geodata/build/build_shipping_lanes.py"
    )
