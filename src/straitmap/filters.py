"""One filter state for every layer: declared dimensions, their text forms, and each layer's subset.

Each filter dimension is declared once in `DIMENSIONS` (its name, column, vocabulary, URL
parameter, CLI flag and label); `FilterState` reads and writes every text form from those
declarations: URL query parameters (bad values ignored with a note), command-line flags (bad
values are usage errors), and words. In the library a bad value raises `FilterError`.

pandas and geopandas are imported where frames are handled, so building the command line's
parser from these declarations stays cheap.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from straitmap.dates import read_date
from straitmap.errors import DateParseError, FilterError
from straitmap.i18n import N_, Lang, translator

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

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

#: The class of an aircraft figure MND gave for several classes at once (from 2024): such a
#: figure cannot be split between its classes, so per-class breakdowns show it on its own.
SEVERAL_CLASSES = "several classes"

#: A yes/no filter's answers in words (translated in descriptions).
_ANSWER_WORDS: dict[str, str] = {"any": N_("any"), "yes": N_("yes"), "no": N_("no")}

Kind = Literal["set", "yes_no"]
#: A dimension's selection: the chosen values of a set, or the answer of a yes/no filter.
Selection = frozenset[str] | str


# --- declarations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterDimension:
    """One filter: the column it tests, its values, and its name in every text form.

    `kind` "set" keeps rows whose `column` is one of the chosen values (none chosen: all);
    "yes_no" keeps rows whose boolean `column` is true ("yes") or false ("no"), or all ("any").
    `vocabulary` is the closed list of valid values, or None for the values found in the data
    (then the vocabulary is passed in, keyed by `key`, where a value is checked).

    >>> ZONE.key, ZONE.cli_flag, ZONE.default
    ('zone', '--zone', frozenset())
    """

    #: The FilterState keyword and attribute (`aircraft_classes`).
    name: str
    #: The URL query parameter, and the word a description uses (`class bomber`).
    key: str
    #: The layers whose rows this dimension filters.
    layers: tuple[str, ...]
    #: The column it tests in each of those layers.
    column: str
    #: The sidebar widget's label (for a yes/no filter, also its words in a description).
    label: str
    #: One value's name in messages: "aircraft class should be one of ...".
    noun: str
    #: What it selects, in the plural ("aircraft classes"): URL and CLI help.
    help: str
    kind: Kind = "set"
    vocabulary: tuple[str, ...] | None = None
    #: The command-line flag; `--<key>` when not given.
    flag: str | None = None
    #: The argparse destination and the key in `straitmap incursions --json`; `name` if None.
    dest: str | None = None

    @property
    def cli_flag(self) -> str:
        """The command-line flag (`--zone`)."""
        return self.flag or f"--{self.key}"

    @property
    def cli_dest(self) -> str:
        """The argparse destination, also the dimension's key in JSON output."""
        return self.dest or self.name

    @property
    def default(self) -> Selection:
        """The selection that filters nothing: no value chosen, or "any"."""
        return "any" if self.kind == "yes_no" else frozenset()

    def choices(self, vocab: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...] | None:
        """The valid values: the closed vocabulary, else `vocab[key]` (None when unknown)."""
        if self.kind == "yes_no":
            return YES_NO_ANY
        if self.vocabulary is not None:
            return self.vocabulary
        if vocab is None or self.key not in vocab:
            return None
        return tuple(vocab[self.key])

    def order(self, values: Iterable[str]) -> list[str]:
        """Values in vocabulary order (alphabetical for a vocabulary found in the data)."""
        if self.vocabulary is None:
            return sorted(values)
        rank = {v: i for i, v in enumerate(self.vocabulary)}
        return sorted(values, key=lambda v: (rank.get(v, len(rank)), v))


@dataclass(frozen=True)
class DateRangeDimension:
    """The inclusive date range: one column, two ends, each with a URL key and a flag."""

    column: str
    layers: tuple[str, ...]
    keys: tuple[str, str]
    flags: tuple[str, str]
    label: str


DATES = DateRangeDimension(
    column="date",
    layers=INCURSION_LAYERS,
    keys=("from", "to"),
    flags=("--from", "--to"),
    label=N_("Dates"),
)
AIRCRAFT_CLASS = FilterDimension(
    name="aircraft_classes",
    key="class",
    layers=INCURSION_LAYERS,
    column="aircraft_class",
    label=N_("Aircraft class"),
    noun="aircraft class",
    help=N_("aircraft classes"),
    vocabulary=AIRCRAFT_CLASSES,
    dest="classes",
)
AIRCRAFT_TYPE = FilterDimension(
    name="aircraft_types",
    key="type",
    layers=INCURSION_LAYERS,
    column="aircraft_type",
    label=N_("Aircraft type"),
    noun="aircraft type",
    help=N_("aircraft types"),
    dest="types",
)
ZONE = FilterDimension(
    name="zones",
    key="zone",
    layers=INCURSION_LAYERS,
    column="zone",
    label=N_("Zone"),
    noun="zone",
    help=N_("zones"),
    vocabulary=ZONES,
    dest="zones",
)
CROSSED_MEDIAN = FilterDimension(
    name="crossed_median",
    key="crossed",
    layers=INCURSION_LAYERS,
    column="crossed_median_line",
    label=N_("Crossed the median line"),
    noun="crossed the median line",
    help=N_("crossed the median line"),
    kind="yes_no",
    flag="--crossed-median",
    dest="crossed_median",
)
BASE_BRANCH = FilterDimension(
    name="base_branches",
    key="branch",
    layers=("us_bases_japan",),
    column="branch",
    label=N_("Branch"),
    noun="installation branch",
    help=N_("US installations by branch"),
)
BASE_KIND = FilterDimension(
    name="base_kinds",
    key="kind",
    layers=("us_bases_japan",),
    column="kind",
    label=N_("Kind"),
    noun="installation kind",
    help=N_("US installations by kind"),
)
LANE_KIND = FilterDimension(
    name="lane_kinds",
    key="lane",
    layers=("shipping_lanes",),
    column="kind",
    label=N_("Class"),
    noun="lane class",
    help=N_("shipping lanes by kind (network, route)"),
)
LANES_VIA_STRAIT = FilterDimension(
    name="lanes_via_strait",
    key="via",
    layers=("shipping_lanes",),
    column="via_strait",
    label=N_("Through the strait"),
    noun="through the strait",
    help=N_("shipping lanes through the strait"),
    kind="yes_no",
)

#: Every filter dimension, in the order widgets, URLs and descriptions list them. Code reads
#: this name at call time, so a dimension added here reaches the URL, the CLI and the app.
DIMENSIONS: tuple[FilterDimension, ...] = (
    AIRCRAFT_CLASS,
    AIRCRAFT_TYPE,
    ZONE,
    CROSSED_MEDIAN,
    BASE_BRANCH,
    BASE_KIND,
    LANE_KIND,
    LANES_VIA_STRAIT,
)


def dimension(name: str) -> FilterDimension:
    """The declared dimension called `name` (FilterState keyword), or FilterError."""
    for declared in DIMENSIONS:
        if declared.name == name:
            return declared
    names = ", ".join(d.name for d in DIMENSIONS)
    raise FilterError(f"filter should be one of date_from, date_to, {names}, got {name!r}")


def layer_dimensions(layer_id: str) -> tuple[FilterDimension, ...]:
    """The dimensions that filter `layer_id`."""
    return tuple(d for d in DIMENSIONS if layer_id in d.layers)


