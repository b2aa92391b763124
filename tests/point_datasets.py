"""Point datasets in the documented format (docs/datasets.md), written with pyarrow for tests.

Independent of `straitmap ingest`: the queries are tested against the format itself.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

KINDS = ("cargo", "tanker", "fishing", "passenger")
FLAGS = ("TW", "CN", "PA", "LR", "JP")
#: Ports and the strait: where synthetic traffic gathers (lon, lat).
HOT_SPOTS = (
    (120.27, 22.61),  # Kaohsiung
    (121.74, 25.15),  # Keelung
    (118.07, 24.45),  # Xiamen
    (119.30, 26.00),  # Fuzhou
    (119.80, 24.20),  # the strait
)


def hilbert_order(lons: np.ndarray, lats: np.ndarray, bits: int = 16) -> np.ndarray:
    """Positions sorting the points along a Hilbert curve over their extent."""
    side = (1 << bits) - 1
    span_x = max(float(lons.max() - lons.min()), 1e-12)
    span_y = max(float(lats.max() - lats.min()), 1e-12)
    x = ((lons - lons.min()) / span_x * side).astype(np.int64)
    y = ((lats - lats.min()) / span_y * side).astype(np.int64)
    d = np.zeros(lons.size, dtype=np.int64)
    s = 1 << (bits - 1)
    while s > 0:
        rx = ((x & s) > 0).astype(np.int64)
        ry = ((y & s) > 0).astype(np.int64)
        d += s * s * ((3 * rx) ^ ry)
        flip = ry == 0
        swap_x = np.where(flip & (rx == 1), side - x, x)
        swap_y = np.where(flip & (rx == 1), side - y, y)
        x, y = np.where(flip, swap_y, swap_x), np.where(flip, swap_x, swap_y)
        s >>= 1
    return np.argsort(d, kind="stable")


def synthetic_points(n: int, seed: int = 13) -> pd.DataFrame:
    """AIS-like points: three quarters around the hot spots, the rest over the region."""
    rng = np.random.default_rng(seed)
    near = int(n * 0.75)
    spots = np.asarray(HOT_SPOTS)[rng.integers(0, len(HOT_SPOTS), near)]
    lons = np.concatenate(
        [spots[:, 0] + rng.normal(0, 0.15, near), rng.uniform(115, 127, n - near)]
    )
    lats = np.concatenate([spots[:, 1] + rng.normal(0, 0.15, near), rng.uniform(18, 30, n - near)])
    days = rng.integers(0, 366, n)
    flags = rng.choice(np.array([*FLAGS, None], dtype=object), n)
    return pd.DataFrame(
        {
            "lon": np.round(lons, 6),
            "lat": np.round(lats, 6),
            "date": [dt.date(2024, 1, 1) + dt.timedelta(days=int(d)) for d in days],
            "kind": rng.choice(np.array(KINDS, dtype=object), n),
            "flag": flags,
            "vessel_id": rng.integers(1, 400, n).astype(np.int64),
            "speed_kn": np.round(rng.uniform(0, 25, n), 1),
        }
    )


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    """`frame` as Arrow: `date` as date32, text (None for missing) as string, the rest as is."""
    columns: dict[str, pa.Array] = {}
    for column in frame.columns:
        values = frame[column]
        if column == "date":
            columns[column] = pa.array(list(values), type=pa.date32())
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            columns[column] = pa.array(
                [None if v is None or v != v else str(v) for v in values], type=pa.string()
            )
        else:
            columns[column] = pa.array(values.to_numpy())
    return pa.table(columns)


def write_dataset(
    folder: Path,
    rows: pd.DataFrame | pa.Table,
    *,
    row_group_rows: int = 256,
    name: str | None = None,
) -> Path:
    """Write `rows` (lon, lat and other columns) as a dataset folder; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    source = rows if isinstance(rows, pa.Table) else _arrow_table(rows)
    lons = source.column("lon").to_numpy().astype(np.float64)
    lats = source.column("lat").to_numpy().astype(np.float64)
    order = hilbert_order(lons, lats) if source.num_rows else np.arange(0)
    source = source.take(pa.array(order, type=pa.int64()))
    lons, lats = lons[order], lats[order]
    wkb = shapely.to_wkb(shapely.points(lons, lats))
    bbox = pa.StructArray.from_arrays(
        [pa.array(lons), pa.array(lats), pa.array(lons), pa.array(lats)],
        names=["xmin", "ymin", "xmax", "ymax"],
    )
    columns: dict[str, pa.Array] = {"geometry": pa.array(wkb, type=pa.binary()), "bbox": bbox}
    columns["lon"] = pa.array(lons)
    columns["lat"] = pa.array(lats)
    for column in source.column_names:
        if column not in ("lon", "lat"):
            columns[column] = source.column(column)
    table = pa.table(columns)
    geo = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
                "covering": {
                    "bbox": {
                        "xmin": ["bbox", "xmin"],
                        "ymin": ["bbox", "ymin"],
                        "xmax": ["bbox", "xmax"],
                        "ymax": ["bbox", "ymax"],
                    }
                },
            }
        },
    }
    table = table.replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    pq.write_table(
        table, folder / "points.parquet", row_group_size=row_group_rows, compression="zstd"
    )
    dates = table.column("date").drop_null().to_pylist() if "date" in table.column_names else []
    manifest = {
        "name": name or folder.name,
        "format": 1,
        "created": "2026-01-01T00:00:00+00:00",
        "sources": [],
        "rows": table.num_rows,
        "rows_refused": 0,
        "columns": {f.name: str(f.type) for f in table.schema},
        "extent": [float(lons.min()), float(lats.min()), float(lons.max()), float(lats.max())]
        if table.num_rows
        else None,
        "time_range": [str(min(dates)), str(max(dates))] if dates else None,
        "row_group_rows": row_group_rows,
        "sort": "hilbert",
        "scheduler": "single process",
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder
