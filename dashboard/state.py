"""Every session_state and query-parameter key the dashboard uses, in one place."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

#: Widget keys.
LAYERS_KEY = "layers"
MAP_KEY = "main_map"

#: Layers left unticked on a first visit (detail that would crowd the opening view).
HIDDEN_BY_DEFAULT = frozenset({"pla_tracks", "incursion_zones"})

#: Query parameter holding the visible layers, comma-separated (e.g. ?layers=land,median_line).
LAYERS_PARAM = "layers"


def layers_from_url(
    available: Sequence[str], default: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The visible layers named in the URL, and the names it gave that are not layers.

    Without the parameter, `default`; unknown names are ignored and returned for a note.
    """
    raw = st.query_params.get(LAYERS_PARAM)
    if raw is None:
        return list(default), []
    names = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in available]
    return [name for name in available if name in names], unknown


def layers_to_url(visible: Sequence[str], default: Sequence[str]) -> None:
    """Write the visible layers to the URL (dropped when they equal the default)."""
    if sorted(visible) == sorted(default):
        st.query_params.pop(LAYERS_PARAM, None)
    else:
        st.query_params[LAYERS_PARAM] = ",".join(visible)
