"""The data page: every layer with its source, licence, method and limits, from the catalog."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from straitmap.route_query import VESSELS

catalog = data.catalog()
bundled = data.bundled_layers()


st.title("Data")
st.write(
    "Every layer the map draws, where it comes from and how far to trust it. "
    "Each feature also carries its own `source`, `source_url` and `precision`."
)
for layer_id, spec in catalog.layers.items():
    size = data.layer_size(layer_id, spec.is_table)
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

st.subheader("Sea routes (the Routes page)")
st.markdown(
    "- **Network**: the maritime network that the `searoute` package ships (Apache-2.0), "
    "derived from Eurostat's SeaRoute/MARNET, itself after the Oak Ridge National Laboratory "
    "global shipping lane network. Routes are shortest paths on it: **for visualisation, not "
    "navigation**. It has no traffic separation schemes, no draught or width limits, no "
    "weather or currents, and no port or canal time.\n"
    "- **Route ends**: the project's `places` of kind port, then searoute's port list inside "
    "the region (UN/LOCODE names, e.g. Kaohsiung TWKHH, Busan as Pusan KRPUS), then any "
    "other named place; each end joins the network at its nearest node on the WGS84 "
    "ellipsoid, and the page gives that distance.\n"
    "- **Closures**: the `strait` layer's polygon, the declared zones of `pla_exercise_zones` "
    "(by exercise or one by one) or polygons drawn on the map; every network edge whose "
    "geodesic enters a closed area is removed in both directions.\n"
    "- **Speeds**: "
    + "; ".join(f"{v.label} {v.speed_kn:g} kn: {v.basis}" for v in VESSELS.values())
    + ". Times are length ÷ speed."
)
