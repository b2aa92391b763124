"""`straitmap --lang zh-TW`, $STRAITMAP_LANG: human output in Traditional Chinese, same JSON."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from straitmap.cli import LANG_ENV, _print_table, chosen_lang, main

#: English words Chinese output may keep: a layer id (as --layer takes it) and the datum.
ALLOWED_ENGLISH = {"places", "WGS84"}


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LANG_ENV, raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", text))


@pytest.fixture(scope="module")
def strait_zh() -> str:
    """`straitmap strait --lang zh-TW`'s output (computed once: the profile takes a while)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["strait", "--step-km", "50", "--lang", "zh-TW"]) == 0
    return out.getvalue()


def test_distance_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--lang", "zh-TW", "distance", "Taipei", "Xiamen"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["起點", "終點", "距離", "方位角"]
    assert lines[0].startswith("起點    臺北（圖層 places）  25.")
    assert lines[1].startswith("終點    廈門（圖層 places）  24.")
    for word in ("公里（", "浬，", "英里）", "大地線", "真北", "出發時", "抵達時"):
        assert word in out
    assert english_words(out) <= ALLOWED_ENGLISH


def test_distance_figures_are_the_english_ones(capsys: pytest.CaptureFixture[str]) -> None:
    _, english, _ = run(["distance", "Taipei", "Xiamen"], capsys)
    _, chinese, _ = run(["distance", "Taipei", "Xiamen", "--lang", "zh-TW"], capsys)
    number = r"\d[\d,]*\.\d+"
    assert re.findall(number, chinese) == re.findall(number, english)


def test_a_place_with_a_chinese_name_is_named_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["distance", "Basco", "25.03,121.56", "--lang", "zh-TW"], capsys)
    assert code == 0
    assert "起點    巴士古（巴丹群島）（圖層 places）" in out


def test_a_place_without_a_chinese_name_keeps_its_english_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["distance", "Xiang Cape", "25.03,121.56", "--lang", "zh-TW"], capsys)
    assert code == 0
    assert "起點    Xiang Cape (northern tip of Haitan Island)（圖層 places）" in out
    assert "終點    25.03,121.56  25.030000, 121.560000" in out


def test_strait_in_chinese(strait_zh: str) -> None:
    for word in (
        "最窄處（臺灣至對岸，含沿岸島嶼）：",
        "最窄處（僅計中國大陸海岸）：",
        "（臺灣）至",
        "公里（",
        "浬）",
        "剖面平均寬度：",
        "寬度剖面（沿海峽軸線每 50 公里一站，由北而南）：",
        "沿軸距離（公里）",
        "緯度",
        "經度",
        "寬度（公里）",
    ):
        assert word in strait_zh
    assert english_words(strait_zh) == set()


def test_strait_table_columns_line_up_in_terminal_columns(strait_zh: str) -> None:
    from straitmap.cli import _display_width

    lines = strait_zh.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("沿軸距離"))
    dashes = lines[header + 1]
    first_row = lines[header + 2]
    # Each column starts where its dashes start: the CJK header takes two columns a character.
    starts = [m.start() for m in re.finditer(r"-+", dashes)]
    assert [m.start() for m in re.finditer(r"\S+", first_row)] == starts
    header_starts = [
        _display_width(lines[header][: m.start()]) for m in re.finditer(r"\S+", lines[header])
    ]
    assert header_starts == starts


