"""Geodesic measurement on the WGS84 ellipsoid: distances, bearings, rings, nearest features."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.polygon import orient

from straitmap.errors import MeasureInputError
from straitmap.geodesy import GEOD, Distance, Leg, inverse
from straitmap.units import METRES_PER_MILE, METRES_PER_NMI

__all__ = [
    "GEOD",
    "METRES_PER_MILE",
    "METRES_PER_NMI",
    "Crossing",
    "Distance",
    "Leg",
    "NearestArrays",
    "NearestResult",
    "PointIndex",
    "ProfileStation",
    "StraitWidth",
    "distance_to_geometry",
    "distances_to_geometry",
    "geodesic_line",
    "inverse",
    "inverse_many",
    "nearest_feature",
    "nearest_points_between",
    "nearest_points_between_many",
    "nearest_to",
    "path_length",
    "range_ring",
    "range_rings",
    "signed_distance_to_line",
    "signed_distances_to_line",
    "strait_width",
    "taiwan_main_island",
]

logger = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
LonLat = tuple[float, float]


_A: Final[float] = float(GEOD.a)
_B: Final[float] = float(GEOD.b)
_E2: Final[float] = float(GEOD.es)
# Extreme radii of curvature of the ellipsoid: b²/a (meridian at the equator) and a²/b (poles).
_RHO_MIN: Final = _B * _B / _A
_RHO_MAX: Final = _A * _A / _B
# Mean radius, for the spherical bounds and the sphere's guess of a perpendicular's foot.
_R_MEAN: Final = (2 * _A + _B) / 3
# Every ellipsoidal distance lies within these factors of the spherical one (same lat/lon on
# a sphere of radius _R_MEAN): the local radius of curvature lies within [_RHO_MIN, _RHO_MAX].
_SPHERE_LOW: Final = _RHO_MIN / _R_MEAN
_SPHERE_HIGH: Final = _RHO_MAX / _R_MEAN
# The search for the nearest point along a segment stops when a step moves it by no more
# than this (m); at most this many steps (bisection alone halves 600 km to this in 43).
_ALONG_TOLERANCE_M: Final = 1e-7
_REFINE_STEPS: Final = 64
# Chords between Earth-centred coordinates are rounded by well under this (m).
_CHORD_ROUNDING_M: Final = 1.0
# Work arrays of at most this many (point, candidate) cells per chunk.
_CHUNK_CELLS: Final = 2_000_000


# --- value objects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NearestResult:
    """The nearest point of a geometry to a query point, and the geodesic to it.

    `bearing_deg` is the initial bearing from the query point to the nearest point.
    """

    distance: Distance
    nearest_lon: float
    nearest_lat: float
    bearing_deg: float


@dataclass(frozen=True)
class NearestArrays:
    """`distances_to_geometry` for many points: one entry per query point."""

    metres: FloatArray
    nearest_lon: FloatArray
    nearest_lat: FloatArray
    bearing_deg: FloatArray
    #: The nearest segment's number (in `_segments` order) and the distance along it (m).
    segment: IntArray
    along_m: FloatArray


@dataclass(frozen=True)
class Crossing:
    """The shortest geodesic between two shores, or any two geometries: from the first to the
    second (`strait_width`, `nearest_points_between`)."""

    distance: Distance
    from_point: LonLat
    to_point: LonLat

    @property
    def km(self) -> float:
        """Kilometres."""
        return self.distance.km

    @property
    def nmi(self) -> float:
        """Nautical miles."""
        return self.distance.nmi


@dataclass(frozen=True)
class ProfileStation:
    """One station of the width profile: the shortest crossing passing through it."""

    along_km: float
    lon: float
    lat: float
    width_km: float
    taiwan_point: LonLat
    opposite_point: LonLat


@dataclass(frozen=True)
class StraitWidth:
    """The strait's narrowest crossings and its width profile (see `strait_width`)."""

    narrowest: Crossing
    narrowest_mainland: Crossing
    profile: tuple[ProfileStation, ...]
    mean_width_km: float
    axis: tuple[LonLat, LonLat]


# --- two points ---------------------------------------------------------------------------------


def _bearing(az: FloatArray) -> FloatArray:
    """Azimuths from pyproj ((-180, 180]) as bearings in [0, 360)."""
    wrapped = np.mod(az, 360.0)
    return np.where(wrapped >= 360.0, 0.0, wrapped)


