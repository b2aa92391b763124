"""straitmap.datasets: ingest of point files into Hilbert-sorted GeoParquet datasets."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from benchmarks.synthetic_points import write_csv
from straitmap.datasets import (
    DatasetError,
    data_dir,
    ingest,
    list_datasets,
    open_manifest,
)
from straitmap.errors import InvalidContentError
from straitmap.hilbert import hilbert_index
from straitmap.io import load_file

BAD_CSV = (
    "name,lat,lon,date,count\n"
    "Taipei,25.03,121.56,2024-03-01,1\n"  # row 1
    "\n"  # row 2: empty, skipped
    'quoted,"x\ny",121.5,2024-03-01,2\n'  # row 3: a cell spanning lines, refused
    "short,25.0\n"  # row 4: 2 cells
    "Kaohsiung,22.62,120.27,113/03/02,3.5\n"  # row 5: an ROC date, kept
    "north,95,121,2024-01-01,1\n"  # row 6: latitude out of range
    "feb30,25.5,121.5,2024-02-30,1\n"  # row 7: an impossible date
    "nan,NaN,121.5,2024-01-01,1\n"  # row 8: not a number
    "swapped,121.5,25.0,2024-01-01,1\n"  # row 9: swapped
    "Keelung,25.13,121.74,,\n"  # row 10: kept, no date
)


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("STRAITMAP_DATA", str(folder))
    return folder


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _feature(lon: object, lat: object, **properties: object) -> dict[str, object]:
    geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


FEATURES = [
    _feature(121.56, 25.03, name="Taipei", count=1, date="2024-03-01"),  # 0
    _feature(200.0, 25.0, name="far east", count=2),  # 1: out of range
    {"type": "Feature", "properties": {"name": "nowhere"}, "geometry": None},  # 2: skipped
    {"type": "Feature", "properties": {"name": "line"},
     "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}},  # 3: refused
    _feature(120.27, 22.62, name="Kaohsiung", count=3, date="2024-03-02"),  # 4
    _feature(119.3, 26.0, name="Fuzhou", count=4.5, date="2024-13-01"),  # 5: bad date
]  # fmt: skip


def test_data_dir_follows_the_environment(data_folder: Path) -> None:
    assert data_dir() == data_folder


def test_data_dir_defaults_to_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRAITMAP_DATA")
    assert data_dir() == Path(__file__).resolve().parents[1] / "data"


def test_csv_with_bad_rows_keeps_exactly_the_good_ones(tmp_path: Path) -> None:
    source = _write(tmp_path / "points.csv", BAD_CSV)
    manifest = ingest([source], "bad-rows")
    table = pq.read_table(manifest.points_path)
    assert sorted(table.column("name").to_pylist()) == ["Kaohsiung", "Keelung", "Taipei"]
    assert manifest.rows == 3
    assert manifest.rows_refused == 6
    assert manifest.rows_skipped == 1
    report = json.loads(manifest.report_path.read_text(encoding="utf-8"))
    refused = {(entry["row"], entry["line"]) for entry in report["refused"]}
    assert refused == {(3, 5), (4, 6), (6, 8), (7, 9), (8, 10), (9, 11)}
    assert [(e["row"], e["line"]) for e in report["skipped"]] == [(2, 3)]
    assert sum(report["refused_by_reason"].values()) == len(report["refused"])
    assert report["files"][0]["refused"] == 6
    assert report["files"][0]["records"] == 10
    by_row = {entry["row"]: entry for entry in report["refused"]}
    assert "February 2024 has 29 days" in by_row[7]["detail"]
    assert "swapped" in by_row[9]["detail"]
    assert str(source) == by_row[3]["file"]


def test_csv_messages_are_the_loaders(tmp_path: Path) -> None:
    """Refused CSV rows carry the upload loader's own messages (the loader reads no dates)."""
    source = _write(tmp_path / "points.csv", BAD_CSV)
    manifest = ingest([source], "messages")
    report = json.loads(manifest.report_path.read_text(encoding="utf-8"))
    ours = {e["message"] for e in report["refused"] if e["field"] != "date"}
    loaded = {str(issue) for issue in load_file(source).report.refused}
    assert ours == loaded
    assert {e["message"] for e in report["skipped"]} == {
        str(issue) for issue in load_file(source).report.skipped
    }


