"""Reusable pieces of the dashboard; the one place a StraitmapError becomes st.error."""

from __future__ import annotations

from collections.abc import Mapping

import state
import streamlit as st

from straitmap.catalog import LayerSpec

#: Sidebar groups of layers, in order, keyed by the catalog's `group`.
LAYER_GROUPS: dict[str, str] = {
    "geography": "Geography",
    "lanes": "Shipping lanes",
    "us_posture": "US posture",
    "pla_activity": "PLA activity",
}


def show_layer_errors(errors: Mapping[str, str]) -> None:
    """One visible error per bundled layer that could not be loaded (the rest still work)."""
    for layer_id, message in errors.items():
        st.error(f"Layer `{layer_id}` is disabled: {message}", icon="⚠️")


def data_as_of(specs: Mapping[str, LayerSpec], layer_ids: list[str]) -> str:
    """A one-line 'data as of' note for the given layers."""
    parts = [f"{specs[i].title}: {specs[i].data_as_of}" for i in layer_ids if i in specs]
    return "Data as of — " + "; ".join(parts)


def layer_picker(
    specs: Mapping[str, LayerSpec], available: list[str], ticked: list[str]
) -> list[str]:
    """Grouped layer checkboxes with a short 'what is this' help; returns the ticked layers."""
    st.header("Layers")
    groups = list(LAYER_GROUPS) + sorted({specs[i].group for i in available} - set(LAYER_GROUPS))
    visible: list[str] = []
    for group in groups:
        members = [i for i in available if specs[i].group == group]
        if not members:
            continue
        st.caption(LAYER_GROUPS.get(group, group))
        for layer_id in members:
            if st.checkbox(
                specs[layer_id].title,
                value=layer_id in ticked,
                key=f"{state.LAYERS_KEY}_{layer_id}",
                help=specs[layer_id].description,
            ):
                visible.append(layer_id)
    return visible
