"""Reusable pieces of the dashboard; the one place a StraitmapError becomes st.error."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import geopandas as gpd
import streamlit as st

from dashboard import i18n, state
from straitmap import filters
from straitmap.catalog import LayerSpec
from straitmap.errors import StraitmapError
from straitmap.filters import AIRCRAFT_CLASSES, FilterDimension, FilterState, date_presets

logger = logging.getLogger(__name__)

#: Sidebar groups of layers, in order, keyed by the catalog's `group`.
LAYER_GROUPS: dict[str, str] = {
    "geography": "Geography",
    "lanes": "Shipping lanes",
    "us_posture": "US posture",
    "pla_activity": "PLA activity",
}
YES_NO_LABELS = {"any": "Any", "yes": "Yes", "no": "No"}
#: The sidebar's filter sections: the layer a dimension filters first → (title, expanded).
FILTER_SECTIONS: dict[str, tuple[str, bool]] = {
    "pla_incursions": ("PLA air incursions", True),
    "us_bases_japan": ("US installations", False),
    "shipping_lanes": ("Shipping lanes", False),
}

PRESENTATION_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], footer {{ display: none !important; }}
.block-container {{ padding-top: 0.5rem !important; max-width: 100% !important; }}
html, body, [data-testid="stAppViewContainer"] {{ font-size: 19px; background: #ffffff; }}
h2 {{ font-size: 1.7rem !important; color: #000 !important; padding: 0.2rem 0 !important; }}
[data-testid="stButton"] button p {{ white-space: normal; line-height: 1.15; }}
[data-testid="stButton"] button {{ padding: 0.25rem 0.5rem; min-height: 2.6rem; }}
.st-key-{state.MAP_CONTAINER_KEY} iframe {{ height: max(420px, calc(100vh - 150px)) !important; }}
</style>
"""

#: The Map page's map fills the window below the title (at least 480 px): a 1920×1080 screen
#: gets a taller map, a 1280×720 one the whole height it has. Leaflet follows the frame's size.
MAP_PAGE_CSS = f"""
<style>
.st-key-{state.MAP_CONTAINER_KEY} iframe {{ height: max(480px, calc(100vh - 170px)) !important; }}
</style>
"""


class ErrorsShown:
    """The context manager `errors_shown` returns (a class, so type checkers know it can
    swallow an exception: the code after the block must not assume the block finished)."""

    def __init__(self, what: str, then: str = "") -> None:
        self.what = what
        self.then = then

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if error is None or not isinstance(error, Exception):
            return False
        if isinstance(error, StraitmapError):
            st.error(f"{error} {self.then}" if self.then else str(error))
            return True
        logger.error("Could not %s", self.what, exc_info=error)
        st.error(
            f"Could not {self.what}: an unexpected {type(error).__name__}. This is a bug in "
            "straitmap (the details are in the server log); the rest of the page still works."
        )
        return True


def literal_md(text: str) -> str:
    """Text shown literally in Markdown (no HTML, no links or emphasis from the data)."""
    escaped = text.replace("\\", "\\\\")
    for character in "`*_[]<>#|":
        escaped = escaped.replace(character, "\\" + character)
    return escaped


def errors_shown(what: str, then: str = "") -> ErrorsShown:
    """Show an error inside the block as `st.error` and go on with the page: the one place a
    `StraitmapError` becomes `st.error`.

    A `StraitmapError` (a place not found, a bad radius, a mistyped date) shows its own
    message, then `then` (what the page does meanwhile). Anything else is a bug: it is logged
    with its traceback on the server, and the page says what failed (`what`) without the
    traceback or server paths, so one section cannot break the whole page. Streamlit's own
    control flow (`st.rerun`, `st.stop`) passes through.
    """
    return ErrorsShown(what, then)


def show_layer_errors(errors: Mapping[str, str]) -> None:
    """One visible error per bundled layer that could not be loaded (the rest still work)."""
    for layer_id, message in errors.items():
        st.error(f"Layer `{layer_id}` is disabled: {message}", icon="⚠️")


def data_as_of(specs: Mapping[str, LayerSpec], layer_ids: list[str]) -> str:
    """A one-line 'data as of' note for the given layers."""
    parts = [f"{specs[i].title}: {specs[i].data_as_of}" for i in layer_ids if i in specs]
    return "Data as of — " + "; ".join(parts)


