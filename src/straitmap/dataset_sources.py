"""Point files read in chunks for `straitmap.datasets.ingest`, every row checked by the loader's
rules: CSV (coordinate columns found as the upload finds them), GeoJSON FeatureCollections,
NDJSON / GeoJSONSeq (one Feature per line) and GeoParquet.

A source is cut into *units* of work (the whole file in one process; byte blocks or row groups
on a Dask cluster). `read_unit` reads one unit in batches, writes each batch's good rows to a
temporary Parquet part (lon, lat, date, time and the other columns, still untyped), and returns
what it found: counts, refused and skipped rows (numbered within the unit, made global by the
caller), the columns' kinds, the extent and a small sample of positions.

Numbering is the loader's (`straitmap.io.report`): GeoJSON features (NDJSON lines, GeoParquet
rows) from 0; CSV data rows from 1 with the line where each ends.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from straitmap.dates import read_date
from straitmap.errors import DateParseError, FileUnreadableError, InvalidContentError
from straitmap.io.csv_points import (
    _NUMBER,
    _check_csv_position,
    _coordinate_columns,
    _csv_coordinate,
    _csv_delimiter,
)
from straitmap.io.report import Outcome
from straitmap.io.strict_json import describe

__all__ = [
    "RESERVED_COLUMNS",
    "RowIssue",
    "SourceInfo",
    "Unit",
    "UnitResult",
    "detect_source",
    "geojson_units",
    "read_unit",
    "split_units",
]

SourceFormat = Literal["csv", "geojson", "ndjson", "geoparquet"]

#: Columns the dataset writes itself; a source column of the same name is refused.
RESERVED_COLUMNS: Final = frozenset({"geometry", "bbox", "lon", "lat"})
#: Source columns (any case) read as the dataset's `date` and `time`.
DATE_COLUMN: Final = "date"
TIME_COLUMN: Final = "time"

_HEAD_BYTES: Final = 1 << 16
_SAMPLE_PER_BATCH: Final = 512
_SUFFIXES: Final[Mapping[str, SourceFormat]] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".geojson": "geojson",
    ".json": "geojson",
    ".ndjson": "ndjson",
    ".geojsonl": "ndjson",
    ".geojsons": "ndjson",
    ".geojsonseq": "ndjson",
    ".jsonl": "ndjson",
    ".parquet": "geoparquet",
    ".geoparquet": "geoparquet",
}


@dataclass(frozen=True)
class RowIssue:
    """One refused or skipped row of a unit: `index` counts the unit's records from 0."""

    action: Literal["refused", "skipped"]
    index: int
    field: str | None
    expected: str
    found: str
    detail: str = ""
    line: int | None = None  # the line in the unit (from 1) where the record ends, if known


@dataclass(frozen=True)
class SourceInfo:
    """What the head of a source says: its format and, for CSV, the header and its columns."""

    index: int
    path: Path
    format: SourceFormat
    header: tuple[str, ...] = ()
    delimiter: str = ","
    header_end: int = 0  # byte offset of the first data record
    header_lines: int = 0
    lat_column: str = ""
    lon_column: str = ""


@dataclass(frozen=True)
class Unit:
    """One piece of work: a byte range, row groups, or features already parsed (GeoJSON)."""

    source: SourceInfo
    number: int
    start: int = 0
    end: int = -1  # -1: to the end of the file
    row_groups: tuple[int, ...] = ()
    features: tuple[Any, ...] = ()
    first_feature: int = 0


@dataclass
class UnitResult:
    """What reading one unit found; `parts` are the Parquet files of its good rows."""

    source: int
    number: int
    records: int = 0
    newlines: int = 0
    rows: int = 0
    parts: list[str] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    extent: tuple[float, float, float, float] | None = None
    notes: list[str] = field(default_factory=list)
    sample: npt.NDArray[np.float64] = field(default_factory=lambda: np.empty((0, 2)))
    outside_region: int = 0
    nulled: int = 0


# --- sources ------------------------------------------------------------------------------------


