"""The data page: every layer with its source, licence, method and limits, from the catalog."""

from __future__ import annotations

import data
import streamlit as st

catalog = data.catalog()
bundled = data.bundled_layers()


def describe_size(layer_id: str, is_table: bool) -> str | None:
    """'1,234 features', or for a table its rows and the dates they cover; None: not loaded."""
    if not is_table:
        frame = bundled.frames.get(layer_id)
        return None if frame is None else f"{len(frame):,} features"
    # The only bundled table; data.py has no generic table loader to ask for another one.
    table = data.daily_counts() if layer_id == "pla_daily_counts" else None
    if table is None:
        return None
    if table.empty or "date" not in table.columns:
        return f"{len(table):,} rows"
    # ISO dates as text sort as dates.
    return f"{len(table):,} rows, {table['date'].min()} – {table['date'].max()}"


st.title("Data")
st.write(
    "Every layer the map draws, where it comes from and how far to trust it. "
    "Each feature also carries its own `source`, `source_url` and `precision`."
)
for layer_id, spec in catalog.layers.items():
    size = describe_size(layer_id, spec.is_table)
    with st.expander(f"{spec.title} (`{layer_id}`, {size or 'not loaded'})", expanded=False):
        st.write(spec.description)
        st.markdown(f"**Licence:** {spec.license}  \n**Attribution:** {spec.attribution}")
        st.markdown("**Sources:**\n" + "\n".join(f"- {source}" for source in spec.sources))
        st.markdown(f"**Data as of:** {spec.data_as_of} · **retrieved:** {spec.retrieved}")
        if spec.built_by:
            st.markdown(f"**Built by:** `{spec.built_by}`")
        if layer_id in bundled.errors:
            st.error(bundled.errors[layer_id])
        elif size is None:
            st.error(
                f"`geodata/{spec.file}` could not be loaded; "
                f"`straitmap.load_table({layer_id!r})` says why."
            )
