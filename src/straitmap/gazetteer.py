"""Find a place by typed coordinates or by name across layers (`Taipei`, `25.03, 121.56`)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from straitmap.coords import looks_like_coordinates, parse_point
from straitmap.errors import AmbiguousPlaceError, UnknownPlaceError

__all__ = ["NAME_FIELDS", "Resolved", "resolve"]

#: The properties a name is matched against, in this order.
NAME_FIELDS: Final = ("name", "name_zh", "id")


@dataclass(frozen=True)
class Resolved:
    """A place: its name, a point (lat, lon), and the feature it came from (None for coordinates).

    For a line or polygon feature the point is shapely's `representative_point()`: a point
    guaranteed to lie on the line or inside the polygon (not the centroid, which may not).
    """

    name: str
    lat: float
    lon: float
    layer_id: str | None = None
    feature_id: str | None = None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _features(layers: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, str], Any]]:
    """(layer id, {field: text}, geometry) for every feature with a non-empty geometry."""
    for layer_id, frame in layers.items():
        if "geometry" not in getattr(frame, "columns", ()):
            continue
        fields = [f for f in NAME_FIELDS if f in frame.columns]
        columns = [frame[f].tolist() for f in fields]
        for row, geometry in enumerate(frame.geometry):
            if geometry is None or geometry.is_empty:
                continue
            names = {f: t for f, col in zip(fields, columns, strict=True) if (t := _text(col[row]))}
            if names:
                yield layer_id, names, geometry


def _resolved(layer_id: str, names: dict[str, str], geometry: Any) -> Resolved:
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return Resolved(
        name=names.get("name") or names.get("name_zh") or names.get("id", ""),
        lat=float(point.y),
        lon=float(point.x),
        layer_id=layer_id,
        feature_id=names.get("id"),
    )


def _label(layer_id: str, names: dict[str, str]) -> str:
    name = names.get("name") or names.get("name_zh") or ""
    return f"{layer_id}: {name} [{names.get('id', '?')}]"


def resolve(text: str, layers: Mapping[str, Any]) -> Resolved:
    """Resolve typed coordinates or a feature name to a point.

    In order: coordinates (`coords.parse_point`, typed lat, lon); else a case-insensitive exact
    match of `name`, `name_zh` or `id` in any layer; else a case-insensitive substring of one
    of them, if exactly one feature has it. Text that looks like coordinates (digits and only
    N/S/E/W letters) but does not parse raises `CoordinateParseError` rather than being looked
    up as a name.

    Raises `UnknownPlaceError` (with close names as suggestions) when nothing matches and
    `AmbiguousPlaceError` listing the candidates when several features do.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> places = gpd.GeoDataFrame(
    ...     {"id": ["place-taipei"], "name": ["Taipei"], "name_zh": ["臺北"]},
    ...     geometry=[Point(121.56, 25.03)],
    ... )
    >>> resolve("taipei", {"places": places}).feature_id
    'place-taipei'
    >>> resolve("25.03N 121.56E", {"places": places}).lat
    25.03
    """
    query = text.strip()
    if looks_like_coordinates(query):
        lat, lon = parse_point(query)
        return Resolved(name=query, lat=lat, lon=lon)
    key = query.casefold()
    if not key:
        raise UnknownPlaceError(text)
    exact: list[tuple[str, dict[str, str], Any]] = []
    partial: list[tuple[str, dict[str, str], Any]] = []
    names: set[str] = set()
    for layer_id, fields, geometry in _features(layers):
        values = [v.casefold() for v in fields.values()]
        names.update(fields.values())
        if key in values:
            exact.append((layer_id, fields, geometry))
        elif any(key in v for v in values):
            partial.append((layer_id, fields, geometry))
    for matches in (exact, partial):
        if len(matches) == 1:
            return _resolved(*matches[0])
        if len(matches) > 1:
            raise AmbiguousPlaceError(text, [_label(layer, f) for layer, f, _ in matches])
    close = difflib.get_close_matches(query, sorted(names), n=3, cutoff=0.6)
    raise UnknownPlaceError(text, close)