def vocabularies(frames: Mapping[str, pd.DataFrame]) -> dict[str, list[str]]:
    """The values each dimension finds in `frames` (keyed by `key`, in vocabulary order).

    A dimension whose layers or column are not in `frames` gets an empty list.
    """
    found: dict[str, list[str]] = {}
    for declared in DIMENSIONS:
        if declared.kind == "yes_no":
            found[declared.key] = list(YES_NO_ANY)
            continue
        values: set[str] = set()
        for layer_id in declared.layers:
            frame = frames.get(layer_id)
            if frame is not None and declared.column in frame.columns:
                values |= set(frame[declared.column].dropna().astype(str).unique())
        found[declared.key] = declared.order(values)
    return found


# --- the state ----------------------------------------------------------------------------------


def _selection(declared: FilterDimension, value: object) -> Selection:
    """A dimension's value as stored, or FilterError naming what was expected."""
    if declared.kind == "yes_no":
        if value not in YES_NO_ANY:
            raise FilterError(
                f"{declared.name} should be one of {', '.join(YES_NO_ANY)}, got {value!r}"
            )
        return str(value)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise FilterError(
            f"{declared.name} should be a set of {declared.help}, got {value!r}; to fix, pass "
            f"frozenset({{{value!r}}})"
        )
    chosen = frozenset(str(v) for v in value)
    _check_values(declared, chosen, declared.vocabulary)
    return chosen


def _check_values(
    declared: FilterDimension, chosen: Iterable[str], valid: Sequence[str] | None
) -> None:
    if valid is None:
        return
    unknown = sorted(set(chosen) - set(valid))
    if unknown:
        raise FilterError(
            f"{declared.noun} should be one of {', '.join(valid)}, got {', '.join(unknown)}"
        )


