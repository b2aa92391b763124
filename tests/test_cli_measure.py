"""`straitmap distance|nearest|rings|strait`: exit codes, JSON keys, the library's figures."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point

from straitmap import load_layer
from straitmap.catalog import load_catalog
from straitmap.cli import COMMANDS, main
from straitmap.measure import inverse


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_measuring_commands_are_registered_beside_the_others() -> None:
    assert {"layers", "validate", "distance", "nearest", "rings", "strait"} <= set(COMMANDS)


def place(feature_id: str) -> tuple[float, float]:
    places = load_layer("places")
    point = places.loc[places["id"] == feature_id].geometry.iloc[0]
    return float(point.y), float(point.x)


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("Taipei", "Xiamen"), ("taipei", "25.03N 119.5E"), ("24.5, 118.1", "place-hsinchu")],
    ids=["names", "name-and-coordinates", "coordinates-and-id"],
)
def test_distance_json_equals_the_library(
    origin: str, destination: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["distance", origin, destination, "--json"], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"from", "to", "km", "nmi", "mi", "bearing_deg", "final_bearing_deg"}
    assert set(result["from"]) == set(result["to"]) == {"name", "lat", "lon"}
    a, b = result["from"], result["to"]
    leg = inverse(a["lon"], a["lat"], b["lon"], b["lat"])
    assert result["km"] == leg.distance.km  # full precision: the very same figure
    assert result["nmi"] == leg.distance.nmi
    assert result["mi"] == leg.distance.mi
    assert result["bearing_deg"] == leg.bearing_deg
    assert result["final_bearing_deg"] == leg.final_bearing_deg
    ref = Geodesic.WGS84.Inverse(a["lat"], a["lon"], b["lat"], b["lon"])["s12"]
    assert result["km"] * 1000 == pytest.approx(ref, abs=1e-3)


def test_distance_resolves_names_to_the_layer_points(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["distance", "Taipei", "Xiamen", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert (result["from"]["lat"], result["from"]["lon"]) == place("place-taipei")
    assert (result["to"]["lat"], result["to"]["lon"]) == place("place-xiamen")


def test_distance_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["distance", "Taipei", "Xiamen"], capsys)
    assert code == 0
    assert "from      Taipei (places)" in out
    assert " km (" in out
    assert "° true initial" in out


ERRORS = [
    ("unknown-name", ["distance", "Atlantis", "Taipei"], 1, r"unknown place 'Atlantis'"),
    ("typo", ["distance", "Taipie", "Taipei"], 1, r"did you mean 'Taipei'\?"),
    (
        "ambiguous",
        ["distance", "tai", "Xiamen"],
        1,
        r"(?s)ambiguous place 'tai'.*\n  places: Taichung",
    ),
    (
        "swapped-coordinates",
        ["distance", "121.56, 25.03", "Taipei"],
        2,
        r"did you mean '25.03, 121.56'",
    ),
    ("missing-argument", ["distance", "Taipei"], 2, r"the following arguments are required: TO"),
    ("nearest-unknown-layer", ["nearest", "Taipei", "--layer", "nope"], 2, r"unknown layer 'nope'"),
    ("nearest-no-layer", ["nearest", "Taipei"], 2, r"required: --layer"),
    ("nearest-unknown-place", ["nearest", "Atlantis", "--layer", "places"], 1, r"unknown place"),
    (
        "rings-no-radius",
        ["rings", "Taipei", "--out", "x.geojson"],
        2,
        r"expected at least one --radius-km",
    ),
    (
        "rings-zero-radius",
        ["rings", "Taipei", "--radius-km", "0", "--out", "x.geojson"],
        2,
        r"expected radii > 0, found 0 km",
    ),
    ("rings-no-out", ["rings", "Taipei", "--radius-km", "5"], 2, r"required: --out"),
    (
        "rings-bad-number",
        ["rings", "Taipei", "--radius-km", "five", "--out", "x"],
        2,
        r"invalid float value",
    ),
    ("strait-bad-step", ["strait", "--step-km", "0"], 2, r"expected --step-km > 0, found 0"),
]


@pytest.mark.parametrize(
    ("argv", "code", "stderr"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_exit_codes(
    argv: list[str],
    code: int,
    stderr: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    found, _, err = run(argv, capsys)
    assert found == code
    assert err.count("error:") == 1
    assert re.search(stderr, err), err


def test_nearest_place_leaves_out_the_point_itself(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["nearest", "Taipei", "--layer", "places", "--json"], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"point", "layer", "nearest", "km", "nmi", "mi", "bearing_deg"}
    assert result["nearest"]["id"] not in ("place-taipei", None)
    lat, lon = place("place-taipei")
    places = load_layer("places")
    others = places[places["id"] != "place-taipei"]
    best = min(inverse(lon, lat, g.x, g.y).distance.km for g in others.geometry)
    assert result["km"] == pytest.approx(best, abs=1e-9)


def test_nearest_on_a_line_layer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["nearest", "25.03, 121.56", "--layer", "median_line", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["nearest"]["id"] == "median-line"
    assert 100 < result["km"] < 130
    assert result["km"] == pytest.approx(result["nmi"] * 1.852)


def test_rings_writes_geodesic_circles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "rings.geojson"
    argv = ["rings", "Taipei", "--radius-km", "500", "--radius-nmi", "100", "--points", "72"]
    code, out, _ = run([*argv, "--out", str(out_file)], capsys)
    assert code == 0
    assert "wrote 2 ring(s) around Taipei" in out
    collection = json.loads(out_file.read_text(encoding="utf-8"))
    features = collection["features"]
    assert [f["properties"]["radius_km"] for f in features] == [500.0, 185.2]
    lat, lon = place("place-taipei")
    for feature in features:
        ring = feature["geometry"]["coordinates"][0]
        assert len(ring) == 73
        radius = feature["properties"]["radius_km"] * 1000
        for x, y in ring:
            assert Geodesic.WGS84.Inverse(lat, lon, y, x)["s12"] == pytest.approx(radius, abs=1.0)


def test_rings_unwritable_output_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["rings", "Taipei", "--radius-km", "5", "--out", str(tmp_path / "missing" / "x.json")]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "error: cannot write" in err


def test_strait_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["strait", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert {"narrowest", "narrowest_mainland", "mean_width_km", "profile"} <= set(result)
    for key in ("narrowest", "narrowest_mainland"):
        assert set(result[key]) == {"km", "nmi", "from", "to"}
        assert set(result[key]["from"]) == {"lat", "lon"}
    assert result["narrowest"]["km"] == pytest.approx(126, abs=5)
    assert result["narrowest_mainland"]["km"] == pytest.approx(135, abs=5)
    assert {"along_km", "lat", "lon", "width_km"} <= set(result["profile"][0])


def test_strait_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["strait", "--step-km", "50"], capsys)
    assert code == 0
    assert out.startswith("narrowest (Taiwan to the opposite shore")
    assert "along_km" in out


# --- the app's "Reproduce:" commands ------------------------------------------------------------


@pytest.fixture(scope="module")
def app_layers() -> Any:
    """The Measure page's layers as the app holds them: every bundled map layer, no upload."""
    from dashboard import measuring

    frames = {spec.id: load_layer(spec.id) for spec in load_catalog().values() if not spec.is_table}
    return measuring, measuring.MeasureLayers(frames)