def detect_source(
    index: int, path: Path, *, lat_column: str | None = None, lon_column: str | None = None
) -> SourceInfo:
    """The format of `path` (from its name, then its first bytes) and, for CSV, its header."""
    if not path.is_file():
        what = "nothing" if not path.exists() else "not a regular file"
        raise FileUnreadableError(f"{path}: expected a point file, found {what}", path=path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
    except OSError as error:
        raise FileUnreadableError(f"{path}: cannot be read: {error.strerror}", path=path) from None
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is None:
        kind = _sniff(head, path)
    if kind == "geojson" and _looks_like_sequence(head):
        kind = "ndjson"
    if kind == "csv":
        return _csv_source(index, path, head, lat_column, lon_column)
    return SourceInfo(index, path, kind)


def _sniff(head: bytes, path: Path) -> SourceFormat:
    if head.startswith(b"PAR1"):
        return "geoparquet"
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    if text.startswith((b"{", b"\x1e")):
        return "geojson"
    if text:
        return "csv"
    raise InvalidContentError(f"{path}: expected a point file, found an empty file", path=path)


def _looks_like_sequence(head: bytes) -> bool:
    """GeoJSONSeq or NDJSON: each line a complete Feature (RS-prefixed or not)."""
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    if text.startswith(b"\x1e"):
        return True
    first = text.split(b"\n", 1)[0].strip()
    try:
        value = json.loads(first)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("type") == "Feature" and b"\n" in text.strip()


def _csv_source(
    index: int, path: Path, head: bytes, lat_column: str | None, lon_column: str | None
) -> SourceInfo:
    bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    text = head[bom:].decode("utf-8", errors="ignore")
    delimiter = _csv_delimiter(text, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error):
        header = []
    if not any(header):
        raise InvalidContentError(
            f"{path}: expected a header row naming the columns (such as name,lat,lon) on line 1, "
            "found nothing",
            path=path,
        )
    lines = reader.line_num
    offset = bom
    for _ in range(lines):
        newline = head.find(b"\n", offset)
        offset = len(head) if newline < 0 else newline + 1
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise InvalidContentError(
            f"{path}: expected unique column names in the header, found {duplicates[0]!r} more "
            "than once",
            path=path,
        )
    lat_name, lon_name = _coordinate_columns(header, [], path, lat_column, lon_column)
    for name in header:
        if name in (lat_name, lon_name) or not name:
            continue
        if name.casefold() in RESERVED_COLUMNS:
            raise InvalidContentError(
                f"{path}: expected no column named {name!r} besides the coordinates "
                f"({lat_name!r}, {lon_name!r}): the dataset writes its own "
                f"{', '.join(sorted(RESERVED_COLUMNS))}; rename it",
                path=path,
            )
    return SourceInfo(
        index, path, "csv", tuple(header), delimiter, offset, lines, lat_name, lon_name
    )


def split_units(source: SourceInfo, block_bytes: int | None) -> list[Unit]:
    """The units of a CSV, NDJSON or GeoParquet source: one, or byte blocks / row groups of
    about `block_bytes` each (None: the whole file in one unit)."""
    if source.format == "geoparquet":
        groups = pq.ParquetFile(source.path).metadata.num_row_groups
        if block_bytes is None or groups <= 1:
            return [Unit(source, 0, row_groups=tuple(range(groups)))]
        metadata = pq.ParquetFile(source.path).metadata
        units: list[Unit] = []
        batch: list[int] = []
        size = 0
        for group in range(groups):
            batch.append(group)
            size += metadata.row_group(group).total_byte_size
            if size >= block_bytes:
                units.append(Unit(source, len(units), row_groups=tuple(batch)))
                batch, size = [], 0
        if batch:
            units.append(Unit(source, len(units), row_groups=tuple(batch)))
        return units
    start = source.header_end
    total = source.path.stat().st_size
    if block_bytes is None or total - start <= block_bytes:
        return [Unit(source, 0, start, -1)]
    units = []
    with source.path.open("rb") as stream:
        while start < total:
            stream.seek(min(start + block_bytes, total))
            stream.readline()
            end = min(stream.tell(), total)
            units.append(Unit(source, len(units), start, end if end < total else -1))
            start = end
    return units


# --- reading a unit -----------------------------------------------------------------------------


@dataclass
class _Batch:
    """Good rows of one batch, before they are written: columns by name (lon, lat first)."""

    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    order: npt.NDArray[np.uint64]
    columns: dict[str, pa.Array]


def read_unit(unit: Unit, out_dir: str, chunk_rows: int) -> UnitResult:
    """Read `unit`, write its good rows as Parquet parts in `out_dir`, and say what it found."""
    result = UnitResult(unit.source.index, unit.number)
    kind = unit.source.format
    if kind == "csv":
        batches = _csv_batches(unit, chunk_rows, result)
    elif kind == "ndjson":
        batches = _feature_batches(unit, _ndjson_features(unit, result), chunk_rows, result)
    elif kind == "geojson":
        features = enumerate(unit.features, start=unit.first_feature)
        batches = _feature_batches(
            unit, ((i - unit.first_feature, f, None) for i, f in features), chunk_rows, result
        )
        result.records = len(unit.features)
    else:
        batches = _parquet_batches(unit, chunk_rows, result)
    for batch in batches:
        _write_batch(batch, unit, out_dir, result)
    return result


def _write_batch(batch: _Batch, unit: Unit, out_dir: str, result: UnitResult) -> None:
    if not len(batch.lon):
        return
    path = (
        f"{out_dir}/part-{unit.source.index:04d}-{unit.number:06d}-{len(result.parts):05d}.parquet"
    )
    arrays = {"lon": pa.array(batch.lon), "lat": pa.array(batch.lat)}
    arrays.update(batch.columns)
    arrays["_order"] = pa.array(batch.order)
    pq.write_table(pa.table(arrays), path, compression="lz4")
    result.parts.append(path)
    result.rows += len(batch.lon)
    west, south = float(batch.lon.min()), float(batch.lat.min())
    east, north = float(batch.lon.max()), float(batch.lat.max())
    if result.extent is not None:
        w, s, e, n = result.extent
        west, south, east, north = min(w, west), min(s, south), max(e, east), max(n, north)
    result.extent = (west, south, east, north)
    step = max(1, len(batch.lon) // _SAMPLE_PER_BATCH)
    sample = np.column_stack([batch.lon[::step], batch.lat[::step]])
    result.sample = np.concatenate([result.sample, sample])
    outside = (batch.lon < 100) | (batch.lon > 150) | (batch.lat < 0) | (batch.lat > 46)
    result.outside_region += int(outside.sum())


def _good_rows(
    unit: Unit,
    result: UnitResult,
    refused: Mapping[int, Sequence[RowIssue]],
    good: npt.NDArray[np.bool_],
    lon: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    local: npt.NDArray[np.int64],
    columns: Mapping[str, pa.Array],
) -> _Batch:
    """The batch's good rows: each refused row marked bad and its issues reported, in order."""
    for position, issues in sorted(refused.items()):
        good[position] = False
        result.issues.extend(issues)
    keep = pa.array(good)
    return _Batch(
        lon[good],
        lat[good],
        _order(unit, local[good]),
        {name: pc.filter(values, keep) for name, values in columns.items()},
    )


def _order(unit: Unit, local: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """Input order as one number: source, unit, record (ties in the sort keep it)."""
    base = (unit.source.index << 52) | (unit.number << 32)
    return np.uint64(base) + local.astype(np.uint64)


def _observe(result: UnitResult, name: str, kind: str) -> None:
    result.kinds[name] = unify_kinds(result.kinds.get(name), kind)


def unify_kinds(first: str | None, second: str) -> str:
    """The kind holding both: equal kinds stay, int with float is float, else text.

    >>> unify_kinds("int", "float"), unify_kinds("bool", "int"), unify_kinds(None, "null")
    ('float', 'str', 'null')
    """
    if first is None or first == "null" or first == second:
        return second
    if second == "null":
        return first
    if {first, second} == {"int", "float"}:
        return "float"
    return "str"


# --- CSV ----------------------------------------------------------------------------------------


def _csv_batches(unit: Unit, chunk_rows: int, result: UnitResult) -> Iterator[_Batch]:
    source = unit.source
    header = list(source.header)
    names = [name or f"_unnamed_{i}" for i, name in enumerate(header)]
    problems: list[tuple[int, int]] = []  # (record number in the unit from 1, cells found)

    def invalid(row: Any) -> str:
        problems.append((row.number, row.actual_columns))
        return "skip"

    block_size = int(min(max(chunk_rows * 80, 1 << 16), 1 << 28))
    read_options = pacsv.ReadOptions(column_names=names, use_threads=False, block_size=block_size)
    parse_options = pacsv.ParseOptions(
        delimiter=source.delimiter,
        newlines_in_values=True,
        ignore_empty_lines=False,
        invalid_row_handler=invalid,
    )
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    stream, block = _byte_range(source.path, unit.start, unit.end)
    result.newlines = block.count(b"\n") if block is not None else -1
    try:
        reader = pacsv.open_csv(stream, read_options, parse_options, convert)
        seen = 0  # good-shape records read so far
        for record_batch in reader:
            table = pa.Table.from_batches([record_batch])
            local = _record_indices(seen, table.num_rows, problems)
            seen += table.num_rows
            yield _check_csv_batch(unit, table, names, local, result)
    except pa.ArrowInvalid as error:
        raise InvalidContentError(
            f"{source.path}: not valid CSV: {error}", path=source.path
        ) from None
    finally:
        stream.close()
    for number, cells in problems:
        result.issues.append(
            RowIssue(
                "refused", number - 1, None, f"{len(header)} cells (as in the header)", f"{cells}"
            )
        )
    result.records = seen + len(problems)
    if result.issues and result.newlines < 0:
        result.newlines = _count_newlines(source.path, unit.start)
    _csv_lines(unit, result)


def _byte_range(path: Path, start: int, end: int) -> tuple[Any, bytes | None]:
    """A readable stream of the file's bytes from `start` to `end` (-1: the end), and the bytes
    themselves when the range was read into memory (a block on a cluster)."""
    if end < 0 and start == 0:
        return path.open("rb"), None
    handle = path.open("rb")
    handle.seek(start)
    if end < 0:
        return handle, None
    with handle:
        data = handle.read(end - start)
    return pa.BufferReader(data), data


def _count_newlines(path: Path, start: int) -> int:
    count = 0
    with path.open("rb") as stream:
        stream.seek(start)
        while chunk := stream.read(1 << 24):
            count += chunk.count(b"\n")
    return count


def _record_indices(
    seen: int, rows: int, problems: Sequence[tuple[int, int]]
) -> npt.NDArray[np.int64]:
    """Unit record indices (from 0) of the next `rows` good-shape rows, skipping the records
    the invalid-row handler took out (their numbers count from 1)."""
    ordinal = np.arange(seen, seen + rows, dtype=np.int64)
    if not problems:
        return ordinal
    taken = np.array(sorted(number - 1 for number, _ in problems), dtype=np.int64)
    before = taken - np.arange(len(taken), dtype=np.int64)  # good rows before each taken record
    return ordinal + np.searchsorted(before, ordinal, side="right")


def _csv_lines(unit: Unit, result: UnitResult) -> None:
    """The line (in the unit, from 1) where each refused or skipped record ends."""
    if not result.issues:
        return
    if result.records in (result.newlines, result.newlines + 1):
        # No cell spans lines: record N ends on line N.
        result.issues = [
            RowIssue(i.action, i.index, i.field, i.expected, i.found, i.detail, i.index + 1)
            for i in result.issues
        ]
        return
    # Quoted cells span lines: read the records again with the csv module, which counts them.
    wanted = {issue.index for issue in result.issues}
    lines: dict[int, int] = {}
    stream, _ = _byte_range(unit.source.path, unit.start, unit.end)
    with io.TextIOWrapper(stream, encoding="utf-8", newline="") as text:
        reader = csv.reader(text, delimiter=unit.source.delimiter)
        for index, _record in enumerate(reader):
            if index in wanted:
                lines[index] = reader.line_num
            if len(lines) == len(wanted):
                break
    result.issues = [
        RowIssue(i.action, i.index, i.field, i.expected, i.found, i.detail, lines.get(i.index))
        for i in result.issues
    ]


def _check_csv_batch(
    unit: Unit, table: pa.Table, names: list[str], local: npt.NDArray[np.int64], result: UnitResult
) -> _Batch:
    """Validate one batch of CSV records (all cells text) with the loader's rules."""
    source = unit.source
    trimmed = {name: pc.utf8_trim_whitespace(table.column(name)) for name in names}
    empty = {name: np.asarray(pc.equal(trimmed[name], "")) for name in names}
    for name in names:
        if name.startswith("_unnamed_") and not empty[name].all():
            at = int(local[np.flatnonzero(~empty[name])[0]]) + 1
            position = int(name.removeprefix("_unnamed_")) + 1
            raise InvalidContentError(
                f"{source.path}: expected a name in the header for every column that holds "
                f"data, found column {position} unnamed but not empty in row {at}; name it in "
                "the header",
                path=source.path,
            )
    blank_row = np.logical_and.reduce([empty[name] for name in names])
    lat_name, lon_name = source.lat_column, source.lon_column
    no_position = ~blank_row & empty[lat_name] & empty[lon_name]
    lat, lat_ok = _numbers(trimmed[lat_name])
    lon, lon_ok = _numbers(trimmed[lon_name])
    in_range = lat_ok & lon_ok & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    good = in_range & ~blank_row
    for i in np.flatnonzero(blank_row):
        result.issues.append(
            RowIssue("skipped", int(local[i]), None, "a row of values", "an empty row", "left out")
        )
    for i in np.flatnonzero(no_position):
        result.issues.append(
            RowIssue(
                "skipped",
                int(local[i]),
                None,
                "a latitude and a longitude",
                "both cells empty",
                "no position: left out of the map",
            )
        )
    columns: dict[str, pa.Array] = {}
    refused: dict[int, list[RowIssue]] = {}
    bad_position = np.flatnonzero(~good & ~blank_row & ~no_position)
    for i in bad_position:
        refused[int(i)] = _csv_position_issues(
            int(local[i]),
            trimmed[lat_name][i].as_py(),
            trimmed[lon_name][i].as_py(),
            lat_name,
            lon_name,
        )
    kept = [n for n in names if n not in (lat_name, lon_name) and not n.startswith("_unnamed_")]
    for name in kept:
        target = _special_name(name, kept)
        values = trimmed[name] if target != name else table.column(name)
        values = pc.if_else(pa.array(empty[name]), pa.scalar(None, pa.string()), values)
        if target == DATE_COLUMN:
            columns[DATE_COLUMN] = _dates(values, name, local, refused, good)
            _observe(result, DATE_COLUMN, "date")
        elif target == TIME_COLUMN:
            columns[TIME_COLUMN] = _times(values, name, local, refused, good)
            _observe(result, TIME_COLUMN, "time")
        else:
            columns[name] = values
            _observe(result, name, _text_kind(trimmed[name], empty[name] | ~good))
    return _good_rows(unit, result, refused, good, lon, lat, local, columns)


def _numbers(text: pa.ChunkedArray) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Decimal numbers as the loader reads them (no NaN, Infinity, underscores, hex)."""
    matches = pc.match_substring_regex(text, f"^(?:{_NUMBER.pattern})$")
    ok = np.asarray(pc.fill_null(matches, False))
    cleaned = pc.if_else(matches, pc.replace_substring_regex(text, r"^\+", ""), "0")
    values = np.asarray(pc.cast(cleaned, pa.float64()), dtype=np.float64)
    ok &= np.isfinite(values)
    return np.where(ok, values, np.nan), ok


def _csv_position_issues(
    index: int, lat_raw: str, lon_raw: str, lat_name: str, lon_name: str
) -> list[RowIssue]:
    """The loader's messages for a row whose position it refuses."""
    outcome = Outcome(properties={}, location="", index=index)
    lat = _csv_coordinate(lat_raw, lat_name, "latitude", outcome.refuse)
    lon = _csv_coordinate(lon_raw, lon_name, "longitude", outcome.refuse)
    if lat is not None and lon is not None:
        _check_csv_position(lat, lon, lat_name, lon_name, outcome.refuse)
    return [
        RowIssue("refused", index, i.field, i.expected, i.found, i.detail) for i in outcome.refused
    ]


def _text_kind(trimmed: pa.ChunkedArray, ignore: npt.NDArray[np.bool_]) -> str:
    """``int``, ``float`` or ``str``: what every non-empty cell of a column reads as."""
    present = pc.filter(trimmed, pa.array(~ignore))
    if len(present) == 0:
        return "null"
    if pc.all(pc.match_substring_regex(present, r"^[+-]?\d{1,18}$")).as_py():
        return "int"
    numbers = pc.match_substring_regex(present, f"^(?:{_NUMBER.pattern})$")
    if (
        pc.all(numbers).as_py()
        and not pc.any(pc.match_substring_regex(present, "(?i)^[+-]?(nan|inf)")).as_py()
    ):
        return "float"
    return "str"


def _dates(
    values: pa.Array | pa.ChunkedArray,
    name: str,
    local: npt.NDArray[np.int64],
    refused: dict[int, list[RowIssue]],
    good: npt.NDArray[np.bool_],
) -> pa.Array:
    """A text column read with `straitmap.dates` (each distinct value once) as date32."""
    encoded = pc.dictionary_encode(
        pa.chunked_array([values]) if isinstance(values, pa.Array) else values
    )
    combined = encoded.combine_chunks()
    parsed: list[dt.date | None] = []
    reasons: list[str | None] = []
    for text in combined.dictionary.to_pylist():
        try:
            parsed.append(read_date(text).date)
            reasons.append(None)
        except DateParseError as error:
            parsed.append(None)
            reasons.append(error.reason)
    dates = pa.array(parsed, pa.date32()).take(combined.indices)
    if any(reason is not None for reason in reasons):
        codes = np.asarray(combined.indices.fill_null(-1))
        bad_codes = [code for code, reason in enumerate(reasons) if reason is not None]
        dictionary = combined.dictionary.to_pylist()
        for i in np.flatnonzero(np.isin(codes, bad_codes) & good):
            code = int(codes[i])
            refused.setdefault(int(i), []).append(
                RowIssue(
                    "refused",
                    int(local[i]),
                    name,
                    "a date",
                    describe(dictionary[code]),
                    reasons[code] or "",
                )
            )
    return dates


def _times(
    values: pa.Array | pa.ChunkedArray,
    name: str,
    local: npt.NDArray[np.int64],
    refused: dict[int, list[RowIssue]],
    good: npt.NDArray[np.bool_],
) -> pa.Array:
    """ISO 8601 times as timestamps in UTC (a time without an offset is read as UTC)."""
    target = pa.timestamp("us", tz="UTC")
    chunked = pa.chunked_array([values]) if isinstance(values, pa.Array) else values
    try:
        return pc.cast(chunked, target).combine_chunks()
    except pa.ArrowInvalid:
        pass
    parsed: list[dt.datetime | None] = []
    for i, text in enumerate(chunked.to_pylist()):
        if text is None:
            parsed.append(None)
            continue
        moment = _iso_time(text)
        if moment is None and good[i]:
            refused.setdefault(i, []).append(
                RowIssue(
                    "refused",
                    int(local[i]),
                    name,
                    "an ISO 8601 time such as 2024-03-01T06:00:00Z",
                    describe(text),
                    "a time without an offset is read as UTC",
                )
            )
        parsed.append(moment)
    return pa.array(parsed, target)


def _iso_time(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


# --- GeoJSON and NDJSON -------------------------------------------------------------------------


def geojson_units(source: SourceInfo, chunk_rows: int) -> Iterator[Unit]:
    """A FeatureCollection's features, parsed as a stream, in units of `chunk_rows` features."""
    batch: list[Any] = []
    first = 0
    number = 0
    for index, feature in _stream_features(source.path):
        if not batch:
            first = index
        batch.append(feature)
        if len(batch) >= chunk_rows:
            yield Unit(source, number, features=tuple(batch), first_feature=first)
            number += 1
            batch = []
    if batch or number == 0:
        yield Unit(source, number, features=tuple(batch), first_feature=first)


def _stream_features(path: Path, read_size: int = 1 << 20) -> Iterator[tuple[int, Any]]:
    """(index, feature) from a GeoJSON FeatureCollection, holding one read window in memory."""
    decoder = json.JSONDecoder()
    decoder_utf8 = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as stream:
        buffer = ""
        position = 0
        at_end = False

        def fill() -> bool:
            nonlocal buffer, position, at_end
            if at_end:
                return False
            chunk = stream.read(read_size)
            try:
                text = decoder_utf8.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise InvalidContentError(
                    f"{path}: expected UTF-8 text: {error}", path=path
                ) from None
            buffer = buffer[position:] + text
            position = 0
            at_end = not chunk
            return True

        def skip_space() -> str:
            nonlocal position
            while True:
                while position < len(buffer) and buffer[position] in " \t\r\n\ufeff":
                    position += 1
                if position < len(buffer) or not fill():
                    return buffer[position] if position < len(buffer) else ""

        def value() -> Any:
            nonlocal position
            skip_space()
            while True:
                try:
                    item, end = decoder.raw_decode(buffer, position)
                    if end < len(buffer) or at_end:
                        position = end
                        return item
                except json.JSONDecodeError as error:
                    if at_end:
                        raise InvalidContentError(
                            f"{path}: not valid JSON: {error}", path=path
                        ) from None
                if not fill():
                    raise InvalidContentError(f"{path}: not valid JSON: truncated", path=path)

        def expect(char: str) -> None:
            nonlocal position
            found = skip_space()
            if found != char:
                raise InvalidContentError(
                    f"{path}: expected {char!r} in a GeoJSON FeatureCollection, found "
                    f"{found or 'the end of the file'!r}",
                    path=path,
                )
            position += 1

        fill()
        expect("{")
        kind = None
        index = 0
        while True:
            if skip_space() == "}":
                break
            key = value()
            expect(":")
            if key == "features":
                expect("[")
                if skip_space() == "]":
                    position += 1
                else:
                    while True:
                        yield index, value()
                        index += 1
                        found = skip_space()
                        position += 1
                        if found == "]":
                            break
                        if found != ",":
                            raise InvalidContentError(
                                f"{path}: expected ',' or ']' after feature {index - 1}, found "
                                f"{found or 'the end of the file'!r}",
                                path=path,
                            )
            else:
                member = value()
                if key == "type":
                    kind = member
            if skip_space() == ",":
                position += 1
        if kind != "FeatureCollection":
            raise InvalidContentError(
                f"{path}: expected a GeoJSON FeatureCollection of points, found type {kind!r}",
                path=path,
            )


def _ndjson_features(unit: Unit, result: UnitResult) -> Iterator[tuple[int, Any, int]]:
    """(index in the unit, feature, line in the unit) for each non-blank line."""
    stream, _ = _byte_range(unit.source.path, unit.start, unit.end)
    index = 0
    with io.TextIOWrapper(stream, encoding="utf-8", newline="\n") as text:
        for line_number, line in enumerate(text, start=1):
            result.newlines += line.endswith("\n")
            cleaned = line.strip().lstrip("\x1e").strip()
            if not cleaned:
                continue
            try:
                feature = json.loads(cleaned)
            except ValueError as error:
                feature = _NotJson(str(error))
            yield index, feature, line_number
            index += 1
    result.records = index


@dataclass(frozen=True)
class _NotJson:
    reason: str


def _feature_batches(
    unit: Unit,
    features: Iterator[tuple[int, Any, int | None]],
    chunk_rows: int,
    result: UnitResult,
) -> Iterator[_Batch]:
    rows: list[tuple[int, float, float, dict[str, Any]]] = []
    for index, feature, line in features:
        checked = _check_feature(index, feature, line, result)
        if checked is not None:
            rows.append(checked)
        if len(rows) >= chunk_rows:
            yield _feature_batch(unit, rows, result)
            rows = []
    if rows:
        yield _feature_batch(unit, rows, result)


def _check_feature(
    index: int, feature: Any, line: int | None, result: UnitResult
) -> tuple[int, float, float, dict[str, Any]] | None:
    """(index, lon, lat, properties) of a point feature, or None with its issue recorded."""

    def issue(
        action: Literal["refused", "skipped"],
        field: str | None,
        expected: str,
        found: str,
        detail: str = "",
    ) -> None:
        result.issues.append(RowIssue(action, index, field, expected, found, detail, line))

    if isinstance(feature, _NotJson):
        issue("refused", None, "a GeoJSON Feature as JSON", "text that is not JSON", feature.reason)
        return None
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        found = (
            describe(feature.get("type")) if isinstance(feature, dict) else type(feature).__name__
        )
        issue("refused", "type", 'a Feature ("type": "Feature")', found)
        return None
    geometry = feature.get("geometry")
    if geometry is None:
        issue("skipped", "geometry", "a geometry", "null", "no position: left out of the map")
        return None
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        found = describe(geometry.get("type")) if isinstance(geometry, dict) else describe(geometry)
        issue("refused", "geometry", "a Point geometry", found)
        return None
    coordinates = geometry.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or not 2 <= len(coordinates) <= 3
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        issue(
            "refused",
            "geometry",
            "Point coordinates [longitude, latitude]",
            describe(coordinates)
            if not isinstance(coordinates, list)
            else json.dumps(coordinates)[:80],
        )
        return None
    lon, lat = float(coordinates[0]), float(coordinates[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        issue(
            "refused",
            "geometry",
            "finite coordinates",
            json.dumps(coordinates)[:80],
            "NaN or Infinity is not a position",
        )
        return None
    if abs(lat) > 90 or abs(lon) > 180:
        outcome = Outcome(properties={}, location="", index=index)
        _check_csv_position(lat, lon, "latitude", "longitude", outcome.refuse)
        for problem in outcome.refused:
            issue(
                "refused",
                "geometry",
                problem.expected,
                problem.found,
                problem.detail.replace("column 'latitude'", "the second coordinate"),
            )
        return None
    properties = feature.get("properties")
    if properties is not None and not isinstance(properties, dict):
        issue("refused", "properties", "an object or null", describe(properties))
        return None
    clean: dict[str, Any] = {}
    for key, raw in (properties or {}).items():
        if isinstance(raw, float) and not math.isfinite(raw):
            result.nulled += 1
            raw = None
        clean[key] = raw
    return index, lon, lat, clean


def _special_name(name: str, names: Sequence[str] | Mapping[str, Any]) -> str:
    """`date` or `time` for the first column so named in any case, else the name itself."""
    folded = name.casefold()
    if folded in (DATE_COLUMN, TIME_COLUMN):
        first = next(other for other in names if other.casefold() == folded)
        if first == name:
            return folded
    return name


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if -(2**63) <= value < 2**63 else "float"
    if isinstance(value, float):
        return "float"
    return "str"


def _json_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _feature_batch(
    unit: Unit, rows: list[tuple[int, float, float, dict[str, Any]]], result: UnitResult
) -> _Batch:
    names: dict[str, None] = {}
    for _, _, _, properties in rows:
        names.update(dict.fromkeys(properties))
    local = np.array([row[0] for row in rows], dtype=np.int64)
    good = np.ones(len(rows), dtype=bool)
    refused: dict[int, list[RowIssue]] = {}
    columns: dict[str, pa.Array] = {}
    for name in names:
        raw = [row[3].get(name) for row in rows]
        target = _special_name(name, names)
        if name.casefold() in RESERVED_COLUMNS:
            target = f"{name}_property"
            note = (
                f"property {name!r} is kept as {target!r}: the dataset writes its own "
                f"{', '.join(sorted(RESERVED_COLUMNS))}"
            )
            if note not in result.notes:
                result.notes.append(note)
        texts = pa.array([_json_text(value) for value in raw], pa.string())
        if target == DATE_COLUMN:
            columns[DATE_COLUMN] = _dates(texts, name, local, refused, good)
            _observe(result, DATE_COLUMN, "date")
        elif target == TIME_COLUMN:
            columns[TIME_COLUMN] = _times(texts, name, local, refused, good)
            _observe(result, TIME_COLUMN, "time")
        else:
            kind: str | None = None
            for value in raw:
                kind = unify_kinds(kind, _json_kind(value))
            columns[target] = texts
            _observe(result, target, kind or "null")
    lon = np.array([row[1] for row in rows], dtype=np.float64)
    lat = np.array([row[2] for row in rows], dtype=np.float64)
    issues_by_row = {
        position: [
            RowIssue(i.action, i.index, i.field, i.expected, i.found, i.detail, None)
            for i in issues
        ]
        for position, issues in refused.items()
    }
    return _good_rows(unit, result, issues_by_row, good, lon, lat, local, columns)


# --- GeoParquet ---------------------------------------------------------------------------------


def _parquet_batches(unit: Unit, chunk_rows: int, result: UnitResult) -> Iterator[_Batch]:
    path = unit.source.path
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise InvalidContentError(f"{path}: not a Parquet file: {error}", path=path) from None
    geo = _geo_metadata(parquet, path)
    geometry_column = geo.get("primary_column", "geometry")
    encoding = geo.get("columns", {}).get(geometry_column, {}).get("encoding", "WKB")
    if geometry_column not in parquet.schema_arrow.names:
        raise InvalidContentError(
            f"{path}: expected the geometry column {geometry_column!r} named in its 'geo' "
            f"metadata, found columns {', '.join(parquet.schema_arrow.names)}",
            path=path,
        )
    covering = geo.get("columns", {}).get(geometry_column, {}).get("covering", {})
    skip = {geometry_column, *(v[0] for v in covering.get("bbox", {}).values())}
    skip |= {name for name in parquet.schema_arrow.names if name.casefold() in RESERVED_COLUMNS}
    seen = 0
    for record_batch in parquet.iter_batches(
        batch_size=chunk_rows, row_groups=list(unit.row_groups)
    ):
        table = pa.Table.from_batches([record_batch])
        local = np.arange(seen, seen + table.num_rows, dtype=np.int64)
        seen += table.num_rows
        yield _check_parquet_batch(unit, table, geometry_column, encoding, skip, local, result)
    result.records = seen


def _geo_metadata(parquet: pq.ParquetFile, path: Path) -> dict[str, Any]:
    metadata = parquet.schema_arrow.metadata or {}
    if b"geo" not in metadata:
        raise InvalidContentError(
            f"{path}: expected GeoParquet ('geo' metadata naming the geometry column), found a "
            "plain Parquet file; write it with geopandas to_parquet",
            path=path,
        )
    geo: dict[str, Any] = json.loads(metadata[b"geo"])
    return geo


def _check_parquet_batch(
    unit: Unit,
    table: pa.Table,
    geometry_column: str,
    encoding: str,
    skip: set[str],
    local: npt.NDArray[np.int64],
    result: UnitResult,
) -> _Batch:
    import shapely

    column = table.column(geometry_column)
    null_input = np.asarray(column.is_null())
    if encoding.upper() == "WKB":
        raw = column.combine_chunks().to_numpy(zero_copy_only=False)
        geometries = shapely.from_wkb(raw, on_invalid="ignore")
    elif encoding == "point":
        flat = column.combine_chunks()
        geometries = shapely.points(np.asarray(flat.field("x")), np.asarray(flat.field("y")))
    else:
        raise InvalidContentError(
            f"{unit.source.path}: expected WKB or point geometry encoding, found {encoding!r}",
            path=unit.source.path,
        )
    invalid = shapely.is_missing(geometries) & ~null_input
    missing = null_input | shapely.is_empty(geometries)
    types = shapely.get_type_id(geometries)
    lon = np.asarray(shapely.get_x(np.where(types == 0, geometries, None)), dtype=np.float64)
    lat = np.asarray(shapely.get_y(np.where(types == 0, geometries, None)), dtype=np.float64)
    good = ~missing & ~invalid & (types == 0) & np.isfinite(lon) & np.isfinite(lat)
    good &= (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    for i in np.flatnonzero(missing):
        result.issues.append(
            RowIssue(
                "skipped",
                int(local[i]),
                geometry_column,
                "a geometry",
                "null or empty",
                "no position: left out of the map",
            )
        )
    for i in np.flatnonzero(invalid):
        result.issues.append(
            RowIssue(
                "refused",
                int(local[i]),
                geometry_column,
                "a WKB Point geometry",
                "bytes that are not WKB",
            )
        )
    for i in np.flatnonzero(~missing & ~invalid & (types != 0)):
        result.issues.append(
            RowIssue(
                "refused",
                int(local[i]),
                geometry_column,
                "a Point geometry",
                str(geometries[i].geom_type),
            )
        )
    for i in np.flatnonzero(~missing & (types == 0) & ~good):
        result.issues.append(
            RowIssue(
                "refused",
                int(local[i]),
                geometry_column,
                "finite WGS84 degrees: latitude within ±90, longitude within ±180",
                f"longitude {lon[i]!r}, latitude {lat[i]!r}",
            )
        )
    refused: dict[int, list[RowIssue]] = {}
    columns: dict[str, pa.Array] = {}
    for name in table.column_names:
        if name in skip:
            continue
        values = table.column(name).combine_chunks()
        target = _special_name(name, [n for n in table.column_names if n not in skip])
        if target == DATE_COLUMN:
            if pa.types.is_date(values.type):
                columns[DATE_COLUMN] = pc.cast(values, pa.date32())
            else:
                columns[DATE_COLUMN] = _dates(
                    pc.cast(values, pa.string()), name, local, refused, good
                )
            _observe(result, DATE_COLUMN, "date")
            continue
        if target == TIME_COLUMN:
            if pa.types.is_timestamp(values.type):
                timestamps = values if values.type.tz else pc.assume_timezone(values, "UTC")
                columns[TIME_COLUMN] = pc.cast(timestamps, pa.timestamp("us", tz="UTC"))
            else:
                columns[TIME_COLUMN] = _times(
                    pc.cast(values, pa.string()), name, local, refused, good
                )
            _observe(result, TIME_COLUMN, "time")
            continue
        kind = _arrow_kind(values.type)
        if kind == "str" and not pa.types.is_string(values.type):
            try:
                values = pc.cast(values, pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                values = pa.array([_json_text(v) for v in values.to_pylist()], pa.string())
        columns[name] = values
        _observe(result, name, kind)
    return _good_rows(unit, result, refused, good, lon, lat, local, columns)


def _arrow_kind(kind: pa.DataType) -> str:
    if pa.types.is_integer(kind):
        return "int"
    if pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        return "float"
    if pa.types.is_boolean(kind):
        return "bool"
    if pa.types.is_null(kind):
        return "null"
    return "str"
