"""Queries of point datasets by what is on screen: counts, points and zoom-sized cells (DuckDB)."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

from straitmap.errors import PointQueryError, UnknownDatasetError

if TYPE_CHECKING:
    import duckdb
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "CELL_ZOOM_OFFSET",
    "DATA_ENV_VAR",
    "MEASURE_TARGETS",
    "Cell",
    "CellGrid",
    "MeasureSummary",
    "MeasureTarget",
    "NearPoint",
    "PointQuery",
    "ScanStats",
    "View",
    "category_counts",
    "cell_size_deg",
    "cells",
    "count",
    "data_folder",
    "known_datasets",
    "load_measure_target",
    "measure_columns",
    "measure_points",
    "point_near",
    "points",
    "resolve_dataset",
    "scan_stats",
    "view",
]

#: Where datasets live: `$STRAITMAP_DATA/datasets/NAME/` (default: `data/` in the checkout);
#: the same name as `straitmap.datasets.DATA_ENV_VAR`, kept here so importing stays light.
DATA_ENV_VAR: Final = "STRAITMAP_DATA"
POINTS_FILE: Final = "points.parquet"
#: A cell is 1 / 2**CELL_ZOOM_OFFSET of a web map tile's width: 32 px at 256 px tiles.
CELL_ZOOM_OFFSET: Final = 3
MAX_ZOOM: Final = 24
#: Columns that are the dataset's own plumbing, never returned as properties by default.
GEOMETRY_COLUMNS: Final = ("geometry", "bbox")
NO_VALUE: Final = "(no value)"

Bounds = tuple[float, float, float, float]
CategoryValue = str | int | bool
MeasureTo = Literal["median_line", "us_bases_japan", "coast"]
MEASURE_TARGETS: Final[tuple[MeasureTo, ...]] = get_args(MeasureTo)


# --- where datasets live ------------------------------------------------------------------------


def data_folder() -> Path:
    """The data folder: `$STRAITMAP_DATA` if set, else `data/` in the checkout (git-ignored);
    the ingest's own definition (`straitmap.datasets.data_dir`)."""
    from straitmap.datasets import data_dir

    return data_dir()


def known_datasets(folder: Path | None = None) -> list[str]:
    """Names of the datasets in `folder` (default `data_folder() / "datasets"`), sorted."""
    root = (data_folder() / "datasets") if folder is None else folder
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / POINTS_FILE).is_file())


def resolve_dataset(dataset: str | Path) -> Path:
    """The `points.parquet` of a dataset given as a folder path or a name in the data folder.

    A `Path`, or text with a path separator or starting with ".", is a folder (or the
    `points.parquet` itself); other text is a name under `$STRAITMAP_DATA/datasets/`.
    Raises `UnknownDatasetError` listing the known datasets when nothing is there.
    """
    root = data_folder() / "datasets"
    text = str(dataset)
    is_path = isinstance(dataset, Path) or "/" in text or os.sep in text or text.startswith(".")
    candidate = Path(text).expanduser() if is_path else root / text
    if candidate.is_file() and candidate.suffix == ".parquet":
        return candidate
    if (candidate / POINTS_FILE).is_file():
        return candidate / POINTS_FILE
    raise UnknownDatasetError(text, root, known_datasets(root))


# --- the query ----------------------------------------------------------------------------------


