"""Find a place by typed coordinates or by name across layers (`Taipei`, `25.03, 121.56`)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # imported where used: resolving over kept entries needs neither
    import geopandas as gpd
    import pandas as pd

from straitmap.coords import looks_like_coordinates, parse_point
from straitmap.errors import AmbiguousPlaceError, UnknownPlaceError
from straitmap.names import alternative_names, fold

__all__ = [
    "ALTERNATIVE_NAME_LAYERS",
    "DISPLAY_NAME_FIELDS",
    "NAME_FIELDS",
    "UPLOAD_SUFFIX",
    "Entry",
    "Resolved",
    "display_names",
    "entries",
    "resolve",
    "resolve_entries",
    "upload_labels",
]

#: The properties a bundled feature is matched against, in this order.
NAME_FIELDS: Final = ("name", "name_zh", "name_ja", "id")
#: Where an uploaded feature's name comes from, in this order; then the first text column, then
#: its row ("Feature 3").
DISPLAY_NAME_FIELDS: Final = ("name", "title", "label")
#: Bundled layers whose names hold alternatives in parentheses ("Orchid Island (Lanyu)"); in
#: other layers a parenthesis describes ("North (project zone)") rather than names.
ALTERNATIVE_NAME_LAYERS: Final = frozenset({"places", "us_bases_japan"})
#: What marks an uploaded feature's name: "Taipei (your file)".
UPLOAD_SUFFIX: Final = "your file"


@dataclass(frozen=True)
class Resolved:
    """A place: its name, a point (lat, lon), and the feature it came from (None for coordinates).

    For a line or polygon feature the point is shapely's `representative_point()`: a point
    guaranteed to lie on the line or inside the polygon (not the centroid, which may not).
    An uploaded feature's `name` is its label ("Taipei (your file)") and its `feature_id` is
    ``upload-ROW``.
    """

    name: str
    lat: float
    lon: float
    layer_id: str | None = None
    feature_id: str | None = None


@dataclass(frozen=True)
class Entry:
    """One searchable feature: what it is called, the folded keys it answers to, its point.

    `lat`/`lon` are the point `resolve` answers with (see `Resolved`). Entries hold no
    geometry or frame, so they can be kept between runs (`straitmap.layer_cache`).
    """

    layer_id: str
    name: str
    feature_id: str | None
    names: tuple[str, ...]
    keys: frozenset[str]
    alternative_keys: frozenset[str]
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.layer_id}: {self.name} [{self.feature_id or '?'}]"


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    import pandas as pd

    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return str(value).strip() or None


def _geometries(frame: Any) -> gpd.GeoSeries | None:
    """The frame's geometries: a GeoDataFrame's active column, else a column `geometry` of
    shapely objects; None for a table without them."""
    import geopandas as gpd

    if isinstance(frame, gpd.GeoDataFrame) and frame.active_geometry_name is not None:
        return frame.geometry
    if "geometry" not in getattr(frame, "columns", ()):
        return None
    try:
        return gpd.GeoSeries(frame["geometry"])
    except TypeError:
        return None


def _located_rows(frame: Any, rows: Iterable[int] | None = None) -> Iterator[tuple[int, Any]]:
    """(row, geometry) for each row (of `rows`, else all) whose geometry is neither missing nor
    empty; nothing for a table without geometries."""
    geometries = _geometries(frame)
    if geometries is None:
        return
    located = (~(geometries.isna() | geometries.is_empty)).to_numpy()
    values = geometries.to_numpy()
    chosen = located.nonzero()[0].tolist() if rows is None else sorted(rows)
    for row in chosen:
        if located[row]:
            yield row, values[row]


def _rows_containing(key: str, columns: list[list[Any]]) -> set[int]:
    """The rows where `key` is part of the folded text of one of the columns."""
    return {
        row
        for column in columns
        for row, value in enumerate(column)
        if (text := _text(value)) and key in fold(text)
    }


def _entry(
    layer_id: str,
    name: str,
    feature_id: str | None,
    names: Iterable[str],
    alternatives: Iterable[str],
    geometry: Any,
) -> Entry:
    names = tuple(dict.fromkeys(names))
    keys = frozenset(fold(n) for n in names) - {""}
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return Entry(
        layer_id=layer_id,
        name=name,
        feature_id=feature_id,
        names=names,
        keys=keys,
        alternative_keys=frozenset(fold(a) for a in alternatives) - keys - {""},
        lat=float(point.y),
        lon=float(point.x),
    )


def _bundled_entries(layers: Mapping[str, Any], key: str) -> Iterator[Entry]:
    """An entry for every bundled feature with a name (or id) and a non-empty geometry that
    `key` may match (those without it in any name are left out: they cannot)."""
    for layer_id, frame in layers.items():
        if _geometries(frame) is None:
            continue
        fields = [f for f in NAME_FIELDS if f in frame.columns]
        columns = [frame[f].tolist() for f in fields]
        with_alternatives = layer_id in ALTERNATIVE_NAME_LAYERS
        # An alternative can join words apart in the name (Pingtan Island), so those few
        # layers are read whole; elsewhere only rows with the key in a name can match.
        rows = None if with_alternatives else _rows_containing(key, columns)
        for row, geometry in _located_rows(frame, rows):
            names = {f: t for f, col in zip(fields, columns, strict=True) if (t := _text(col[row]))}
            if not names:
                continue
            alternatives: list[str] = []
            if with_alternatives:
                for field in ("name", "name_zh"):
                    if field in names:
                        alternatives.extend(alternative_names(names[field]))
            yield _entry(
                layer_id,
                names.get("name") or names.get("name_zh") or names.get("id", ""),
                names.get("id"),
                names.values(),
                alternatives,
                geometry,
            )


def _is_text_column(series: pd.Series) -> bool:
    import pandas as pd

    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and any(isinstance(v, str) for v in series)


def _column_named(field: str, columns: list[Any]) -> Any | None:
    """The column called `field`, else one called so in another case ("Name", "TITLE")."""
    if field in columns:
        return field
    return next((c for c in columns if str(c).casefold() == field), None)


def display_names(frame: Any) -> list[str]:
    """The name shown for each row of an uploaded frame, whatever its columns.

    Each row's first non-empty value of, in order: a `name`, `title` or `label` column (matched
    in any case when no column has the exact name), the first other text column, and failing
    all of those its row ("Feature 0" for the first). Values are stripped; the frame is not
    changed.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> ports = gpd.GeoDataFrame(
    ...     {"NAME": ["Keelung", None], "website": [None, "example.org"]},
    ...     geometry=[Point(121.74, 25.13), Point(120.3, 22.6)],
    ... )
    >>> display_names(ports)
    ['Keelung', 'example.org']
    """
    geometries = _geometries(frame)
    geometry_name = "geometry" if geometries is None else geometries.name
    columns = [c for c in frame.columns if c != geometry_name]
    chosen: list[Any] = []
    for field in DISPLAY_NAME_FIELDS:
        column = _column_named(field, columns)
        if column is not None and column not in chosen:
            chosen.append(column)
    first_text = next(
        (c for c in columns if c not in chosen and _is_text_column(frame[c])),
        None,
    )
    if first_text is not None:
        chosen.append(first_text)
    values = [frame[c].tolist() for c in chosen]
    names: list[str] = []
    for row in range(len(frame)):
        texts = (_text(column[row]) for column in values)
        names.append(next((t for t in texts if t), None) or f"Feature {row}")
    return names


def _upload_rows(frame: Any) -> Iterator[tuple[int, str, str, Any]]:
    """(row, display name, label, geometry) for each located row of an uploaded frame."""
    if _geometries(frame) is None:
        return
    names = display_names(frame)
    counts = Counter(names)
    for row, geometry in _located_rows(frame):
        name = names[row]
        if counts[name] == 1:
            label = f"{name} ({UPLOAD_SUFFIX})"
        else:
            label = f"{name} ({UPLOAD_SUFFIX}, feature {row})"
        yield row, name, label, geometry


def upload_labels(frame: Any) -> list[str]:
    """The label of each uploaded feature the gazetteer can resolve, in row order.

    ``NAME (your file)`` with the `display_names` name, or ``NAME (your file, feature ROW)``
    when several rows share that name, so every label is distinct from the others and from
    every bundled name: `resolve` finds the feature by it.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> ports = gpd.GeoDataFrame(
    ...     {"name": ["Taipei", "Newport", "Newport"]},
    ...     geometry=[Point(121.4, 25.15), Point(-71.3, 41.5), Point(-3.0, 51.6)],
    ... )
    >>> upload_labels(ports)
    ['Taipei (your file)', 'Newport (your file, feature 1)', 'Newport (your file, feature 2)']
    """
    return [label for _, _, label, _ in _upload_rows(frame)]


def _upload_entries(uploads: Mapping[str, Any]) -> Iterator[Entry]:
    """An entry for every located uploaded feature: its label, name, name_zh and ids."""
    for layer_id, frame in uploads.items():
        extra = [c for c in ("name_zh", "id") if c in getattr(frame, "columns", ())]
        extra_values = [frame[c].tolist() for c in extra]
        for row, name, label, geometry in _upload_rows(frame):
            feature_id = f"upload-{row}"
            own = [t for column in extra_values if (t := _text(column[row]))]
            yield _entry(
                layer_id,
                label,
                feature_id,
                [label, name, *own, feature_id],
                alternative_names(name),
                geometry,
            )


def _resolved(entry: Entry) -> Resolved:
    return Resolved(
        name=entry.name,
        lat=entry.lat,
        lon=entry.lon,
        layer_id=entry.layer_id,
        feature_id=entry.feature_id,
    )


def _match(text: str, key: str, entries: list[Entry]) -> Resolved | None:
    """The one entry `key` names (exact, then alternative, then substring), None if none;
    raises `AmbiguousPlaceError` when several match at the first step that matches any."""
    steps = (
        [e for e in entries if key in e.keys],
        [e for e in entries if key in e.alternative_keys],
        [e for e in entries if any(key in k for k in e.keys | e.alternative_keys)],
    )
    for matches in steps:
        if len(matches) == 1:
            return _resolved(matches[0])
        if len(matches) > 1:
            raise AmbiguousPlaceError(text, [e.label for e in matches])
    return None


def resolve(
    text: str, layers: Mapping[str, Any], uploads: Mapping[str, Any] | None = None
) -> Resolved:
    """Resolve typed coordinates or a feature name to a point.

    In order: coordinates (`coords.parse_point`, typed lat, lon); else, in the bundled
    `layers`, an exact match of a feature's `name`, `name_zh` or `id`; else an exact match of
    an alternative its name holds in parentheses (`names.alternative_names`, in the
    `ALTERNATIVE_NAME_LAYERS`: ``Lanyu`` for ``Orchid Island (Lanyu)``); else a substring of
    one of them, if exactly one feature has it. Names compare folded (`names.fold`): case,
    Latin accents, hyphens and apostrophes, and Chinese variant and simplified characters do
    not count, so ``台北`` finds ``臺北`` and ``Suao`` finds ``Su-ao``.

    Only when no bundled feature matches are the `uploads` (layer id → frame, any columns)
    searched the same way, each feature under its `upload_labels` label, its `display_names`
    name, its `name_zh` and `id` if it has them, and ``upload-ROW``: an uploaded file never
    changes what a bundled name resolves to, and its features are picked by label.

    Text that looks like coordinates (digits and only N/S/E/W letters) but does not parse
    raises `CoordinateParseError` rather than being looked up as a name.

    Raises `UnknownPlaceError` (with close names as suggestions) when nothing matches and
    `AmbiguousPlaceError` listing the candidates when several features do.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> places = gpd.GeoDataFrame(
    ...     {"id": ["place-taipei"], "name": ["Taipei"], "name_zh": ["臺北"]},
    ...     geometry=[Point(121.56, 25.03)],
    ... )
    >>> resolve("台北", {"places": places}).feature_id
    'place-taipei'
    >>> resolve("25.03N 121.56E", {"places": places}).lat
    25.03
    >>> ports = gpd.GeoDataFrame({"name": ["Taipei"]}, geometry=[Point(121.39, 25.16)])
    >>> resolve("Taipei", {"places": places}, {"upload": ports}).feature_id
    'place-taipei'
    >>> resolve("Taipei (your file)", {"places": places}, {"upload": ports}).feature_id
    'upload-0'
    """
    return _resolve(
        text,
        lambda key: (_bundled_entries(layers, key), _upload_entries(uploads or {})),
        lambda: [*_bundled_entries(layers, ""), *_upload_entries(uploads or {})],
    )


def _resolve(
    text: str,
    groups: Callable[[str], Iterable[Iterable[Entry]]],
    everything: Callable[[], list[Entry]],
) -> Resolved:
    """Coordinates, else the first group (for the folded key) with a match; else unknown,
    with close names from `everything`."""
    query = text.strip()
    if looks_like_coordinates(query):
        lat, lon = parse_point(query)
        return Resolved(name=query, lat=lat, lon=lon)
    key = fold(query)
    if not key:
        raise UnknownPlaceError(text)
    for group in groups(key):
        found = _match(text, key, list(group))
        if found is not None:
            return found
    raise _unknown(text, everything())


def entries(layers: Mapping[str, Any]) -> list[Entry]:
    """Every named, located feature of the bundled `layers`, as `resolve` searches them."""
    return list(_bundled_entries(layers, ""))


def resolve_entries(text: str, bundled: Sequence[Entry], uploads: Sequence[Entry] = ()) -> Resolved:
    """`resolve` over entries kept from earlier (`entries`): the same answer, no frames.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> places = gpd.GeoDataFrame(
    ...     {"id": ["place-taipei"], "name": ["Taipei"], "name_zh": ["臺北"]},
    ...     geometry=[Point(121.56, 25.03)],
    ... )
    >>> resolve_entries("台北", entries({"places": places})).feature_id
    'place-taipei'
    """
    return _resolve(text, lambda key: (bundled, uploads), lambda: [*bundled, *uploads])


def _unknown(text: str, searched: Iterable[Entry]) -> UnknownPlaceError:
    """The error for a name nothing answers to, with up to three close names."""
    names = sorted({n for e in searched for n in e.names})
    return UnknownPlaceError(text, difflib.get_close_matches(text.strip(), names, n=3, cutoff=0.6))
