"""Cached loading and measuring: the only place the dashboard caches data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import measuring
from straitmap import StraitmapError, filters, load_catalog, load_layer, load_table
from straitmap.briefing_figures import Figure, evaluate_all
from straitmap.briefings import Briefing, load_briefing, load_briefings
from straitmap.catalog import Catalog
from straitmap.filters import FilterState, filter_layer
from straitmap.i18n import Lang
from straitmap.points import PointQuery, View, view

if TYPE_CHECKING:
    from straitmap.datasets import Manifest


@dataclass(frozen=True)
class BundledLayers:
    """The layers that loaded, and a message for each one that did not."""

    frames: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """The layer catalog (geodata/catalog.toml)."""
    return load_catalog()


# cache_resource, not cache_data: the frames are shared read-only (the library never changes
# its inputs), so a rerun costs no copy of the 1,139 land polygons.
@st.cache_resource(show_spinner="Loading layers…")
def bundled_layers() -> BundledLayers:
    """Every catalog layer; a broken file disables only its own layer."""
    frames: dict[str, gpd.GeoDataFrame] = {}
    errors: dict[str, str] = {}
    for layer_id, spec in catalog().layers.items():
        if spec.is_table:
            continue
        try:
            frames[layer_id] = load_layer(layer_id, catalog=catalog())
        except StraitmapError as error:
            errors[layer_id] = str(error)
    return BundledLayers(frames=frames, errors=errors)


@st.cache_resource(show_spinner=False)
def vocabularies() -> dict[str, list[str]]:
    """The values each filter dimension finds in the bundled data, keyed by its `key`."""
    return filters.vocabularies(bundled_layers().frames)


@st.cache_resource(show_spinner=False)
def daily_counts() -> pd.DataFrame | None:
    """The MND daily totals table (`pla_daily_counts`), or None when it is not bundled."""
    try:
        table: pd.DataFrame = load_table("pla_daily_counts", catalog=catalog())
    except StraitmapError:
        return None
    return table


def layer_size(layer_id: str, is_table: bool) -> str | None:
    """'1,234 features', or for a table its rows and the dates they cover; None: not loaded."""
    if not is_table:
        frame = bundled_layers().frames.get(layer_id)
        return None if frame is None else f"{len(frame):,} features"
    # The only bundled table; there is no generic table loader to ask for another one.
    table = daily_counts() if layer_id == "pla_daily_counts" else None
    if table is None:
        return None
    if table.empty or "date" not in table.columns:
        return f"{len(table):,} rows"
    # ISO dates as text sort as dates.
    return f"{len(table):,} rows, {table['date'].min()} – {table['date'].max()}"


@st.cache_data(show_spinner="Measuring incursions…", max_entries=16)
def incursion_distances(
    _frames: Mapping[str, gpd.GeoDataFrame], filters: FilterState, upload_key: str
) -> pd.DataFrame | None:
    """`measuring.incursion_distances` of the incursions the filters keep (cached per filter
    state and uploaded file, which `upload_key` names; `_frames` is not hashed)."""
    frames = dict(_frames)
    if "pla_incursions" in frames:
        frames["pla_incursions"] = filter_layer("pla_incursions", frames["pla_incursions"], filters)
    return measuring.incursion_distances(frames)


@st.cache_data(show_spinner="Routing the named routes…", max_entries=32)
def route_matrix(exercise: str | None, speed_kn: float) -> pd.DataFrame:
    """The named routes open, with the strait closed and with one exercise closed (Routes page)."""
    from dashboard import routing
    from straitmap.routes import exercise_closure, named_routes, strait_closure

    frames = bundled_layers().frames
    strait = frames["strait"]
    columns = {"Strait closed": [strait_closure(strait)]}
    if exercise:
        columns[f"{exercise} closed"] = [exercise_closure(exercise, frames["pla_exercise_zones"])]
    return routing.matrix(
        named_routes(frames["shipping_lanes"]), columns, speed_kn, strait.geometry.union_all()
    )


@st.cache_resource(show_spinner=False)
def briefings() -> tuple[dict[str, Briefing], dict[str, str]]:
    """The bundled briefings by id, and a message for each file that failed to load."""
    return load_briefings(layer_ids=tuple(catalog().layers))


@st.cache_data(show_spinner=False, max_entries=8)
def uploaded_briefing(raw: bytes, name: str) -> Briefing:
    """A user's briefing file, checked like a bundled one (BriefingError says what is wrong)."""
    return load_briefing(raw, name=name, layer_ids=tuple(catalog().layers))


@st.cache_resource(show_spinner="Measuring the briefing's figures…", max_entries=16)
def briefing_figures(key: str, _briefing: Briefing, lang: Lang = "en") -> dict[str, Figure]:
    """Every measurement of a briefing, evaluated on the bundled layers, labels and texts in
    `lang`, once per (`key`, `lang`): `key` is the id of a bundled briefing or a digest of an
    uploaded file's bytes."""
    briefing = _briefing
    counts = daily_counts()
    tables = {"pla_daily_counts": counts} if counts is not None else {}
    if lang == "en":
        return evaluate_all(briefing, bundled_layers().frames, tables)
    return evaluate_all(briefing, bundled_layers().frames, tables, lang)


@st.cache_resource(show_spinner=False, max_entries=2)
def briefing_deck(
    key: str, _briefing: Briefing, lang: Lang, titles: tuple[tuple[str, str], ...], root: str
) -> bytes:
    """The briefing's offline deck in `lang` (`briefing_deck.deck_html`), once per key."""
    from straitmap.briefing_deck import deck_html

    counts = daily_counts()
    tables = {"pla_daily_counts": counts} if counts is not None else {}
    frames = bundled_layers().frames
    text = deck_html(_briefing, frames, tables, Path(root), titles=dict(titles), lang=lang)
    return text.encode("utf-8")


@st.cache_data(show_spinner=False, ttl=10)
def point_datasets(folder: str) -> list[Manifest]:
    """The ingested datasets (`straitmap.datasets.list_datasets`) of the data folder `folder`
    (the cache key: a test or a user may point `STRAITMAP_DATA` elsewhere), looked at again
    every 10 s so a new `straitmap ingest` shows up without a restart."""
    from straitmap.datasets import list_datasets  # pyarrow: only when the page asks

    del folder  # list_datasets reads the same folder; the argument only keys the cache
    return list_datasets()


@st.cache_data(show_spinner="Querying the dataset…", max_entries=64)
def dataset_view(
    points_path: str,
    modified_ns: int,
    query: PointQuery,
    zoom: int,
    by: str | None,
    columns: tuple[str, ...],
) -> View:
    """`straitmap.points.view` of an ingested dataset for one map view and filter (cached per
    query and file version, `modified_ns`): its cells, or its points with the tooltip's
    `columns`."""
    del modified_ns
    return view(Path(points_path), query, zoom, by=by, columns=columns)


@st.cache_data(show_spinner=False, max_entries=64)
def dataset_values(
    points_path: str, modified_ns: int, column: str
) -> list[tuple[str | int | bool | None, int]]:
    """The values of a dataset's categorical column with their counts, most frequent first
    (`straitmap.points.category_counts`, at most 200): a filter's choices."""
    from straitmap.points import category_counts

    del modified_ns
    return category_counts(Path(points_path), column, limit=200)
