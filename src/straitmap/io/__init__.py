"""Load and validate GeoJSON or CSV into a GeoDataFrame, reporting accepted, repaired, refused.

The loaders return the frame and its report side by side (`LoadResult`); nothing rides in the
frame's ``attrs``. One module per concern: `report` (the report types and the numbering
convention of every message), `strict_json` (UTF-8, duplicate keys, NaN/Infinity, nesting),
`geojson` (the FeatureCollection and each feature), `geometry` (repairs and legacy CRS),
`schema` (checks against a catalog layer), `csv_points`, `frame`, `fit` and `tables`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import geopandas as gpd

from straitmap.catalog import Catalog, load_catalog
from straitmap.errors import CatalogError, LayerValidationError
from straitmap.io.csv_points import CSV_SUFFIXES, LATITUDE_NAMES, LONGITUDE_NAMES, load_csv
from straitmap.io.fit import fit_layer
from straitmap.io.geojson import MAX_FEATURES, load_document
from straitmap.io.geometry import MAX_VERTICES
from straitmap.io.report import Action, Issue, LoadReport, LoadResult, TableResult
from straitmap.io.schema import refuse_table
from straitmap.io.strict_json import MAX_DEPTH, MAX_FILE_BYTES, read_bytes, read_json, too_large
from straitmap.io.tables import load_table, load_table_result

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
    "TableResult",
    "fit_layer",
    "load_bytes",
    "load_file",
    "load_layer",
    "load_layer_result",
    "load_table",
    "load_table_result",
]

InputFormat = Literal["auto", "geojson", "csv"]


def load_layer(layer_id: str, *, catalog: Catalog | None = None) -> gpd.GeoDataFrame:
    """Load a bundled layer, checked against its catalog entry; it must load clean.

    Returns a GeoDataFrame in EPSG:4326 (its ``attrs`` are empty); `load_layer_result` gives
    the report beside it.

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
    return load_layer_result(layer_id, catalog=catalog).frame


def load_layer_result(layer_id: str, *, catalog: Catalog | None = None) -> LoadResult:
    """Like `load_layer`, with the report: a `LoadResult` whose ``report.ok`` is always True.

    Raises as `load_layer` does.

    >>> towns = load_layer_result("towns", catalog=load_catalog("tests/data/catalog.toml"))
    >>> towns.report.layer, towns.report.ok, len(towns.frame)
    ('towns', True, 3)
    """
    catalog = catalog if catalog is not None else load_catalog()
    spec = catalog[layer_id]
    refuse_table(spec)
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
    return result


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
    GeoJSON. A GeoJSON text may also be a bare Geometry object (RFC 7946 §2): it is read as one
    feature without properties, with a notice in the report. With `layer`, features are also
    checked against that catalog entry: geometry type, required fields present and non-empty,
    field types, unique ids, points inside the region; ``date`` fields written in another
    accepted format (`straitmap.dates`) are normalised to ISO and reported as repairs;
    MultiPoints for a Point-only layer are exploded into points and reported. Refused features
    are left out of the frame; repairs (closing a ring, `make_valid`, reprojecting a legacy
    `crs`) are applied and reported. Coordinates that look swapped or projected are refused
    with that explanation, never changed. Locations in the report follow one numbering
    (`straitmap.io.report`): features from 0, CSV rows from 1 with their line in the file.

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
        the features), nested too deeply, more than `max_features` features, neither a
        FeatureCollection nor a Geometry, or a CSV without a header, without data rows or
        without coordinate columns (`ColumnDetectionError`): nothing usable remains.
    UnknownLayerError
        `layer` is not in the catalog.

    >>> result = load_file("tests/data/valid_towns.geojson", "towns",
    ...                    catalog=load_catalog("tests/data/catalog.toml"))
    >>> result.report.ok, len(result.frame)
    (True, 3)
    """
    file_path = Path(path)
    data = read_bytes(file_path, max_bytes)
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

    CSV: UTF-8 (a byte-order mark is fine) with a header row and at least one data row; the
    delimiter is a comma, a tab or a semicolon (``csv.Sniffer`` over those three; ``.tsv`` is
    always tab). Each row is one point. The coordinate columns are found by name
    (`LATITUDE_NAMES`, `LONGITUDE_NAMES`; case and units such as ``lat_deg`` or ``緯度(度)``
    ignored), or named with `lat_column`/`lon_column` (exact header text; ignored for GeoJSON).
    Without a layer, the other cells are kept as text (empty cells as null); with one, cells
    are read as the layer's field types. A row with a cell that is not a number, a position
    outside ±90/±180 (explained when it looks swapped or projected) or a schema violation is
    refused with its row number; empty rows and rows with both coordinates empty are skipped
    and counted. `LoadResult.coordinate_columns` holds the (lat, lon) column names used.

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
        refuse_table(spec)
    source = Path(name)
    if len(data) > max_bytes:
        raise too_large(source, len(data), max_bytes)
    if input_format == "csv" or (input_format == "auto" and source.suffix.lower() in CSV_SUFFIXES):
        return load_csv(
            data, source, spec, max_features, lat_column=lat_column, lon_column=lon_column
        )
    return load_document(read_json(data, source), source, spec, max_features, max_vertices)
