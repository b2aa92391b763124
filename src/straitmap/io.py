"""Load and validate GeoJSON or CSV into a GeoDataFrame, reporting accepted, repaired, refused."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import logging
import math
import re
import stat
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry import MultiPolygon, shape

from straitmap.catalog import GEOMETRY_TYPES, Catalog, LayerSpec, load_catalog
from straitmap.dates import DateReading, read_date
from straitmap.errors import (
    CatalogError,
    ColumnDetectionError,
    DateParseError,
    FileUnreadableError,
    InvalidContentError,
    LayerValidationError,
)
from straitmap.region import REGION_BOUNDS, in_region

__all__ = [
    "CSV_SUFFIXES",
    "LATITUDE_NAMES",
    "LONGITUDE_NAMES",
    "MAX_DEPTH",
    "MAX_FEATURES",
    "MAX_FILE_BYTES",
    "MAX_VERTICES",
    "Action",
    "InputFormat",
    "Issue",
    "LoadReport",
    "LoadResult",
    "fit_layer",
    "load_bytes",
    "load_file",
    "load_layer",
    "load_table",
]

logger = logging.getLogger(__name__)

#: Files larger than this are refused before parsing (uploads, hostile input). Messages give
#: sizes in MB of 10**6 bytes, as Streamlit's uploader does.
MAX_FILE_BYTES: Final = 50_000_000
#: FeatureCollections with more features (CSV files with more data rows) than this are refused
#: before validation.
MAX_FEATURES: Final = 100_000
#: One geometry with more positions than this is refused (the largest bundled one has ~5,000).
MAX_VERTICES: Final = 250_000
#: JSON nested deeper than this (arrays and objects) is refused before parsing; GeoJSON needs
#: about 10 levels (a GeometryCollection of MultiPolygons inside a FeatureCollection).
MAX_DEPTH: Final = 64
#: File names read as CSV (case-insensitive) when the format is "auto".
CSV_SUFFIXES: Final = frozenset({".csv", ".tsv"})
#: Column names read as latitude/longitude (compared case-insensitively, units stripped).
LATITUDE_NAMES: Final = ("lat", "latitude", "緯度", "纬度", "y")
LONGITUDE_NAMES: Final = ("lon", "lng", "long", "longitude", "經度", "经度", "x")

Action = Literal["refused", "repaired", "skipped", "noted"]
InputFormat = Literal["auto", "geojson", "csv"]

_UTF8_BOM: Final = b"\xef\xbb\xbf"
_POLYGONAL: Final = frozenset({"Polygon", "MultiPolygon"})
_POINTS: Final = frozenset({"Point", "MultiPoint"})
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
# Beyond any longitude or latitude in degrees: values like these are metres or feet.
_PROJECTED_MAGNITUDE: Final = 1000.0
_WGS84: Final = pyproj.CRS.from_epsg(4326)
# JSON may escape half of a UTF-16 pair; such text cannot be written out as UTF-8 again.
_LONE_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
# Only authority codes reach PROJ (never PROJ strings, WKT or paths from an untrusted file).
_CRS_NAME: Final = re.compile(
    r"urn:ogc:def:crs:(?:EPSG|OGC):[0-9.]*:[A-Za-z0-9]+"
    r"|(?:EPSG|OGC):[A-Za-z0-9]+"
    r"|https?://www\.opengis\.net/def/crs/(?:EPSG|OGC)/[0-9.]+/[A-Za-z0-9]+",
    re.IGNORECASE,
)


class _Missing:
    """Marks a JSON member that is absent (as opposed to present and null)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Final = _Missing()


@dataclass(frozen=True)
class Issue:
    """One thing the loader refused, repaired, skipped or noted, in words a person can act on.

    `location` is ``"file"`` or ``"feature N"`` (N indexes the `features` array from 0, with the
    feature's id in brackets when it has one); for CSV it is ``"row N (line L)"``: N counts data
    rows from 1 (the header is not a data row), L is the line of the file where the row ends.
    `field` names the property, CSV column or GeoJSON member (``"geometry"``, ``"crs"``) or is
    None; `detail` says what was changed or why. `feature_index` counts from 0 in both formats
    (CSV row N has index N - 1).
    """

    location: str
    field: str | None
    expected: str
    found: str
    action: Action
    detail: str = ""
    feature_index: int | None = None

    def __str__(self) -> str:
        where = self.location if self.field is None else f"{self.location}, field {self.field!r}"
        text = f"{where}: expected {self.expected}, found {self.found}"
        return f"{text}; {self.detail}" if self.detail else text

    def to_dict(self) -> dict[str, Any]:
        """The issue as plain JSON-ready data, with `message` holding `str(issue)`."""
        return {**dataclasses.asdict(self), "message": str(self)}


