"""Point datasets: large point files ingested once into spatially sorted GeoParquet.

`ingest` reads CSV, GeoJSON, NDJSON/GeoJSONSeq and GeoParquet point files in chunks, checks
every row with the loader's rules, and writes ``$STRAITMAP_DATA/datasets/NAME/`` as
`docs/datasets.md` describes: ``points.parquet`` (GeoParquet 1.1, Hilbert-sorted, bbox
covering column, zstd, row groups), ``manifest.json`` and ``report.json``. On a Dask cluster
(`scheduler=` an address, or `workers=N` for a local one) the same chunk readers run on the
workers; the rows written are the same as in one process.

Memory stays bounded: pass 1 validates chunks into temporary parts and finds the extent; pass
2 gives each row its Hilbert key over that extent and spreads the rows into key ranges of
about `sort_rows` rows (boundaries from a sample of positions); pass 3 sorts one range at a
time and appends it to the output in row groups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from straitmap.dataset_sources import (
    RowIssue,
    SourceInfo,
    Unit,
    UnitResult,
    detect_source,
    geojson_units,
    read_unit,
    split_units,
    unify_kinds,
)
from straitmap.errors import InvalidContentError, StraitmapError
from straitmap.hilbert import hilbert_keys

__all__ = [
    "DATA_ENV_VAR",
    "DEFAULT_CHUNK_ROWS",
    "DEFAULT_ROW_GROUP_ROWS",
    "DatasetError",
    "Manifest",
    "Progress",
    "data_dir",
    "dataset_dir",
    "datasets_dir",
    "ingest",
    "list_datasets",
    "open_manifest",
]

#: The environment variable naming the data folder.
DATA_ENV_VAR: Final = "STRAITMAP_DATA"
DEFAULT_CHUNK_ROWS: Final = 250_000
DEFAULT_ROW_GROUP_ROWS: Final = 131_072
DEFAULT_SORT_ROWS: Final = 1_000_000
#: Bytes of CSV/NDJSON per unit of work on a Dask cluster.
DEFAULT_BLOCK_BYTES: Final = 64 << 20
MANIFEST_FORMAT: Final = 1
_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_FIRST_COLUMNS: Final = ("geometry", "bbox", "lon", "lat", "date", "time")

#: Called as progress(stage, done, total) while an ingest runs (stage: "read", "sort", "write").
Progress = Callable[[str, int, int], None]


class DatasetError(StraitmapError):
    """A dataset name that is not valid, missing, already used, or a broken dataset folder."""


@dataclass(frozen=True)
class Manifest:
    """A dataset's `manifest.json` (see docs/datasets.md); `path` is its folder."""

    name: str
    created: str
    sources: tuple[dict[str, Any], ...]
    rows: int
    rows_refused: int
    rows_skipped: int
    columns: dict[str, str]
    extent: tuple[float, float, float, float]
    time_range: tuple[str, str] | None
    row_group_rows: int
    scheduler: str
    sort: str = "hilbert"
    format: int = MANIFEST_FORMAT
    path: Path = field(default=Path(), compare=False)

    @property
    def points_path(self) -> Path:
        """The dataset's GeoParquet file."""
        return self.path / "points.parquet"

    @property
    def report_path(self) -> Path:
        """The dataset's load report."""
        return self.path / "report.json"

    def to_dict(self) -> dict[str, Any]:
        """The manifest as JSON-ready data (without `path`)."""
        data = asdict(self)
        data.pop("path")
        data["sources"] = list(self.sources)
        data["extent"] = list(self.extent)
        data["time_range"] = None if self.time_range is None else list(self.time_range)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path) -> Manifest:
        """A manifest read back from JSON."""
        time_range = data.get("time_range")
        extent = [float(value) for value in data["extent"]]
        return cls(
            name=data["name"],
            created=data["created"],
            sources=tuple(data["sources"]),
            rows=int(data["rows"]),
            rows_refused=int(data["rows_refused"]),
            rows_skipped=int(data.get("rows_skipped", 0)),
            columns=dict(data["columns"]),
            extent=(extent[0], extent[1], extent[2], extent[3]),
            time_range=None if time_range is None else (time_range[0], time_range[1]),
            row_group_rows=int(data["row_group_rows"]),
            scheduler=data["scheduler"],
            sort=data.get("sort", "hilbert"),
            format=int(data["format"]),
            path=path,
        )