@dataclass(frozen=True, init=False)
class FilterState:
    """What the user asked to see. Empty selections mean "all"; dates are inclusive.

    Takes one keyword per declared dimension (`DIMENSIONS`) besides the two dates, and reads
    each back as an attribute; values outside a closed vocabulary raise FilterError.

    >>> state = FilterState(zones=frozenset({"southwest"}), crossed_median="yes")
    >>> state.is_default, state.zones, state.aircraft_classes, state.describe()
    (False, frozenset({'southwest'}), frozenset(), 'zone southwest; crossed the median line: yes')
    >>> state.to_url()
    {'zone': 'southwest', 'crossed': 'yes'}
    """

    date_from: dt.date | None
    date_to: dt.date | None
    #: The dimensions that filter something, as (name, selection) in declaration order.
    selections: tuple[tuple[str, Selection], ...]

    def __init__(
        self,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        **selections: Iterable[str] | str,
    ) -> None:
        for name in selections:
            dimension(name)  # an unknown keyword fails here, naming the valid ones
        kept: list[tuple[str, Selection]] = []
        for declared in DIMENSIONS:
            if declared.name in selections:
                value = _selection(declared, selections[declared.name])
                if value != declared.default:
                    kept.append((declared.name, value))
        if date_from and date_to and date_from > date_to:
            raise FilterError(
                f"date_from should be on or before date_to, got {date_from} > {date_to}"
            )
        object.__setattr__(self, "date_from", date_from)
        object.__setattr__(self, "date_to", date_to)
        object.__setattr__(self, "selections", tuple(kept))

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not fields: a declared dimension's selection.
        if name.startswith("__") or name == "selections":
            raise AttributeError(name)
        for declared in DIMENSIONS:
            if declared.name == name:
                return self.value(declared)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def value(self, declared: FilterDimension) -> Selection:
        """The selection of one dimension (its default when it filters nothing)."""
        return dict(self.selections).get(declared.name, declared.default)

    def chosen(self, declared: FilterDimension) -> frozenset[str]:
        """The values chosen for a set dimension (empty: all)."""
        value = self.value(declared)
        return value if isinstance(value, frozenset) else frozenset()

    @property
    def is_default(self) -> bool:
        """True when nothing is filtered."""
        return self == FilterState()

    def replace(self, **changes: Any) -> FilterState:
        """A copy with some dates or dimensions changed."""
        current: dict[str, Any] = {"date_from": self.date_from, "date_to": self.date_to}
        current.update(self.selections)
        current.update(changes)
        return FilterState(**current)

    def with_dates(self, date_from: dt.date | None, date_to: dt.date | None) -> FilterState:
        """A copy with another date range."""
        return self.replace(date_from=date_from, date_to=date_to)

    def check_vocabularies(self, vocab: Mapping[str, Sequence[str]]) -> None:
        """Raise FilterError for a chosen value outside `vocab` (the values found in the data,
        keyed by dimension `key`); dimensions `vocab` does not cover are not checked."""
        for declared in DIMENSIONS:
            if declared.kind == "set" and declared.vocabulary is None:
                _check_values(declared, self.chosen(declared), declared.choices(vocab))

    # --- URL ------------------------------------------------------------------------------------

    @classmethod
    def from_url(
        cls, params: Mapping[str, str], vocab: Mapping[str, Sequence[str]]
    ) -> tuple[FilterState, list[str]]:
        """The state query parameters ask for, and a note for each value ignored.

        Never raises: a shared link with a bad value still opens. `vocab` holds the values
        found in the data for dimensions without a closed vocabulary (keyed by `key`); a value
        a dimension cannot check against anything is ignored.
        """
        notes: list[str] = []
        date_from = _url_date(params.get(DATES.keys[0]), DATES.keys[0], notes)
        date_to = _url_date(params.get(DATES.keys[1]), DATES.keys[1], notes)
        if date_from and date_to and date_from > date_to:
            notes.append(f"`{DATES.keys[0]}` after `{DATES.keys[1]}`: date range ignored")
            date_from = date_to = None
        selections: dict[str, Selection] = {}
        for declared in DIMENSIONS:
            raw = params.get(declared.key)
            if raw is None:
                continue
            if declared.kind == "yes_no":
                if raw in YES_NO_ANY:
                    selections[declared.name] = raw
                else:
                    notes.append(f"`{declared.key}={raw}` ignored: expected yes or no")
                continue
            values = [part.strip() for part in raw.split(",") if part.strip()]
            valid = declared.choices(vocab) or ()
            bad = [v for v in values if v not in valid]
            if bad:
                notes.append(f"`{declared.key}` ignored unknown values: {', '.join(bad)}")
            selections[declared.name] = frozenset(v for v in values if v in valid)
        return cls(date_from=date_from, date_to=date_to, **selections), notes

    def to_url(self) -> dict[str, str]:
        """The query parameters that ask for this state (what filters nothing is left out)."""
        params: dict[str, str] = {}
        for key, day in zip(DATES.keys, (self.date_from, self.date_to), strict=True):
            if day:
                params[key] = day.isoformat()
        for declared in DIMENSIONS:
            value = self.value(declared)
            if value != declared.default:
                params[declared.key] = value if isinstance(value, str) else ",".join(sorted(value))
        return params

    # --- command line ---------------------------------------------------------------------------

    @classmethod
    def from_arguments(cls, args: argparse.Namespace) -> FilterState:
        """The state the flags of `add_filter_arguments` ask for; FilterError for a value
        outside a closed vocabulary or dates in the wrong order."""
        selections: dict[str, Iterable[str] | str] = {}
        for declared in DIMENSIONS:
            value = getattr(args, declared.cli_dest, None)
            if value is not None:
                selections[declared.name] = value
        return cls(
            date_from=getattr(args, "date_from", None),
            date_to=getattr(args, "date_to", None),
            **selections,
        )

    def to_arguments(self) -> list[str]:
        """The command-line flags that ask for this state (`straitmap incursions ...`)."""
        argv: list[str] = []
        for flag, day in zip(DATES.flags, (self.date_from, self.date_to), strict=True):
            if day:
                argv += [flag, day.isoformat()]
        for declared in DIMENSIONS:
            value = self.value(declared)
            if value == declared.default:
                continue
            argv += [declared.cli_flag, *([value] if isinstance(value, str) else sorted(value))]
        return argv

    # --- words ----------------------------------------------------------------------------------

    def describe(self, layers: Iterable[str] | None = None, lang: Lang = "en") -> str:
        """The state in words, in the flags' own terms ("" when nothing is filtered).

        `layers` limits the description to the dimensions that filter those layers. In
        Chinese (`lang` "zh-TW") each dimension is named by its translated label and its values
        by their translations (msgctxt: the dimension's `key`), dates as 2022年8月4日.

        >>> FilterState(date_from=dt.date(2022, 8, 4), date_to=dt.date(2022, 8, 10),
        ...             aircraft_classes=frozenset({"fighter"}), crossed_median="yes").describe()
        'dates 2022-08-04 to 2022-08-10; class fighter; crossed the median line: yes'
        """
        if lang != "en":
            return self._describe_translated(layers, lang)
        wanted = None if layers is None else set(layers)
        parts = []
        if (self.date_from or self.date_to) and (wanted is None or wanted & set(DATES.layers)):
            parts.append(f"dates {self.date_from or '…'} to {self.date_to or '…'}")
        for declared in DIMENSIONS:
            if wanted is not None and not wanted & set(declared.layers):
                continue
            value = self.value(declared)
            if value == declared.default:
                continue
            if isinstance(value, str):
                parts.append(f"{declared.label[0].lower()}{declared.label[1:]}: {value}")
            else:
                parts.append(f"{declared.key} {', '.join(sorted(value))}")
        return "; ".join(parts)

    def _describe_translated(self, layers: Iterable[str] | None, lang: Lang) -> str:
        """`describe` in a language other than English (Chinese punctuation: 、 and ；)."""
        from straitmap.i18n import format_date

        tr = translator("dashboard", lang)
        _ = tr.gettext
        wanted = None if layers is None else set(layers)
        parts = []
        if (self.date_from or self.date_to) and (wanted is None or wanted & set(DATES.layers)):
            start = format_date(self.date_from, lang) if self.date_from else "…"
            end = format_date(self.date_to, lang) if self.date_to else "…"
            parts.append(_("dates {start} to {end}").format(start=start, end=end))
        for declared in DIMENSIONS:
            if wanted is not None and not wanted & set(declared.layers):
                continue
            value = self.value(declared)
            if value == declared.default:
                continue
            if isinstance(value, str):
                words = _(_ANSWER_WORDS.get(value, value))
            else:
                words = "、".join(tr.pgettext(declared.key, v) for v in sorted(value))
            parts.append(_("{label}: {values}").format(label=_(declared.label), values=words))
        return "；".join(parts)

    def to_json(self, layers: Iterable[str] | None = None) -> dict[str, Any]:
        """The state as JSON-ready values keyed by `from`, `to` and each dimension's
        `cli_dest`; `layers` limits it to the dimensions that filter those layers."""
        wanted = None if layers is None else set(layers)
        result: dict[str, Any] = {}
        if wanted is None or wanted & set(DATES.layers):
            result[DATES.keys[0]] = self.date_from.isoformat() if self.date_from else None
            result[DATES.keys[1]] = self.date_to.isoformat() if self.date_to else None
        for declared in DIMENSIONS:
            if wanted is None or wanted & set(declared.layers):
                value = self.value(declared)
                result[declared.cli_dest] = value if isinstance(value, str) else sorted(value)
        return result