@dataclass(frozen=True)
class LoadReport:
    """What `load_file` did with each feature of one file.

    `accepted` counts the input features (CSV data rows) in the frame, repaired ones included;
    `repaired`, `refused`, `skipped` (null or empty geometry, or an empty CSV row: left out of
    the frame) and `notices` (file-level remarks that changed nothing, such as a byte-order
    mark) list the issues. `accepted + refused_features + skipped_empty == total`.
    `source_format` is ``"geojson"`` or ``"csv"``; `exploded` counts the extra frame rows made by
    splitting MultiPoints for a Point layer (the frame holds ``accepted + exploded`` rows).

    `nulled` lists the property values written as bare ``NaN``, ``Infinity`` or ``-Infinity``
    (or a number too large for a float, such as ``1e400``), which JSON does not allow and which
    the loader set to null: one ``(property, token, count)`` triple per property and token.
    `nulled_features` holds the indices of the features that had them (counted from 0, as
    ``features[N]``); each such feature also has a repaired issue. `outside_region` counts the
    accepted features (CSV rows) wholly outside `REGION_BOUNDS` and `partly_outside_region`
    those partly outside: kept, not refused (a layer's schema may refuse points outside).
    """

    path: Path
    layer: str | None
    accepted: int
    repaired: tuple[Issue, ...] = ()
    refused: tuple[Issue, ...] = ()
    skipped: tuple[Issue, ...] = ()
    notices: tuple[Issue, ...] = ()
    total: int = 0
    source_format: Literal["geojson", "csv"] = "geojson"
    exploded: int = 0
    nulled: tuple[tuple[str, str, int], ...] = ()
    nulled_features: tuple[int, ...] = ()
    outside_region: int = 0
    partly_outside_region: int = 0

    @property
    def nulled_values(self) -> int:
        """How many property values were NaN or Infinity and are now null."""
        return sum(count for _, _, count in self.nulled)

    @property
    def skipped_empty(self) -> int:
        """How many features had a null or empty geometry and were left out of the frame."""
        return len(self.skipped)

    @property
    def refused_features(self) -> int:
        """How many distinct features were refused (one feature may have several issues)."""
        return len({issue.feature_index for issue in self.refused})

    @property
    def ok(self) -> bool:
        """True when nothing was refused: the file is usable as it stands or with repairs."""
        return not self.refused

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue in file order: file-level ones first, then by feature index."""
        every = (*self.notices, *self.repaired, *self.skipped, *self.refused)
        return tuple(
            sorted(every, key=lambda i: -1 if i.feature_index is None else i.feature_index)
        )

    def summary(self) -> str:
        """One line: the file, the layer, and how many features were accepted/repaired/refused.

        The file is named once, at the start. When property values were set to null, or
        accepted features lie outside the map's region, the line says how many (and which).

        >>> LoadReport(Path("x.geojson"), None, accepted=2, total=3).summary()
        'x.geojson: 3 features: 2 accepted, 0 repaired, 0 refused, 0 skipped (empty geometry)'
        >>> LoadReport(Path("x.geojson"), None, accepted=3, total=3, repaired=(
        ...     Issue("feature 1", "depth", "-", "NaN", "repaired", feature_index=1),),
        ...     nulled=(("depth", "NaN", 1),), nulled_features=(1,), outside_region=1).summary()
        ... # doctest: +NORMALIZE_WHITESPACE
        "x.geojson: 3 features: 3 accepted, 1 repaired, 0 refused, 0 skipped (empty geometry);
        1 property value written as bare NaN set to null ('depth' 1) in feature 1 (features
        count from 0, as in the features array); 1 feature outside the map's region
        (100–150°E, 0–46°N), kept (not refused)"
        """
        repaired = len({i.feature_index for i in self.repaired if i.feature_index is not None})
        if any(issue.feature_index is None for issue in self.repaired):
            repaired = self.accepted  # a file-level repair (reprojection) changed every feature
        layer = f" (layer {self.layer})" if self.layer else ""
        csv_rows = self.source_format == "csv"
        noun = ("row" if csv_rows else "feature") + ("" if self.total == 1 else "s")
        empty = "empty rows or no coordinates" if csv_rows else "empty geometry"
        exploded = (
            f" (as {self.accepted + self.exploded} points: MultiPoints exploded)"
            if self.exploded
            else ""
        )
        return (
            f"{self.path}{layer}: {self.total} {noun}: {self.accepted} accepted{exploded}, "
            f"{repaired} repaired, {self.refused_features} refused, "
            f"{self.skipped_empty} skipped ({empty})"
            f"{self._nulled_clause()}{self._region_clause()}"
        )

    def _nulled_clause(self) -> str:
        if not self.nulled:
            return ""
        total = self.nulled_values
        tokens = list(dict.fromkeys(token for _, token, _ in self.nulled))
        written = _or(tokens)
        per_property: dict[str, int] = {}
        for name, _, count in self.nulled:
            per_property[name] = per_property.get(name, 0) + count
        properties = ", ".join(f"{name!r} {count:,}" for name, count in per_property.items())
        features = len(self.nulled_features)
        return (
            f"; {total:,} property value{'' if total == 1 else 's'} written as bare {written} "
            f"set to null ({properties}) in {'feature' if features == 1 else 'features'} "
            f"{_index_ranges(self.nulled_features)} (features count from 0, as in the features "
            "array)"
        )

    def _region_clause(self) -> str:
        wholly, partly = self.outside_region, self.partly_outside_region
        if not wholly and not partly:
            return ""
        noun = "row" if self.source_format == "csv" else "feature"
        min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
        region = f"the map's region ({min_lon:g}–{max_lon:g}°E, {min_lat:g}–{max_lat:g}°N)"
        if not wholly:
            counted = f"{partly:,} {noun}{'' if partly == 1 else 's'} partly outside {region}"
        else:
            counted = f"{wholly:,} {noun}{'' if wholly == 1 else 's'} outside {region}"
            counted += f" and {partly:,} partly outside" if partly else ""
        return f"; {counted}, kept (not refused)"

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "path": str(self.path),
            "layer": self.layer,
            "format": self.source_format,
            "ok": self.ok,
            "total": self.total,
            "exploded": self.exploded,
            "accepted": self.accepted,
            "skipped_empty": self.skipped_empty,
            "refused_features": self.refused_features,
            "nulled_values": self.nulled_values,
            "nulled": [
                {"property": name, "token": token, "count": count}
                for name, token, count in self.nulled
            ],
            "nulled_features": list(self.nulled_features),
            "outside_region": self.outside_region,
            "partly_outside_region": self.partly_outside_region,
            "summary": self.summary(),
            "notices": [issue.to_dict() for issue in self.notices],
            "repaired": [issue.to_dict() for issue in self.repaired],
            "skipped": [issue.to_dict() for issue in self.skipped],
            "refused": [issue.to_dict() for issue in self.refused],
        }


@dataclass(frozen=True)
class LoadResult:
    """The usable features (EPSG:4326) and the report on the whole file.

    `origins` holds, for each frame row, the input feature's index and its location as the
    report words it (``"feature 3 (id 'x')"``, ``"row 2 (line 3)"``): `fit_layer` uses them.
    """

    frame: gpd.GeoDataFrame
    report: LoadReport
    origins: tuple[tuple[int, str], ...] = ()


def load_layer(layer_id: str, *, catalog: Catalog | None = None) -> gpd.GeoDataFrame:
    """Load a bundled layer, checked against its catalog entry; it must load clean.

    Returns a GeoDataFrame in EPSG:4326 whose ``attrs["report"]`` holds the LoadReport.

    Raises
    ------
    UnknownLayerError
        `layer_id` is not in the catalog (the message lists the valid ids).
    CatalogError
        The catalog is broken, or the layer's file does not exist.
    DataFileError
        The file is unusable (`InvalidContentError`), or any feature was refused
        (`LayerValidationError`, carrying the report): bundled layers must be clean.
    """
    catalog = catalog if catalog is not None else load_catalog()
    spec = catalog[layer_id]
    _refuse_table(spec)
    if not spec.path.exists():
        raise CatalogError(
            f"{catalog.path}: layer {layer_id!r}, key 'file': {spec.path} does not exist"
        )
    result = load_file(spec.path, layer_id, catalog=catalog)
    report = result.report
    if report.refused:
        raise LayerValidationError(
            f"layer {layer_id!r} ({spec.path}): {report.refused_features} of {report.total} "
            f"features refused, and bundled layers must load clean; first: {report.refused[0]}",
            path=spec.path,
            report=report,
        )
    return result.frame


def load_file(
    path: str | Path,
    layer: str | None = None,
    *,
    catalog: Catalog | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_features: int = MAX_FEATURES,
    max_vertices: int = MAX_VERTICES,
    lat_column: str | None = None,
    lon_column: str | None = None,
) -> LoadResult:
    """Read a GeoJSON FeatureCollection or a CSV of points, validate each, report what happened.

    Files named ``*.csv`` or ``*.tsv`` are read as CSV (see `load_bytes`), anything else as
    GeoJSON. With `layer`, features are also checked against that catalog entry: geometry type,
    required fields present and non-empty, field types, unique ids, points inside the region;
    ``date`` fields written in another accepted format (`straitmap.dates`) are normalised to
    ISO and reported as repairs; MultiPoints for a Point-only layer are exploded into points
    and reported. Refused features are left out of the frame; repairs (closing a ring,
    `make_valid`, reprojecting a legacy `crs`) are applied and reported. Coordinates that look
    swapped or projected are refused with that explanation, never changed.

    Bare ``NaN``, ``Infinity`` and ``-Infinity`` (and numbers too large for a float, such as
    ``1e400``) are not JSON, but pandas and GIS tools write them: in a feature's properties
    (at any depth) they become null, reported as one repair per feature and counted in
    `LoadReport.nulled`; in its geometry, or in another member of the feature, they refuse
    that feature; outside every feature they refuse the file.

    Raises
    ------
    FileUnreadableError
        Missing, not a regular file, or not readable.
    InvalidContentError
        Too large, not UTF-8, not JSON (including duplicate keys, and NaN/Infinity outside
        the features), nested too deeply, more than `max_features` features, not a
        FeatureCollection, or a CSV without a header or coordinate columns
        (`ColumnDetectionError`): nothing usable remains.
    UnknownLayerError
        `layer` is not in the catalog.

    >>> result = load_file("tests/data/valid_towns.geojson", "towns",
    ...                    catalog=load_catalog("tests/data/catalog.toml"))
    >>> result.report.ok, len(result.frame)
    (True, 3)
    """
    file_path = Path(path)
    data = _read_bytes(file_path, max_bytes)
    return load_bytes(
        data,
        file_path,
        layer,
        catalog=catalog,
        max_bytes=max_bytes,
        max_features=max_features,
        max_vertices=max_vertices,
        lat_column=lat_column,
        lon_column=lon_column,
    )


def load_bytes(
    data: bytes,
    name: str | Path,
    layer: str | None = None,
    *,
    catalog: Catalog | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_features: int = MAX_FEATURES,
    max_vertices: int = MAX_VERTICES,
    lat_column: str | None = None,
    lon_column: str | None = None,
    input_format: InputFormat = "auto",
) -> LoadResult:
    """Like `load_file`, for bytes already in memory (an upload); `name` is used in messages.

    `input_format` ``"auto"`` reads names ending in `CSV_SUFFIXES` as CSV, others as GeoJSON.

    CSV: UTF-8 (a byte-order mark is fine) with a header row; the delimiter is a comma, a tab or
    a semicolon (``csv.Sniffer`` over those three; ``.tsv`` is always tab). Each row is one point.
    The coordinate columns are found by name (`LATITUDE_NAMES`, `LONGITUDE_NAMES`; case and
    units such as ``lat_deg`` or ``緯度(度)`` ignored), or named with `lat_column`/`lon_column`
    (exact header text; ignored for GeoJSON). Without a layer, the other cells are kept as text
    (empty cells as null); with one, cells are read as the layer's field types. A row with a
    cell that is not a number, a position outside ±90/±180 (explained when it looks swapped or
    projected) or a schema violation is refused with its row number; empty rows and rows with
    both coordinates empty are skipped and counted. The frame's ``attrs["coordinate_columns"]``
    holds the (lat, lon) column names used.

    Raises
    ------
    ColumnDetectionError
        A CSV whose coordinate columns are missing or ambiguous; it lists the candidates.
    InvalidContentError, UnknownLayerError
        As for `load_file`.
    """
    spec = None
    if layer is not None:
        spec = (catalog if catalog is not None else load_catalog())[layer]
        _refuse_table(spec)
    source = Path(name)
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    if input_format == "csv" or (input_format == "auto" and source.suffix.lower() in CSV_SUFFIXES):
        return _load_csv(
            data, source, spec, max_features, lat_column=lat_column, lon_column=lon_column
        )
    text, notices = _decode(data, source)
    depth = _nesting_depth(data)
    if depth > MAX_DEPTH:
        raise InvalidContentError(
            f"{source}: nested too deeply to be GeoJSON: {depth:,} levels of arrays and objects, "
            f"more than the limit of {MAX_DEPTH} (GeoJSON needs about 10)",
            path=source,
        )
    document, non_finite = _parse_json(text, source)
    check_text = _LONE_SURROGATE_ESCAPE.search(text) is not None
    return _load_document(
        document, source, spec, notices, max_features, max_vertices, check_text, non_finite > 0
    )


def fit_layer(result: LoadResult, layer: str, *, catalog: Catalog | None = None) -> LoadResult:
    """Check a file loaded without a layer against a catalog layer, without reading it again.

    Gives what ``load_bytes(data, name, layer)`` gives, from `result` alone: CSV cells read as
    the layer's field types, ``date`` fields in another accepted format normalised to ISO
    (reported), MultiPoints exploded for a Point layer (reported), then required fields, field
    types, unique ids and points inside the region checked; each issue is at the feature's
    location as the first load worded it (`LoadResult.origins`). The report keeps the first
    load's issues, so ``fit_layer(result, layer).report.ok`` says whether the whole file loads
    clean as `layer`. Three differences follow from reading the frame: ids are compared among
    the frame's features only (a refused or skipped feature is not there to collide with), a
    property missing from a feature reads as null (the frame has the column), and a column
    that mixes integers and decimals holds decimals (``1`` reads as ``1.0``).

    Raises
    ------
    ValueError
        `result` was loaded against a layer already, or its frame no longer matches `origins`.
    UnknownLayerError, CatalogError
        `layer` is not in the catalog, or is a table.

    >>> towns = load_file("tests/data/valid_towns.geojson")
    >>> fitted = fit_layer(towns, "towns", catalog=load_catalog("tests/data/catalog.toml"))
    >>> fitted.report.ok, fitted.report.layer, len(fitted.frame)
    (True, 'towns', 3)
    """
    spec = (catalog if catalog is not None else load_catalog())[layer]
    _refuse_table(spec)
    report, frame = result.report, result.frame
    if report.layer is not None:
        raise ValueError(
            f"expected a result loaded without a layer, found one loaded as {report.layer!r}"
        )
    if len(result.origins) != len(frame):
        raise ValueError(
            f"expected one origin per frame row ({len(frame):,} rows), "
            f"found {len(result.origins):,}"
        )
    names = [name for name in frame.columns if name != frame.geometry.name]
    columns = {name: [_python_value(value) for value in frame[name].tolist()] for name in names}
    repaired: list[Issue] = []
    refused: list[Issue] = []
    rows: list[Mapping[str, Any]] = []
    geometries: list[shapely.Geometry] = []
    origins: list[tuple[int, str]] = []
    accepted_geometries: list[shapely.Geometry] = []
    seen_ids: dict[object, int] = {}
    for row, (geometry, (index, location)) in enumerate(
        zip(frame.geometry, result.origins, strict=True)
    ):
        properties: Mapping[str, Any] = {name: columns[name][row] for name in names}
        outcome = _fit_row(
            properties, geometry, index, location, spec, seen_ids, report.source_format
        )
        properties = outcome.properties
        repaired.extend(outcome.repaired)
        if outcome.refused:
            refused.extend(outcome.refused)
            continue
        accepted_geometries.append(geometry)
        parts = _exploded_parts(geometry, spec)
        if parts is None:
            rows.append(properties)
            geometries.append(geometry)
            origins.append((index, location))
            continue
        repaired.append(_explosion_issue(index, properties, len(parts)))
        for number, part in enumerate(parts, start=1):
            rows.append(_part_properties(properties, number, len(parts)))
            geometries.append(part)
            origins.append((index, location))

    wholly, partly = _outside_region(accepted_geometries)
    fitted = dataclasses.replace(
        report,
        layer=spec.id,
        accepted=len(accepted_geometries),
        repaired=_in_file_order([*report.repaired, *repaired]),
        refused=_in_file_order([*report.refused, *refused]),
        exploded=len(rows) - len(accepted_geometries),
        outside_region=wholly,
        partly_outside_region=partly,
    )
    fitted_frame = _build_frame(rows, geometries)
    fitted_frame.attrs["report"] = fitted
    fitted_frame.attrs["layer"] = spec.id
    if "coordinate_columns" in frame.attrs:
        fitted_frame.attrs["coordinate_columns"] = frame.attrs["coordinate_columns"]
    return LoadResult(frame=fitted_frame, report=fitted, origins=tuple(origins))


def _fit_row(
    properties: Mapping[str, Any],
    geometry: shapely.Geometry,
    index: int,
    location: str,
    spec: LayerSpec,
    seen_ids: dict[object, int],
    source_format: Literal["geojson", "csv"],
) -> _Outcome:
    """One frame row checked against `spec`, as `_check_feature`/`_check_csv_row` would."""
    outcome = _Outcome(properties=properties, location=location, index=index)
    issue, refuse = outcome.issue, outcome.refuse

    if source_format == "csv":
        cells = [(name, "" if value is None else str(value)) for name, value in properties.items()]
        typed, dates_refused = _typed_cells(cells, spec, issue, refuse, outcome)
        outcome.properties = typed
        if not outcome.refused:
            _check_id(typed, index, seen_ids, refuse)
            _check_schema(geometry, typed, spec, refuse, dates_refused)
        return outcome
    _check_id(properties, index, seen_ids, refuse)
    normalised, dates_refused = _normalise_dates(properties, spec, issue, outcome)
    outcome.properties = normalised
    _check_schema(geometry, normalised, spec, refuse, dates_refused)
    return outcome


def _python_value(value: Any) -> Any:
    """A frame cell as the loader's value: None for every kind of missing value."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _in_file_order(issues: Sequence[Issue]) -> tuple[Issue, ...]:
    """File-level issues first, then by feature index (stable: each feature's own order)."""
    return tuple(sorted(issues, key=lambda i: -1 if i.feature_index is None else i.feature_index))


