"""The Briefing page in Traditional Chinese under AppTest: the file's Chinese texts, Chinese
figures, each quoted claim beside its marked translation (issue 14)."""

from __future__ import annotations

import pytest

from dashboard import state
from straitmap.briefings import load_briefings
from tests.test_app_briefing import BRIEFING, page

pytestmark = pytest.mark.app


def test_the_briefing_page_in_chinese() -> None:
    briefing = load_briefings()[0][BRIEFING]
    at = page({"briefing": BRIEFING, "stop": "8", "lang": "zh-TW"})
    last = briefing.stops[7]
    assert last.title_zh is not None
    subheaders = [s.value for s in at.subheader]
    assert last.title_zh in subheaders
    assert last.title not in subheaders
    assert "說法與實測" in subheaders
    assert at.button(key=state.BRIEFING_PREVIOUS_KEY).label == "上一站"
    assert at.button(key=state.BRIEFING_NEXT_KEY).label == "下一站"
    assert not at.info, [i.value for i in at.info]  # fully translated: no fallback note
    assert not at.warning, [w.value for w in at.warning]
    text = "\n".join(str(m.value) for m in at.markdown).replace("\\", "")
    assert "嘉手納" in text
    assert "公里（" in text
    assert "浬）" in text
    assert "**判定**：相符" in text
    assert "沿海峽軸線的平均寬度則為187.6公里" in text  # wrapped lines joined with no space
    for claim in briefing.claims:
        assert (
            f"“{claim.claim}”  \n（譯文）{claim.claim_zh}" in text
        )  # the quote, then its translation
    assert at.sidebar.selectbox[0].label == "簡報"
    assert briefing.title_zh in [o for o in at.sidebar.selectbox[0].options]
    # The stop's link keeps the language; English links stay as they were.
    assert at.query_params["stop"] == "8"
