"""Analysis beside the map: metrics, Vega-Lite charts, the filtered table and exports."""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import data, state
from dashboard.components import (
    shown_as,
    shown_count,
    shown_date,
    vocabulary_label,
    vocabulary_labels,
)
from dashboard.i18n import N_, _, current_lang, pgettext
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
#: The daily chart's series (column names) as its legend names them.
SERIES_LABELS = {
    "aircraft_total": N_("aircraft (total)"),
    "median_line_crossings": N_("median-line crossings"),
    "ships_total": N_("ships (total)"),
}
#: The table's column headers for the bundled layers' fields (others show their own name).
FIELD_LABELS = {
    "id": N_("id"),
    "name": N_("name"),
    "name_zh": N_("Chinese name"),
    "aircraft_type": N_("aircraft type"),
    "aircraft_type_zh": N_("aircraft type (Chinese)"),
    "aircraft_class": N_("aircraft class"),
    "count": N_("aircraft"),
    "count_scope": N_("count scope"),
    "date": N_("date"),
    "zone": N_("zone"),
    "crossed_median_line": N_("crossed the median line"),
    "crossed_median_line_basis": N_("median-line basis"),
    "track_id": N_("track"),
    "dataset": N_("dataset"),
    "source": N_("source"),
    "source_url": N_("source URL"),
    "precision": N_("precision"),
    "branch": N_("branch"),
    "prefecture": N_("prefecture"),
    "kind": N_("kind"),
    "units": N_("units"),
    "confidence": N_("confidence"),
    "length_km": N_("length (km)"),
    "length_nmi": N_("length (nmi)"),
    "via_strait": N_("through the strait"),
    "note": N_("note"),
    "label": N_("label"),
    "country_or_area": N_("country or area"),
    "label_rank": N_("label rank"),
    "exercise": N_("exercise"),
    "exercise_zh": N_("exercise (Chinese)"),
    "start": N_("start"),
    "end": N_("end"),
    "announced_by": N_("announced by"),
    "corners": N_("corners"),
    "authority": N_("authority"),
    "declared": N_("declared"),
    "declared_precision": N_("declared (precision)"),
    "defined_by": N_("defined by"),
    "status": N_("status"),
    "definition": N_("definition"),
    "area_km2": N_("area (km²)"),
    "rule": N_("rule"),
}


def _translated(lang_only: dict[str, object]) -> dict[str, object]:
    """Vega-Lite keys that only a translated chart adds (English charts stay as they were)."""
    return {} if current_lang() == "en" else lang_only


def _tooltip(
    field: str, kind: str, title: str, time_format: str | None = None
) -> dict[str, object]:
    """A tooltip line: the field's own name in English, `title` (translated) otherwise."""
    extra: dict[str, object] = {"title": _(title)}
    if time_format is not None:
        extra["format"] = time_format
    return {"field": field, "type": kind, **_translated(extra)}


def _with_labels(frame: pd.DataFrame, column: str, key: str) -> pd.DataFrame:
    """A copy of `frame` with `column`'s vocabulary values translated (English: unchanged)."""
    if current_lang() == "en":
        return frame
    labels = vocabulary_labels().get(key, {})
    return frame.assign(**{column: frame[column].map(lambda v: labels.get(v, v))})


#: Month and day as Chinese dates in charts (d3-time-format).
MONTH_FORMAT_ZH = "%Y年%-m月"
DAY_FORMAT_ZH = "%Y年%-m月%-d日"

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
    columns[0].metric(_("Incursion points"), shown_count(summary.count))
    columns[1].metric(_("Aircraft (sorties)"), shown_count(summary.aircraft))
    columns[2].metric(_("Days with activity"), shown_count(summary.days))
    columns[3].metric(_("Median-line crossings"), shown_count(summary.median_line_crossings))


