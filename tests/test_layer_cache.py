"""The CLI's validation cache: the same answers as validating, and only for the same bytes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from straitmap.catalog import load_catalog
from straitmap.gazetteer import entries, resolve, resolve_entries
from straitmap.io import load_layer
from straitmap.layer_cache import cache_dir, forget_read, layer_entries, layer_summary

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def geodata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of geodata/ (catalog and the places layer) and an empty cache folder."""
    folder = tmp_path / "geodata"
    folder.mkdir()
    shutil.copy(REPO / "geodata" / "catalog.toml", folder)
    for name in ("places.geojson", "us_bases_japan.geojson"):
        shutil.copy(REPO / "geodata" / name, folder)
    monkeypatch.setenv("STRAITMAP_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def test_the_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRAITMAP_CACHE_DIR", str(tmp_path / "a"))
    assert cache_dir() == tmp_path / "a"
    monkeypatch.delenv("STRAITMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "straitmap"


def test_a_cached_summary_is_the_validated_one_and_is_reused(geodata: Path) -> None:
    catalog = load_catalog(geodata / "catalog.toml")
    spec = catalog["places"]
    first = layer_summary(spec, catalog)
    assert first.count == len(load_layer("places", catalog=catalog))
    assert first.error is None
    files = list(cache_dir().glob("places-*.json"))
    assert len(files) == 1
    # Reused: a planted count comes back, so the second answer did not validate again.
    record = json.loads(files[0].read_text("utf-8"))
    record["count"] = -7
    files[0].write_text(json.dumps(record), "utf-8")
    forget_read()  # as a new run would
    assert layer_summary(spec, catalog).count == -7


def test_changed_bytes_validate_again(geodata: Path) -> None:
    catalog = load_catalog(geodata / "catalog.toml")
    spec = catalog["places"]
    assert layer_summary(spec, catalog).error is None
    text = spec.path.read_text("utf-8")
    spec.path.write_text(text.replace('"type": "Point"', '"type": "Pointy"', 1), "utf-8")
    changed = layer_summary(spec, catalog)
    assert changed.count is None
    assert changed.error is not None
    assert "Pointy" in changed.error
    assert len(list(cache_dir().glob("places-*.json"))) == 1  # the stale record is gone


def test_a_damaged_cache_file_is_ignored(geodata: Path) -> None:
    catalog = load_catalog(geodata / "catalog.toml")
    spec = catalog["places"]
    expected = layer_summary(spec, catalog)
    (file,) = cache_dir().glob("places-*.json")
    file.write_text("{not json", "utf-8")
    forget_read()
    assert layer_summary(spec, catalog) == expected


def test_an_unwritable_cache_folder_only_costs_time(
    geodata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("STRAITMAP_CACHE_DIR", str(blocker / "cache"))
    catalog = load_catalog(geodata / "catalog.toml")
    assert layer_summary(catalog["places"], catalog).count == 46


@pytest.mark.parametrize(
    "text",
    ["Taipei", "台北", "kadena", "Lanyu", "place-xiamen", "Kinmen", "25.03, 121.56", "Suao"],
)
def test_cached_entries_resolve_as_the_frames_do(geodata: Path, text: str) -> None:
    catalog = load_catalog(geodata / "catalog.toml")
    layers = {i: load_layer(i, catalog=catalog) for i in ("places", "us_bases_japan")}
    cached = [e for i in layers for e in layer_entries(catalog[i], catalog)]
    forget_read()
    again = [e for i in layers for e in layer_entries(catalog[i], catalog)]  # from the files
    assert cached == again == entries(layers)
    assert resolve_entries(text, again) == resolve(text, layers)


def test_unknown_and_ambiguous_names_say_the_same(geodata: Path) -> None:
    from straitmap.errors import AmbiguousPlaceError, UnknownPlaceError

    catalog = load_catalog(geodata / "catalog.toml")
    layers = {i: load_layer(i, catalog=catalog) for i in ("places", "us_bases_japan")}
    cached = [e for i in layers for e in layer_entries(catalog[i], catalog)]
    for text, error in (("Taipie", UnknownPlaceError), ("Air", AmbiguousPlaceError)):
        with pytest.raises(error) as from_frames:
            resolve(text, layers)
        with pytest.raises(error) as from_cache:
            resolve_entries(text, cached)
        assert str(from_cache.value) == str(from_frames.value)


@pytest.mark.parametrize("text", ["Taipei", "台北", "kadena", "Lanyu", "Kinmen", "Air", "Ishi"])
def test_entries_holding_the_key_resolve_as_all_entries_do(geodata: Path, text: str) -> None:
    from straitmap.errors import StraitmapError
    from straitmap.names import fold

    catalog = load_catalog(geodata / "catalog.toml")
    ids = ("places", "us_bases_japan")
    everything = [e for i in ids for e in layer_entries(catalog[i], catalog)]
    holding = [e for i in ids for e in layer_entries(catalog[i], catalog, containing=fold(text))]
    assert len(holding) < len(everything)
    try:
        expected: object = resolve_entries(text, everything)
    except StraitmapError as error:
        expected = str(error)
    try:
        found: object = resolve_entries(text, holding)
    except StraitmapError as error:
        found = str(error)
    assert found == expected