def presentation_toggle() -> bool:
    """Presentation mode (sidebar and chrome hidden, large type); on from `?present=1`."""
    present = bool(st.session_state.get(state.PRESENT_KEY, False))
    if present:
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    return present


def presentation_bar() -> None:
    """One row for a screen share: the title, the preset views, and the way out.

    The presets are a segmented control (a value the browser sends with every rerun), not
    buttons: a button's click is a one-off trigger that Streamlit could drop when the run it
    started was cut short by the map reporting its view a moment after the page opened.
    `chosen_preset` applies the choice at the top of the next run.
    """
    labels = list(state.PRESET_VIEWS)
    title, presets, language, leave = st.columns([1.6, 1.15 * len(labels), 0.9, 0.6])
    with language:
        i18n.language_toggle()
    title.markdown("## The Taiwan Strait")
    presets.segmented_control(
        "Preset views",
        labels,
        key=state.PRESET_BAR_KEY,
        label_visibility="collapsed",
        width="stretch",
        wrap=True,  # onto a second row rather than cut off on a narrow screen
    )
    leave.button(
        "Leave",
        key=state.LEAVE_PRESENT_KEY,
        help="Leave presentation mode",
        on_click=_leave_presentation,
    )


def chosen_preset() -> str | None:
    """The preset just picked in the sidebar or the presentation bar, once (None if none).

    Read from the session before the widgets are drawn, so the preset's layers and filters
    are in place for this run's widgets.
    """
    session = st.session_state
    for key in (state.PRESET_BAR_KEY, state.PRESET_PICK_KEY):
        value = session.get(key)
        applied = f"{key}{state.APPLIED_SUFFIX}"
        if value != session.get(applied):
            session[applied] = value
            if value in state.PRESET_VIEWS:
                return str(value)
    return None


def _leave_presentation() -> None:
    st.session_state[state.PRESENT_KEY] = False


def page_title(present: bool) -> None:
    """The page title (in presentation mode the title is in `presentation_bar`)."""
    if not present:
        st.header("The Taiwan Strait")


def ticked_layers(available: list[str]) -> list[str]:
    """The layers whose checkboxes are ticked (read from the session, no widget)."""
    return [i for i in available if st.session_state.get(state.layer_key(i))]


def layer_picker(specs: Mapping[str, LayerSpec], available: list[str]) -> list[str]:
    """Grouped layer checkboxes with a short 'what is this' help; returns the ticked layers."""
    st.toggle("Presentation mode", key=state.PRESENT_KEY, help="Hide the sidebar; large type.")
    st.header("Layers")
    groups = list(LAYER_GROUPS) + sorted({specs[i].group for i in available} - set(LAYER_GROUPS))
    visible: list[str] = []
    for group in groups:
        members = [i for i in available if specs[i].group == group]
        if not members:
            continue
        st.caption(LAYER_GROUPS.get(group, group))
        for layer_id in members:
            # The value lives in the session key (state.seed_widgets), never in `value=`.
            if st.checkbox(
                specs[layer_id].title,
                key=state.layer_key(layer_id),
                help=specs[layer_id].description,
            ):
                visible.append(layer_id)
    return visible


def _type_label(frame: gpd.GeoDataFrame | None) -> dict[str, str]:
    """Aircraft type → "type (class)" so the type list reads grouped by class."""
    if frame is None or "aircraft_type" not in frame.columns:
        return {}
    pairs = frame[["aircraft_type", "aircraft_class"]].dropna().drop_duplicates()
    labels: dict[str, list[str]] = {}
    for aircraft_type, aircraft_class in pairs.itertuples(index=False):
        labels.setdefault(str(aircraft_type), []).append(str(aircraft_class))
    return {t: f"{t} ({', '.join(sorted(c))})" for t, c in labels.items()}


def _type_order(labels: Mapping[str, str], frame: gpd.GeoDataFrame | None) -> list[str]:
    if frame is None:
        return sorted(labels)
    first_class = frame.groupby("aircraft_type")["aircraft_class"].first().astype(str)

    def rank(aircraft_type: str) -> tuple[int, str]:
        cls = first_class.get(aircraft_type, "unspecified")
        return (AIRCRAFT_CLASSES.index(cls) if cls in AIRCRAFT_CLASSES else 99, aircraft_type)

    return sorted(labels, key=rank)


