"""A file loaded without a layer, checked against a catalog layer without reading it again."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd
import shapely

from straitmap.catalog import Catalog, LayerSpec, load_catalog
from straitmap.io.csv_points import typed_cells
from straitmap.io.frame import build_frame, outside_region
from straitmap.io.geojson import exploded_parts, explosion_issue, part_properties
from straitmap.io.report import Issue, LoadResult, Outcome, in_file_order
from straitmap.io.schema import SeenIds, check_id, check_schema, normalise_dates, refuse_table


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

    >>> from straitmap.io import load_file
    >>> towns = load_file("tests/data/valid_towns.geojson")
    >>> fitted = fit_layer(towns, "towns", catalog=load_catalog("tests/data/catalog.toml"))
    >>> fitted.report.ok, fitted.report.layer, len(fitted.frame)
    (True, 'towns', 3)
    """
    spec = (catalog if catalog is not None else load_catalog())[layer]
    refuse_table(spec)
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
    seen_ids: SeenIds = {}
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
        parts = exploded_parts(geometry, spec)
        if parts is None:
            rows.append(properties)
            geometries.append(geometry)
            origins.append((index, location))
            continue
        repaired.append(explosion_issue(index, properties, len(parts)))
        for number, part in enumerate(parts, start=1):
            rows.append(part_properties(properties, number, len(parts)))
            geometries.append(part)
            origins.append((index, location))

    wholly, partly = outside_region(accepted_geometries)
    fitted = dataclasses.replace(
        report,
        layer=spec.id,
        accepted=len(accepted_geometries),
        repaired=in_file_order([*report.repaired, *repaired]),
        refused=in_file_order([*report.refused, *refused]),
        exploded=len(rows) - len(accepted_geometries),
        outside_region=wholly,
        partly_outside_region=partly,
    )
    return LoadResult(
        frame=build_frame(rows, geometries),
        report=fitted,
        origins=tuple(origins),
        coordinate_columns=result.coordinate_columns,
    )


def _fit_row(
    properties: Mapping[str, Any],
    geometry: shapely.Geometry,
    index: int,
    location: str,
    spec: LayerSpec,
    seen_ids: SeenIds,
    source_format: Literal["geojson", "csv"],
) -> Outcome:
    """One frame row checked against `spec`, as a GeoJSON feature or a CSV row is on loading."""
    outcome = Outcome(properties=properties, location=location, index=index)
    issue, refuse = outcome.issue, outcome.refuse

    if source_format == "csv":
        cells = [(name, "" if value is None else str(value)) for name, value in properties.items()]
        typed, dates_refused = typed_cells(cells, spec, issue, refuse, outcome)
        outcome.properties = typed
        if not outcome.refused:
            check_id(typed, index, location, seen_ids, refuse)
            check_schema(geometry, typed, spec, refuse, dates_refused)
        return outcome
    check_id(properties, index, f"feature {index}", seen_ids, refuse)
    normalised, dates_refused = normalise_dates(properties, spec, issue, outcome)
    outcome.properties = normalised
    check_schema(geometry, normalised, spec, refuse, dates_refused)
    return outcome


def _python_value(value: Any) -> Any:
    """A frame cell as the loader's value: None for every kind of missing value."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value
