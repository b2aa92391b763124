"""A feature checked against its catalog layer: geometry type, required fields, field types,
ISO dates, unique ids, points inside the region."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import shapely

from straitmap.catalog import LayerSpec
from straitmap.dates import DateReading, read_date
from straitmap.errors import CatalogError, DateParseError
from straitmap.io.report import Issue, Outcome, Refuse, format_number
from straitmap.io.strict_json import MISSING, describe
from straitmap.region import REGION_BOUNDS, in_region

_POINTS: Final = frozenset({"Point", "MultiPoint"})


_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


BOOL_TEXT: Final = {"true": True, "false": False}


def refuse_table(spec: LayerSpec) -> None:
    """Refuse a table layer where a layer of map features is expected."""
    if spec.is_table:
        raise CatalogError(
            f'layer {spec.id!r} is a table (kind = "table", file {spec.file}): expected a '
            "layer of map features here; load it with load_table"
        )


#: Each id seen so far in a file: the index and the location (``"feature 0"``,
#: ``"row 1 (line 2)"``) of the feature that used it first.
SeenIds = dict[object, tuple[int, str]]


def check_id(
    properties: Mapping[str, Any], index: int, where: str, seen_ids: SeenIds, refuse: Refuse
) -> None:
    """Refuse an id already used by another feature of the file, naming where (`where` is this
    feature's location without its id, as the first user is named)."""
    feature_id = properties.get("id")
    if not isinstance(feature_id, str | int) or isinstance(feature_id, bool):
        return
    first, first_where = seen_ids.setdefault(feature_id, (index, where))
    if first != index:
        refuse(
            "id",
            "an id unique in the layer",
            f"{feature_id!r}, already used by {first_where}",
        )


def normalise_dates(
    properties: Mapping[str, Any],
    spec: LayerSpec,
    issue: Callable[..., Issue],
    outcome: Outcome,
) -> tuple[Mapping[str, Any], frozenset[str]]:
    """Rewrite `date` fields given in another accepted format as ISO text (a reported repair).

    Returns the properties (a copy when anything changed) and the fields refused here: dates
    that are impossible or ambiguous in a recognised non-ISO format (the reason is the detail).
    ISO-shaped and unrecognised text is left to `check_schema` ("expected an ISO date").
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
                    issue(name, "a date", describe(value), "refused", error.reason)
                )
                refused.add(name)
            continue
        changed[name] = reading.iso
        outcome.repaired.append(
            issue(name, "an ISO date (YYYY-MM-DD)", describe(value), "repaired",
                  reading_detail(reading))
        )  # fmt: skip
    return ({**properties, **changed} if changed else properties), frozenset(refused)


def reading_detail(reading: DateReading) -> str:
    """How a non-ISO date was read, as a repair's detail."""
    return f"read as {reading.format} → {reading.iso}"


def explodes(geometry: shapely.Geometry, spec: LayerSpec | None) -> bool:
    """True for a MultiPoint bound for a layer of Points only: it is read as its points."""
    return (
        spec is not None
        and geometry.geom_type == "MultiPoint"
        and "MultiPoint" not in spec.geometry_types
        and "Point" in spec.geometry_types
    )


def check_schema(
    geometry: shapely.Geometry,
    properties: Mapping[str, Any],
    spec: LayerSpec,
    refuse: Refuse,
    already_refused: frozenset[str] = frozenset(),
) -> None:
    # A MultiPoint bound for a layer of Points is exploded into points (and reported).
    """Refuse what breaks `spec`: geometry type, required fields, field types, region."""
    kind = "Point" if explodes(geometry, spec) else geometry.geom_type
    if kind not in spec.geometry_types:
        refuse("geometry", f"a {' or '.join(spec.geometry_types)} (layer {spec.id})", f"a {kind}")
    reported: set[str] = set(already_refused)
    for name in spec.required:
        value = properties.get(name, MISSING)
        if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
            found = "nothing (the field is missing)" if value is MISSING else describe(value)
            refuse(name, f"a non-empty {spec.fields[name]} (required)", found)
            reported.add(name)
    for name, type_name in spec.fields.items():
        value = properties.get(name)
        if name in reported or value is None:
            continue
        if not has_type(value, type_name):
            expected = "an ISO date (YYYY-MM-DD)" if type_name == "date" else type_name
            refuse(name, expected, describe(value))
    if kind in _POINTS:
        coords = shapely.get_coordinates(geometry)
        outside = [(x, y) for x, y in coords.tolist() if not in_region(x, y)]
        if outside:
            # No hint about swapped order is needed here: swapped, any position of the region
            # has a latitude above 90 and was refused by check_positions already.
            x, y = outside[0]
            min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
            refuse(
                "geometry",
                f"a point inside the region ({min_lon:g}–{max_lon:g}°E, {min_lat:g}–{max_lat:g}°N)",
                f"[{format_number(x)}, {format_number(y)}]",
            )


def has_type(value: Any, type_name: str) -> bool:
    """True when a JSON value is of the catalog field type `type_name`."""
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
