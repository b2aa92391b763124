"""A vectorised Hilbert curve index of (lon, lat) positions over an extent, for spatial sorting."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

__all__ = ["HILBERT_ORDER", "hilbert_index", "hilbert_keys"]

#: Bits per axis: 2**16 cells across the extent (0.0008° over the 50° region).
HILBERT_ORDER: Final = 16


def hilbert_index(
    x: npt.NDArray[np.integer], y: npt.NDArray[np.integer], order: int = HILBERT_ORDER
) -> npt.NDArray[np.uint64]:
    """The distance along a Hilbert curve of cells (x, y), each in ``[0, 2**order)``.

    The classic ``xy2d`` loop, one bit per pass over whole arrays (no Python loop per point).

    >>> hilbert_index(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 0]), order=1).tolist()
    [0, 1, 2, 3]
    """
    if not 1 <= order <= 31:
        raise ValueError(f"order should be from 1 to 31 bits per axis, got {order}")
    kind = np.uint32 if order <= 16 else np.uint64
    xs: npt.NDArray[Any] = np.asarray(x).astype(kind)
    ys: npt.NDArray[Any] = np.asarray(y).astype(kind)
    last = (1 << order) - 1
    d = np.zeros(xs.shape, dtype=np.uint64)
    s = 1 << (order - 1)
    while s > 0:
        rx = (xs & s) > 0
        ry = (ys & s) > 0
        quadrant = (3 * rx.astype(np.uint64)) ^ ry.astype(np.uint64)
        d += np.uint64(s * s) * quadrant
        turn = ~ry
        flip = turn & rx
        xs = np.where(flip, last - xs, xs)
        ys = np.where(flip, last - ys, ys)
        xs, ys = np.where(turn, ys, xs), np.where(turn, xs, ys)
        s >>= 1
    return d


def hilbert_keys(
    lon: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    extent: tuple[float, float, float, float],
    order: int = HILBERT_ORDER,
) -> npt.NDArray[np.uint64]:
    """Hilbert indices of positions scaled over `extent` (west, south, east, north).

    A zero-width or zero-height extent maps that axis to cell 0.

    >>> hilbert_keys(np.array([0.0, 0.0, 1.0, 1.0]), np.array([0.0, 1.0, 1.0, 0.0]),
    ...              (0.0, 0.0, 1.0, 1.0), order=1).tolist()
    [0, 1, 2, 3]
    """
    west, south, east, north = extent
    cells = (1 << order) - 1
    return hilbert_index(_cells(lon, west, east, cells), _cells(lat, south, north, cells), order)


def _cells(
    values: npt.NDArray[np.float64], low: float, high: float, cells: int
) -> npt.NDArray[np.int64]:
    span = high - low
    if span <= 0:
        return np.zeros(np.shape(values), dtype=np.int64)
    scaled = np.floor((np.asarray(values, dtype=np.float64) - low) / span * cells + 0.5)
    return np.clip(scaled, 0, cells).astype(np.int64)
