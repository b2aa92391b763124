"""straitmap.reports: the incursion-distance table, distance matrices and path legs, by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyproj
import pytest
from geopandas import GeoDataFrame
from shapely.geometry import LineString, Point, box

from straitmap import reports

GEOD = pyproj.Geod(ellps="WGS84")
NMI = 1852.0
TAIWAN = box(120.7, 22.5, 121.5, 24.8)  # holds 121°E 23.5°N, the main island's reference
ISLET = box(119.5, 23.5, 119.7, 23.7)  # other land (a Penghu): not Taiwan's coast
MEDIAN = LineString([(122.0, 27.0), (118.0, 23.0)])  # drawn north-east to south-west
BASES = {"Kadena": (127.77, 26.35), "Sasebo": (129.72, 33.16), "Yokota": (139.35, 35.75)}
#: id → (lon, lat, which side of the median line: the line is at 119.0°E at 24°N, 119.5°E
#: at 24.5°N, 118.6°E at 23.6°N).
INCURSIONS = {
    "strait-east": (120.6, 24.0, "east"),
    "mainland-side": (118.5, 24.5, "west"),
    "east-of-taiwan": (122.3, 23.3, "east"),
    "by-the-islet": (119.75, 23.6, "east"),
}


def frame(rows: dict[str, list[object]], geometry: list[object]) -> GeoDataFrame:
    return GeoDataFrame(rows, geometry=geometry, crs="EPSG:4326")


@pytest.fixture
def layers() -> dict[str, GeoDataFrame]:
    return {
        "incursions": frame(
            {
                "id": list(INCURSIONS),
                "date": ["2024-05-23"] * len(INCURSIONS),
                "aircraft_type": ["J-16"] * len(INCURSIONS),
                "count": [2, 1, 4, 1],
                "zone": ["southwest"] * len(INCURSIONS),
                "source": ["MND"] * len(INCURSIONS),
            },
            [Point(lon, lat) for lon, lat, _ in INCURSIONS.values()],
        ),
        "land": frame({"id": ["islet", "taiwan"]}, [ISLET, TAIWAN]),
        "median_line": frame({"id": ["median"]}, [MEDIAN]),
        "bases": frame({"name": list(BASES)}, [Point(p) for p in BASES.values()]),
    }


def dense_metres(lon: float, lat: float, line: LineString, spacing_m: float = 50.0) -> float:
    """Reference: the least pyproj distance from a point to points every `spacing_m` along
    each segment's geodesic (the error is of second order: centimetres)."""
    best = np.inf
    coords = list(line.coords)
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords):
        length = GEOD.inv(lon1, lat1, lon2, lat2)[2]
        inner = GEOD.npts(lon1, lat1, lon2, lat2, max(1, int(length / spacing_m)))
        lons = np.array([lon1, *(p[0] for p in inner), lon2])
        lats = np.array([lat1, *(p[1] for p in inner), lat2])
        metres = GEOD.inv(np.full(lons.size, lon), np.full(lats.size, lat), lons, lats)[2]
        best = min(best, float(np.min(metres)))
    return best


def expected_rows() -> list[dict[str, object]]:
    """Every figure of the table for INCURSIONS, computed here with pyproj alone."""
    rows = []
    for key, (lon, lat, side) in INCURSIONS.items():
        coast = dense_metres(lon, lat, LineString(TAIWAN.exterior.coords))
        median = dense_metres(lon, lat, MEDIAN)
        to_bases = {name: GEOD.inv(lon, lat, x, y)[2] for name, (x, y) in BASES.items()}
        nearest = min(to_bases, key=lambda name: to_bases[name])
        rows.append(
            {
                "id": key,
                "to_taiwan_coast_km": coast / 1000,
                "to_taiwan_coast_nmi": coast / NMI,
                "median_line_side": "east (Taiwan side)" if side == "east" else "west",
                "to_median_line_km": median / 1000,
                "to_median_line_nmi": median / NMI,
                "nearest_us_installation": nearest,
                "to_installation_km": to_bases[nearest] / 1000,
                "to_installation_nmi": to_bases[nearest] / NMI,
            }
        )
    return rows


DISTANCE_COLUMNS = [
    "to_taiwan_coast_km",
    "to_taiwan_coast_nmi",
    "to_median_line_km",
    "to_median_line_nmi",
    "to_installation_km",
    "to_installation_nmi",
]


def test_incursion_distances_match_pyproj_row_by_row(layers: dict[str, GeoDataFrame]) -> None:
    table = reports.incursion_distances(
        layers["incursions"], layers["land"], layers["median_line"], layers["bases"]
    )
    assert len(table) == len(INCURSIONS)
    for row, expected in zip(table.to_dict("records"), expected_rows(), strict=True):
        assert row["id"] == expected["id"]
        assert row["median_line_side"] == expected["median_line_side"], row["id"]
        assert row["nearest_us_installation"] == expected["nearest_us_installation"], row["id"]
        for column in DISTANCE_COLUMNS:
            # Rounded to 0.1 in the table: within 0.05 of the exact figure.
            assert row[column] == pytest.approx(expected[column], abs=0.0501), (row["id"], column)


