"""Ingested datasets (`straitmap ingest`) as Map page layers: queried for the map's view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard import components, data, state
from dashboard.i18n import N_, _, current_lang, pgettext
from straitmap.dataset_layers import (
    category_column,
    clamped_bounds,
    dataset_group,
    dataset_legend,
    dataset_query,
    metres_per_pixel,
    shared_dimensions,
    tooltip_columns,
    view_bounds,
    view_zoom,
)
from straitmap.i18n import format_number
from straitmap.points import PointQuery, View, point_near
from straitmap.render import STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM, LegendEntry

if TYPE_CHECKING:
    import datetime as dt

    import folium

    from straitmap.datasets import Manifest
    from straitmap.filters import FilterState

GROUP_CAPTION = N_("Your datasets")
#: How far from a click (in screen pixels) a point's marker may be and still be "clicked":
#: the markers' radius (4 px) and their outline, and a little for a steady hand.
CLICK_TOLERANCE_PX = 8


@dataclass(frozen=True)
class DatasetLayer:
    """A ticked dataset drawn for the current view: its group, legend lines and count, and
    the query that drew it (None when its filters leave nothing to draw)."""

    name: str
    group: folium.FeatureGroup
    legend: list[LegendEntry]
    count: int
    as_cells: bool
    query: PointQuery | None
    manifest: Manifest


def available() -> list[Manifest]:
    """The datasets in the data folder (cached for a few seconds in `data.point_datasets`)."""
    from straitmap.datasets import data_dir

    return data.point_datasets(str(data_dir()))


def tick_from_url(manifests: list[Manifest], params: Mapping[str, str]) -> list[str]:
    """Tick the datasets a shared link names (`ds=a,b`), once per session; returns a note per
    name this machine's data folder does not hold."""
    session = st.session_state
    if session.get(state.DATASETS_FROM_URL_KEY):
        return []
    session[state.DATASETS_FROM_URL_KEY] = True
    names = [n.strip() for n in str(params.get(state.DATASETS_PARAM, "")).split(",") if n.strip()]
    known = {m.name for m in manifests}
    for name in names:
        if name in known:
            session[state.dataset_key(name)] = True
    return [
        _(
            "the dataset {name} is not in this machine's data folder, so it is not shown "
            "(ingest it with `straitmap ingest FILE --name {plain}`)"
        ).format(name=repr(name), plain=name)
        for name in names
        if name not in known
    ]


def ticked(manifests: list[Manifest]) -> list[Manifest]:
    """The datasets whose checkboxes are ticked (read from the session, no widget)."""
    return [m for m in manifests if st.session_state.get(state.dataset_key(m.name))]


def reported_bounds(
    returned: Mapping[str, Any] | None, view: state.View
) -> tuple[float, float, float, float]:
    """The map's bounds as st_folium last reported them, clamped to ±180°/±90°; before it
    reports, the bounds a map of the usual size shows at `view`."""
    box = (returned or {}).get("bounds") or {}
    south_west, north_east = box.get("_southWest") or {}, box.get("_northEast") or {}
    corners = [
        south_west.get("lng"),
        south_west.get("lat"),
        north_east.get("lng"),
        north_east.get("lat"),
    ]
    numbers = [float(v) for v in corners if isinstance(v, int | float)]
    if len(numbers) == 4:
        return clamped_bounds(*numbers)
    center = view.center or STRAIT_VIEW_CENTER
    return view_bounds(center, view.zoom if view.zoom is not None else STRAIT_VIEW_ZOOM)


def _file(manifest: Manifest) -> tuple[str, int]:
    path = manifest.points_path
    return str(path), path.stat().st_mtime_ns


def own_dates(manifest: Manifest) -> tuple[dt.date | None, dt.date | None]:
    """The dataset's From/To as typed in its filter section (blank: open); the whole range
    while they cannot be read (its section says why)."""
    return components.typed_open_dates(
        state.dataset_filter_key(state.DATASET_FROM_KEY, manifest.name),
        state.dataset_filter_key(state.DATASET_TO_KEY, manifest.name),
    )