def _date_filter(incursions: gpd.GeoDataFrame) -> tuple[dt.date | None, dt.date | None]:
    presets = date_presets(incursions["date"].dropna().unique())
    labels = [p.label for p in presets] + [state.CUSTOM_RANGE]
    if st.session_state.get(state.DATE_PRESET_KEY) not in labels:
        kept_from, kept_to = state.kept_date_range(st.session_state)
        st.session_state[state.DATE_PRESET_KEY] = state.date_preset_label(
            kept_from, kept_to, presets
        )
    choice = st.selectbox("Dates", labels, key=state.DATE_PRESET_KEY)
    if choice != state.CUSTOM_RANGE:
        preset = presets[labels.index(choice)]
        return preset.start, preset.end
    dates = sorted(dt.date.fromisoformat(d) for d in incursions["date"].dropna().unique())
    start, end = st.session_state.get(state.DATE_RANGE_KEY, (dates[0], dates[-1]))
    start, end = start or dates[0], end or dates[-1]
    # Text fields, not st.date_input: Streamlit's date field applies a typed date only when
    # focus leaves it, and Enter does nothing; a text field applies it on Enter (and on blur).
    for key, value in ((state.DATE_FROM_TEXT_KEY, start), (state.DATE_TO_TEXT_KEY, end)):
        if key not in st.session_state:
            st.session_state[key] = value.isoformat()
    data_range = f"{dates[0].isoformat()} to {dates[-1].isoformat()}"
    help_text = (
        f"Type a date and press Enter: YYYY-MM-DD, YYYY/MM/DD or an ROC year (113/03/01). "
        f"The reports run from {data_range}."
    )
    left, right = st.columns(2)
    from_text = left.text_input("From", key=state.DATE_FROM_TEXT_KEY, help=help_text)
    to_text = right.text_input("To", key=state.DATE_TO_TEXT_KEY, help=help_text)
    picked: tuple[dt.date, dt.date] | None = None
    meanwhile = f"Showing {start.isoformat()} to {end.isoformat()} until it is fixed."
    with errors_shown("read the dates", then=meanwhile):
        picked = state.read_date_range(from_text, to_text)
    if picked is None:
        return start, end
    st.session_state[state.DATE_RANGE_KEY] = picked
    return picked


def _filter_widget(
    dimension: FilterDimension, frame: gpd.GeoDataFrame | None, vocab: Mapping[str, list[str]]
) -> None:
    """One dimension's widget, keyed `state.filter_key`: a multiselect of the values found in
    the layer (and any already chosen), or a yes/no/any radio."""
    key = state.filter_key(dimension)
    if dimension.kind == "yes_no":
        st.radio(
            dimension.label,
            list(YES_NO_LABELS),
            format_func=YES_NO_LABELS.__getitem__,
            horizontal=True,
            key=key,
        )
        return
    if frame is not None and dimension.column in frame.columns:
        found = set(frame[dimension.column].dropna().astype(str).unique())
    else:
        found = set(vocab.get(dimension.key, []))
    options = dimension.order(found | set(st.session_state.get(key, [])))
    format_func: Callable[[str], str] = str
    if dimension.name == "aircraft_types":
        labels = _type_label(frame)
        options = _type_order({t: labels.get(t, t) for t in options}, frame)
        format_func = lambda t: labels.get(t, t)  # noqa: E731
    st.multiselect(dimension.label, options, format_func=format_func, key=key)


def filter_panel(
    frames: Mapping[str, gpd.GeoDataFrame], vocab: Mapping[str, list[str]]
) -> FilterState:
    """Sidebar filters, one widget per declared dimension (`straitmap.filters.DIMENSIONS`),
    in one section per layer that is loaded → one FilterState."""
    sections: dict[str, list[FilterDimension]] = {}
    for dimension in filters.DIMENSIONS:
        sections.setdefault(dimension.layers[0], []).append(dimension)
    shown = [layer_id for layer_id in sections if layer_id in frames]
    if shown:
        st.header("Filters")
    # Without the incursion layer, keep what a shared link asked for rather than drop it.
    dates = state.kept_date_range(st.session_state)
    for layer_id in shown:
        title, expanded = FILTER_SECTIONS.get(layer_id, (layer_id, False))
        frame = frames[layer_id]
        with st.expander(title, expanded=expanded):
            if layer_id in filters.DATES.layers:
                dates = _date_filter(frame)
            for dimension in sections[layer_id]:
                _filter_widget(dimension, frame, vocab)
    return current_filters(frames, dates)