@pytest.mark.parametrize(
    ("centre", "radii", "unit"),
    [
        ("Kadena Air Base", "500, 1000, 1500", "km"),
        ("25.03N 121.56E", "92.6; 250", "nmi"),
        ("-11.2,-69.9", "1234.5678", "km"),
    ],
    ids=["named-km", "typed-nmi", "leading-minus"],
)
def test_rings_reproduce_command_writes_the_file_the_app_exports(
    app_layers: Any,
    centre: str,
    radii: str,
    unit: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    measuring, layers = app_layers
    result = measuring.rings_around(centre, radii, unit, layers)
    argv = shlex.split(measuring.rings_command(result, layers))
    assert argv[:2] == ["straitmap", "rings"]
    monkeypatch.chdir(tmp_path)
    code, _, err = run(argv[1:], capsys)
    assert (code, err) == (0, "")
    written = (tmp_path / measuring.RINGS_FILE).read_bytes()
    assert written == measuring.rings_geojson(result)
    features = json.loads(written)["features"]
    assert {f["geometry"]["type"] for f in features} == {"Polygon"}
    assert [f["properties"]["radius_km"] for f in features] == list(result.rings["radius_km"])


def test_rings_from_an_uploaded_centre_export_what_the_command_writes(
    app_layers: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    measuring, bundled = app_layers
    upload = gpd.GeoDataFrame(
        {"name": ["Harbour"]}, geometry=[Point(121.391234567, 25.161234567)], crs=4326
    )
    layers = measuring.MeasureLayers(
        {**bundled.frames, "upload": upload}, frozenset({"upload"}), "k"
    )
    result = measuring.rings_around("Harbour (your file)", "100", "km", layers)
    assert result.rings["centre"].tolist() == ["Harbour (your file)"]
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(shlex.split(measuring.rings_command(result, layers))[1:], capsys)
    assert code == 0
    assert (tmp_path / measuring.RINGS_FILE).read_bytes() == measuring.rings_geojson(result)


# --- typed points with a leading minus ----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["distance", "35.6,-139.4", "-11.2,-69.9", "--json"], "to"),
        (["distance", "-11.2,-69.9", "35.6,-139.4", "--json"], "from"),
        (["distance", "--json", "Taipei", "-11.2,-69.9"], "to"),
        (["nearest", "-11.2,-69.9", "--layer", "places", "--json"], "point"),
        (["nearest", "--layer", "places", "-11.2,-69.9", "--json"], "point"),
        (["rings", "-11.2,-69.9", "--radius-km", "100", "--out", "rings.geojson"], "centre"),
        (["rings", "--radius-nmi", "50", "-11.2,-69.9", "--out", "rings.geojson"], "centre"),
        (["route", "-11.2,-69.9", "1.26,103.8", "--json"], "from"),
    ],
    ids=[
        "distance-second",
        "distance-first",
        "distance-after-option",
        "nearest",
        "nearest-after-option",
        "rings",
        "rings-after-option",
        "route",
    ],
)
def test_typed_points_with_a_leading_minus_are_points_not_options(
    argv: list[str],
    where: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(argv, capsys)
    assert code == 0, err
    if where == "centre":
        (feature,) = json.loads((tmp_path / "rings.geojson").read_text())["features"]
        properties = feature["properties"]
        found = (properties["centre"], properties["centre_lat"], properties["centre_lon"])
    else:
        point = json.loads(out)[where]
        found = (point["name"], point["lat"], point["lon"])
    assert found == ("-11.2,-69.9", -11.2, -69.9)


def test_a_leading_minus_still_reaches_options_and_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(["distance", "-x1", "Taipei"], capsys)
    assert code == 2
    assert "the following arguments are required: TO" in err
    code, _, err = run(["rings", "Taipei", "--radius-km", "-5", "--out", "x.geojson"], capsys)
    assert (code, err.strip()) == (2, "error: expected radii > 0, found -5 km")
