"""The Routes page under AppTest: its figures are `straitmap route --json`'s, links reproduce it."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from straitmap.cli import main

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
pytestmark = pytest.mark.app


def routes_page(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("views/routes.py")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def cli_answer(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(argv) in (0, 1)
    answer: dict[str, object] = json.loads(capsys.readouterr().out)
    return answer


def card_text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


@pytest.mark.parametrize(
    "params",
    [
        {"from": "Shanghai", "to": "Singapore", "close": "strait"},
        {"from": "Busan", "to": "Manila", "vessel": "bulk", "exercise": "Justice Mission 2025"},
        {"from": "31.0, 123.0", "to": "Ho Chi Minh City", "speed": "11.5"},
    ],
    ids=["strait-closed", "exercise-closed-bulk", "typed-coordinates-speed"],
)
def test_the_card_shows_the_clis_figures(
    params: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    at = routes_page(params)
    command = at.code[0].value
    words = shlex.split(command)
    assert words[:2] == ["straitmap", "route"]
    answer = cli_answer(words[1:], capsys)
    text = card_text(at)
    open_route = answer["open"]
    assert isinstance(open_route, dict)
    assert f"**{open_route['length_km']:,.1f} km** ({open_route['length_nmi']:,.1f} nmi" in text
    assert f"**{open_route['hours']:,.1f} h**" in text
    closed = answer["closed_route"]
    if answer["closed"]:
        assert isinstance(closed, dict)
        assert f"**{closed['length_km']:,.1f} km**" in text
        assert f"**Detour: +{answer['extra_km']:,.1f} km**" in text
    else:
        assert closed is None
        assert "Nothing closed: choose what to close in the sidebar." in text


def test_the_url_carries_the_whole_question() -> None:
    params = {"from": "Kaohsiung", "to": "Busan", "vessel": "tanker", "close": "strait"}
    at = routes_page(params)
    assert {k: at.query_params[k] for k in params} == params
    assert "every network edge at the origin enters Taiwan Strait, closed" in card_text(at)


def test_a_bad_link_value_is_ignored_with_a_note() -> None:
    at = routes_page({"from": "Shanghai", "to": "Singapore", "vessel": "yacht"})
    assert any("vessel='yacht' ignored" in w.value for w in at.warning)


def test_the_matrix_lists_the_named_routes() -> None:
    at = routes_page({"from": "Shanghai", "to": "Singapore"})
    table = at.dataframe[0].value
    assert len(table) == 12
    assert {"Route", "Open km", "Strait closed: extra km"} <= set(table.columns)