def current_dates(frames: Mapping[str, gpd.GeoDataFrame]) -> tuple[dt.date | None, dt.date | None]:
    """The date range the sidebar's date widgets hold (read from the session, no widget)."""
    session = st.session_state
    incursions = frames.get("pla_incursions")
    kept = state.kept_date_range(session)
    if incursions is None:
        return kept
    presets = date_presets(incursions["date"].dropna().unique())
    label = session.get(state.DATE_PRESET_KEY)
    if label not in [p.label for p in presets] + [state.CUSTOM_RANGE]:
        label = state.date_preset_label(*kept, presets)
    for preset in presets:
        if preset.label == label:
            return preset.start, preset.end
    if state.DATE_FROM_TEXT_KEY in session and state.DATE_TO_TEXT_KEY in session:
        try:
            return state.read_date_range(
                session[state.DATE_FROM_TEXT_KEY], session[state.DATE_TO_TEXT_KEY]
            )
        except StraitmapError:
            pass  # the sidebar says why (errors_shown); the last good range stays
    if kept != (None, None):
        return kept
    dates = sorted(dt.date.fromisoformat(d) for d in incursions["date"].dropna().unique())
    return (dates[0], dates[-1]) if dates else (None, None)


def typed_open_dates(from_key: str, to_key: str) -> tuple[dt.date | None, dt.date | None]:
    """The From/To pair typed under two session keys, a blank one open-ended
    (`state.read_open_date_range`); open at both ends while they cannot be read (the fields'
    own section says why)."""
    session = st.session_state
    try:
        return state.read_open_date_range(session.get(from_key, ""), session.get(to_key, ""))
    except StraitmapError:
        return None, None


def current_filters(
    frames: Mapping[str, gpd.GeoDataFrame],
    dates: tuple[dt.date | None, dt.date | None] | None = None,
) -> FilterState:
    """The FilterState the sidebar's filter widgets hold, read from their session keys: the
    map page draws the map with it before the widgets themselves are laid out."""
    return state.session_filters(
        st.session_state, current_dates(frames) if dates is None else dates
    )


COUNTED = {
    "pla_incursions": "incursions",
    "us_bases_japan": "installations",
    "shipping_lanes": "lanes",
}


def count_line(total: int, shown: int, noun: str) -> str:
    """ "1,243 of 1,702 incursions"."""
    return f"{shown:,} of {total:,} {noun}"


def filter_counts(
    frames: Mapping[str, gpd.GeoDataFrame], filtered: Mapping[str, gpd.GeoDataFrame]
) -> None:
    """How many features of each filtered layer are shown."""
    lines = [
        count_line(len(frames[i]), len(filtered[i]), noun)
        for i, noun in COUNTED.items()
        if i in frames and i in filtered
    ]
    if lines:
        st.caption(" · ".join(lines), help="Features shown after the filters, of all bundled.")


def current_view(returned: Mapping[str, Any] | None, initial: state.View) -> state.View:
    """The map's centre and zoom as the browser last reported them (else the initial view)."""
    if not returned or not returned.get("center") or returned.get("zoom") is None:
        return initial
    center = returned["center"]
    return state.View(center=(float(center["lat"]), float(center["lng"])), zoom=returned["zoom"])


def caveats(specs: Mapping[str, LayerSpec], visible: list[str]) -> None:
    """The data-caveat lines under the map."""
    notes = [
        "Contested lines (median line, ADIZ) are drawn as their defining authority states "
        "them; popups give each feature's source and precision. The in-map ruler is Leaflet's "
        "approximate spherical estimate: use the Measure page for geodesic figures."
    ]
    if "pla_incursions" in visible or "pla_tracks" in visible:
        notes.append(
            "PLA positions are hand-digitised from Taiwan MND map images (approximate, for small "
            "map scales). MND publishes track maps only for aircraft that cross the median line "
            "or enter the southwest airspace, so these points are a subset of MND's daily totals."
        )
    if "shipping_lanes" in visible:
        notes.append("Shipping lanes are model routes: for visualisation, not navigation.")
    for note in notes:
        st.caption(note)
    st.caption(data_as_of(specs, visible))


def preset_views() -> None:
    """The preset briefing views (layers, filters and map view): a value, not buttons (see
    `presentation_bar`)."""
    box = st.expander("Preset views", expanded=False)
    box.pills(
        "Jump to a preset",
        list(state.PRESET_VIEWS),
        key=state.PRESET_PICK_KEY,
        label_visibility="collapsed",
    )
