"""Babel extraction methods for geodata: `catalog.toml`'s layer texts and the `*.geojson`
features' prose properties, as msgids."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

__all__ = [
    "GEODATA_TEXT_FIELDS",
    "TRANSLATED_KEYS",
    "catalog_messages",
    "extract_catalog",
    "extract_geodata",
    "geodata_messages",
]

#: The keys of a `[layers.<id>]` entry that a page shows as prose, in the order they are
#: extracted; `sources` is a list, each item its own msgid. `file`, `built_by`, `retrieved`
#: and field names are paths, dates and identifiers, shown as they are.
TRANSLATED_KEYS: Final[tuple[str, ...]] = (
    "title",
    "description",
    "license",
    "attribution",
    "data_as_of",
    "sources",
)

_SECTION = re.compile(r"^\s*\[\s*layers\.([A-Za-z0-9_-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def catalog_messages(document: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(layer id, key, text) of every translatable text in a parsed catalog, in catalog order.

    >>> list(catalog_messages({"layers": {"land": {"title": "Land", "sources": ["NE"]}}}))
    [('land', 'title', 'Land'), ('land', 'sources', 'NE')]
    """
    layers = document.get("layers", {})
    for layer_id, entry in layers.items():
        if not isinstance(entry, Mapping):
            continue
        for key in TRANSLATED_KEYS:
            value = entry.get(key)
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                if isinstance(text, str) and text.strip():
                    yield layer_id, key, text


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """The 1-based line of each `key =` inside each `[layers.<id>]` table."""
    lines: dict[tuple[str, str], int] = {}
    layer: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        section = _SECTION.match(line)
        if section:
            layer = section.group(1)
            continue
        if line.lstrip().startswith("["):
            layer = None
            continue
        key = _KEY.match(line)
        if layer is not None and key:
            lines.setdefault((layer, key.group(1)), number)
    return lines


def extract_catalog(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction-method interface for a layer catalog (registered in babel.cfg).

    Yields ``(lineno, funcname, message, comments)`` for each layer's title, description,
    licence, attribution, 'data as of' and each source, with a translator comment naming the
    layer and the key, so `pybabel extract` puts them in the dashboard template and the pages
    can show them with ``_(spec.title)``.
    """
    raw = fileobj.read().decode("utf-8")
    document = tomllib.loads(raw)
    lines = _key_lines(raw)
    for layer_id, key, text in catalog_messages(document):
        comment = f"TRANSLATORS: geodata/catalog.toml, layer {layer_id!r}, {key}"
        yield lines.get((layer_id, key), 1), None, text, [comment]


#: The properties of a `geodata/*.geojson` feature that a popup shows as prose (provenance,
#: method, rules, notes), in the order they are extracted; names, ids, dates and numbers are
#: shown as they are (or as `name_zh`), and the closed vocabularies are `map_text.VALUE_LABELS`.
GEODATA_TEXT_FIELDS: Final[tuple[str, ...]] = (
    "precision",
    "units",
    "method",
    "rule",
    "note",
    "definition",
    "status",
    "defined_by",
)


def geodata_messages(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) of each distinct prose value in a parsed GeoJSON FeatureCollection, once
    each, in feature order (the first field a text appears under names it).

    >>> doc = {"features": [{"properties": {"precision": "exact", "note": "exact"}},
    ...                     {"properties": {"precision": "exact", "units": "3rd MEF"}}]}
    >>> list(geodata_messages(doc))
    [('precision', 'exact'), ('units', '3rd MEF')]
    """
    seen: set[str] = set()
    for feature in document.get("features", []):
        properties = feature.get("properties") if isinstance(feature, Mapping) else None
        if not isinstance(properties, Mapping):
            continue
        for field in GEODATA_TEXT_FIELDS:
            text = properties.get(field)
            if isinstance(text, str) and text.strip() and text not in seen:
                seen.add(text)
                yield field, text


def extract_geodata(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction-method interface for a `geodata/*.geojson` layer (babel.cfg).

    Yields ``(lineno, funcname, message, comments)`` once per distinct value of the
    `GEODATA_TEXT_FIELDS` in the file, with a translator comment naming the file and the
    field, so the popups can show them with ``gettext(value)`` in another language. The line
    is that of the text's first occurrence (1 when it cannot be found as written).
    """
    raw = fileobj.read().decode("utf-8")
    document = json.loads(raw)
    name = Path(getattr(fileobj, "name", "") or "layer.geojson").name
    for field, text in geodata_messages(document):
        written = json.dumps(text, ensure_ascii=False)
        offset = raw.find(written)
        if offset < 0:
            offset = raw.find(json.dumps(text))
        lineno = raw.count("\n", 0, offset) + 1 if offset >= 0 else 1
        comment = f"TRANSLATORS: geodata/{name}, field {field}"
        yield lineno, None, text, [comment]
