"""GeoJSON structure: the FeatureCollection, its features array, each feature, and MultiPoints
exploded into points for a layer of Points."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pyproj
import shapely
from shapely.geometry import shape

from straitmap.catalog import GEOMETRY_TYPES, LayerSpec
from straitmap.errors import InvalidContentError
from straitmap.io.frame import build_frame, outside_region
from straitmap.io.geometry import (
    MAX_VERTICES,
    GeometryError,
    check_positions,
    check_vertex_count,
    clean_geometry,
    legacy_crs,
    make_valid,
    to_wgs84,
)
from straitmap.io.report import Issue, LoadReport, LoadResult, Outcome
from straitmap.io.schema import SeenIds, check_id, check_schema, explodes, normalise_dates
from straitmap.io.strict_json import (
    MISSING,
    JsonText,
    NonFinite,
    describe,
    encodable,
    find_non_finite,
    json_path,
    null_non_finite,
)

logger = logging.getLogger(__name__)

#: FeatureCollections with more features (CSV files with more data rows) than this are refused
#: before validation.
MAX_FEATURES: Final = 100_000


def load_document(
    text: JsonText,
    path: Path,
    spec: LayerSpec | None,
    max_features: int,
    max_vertices: int = MAX_VERTICES,
) -> LoadResult:
    """Check each feature of a parsed GeoJSON text (a FeatureCollection, or a bare Geometry read
    as one feature) and build the frame and the report; `spec` adds the layer's checks."""
    notices = list(text.notices)
    document, bare = _as_collection(text.value)
    if bare is not None:
        notices.append(bare)
    non_finite = text.non_finite > 0
    check_text = text.lone_surrogates
    if non_finite:
        _refuse_non_finite_members(document, path)
    features = _feature_array(document, path, max_features)
    transformer = None
    if "crs" in document:
        transformer, crs_issue = legacy_crs(document["crs"], path)
        notices.append(crs_issue)
    repaired: list[Issue] = [issue for issue in notices if issue.action == "repaired"]
    notes = [issue for issue in notices if issue.action != "repaired"]
    refused: list[Issue] = []
    skipped: list[Issue] = []
    rows: list[Mapping[str, Any]] = []
    geometries: list[shapely.Geometry] = []
    origins: list[tuple[int, str]] = []
    accepted_geometries: list[shapely.Geometry] = []
    seen_ids: SeenIds = {}
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
            parts = exploded_parts(outcome.geometry, spec)
            if parts is None:
                rows.append(outcome.properties)
                geometries.append(outcome.geometry)
                origins.append(origin)
                continue
            repaired.append(explosion_issue(index, outcome.properties, len(parts)))
            for number, part in enumerate(parts, start=1):
                rows.append(part_properties(outcome.properties, number, len(parts)))
                geometries.append(part)
                origins.append(origin)

    wholly, partly = outside_region(accepted_geometries)
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
    frame = build_frame(rows, geometries)
    return LoadResult(frame=frame, report=report, origins=tuple(origins))


def _as_collection(document: Any) -> tuple[Any, Issue | None]:
    """A bare Geometry object (RFC 7946 §2: a GeoJSON text may be one) as a FeatureCollection
    of one feature without properties, and the notice saying so; anything else as it is.

    A legacy ``crs`` member of the geometry moves to the collection, where it applies to every
    position, as before.
    """
    if not isinstance(document, dict) or document.get("type", MISSING) not in GEOMETRY_TYPES:
        return document, None
    kind = document["type"]
    geometry = {key: value for key, value in document.items() if key != "crs"}
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": geometry}],
    }
    if "crs" in document:
        collection["crs"] = document["crs"]
    notice = Issue(
        "file", None, "a FeatureCollection", f"a bare {kind} geometry", "noted",
        "read as one feature (feature 0) without properties: RFC 7946 allows a Geometry "
        "object as the whole text",
    )  # fmt: skip
    return collection, notice


def _refuse_non_finite_members(document: Any, path: Path) -> None:
    """Refuse the file for NaN or Infinity outside its features: no feature could carry it."""
    if not isinstance(document, dict):
        return  # _feature_array explains what the top level should be
    for key, value in document.items():
        if key == "features":
            continue
        hit = find_non_finite(value)
        if hit is not None:
            where = json_path((key, *hit[1]))
            raise InvalidContentError(
                f"{path}: expected finite JSON numbers, found {hit[0]} in member {where!r} at "
                "the top level, which JSON does not allow (only property values are set to "
                "null); write null for a missing value",
                path=path,
            )


def exploded_parts(
    geometry: shapely.Geometry, spec: LayerSpec | None
) -> list[shapely.Geometry] | None:
    """The points of a MultiPoint bound for a layer of Points only; None to keep it whole."""
    if not explodes(geometry, spec):
        return None
    return list(shapely.get_parts(geometry))


def part_properties(properties: Mapping[str, Any], number: int, count: int) -> dict[str, Any]:
    """A copy of a MultiPoint's properties for its point `number` (ids get ``-number``)."""
    copy = dict(properties)
    feature_id = properties.get("id")
    if count > 1 and isinstance(feature_id, str | int) and not isinstance(feature_id, bool):
        copy["id"] = f"{feature_id}-{number}"
    return copy


