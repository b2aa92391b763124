"""Analysts' own files: the sidebar uploader, its validation report, the uploaded layer."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from straitmap.errors import ColumnDetectionError, StraitmapError
from straitmap.io import LoadReport, load_bytes

#: Limits stated to the user; Streamlit's own server.maxUploadSize (20 MB) is the outer bound.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_FEATURES = 20_000
UPLOAD_LAYER_ID = "upload"
UPLOADS_KEY = "uploads"
UPLOADER_KEY = "uploader"
AS_INCURSIONS_KEY = "upload_as_incursions"


@dataclass(frozen=True)
class Upload:
    """A file the user brought: its name, the accepted features and the loader's report."""

    name: str
    frame: gpd.GeoDataFrame
    report: LoadReport
    fits_incursions: bool


def _fits_incursions(data: bytes, name: str) -> bool:
    """True when the file also loads clean against the `pla_incursions` schema."""
    try:
        return load_bytes(
            data,
            name,
            layer="pla_incursions",
            max_bytes=UPLOAD_MAX_BYTES,
            max_features=UPLOAD_MAX_FEATURES,
        ).report.ok
    except StraitmapError:
        return False


def _read(file: object, lat_column: str | None, lon_column: str | None) -> Upload | None:
    name = str(getattr(file, "name", "upload"))
    data: bytes = file.getvalue()  # type: ignore[attr-defined]
    if len(data) > UPLOAD_MAX_BYTES:
        st.error(
            f"{name}: {len(data) / 1e6:.1f} MB is over the upload limit of "
            f"{UPLOAD_MAX_BYTES / 1e6:.0f} MB; split the file or filter it first."
        )
        return None
    try:
        result = load_bytes(
            data,
            name,
            max_bytes=UPLOAD_MAX_BYTES,
            max_features=UPLOAD_MAX_FEATURES,
            lat_column=lat_column,
            lon_column=lon_column,
        )
    except ColumnDetectionError as error:
        st.warning(f"{name}: {error}")
        choices = list(error.columns)
        lat = st.selectbox("Latitude column", choices, index=None, key="upload_lat_column")
        lon = st.selectbox("Longitude column", choices, index=None, key="upload_lon_column")
        if lat and lon:
            st.session_state["_upload_columns"] = (lat, lon)
            st.rerun()
        return None
    except StraitmapError as error:
        st.error(f"{name}: {error}")
        return None
    frame = result.frame
    frame.attrs = {}
    return Upload(name, frame, result.report, _fits_incursions(data, name))


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
    with st.expander("Your data (GeoJSON or CSV)", expanded=False):
        file = st.file_uploader(
            f"Add a layer (up to {UPLOAD_MAX_BYTES / 1e6:.0f} MB, "
            f"{UPLOAD_MAX_FEATURES:,} features)",
            type=["geojson", "json", "csv"],
            key=UPLOADER_KEY,
        )
        if file is None:
            return None
        cache: dict[str, Upload] = st.session_state.setdefault(UPLOADS_KEY, {})
        key = f"{file.name}:{file.size}:{getattr(file, 'file_id', '')}"
        columns = st.session_state.get("_upload_columns", (None, None))
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
            st.dataframe(issues, hide_index=True, height=180)
        if upload.fits_incursions:
            st.checkbox(
                "Use in place of the bundled incursions",
                key=AS_INCURSIONS_KEY,
                help="The file has the pla_incursions columns (DESIGN §2): filters, charts "
                "and measurements then use it.",
            )
        return upload
