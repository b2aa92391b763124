"""Analysis beside the map: metrics, Vega-Lite charts, the filtered table and exports."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import data, state
from straitmap.assets import missing_assets
from straitmap.catalog import LayerSpec
from straitmap.export import to_csv_bytes, to_geojson_bytes
from straitmap.filters import (
    AIRCRAFT_CLASSES,
    INCURSION_LAYERS,
    SEVERAL_CLASSES,
    FilterState,
    IncursionSummary,
    incursions_by_period,
    summarize_incursions,
)
from straitmap.render import LAYER_STYLES, build_base_map, build_layer_groups, build_map
from straitmap.standalone import standalone_html

#: Vega-Lite specs are written as dicts and drawn with st.vega_lite_chart: building them
#: with Altair validated every encoding against the schema, about 20 ms a chart per rerun.
CLASS_COLORS = {
    "domain": [*AIRCRAFT_CLASSES, SEVERAL_CLASSES],
    "range": [
        *(dict(LAYER_STYLES["pla_incursions"].palette)[c] for c in AIRCRAFT_CLASSES),
        "#332288",
    ],
}


def show(
    filtered: Mapping[str, gpd.GeoDataFrame],
    frames: Mapping[str, gpd.GeoDataFrame],
    specs: Mapping[str, LayerSpec],
) -> None:
    """Everything under the map, for the layers that are visible."""
    incursions = filtered.get("pla_incursions")
    if incursions is not None:
        # One summary for every aircraft total on the page (the CLI prints the same one).
        summary = summarize_incursions(incursions)
        incursion_metrics(summary)
        bundled = data.bundled_layers().frames.get("pla_incursions")
        if frames.get("pla_incursions") is bundled:  # an uploaded file has no CLI command
            st.caption(reproduce_line(st.session_state.get(state.LAST_FILTERS_KEY)))
        incursion_charts(incursions, summary)
        if not incursions.empty:
            playback(incursions, frames)
    counts = data.daily_counts()
    if counts is not None and not counts.empty:
        daily_counts_chart(counts)
    table_and_export(filtered, specs)


def incursion_metrics(summary: IncursionSummary) -> None:
    """Points, aircraft, days with activity and median-line crossings of the filtered set."""
    columns = st.columns(4)
    columns[0].metric("Incursion points", f"{summary.count:,}")
    columns[1].metric("Aircraft (sorties)", f"{summary.aircraft:,}")
    columns[2].metric("Days with activity", f"{summary.days:,}")
    columns[3].metric("Median-line crossings", f"{summary.median_line_crossings:,}")


def reproduce_line(filters: FilterState | None) -> str:
    """The filters in words and the command that prints the same counts."""
    filters = filters or FilterState()
    words = filters.describe(INCURSION_LAYERS) or "every incursion point"
    command = shlex.join(["straitmap", "incursions", *filters.to_arguments()])
    return f"Filters: {words}. Reproduce: `{command}`"


def monthly_totals(incursions: gpd.GeoDataFrame) -> pd.DataFrame:
    """The monthly chart's data: aircraft per month and class, a figure MND gave for several
    classes counted once under "several classes" (rows add up to the metric)."""
    return incursions_by_period(incursions, "M")


def zone_totals(summary: IncursionSummary) -> pd.DataFrame:
    """The zone chart's data: aircraft per zone, each shared figure once (adds up to the
    metric)."""
    return pd.DataFrame(
        {
            "zone": list(summary.aircraft_by_zone),
            "aircraft": list(summary.aircraft_by_zone.values()),
        }
    )


def incursion_charts(incursions: gpd.GeoDataFrame, summary: IncursionSummary) -> None:
    """Aircraft per month by aircraft class, and by zone."""
    if incursions.empty:
        st.info("No incursion matches the filters.")
        return
    left, right = st.columns([3, 2])
    monthly = monthly_totals(incursions)
    left.vega_lite_chart(
        monthly,
        {
            "title": "Aircraft per month, by class",
            "mark": "bar",
            "height": 260,
            "encoding": {
                "x": {
                    "field": "period",
                    "type": "temporal",
                    "timeUnit": "yearmonth",
                    "title": "Month",
                },
                "y": {
                    "aggregate": "sum",
                    "field": "aircraft",
                    "type": "quantitative",
                    "title": "Aircraft",
                },
                "color": {
                    "field": "aircraft_class",
                    "type": "nominal",
                    "title": "Class",
                    "scale": CLASS_COLORS,
                },
                "tooltip": [
                    {"field": "period", "type": "temporal"},
                    {"field": "aircraft_class", "type": "nominal"},
                    {"field": "points", "type": "quantitative"},
                    {"field": "aircraft", "type": "quantitative"},
                ],
            },
        },
        width="stretch",
    )
    if SEVERAL_CLASSES in set(monthly["aircraft_class"]):
        left.caption(
            f"“{SEVERAL_CLASSES.capitalize()}”: one figure MND gave for several classes in an "
            "area (from 2024), counted once; it cannot be split between them."
        )
    zones = zone_totals(summary)
    right.vega_lite_chart(
        zones,
        {
            "title": "Aircraft by zone",
            "mark": {"type": "bar", "color": "#D55E00"},
            "height": 260,
            "encoding": {
                "y": {"field": "zone", "type": "nominal", "title": None, "sort": "-x"},
                "x": {"field": "aircraft", "type": "quantitative", "title": "Aircraft"},
                "tooltip": [
                    {"field": "zone", "type": "nominal"},
                    {"field": "aircraft", "type": "quantitative"},
                ],
            },
        },
        width="stretch",
    )


PLAYBACK_SECONDS = 1.5
PLAYBACK_BACKDROP = ("land", "strait", "median_line", "places")


def playback(incursions: gpd.GeoDataFrame, frames: Mapping[str, gpd.GeoDataFrame]) -> None:
    """Day-by-day playback of the filtered incursions on a small map (play/pause + slider)."""
    days = sorted(incursions["date"].dropna().unique())
    playing = bool(st.session_state.get(state.PLAYING_KEY, False))
    st.subheader("Day by day")
    # Off until asked for: a second map would slow every page load for everyone else.
    if not st.toggle("Show the day-by-day playback", key=state.PLAYBACK_ON_KEY):
        return
    st.fragment(run_every=PLAYBACK_SECONDS if playing else None)(_playback_frame)(
        incursions, frames, days
    )


def _playback_frame(
    incursions: gpd.GeoDataFrame, frames: Mapping[str, gpd.GeoDataFrame], days: list[str]
) -> None:
    playing = bool(st.session_state.get(state.PLAYING_KEY, False))
    if st.session_state.get(state.PLAYBACK_DAY_KEY) not in days:
        st.session_state[state.PLAYBACK_DAY_KEY] = days[0]
    elif playing:
        following = days.index(st.session_state[state.PLAYBACK_DAY_KEY]) + 1
        st.session_state[state.PLAYBACK_DAY_KEY] = days[following % len(days)]
    controls = st.columns([1, 5])
    if controls[0].button("Pause" if playing else "Play", key=state.PLAYBACK_TOGGLE_KEY):
        st.session_state[state.PLAYING_KEY] = not playing
        st.rerun()
    day = controls[1].select_slider(
        "MND reporting day", options=days, key=state.PLAYBACK_DAY_KEY, label_visibility="collapsed"
    )
    today = incursions[incursions["date"] == day]
    layers = {i: frames[i] for i in PLAYBACK_BACKDROP if i in frames and i != "land"}
    layers["pla_incursions"] = today
    summary = summarize_incursions(today)
    st.caption(
        f"{day}: {summary.count} reported tracks or areas, {summary.aircraft} aircraft "
        f"(day {days.index(day) + 1} of {len(days)} in the filtered set)"
    )
    # One map for the whole playback: each step swaps only the day's points (no blank frame).
    st_folium(
        build_base_map(backdrop={"land": frames["land"]} if "land" in frames else None),
        key=state.PLAYBACK_MAP_KEY,
        height=380,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=build_layer_groups(
            layers,
            titles={"pla_incursions": f"Incursions on {day}"},
            legend=False,
            sources={"pla_incursions": incursions},
        ),
    )


def daily_counts_chart(counts: pd.DataFrame) -> None:
    """MND's 2026 daily totals (aircraft, median-line crossings, ships)."""
    long = counts.melt(
        id_vars=["date"],
        value_vars=[
            c for c in ("aircraft_total", "median_line_crossings", "ships_total") if c in counts
        ],
        var_name="series",
        value_name="count",
    )
    st.vega_lite_chart(
        long,
        {
            "title": "MND daily totals, 2026 (PLA Tracker transcription)",
            "mark": {"type": "line", "point": True},
            "height": 220,
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": "Date"},
                "y": {"field": "count", "type": "quantitative", "title": "Count"},
                "color": {"field": "series", "type": "nominal", "title": None},
                "tooltip": [
                    {"field": "date", "type": "temporal"},
                    {"field": "series", "type": "nominal"},
                    {"field": "count", "type": "quantitative"},
                ],
            },
        },
        width="stretch",
    )