def test_columns_are_typed(tmp_path: Path) -> None:
    source = _write(tmp_path / "points.csv", BAD_CSV)
    manifest = ingest([source], "types")
    schema = pq.read_schema(manifest.points_path)
    assert schema.names[:5] == ["geometry", "bbox", "lon", "lat", "date"]
    assert schema.field("date").type == pa.date32()
    assert schema.field("count").type == pa.float64()
    assert schema.field("name").type == pa.string()
    assert manifest.columns["count"] == "double"
    assert manifest.time_range == ("2024-03-01", "2024-03-02")
    dates = dict(
        zip(
            pq.read_table(manifest.points_path).column("name").to_pylist(),
            pq.read_table(manifest.points_path).column("date").to_pylist(),
            strict=True,
        )
    )
    assert str(dates["Kaohsiung"]) == "2024-03-02"  # ROC year 113
    assert dates["Keelung"] is None


@pytest.mark.parametrize("kind", ["geojson", "ndjson", "geojsonseq", "geoparquet"], ids=lambda k: k)
def test_every_format_with_bad_features(tmp_path: Path, kind: str) -> None:
    if kind == "geojson":
        source = tmp_path / "points.geojson"
        source.write_text(json.dumps({"type": "FeatureCollection", "features": FEATURES}))
    elif kind in ("ndjson", "geojsonseq"):
        prefix = "\x1e" if kind == "geojsonseq" else ""
        source = tmp_path / f"points.{kind}"
        source.write_text("".join(f"{prefix}{json.dumps(f)}\n" for f in FEATURES))
    else:
        good = [f for i, f in enumerate(FEATURES) if i in (0, 4, 5)]
        frame = gpd.GeoDataFrame.from_features(good, crs="EPSG:4326")
        source = tmp_path / "points.parquet"
        frame.to_parquet(source)
    manifest = ingest([source], f"from-{kind}")
    table = pq.read_table(manifest.points_path)
    assert sorted(table.column("name").to_pylist()) == ["Kaohsiung", "Taipei"]
    report = json.loads(manifest.report_path.read_text(encoding="utf-8"))
    refused = sorted(entry["feature"] for entry in report["refused"])
    if kind == "geoparquet":
        assert refused == [2]  # Fuzhou, the bad date, is the third row written
    else:
        assert refused == [1, 3, 5]
        assert [entry["feature"] for entry in report["skipped"]] == [2]
    assert table.column("count").type == pa.float64()


def test_geojson_other_than_a_feature_collection_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "one.geojson"
    source.write_text(json.dumps({"type": "Topology", "features": []}))
    with pytest.raises(InvalidContentError, match="FeatureCollection"):
        ingest([source], "topology")


def test_no_usable_row_writes_no_dataset(tmp_path: Path) -> None:
    source = _write(tmp_path / "bad.csv", "lat,lon\n95,121\n")
    with pytest.raises(InvalidContentError, match="no rows accepted"):
        ingest([source], "nothing")
    assert list_datasets() == []


def test_geoparquet_metadata_and_read_back(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "ais.csv", 5_000, seed=3)
    manifest = ingest([source], "ais", row_group_rows=1_000)
    parquet = pq.ParquetFile(manifest.points_path)
    geo = json.loads(parquet.schema_arrow.metadata[b"geo"])
    column = geo["columns"]["geometry"]
    assert geo["version"] == "1.1.0"
    assert geo["primary_column"] == "geometry"
    assert column["encoding"] == "WKB"
    assert column["geometry_types"] == ["Point"]
    assert column["covering"]["bbox"]["xmin"] == ["bbox", "xmin"]
    assert column["bbox"] == list(manifest.extent)
    assert parquet.metadata.num_row_groups == 5
    assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
    frame = gpd.read_parquet(manifest.points_path)
    assert len(frame) == 5_000
    assert np.allclose(frame.geometry.x, frame["lon"])
    assert np.allclose(frame.geometry.y, frame["lat"])
    bbox = pq.read_table(manifest.points_path, columns=["bbox"]).column("bbox").combine_chunks()
    assert np.array_equal(bbox.field("xmin").to_numpy(), frame["lon"].to_numpy())
    assert pq.read_schema(manifest.points_path).field("time").type == pa.timestamp("us", "UTC")
    assert manifest.time_range is not None
    assert manifest.time_range[0].startswith("2026-01-01")
    assert open_manifest("ais") == manifest
    assert [m.name for m in list_datasets()] == ["ais"]
    sources = manifest.sources[0]
    assert sources["bytes"] == source.stat().st_size
    assert len(sources["sha256"]) == 64


