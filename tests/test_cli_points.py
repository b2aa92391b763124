"""`straitmap query` and `straitmap measure-points`: counts equal pandas, cells equal the
library, files equal the library's measurements, exit 1 unknown dataset, 2 usage."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from straitmap import points as sp
from straitmap.cli import COMMANDS, main
from tests.point_datasets import synthetic_points, write_dataset


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def frame() -> pd.DataFrame:
    return synthetic_points(1_500, seed=7)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame) -> Path:
    """A data folder ($STRAITMAP_DATA) holding the datasets `ships` and `flights`."""
    monkeypatch.setenv("STRAITMAP_DATA", str(tmp_path / "data"))
    write_dataset(tmp_path / "data" / "datasets" / "ships", frame)
    write_dataset(tmp_path / "data" / "datasets" / "flights", frame.head(10))
    return tmp_path / "data"


def test_point_commands_are_registered() -> None:
    assert {"query", "measure-points"} <= set(COMMANDS)


FILTERS = {
    "nothing": ([], lambda f: f.index == f.index),
    "bbox": (
        ["--bbox", "119.5,23.5,121,25"],
        lambda f: f["lon"].between(119.5, 121) & f["lat"].between(23.5, 25),
    ),
    "dates": (
        ["--from", "2024-02-01", "--to", "2024/02/29"],
        lambda f: (f["date"] >= dt.date(2024, 2, 1)) & (f["date"] <= dt.date(2024, 2, 29)),
    ),
    "where twice and another column": (
        ["--where", "kind=tanker", "--where", "kind=cargo", "--where", "flag=TW"],
        lambda f: f["kind"].isin(["tanker", "cargo"]) & (f["flag"] == "TW"),
    ),
    "everything": (
        ["--bbox", "118,22,122,26", "--from", "2024-06-01", "--where", "vessel_id=12"],
        lambda f: (
            f["lon"].between(118, 122)
            & f["lat"].between(22, 26)
            & (f["date"] >= dt.date(2024, 6, 1))
            & (f["vessel_id"] == 12)
        ),
    ),
}


@pytest.mark.parametrize(("argv", "mask"), FILTERS.values(), ids=FILTERS.keys())
def test_query_json_count_equals_pandas(
    data: Path,
    frame: pd.DataFrame,
    argv: list[str],
    mask: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["query", "ships", *argv, "--json"], capsys)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["count"] == int(mask(frame).sum())  # type: ignore[operator]
    assert answer["dataset"] == "ships"
    assert answer["file"] == str(data / "datasets" / "ships" / "points.parquet")


def test_query_text_says_the_count_and_the_filters(
    data: Path, frame: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["query", "ships", "--where", "kind=fishing"], capsys)
    expected = int((frame["kind"] == "fishing").sum())
    assert code == 0
    assert out.strip() == f"ships: {expected:,} points match (kind=fishing)"


def test_query_cells_json_is_the_librarys_grid(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["query", "ships", "--bbox", "118,22,122,26", "--cells", "--zoom", "8", "--by", "kind"]
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0, err
    answer = json.loads(out)
    grid = sp.cells("ships", sp.PointQuery(bounds=(118, 22, 122, 26)), 8, by="kind")
    assert answer["cells"] == grid.to_json()["cells"]
    assert answer["count"] == grid.count == sum(c["count"] for c in answer["cells"])
    assert answer["cell_size_deg"] == 360 / 2**11
    assert answer["by"] == "kind"
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert f"{len(grid.cells):,} cells at zoom 8 (0.17578125° square, by kind)" in out


def test_a_dataset_folder_works_as_well_as_a_name(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["query", str(data / "datasets" / "flights"), "--json"], capsys)
    assert code == 0
    assert json.loads(out)["count"] == 10


def test_an_unknown_dataset_exits_1_listing_the_known_ones(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["query", "ais"], ["measure-points", "ais", "--to", "coast", "--out", "x.csv"]):
        code, _, err = run(argv, capsys)
        assert code == 1
        assert "unknown dataset 'ais'" in err
        assert err.rstrip().endswith(": flights, ships")


USAGE = {
    "bbox latitudes first": (
        ["--bbox", "22,118,26,123"],
        "--bbox: bounds are west,south,east,north (GeoJSON order, longitudes first): south 118 "
        "is outside -90..90; were latitudes given first?",
    ),
    "bbox west after east": (["--bbox", "123,22,118,26"], "found west 123 > east 118"),
    "bbox three numbers": (
        ["--bbox", "118,22,123"],
        "--bbox: expected 4 numbers west,south,east,north, longitudes first "
        "(e.g. 118,21.5,123,26.5); found 3 in '118,22,123'",
    ),
    "bbox words": (["--bbox", "Taiwan"], "--bbox: expected west,south,east,north"),
    "where without =": (["--where", "kind"], "--where: expected COLUMN=VALUE, found 'kind'"),
    "where unknown column": (
        ["--where", "colour=red"],
        "the dataset has no column 'colour': expected a categorical column",
    ),
    "where unknown value": (["--where", "kind=sub"], "column 'kind' never holds 'sub'"),
    "a date that cannot be": (["--from", "2024-02-30"], "cannot read '2024-02-30' as a date"),
    "dates reversed": (
        ["--from", "2024-05-01", "--to", "2024-04-01"],
        "2024-05-01 after 2024-04-01",
    ),
    "zoom too deep": (["--cells", "--zoom", "40"], "expected a whole zoom from 0 to 24"),
    "by a number column": (["--cells", "--by", "speed_kn"], "cannot count cells by 'speed_kn'"),
}


@pytest.mark.parametrize(("argv", "message"), USAGE.values(), ids=USAGE.keys())
def test_usage_errors_exit_2_with_the_message(
    data: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["query", "ships", *argv], capsys)
    assert code == 2
    assert out == ""
    assert message in err


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_measure_points_writes_the_librarys_measurements(
    data: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"bases{suffix}"
    argv = ["measure-points", "ships", "--to", "us_bases_japan", "--out", str(out)]
    code, printed, err = run([*argv, "--bbox", "119,22,122,26", "--until", "2024-06-30"], capsys)
    assert code == 0, err
    table = pq.read_table(out) if suffix == ".parquet" else pacsv.read_csv(out)
    written = table.to_pandas()
    query = sp.PointQuery(bounds=(119, 22, 122, 26), date_to=dt.date(2024, 6, 30))
    assert len(written) == sp.count("ships", query)
    assert printed.strip() == (
        f"{out}: {len(written):,} points with nearest_us_installation, "
        "nearest_us_installation_id, to_installation_m"
    )
    expected = sp.measure_columns(
        written["lon"].to_numpy(),
        written["lat"].to_numpy(),
        sp.load_measure_target("us_bases_japan"),
    )
    assert (
        written["nearest_us_installation"].tolist() == expected["nearest_us_installation"].tolist()
    )
    assert written["to_installation_m"].tolist() == pytest.approx(
        expected["to_installation_m"].tolist(), rel=1e-12, abs=0
    )


def test_measure_points_usage_errors_exit_2(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["measure-points", "ships", "--out"]
    code, _, err = run([*base, str(tmp_path / "m.csv"), "--to", "moon"], capsys)
    assert code == 2
    assert "invalid choice: 'moon'" in err
    code, _, err = run([*base, str(tmp_path / "m.txt"), "--to", "coast"], capsys)
    assert code == 2
    assert "expected an output file ending in .parquet or .csv" in err
    code, _, err = run([*base, str(tmp_path / "m.csv"), "--to", "coast", "--bbox", "1,2"], capsys)
    assert code == 2
    assert "--bbox: expected 4 numbers" in err
    assert list(tmp_path.glob("m.*")) == []
