"""Entry point of the straitmap dashboard: `streamlit run dashboard/app.py`."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit puts the script's folder on sys.path; views import the sibling modules by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

st.set_page_config(
    page_title="straitmap: the Taiwan Strait",
    layout="wide",
    initial_sidebar_state="expanded",
)

# Less empty space above the content, so the map fits a 1280×720 screen share.
st.markdown(
    "<style>.block-container { padding-top: 2.5rem; padding-bottom: 1rem; }</style>",
    unsafe_allow_html=True,
)

VIEWS = Path(__file__).resolve().parent / "views"
pages = [
    st.Page(VIEWS / "map.py", title="Map", default=True, url_path="map"),
    st.Page(VIEWS / "measure.py", title="Measure", url_path="measure"),
    st.Page(VIEWS / "data.py", title="Data", url_path="data"),
    st.Page(VIEWS / "about.py", title="About", url_path="about"),
]
st.navigation(pages).run()
