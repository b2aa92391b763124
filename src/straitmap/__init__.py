"""straitmap: an offline-first geospatial dashboard of the Taiwan Strait, and its library.

Importing the package is cheap: the loaders (and geopandas with them) load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from straitmap.errors import (
    CatalogError,
    DataFileError,
    FileUnreadableError,
    InvalidContentError,
    LayerValidationError,
    StraitmapError,
    UnknownAssetError,
    UnknownLayerError,
)

if TYPE_CHECKING:
    from straitmap.catalog import Catalog, LayerSpec, load_catalog
    from straitmap.io import (
        Issue,
        LoadReport,
        LoadResult,
        TableResult,
        load_bytes,
        load_file,
        load_layer,
        load_layer_result,
        load_table,
        load_table_result,
    )


__all__ = [
    "Catalog",
    "CatalogError",
    "DataFileError",
    "FileUnreadableError",
    "InvalidContentError",
    "Issue",
    "LayerSpec",
    "LayerValidationError",
    "LoadReport",
    "LoadResult",
    "StraitmapError",
    "TableResult",
    "UnknownAssetError",
    "UnknownLayerError",
    "__version__",
    "load_bytes",
    "load_catalog",
    "load_file",
    "load_layer",
    "load_layer_result",
    "load_table",
    "load_table_result",
]

_LAZY = {
    "Catalog": "straitmap.catalog",
    "LayerSpec": "straitmap.catalog",
    "load_catalog": "straitmap.catalog",
    "Issue": "straitmap.io",
    "LoadReport": "straitmap.io",
    "LoadResult": "straitmap.io",
    "load_bytes": "straitmap.io",
    "load_file": "straitmap.io",
    "load_layer": "straitmap.io",
    "load_layer_result": "straitmap.io",
    "load_table": "straitmap.io",
    "load_table_result": "straitmap.io",
    "TableResult": "straitmap.io",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("straitmap")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    # PEP 562: the loaders import geopandas, shapely and pyproj; defer that to first use.
    # The version too: importlib.metadata alone takes longer to import than the CLI's parser.
    if name == "__version__":
        value = _version()
        globals()[name] = value
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'straitmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
