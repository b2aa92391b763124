"""Reusable pieces of the dashboard; the one place a StraitmapError becomes st.error."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any

import geopandas as gpd
import streamlit as st

from dashboard import i18n, state
from dashboard.i18n import N_, _, current_lang, pgettext
from straitmap import filters
from straitmap.catalog import LayerSpec
from straitmap.errors import StraitmapError
from straitmap.filters import (
    AIRCRAFT_CLASSES,
    DatePreset,
    FilterDimension,
    FilterState,
    date_presets,
)
from straitmap.i18n import format_date, format_number

logger = logging.getLogger(__name__)

#: Sidebar groups of layers, in order, keyed by the catalog's `group`.
LAYER_GROUPS: dict[str, str] = {
    "geography": N_("Geography"),
    "lanes": N_("Shipping lanes"),
    "us_posture": N_("US posture"),
    "pla_activity": N_("PLA activity"),
}
YES_NO_LABELS = {"any": N_("Any"), "yes": N_("Yes"), "no": N_("No")}
#: The sidebar's filter sections: the layer a dimension filters first → (title, expanded).
FILTER_SECTIONS: dict[str, tuple[str, bool]] = {
    "pla_incursions": (N_("PLA air incursions"), True),
    "us_bases_japan": (N_("US installations"), False),
    "shipping_lanes": (N_("Shipping lanes"), False),
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
            _(
                "Could not {what}: an unexpected {error}. This is a bug in straitmap (the "
                "details are in the server log); the rest of the page still works."
            ).format(what=self.what, error=type(error).__name__)
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
        st.error(
            _("Layer `{layer}` is disabled: {message}").format(layer=layer_id, message=message),
            icon="⚠️",
        )


def data_as_of(specs: Mapping[str, LayerSpec], layer_ids: list[str]) -> str:
    """A one-line 'data as of' note for the given layers."""
    parts = [
        _("{layer}: {date}").format(layer=_(specs[i].title), date=_(specs[i].data_as_of))
        for i in layer_ids
        if i in specs
    ]
    return _("Data as of — {layers}").format(layers=list_separator().join(parts))


def list_separator() -> str:
    """Between the items of a list in a sentence: "; " in English, "；" in Chinese."""
    return "; " if current_lang() == "en" else "；"


def shown_date(day: dt.date) -> str:
    """A date as the page shows it: ISO in English (as typed), 2024年5月23日 in Chinese."""
    lang = current_lang()
    return day.isoformat() if lang == "en" else format_date(day, lang)


def shown_count(value: int) -> str:
    """A count with the language's grouping (1,243)."""
    return format_number(value, current_lang(), 0)


def vocabulary_labels() -> dict[str, dict[str, str]]:
    """The closed vocabularies' values in the session's language, keyed by the filter's `key`
    (also each translation's msgctxt, which `FilterState.describe` reads): the one place they
    are translated. Values keep their English in session keys, URLs and data."""
    return {
        "class": {
            "fighter": pgettext("class", "fighter"),
            "bomber": pgettext("class", "bomber"),
            "airborne early warning": pgettext("class", "airborne early warning"),
            "reconnaissance/electronic warfare": pgettext(
                "class", "reconnaissance/electronic warfare"
            ),
            "anti-submarine": pgettext("class", "anti-submarine"),
            "tanker/transport": pgettext("class", "tanker/transport"),
            "helicopter": pgettext("class", "helicopter"),
            "drone": pgettext("class", "drone"),
            "balloon": pgettext("class", "balloon"),
            "main combat (unspecified)": pgettext("class", "main combat (unspecified)"),
            "support (unspecified)": pgettext("class", "support (unspecified)"),
            "unspecified": pgettext("class", "unspecified"),
            "several classes": pgettext("class", "several classes"),
        },
        "zone": {
            "north": pgettext("zone", "north"),
            "northern strait": pgettext("zone", "northern strait"),
            "central strait (median line)": pgettext("zone", "central strait (median line)"),
            "southwest": pgettext("zone", "southwest"),
            "southeast": pgettext("zone", "southeast"),
            "east": pgettext("zone", "east"),
            "outside ADIZ": pgettext("zone", "outside ADIZ"),
        },
        "branch": {
            "USAF": pgettext("branch", "USAF"),
            "USN": pgettext("branch", "USN"),
            "USMC": pgettext("branch", "USMC"),
            "US Army": pgettext("branch", "US Army"),
        },
        "kind": {
            "air base": pgettext("kind", "air base"),
            "camp": pgettext("kind", "camp"),
            "communications site": pgettext("kind", "communications site"),
            "depot": pgettext("kind", "depot"),
            "naval base": pgettext("kind", "naval base"),
            "port facility": pgettext("kind", "port facility"),
            "radar site": pgettext("kind", "radar site"),
            "training area": pgettext("kind", "training area"),
        },
        "lane": {
            "network": pgettext("lane", "network"),
            "route": pgettext("lane", "route"),
        },
    }