def table_and_export(
    filtered: Mapping[str, gpd.GeoDataFrame], specs: Mapping[str, LayerSpec]
) -> None:
    """A table of one visible layer's filtered features, with CSV and GeoJSON downloads."""
    choices = [i for i in filtered if i != "land"]
    if not choices:
        return
    default = choices.index("pla_incursions") if "pla_incursions" in choices else 0
    layer_id = st.selectbox(
        "Table and export",
        choices,
        index=default,
        format_func=lambda i: specs[i].title if i in specs else i,
        key=state.TABLE_LAYER_KEY,
    )
    frame = filtered[layer_id]
    st.dataframe(plain_table(frame), hide_index=True, height=300)
    left, right = st.columns(2)
    left.download_button(
        f"Download CSV ({len(frame):,} rows)",
        lambda: to_csv_bytes(frame),  # built only when clicked
        file_name=f"straitmap-{layer_id}.csv",
        mime="text/csv",
        key=state.DOWNLOAD_CSV_KEY,
    )
    right.download_button(
        "Download GeoJSON",
        lambda: to_geojson_bytes(frame),
        file_name=f"straitmap-{layer_id}.geojson",
        mime="application/geo+json",
        key=state.DOWNLOAD_GEOJSON_KEY,
    )


def map_download(
    filtered: Mapping[str, gpd.GeoDataFrame], titles: Mapping[str, str], static_root: Path
) -> None:
    """A button that downloads the map as it is filtered now: one HTML file with every asset
    inlined, which opens with no internet (folium's own save() would point at CDNs)."""
    if missing_assets(static_root):
        return

    def page() -> bytes:
        m = build_map(dict(filtered), titles=titles, attributions=["Made with Natural Earth"])
        return standalone_html(m, static_root, title="straitmap: the Taiwan Strait").encode()

    st.download_button(
        "Download this map (one HTML file, works offline)",
        page,  # built only when clicked
        file_name="straitmap-map.html",
        mime="text/html",
        key=state.DOWNLOAD_MAP_HTML_KEY,
    )


def plain_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """The frame's attributes without geometry, for st.dataframe."""
    return pd.DataFrame(frame.drop(columns=frame.geometry.name))
