"""`straitmap route` and `straitmap closure`: JSON equal to the library, exit codes, GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from straitmap import load_layer
from straitmap.cli import COMMANDS, main
from straitmap.ports import resolve_route_end
from straitmap.route_query import RouteQuery, impact_json
from straitmap.routes import closure_impact, strait_closure


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_route_commands_are_registered() -> None:
    assert {"route", "closure"} <= set(COMMANDS)


def test_route_json_is_the_librarys_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["route", "Shanghai", "Singapore", "--close", "strait", "--json"], capsys)
    assert code == 0, err
    answer = json.loads(out)
    layers = {"places": load_layer("places")}
    origin = resolve_route_end("Shanghai", layers)
    destination = resolve_route_end("Singapore", layers)
    strait = load_layer("strait")
    impact = closure_impact(
        (origin.lon, origin.lat),
        (destination.lon, destination.lat),
        [strait_closure(strait)],
        16.0,
        strait=strait.geometry.union_all(),
    )
    query = RouteQuery("Shanghai", "Singapore", close_strait=True)
    expected = impact_json(
        query,
        {
            "name": origin.name,
            "lat": origin.lat,
            "lon": origin.lon,
            "layer": "sea_ports",
            "id": origin.feature_id,
        },
        {
            "name": destination.name,
            "lat": destination.lat,
            "lon": destination.lon,
            "layer": "sea_ports",
            "id": destination.feature_id,
        },
        impact,
    )
    assert answer == json.loads(json.dumps(expected))
    assert answer["open"]["crosses_strait"] is True
    assert answer["closed_route"]["crosses_strait"] is False
    assert answer["extra_km"] > 100
    assert answer["extra_hours"] == pytest.approx(answer["extra_nmi"] / 16.0)
    assert answer["open"]["hours"] == pytest.approx(answer["open"]["length_nmi"] / 16.0)
    assert answer["closed"] == ["Taiwan Strait"]
    assert "east of Taiwan" in answer["via"]


def test_typed_coordinates_and_a_speed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["route", "31.2, 122.0", "1.2,103.9", "--speed-kn", "12.5", "--json"], capsys
    )
    assert code == 0, err
    answer = json.loads(out)
    assert answer["from"]["layer"] is None
    assert answer["speed_kn"] == 12.5
    assert answer["speed_basis"] == "the speed given"
    assert answer["closed_route"] is None
    assert answer["extra_km"] is None
    assert answer["open"]["days"] == pytest.approx(answer["open"]["length_nmi"] / 12.5 / 24)


def test_vessel_kinds_set_the_speed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["route", "Busan", "Manila", "--vessel", "tanker", "--json"], capsys)
    assert code == 0
    answer = json.loads(out)
    assert answer["speed_kn"] == 13.0
    assert answer["speed_basis"].startswith("tanker default, 13 kn")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["route", "Atlantis", "Singapore"], 1, "unknown place 'Atlantis'"),
        (["route", "Lumut", "Singapore"], 1, "ambiguous place 'Lumut'"),
        (["route", "Shanghai", "Singapore", "--speed-kn", "0"], 2, "--speed-kn: expected knots"),
        (
            ["route", "Shanghai", "Singapore", "--close-exercise", "Strait Thunder 2031"],
            2,
            "exercise 'Strait Thunder 2031': expected the name of one exercise",
        ),
        (["route", "Shanghai", "Singapore", "--close", "suez"], 2, "invalid choice: 'suez'"),
        (["closure"], 2, "expected something to close"),
        (["route", "Kaohsiung", "Busan", "--close", "strait"], 1, ""),
    ],
    ids=["unknown", "ambiguous", "speed", "exercise", "close-choice", "nothing-closed", "no-route"],
)
def test_exit_codes(
    argv: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, err = run(argv, capsys)
    assert got == code
    assert message in out + err


def test_no_route_is_said_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["route", "Kaohsiung", "Busan", "--close", "strait"], capsys)
    assert code == 1
    assert "no route  every network edge at the origin enters Taiwan Strait, closed" in out


def test_out_writes_both_routes_as_geojson(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "route.geojson"
    code, out, _ = run(
        ["route", "Tokyo", "Hong Kong", "--close", "strait", "--json", "--out", str(out_file)],
        capsys,
    )
    assert code == 0
    answer = json.loads(out)
    collection = json.loads(out_file.read_text("utf-8"))
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds == ["open", "closed"]
    closed = collection["features"][1]["properties"]
    assert closed["length_km"] == answer["closed_route"]["length_km"]
    assert closed["closed"] == ["Taiwan Strait"]


def test_close_file_closes_its_polygons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    polygon = tmp_path / "box.geojson"
    polygon.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "a box over the strait"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [
                                [
                                    [119.0, 23.0],
                                    [120.6, 23.0],
                                    [120.6, 25.2],
                                    [119.0, 25.2],
                                    [119.0, 23.0],
                                ]
                            ],
                        },
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run(
        ["route", "Shanghai", "Hong Kong", "--close-file", str(polygon), "--json"], capsys
    )
    assert code == 0, err
    answer = json.loads(out)
    assert answer["closed"] == ["box.geojson"]
    assert answer["extra_km"] > 100


def test_closure_table_lists_the_twelve_named_routes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["closure", "--close", "strait", "--json"], capsys)
    assert code == 0, err
    table = json.loads(out)
    assert len(table["routes"]) == 12
    for row in table["routes"]:
        if row["closed_route"] is not None:
            assert row["closed_route"]["crosses_strait"] is False, row["name"]
            assert row["extra_km"] >= 0
        else:
            assert "Taiwan Strait, closed" in row["no_route"]
    code, text, _ = run(["closure", "--close", "strait"], capsys)
    assert code == 0
    assert "Shanghai – Singapore" in text
    assert "no route" in text
