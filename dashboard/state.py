"""Every session_state and query-parameter key the dashboard uses, and URL ↔ FilterState."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from straitmap import filters, render
from straitmap.dates import read_date
from straitmap.errors import DateParseError, FilterError
from straitmap.filters import DatePreset, FilterDimension, FilterState
from straitmap.i18n import N_
from straitmap.region import REGION_BOUNDS

if TYPE_CHECKING:
    from streamlit.runtime.state import SessionStateProxy

#: What the helpers below read and write: `st.session_state` (Streamlit types its keys as
#: str | int, so it is no MutableMapping[str, Any]), or a plain dict in tests.
Session: TypeAlias = "MutableMapping[str, Any] | SessionStateProxy"
#: A session the helper only reads.
SessionView: TypeAlias = "Mapping[str, Any] | SessionStateProxy"

#: Layers left unticked on a first visit (the library's choice, shared with the map export).
HIDDEN_BY_DEFAULT = render.HIDDEN_BY_DEFAULT

#: Widget keys (session_state).
LAYERS_KEY = "layers"
MAP_KEY = "main_map"
INITIALISED_KEY = "_url_read"
DATE_PRESET_KEY = "date_preset"
DATE_RANGE_KEY = "date_range"
DATE_FROM_TEXT_KEY = "date_from_text"
DATE_TO_TEXT_KEY = "date_to_text"
#: The date filter's own choice (an English value, shown translated).
CUSTOM_RANGE = N_("Custom range")
CLASSES_KEY = "f_classes"
TYPES_KEY = "f_types"
ZONES_KEY = "f_zones"
CROSSED_KEY = "f_crossed"
BRANCHES_KEY = "f_branches"
BASE_KINDS_KEY = "f_base_kinds"
LANE_KINDS_KEY = "f_lane_kinds"
VIA_STRAIT_KEY = "f_via_strait"
#: Filter widgets' keys as first named (tests, benchmarks and open sessions use them); a
#: dimension declared later gets `f_<name>` (`filter_key`).
FILTER_KEYS: dict[str, str] = {
    "aircraft_classes": CLASSES_KEY,
    "aircraft_types": TYPES_KEY,
    "zones": ZONES_KEY,
    "crossed_median": CROSSED_KEY,
    "base_branches": BRANCHES_KEY,
    "base_kinds": BASE_KINDS_KEY,
    "lane_kinds": LANE_KINDS_KEY,
    "lanes_via_strait": VIA_STRAIT_KEY,
}
PRESENT_KEY = "present"
#: The language toggle's key, and the URL parameter that keeps the language in shared links.
LANG_KEY = "lang"
LANG_PARAM = "lang"
VIEW_KEY = "view"
#: Prefix of an ingested dataset's checkbox on the Map page (`dataset_key`); not "layers_":
#: datasets are not in the shared link's `layers`.
DATASET_LAYER_KEY = "dataset_on"
#: Prefixes of a ticked dataset's own filters (`dataset_filter_key`): From, To, and the
#: values chosen of its category column.
DATASET_FROM_KEY = "dataset_from"
DATASET_TO_KEY = "dataset_to"
DATASET_VALUES_KEY = "dataset_values"
#: The shared link's datasets (`ds=`) have been ticked once in this session.
DATASETS_FROM_URL_KEY = "_datasets_from_url"
#: The URL parameter naming the ticked datasets.
DATASETS_PARAM = "ds"
#: Routes page widget keys.
ROUTE_URL_READ_KEY = "_route_url_read"
ROUTE_FROM_KEY = "route_from"
ROUTE_TO_KEY = "route_to"
ROUTE_VESSEL_KEY = "route_vessel"
ROUTE_SPEED_KEY = "route_speed"
ROUTE_CLOSE_STRAIT_KEY = "route_close_strait"
ROUTE_EXERCISES_KEY = "route_exercises"
ROUTE_ZONES_KEY = "route_zones"
ROUTE_USE_DRAWN_KEY = "route_use_drawn"
ROUTE_CLICK_KEY = "route_click_sets"
ROUTE_LAST_CLICK_KEY = "_route_last_click"
ROUTE_MATRIX_EXERCISE_KEY = "route_matrix_exercise"
#: Briefing page keys: the widgets, and the URL's ?briefing=ID&stop=N (N from 1).
BRIEFING_CHOICE_KEY = "briefing_choice"
BRIEFING_STOP_KEY = "briefing_stop"
BRIEFING_UPLOAD_KEY = "briefing_upload"
BRIEFING_URL_READ_KEY = "_briefing_url_read"
BRIEFING_PREVIOUS_KEY = "briefing_previous"
BRIEFING_NEXT_KEY = "briefing_next"
BRIEFING_MAP_KEY = "briefing_map"
BRIEFING_LEAVE_KEY = "briefing_leave_present"
BRIEFING_SEEN_UPLOAD_KEY = "_briefing_seen_upload"
BRIEFING_PARAM = "briefing"
STOP_PARAM = "stop"
UPLOADED_BRIEFING = N_("Your briefing file")
PLAYBACK_DAY_KEY = "playback_day"
PLAYING_KEY = "playback_playing"
PLAYBACK_ON_KEY = "playback_on"
LAST_FILTERS_KEY = "_last_filters"
URL_NOTES_KEY = "_url_notes"
#: The latest `render.ViewRequest`: where the map must move once (a preset, a new upload).
VIEW_REQUEST_KEY = "_view_request"
#: The view the session's map was created with (kept, so the base map never changes).
BASE_VIEW_KEY = "_base_view"
#: The language the Map page's map was last drawn in (a switch draws a new map: `map_key`).
MAP_LANG_KEY = "_map_lang"
VIEW_REQUEST_COUNT_KEY = "_view_requests"
FITTED_UPLOAD_KEY = "_fitted_upload"
CORRECTED_KEY = "_filters_corrected"
PENDING_KEY = "_pending_widgets"
#: The Map page's map container (its CSS class, `st-key-…`, sizes the map to the window).
MAP_CONTAINER_KEY = "sm_main_map"
LEAVE_PRESENT_KEY = "leave_present"
#: Under the map: playback, the table and the downloads.
PLAYBACK_TOGGLE_KEY = "playback_toggle"
PLAYBACK_MAP_KEY = "playback_map"
TABLE_LAYER_KEY = "table_layer"
DOWNLOAD_CSV_KEY = "download_csv"
DOWNLOAD_GEOJSON_KEY = "download_geojson"
DOWNLOAD_MAP_HTML_KEY = "download_map_html"
#: The uploader (sidebar of the Map page), the file read from it, and how it is used.
UPLOADER_KEY = "uploader"
UPLOADS_KEY = "uploads"
AS_INCURSIONS_KEY = "upload_as_incursions"
UPLOAD_LAT_COLUMN_KEY = "upload_lat_column"
UPLOAD_LON_COLUMN_KEY = "upload_lon_column"
UPLOAD_COLUMNS_KEY = "_upload_columns"
#: Measure page widget keys; a place picker `p` is `p_choice` and `p_text` (`place_keys`).
MEASURE_FROM_KEY = "from"
MEASURE_TO_KEY = "to"
RING_CENTRE_KEY = "ring_centre"
RING_RADII_KEY = "ring_radii"
RING_UNIT_KEY = "ring_unit"
DOWNLOAD_RINGS_KEY = "download_rings"
MEASURE_MAP_KEY = "measure_map"
PATH_POINTS_KEY = "path_points"
MEASURE_LAST_CLICK_KEY = "_last_click"
CLEAR_PATH_KEY = "clear_path"
DOWNLOAD_INCURSION_DISTANCES_KEY = "download_incursion_distances"
MATRIX_ROWS_KEY = "matrix_rows"
MATRIX_COLS_KEY = "matrix_cols"
MATRIX_UNIT_KEY = "matrix_unit"
#: Routes page keys beyond the sidebar's.
ROUTES_MAP_KEY = "routes_map"
ROUTE_DRAWN_KEY = "_route_drawn"
ROUTE_DRAWN_DOWNLOAD_KEY = "route_drawn_download"


#: The preset controls (sidebar pills, presentation bar) and what each applied last.
PRESET_PICK_KEY = "preset_pick"
PRESET_BAR_KEY = "preset_bar"
APPLIED_SUFFIX = "_applied"


def place_keys(key: str) -> tuple[str, str]:
    """The session keys of a place picker's list and its free-text field."""
    return f"{key}_choice", f"{key}_text"