def test_print_table_pads_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    _print_table(["名稱", "n"], [["臺北", "1"], ["Taipei", "22"]])
    assert capsys.readouterr().out.splitlines() == [
        "名稱    n",
        "------  --",
        "臺北    1",
        "Taipei  22",
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["distance", "Taipei", "Xiamen", "--json"],
        ["distance", "25.03,121.56", "Kinmen", "--json"],
        ["nearest", "Taipei", "--layer", "us_bases_japan", "--json"],
    ],
    ids=["distance", "distance-coordinates", "nearest"],
)
def test_json_is_the_same_in_every_language(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, english, _ = run(argv, capsys)
    _, flagged, _ = run([*argv, "--lang", "zh-TW"], capsys)
    monkeypatch.setenv(LANG_ENV, "zh-TW")
    _, from_environment, _ = run(argv, capsys)
    assert flagged == english
    assert from_environment == english
    assert not re.search(r"[\u4e00-\u9fff]", english.replace("臺北", "").replace("廈門", ""))


def test_strait_json_is_the_same_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    _, english, _ = run(["strait", "--step-km", "100", "--json"], capsys)
    _, chinese, _ = run(["strait", "--step-km", "100", "--json", "--lang", "zh-TW"], capsys)
    assert chinese == english


def test_the_environment_chooses_the_language_and_lang_overrides_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LANG_ENV, "zh_TW.UTF-8")
    _, out, _ = run(["distance", "Taipei", "Xiamen"], capsys)
    assert out.startswith("起點")
    _, out, _ = run(["distance", "Taipei", "Xiamen", "--lang=en"], capsys)
    assert out.startswith("from      Taipei (places)")


def test_english_stays_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, err = run(["distance", "Taipei", "Xiamen"], capsys)
    assert out.startswith("from      Taipei (places)")
    assert "bearing   " in out
    assert err == ""


def test_an_unknown_environment_language_is_a_note_and_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LANG_ENV, "fr")
    code, out, err = run(["distance", "Taipei", "Xiamen"], capsys)
    assert code == 0
    assert out.startswith("from ")
    assert err == "note: STRAITMAP_LANG='fr' is not one of en, zh-TW: using en\n"


def test_an_unknown_lang_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["distance", "Taipei", "Xiamen", "--lang", "fr"], capsys)
    assert code == 2
    assert "argument --lang: expected one of en, zh-TW, found 'fr'" in err


def test_usage_errors_of_strait_are_translated(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["strait", "--step-km", "0", "--lang", "zh-TW"], capsys)
    assert (code, err) == (2, "錯誤：--step-km 應大於 0，實際為 0\n")


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--lang", "zh-TW", "--help"], capsys)
    assert code == 0
    assert "在命令列使用臺灣海峽圖層" in out
    assert "臺灣海峽最窄處的橫越距離與寬度剖面" in out
    code, out, _ = run(["distance", "--help", "--lang", "zh-TW"], capsys)
    assert "以 JSON 輸出結果（鍵名為英文）" in out


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["strait"], {}, ("en", None)),
        (["--lang", "zh-Hant", "strait"], {}, ("zh-TW", None)),
        (["strait", "--lang=zh_TW"], {"STRAITMAP_LANG": "en"}, ("zh-TW", None)),
        (["strait", "--lang", "zh-TW", "--lang", "en"], {}, ("en", None)),
        (["strait"], {"STRAITMAP_LANG": "zh-tw"}, ("zh-TW", None)),
        (["strait"], {"STRAITMAP_LANG": " "}, ("en", None)),
        (["distance", "--", "--lang", "zh-TW"], {}, ("en", None)),
    ],
    ids=[
        "default",
        "flag-first",
        "flag-beats-env",
        "last-flag",
        "env",
        "blank-env",
        "after-dashes",
    ],
)
def test_chosen_lang(
    argv: list[str], environ: dict[str, str], expected: tuple[str, str | None]
) -> None:
    assert chosen_lang(argv, environ) == expected


def test_export_map_in_chinese_writes_the_map_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "map.html"
    code, _, _ = run(
        ["export-map", "--layers", "land,places,median_line", "--out", str(out), "--lang", "zh-TW"],
        capsys,
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-TW"' in page
    assert "<title>straitmap：臺灣海峽</title>" in page
    assert "海峽中線" in page  # the layer's title from the dashboard's catalog
    english = tmp_path / "en.html"
    assert run(["export-map", "--layers", "land", "--out", str(english)], capsys)[0] == 0
    assert "zh-Hant-TW" not in english.read_text(encoding="utf-8")