def own_values(manifest: Manifest) -> dict[str, list[Any]]:
    """The values chosen of the dataset's category column (none chosen: all)."""
    by = category_column(manifest.columns)
    key = state.dataset_filter_key(state.DATASET_VALUES_KEY, manifest.name)
    chosen = list(st.session_state.get(key) or [])
    return {by: chosen} if by is not None and chosen else {}


def query_for(
    manifest: Manifest, bounds: tuple[float, float, float, float], filters: FilterState
) -> PointQuery | None:
    """What the map asks of the dataset for `bounds`: its own filters and the sidebar's
    where they fit (None: nothing can match)."""
    path, modified = _file(manifest)
    held = {
        d.column: [v for v, _ in data.dataset_values(path, modified, d.column) if v is not None]
        for d in shared_dimensions(manifest.columns)
        if filters.chosen(d)
    }
    return dataset_query(
        bounds,
        columns=manifest.columns,
        dates=own_dates(manifest) if manifest.time_range is not None else (None, None),
        chosen=own_values(manifest),
        filters=filters,
        held=held,
    )


def layers_for_view(
    manifests: list[Manifest],
    returned: Mapping[str, Any] | None,
    view: state.View,
    filters: FilterState,
) -> list[DatasetLayer]:
    """Each ticked dataset queried for the map's current bounds, zoom and filters, as a map
    layer."""
    bounds = reported_bounds(returned, view)
    zoom = view_zoom(view.zoom, STRAIT_VIEW_ZOOM)
    layers: list[DatasetLayer] = []
    for manifest in manifests:
        with components.errors_shown(_("query the dataset {name}").format(name=manifest.name)):
            path, modified = _file(manifest)
            by = category_column(manifest.columns)
            columns = tuple(tooltip_columns(manifest.columns, by))
            query = query_for(manifest, bounds, filters)
            answer = (
                data.dataset_view(path, modified, query, zoom, by, columns)
                if query is not None
                else View(0, None, None)
            )
            title = _("Dataset: {name}").format(name=manifest.name)
            layers.append(
                DatasetLayer(
                    manifest.name,
                    dataset_group(title, answer, columns=columns, lang=current_lang()),
                    dataset_legend(title, answer, current_lang()),
                    answer.count,
                    answer.cells is not None,
                    query,
                    manifest,
                )
            )
    return layers


def picker(manifests: list[Manifest], drawn: list[DatasetLayer]) -> None:
    """A checkbox per dataset under "Your datasets", with "N points in view" when drawn."""
    if not manifests:
        return
    st.caption(_(GROUP_CAPTION))
    counts = {layer.name: layer for layer in drawn}
    for manifest in manifests:
        st.checkbox(
            components.literal_md(manifest.name),
            key=state.dataset_key(manifest.name),
            help=_(
                "{rows} points ingested with straitmap ingest; the map shows the points in "
                "view, or counts per cell when there are more than {limit}."
            ).format(
                rows=components.shown_count(manifest.rows), limit=components.shown_count(5000)
            ),
        )
        layer = counts.get(manifest.name)
        if layer is not None:
            line = (
                _("{count} points in view (counted per cell)")
                if layer.as_cells
                else _("{count} points in view (drawn)")
            )
            st.caption(line.format(count=components.shown_count(layer.count)))


def filter_sections(manifests: list[Manifest], filters: FilterState) -> None:
    """A filter section per ticked dataset: its own dates and category values, and which of
    the sidebar's filters it follows."""
    for manifest in manifests:
        title = _("Dataset: {name}").format(name=components.literal_md(manifest.name))
        with st.expander(title, expanded=False):
            _dates_widgets(manifest)
            _values_widget(manifest)
            followed = [d for d in shared_dimensions(manifest.columns) if filters.chosen(d)]
            if followed:
                named = [
                    _("{label} ({column} column)").format(label=_(d.label), column=d.column)
                    for d in followed
                ]
                separator = ", " if current_lang() == "en" else "、"
                st.caption(
                    _("Also filtered by the sidebar's {filters}.").format(
                        filters=separator.join(named)
                    )
                )


