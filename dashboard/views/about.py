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
    "Median line (海峽中線)": "An informal line down the middle of the strait, drawn "
    "in the mid-1950s (sources give 1954 or 1955) by US Air Force Brig. Gen. Benjamin O. "
    "Davis Jr. (hence 'the Davis line') and observed by both sides' militaries for decades. "
    "Taiwan's Ministry of National Defense states its end points; the PRC says it does not "
    "recognise it. It is not a legal boundary.",
    "ADIZ": "Air Defence Identification Zone: airspace a state declares in which it asks "
    "aircraft to identify themselves. It is not territorial airspace.",
    "Incursion": "As Taiwan's Ministry of National Defense (MND) uses it: PLA aircraft "
    "reported in Taiwan's ADIZ. MND counts sorties in its daily bulletin and publishes "
    "track maps only for aircraft that cross the median line or enter the southwest part of "
    "the ADIZ, so the mapped points are a subset of its daily totals.",
    "MND reporting day": "MND's daily bulletin covers the 24 hours from 06:00 to 06:00 "
    "Taiwan time (UTC+8); a point's `date` is the bulletin's day.",
    "Activity area": "From 16 January 2024 MND drew areas of activity instead of tracks, "
    "naming aircraft classes (main combat, support, drones, helicopters) rather than types.",
    "Nautical mile": "1,852 metres exactly, the unit of distance at sea and in the air.",
    "Geodesic": "The shortest path between two points on the Earth's ellipsoid (WGS84). "
    "straitmap measures every distance this way, never in map degrees.",
}
for term, meaning in GLOSSARY.items():
    st.markdown(f"**{term}** — {meaning}")

st.subheader("How to cite a figure")
st.write(
    "Every distance on the Measure page shows the `straitmap` command that reproduces it; "
    "every feature's popup gives its source, link and precision. The Data page lists each "
    "layer's licence and 'data as of'."
)
