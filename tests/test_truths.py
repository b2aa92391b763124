"""Small truths: what the pages say about the data agrees with the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from straitmap import load_catalog, load_layer, load_table

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
pytestmark = pytest.mark.app

#: How every place that dates the median line words it (geodata/README.md, `median_line`).
MEDIAN_LINE_DRAWN = "in the mid-1950s (sources give 1954 or 1955)"
#: The treaty's year is not the line's: it may be named beside the wording above.
TREATY = "1954 US–ROC Mutual Defense Treaty"


def run_page(page: str) -> AppTest:
    """The app after a first run (the Map page) and a switch to `page`."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def about_page() -> AppTest:
    return run_page("views/about.py")


@pytest.fixture(scope="module")
def data_page() -> AppTest:
    return run_page("views/data.py")


def glossary_entry(about_page: AppTest, term: str) -> str:
    entries = [md.value for md in about_page.markdown if md.value.startswith(f"**{term}")]
    assert len(entries) == 1, f"expected one glossary entry for {term!r}, found {entries}"
    return entries[0]


def readme_section(layer_id: str) -> str:
    text = (ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
    section = re.search(rf"^## `{layer_id}`\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert section, f"geodata/README.md should have a section ## `{layer_id}`"
    return section.group(1)


def median_line_texts(about_page: AppTest) -> dict[str, str]:
    line = load_layer("median_line").iloc[0]
    return {
        "glossary": glossary_entry(about_page, "Median line"),
        "popup (defined_by)": str(line["defined_by"]),
        "geodata/README.md": readme_section("median_line"),
        "catalog description (Data page)": load_catalog()["median_line"].description,
    }


@pytest.mark.parametrize(
    "place",
    [
        "glossary",
        "popup (defined_by)",
        "geodata/README.md",
        "catalog description (Data page)",
    ],
)
def test_median_line_is_dated_in_one_wording(about_page: AppTest, place: str) -> None:
    text = median_line_texts(about_page)[place]
    assert MEDIAN_LINE_DRAWN in text, f"{place} should date the line {MEDIAN_LINE_DRAWN!r}"
    rest = text.replace(MEDIAN_LINE_DRAWN, "").replace(TREATY, "")
    assert not re.search(r"\b195[0-9]\b", rest), f"{place} dates the line another way: {text}"


def test_glossary_gives_the_median_lines_chinese_name(about_page: AppTest) -> None:
    name_zh = str(load_layer("median_line").iloc[0]["name_zh"])
    assert f"**Median line ({name_zh})**" in glossary_entry(about_page, "Median line")


def test_data_page_gives_the_daily_counts_rows_and_dates(data_page: AppTest) -> None:
    spec = load_catalog()["pla_daily_counts"]
    counts = load_table("pla_daily_counts")
    dates = f"{counts['date'].min()} – {counts['date'].max()}"
    labels = [expander.label for expander in data_page.expander]
    assert f"{spec.title} (`pla_daily_counts`, {len(counts):,} rows, {dates})" in labels
    assert [label for label in labels if "not loaded" in label] == []
    assert [error.value for error in data_page.error] == []
    assert f"coverage {dates}" in spec.data_as_of, "the catalog's 'data as of' names other dates"
