"""The dashboard's house rules, read from its source: keys in state.py, caches in data.py, and
StraitmapError turned into st.error by components.errors_shown only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from straitmap import errors

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"
SOURCES = sorted(p for p in DASHBOARD.rglob("*.py") if "static" not in p.parts)
#: The session and URL mappings; a string key read or written on them belongs in state.py.
STATE_MAPPINGS = {"session_state", "query_params", "session"}
STRAITMAP_ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.StraitmapError)
}
#: Where a StraitmapError may be caught, and why it is not turned into st.error there.
CATCHERS = {
    "components.py": "errors_shown: the one place it becomes st.error",
    "data.py": "a broken layer file disables only its layer; the message is kept for the pages",
    "upload.py": "a CSV without clear coordinate columns asks for them (a warning and two pickers)",
}


def relative(path: Path) -> str:
    return path.relative_to(DASHBOARD).as_posix()


def string_keys(tree: ast.AST) -> list[str]:
    """Widget `key=` strings and string keys on st.session_state / st.query_params."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "key" and isinstance(keyword.value, ast.Constant | ast.JoinedStr):
                    found.append(f"line {node.lineno}: key={ast.unparse(keyword.value)}")
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in {"get", "setdefault", "pop"}
                and _is_state_mapping(func.value)
                and node.args
                and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
            ):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if (
            isinstance(node, ast.Subscript)
            and _is_state_mapping(node.value)
            and isinstance(node.slice, ast.Constant | ast.JoinedStr)
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def _is_state_mapping(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return name in STATE_MAPPINGS


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if p.name != "state.py" or p.parent != DASHBOARD], ids=relative
)
def test_every_session_and_url_key_is_named_in_state(path: Path) -> None:
    assert string_keys(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_key_finder_finds_string_keys() -> None:
    source = (
        'st.button("Go", key="go")\n'
        'st.session_state["x"] = 1\n'
        'st.session_state.get("y")\n'
        'st.query_params["z"]\n'
        'session.setdefault(f"{a}_b", [])\n'
        "st.button('Go', key=state.GO_KEY)\n"
    )
    assert len(string_keys(ast.parse(source))) == 5


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_only_data_py_caches(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    caches = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"cache_data", "cache_resource"}
    ]
    if relative(path) == "data.py":
        assert caches
    else:
        assert caches == []


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_a_straitmap_error_is_caught_only_where_it_should_be(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    caught = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler)
        and node.type is not None
        and {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)} & STRAITMAP_ERRORS
        # re-raised as another StraitmapError (the message says more): not shown here
        and not any(isinstance(n, ast.Raise) for n in ast.walk(node))
    ]
    if relative(path) not in CATCHERS:
        assert caught == [], f"catch it with components.errors_shown instead (lines {caught})"


def _page_with_errors() -> None:
    import streamlit as st

    from dashboard import components
    from straitmap.errors import FilterError

    with components.errors_shown("read the dates", then="Showing all dates."):
        raise FilterError("From: expected a date, got 'soon'.")
    with components.errors_shown("draw the map"):
        raise ValueError("boom")
    st.write("the rest of the page")


@pytest.mark.app
def test_errors_shown_adds_what_the_page_does_meanwhile() -> None:
    at = AppTest.from_function(_page_with_errors, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    first, second = (e.value for e in at.error)
    assert first == "From: expected a date, got 'soon'. Showing all dates."
    assert second.startswith("Could not draw the map: an unexpected ValueError.")
    assert at.markdown[-1].value == "the rest of the page"