def filter_key(dimension: FilterDimension) -> str:
    """The session key of a filter dimension's widget."""
    return FILTER_KEYS.get(dimension.name, f"f_{dimension.name}")


def url_param_help() -> dict[str, str]:
    """Query parameters: name → what it holds (the README lists the same table)."""
    from_key, to_key = filters.DATES.keys
    params = {
        "layers": "visible layers, comma-separated layer ids",
        from_key: "incursions from this date (YYYY-MM-DD)",
        to_key: "incursions up to this date (YYYY-MM-DD)",
    }
    for dimension in filters.DIMENSIONS:
        plural = ": yes or no" if dimension.kind == "yes_no" else ", comma-separated"
        params[dimension.key] = f"{dimension.help}{plural}"
    params.update(
        {
            "lat": "map centre latitude",
            "lon": "map centre longitude",
            "zoom": "map zoom",
            "present": "presentation mode: 1",
        }
    )
    return params


#: Query parameters: name → what it holds (the README lists the same table).
URL_PARAMS: dict[str, str] = url_param_help()


@dataclass(frozen=True)
class View:
    """Map centre and zoom from the URL (None: fit the strait)."""

    center: tuple[float, float] | None = None
    zoom: float | None = None


@dataclass
class UrlReading:
    """What a shared link asked for, and notes on what was ignored."""

    layers: list[str] | None = None
    filters: FilterState = field(default_factory=FilterState)
    view: View = field(default_factory=View)
    present: bool = False
    notes: list[str] = field(default_factory=list)


