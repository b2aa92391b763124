"""Briefing files: the schema's messages, measurements equal to the CLI, the deck export."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from straitmap import load_layer, load_table
from straitmap.briefing_deck import HIGHLIGHT_LAYER, stop_layers, text_html
from straitmap.briefing_figures import evaluate, evaluate_all
from straitmap.briefings import (
    BRIEFINGS_DIR,
    Briefing,
    BriefingError,
    language_note,
    load_briefing,
    load_briefings,
    localized,
    missing_translations,
)
from straitmap.catalog import load_catalog
from straitmap.cli import main

SMALL = Path(__file__).resolve().parent / "data" / "briefings" / "small.toml"


@pytest.fixture(scope="module")
def frames() -> dict[str, object]:
    catalog = load_catalog()
    return {i: load_layer(i) for i, spec in catalog.layers.items() if not spec.is_table}


@pytest.fixture(scope="module")
def tables() -> dict[str, object]:
    return {"pla_daily_counts": load_table("pla_daily_counts")}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_small_briefing_loads_whole() -> None:
    briefing = load_briefing(SMALL)
    assert briefing.id == "small-test"
    assert [s.id for s in briefing.stops] == ["strait", "activity"]
    assert briefing.stops[0].view.center == (24.0, 119.8)
    assert briefing.stops[1].view.bounds == ((21.0, 117.0), (27.0, 124.0))
    assert briefing.stops[1].filters == {"from": "2022-08-04", "to": "2022-08-10"}
    assert len(briefing.measurements) == 8
    assert briefing.claims[0].measurement == "mean-width"
    assert briefing.source.date is not None
    assert briefing.source.date.isoformat() == "2026-12-02"


#: (what to change in small.toml, what the message must say)
BROKEN = [
    (
        ('title = "The strait"', 'titel = "The strait"'),
        "small.toml: stop 1 (strait), titel: unknown field",
    ),
    (
        ('layers = ["land", "strait", "median_line", "places"]', 'layers = ["land", "straits"]'),
        "stop 1 (strait), layers: unknown layer 'straits'; expected ids of geodata/catalog.toml",
    ),
    (
        ("zoom = 7 }", "zoom = 70 }"),
        "stop 1 (strait), view, zoom: expected a number from 2 to 14, found 70",
    ),
    (
        ("center = [24.0, 119.8]", "center = [119.8, 24.0]"),
        "stop 1 (strait), view, center: expected a number from -90 to 90, found 119.8",
    ),
    (
        ('kind = "distance"', 'kind = "distnace"'),
        "stop 1 (strait), measurements 1, kind: expected one of distance, path, strait_width",
    ),
    (
        ('  from = "Kinmen"\n', ""),
        "stop 1 (strait), measurements 1, from: missing; a distance measurement needs from, to",
    ),
    (
        ('statistic = "narrowest"', 'statistic = "widest"'),
        "measurements 2, statistic: expected one of narrowest, narrowest_mainland, mean, "
        "found 'widest'",
    ),
    (
        ('filters = { class = "fighter" }', 'filters = { class = "fighters" }'),
        "stop 2 (activity), measurements 2, filters: `class` ignored unknown values: fighters",
    ),
    (
        (
            'filters = { from = "2022-08-04", to = "2022-08-10" }\n\n'
            '  [[stops.measurements]]\n  id = "aug-aircraft"',
            'filters = { from = "2022-08-44" }\n\n  [[stops.measurements]]\n  id = "aug-aircraft"',
        ),
        "stop 2 (activity), filters: ",
    ),
    (
        ('verdict = "depends on definition"', 'verdict = "false"'),
        "claim 1, verdict: expected one of consistent, overstated, understated, "
        "depends on definition",
    ),
    (
        ('measurement = "mean-width"', 'measurement = "mean-widht"'),
        "claim 1, measurement: expected the id of a measurement in this file",
    ),
    (('id = "fighters"', 'id = "narrowest"'), "measurement 6, id: 'narrowest' is used twice"),
    (
        ('url = "https://example.org/source"', 'url = "javascript:alert(1)"'),
        "stop 1 (strait), sources 1, url: expected an http(s) address, found 'javascript:alert(1)'",
    ),
    (('id = "small-test"', 'id = "Small Test"'), "briefing, id: expected lower-case letters"),
    (
        (
            "accessed = 2026-12-02\n\n  [[stops.measurements]]",
            'accessed = "yesterday"\n\n  [[stops.measurements]]',
        ),
        "stop 1 (strait), sources 1, accessed: expected a TOML date such as 2026-12-02",
    ),
    (("[briefing.source]", "[briefing.sauce]"), "briefing, sauce: unknown field"),
    (('[[stops]]\nid = "strait"', '[[stops]]\nid = "strait"\n[oops'), "small.toml: not valid TOML"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN, ids=[m[:48] for _, m in BROKEN])
def test_a_broken_briefing_says_where_and_what(
    change: tuple[str, str], message: str, tmp_path: Path
) -> None:
    old, new = change
    text = SMALL.read_text("utf-8")
    assert old in text, f"the change does not apply: {old!r}"
    path = tmp_path / "small.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(BriefingError) as error:
        load_briefing(path)
    assert message in str(error.value)


def test_an_oversized_or_binary_upload_is_refused_before_parsing() -> None:
    with pytest.raises(BriefingError, match=r"mine\.toml: expected at most 256 KiB"):
        load_briefing(b"#" * (300 * 1024), name="mine.toml")
    with pytest.raises(BriefingError, match=r"mine\.toml: expected UTF-8 text"):
        load_briefing(b"\xff\xfe[briefing]", name="mine.toml")


def test_a_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(SMALL.read_text("utf-8"), "utf-8")
    (tmp_path / "bad.toml").write_text("[briefing]\nid = 3\n", "utf-8")
    found, errors = load_briefings(tmp_path)
    assert list(found) == ["small-test"]
    assert list(errors) == ["bad.toml"]
    assert errors["bad.toml"].startswith("bad.toml: ")


def test_the_bundled_briefings_all_load() -> None:
    found, errors = load_briefings()
    assert errors == {}
    assert found, f"expected briefings in {BRIEFINGS_DIR}"
    for briefing in found.values():
        assert briefing.bundled


def _briefings() -> list[Briefing]:
    found, _ = load_briefings()
    return [load_briefing(SMALL), *found.values()]


@pytest.mark.parametrize("briefing", _briefings(), ids=lambda b: b.id)
def test_every_measurement_evaluates_and_equals_the_cli(
    briefing: Briefing,
    frames: dict[str, object],
    tables: dict[str, object],
    capsys: pytest.CaptureFixture[str],
) -> None:
    figures = evaluate_all(briefing, frames, tables)
    assert set(figures) == set(briefing.measurements)
    for figure in figures.values():
        assert figure.error is None, f"{figure.measurement}: {figure.error}"
        argv = ["briefing", "measure", briefing.id, figure.measurement, "--json"]
        if not briefing.bundled:
            argv[2:2] = ["--file", str(briefing.path)]
        code, out, err = run(argv, capsys)
        assert code == 0, err
        assert json.loads(out) == json.loads(json.dumps(figure.to_json()))
        # The figure's own command reproduces it with the domain command where there is one.
        words = shlex.split(figure.command)
        code, out, err = run(words[1:], capsys)
        assert code == 0, (figure.command, err)
        answer = json.loads(out)
        kind = briefing.measurements[figure.measurement].kind
        if kind == "distance":
            assert answer["km"] == figure.value
        elif kind == "strait_width":
            statistic = briefing.measurements[figure.measurement].params["statistic"]
            expected = answer["mean_width_km"] if statistic == "mean" else answer[statistic]["km"]
            assert expected == figure.value
        elif kind == "count" and words[1] == "incursions":
            key = "aircraft" if figure.unit == "aircraft" else "count"
            assert answer[key] == figure.value, answer.keys()
        elif kind == "route":
            route = answer["closed_route"] or answer["open"]
            assert route["length_km"] == figure.value


def test_a_missing_layer_is_a_figure_error_not_a_crash(tables: dict[str, object]) -> None:
    briefing = load_briefing(SMALL)
    figures = evaluate_all(briefing, {}, tables)
    assert figures["narrowest"].error == "layer 'land' is not loaded"
    assert figures["narrowest"].value is None
    assert figures["days-2026"].error is None


def test_stop_layers_filter_and_highlight(frames: dict[str, object]) -> None:
    briefing = load_briefing(SMALL)
    first = stop_layers(briefing.stops[0], frames)
    assert list(first)[:4] == ["land", "strait", "median_line", "places"]
    assert sorted(first[HIGHLIGHT_LAYER]["id"]) == ["place-kinmen", "place-xiamen"]
    second = stop_layers(briefing.stops[1], frames)
    dates = set(second["pla_incursions"]["date"])
    assert dates
    assert all("2022-08-04" <= d <= "2022-08-10" for d in dates)
    assert HIGHLIGHT_LAYER not in second


def test_stop_text_is_safe_html() -> None:
    html = text_html(load_briefing(SMALL).stops[0].text)
    assert "<strong>strait</strong>" in html
    assert '<a href="https://example.org/shores">two shores</a>' in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "<b>" not in html
    assert html.count("<p>") == 2
    assert "javascript:" not in text_html("[x](javascript:alert(1))").replace("[x](javascript", "")


def test_the_deck_holds_every_stop_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.html"
    code, _text, err = run(
        ["briefing", "export", "--file", str(SMALL), "small-test", "--out", str(out)], capsys
    )
    assert code == 0, err
    page = out.read_text("utf-8")
    assert page.count('<section id="stop-') == 2
    assert "1 / 2" in page
    assert "2 / 2" in page
    assert "Claims, measured" in page
    assert "a 180-kilometer-wide waterway" in page
    assert "straitmap strait --json" in page
    for remote in ("https://cdn", "https://unpkg", "https://cdnjs", '<script src="http'):
        assert remote not in page


# Traditional Chinese beside the English (issue 14) ---------------------------------------

#: Chinese fields added to small.toml: (after this English line, the lines to insert).
ZH_LINES = [
    ('title = "A small test briefing"', 'title_zh = "小型測試簡報"'),
    ('title = "The strait"', 'title_zh = "海峽"\ntext_zh = """**海峽**位於\n兩岸之間。"""'),
    ('label = "Kinmen to Xiamen"', 'label_zh = "金門至廈門"'),
    ('claim = "a 180-kilometer-wide waterway"', 'claim_zh = "一條寬180公里的水道"'),
    ('finding = "The mean width along the axis is close to it."', 'finding_zh = "接近平均寬度。"'),
]


def _with_chinese(tmp_path: Path, extra: list[tuple[str, str]] = ZH_LINES) -> Path:
    text = SMALL.read_text("utf-8")
    for after, lines in extra:
        assert after in text, f"the change does not apply: {after!r}"
        text = text.replace(after, f"{after}\n{lines}", 1)
    path = tmp_path / "small.toml"
    path.write_text(text, "utf-8")
    return path


def test_the_bundled_briefing_has_chinese_for_every_text() -> None:
    briefing = load_briefings()[0]["hegseth-tokyo-2025"]
    assert missing_translations(briefing, "zh-TW", sources=True) == ()
    assert language_note(briefing, "zh-TW") is None
    chinese = localized(briefing, "zh-TW")
    assert chinese.title == briefing.title_zh
    for stop, original in zip(chinese.stops, briefing.stops, strict=True):
        assert stop.title == original.title_zh
        assert stop.text == original.text_zh
        assert all(m.label == m.label_zh for m in stop.measurements)
    for claim, original in zip(chinese.claims, briefing.claims, strict=True):
        assert claim.claim == original.claim  # the quotation stays as quoted
        assert claim.claim_zh
        assert claim.figure_zh
        assert claim.finding_zh
        assert claim.finding == original.finding_zh
    assert localized(briefing, "en") is briefing
    assert chinese.source.title == briefing.source.title_zh
    assert chinese.source.publisher == "路透社，經 The Japan News（讀賣新聞）轉載"
    texts = [briefing.title_zh, *(s.text_zh for s in briefing.stops)]
    assert not any("台灣" in (t or "") for t in texts)  # 臺, as the terms list writes it


#: (Chinese line to add after an English one, the field the message must name)
BAD_ZH = [
    (('title = "The strait"', "title_zh = 3"), "stop 1 (strait), title_zh: expected non-empty"),
    (('title = "The strait"', 'text_zh = "  "'), "stop 1 (strait), text_zh: expected non-empty"),
    (
        ('label = "Kinmen to Xiamen"', "label_zh = []"),
        "stop 1 (strait), measurements 1, label_zh: expected non-empty text, found a list",
    ),
    (
        ('claim = "a 180-kilometer-wide waterway"', "claim_zh = true"),
        "claim 1, claim_zh: expected non-empty text, found a boolean",
    ),
    (('title = "A source"', "title_zh = 1.5"), "stop 1 (strait), sources 1, title_zh"),
    (('title = "A small test briefing"', "summary_zh = 0"), "briefing, summary_zh"),
    (('title = "A source"', "publisher_zh = {}"), "stop 1 (strait), sources 1, publisher_zh"),
    (('title = "The strait"', 'text_ja = "x"'), "stop 1 (strait), text_ja: unknown field"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ZH, ids=[m[:40] for _, m in BAD_ZH])
def test_an_ill_typed_chinese_field_says_where(
    change: tuple[str, str], message: str, tmp_path: Path
) -> None:
    with pytest.raises(BriefingError) as error:
        load_briefing(_with_chinese(tmp_path, [change]))
    assert message in str(error.value)
    assert str(error.value).startswith("small.toml: ")


def test_a_briefing_without_chinese_falls_back_to_english_and_says_so(tmp_path: Path) -> None:
    english = load_briefing(SMALL)
    assert localized(english, "zh-TW") == english
    assert language_note(english, "en") is None
    assert language_note(english, "zh-TW") == (
        "This briefing has no Chinese text: it is shown in English."
    )
    partly = load_briefing(_with_chinese(tmp_path))
    assert "stop 2 (activity), title_zh" in missing_translations(partly, "zh-TW")
    assert "stop 1 (strait), title_zh" not in missing_translations(partly, "zh-TW")
    assert language_note(partly, "zh-TW") == (
        "Parts of this briefing have no Chinese text and are shown in English."
    )
    chinese = localized(partly, "zh-TW")
    assert chinese.title == "小型測試簡報"
    assert chinese.summary == partly.summary  # no summary_zh: the English
    assert [s.title for s in chinese.stops] == ["海峽", "Activity"]
    assert chinese.claims[0].claim == "a 180-kilometer-wide waterway"
    assert chinese.claims[0].figure == "180 km"
    assert chinese.claims[0].finding == "接近平均寬度。"


def test_figures_in_chinese_use_kilometres_and_nautical_miles(
    frames: dict[str, object], tables: dict[str, object], tmp_path: Path
) -> None:
    briefing = load_briefing(_with_chinese(tmp_path))
    measurement = briefing.measurements["kinmen-xiamen"]
    english = evaluate(briefing, measurement, frames, tables)
    chinese = evaluate(briefing, measurement, frames, tables, "zh-TW")
    assert english.label == "Kinmen to Xiamen"
    assert english.text.startswith("26.0 km (14.0 nmi), Kinmen")
    assert chinese.label == "金門至廈門"
    assert chinese.text == "26.0 公里（14.0 浬），金門至廈門"
    assert (chinese.value, chinese.unit, chinese.command) == (
        english.value,
        english.unit,
        english.command,
    )
    everything = evaluate_all(briefing, frames, tables, "zh-TW")
    assert "公里（" in everything["narrowest"].text
    assert everything["mean-width"].text.startswith("沿海峽軸線的平均寬度 ")
    assert everything["days-2026"].text.startswith("通報的 ")
    assert " km" not in "".join(f.text for f in everything.values())
    missing = evaluate_all(briefing, {}, tables, "zh-TW")["narrowest"]
    assert missing.text == "未能量測：圖層 'land' 未載入"


def test_chinese_lines_join_without_spaces_english_with() -> None:
    assert text_html("**海峽**位於\n兩岸之間。") == "<p><strong>海峽</strong>位於兩岸之間。</p>"
    assert text_html("a\nb") == "<p>a b</p>"
    assert text_html("- 第一項\n  續行\n- two\n  lines") == (
        "<ul><li>第一項續行</li><li>two lines</li></ul>"
    )


def test_the_deck_in_chinese_keeps_the_quote_beside_its_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.html"
    argv = ["briefing", "export", "--file", str(_with_chinese(tmp_path)), "small-test"]
    code, _text, err = run(["--lang", "zh-TW", *argv, "--out", str(out)], capsys)
    assert code == 0, err
    page = out.read_text("utf-8")
    assert '<html lang="zh-Hant-TW">' in page
    assert "<h2>海峽</h2>" in page
    assert "<strong>海峽</strong>位於兩岸之間。" in page
    assert "說法與實測" in page
    assert "“a 180-kilometer-wide waterway”<br>（譯文）一條寬180公里的水道" in page
    assert "本簡報部分內容沒有中文版本，以英文原文顯示。" in page
    assert "26.0 公里（14.0 浬）" in page
    assert "Claims, measured" not in page
    # The deck's own text carries the glyphs it uses, as each stop's map does.
    from straitmap.cjk_font import CJK_FONT_FAMILY, cjk_characters, find_cjk_font

    head = page[: page.index("<body>")]
    assert f'font-family: "{CJK_FONT_FAMILY}"' in head
    if find_cjk_font() is not None:  # a machine with a zh-TW font (make setup installs one)
        assert "@font-face" in head
        body = page[page.index("<body>") :]
        deck_text = re.sub(r'data-srcdoc="[^"]*"', "", body)
        assert set(cjk_characters(deck_text)) <= set(_embedded_characters(head))


def test_the_cli_speaks_chinese_but_its_json_stays_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = ["hegseth-tokyo-2025", "kinmen-xiamen"]
    code, out, _err = run(["--lang", "zh-TW", "briefing", "measure", *name], capsys)
    assert code == 0
    assert out.startswith("金門至廈門：26.0 公里（14.0 浬），金門")
    assert "重現：straitmap distance Kinmen Xiamen --json" in out
    code, json_zh, _err = run(["--lang", "zh-TW", "briefing", "measure", *name, "--json"], capsys)
    code, json_en, _err = run(["briefing", "measure", *name, "--json"], capsys)
    assert json_zh == json_en
    assert json.loads(json_en)["label"] == "Kinmen to Xiamen"
    code, out, _err = run(["--lang", "zh-TW", "briefing", "claims", "hegseth-tokyo-2025"], capsys)
    assert code == 0
    assert "「a 180-kilometer-wide waterway」（180公里）：視定義而定" in out
    assert "（譯文）一條寬180公里的水道" in out


def _embedded_characters(head: str) -> str:
    """The characters the deck's own @font-face maps (its base64 font read with fontTools)."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", head)
    assert encoded is not None, "expected an embedded font"
    font = TTFont(io.BytesIO(base64.b64decode(encoded.group(1))))
    return "".join(chr(code) for code in font.getBestCmap())
