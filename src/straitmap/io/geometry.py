"""GeoJSON geometries: structure checks, closing rings, `make_valid`, legacy `crs` members
(reprojected to WGS84), and positions that look swapped or projected (refused, never changed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyproj
import shapely
from shapely.geometry import MultiPolygon

from straitmap.catalog import GEOMETRY_TYPES
from straitmap.errors import InvalidContentError
from straitmap.io.report import Issue, format_number
from straitmap.io.strict_json import MISSING, NonFinite, describe

#: One geometry with more positions than this is refused (the largest bundled one has ~5,000).
MAX_VERTICES: Final = 250_000


_POLYGONAL: Final = frozenset({"Polygon", "MultiPolygon"})


# Beyond any longitude or latitude in degrees: values like these are metres or feet.
PROJECTED_MAGNITUDE: Final = 1000.0


_WGS84: Final = pyproj.CRS.from_epsg(4326)


# Only authority codes reach PROJ (never PROJ strings, WKT or paths from an untrusted file).
_CRS_NAME: Final = re.compile(
    r"urn:ogc:def:crs:(?:EPSG|OGC):[0-9.]*:[A-Za-z0-9]+"
    r"|(?:EPSG|OGC):[A-Za-z0-9]+"
    r"|https?://www\.opengis\.net/def/crs/(?:EPSG|OGC)/[0-9.]+/[A-Za-z0-9]+",
    re.IGNORECASE,
)


def legacy_crs(member: Any, path: Path) -> tuple[pyproj.Transformer | None, Issue]:
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
            f"found {describe(member)}; better, reproject to WGS84 and drop the member",
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


class GeometryError(Exception):
    """A geometry refused: `expected`, `found` and `detail` become the Issue."""

    def __init__(self, expected: str, found: str, detail: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found
        self.detail = detail


def check_vertex_count(geometry: Any, max_vertices: int) -> None:
    """Refuse a geometry with more positions than `max_vertices` before walking them."""
    count = _count_positions(geometry)
    if count > max_vertices:
        raise GeometryError(
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


def clean_geometry(value: Any, repairs: list[str], *, nested: bool) -> dict[str, Any] | None:
    """Check a GeoJSON geometry object; return it with rings closed, or None when empty."""
    if not isinstance(value, dict):
        raise GeometryError("a geometry object or null", describe(value))
    kind = value.get("type", MISSING)
    if kind not in GEOMETRY_TYPES:
        raise GeometryError(
            f"a geometry type ({', '.join(GEOMETRY_TYPES)})", f"type {describe(kind)}"
        )
    if kind == "GeometryCollection":
        if nested:
            raise GeometryError("a GeometryCollection of plain geometries", "a nested one")
        members = value.get("geometries", MISSING)
        if not isinstance(members, list):
            raise GeometryError("a 'geometries' array", describe(members))
        cleaned = [clean_geometry(member, repairs, nested=True) for member in members]
        kept = [member for member in cleaned if member is not None]
        return {"type": kind, "geometries": kept} if kept else None
    coordinates = value.get("coordinates", MISSING)
    if not isinstance(coordinates, list):
        raise GeometryError(f"a 'coordinates' array for a {kind}", describe(coordinates))
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
        raise GeometryError(f"a non-empty array at {where}", describe(value))
    return value


def _position(value: Any, where: str) -> list[Any]:
    if isinstance(value, list) and 2 <= len(value) <= 3:
        for axis, number in zip(("longitude", "latitude", "elevation"), value, strict=False):
            if isinstance(number, NonFinite):
                raise GeometryError(
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
        raise GeometryError(
            "a position [longitude, latitude] or [longitude, latitude, elevation] of numbers",
            f"{describe(value)} at {where}",
        )
    if any(isinstance(n, int) and abs(n) >= 2**1024 for n in value):
        # JSON integers have no size limit, but geometry needs floats (at most ~1.8e308).
        raise GeometryError(
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
        raise GeometryError("a line of at least 2 positions", f"{len(positions)} position{where}")
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
            raise GeometryError(
                "a linear ring of at least 4 positions (3 corners and the closing one)",
                f"{len(positions)} positions at {where}",
            )
        rings.append(positions)
    return rings


def to_wgs84(
    geometry: shapely.Geometry, transformer: pyproj.Transformer | None
) -> shapely.Geometry:
    """The geometry reprojected by `transformer` (a legacy `crs`); as it is without one."""
    if transformer is None:
        return geometry

    def project(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(*coords.T))

    projected = shapely.transform(geometry, project, include_z=bool(shapely.has_z(geometry)))
    if not np.isfinite(shapely.get_coordinates(projected)).all():
        raise GeometryError(
            "positions that the file's crs can convert to WGS84",
            "a position outside the area where that CRS is defined",
        )
    return projected


def check_positions(geometry: shapely.Geometry, *, reprojected: bool) -> None:
    """Refuse positions outside ±180/±90, explaining when they look swapped or projected."""
    coords = shapely.get_coordinates(geometry)
    lon, lat = coords[:, 0], coords[:, 1]
    bad = (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if not bad.any():
        return
    count = int(bad.sum())
    first = int(np.argmax(bad))
    x, y = float(lon[first]), float(lat[first])
    shown = f"[{format_number(x)}, {format_number(y)}]" + (
        f" and {count - 1} more" if count > 1 else ""
    )
    if not reprojected and np.abs(coords[bad]).max() > PROJECTED_MAGNITUDE:
        raise GeometryError(
            "WGS84 longitude/latitude in degrees",
            shown,
            "these look like projected coordinates (metres or feet), not degrees; "
            "reproject the file to EPSG:4326, or name its CRS in a legacy 'crs' member",
        )
    if abs(y) > 90 and abs(x) <= 90 and abs(y) <= 180:
        raise GeometryError(
            "positions as [longitude, latitude]",
            shown,
            f"this looks swapped: {format_number(y)} is not a latitude, but as "
            "[latitude, longitude] the position would be valid; GeoJSON order is "
            "[longitude, latitude]",
        )
    raise GeometryError("longitude within ±180 and latitude within ±90", shown)


def make_valid(geometry: shapely.Geometry) -> tuple[shapely.Geometry, _PendingIssue | None]:
    """The geometry made valid (polygons keep their area), with the repair to report."""
    if geometry.is_valid:
        return geometry, None
    reason = _explain(shapely.is_valid_reason(geometry))
    kind = geometry.geom_type
    if kind in {"LineString", "MultiLineString", "MultiPoint", "Point"}:
        raise GeometryError(f"a valid {kind}", reason)
    fixed = shapely.make_valid(geometry)
    if kind not in _POLYGONAL:
        return fixed, _PendingIssue(
            f"a valid {kind}", reason, f"made valid: now a {fixed.geom_type}"
        )
    parts = shapely.get_parts(shapely.get_parts(fixed))
    polygons = [part for part in parts if part.geom_type == "Polygon" and not part.is_empty]
    dropped = len(parts) - len(polygons)
    if not polygons:
        raise GeometryError(
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
