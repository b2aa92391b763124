"""Entry point of the straitmap dashboard: `streamlit run dashboard/app.py`."""

# This file has two roles. `streamlit run` finds `app` below and serves it: Streamlit's own
# server plus the routes that make a page's URL (/measure, /map) a working link. Streamlit's
# script runner then runs this same file as `__main__` on every rerun, which draws the pages.

from __future__ import annotations

import ctypes
import json
import logging
import sys
from functools import cache
from pathlib import Path
from typing import NamedTuple

import streamlit as st
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from streamlit import config, file_util

from straitmap.i18n import N_

VIEWS = Path(__file__).resolve().parent / "views"
#: The folder that holds the `dashboard` package. Streamlit runs this file as a script with only
#: its own folder on sys.path; the pages import `dashboard.*`, whichever folder it started from.
ROOT = Path(__file__).resolve().parents[1]


class PageSpec(NamedTuple):
    """One page: its script in views/, its menu title and its URL path."""

    file: str
    title: str
    url_path: str


#: The pages in menu order. The first is the default page, which Streamlit serves at "/".
PAGES = (
    PageSpec("map.py", N_("Map"), "map"),
    PageSpec("measure.py", N_("Measure"), "measure"),
    PageSpec("routes.py", N_("Routes"), "routes"),
    PageSpec("briefing.py", N_("Briefing"), "briefing"),
    PageSpec("data.py", N_("Data"), "data"),
    PageSpec("about.py", N_("About"), "about"),
)


def show_pages() -> None:
    """Page config, the navigation menu, the language toggle and the chosen page."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from dashboard import i18n, state
    from dashboard.i18n import _

    st.set_page_config(
        page_title=_("straitmap: the Taiwan Strait"),
        layout="wide",
        initial_sidebar_state="expanded",
    )
    # Less empty space above the content, so the map fits a 1280×720 screen share.
    st.markdown(
        "<style>.block-container { padding-top: 2.5rem; padding-bottom: 1rem; }</style>",
        unsafe_allow_html=True,
    )
    chrome = i18n.streamlit_chrome_css()
    if chrome:
        st.markdown(chrome, unsafe_allow_html=True)
    pages = [
        st.Page(VIEWS / page.file, title=_(page.title), url_path=page.url_path, default=index == 0)
        for index, page in enumerate(PAGES)
    ]
    chosen = st.navigation(pages)
    # Presentation mode hides the sidebar: its bar holds the toggle instead (one widget a run).
    if not (chosen.url_path in ("", PAGES[0].url_path) and st.session_state.get(state.PRESENT_KEY)):
        with st.sidebar:
            i18n.language_toggle()
    chosen.run()
    i18n.keep_in_url()


def base_path() -> str:
    """Streamlit's `server.baseUrlPath` as "" or "/prefix"."""
    prefix = str(config.get_option("server.baseUrlPath")).strip("/")
    return f"/{prefix}" if prefix else ""


@cache
def page_index_html(base: str) -> str:
    """Streamlit's index.html, told where its server is.

    Opened at /measure, Streamlit's frontend does not know whether /measure is a page or the
    app's base URL, so it tries /measure/_stcore/health first (a 404), then /. Named in
    `window.__streamlit.BACKEND_BASE_URL` (Streamlit's hook for embedding hosts), the base is
    the only one it tries, and it reads the page from the rest of the path.
    """
    html = (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")
    backend = json.dumps(base + "/")
    script = (
        "<script>window.__streamlit = Object.assign({}, window.__streamlit, "
        f"{{BACKEND_BASE_URL: new URL({backend}, window.location.href).href}});</script>"
    )
    if "<head>" not in html:
        logging.getLogger(__name__).warning(
            "Streamlit's index.html has no <head>: deep links will first try a wrong base URL"
        )
        return html
    return html.replace("<head>", "<head>\n    " + script, 1)


def deep_link_routes() -> list[BaseRoute]:
    """Routes for each page's URL; the default page's own path redirects to "/"."""
    base = base_path()

    async def page_index(request: Request) -> Response:
        return HTMLResponse(page_index_html(base), headers={"Cache-Control": "no-cache"})

    # Streamlit serves the default page at "/" only and answers its url_path with a "Page not
    # found" dialog; a shared /map?… link keeps its query on the way to "/".
    async def to_default_page(request: Request) -> Response:
        query = request.url.query
        return RedirectResponse(f"{base}/" + (f"?{query}" if query else ""), status_code=307)

    default, *others = PAGES
    return [
        Route(f"{base}/{default.url_path}", to_default_page),
        *(Route(f"{base}/{page.url_path}", page_index) for page in others),
    ]


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas for this server process (Linux only; elsewhere nothing).

    Each rerun builds and frees megabytes of map text on a script thread, and glibc gives
    threads arenas of their own that it rarely hands back: the soak benchmark (300 reruns with
    an upload) grew the server by 45 % with the default and by 0.9 % with two arenas.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    m_arena_max = -8  # M_ARENA_MAX in <malloc.h>
    libc.mallopt(m_arena_max, arenas)


if __name__ == "__main__":
    show_pages()
else:
    limit_malloc_arenas()
    app = st.App(__file__, routes=deep_link_routes())