def test_rows_equal_the_source(tmp_path: Path) -> None:
    """Sorting changes the order only: the same rows as pandas reads them."""
    import pandas as pd

    source = write_csv(tmp_path / "ais.csv", 3_000, seed=5)
    manifest = ingest([source], "same", chunk_rows=700, sort_rows=1_000)
    ours = pq.read_table(manifest.points_path).to_pandas()
    theirs = pd.read_csv(source)
    key = ["mmsi", "lat", "lon", "speed_kn"]
    left = ours[key].sort_values(key).reset_index(drop=True)
    right = theirs[key].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False)


def _row_group_area(path: Path) -> float:
    metadata = pq.ParquetFile(path).metadata
    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    index = {name: i for i, name in enumerate(names)}
    total = 0.0
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        xmin = group.column(index["bbox.xmin"]).statistics
        ymin = group.column(index["bbox.ymin"]).statistics
        total += (xmin.max - xmin.min) * (ymin.max - ymin.min)
    return total


def test_hilbert_order_makes_row_groups_tight(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "ais.csv", 20_000, seed=7)
    manifest = ingest([source], "sorted", row_group_rows=2_000, sort_rows=6_000)
    table = pq.read_table(manifest.points_path)
    unsorted = tmp_path / "unsorted.parquet"
    pq.write_table(table.take(np.random.default_rng(0).permutation(len(table))), unsorted,
                   row_group_size=2_000)  # fmt: skip
    assert _row_group_area(manifest.points_path) < 0.2 * _row_group_area(unsorted)


def test_hilbert_index_is_a_curve() -> None:
    xs, ys = np.meshgrid(np.arange(16), np.arange(16))
    d = hilbert_index(xs.ravel(), ys.ravel(), order=4)
    assert sorted(d.tolist()) == list(range(256))
    order = np.argsort(d)
    steps = np.abs(np.diff(xs.ravel()[order])) + np.abs(np.diff(ys.ravel()[order]))
    assert (steps == 1).all()


def test_dataset_name_is_checked_and_kept(tmp_path: Path) -> None:
    source = _write(tmp_path / "p.csv", "lat,lon\n25,121\n")
    with pytest.raises(DatasetError, match="expected letters"):
        ingest([source], "../escape")
    ingest([source], "once")
    with pytest.raises(DatasetError, match="already exists"):
        ingest([source], "once")
    assert ingest([source], "once", replace=True).rows == 1
    with pytest.raises(DatasetError, match=r"unknown dataset 'missing'.*once"):
        open_manifest("missing")


def test_progress_reports_each_stage(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "ais.csv", 2_000, seed=1)
    seen: list[tuple[str, int, int]] = []
    ingest([source], "progress", progress=lambda *step: seen.append(step))
    assert {stage for stage, _, _ in seen} == {"read", "sort", "write"}
    assert all(done <= total for _, done, total in seen)


def test_dask_ingest_gives_the_same_rows(tmp_path: Path) -> None:
    from distributed import LocalCluster

    sources = [
        write_csv(tmp_path / "ais.csv", 6_000, seed=11),
        _write(tmp_path / "bad.csv", BAD_CSV),
    ]
    ndjson = tmp_path / "points.ndjson"
    ndjson.write_text("".join(f"{json.dumps(f)}\n" for f in FEATURES))
    sources.append(ndjson)
    options = {"chunk_rows": 1_000, "sort_rows": 2_500, "row_group_rows": 1_000}
    single = ingest(sources, "single", **options)
    with LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        dask = ingest(sources, "dask", scheduler=cluster.scheduler_address,
                      block_bytes=50_000, **options)  # fmt: skip
    assert dask.scheduler.startswith("dask: ")
    assert pq.read_table(dask.points_path).equals(pq.read_table(single.points_path))
    ours = json.loads(single.report_path.read_text(encoding="utf-8"))
    theirs = json.loads(dask.report_path.read_text(encoding="utf-8"))
    assert ours["refused"] == theirs["refused"]
    assert ours["files"] == theirs["files"]
    assert (single.rows, single.rows_refused) == (dask.rows, dask.rows_refused)
