"""One filter state for every layer: a frozen FilterState in, each layer's matching subset out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import geopandas as gpd
import pandas as pd

from straitmap.errors import FilterError

YesNoAny = Literal["any", "yes", "no"]
YES_NO_ANY: tuple[YesNoAny, ...] = ("any", "yes", "no")

#: Closed vocabularies of DESIGN §2a, in display order.
AIRCRAFT_CLASSES: tuple[str, ...] = (
    "fighter",
    "bomber",
    "airborne early warning",
    "reconnaissance/electronic warfare",
    "anti-submarine",
    "tanker/transport",
    "helicopter",
    "drone",
    "balloon",
    "main combat (unspecified)",
    "support (unspecified)",
    "unspecified",
)
ZONES: tuple[str, ...] = (
    "north",
    "northern strait",
    "central strait (median line)",
    "southwest",
    "southeast",
    "east",
    "outside ADIZ",
)

#: The incursion layers that the incursion filters apply to.
INCURSION_LAYERS = ("pla_incursions", "pla_tracks")


@dataclass(frozen=True)
class FilterState:
    """What the user asked to see. Empty selections mean "all"; dates are inclusive.

    >>> FilterState(zones=frozenset({"southwest"})).is_default
    False
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    aircraft_classes: frozenset[str] = field(default_factory=frozenset)
    aircraft_types: frozenset[str] = field(default_factory=frozenset)
    zones: frozenset[str] = field(default_factory=frozenset)
    crossed_median: YesNoAny = "any"
    base_branches: frozenset[str] = field(default_factory=frozenset)
    base_kinds: frozenset[str] = field(default_factory=frozenset)
    lane_kinds: frozenset[str] = field(default_factory=frozenset)
    lanes_via_strait: YesNoAny = "any"

    def __post_init__(self) -> None:
        for name in ("crossed_median", "lanes_via_strait"):
            value = getattr(self, name)
            if value not in YES_NO_ANY:
                raise FilterError(f"{name} should be one of {', '.join(YES_NO_ANY)}, got {value!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise FilterError(
                f"date_from should be on or before date_to, got {self.date_from} > {self.date_to}"
            )
        unknown_classes = set(self.aircraft_classes) - set(AIRCRAFT_CLASSES)
        if unknown_classes:
            raise FilterError(
                f"aircraft class should be one of {', '.join(AIRCRAFT_CLASSES)}, "
                f"got {', '.join(sorted(unknown_classes))}"
            )
        unknown_zones = set(self.zones) - set(ZONES)
        if unknown_zones:
            raise FilterError(
                f"zone should be one of {', '.join(ZONES)}, got {', '.join(sorted(unknown_zones))}"
            )

    @property
    def is_default(self) -> bool:
        """True when nothing is filtered."""
        return self == FilterState()

    def with_dates(self, date_from: dt.date | None, date_to: dt.date | None) -> FilterState:
        """A copy with another date range."""
        return replace(self, date_from=date_from, date_to=date_to)


def _yes_no(series: pd.Series, wanted: YesNoAny) -> pd.Series:
    if wanted == "any":
        return pd.Series(True, index=series.index)
    truth = series.fillna(False).astype(bool)
    return truth if wanted == "yes" else ~truth


def _member(series: pd.Series, wanted: frozenset[str]) -> pd.Series:
    if not wanted:
        return pd.Series(True, index=series.index)
    return series.astype("string").isin(sorted(wanted)).fillna(False).astype(bool)


def incursion_mask(frame: pd.DataFrame, state: FilterState) -> pd.Series:
    """Boolean mask of the incursion rows (points or tracks) that match `state`."""
    mask = pd.Series(True, index=frame.index)
    if state.date_from or state.date_to:
        dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce").dt.date
        if state.date_from:
            mask &= dates.map(lambda d: d is not None and d >= state.date_from).astype(bool)
        if state.date_to:
            mask &= dates.map(lambda d: d is not None and d <= state.date_to).astype(bool)
    mask &= _member(frame["aircraft_class"], state.aircraft_classes)
    mask &= _member(frame["aircraft_type"], state.aircraft_types)
    mask &= _member(frame["zone"], state.zones)
    mask &= _yes_no(frame["crossed_median_line"], state.crossed_median)
    return mask


