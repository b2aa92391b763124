"""`fit_layer`: a loaded file checked against a layer's schema without reading it again."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from straitmap.catalog import Catalog, load_catalog
from straitmap.errors import UnknownLayerError
from straitmap.io import fit_layer, load_bytes, load_file

DATA_DIR = Path(__file__).resolve().parent / "data"
TEST_CATALOG = load_catalog(DATA_DIR / "catalog.toml")
BUNDLED = load_catalog()

# (file, layer, catalog): every fixture with a layer in the corpus, and a few without one.
SAME_AS_LOADING_WITH_THE_LAYER = [
    ("valid_towns.geojson", "towns", TEST_CATALOG),
    ("valid_towns.geojson", "zones", TEST_CATALOG),
    ("valid_zones.geojson", "zones", TEST_CATALOG),
    ("unclosed_ring.geojson", "zones", TEST_CATALOG),
    ("null_geometry.geojson", "towns", TEST_CATALOG),
    ("nan_coordinates.geojson", "towns", TEST_CATALOG),
    ("towns_dates.geojson", "towns", TEST_CATALOG),
    ("multipoint_incursions.geojson", "pla_incursions", BUNDLED),
    ("incursions.csv", "pla_incursions", BUNDLED),
    ("towns_roc_dates.csv", "towns", TEST_CATALOG),
    ("towns_impossible_date.csv", "towns", TEST_CATALOG),
    ("towns_ambiguous_date.csv", "towns", TEST_CATALOG),
    ("bad_rows.csv", "towns", TEST_CATALOG),
]


@pytest.mark.parametrize(
    ("name", "layer", "catalog"),
    SAME_AS_LOADING_WITH_THE_LAYER,
    ids=[f"{case[0]}-as-{case[1]}" for case in SAME_AS_LOADING_WITH_THE_LAYER],
)
def test_fitting_equals_loading_with_the_layer(name: str, layer: str, catalog: Catalog) -> None:
    path = DATA_DIR / name
    direct = load_file(path, layer, catalog=catalog)
    fitted = fit_layer(load_file(path), layer, catalog=catalog)
    assert fitted.report == direct.report
    assert fitted.origins == direct.origins
    pd.testing.assert_frame_equal(fitted.frame, direct.frame)
    assert fitted.report.layer == layer
    assert fitted.coordinate_columns == direct.coordinate_columns
    assert fitted.frame.attrs == {}


def test_fitting_the_schema_violations(test_catalog: Catalog) -> None:
    path = DATA_DIR / "schema_violations_towns.geojson"
    direct = load_file(path, "towns", catalog=test_catalog).report
    fitted = fit_layer(load_file(path), "towns", catalog=test_catalog).report
    assert (fitted.accepted, fitted.refused_features) == (direct.accepted, direct.refused_features)
    # The frame cannot tell a missing property from a null one: both read as null.
    assert [str(issue) for issue in fitted.refused] == [
        str(issue).replace("found nothing (the field is missing)", "found null")
        for issue in direct.refused
    ]


def test_the_bundled_incursions_fit_their_own_layer() -> None:
    result = load_file(BUNDLED["pla_incursions"].path)
    fitted = fit_layer(result, "pla_incursions")
    assert fitted.report.ok
    assert len(fitted.frame) == len(result.frame)


def test_the_first_loads_refusals_keep_the_fit_from_being_ok() -> None:
    result = load_file(DATA_DIR / "out_of_range.geojson")
    fitted = fit_layer(result, "pla_incursions").report
    assert not fitted.ok
    assert set(result.report.refused) <= set(fitted.refused)
    assert fitted.refused_features == 3  # 2 out of range, and feature 0 lacks the layer's fields


def test_the_callers_result_is_untouched(test_catalog: Catalog) -> None:
    result = load_file(DATA_DIR / "towns_dates.geojson")
    before = result.frame.copy()
    fit_layer(result, "towns", catalog=test_catalog)
    pd.testing.assert_frame_equal(result.frame, before)
    assert result.report.layer is None


def test_a_result_loaded_with_a_layer_is_refused(test_catalog: Catalog) -> None:
    result = load_file(DATA_DIR / "valid_towns.geojson", "towns", catalog=test_catalog)
    with pytest.raises(ValueError, match=r"expected a result loaded without a layer, found one "):
        fit_layer(result, "towns", catalog=test_catalog)


def test_an_edited_frame_is_refused(test_catalog: Catalog) -> None:
    result = load_file(DATA_DIR / "valid_towns.geojson")
    edited = type(result)(result.frame.iloc[:2], result.report, result.origins)
    with pytest.raises(ValueError, match=r"expected one origin per frame row \(2 rows\), found 3"):
        fit_layer(edited, "towns", catalog=test_catalog)


def test_an_unknown_layer(test_catalog: Catalog) -> None:
    with pytest.raises(UnknownLayerError, match=r"^unknown layer 'town': expected one of towns"):
        fit_layer(load_file(DATA_DIR / "valid_towns.geojson"), "town", catalog=test_catalog)


def test_ids_collide_only_with_features_in_the_frame(test_catalog: Catalog) -> None:
    common = {"name": "T", "source": "s", "source_url": "https://e.org", "precision": "exact"}
    features = [
        {"type": "Feature", "properties": {"id": "a", "kind": "city", **common},
         "geometry": {"type": "Point", "coordinates": [500, 25]}},
        {"type": "Feature", "properties": {"id": "a", "kind": "city", **common},
         "geometry": {"type": "Point", "coordinates": [121, 25]}},
    ]  # fmt: skip
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    fitted = fit_layer(load_bytes(data, "ids.geojson"), "towns", catalog=test_catalog)
    assert fitted.report.accepted == 1  # feature 0 was refused, so 'a' is unique in the frame
    direct = load_bytes(data, "ids.geojson", "towns", catalog=test_catalog).report
    assert direct.accepted == 0  # loading with the layer compares every feature's id