def _url_date(raw: str | None, key: str, notes: list[str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return read_filter_date(raw)
    except FilterError as error:
        notes.append(f"`{key}={raw}` ignored: {error}")
        return None


def read_filter_date(text: str) -> dt.date:
    """A filter's date, in any format `straitmap.dates.read_date` accepts (ISO first).

    Raises FilterError "expected a date as YYYY-MM-DD, found ..." with the reason.
    """
    try:
        return read_date(text).date
    except DateParseError as error:
        reason = "" if error.problem == "unrecognised" else f"; {error.reason}"
        raise FilterError(f"expected a date as YYYY-MM-DD, found {text!r}{reason}") from None


def _argument_date(text: str) -> dt.date:
    try:
        return read_filter_date(text)
    except FilterError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per declared dimension (and `--from`/`--to`) to a command's parser.

    Values are checked by `FilterState.from_arguments` (closed vocabularies) and
    `FilterState.check_vocabularies` (values found in the data), which raise FilterError.
    """
    group = parser.add_argument_group(
        "filters",
        "the app's filters (straitmap.filters.FilterState), as its URL carries them: dates "
        "inclusive; several values of one flag (or the flag again) keep any of them",
    )
    for flag, dest, word in zip(
        DATES.flags, ("date_from", "date_to"), ("first", "last"), strict=True
    ):
        group.add_argument(
            flag,
            dest=dest,
            type=_argument_date,
            metavar="DATE",
            help=f"{word} day (YYYY-MM-DD; also YYYY/MM/DD or an ROC year, 113/03/01)",
        )
    for declared in DIMENSIONS:
        if declared.kind == "yes_no":
            group.add_argument(
                declared.cli_flag,
                dest=declared.cli_dest,
                choices=YES_NO_ANY,
                default="any",
                help=f"{declared.help}: yes or no (default any)",
            )
            continue
        listed = (
            f": {', '.join(declared.vocabulary)}"
            if declared.vocabulary is not None
            else f" as in the data (column {declared.column} of {', '.join(declared.layers)})"
        )
        group.add_argument(
            declared.cli_flag,
            dest=declared.cli_dest,
            nargs="+",
            action="extend",
            default=[],
            metavar=declared.key.upper(),
            help=f"{declared.help}{listed}",
        )


# --- filtering ----------------------------------------------------------------------------------


def _yes_no(series: pd.Series, wanted: str) -> pd.Series:
    truth = series.fillna(False).astype(bool)
    return truth if wanted == "yes" else ~truth


def _member(series: pd.Series, wanted: frozenset[str]) -> pd.Series:
    return series.astype("string").isin(sorted(wanted)).fillna(False).astype(bool)


def layer_mask(layer_id: str, frame: pd.DataFrame, state: FilterState) -> pd.Series:
    """Boolean mask of the rows of `layer_id` that match `state`."""
    import pandas as pd

    mask = pd.Series(True, index=frame.index)
    if layer_id in DATES.layers and (state.date_from or state.date_to):
        dates = pd.to_datetime(frame[DATES.column], format="%Y-%m-%d", errors="coerce").dt.date
        if state.date_from:
            mask &= dates.map(lambda d: d is not None and d >= state.date_from).astype(bool)
        if state.date_to:
            mask &= dates.map(lambda d: d is not None and d <= state.date_to).astype(bool)
    for declared in layer_dimensions(layer_id):
        value = state.value(declared)
        if value == declared.default:
            continue
        if declared.column not in frame.columns:
            raise FilterError(
                f"layer {layer_id!r} should have a column {declared.column!r} to filter by "
                f"{declared.noun}, found {', '.join(map(str, frame.columns))}"
            )
        column = frame[declared.column]
        mask &= _yes_no(column, value) if isinstance(value, str) else _member(column, value)
    return mask


def incursion_mask(frame: pd.DataFrame, state: FilterState) -> pd.Series:
    """Boolean mask of the incursion rows (points or tracks) that match `state`."""
    return layer_mask(INCURSION_LAYERS[0], frame, state)


def filter_layer(layer_id: str, frame: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    """The rows of one layer that match `state` (layers without filters come back whole).

    The input frame is not changed. When nothing is filtered out the input frame itself is
    returned (so renderers can reuse work done for it): treat results as read-only.
    """
    if layer_id not in DATES.layers and not layer_dimensions(layer_id):
        return frame
    mask = layer_mask(layer_id, frame, state)
    if bool(mask.all()):
        return frame
    return frame.loc[mask].copy()


def apply_filters(
    layers: Mapping[str, gpd.GeoDataFrame], state: FilterState
) -> dict[str, gpd.GeoDataFrame]:
    """Every layer filtered by `state`, keyed as given."""
    return {layer_id: filter_layer(layer_id, frame, state) for layer_id, frame in layers.items()}


# --- counting -----------------------------------------------------------------------------------

#: The columns an aircraft figure keeps, and what a figure over several values of one says.
_FIGURE_COLUMNS: dict[str, str | None] = {
    "date": None,
    "zone": "several zones",
    "aircraft_class": SEVERAL_CLASSES,
    "aircraft_type": "several types",
    "crossed_median_line": None,
}


def aircraft_figures(points: pd.DataFrame) -> pd.DataFrame:
    """One row per aircraft figure MND gave: every total of aircraft is a sum over these rows.

    From 2024 one MND figure often covers several classes in one area: every class point of
    that area carries the same `count` with `count_scope == "area"` and one `track_id`
    (geodata/README.md, `pla_incursions`). Those points make one figure per `track_id`, whose
    class is `SEVERAL_CLASSES` when they name more than one (likewise "several types"); other
    points (`count_scope == "class"`, or files without the column) are figures of their own.

    Columns: `aircraft` (int), `points` (how many points the figure stands for), and those of
    `date`, `zone`, `aircraft_class`, `aircraft_type`, `crossed_median_line` that `points` has.
    """
    import pandas as pd

    columns = [c for c in _FIGURE_COLUMNS if c in points.columns]
    aircraft = pd.to_numeric(points["count"], errors="coerce").fillna(0).astype(int)
    own = points[columns].assign(aircraft=aircraft, points=1)
    if "count_scope" not in points.columns or "track_id" not in points.columns:
        return own.reset_index(drop=True)
    shared = (points["count_scope"].astype("string") == "area").fillna(False).astype(bool)
    if not shared.any():
        return own.reset_index(drop=True)
    groups = own[shared].groupby(points.loc[shared, "track_id"], sort=False)
    merged = groups.agg(aircraft=("aircraft", "max"), points=("points", "size"))
    for column in columns:
        several = _FIGURE_COLUMNS[column]
        first = groups[column].first()
        if several is not None:
            first = first.astype(object).where(groups[column].nunique(dropna=False) <= 1, several)
        merged[column] = first
    figures = pd.concat([own[~shared], merged[[*columns, "aircraft", "points"]]])
    return figures.reset_index(drop=True)


def count_aircraft(points: pd.DataFrame) -> int:
    """Sum of aircraft, each figure MND gave for several classes counted once
    (the sum of `aircraft_figures`)."""
    return int(aircraft_figures(points)["aircraft"].sum())


def aircraft_by(figures: pd.DataFrame, column: str, order: Iterable[str] = ()) -> dict[str, int]:
    """Aircraft per value of `column` of `aircraft_figures` (they add up to the total).

    Values listed in `order` come first in that order; others follow, most aircraft first.
    """
    if figures.empty:
        return {}
    totals = figures.groupby(figures[column].fillna("unspecified").astype(str))["aircraft"].sum()
    ranked = list(order)
    known = [v for v in ranked if v in totals.index]
    rest = sorted(set(totals.index) - set(known), key=lambda v: (-int(totals[v]), v))
    return {str(v): int(totals[v]) for v in [*known, *rest]}


@dataclass(frozen=True)
class IncursionSummary:
    """Counts of a set of incursion points, as the app and `straitmap incursions` show them.

    `by_type`/`by_class`/`by_zone` count points; the `aircraft_by_*` totals count aircraft,
    each shared figure once (`aircraft_figures`), and add up to `aircraft`.
    """

    count: int
    aircraft: int
    days: int
    median_line_crossings: int
    by_type: dict[str, int]
    by_class: dict[str, int]
    by_zone: dict[str, int]
    aircraft_by_class: dict[str, int]
    aircraft_by_zone: dict[str, int]
    aircraft_by_month: dict[str, int]

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
            "aircraft_by_class": self.aircraft_by_class,
            "aircraft_by_zone": self.aircraft_by_zone,
            "aircraft_by_month": self.aircraft_by_month,
        }


def _counts(series: pd.Series, order: Iterable[str] | None = None) -> dict[str, int]:
    counts = series.fillna("unspecified").astype(str).value_counts()
    if order is None:
        return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    return {name: int(counts[name]) for name in order if name in counts}


def _months(figures: pd.DataFrame) -> pd.Series:
    import pandas as pd

    dates = pd.to_datetime(figures["date"], format="%Y-%m-%d", errors="coerce")
    return dates.dt.strftime("%Y-%m-01")


def summarize_incursions(points: pd.DataFrame) -> IncursionSummary:
    """Count points (`count` = features), sum aircraft (see `aircraft_figures`), and break the
    points and the aircraft down by type/class/zone (and the aircraft by month).

    The `by_*` breakdowns count points, the `aircraft_by_*` ones aircraft.
    """
    crossed = points["crossed_median_line"].fillna(False).astype(bool)
    figures = aircraft_figures(points)
    by_month = aircraft_by(figures.assign(month=_months(figures)), "month")
    return IncursionSummary(
        count=len(points),
        aircraft=int(figures["aircraft"].sum()),
        days=int(points["date"].nunique()),
        median_line_crossings=int(crossed.sum()),
        by_type=_counts(points["aircraft_type"]),
        by_class=_counts(points["aircraft_class"], AIRCRAFT_CLASSES),
        by_zone=_counts(points["zone"], ZONES),
        aircraft_by_class=aircraft_by(
            figures, "aircraft_class", (*AIRCRAFT_CLASSES, SEVERAL_CLASSES)
        ),
        aircraft_by_zone=aircraft_by(figures, "zone", ZONES),
        aircraft_by_month=dict(sorted(by_month.items())),
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
    presets = [DatePreset(N_("All dates"), None, None)]
    presets.append(
        DatePreset(N_("Aug 2022 exercises (4–10 Aug)"), dt.date(2022, 8, 4), dt.date(2022, 8, 10))
    )
    presets.append(
        DatePreset(N_("Apr 2023 exercises (8–10 Apr)"), dt.date(2023, 4, 8), dt.date(2023, 4, 10))
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
    """Aircraft per day or month and class: columns period, aircraft_class, points, aircraft.

    Sums `aircraft_figures`, so a figure MND gave for several classes counts once, under
    `SEVERAL_CLASSES`; the rows add up to `count_aircraft(points)`. `period` is the day's or
    the month's first date (ISO text), for charts and tables.
    """
    import pandas as pd

    if points.empty:
        return pd.DataFrame(columns=["period", "aircraft_class", "points", "aircraft"])
    figures = aircraft_figures(points)
    dates = pd.to_datetime(figures["date"], format="%Y-%m-%d", errors="coerce")
    period = dates.dt.strftime("%Y-%m-01") if freq == "M" else dates.dt.strftime("%Y-%m-%d")
    table = pd.DataFrame(
        {
            "period": period,
            "aircraft_class": figures["aircraft_class"].fillna("unspecified").astype(str),
            "points": figures["points"],
            "aircraft": figures["aircraft"],
        }
    )
    grouped = table.groupby(["period", "aircraft_class"], as_index=False).agg(
        points=("points", "sum"), aircraft=("aircraft", "sum")
    )
    return grouped.sort_values(["period", "aircraft_class"]).reset_index(drop=True)
