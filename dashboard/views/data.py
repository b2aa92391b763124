"""The data page: every layer with its source, licence, method and limits, from the catalog."""

from __future__ import annotations

import data
import streamlit as st

catalog = data.catalog()
bundled = data.bundled_layers()

st.title("Data")
st.write(
    "Every layer the map draws, where it comes from and how far to trust it. "
    "Each feature also carries its own `source`, `source_url` and `precision`."
)
for layer_id, spec in catalog.layers.items():
    frame = bundled.frames.get(layer_id)
    count = "not loaded" if frame is None else f"{len(frame):,} features"
    with st.expander(f"{spec.title} (`{layer_id}`, {count})", expanded=False):
        st.write(spec.description)
        st.markdown(f"**Licence:** {spec.license}  \n**Attribution:** {spec.attribution}")
        st.markdown("**Sources:**\n" + "\n".join(f"- {source}" for source in spec.sources))
        st.markdown(f"**Data as of:** {spec.data_as_of} · **retrieved:** {spec.retrieved}")
        if spec.built_by:
            st.markdown(f"**Built by:** `{spec.built_by}`")
        if layer_id in bundled.errors:
            st.error(bundled.errors[layer_id])
