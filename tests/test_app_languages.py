"""Every page runs in English and in Traditional Chinese (AppTest), and the language follows
`?lang=`, the toggle and the browser, and stays in the URL (issue 14)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from tests.test_app import APP

pytestmark = pytest.mark.app

PAGES = (
    "views/map.py",
    "views/measure.py",
    "views/routes.py",
    "views/briefing.py",
    "views/data.py",
    "views/about.py",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _opened(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(page: str, lang: str) -> None:
    at = _opened(page, lang)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert at.session_state[state.LANG_KEY] == lang
    headings = [t.value for t in at.title] + [h.value for h in [*at.header, *at.subheader]]
    assert headings, "expected the page to have a title"
    if lang == "zh-TW":
        assert all(CJK.search(h) for h in headings), headings
    else:
        assert not any(CJK.search(h) for h in headings if "(" not in h), headings


def test_the_url_keeps_the_language_and_english_is_left_out() -> None:
    at = _opened(PAGES[0], "zh-TW")
    assert at.query_params[state.LANG_PARAM] == "zh-TW"
    at.segmented_control(key=state.LANG_KEY).set_value("en").run()
    assert not at.exception, at.exception
    assert state.LANG_PARAM not in at.query_params
    assert not CJK.search(at.header[0].value)


def test_switching_the_language_keeps_the_filters_and_the_layers() -> None:
    at = _opened(PAGES[0], "en")
    at.multiselect(key=state.ZONES_KEY).set_value(["southwest"]).run()
    at.checkbox(key=state.layer_key("pla_tracks")).check().run()
    before = dict(at.query_params)
    at.segmented_control(key=state.LANG_KEY).set_value("zh-TW").run()
    assert not at.exception, at.exception
    assert at.multiselect(key=state.ZONES_KEY).value == ["southwest"]
    assert at.checkbox(key=state.layer_key("pla_tracks")).value is True
    after = dict(at.query_params)
    assert after.pop(state.LANG_PARAM) == "zh-TW"
    assert after == before
