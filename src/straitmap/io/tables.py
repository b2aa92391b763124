"""Bundled tables (catalog ``kind = "table"``): a UTF-8 CSV read as typed columns."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from straitmap.catalog import Catalog, load_catalog
from straitmap.errors import CatalogError, InvalidContentError, LayerValidationError
from straitmap.io.report import Issue, LoadReport, TableResult
from straitmap.io.schema import BOOL_TEXT, has_type
from straitmap.io.strict_json import MAX_FILE_BYTES, decode, describe, read_bytes


def load_table(layer_id: str, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """Load a bundled table layer (catalog ``kind = "table"``, a UTF-8 CSV file with a header).

    Every listed field must be a column; `required` columns must be non-empty in every row;
    values must parse as their field type (``int``, ``float``, ``bool`` as ``true``/``false``,
    ``date`` as an ISO date kept as text). Columns the catalog does not list are kept as text.
    Returns the DataFrame (its ``attrs`` are empty); `load_table_result` gives the report
    beside it.

    Raises
    ------
    UnknownLayerError
        `layer_id` is not in the catalog.
    CatalogError
        The layer is not a table, or its file does not exist.
    FileUnreadableError, InvalidContentError
        The file cannot be read, is too large, is not UTF-8 CSV with a header, or lacks a column.
    LayerValidationError
        Any row was refused: bundled tables must load clean.

    >>> counts = load_table("pla_daily_counts")
    >>> list(counts.columns[:3])
    ['date', 'aircraft_total', 'median_line_crossings']
    """
    return load_table_result(layer_id, catalog=catalog).frame


def load_table_result(layer_id: str, *, catalog: Catalog | None = None) -> TableResult:
    """Like `load_table`, with the report (locations ``"row N (line L)"`` as for CSV points:
    data rows counted from 1, the header being line 1); ``report.ok`` is always True.

    Raises as `load_table` does.
    """
    catalog = catalog if catalog is not None else load_catalog()
    spec = catalog[layer_id]
    if not spec.is_table:
        raise CatalogError(
            f"layer {layer_id!r} is a layer of map features (file {spec.file}): expected a "
            'table layer (kind = "table"); load it with load_layer'
        )
    if not spec.path.exists():
        raise CatalogError(
            f"{catalog.path}: layer {layer_id!r}, key 'file': {spec.path} does not exist"
        )
    path = spec.path
    text, notices = decode(read_bytes(path, MAX_FILE_BYTES), path)
    header, rows = _csv_rows(text, path)
    missing = [name for name in spec.fields if name not in header]
    if missing:
        raise InvalidContentError(
            f"{path}: expected the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(name) for name in missing)} (layer {layer_id}), found columns "
            f"{', '.join(repr(name) for name in header)}",
            path=path,
        )
    refused: list[Issue] = []
    columns: dict[str, list[Any]] = {name: [] for name in header}
    for index, row in enumerate(rows):
        for name, raw in zip(header, row.cells, strict=True):
            value, problem = _table_value(raw, spec.fields.get(name, "str"))
            if problem is None and name in spec.required and value is None:
                problem = f"a non-empty {spec.fields[name]} (required)"
            if problem is not None:
                refused.append(
                    Issue(row.location, name, problem, describe(raw), "refused", "", index)
                )
            columns[name].append(value)
    report = LoadReport(
        path=path,
        layer=layer_id,
        accepted=len(rows) - len({issue.feature_index for issue in refused}),
        refused=tuple(refused),
        notices=tuple(notices),
        total=len(rows),
        source_format="csv",
    )
    if refused:
        raise LayerValidationError(
            f"layer {layer_id!r} ({path}): {report.refused_features} of {report.total} rows "
            f"refused, and bundled tables must load clean; first: {refused[0]}",
            path=path,
            report=report,
        )
    row_index = pd.RangeIndex(len(rows))
    frame = pd.DataFrame(
        {
            name: _table_column(values, spec.fields.get(name, "str"), row_index)
            for name, values in columns.items()
        },
        index=row_index,
    )
    return TableResult(frame=frame, report=report)


@dataclass(frozen=True)
class _TableRow:
    number: int  # data rows counted from 1; the header is line 1, not a row
    line: int  # the line of the file where the row ends
    cells: list[str]

    @property
    def location(self) -> str:
        return f"row {self.number} (line {self.line})"


def _csv_rows(text: str, path: Path) -> tuple[list[str], list[_TableRow]]:
    """The header and the data rows of a CSV text; every row as long as the header."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:
        raise InvalidContentError(
            f"{path}: not valid CSV at line {reader.line_num}: {error}", path=path
        ) from None
    if not records or not any(cell.strip() for cell in records[0][1]):
        raise InvalidContentError(f"{path}: expected a CSV header row, found nothing", path=path)
    header = records[0][1]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise InvalidContentError(
            f"{path}: expected unique column names, found {duplicates[0]!r} more than once",
            path=path,
        )
    rows = []
    for number, (line, record) in enumerate(records[1:], start=1):
        row = _TableRow(number, line, record)
        if len(record) != len(header):
            raise InvalidContentError(
                f"{path}: expected {len(header)} cells in every row (as in the header), "
                f"found {len(record)} in {row.location}",
                path=path,
            )
        rows.append(row)
    return header, rows


def _table_value(raw: str, type_name: str) -> tuple[Any, str | None]:
    """A CSV cell as its field type (None when empty), or the expectation it breaks."""
    if raw == "":
        return None, None
    if type_name == "str":
        return raw, None
    if type_name == "int":
        if re.fullmatch(r"-?\d+", raw):
            return int(raw), None
        return None, "an integer"
    if type_name == "float":
        try:
            number = float(raw)
        except ValueError:
            return None, "a number"
        return (number, None) if math.isfinite(number) else (None, "a finite number")
    if type_name == "bool":
        if raw in BOOL_TEXT:
            return BOOL_TEXT[raw], None
        return None, "true or false"
    if has_type(raw, "date"):
        return raw, None
    return None, "an ISO date (YYYY-MM-DD)"


def _table_column(values: list[Any], type_name: str, index: pd.RangeIndex) -> pd.Series:
    missing = any(value is None for value in values)
    if type_name == "int":
        return pd.Series(values, index=index, dtype="Int64" if missing else "int64")
    if type_name == "float":
        return pd.Series(
            [math.nan if value is None else value for value in values], index=index, dtype="float64"
        )
    if type_name == "bool":
        return pd.Series(values, index=index, dtype="boolean" if missing else "bool")
    return pd.Series(values, index=index, dtype="object")