def _split(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def _float(raw: str | None, name: str, low: float, high: float, notes: list[str]) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        notes.append(f"`{name}={raw}` ignored: expected a number from {low} to {high}")
        return None
    return value


def read_url(
    params: Mapping[str, str], layer_ids: Sequence[str], vocab: Mapping[str, Sequence[str]]
) -> UrlReading:
    """Parse query parameters; invalid values are ignored with a note, never raised.

    `vocab` holds the values found in the data, keyed by each filter dimension's `key`
    ("type", "branch", "kind", "lane"; `straitmap.filters.vocabularies`).
    """
    notes: list[str] = []
    reading = UrlReading(notes=notes)
    if "layers" in params:
        names = _split(params["layers"])
        unknown = [n for n in names if n not in layer_ids]
        if unknown:
            notes.append(f"unknown layer names ignored: {', '.join(unknown)}")
        reading.layers = [i for i in layer_ids if i in names]
    reading.filters, filter_notes = FilterState.from_url(params, vocab)
    notes.extend(filter_notes)
    lat = _float(params.get("lat"), "lat", -90, 90, notes)
    lon = _float(params.get("lon"), "lon", -180, 180, notes)
    zoom = _float(params.get("zoom"), "zoom", 2, 18, notes)
    if lat is not None and lon is not None and zoom is not None:
        reading.view = View(center=(lat, lon), zoom=zoom)
    elif any(k in params for k in ("lat", "lon", "zoom")) and not notes:
        notes.append("`lat`, `lon` and `zoom` go together: view ignored")
    reading.present = params.get("present") == "1"
    return reading


#: The layers whose filters the Measure page's incursion distances follow.
MEASURE_FILTER_LAYERS = ("pla_incursions",)


def filter_url_keys() -> frozenset[str]:
    """Every query parameter a filter reads (`FilterState.from_url`)."""
    return frozenset({*filters.DATES.keys, *(d.key for d in filters.DIMENSIONS)})


def filters_for(state: FilterState, layers: Sequence[str]) -> FilterState:
    """`state` keeping only the filters of `layers` (the others back to their defaults)."""
    wanted = set(layers)
    changes: dict[str, Any] = {
        d.name: d.default for d in filters.DIMENSIONS if not wanted & set(d.layers)
    }
    if not wanted & set(filters.DATES.layers):
        changes.update(date_from=None, date_to=None)
    return state.replace(**changes)


def measure_filters(
    params: Mapping[str, str], vocab: Mapping[str, Sequence[str]], last: FilterState | None
) -> tuple[FilterState, list[str]]:
    """The filters of the Measure page's incursion distances, and notes on ignored values.

    A link that carries filters (a shared /measure?class=fighter) is read like the Map page's
    (`FilterState.from_url`); without any, the Map page's latest filters in this session
    (`last`) apply. Only the incursions' filters are kept: nothing else changes the table.
    """
    if filter_url_keys() & set(params):
        chosen, notes = FilterState.from_url(params, vocab)
    else:
        chosen, notes = last or FilterState(), []
    return filters_for(chosen, MEASURE_FILTER_LAYERS), notes


def with_filters(params: Mapping[str, str], state: FilterState) -> dict[str, str]:
    """`params` with their filter parameters replaced by `state`'s (defaults left out)."""
    kept = {key: value for key, value in params.items() if key not in filter_url_keys()}
    return {**kept, **state.to_url()}


def url_params(
    layers: Sequence[str],
    default_layers: Sequence[str],
    state: FilterState,
    view: View,
    present: bool,
    datasets: Sequence[str] = (),
) -> dict[str, str]:
    """The query parameters that reproduce this view (defaults are left out); `datasets`:
    the ticked ingested datasets, by name."""
    params: dict[str, str] = {}
    if sorted(layers) != sorted(default_layers):
        params["layers"] = ",".join(layers)
    if datasets:
        params[DATASETS_PARAM] = ",".join(sorted(datasets))
    params.update(state.to_url())
    if view.center is not None and view.zoom is not None:
        params["lat"] = f"{view.center[0]:.4f}"
        params["lon"] = f"{view.center[1]:.4f}"
        params["zoom"] = f"{view.zoom:g}"
    if present:
        params["present"] = "1"
    return params


def seed_widgets(
    session: Session,
    reading: UrlReading,
    layer_ids: Sequence[str],
    default_layers: Sequence[str],
    date_presets: Sequence[DatePreset] = (),
) -> None:
    """Write what the URL asked for into every widget's session key.

    Every key is written explicitly, never left to a widget's `value=` default: the browser
    keeps a widget's last value under its key and sends it back on the next rerun, so a key
    that is only deleted comes back with its old value (how preset views lost their layers).
    """
    f = reading.filters
    ticked = set(reading.layers if reading.layers is not None else default_layers)
    for layer_id in layer_ids:
        session[layer_key(layer_id)] = layer_id in ticked
    for dimension in filters.DIMENSIONS:
        value = f.value(dimension)
        session[filter_key(dimension)] = value if isinstance(value, str) else dimension.order(value)
    session[PRESENT_KEY] = reading.present
    session[VIEW_KEY] = reading.view
    session[DATE_PRESET_KEY] = date_preset_label(f.date_from, f.date_to, date_presets)
    if f.date_from or f.date_to:
        session[DATE_RANGE_KEY] = (f.date_from, f.date_to)
    else:
        session.pop(DATE_RANGE_KEY, None)
    session.pop(DATE_FROM_TEXT_KEY, None)
    session.pop(DATE_TO_TEXT_KEY, None)


def seed_from_url_once(
    session: Session,
    params: Mapping[str, str],
    layer_ids: Sequence[str],
    default_layers: Sequence[str],
    vocab: Mapping[str, Sequence[str]],
    date_presets: Sequence[DatePreset] = (),
) -> None:
    """On the Map page's first run in a session, write what its URL asks for into every widget
    and keep the notes on what was ignored (later runs leave the widgets to the user)."""
    if INITIALISED_KEY in session:
        return
    reading = read_url(params, layer_ids, vocab)
    seed_widgets(session, reading, layer_ids, default_layers, date_presets)
    session[INITIALISED_KEY] = True
    session[URL_NOTES_KEY] = reading.notes


def kept_date_range(session: SessionView) -> tuple[dt.date | None, dt.date | None]:
    """The date range the session holds for the filters ((None, None): none kept)."""
    kept: tuple[dt.date | None, dt.date | None] = session.get(DATE_RANGE_KEY, (None, None))
    return kept


def request_view(
    session: Session,
    view: View | None = None,
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> None:
    """Ask the map to move once: to `bounds`, else to `view` (the whole strait when the view
    has no centre), under a key no earlier request of the session used."""
    number = int(session.get(VIEW_REQUEST_COUNT_KEY, 0)) + 1
    session[VIEW_REQUEST_COUNT_KEY] = number
    key = f"view-{number}"
    if bounds is None and (view is None or view.center is None or view.zoom is None):
        bounds = render.STRAIT_VIEW_BOUNDS
    if bounds is not None:
        session[VIEW_REQUEST_KEY] = render.ViewRequest(key=key, bounds=bounds)
    else:
        assert view is not None
        session[VIEW_REQUEST_KEY] = render.ViewRequest(key=key, center=view.center, zoom=view.zoom)


def request_fit_once(session: Session, name: str, frame: Any) -> None:
    """Fit the map to a newly added file's features inside the map's region (once per file,
    not on every rerun; not at all when none lies inside)."""
    if frame.empty or frame.geometry.isna().all():
        return
    fit_key = f"{name}:{len(frame)}:{tuple(round(float(v), 6) for v in frame.total_bounds)}"
    if session.get(FITTED_UPLOAD_KEY) == fit_key:
        return
    session[FITTED_UPLOAD_KEY] = fit_key
    # The part of the file the map covers: a world-wide file (Natural Earth's ports) would
    # otherwise zoom the map out to empty ocean beyond the land layer.
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    inside = frame.cx[min_lon:max_lon, min_lat:max_lat]
    if inside.empty:
        return
    west, south, east, north = (float(v) for v in inside.total_bounds)
    request_view(session, bounds=((south, west), (north, east)))


@dataclass(frozen=True)
class PendingWidgets:
    """Widget values the server has set (a preset) that the browser may not have yet."""

    values: dict[str, Any]
    until: float


def widget_keys() -> frozenset[str]:
    """Widget keys a preset sets (with the layers' `layers_*` keys)."""
    return frozenset({DATE_PRESET_KEY, *(filter_key(d) for d in filters.DIMENSIONS)})


def session_filters(
    session: SessionView, dates: tuple[dt.date | None, dt.date | None]
) -> FilterState:
    """The FilterState the filter widgets' session keys hold, with the given date range."""
    selections = {
        dimension.name: session.get(filter_key(dimension), dimension.default)
        for dimension in filters.DIMENSIONS
    }
    return FilterState(date_from=dates[0], date_to=dates[1], **selections)


#: How long after a preset the browser's older widget values are overruled.
PENDING_SECONDS = 4.0


def hold_pending_widgets(session: Session) -> None:
    """Re-assert a preset's widget values for a few seconds after it was applied.

    A rerun the browser asked for before it received the preset's values (the map reporting
    its view, say) carries the old values of every widget and would quietly undo the preset;
    values set by the server again are sent to the browser again. Later changes are the user's.
    """
    pending: PendingWidgets | None = session.get(PENDING_KEY)
    if pending is None:
        return
    if time.monotonic() > pending.until:
        del session[PENDING_KEY]
        return
    for key, value in pending.values.items():
        if session.get(key) != value:
            session[key] = value


def is_layer_key(key: object) -> bool:
    """True for a layer checkbox's session key."""
    return str(key).startswith(f"{LAYERS_KEY}_")


def layer_key(layer_id: str) -> str:
    """The session key of a layer's checkbox."""
    return f"{LAYERS_KEY}_{layer_id}"


def dataset_key(name: str) -> str:
    """The session key of an ingested dataset's checkbox on the Map page."""
    return f"{DATASET_LAYER_KEY}_{name}"


def dataset_filter_key(prefix: str, name: str) -> str:
    """The session key of one of a dataset's own filters (`DATASET_FROM_KEY`, …)."""
    return f"{prefix}_{name}"


def read_open_date_range(from_text: str, to_text: str) -> tuple[dt.date | None, dt.date | None]:
    """A From/To pair where a blank field leaves that end open (any `read_date` format).

    Raises FilterError naming the field and what was expected, or saying the ends are swapped.
    """
    ends: list[dt.date | None] = []
    for field_name, text in (("From", from_text), ("To", to_text)):
        if not str(text).strip():
            ends.append(None)
            continue
        try:
            ends.append(read_date(str(text)).date)
        except DateParseError as error:
            raise FilterError(f"{field_name}: {error}.") from None
    first, last = ends
    if first is not None and last is not None and first > last:
        raise FilterError(
            f"From ({first.isoformat()}) is after To ({last.isoformat()}): expected the "
            f"earlier date first."
        )
    return first, last


def read_date_range(from_text: str, to_text: str) -> tuple[dt.date, dt.date]:
    """The range typed in the sidebar's From and To fields (any format `read_date` accepts).

    Raises FilterError naming the field and what was expected, or saying the ends are swapped.
    """
    ends: list[dt.date] = []
    for field_name, text in (("From", from_text), ("To", to_text)):
        try:
            ends.append(read_date(str(text)).date)
        except DateParseError as error:
            raise FilterError(f"{field_name}: {error}.") from None
    if ends[0] > ends[1]:
        raise FilterError(
            f"From ({ends[0].isoformat()}) is after To ({ends[1].isoformat()}): expected the "
            f"earlier date first."
        )
    return ends[0], ends[1]


def date_preset_label(
    date_from: dt.date | None, date_to: dt.date | None, presets: Sequence[DatePreset]
) -> str:
    """The date preset whose range is exactly this one, else "Custom range" (the first
    preset, "All dates", when neither end is set)."""
    for preset in presets:
        if (preset.start, preset.end) == (date_from, date_to):
            return preset.label
    if date_from is None and date_to is None and presets:
        return presets[0].label
    return CUSTOM_RANGE


#: Preset views for briefings: label (an English value, kept in session keys and shown
#: translated) → the query parameters that make the view.
PRESET_VIEWS: dict[str, dict[str, str]] = {
    N_("Strait overview"): {},
    N_("US posture in Japan"): {
        "layers": "land,adiz,places,us_bases_japan",
        "lat": "30.5",
        "lon": "133.0",
        "zoom": "5",
    },
    N_("August 2022 exercises"): {
        "layers": "land,strait,median_line,pla_exercise_zones,places,pla_incursions",
        "from": "2022-08-04",
        "to": "2022-08-10",
        "lat": "23.6",
        "lon": "120.9",
        "zoom": "7",
    },
    N_("Southwest ADIZ activity"): {
        "layers": "land,strait,median_line,adiz,incursion_zones,places,pla_incursions",
        "zone": "southwest",
        "lat": "22.0",
        "lon": "119.6",
        "zoom": "7",
    },
}


def apply_preset(
    session: Session,
    params: Mapping[str, str],
    present: bool,
    layer_ids: Sequence[str],
    default_layers: Sequence[str],
    vocab: Mapping[str, Sequence[str]],
    date_presets: Sequence[DatePreset] = (),
) -> dict[str, str]:
    """Set every widget to the preset's layers, filters and view; return the query parameters
    that reproduce it (so the URL afterwards says exactly what is on screen)."""
    preset = {**params, **({"present": "1"} if present else {})}
    reading = read_url(preset, layer_ids, vocab)
    seed_widgets(session, reading, layer_ids, default_layers, date_presets)
    session[URL_NOTES_KEY] = reading.notes
    request_view(session, reading.view)
    session[PENDING_KEY] = PendingWidgets(
        values={k: session[k] for k in session if k in widget_keys() or is_layer_key(k)},
        until=time.monotonic() + PENDING_SECONDS,
    )
    visible = reading.layers if reading.layers is not None else list(default_layers)
    return url_params(visible, default_layers, reading.filters, reading.view, present)


def map_key(key: str, lang: str) -> str:
    """The component key of a page's map in `lang`: a map's controls and popups are in the base
    map, which st_folium never redraws, so each language draws its own map (English keeps the
    plain key, which tests and benchmarks read)."""
    return key if lang == "en" else f"{key}_{lang}"