def _refuse_table(spec: LayerSpec) -> None:
    if spec.is_table:
        raise CatalogError(
            f'layer {spec.id!r} is a table (kind = "table", file {spec.file}): expected a '
            "layer of map features here; load it with load_table"
        )


# --- tables (CSV layers) ------------------------------------------------------------------------

_BOOL_TEXT: Final = {"true": True, "false": False}


def load_table(layer_id: str, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """Load a bundled table layer (catalog ``kind = "table"``, a UTF-8 CSV file with a header).

    Every listed field must be a column; `required` columns must be non-empty in every row;
    values must parse as their field type (``int``, ``float``, ``bool`` as ``true``/``false``,
    ``date`` as an ISO date kept as text). Columns the catalog does not list are kept as text.
    Returns a DataFrame whose ``attrs["report"]`` holds a LoadReport (locations ``"row N"``,
    N counting data rows from 0).

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
    text, notices = _decode(_read_bytes(path, MAX_FILE_BYTES), path)
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
        for name, raw in zip(header, row, strict=True):
            value, problem = _table_value(raw, spec.fields.get(name, "str"))
            if problem is None and name in spec.required and value is None:
                problem = f"a non-empty {spec.fields[name]} (required)"
            if problem is not None:
                refused.append(
                    Issue(f"row {index}", name, problem, _describe(raw), "refused", "", index)
                )
            columns[name].append(value)
    report = LoadReport(
        path=path,
        layer=layer_id,
        accepted=len(rows) - len({issue.feature_index for issue in refused}),
        refused=tuple(refused),
        notices=tuple(notices),
        total=len(rows),
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
    frame.attrs["report"] = report
    frame.attrs["layer"] = layer_id
    return frame


def _csv_rows(text: str, path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of a CSV text; every row as long as the header."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise InvalidContentError(f"{path}: not valid CSV: {error}", path=path) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise InvalidContentError(f"{path}: expected a CSV header row, found nothing", path=path)
    header = records[0]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise InvalidContentError(
            f"{path}: expected unique column names, found {duplicates[0]!r} more than once",
            path=path,
        )
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            raise InvalidContentError(
                f"{path}: expected {len(header)} cells in every row (as in the header), "
                f"found {len(record)} in CSV record {number}",
                path=path,
            )
        rows.append(record)
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
        if raw in _BOOL_TEXT:
            return _BOOL_TEXT[raw], None
        return None, "true or false"
    if _has_type(raw, "date"):
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


# --- CSV points ---------------------------------------------------------------------------------

_CSV_DELIMITERS: Final = (",", "\t", ";")
_DELIMITER_NAMES: Final = {",": "comma", "\t": "tab", ";": "semicolon"}
# Only the head of the file is sniffed: csv.Sniffer's regular expressions are slow on long text.
_SNIFF_CHARS: Final = 8192
_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER: Final = re.compile(r"[+-]?\d{1,30}")
_DECIMAL_COMMA: Final = re.compile(r"[+-]?\d+,\d+")
_NON_FINITE: Final = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity",
                                "+infinity", "-infinity"})  # fmt: skip
_BRACKETED: Final = re.compile(r"[(\[（【{].*?[)\]）】}]")
_NAME_SEPARATORS: Final = re.compile(r"[\s_\-.:/°]+")
# Words after a coordinate column's name that only give its unit or hemisphere.
_UNIT_WORDS: Final = frozenset({"deg", "degs", "degree", "degrees", "dd", "dec", "decimal",
                                "wgs84", "度", "n", "e"})  # fmt: skip


@dataclass(frozen=True)
class _CsvRow:
    number: int  # data rows counted from 1; the header is not a data row
    line: int  # the line of the file where the row ends (quoted cells may span lines)
    cells: list[str]


def _load_csv(
    data: bytes,
    source: Path,
    spec: LayerSpec | None,
    max_features: int,
    *,
    lat_column: str | None,
    lon_column: str | None,
) -> LoadResult:
    notices: list[Issue] = []
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        notices.append(
            Issue("file", None, "UTF-8 text", "a UTF-8 byte-order mark", "noted",
                  "ignored it (spreadsheet programs write one)")
        )  # fmt: skip
    text, _ = _decode(data, source)
    delimiter = _csv_delimiter(text, source)
    if delimiter != ",":
        name = _DELIMITER_NAMES[delimiter]
        notices.append(
            Issue("file", None, "comma-separated values", f"{name}-separated values", "noted",
                  f"read with the {name} as the delimiter")
        )  # fmt: skip
    header, rows, unnamed = _csv_records(text, source, delimiter, max_features)
    lat_name, lon_name = _coordinate_columns(header, rows, source, lat_column, lon_column)
    notices.append(
        Issue("file", None, "a latitude and a longitude column",
              f"{lat_name!r} and {lon_name!r}", "noted",
              "each row is a point at (latitude, longitude) from these columns")
    )  # fmt: skip
    lat_index, lon_index = header.index(lat_name), header.index(lon_name)
    kept = [
        (position, name)
        for position, name in enumerate(header)
        if position not in (lat_index, lon_index) and position not in unnamed
    ]

    repaired: list[Issue] = []
    refused: list[Issue] = []
    skipped: list[Issue] = []
    properties_rows: list[Mapping[str, Any]] = []
    geometries: list[shapely.Geometry] = []
    origins: list[tuple[int, str]] = []
    seen_ids: dict[object, int] = {}
    for row in rows:
        outcome = _check_csv_row(row, header, kept, (lat_index, lon_index), spec, seen_ids)
        repaired.extend(outcome.repaired)
        if outcome.refused:
            refused.extend(outcome.refused)
        elif outcome.skipped is not None:
            skipped.append(outcome.skipped)
        elif outcome.geometry is not None:
            properties_rows.append(outcome.properties)
            geometries.append(outcome.geometry)
            origins.append((row.number - 1, outcome.location))

    wholly, partly = _outside_region(geometries)
    report = LoadReport(
        path=source,
        layer=None if spec is None else spec.id,
        accepted=len(properties_rows),
        repaired=tuple(repaired),
        refused=tuple(refused),
        skipped=tuple(skipped),
        notices=tuple(notices),
        total=len(rows),
        source_format="csv",
        outside_region=wholly,
        partly_outside_region=partly,
    )
    logger.debug("%s", report.summary())
    frame = _build_frame(properties_rows, geometries)
    frame.attrs["report"] = report
    frame.attrs["coordinate_columns"] = (lat_name, lon_name)
    if spec is not None:
        frame.attrs["layer"] = spec.id
    return LoadResult(frame=frame, report=report, origins=tuple(origins))


def _csv_delimiter(text: str, source: Path) -> str:
    """Comma, tab or semicolon: `.tsv` is tab; else csv.Sniffer, checked against the header."""
    if source.suffix.lower() == ".tsv":
        return "\t"
    first_line = text.split("\n", 1)[0]
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters="".join(_CSV_DELIMITERS)).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter not in _CSV_DELIMITERS or delimiter not in first_line:
        counts = {candidate: first_line.count(candidate) for candidate in _CSV_DELIMITERS}
        delimiter = max(_CSV_DELIMITERS, key=counts.__getitem__)
        if not counts[delimiter]:
            delimiter = ","
    return delimiter


def _csv_records(
    text: str, source: Path, delimiter: str, max_features: int
) -> tuple[list[str], list[_CsvRow], frozenset[int]]:
    """The header (names stripped), the data rows, and the positions of unnamed empty columns."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[_CsvRow] = []
    try:
        for record in reader:
            if header is None:
                header = [cell.strip() for cell in record]
                continue
            if len(rows) >= max_features:
                raise InvalidContentError(
                    f"{source}: more than {max_features:,} data rows, the limit "
                    f"(MAX_FEATURES); split the file",
                    path=source,
                )
            rows.append(_CsvRow(len(rows) + 1, reader.line_num, record))
    except csv.Error as error:
        raise InvalidContentError(
            f"{source}: not valid CSV at line {reader.line_num}: {error}", path=source
        ) from None
    if header is None or not any(header):
        raise InvalidContentError(
            f"{source}: expected a header row naming the columns (such as name,lat,lon) on "
            f"line 1, found {'nothing' if header is None else 'an empty line'}",
            path=source,
        )
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise InvalidContentError(
            f"{source}: expected unique column names in the header, found "
            f"{duplicates[0]!r} more than once",
            path=source,
        )
    if "geometry" in header:
        raise InvalidContentError(
            f"{source}: expected no column named 'geometry' (the name of the frame's geometry "
            "column), found one; rename it",
            path=source,
        )
    unnamed = frozenset(position for position, name in enumerate(header) if not name)
    for position in sorted(unnamed):
        holder = next(
            (row for row in rows if position < len(row.cells) and row.cells[position].strip()),
            None,
        )
        if holder is not None:
            raise InvalidContentError(
                f"{source}: expected a name in the header for every column that holds data, "
                f"found column {position + 1} unnamed but not empty (row {holder.number}, "
                f"line {holder.line}); name it in the header",
                path=source,
            )
    return header, rows, unnamed


def _column_key(name: str) -> str:
    """A column name without units: 'Lat (°N)', 'lat_deg', '緯度(度)' → 'lat', 'lat', '緯度'."""
    text = _BRACKETED.sub(" ", unicodedata.normalize("NFKC", name).casefold())
    words = [word for word in _NAME_SEPARATORS.split(text) if word]
    while len(words) > 1 and words[-1] in _UNIT_WORDS:
        words.pop()
    return " ".join(words)


def _loosely_named(key: str, names: Sequence[str]) -> bool:
    """A column that may hold the coordinate although its name is not one of `names`."""
    words = key.split()
    stems = {name[:3] for name in names if name.isascii() and len(name) > 1}
    return any(word[:3] in stems for word in words) or any(
        name in key for name in names if not name.isascii()
    )


def _coordinate_columns(
    header: list[str],
    rows: Sequence[_CsvRow],
    source: Path,
    lat_column: str | None,
    lon_column: str | None,
) -> tuple[str, str]:
    """The (latitude, longitude) column names: as given, or found by name; never a guess."""
    named = [name for name in header if name]
    keys = {name: _column_key(name) for name in named}
    problems: list[str] = []
    chosen: dict[str, str] = {}
    candidates: dict[str, list[str]] = {}
    for axis, given, names in (
        ("latitude", lat_column, LATITUDE_NAMES),
        ("longitude", lon_column, LONGITUDE_NAMES),
    ):
        argument = "lat_column" if axis == "latitude" else "lon_column"
        exact = [name for name in named if keys[name] in names]
        loose = [name for name in named if name not in exact and _loosely_named(keys[name], names)]
        candidates[axis] = exact or loose
        if given is not None:
            if given not in named:
                problems.append(
                    f"{argument}={given!r}: expected one of the columns "
                    f"{', '.join(map(repr, named))}, found no column of that name"
                )
            else:
                chosen[axis] = given
        elif len(exact) == 1:
            chosen[axis] = exact[0]
        elif exact:
            problems.append(
                f"cannot tell which column holds the {axis}: {', '.join(map(repr, exact))} "
                f"{'could both' if len(exact) == 2 else 'could each'} be; choose one with "
                f"{argument}= (in the app, pick it from the list) or rename the others"
            )
        else:
            hint = f"; columns that might hold it: {', '.join(map(repr, loose))}" if loose else ""
            problems.append(
                f"expected a {axis} column named {', '.join(names)} (any case; units such as "
                f"'_deg' or '(°)' allowed), found none{hint}; name it with {argument}="
            )
    if not problems and chosen["latitude"] == chosen["longitude"]:
        problems.append(
            f"expected two different columns for latitude and longitude, found "
            f"{chosen['latitude']!r} for both"
        )
    if problems:
        numbers = [cell for cell in header if _NUMBER.fullmatch(cell)]
        if len(numbers) >= 2 and lat_column is None and lon_column is None:
            problems = [
                f"expected a header row naming the columns, found numbers in the first row "
                f"({', '.join(map(repr, numbers[:2]))}); add a header such as lat,lon"
            ]
        raise ColumnDetectionError(
            f"{source}: {'; '.join(problems)} (columns: {', '.join(map(repr, named))})",
            path=source,
            columns=named,
            lat_candidates=candidates["latitude"],
            lon_candidates=candidates["longitude"],
        )
    return chosen["latitude"], chosen["longitude"]


def _check_csv_row(
    row: _CsvRow,
    header: Sequence[str],
    kept: Sequence[tuple[int, str]],
    coordinate_positions: tuple[int, int],
    spec: LayerSpec | None,
    seen_ids: dict[object, int],
) -> _Outcome:
    """One data row: its point and properties, or why it was refused or skipped."""
    index = row.number - 1
    location = f"row {row.number} (line {row.line})"
    outcome = _Outcome(properties={}, location=location, index=index)
    issue, refuse = outcome.issue, outcome.refuse

    if not any(cell.strip() for cell in row.cells):
        outcome.skipped = issue(None, "a row of values", "an empty row", "skipped", "left out")
        return outcome
    if len(row.cells) != len(header):
        return refuse(None, f"{len(header)} cells (as in the header)", f"{len(row.cells)}")
    lat_position, lon_position = coordinate_positions
    lat_name, lon_name = header[lat_position], header[lon_position]
    lat_raw, lon_raw = row.cells[lat_position].strip(), row.cells[lon_position].strip()
    if not lat_raw and not lon_raw:
        outcome.skipped = issue(
            None, "a latitude and a longitude", "both cells empty", "skipped",
            "no position: left out of the map",
        )  # fmt: skip
        return outcome
    lat = _csv_coordinate(lat_raw, lat_name, "latitude", refuse)
    lon = _csv_coordinate(lon_raw, lon_name, "longitude", refuse)
    if lat is not None and lon is not None:
        _check_csv_position(lat, lon, lat_name, lon_name, refuse)

    cells = [(name, row.cells[position]) for position, name in kept]
    properties, dates_refused = _typed_cells(cells, spec, issue, refuse, outcome)
    outcome.properties = properties
    if outcome.refused or spec is None:
        if not outcome.refused:
            outcome.geometry = shapely.Point(lon, lat)
        return outcome
    geometry = shapely.Point(lon, lat)
    _check_id(properties, index, seen_ids, refuse)
    _check_schema(geometry, properties, spec, refuse, dates_refused)
    if not outcome.refused:
        outcome.geometry = geometry
    return outcome


def _typed_cells(
    cells: Sequence[tuple[str, str]],
    spec: LayerSpec | None,
    issue: Callable[..., Issue],
    refuse: _Refuse,
    outcome: _Outcome,
) -> tuple[dict[str, Any], frozenset[str]]:
    """CSV cells (name, text) as the layer's field types (text without a layer), and the
    fields already refused here (the schema check must not refuse them again)."""
    properties: dict[str, Any] = {}
    dates_refused: set[str] = set()
    for name, raw in cells:
        type_name = "str" if spec is None else spec.fields.get(name, "str")
        if type_name == "date" and raw.strip():
            properties[name] = _csv_date(raw, name, issue, outcome)
            if properties[name] is None:
                dates_refused.add(name)
            continue
        value, problem = _csv_value(raw, type_name)
        if problem is not None:
            detail = _number_hint(raw.strip()) if type_name in ("int", "float") else ""
            refuse(name, problem, _describe(raw), detail)
            dates_refused.add(name)
        properties[name] = value
    return properties, frozenset(dates_refused)


def _csv_value(raw: str, type_name: str) -> tuple[Any, str | None]:
    """A CSV cell as its field type (None when empty), or the expectation it breaks.

    Text is kept exactly; other types are read from the stripped cell: integers of digits,
    numbers without NaN/Infinity or underscores, ``true``/``false`` in any case.
    """
    if type_name == "str":
        return (raw if raw else None), None
    cell = raw.strip()
    if not cell:
        return None, None
    if type_name == "int":
        return (int(cell), None) if _INTEGER.fullmatch(cell) else (None, "an integer")
    if type_name == "float":
        number = float(cell) if _NUMBER.fullmatch(cell) else math.nan
        return (number, None) if math.isfinite(number) else (None, "a finite number")
    if type_name == "bool":
        flag = _BOOL_TEXT.get(cell.lower())
        return (flag, None) if flag is not None else (None, "true or false")
    raise AssertionError(f"unexpected field type {type_name!r}")  # dates: _csv_date


def _csv_date(raw: str, name: str, issue: Callable[..., Issue], outcome: _Outcome) -> str | None:
    """A date cell as ISO text (a repair when it was written otherwise), or None when refused."""
    try:
        reading = read_date(raw)
    except DateParseError as error:
        outcome.refused.append(issue(name, "a date", _describe(raw), "refused", error.reason))
        return None
    if not reading.is_iso:
        outcome.repaired.append(
            issue(name, "an ISO date (YYYY-MM-DD)", _describe(raw), "repaired",
                  _reading_detail(reading))
        )  # fmt: skip
    return reading.iso


def _csv_coordinate(raw: str, column: str, axis: str, refuse: _Refuse) -> float | None:
    example = "25.03" if axis == "latitude" else "121.56"
    expected = f"a {axis} in decimal degrees (a number such as {example})"
    if not raw:
        refuse(column, expected, "an empty cell")
        return None
    if not _NUMBER.fullmatch(raw):
        refuse(column, expected, _describe(raw), _number_hint(raw))
        return None
    value = float(raw)
    if not math.isfinite(value):
        refuse(column, expected, _describe(raw), "too large to be a number of degrees")
        return None
    return value


def _number_hint(raw: str) -> str:
    if raw.lower() in _NON_FINITE:
        return "not a finite number; leave the cell empty for a missing value"
    if _DECIMAL_COMMA.fullmatch(raw):
        return f"a decimal comma? write {raw.replace(',', '.')}"
    if re.search(r"[NSEWnsew°'\"]", raw) and re.search(r"\d", raw):
        return "write decimal degrees, negative for south and west (25°01'N is 25.0167)"
    return ""


def _check_csv_position(
    lat: float, lon: float, lat_name: str, lon_name: str, refuse: _Refuse
) -> None:
    """Refuse a latitude beyond ±90 or a longitude beyond ±180, saying when it looks swapped or
    projected; the values are never swapped or converted."""
    if abs(lat) <= 90 and abs(lon) <= 180:
        return
    shown = f"latitude {_number(lat)}, longitude {_number(lon)}"
    field = lat_name if abs(lat) > 90 else lon_name
    if max(abs(lat), abs(lon)) > _PROJECTED_MAGNITUDE:
        refuse(
            field,
            "WGS84 degrees: latitude within ±90, longitude within ±180",
            shown,
            "these look like projected coordinates (metres or feet), not degrees; convert "
            "them to WGS84 latitude/longitude",
        )
    elif abs(lat) > 90 and abs(lon) <= 90:
        refuse(
            lat_name,
            "a latitude within ±90",
            shown,
            f"this looks swapped: {_number(lat)} in column {lat_name!r} is not a latitude, but "
            f"the other way round the position would be valid; check which column holds "
            f"which (or name them with lat_column=/lon_column=); it was not swapped",
        )
    else:
        refuse(field, "latitude within ±90 and longitude within ±180", shown)


# --- reading bytes and parsing JSON -------------------------------------------------------------


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        status = path.stat()
    except FileNotFoundError:
        raise FileUnreadableError(f"{path}: no such file", path=path) from None
    except OSError as error:
        raise FileUnreadableError(f"{path}: cannot read: {error.strerror}", path=path) from None
    if stat.S_ISDIR(status.st_mode):
        raise FileUnreadableError(f"{path}: is a directory; expected a GeoJSON file", path=path)
    if not stat.S_ISREG(status.st_mode):
        raise FileUnreadableError(
            f"{path}: not a regular file (a device, pipe or socket); expected a GeoJSON file",
            path=path,
        )
    if status.st_size > max_bytes:
        raise _too_large(path, status.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise FileUnreadableError(f"{path}: cannot read: {error.strerror}", path=path) from None
    if len(data) > max_bytes:
        raise _too_large(path, len(data), max_bytes)
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> InvalidContentError:
    return InvalidContentError(
        f"{path}: {_size(size)}, more than the limit of {_size(max_bytes)}; split the file "
        "or simplify its geometry",
        path=path,
    )


def _size(count: int) -> str:
    """A size in bytes, from 1 MB also in megabytes (10**6 bytes, as Streamlit counts them),
    rounded up: a file one byte over a 25 MB limit reads as 25.1 MB, never as 25 MB."""
    if count < 1_000_000:
        return f"{count:,} bytes"
    tenths = -(-count // 100_000)
    megabytes = f"{tenths // 10:,}" if tenths % 10 == 0 else f"{tenths / 10:,.1f}"
    return f"{megabytes} MB ({count:,} bytes)"


def _decode(data: bytes, path: Path) -> tuple[str, list[Issue]]:
    notices: list[Issue] = []
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        notices.append(
            Issue(
                "file",
                None,
                "UTF-8 without a byte-order mark (RFC 7946 §1)",
                "a UTF-8 byte-order mark",
                "noted",
                "ignored it",
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidContentError(
            f"{path}: expected UTF-8, found a UTF-16 byte-order mark; re-save the file as UTF-8",
            path=path,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InvalidContentError(
            f"{path}: expected UTF-8 text (RFC 7946 §1), found byte 0x{data[error.start]:02x} "
            f"at offset {error.start} (line {line}) that is not valid UTF-8 ({error.reason}); "
            "re-save the file as UTF-8",
            path=path,
        ) from None
    return text, notices


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, keys: Sequence[str]) -> None:
        super().__init__(key)
        self.key = key
        self.keys = keys


@dataclass(frozen=True)
class _NonFinite:
    """A number JSON does not allow (NaN, Infinity, -Infinity) or too large for a float
    (1e400), as written in the file: a property value becomes null, a coordinate refuses its
    feature, anything else at the top level refuses the file."""

    token: str

    def __str__(self) -> str:
        return self.token


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKeyError(key, [k for k, _ in pairs])
        obj[key] = value
    return obj


# Every byte that cannot change JSON nesting is dropped before the scan, except the letters that
# may follow a backslash: `\\n` must stay an escape so that `"\\"` is still read as one string.
_DEPTH_KEEP: Final = frozenset(b'"\\[]{}/bfnrtu')
_DEPTH_DELETE: Final = bytes(b for b in range(256) if b not in _DEPTH_KEEP)
_STRING_LITERAL: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _nesting_depth(data: bytes) -> int:
    """How deeply JSON arrays and objects nest in `data`, without parsing (brackets in strings
    do not count); linear in the size, so hostile nesting is refused before `json.loads`."""
    skeleton = _STRING_LITERAL.sub(b"", data.translate(None, _DEPTH_DELETE))
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    opening = (codes == ord("[")) | (codes == ord("{"))
    closing = (codes == ord("]")) | (codes == ord("}"))
    steps = opening.astype(np.int8) - closing.astype(np.int8)
    return int(steps.cumsum(dtype=np.int64).max(initial=0))


def _parse_json(text: str, path: Path) -> tuple[Any, int]:
    """The document, and how many numbers in it are `_NonFinite` (0: no walk is needed)."""
    found: list[_NonFinite] = []

    def non_finite(token: str) -> _NonFinite:
        value = _NonFinite(token)
        found.append(value)
        return value

    def number(token: str) -> float | _NonFinite:
        value = float(token)
        return value if math.isfinite(value) else non_finite(token)

    try:
        document = json.loads(
            text,
            object_pairs_hook=_unique_object,
            parse_constant=non_finite,
            parse_float=number,
        )
    except json.JSONDecodeError as error:
        raise InvalidContentError(
            f"{path}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            path=path,
        ) from None
    except _DuplicateKeyError as error:
        keys = ", ".join(repr(k) for k in dict.fromkeys(error.keys))
        raise InvalidContentError(
            f"{path}: duplicate key {error.key!r} in one JSON object (keys {keys}); expected "
            "unique keys, since which value wins is undefined (RFC 8259 §4)",
            path=path,
        ) from None
    except RecursionError:
        raise InvalidContentError(
            f"{path}: nested too deeply to be GeoJSON; expected at most a few levels of arrays",
            path=path,
        ) from None
    except ValueError as error:
        # e.g. an integer literal with more digits than Python converts.
        raise InvalidContentError(f"{path}: not usable JSON: {error}", path=path) from None
    return document, len(found)


def _find_non_finite(value: Any) -> tuple[_NonFinite, tuple[str | int, ...]] | None:
    """The first `_NonFinite` inside a parsed JSON value and the keys/indices leading to it."""
    if isinstance(value, _NonFinite):
        return value, ()
    items: Any = (
        value.items() if isinstance(value, dict) else enumerate(value)
        if isinstance(value, list) else ()
    )  # fmt: skip
    for key, member in items:
        hit = _find_non_finite(member)
        if hit is not None:
            return hit[0], (key, *hit[1])
    return None


def _null_non_finite(value: Any, tokens: list[str]) -> Any:
    """`value` with every `_NonFinite` inside replaced by None (appending its token to
    `tokens`); containers are copied only when something inside changed."""
    if isinstance(value, _NonFinite):
        tokens.append(value.token)
        return None
    if isinstance(value, dict):
        before = len(tokens)
        cleaned = {key: _null_non_finite(member, tokens) for key, member in value.items()}
        return cleaned if len(tokens) > before else value
    if isinstance(value, list):
        before = len(tokens)
        items = [_null_non_finite(member, tokens) for member in value]
        return items if len(tokens) > before else value
    return value


def _json_path(keys: Sequence[str | int]) -> str:
    """Keys/indices as a JSONPath-like text: ('bbox', 0) → "bbox[0]"."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


# --- the FeatureCollection ----------------------------------------------------------------------


def _load_document(
    document: Any,
    path: Path,
    spec: LayerSpec | None,
    notices: list[Issue],
    max_features: int,
    max_vertices: int,
    check_text: bool,
    non_finite: bool = False,
) -> LoadResult:
    if non_finite:
        _refuse_non_finite_members(document, path)
    features = _feature_array(document, path, max_features)
    transformer = None
    if "crs" in document:
        transformer, crs_issue = _legacy_crs(document["crs"], path)
        notices.append(crs_issue)
    repaired: list[Issue] = [issue for issue in notices if issue.action == "repaired"]
    notes = [issue for issue in notices if issue.action != "repaired"]
    refused: list[Issue] = []
    skipped: list[Issue] = []
    rows: list[Mapping[str, Any]] = []
    geometries: list[shapely.Geometry] = []
    origins: list[tuple[int, str]] = []
    accepted_geometries: list[shapely.Geometry] = []
    seen_ids: dict[object, int] = {}
    nulled: dict[tuple[str, str], int] = {}
    nulled_features: list[int] = []

    for index, raw in enumerate(features):
        outcome = _check_feature(
            index, raw, spec, transformer, seen_ids, check_text, max_vertices, non_finite
        )
        repaired.extend(outcome.repaired)
        if outcome.nulled:
            nulled_features.append(index)
            for key in outcome.nulled:
                nulled[key] = nulled.get(key, 0) + 1
        if outcome.refused:
            refused.extend(outcome.refused)
        elif outcome.skipped is not None:
            skipped.append(outcome.skipped)
        elif outcome.geometry is not None:
            accepted_geometries.append(outcome.geometry)
            origin = (index, outcome.location)
            parts = _exploded_parts(outcome.geometry, spec)
            if parts is None:
                rows.append(outcome.properties)
                geometries.append(outcome.geometry)
                origins.append(origin)
                continue
            repaired.append(_explosion_issue(index, outcome.properties, len(parts)))
            for number, part in enumerate(parts, start=1):
                rows.append(_part_properties(outcome.properties, number, len(parts)))
                geometries.append(part)
                origins.append(origin)

    wholly, partly = _outside_region(accepted_geometries)
    report = LoadReport(
        path=path,
        layer=None if spec is None else spec.id,
        accepted=len(accepted_geometries),
        repaired=tuple(repaired),
        refused=tuple(refused),
        skipped=tuple(skipped),
        notices=tuple(notes),
        total=len(features),
        exploded=len(rows) - len(accepted_geometries),
        nulled=tuple((name, token, count) for (name, token), count in nulled.items()),
        nulled_features=tuple(nulled_features),
        outside_region=wholly,
        partly_outside_region=partly,
    )
    logger.debug("%s", report.summary())
    frame = _build_frame(rows, geometries)
    frame.attrs["report"] = report
    if spec is not None:
        frame.attrs["layer"] = spec.id
    return LoadResult(frame=frame, report=report, origins=tuple(origins))


def _refuse_non_finite_members(document: Any, path: Path) -> None:
    """Refuse the file for NaN or Infinity outside its features: no feature could carry it."""
    if not isinstance(document, dict):
        return  # _feature_array explains what the top level should be
    for key, value in document.items():
        if key == "features":
            continue
        hit = _find_non_finite(value)
        if hit is not None:
            where = _json_path((key, *hit[1]))
            raise InvalidContentError(
                f"{path}: expected finite JSON numbers, found {hit[0]} in member {where!r} at "
                "the top level, which JSON does not allow (only property values are set to "
                "null); write null for a missing value",
                path=path,
            )


def _outside_region(geometries: Sequence[shapely.Geometry]) -> tuple[int, int]:
    """How many geometries lie wholly outside `REGION_BOUNDS`, and how many partly."""
    if not geometries:
        return 0, 0
    region = shapely.box(*REGION_BOUNDS)
    shapely.prepare(region)
    array = np.asarray(geometries, dtype=object)
    inside = shapely.covers(region, array)
    touching = shapely.intersects(region, array)
    return int((~touching).sum()), int((touching & ~inside).sum())


def _exploded_parts(
    geometry: shapely.Geometry, spec: LayerSpec | None
) -> list[shapely.Geometry] | None:
    """The points of a MultiPoint bound for a layer of Points only; None to keep it whole."""
    if (
        spec is None
        or geometry.geom_type != "MultiPoint"
        or "MultiPoint" in spec.geometry_types
        or "Point" not in spec.geometry_types
    ):
        return None
    return list(shapely.get_parts(geometry))


def _part_properties(properties: Mapping[str, Any], number: int, count: int) -> dict[str, Any]:
    """A copy of a MultiPoint's properties for its point `number` (ids get ``-number``)."""
    copy = dict(properties)
    feature_id = properties.get("id")
    if count > 1 and isinstance(feature_id, str | int) and not isinstance(feature_id, bool):
        copy["id"] = f"{feature_id}-{number}"
    return copy


def _explosion_issue(index: int, properties: Mapping[str, Any], count: int) -> Issue:
    feature_id = properties.get("id")
    location = f"feature {index}" + (
        f" (id {feature_id!r})" if isinstance(feature_id, str | int) else ""
    )
    if count == 1:
        detail = "read as a Point"
    else:
        ids = (
            f" with ids '{feature_id}-1' … '{feature_id}-{count}'"
            if isinstance(feature_id, str | int)
            else ""
        )
        detail = (
            f"exploded into {count} Point rows{ids}; every other field (a count, for one) is "
            f"copied to each point, so sums over rows count this feature {count} times"
        )
    return Issue(
        location, "geometry", "a Point (the layer holds Points only)", "a MultiPoint",
        "repaired", detail, index,
    )  # fmt: skip


def _feature_array(document: Any, path: Path, max_features: int) -> list[Any]:
    if not isinstance(document, dict):
        raise InvalidContentError(
            f"{path}: expected a GeoJSON FeatureCollection object at the top level, "
            f"found {_describe(document)}",
            path=path,
        )
    kind = document.get("type", _MISSING)
    if kind == "Feature":
        raise InvalidContentError(
            f"{path}: expected a FeatureCollection, found a single Feature; wrap it as "
            '{"type": "FeatureCollection", "features": [...]}',
            path=path,
        )
    if kind in GEOMETRY_TYPES:
        raise InvalidContentError(
            f"{path}: expected a FeatureCollection, found a bare {kind} geometry; wrap it in a "
            "Feature with properties, inside a FeatureCollection",
            path=path,
        )
    if kind != "FeatureCollection":
        raise InvalidContentError(
            f'{path}: expected "type": "FeatureCollection" at the top level, '
            f"found {_describe(kind)}",
            path=path,
        )
    features = document.get("features", _MISSING)
    if not isinstance(features, list):
        raise InvalidContentError(
            f"{path}: expected a 'features' array in the FeatureCollection, "
            f"found {_describe(features)}",
            path=path,
        )
    if len(features) > max_features:
        raise InvalidContentError(
            f"{path}: {len(features):,} features, more than the limit of {max_features:,}; "
            "split the file",
            path=path,
        )
    return features


def _legacy_crs(member: Any, path: Path) -> tuple[pyproj.Transformer | None, Issue]:
    """Interpret a GeoJSON 2008 `crs` member: WGS84 is noted, anything else reprojected."""
    expected = "no 'crs' member (RFC 7946: always WGS84 longitude/latitude)"
    if member is None:
        return None, Issue(
            "file", "crs", expected, "null", "noted", "read the positions as WGS84 lon/lat"
        )
    name = None
    if isinstance(member, dict) and member.get("type") == "name":
        properties = member.get("properties")
        if isinstance(properties, dict) and isinstance(properties.get("name"), str):
            name = properties["name"]
    if name is None:
        raise InvalidContentError(
            f"{path}: member 'crs': expected a named CRS "
            '({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3826"}}), '
            f"found {_describe(member)}; better, reproject to WGS84 and drop the member",
            path=path,
        )
    crs = None
    if _CRS_NAME.fullmatch(name):
        try:
            crs = pyproj.CRS.from_user_input(name)
        except pyproj.exceptions.CRSError:
            crs = None
    if crs is None or not (crs.is_geographic or crs.is_projected):
        raise InvalidContentError(
            f"{path}: member 'crs': expected an EPSG or OGC horizontal CRS known to PROJ, "
            f"such as 'urn:ogc:def:crs:EPSG::3826', found {name!r}",
            path=path,
        ) from None
    if crs.equals(_WGS84, ignore_axis_order=True):
        return None, Issue(
            "file",
            "crs",
            expected,
            f"{name!r} ({crs.name})",
            "noted",
            "a legacy member naming WGS84: positions read as [longitude, latitude]",
        )
    transformer = pyproj.Transformer.from_crs(crs, _WGS84, always_xy=True)
    return transformer, Issue(
        "file",
        "crs",
        expected,
        f"{name!r} ({crs.name})",
        "repaired",
        f"reprojected every position from {crs.name} to WGS84 (EPSG:4326)",
    )


# --- one feature --------------------------------------------------------------------------------


@dataclass
class _Outcome:
    properties: Mapping[str, Any]
    geometry: shapely.Geometry | None = None
    repaired: list[Issue] = dataclasses.field(default_factory=list)
    refused: list[Issue] = dataclasses.field(default_factory=list)
    skipped: Issue | None = None
    location: str = ""
    # (property, token) once per value set to null
    nulled: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    #: The feature index or CSV row index the issues carry (None: not one of a collection).
    index: int | None = None

    def issue(
        self, field: str | None, expected: str, found: str, action: Action, detail: str = ""
    ) -> Issue:
        """An issue at this outcome's location."""
        return Issue(self.location, field, expected, found, action, detail, self.index)

    def refuse(self, field: str | None, expected: str, found: str, detail: str = "") -> _Outcome:
        """Record a refusal here and return this outcome (callers return it as they are)."""
        self.refused.append(self.issue(field, expected, found, "refused", detail))
        return self


class _GeometryError(Exception):
    def __init__(self, expected: str, found: str, detail: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found
        self.detail = detail


# Records a refusal for the feature being checked (the closure built in _check_feature).
_Refuse = Callable[..., _Outcome]


def _check_feature(
    index: int,
    raw: Any,
    spec: LayerSpec | None,
    transformer: pyproj.Transformer | None,
    seen_ids: dict[object, int],
    check_text: bool = False,
    max_vertices: int = MAX_VERTICES,
    non_finite: bool = False,
) -> _Outcome:
    location = f"feature {index}"
    outcome = _Outcome(properties={}, location=location, index=index)
    issue, refuse = outcome.issue, outcome.refuse

    if not isinstance(raw, dict):
        return refuse(None, "a Feature object", _describe(raw))
    properties = raw.get("properties", _MISSING)
    if isinstance(properties, dict) and isinstance(properties.get("id"), str | int):
        location = f"feature {index} (id {properties['id']!r})"
        outcome.location = location
    if raw.get("type", _MISSING) != "Feature":
        return refuse("type", '"Feature"', _describe(raw.get("type", _MISSING)))
    if properties is None or properties is _MISSING:
        properties = {}
    if not isinstance(properties, dict):
        return refuse("properties", "an object or null", _describe(properties))
    if non_finite:
        properties = _null_properties(properties, issue, outcome)
        for name, value in raw.items():
            hit = None if name in ("properties", "geometry") else _find_non_finite(value)
            if hit is not None:
                return refuse(
                    name,
                    "finite JSON numbers (JSON has no NaN or Infinity)",
                    f"{hit[0]}" + (f" at {_json_path((name, *hit[1]))}" if hit[1] else ""),
                    "only property values are set to null; this member is not a property",
                )
    if "geometry" in properties:
        return refuse(
            "properties",
            "no property named 'geometry' (the frame's geometry column)",
            "a property 'geometry'",
            "rename the property",
        )
    if check_text:
        for name, value in properties.items():
            if not _encodable(name) or not _encodable(value):
                return refuse(
                    name,
                    "text that can be written as UTF-8",
                    "a lone UTF-16 surrogate escape (\\ud800-\\udfff without its pair)",
                )
    outcome.properties = properties
    if spec is not None:
        _check_id(properties, index, seen_ids, refuse)
    geometry_raw = raw.get("geometry", _MISSING)
    if geometry_raw is _MISSING:
        return refuse("geometry", "a 'geometry' member (an object or null)", "none")
    if geometry_raw is None:
        outcome.skipped = issue(
            "geometry", "a geometry", "null", "skipped", "left out of the frame"
        )
        return outcome

    repairs: list[str] = []
    try:
        _check_vertex_count(geometry_raw, max_vertices)
        clean = _clean_geometry(geometry_raw, repairs, nested=False)
    except _GeometryError as problem:
        return refuse("geometry", problem.expected, problem.found, problem.detail)
    hit = _find_non_finite(geometry_raw) if non_finite else None
    if hit is not None:  # in a member beside the coordinates, such as "bbox"
        return refuse(
            "geometry",
            "finite JSON numbers (JSON has no NaN or Infinity)",
            f"{hit[0]} at {_json_path(('geometry', *hit[1]))}",
        )
    if clean is None:
        outcome.skipped = issue(
            "geometry",
            "a geometry with coordinates",
            f"an empty {geometry_raw['type']}",
            "skipped",
            "left out of the frame",
        )
        return outcome
    for repair in repairs:
        outcome.repaired.append(
            issue("geometry", "closed polygon rings", "an unclosed ring", "repaired", repair)
        )

    geometry = shape(clean)
    try:
        geometry = _to_wgs84(geometry, transformer)
        _check_positions(geometry, reprojected=transformer is not None)
        geometry, validity_repair = _make_valid(geometry)
    except _GeometryError as problem:
        return refuse("geometry", problem.expected, problem.found, problem.detail)
    if validity_repair is not None:
        outcome.repaired.append(validity_repair.at(location, index))

    if spec is not None:
        properties, dates_refused = _normalise_dates(properties, spec, issue, outcome)
        outcome.properties = properties
        _check_schema(geometry, properties, spec, refuse, dates_refused)
    if not outcome.refused:
        outcome.geometry = geometry
    return outcome


def _null_properties(
    properties: dict[str, Any], issue: Callable[..., Issue], outcome: _Outcome
) -> dict[str, Any]:
    """Properties with every NaN/Infinity value (at any depth) set to null, as one repair."""
    found: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in properties.items():
        tokens: list[str] = []
        cleaned[name] = _null_non_finite(value, tokens)
        if tokens:
            found[name] = tokens
            outcome.nulled.extend((name, token) for token in tokens)
    if not found:
        return properties
    field = next(iter(found)) if len(found) == 1 else None
    if field is not None:
        text = _token_counts(found[field])
    else:
        by_text: dict[str, list[str]] = {}
        for name, tokens in found.items():
            by_text.setdefault(_token_counts(tokens), []).append(repr(name))
        text = ", ".join(f"{counted} in {_and(names)}" for counted, names in by_text.items())
    nested = any(not isinstance(properties[name], _NonFinite) for name in found)
    outcome.repaired.append(
        issue(
            field,
            "finite JSON numbers or null",
            text,
            "repaired",
            "set to null" + (" (items of lists and objects too)" if nested else "")
            + ": JSON has no NaN or Infinity (pandas and some GIS tools write them for "
            "missing values)",
        )
    )  # fmt: skip
    return cleaned


def _or(items: Sequence[str]) -> str:
    """['NaN', 'Infinity', '-Infinity'] → "NaN, Infinity or -Infinity"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _and(items: Sequence[str]) -> str:
    """['a', 'b', 'c'] → "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _token_counts(tokens: Sequence[str]) -> str:
    """['NaN', 'NaN', 'Infinity'] → "2 × NaN and Infinity"; ['NaN'] → "NaN"."""
    counts = {token: tokens.count(token) for token in dict.fromkeys(tokens)}
    parts = [token if count == 1 else f"{count} × {token}" for token, count in counts.items()]
    return " and ".join(parts)


def _normalise_dates(
    properties: Mapping[str, Any],
    spec: LayerSpec,
    issue: Callable[..., Issue],
    outcome: _Outcome,
) -> tuple[Mapping[str, Any], frozenset[str]]:
    """Rewrite `date` fields given in another accepted format as ISO text (a reported repair).

    Returns the properties (a copy when anything changed) and the fields refused here: dates
    that are impossible or ambiguous in a recognised non-ISO format (the reason is the detail).
    ISO-shaped and unrecognised text is left to `_check_schema` ("expected an ISO date").
    """
    changed: dict[str, Any] = {}
    refused: set[str] = set()
    for name, type_name in spec.fields.items():
        value = properties.get(name)
        if type_name != "date" or not isinstance(value, str) or _ISO_DATE.fullmatch(value):
            continue
        try:
            reading = read_date(value)
        except DateParseError as error:
            if error.problem != "unrecognised":
                outcome.refused.append(
                    issue(name, "a date", _describe(value), "refused", error.reason)
                )
                refused.add(name)
            continue
        changed[name] = reading.iso
        outcome.repaired.append(
            issue(name, "an ISO date (YYYY-MM-DD)", _describe(value), "repaired",
                  _reading_detail(reading))
        )  # fmt: skip
    return ({**properties, **changed} if changed else properties), frozenset(refused)


def _reading_detail(reading: DateReading) -> str:
    return f"read as {reading.format} → {reading.iso}"


def _check_vertex_count(geometry: Any, max_vertices: int) -> None:
    """Refuse a geometry with more positions than `max_vertices` before walking them."""
    count = _count_positions(geometry)
    if count > max_vertices:
        raise _GeometryError(
            f"at most {max_vertices:,} positions in one geometry",
            f"{count:,}",
            "simplify the geometry or split it into several features",
        )


def _count_positions(geometry: Any) -> int:
    """Positions in a GeoJSON geometry, counted from array lengths (malformed parts count 0)."""
    if not isinstance(geometry, dict):
        return 0
    members = geometry.get("geometries")
    if geometry.get("type") == "GeometryCollection" and isinstance(members, list):
        # Nested collections are refused later; one level is enough to bound the count.
        return sum(
            _count_positions(member)
            for member in members
            if isinstance(member, dict) and member.get("type") != "GeometryCollection"
        )
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
             "MultiPolygon": 3}.get(str(geometry.get("type")))  # fmt: skip
    coordinates = geometry.get("coordinates")
    if depth is None or not isinstance(coordinates, list):
        return 0
    level: list[Any] = [coordinates]
    for _ in range(depth):
        level = [item for array in level if isinstance(array, list) for item in array]
    return len(level)


def _check_id(
    properties: Mapping[str, Any], index: int, seen_ids: dict[object, int], refuse: _Refuse
) -> None:
    feature_id = properties.get("id")
    if not isinstance(feature_id, str | int) or isinstance(feature_id, bool):
        return
    first = seen_ids.setdefault(feature_id, index)
    if first != index:
        refuse(
            "id", "an id unique in the layer", f"{feature_id!r}, already used by feature {first}"
        )


def _clean_geometry(value: Any, repairs: list[str], *, nested: bool) -> dict[str, Any] | None:
    """Check a GeoJSON geometry object; return it with rings closed, or None when empty."""
    if not isinstance(value, dict):
        raise _GeometryError("a geometry object or null", _describe(value))
    kind = value.get("type", _MISSING)
    if kind not in GEOMETRY_TYPES:
        raise _GeometryError(
            f"a geometry type ({', '.join(GEOMETRY_TYPES)})", f"type {_describe(kind)}"
        )
    if kind == "GeometryCollection":
        if nested:
            raise _GeometryError("a GeometryCollection of plain geometries", "a nested one")
        members = value.get("geometries", _MISSING)
        if not isinstance(members, list):
            raise _GeometryError("a 'geometries' array", _describe(members))
        cleaned = [_clean_geometry(member, repairs, nested=True) for member in members]
        kept = [member for member in cleaned if member is not None]
        return {"type": kind, "geometries": kept} if kept else None
    coordinates = value.get("coordinates", _MISSING)
    if not isinstance(coordinates, list):
        raise _GeometryError(f"a 'coordinates' array for a {kind}", _describe(coordinates))
    if not coordinates:
        return None
    checked: list[Any]
    if kind == "Point":
        checked = _position(coordinates, "the point")
    elif kind == "MultiPoint":
        checked = _positions(coordinates, "")
    elif kind == "LineString":
        checked = _line(coordinates, "")
    elif kind == "MultiLineString":
        checked = [
            _line(_array(line, f"line {i}"), f"line {i}, ") for i, line in enumerate(coordinates)
        ]
    elif kind == "Polygon":
        checked = _polygon(coordinates, "", repairs)
    else:
        checked = [
            _polygon(_array(polygon, f"polygon {i}"), f"polygon {i}, ", repairs)
            for i, polygon in enumerate(coordinates)
        ]
    return {"type": kind, "coordinates": checked}


def _array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise _GeometryError(f"a non-empty array at {where}", _describe(value))
    return value


def _position(value: Any, where: str) -> list[Any]:
    if isinstance(value, list) and 2 <= len(value) <= 3:
        for axis, number in zip(("longitude", "latitude", "elevation"), value, strict=False):
            if isinstance(number, _NonFinite):
                raise _GeometryError(
                    "a position of finite numbers [longitude, latitude]",
                    f"{number} as the {axis} at {where}",
                    "JSON has no NaN or Infinity; the feature is left out (give it the "
                    "position, or a null geometry)",
                )
    if (
        not isinstance(value, list)
        or not 2 <= len(value) <= 3
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
    ):
        raise _GeometryError(
            "a position [longitude, latitude] or [longitude, latitude, elevation] of numbers",
            f"{_describe(value)} at {where}",
        )
    if any(isinstance(n, int) and abs(n) >= 2**1024 for n in value):
        # JSON integers have no size limit, but geometry needs floats (at most ~1.8e308).
        raise _GeometryError(
            "longitude within ±180 and latitude within ±90",
            f"an integer of {max(value, key=abs).bit_length()} bits, too large for a float, "
            f"at {where}",
        )
    return value


def _positions(value: list[Any], prefix: str) -> list[list[Any]]:
    return [_position(position, f"{prefix}position {i}") for i, position in enumerate(value)]


def _line(value: list[Any], prefix: str) -> list[list[Any]]:
    positions = _positions(value, prefix)
    if len(positions) < 2:
        where = f" ({prefix.rstrip(', ')})" if prefix else ""
        raise _GeometryError("a line of at least 2 positions", f"{len(positions)} position{where}")
    return positions


def _polygon(value: list[Any], prefix: str, repairs: list[str]) -> list[list[list[Any]]]:
    rings = []
    for r, ring_value in enumerate(value):
        where = f"{prefix}ring {r}"
        positions = _positions(_array(ring_value, where), f"{where}, ")
        if positions[0] != positions[-1]:
            positions = [*positions, positions[0]]
            repairs.append(f"{where} was not closed: repeated its first position at its end")
        if len(positions) < 4:
            raise _GeometryError(
                "a linear ring of at least 4 positions (3 corners and the closing one)",
                f"{len(positions)} positions at {where}",
            )
        rings.append(positions)
    return rings


def _to_wgs84(
    geometry: shapely.Geometry, transformer: pyproj.Transformer | None
) -> shapely.Geometry:
    if transformer is None:
        return geometry

    def project(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(*coords.T))

    projected = shapely.transform(geometry, project, include_z=bool(shapely.has_z(geometry)))
    if not np.isfinite(shapely.get_coordinates(projected)).all():
        raise _GeometryError(
            "positions that the file's crs can convert to WGS84",
            "a position outside the area where that CRS is defined",
        )
    return projected


def _check_positions(geometry: shapely.Geometry, *, reprojected: bool) -> None:
    """Refuse positions outside ±180/±90, explaining when they look swapped or projected."""
    coords = shapely.get_coordinates(geometry)
    lon, lat = coords[:, 0], coords[:, 1]
    bad = (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if not bad.any():
        return
    count = int(bad.sum())
    first = int(np.argmax(bad))
    x, y = float(lon[first]), float(lat[first])
    shown = f"[{_number(x)}, {_number(y)}]" + (f" and {count - 1} more" if count > 1 else "")
    if not reprojected and np.abs(coords[bad]).max() > _PROJECTED_MAGNITUDE:
        raise _GeometryError(
            "WGS84 longitude/latitude in degrees",
            shown,
            "these look like projected coordinates (metres or feet), not degrees; "
            "reproject the file to EPSG:4326, or name its CRS in a legacy 'crs' member",
        )
    if abs(y) > 90 and abs(x) <= 90 and abs(y) <= 180:
        raise _GeometryError(
            "positions as [longitude, latitude]",
            shown,
            f"this looks swapped: {_number(y)} is not a latitude, but as [latitude, longitude] "
            "the position would be valid; GeoJSON order is [longitude, latitude]",
        )
    raise _GeometryError("longitude within ±180 and latitude within ±90", shown)


def _make_valid(geometry: shapely.Geometry) -> tuple[shapely.Geometry, _PendingIssue | None]:
    if geometry.is_valid:
        return geometry, None
    reason = _explain(shapely.is_valid_reason(geometry))
    kind = geometry.geom_type
    if kind in {"LineString", "MultiLineString", "MultiPoint", "Point"}:
        raise _GeometryError(f"a valid {kind}", reason)
    fixed = shapely.make_valid(geometry)
    if kind not in _POLYGONAL:
        return fixed, _PendingIssue(
            f"a valid {kind}", reason, f"made valid: now a {fixed.geom_type}"
        )
    parts = shapely.get_parts(shapely.get_parts(fixed))
    polygons = [part for part in parts if part.geom_type == "Polygon" and not part.is_empty]
    dropped = len(parts) - len(polygons)
    if not polygons:
        raise _GeometryError(
            f"a valid {kind}", reason, "nothing with an area remained after make_valid"
        )
    result = polygons[0] if kind == "Polygon" and len(polygons) == 1 else MultiPolygon(polygons)
    if kind == "Polygon" and len(polygons) > 1:
        change = f"split into {len(polygons)} polygons (now a MultiPolygon)"
    else:
        change = f"rebuilt as {len(polygons)} valid polygon{'s' if len(polygons) > 1 else ''}"
    if dropped:
        change += f"; dropped {dropped} part{'s' if dropped > 1 else ''} without area"
    before, after = float(geometry.area), float(result.area)
    if before > 0 and abs(after - before) / before > 0.001:
        change += f"; area changed by {100 * (after - before) / before:+.1f}%"
    return result, _PendingIssue(f"a valid {kind}", reason, f"made valid: {change}")


@dataclass(frozen=True)
class _PendingIssue:
    expected: str
    found: str
    detail: str

    def at(self, location: str, index: int) -> Issue:
        return Issue(
            location, "geometry", self.expected, self.found, "repaired", self.detail, index
        )


def _explain(reason: str) -> str:
    """Shapely's 'Self-intersection[0.5 0.5]' → 'self-intersection at [0.5, 0.5]'."""
    text = re.sub(r"\[(\S+) (\S+)(?: \S+)?\]$", r" at [\1, \2]", reason)
    return text[:1].lower() + text[1:]


# --- the layer schema ---------------------------------------------------------------------------


def _check_schema(
    geometry: shapely.Geometry,
    properties: Mapping[str, Any],
    spec: LayerSpec,
    refuse: _Refuse,
    already_refused: frozenset[str] = frozenset(),
) -> None:
    # A MultiPoint bound for a layer of Points is exploded into points (and reported).
    kind = "Point" if _exploded_parts(geometry, spec) is not None else geometry.geom_type
    if kind not in spec.geometry_types:
        refuse("geometry", f"a {' or '.join(spec.geometry_types)} (layer {spec.id})", f"a {kind}")
    reported: set[str] = set(already_refused)
    for name in spec.required:
        value = properties.get(name, _MISSING)
        if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
            found = "nothing (the field is missing)" if value is _MISSING else _describe(value)
            refuse(name, f"a non-empty {spec.fields[name]} (required)", found)
            reported.add(name)
    for name, type_name in spec.fields.items():
        value = properties.get(name)
        if name in reported or value is None:
            continue
        if not _has_type(value, type_name):
            expected = "an ISO date (YYYY-MM-DD)" if type_name == "date" else type_name
            refuse(name, expected, _describe(value))
    if kind in _POINTS:
        coords = shapely.get_coordinates(geometry)
        outside = [(x, y) for x, y in coords.tolist() if not in_region(x, y)]
        if outside:
            # No hint about swapped order is needed here: swapped, any position of the region
            # has a latitude above 90 and was refused by _check_positions already.
            x, y = outside[0]
            min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
            refuse(
                "geometry",
                f"a point inside the region ({min_lon:g}–{max_lon:g}°E, {min_lat:g}–{max_lat:g}°N)",
                f"[{_number(x)}, {_number(y)}]",
            )


def _has_type(value: Any, type_name: str) -> bool:
    if type_name == "str":
        return isinstance(value, str)
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "date":
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            return False
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    raise AssertionError(f"unknown field type {type_name!r}")  # the catalog checks the names


# --- the frame ----------------------------------------------------------------------------------


def _build_frame(
    rows: Sequence[Mapping[str, Any]], geometries: Sequence[shapely.Geometry]
) -> gpd.GeoDataFrame:
    names = list(dict.fromkeys(name for row in rows for name in row))
    index = pd.RangeIndex(len(rows))
    columns = {name: _column([row.get(name) for row in rows], index) for name in names}
    return gpd.GeoDataFrame(
        pd.DataFrame(columns, index=index),
        geometry=gpd.GeoSeries(list(geometries), index=index, crs="EPSG:4326"),
    )


def _column(values: list[Any], index: pd.RangeIndex) -> pd.Series:
    """A column that keeps every value exactly: nullable dtypes where values are missing."""
    present = [value for value in values if value is not None]
    missing = len(present) < len(values)
    dtype: str = "object"
    if not present:
        dtype = "object"
    elif all(type(value) is bool for value in present):
        dtype = "boolean" if missing else "bool"
    elif all(type(value) is int and -(2**63) <= value < 2**63 for value in present):
        dtype = "Int64" if missing else "int64"
    elif all(
        type(value) is float or (type(value) is int and abs(value) <= 2**53) for value in present
    ):
        dtype = "float64"
    elif all(type(value) is str for value in present):
        return pd.Series(values, index=index)
    return pd.Series(values, index=index, dtype=dtype)


# --- wording ------------------------------------------------------------------------------------


def _encodable(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _index_ranges(indices: Sequence[int], shown: int = 8) -> str:
    """[0, 1, 2, 5, 7, 8] → "0–2, 5, 7, 8": runs of consecutive indices, the first `shown`."""
    runs: list[list[int]] = []
    for index in sorted(indices):
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    texts = [
        str(first) if first == last else f"{first}, {last}" if last == first + 1
        else f"{first}–{last}"
        for first, last in runs
    ]  # fmt: skip
    if len(texts) > shown:
        return f"{', '.join(texts[:shown])} and {len(texts) - shown} more runs"
    return ", ".join(texts)


def _number(value: float) -> str:
    if abs(value) >= 1e15:  # far beyond degrees or metres: its magnitude is what matters
        return f"{value:.6g}"
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"


def _describe(value: Any) -> str:
    """A JSON value as it should appear after 'found' in a message."""
    if value is _MISSING:
        return "nothing"
    if value is None:
        return "null"
    if isinstance(value, _NonFinite):
        return value.token
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
