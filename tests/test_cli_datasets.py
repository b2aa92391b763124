"""`straitmap ingest` and `straitmap datasets`: exit codes, JSON equal to the manifest."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.synthetic_points import write_csv
from straitmap.cli import COMMANDS, main
from straitmap.cli_datasets import ProgressBar
from straitmap.datasets import open_manifest


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("STRAITMAP_DATA", str(folder))
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_commands_are_registered() -> None:
    assert {"ingest", "datasets"} <= set(COMMANDS)


def test_ingest_json_is_the_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "ais.csv", 1_000, seed=2)
    code, out, err = run(["ingest", str(source), "--name", "ais", "--json"], capsys)
    assert code == 0, err
    answer = json.loads(out)
    manifest = open_manifest("ais")
    assert answer == {**manifest.to_dict(), "path": str(manifest.path)}
    assert answer["rows"] == 1_000
    assert answer["rows_refused"] == 0


def test_refused_rows_exit_1_and_name_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "p.csv"
    source.write_text("name,lat,lon\nTaipei,25.03,121.56\nbad,95,121\n", encoding="utf-8")
    code, out, err = run(["ingest", str(source), "--name", "some-bad"], capsys)
    assert code == 1
    assert "1 accepted, 1 refused" in out
    assert "report.json" in err
    report = json.loads((open_manifest("some-bad").report_path).read_text(encoding="utf-8"))
    assert report["refused"][0]["row"] == 2


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["ingest", "missing.csv", "--name", "x"], 2, "found nothing"),
        (["ingest", "FILE", "--name", "bad name"], 2, "--name: dataset name 'bad name'"),
        (["ingest", "FILE", "--name", "x", "--workers", "0"], 2, "--workers: expected at least 1"),
        (["ingest", "FILE"], 2, "--name"),
    ],
    ids=["missing file", "bad name", "no workers", "no name"],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    source = tmp_path / "p.csv"
    source.write_text("lat,lon\n25,121\n", encoding="utf-8")
    argv = [str(source) if arg == "FILE" else arg for arg in argv]
    found, _, err = run(argv, capsys)
    assert found == code
    assert message in err


def test_existing_name_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "p.csv"
    source.write_text("lat,lon\n25,121\n", encoding="utf-8")
    assert run(["ingest", str(source), "--name", "once"], capsys)[0] == 0
    code, _, err = run(["ingest", str(source), "--name", "once"], capsys)
    assert code == 1
    assert "already exists" in err
    assert run(["ingest", str(source), "--name", "once", "--replace"], capsys)[0] == 0


def test_datasets_lists_the_manifests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["datasets"], capsys)
    assert code == 0
    assert "no datasets" in out
    source = tmp_path / "p.csv"
    source.write_text("lat,lon,date\n25,121,2024-03-01\n", encoding="utf-8")
    run(["ingest", str(source), "--name", "small"], capsys)
    code, out, _ = run(["datasets", "--json"], capsys)
    assert code == 0
    assert [entry["name"] for entry in json.loads(out)] == ["small"]
    code, out, _ = run(["datasets"], capsys)
    assert "small" in out
    assert "2024-03-01" in out


def test_ingest_on_local_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--workers N starts a LocalCluster of processes; the rows equal one process's.

    Run as its own process: worker processes start by re-importing the parent's __main__,
    which under pytest may be a script an earlier AppTest ran.
    """
    source = write_csv(tmp_path / "ais.csv", 2_000, seed=4)
    assert run(["ingest", str(source), "--name", "here"], capsys)[0] == 0
    argv = ["ingest", str(source), "--name", "there", "--workers", "2", "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "straitmap.cli", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scheduler"] == "dask: LocalCluster of 2 workers"
    here, there = open_manifest("here"), open_manifest("there")
    assert pq.read_table(there.points_path).equals(pq.read_table(here.points_path))


def test_progress_bar_draws_one_line_per_stage() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar("read", 5, 10)
    bar("read", 10, 10)
    bar("write", 10, 10)
    bar.close()
    text = stream.getvalue()
    assert "read  [#####.....]  50.0%" in text
    assert "read  [##########] 100.0%" in text
    assert text.count("\n") == 2
