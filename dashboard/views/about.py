"""The about page: what the dashboard is and a short glossary for students."""

from __future__ import annotations

import streamlit as st

st.title("About straitmap")
st.write(
    "An open-source, offline-first map of the Taiwan Strait for students, analysts and "
    "briefers. Every line and point on the map carries its source and precision; contested "
    "lines are labelled with who defines them."
)
st.subheader("Glossary")
GLOSSARY = {
    "Taiwan Strait": "The sea between Taiwan and mainland China (Fujian), about 130 km wide "
    "at its narrowest. Its northern and southern limits here follow the International "
    "Hydrographic Organization's draft S-23 (2002).",
    "Median line": "An informal line down the middle of the strait, drawn by the US Air Force "
    "in 1954 (the 'Davis line') and observed by both sides' militaries for decades. Taiwan's "
    "Ministry of National Defense states its end points; the PRC says it does not recognise "
    "it. It is not a legal boundary.",
    "ADIZ": "Air Defence Identification Zone: airspace a state declares in which it asks "
    "aircraft to identify themselves. It is not territorial airspace.",
    "Nautical mile": "1,852 metres exactly, the unit of distance at sea and in the air.",
    "Geodesic": "The shortest path between two points on the Earth's ellipsoid (WGS84). "
    "straitmap measures every distance this way, never in map degrees.",
}
for term, meaning in GLOSSARY.items():
    st.markdown(f"**{term}** — {meaning}")