def explosion_issue(index: int, properties: Mapping[str, Any], count: int) -> Issue:
    """The repair that reports a MultiPoint read as its points."""
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
            f"found {describe(document)}",
            path=path,
        )
    kind = document.get("type", MISSING)
    if kind == "Feature":
        raise InvalidContentError(
            f"{path}: expected a FeatureCollection, found a single Feature; wrap it as "
            '{"type": "FeatureCollection", "features": [...]}',
            path=path,
        )
    if kind != "FeatureCollection":
        raise InvalidContentError(
            f'{path}: expected "type": "FeatureCollection" at the top level, '
            f"found {describe(kind)}",
            path=path,
        )
    features = document.get("features", MISSING)
    if not isinstance(features, list):
        raise InvalidContentError(
            f"{path}: expected a 'features' array in the FeatureCollection, "
            f"found {describe(features)}",
            path=path,
        )
    if len(features) > max_features:
        raise InvalidContentError(
            f"{path}: {len(features):,} features, more than the limit of {max_features:,}; "
            "split the file",
            path=path,
        )
    return features


def _check_feature(
    index: int,
    raw: Any,
    spec: LayerSpec | None,
    transformer: pyproj.Transformer | None,
    seen_ids: SeenIds,
    check_text: bool = False,
    max_vertices: int = MAX_VERTICES,
    non_finite: bool = False,
) -> Outcome:
    location = f"feature {index}"
    outcome = Outcome(properties={}, location=location, index=index)
    issue, refuse = outcome.issue, outcome.refuse

    if not isinstance(raw, dict):
        return refuse(None, "a Feature object", describe(raw))
    properties = raw.get("properties", MISSING)
    if isinstance(properties, dict) and isinstance(properties.get("id"), str | int):
        location = f"feature {index} (id {properties['id']!r})"
        outcome.location = location
    if raw.get("type", MISSING) != "Feature":
        return refuse("type", '"Feature"', describe(raw.get("type", MISSING)))
    if properties is None or properties is MISSING:
        properties = {}
    if not isinstance(properties, dict):
        return refuse("properties", "an object or null", describe(properties))
    if non_finite:
        properties = _null_properties(properties, issue, outcome)
        for name, value in raw.items():
            hit = None if name in ("properties", "geometry") else find_non_finite(value)
            if hit is not None:
                return refuse(
                    name,
                    "finite JSON numbers (JSON has no NaN or Infinity)",
                    f"{hit[0]}" + (f" at {json_path((name, *hit[1]))}" if hit[1] else ""),
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
            if not encodable(name) or not encodable(value):
                return refuse(
                    name,
                    "text that can be written as UTF-8",
                    "a lone UTF-16 surrogate escape (\\ud800-\\udfff without its pair)",
                )
    outcome.properties = properties
    if spec is not None:
        check_id(properties, index, f"feature {index}", seen_ids, refuse)
    geometry_raw = raw.get("geometry", MISSING)
    if geometry_raw is MISSING:
        return refuse("geometry", "a 'geometry' member (an object or null)", "none")
    if geometry_raw is None:
        outcome.skipped = issue(
            "geometry", "a geometry", "null", "skipped", "left out of the frame"
        )
        return outcome

    repairs: list[str] = []
    try:
        check_vertex_count(geometry_raw, max_vertices)
        clean = clean_geometry(geometry_raw, repairs, nested=False)
    except GeometryError as problem:
        return refuse("geometry", problem.expected, problem.found, problem.detail)
    hit = find_non_finite(geometry_raw) if non_finite else None
    if hit is not None:  # in a member beside the coordinates, such as "bbox"
        return refuse(
            "geometry",
            "finite JSON numbers (JSON has no NaN or Infinity)",
            f"{hit[0]} at {json_path(('geometry', *hit[1]))}",
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
        geometry = to_wgs84(geometry, transformer)
        check_positions(geometry, reprojected=transformer is not None)
        geometry, validity_repair = make_valid(geometry)
    except GeometryError as problem:
        return refuse("geometry", problem.expected, problem.found, problem.detail)
    if validity_repair is not None:
        outcome.repaired.append(validity_repair.at(location, index))

    if spec is not None:
        properties, dates_refused = normalise_dates(properties, spec, issue, outcome)
        outcome.properties = properties
        check_schema(geometry, properties, spec, refuse, dates_refused)
    if not outcome.refused:
        outcome.geometry = geometry
    return outcome


def _null_properties(
    properties: dict[str, Any], issue: Callable[..., Issue], outcome: Outcome
) -> dict[str, Any]:
    """Properties with every NaN/Infinity value (at any depth) set to null, as one repair."""
    found: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in properties.items():
        tokens: list[str] = []
        cleaned[name] = null_non_finite(value, tokens)
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
    nested = any(not isinstance(properties[name], NonFinite) for name in found)
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


def _and(items: Sequence[str]) -> str:
    """['a', 'b', 'c'] → "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _token_counts(tokens: Sequence[str]) -> str:
    """['NaN', 'NaN', 'Infinity'] → "2 × NaN and Infinity"; ['NaN'] → "NaN"."""
    counts = {token: tokens.count(token) for token in dict.fromkeys(tokens)}
    parts = [token if count == 1 else f"{count} × {token}" for token, count in counts.items()]
    return " and ".join(parts)