def _as_float_array(values: Any) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def inverse_many(
    lons1: Any, lats1: Any, lons2: Any, lats2: Any
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Geodesic distance (m), initial bearing and final bearing (degrees true) for many pairs.

    The inputs broadcast like numpy arrays. The final bearing is the direction of travel at
    the second point (pyproj's back azimuth turned around), in [0, 360).

    >>> metres, initial, final = inverse_many([121.56], [25.03], [119.30], [26.08])
    >>> round(float(metres[0]) / 1000, 3), round(float(initial[0]), 2)
    (255.16, 297.6)
    """
    arrays = np.broadcast_arrays(
        _as_float_array(lons1),
        _as_float_array(lats1),
        _as_float_array(lons2),
        _as_float_array(lats2),
    )
    shape = arrays[0].shape
    flat = [np.ascontiguousarray(a.ravel()) for a in arrays]
    az12, az21, metres = GEOD.inv(flat[0], flat[1], flat[2], flat[3])
    final = _bearing(np.asarray(az21, dtype=np.float64) + 180.0)
    return (
        np.asarray(metres, dtype=np.float64).reshape(shape),
        _bearing(np.asarray(az12, dtype=np.float64)).reshape(shape),
        final.reshape(shape),
    )


def path_length(points: Sequence[LonLat]) -> tuple[Distance, list[Leg]]:
    """Total geodesic length of a path of (lon, lat) points, and each of its legs.

    Fewer than two points make a path of length zero with no legs.

    >>> total, legs = path_length([(121.56, 25.03), (120.68, 24.14), (120.30, 22.62)])
    >>> len(legs), round(total.km, 1)
    (2, 305.7)
    """
    if len(points) < 2:
        return Distance(0.0), []
    coords = np.asarray(points, dtype=np.float64)
    metres, initial, final = inverse_many(
        coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1]
    )
    legs = [
        Leg(
            start=(float(coords[i, 0]), float(coords[i, 1])),
            end=(float(coords[i + 1, 0]), float(coords[i + 1, 1])),
            distance=Distance(float(metres[i])),
            bearing_deg=float(initial[i]),
            final_bearing_deg=float(final[i]),
        )
        for i in range(len(metres))
    ]
    return Distance(float(math.fsum(metres.tolist()))), legs


def _unwrap_lons(lons: FloatArray, centre_lon: float) -> FloatArray:
    """Longitudes within 180° of `centre_lon`, so a shape near the antimeridian stays whole."""
    return centre_lon + np.mod(lons - centre_lon + 180.0, 360.0) - 180.0


def geodesic_line(start: LonLat, end: LonLat, n: int = 64) -> LineString:
    """The geodesic from `start` to `end` ((lon, lat)) with `n` intermediate points, for drawing.

    >>> line = geodesic_line((121.56, 25.03), (127.77, 26.35), n=8)
    >>> len(line.coords)
    10
    """
    if n < 0:
        raise MeasureInputError(f"expected n ≥ 0 intermediate points, found {n}")
    middle = GEOD.npts(start[0], start[1], end[0], end[1], n) if n else []
    coords = np.array([start, *middle, end], dtype=np.float64)
    coords[:, 0] = _unwrap_lons(coords[:, 0], float(start[0]))
    return LineString(coords)


# --- range rings --------------------------------------------------------------------------------


def range_ring(lon: float, lat: float, radius_m: float, n: int = 360) -> Polygon:
    """The geodesic circle of `radius_m` around (lon, lat): the forward problem at `n` azimuths.

    Every vertex lies at exactly `radius_m` from the centre on the ellipsoid; the outer ring is
    counter-clockwise (RFC 7946) and longitudes stay within 180° of the centre's. A ring that
    would enclose a pole has no such polygon and is refused.

    >>> ring = range_ring(121.56, 25.03, 500_000, n=72)
    >>> len(ring.exterior.coords), ring.exterior.is_ccw
    (73, True)
    """
    if not math.isfinite(radius_m) or radius_m <= 0:
        raise MeasureInputError(f"expected a radius > 0 m, found {radius_m}")
    if n < 3:
        raise MeasureInputError(f"expected at least 3 azimuths, found {n}")
    pole_lat = 90.0 if lat >= 0 else -90.0
    to_pole = float(GEOD.inv(lon, lat, lon, pole_lat)[2])
    if radius_m >= to_pole:
        raise MeasureInputError(
            f"expected a radius below {to_pole / 1000:,.1f} km (the distance to the pole from "
            f"{lat:.4f}, {lon:.4f}), found {radius_m / 1000:,.1f} km: the ring would enclose a pole"
        )
    # Azimuths decreasing from 360: walking N, W, S, E traces the ring counter-clockwise.
    azimuths = 360.0 - np.arange(n, dtype=np.float64) * (360.0 / n)
    lons, lats, _ = GEOD.fwd(
        np.full(n, lon, dtype=np.float64),
        np.full(n, lat, dtype=np.float64),
        azimuths,
        np.full(n, radius_m, dtype=np.float64),
    )
    ring = np.column_stack([_unwrap_lons(np.asarray(lons, dtype=np.float64), lon), lats])
    return orient(Polygon(ring), 1.0)


def range_rings(lon: float, lat: float, radii_m: Iterable[float], n: int = 360) -> list[Polygon]:
    """`range_ring` for each radius, in the order given.

    >>> [round(r.area) > 0 for r in range_rings(121.56, 25.03, [500_000, 1_000_000], n=36)]
    [True, True]
    """
    return [range_ring(lon, lat, radius, n) for radius in radii_m]


# --- points to lines and polygons ---------------------------------------------------------------


def _unit_vectors(lons: FloatArray, lats: FloatArray) -> FloatArray:
    """Geodetic lon/lat as unit vectors of the sphere (for the candidate search only)."""
    lam, phi = np.radians(lons), np.radians(lats)
    cos_phi = np.cos(phi)
    return np.stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)], axis=-1)


def _segments(geometry: Any) -> FloatArray:
    """Every segment of a geometry's boundary as rows (lon1, lat1, lon2, lat2).

    Lines give their segments, polygons the segments of every ring (outer and holes), points
    a zero-length segment each; collections give those of their members.
    """
    parts: list[FloatArray] = []
    for part in shapely.get_parts(np.asarray([geometry], dtype=object)):
        kind = part.geom_type
        if kind in ("Polygon",):
            lines = [part.exterior, *part.interiors]
        elif kind in ("LineString", "LinearRing"):
            lines = [part]
        elif kind == "Point":
            x, y = part.x, part.y
            parts.append(np.array([[x, y, x, y]], dtype=np.float64))
            continue
        elif kind.startswith("Multi") or kind == "GeometryCollection":
            parts.append(_segments(part) if not part.is_empty else np.empty((0, 4)))
            continue
        else:  # pragma: no cover - shapely has no other types
            raise MeasureInputError(f"expected a point, line or polygon, found {kind}")
        for line in lines:
            xy = np.asarray(line.coords, dtype=np.float64)[:, :2]
            if len(xy) == 1:
                xy = np.vstack([xy, xy])
            if len(xy):
                parts.append(np.hstack([xy[:-1], xy[1:]]))
    if not parts:
        return np.empty((0, 4), dtype=np.float64)
    return np.vstack(parts)


def _ahead(to_point_az: Any, travel_az: Any) -> npt.NDArray[np.bool_]:
    """Whether moving on along `travel_az` brings one nearer a point seen at `to_point_az`."""
    return np.asarray(np.cos(np.radians(np.asarray(to_point_az) - travel_az)) > 0.0)


def _foot_step(metres: FloatArray, to_point_az: FloatArray, travel_az: FloatArray) -> FloatArray:
    """How far (m) along the travel direction the foot of the perpendicular from a point
    `metres` away at `to_point_az` lies, on the sphere of mean radius (a right triangle)."""
    cos_angle = np.cos(np.radians(to_point_az - travel_az))
    quarter = metres < _R_MEAN * np.pi / 2
    tangent = np.tan(np.where(quarter, metres, 0.0) / _R_MEAN)
    return np.asarray(
        np.where(quarter, _R_MEAN * np.arctan(tangent * cos_angle), np.nan), dtype=np.float64
    )


def _interior_along(
    lons: FloatArray,
    lats: FloatArray,
    seg: FloatArray,
    az: FloatArray,
    length: FloatArray,
    first_step: FloatArray,
) -> FloatArray:
    """Where along each segment (m) the nearest point to (lons[i], lats[i]) lies, for
    segments whose nearest point is neither end (moving on from the start brings the point
    nearer, moving on beyond the end would too no longer).

    Newton-like steps on the ellipsoid: from each trial point, move to the foot of the
    perpendicular as the sphere would place it (`_foot_step`); the geodesic to the query
    point meets the segment at a right angle there, which is the ellipsoid's own condition
    for the nearest point, so the steps shrink by the sphere's error each time (usually 3–6
    steps). A bracket, narrowed by which side of each trial point the foot lies on, takes a
    bisection whenever a step would leave it, so every search converges.
    """
    low = np.zeros_like(length)
    high = length.copy()
    trial = np.clip(first_step, 0.0, length)
    trial = np.where((trial > 0.0) & (trial < length), trial, length / 2.0)
    active = np.arange(len(length))
    for _ in range(_REFINE_STEPS):
        x, y, back = GEOD.fwd(seg[active, 0], seg[active, 1], az[active], trial[active])
        travel = np.asarray(back, dtype=np.float64) + 180.0
        to_point, _, metres = GEOD.inv(x, y, lons[active], lats[active])
        to_point = np.asarray(to_point, dtype=np.float64)
        here = trial[active]
        ahead = _ahead(to_point, travel)
        low[active] = np.where(ahead, here, low[active])
        high[active] = np.where(ahead, high[active], here)
        proposal = here + _foot_step(np.asarray(metres, dtype=np.float64), to_point, travel)
        inside = (proposal > low[active]) & (proposal < high[active])
        proposal = np.where(inside, proposal, (low[active] + high[active]) / 2.0)
        done = (np.abs(proposal - here) <= _ALONG_TOLERANCE_M) | (
            high[active] - low[active] <= _ALONG_TOLERANCE_M
        )
        trial[active] = proposal
        active = active[~done]
        if not active.size:
            break
    return trial


def _refine_on_segments(
    lons: FloatArray,
    lats: FloatArray,
    seg: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Nearest point to (lons[i], lats[i]) on the geodesic segment seg[i], on the ellipsoid.

    The direction to the point at each end tells whether the nearest point is that end;
    otherwise `_interior_along` finds where the geodesic to the point meets the segment at a
    right angle (to `_ALONG_TOLERANCE_M`), and an end still wins if it is nearer. Returns
    (metres, along_m, nearest_lon, nearest_lat).
    """
    az, back, length = (np.asarray(v, dtype=np.float64) for v in GEOD.inv(*seg.T))
    from_start, _, to_start = GEOD.inv(seg[:, 0], seg[:, 1], lons, lats)
    from_end, _, to_end = GEOD.inv(seg[:, 2], seg[:, 3], lons, lats)
    from_start, from_end = np.asarray(from_start), np.asarray(from_end)
    interior = np.flatnonzero(
        _ahead(from_start, az) & ~_ahead(from_end, back + 180.0) & (length > 0.0)
    )
    along = np.zeros_like(length)
    metres = np.asarray(to_start, dtype=np.float64).copy()
    nearest_lon, nearest_lat = seg[:, 0].copy(), seg[:, 1].copy()
    end_wins = np.asarray(to_end, dtype=np.float64) < metres
    along[end_wins] = length[end_wins]
    metres[end_wins] = np.asarray(to_end, dtype=np.float64)[end_wins]
    nearest_lon[end_wins], nearest_lat[end_wins] = seg[end_wins, 2], seg[end_wins, 3]
    if interior.size:
        step = _foot_step(np.asarray(to_start)[interior], from_start[interior], az[interior])
        found = _interior_along(
            lons[interior], lats[interior], seg[interior], az[interior], length[interior], step
        )
        x, y, _ = GEOD.fwd(seg[interior, 0], seg[interior, 1], az[interior], found)
        found_metres = np.asarray(GEOD.inv(x, y, lons[interior], lats[interior])[2])
        better = found_metres < metres[interior]
        chosen = interior[better]
        along[chosen] = found[better]
        metres[chosen] = found_metres[better]
        nearest_lon[chosen] = np.asarray(x, dtype=np.float64)[better]
        nearest_lat[chosen] = np.asarray(y, dtype=np.float64)[better]
    return metres, along, nearest_lon, nearest_lat


def _first_per_row(rows: IntArray, keys: Sequence[Any]) -> IntArray:
    """Positions of the best entry of each row: `rows` ascending, ties broken by `keys` in order."""
    order = np.lexsort((*reversed(list(keys)), rows))
    sorted_rows = rows[order]
    firsts = np.concatenate([[0], np.flatnonzero(np.diff(sorted_rows)) + 1])
    return np.asarray(order[firsts], dtype=np.int64)


def _geodesic_upper(chord: FloatArray) -> FloatArray:
    """An upper bound (m) on the geodesic between two points of the surface `chord` m apart.

    The geodesic is no longer than the arc over the same chord of a circle of the smallest
    radius of curvature; a margin covers the rounding of chords (cancellation near zero).
    """
    ratio = chord / (2.0 * _RHO_MIN)
    upper = np.where(ratio < 1.0, 2.0 * _RHO_MIN * np.arcsin(np.minimum(ratio, 1.0)), np.inf)
    return np.asarray(upper * (1.0 + 1e-9) + 2.0, dtype=np.float64)


def _geodesic_lower(chord: FloatArray) -> FloatArray:
    """A lower bound (m) on the geodesic between two points of the surface `chord` m apart:
    the arc over the same chord of a circle of the largest radius of curvature."""
    ratio = np.minimum(chord / (2.0 * _RHO_MAX), 1.0)
    return np.asarray(2.0 * _RHO_MAX * np.arcsin(ratio), dtype=np.float64)


def _chord_limit(upper: FloatArray) -> FloatArray:
    """The longest chord (m) whose `_geodesic_lower` is within `upper` (m): the inverse."""
    half_angle = upper / (2.0 * _RHO_MAX)
    return np.asarray(
        np.where(
            half_angle < np.pi / 2,
            2.0 * _RHO_MAX * np.sin(np.minimum(half_angle, np.pi / 2)),
            np.inf,
        ),
        dtype=np.float64,
    )


def _sagitta(length: FloatArray) -> FloatArray:
    """How far (m) a geodesic of `length` m may stray from the straight chord of its ends.

    A geodesic curves in space no more than the surface (1/_RHO_MIN), so its tangent turns by
    at most length/(2 _RHO_MIN) either side of its middle: every point lies within
    (1 − cos(that)) · _RHO_MIN of the line through the middle along the middle tangent, and so
    within twice that of the chord. Segments longer than _RHO_MIN get no bound (infinity).
    """
    turn = length / (2.0 * _RHO_MIN)
    sagitta = 2.0 * _RHO_MIN * (1.0 - np.cos(np.minimum(turn, 1.0)))
    return np.asarray(np.where(length <= _RHO_MIN, sagitta, np.inf), dtype=np.float64)


@dataclass(frozen=True)
class _Chords:
    """Segments as straight chords between their ends' Earth-centred coordinates (m), taken
    from `origin` (their mean) so that the chords of near points keep their precision."""

    origin: FloatArray
    starts: FloatArray
    deltas: FloatArray
    delta2: FloatArray
    start_delta: FloatArray
    start2: FloatArray
    sagitta: FloatArray


def _segment_chords(segments: FloatArray) -> _Chords:
    """The chords of `segments` (rows lon1, lat1, lon2, lat2) for `_candidate_pairs`."""
    starts = _ecef(segments[:, 0], segments[:, 1])
    ends = _ecef(segments[:, 2], segments[:, 3])
    origin = np.mean(np.vstack([starts, ends]), axis=0)
    starts, ends = starts - origin, ends - origin
    deltas = ends - starts
    length = np.asarray(GEOD.inv(*segments.T)[2], dtype=np.float64)
    return _Chords(
        origin=origin,
        starts=starts,
        deltas=deltas,
        delta2=np.einsum("ij,ij->i", deltas, deltas),
        start_delta=np.einsum("ij,ij->i", starts, deltas),
        start2=np.einsum("ij,ij->i", starts, starts),
        sagitta=_sagitta(length),
    )


def _chord_distances(points: FloatArray, chords: _Chords) -> tuple[FloatArray, FloatArray]:
    """From each point (Earth-centred, from the chords' origin) to each chord: the straight
    distance (m) to the chord, and to the chord's start. Arrays (len(points), len(chords))."""
    to_start2 = (
        np.einsum("ij,ij->i", points, points)[:, None]
        - 2.0 * (points @ chords.starts.T)
        + chords.start2[None, :]
    )
    along = points @ chords.deltas.T - chords.start_delta[None, :]
    fraction = np.clip(along / np.where(chords.delta2 > 0.0, chords.delta2, 1.0), 0.0, 1.0)
    to_chord2 = to_start2 - fraction * (2.0 * along - fraction * chords.delta2[None, :])
    return np.sqrt(np.maximum(to_chord2, 0.0)), np.sqrt(np.maximum(to_start2, 0.0))


@dataclass(frozen=True)
class _Candidates:
    """(point, segment) pairs that could hold a point's nearest point, with their bounds (m)."""

    rows: IntArray
    cols: IntArray
    #: The lower bound of each pair, and each point's best upper bound (over every segment).
    lower: FloatArray
    upper: FloatArray


def _candidate_pairs(lons: FloatArray, lats: FloatArray, segments: FloatArray) -> _Candidates:
    """The pairs whose lower bound is within the point's best upper bound.

    Bounds from straight (chord) distances between Earth-centred coordinates: every point
    of a segment's geodesic lies within its `_sagitta` of the chord between its ends, and a
    geodesic lies between `_geodesic_lower` and `_geodesic_upper` of its chord. A point's
    upper bound is its best over the segments (to a point within the sagitta of the chord's
    nearest point, or to the segment's start), so a pair left out cannot hold the nearest
    point: the ellipsoid decides among those kept.
    """
    n, m = len(lons), len(segments)
    chords = _segment_chords(segments)
    points = _ecef(lons, lats) - chords.origin
    rows_per_chunk = max(1, _CHUNK_CELLS // (4 * m))
    rows_of: list[IntArray] = [np.empty(0, dtype=np.int64)]
    cols_of: list[IntArray] = [np.empty(0, dtype=np.int64)]
    lower_of: list[FloatArray] = [np.empty(0, dtype=np.float64)]
    upper_of: list[FloatArray] = [np.empty(0, dtype=np.float64)]
    for first in range(0, n, rows_per_chunk):
        to_chord, to_start = _chord_distances(points[first : first + rows_per_chunk], chords)
        reach = np.minimum(to_chord + chords.sagitta[None, :], to_start)
        upper = _geodesic_upper(np.min(reach, axis=1) + _CHORD_ROUNDING_M)
        low_chord = to_chord - chords.sagitta[None, :] - _CHORD_ROUNDING_M
        rows, cols = np.nonzero(low_chord <= _chord_limit(upper)[:, None])
        rows_of.append(rows.astype(np.int64) + first)
        cols_of.append(cols.astype(np.int64))
        lower_of.append(_geodesic_lower(np.maximum(low_chord[rows, cols], 0.0)))
        upper_of.append(upper)
    return _Candidates(
        np.concatenate(rows_of),
        np.concatenate(cols_of),
        np.concatenate(lower_of),
        np.concatenate(upper_of),
    )


def _nearest_on_segments(lons: FloatArray, lats: FloatArray, segments: FloatArray) -> NearestArrays:
    """The vectorised engine of `distances_to_geometry` (see there)."""
    pairs = _candidate_pairs(lons, lats, segments)
    rows, cols = pairs.rows, pairs.cols
    metres, along, near_lon, near_lat = _refine_on_segments(lons[rows], lats[rows], segments[cols])
    best = _first_per_row(rows, [metres, cols])
    near_lon, near_lat = near_lon[best], near_lat[best]
    bearing = inverse_many(lons, lats, near_lon, near_lat)[1]
    return NearestArrays(
        metres=metres[best],
        nearest_lon=near_lon,
        nearest_lat=near_lat,
        bearing_deg=bearing,
        segment=cols[best],
        along_m=along[best],
    )


def _checked_segments(geometry: Any) -> FloatArray:
    if geometry is None or geometry.is_empty:
        raise MeasureInputError("expected a non-empty geometry to measure to, found an empty one")
    return _segments(geometry)


def distances_to_geometry(lons: Any, lats: Any, geometry: Any) -> NearestArrays:
    """Geodesic distance from each point to a geometry, with the nearest point on it.

    Each segment of the geometry is taken as the geodesic between its vertices; polygons are
    measured to their boundary (a point inside a polygon gets its distance to the nearest
    edge). Method: bounds from straight-line (chord) distances between Earth-centred
    coordinates keep every segment that could hold the nearest point (`_candidate_pairs`;
    usually one or two per point), then the nearest point on each kept segment is found on
    the ellipsoid, where the geodesic to the point meets the segment's geodesic at a right
    angle, by steps towards the foot of the perpendicular inside a shrinking bracket (to
    0.1 µm along the segment; `_refine_on_segments`). Cost follows points × segments for the
    bounds (cheap array arithmetic) and points × kept segments for the geodesics.

    >>> from shapely.geometry import LineString
    >>> median = LineString([(122, 27), (118, 23)])
    >>> result = distances_to_geometry([121.56, 119.0], [25.03, 25.0], median)
    >>> [round(km) for km in result.metres / 1000]
    [117, 71]
    """
    segments = _checked_segments(geometry)
    lon_array = np.atleast_1d(_as_float_array(lons)).ravel()
    lat_array = np.atleast_1d(_as_float_array(lats)).ravel()
    if lon_array.shape != lat_array.shape:
        raise MeasureInputError(
            f"expected as many latitudes as longitudes, found {lat_array.size} and {lon_array.size}"
        )
    if lon_array.size == 0:
        empty = np.empty(0, dtype=np.float64)
        return NearestArrays(empty, empty, empty, empty, np.empty(0, dtype=np.int64), empty)
    return _nearest_on_segments(lon_array, lat_array, segments)


def distance_to_geometry(lon: float, lat: float, geometry: Any) -> NearestResult:
    """Geodesic distance from one point to a line or polygon boundary, and the nearest point.

    See `distances_to_geometry` for the method.

    >>> from shapely.geometry import LineString
    >>> result = distance_to_geometry(121.56, 25.03, LineString([(122, 27), (118, 23)]))
    >>> round(result.distance.km, 1), round(result.nearest_lon, 2), round(result.nearest_lat, 2)
    (117.0, 120.71, 25.75)
    """
    arrays = distances_to_geometry([lon], [lat], geometry)
    return NearestResult(
        distance=Distance(float(arrays.metres[0])),
        nearest_lon=float(arrays.nearest_lon[0]),
        nearest_lat=float(arrays.nearest_lat[0]),
        bearing_deg=float(arrays.bearing_deg[0]),
    )


def _shared_point(a: Any, b: Any) -> Crossing:
    """0 m at a point two intersecting geometries share (GEOS's choice)."""
    x, y = shapely.get_coordinates(shapely.shortest_line(a, b))[0]
    point = (float(x), float(y))
    return Crossing(Distance(0.0), point, point)


def _within_reach(points: FloatArray, centres: FloatArray, metres: float) -> npt.NDArray[np.bool_]:
    """Which lon/lat `points` could lie within `metres` (geodesic) of one of `centres`.

    A cheap box in degrees around each centre: along any path of length s on the ellipsoid
    latitude changes by at most s / (b²/a) radians (the smallest meridian radius of
    curvature), and longitude by at most s / (N cos φ) at the latitude of that band farthest
    from the equator (the smallest parallel radius met), so a point outside every box is
    certainly farther. It only picks candidates.
    """
    reach = metres + 1.0  # a metre against rounding
    reach_lat = math.degrees(reach / _RHO_MIN)
    farthest = np.radians(np.minimum(np.abs(centres[:, 1]) + reach_lat, 90.0))
    parallel = _A * np.cos(farthest) / np.sqrt(1.0 - _E2 * np.sin(farthest) ** 2)
    reach_lon = np.degrees(reach / np.maximum(parallel, 1.0))
    dlat = np.abs(points[:, None, 1] - centres[None, :, 1])
    dlon = np.abs((points[:, None, 0] - centres[None, :, 0] + 180.0) % 360.0 - 180.0)
    inside = (dlat <= reach_lat) & (dlon <= reach_lon[None, :])
    return np.asarray(np.any(inside, axis=1), dtype=np.bool_)


def _longest_segment(segments: FloatArray) -> float:
    """The longest geodesic segment (m)."""
    lengths = GEOD.inv(segments[:, 0], segments[:, 1], segments[:, 2], segments[:, 3])[2]
    return float(np.max(lengths))


def _vertex_bounds(points: FloatArray, segments: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Cheap lower and upper bounds (m) on each point's geodesic distance to the segments.

    From the spherical distances to the segments' ends only: the nearest end is an upper
    bound, and every point of a segment lies within half its length of one of its ends, so a
    segment is no nearer than its nearer end less half its length.
    """
    unit = _unit_vectors(points[:, 0], points[:, 1])
    starts = _unit_vectors(segments[:, 0], segments[:, 1])
    ends = _unit_vectors(segments[:, 2], segments[:, 3])
    half = np.asarray(GEOD.inv(*segments.T)[2], dtype=np.float64) / 2.0 + 1.0
    rows_per_chunk = max(1, _CHUNK_CELLS // max(1, len(segments)))
    lower_of, upper_of = [], []
    for first in range(0, len(unit), rows_per_chunk):
        chunk = unit[first : first + rows_per_chunk]
        to_start = np.arccos(np.clip(chunk @ starts.T, -1.0, 1.0)) * _R_MEAN
        to_end = np.arccos(np.clip(chunk @ ends.T, -1.0, 1.0)) * _R_MEAN
        nearer = np.minimum(to_start, to_end)
        lower_of.append(np.min(nearer * _SPHERE_LOW - 1.0 - half, axis=1))
        upper_of.append(np.min(nearer * _SPHERE_HIGH + 1.0, axis=1))
    return np.concatenate(lower_of), np.concatenate(upper_of)


def _group_minimum(values: FloatArray, sizes: IntArray) -> FloatArray:
    """The minimum of each run of `sizes` consecutive values (every run non-empty)."""
    return np.asarray(
        np.minimum.reduceat(values, np.concatenate([[0], np.cumsum(sizes)[:-1]])),
        dtype=np.float64,
    )


def _from_vertices(
    vertex_sets: Sequence[FloatArray], target_segments: FloatArray
) -> list[Crossing]:
    """Each geometry's vertex nearest the target, and the geodesic to it, refined together.

    Vertices whose cheap lower bound (`_vertex_bounds`) exceeds their geometry's best cheap
    upper bound are dropped; of the rest, a geometry's (vertex, segment) pairs are kept when
    their spherical lower bound is within the best upper bound of any of its vertices. Ties go
    to the lower vertex, then segment.
    """
    sizes = np.array([len(v) for v in vertex_sets], dtype=np.int64)
    owners = np.repeat(np.arange(len(vertex_sets), dtype=np.int64), sizes)
    vertices = np.vstack(vertex_sets)
    lower, upper = _vertex_bounds(vertices, target_segments)
    near = np.flatnonzero(lower <= _group_minimum(upper, sizes)[owners])
    vertices, owners = vertices[near], owners[near]
    pairs = _candidate_pairs(vertices[:, 0], vertices[:, 1], target_segments)
    ceiling = _group_minimum(pairs.upper, np.bincount(owners, minlength=len(vertex_sets)))
    keep = pairs.lower <= ceiling[owners[pairs.rows]]
    rows, cols = pairs.rows[keep], pairs.cols[keep]
    metres, _, near_lon, near_lat = _refine_on_segments(
        vertices[rows, 0], vertices[rows, 1], target_segments[cols]
    )
    return [
        Crossing(
            Distance(float(metres[i])),
            (float(vertices[rows[i], 0]), float(vertices[rows[i], 1])),
            (float(near_lon[i]), float(near_lat[i])),
        )
        for i in _first_per_row(owners[rows], [metres, rows, cols])
    ]


def _from_target(
    targets: FloatArray,
    geometries: Sequence[Any],
    vertex_sets: Sequence[FloatArray],
    bests: Sequence[Crossing],
) -> list[Crossing]:
    """`bests`, each replaced where a vertex of the target is nearer its geometry.

    Only the target's vertices that could beat a geometry's best are measured: within reach
    of one of its vertices (the best distance plus half its longest segment: every point of a
    segment is that close to one of its ends), then by the spherical bounds; all refined
    together. A vertex of the target wins only when strictly nearer.
    """
    rows_of, cols_of, owners_of, segment_sets = [], [], [], []
    offset = 0
    triples = zip(geometries, vertex_sets, bests, strict=True)
    for owner, (geometry, vertices, best) in enumerate(triples):
        segments = _segments(geometry)
        reach = best.distance.metres + _longest_segment(segments) / 2.0
        near = np.flatnonzero(_within_reach(targets, vertices, reach))
        if near.size:
            found = _candidate_pairs(targets[near, 0], targets[near, 1], segments)
            keep = found.lower <= min(float(np.min(found.upper)), best.distance.metres)
            rows_of.append(near[found.rows[keep]])
            cols_of.append(found.cols[keep] + offset)
            owners_of.append(np.full(int(np.sum(keep)), owner, dtype=np.int64))
        segment_sets.append(segments)
        offset += len(segments)
    improved = list(bests)
    rows = np.concatenate([np.empty(0, dtype=np.int64), *rows_of])
    if not rows.size:
        return improved
    cols, owners = np.concatenate(cols_of), np.concatenate(owners_of)
    metres, _, near_lon, near_lat = _refine_on_segments(
        targets[rows, 0], targets[rows, 1], np.vstack(segment_sets)[cols]
    )
    for i in _first_per_row(owners, [metres, rows, cols]):
        owner = int(owners[i])
        if metres[i] < bests[owner].distance.metres:
            improved[owner] = Crossing(
                Distance(float(metres[i])),
                (float(near_lon[i]), float(near_lat[i])),
                (float(targets[rows[i], 0]), float(targets[rows[i], 1])),
            )
    return improved


def nearest_points_between_many(geometries: Sequence[Any], target: Any) -> list[Crossing]:
    """`nearest_points_between(geometry, target)` for each geometry, measured in one batch.

    The same figures as one call per geometry, with every geometry's geodesic refinement run
    together (what costs is the number of `pyproj` calls, not their length). Raises
    `MeasureInputError` for a missing or empty geometry or target.

    >>> from shapely.geometry import LineString, box
    >>> tracks = [LineString([(119.0, 20.3), (123.0, 22.3)]), LineString([(119, 23), (121, 23)])]
    >>> island = box(120.0, 22.0, 122.0, 25.3)
    >>> [round(c.distance.km, 1) for c in nearest_points_between_many(tracks, island)]
    [18.2, 0.0]
    """
    items = list(geometries)
    for position, geometry in enumerate(items):
        if geometry is None or geometry.is_empty:
            raise MeasureInputError(
                "expected non-empty geometries to measure from, found an empty one at "
                f"position {position}"
            )
    target_segments = _checked_segments(target)
    shared = np.asarray(shapely.intersects(np.asarray(items, dtype=object), target), dtype=bool)
    crossings = {int(p): _shared_point(items[p], target) for p in np.flatnonzero(shared)}
    apart = [int(p) for p in np.flatnonzero(~shared)]
    if apart:
        geometries_apart = [items[p] for p in apart]
        vertex_sets = [_vertices(g) for g in geometries_apart]
        bests = _from_vertices(vertex_sets, target_segments)
        found = _from_target(_vertices(target), geometries_apart, vertex_sets, bests)
        crossings.update(zip(apart, found, strict=True))
    return [crossings[p] for p in range(len(items))]


def nearest_points_between(a: Any, b: Any) -> Crossing:
    """The shortest geodesic between two geometries: from its point on `a` to its point on `b`.

    Lines are taken segment by segment as geodesics between their vertices, and polygons by
    their boundaries, as in `distances_to_geometry` (GeoJSON draws straight lines in lon/lat:
    where segments are long and that matters, densify first with `shapely.segmentize`; over
    0.1° the two stay within 1.5 m up to 35°N). Geometries that intersect (shapely, in lon/lat:
    crossing, touching or one inside a polygon) are 0 m apart at a shared point that GEOS
    chooses. Otherwise the nearest pair of two polylines has a vertex at one end, so it is the
    shorter of (each vertex of `a` to `b`) and (each vertex of `b` to `a`), both refined on
    the ellipsoid as `distances_to_geometry` does. Cheap bounds only pick the candidates, and
    never decide: vertices of `a` whose spherical distance to the ends of `b`'s segments shows
    they cannot beat its best vertex, then vertices of `b` outside a box in degrees that
    reaches from every vertex of `a` the best distance found plus half `a`'s longest segment,
    are not measured. Ties go to the vertex of `a`. Raises `MeasureInputError` for a missing or
    empty geometry; `nearest_points_between_many` measures many against one.

    >>> from shapely.geometry import LineString, box
    >>> track = LineString([(119.0, 20.3), (123.0, 22.3)])
    >>> found = nearest_points_between(track, box(120.0, 22.0, 122.0, 25.3))
    >>> round(found.distance.km, 1), [round(c, 3) for c in found.from_point], found.to_point
    (18.2, [122.082, 21.854], (122.0, 22.0))
    """
    return nearest_points_between_many([a], b)[0]


def signed_distances_to_line(lons: Any, lats: Any, line: Any) -> FloatArray:
    """Distance (m) from each point to a line, positive east of it and negative west of it.

    East and west are the two sides of the line as a whole: the side to the right of the
    line's direction (first vertex to last) is east when that direction heads north of the
    east–west axis (cos(bearing) > 0), else west; so the sign does not depend on which end the
    line is drawn from. For the median line (27°N 122°E to 23°N 118°E): Taiwan's side is
    positive, the mainland's negative. Points beyond the line's ends are measured to the end
    point and signed by the side of the end segment's extension. Lines that run due east–west
    are refused.

    >>> from shapely.geometry import LineString
    >>> median = LineString([(122, 27), (118, 23)])
    >>> [round(m / 1000) for m in signed_distances_to_line([121.56, 119.0], [25.03, 25.0], median)]
    [117, -71]
    """
    if line is None or line.is_empty or line.geom_type not in ("LineString", "MultiLineString"):
        kind = "nothing" if line is None else line.geom_type
        raise MeasureInputError(f"expected a non-empty LineString or MultiLineString, found {kind}")
    parts = list(shapely.get_parts(line))
    first = parts[0].coords[0]
    last = parts[-1].coords[-1]
    heading = float(GEOD.inv(first[0], first[1], last[0], last[1])[0])
    north = math.cos(math.radians(heading))
    if abs(north) < 1e-12:
        raise MeasureInputError(
            "expected a line with a north–south extent to tell east from west, "
            "found a line running due east–west"
        )
    segments = _segments(line)
    nearest = distances_to_geometry(lons, lats, line)
    seg = segments[nearest.segment]
    seg_az = np.asarray(GEOD.inv(seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3])[0], dtype=np.float64)
    _, _, back = GEOD.fwd(seg[:, 0], seg[:, 1], seg_az, nearest.along_m)
    line_az = np.asarray(back, dtype=np.float64) + 180.0
    lon_array = np.atleast_1d(_as_float_array(lons)).ravel()
    lat_array = np.atleast_1d(_as_float_array(lats)).ravel()
    to_point = np.asarray(
        GEOD.inv(nearest.nearest_lon, nearest.nearest_lat, lon_array, lat_array)[0],
        dtype=np.float64,
    )
    right = np.sin(np.radians(to_point - line_az))
    sign = np.sign(right) * (1.0 if north > 0 else -1.0)
    return np.asarray(np.where(nearest.metres == 0.0, 0.0, nearest.metres * sign), dtype=np.float64)


def signed_distance_to_line(lon: float, lat: float, line: Any) -> float:
    """Signed distance (m) from one point to a line: + east of it, − west (see the plural).

    >>> from shapely.geometry import LineString
    >>> round(signed_distance_to_line(119.0, 25.0, LineString([(122, 27), (118, 23)])) / 1000, 1)
    -71.4
    """
    return float(signed_distances_to_line([lon], [lat], line)[0])


# --- nearest feature ----------------------------------------------------------------------------


def _ecef(lons: FloatArray, lats: FloatArray) -> FloatArray:
    """Earth-centred Cartesian coordinates (m) of points on the ellipsoid's surface."""
    lam, phi = np.radians(lons), np.radians(lats)
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    prime = _A / np.sqrt(1.0 - _E2 * sin_phi * sin_phi)
    return np.stack(
        [prime * cos_phi * np.cos(lam), prime * cos_phi * np.sin(lam), prime * (1 - _E2) * sin_phi],
        axis=-1,
    )


def _nearest_point_chunk(
    lons: FloatArray,
    lats: FloatArray,
    targets: FloatArray,
    target_lons: FloatArray,
    target_lats: FloatArray,
) -> tuple[IntArray, FloatArray]:
    """Exact nearest target for each point; see `nearest_feature` for the pruning bounds."""
    points = _ecef(lons, lats)
    chord2 = (
        np.einsum("ij,ij->i", points, points)[:, None]
        + np.einsum("ij,ij->i", targets, targets)[None, :]
        - 2.0 * (points @ targets.T)
    )
    np.maximum(chord2, 0.0, out=chord2)
    closest = np.argmin(chord2, axis=1)
    chord_min = np.sqrt(chord2[np.arange(len(lons)), closest])
    chord_limit = _chord_limit(_geodesic_upper(chord_min))
    keep = chord2 <= (chord_limit * chord_limit)[:, None]
    counts = keep.sum(axis=1)
    index = closest.astype(np.int64)
    metres = np.empty(len(lons), dtype=np.float64)
    single = counts == 1
    metres[single] = GEOD.inv(
        lons[single], lats[single], target_lons[index[single]], target_lats[index[single]]
    )[2]
    several = np.flatnonzero(~single)
    if several.size:
        rows, cols = np.nonzero(keep[several])
        point_rows = several[rows]
        pair_metres = np.asarray(
            GEOD.inv(lons[point_rows], lats[point_rows], target_lons[cols], target_lats[cols])[2],
            dtype=np.float64,
        )
        best = _first_per_row(rows.astype(np.int64), [pair_metres, cols])
        index[several] = cols[best]
        metres[several] = pair_metres[best]
    return index, metres


class PointIndex:
    """Fixed target points for repeated exact nearest-point queries (as `nearest_feature`).

    The targets' Earth-centred coordinates are computed once; each query prunes by chord
    bounds and measures the few candidates left with `GEOD.inv`, so it is exact on the
    ellipsoid (ties go to the lower position) and costs far less than measuring every target.

    >>> index = PointIndex([121.56, 139.35], [25.03, 35.75])
    >>> [int(i) for i in index.nearest([127.77], [26.35])[0]]
    [0]
    """

    def __init__(self, lons: Any, lats: Any) -> None:
        self.lons = np.atleast_1d(_as_float_array(lons)).ravel()
        self.lats = np.atleast_1d(_as_float_array(lats)).ravel()
        if self.lons.size == 0 or self.lons.shape != self.lats.shape:
            raise MeasureInputError(
                f"expected as many target latitudes as longitudes, at least one, found "
                f"{self.lats.size} and {self.lons.size}"
            )
        self._targets = _ecef(self.lons, self.lats)

    def nearest(self, lons: Any, lats: Any) -> tuple[IntArray, FloatArray]:
        """For each point, the position of the nearest target and the geodesic to it (m)."""
        lon_array = np.atleast_1d(_as_float_array(lons)).ravel()
        lat_array = np.atleast_1d(_as_float_array(lats)).ravel()
        return _nearest_point_chunk(lon_array, lat_array, self._targets, self.lons, self.lats)


def nearest_feature(
    lons: Any, lats: Any, frame: Any, *, workers: int | None = None, chunk: int = 65_536
) -> tuple[IntArray, FloatArray]:
    """For each point, the position (0-based row) of the nearest feature and its distance (m).

    Exact on the ellipsoid: the result equals a brute-force `GEOD.inv` against every feature
    (ties go to the lower position). For point layers, candidates are pruned with bounds on the
    straight-line (chord) distance between Earth-centred coordinates: the geodesic lies between
    the arcs over the same chord of circles with the ellipsoid's largest and smallest radii of
    curvature, so only features whose lower bound is within the best upper bound get an exact
    `GEOD.inv` (usually one per point). Chunks run on `workers` threads (default: every CPU;
    pyproj releases the GIL). Other geometries are measured with `distances_to_geometry`.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> bases = gpd.GeoDataFrame(geometry=[Point(127.77, 26.35), Point(139.35, 35.75)])
    >>> index, metres = nearest_feature([121.56, 135.0], [25.03, 34.7], bases)
    >>> index.tolist(), [round(m / 1000) for m in metres]
    ([0, 1], [640, 413])
    """
    lon_array = np.atleast_1d(_as_float_array(lons)).ravel()
    lat_array = np.atleast_1d(_as_float_array(lats)).ravel()
    if lon_array.shape != lat_array.shape:
        raise MeasureInputError(
            f"expected as many latitudes as longitudes, found {lat_array.size} and {lon_array.size}"
        )
    geometries = list(getattr(frame, "geometry", frame))
    if not geometries or any(g is None or g.is_empty for g in geometries):
        raise MeasureInputError("expected a frame of non-empty geometries, found an empty one")
    if lon_array.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if all(g.geom_type == "Point" for g in geometries):
        target_lons = np.array([g.x for g in geometries], dtype=np.float64)
        target_lats = np.array([g.y for g in geometries], dtype=np.float64)
        targets = _ecef(target_lons, target_lats)

        def run(start: int) -> tuple[IntArray, FloatArray]:
            stop = start + chunk
            return _nearest_point_chunk(
                lon_array[start:stop], lat_array[start:stop], targets, target_lons, target_lats
            )

        starts = range(0, lon_array.size, chunk)
        threads = max(1, workers if workers is not None else (os.cpu_count() or 1))
        if threads == 1 or len(starts) == 1:
            results = [run(start) for start in starts]
        else:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                results = list(pool.map(run, starts))
        return (
            np.concatenate([r[0] for r in results]),
            np.concatenate([r[1] for r in results]),
        )
    table = np.stack([distances_to_geometry(lon_array, lat_array, g).metres for g in geometries])
    index = np.argmin(table, axis=0).astype(np.int64)
    return index, table[index, np.arange(lon_array.size)]


def nearest_to(lon: float, lat: float, frame: Any) -> tuple[int, NearestResult]:
    """The nearest feature of `frame` to one point: its position (0-based row) and the
    geodesic to the nearest point on it (the feature's own point, or the nearest point of a
    line or polygon boundary).

    `nearest_feature` picks the feature (ties go to the lower position); this is what the
    CLI's `straitmap nearest` reports.

    >>> import geopandas as gpd
    >>> from shapely.geometry import LineString, Point
    >>> median = LineString([(122, 27), (118, 23)])
    >>> targets = gpd.GeoDataFrame(geometry=[Point(127.77, 26.35), median])
    >>> row, found = nearest_to(121.56, 25.03, targets)
    >>> row, round(found.distance.km, 1), round(found.nearest_lon, 2), round(found.nearest_lat, 2)
    (1, 117.0, 120.71, 25.75)
    """
    index, _ = nearest_feature([lon], [lat], frame)
    row = int(index[0])
    geometry = list(getattr(frame, "geometry", frame))[row]
    if geometry.geom_type != "Point":
        return row, distance_to_geometry(lon, lat, geometry)
    leg = inverse(lon, lat, geometry.x, geometry.y)
    return row, NearestResult(leg.distance, float(geometry.x), float(geometry.y), leg.bearing_deg)


# --- the strait's width -------------------------------------------------------------------------

#: A point on Taiwan's main island (the Central Mountain Range): the land polygon holding it.
TAIWAN_REFERENCE: Final[LonLat] = (121.0, 23.5)
#: Islands off the mainland coast that the ROC (Taiwan) administers: they are not part of the
#: "opposite shore". A land polygon that holds one of these points, or lies within
#: `_EXCLUDE_WITHIN_M` of it (small islands are simplified in `land`), is left out. Sources
#: (English Wikipedia infobox coordinates): Kinmen County 24°26′N 118°20′E; Lieyu Township
#: 24°25′41″N 118°14′06″E; Wuqiu Township 24°58′59″N 119°27′00″E; Matsu (Nangan) as in the
#: `places` layer. Matsu lies north of the strait's northern limit, so only Kinmen, Lieyu and
#: Wuqiu matter to the figures; Matsu is listed for clarity.
ROC_ADMINISTERED_ISLANDS: Final[dict[str, LonLat]] = {
    "Kinmen (Great Kinmen)": (118.333333, 24.433333),
    "Lieyu (Lesser Kinmen)": (118.235, 24.428056),
    "Wuqiu (Daqiu)": (119.45, 24.983056),
    "Nangan (Matsu)": (119.933, 26.15),
}
_EXCLUDE_WITHIN_M: Final = 2000.0
# Working frame around the strait for the shores (degrees beyond the limit lines' extent).
_FRAME_MARGIN_DEG: Final = 3.0


def _geodesic_area(polygon: Any) -> float:
    return abs(float(GEOD.geometry_area_perimeter(polygon)[0]))


def _land_polygons(land: Any) -> list[Any]:
    """Every non-empty polygon of a land layer (a frame or geometries), multipolygons split."""
    geometries = list(getattr(land, "geometry", land))
    polygons = [
        p for p in shapely.get_parts(np.asarray(geometries, dtype=object)) if not p.is_empty
    ]
    if not polygons:
        raise MeasureInputError("expected land polygons, found none")
    return polygons


def _taiwan_index(polygons: Sequence[Any], area: Callable[[int], float]) -> int:
    """Position of Taiwan's main island among `polygons`: the largest holding TAIWAN_REFERENCE."""
    reference = Point(TAIWAN_REFERENCE)
    holding = [i for i, p in enumerate(polygons) if p.contains(reference)]
    if not holding:
        raise MeasureInputError(
            f"expected a land polygon containing {TAIWAN_REFERENCE[1]}°N {TAIWAN_REFERENCE[0]}°E "
            "(Taiwan's main island), found none"
        )
    return max(holding, key=area)


def taiwan_main_island(land: Any) -> Polygon:
    """Taiwan's main island in a land layer (a frame or geometries): its largest polygon
    holding `TAIWAN_REFERENCE` (121°E 23.5°N), multipolygons taken apart.

    The one definition the strait's width, the incursion distances and the PLA build use.
    Raises `MeasureInputError` when no land polygon holds the reference point.

    >>> from shapely.geometry import box
    >>> taiwan_main_island([box(120.0, 22.0, 122.0, 25.3), box(119.5, 23.5, 119.7, 23.7)]).bounds
    (120.0, 22.0, 122.0, 25.3)
    """
    polygons = _land_polygons(land)
    island: Polygon = polygons[_taiwan_index(polygons, lambda i: _geodesic_area(polygons[i]))]
    return island


def _limit_lines(limits: Any) -> tuple[Any, Any]:
    """The northern and southern limit lines: by a `limit` column, else by mean latitude."""
    lines = [g for g in getattr(limits, "geometry", limits) if g is not None and not g.is_empty]
    if len(lines) != 2:
        raise MeasureInputError(f"expected 2 strait limit lines (north, south), found {len(lines)}")
    if hasattr(limits, "columns") and "limit" in limits.columns:
        by_name = dict(zip(limits["limit"], limits.geometry, strict=True))
        if set(by_name) == {"north", "south"}:
            return by_name["north"], by_name["south"]
    north, south = sorted(lines, key=lambda g: -np.mean(np.asarray(g.coords)[:, 1]))
    return north, south


def _strait_box(north: Any, south: Any) -> Polygon:
    """The quadrilateral between the limit lines (land included), each line drawn west to east."""
    north_xy = list(north.coords)
    south_xy = list(south.coords)
    if north_xy[0][0] > north_xy[-1][0]:
        north_xy.reverse()
    if south_xy[0][0] > south_xy[-1][0]:
        south_xy.reverse()
    return orient(Polygon([*north_xy, *reversed(south_xy)]).buffer(0), 1.0)


def _local_projection(lon: float, lat: float) -> Callable[[Any], Any]:
    """Project shapely geometries to an azimuthal equidistant plane (m) centred on (lon, lat)."""
    transformer = pyproj.Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m", always_xy=True
    )

    def project(geometry: Any) -> Any:
        return shapely.transform(
            geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
        )

    return project


def _vertices(geometry: Any) -> FloatArray:
    return np.asarray(shapely.get_coordinates(geometry), dtype=np.float64)


def _narrowest(taiwan: Any, opposite: Any, project: Callable[[Any], Any]) -> Crossing:
    """Shortest geodesic between two shores (boundaries as lines, lon/lat).

    A planar search in the local projection finds where the shores come closest; every vertex
    of either shore within 1 % + 2 km of that planar minimum is then measured on the ellipsoid
    to the other shore (refined along its segments), and the shortest of those is kept.
    """
    taiwan_plane, opposite_plane = project(taiwan), project(opposite)
    planar = float(shapely.distance(taiwan_plane, opposite_plane))
    limit = planar * 1.01 + 2000.0
    best: Crossing | None = None
    for here, here_plane, there, forward in (
        (taiwan, taiwan_plane, opposite_plane, True),
        (opposite, opposite_plane, taiwan_plane, False),
    ):
        vertices = _vertices(here)
        near = shapely.distance(shapely.points(_vertices(here_plane)), there) <= limit
        if not near.any():
            continue
        other = opposite if forward else taiwan
        found = distances_to_geometry(vertices[near, 0], vertices[near, 1], other)
        i = int(np.argmin(found.metres))
        vertex = (float(vertices[near][i, 0]), float(vertices[near][i, 1]))
        foot = (float(found.nearest_lon[i]), float(found.nearest_lat[i]))
        crossing = Crossing(
            Distance(float(found.metres[i])),
            vertex if forward else foot,
            foot if forward else vertex,
        )
        if best is None or crossing.distance < best.distance:
            best = crossing
    if best is None:  # pragma: no cover - the planar minimum always has a vertex within 1 %
        raise MeasureInputError("expected two shores to measure between, found none")
    return best


def _water_midpoint(limit: Any, land: Any) -> LonLat:
    """Geodesic midpoint of the longest stretch of a limit line that lies over water."""
    water = limit.difference(land)
    pieces = [
        p for p in shapely.get_parts(water) if p.geom_type == "LineString" and len(p.coords) > 1
    ]
    if not pieces:
        raise MeasureInputError("expected a strait limit line that crosses water, found none")
    piece = max(pieces, key=lambda p: float(GEOD.geometry_length(p)))
    (x1, y1), (x2, y2) = piece.coords[0], piece.coords[-1]
    az, _, length = GEOD.inv(x1, y1, x2, y2)
    x, y, _ = GEOD.fwd(x1, y1, az, length / 2.0)
    return float(x), float(y)


def strait_width(
    land: Any,
    limits: Any,
    *,
    step_km: float = 10.0,
    axis: tuple[LonLat, LonLat] | None = None,
) -> StraitWidth:
    """The Taiwan Strait's narrowest crossings and width profile, on the ellipsoid.

    Shores, from the polygons of the `land` layer:

    - Taiwan: the main island, the land polygon holding `TAIWAN_REFERENCE` (121°E 23.5°N);
    - the mainland: the largest land polygon (Asia, as clipped to the region);
    - the opposite shore: the mainland plus China's coastal islands, i.e. every other land
      polygon that touches the quadrilateral between the two limit lines and lies closer to
      the mainland than to Taiwan (Pingtan/Haitan, Xiamen, Dongshan, Nan'ao, ...), except the
      islands the ROC administers (`ROC_ADMINISTERED_ISLANDS`: Kinmen, Lieyu, Wuqiu, Matsu).
      Penghu and Taiwan's other islands are on neither shore.

    `narrowest` is the shortest geodesic from Taiwan's main island to the opposite shore,
    `narrowest_mainland` to the mainland alone; each runs from the Taiwan point to the other.

    The profile: stations every `step_km` along the `axis` geodesic, by default from the
    midpoint of the northern limit's longest stretch over water to that of the southern
    limit (both ends included). At each station the width is the shortest crossing from
    Taiwan to the opposite shore passing through the station, which is the sum of the
    station's distances to both shores. `mean_width_km` is the mean over the stations.
    """
    if not math.isfinite(step_km) or step_km <= 0:
        raise MeasureInputError(f"expected a profile step > 0 km, found {step_km}")
    polygons = _land_polygons(land)
    areas = np.array([_geodesic_area(p) for p in polygons])
    taiwan_index = _taiwan_index(polygons, lambda i: float(areas[i]))
    mainland_index = int(np.argmax(areas))
    if mainland_index == taiwan_index:
        raise MeasureInputError("expected the mainland to be larger than Taiwan, found otherwise")

    north, south = _limit_lines(limits)
    box = _strait_box(north, south)
    min_x, min_y, max_x, max_y = box.bounds
    frame = shapely.box(
        min_x - _FRAME_MARGIN_DEG,
        min_y - _FRAME_MARGIN_DEG,
        max_x + _FRAME_MARGIN_DEG,
        max_y + _FRAME_MARGIN_DEG,
    )
    centre = box.centroid
    project = _local_projection(centre.x, centre.y)
    taiwan = polygons[taiwan_index]
    mainland = polygons[mainland_index].intersection(frame)
    taiwan_plane, mainland_plane = project(taiwan), project(mainland)
    excluded = [project(Point(xy)) for xy in ROC_ADMINISTERED_ISLANDS.values()]
    islands = []
    for i, polygon in enumerate(polygons):
        if i in (taiwan_index, mainland_index) or not polygon.intersects(box):
            continue
        plane = project(polygon)
        if any(plane.distance(point) <= _EXCLUDE_WITHIN_M for point in excluded):
            continue
        if plane.distance(mainland_plane) < plane.distance(taiwan_plane):
            islands.append(polygon)
    logger.debug("strait width: %d coastal islands on the opposite shore", len(islands))

    taiwan_shore = taiwan.boundary
    mainland_shore = polygons[mainland_index].boundary.intersection(frame)
    opposite_shore = shapely.union_all([mainland_shore, *(p.boundary for p in islands)])
    narrowest = _narrowest(taiwan_shore, opposite_shore, project)
    narrowest_mainland = _narrowest(taiwan_shore, mainland_shore, project)

    if axis is None:
        in_box = shapely.union_all([p for p in polygons if p.intersects(box)])
        axis = (_water_midpoint(north, in_box), _water_midpoint(south, in_box))
    (x1, y1), (x2, y2) = axis
    az, _, length = GEOD.inv(x1, y1, x2, y2)
    along = np.append(np.arange(0.0, float(length), step_km * 1000.0), float(length))
    if len(along) > 1 and along[-1] - along[-2] < 1e-6:
        along = along[:-1]
    lons, lats, _ = GEOD.fwd(
        np.full(along.size, x1), np.full(along.size, y1), np.full(along.size, az), along
    )
    to_taiwan = distances_to_geometry(lons, lats, taiwan_shore)
    to_opposite = distances_to_geometry(lons, lats, opposite_shore)
    widths = (to_taiwan.metres + to_opposite.metres) / 1000.0
    profile = tuple(
        ProfileStation(
            along_km=float(along[i] / 1000.0),
            lon=float(lons[i]),
            lat=float(lats[i]),
            width_km=float(widths[i]),
            taiwan_point=(float(to_taiwan.nearest_lon[i]), float(to_taiwan.nearest_lat[i])),
            opposite_point=(float(to_opposite.nearest_lon[i]), float(to_opposite.nearest_lat[i])),
        )
        for i in range(along.size)
    )
    return StraitWidth(
        narrowest=narrowest,
        narrowest_mainland=narrowest_mainland,
        profile=profile,
        mean_width_km=float(np.mean(widths)),
        axis=((float(x1), float(y1)), (float(x2), float(y2))),
    )
