"""A seeded synthetic AIS-like point file: vessel positions around East Asian ports and the strait.

Points cluster at hot spots (ports, anchorages, the Taiwan Strait's traffic lanes) over a thin
background across the region, with AIS-like columns: ``mmsi``, ``time`` (ISO 8601, UTC),
``lat``, ``lon``, ``speed_kn``, ``course``, ``vessel_type``. The same seed and size give the
same bytes. Written in chunks, so 10**7 points need no more memory than one chunk.

Run: ``python benchmarks/synthetic_points.py OUT.csv --points 1000000 [--seed 13]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import numpy as np

#: (lon, lat, spread in degrees, weight): ports, anchorages and strait lanes.
HOT_SPOTS: Final = (
    (120.27, 22.61, 0.08, 10.0),  # Kaohsiung
    (121.40, 25.15, 0.06, 6.0),  # Keelung / Taipei
    (120.50, 24.26, 0.05, 4.0),  # Taichung
    (118.07, 24.45, 0.07, 8.0),  # Xiamen
    (119.30, 26.00, 0.08, 5.0),  # Fuzhou
    (121.60, 31.35, 0.15, 12.0),  # Shanghai / Yangshan
    (114.20, 22.30, 0.10, 10.0),  # Hong Kong / Shenzhen
    (129.04, 35.08, 0.06, 6.0),  # Busan
    (139.75, 35.45, 0.08, 6.0),  # Tokyo Bay
    (120.95, 14.55, 0.08, 5.0),  # Manila
    (119.80, 24.40, 0.35, 14.0),  # the Taiwan Strait, central lane
    (119.20, 23.60, 0.30, 8.0),  # the strait, southwest
    (120.40, 25.50, 0.30, 6.0),  # the strait, north
)

#: Background share of points spread uniformly over the region.
BACKGROUND_SHARE: Final = 0.08
REGION: Final = (100.0, 0.0, 150.0, 46.0)
VESSEL_TYPES: Final = ("cargo", "tanker", "fishing", "passenger", "tug", "pleasure", "other")
VESSEL_WEIGHTS: Final = (0.38, 0.18, 0.24, 0.06, 0.05, 0.04, 0.05)
START: Final = np.datetime64("2026-01-01T00:00:00", "s")
SPAN_SECONDS: Final = 90 * 86_400
HEADER: Final = "mmsi,time,lat,lon,speed_kn,course,vessel_type\n"
CHUNK: Final = 250_000


def chunks(points: int, seed: int = 13, chunk: int = CHUNK) -> Iterator[str]:
    """The CSV text of `points` points in pieces of at most `chunk` rows (the header first)."""
    rng = np.random.default_rng(seed)
    spots = np.array([s[:3] for s in HOT_SPOTS])
    weights = np.array([s[3] for s in HOT_SPOTS])
    weights = weights / weights.sum()
    yield HEADER
    done = 0
    while done < points:
        n = min(chunk, points - done)
        lon, lat = _positions(rng, n, spots, weights)
        mmsi = rng.integers(200_000_000, 800_000_000, n)
        seconds = rng.integers(0, SPAN_SECONDS, n)
        times = np.datetime_as_string(START + seconds.astype("timedelta64[s]"), unit="s")
        speed = np.round(np.abs(rng.normal(11.0, 5.0, n)), 1)
        course = np.round(rng.uniform(0, 360, n), 1)
        kinds = np.array(VESSEL_TYPES)[rng.choice(len(VESSEL_TYPES), n, p=VESSEL_WEIGHTS)]
        lines = [
            f"{m},{t}Z,{y:.5f},{x:.5f},{s},{c},{k}\n"
            for m, t, y, x, s, c, k in zip(
                mmsi.tolist(),
                times.tolist(),
                lat.tolist(),
                lon.tolist(),
                speed.tolist(),
                course.tolist(),
                kinds.tolist(),
                strict=True,
            )
        ]
        yield "".join(lines)
        done += n


def _positions(
    rng: np.random.Generator, n: int, spots: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`n` positions: a background share uniform over the region, the rest around hot spots."""
    background = rng.random(n) < BACKGROUND_SHARE
    which = rng.choice(len(spots), n, p=weights)
    lon = spots[which, 0] + rng.normal(0, 1, n) * spots[which, 2]
    lat = spots[which, 1] + rng.normal(0, 1, n) * spots[which, 2]
    west, south, east, north = REGION
    lon[background] = rng.uniform(west, east, background.sum())
    lat[background] = rng.uniform(south, north, background.sum())
    return np.clip(lon, west, east), np.clip(lat, south, north)


def write_csv(path: Path, points: int, seed: int = 13) -> Path:
    """Write `points` synthetic points to `path` as CSV and return the path."""
    with path.open("w", encoding="utf-8", newline="") as out:
        for text in chunks(points, seed):
            out.write(text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    write_csv(args.out, args.points, args.seed)
    print(f"{args.out}: {args.points:,} points, seed {args.seed}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
