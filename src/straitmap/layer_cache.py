"""What validating a layer file found, kept between runs, keyed by the file's exact bytes.

Loading and checking every bundled layer takes about two seconds (geopandas alone takes one
to import), which commands such as `straitmap layers` and `straitmap distance Taipei Xiamen`
would otherwise pay on every run. After the first run they read the feature count, the
error if any, and the gazetteer entries from a small JSON file per layer. A cached result is
used only for the same file bytes, the same catalog entry and the same validating code;
anything else (an edited file, changed validation code, a damaged cache file) validates
again. Nothing
is cached when the folder cannot be written.

The folder is `$STRAITMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/straitmap`, else
`~/.cache/straitmap`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from straitmap.catalog import Catalog, LayerSpec
from straitmap.errors import StraitmapError
from straitmap.gazetteer import Entry

__all__ = [
    "CACHE_FORMAT",
    "LayerSummary",
    "cache_dir",
    "forget_read",
    "layer_entries",
    "layer_summary",
]

#: Raised when what a cache file holds changes shape.
CACHE_FORMAT: Final = 1


@dataclass(frozen=True)
class LayerSummary:
    """A layer's validation outcome: its feature (or row) count, or the error that refused it."""

    count: int | None
    error: str | None


def cache_dir() -> Path:
    """Where cached results live (see the module's docstring)."""
    explicit = os.environ.get("STRAITMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "straitmap"


#: The code whose rules decide what a layer's validation finds: a change to any of these
#: files (a new check, a new name variant) validates every layer again. Keyed by their bytes
#: rather than the version number, which a working copy does not change on every edit.
_RULE_MODULES: Final = ("io", "catalog.py", "gazetteer.py", "names.py", "dates.py", "coords.py")


@functools.cache
def _rules_digest() -> str:
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for name in _RULE_MODULES:
        path = package / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


def _key(spec: LayerSpec) -> str | None:
    """The digest of the file's bytes, the catalog entry and the validating code (None when
    the file cannot be read)."""
    try:
        data = spec.path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(data)
    digest.update(repr(spec).encode("utf-8"))
    digest.update(_rules_digest().encode())
    return digest.hexdigest()


def _read(spec: LayerSpec, key: str) -> dict[str, Any] | None:
    path = cache_dir() / f"{spec.id}-{key[:32]}.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    return record


def _write(spec: LayerSpec, key: str, record: dict[str, Any]) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(f"{spec.id}-*.json"):
            stale.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as handle:
            json.dump({**record, "key": key}, handle, ensure_ascii=False)
        os.replace(handle.name, folder / f"{spec.id}-{key[:32]}.json")
    except OSError:
        return  # a read-only home or cache: run uncached


def _validated(spec: LayerSpec, catalog: Catalog) -> dict[str, Any]:
    """Validate the layer now: its summary, and its gazetteer entries when it has features."""
    from straitmap.gazetteer import entries
    from straitmap.io import load_layer, load_table

    try:
        if spec.is_table:
            return {"count": len(load_table(spec.id, catalog=catalog)), "error": None}
        frame = load_layer(spec.id, catalog=catalog)
    except StraitmapError as problem:
        return {"count": None, "error": str(problem), "entries": []}
    found = entries({spec.id: frame})
    return {
        "count": len(frame),
        "error": None,
        "entries": [
            {
                "name": e.name,
                "id": e.feature_id,
                "names": list(e.names),
                "keys": sorted(e.keys),
                "alternative_keys": sorted(e.alternative_keys),
                "lat": e.lat,
                "lon": e.lon,
            }
            for e in found
        ],
    }


_READ: dict[tuple[str, str], dict[str, Any]] = {}


def forget_read() -> None:
    """Forget the records this process has read already, so the next call reads the cache
    folder again (as a new run would)."""
    _READ.clear()


def _record(spec: LayerSpec, catalog: Catalog) -> dict[str, Any]:
    key = _key(spec)
    if key is None:
        return _validated(spec, catalog)
    if (spec.id, key) in _READ:  # asked for twice in one run: the summary, then the entries
        return _READ[(spec.id, key)]
    record = _read(spec, key)
    if record is None:
        record = _validated(spec, catalog)
        _write(spec, key, record)
    _READ[(spec.id, key)] = record
    return record


def layer_summary(spec: LayerSpec, catalog: Catalog) -> LayerSummary:
    """The layer's count or error, validated now or as validated before for the same bytes."""
    record = _record(spec, catalog)
    return LayerSummary(record.get("count"), record.get("error"))


def layer_entries(
    spec: LayerSpec, catalog: Catalog, *, containing: str | None = None
) -> list[Entry]:
    """The layer's gazetteer entries (`gazetteer.entries`), cached like `layer_summary`.

    With `containing` (a folded key, `names.fold`), only the entries one of whose keys holds
    it: the only ones `gazetteer.resolve_entries` can match for that key. A layer that does
    not load has none.
    """
    record = _record(spec, catalog)
    items = record.get("entries", [])
    if containing is not None:
        items = [
            item
            for item in items
            if any(containing in k for k in (*item["keys"], *item["alternative_keys"]))
        ]
    return [
        Entry(
            layer_id=spec.id,
            name=item["name"],
            feature_id=item["id"],
            names=tuple(item["names"]),
            keys=frozenset(item["keys"]),
            alternative_keys=frozenset(item["alternative_keys"]),
            lat=float(item["lat"]),
            lon=float(item["lon"]),
        )
        for item in items
    ]
