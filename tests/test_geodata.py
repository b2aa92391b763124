"""Data tests over the bundled `geodata/`: catalog, files and README agree; every layer is clean."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import LinearRing

from straitmap import load_layer
from straitmap.catalog import Catalog, LayerSpec, geodata_dir, load_catalog
from straitmap.cli import main
from straitmap.io import load_file, load_table_result
from straitmap.region import REGION_BOUNDS

GEODATA = geodata_dir()
CATALOG = load_catalog()
LAYER_IDS = [layer_id for layer_id, spec in CATALOG.items() if not spec.is_table]
TABLE_IDS = [layer_id for layer_id, spec in CATALOG.items() if spec.is_table]
MAX_DECIMALS = 6
PROVENANCE_FIELDS = ("source", "source_url", "precision")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return CATALOG


@pytest.fixture(scope="module", params=LAYER_IDS)
def spec(request: pytest.FixtureRequest) -> LayerSpec:
    return CATALOG[request.param]


@pytest.fixture(scope="module")
def frame(spec: LayerSpec) -> gpd.GeoDataFrame:
    return load_layer(spec.id, catalog=CATALOG)


@pytest.fixture(scope="module")
def raw(spec: LayerSpec) -> dict[str, Any]:
    """The layer file parsed with every float kept as written (Decimal)."""
    text = spec.path.read_text(encoding="utf-8")
    return dict(json.loads(text, parse_float=Decimal))


def test_layer_loads_clean(spec: LayerSpec) -> None:
    report = load_file(spec.path, spec.id, catalog=CATALOG).report
    assert report.total > 0, f"{spec.id}: no features"
    assert report.issues == (), "\n".join(str(issue) for issue in report.issues)
    assert report.accepted == report.total


@pytest.mark.parametrize("layer_id", TABLE_IDS)
def test_table_loads_clean_with_its_columns(layer_id: str) -> None:
    loaded = load_table_result(layer_id, catalog=CATALOG)
    table = loaded.frame
    spec = CATALOG[layer_id]
    assert len(table) > 0, f"{layer_id}: no rows"
    assert loaded.report.issues == ()
    assert set(spec.fields) <= set(table.columns)
    assert spec.path.suffix == ".csv"


def test_layer_frame_is_wgs84(frame: gpd.GeoDataFrame) -> None:
    assert frame.crs.to_epsg() == 4326
    assert len(frame) > 0


def test_every_feature_has_provenance(spec: LayerSpec, frame: gpd.GeoDataFrame) -> None:
    for field in PROVENANCE_FIELDS:
        assert field in frame.columns, f"{spec.id}: no {field!r} column"
        blank = frame[frame[field].isna() | (frame[field].astype(str).str.strip() == "")]
        assert blank.empty, f"{spec.id}: empty {field!r} in ids {list(blank['id'])}"
    bad_urls = frame[~frame["source_url"].astype(str).str.match(r"https?://\S+$")]
    assert bad_urls.empty, f"{spec.id}: source_url is not a URL for ids {list(bad_urls['id'])}"


def test_ids_are_unique(spec: LayerSpec, frame: gpd.GeoDataFrame) -> None:
    duplicated = frame.loc[frame["id"].duplicated(), "id"]
    assert duplicated.empty, f"{spec.id}: duplicate ids {list(duplicated)}"


def test_geometry_types_match_the_catalog(spec: LayerSpec, frame: gpd.GeoDataFrame) -> None:
    assert set(frame.geom_type) <= set(spec.geometry_types)


def test_every_coordinate_is_inside_the_region(spec: LayerSpec, frame: gpd.GeoDataFrame) -> None:
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    lon0, lat0, lon1, lat1 = frame.total_bounds
    inside = min_lon <= lon0 and min_lat <= lat0 and lon1 <= max_lon and lat1 <= max_lat
    assert inside, f"{spec.id}: bounds {frame.total_bounds} leave the region {REGION_BOUNDS}"


def test_coordinates_have_at_most_six_decimals(spec: LayerSpec, raw: dict[str, Any]) -> None:
    too_precise = [
        number
        for feature in raw["features"]
        for number in _numbers(feature["geometry"])
        if isinstance(number, Decimal) and -int(number.as_tuple().exponent) > MAX_DECIMALS
    ]
    assert not too_precise, f"{spec.id}: {len(too_precise)} coordinates like {too_precise[0]}"


def test_rings_follow_the_right_hand_rule(spec: LayerSpec, raw: dict[str, Any]) -> None:
    """RFC 7946 §3.1.6: outer rings counter-clockwise, holes clockwise."""
    wrong = []
    for feature in raw["features"]:
        for polygon in _polygons(feature["geometry"]):
            for index, ring in enumerate(polygon):
                ccw = LinearRing([(float(x), float(y)) for x, y, *_ in ring]).is_ccw
                if ccw != (index == 0):
                    wrong.append(f"{feature['properties'].get('id')} ring {index}")
    assert not wrong, f"{spec.id}: wrong winding in {wrong[:5]}"


def test_file_is_plain_utf8_without_escapes(spec: LayerSpec) -> None:
    data = spec.path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), f"{spec.id}: byte-order mark"
    assert not re.search(rb"\\u[0-9a-fA-F]{4}", data), f"{spec.id}: write with ensure_ascii=False"


def test_every_geojson_file_is_in_the_catalog(catalog: Catalog) -> None:
    listed = {spec.path for spec in catalog.values()}
    on_disk = set(GEODATA.glob("*.geojson"))
    assert on_disk - listed == set(), "files without a catalog entry"
    assert {path for path in listed if path.suffix == ".geojson"} - on_disk == set(), (
        "catalog entries without a file"
    )


def test_readme_has_one_section_per_layer(catalog: Catalog) -> None:
    readme = GEODATA / "README.md"
    assert readme.is_file(), "geodata/README.md is missing"
    headings = re.findall(r"^## `([^`]+)`", readme.read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(headings) == sorted(set(headings)), "a layer has two sections"
    assert set(headings) - set(catalog) == set(), "README sections for layers not in the catalog"
    assert set(catalog) - set(headings) == set(), "catalog layers without a README section"
    for line in re.findall(r"^## `[^`]+`.*$", readme.read_text(encoding="utf-8"), re.MULTILINE):
        assert re.fullmatch(r"## `[a-z0-9_]+`", line), (
            f"expected exactly '## `<id>`', found {line!r}"
        )


def test_built_layers_name_an_existing_script() -> None:
    built = {spec.id: spec.built_by for spec in load_catalog().layers.values() if spec.built_by}
    assert built, "expected some layers to be derived by geodata/build scripts"
    missing = {i: path for i, path in built.items() if not (GEODATA.parent / path).is_file()}
    assert missing == {}, f"build scripts named in the catalog are missing: {missing}"


def test_cli_lists_every_bundled_layer(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["layers", "--json"])
    out, err = capsys.readouterr()
    counts = {layer["id"]: layer["feature_count"] for layer in json.loads(out)}
    assert list(counts) == list(CATALOG)
    assert code == 0, err
    assert all(count > 0 for count in counts.values())


def _numbers(geometry: dict[str, Any] | None) -> Iterator[Any]:
    if geometry is None:
        return
    if geometry["type"] == "GeometryCollection":
        for member in geometry["geometries"]:
            yield from _numbers(member)
        return
    stack: list[Any] = [geometry["coordinates"]]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            yield item


def _polygons(geometry: dict[str, Any] | None) -> Iterator[list[list[list[Any]]]]:
    if geometry is None:
        return
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "GeometryCollection":
        for member in geometry["geometries"]:
            yield from _polygons(member)
