"""The layer catalog: loading, lookup, and a specific error for every malformed entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from straitmap import CatalogError, UnknownLayerError, load_layer
from straitmap.catalog import Catalog, LayerSpec, geodata_dir, load_catalog

COMMON = ("id", "name", "source", "source_url", "precision")


@pytest.fixture
def catalog_text(data_dir: Path) -> str:
    return (data_dir / "catalog.toml").read_text(encoding="utf-8")


def write_catalog(folder: Path, text: str, data_dir: Path) -> Path:
    """A copy of the test catalog in `folder`, with its layer files beside it."""
    for name in ("valid_towns.geojson", "valid_zones.geojson"):
        (folder / name).write_bytes((data_dir / name).read_bytes())
    path = folder / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_catalog_loads_with_common_fields_first() -> None:
    catalog = load_catalog()
    assert catalog.path == geodata_dir() / "catalog.toml"
    assert {"land", "strait", "strait_limits", "median_line", "places"} <= set(catalog)
    for spec in catalog.values():
        if spec.is_table:  # a table's columns are its own: the common fields describe features
            assert spec.geometry_types == ()
            continue
        assert spec.required[: len(COMMON)] == COMMON
        assert tuple(spec.fields)[:2] == ("id", "name")
        assert set(COMMON) <= set(spec.fields)
        assert spec.path == geodata_dir() / spec.file


def test_test_catalog_specs(test_catalog: Catalog, data_dir: Path) -> None:
    towns = test_catalog["towns"]
    assert isinstance(towns, LayerSpec)
    assert towns.geometry_types == ("Point",)
    assert towns.required == (*COMMON, "kind")
    assert towns.fields["population"] == "int"
    assert towns.fields["founded"] == "date"
    assert towns.path == data_dir / "valid_towns.geojson"
    assert towns.built_by is None
    assert test_catalog["zones"].geometry_label == "Polygon/MultiPolygon"
    assert list(test_catalog) == ["towns", "zones"]
    assert len(test_catalog) == 2


def test_unknown_layer_lists_valid_ids(test_catalog: Catalog) -> None:
    with pytest.raises(
        UnknownLayerError, match=r"^unknown layer 'town': expected one of towns, zones$"
    ):
        test_catalog["town"]


def test_unknown_layer_behaves_like_a_missing_dict_key(test_catalog: Catalog) -> None:
    assert test_catalog.get("town") is None
    assert "town" not in test_catalog
    assert "towns" in test_catalog


def test_geodata_dir_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STRAITMAP_GEODATA", str(tmp_path))
    assert geodata_dir() == tmp_path.resolve()
    with pytest.raises(CatalogError, match=r"catalog\.toml: catalog file not found"):
        load_catalog()


MALFORMED = [
    # (id, text replaced, replacement, message pattern)
    ("missing-title", 'title = "Test towns"\n', "", r"layer 'towns': missing key 'title'"),
    (
        "unknown-field-type",
        'population = "int"',
        'population = "integer"',
        r"layer 'towns', key 'fields\.population': expected a field type "
        r"\(str, int, float, bool, date\), found 'integer'",
    ),
    (
        "unknown-geometry-type",
        'geometry_types = ["Point"]',
        'geometry_types = ["Pt"]',
        r"layer 'towns', key 'geometry_types': expected GeoJSON geometry types .*found 'Pt'",
    ),
    (
        "geometry-types-not-a-list",
        'geometry_types = ["Point"]',
        'geometry_types = "Point"',
        r"layer 'towns', key 'geometry_types': expected a list of strings, found 'Point'",
    ),
    (
        "required-field-without-type",
        'required = ["kind"]',
        'required = ["kind", "colour"]',
        r"layer 'towns', key 'required': required field 'colour' has no type",
    ),
    (
        "misspelt-key",
        'group = "test"\ngeometry_types = ["Point"]',
        'group = "test"\ngeometry_type = ["Point"]',
        r"layer 'towns': unknown key 'geometry_type': expected one of title, file, ",
    ),
    (
        "file-outside-folder",
        'file = "valid_towns.geojson"',
        'file = "../secret.geojson"',
        r"layer 'towns', key 'file': expected a file name inside .*, found '\.\./secret\.geojson'",
    ),
    (
        "retrieved-not-a-date",
        'retrieved = "2026-11-25"\ndata_as_of = "2026-11-25"\ndescription = "Three',
        'retrieved = "last week"\ndata_as_of = "2026-11-25"\ndescription = "Three',
        r"layer 'towns', key 'retrieved': expected an ISO date \(YYYY-MM-DD\), found 'last week'",
    ),
    (
        "empty-license",
        'license = "CC0"\nattribution = "straitmap tests"\nsources = ["Hand-written test fixture"]'
        '\nretrieved = "2026-11-25"\ndata_as_of = "2026-11-25"\ndescription = "Three',
        'license = ""\nattribution = "straitmap tests"\nsources = ["Hand-written test fixture"]'
        '\nretrieved = "2026-11-25"\ndata_as_of = "2026-11-25"\ndescription = "Three',
        r"layer 'towns', key 'license': expected a non-empty string, found ''",
    ),
    (
        "no-sources",
        'sources = ["Hand-written test fixture"]\nretrieved = "2026-11-25"\n'
        'data_as_of = "2026-11-25"\ndescription = "Three',
        'sources = []\nretrieved = "2026-11-25"\ndata_as_of = "2026-11-25"\ndescription = "Three',
        r"layer 'towns', key 'sources': expected at least one source, found none",
    ),
    (
        "upper-case-id",
        "[layers.towns]",
        "[layers.Towns]",
        r"layer 'Towns': expected a lower-case identifier as the layer id",
    ),
    ("not-toml", "[common]", "[common", r"catalog\.toml: not valid TOML: "),
    (
        "unknown-top-level-table",
        "[common]",
        "[extra]\n[common]",
        r"unknown top-level table 'extra': expected 'common' and 'layers'",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "message"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED]
)
def test_malformed_catalog_is_refused_naming_layer_and_key(
    tmp_path: Path, data_dir: Path, catalog_text: str, old: str, new: str, message: str
) -> None:
    assert old in catalog_text, "the test no longer matches tests/data/catalog.toml"
    path = write_catalog(tmp_path, catalog_text.replace(old, new, 1), data_dir)
    with pytest.raises(CatalogError, match=message):
        load_catalog(path)


def test_catalog_without_layers_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text('[common]\nrequired = ["id"]\n[common.fields]\nid = "str"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"expected a table, found nothing"):
        load_catalog(path)


def test_missing_catalog_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"nope\.toml: catalog file not found"):
        load_catalog(tmp_path / "nope.toml")


def test_missing_layer_file_disables_only_that_layer(
    tmp_path: Path, data_dir: Path, catalog_text: str
) -> None:
    path = write_catalog(tmp_path, catalog_text, data_dir)
    (tmp_path / "valid_zones.geojson").unlink()
    catalog = load_catalog(path)  # the catalog itself is fine
    assert len(load_layer("towns", catalog=catalog)) == 3
    expected = re.escape(f"layer 'zones', key 'file': {tmp_path / 'valid_zones.geojson'}")
    with pytest.raises(CatalogError, match=expected + " does not exist"):
        load_layer("zones", catalog=catalog)