def reproduce_line(filters: FilterState | None) -> str:
    """The filters in words and the command that prints the same counts."""
    filters = filters or FilterState()
    lang = current_lang()
    words = filters.describe(INCURSION_LAYERS, lang) or _("every incursion point")
    command = shlex.join(["straitmap", "incursions", *filters.to_arguments()])
    return _("Filters: {words}. Reproduce: `{command}`").format(words=words, command=command)


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
        st.info(_("No incursion matches the filters."))
        return
    left, right = st.columns([3, 2])
    monthly = monthly_totals(incursions)
    classes = vocabulary_labels()["class"] if current_lang() != "en" else {}
    colors = {**CLASS_COLORS, "domain": [classes.get(c, c) for c in CLASS_COLORS["domain"]]}
    left.vega_lite_chart(
        _with_labels(monthly, "aircraft_class", "class"),
        {
            "title": _("Aircraft per month, by class"),
            "mark": "bar",
            "height": 260,
            "encoding": {
                "x": {
                    "field": "period",
                    "type": "temporal",
                    "timeUnit": "yearmonth",
                    "title": _("Month"),
                    **_translated({"axis": {"format": MONTH_FORMAT_ZH}}),
                },
                "y": {
                    "aggregate": "sum",
                    "field": "aircraft",
                    "type": "quantitative",
                    "title": _("Aircraft"),
                },
                "color": {
                    "field": "aircraft_class",
                    "type": "nominal",
                    "title": pgettext("aircraft", "Class"),
                    "scale": colors,
                },
                "tooltip": [
                    _tooltip("period", "temporal", N_("Month"), MONTH_FORMAT_ZH),
                    _tooltip("aircraft_class", "nominal", N_("Aircraft class")),
                    _tooltip("points", "quantitative", N_("Points")),
                    _tooltip("aircraft", "quantitative", N_("Aircraft")),
                ],
            },
        },
        width="stretch",
    )
    if SEVERAL_CLASSES in set(monthly["aircraft_class"]):
        name = (
            SEVERAL_CLASSES.capitalize()
            if current_lang() == "en"
            else vocabulary_label("class", SEVERAL_CLASSES)
        )
        left.caption(
            _(
                "“{name}”: one figure MND gave for several classes in an area (from 2024), "
                "counted once; it cannot be split between them."
            ).format(name=name)
        )
    zones = zone_totals(summary)
    right.vega_lite_chart(
        _with_labels(zones, "zone", "zone"),
        {
            "title": _("Aircraft by zone"),
            "mark": {"type": "bar", "color": "#D55E00"},
            "height": 260,
            "encoding": {
                "y": {"field": "zone", "type": "nominal", "title": None, "sort": "-x"},
                "x": {"field": "aircraft", "type": "quantitative", "title": _("Aircraft")},
                "tooltip": [
                    _tooltip("zone", "nominal", N_("Zone")),
                    _tooltip("aircraft", "quantitative", N_("Aircraft")),
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
    st.subheader(_("Day by day"))
    # Off until asked for: a second map would slow every page load for everyone else.
    if not st.toggle(_("Show the day-by-day playback"), key=state.PLAYBACK_ON_KEY):
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
    if controls[0].button(_("Pause") if playing else _("Play"), key=state.PLAYBACK_TOGGLE_KEY):
        st.session_state[state.PLAYING_KEY] = not playing
        st.rerun()
    day = controls[1].select_slider(
        _("MND reporting day"),
        options=days,
        key=state.PLAYBACK_DAY_KEY,
        label_visibility="collapsed",
        format_func=shown_as({day: _day_text(day) for day in days}),
    )
    today = incursions[incursions["date"] == day]
    layers = {i: frames[i] for i in PLAYBACK_BACKDROP if i in frames and i != "land"}
    layers["pla_incursions"] = today
    summary = summarize_incursions(today)
    st.caption(
        _(
            "{day}: {count} reported tracks or areas, {aircraft} aircraft "
            "(day {number} of {days} in the filtered set)"
        ).format(
            day=_day_text(day),
            count=summary.count,
            aircraft=summary.aircraft,
            number=days.index(day) + 1,
            days=len(days),
        )
    )
    # One map for the whole playback: each step swaps only the day's points (no blank frame).
    st_folium(
        build_base_map(
            backdrop={"land": frames["land"]} if "land" in frames else None, lang=current_lang()
        ),
        key=state.map_key(state.PLAYBACK_MAP_KEY, current_lang()),
        height=380,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=build_layer_groups(
            layers,
            titles={"pla_incursions": _("Incursions on {day}").format(day=_day_text(day))},
            legend=False,
            sources={"pla_incursions": incursions},
            lang=current_lang(),
        ),
    )


def _day_text(day: str) -> str:
    """An ISO day as the page shows it (ISO in English, 2024年5月23日 in Chinese)."""
    if current_lang() == "en":
        return str(day)
    return shown_date(dt.date.fromisoformat(str(day)))


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
    if current_lang() != "en":
        names = {column: _(label) for column, label in SERIES_LABELS.items()}
        long = long.assign(series=long["series"].map(lambda c: names.get(str(c), str(c))))
    st.vega_lite_chart(
        long,
        {
            "title": _("MND daily totals, 2026 (PLA Tracker transcription)"),
            "mark": {"type": "line", "point": True},
            "height": 220,
            "encoding": {
                "x": {
                    "field": "date",
                    "type": "temporal",
                    "title": _("Date"),
                    **_translated({"axis": {"format": DAY_FORMAT_ZH}}),
                },
                "y": {"field": "count", "type": "quantitative", "title": _("Count")},
                "color": {"field": "series", "type": "nominal", "title": None},
                "tooltip": [
                    _tooltip("date", "temporal", N_("Date"), DAY_FORMAT_ZH),
                    _tooltip("series", "nominal", N_("Series")),
                    _tooltip("count", "quantitative", N_("Count")),
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
        _("Table and export"),
        choices,
        index=default,
        format_func=shown_as({i: _(specs[i].title) for i in choices if i in specs}),
        key=state.TABLE_LAYER_KEY,
    )
    frame = filtered[layer_id]
    table = plain_table(frame)
    headers = (
        None
        if current_lang() == "en"
        else {c: _(FIELD_LABELS[c]) for c in table.columns if c in FIELD_LABELS}
    )
    st.dataframe(table, hide_index=True, height=300, column_config=headers)
    left, right = st.columns(2)
    left.download_button(
        _("Download CSV ({count} rows)").format(count=shown_count(len(frame))),
        lambda: to_csv_bytes(frame),  # built only when clicked
        file_name=f"straitmap-{layer_id}.csv",
        mime="text/csv",
        key=state.DOWNLOAD_CSV_KEY,
    )
    right.download_button(
        _("Download GeoJSON"),
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
        m = build_map(
            dict(filtered), titles=titles, attributions=["Made with Natural Earth"], lang=lang
        )
        return standalone_html(m, static_root, title=page_title, lang=lang).encode()

    lang = current_lang()

    page_title = _("straitmap: the Taiwan Strait")
    st.download_button(
        _("Download this map (one HTML file, works offline)"),
        page,  # built only when clicked
        file_name="straitmap-map.html",
        mime="text/html",
        key=state.DOWNLOAD_MAP_HTML_KEY,
    )


def plain_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """The frame's attributes without geometry, for st.dataframe."""
    return pd.DataFrame(frame.drop(columns=frame.geometry.name))
