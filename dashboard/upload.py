"""Analysts' own files: the sidebar uploader, its validation report, the uploaded layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import components, state
from dashboard.i18n import N_, _, current_lang
from straitmap.catalog import load_catalog
from straitmap.errors import ColumnDetectionError, InvalidContentError
from straitmap.io import LoadReport, fit_layer, load_bytes

#: The one upload limit, in MB of 10**6 bytes (as Streamlit's uploader counts them). The widget
#: gets it as `max_upload_size`, and `.streamlit/config.toml` sets `server.maxUploadSize` to the
#: same figure, so the label, Streamlit's own refusal and ours name the same size (a test checks).
#: It is set by the feature limit: 20,000 of the bundled incursion points (22 fields each) take
#: 14.7 MB written compactly, 17.8 MB as GDAL writes GeoJSON and 20.1 MB indented by 2.
UPLOAD_MAX_MB = 25
UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1_000_000
UPLOAD_MAX_FEATURES = 20_000
UPLOAD_LABEL = f"Add a layer (up to {UPLOAD_MAX_MB} MB, {UPLOAD_MAX_FEATURES:,} features)"
#: What a file over a limit is told to do instead: ingest it once as a dataset.
INGEST_HINT = N_(
    "For a larger file, ingest it once as a dataset from a terminal with "
    "`straitmap ingest FILE --name NAME` (see docs/datasets.md): it then appears on the map "
    'under "Your datasets", queried for what is in view.'
)
UPLOAD_LAYER_ID = "upload"
INCURSIONS_LAYER_ID = "pla_incursions"
# Fields every layer has (DESIGN §2): a file holding only these is not trying to be incursions.
_COMMON_FIELDS = frozenset({"id", "name", "name_zh", "source", "source_url", "precision"})


@dataclass(frozen=True)
class Upload:
    """A file the user brought: its name, the accepted features and the loader's report.

    `fits_incursions` is True when the file also loads clean as the `pla_incursions` layer;
    `incursions` is then that layer's frame (dates normalised to ISO, MultiPoints exploded).
    `incursions_report` is the check against that layer, and `incursions_problem` its first
    refusal when the file looks meant as incursions (it has a field only `pla_incursions`
    has) but does not fit. The file is parsed once.
    """

    name: str
    frame: gpd.GeoDataFrame
    report: LoadReport
    fits_incursions: bool
    incursions: gpd.GeoDataFrame | None = None
    incursions_report: LoadReport | None = None
    incursions_problem: str | None = None


def load_upload(
    data: bytes,
    name: str,
    lat_column: str | None = None,
    lon_column: str | None = None,
) -> Upload:
    """Read an uploaded file once: its features, the report, and whether it fits as incursions.

    `name` is the file's name, used to choose the format (`straitmap.io.load_bytes`) and named
    once at the start of every message; `lat_column`/`lon_column` pick a CSV's coordinate
    columns. The limits are `UPLOAD_MAX_BYTES` and `UPLOAD_MAX_FEATURES`. Streamlit-free, so
    tests can build uploads with it.

    Raises
    ------
    ColumnDetectionError
        A CSV whose coordinate columns are missing or ambiguous (`columns` lists the header).
    InvalidContentError
        Over a limit, or nothing usable (not UTF-8, not JSON, not a FeatureCollection, ...).

    >>> upload = load_upload(b"name,lat,lon\\nTaipei,25.03,121.56\\n", "towns.csv")
    >>> len(upload.frame), upload.fits_incursions
    (1, False)
    """
    result = load_bytes(
        data,
        name,
        max_bytes=UPLOAD_MAX_BYTES,
        max_features=UPLOAD_MAX_FEATURES,
        lat_column=lat_column,
        lon_column=lon_column,
    )
    as_incursions = fit_layer(result, INCURSIONS_LAYER_ID)
    fits = as_incursions.report.ok
    frame = result.frame
    incursions = as_incursions.frame if fits else None
    return Upload(
        name,
        frame,
        result.report,
        fits,
        incursions,
        as_incursions.report,
        _incursions_problem(as_incursions.report, result.report, frame),
    )


def placement(upload: Upload, as_incursions: bool) -> tuple[str, gpd.GeoDataFrame]:
    """The layer an upload stands as and its frame: `pla_incursions` (read as that layer:
    dates as ISO, MultiPoints exploded) when it fits and the user chose so, else `upload`."""
    if as_incursions and upload.incursions is not None:
        return INCURSIONS_LAYER_ID, upload.incursions
    return UPLOAD_LAYER_ID, upload.frame


def layer_title(upload: Upload, layer_id: str) -> str:
    """The uploaded layer's title in the layer control and legend."""
    if layer_id == INCURSIONS_LAYER_ID:
        return _("Incursions from {file}").format(file=upload.name)
    return _("Your data: {file}").format(file=upload.name)


def upload_label() -> str:
    """The uploader's label (`UPLOAD_LABEL` in English), with the limits."""
    return _("Add a layer (up to {size} MB, {count} features)").format(
        size=UPLOAD_MAX_MB, count=components.shown_count(UPLOAD_MAX_FEATURES)
    )


