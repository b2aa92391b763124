"""The layer catalog (`geodata/catalog.toml`): schema and provenance of every bundled layer."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Final, Literal, cast, get_args

from straitmap.errors import CatalogError, UnknownLayerError

__all__ = [
    "CATALOG_FILENAME",
    "FIELD_TYPES",
    "GEODATA_ENV_VAR",
    "GEOMETRY_TYPES",
    "LAYER_KINDS",
    "TABLE_SUFFIX",
    "Catalog",
    "FieldType",
    "LayerKind",
    "LayerSpec",
    "geodata_dir",
    "load_catalog",
]

FieldType = Literal["str", "int", "float", "bool", "date"]
FIELD_TYPES: Final[tuple[str, ...]] = get_args(FieldType)

#: "features": a GeoJSON FeatureCollection (the default); "table": a CSV file without geometry.
LayerKind = Literal["features", "table"]
LAYER_KINDS: Final[tuple[str, ...]] = get_args(LayerKind)
#: The file name ending every table layer's `file` must have.
TABLE_SUFFIX: Final = ".csv"

#: The geometry type names of RFC 7946 §3.1.
GEOMETRY_TYPES: Final[tuple[str, ...]] = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)

GEODATA_ENV_VAR: Final = "STRAITMAP_GEODATA"
CATALOG_FILENAME: Final = "catalog.toml"

_REQUIRED_KEYS: Final = (
    "title",
    "file",
    "geometry_types",
    "license",
    "attribution",
    "sources",
    "retrieved",
    "data_as_of",
    "description",
)
_OPTIONAL_KEYS: Final = ("group", "required", "fields", "built_by", "kind")


@dataclass(frozen=True)
class LayerSpec:
    """One `[layers.<id>]` entry: what the layer's file must contain and where it comes from.

    `fields` and `required` already include the catalog's common fields (`[common]`), common
    ones first. `path` is the layer file's absolute path (the catalog's folder + `file`).

    A layer of `kind` ``"table"`` is a CSV file (see `straitmap.io.load_table`): it has no
    geometry types, and its `fields`/`required` are its own columns only, since the common
    fields describe map features.
    """

    id: str
    title: str
    file: str
    group: str
    geometry_types: tuple[str, ...]
    fields: Mapping[str, FieldType] = field(hash=False)
    required: tuple[str, ...]
    license: str
    attribution: str
    sources: tuple[str, ...]
    retrieved: str
    data_as_of: str
    description: str
    built_by: str | None
    path: Path
    kind: LayerKind = "features"

    @property
    def is_table(self) -> bool:
        """Whether the layer is a table (a CSV file without geometry)."""
        return self.kind == "table"

    @property
    def geometry_label(self) -> str:
        """The allowed geometry types joined for display, e.g. ``"Polygon/MultiPolygon"``."""
        return "/".join(self.geometry_types) or "none (table)"


@dataclass(frozen=True)
class Catalog(Mapping[str, LayerSpec]):
    """Every layer spec by id, in catalog order; `catalog[layer_id]` raises UnknownLayerError."""

    layers: Mapping[str, LayerSpec] = field(hash=False)
    path: Path

    @property
    def root(self) -> Path:
        """The folder that holds the catalog and the layer files."""
        return self.path.parent

    def __getitem__(self, layer_id: str) -> LayerSpec:
        try:
            return self.layers[layer_id]
        except KeyError:
            raise UnknownLayerError(layer_id, self.layers) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.layers)

    def __len__(self) -> int:
        return len(self.layers)


def geodata_dir() -> Path:
    """The folder of bundled layers: `$STRAITMAP_GEODATA` if set, else the checkout's `geodata/`."""
    override = os.environ.get(GEODATA_ENV_VAR)
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parents[2] / "geodata"


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Read and check a layer catalog (default: `geodata_dir() / "catalog.toml"`).

    Raises
    ------
    CatalogError
        The file is missing or not TOML, or an entry lacks a key, has a value of the wrong
        type, an unknown field type or geometry type, a `required` field without a type, or a
        `file` outside the catalog's folder. The message names the layer and the key.

    A layer whose file is missing still loads here (so one missing file disables only its
    own layer); `load_layer` reports it.

    >>> catalog = load_catalog()
    >>> catalog["places"].geometry_types
    ('Point',)
    """
    catalog_path = Path(path) if path is not None else geodata_dir() / CATALOG_FILENAME
    try:
        with catalog_path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(f"{catalog_path}: catalog file not found") from None
    except OSError as error:
        raise CatalogError(f"{catalog_path}: cannot read the catalog: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CatalogError(f"{catalog_path}: not valid TOML: {error}") from None

    where = str(catalog_path)
    unknown_top = sorted(set(document) - {"common", "layers"})
    if unknown_top:
        raise CatalogError(
            f"{where}: unknown top-level table {unknown_top[0]!r}: expected 'common' and 'layers'"
        )
    common = _table(document.get("common", {}), where, "common")
    common_required = _str_tuple(common.get("required", []), where, "common.required")
    common_fields = _fields(common.get("fields", {}), where, "common.fields")
    _check_required_typed(common_required, common_fields, where, "common.required")

    layer_tables = _table(document.get("layers"), where, "layers")
    if not layer_tables:
        raise CatalogError(f"{where}: expected at least one [layers.<id>] table, found none")
    root = catalog_path.resolve().parent
    layers = {
        layer_id: _layer_spec(
            layer_id,
            _table(entry, where, f"layers.{layer_id}"),
            root=root,
            where=where,
            common_required=common_required,
            common_fields=common_fields,
        )
        for layer_id, entry in layer_tables.items()
    }
    return Catalog(layers=MappingProxyType(layers), path=catalog_path.resolve())


def _layer_spec(
    layer_id: str,
    entry: Mapping[str, Any],
    *,
    root: Path,
    where: str,
    common_required: tuple[str, ...],
    common_fields: Mapping[str, FieldType],
) -> LayerSpec:
    """Check one `[layers.<id>]` table and turn it into a LayerSpec."""
    context = f"{where}: layer {layer_id!r}"
    if not layer_id.isidentifier() or layer_id != layer_id.lower():
        raise CatalogError(f"{context}: expected a lower-case identifier as the layer id")
    unknown = sorted(set(entry) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if unknown:
        valid = ", ".join((*_REQUIRED_KEYS, *_OPTIONAL_KEYS))
        raise CatalogError(f"{context}: unknown key {unknown[0]!r}: expected one of {valid}")
    for key in _REQUIRED_KEYS:
        if key not in entry:
            raise CatalogError(f"{context}: missing key {key!r}")

    def text(key: str) -> str:
        value = entry[key]
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(
                f"{context}, key {key!r}: expected a non-empty string, found {value!r}"
            )
        return value

    kind = entry.get("kind", "features")
    if kind not in LAYER_KINDS:
        raise CatalogError(
            f"{context}, key 'kind': expected one of {', '.join(LAYER_KINDS)}, found {kind!r}"
        )
    geometry_types = _str_tuple(entry["geometry_types"], context, "geometry_types")
    if kind == "table" and geometry_types:
        raise CatalogError(
            f"{context}, key 'geometry_types': expected [] for a table layer, "
            f"found {list(geometry_types)!r}"
        )
    for name in geometry_types:
        if name not in GEOMETRY_TYPES:
            raise CatalogError(
                f"{context}, key 'geometry_types': expected GeoJSON geometry types "
                f"({', '.join(GEOMETRY_TYPES)}), found {name!r}"
            )
    layer_fields = _fields(entry.get("fields", {}), context, "fields")
    layer_required = _str_tuple(entry.get("required", []), context, "required")
    if kind == "table":
        fields, required = dict(layer_fields), tuple(dict.fromkeys(layer_required))
    else:
        fields = {**common_fields, **layer_fields}
        required = tuple(dict.fromkeys((*common_required, *layer_required)))
    _check_required_typed(required, fields, context, "required")

    file = text("file")
    relative = PurePosixPath(file)
    if relative.is_absolute() or ".." in relative.parts or "\\" in file:
        raise CatalogError(
            f"{context}, key 'file': expected a file name inside {root}, found {file!r}"
        )
    if kind == "table" and relative.suffix.lower() != TABLE_SUFFIX:
        raise CatalogError(
            f"{context}, key 'file': expected a {TABLE_SUFFIX} file for a table layer, "
            f"found {file!r}"
        )
    retrieved = text("retrieved")
    try:
        dt.date.fromisoformat(retrieved)
    except ValueError:
        raise CatalogError(
            f"{context}, key 'retrieved': expected an ISO date (YYYY-MM-DD), found {retrieved!r}"
        ) from None
    sources = _str_tuple(entry["sources"], context, "sources")
    if not sources:
        raise CatalogError(f"{context}, key 'sources': expected at least one source, found none")
    built_by = entry.get("built_by")
    if built_by is not None and (not isinstance(built_by, str) or not built_by.strip()):
        raise CatalogError(f"{context}, key 'built_by': expected a script path, found {built_by!r}")
    group = entry.get("group", "other")
    if not isinstance(group, str) or not group.strip():
        raise CatalogError(f"{context}, key 'group': expected a non-empty string, found {group!r}")

    return LayerSpec(
        id=layer_id,
        title=text("title"),
        file=file,
        group=group,
        geometry_types=geometry_types,
        fields=MappingProxyType(fields),
        required=required,
        license=text("license"),
        attribution=text("attribution"),
        sources=sources,
        retrieved=retrieved,
        data_as_of=text("data_as_of"),
        description=text("description"),
        built_by=built_by,
        path=root / relative,
        kind=cast(LayerKind, kind),
    )


def _table(value: object, where: str, key: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise CatalogError(f"{where}, key {key!r}: expected a table, found {_kind(value)}")
    return cast(Mapping[str, Any], value)


def _str_tuple(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CatalogError(f"{where}, key {key!r}: expected a list of strings, found {value!r}")
    return tuple(value)


def _fields(value: object, where: str, key: str) -> dict[str, FieldType]:
    table = _table(value, where, key)
    for name, type_name in table.items():
        if type_name not in FIELD_TYPES:
            raise CatalogError(
                f"{where}, key '{key}.{name}': expected a field type "
                f"({', '.join(FIELD_TYPES)}), found {type_name!r}"
            )
    return cast(dict[str, FieldType], dict(table))


def _check_required_typed(
    required: tuple[str, ...], fields: Mapping[str, str], where: str, key: str
) -> None:
    for name in required:
        if name not in fields:
            raise CatalogError(
                f"{where}, key {key!r}: required field {name!r} has no type: "
                f"expected it in the fields table"
            )


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "an array"
    return f"{type(value).__name__} {value!r}"
