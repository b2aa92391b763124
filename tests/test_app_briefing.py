"""The Briefing page under AppTest: every stop opens, its figures and the claims are the CLI's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from straitmap.briefings import load_briefings
from straitmap.cli import main

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
pytestmark = pytest.mark.app
BRIEFING = "hegseth-tokyo-2025"


def page(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("views/briefing.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_every_stop_opens_from_its_link_and_the_buttons_walk_them() -> None:
    briefing = load_briefings()[0][BRIEFING]
    at = page({"briefing": BRIEFING, "stop": "1"})
    for number, stop in enumerate(briefing.stops, start=1):
        assert at.query_params["stop"] == str(number)
        assert at.query_params["briefing"] == BRIEFING
        assert stop.title in [s.value for s in at.subheader]
        assert f"{number} / {len(briefing.stops)}" in "".join(m.value for m in at.markdown)
        assert not at.warning, [w.value for w in at.warning]  # every figure measured
        if number < len(briefing.stops):
            at.button(key=state.BRIEFING_NEXT_KEY).click()
            at.run()
            assert not at.exception, at.exception
    # A stop's own link reopens it in a new session.
    again = page({"briefing": BRIEFING, "stop": "5"})
    assert briefing.stops[4].title in [s.value for s in again.subheader]


def test_a_bad_link_is_noted_and_the_first_briefing_opens() -> None:
    at = page({"briefing": "no-such-briefing", "stop": "x"})
    notes = [w.value for w in at.warning]
    assert any("briefing 'no-such-briefing' ignored" in n for n in notes)
    assert any("stop='x' ignored: expected a stop number from 1" in n for n in notes)


def test_the_claims_on_the_page_are_the_clis(capsys: pytest.CaptureFixture[str]) -> None:
    at = page({"briefing": BRIEFING})
    capsys.readouterr()
    assert main(["briefing", "claims", BRIEFING, "--json"]) == 0
    claims = json.loads(capsys.readouterr().out)["claims"]
    assert len(claims) >= 5
    text = "\n".join(str(m.value) for m in at.markdown)
    shown = text.replace("\\", "")  # the page escapes Markdown in the data
    for claim in claims:
        assert f"“{claim['claim']}”" in shown
        assert claim["figure"] in shown
        assert f"**Verdict:** {claim['verdict']}" in shown
        if claim["measured"]:
            assert claim["measured"]["command"] in text
            assert claim["measured"]["text"] in shown
