"""No text in dashboard/ reaches the screen without going through the catalog (issue 14).

Reads the source: every string literal (or f-string with words in it) passed as the text, label,
help or placeholder of a Streamlit call must be wrapped in `_()`/`ngettext()`/`pgettext()`,
or be a marked constant translated where shown. CSS and HTML scaffolding without words is fine.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"
#: Streamlit functions (and container methods) whose arguments are shown to the user.
SHOWN = {
    "title", "header", "subheader", "markdown", "caption", "write", "text", "info", "warning",
    "error", "success", "exception", "button", "checkbox", "toggle", "radio", "selectbox",
    "multiselect", "text_input", "text_area", "number_input", "slider", "select_slider",
    "date_input", "download_button", "page_link", "expander", "popover", "metric", "toast",
    "spinner", "segmented_control", "pills", "file_uploader", "tabs", "link_button",
    "form_submit_button", "color_picker", "status",
}  # fmt: skip
SHOWN_KEYWORDS = {"label", "help", "placeholder", "body", "value_label"}
TRANSLATORS = {"_", "ngettext", "pgettext", "npgettext"}
#: Text with a word in it (CSS selectors and HTML tags alone are not words a user reads).
WORDS = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")
SCAFFOLDING = re.compile(r"^\s*(<style|<div|<span|</|<script|<a |<br)", re.IGNORECASE)


def _literal_words(node: ast.expr) -> str | None:
    """The words a literal shows, or None when `node` is not a literal with words."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    else:
        return None
    if SCAFFOLDING.match(text) or not WORDS.search(text) or CJK.search(text):
        return None  # a bilingual label ("Language · 語言") is meant for both readers
    return text


def _is_logger(receiver: ast.expr) -> bool:
    """`logger.warning(…)`, `logging.getLogger(…).warning(…)`: the server's log, not the page."""
    if isinstance(receiver, ast.Name):
        return receiver.id in ("logger", "log", "logging")
    return (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Attribute)
        and receiver.func.attr == "getLogger"
    )


def untranslated(path: Path) -> list[str]:
    """`line: text` for each literal shown by a Streamlit call in `path` without `_()`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in SHOWN or _is_logger(node.func.value):
            continue
        unsafe_html = any(
            k.arg == "unsafe_allow_html" and isinstance(k.value, ast.Constant) and k.value.value
            for k in node.keywords
        )
        shown = [*node.args[:1], *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)]
        if node.func.attr == "tabs" and node.args and isinstance(node.args[0], ast.List):
            shown = list(node.args[0].elts)
        for argument in shown:
            text = _literal_words(argument)
            if text is None:
                continue
            if unsafe_html and text.lstrip().startswith("<"):
                continue
            found.append(f"{path.name}:{argument.lineno}: {text[:60]!r}")
    return found


@pytest.mark.parametrize(
    "path", sorted(DASHBOARD.rglob("*.py")), ids=lambda p: str(p.relative_to(DASHBOARD))
)
def test_every_shown_string_goes_through_the_catalog(path: Path) -> None:
    assert untranslated(path) == []


def test_the_check_finds_an_unwrapped_label(tmp_path: Path) -> None:
    source = tmp_path / "page.py"
    source.write_text(
        "import streamlit as st\nfrom dashboard.i18n import _\n"
        'st.header(_("Measure"))\nst.caption(f"{n:,} points in view")\n'
        'left.button("Swap", help=_("Swap the two places"))\n'
        'st.markdown("<style>.x{}</style>", unsafe_allow_html=True)\n',
        encoding="utf-8",
    )
    assert untranslated(source) == [
        "page.py:4: '{n:,} points in view'".replace("{n:,}", ""),
        "page.py:5: 'Swap'",
    ]
