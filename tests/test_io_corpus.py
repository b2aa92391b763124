"""The hostile-input corpus: `straitmap validate` on every file in `tests/data/`, per its README."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from straitmap.cli import main
from straitmap.errors import InvalidContentError
from straitmap.io import MAX_DEPTH, MAX_FEATURES, load_bytes

DATA_DIR = Path(__file__).resolve().parent / "data"
_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \|")


@dataclass(frozen=True)
class CorpusCase:
    """One row of the README table: a file, the validate options, the exit code, the fragments."""

    file: str
    options: tuple[str, ...]
    exit_code: int
    fragments: tuple[str, ...]


def read_corpus_table(readme: Path) -> list[CorpusCase]:
    """The rows of the corpus table in `tests/data/README.md` (columns as in its header)."""
    cases = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not _ROW.match(line):
            continue
        cells = [cell.strip() for cell in line.strip()[1:-1].split("|")]
        assert len(cells) == 6, f"expected 6 cells in the README row, found {len(cells)}: {line}"
        file, _case, options, _outcome, exit_code, names = cells
        cases.append(
            CorpusCase(
                file=file.strip("`"),
                options=tuple(options.strip("`").split()),
                exit_code=int(exit_code),
                fragments=tuple(re.findall(r"`([^`]+)`", names)),
            )
        )
    return cases


CORPUS = read_corpus_table(DATA_DIR / "README.md")


def test_the_table_and_the_folder_agree() -> None:
    listed = [case.file for case in CORPUS]
    assert len(listed) == len(set(listed)), "a file has two rows"
    assert sorted(listed) == sorted(path.name for path in DATA_DIR.iterdir() if path.is_file())
    assert all(case.fragments for case in CORPUS), "every row names what the message must say"


@pytest.mark.parametrize("case", CORPUS, ids=[case.file for case in CORPUS])
def test_validate_names_the_problem_and_where(
    case: CorpusCase, capsys: pytest.CaptureFixture[str]
) -> None:
    options = [
        str(DATA_DIR / token) if token.endswith(".toml") else token for token in case.options
    ]
    code = main(["validate", str(DATA_DIR / case.file), *options])
    out, err = capsys.readouterr()
    output = out + err
    assert "Traceback" not in output
    assert code == case.exit_code, output
    missing = [fragment for fragment in case.fragments if fragment not in output]
    assert not missing, f"not in the output: {missing}\n{output}"


# --- hostile input built in the test (too large to commit) --------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, r"nested too deeply to be GeoJSON: 100,000 levels"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, r"100,000 levels .*limit of 64"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), rf"{MAX_DEPTH + 1} levels"),
        (b"[" * 100_000, r"nested too deeply"),  # unbalanced: refused before json.loads
    ],
    ids=["arrays", "objects", "one-past-the-limit", "unclosed"],
)
def test_deep_nesting_is_refused_before_parsing(data: bytes, message: str) -> None:
    with pytest.raises(InvalidContentError, match=message):
        load_bytes(data, "deep.geojson")


def test_deep_nesting_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.geojson"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert re.search(r"deep\.geojson: nested too deeply .*limit of 64", err), err
    # The process is unharmed: the next file loads.
    assert main(["validate", str(DATA_DIR / "valid_towns.geojson")]) == 0


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    name = "[" * 1000 + '\\"{' * 100 + "\\\\"
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": name},
                    "geometry": {"type": "Point", "coordinates": [121.5, 25.0]},
                }
            ],
        }
    ).encode()
    frame = load_bytes(data, "brackets.geojson").frame
    assert frame["name"].tolist() == [name]


def test_nesting_at_the_limit_is_parsed() -> None:
    value: object = 1
    for _ in range(MAX_DEPTH - 4):  # inside the collection, features, a feature, properties
        value = [value]
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"deep": value}, "geometry": None}],
        }
    ).encode()
    assert load_bytes(data, "deep-ok.geojson").report.skipped_empty == 1


def test_vertex_limit_names_the_limit_and_the_feature() -> None:
    ring = [[120 + i / 1000, 23.0] for i in range(600)] + [[120.0, 24.0], [120.0, 23.0]]
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"id": "many"},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            ],
        }
    ).encode()
    report = load_bytes(data, "v.geojson", max_vertices=500).report
    assert str(report.refused[0]) == (
        "feature 0 (id 'many'), field 'geometry': expected at most 500 positions in one "
        "geometry, found 602; simplify the geometry or split it into several features"
    )
    assert load_bytes(data, "v.geojson", max_vertices=602).report.ok


def test_feature_limit_names_the_limit_for_csv_rows() -> None:
    rows = "".join(f"p{i},25.0,121.{i}\n" for i in range(4))
    with pytest.raises(InvalidContentError, match=r"more than 3 data rows, the limit"):
        load_bytes(f"name,lat,lon\n{rows}".encode(), "many.csv", max_features=3)


def test_feature_limit_default_names_the_number() -> None:
    data = b'{"type": "FeatureCollection", "features": [' + b",".join([b"{}"] * (MAX_FEATURES + 1))
    with pytest.raises(
        InvalidContentError, match=r"100,001 features, more than the limit of 100,000"
    ):
        load_bytes(data + b"]}", "many.geojson")


@pytest.mark.parametrize("name", ["big.geojson", "big.csv"], ids=["geojson", "csv"])
def test_size_limit_comes_before_parsing(name: str) -> None:
    with pytest.raises(InvalidContentError, match=r"2,000 bytes, more than the limit of 1,000"):
        load_bytes(b"[" * 2000, name, max_bytes=1000)
