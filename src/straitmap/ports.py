"""Seaports for route ends: the project's own ports, then searoute's port list in the region."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Mapping
from importlib.metadata import version
from typing import Any, Final

import geopandas as gpd
import shapely

from straitmap.errors import RouteError, UnknownPlaceError
from straitmap.gazetteer import Resolved, resolve
from straitmap.measure import GEOD
from straitmap.names import fold
from straitmap.region import REGION_BOUNDS

__all__ = ["SEAROUTE_PORTS_SOURCE", "resolve_route_end", "sea_ports"]

#: Where the port list comes from, as each feature's `source` says.
SEAROUTE_PORTS_SOURCE: Final = (
    f"searoute {version('searoute')} port list (searoute/data/ports_dict.py, Apache-2.0), "
    "named with UN/LOCODE codes"
)
#: What a searoute port position is good for.
SEAROUTE_PORTS_PRECISION: Final = "a port reference point as searoute lists it (~1-5 km)"
#: Two entries of one name closer than this are one port listed twice (Hong Kong is listed
#: under China, CNHKG, and under Hong Kong, HKHKG, 7 km apart): the one searoute marks as a
#: terminal (`t` = 1) is kept.
SAME_PORT_WITHIN_M: Final = 25_000.0


def _searoute_port_list() -> dict[tuple[float, float], dict[str, Any]]:
    """searoute's port nodes, loaded into a dict only we hold (as `routes._shipped_network`)."""
    spec = importlib.util.find_spec("searoute.data.ports_dict")
    if spec is None or spec.loader is None:
        raise RouteError("expected searoute's port list searoute.data.ports_dict, found none")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    nodes: dict[tuple[float, float], dict[str, Any]] = module.node_list
    return nodes


@functools.cache
def sea_ports() -> gpd.GeoDataFrame:
    """searoute's ports inside the region (`REGION_BOUNDS`), one row per port.

    Columns: `id` (``port-`` + the UN/LOCODE in lower case), `name`, `country_or_area`,
    `locode`, `source`, `precision`, and the point geometry (EPSG:4326). A port listed twice
    under one name within `SAME_PORT_WITHIN_M` is kept once; ports of one name further apart
    (two Lumuts) both stay, so a search for the name lists both.
    """
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    rows: list[dict[str, Any]] = []
    for (lon, lat), data in sorted(_searoute_port_list().items(), key=lambda kv: kv[1]["port"]):
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            continue
        rows.append(
            {
                "id": f"port-{str(data['port']).lower()}",
                "name": str(data["name"]),
                "country_or_area": str(data.get("cty", "")).replace("_", " ").title(),
                "locode": str(data["port"]),
                "terminal": float(data.get("t") or 0.0),
                "lon": float(lon),
                "lat": float(lat),
            }
        )
    kept: list[dict[str, Any]] = []
    for row in sorted(rows, key=lambda r: (-r["terminal"], r["locode"])):
        duplicate = any(
            fold(k["name"]) == fold(row["name"])
            and GEOD.inv(k["lon"], k["lat"], row["lon"], row["lat"])[2] < SAME_PORT_WITHIN_M
            for k in kept
        )
        if not duplicate:
            kept.append(row)
    kept.sort(key=lambda r: r["locode"])
    return gpd.GeoDataFrame(
        {
            "id": [r["id"] for r in kept],
            "name": [r["name"] for r in kept],
            "country_or_area": [r["country_or_area"] for r in kept],
            "locode": [r["locode"] for r in kept],
            "source": SEAROUTE_PORTS_SOURCE,
            "precision": SEAROUTE_PORTS_PRECISION,
        },
        geometry=shapely.points([[r["lon"], r["lat"]] for r in kept]),
        crs="EPSG:4326",
    )


def resolve_route_end(text: str, layers: Mapping[str, Any]) -> Resolved:
    """A route's origin or destination: typed coordinates, a port, or any named place.

    Ports come first, so "Kaohsiung" is the port rather than the city: the `places` layer's
    `kind: port` features and `sea_ports()`; then every feature of the given `layers` (as
    `gazetteer.resolve`, so "Busan", a city in `places` that searoute lists as "Pusan",
    still resolves). Raises `AmbiguousPlaceError` listing the candidates when several ports
    answer to the name, and `UnknownPlaceError` with close names when nothing does.

    >>> resolve_route_end("Ho Chi Minh City", {}).feature_id
    'port-vnsgn'
    """
    places = layers.get("places")
    ports: dict[str, Any] = {"sea_ports": sea_ports()}
    if places is not None and "kind" in places:
        ports = {"places": places[places["kind"] == "port"], **ports}
    try:
        return resolve(text, ports)
    except UnknownPlaceError:
        if not layers:
            raise
    return resolve(text, layers)
