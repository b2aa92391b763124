"""Ingested datasets (`straitmap ingest`) as Map page layers: queried for the map's view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from dashboard import components, data, state
from straitmap.dataset_layers import (
    category_column,
    clamped_bounds,
    dataset_group,
    dataset_legend,
    tooltip_columns,
    view_bounds,
    view_zoom,
)
from straitmap.render import STRAIT_VIEW_CENTER, STRAIT_VIEW_ZOOM, LegendEntry

if TYPE_CHECKING:
    import folium

    from straitmap.datasets import Manifest

GROUP_CAPTION = "Your datasets"


@dataclass(frozen=True)
class DatasetLayer:
    """A ticked dataset drawn for the current view: its group, legend lines and count."""

    name: str
    group: folium.FeatureGroup
    legend: list[LegendEntry]
    count: int
    as_cells: bool


def available() -> list[Manifest]:
    """The datasets in the data folder (cached for a few seconds in `data.point_datasets`)."""
    from straitmap.datasets import data_dir

    return data.point_datasets(str(data_dir()))


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


def layers_for_view(
    manifests: list[Manifest], returned: Mapping[str, Any] | None, view: state.View
) -> list[DatasetLayer]:
    """Each ticked dataset queried for the map's current bounds and zoom, as a map layer."""
    bounds = reported_bounds(returned, view)
    zoom = view_zoom(view.zoom, STRAIT_VIEW_ZOOM)
    layers: list[DatasetLayer] = []
    for manifest in manifests:
        with components.errors_shown(f"query the dataset {manifest.name}"):
            path = manifest.points_path
            by = category_column(manifest.columns)
            columns = tuple(tooltip_columns(manifest.columns, by))
            answer = data.dataset_view(
                str(path), path.stat().st_mtime_ns, bounds, zoom, by, columns
            )
            title = f"Dataset: {manifest.name}"
            layers.append(
                DatasetLayer(
                    manifest.name,
                    dataset_group(title, answer, columns=columns),
                    dataset_legend(title, answer),
                    answer.count,
                    answer.cells is not None,
                )
            )
    return layers


def picker(manifests: list[Manifest], drawn: list[DatasetLayer]) -> None:
    """A checkbox per dataset under "Your datasets", with "N points in view" when drawn."""
    if not manifests:
        return
    st.caption(GROUP_CAPTION)
    counts = {layer.name: layer for layer in drawn}
    for manifest in manifests:
        st.checkbox(
            manifest.name,
            key=state.dataset_key(manifest.name),
            help=f"{manifest.rows:,} points ingested with straitmap ingest; the map shows "
            "the points in view, or counts per cell when there are more than 5,000.",
        )
        layer = counts.get(manifest.name)
        if layer is not None:
            how = "counted per cell" if layer.as_cells else "drawn"
            st.caption(f"{layer.count:,} points in view ({how})")