def test_taiwan_side_is_east_of_the_median_line(layers: dict[str, GeoDataFrame]) -> None:
    table = reports.incursion_distances(
        layers["incursions"], layers["land"], layers["median_line"], layers["bases"]
    )
    sides = dict(zip(table["id"], table["median_line_side"], strict=True))
    assert sides == {
        "strait-east": "east (Taiwan side)",
        "mainland-side": "west",
        "east-of-taiwan": "east (Taiwan side)",
        "by-the-islet": "east (Taiwan side)",
    }


def test_nautical_mile_columns_are_km_over_1852(layers: dict[str, GeoDataFrame]) -> None:
    table = reports.incursion_distances(
        layers["incursions"], layers["land"], layers["median_line"], layers["bases"]
    )
    for measure in ("to_taiwan_coast", "to_median_line", "to_installation"):
        km, nmi = table[f"{measure}_km"], table[f"{measure}_nmi"]
        assert (km > 1).all(), measure  # far enough for km and nmi to differ after rounding
        assert np.allclose(nmi, km / 1.852, atol=0.1), measure
        assert not np.allclose(nmi, km, atol=0.1), measure


def test_coast_is_taiwans_main_island_not_the_nearest_land(
    layers: dict[str, GeoDataFrame],
) -> None:
    table = reports.incursion_distances(
        layers["incursions"], layers["land"], layers["median_line"], layers["bases"]
    ).set_index("id")
    # 5 km from the islet, but about 95 km from Taiwan's west coast.
    assert table.loc["by-the-islet", "to_taiwan_coast_km"] > 90


def test_incursion_distances_keep_the_incursion_columns_and_leave_the_inputs_alone(
    layers: dict[str, GeoDataFrame],
) -> None:
    before = {name: layer.copy() for name, layer in layers.items()}
    table = reports.incursion_distances(
        layers["incursions"], layers["land"], layers["median_line"], layers["bases"]
    )
    assert list(table.columns) == [
        "id",
        "date",
        "aircraft_type",
        "count",
        "zone",
        "to_taiwan_coast_km",
        "to_taiwan_coast_nmi",
        "median_line_side",
        "to_median_line_km",
        "to_median_line_nmi",
        "nearest_us_installation",
        "to_installation_km",
        "to_installation_nmi",
    ]
    assert table["count"].tolist() == [2, 1, 4, 1]
    for name, layer in layers.items():
        assert layer.equals(before[name]), name


@pytest.mark.parametrize(
    ("unit", "metres_per_unit"), [("km", 1000.0), ("nmi", NMI), ("mi", 1609.344)]
)
def test_distance_matrix_is_rows_by_columns_in_the_unit(
    layers: dict[str, GeoDataFrame], unit: str, metres_per_unit: float
) -> None:
    places = frame(
        {"name": ["Taipei", "Xiamen"]}, [Point(121.5654, 25.0330), Point(118.0894, 24.4798)]
    )
    table = reports.distance_matrix(
        layers["bases"], ["Yokota", "Kadena"], places, ["Taipei", "Xiamen"], unit
    )
    assert list(table.index) == ["Yokota", "Kadena"]
    assert list(table.columns) == ["Taipei", "Xiamen"]
    for base in ("Yokota", "Kadena"):
        for place, point in zip(["Taipei", "Xiamen"], places.geometry, strict=True):
            metres = GEOD.inv(*BASES[base], point.x, point.y)[2]
            assert table.loc[base, place] == pytest.approx(metres / metres_per_unit, abs=0.0501)


def test_distance_matrix_refuses_an_unknown_unit(layers: dict[str, GeoDataFrame]) -> None:
    with pytest.raises(ValueError, match=r"unit should be one of km, nmi, mi, got 'm'"):
        reports.distance_matrix(layers["bases"], ["Kadena"], layers["bases"], ["Yokota"], "m")


TAIPEI = (121.5654, 25.0330)  # (lon, lat), as the map's clicks arrive
XIAMEN = (118.0894, 24.4798)
KINMEN = (118.3186, 24.4367)


def test_path_legs_show_points_as_lat_lon() -> None:
    _, table = reports.path_legs([TAIPEI, XIAMEN, KINMEN])
    assert table["from (lat, lon)"].tolist() == ["25.0330, 121.5654", "24.4798, 118.0894"]
    assert table["to (lat, lon)"].tolist() == ["24.4798, 118.0894", "24.4367, 118.3186"]
    assert table["leg"].tolist() == [1, 2]


def test_path_legs_measure_each_leg_geodesically() -> None:
    points = [TAIPEI, XIAMEN, KINMEN]
    total, table = reports.path_legs(points)
    legs = [GEOD.inv(*a, *b) for a, b in itertools.pairwise(points)]
    assert table["km"].tolist() == [round(metres / 1000, 2) for _, _, metres in legs]
    assert table["nmi"].tolist() == [round(metres / NMI, 2) for _, _, metres in legs]
    assert table["bearing (° true)"].tolist() == [round(az % 360, 1) for az, _, _ in legs]
    assert total.metres == pytest.approx(sum(metres for _, _, metres in legs), abs=1e-6)
    # Taipei to Xiamen: about 356 km, a little south of due west.
    assert table["km"].iloc[0] == pytest.approx(355.9, abs=1)
    assert 260 < table["bearing (° true)"].iloc[0] < 265


def test_path_legs_of_one_point_is_an_empty_table() -> None:
    total, table = reports.path_legs([TAIPEI])
    assert total.metres == 0
    assert isinstance(table, pd.DataFrame)
    assert table.empty
