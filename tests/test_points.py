"""straitmap.points: counts equal pandas on the same rows, cells nest every point, measurement
equals the library's functions, bad queries name what is wrong."""

from __future__ import annotations

import datetime as dt
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from straitmap import points as sp
from straitmap.errors import PointQueryError, UnknownDatasetError
from straitmap.io import load_layer
from straitmap.measure import (
    distances_to_geometry,
    nearest_feature,
    signed_distances_to_line,
    taiwan_main_island,
)
from tests.point_datasets import synthetic_points, write_dataset

BOX = (119.5, 23.5, 121.0, 25.0)
#: Points exactly on BOX's edges and corners: bounds include their edges.
EDGE_POINTS = [(119.5, 24.0), (121.0, 24.5), (120.0, 23.5), (120.2, 25.0), (119.5, 23.5)]


def _frame() -> pd.DataFrame:
    frame = synthetic_points(4_000)
    edges = pd.DataFrame(
        {
            "lon": [p[0] for p in EDGE_POINTS],
            "lat": [p[1] for p in EDGE_POINTS],
            "date": [dt.date(2024, 3, 1)] * len(EDGE_POINTS),
            "kind": ["tanker"] * len(EDGE_POINTS),
            "flag": [None, "TW", "CN", "PA", "TW"],
            "vessel_id": np.arange(1, len(EDGE_POINTS) + 1, dtype=np.int64),
            "speed_kn": [10.0] * len(EDGE_POINTS),
        }
    )
    return pd.concat([frame, edges], ignore_index=True)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The rows of the `dataset` fixture, as pandas holds them."""
    return _frame()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory, frame: pd.DataFrame) -> Path:
    """4,005 AIS-like points (hot spots at ports and in the strait) in 16 row groups."""
    return write_dataset(tmp_path_factory.mktemp("datasets") / "ships", frame)


def expected_mask(frame: pd.DataFrame, query: sp.PointQuery) -> pd.Series:
    """The query as plain pandas: bounds edges included, dates inclusive, where as isin."""
    mask = pd.Series(True, index=frame.index)
    if query.bounds is not None:
        west, south, east, north = query.bounds
        mask &= frame["lon"].between(west, east) & frame["lat"].between(south, north)
    if query.date_from is not None:
        mask &= frame["date"] >= query.date_from
    if query.date_to is not None:
        mask &= frame["date"] <= query.date_to
    wanted: dict[str, list[object]] = {}
    for column, value in query.where:
        wanted.setdefault(column, []).append(value)
    for column, values in wanted.items():
        if column == "vessel_id":
            values = [int(str(v)) for v in values]
        mask &= frame[column].isin(values)
    return mask


QUERIES = {
    "everything": sp.PointQuery(),
    "box": sp.PointQuery(bounds=BOX),
    "box and dates": sp.PointQuery(
        bounds=BOX, date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 6, 30)
    ),
    "one day": sp.PointQuery(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 1)),
    "from a day on": sp.PointQuery(date_from=dt.date(2024, 11, 1)),
    "kind": sp.PointQuery(where=(("kind", "tanker"),)),
    "two kinds": sp.PointQuery(bounds=BOX, where={"kind": ["tanker", "cargo"]}),
    "kind and flag": sp.PointQuery(where={"kind": "fishing", "flag": "TW"}),
    "an integer column from text": sp.PointQuery(where=(("vessel_id", "3"),)),
    "a single point's box": sp.PointQuery(bounds=(121.0, 24.5, 121.0, 24.5)),
    "everything in dates and box": sp.PointQuery(
        bounds=(100, 0, 150, 46), date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)
    ),
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_count_equals_pandas(dataset: Path, frame: pd.DataFrame, query: sp.PointQuery) -> None:
    assert sp.count(dataset, query) == int(expected_mask(frame, query).sum())


def test_bounds_include_their_edges(dataset: Path, frame: pd.DataFrame) -> None:
    inside = sp.points(dataset, sp.PointQuery(bounds=BOX), limit=10_000)
    found = set(zip(inside["lon"], inside["lat"], strict=True))
    assert set(EDGE_POINTS) <= found


def test_points_are_the_matching_rows(dataset: Path, frame: pd.DataFrame) -> None:
    query = QUERIES["two kinds"]
    rows = sp.points(dataset, query, limit=10_000)
    expected = frame[expected_mask(frame, query)]
    key = ["lon", "lat", "vessel_id", "kind"]
    assert sorted(map(tuple, rows[key].to_numpy().tolist())) == sorted(
        map(tuple, expected[key].to_numpy().tolist())
    )
    assert "geometry" not in rows
    assert "bbox" not in rows


def test_points_stop_at_the_limit_and_keep_the_columns_asked(dataset: Path) -> None:
    rows = sp.points(dataset, sp.PointQuery(bounds=BOX), limit=7, columns=["kind"])
    assert len(rows) == 7
    assert list(rows.columns) == ["lon", "lat", "kind"]


@pytest.mark.parametrize("zoom", range(3, 13))
def test_cells_hold_every_filtered_point_in_its_own_cell(
    dataset: Path, frame: pd.DataFrame, zoom: int
) -> None:
    query = QUERIES["box and dates"] if zoom % 2 else QUERIES["everything"]
    grid = sp.cells(dataset, query, zoom)
    expected = frame[expected_mask(frame, query)]
    assert grid.count == len(expected)
    assert all(cell.count > 0 for cell in grid.cells)
    size = sp.cell_size_deg(zoom)
    assert size == 360 / 2 ** (zoom + sp.CELL_ZOOM_OFFSET)
    by_place = {(cell.column, cell.row): cell for cell in grid.cells}
    columns = np.floor((expected["lon"].to_numpy() + 180) / size).astype(int)
    rows = np.floor((expected["lat"].to_numpy() + 90) / size).astype(int)
    for lon, lat, column, row in zip(expected["lon"], expected["lat"], columns, rows, strict=True):
        cell = by_place[(column, row)]
        assert cell.west <= lon <= cell.east
        assert cell.south <= lat <= cell.north
        assert math.isclose(cell.east - cell.west, size)
        assert math.isclose(cell.north - cell.south, size)
    counted = pd.Series(list(zip(columns, rows, strict=True))).value_counts().to_dict()
    assert {place: cell.count for place, cell in by_place.items()} == counted


@pytest.mark.parametrize("by", ["kind", "flag", "vessel_id"])
def test_per_category_counts_sum_to_the_cell_and_equal_pandas(
    dataset: Path, frame: pd.DataFrame, by: str
) -> None:
    query = QUERIES["box"]
    grid = sp.cells(dataset, query, 6, by=by)
    assert grid.by == by
    for cell in grid.cells:
        assert sum(cell.by_category.values()) == cell.count
    expected = frame[expected_mask(frame, query)]
    values = expected[by].map(lambda v: sp.NO_VALUE if pd.isna(v) else str(v))
    totals: dict[str, int] = {}
    for cell in grid.cells:
        for value, n in cell.by_category.items():
            totals[value] = totals.get(value, 0) + n
    assert totals == values.value_counts().to_dict()
    if by == "flag":
        assert sp.NO_VALUE in totals


def test_cells_without_a_category_column_have_no_per_category_counts(dataset: Path) -> None:
    grid = sp.cells(dataset, QUERIES["box"], 5)
    assert grid.by is None
    assert all(cell.by_category == {} for cell in grid.cells)
    as_json = grid.to_json()
    assert as_json["count"] == grid.count
    assert len(as_json["cells"]) == len(grid.cells)
    assert as_json["cells"][0]["bounds"] == [
        grid.cells[0].west,
        grid.cells[0].south,
        grid.cells[0].east,
        grid.cells[0].north,
    ]


def test_the_grid_is_global_and_nests_across_zooms(dataset: Path) -> None:
    coarse, fine = sp.cells(dataset, QUERIES["box"], 4), sp.cells(dataset, QUERIES["box"], 5)
    parents: dict[tuple[int, int], int] = {}
    for cell in fine.cells:
        parent = (cell.column // 2, cell.row // 2)
        parents[parent] = parents.get(parent, 0) + cell.count
    assert parents == {(cell.column, cell.row): cell.count for cell in coarse.cells}


def test_points_on_the_antimeridian_and_the_pole_fall_in_the_last_cell(tmp_path: Path) -> None:
    corners = pd.DataFrame({"lon": [180.0, -180.0], "lat": [90.0, -90.0], "kind": ["a", "b"]})
    folder = write_dataset(tmp_path / "corners", corners)
    grid = sp.cells(folder, sp.PointQuery(), 3)
    assert [(c.east, c.north) for c in grid.cells if c.count] == [
        (-180 + 360 / 64, -90 + 360 / 64),
        (180.0, 90.0),
    ]


def test_view_gives_points_when_few_and_cells_when_many(dataset: Path) -> None:
    few = sp.view(dataset, QUERIES["one day"], 7, max_points=1_000)
    assert few.cells is None
    assert few.points is not None
    assert len(few.points) == few.count
    many = sp.view(dataset, QUERIES["everything"], 7, max_points=100, by="kind")
    assert many.points is None
    assert many.cells is not None
    assert many.cells.count == many.count


def test_a_small_viewport_reads_few_row_groups(dataset: Path) -> None:
    whole = sp.scan_stats(dataset, sp.PointQuery())
    small = sp.scan_stats(dataset, sp.PointQuery(bounds=(121.6, 25.0, 121.9, 25.3)))
    assert whole.row_groups_scanned == whole.row_groups_total == 16
    assert 0 < small.row_groups_scanned < whole.row_groups_total / 2
    assert small.matching == sp.count(dataset, sp.PointQuery(bounds=(121.6, 25.0, 121.9, 25.3)))


def test_queries_from_many_threads_agree(dataset: Path, frame: pd.DataFrame) -> None:
    queries = list(QUERIES.values()) * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda q: sp.count(dataset, q), queries))
    assert counts == [int(expected_mask(frame, q).sum()) for q in queries]


def test_a_time_column_filters_by_utc_day(tmp_path: Path) -> None:
    times = pd.to_datetime(
        ["2024-03-01T00:00:00", "2024-03-01T23:59:59", "2024-03-02T00:00:00", "2024-02-29T23:00:00"]
    )
    frame = pd.DataFrame({"lon": [120.0] * 4, "lat": [24.0] * 4, "time": times})
    folder = write_dataset(tmp_path / "timed", frame)
    day = dt.date(2024, 3, 1)
    assert sp.count(folder, sp.PointQuery(date_from=day, date_to=day)) == 2
    assert sp.count(folder, sp.PointQuery(date_from=day)) == 3


# --- datasets by name ----------------------------------------------------------------------------


def test_a_dataset_is_found_by_name_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame
) -> None:
    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path))
    write_dataset(tmp_path / "datasets" / "ships", frame.head(50))
    assert sp.known_datasets() == ["ships"]
    assert sp.resolve_dataset("ships") == tmp_path / "datasets" / "ships" / "points.parquet"
    assert sp.count("ships", sp.PointQuery()) == 50


def test_an_unknown_dataset_lists_the_known_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame
) -> None:
    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path))
    write_dataset(tmp_path / "datasets" / "ships", frame.head(5))
    write_dataset(tmp_path / "datasets" / "flights", frame.head(5))
    with pytest.raises(UnknownDatasetError, match=r"unknown dataset 'ais'.*: flights, ships"):
        sp.count("ais", sp.PointQuery())
    with pytest.raises(UnknownDatasetError, match=r"unknown dataset '.*nowhere'"):
        sp.resolve_dataset(tmp_path / "nowhere")
    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path / "empty"))
    with pytest.raises(UnknownDatasetError, match="none yet: create one with straitmap ingest"):
        sp.resolve_dataset("ships")


def test_the_default_data_folder_is_data_in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    from straitmap import datasets

    monkeypatch.delenv("STRAITMAP_DATA", raising=False)
    assert sp.data_folder() == Path(__file__).resolve().parents[1] / "data"
    assert sp.DATA_ENV_VAR == datasets.DATA_ENV_VAR


# --- bad queries ---------------------------------------------------------------------------------

BAD_BOUNDS = {
    "west after east": ((121, 22, 118, 26), r"west ≤ east, found west 121 > east 118"),
    "latitudes first": ((22, 118, 26, 123), r"south 118 is outside -90..90; were latitudes"),
    "three numbers": ((118, 22, 123), r"expected 4 numbers, found 3"),
    "south after north": ((118, 26, 123, 22), r"south ≤ north, found 26 > 22"),
    "not finite": ((118, 22, math.nan, 26), r"expected finite numbers"),
    "beyond 180": ((118, 22, 190, 26), r"east 190 is outside -180..180"),
}


@pytest.mark.parametrize(("bounds", "message"), BAD_BOUNDS.values(), ids=BAD_BOUNDS.keys())
def test_bad_bounds_say_the_order_and_what_was_found(
    bounds: tuple[float, ...], message: str
) -> None:
    with pytest.raises(PointQueryError, match=r"west,south,east,north .*longitudes first"):
        sp.PointQuery(bounds=bounds)  # type: ignore[arg-type]
    with pytest.raises(PointQueryError, match=message):
        sp.PointQuery(bounds=bounds)  # type: ignore[arg-type]


def test_dates_out_of_order_are_refused() -> None:
    with pytest.raises(PointQueryError, match="2024-05-01 after 2024-04-01"):
        sp.PointQuery(date_from=dt.date(2024, 5, 1), date_to=dt.date(2024, 4, 1))


BAD_WHERE = {
    "unknown column": (
        (("colour", "red"),),
        r"has no column 'colour': expected a categorical column .* 'kind', 'flag', 'vessel_id'",
    ),
    "not categorical": (
        (("speed_kn", "3"),),
        r"cannot filter on 'speed_kn': expected a categorical column",
    ),
    "unknown value": (
        (("kind", "submarine"),),
        r"column 'kind' never holds 'submarine': expected one of 'cargo', 'fishing', "
        r"'passenger', 'tanker'",
    ),
    "not an integer": ((("vessel_id", "abc"),), r"column 'vessel_id' holds whole numbers"),
}


@pytest.mark.parametrize(("where", "message"), BAD_WHERE.values(), ids=BAD_WHERE.keys())
def test_bad_where_names_the_column_or_value_and_the_valid_ones(
    dataset: Path, where: tuple[tuple[str, str], ...], message: str
) -> None:
    with pytest.raises(PointQueryError, match=message):
        sp.count(dataset, sp.PointQuery(where=where))


def test_cells_by_a_column_that_is_not_categorical_is_refused(dataset: Path) -> None:
    with pytest.raises(PointQueryError, match=r"cannot count cells by 'speed_kn'.*'kind'"):
        sp.cells(dataset, sp.PointQuery(), 5, by="speed_kn")


@pytest.mark.parametrize(
    "zoom", [-1, 25, 2.5, True], ids=["negative", "too deep", "fraction", "bool"]
)
def test_a_bad_zoom_is_refused(zoom: object) -> None:
    with pytest.raises(PointQueryError, match="expected a whole zoom from 0 to 24"):
        sp.cell_size_deg(zoom)  # type: ignore[arg-type]


def test_dates_on_a_dataset_without_dates_are_refused(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "undated", pd.DataFrame({"lon": [120.0], "lat": [24.0]}))
    with pytest.raises(PointQueryError, match="no date or time column"):
        sp.count(folder, sp.PointQuery(date_from=dt.date(2024, 1, 1)))


def test_unknown_point_columns_are_refused(dataset: Path) -> None:
    with pytest.raises(PointQueryError, match=r"no column 'colour': expected some of"):
        sp.points(dataset, sp.PointQuery(), columns=["colour"])


# --- measurement ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def targets() -> dict[str, object]:
    return {
        "median_line": load_layer("median_line").geometry.iloc[0],
        "us_bases_japan": load_layer("us_bases_japan"),
        "coast": taiwan_main_island(load_layer("land")).boundary,
    }


def _library_columns(
    lons: np.ndarray, lats: np.ndarray, to: str, targets: dict[str, object]
) -> dict[str, np.ndarray]:
    if to == "median_line":
        signed = signed_distances_to_line(lons, lats, targets[to])
        return {"to_median_line_m": signed}
    if to == "us_bases_japan":
        bases = targets[to]
        index, metres = nearest_feature(lons, lats, bases)
        return {
            "nearest_us_installation": bases["name"].to_numpy()[index],  # type: ignore[index]
            "nearest_us_installation_id": bases["id"].to_numpy()[index],  # type: ignore[index]
            "to_installation_m": metres,
        }
    return {"to_taiwan_coast_m": distances_to_geometry(lons, lats, targets[to]).metres}


@pytest.mark.parametrize("to", sp.MEASURE_TARGETS)
def test_measure_points_equals_the_librarys_functions(
    dataset: Path, tmp_path: Path, to: sp.MeasureTo, targets: dict[str, object]
) -> None:
    out = tmp_path / "measured.parquet"
    summary = sp.measure_points(dataset, to, out, batch_rows=700)
    written = pq.read_table(out)
    assert summary.rows == written.num_rows == 4_005
    source = pq.read_table(dataset / "points.parquet")
    assert written.column_names[: len(source.column_names)] == source.column_names
    assert list(summary.added) == written.column_names[len(source.column_names) :]
    assert written.schema.metadata[b"geo"] == source.schema.metadata[b"geo"]
    lons = written.column("lon").to_numpy()
    lats = written.column("lat").to_numpy()
    for name, values in _library_columns(lons, lats, to, targets).items():
        assert written.column(name).to_numpy(zero_copy_only=False).tolist() == values.tolist()
    if to == "median_line":
        signed = written.column("to_median_line_m").to_numpy()
        sides = written.column("median_line_side").to_pylist()
        assert sides == ["east (Taiwan side)" if m >= 0 else "west" for m in signed]


def test_measure_points_to_csv_with_a_query(
    dataset: Path, frame: pd.DataFrame, tmp_path: Path, targets: dict[str, object]
) -> None:
    out = tmp_path / "coast.csv"
    query = QUERIES["box"]
    summary = sp.measure_points(dataset, "coast", out, query=query)
    written = pacsv.read_csv(out).to_pandas()
    assert summary.rows == len(written) == int(expected_mask(frame, query).sum())
    assert "geometry" not in written
    assert "bbox" not in written
    expected = distances_to_geometry(written["lon"], written["lat"], targets["coast"]).metres
    np.testing.assert_allclose(written["to_taiwan_coast_m"], expected, rtol=1e-12)


def test_measure_points_with_nothing_matching_writes_an_empty_file(
    dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "none.parquet"
    query = sp.PointQuery(bounds=(140.0, 40.0, 141.0, 41.0))
    assert sp.measure_points(dataset, "median_line", out, query=query).rows == 0
    written = pq.read_table(out)
    assert written.num_rows == 0
    assert "to_median_line_m" in written.column_names


def test_measure_points_refuses_bad_outputs(dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(PointQueryError, match=r"ending in \.parquet or \.csv, found .*out\.txt"):
        sp.measure_points(dataset, "coast", tmp_path / "out.txt")
    with pytest.raises(PointQueryError, match="expected an existing folder"):
        sp.measure_points(dataset, "coast", tmp_path / "missing" / "out.csv")
    with pytest.raises(PointQueryError, match="refusing to overwrite the dataset's own"):
        sp.measure_points(dataset, "coast", dataset / "points.parquet")
    with pytest.raises(PointQueryError, match="expected one of 'median_line', 'us_bases_japan'"):
        sp.measure_points(dataset, "moon", tmp_path / "out.csv")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_boolean_column_is_filtered_by_true_or_false(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"lon": [120.0, 120.1, 120.2], "lat": [24.0] * 3, "moored": [True, False, True]}
    )
    folder = write_dataset(tmp_path / "moorings", frame)
    assert sp.count(folder, sp.PointQuery(where=(("moored", "true"),))) == 2
    assert sp.count(folder, sp.PointQuery(where=(("moored", False),))) == 1
    with pytest.raises(PointQueryError, match=r"column 'moored' holds true/false, found 'maybe'"):
        sp.count(folder, sp.PointQuery(where=(("moored", "maybe"),)))


def test_a_dataset_from_straitmap_ingest_answers_as_pandas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame
) -> None:
    from straitmap.datasets import ingest

    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path / "data"))
    source = frame.head(1_000).copy()
    source["date"] = source["date"].map(lambda d: d.isoformat())
    source.to_csv(tmp_path / "ships.csv", index=False)
    ingest([tmp_path / "ships.csv"], "ships")
    query = sp.PointQuery(
        bounds=BOX, date_from=dt.date(2024, 2, 1), where={"kind": ["tanker", "fishing"]}
    )
    rows = frame.head(1_000)
    assert sp.count("ships", query) == int(expected_mask(rows, query).sum())
    assert sp.cells("ships", query, 9, by="flag").count == sp.count("ships", query)
