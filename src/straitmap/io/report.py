"""The loader's report: what was accepted, repaired, skipped or refused, and where.

Numbering, the same in every message and report: GeoJSON features are ``feature N`` with N the
index in the ``features`` array, counted from 0 (as are the lines, polygons, rings and positions
inside a geometry); CSV data rows are ``row N (line L)`` with N counted from 1 (the header is
line 1 and not a row) and L the line of the file where the row ends (a quoted cell may span
lines). `Issue.feature_index` counts from 0 in both formats: CSV row N has index N - 1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
import shapely

from straitmap.region import REGION_BOUNDS

Action = Literal["refused", "repaired", "skipped", "noted"]


@dataclass(frozen=True)
class Issue:
    """One thing the loader refused, repaired, skipped or noted, in words a person can act on.

    `location` is ``"file"`` or ``"feature N"`` (N indexes the `features` array from 0, with the
    feature's id in brackets when it has one); for CSV it is ``"row N (line L)"``: N counts data
    rows from 1 (the header is not a data row), L is the line of the file where the row ends.
    `field` names the property, CSV column or GeoJSON member (``"geometry"``, ``"crs"``) or is
    None; `detail` says what was changed or why. `feature_index` counts from 0 in both formats
    (CSV row N has index N - 1).
    """

    location: str
    field: str | None
    expected: str
    found: str
    action: Action
    detail: str = ""
    feature_index: int | None = None

    def __str__(self) -> str:
        where = self.location if self.field is None else f"{self.location}, field {self.field!r}"
        text = f"{where}: expected {self.expected}, found {self.found}"
        return f"{text}; {self.detail}" if self.detail else text

    def to_dict(self) -> dict[str, Any]:
        """The issue as plain JSON-ready data, with `message` holding `str(issue)`."""
        return {**dataclasses.asdict(self), "message": str(self)}


@dataclass(frozen=True)
class LoadReport:
    """What `load_file` did with each feature of one file.

    `accepted` counts the input features (CSV data rows) in the frame, repaired ones included;
    `repaired`, `refused`, `skipped` (null or empty geometry, or an empty CSV row: left out of
    the frame) and `notices` (file-level remarks that changed nothing, such as a byte-order
    mark) list the issues. `accepted + refused_features + skipped_empty == total`.
    `source_format` is ``"geojson"`` or ``"csv"``; `exploded` counts the extra frame rows made by
    splitting MultiPoints for a Point layer (the frame holds ``accepted + exploded`` rows).

    `nulled` lists the property values written as bare ``NaN``, ``Infinity`` or ``-Infinity``
    (or a number too large for a float, such as ``1e400``), which JSON does not allow and which
    the loader set to null: one ``(property, token, count)`` triple per property and token.
    `nulled_features` holds the indices of the features that had them (counted from 0, as
    ``features[N]``); each such feature also has a repaired issue. `outside_region` counts the
    accepted features (CSV rows) wholly outside `REGION_BOUNDS` and `partly_outside_region`
    those partly outside: kept, not refused (a layer's schema may refuse points outside).
    """

    path: Path
    layer: str | None
    accepted: int
    repaired: tuple[Issue, ...] = ()
    refused: tuple[Issue, ...] = ()
    skipped: tuple[Issue, ...] = ()
    notices: tuple[Issue, ...] = ()
    total: int = 0
    source_format: Literal["geojson", "csv"] = "geojson"
    exploded: int = 0
    nulled: tuple[tuple[str, str, int], ...] = ()
    nulled_features: tuple[int, ...] = ()
    outside_region: int = 0
    partly_outside_region: int = 0

    @property
    def nulled_values(self) -> int:
        """How many property values were NaN or Infinity and are now null."""
        return sum(count for _, _, count in self.nulled)

    @property
    def skipped_empty(self) -> int:
        """How many features had a null or empty geometry and were left out of the frame."""
        return len(self.skipped)

    @property
    def refused_features(self) -> int:
        """How many distinct features were refused (one feature may have several issues)."""
        return len({issue.feature_index for issue in self.refused})

    @property
    def ok(self) -> bool:
        """True when nothing was refused: the file is usable as it stands or with repairs."""
        return not self.refused

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue in file order: file-level ones first, then by feature index."""
        every = (*self.notices, *self.repaired, *self.skipped, *self.refused)
        return tuple(
            sorted(every, key=lambda i: -1 if i.feature_index is None else i.feature_index)
        )

    def summary(self) -> str:
        """One line: the file, the layer, and how many features were accepted/repaired/refused.

        The file is named once, at the start. When property values were set to null, or
        accepted features lie outside the map's region, the line says how many (and which).

        >>> LoadReport(Path("x.geojson"), None, accepted=2, total=3).summary()
        'x.geojson: 3 features: 2 accepted, 0 repaired, 0 refused, 0 skipped (empty geometry)'
        >>> LoadReport(Path("x.geojson"), None, accepted=3, total=3, repaired=(
        ...     Issue("feature 1", "depth", "-", "NaN", "repaired", feature_index=1),),
        ...     nulled=(("depth", "NaN", 1),), nulled_features=(1,), outside_region=1).summary()
        ... # doctest: +NORMALIZE_WHITESPACE
        "x.geojson: 3 features: 3 accepted, 1 repaired, 0 refused, 0 skipped (empty geometry);
        1 property value written as bare NaN set to null ('depth' 1) in feature 1 (features
        count from 0, as in the features array); 1 feature outside the map's region
        (100–150°E, 0–46°N), kept (not refused)"
        """
        repaired = len({i.feature_index for i in self.repaired if i.feature_index is not None})
        if any(issue.feature_index is None for issue in self.repaired):
            repaired = self.accepted  # a file-level repair (reprojection) changed every feature
        layer = f" (layer {self.layer})" if self.layer else ""
        csv_rows = self.source_format == "csv"
        noun = ("row" if csv_rows else "feature") + ("" if self.total == 1 else "s")
        empty = "empty rows or no coordinates" if csv_rows else "empty geometry"
        exploded = (
            f" (as {self.accepted + self.exploded} points: MultiPoints exploded)"
            if self.exploded
            else ""
        )
        return (
            f"{self.path}{layer}: {self.total} {noun}: {self.accepted} accepted{exploded}, "
            f"{repaired} repaired, {self.refused_features} refused, "
            f"{self.skipped_empty} skipped ({empty})"
            f"{self._nulled_clause()}{self._region_clause()}"
        )

    def _nulled_clause(self) -> str:
        if not self.nulled:
            return ""
        total = self.nulled_values
        tokens = list(dict.fromkeys(token for _, token, _ in self.nulled))
        written = _or(tokens)
        per_property: dict[str, int] = {}
        for name, _, count in self.nulled:
            per_property[name] = per_property.get(name, 0) + count
        properties = ", ".join(f"{name!r} {count:,}" for name, count in per_property.items())
        features = len(self.nulled_features)
        return (
            f"; {total:,} property value{'' if total == 1 else 's'} written as bare {written} "
            f"set to null ({properties}) in {'feature' if features == 1 else 'features'} "
            f"{_index_ranges(self.nulled_features)} (features count from 0, as in the features "
            "array)"
        )

    def _region_clause(self) -> str:
        wholly, partly = self.outside_region, self.partly_outside_region
        if not wholly and not partly:
            return ""
        noun = "row" if self.source_format == "csv" else "feature"
        min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
        region = f"the map's region ({min_lon:g}–{max_lon:g}°E, {min_lat:g}–{max_lat:g}°N)"
        if not wholly:
            counted = f"{partly:,} {noun}{'' if partly == 1 else 's'} partly outside {region}"
        else:
            counted = f"{wholly:,} {noun}{'' if wholly == 1 else 's'} outside {region}"
            counted += f" and {partly:,} partly outside" if partly else ""
        return f"; {counted}, kept (not refused)"

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "path": str(self.path),
            "layer": self.layer,
            "format": self.source_format,
            "ok": self.ok,
            "total": self.total,
            "exploded": self.exploded,
            "accepted": self.accepted,
            "skipped_empty": self.skipped_empty,
            "refused_features": self.refused_features,
            "nulled_values": self.nulled_values,
            "nulled": [
                {"property": name, "token": token, "count": count}
                for name, token, count in self.nulled
            ],
            "nulled_features": list(self.nulled_features),
            "outside_region": self.outside_region,
            "partly_outside_region": self.partly_outside_region,
            "summary": self.summary(),
            "notices": [issue.to_dict() for issue in self.notices],
            "repaired": [issue.to_dict() for issue in self.repaired],
            "skipped": [issue.to_dict() for issue in self.skipped],
            "refused": [issue.to_dict() for issue in self.refused],
        }


@dataclass(frozen=True)
class LoadResult:
    """The usable features (EPSG:4326) and the report on the whole file, side by side.

    The report travels here, never in ``frame.attrs`` (pandas deep-copies attrs on every
    operation); the layer checked against is ``report.layer``. `origins` holds, for each
    frame row, the input feature's index and its location as the report words it
    (``"feature 3 (id 'x')"``, ``"row 2 (line 3)"``): `fit_layer` uses them.
    `coordinate_columns` names the (latitude, longitude) columns a CSV was read from (None
    for GeoJSON).
    """

    frame: gpd.GeoDataFrame
    report: LoadReport
    origins: tuple[tuple[int, str], ...] = ()
    coordinate_columns: tuple[str, str] | None = None


@dataclass(frozen=True)
class TableResult:
    """A bundled table (`load_table_result`) and its report, side by side."""

    frame: pd.DataFrame
    report: LoadReport


def in_file_order(issues: Sequence[Issue]) -> tuple[Issue, ...]:
    """File-level issues first, then by feature index (stable: each feature's own order)."""
    return tuple(sorted(issues, key=lambda i: -1 if i.feature_index is None else i.feature_index))


@dataclass
class Outcome:
    """The checks of one feature or CSV row as they accumulate: its issues and its result."""

    properties: Mapping[str, Any]
    geometry: shapely.Geometry | None = None
    repaired: list[Issue] = dataclasses.field(default_factory=list)
    refused: list[Issue] = dataclasses.field(default_factory=list)
    skipped: Issue | None = None
    location: str = ""
    # (property, token) once per value set to null
    nulled: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    #: The feature index or CSV row index the issues carry (None: not one of a collection).
    index: int | None = None

    def issue(
        self, field: str | None, expected: str, found: str, action: Action, detail: str = ""
    ) -> Issue:
        """An issue at this outcome's location."""
        return Issue(self.location, field, expected, found, action, detail, self.index)

    def refuse(self, field: str | None, expected: str, found: str, detail: str = "") -> Outcome:
        """Record a refusal here and return this outcome (callers return it as they are)."""
        self.refused.append(self.issue(field, expected, found, "refused", detail))
        return self


# Records a refusal for the feature being checked (`Outcome.refuse` of its outcome).
Refuse = Callable[..., Outcome]


def _or(items: Sequence[str]) -> str:
    """['NaN', 'Infinity', '-Infinity'] → "NaN, Infinity or -Infinity"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _index_ranges(indices: Sequence[int], shown: int = 8) -> str:
    """[0, 1, 2, 5, 7, 8] → "0–2, 5, 7, 8": runs of consecutive indices, the first `shown`."""
    runs: list[list[int]] = []
    for index in sorted(indices):
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    texts = [
        str(first) if first == last else f"{first}, {last}" if last == first + 1
        else f"{first}–{last}"
        for first, last in runs
    ]  # fmt: skip
    if len(texts) > shown:
        return f"{', '.join(texts[:shown])} and {len(texts) - shown} more runs"
    return ", ".join(texts)


def format_number(value: float) -> str:
    """A coordinate as a message shows it: up to 6 decimals, huge values in short form."""
    if abs(value) >= 1e15:  # far beyond degrees or metres: its magnitude is what matters
        return f"{value:.6g}"
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
