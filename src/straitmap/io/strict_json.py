"""Reading a file as UTF-8 text and parsing it as strict JSON: sizes, duplicate keys, nesting
depth, and the non-finite numbers (NaN, Infinity) JSON does not allow."""

from __future__ import annotations

import json
import math
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from straitmap.errors import FileUnreadableError, InvalidContentError
from straitmap.io.report import Issue

#: Files larger than this are refused before parsing (uploads, hostile input). Messages give
#: sizes in MB of 10**6 bytes, as Streamlit's uploader does.
MAX_FILE_BYTES: Final = 50_000_000


#: JSON nested deeper than this (arrays and objects) is refused before parsing; GeoJSON needs
#: about 10 levels (a GeometryCollection of MultiPolygons inside a FeatureCollection).
MAX_DEPTH: Final = 64


UTF8_BOM: Final = b"\xef\xbb\xbf"


# JSON may escape half of a UTF-16 pair; such text cannot be written out as UTF-8 again.
_LONE_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _Missing:
    """Marks a JSON member that is absent (as opposed to present and null)."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = _Missing()


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, refused before reading when over `max_bytes`."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise FileUnreadableError(f"{path}: no such file", path=path) from None
    except OSError as error:
        raise FileUnreadableError(f"{path}: cannot read: {error.strerror}", path=path) from None
    if stat.S_ISDIR(status.st_mode):
        raise FileUnreadableError(f"{path}: is a directory; expected a GeoJSON file", path=path)
    if not stat.S_ISREG(status.st_mode):
        raise FileUnreadableError(
            f"{path}: not a regular file (a device, pipe or socket); expected a GeoJSON file",
            path=path,
        )
    if status.st_size > max_bytes:
        raise too_large(path, status.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise FileUnreadableError(f"{path}: cannot read: {error.strerror}", path=path) from None
    if len(data) > max_bytes:
        raise too_large(path, len(data), max_bytes)
    return data


def too_large(path: Path, size: int, max_bytes: int) -> InvalidContentError:
    """The error for a file over the size limit, sizes as Streamlit counts them."""
    return InvalidContentError(
        f"{path}: {_size(size)}, more than the limit of {_size(max_bytes)}; split the file "
        "or simplify its geometry",
        path=path,
    )


def _size(count: int) -> str:
    """A size in bytes, from 1 MB also in megabytes (10**6 bytes, as Streamlit counts them),
    rounded up: a file one byte over a 25 MB limit reads as 25.1 MB, never as 25 MB."""
    if count < 1_000_000:
        return f"{count:,} bytes"
    tenths = -(-count // 100_000)
    megabytes = f"{tenths // 10:,}" if tenths % 10 == 0 else f"{tenths / 10:,.1f}"
    return f"{megabytes} MB ({count:,} bytes)"


def decode(data: bytes, path: Path) -> tuple[str, list[Issue]]:
    """UTF-8 text (a byte-order mark is noted and dropped); UTF-16 and bad bytes refused."""
    notices: list[Issue] = []
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        notices.append(
            Issue(
                "file",
                None,
                "UTF-8 without a byte-order mark (RFC 7946 §1)",
                "a UTF-8 byte-order mark",
                "noted",
                "ignored it",
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidContentError(
            f"{path}: expected UTF-8, found a UTF-16 byte-order mark; re-save the file as UTF-8",
            path=path,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InvalidContentError(
            f"{path}: expected UTF-8 text (RFC 7946 §1), found byte 0x{data[error.start]:02x} "
            f"at offset {error.start} (line {line}) that is not valid UTF-8 ({error.reason}); "
            "re-save the file as UTF-8",
            path=path,
        ) from None
    return text, notices


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, keys: Sequence[str]) -> None:
        super().__init__(key)
        self.key = key
        self.keys = keys


@dataclass(frozen=True)
class NonFinite:
    """A number JSON does not allow (NaN, Infinity, -Infinity) or too large for a float
    (1e400), as written in the file: a property value becomes null, a coordinate refuses its
    feature, anything else at the top level refuses the file."""

    token: str

    def __str__(self) -> str:
        return self.token


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKeyError(key, [k for k, _ in pairs])
        obj[key] = value
    return obj


# Every byte that cannot change JSON nesting is dropped before the scan, except the letters that
# may follow a backslash: `\\n` must stay an escape so that `"\\"` is still read as one string.
_DEPTH_KEEP: Final = frozenset(b'"\\[]{}/bfnrtu')


_DEPTH_DELETE: Final = bytes(b for b in range(256) if b not in _DEPTH_KEEP)


_STRING_LITERAL: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _nesting_depth(data: bytes) -> int:
    """How deeply JSON arrays and objects nest in `data`, without parsing (brackets in strings
    do not count); linear in the size, so hostile nesting is refused before `json.loads`."""
    skeleton = _STRING_LITERAL.sub(b"", data.translate(None, _DEPTH_DELETE))
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    opening = (codes == ord("[")) | (codes == ord("{"))
    closing = (codes == ord("]")) | (codes == ord("}"))
    steps = opening.astype(np.int8) - closing.astype(np.int8)
    return int(steps.cumsum(dtype=np.int64).max(initial=0))


@dataclass(frozen=True)
class JsonText:
    """A parsed JSON text: the value, notices on its encoding (a byte-order mark), how many of
    its numbers are `NonFinite` (0: no walk is needed), and whether a string may hold a lone
    UTF-16 surrogate (then each string is checked before it is kept)."""

    value: Any
    notices: tuple[Issue, ...]
    non_finite: int
    lone_surrogates: bool


def read_json(data: bytes, source: Path) -> JsonText:
    """Decode `data` as UTF-8 and parse it as strict JSON (unique keys, at most `MAX_DEPTH`
    levels); NaN, Infinity and numbers too large for a float are kept as `NonFinite`.

    Raises
    ------
    InvalidContentError
        Not UTF-8, nested too deeply, not JSON, or a key repeated in one object.
    """
    text, notices = decode(data, source)
    depth = _nesting_depth(data)
    if depth > MAX_DEPTH:
        raise InvalidContentError(
            f"{source}: nested too deeply to be GeoJSON: {depth:,} levels of arrays and objects, "
            f"more than the limit of {MAX_DEPTH} (GeoJSON needs about 10)",
            path=source,
        )
    document, non_finite = _parse_json(text, source)
    lone_surrogates = _LONE_SURROGATE_ESCAPE.search(text) is not None
    return JsonText(document, tuple(notices), non_finite, lone_surrogates)


def _parse_json(text: str, path: Path) -> tuple[Any, int]:
    """The document, and how many numbers in it are `NonFinite` (0: no walk is needed)."""
    found: list[NonFinite] = []

    def non_finite(token: str) -> NonFinite:
        value = NonFinite(token)
        found.append(value)
        return value

    def number(token: str) -> float | NonFinite:
        value = float(token)
        return value if math.isfinite(value) else non_finite(token)

    try:
        document = json.loads(
            text,
            object_pairs_hook=_unique_object,
            parse_constant=non_finite,
            parse_float=number,
        )
    except json.JSONDecodeError as error:
        raise InvalidContentError(
            f"{path}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            path=path,
        ) from None
    except _DuplicateKeyError as error:
        keys = ", ".join(repr(k) for k in dict.fromkeys(error.keys))
        raise InvalidContentError(
            f"{path}: duplicate key {error.key!r} in one JSON object (keys {keys}); expected "
            "unique keys, since which value wins is undefined (RFC 8259 §4)",
            path=path,
        ) from None
    except RecursionError:
        raise InvalidContentError(
            f"{path}: nested too deeply to be GeoJSON; expected at most a few levels of arrays",
            path=path,
        ) from None
    except ValueError as error:
        # e.g. an integer literal with more digits than Python converts.
        raise InvalidContentError(f"{path}: not usable JSON: {error}", path=path) from None
    return document, len(found)


def find_non_finite(value: Any) -> tuple[NonFinite, tuple[str | int, ...]] | None:
    """The first `NonFinite` inside a parsed JSON value and the keys/indices leading to it."""
    if isinstance(value, NonFinite):
        return value, ()
    items: Any = (
        value.items() if isinstance(value, dict) else enumerate(value)
        if isinstance(value, list) else ()
    )  # fmt: skip
    for key, member in items:
        hit = find_non_finite(member)
        if hit is not None:
            return hit[0], (key, *hit[1])
    return None


def null_non_finite(value: Any, tokens: list[str]) -> Any:
    """`value` with every `NonFinite` inside replaced by None (appending its token to
    `tokens`); containers are copied only when something inside changed."""
    if isinstance(value, NonFinite):
        tokens.append(value.token)
        return None
    if isinstance(value, dict):
        before = len(tokens)
        cleaned = {key: null_non_finite(member, tokens) for key, member in value.items()}
        return cleaned if len(tokens) > before else value
    if isinstance(value, list):
        before = len(tokens)
        items = [null_non_finite(member, tokens) for member in value]
        return items if len(tokens) > before else value
    return value


def json_path(keys: Sequence[str | int]) -> str:
    """Keys/indices as a JSONPath-like text: ('bbox', 0) → "bbox[0]"."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def encodable(value: Any) -> bool:
    """True when a JSON value can be written out as UTF-8 (no lone surrogates)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def describe(value: Any) -> str:
    """A JSON value as it should appear after 'found' in a message."""
    if value is MISSING:
        return "nothing"
    if value is None:
        return "null"
    if isinstance(value, NonFinite):
        return value.token
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