def filter_layer(layer_id: str, frame: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    """The rows of one layer that match `state` (layers without filters come back whole).

    The input frame is not changed. When nothing is filtered out the input frame itself is
    returned (so renderers can reuse work done for it): treat results as read-only.
    """
    if layer_id in INCURSION_LAYERS:
        mask = incursion_mask(frame, state)
    elif layer_id == "us_bases_japan":
        mask = _member(frame["branch"], state.base_branches) & _member(
            frame["kind"], state.base_kinds
        )
    elif layer_id == "shipping_lanes":
        mask = _member(frame["kind"], state.lane_kinds) & _yes_no(
            frame["via_strait"], state.lanes_via_strait
        )
    else:
        return frame
    if bool(mask.all()):
        return frame
    return frame.loc[mask].copy()


def apply_filters(
    layers: Mapping[str, gpd.GeoDataFrame], state: FilterState
) -> dict[str, gpd.GeoDataFrame]:
    """Every layer filtered by `state`, keyed as given."""
    return {layer_id: filter_layer(layer_id, frame, state) for layer_id, frame in layers.items()}


@dataclass(frozen=True)
class IncursionSummary:
    """Counts of a set of incursion points, as the app and `straitmap incursions` show them."""

    count: int
    aircraft: int
    days: int
    median_line_crossings: int
    by_type: dict[str, int]
    by_class: dict[str, int]
    by_zone: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "count": self.count,
            "aircraft": self.aircraft,
            "days": self.days,
            "median_line_crossings": self.median_line_crossings,
            "by_type": self.by_type,
            "by_class": self.by_class,
            "by_zone": self.by_zone,
        }


def _counts(series: pd.Series, order: Iterable[str] | None = None) -> dict[str, int]:
    counts = series.fillna("unspecified").astype(str).value_counts()
    if order is None:
        return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    return {name: int(counts[name]) for name in order if name in counts}


def count_aircraft(points: pd.DataFrame) -> int:
    """Sum of aircraft, each figure MND gave for several classes counted once.

    From 2024 one MND figure often covers several classes in one area: every class point of
    that area carries the same `count` with `count_scope == "area"` and one `track_id`
    (geodata/README.md, `pla_incursions`). Those count once per `track_id`; other points
    (`count_scope == "class"`, or files without the column) add their own `count`.
    """
    aircraft = pd.to_numeric(points["count"], errors="coerce").fillna(0)
    if "count_scope" not in points.columns or "track_id" not in points.columns:
        return int(aircraft.sum())
    shared = (points["count_scope"].astype("string") == "area").fillna(False).astype(bool)
    per_area = aircraft[shared].groupby(points.loc[shared, "track_id"]).max()
    return int(aircraft[~shared].sum() + per_area.sum())


def summarize_incursions(points: pd.DataFrame) -> IncursionSummary:
    """Count points (`count` = features), sum aircraft (see `count_aircraft`), and break the
    points down by type/class/zone.

    The breakdowns count points, not aircraft.
    """
    crossed = points["crossed_median_line"].fillna(False).astype(bool)
    return IncursionSummary(
        count=len(points),
        aircraft=count_aircraft(points),
        days=int(points["date"].nunique()),
        median_line_crossings=int(crossed.sum()),
        by_type=_counts(points["aircraft_type"]),
        by_class=_counts(points["aircraft_class"], AIRCRAFT_CLASSES),
        by_zone=_counts(points["zone"], ZONES),
    )


@dataclass(frozen=True)
class DatePreset:
    """A named date range for the incursion filter."""

    label: str
    start: dt.date | None
    end: dt.date | None


def date_presets(dates: Iterable[str | dt.date]) -> list[DatePreset]:
    """Presets for the incursion date filter, from the dates present in the data.

    All; the PLA exercises of August 2022 (4–10 Aug, as announced and extended) and April 2023
    ("Joint Sword", 8–10 Apr); each calendar year present; the last 30 days of the data.
    """
    parsed = sorted({dt.date.fromisoformat(str(d)) for d in dates if d is not None})
    presets = [DatePreset("All dates", None, None)]
    presets.append(
        DatePreset("Aug 2022 exercises (4–10 Aug)", dt.date(2022, 8, 4), dt.date(2022, 8, 10))
    )
    presets.append(
        DatePreset("Apr 2023 exercises (8–10 Apr)", dt.date(2023, 4, 8), dt.date(2023, 4, 10))
    )
    for year in sorted({d.year for d in parsed}):
        presets.append(DatePreset(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if parsed:
        last = parsed[-1]
        presets.append(
            DatePreset(
                f"Last 30 days of the data (to {last.isoformat()})",
                last - dt.timedelta(days=29),
                last,
            )
        )
    return presets


def incursions_by_period(points: pd.DataFrame, freq: Literal["D", "M"] = "D") -> pd.DataFrame:
    """Points per day or month and aircraft class: columns period, aircraft_class, points, aircraft.

    `period` is the day's or the month's first date (ISO text), for charts and tables.
    """
    if points.empty:
        return pd.DataFrame(columns=["period", "aircraft_class", "points", "aircraft"])
    dates = pd.to_datetime(points["date"], format="%Y-%m-%d", errors="coerce")
    period = dates.dt.strftime("%Y-%m-01") if freq == "M" else dates.dt.strftime("%Y-%m-%d")
    table = pd.DataFrame(
        {
            "period": period,
            "aircraft_class": points["aircraft_class"].fillna("unspecified").astype(str),
            "aircraft": pd.to_numeric(points["count"], errors="coerce").fillna(0).astype(int),
        }
    )
    grouped = table.groupby(["period", "aircraft_class"], as_index=False).agg(
        points=("aircraft", "size"), aircraft=("aircraft", "sum")
    )
    return grouped.sort_values(["period", "aircraft_class"]).reset_index(drop=True)
