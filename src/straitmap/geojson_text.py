"""Byte-stable GeoJSON text: the one writer of the build scripts, the CLI and the exports.

A FeatureCollection is written one feature per line, keys in the order each feature was built,
coordinates rounded to a fixed number of decimals and a newline at the end, so the same
features always give the same bytes and a diff shows which features changed. The committed
layers use two spacings: ``spaced`` (``", "`` and ``": "``, as `json.dumps` writes by default)
and ``compact`` (no spaces, for the large derived layers).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

__all__ = [
    "DEFAULT_DECIMALS",
    "Spacing",
    "dumps_feature_collection",
    "read_features",
    "round_coordinates",
    "write_feature_collection",
]

Spacing = Literal["spaced", "compact"]
#: RFC 7946 §11.2: six decimals (about 10 cm) are more than any of our sources hold.
DEFAULT_DECIMALS: Final = 6
_SEPARATORS: Final[dict[str, tuple[str, str]]] = {"spaced": (", ", ": "), "compact": (",", ":")}


def round_coordinates(coordinates: Any, decimals: int) -> Any:
    """GeoJSON coordinates (nested lists or tuples of numbers) as lists, floats rounded.

    Integers stay integers, so a coordinate written ``121`` is not rewritten ``121.0``.

    >>> round_coordinates(((121.5654321, 25), (120.3, 22.6)), 4)
    [[121.5654, 25], [120.3, 22.6]]
    """
    if isinstance(coordinates, (list, tuple)):
        return [round_coordinates(value, decimals) for value in coordinates]
    if isinstance(coordinates, float):
        return round(coordinates, decimals)
    return coordinates


def _rounded_geometry(geometry: Any, decimals: int | None) -> Any:
    if decimals is None or not isinstance(geometry, Mapping):
        return geometry
    rounded = {}
    for key, value in geometry.items():
        if key == "coordinates":
            rounded[key] = round_coordinates(value, decimals)
        elif key == "geometries":
            rounded[key] = [_rounded_geometry(member, decimals) for member in value]
        else:
            rounded[key] = value
    return rounded


def dumps_feature_collection(
    features: Sequence[Mapping[str, Any]],
    *,
    spacing: Spacing = "spaced",
    decimals: int | None = DEFAULT_DECIMALS,
) -> str:
    """A FeatureCollection of `features` (GeoJSON Feature mappings) as byte-stable text.

    One feature per line, keys in the order given, each geometry's coordinates rounded to
    `decimals` (None: written as given), non-ASCII text kept as it is, a newline at the end.
    NaN and infinities are refused (`ValueError`): GeoJSON has no such numbers.

    >>> print(dumps_feature_collection(
    ...     [{"type": "Feature", "properties": {"id": "a"},
    ...       "geometry": {"type": "Point", "coordinates": [121.5654321, 25.0]}}],
    ...     spacing="compact", decimals=4,
    ... ), end="")
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[121.5654,25.0]}}
    ]}
    """
    try:
        separators = _SEPARATORS[spacing]
    except KeyError:
        raise ValueError(
            f"spacing should be one of {', '.join(_SEPARATORS)}, got {spacing!r}"
        ) from None
    item, key = separators
    head = f'{{"type"{key}"FeatureCollection"{item}"features"{key}['
    if not features:
        return head + "]}\n"
    lines = []
    for feature in features:
        if "geometry" in feature:
            feature = {**feature, "geometry": _rounded_geometry(feature["geometry"], decimals)}
        lines.append(
            json.dumps(feature, ensure_ascii=False, allow_nan=False, separators=separators)
        )
    return head + "\n" + ",\n".join(lines) + "\n]}\n"


def write_feature_collection(
    path: Path,
    features: Sequence[Mapping[str, Any]],
    *,
    spacing: Spacing = "spaced",
    decimals: int | None = DEFAULT_DECIMALS,
) -> None:
    """Write `dumps_feature_collection` text to `path` (UTF-8), creating its folder."""
    text = dumps_feature_collection(features, spacing=spacing, decimals=decimals)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read_features(path: Path, *, allow_nan: bool = True) -> list[dict[str, Any]]:
    """The features of an upstream GeoJSON FeatureCollection, as plain mappings.

    For the raw inputs of the build scripts (Natural Earth, PLA_Path_Database, ...), read as
    they are: the project's own layers go through `straitmap.load_layer`. With
    `allow_nan=False`, a bare ``NaN`` or ``Infinity`` raises `ValueError`.
    """

    def refuse(token: str) -> Any:
        raise ValueError(f"{path}: expected JSON numbers, found a bare {token}")

    text = path.read_text(encoding="utf-8")
    document = json.loads(text) if allow_nan else json.loads(text, parse_constant=refuse)
    kind = document.get("type") if isinstance(document, dict) else type(document).__name__
    if kind != "FeatureCollection":
        raise ValueError(f"{path}: expected a FeatureCollection, found {kind!r}")
    features: list[dict[str, Any]] = document["features"]
    return features
