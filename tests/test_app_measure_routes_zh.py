"""The Measure and Routes pages in Traditional Chinese under AppTest: labels, distances in
公里 and 浬, places by their name_zh, while widget values and commands stay English."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
pytestmark = pytest.mark.app


def zh_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["lang"] = "zh-TW"
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def shown_text(at: AppTest) -> str:
    parts = [
        str(e.value)
        for kind in ("header", "subheader", "markdown", "caption")
        for e in getattr(at, kind)
    ]
    return "\n".join(parts)


def test_measure_page_reads_in_chinese() -> None:
    at = zh_page("views/measure.py")
    text = shown_text(at)
    assert "量測" in text
    assert "兩地之間的距離" in text
    assert "距離圈" in text
    assert {m.label for m in at.metric} >= {"公里", "浬", "英里"}
    start = at.selectbox[0]
    assert start.label == "起點"
    assert start.value == "Kadena Air Base", "the widget's value stays the English name"
    assert "臺北" in start.options
    assert "Taipei" not in start.options
    caption = next(c.value for c in at.caption if "→" in c.value)
    assert "臺北" in caption, "the place is named by its name_zh"
    assert "straitmap distance 'Kadena Air Base' Taipei --json" in caption, (
        "the command stays English"
    )
    assert "Reproduce" not in caption
    assert "final bearing" not in caption


def test_measure_path_length_in_kilometres_and_nautical_miles() -> None:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["lang"] = "zh-TW"
    at.session_state["path_points"] = [(121.5654, 25.0330), (118.0894, 24.4798)]
    at.switch_page("views/measure.py")
    at.run()
    assert not at.exception, at.exception
    line = next(m.value for m in at.markdown if m.value.startswith("**路徑"))
    assert "公里（" in line, line
    assert "浬" in line, line
    assert " km" not in line, line
    legs = next(d.value for d in at.dataframe if "航段" in d.value.columns)
    assert "方位角（°，真北）" in legs.columns


def test_measure_tables_show_chinese_headers_and_names() -> None:
    at = zh_page("views/measure.py")
    columns = [list(map(str, d.value.columns)) for d in at.dataframe]
    incursions = next(c for c in columns if "機型" in c)
    assert "距臺灣海岸（公里）" in incursions
    assert "to_taiwan_coast_km" not in incursions
    assert any(c == ["臺北", "高雄", "廈門"] for c in columns), columns
    lanes = next(d.value for d in at.dataframe if "起點港口" in d.value.columns)
    assert "釜山 – 香港" in set(lanes.iloc[:, 0])


def test_routes_page_reads_in_chinese() -> None:
    at = zh_page("views/routes.py", {"from": "Shanghai", "to": "Singapore", "close": "strait"})
    text = shown_text(at)
    assert "海上航線" in text
    assert "封鎖臺灣海峽時" in text
    assert "**上海 → 新加坡**" in text, "the ends are named by their name_zh"
    assert "公里**（" in text
    assert "浬" in text
    assert "小時" in text
    assert "**繞行：+" in text
    assert "呂宋海峽" in text
    assert "Detour" not in text
    assert "Nothing closed" not in text
    vessel = at.sidebar.selectbox[2]
    assert vessel.label == "船型"
    assert vessel.value == "container"
    assert vessel.options[0] == "貨櫃船（16 節）"
    code = [c.value for c in at.code]
    assert "straitmap route Shanghai Singapore --close strait --json" in code


def test_routes_no_route_reason_in_chinese() -> None:
    at = zh_page("views/routes.py", {"from": "Xiamen", "to": "Busan", "close": "strait"})
    text = shown_text(at)
    assert "**無航線**：起點位於已封鎖的臺灣海峽內" in text, text


def test_routes_link_notes_in_chinese() -> None:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["lang"] = "zh-TW"
    at.query_params["vessel"] = "yacht"
    at.switch_page("views/routes.py")
    at.run()
    assert not at.exception, at.exception
    assert any(w.value.startswith("連結：已忽略 vessel='yacht'") for w in at.warning)


def test_rings_drawn_in_chinese_are_exported_in_english() -> None:
    from dashboard import measuring
    from straitmap import load_layer

    layers = measuring.MeasureLayers({i: load_layer(i) for i in ("places", "us_bases_japan")})
    names_zh = measuring.chinese_names(layers.frames)
    result = measuring.rings_around("Taipei", "500", "km", layers, "zh-TW", names_zh)
    assert "臺北" in result.rings["name"].iloc[0]
    assert result.exported["name"].tolist() == ["500 km from Taipei"]