#: The report table's columns as the page names them.
REPORT_COLUMNS = {
    "what": N_("what"),
    "where": N_("where"),
    "field": N_("field"),
    "expected": N_("expected"),
    "found": N_("found"),
    "detail": N_("detail"),
}


def session_upload(session: state.SessionView) -> tuple[str, Upload] | None:
    """The file uploaded on the Map page (kept in the session) and its key, or None."""
    uploads: Mapping[str, Upload] = session.get(state.UPLOADS_KEY) or {}
    for key, upload in uploads.items():
        return str(key), upload
    return None


def _incursions_problem(
    fitted: LoadReport, report: LoadReport, frame: gpd.GeoDataFrame
) -> str | None:
    """The first refusal of the file as incursions, when it has a field only they have."""
    if fitted.ok:
        return None
    specific = set(load_catalog()[INCURSIONS_LAYER_ID].fields) - _COMMON_FIELDS
    if not specific & set(frame.columns):
        return None
    already = set(report.refused)
    own = [issue for issue in fitted.refused if issue not in already]
    return str((own or list(fitted.refused))[0])


class NamedFile(Protocol):
    """What the uploader hands over (Streamlit's UploadedFile): a name and the bytes."""

    @property
    def name(self) -> str: ...

    def getvalue(self) -> bytes: ...


def is_over_limit(error: InvalidContentError) -> bool:
    """True when the loader refused a file for its size or its feature count (those messages,
    and only those, say "the limit")."""
    return "the limit" in str(error)


def _read(file: NamedFile, lat_column: str | None, lon_column: str | None) -> Upload | None:
    name = file.name
    data = file.getvalue()
    over_limit = False
    with components.errors_shown(_("read {file}").format(file=name)):
        try:
            return load_upload(data, name, lat_column, lon_column)
        except ColumnDetectionError as error:
            st.warning(str(error))  # the message names the file already
            choices = list(error.columns)
            placeholder = None if current_lang() == "en" else _("Choose an option")
            lat = st.selectbox(
                _("Latitude column"),
                choices,
                index=None,
                key=state.UPLOAD_LAT_COLUMN_KEY,
                placeholder=placeholder,
            )
            lon = st.selectbox(
                _("Longitude column"),
                choices,
                index=None,
                key=state.UPLOAD_LON_COLUMN_KEY,
                placeholder=placeholder,
            )
            if lat and lon:
                st.session_state[state.UPLOAD_COLUMNS_KEY] = (lat, lon)
                st.rerun()
        except InvalidContentError as error:
            over_limit = is_over_limit(error)
            raise  # shown as it is by errors_shown; the ingest hint follows it
    if over_limit:
        st.info(_(INGEST_HINT), icon="ℹ️")
    return None


def report_table(report: LoadReport) -> pd.DataFrame:
    """Every repaired, refused or skipped item of a report, one row each (original text)."""
    rows = [
        {
            "what": issue.action,
            "where": issue.location,
            "field": issue.field or "",
            "expected": issue.expected,
            "found": issue.found,
            "detail": issue.detail or "",
        }
        for issue in report.issues
    ]
    return pd.DataFrame(rows, columns=["what", "where", "field", "expected", "found", "detail"])


def uploader() -> Upload | None:
    """The sidebar uploader: GeoJSON or CSV, validated, with its report; None without a file."""
    with st.expander(_("Your data (GeoJSON or CSV)"), expanded=False):
        file = st.file_uploader(
            upload_label(),
            type=["geojson", "json", "csv"],
            key=state.UPLOADER_KEY,
            max_upload_size=UPLOAD_MAX_MB,
            help=_("Larger files: {hint}").format(hint=_(INGEST_HINT)),
        )
        if file is None:
            return None
        cache: dict[str, Upload] = st.session_state.setdefault(state.UPLOADS_KEY, {})
        key = f"{file.name}:{file.size}:{getattr(file, 'file_id', '')}"
        columns = st.session_state.get(state.UPLOAD_COLUMNS_KEY, (None, None))
        key += f":{columns}"
        upload = cache.get(key)
        if upload is None:
            upload = _read(file, *columns)
            if upload is None:
                return None
            cache.clear()
            cache[key] = upload
        st.caption(upload.report.summary())
        issues = report_table(upload.report)
        if not issues.empty:
            headers = (
                None
                if current_lang() == "en"
                else {column: _(label) for column, label in REPORT_COLUMNS.items()}
            )
            st.dataframe(issues, hide_index=True, height=180, column_config=headers)
        problem = upload.incursions_problem
        if problem is not None:
            st.caption(_("Not usable as incursions: {problem}").format(problem=problem))
        if upload.fits_incursions:
            st.checkbox(
                _("Use in place of the bundled incursions"),
                key=state.AS_INCURSIONS_KEY,
                help=_(
                    "The file has the pla_incursions columns (DESIGN §2): filters, charts "
                    "and measurements then use it."
                ),
            )
        return upload