def shown_as(labels: Mapping[str, str]) -> Callable[[str], str]:
    """A widget's `format_func` from labels translated now, while the run knows the session's
    language (Streamlit, and AppTest, may call it outside the run); others as they are."""
    return lambda value: labels.get(value, value)


def translated(values: Sequence[str]) -> Callable[[str], str]:
    """`shown_as` for English values that are their own msgids (`_`)."""
    return shown_as({value: _(value) for value in values})


def vocabulary_label(key: str, value: str) -> str:
    """One vocabulary value (of the filter keyed `key`) in the session's language; a value
    outside the vocabulary as it is."""
    return vocabulary_labels().get(key, {}).get(value, value)


def presentation_toggle() -> bool:
    """Presentation mode (sidebar and chrome hidden, large type); on from `?present=1`."""
    present = bool(st.session_state.get(state.PRESENT_KEY, False))
    if present:
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    return present


def presentation_bar(with_language: bool = True) -> None:
    """One row for a screen share: the title, the preset views, the language toggle (unless
    `with_language` is False: the sidebar holds it this run), and the way out.

    The presets are a segmented control (a value the browser sends with every rerun), not
    buttons: a button's click is a one-off trigger that Streamlit could drop when the run it
    started was cut short by the map reporting its view a moment after the page opened.
    `chosen_preset` applies the choice at the top of the next run.
    """
    labels = list(state.PRESET_VIEWS)
    # Chinese presets are shorter: the room goes to the language toggle (its two names).
    widths = (
        [1.6, 1.15 * len(labels), 0.9, 0.6]
        if current_lang() == "en"
        else [1.4, 1.05 * len(labels), 1.7, 0.6]
    )
    title, presets, language, leave = st.columns(widths)
    if with_language:
        # The toggle moved here from the sidebar (presentation mode just began): Streamlit
        # takes it for a new widget with no value, so it is handed the session's language.
        st.session_state[state.LANG_KEY] = current_lang()
        with language:
            i18n.language_toggle()
    title.markdown("## " + _("The Taiwan Strait"))
    presets.segmented_control(
        _("Preset views"),
        labels,
        key=state.PRESET_BAR_KEY,
        format_func=translated(labels),
        label_visibility="collapsed",
        width="stretch",
        wrap=True,  # onto a second row rather than cut off on a narrow screen
    )
    leave.button(
        _("Leave"),
        key=state.LEAVE_PRESENT_KEY,
        help=_("Leave presentation mode"),
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
    # The language toggle moves back to the sidebar, where Streamlit sees a new widget: hand
    # it the session's language (a callback may, before the run draws it).
    st.session_state[state.LANG_KEY] = current_lang()


def page_title(present: bool) -> None:
    """The page title (in presentation mode the title is in `presentation_bar`)."""
    if not present:
        st.header(_("The Taiwan Strait"))


def ticked_layers(available: list[str]) -> list[str]:
    """The layers whose checkboxes are ticked (read from the session, no widget)."""
    return [i for i in available if st.session_state.get(state.layer_key(i))]


def layer_picker(specs: Mapping[str, LayerSpec], available: list[str]) -> list[str]:
    """Grouped layer checkboxes with a short 'what is this' help; returns the ticked layers."""
    st.toggle(
        _("Presentation mode"), key=state.PRESENT_KEY, help=_("Hide the sidebar; large type.")
    )
    st.header(_("Layers"))
    groups = list(LAYER_GROUPS) + sorted({specs[i].group for i in available} - set(LAYER_GROUPS))
    visible: list[str] = []
    for group in groups:
        members = [i for i in available if specs[i].group == group]
        if not members:
            continue
        st.caption(_(LAYER_GROUPS[group]) if group in LAYER_GROUPS else group)
        for layer_id in members:
            # The value lives in the session key (state.seed_widgets), never in `value=`.
            if st.checkbox(
                _(specs[layer_id].title),
                key=state.layer_key(layer_id),
                help=_(specs[layer_id].description),
            ):
                visible.append(layer_id)
    return visible


def _type_label(frame: gpd.GeoDataFrame | None) -> dict[str, str]:
    """Aircraft type → "type (class)" so the type list reads grouped by class; in Chinese
    the type's `aircraft_type_zh` (`aircraft_type_names`) and the classes translated."""
    if frame is None or "aircraft_type" not in frame.columns:
        return {}
    pairs = frame[["aircraft_type", "aircraft_class"]].dropna().drop_duplicates()
    labels: dict[str, list[str]] = {}
    for aircraft_type, aircraft_class in pairs.itertuples(index=False):
        labels.setdefault(str(aircraft_type), []).append(str(aircraft_class))
    if current_lang() == "en":
        return {t: f"{t} ({', '.join(sorted(c))})" for t, c in labels.items()}
    names = aircraft_type_names(frame)
    return {
        t: _("{type} ({classes})").format(
            type=names.get(t, t), classes="、".join(vocabulary_label("class", v) for v in sorted(c))
        )
        for t, c in labels.items()
    }


def aircraft_type_names(frame: gpd.GeoDataFrame | None) -> dict[str, str]:
    """Aircraft type → its name in the session's language: in Chinese the `aircraft_type_zh`
    MND wrote most often for it (types without one, or "unspecified", which stands for
    several MND wordings, keep a translated or English name); the type itself in English."""
    if frame is None or "aircraft_type" not in frame.columns:
        return {}
    types = [str(t) for t in frame["aircraft_type"].dropna().unique()]
    if current_lang() == "en" or "aircraft_type_zh" not in frame.columns:
        return {t: t for t in types}
    pairs = frame[["aircraft_type", "aircraft_type_zh"]].dropna()
    common = pairs.groupby("aircraft_type")["aircraft_type_zh"].agg(
        lambda names: names.value_counts().index[0]
    )
    names = {t: str(common.get(t, t)) for t in types}
    names["unspecified"] = vocabulary_label("class", "unspecified")
    # Two types MND names alike keep their own codes apart.
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {t: (n if seen[n] == 1 or n == t else f"{n}（{t}）") for t, n in names.items()}


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
    choice = st.selectbox(
        _("Dates"),
        labels,
        key=state.DATE_PRESET_KEY,
        format_func=shown_as({label: date_preset_text(label, presets) for label in labels}),
    )
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
    help_text = _(
        "Type a date and press Enter: YYYY-MM-DD, YYYY/MM/DD or an ROC year (113/03/01). "
        "The reports run from {first} to {last}."
    ).format(first=shown_date(dates[0]), last=shown_date(dates[-1]))
    left, right = st.columns(2)
    from_text = left.text_input(
        pgettext("date", "From"), key=state.DATE_FROM_TEXT_KEY, help=help_text
    )
    to_text = right.text_input(pgettext("date", "To"), key=state.DATE_TO_TEXT_KEY, help=help_text)
    picked: tuple[dt.date, dt.date] | None = None
    meanwhile = _("Showing {start} to {end} until it is fixed.").format(
        start=shown_date(start), end=shown_date(end)
    )
    with errors_shown(_("read the dates"), then=meanwhile):
        picked = state.read_date_range(from_text, to_text)
    if picked is None:
        return start, end
    st.session_state[state.DATE_RANGE_KEY] = picked
    return picked


def date_preset_text(label: str, presets: list[DatePreset]) -> str:
    """A date preset's label (an English value: URL and session) as the page shows it."""
    if current_lang() == "en" or label.isdigit():
        return label
    for preset in presets:
        last = preset.end.isoformat() if preset.end is not None else ""
        if preset.label == label and label == f"Last 30 days of the data (to {last})":
            return _("Last 30 days of the data (to {date})").format(
                date=shown_date(preset.end or dt.date.min)
            )
    return _(label)


def choose_placeholder() -> str | None:
    """A multiselect's empty text: Streamlit's own in English, translated otherwise."""
    return None if current_lang() == "en" else _("Choose options")


def _filter_widget(
    dimension: FilterDimension, frame: gpd.GeoDataFrame | None, vocab: Mapping[str, list[str]]
) -> None:
    """One dimension's widget, keyed `state.filter_key`: a multiselect of the values found in
    the layer (and any already chosen), or a yes/no/any radio."""
    key = state.filter_key(dimension)
    if dimension.kind == "yes_no":
        st.radio(
            _(dimension.label),
            list(YES_NO_LABELS),
            format_func=shown_as({k: _(v) for k, v in YES_NO_LABELS.items()}),
            horizontal=True,
            key=key,
        )
        return
    if frame is not None and dimension.column in frame.columns:
        found = set(frame[dimension.column].dropna().astype(str).unique())
    else:
        found = set(vocab.get(dimension.key, []))
    options = dimension.order(found | set(st.session_state.get(key, [])))
    format_func = shown_as(vocabulary_labels().get(dimension.key, {}))
    if dimension.name == "aircraft_types":
        labels = _type_label(frame)
        options = _type_order({t: labels.get(t, t) for t in options}, frame)
        format_func = shown_as(labels)
    st.multiselect(
        _(dimension.label),
        options,
        format_func=format_func,
        key=key,
        placeholder=choose_placeholder(),
    )


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
        st.header(_("Filters"))
    # Without the incursion layer, keep what a shared link asked for rather than drop it.
    dates = state.kept_date_range(st.session_state)
    for layer_id in shown:
        title, expanded = FILTER_SECTIONS.get(layer_id, (layer_id, False))
        frame = frames[layer_id]
        with st.expander(_(title), expanded=expanded):
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
#: Each counted layer's line, whole ("1,243 of 1,702 incursions"), for translation.
COUNT_LINES = {
    "pla_incursions": N_("{shown} of {total} incursions"),
    "us_bases_japan": N_("{shown} of {total} installations"),
    "shipping_lanes": N_("{shown} of {total} lanes"),
}


def count_line(total: int, shown: int, noun: str) -> str:
    """ "1,243 of 1,702 incursions"."""
    return f"{shown:,} of {total:,} {noun}"


def filter_counts(
    frames: Mapping[str, gpd.GeoDataFrame], filtered: Mapping[str, gpd.GeoDataFrame]
) -> None:
    """How many features of each filtered layer are shown."""
    lines = [
        _(COUNT_LINES[i]).format(
            shown=shown_count(len(filtered[i])), total=shown_count(len(frames[i]))
        )
        for i in COUNTED
        if i in frames and i in filtered
    ]
    if lines:
        st.caption(" · ".join(lines), help=_("Features shown after the filters, of all bundled."))


def current_view(returned: Mapping[str, Any] | None, initial: state.View) -> state.View:
    """The map's centre and zoom as the browser last reported them (else the initial view)."""
    if not returned or not returned.get("center") or returned.get("zoom") is None:
        return initial
    center = returned["center"]
    return state.View(center=(float(center["lat"]), float(center["lng"])), zoom=returned["zoom"])


def caveats(specs: Mapping[str, LayerSpec], visible: list[str]) -> None:
    """The data-caveat lines under the map."""
    notes = [
        _(
            "Contested lines (median line, ADIZ) are drawn as their defining authority states "
            "them; popups give each feature's source and precision. The in-map ruler is "
            "Leaflet's approximate spherical estimate: use the Measure page for geodesic figures."
        )
    ]
    if "pla_incursions" in visible or "pla_tracks" in visible:
        notes.append(
            _(
                "PLA positions are hand-digitised from Taiwan MND map images (approximate, for "
                "small map scales). MND publishes track maps only for aircraft that cross the "
                "median line or enter the southwest airspace, so these points are a subset of "
                "MND's daily totals."
            )
        )
    if "shipping_lanes" in visible:
        notes.append(_("Shipping lanes are model routes: for visualisation, not navigation."))
    for note in notes:
        st.caption(note)
    st.caption(data_as_of(specs, visible))


def preset_views() -> None:
    """The preset briefing views (layers, filters and map view): a value, not buttons (see
    `presentation_bar`)."""
    box = st.expander(_("Preset views"), expanded=False)
    box.pills(
        _("Jump to a preset"),
        list(state.PRESET_VIEWS),
        key=state.PRESET_PICK_KEY,
        format_func=translated(list(state.PRESET_VIEWS)),
        label_visibility="collapsed",
    )