def _checked_bounds(bounds: Sequence[float]) -> Bounds:
    """Bounds as (west, south, east, north), or a PointQueryError saying what is wrong."""
    order = "bounds are west,south,east,north (GeoJSON order, longitudes first)"
    values = tuple(float(v) for v in bounds)
    if len(values) != 4:
        raise PointQueryError(f"{order}: expected 4 numbers, found {len(values)}")
    if not all(math.isfinite(v) for v in values):
        raise PointQueryError(f"{order}: expected finite numbers, found {values}")
    west, south, east, north = values
    for name, value, limit in (("west", west, 180), ("east", east, 180)):
        if abs(value) > limit:
            raise PointQueryError(f"{order}: {name} {value:g} is outside -180..180")
    for name, value in (("south", south), ("north", north)):
        if abs(value) > 90:
            hint = "; were latitudes given first?" if abs(west) <= 90 else ""
            raise PointQueryError(f"{order}: {name} {value:g} is outside -90..90{hint}")
    if west > east:
        raise PointQueryError(
            f"{order}: expected west ≤ east, found west {west:g} > east {east:g} "
            "(views across the antimeridian are not supported)"
        )
    if south > north:
        raise PointQueryError(f"{order}: expected south ≤ north, found {south:g} > {north:g}")
    return west, south, east, north


def _normalised_where(
    where: Mapping[str, CategoryValue | Iterable[CategoryValue]]
    | Iterable[tuple[str, CategoryValue]],
) -> tuple[tuple[str, CategoryValue], ...]:
    pairs: list[tuple[str, CategoryValue]] = []
    items = where.items() if isinstance(where, Mapping) else where
    for column, value in items:
        if isinstance(value, str | int | bool):
            pairs.append((column, value))
        else:
            pairs.extend((column, v) for v in value)
    return tuple(dict.fromkeys(pairs))


