"""Reusable pieces of the dashboard; the one place a StraitmapError becomes st.error."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from straitmap.catalog import LayerSpec


def show_layer_errors(errors: Mapping[str, str]) -> None:
    """One visible error per bundled layer that could not be loaded (the rest still work)."""
    for layer_id, message in errors.items():
        st.error(f"Layer `{layer_id}` is disabled: {message}", icon="⚠️")


def data_as_of(specs: Mapping[str, LayerSpec], layer_ids: list[str]) -> str:
    """A one-line 'data as of' note for the given layers."""
    parts = [f"{specs[i].title}: {specs[i].data_as_of}" for i in layer_ids if i in specs]
    return "Data as of — " + "; ".join(parts)
