"""The dashboard's language: chosen once per session, switchable at any moment, kept in the URL.

Every word a page shows goes through `_` (or `ngettext`/`pgettext`), which reads the session's
language on each call; nothing is translated at import. Option widgets keep English values
(stable in URLs and session keys) and show them translated with ``format_func=_``.

The language is, in order: what the toggle holds, the shared link's ``?lang=``, the browser's
preferred languages (Accept-Language, which `st.context.headers` exposes), else English.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from straitmap.i18n import (
    DEFAULT_LANG,
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    Lang,
    parse_lang,
    translator,
)

__all__ = ["N_", "_", "current_lang", "keep_in_url", "language_toggle", "ngettext", "pgettext"]


def _browser_lang() -> Lang | None:
    try:
        header = st.context.headers.get("Accept-Language")
    except Exception:  # no request context (AppTest, bare mode): no browser to ask
        return None
    return parse_lang(header)


def current_lang() -> Lang:
    """The session's language (see the module docstring for the order it is chosen in)."""
    session = st.session_state
    chosen = session.get(state.LANG_KEY)
    if chosen in LANGUAGES:
        lang: Lang = chosen
        return lang
    asked = parse_lang(st.query_params.get(state.LANG_PARAM)) or _browser_lang() or DEFAULT_LANG
    session[state.LANG_KEY] = asked
    return asked


def _(message: str) -> str:
    """`message` in the session's language (the English itself when untranslated)."""
    return translator("dashboard", current_lang()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for `n` in the session's language."""
    return translator("dashboard", current_lang()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context`, in the session's language."""
    return translator("dashboard", current_lang()).pgettext(context, message)


def language_toggle() -> None:
    """English | 繁體中文, each in its own words; switching keeps the page, view and filters."""
    current_lang()  # seeds the key from the URL or the browser before the widget reads it
    st.segmented_control(
        "Language · 語言",
        list(LANGUAGES),
        key=state.LANG_KEY,
        format_func=lambda lang: LANGUAGE_NAMES[lang],
        label_visibility="collapsed",
        required=True,
    )


def keep_in_url() -> None:
    """Put the language in the page's URL (a shared link keeps it); English is the default
    and is left out. Called after the page has written its own parameters."""
    lang = current_lang()
    if lang == DEFAULT_LANG:
        if state.LANG_PARAM in st.query_params:
            del st.query_params[state.LANG_PARAM]
    elif st.query_params.get(state.LANG_PARAM) != lang:
        st.query_params[state.LANG_PARAM] = lang


def streamlit_chrome_css() -> str:
    """CSS that puts the session's words on the two texts Streamlit draws itself and cannot
    translate (the file uploader's button and its size line), or "" in English.

    Only what is drawn changes: the elements and what screen readers hear stay Streamlit's.
    """
    if current_lang() == DEFAULT_LANG:
        return ""
    limit = int(st.get_option("server.maxUploadSize"))
    button = _("Upload")
    line = _("Up to {size} MB per file").format(size=limit)
    dropzone = '[data-testid="stFileUploaderDropzone"]'
    return (
        "<style>"
        f'{dropzone} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}'
        f'{dropzone} button [data-testid="stMarkdownContainer"] p::after '
        f"{{ content: {_css_string(button)}; font-size: 0.875rem; }}"
        f'{dropzone} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}'
        f'{dropzone} [data-testid="stFileUploaderDropzoneInstructions"] span::after '
        f"{{ content: {_css_string(line)}; font-size: 0.75rem; }}"
        "</style>"
    )


def _css_string(text: str) -> str:
    """`text` as a CSS string literal (quotes, backslashes and angle brackets escaped)."""
    escaped = "".join(f"\\{ord(c):06x}" if c in '"\\<>\n' else c for c in text)
    return f'"{escaped}"'
