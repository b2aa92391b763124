"""The `straitmap` command line: `layers`, `validate`, exit codes, and never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from straitmap.cli import COMMANDS, main


@pytest.fixture
def catalog_args(data_dir: Path) -> list[str]:
    return ["--catalog", str(data_dir / "catalog.toml")]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- layers -------------------------------------------------------------------------------------


def test_layers_json(catalog_args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["layers", "--json", *catalog_args], capsys)
    assert (code, err) == (0, "")
    layers = json.loads(out)
    assert [layer["id"] for layer in layers] == ["towns", "zones"]
    towns, zones = layers
    assert towns["title"] == "Test towns"
    assert towns["geometry_type"] == "Point"
    assert towns["feature_count"] == 3
    assert towns["license"] == "CC0"
    assert zones["geometry_type"] == "Polygon/MultiPolygon"


def test_layers_table(catalog_args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["layers", *catalog_args], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "title", "geometry", "features", "license"]
    assert re.match(r"towns\s+Test towns\s+Point\s+3\s+CC0$", lines[2])


def test_layers_reports_a_broken_layer_and_lists_the_rest(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (data_dir / "catalog.toml").read_text(encoding="utf-8")
    (tmp_path / "catalog.toml").write_text(text, encoding="utf-8")
    (tmp_path / "valid_towns.geojson").write_bytes((data_dir / "valid_towns.geojson").read_bytes())
    code, out, err = run(["layers", "--json", "--catalog", str(tmp_path / "catalog.toml")], capsys)
    assert code == 1
    towns, zones = json.loads(out)
    assert (towns["feature_count"], zones["feature_count"]) == (3, None)
    assert re.fullmatch(r"error: .*layer 'zones', key 'file': .*does not exist\n", err)


# --- validate -----------------------------------------------------------------------------------

VALIDATE = [
    # (id, arguments after `validate`, exit code, stdout pattern, stderr pattern)
    ("valid", ["valid_towns.geojson"], 0, r"3 accepted.*\nusable as it stands\n$", r"^$"),
    (
        "repaired",
        ["bowtie.geojson"],
        0,
        r"\n  repaired  feature 0 \(id 'bowtie'\), field 'geometry': .*split into 2 polygons",
        r"^$",
    ),
    ("skipped", ["null_geometry.geojson"], 0, r"\n  skipped   feature 1 \(id 'nowhere'\)", r"^$"),
    (
        "refused",
        ["swapped_latlon.geojson"],
        1,
        r"\n  refused   feature 0 \(id 'taipei'\), field 'geometry': .*looks swapped",
        r"^$",
    ),
    (
        "schema",
        ["schema_violations_towns.geojson", "--layer", "towns"],
        1,
        r"\(layer towns\): 8 features: 1 accepted, 0 repaired, 7 refused.*"
        r"field 'population': expected int, found 'abc'",
        r"^$",
    ),
    ("nan", ["nan.geojson"], 1, r"^$", r"^error: .*nan\.geojson: expected finite JSON numbers"),
    ("not-utf8", ["not_utf8.geojson"], 1, r"^$", r"^error: .*expected UTF-8 text"),
    ("duplicate-key", ["duplicate_key.geojson"], 1, r"^$", r"^error: .*duplicate key 'name'"),
    ("missing", ["nope.geojson"], 2, r"^$", r"^error: .*nope\.geojson: no such file\n$"),
    ("directory", ["."], 2, r"^$", r"^error: .*: is a directory; expected a GeoJSON file\n$"),
    (
        "unknown-layer",
        ["valid_towns.geojson", "--layer", "town"],
        2,
        r"^$",
        r"^error: unknown layer 'town': expected one of towns, zones\n$",
    ),
]


@pytest.mark.parametrize(
    ("args", "code", "out_pattern", "err_pattern"),
    [case[1:] for case in VALIDATE],
    ids=[case[0] for case in VALIDATE],
)
def test_validate(
    data_dir: Path,
    catalog_args: list[str],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    out_pattern: str,
    err_pattern: str,
) -> None:
    path, *options = args
    result = run(["validate", str(data_dir / path), *options, *catalog_args], capsys)
    assert result[0] == code, result
    assert re.search(out_pattern, result[1], re.DOTALL), result[1]
    assert re.search(err_pattern, result[2]), result[2]


def test_validate_json_report(
    data_dir: Path, catalog_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir / "schema_violations_towns.geojson"
    code, out, _ = run(["validate", str(path), "--layer", "towns", "--json", *catalog_args], capsys)
    report = json.loads(out)
    assert code == report["exit_code"] == 1
    assert (report["ok"], report["usable"], report["accepted"]) == (False, True, 1)
    assert [issue["field"] for issue in report["refused"]][:2] == ["source", "population"]
    assert report["refused"][1]["message"] == (
        "feature 2 (id 'xiamen'), field 'population': expected int, found 'abc'"
    )


def test_validate_json_error(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", str(data_dir / "nan.geojson"), "--json"], capsys)
    assert code == 1
    result = json.loads(out)
    assert (result["ok"], result["usable"], result["exit_code"]) == (False, False, 1)
    assert "expected finite JSON numbers" in result["error"]
    assert err.startswith("error: ")


USAGE = [
    ("no-command", []),
    ("unknown-command", ["measure"]),
    ("validate-without-path", ["validate"]),
    ("unknown-option", ["layers", "--yaml"]),
]


@pytest.mark.parametrize("argv", [case[1] for case in USAGE], ids=[case[0] for case in USAGE])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert re.search(r"^usage: straitmap", err, re.MULTILINE)


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    for name in COMMANDS:
        assert name in out
    code, out, _ = run(["--version"], capsys)
    assert (code, out.startswith("straitmap ")) == (0, True)


def test_broken_catalog_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "catalog.toml").write_text("[layers\n", encoding="utf-8")
    code, out, err = run(["layers", "--catalog", str(tmp_path / "catalog.toml")], capsys)
    assert (code, out) == (1, "")
    assert re.fullmatch(r"error: .*catalog\.toml: not valid TOML: .*\n", err)


# --- the installed console script ---------------------------------------------------------------


def straitmap_command() -> list[str]:
    script = shutil.which("straitmap", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "straitmap.cli"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("nan.geojson", 1), ("does_not_exist.geojson", 2), ("bowtie.geojson", 0)],
    ids=["invalid", "missing", "repaired"],
)
def test_console_script_exit_codes_without_traceback(data_dir: Path, name: str, code: int) -> None:
    completed = subprocess.run(
        [*straitmap_command(), "validate", str(data_dir / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == code, completed
    assert "Traceback" not in completed.stdout + completed.stderr
    if code:
        assert completed.stderr.startswith("error: ")


def test_importing_the_package_stays_cheap() -> None:
    heavy = "{'folium', 'geopandas', 'streamlit'}"
    probe = f"import sys, straitmap; print(sorted({heavy} & set(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.strip() == "[]"
