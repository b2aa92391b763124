"""Every error and report names its file exactly once (issue 9): at the start, never again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from straitmap.catalog import load_catalog
from straitmap.cli import main
from straitmap.errors import DataFileError, LayerValidationError
from straitmap.io import LoadReport, load_bytes, load_file, load_layer

from .test_io_corpus import CORPUS, DATA_DIR, CorpusCase

# A name that no message would contain by chance, in a format-neutral stem.
NAME = "Ünïque-upload"


def report_text(report: LoadReport) -> str:
    """What a person reads: the summary line and every issue, as the CLI prints them."""
    return "\n".join([report.summary(), *(str(issue) for issue in report.issues)])


def corpus_options(case: CorpusCase) -> dict[str, object]:
    options = dict(zip(case.options[::2], case.options[1::2], strict=True))
    keywords: dict[str, object] = {}
    if "--layer" in options:
        keywords["layer"] = options["--layer"]
    if "--catalog" in options:
        keywords["catalog"] = load_catalog(DATA_DIR / str(options["--catalog"]))
    return keywords


@pytest.mark.parametrize("case", CORPUS, ids=[case.file for case in CORPUS])
def test_every_corpus_message_names_the_file_once(case: CorpusCase) -> None:
    path = DATA_DIR / case.file
    try:
        text = report_text(load_file(path, **corpus_options(case)).report)  # type: ignore[arg-type]
    except DataFileError as error:
        text = str(error)
    assert text.count(case.file) == 1, text
    assert text.startswith(str(path)), text


@pytest.mark.parametrize("case", CORPUS, ids=[case.file for case in CORPUS])
def test_every_validate_output_names_the_file_once(
    case: CorpusCase, capsys: pytest.CaptureFixture[str]
) -> None:
    options = [
        str(DATA_DIR / token) if token.endswith(".toml") else token for token in case.options
    ]
    main(["validate", str(DATA_DIR / case.file), *options])
    out, err = capsys.readouterr()
    assert (out + err).count(case.file) == 1, out + err


def point(x: float = 121.5645, y: float = 25.034) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [x, y]},
    }


def collection(*features: object) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


BUILT = [
    ("too-large", collection(point()), ".geojson", {"max_bytes": 10}),
    ("too-many-features", collection(point(), point()), ".geojson", {"max_features": 1}),
    ("too-many-rows", b"lat,lon\n25,121\n26,122\n", ".csv", {"max_features": 1}),
    ("deep", b"[" * 100 + b"]" * 100, ".geojson", {}),
    ("not-json", b"{", ".geojson", {}),
    ("top-level-nan", b'{"type": "FeatureCollection", "x": NaN, "features": []}', ".geojson", {}),
    ("ambiguous-columns", b"lat,latitude,lon\n1,2,3\n", ".csv", {}),
    ("no-header", b"25,121\n", ".csv", {}),
    ("bad-csv-cell", b"name,lat,lon\na,abc,121\n", ".csv", {}),
    ("vertex-limit", collection({**point(), "geometry": {"type": "LineString",
     "coordinates": [[120, 23], [121, 24], [122, 25]]}}), ".geojson", {"max_vertices": 2}),
    ("nan-property", b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
     b'"properties": {"a": NaN}, "geometry": {"type": "Point", "coordinates": [121, 25]}}]}',
     ".geojson", {}),
    ("outside-region", collection(point(-157.86, 21.31)), ".geojson", {}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "suffix", "options"),
    [case[1:] for case in BUILT],
    ids=[case[0] for case in BUILT],
)
def test_every_built_message_names_the_file_once(
    data: bytes, suffix: str, options: dict[str, int]
) -> None:
    name = NAME + suffix
    try:
        text = report_text(load_bytes(data, name, **options).report)  # type: ignore[arg-type]
    except DataFileError as error:
        text = str(error)
    assert text.count(NAME) == 1, text
    assert text.startswith(f"{name}: "), text


def test_load_layer_names_the_file_once(data_dir: Path, tmp_path: Path) -> None:
    text = (data_dir / "catalog.toml").read_text(encoding="utf-8")
    (tmp_path / "catalog.toml").write_text(
        text.replace('"valid_towns.geojson"', '"dirty_towns.geojson"'), encoding="utf-8"
    )
    (tmp_path / "dirty_towns.geojson").write_bytes(
        (data_dir / "schema_violations_towns.geojson").read_bytes()
    )
    with pytest.raises(LayerValidationError) as raised:
        load_layer("towns", catalog=load_catalog(tmp_path / "catalog.toml"))
    assert str(raised.value).count("dirty_towns.geojson") == 1, str(raised.value)