def _dates_widgets(manifest: Manifest) -> None:
    if manifest.time_range is None:
        return
    first, last = manifest.time_range
    left, right = st.columns(2)
    help_text = _("Any date form (2024-05-23, 23 May 2024, ROC 113/05/23); blank: no limit.")
    left.text_input(
        pgettext("date", "From"),
        key=state.dataset_filter_key(state.DATASET_FROM_KEY, manifest.name),
        placeholder=first[:10],
        help=help_text,
    )
    right.text_input(
        pgettext("date", "To"),
        key=state.dataset_filter_key(state.DATASET_TO_KEY, manifest.name),
        placeholder=last[:10],
        help=help_text,
    )
    with components.errors_shown(
        _("read the dates"), then=_("Showing every date until it is fixed.")
    ):
        state.read_open_date_range(
            st.session_state.get(
                state.dataset_filter_key(state.DATASET_FROM_KEY, manifest.name), ""
            ),
            st.session_state.get(state.dataset_filter_key(state.DATASET_TO_KEY, manifest.name), ""),
        )
    st.caption(
        _("The dataset runs from {first} to {last}.").format(first=first[:10], last=last[:10])
    )


def _values_widget(manifest: Manifest) -> None:
    by = category_column(manifest.columns)
    if by is None:
        return
    path, modified = _file(manifest)
    counted = data.dataset_values(path, modified, by)
    numbers = {value: n for value, n in counted if value is not None}
    st.multiselect(
        components.literal_md(by),
        options=list(numbers),
        key=state.dataset_filter_key(state.DATASET_VALUES_KEY, manifest.name),
        format_func=lambda value: f"{value} ({numbers.get(value, 0):,})",
        placeholder=_("All values"),
        help=_(
            "The {count} most frequent values of the column {column}, with their counts in "
            "the whole dataset; none chosen shows every point."
        ).format(count=components.shown_count(len(numbers)), column=repr(by)),
    )


def clicked_point(layers: list[DatasetLayer], returned: Mapping[str, Any] | None) -> None:
    """Every property of the dataset point nearest the last click, when the click fell on
    one of the drawn points (the map sends only a tooltip's few properties)."""
    clicked = (returned or {}).get("last_object_clicked") or {}
    lat, lon = clicked.get("lat"), clicked.get("lng")
    zoom = (returned or {}).get("zoom")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float) or zoom is None:
        return
    radius = CLICK_TOLERANCE_PX * metres_per_pixel(float(lat), float(zoom))
    for layer in layers:
        if layer.as_cells or layer.query is None or layer.count == 0:
            continue
        with components.errors_shown(
            _("look up the clicked point of {name}").format(name=layer.name)
        ):
            near = point_near(
                layer.manifest.points_path, layer.query, float(lon), float(lat), radius
            )
            if near is None:
                continue
            name = components.literal_md(layer.name)
            lang = current_lang()
            metres = format_number(near.metres, lang, 0)
            if near.within > 1:
                heading = _(
                    "**Clicked point of {name}** ({metres} m from the click; {more} more within "
                    "{radius} m)"
                ).format(
                    name=name,
                    metres=metres,
                    more=components.shown_count(near.within - 1),
                    radius=format_number(radius, lang, 0),
                )
            else:
                heading = _("**Clicked point of {name}** ({metres} m from the click)").format(
                    name=name, metres=metres
                )
            st.markdown(heading)
            st.table(
                pd.DataFrame(
                    {
                        _("property"): list(near.properties),
                        _("value"): ["" if v is None else str(v) for v in near.properties.values()],
                    }
                ).set_index(_("property"))
            )
            return