# --- where datasets live -----------------------------------------------------------------------


def data_dir() -> Path:
    """The data folder: `$STRAITMAP_DATA` if set, else `data/` in the checkout (git-ignored)."""
    configured = os.environ.get(DATA_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    return Path(__file__).resolve().parents[2] / "data"


def datasets_dir() -> Path:
    """The folder holding one folder per dataset: ``data_dir() / "datasets"``."""
    return data_dir() / "datasets"


def dataset_dir(name: str) -> Path:
    """The folder of dataset `name` (checked: letters, digits, ``_ . -``; up to 64)."""
    if not _NAME.fullmatch(name):
        raise DatasetError(
            f"dataset name {name!r}: expected letters, digits, '_', '.' or '-' (starting with a "
            "letter or digit, up to 64 characters), such as ais-2026-q1"
        )
    return datasets_dir() / name


def list_datasets() -> list[Manifest]:
    """The manifests of every dataset in the data folder, by name."""
    root = datasets_dir()
    if not root.is_dir():
        return []
    return [
        open_manifest(folder.name)
        for folder in sorted(root.iterdir())
        if (folder / "manifest.json").is_file() and _NAME.fullmatch(folder.name)
    ]


def open_manifest(name: str) -> Manifest:
    """The manifest of dataset `name`.

    Raises
    ------
    DatasetError
        No such dataset (the message lists the ones there are), or its manifest is unreadable.
    """
    folder = dataset_dir(name)
    path = folder / "manifest.json"
    if not path.is_file():
        known = [m.name for m in list_datasets()] if datasets_dir().is_dir() else []
        choices = ", ".join(known) if known else "none yet: straitmap ingest FILE --name NAME"
        raise DatasetError(
            f"unknown dataset {name!r} in {datasets_dir()}: expected one of {choices}"
        )
    try:
        return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")), folder)
    except (ValueError, KeyError, TypeError) as error:
        raise DatasetError(f"{path}: expected a dataset manifest, found {error!r}") from None


# --- ingest ------------------------------------------------------------------------------------


def ingest(
    paths: Sequence[Path | str],
    name: str,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    row_group_rows: int = DEFAULT_ROW_GROUP_ROWS,
    sort_rows: int = DEFAULT_SORT_ROWS,
    block_bytes: int = DEFAULT_BLOCK_BYTES,
    lat_column: str | None = None,
    lon_column: str | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> Manifest:
    """Ingest point files into dataset `name` and return its manifest.

    Each file is read in chunks of about `chunk_rows` rows; every row is checked with the
    loader's rules (coordinates finite and within ±90/±180, dates read with `straitmap.dates`,
    CSV rows with as many cells as the header); refused and skipped rows go to the dataset's
    ``report.json`` by file and row, never silently. `scheduler` (``tcp://HOST:8786``) or
    `workers` (a `distributed.LocalCluster` of that many processes) runs the reading on Dask:
    the input files and the data folder must be reachable at the same paths from the workers.

    Raises
    ------
    DatasetError
        A bad name, or the dataset exists and `replace` is False.
    DataFileError
        A file that cannot be read as points at all, or no row accepted in any file.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "p.csv").write_text("name,lat,lon\\nTaipei,25.03,121.56\\nbad,95,121\\n")
    >>> os.environ[DATA_ENV_VAR] = str(folder)
    >>> manifest = ingest([folder / "p.csv"], "doc-example")
    >>> manifest.rows, manifest.rows_refused, manifest.extent
    (1, 1, (121.56, 25.03, 121.56, 25.03))
    >>> del os.environ[DATA_ENV_VAR]
    """
    target = dataset_dir(name)
    if target.exists() and not replace:
        raise DatasetError(f"dataset {name!r} already exists in {target.parent}; replace it with "
                           "--replace (replace=True) or choose another name")  # fmt: skip
    if not paths:
        raise DatasetError("expected at least one file to ingest, found none")
    if scheduler is not None and workers is not None:
        raise DatasetError("expected a scheduler address or a number of workers, found both")
    if workers is not None and workers < 1:
        raise DatasetError(f"workers: expected at least 1, found {workers}")
    sources = [
        detect_source(i, Path(p), lat_column=lat_column, lon_column=lon_column)
        for i, p in enumerate(paths)
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=target.parent))
    try:
        with _runner(scheduler, workers) as runner:
            results = _read_all(sources, work, chunk_rows, block_bytes, runner, progress)
            report = _report(sources, results)
            rows = sum(r.rows for r in results)
            if not rows:
                raise InvalidContentError(
                    f"no rows accepted from {', '.join(str(s.path) for s in sources)}: "
                    f"{report['summary']}; first problem: "
                    f"{report['refused'][0]['message'] if report['refused'] else 'no data rows'}"
                )
            extent = _extent(results)
            schema = _schema(results)
            buckets = _bucket_bounds(results, extent, rows, sort_rows)
            parts = [p for r in results for p in r.parts]
            tasks = [(p, i, str(work), extent, buckets, schema) for i, p in enumerate(parts)]
            runner.map_done(_spread_part, tasks, "sort", progress)
        out = work / "dataset"
        out.mkdir()
        time_range = _write_sorted(work, out / "points.parquet", schema, extent, len(buckets) + 1,
                                   row_group_rows, rows, progress)  # fmt: skip
        manifest = Manifest(
            name=name,
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            sources=tuple(_source_entry(s) for s in sources),
            rows=rows,
            rows_refused=report["rows_refused"],
            rows_skipped=report["rows_skipped"],
            columns={f.name: str(f.type) for f in pq.read_schema(out / "points.parquet")},
            extent=extent,
            time_range=time_range,
            row_group_rows=row_group_rows,
            scheduler=runner.label,
            path=target,
        )
        _write_json(out / "manifest.json", manifest.to_dict())
        _write_json(out / "report.json", report)
        if target.exists():
            shutil.rmtree(target)
        out.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _source_entry(source: SourceInfo) -> dict[str, Any]:
    digest = hashlib.sha256()
    with source.path.open("rb") as stream:
        while chunk := stream.read(1 << 24):
            digest.update(chunk)
    return {
        "path": str(source.path.resolve()),
        "format": source.format,
        "bytes": source.path.stat().st_size,
        "sha256": digest.hexdigest(),
    }


# --- running: one process or Dask ------------------------------------------------------------


class _Runner:
    """Runs a function over task arguments, here or on a Dask cluster, in task order."""

    def __init__(
        self, client: Any = None, label: str = "single process", cluster: Any = None
    ) -> None:
        self.client = client
        self.label = label
        self.cluster = cluster

    def map(self, function: Callable[..., Any], tasks: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Results in task order (on Dask, submitted as they come, gathered in order)."""
        if self.client is None:
            for task in tasks:
                yield function(*task)
            return
        futures = [self.client.submit(function, *task, pure=False) for task in tasks]
        for future in futures:
            yield future.result()
            future.release()

    def map_done(
        self,
        function: Callable[..., Any],
        tasks: Sequence[tuple[Any, ...]],
        stage: str,
        progress: Progress | None,
    ) -> None:
        for done, _ in enumerate(self.map(function, tasks), start=1):
            if progress is not None:
                progress(stage, done, len(tasks))

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def _runner(scheduler: str | None, workers: int | None) -> _Runner:
    if scheduler is None and workers is None:
        return _Runner()
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as error:
            raise DatasetError(
                f"scheduler {scheduler!r}: expected a running Dask scheduler (such as "
                f"tcp://HOST:8786, started with dask scheduler), found none: {error}"
            ) from None
        return _Runner(client, f"dask: {scheduler}")
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)  # type: ignore[no-untyped-call]
    return _Runner(client, f"dask: LocalCluster of {workers} workers", cluster)


def _read_all(
    sources: Sequence[SourceInfo],
    work: Path,
    chunk_rows: int,
    block_bytes: int,
    runner: _Runner,
    progress: Progress | None,
) -> list[UnitResult]:
    """Pass 1: every unit of every source read and checked, results in input order."""
    parts_dir = work / "parts"
    parts_dir.mkdir()
    on_dask = runner.client is not None

    def units() -> Iterator[Unit]:
        for source in sources:
            if source.format == "geojson":
                yield from geojson_units(source, chunk_rows)
            else:
                yield from split_units(source, block_bytes if on_dask else None)

    total = sum(s.path.stat().st_size for s in sources)
    done = 0
    results = []
    sizes: dict[tuple[int, int], int] = {}

    def tasks() -> Iterator[tuple[Any, ...]]:
        for unit in units():
            end = unit.source.path.stat().st_size if unit.end < 0 else unit.end
            sizes[(unit.source.index, unit.number)] = max(0, end - unit.start)
            if unit.source.format in ("geojson", "geoparquet"):
                sizes[(unit.source.index, unit.number)] = 0
            yield unit, str(parts_dir), chunk_rows

    for result in runner.map(read_unit, tasks()):
        results.append(result)
        done += sizes.get((result.source, result.number), 0)
        if progress is not None:
            progress("read", min(done, total), total)
    if progress is not None:
        progress("read", total, total)
    return results


# --- report --------------------------------------------------------------------------------------


def _report(sources: Sequence[SourceInfo], results: Sequence[UnitResult]) -> dict[str, Any]:
    """The load report: per file counts, every refused and skipped row, counts per reason."""
    files: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    notes: list[str] = []
    by_source: dict[int, list[UnitResult]] = {}
    for result in results:
        by_source.setdefault(result.source, []).append(result)
    for source in sources:
        records = lines = 0
        file_refused: set[int] = set()
        file_skipped = 0
        accepted = outside = nulled = 0
        for result in by_source.get(source.index, []):
            for issue in sorted(result.issues, key=lambda i: i.index):
                entry = _issue_entry(source, issue, records, lines)
                if issue.action == "refused":
                    refused.append(entry)
                    file_refused.add(records + issue.index)
                else:
                    skipped.append(entry)
                    file_skipped += 1
            records += result.records
            lines += max(result.newlines, 0)
            accepted += result.rows
            outside += result.outside_region
            nulled += result.nulled
            notes.extend(n for n in result.notes if n not in notes)
        files.append({
            "path": str(source.path),
            "format": source.format,
            "records": records,
            "accepted": accepted,
            "refused": len(file_refused),
            "skipped": file_skipped,
            "outside_region": outside,
            "nulled_values": nulled,
            **({"coordinate_columns": [source.lat_column, source.lon_column]}
               if source.format == "csv" else {}),
        })  # fmt: skip
    reasons = Counter(entry["reason"] for entry in refused)
    rows_refused = sum(f["refused"] for f in files)
    rows_skipped = sum(f["skipped"] for f in files)
    accepted = sum(f["accepted"] for f in files)
    summary = (
        f"{sum(f['records'] for f in files):,} rows read from {len(files)} "
        f"file{'s' if len(files) != 1 else ''}: {accepted:,} accepted, {rows_refused:,} "
        f"refused, {rows_skipped:,} skipped (no position)"
    )
    return {
        "summary": summary,
        "rows_accepted": accepted,
        "rows_refused": rows_refused,
        "rows_skipped": rows_skipped,
        "files": files,
        "refused_by_reason": dict(reasons.most_common()),
        "notes": notes,
        "refused": refused,
        "skipped": skipped,
    }


def _issue_entry(source: SourceInfo, issue: RowIssue, records: int, lines: int) -> dict[str, Any]:
    """One refused or skipped row in the loader's numbering, with a `message` and a `reason`."""
    index = records + issue.index
    entry: dict[str, Any] = {"file": str(source.path)}
    if source.format == "csv":
        line = None if issue.line is None else source.header_lines + lines + issue.line
        entry.update(row=index + 1, line=line)
        location = f"row {index + 1}" + ("" if line is None else f" (line {line})")
    else:
        entry["feature"] = index
        location = f"feature {index}"
        if source.format == "ndjson" and issue.line is not None:
            entry["line"] = lines + issue.line
            location += f" (line {entry['line']})"
    where = location if issue.field is None else f"{location}, field {issue.field!r}"
    message = f"{where}: expected {issue.expected}, found {issue.found}"
    if issue.detail:
        message += f"; {issue.detail}"
    reason = f"expected {issue.expected}" if issue.field is None else (
        f"{issue.field}: expected {issue.expected}")  # fmt: skip
    entry.update(
        field=issue.field,
        expected=issue.expected,
        found=issue.found,
        detail=issue.detail,
        reason=reason,
        message=message,
    )
    return entry


# --- sorting and writing -------------------------------------------------------------------------


def _extent(results: Sequence[UnitResult]) -> tuple[float, float, float, float]:
    boxes = [r.extent for r in results if r.extent is not None]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


_ARROW_TYPES: Final = {
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "str": pa.string(),
    "null": pa.string(),
    "date": pa.date32(),
    "time": pa.timestamp("us", tz="UTC"),
}


def _schema(results: Sequence[UnitResult]) -> pa.Schema:
    """The output columns and their types: the kinds seen in every chunk, unified."""
    kinds: dict[str, str] = {}
    for result in results:
        for name, kind in result.kinds.items():
            kinds[name] = unify_kinds(kinds.get(name), kind)
    if "time" in kinds and "date" not in kinds:
        kinds["date"] = "date"  # the UTC day of `time`, for date filters
    fields = [
        pa.field("geometry", pa.binary()),
        pa.field("bbox", _BBOX_TYPE),
        pa.field("lon", pa.float64()),
        pa.field("lat", pa.float64()),
    ]
    for name in ("date", "time"):
        if name in kinds:
            fields.append(pa.field(name, _ARROW_TYPES[kinds[name]]))
    fields += [pa.field(n, _ARROW_TYPES[k]) for n, k in kinds.items() if n not in _FIRST_COLUMNS]
    return pa.schema(fields)


_BBOX_TYPE: Final = pa.struct([(axis, pa.float64()) for axis in ("xmin", "ymin", "xmax", "ymax")])


def _bucket_bounds(
    results: Sequence[UnitResult],
    extent: tuple[float, float, float, float],
    rows: int,
    sort_rows: int,
) -> list[int]:
    """Hilbert keys splitting the rows into ranges of about `sort_rows` (from the sample)."""
    count = -(-rows // max(1, sort_rows))
    if count <= 1:
        return []
    sample = np.concatenate([r.sample for r in results if len(r.sample)])
    keys = np.sort(hilbert_keys(sample[:, 0], sample[:, 1], extent))
    quantiles = np.quantile(keys, np.arange(1, count) / count, method="lower")
    return sorted({int(q) for q in quantiles})


def _spread_part(
    part: str,
    number: int,
    work: str,
    extent: tuple[float, float, float, float],
    buckets: list[int],
    schema: pa.Schema,
) -> int:
    """Pass 2: one part typed as `schema`, keyed, and split into its key ranges' folders."""
    table = pq.read_table(part)
    lon = table.column("lon").to_numpy()
    lat = table.column("lat").to_numpy()
    keys = hilbert_keys(lon, lat, extent)
    columns: dict[str, pa.Array] = {
        "geometry": _wkb_points(lon, lat),
        "bbox": pa.StructArray.from_arrays(
            [pa.array(lon), pa.array(lat), pa.array(lon), pa.array(lat)],
            fields=list(_BBOX_TYPE),
        ),
        "lon": pa.array(lon),
        "lat": pa.array(lat),
    }
    for item in schema:
        if item.name in columns:
            continue
        if item.name in table.column_names:
            columns[item.name] = _cast(table.column(item.name), item.type)
        elif item.name == "date" and "time" in table.column_names:
            columns["date"] = pc.cast(table.column("time"), pa.date32())
        else:
            columns[item.name] = pa.nulls(len(table), item.type)
    columns["_key"] = pa.array(keys)
    columns["_order"] = table.column("_order")
    typed = pa.table(columns)
    which = np.searchsorted(np.asarray(buckets, dtype=np.uint64), keys, side="right")
    for bucket in np.unique(which):
        folder = Path(work) / f"bucket-{int(bucket):05d}"
        folder.mkdir(exist_ok=True)
        chosen = typed.filter(pa.array(which == bucket))
        pq.write_table(chosen, folder / f"part-{number:07d}.parquet", compression="lz4")
    Path(part).unlink()
    return len(table)


def _cast(values: pa.ChunkedArray, target: pa.DataType) -> pa.ChunkedArray:
    if values.type == target:
        return values
    if pa.types.is_string(values.type) and (
        pa.types.is_integer(target) or pa.types.is_floating(target)
    ):
        values = pc.replace_substring_regex(pc.utf8_trim_whitespace(values), r"^\+", "")
    if pa.types.is_string(values.type) and pa.types.is_boolean(target):
        values = pc.utf8_lower(values)
    return pc.cast(values, target)


def _wkb_points(lon: np.ndarray, lat: np.ndarray) -> pa.Array:
    """Little-endian WKB Points, built as one buffer (21 bytes each)."""
    records = np.empty(len(lon), dtype=np.dtype([("order", "u1"), ("kind", "<u4"),
                                                  ("x", "<f8"), ("y", "<f8")]))  # fmt: skip
    records["order"] = 1
    records["kind"] = 1
    records["x"] = lon
    records["y"] = lat
    offsets = np.arange(0, 21 * (len(lon) + 1), 21, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.binary(), len(lon), [None, pa.py_buffer(offsets), pa.py_buffer(records.tobytes())]
    )


def _geo_metadata(extent: tuple[float, float, float, float]) -> bytes:
    return json.dumps(
        {
            "version": "1.1.0",
            "primary_column": "geometry",
            "columns": {
                "geometry": {
                    "encoding": "WKB",
                    "geometry_types": ["Point"],
                    "bbox": list(extent),
                    "covering": {
                        "bbox": {axis: ["bbox", axis] for axis in ("xmin", "ymin", "xmax", "ymax")}
                    },
                }
            },
        }
    ).encode()


def _write_sorted(
    work: Path,
    path: Path,
    schema: pa.Schema,
    extent: tuple[float, float, float, float],
    buckets: int,
    row_group_rows: int,
    rows: int,
    progress: Progress | None,
) -> tuple[str, str] | None:
    """Pass 3: each key range sorted (key, then input order) and appended in row groups."""
    output = schema.with_metadata({b"geo": _geo_metadata(extent)})
    carry: pa.Table | None = None
    written = 0
    first: Any = None
    last: Any = None
    time_column = "time" if "time" in schema.names else "date" if "date" in schema.names else None
    with pq.ParquetWriter(path, output, compression="zstd", write_statistics=True) as writer:
        for bucket in range(buckets):
            folder = work / f"bucket-{bucket:05d}"
            if not folder.is_dir():
                continue
            table = pq.read_table(sorted(folder.glob("part-*.parquet")))
            shutil.rmtree(folder)
            order = pc.sort_indices(table, [("_key", "ascending"), ("_order", "ascending")])
            table = table.take(order).drop_columns(["_key", "_order"]).cast(schema)
            if time_column is not None:
                low, high = pc.min_max(table.column(time_column)).values()
                if low.is_valid:
                    first = low.as_py() if first is None else min(first, low.as_py())
                    last = high.as_py() if last is None else max(last, high.as_py())
            if carry is not None:
                table = pa.concat_tables([carry, table])
            whole = len(table) - len(table) % row_group_rows
            if whole:
                writer.write_table(table.slice(0, whole), row_group_size=row_group_rows)
            carry = table.slice(whole)
            written += whole
            if progress is not None:
                progress("write", written, rows)
        if carry is not None and len(carry):
            writer.write_table(carry, row_group_size=row_group_rows)
    if progress is not None:
        progress("write", rows, rows)
    if first is None:
        return None
    return first.isoformat(), last.isoformat()