@dataclass(frozen=True)
class PointQuery:
    """Which points of a dataset: inside `bounds`, between two dates, with column values.

    - `bounds`: (west, south, east, north) in degrees, GeoJSON order, edges included;
      None for the whole dataset.
    - `date_from`/`date_to`: calendar days, both included, on the `date` column (or the
      UTC day of the `time` column); rows without a date match only when neither is set.
    - `where`: (column, value) equalities on categorical columns (text, boolean or integer);
      several values of one column match any of them, different columns must all match.
      A mapping {column: value or values} is accepted too.

    Bounds and dates are checked here; columns and values against a dataset when it is read.

    >>> PointQuery(bounds=(118, 22, 123, 26), where={"kind": ["tanker", "cargo"]}).where
    (('kind', 'tanker'), ('kind', 'cargo'))
    """

    bounds: Bounds | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    where: tuple[tuple[str, CategoryValue], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.bounds is not None:
            object.__setattr__(self, "bounds", _checked_bounds(self.bounds))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise PointQueryError(
                f"expected the first day on or before the last, found {self.date_from} after "
                f"{self.date_to}"
            )
        object.__setattr__(self, "where", _normalised_where(self.where))


# --- the dataset's columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    """What a query needs to know of a dataset's schema."""

    types: dict[str, str]
    #: Categorical columns and their kind: "text", "boolean" or "integer".
    categorical: dict[str, str]
    date_column: str | None
    date_is_timestamp: bool


def _category_kind(arrow_type: pa.DataType) -> str | None:
    import pyarrow as pa

    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "text"
    if pa.types.is_string_view(arrow_type):
        return "text"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_integer(arrow_type):
        return "integer"
    return None


@lru_cache(maxsize=64)
def _columns_of(path: str, _mtime_ns: int, _size: int) -> _Columns:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    types = {f.name: str(f.type) for f in schema}
    categorical = {
        f.name: kind
        for f in schema
        if f.name not in (*GEOMETRY_COLUMNS, "lon", "lat") and (kind := _category_kind(f.type))
    }
    date_column, is_timestamp = None, False
    if "date" in types:
        date_column = "date"
        is_timestamp = pa.types.is_timestamp(schema.field("date").type)
    elif "time" in types:
        date_column, is_timestamp = "time", True
    return _Columns(types, categorical, date_column, is_timestamp)


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def _columns(path: Path) -> _Columns:
    return _columns_of(*_file_key(path))


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _typed_value(column: str, kind: str, value: CategoryValue) -> CategoryValue:
    """`value` as the column's type: "3" for an integer column is 3, "true" for a boolean."""
    if kind == "text":
        return str(value)
    text = str(value).strip().lower()
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise PointQueryError(
            f"column {column!r} holds true/false, found {value!r}: expected true or false"
        )
    if isinstance(value, int):
        return value
    try:
        return int(text)
    except ValueError:
        raise PointQueryError(
            f"column {column!r} holds whole numbers, found {value!r}: expected an integer"
        ) from None


def _listed(values: Sequence[Any], shown: int = 20) -> str:
    text = ", ".join(repr(v) for v in values[:shown])
    return text + (f", ... ({len(values)} in all)" if len(values) > shown else "")


@dataclass(frozen=True)
class _Sql:
    """A WHERE clause with its named parameters (`$path` is the file), and the values asked
    of each categorical column (typed as the column)."""

    where: str
    params: dict[str, Any]
    categories: dict[str, tuple[CategoryValue, ...]]


def _where_sql(path: Path, query: PointQuery, columns: _Columns) -> _Sql:
    """The query as SQL on lon/lat (row-group statistics prune it), dates and categories."""
    clauses: list[str] = []
    params: dict[str, Any] = {"path": str(path)}
    if query.bounds is not None:
        clauses.append("lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north")
        params.update(zip(("west", "south", "east", "north"), query.bounds, strict=True))
    if query.date_from is not None or query.date_to is not None:
        if columns.date_column is None:
            raise PointQueryError(
                "the dataset has no date or time column to filter by dates: expected a "
                f"column 'date' or 'time', found {_listed(list(columns.types))}"
            )
        column = _quoted(columns.date_column)
        if query.date_from is not None:
            clauses.append(f"{column} >= $date_from")
            start = query.date_from
            params["date_from"] = (
                dt.datetime.combine(start, dt.time()) if columns.date_is_timestamp else start
            )
        if query.date_to is not None:
            if columns.date_is_timestamp:
                clauses.append(f"{column} < $date_to")
                after = query.date_to + dt.timedelta(days=1)
                params["date_to"] = dt.datetime.combine(after, dt.time())
            else:
                clauses.append(f"{column} <= $date_to")
                params["date_to"] = query.date_to
    grouped: dict[str, list[CategoryValue]] = {}
    for column, value in query.where:
        if column not in columns.categorical:
            found = "has no column" if column not in columns.types else "cannot filter on"
            raise PointQueryError(
                f"the dataset {found} {column!r}: expected a categorical column "
                f"(text, boolean or integer), one of {_listed(list(columns.categorical))}"
            )
        kind = columns.categorical[column]
        grouped.setdefault(column, []).append(_typed_value(column, kind, value))
    for number, (column, values) in enumerate(grouped.items()):
        names = [f"where_{number}_{i}" for i in range(len(values))]
        params.update(zip(names, values, strict=True))
        clauses.append(f"{_quoted(column)} IN ({', '.join('$' + n for n in names)})")
    categories = {column: tuple(values) for column, values in grouped.items()}
    return _Sql(" AND ".join(clauses) or "TRUE", params, categories)


# --- DuckDB -------------------------------------------------------------------------------------

_DATABASE_LOCK: Final = threading.Lock()
_DATABASE: list[duckdb.DuckDBPyConnection] = []


def _cursor() -> duckdb.DuckDBPyConnection:
    """A new cursor on one shared in-memory database: safe to use from any thread.

    `duckdb.connect()` costs about 50 ms, a cursor well under 1 ms; DuckDB documents one
    cursor per thread as its thread-safe use (Streamlit runs each session in a thread).
    """
    import duckdb

    with _DATABASE_LOCK:
        if not _DATABASE:
            database = duckdb.connect()
            database.execute("SET TimeZone = 'UTC'")
            _DATABASE.append(database)
        return _DATABASE[0].cursor()


def _run(sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    with _cursor() as cursor:
        rows: list[tuple[Any, ...]] = cursor.execute(sql, dict(params)).fetchall()
    return rows


@lru_cache(maxsize=256)
def _missing_values(
    path: str, _mtime_ns: int, _size: int, column: str, values: tuple[CategoryValue, ...]
) -> tuple[tuple[CategoryValue, ...], tuple[Any, ...]]:
    """Values the column never holds, and (when some are missing) the values it holds."""
    quoted = _quoted(column)
    names = [f"v{i}" for i in range(len(values))]
    params: dict[str, Any] = {"path": path, **dict(zip(names, values, strict=True))}
    found = _run(
        f"SELECT DISTINCT {quoted} FROM read_parquet($path) "
        f"WHERE {quoted} IN ({', '.join('$' + n for n in names)})",
        params,
    )
    present = {row[0] for row in found}
    missing = tuple(v for v in values if v not in present)
    if not missing:
        return (), ()
    held = _run(
        f"SELECT DISTINCT {quoted} FROM read_parquet($path) WHERE {quoted} IS NOT NULL "
        "ORDER BY 1 LIMIT 101",
        {"path": path},
    )
    return missing, tuple(row[0] for row in held)


def _prepared(dataset: str | Path, query: PointQuery) -> tuple[Path, _Columns, _Sql]:
    """The dataset's file, its columns and the query's SQL, every `where` value checked."""
    path = resolve_dataset(dataset)
    columns = _columns(path)
    sql = _where_sql(path, query, columns)
    for column, values in sql.categories.items():
        missing, held = _missing_values(*_file_key(path), column, values)
        if missing:
            raise PointQueryError(
                f"column {column!r} never holds {_listed(list(missing))}: expected one of "
                f"{_listed(list(held))}"
            )
    return path, columns, sql


# --- counts, points, cells ----------------------------------------------------------------------


def count(dataset: str | Path, query: PointQuery) -> int:
    """How many points of the dataset match the query.

    `dataset` is a dataset folder or a name in `$STRAITMAP_DATA/datasets/`. Raises
    `UnknownDatasetError` (listing the known ones) and `PointQueryError` (naming the column
    or value and listing the valid ones).
    """
    _, _, sql = _prepared(dataset, query)
    rows = _run(f"SELECT count(*) FROM read_parquet($path) WHERE {sql.where}", sql.params)
    return int(rows[0][0])


def points(
    dataset: str | Path,
    query: PointQuery,
    limit: int = 5_000,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The matching points (at most `limit`, in the file's Hilbert order) as a table.

    `columns` defaults to every column but the geometry and bbox (`lon` and `lat` are always
    there). Meant for when `count` is small; for more, use `cells`.
    """
    if limit < 0:
        raise PointQueryError(f"expected a limit of 0 or more points, found {limit}")
    _, schema, sql = _prepared(dataset, query)
    wanted = [c for c in schema.types if c not in GEOMETRY_COLUMNS] if columns is None else []
    if columns is not None:
        unknown = [c for c in columns if c not in schema.types]
        if unknown:
            raise PointQueryError(
                f"the dataset has no column {_listed(unknown)}: expected some of "
                f"{_listed(list(schema.types))}"
            )
        wanted = list(dict.fromkeys(["lon", "lat", *columns]))
    selected = ", ".join(_quoted(c) for c in wanted)
    with _cursor() as cursor:
        frame: pd.DataFrame = cursor.execute(
            f"SELECT {selected} FROM read_parquet($path) WHERE {sql.where} LIMIT $limit",
            {**sql.params, "limit": limit},
        ).df()
    return frame


def cell_size_deg(zoom: int) -> float:
    """The side of a cell in degrees at a web map zoom: 360 / 2**(zoom + CELL_ZOOM_OFFSET).

    At zoom z a 256 px web map tile spans 360 / 2**z degrees of longitude, so with the offset
    k = 3 a cell is an eighth of a tile: 32 px wide on screen at every zoom (its height grows
    with latitude as Mercator stretches, 1.1× at 25°N). 32 px keeps a cell big enough to hover
    for its tooltip and a 1280×720 view under about 1,000 cells (a few hundred kB), while
    still showing the shape of the hot spots. Sizes are powers of two of 45°, exact in
    binary, so every zoom's grid nests inside the one above it.

    >>> cell_size_deg(7), cell_size_deg(12)
    (0.3515625, 0.010986328125)
    """
    if isinstance(zoom, bool) or not isinstance(zoom, int) or not 0 <= zoom <= MAX_ZOOM:
        raise PointQueryError(f"expected a whole zoom from 0 to {MAX_ZOOM}, found {zoom!r}")
    return 360.0 / float(2 ** (zoom + CELL_ZOOM_OFFSET))


@dataclass(frozen=True)
class Cell:
    """One square of the global grid: its column/row, bounds, and the points in it.

    West and south edges belong to the cell, east and north to the next one (the last column
    and row also hold 180°E and 90°N). `by_category` counts the points per value of the
    grid's `by` column (`NO_VALUE` for nulls); empty when the grid has no `by`.
    """

    column: int
    row: int
    west: float
    south: float
    east: float
    north: float
    count: int
    by_category: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        """The cell as a JSON object (bounds in GeoJSON order)."""
        return {
            "column": self.column,
            "row": self.row,
            "bounds": [self.west, self.south, self.east, self.north],
            "count": self.count,
            "by_category": dict(self.by_category),
        }


@dataclass(frozen=True)
class CellGrid:
    """The matching points aggregated into the cells of one zoom's grid (non-empty ones)."""

    zoom: int
    size_deg: float
    by: str | None
    cells: tuple[Cell, ...]

    @property
    def count(self) -> int:
        """The points in every cell: the query's count."""
        return sum(cell.count for cell in self.cells)

    def to_json(self) -> dict[str, Any]:
        """The grid as a JSON object: zoom, cell size, category column, count and cells."""
        return {
            "zoom": self.zoom,
            "cell_size_deg": self.size_deg,
            "by": self.by,
            "count": self.count,
            "cells": [cell.to_json() for cell in self.cells],
        }


def _category_key(value: Any) -> str:
    if value is None:
        return NO_VALUE
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cells(dataset: str | Path, query: PointQuery, zoom: int, by: str | None = None) -> CellGrid:
    """The matching points counted per square cell of the grid for `zoom` (see
    `cell_size_deg`), with per-value counts of the categorical column `by` when given.

    The grid is global (column 0 starts at 180°W, row 0 at 90°S), so a cell keeps its place
    when the view pans; cells are sorted by row, then column.
    """
    size = cell_size_deg(zoom)
    _, schema, sql = _prepared(dataset, query)
    if by is not None and by not in schema.categorical:
        raise PointQueryError(
            f"cannot count cells by {by!r}: expected a categorical column (text, boolean or "
            f"integer), one of {_listed(list(schema.categorical))}"
        )
    columns_in_grid = 2 ** (zoom + CELL_ZOOM_OFFSET)
    category = f", {_quoted(by)}" if by is not None else ""
    rows = _run(
        "SELECT least(CAST(floor((lon + 180.0) / $size) AS BIGINT), $last_column) AS ix, "
        "least(CAST(floor((lat + 90.0) / $size) AS BIGINT), $last_row) AS iy"
        f"{category}, count(*) FROM read_parquet($path) WHERE {sql.where} GROUP BY ALL",
        {
            **sql.params,
            "size": size,
            "last_column": columns_in_grid - 1,
            "last_row": columns_in_grid // 2 - 1,
        },
    )
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for row in rows:
        per_value = counts.setdefault((int(row[1]), int(row[0])), {})
        key = _category_key(row[2]) if by is not None else ""
        per_value[key] = per_value.get(key, 0) + int(row[-1])
    grid = tuple(
        Cell(
            column=ix,
            row=iy,
            west=ix * size - 180.0,
            south=iy * size - 90.0,
            east=(ix + 1) * size - 180.0,
            north=(iy + 1) * size - 90.0,
            count=sum(per_value.values()),
            by_category=dict(sorted(per_value.items())) if by is not None else {},
        )
        for (iy, ix), per_value in sorted(counts.items())
    )
    return CellGrid(zoom=zoom, size_deg=size, by=by, cells=grid)


@dataclass(frozen=True)
class View:
    """What a map view needs: the count, and either the points (few) or the cells (many)."""

    count: int
    points: pd.DataFrame | None
    cells: CellGrid | None


def view(
    dataset: str | Path,
    query: PointQuery,
    zoom: int,
    *,
    max_points: int = 5_000,
    by: str | None = None,
    columns: Sequence[str] | None = None,
) -> View:
    """The points when at most `max_points` match, else the cells of `zoom`'s grid."""
    matching = count(dataset, query)
    if matching <= max_points:
        return View(matching, points(dataset, query, max_points, columns), None)
    return View(matching, None, cells(dataset, query, zoom, by))


def category_counts(
    dataset: str | Path, column: str, query: PointQuery | None = None, limit: int = 50
) -> list[tuple[CategoryValue | None, int]]:
    """The values of a categorical column among the matching points, most frequent first
    (ties by value), at most `limit`: what a filter's choices offer. None counts the blanks.
    """
    if limit < 1:
        raise PointQueryError(f"expected a limit of 1 or more values, found {limit}")
    _, schema, sql = _prepared(dataset, query or PointQuery())
    if column not in schema.categorical:
        raise PointQueryError(
            f"cannot list the values of {column!r}: expected a categorical column (text, "
            f"boolean or integer), one of {_listed(list(schema.categorical))}"
        )
    quoted = _quoted(column)
    rows = _run(
        f"SELECT {quoted}, count(*) AS n FROM read_parquet($path) WHERE {sql.where} "
        f"GROUP BY 1 ORDER BY n DESC, 1 NULLS LAST LIMIT $limit",
        {**sql.params, "limit": limit},
    )
    return [(row[0], int(row[1])) for row in rows]


@dataclass(frozen=True)
class NearPoint:
    """The matching point nearest a position (a click), with every property of its row."""

    properties: dict[str, Any]
    #: Geodesic distance (WGS84) from the position asked about to the point, in metres.
    metres: float
    #: How many matching points lie within the radius asked for (this one included).
    within: int


def _python_value(value: Any, arrow_type: str) -> Any:
    """A cell of a DuckDB frame as Python holds it: None for blanks, a date for date32
    (DuckDB's frames hold dates as midnight timestamps), numpy scalars as Python numbers."""
    import pandas as pd

    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if arrow_type.startswith("date") else value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def point_near(
    dataset: str | Path, query: PointQuery, lon: float, lat: float, radius_m: float
) -> NearPoint | None:
    """The matching point geodesically nearest (lon, lat) within `radius_m` metres, with all
    its columns but the geometry and bbox; None when there is none. `query.bounds` is
    replaced by a box around the position that holds the whole radius.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lat) > 90 or abs(lon) > 180:
        raise PointQueryError(f"expected a position in ±180°, ±90°, found ({lon}, {lat})")
    if not math.isfinite(radius_m) or radius_m <= 0:
        raise PointQueryError(f"expected a radius above 0 m, found {radius_m}")
    # A degree of latitude is at least 110.5 km; of longitude, that times cos(latitude).
    dlat = radius_m / 110_000.0
    dlon = 180.0 if abs(lat) + dlat >= 89.0 else dlat / math.cos(math.radians(abs(lat) + dlat))
    box = (
        max(-180.0, lon - dlon),
        max(-90.0, lat - dlat),
        min(180.0, lon + dlon),
        min(90.0, lat + dlat),
    )
    near = points(dataset, PointQuery(box, query.date_from, query.date_to, query.where), 10_000)
    if near.empty:
        return None
    import numpy as np

    from straitmap.geodesy import GEOD

    lons, lats = near["lon"].to_numpy(float), near["lat"].to_numpy(float)
    _, _, metres = GEOD.inv(np.full(len(near), lon), np.full(len(near), lat), lons, lats)
    inside = np.flatnonzero(np.asarray(metres) <= radius_m)
    if not len(inside):
        return None
    best = int(inside[np.argmin(np.asarray(metres)[inside])])
    types = _columns(resolve_dataset(dataset)).types
    row = {str(k): _python_value(v, types.get(str(k), "")) for k, v in near.iloc[best].items()}
    return NearPoint(
        properties=row,
        metres=float(np.asarray(metres)[best]),
        within=len(inside),
    )


@dataclass(frozen=True)
class ScanStats:
    """What DuckDB read for a query: row groups scanned of the file's total, rows, bytes."""

    row_groups_scanned: int
    row_groups_total: int
    rows_scanned: int
    bytes_scanned: int
    matching: int


def scan_stats(dataset: str | Path, query: PointQuery) -> ScanStats:
    """DuckDB's own profile of reading the matching points' coordinates (what `cells` and
    `points` read): how many row groups, rows and bytes of the file it scanned.

    Row groups whose lon/lat (or date, category) statistics cannot match are skipped; a
    small viewport of a Hilbert-sorted dataset reads few of them.
    """
    _, _, sql = _prepared(dataset, query)
    with _cursor() as cursor:
        cursor.execute("SET enable_profiling = 'no_output'")
        rows = cursor.execute(
            f"SELECT count(*), sum(lon), sum(lat) FROM read_parquet($path) WHERE {sql.where}",
            sql.params,
        ).fetchall()
        profile = json.loads(cursor.get_profiling_information(format="json"))["query"]
    return ScanStats(
        row_groups_scanned=int(profile["total_row_groups_scanned"]),
        row_groups_total=int(profile["total_row_groups_to_scan"]),
        rows_scanned=int(profile["total_rows_scanned"]),
        bytes_scanned=int(profile["total_bytes_scanned"]),
        matching=int(rows[0][0]),
    )


# --- exact geodesic measurement over a dataset --------------------------------------------------


@dataclass(frozen=True)
class MeasureTarget:
    """What `measure_points` measures to: the median line, the US installations (a frame
    with `name` and `id`) or Taiwan's main island's coast (its boundary)."""

    to: MeasureTo
    target: Any


def load_measure_target(to: MeasureTo, catalog: Any = None) -> MeasureTarget:
    """The bundled layer behind `to` (catalog default: the bundled one)."""
    from straitmap.io import load_layer
    from straitmap.measure import taiwan_main_island

    if to not in MEASURE_TARGETS:
        raise PointQueryError(
            f"cannot measure to {to!r}: expected one of {_listed(MEASURE_TARGETS)}"
        )
    if to == "median_line":
        return MeasureTarget(to, load_layer("median_line", catalog=catalog).geometry.iloc[0])
    if to == "us_bases_japan":
        return MeasureTarget(
            to, load_layer("us_bases_japan", catalog=catalog).reset_index(drop=True)
        )
    land = load_layer("land", catalog=catalog)
    return MeasureTarget(to, taiwan_main_island(land).boundary)


def measure_columns(
    lons: npt.ArrayLike, lats: npt.ArrayLike, target: MeasureTarget
) -> dict[str, np.ndarray]:
    """The columns `measure_points` adds, for these points (exact, geodesic on WGS84).

    - median_line: `to_median_line_m` (signed: + east, Taiwan's side; − west) and
      `median_line_side` ("east (Taiwan side)" or "west", as `reports.incursion_distances`);
    - us_bases_japan: `nearest_us_installation` (name), `nearest_us_installation_id`,
      `to_installation_m`;
    - coast: `to_taiwan_coast_m` (to the main island's outline; a point on land gets its
      distance to the coast too).
    """
    import numpy as np

    from straitmap.measure import distances_to_geometry, nearest_feature, signed_distances_to_line

    if target.to == "median_line":
        signed = signed_distances_to_line(lons, lats, target.target)
        return {
            "to_median_line_m": signed,
            "median_line_side": np.where(signed >= 0, "east (Taiwan side)", "west"),
        }
    if target.to == "us_bases_japan":
        index, metres = nearest_feature(lons, lats, target.target)
        bases = target.target
        return {
            "nearest_us_installation": bases["name"].to_numpy(dtype=object)[index],
            "nearest_us_installation_id": bases["id"].to_numpy(dtype=object)[index],
            "to_installation_m": metres,
        }
    return {"to_taiwan_coast_m": distances_to_geometry(lons, lats, target.target).metres}


@dataclass(frozen=True)
class MeasureSummary:
    """What `measure_points` wrote: the file, its rows and the columns it added."""

    out: Path
    rows: int
    added: tuple[str, ...]


def _batches(path: Path, sql: _Sql, rows: int) -> Iterator[pa.RecordBatch]:
    """The matching rows in batches; one empty batch (with the schema) when none match."""
    import pyarrow as pa

    with _cursor() as cursor:
        relation = cursor.sql(
            f"SELECT * FROM read_parquet($path) WHERE {sql.where}", params=sql.params
        )
        reader = relation.to_arrow_reader(rows)
        empty = True
        for batch in reader:
            empty = False
            yield batch
        if empty:
            yield pa.RecordBatch.from_pylist([], schema=reader.schema)


def _arrow_column(values: np.ndarray) -> pa.Array:
    import pyarrow as pa

    if values.dtype.kind in "OUS":
        return pa.array(values.astype(object), type=pa.string())
    return pa.array(values)


def measure_points(
    dataset: str | Path,
    to: MeasureTo,
    out: Path,
    *,
    query: PointQuery | None = None,
    catalog: Any = None,
    batch_rows: int = 65_536,
) -> MeasureSummary:
    """Measure every (matching) point of a dataset to `to` and write them with new columns.

    Streams record batches of `batch_rows` through `measure_columns` (so memory follows the
    batch, not the dataset). `out` ending in `.parquet` keeps every column and the GeoParquet
    metadata (zstd); `.csv` leaves out `geometry` and `bbox`. The file is written beside
    `out` and renamed when complete, so a failure leaves no partial file.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise PointQueryError(f"expected an output file ending in .parquet or .csv, found {out}")
    if not out.parent.is_dir():
        raise PointQueryError(f"expected an existing folder for {out.name}, found no {out.parent}")
    path, _, sql = _prepared(dataset, query or PointQuery())
    if out.resolve() == path.resolve():
        raise PointQueryError(f"refusing to overwrite the dataset's own {path}")
    target = load_measure_target(to, catalog)
    metadata = pq.read_schema(path).metadata
    partial = out.with_name(f".{out.name}.partial")
    writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
    rows = 0
    added: tuple[str, ...] = ()
    try:
        for batch in _batches(path, sql, batch_rows):
            lons = batch.column("lon").to_numpy(zero_copy_only=False)
            lats = batch.column("lat").to_numpy(zero_copy_only=False)
            new = measure_columns(lons, lats, target)
            table = pa.Table.from_batches([batch])
            for name, values in new.items():
                table = table.append_column(name, _arrow_column(values))
            added = tuple(new)
            if suffix == ".csv":
                table = table.drop_columns([c for c in GEOMETRY_COLUMNS if c in table.column_names])
            else:
                table = table.replace_schema_metadata(metadata)
            if writer is None:
                writer = (
                    pacsv.CSVWriter(partial, table.schema)
                    if suffix == ".csv"
                    else pq.ParquetWriter(partial, table.schema, compression="zstd")
                )
            writer.write_table(table)
            rows += table.num_rows
        if writer is not None:
            writer.close()
            writer = None
            partial.replace(out)
    finally:
        if writer is not None:
            writer.close()
        partial.unlink(missing_ok=True)
    return MeasureSummary(out, rows, added)
