"""The Map page in Traditional Chinese (AppTest): sidebar, vocabularies, charts' words, and a
switch back to English that keeps the filters, the layers and the language in the URL (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from straitmap.filters import FilterState
from tests.test_app import APP

pytestmark = pytest.mark.app


@pytest.fixture
def chinese_map() -> AppTest:
    """The Map page opened from a link with `?lang=zh-TW`, the southwest zone chosen."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "zh-TW"
    at.query_params["zone"] = "southwest"
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_sidebar_speaks_chinese(chinese_map: AppTest) -> None:
    at = chinese_map
    headers = [h.value for h in at.sidebar.header]
    assert "圖層" in headers, headers
    assert "篩選" in headers, headers
    assert at.toggle(key=state.PRESENT_KEY).label == "簡報模式"
    assert at.selectbox(key=state.DATE_PRESET_KEY).label == "日期"
    assert at.multiselect(key=state.ZONES_KEY).label == "區域"
    assert at.multiselect(key=state.CLASSES_KEY).label == "機種類別"
    assert at.radio(key=state.CROSSED_KEY).label == "逾越海峽中線"
    assert at.header[0].value == "臺灣海峽"
    assert [e.value for e in at.error] == []


def test_the_vocabularies_show_translated_values(chinese_map: AppTest) -> None:
    at = chinese_map
    # What the browser is sent: the options as shown (the values stay English).
    zones = at.multiselect(key=state.ZONES_KEY)
    assert zones.value == ["southwest"]
    assert "西南空域" in zones.options, zones.options
    assert "臺灣防空識別區外" in zones.options, zones.options
    assert "戰鬥機" in at.multiselect(key=state.CLASSES_KEY).options
    assert "殲-16機（戰鬥機）" in at.multiselect(key=state.TYPES_KEY).options
    assert at.radio(key=state.CROSSED_KEY).options == ["不限", "是", "否"]
    dates = at.selectbox(key=state.DATE_PRESET_KEY).options
    assert dates[0] == "所有日期", dates
    assert dates[-1] == "自訂範圍", dates


def test_the_page_below_the_map_speaks_chinese(chinese_map: AppTest) -> None:
    at = chinese_map
    metrics = [m.label for m in at.metric]
    assert metrics[:2] == ["進入活動點", "軍機（架次）"], metrics
    captions = " ".join(c.value for c in at.caption)
    assert "篩選：區域：西南空域。重現指令：`straitmap incursions --zone southwest`" in captions
    assert "有爭議的界線" in captions


def test_english_back_keeps_the_filters_the_layers_and_the_url(chinese_map: AppTest) -> None:
    at = chinese_map
    at.checkbox(key=state.layer_key("us_bases_japan")).check().run()
    at.multiselect(key=state.CLASSES_KEY).select("fighter").run()
    assert at.query_params[state.LANG_PARAM] == "zh-TW"
    keys = [state.CLASSES_KEY, state.ZONES_KEY, state.DATE_PRESET_KEY, state.CROSSED_KEY]
    layer_keys = [state.layer_key(i) for i in ("land", "pla_incursions", "us_bases_japan")]
    before = {k: at.session_state[k] for k in [*keys, *layer_keys]}
    filters_before = at.session_state[state.LAST_FILTERS_KEY]

    at.segmented_control(key=state.LANG_KEY).set_value("en").run()

    assert not at.exception, at.exception
    assert {k: at.session_state[k] for k in before} == before
    assert at.session_state[state.LAST_FILTERS_KEY] == filters_before
    assert filters_before == FilterState(
        aircraft_classes=frozenset({"fighter"}), zones=frozenset({"southwest"})
    )
    assert state.LANG_PARAM not in at.query_params  # English is the default, left out
    assert at.query_params["zone"] == "southwest"
    assert at.multiselect(key=state.ZONES_KEY).label == "Zone"
    assert at.header[0].value == "The Taiwan Strait"


def test_a_chinese_description_of_the_filters() -> None:
    chosen = FilterState(
        date_from=dt.date(2022, 8, 4),
        date_to=dt.date(2022, 8, 10),
        aircraft_classes=frozenset({"fighter"}),
        crossed_median="yes",
    )
    words = chosen.describe(lang="zh-TW")
    assert words.startswith("2022年8月4日"), words  # the date phrase is shared with Briefing
    assert words.endswith("2022年8月10日；機種類別：戰鬥機；逾越海峽中線：是"), words
    assert chosen.describe() == (
        "dates 2022-08-04 to 2022-08-10; class fighter; crossed the median line: yes"
    )


def test_presentation_mode_keeps_chinese_in_and_out() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "zh-TW"
    at.query_params["present"] = "1"
    at.run()
    at.run()  # the second run draws the language toggle in the bar, not the sidebar
    assert not at.exception, at.exception
    assert "## 臺灣海峽" in [m.value for m in at.markdown]
    assert at.button(key=state.LEAVE_PRESENT_KEY).label == "離開"
    at.button(key=state.LEAVE_PRESENT_KEY).click().run()
    assert not at.exception, at.exception
    assert at.session_state[state.LANG_KEY] == "zh-TW"
    assert at.header[0].value == "臺灣海峽"
