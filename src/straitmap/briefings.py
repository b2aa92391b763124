"""Briefings: a story walked stop by stop on the map, as TOML files (`docs/briefings.md`).

`load_briefing` reads and checks one file; every mistake is a `BriefingError` naming the
file, the stop and the field, with what was expected and what was found. `load_briefings`
reads a folder: a broken file is reported and the others still load.

A file may carry Traditional Chinese beside its English, in the same tables: optional
``title_zh``, ``summary_zh``, ``text_zh``, ``label_zh``, ``figure_zh``, ``finding_zh``,
``claim_zh`` (a translation of the quoted claim, which itself stays as quoted) and a source's
``title_zh`` and ``publisher_zh`` (`ZH_FIELDS`). `localized` gives the briefing in one
language, each field falling back to its English; `missing_translations` says which fields
had to, `language_note` what to tell the reader (once).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, NoReturn

from straitmap.errors import StraitmapError
from straitmap.i18n import N_, Lang

__all__ = [
    "BRIEFINGS_DIR",
    "MAX_BRIEFING_BYTES",
    "MEASUREMENT_KINDS",
    "VERDICTS",
    "ZH_FIELDS",
    "Briefing",
    "BriefingError",
    "Claim",
    "Measurement",
    "SourceRef",
    "Stop",
    "StopView",
    "language_note",
    "load_briefing",
    "load_briefings",
    "localized",
    "missing_translations",
]

#: The bundled briefings.
BRIEFINGS_DIR: Final = Path(__file__).resolve().parents[2] / "geodata" / "briefings"
#: The largest briefing file read (an upload over this is refused before parsing).
MAX_BRIEFING_BYTES: Final = 256 * 1024
#: A claim's verdict, neutrally worded.
VERDICTS: Final = (
    N_("consistent"),
    N_("overstated"),
    N_("understated"),
    N_("depends on definition"),
)
#: The optional Traditional Chinese fields of each table, beside the English they translate.
ZH_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "briefing": ("title_zh", "summary_zh"),
    "source": ("title_zh", "publisher_zh"),
    "stop": ("title_zh", "text_zh"),
    "measurement": ("label_zh",),
    "claim": ("claim_zh", "figure_zh", "finding_zh"),
}
#: Each measurement kind and its fields: required, then optional.
MEASUREMENT_KINDS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "distance": (("from", "to"), ()),
    "path": (("through",), ()),
    "strait_width": (("statistic",), ()),
    "count": (("layer", "statistic"), ("filters",)),
    "daily_activity": ((), ("series",)),
    "route": (("from", "to"), ("close", "speed_kn", "vessel")),
}
STRAIT_STATISTICS: Final = ("narrowest", "narrowest_mainland", "mean")
COUNT_STATISTICS: Final = ("features", "aircraft")
_ID: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class BriefingError(StraitmapError, ValueError):
    """A briefing file that cannot be used: says which file, stop and field, and why."""

    def __init__(self, source: str, where: str, message: str) -> None:
        self.source, self.where, self.reason = source, where, message
        super().__init__(f"{source}: {where}: {message}" if where else f"{source}: {message}")


@dataclass(frozen=True)
class SourceRef:
    """Where something comes from: a title and URL, and when it was published or read."""

    title: str
    url: str
    publisher: str | None = None
    date: dt.date | None = None
    accessed: dt.date | None = None
    title_zh: str | None = None
    publisher_zh: str | None = None


@dataclass(frozen=True)
class Measurement:
    """A figure the library computes live (`straitmap.briefing_figures.evaluate`)."""

    id: str
    label: str
    kind: str
    params: Mapping[str, Any]
    label_zh: str | None = None


@dataclass(frozen=True)
class StopView:
    """Where the map goes: `bounds` ((south, west), (north, east)), else `center`/`zoom`."""

    center: tuple[float, float] | None = None
    zoom: float | None = None
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None


@dataclass(frozen=True)
class Stop:
    """One stop: its text, the map view and layers, filters as the Map page's URL takes them."""

    id: str
    title: str
    text: str
    layers: tuple[str, ...]
    view: StopView
    filters: Mapping[str, str] = field(default_factory=dict)
    highlight: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    title_zh: str | None = None
    text_zh: str | None = None


@dataclass(frozen=True)
class Claim:
    """A checkable figure of the briefing's source beside what the project finds.

    `claim` is the source's words as quoted; `claim_zh` only ever translates them (shown
    marked as a translation, beside the quote).
    """

    id: str
    claim: str
    figure: str
    finding: str
    verdict: str
    measurement: str | None = None
    sources: tuple[SourceRef, ...] = ()
    claim_zh: str | None = None
    figure_zh: str | None = None
    finding_zh: str | None = None


@dataclass(frozen=True)
class Briefing:
    """A whole briefing, checked."""

    id: str
    title: str
    summary: str
    language: str
    source: SourceRef
    stops: tuple[Stop, ...]
    claims: tuple[Claim, ...] = ()
    origin: str = ""
    path: Path | None = None
    title_zh: str | None = None
    summary_zh: str | None = None

    @property
    def bundled(self) -> bool:
        """Whether the briefing is one of the bundled ones (`BRIEFINGS_DIR`)."""
        return self.path is not None and self.path.resolve().parent == BRIEFINGS_DIR.resolve()

    @property
    def measurements(self) -> dict[str, Measurement]:
        """Every measurement of every stop, by id."""
        return {m.id: m for stop in self.stops for m in stop.measurements}

    def stop_of(self, measurement_id: str) -> Stop | None:
        """The stop that holds a measurement."""
        return next(
            (s for s in self.stops if any(m.id == measurement_id for m in s.measurements)), None
        )


class _Reader:
    """Checks one table of the file, naming where it is in every error."""

    def __init__(self, source: str, where: str, table: Any) -> None:
        self.source, self.where = source, where
        if not isinstance(table, dict):
            self.fail("", f"expected a table, found {_kind(table)}")
        self.table: dict[str, Any] = table

    def fail(self, name: str, message: str) -> NoReturn:
        where = f"{self.where}, {name}" if name and self.where else (name or self.where)
        raise BriefingError(self.source, where, message)

    def only(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        unknown = sorted(set(self.table) - set(allowed))
        if unknown:
            self.fail(unknown[0], f"unknown field; expected one of {', '.join(allowed)}")

    def text(
        self, name: str, *, required: bool = True, pattern: re.Pattern[str] | None = None
    ) -> str:
        value = self.table.get(name)
        if value is None:
            if required:
                self.fail(name, "missing; expected text")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"expected non-empty text, found {_kind(value)}")
        if pattern is not None and not pattern.fullmatch(value):
            self.fail(
                name,
                f"expected lower-case letters, digits and hyphens (up to 64), found {value!r}",
            )
        return str(value).strip()

    def optional_text(self, name: str) -> str | None:
        return self.text(name, required=False) or None

    def date(self, name: str) -> dt.date | None:
        value = self.table.get(name)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self.fail(name, f"expected a TOML date such as 2026-12-02, found {_kind(value)}")

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(name, f"expected a list of text, found {_kind(value)}")
        return tuple(value)

    def tables(self, name: str) -> list[Any]:
        value = self.table.get(name, [])
        if not isinstance(value, list):
            self.fail(name, f"expected an array of tables ([[{name}]]), found {_kind(value)}")
        return list(value)


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _source(source: str, where: str, table: Any) -> SourceRef:
    reader = _Reader(source, where, table)
    reader.only(("title", "url", "publisher", "date", "accessed", *ZH_FIELDS["source"]))
    url = reader.text("url")
    if not url.startswith(("https://", "http://")):
        reader.fail("url", f"expected an http(s) address, found {url!r}")
    return SourceRef(
        title=reader.text("title"),
        url=url,
        publisher=reader.optional_text("publisher"),
        date=reader.date("date"),
        accessed=reader.date("accessed"),
        title_zh=reader.optional_text("title_zh"),
        publisher_zh=reader.optional_text("publisher_zh"),
    )


def _sources(source: str, where: str, reader: _Reader) -> tuple[SourceRef, ...]:
    return tuple(
        _source(source, f"{where}, sources {n + 1}", t)
        for n, t in enumerate(reader.tables("sources"))
    )


def _number(reader: _Reader, name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        reader.fail(name, f"expected a number from {low:g} to {high:g}, found {_kind(value)}")
    if not low <= float(value) <= high:
        reader.fail(name, f"expected a number from {low:g} to {high:g}, found {value}")
    return float(value)


def _lat_lon(reader: _Reader, name: str, value: Any) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        reader.fail(name, f"expected [latitude, longitude], found {_kind(value)}")
    return (
        _number(reader, name, value[0], -90.0, 90.0),
        _number(reader, name, value[1], -180.0, 180.0),
    )


def _view(source: str, where: str, value: Any) -> StopView:
    reader = _Reader(source, f"{where}, view", value)
    reader.only(("center", "zoom", "bounds"))
    if "bounds" in reader.table:
        bounds = reader.table["bounds"]
        if not isinstance(bounds, list) or len(bounds) != 2:
            reader.fail("bounds", f"expected [[south, west], [north, east]], found {_kind(bounds)}")
        south_west = _lat_lon(reader, "bounds", bounds[0])
        north_east = _lat_lon(reader, "bounds", bounds[1])
        if not (south_west[0] < north_east[0] and south_west[1] < north_east[1]):
            reader.fail("bounds", "expected south < north and west < east")
        return StopView(bounds=(south_west, north_east))
    if "center" not in reader.table or "zoom" not in reader.table:
        reader.fail("", "expected bounds, or center and zoom")
    return StopView(
        center=_lat_lon(reader, "center", reader.table["center"]),
        zoom=_number(reader, "zoom", reader.table["zoom"], 2.0, 14.0),
    )


def _measurement(source: str, where: str, table: Any) -> Measurement:
    reader = _Reader(source, where, table)
    kind = reader.text("kind")
    if kind not in MEASUREMENT_KINDS:
        reader.fail("kind", f"expected one of {', '.join(MEASUREMENT_KINDS)}, found {kind!r}")
    required, optional = MEASUREMENT_KINDS[kind]
    reader.only(("id", "label", "kind", *ZH_FIELDS["measurement"], *required, *optional))
    for name in required:
        if name not in reader.table:
            reader.fail(name, f"missing; a {kind} measurement needs {', '.join(required)}")
    params = {
        k: v
        for k, v in reader.table.items()
        if k not in ("id", "label", "kind", *ZH_FIELDS["measurement"])
    }
    for name in ("from", "to", "layer", "series", "vessel"):
        if name in params:
            reader.text(name)
    if kind == "path":
        through = reader.texts("through")
        if len(through) < 2:
            reader.fail("through", f"expected two or more places, found {len(through)}")
    if kind == "strait_width" and params["statistic"] not in STRAIT_STATISTICS:
        reader.fail(
            "statistic",
            f"expected one of {', '.join(STRAIT_STATISTICS)}, found {params['statistic']!r}",
        )
    if kind == "count":
        if params["statistic"] not in COUNT_STATISTICS:
            reader.fail(
                "statistic",
                f"expected one of {', '.join(COUNT_STATISTICS)}, found {params['statistic']!r}",
            )
        _filters(reader, params.get("filters", {}), name="filters")
    if kind == "route":
        reader.texts("close")
        if "speed_kn" in params:
            _number(reader, "speed_kn", params["speed_kn"], 1.0, 60.0)
    return Measurement(
        id=reader.text("id", pattern=_ID),
        label=reader.text("label"),
        kind=kind,
        params=params,
        label_zh=reader.optional_text("label_zh"),
    )


def _filters(reader: _Reader, value: Any, *, name: str = "filters") -> dict[str, str]:
    """Filters as the Map page's URL takes them, checked against the declared dimensions."""
    from straitmap.filters import DATES, DIMENSIONS, FilterState

    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        reader.fail(name, f"expected a table of text values (as in the URL), found {_kind(value)}")
    known = (*DATES.keys, *(d.key for d in DIMENSIONS))
    unknown = sorted(set(value) - set(known))
    if unknown:
        reader.fail(f"{name}.{unknown[0]}", f"unknown filter; expected one of {', '.join(known)}")
    vocab = {d.key: list(d.vocabulary or ()) for d in DIMENSIONS}
    _, notes = FilterState.from_url(value, _open_vocabularies(vocab, value))
    if notes:
        reader.fail(name, notes[0])
    return dict(value)


def _open_vocabularies(
    vocab: dict[str, list[str]], wanted: Mapping[str, str]
) -> dict[str, list[str]]:
    """Dimensions whose values come from the data (aircraft types, branches) accept what is
    asked here; `briefing_figures` checks them against the data when it counts."""
    opened = dict(vocab)
    for key, raw in wanted.items():
        if key in opened and not opened[key]:
            opened[key] = [v.strip() for v in raw.split(",")]
    return opened


def _stop(source: str, number: int, table: Any, layer_ids: frozenset[str] | None) -> Stop:
    where = f"stop {number}"
    reader = _Reader(source, where, table)
    if isinstance(table, dict) and isinstance(table.get("id"), str):
        where = f"stop {number} ({table['id']})"
        reader.where = where
    reader.only(
        (
            "id",
            "title",
            "text",
            *ZH_FIELDS["stop"],
            "layers",
            "view",
            "filters",
            "highlight",
            "sources",
            "measurements",
        )
    )
    layers = reader.texts("layers")
    if not layers:
        reader.fail("layers", "expected at least one layer id")
    if layer_ids is not None:
        unknown = [layer for layer in layers if layer not in layer_ids]
        if unknown:
            reader.fail(
                "layers", f"unknown layer {unknown[0]!r}; expected ids of geodata/catalog.toml"
            )
    if "view" not in reader.table:
        reader.fail("view", "missing; expected bounds, or center and zoom")
    return Stop(
        id=reader.text("id", pattern=_ID),
        title=reader.text("title"),
        text=reader.text("text"),
        layers=layers,
        view=_view(source, where, reader.table["view"]),
        filters=_filters(reader, reader.table.get("filters", {})),
        highlight=reader.texts("highlight"),
        sources=_sources(source, where, reader),
        measurements=tuple(
            _measurement(source, f"{where}, measurements {n + 1}", t)
            for n, t in enumerate(reader.tables("measurements"))
        ),
        title_zh=reader.optional_text("title_zh"),
        text_zh=reader.optional_text("text_zh"),
    )


def _claim(source: str, number: int, table: Any, measurements: Iterable[str]) -> Claim:
    where = f"claim {number}"
    reader = _Reader(source, where, table)
    reader.only(
        (
            "id",
            "claim",
            "figure",
            "finding",
            *ZH_FIELDS["claim"],
            "verdict",
            "measurement",
            "sources",
        )
    )
    verdict = reader.text("verdict")
    if verdict not in VERDICTS:
        reader.fail("verdict", f"expected one of {', '.join(VERDICTS)}, found {verdict!r}")
    measurement = reader.optional_text("measurement")
    known = tuple(measurements)
    if measurement is not None and measurement not in known:
        reader.fail(
            "measurement",
            f"expected the id of a measurement in this file ({', '.join(known) or 'none'}), "
            f"found {measurement!r}",
        )
    return Claim(
        id=reader.text("id", pattern=_ID),
        claim=reader.text("claim"),
        figure=reader.text("figure"),
        finding=reader.text("finding"),
        verdict=verdict,
        measurement=measurement,
        sources=_sources(source, where, reader),
        claim_zh=reader.optional_text("claim_zh"),
        figure_zh=reader.optional_text("figure_zh"),
        finding_zh=reader.optional_text("finding_zh"),
    )


def _unique(source: str, what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for n, identifier in enumerate(ids, start=1):
        if identifier in seen:
            raise BriefingError(source, f"{what} {n}, id", f"{identifier!r} is used twice")
        seen.add(identifier)


def load_briefing(
    data: bytes | Path | str,
    *,
    name: str | None = None,
    layer_ids: Iterable[str] | None = None,
) -> Briefing:
    """Read and check one briefing: a path, or the bytes of an upload (named `name`).

    `layer_ids` (default: the bundled catalog's) are the layers a stop may show.

    Raises
    ------
    BriefingError
        The file is too large, not UTF-8 TOML, or a field is missing, unknown or wrong; the
        message names the file, the stop (or claim) and the field.
    """
    path: Path | None = None
    if isinstance(data, str | Path):
        path = Path(data)
        source = name or path.name
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise BriefingError(source, "", f"cannot be read: {error.strerror}") from None
    else:
        raw, source = data, name or "briefing"
    if len(raw) > MAX_BRIEFING_BYTES:
        raise BriefingError(
            source,
            "",
            f"expected at most {MAX_BRIEFING_BYTES // 1024} KiB, found {len(raw):,} bytes",
        )
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BriefingError(source, "", f"expected UTF-8 text, found {error.reason}") from None
    except tomllib.TOMLDecodeError as error:
        raise BriefingError(source, "", f"not valid TOML: {error}") from None
    if layer_ids is None:
        from straitmap.catalog import load_catalog

        layer_ids = load_catalog().layers
    ids = frozenset(layer_ids)
    top = _Reader(source, "", document)
    top.only(("briefing", "stops", "claims"))
    head = _Reader(source, "briefing", document.get("briefing"))
    head.only(("id", "title", "summary", *ZH_FIELDS["briefing"], "language", "source"))
    if "source" not in head.table:
        head.fail("source", "missing; expected a table with title and url")
    stops = tuple(_stop(source, n, t, ids) for n, t in enumerate(top.tables("stops"), start=1))
    if not stops:
        top.fail("stops", "expected at least one [[stops]] table")
    _unique(source, "stop", [s.id for s in stops])
    measurement_ids = [m.id for s in stops for m in s.measurements]
    _unique(source, "measurement", measurement_ids)
    claims = tuple(
        _claim(source, n, t, measurement_ids) for n, t in enumerate(top.tables("claims"), start=1)
    )
    _unique(source, "claim", [c.id for c in claims])
    return Briefing(
        id=head.text("id", pattern=_ID),
        title=head.text("title"),
        summary=head.text("summary"),
        language=head.text("language", required=False) or "en",
        source=_source(source, "briefing, source", head.table["source"]),
        stops=stops,
        claims=claims,
        origin=source,
        path=path,
        title_zh=head.optional_text("title_zh"),
        summary_zh=head.optional_text("summary_zh"),
    )


def load_briefings(
    folder: Path = BRIEFINGS_DIR, *, layer_ids: Iterable[str] | None = None
) -> tuple[dict[str, Briefing], dict[str, str]]:
    """Every `*.toml` briefing in `folder` by id, and a message for each file that failed."""
    if layer_ids is None:
        from straitmap.catalog import load_catalog

        layer_ids = tuple(load_catalog().layers)
    found: dict[str, Briefing] = {}
    errors: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            briefing = load_briefing(path, layer_ids=layer_ids)
        except BriefingError as error:
            errors[path.name] = str(error)
            continue
        if briefing.id in found:
            errors[path.name] = (
                f"{path.name}: briefing, id: {briefing.id!r} is used by another file"
            )
            continue
        found[briefing.id] = briefing
    return found, errors


def _pick(english: str, chinese: str | None, lang: Lang) -> str:
    return chinese if lang == "zh-TW" and chinese else english


def _localized_source(source: SourceRef, lang: Lang) -> SourceRef:
    publisher = source.publisher
    if publisher is not None:
        publisher = _pick(publisher, source.publisher_zh, lang)
    return replace(source, title=_pick(source.title, source.title_zh, lang), publisher=publisher)


def localized(briefing: Briefing, lang: Lang) -> Briefing:
    """The briefing in `lang`: in Chinese each text field is its ``*_zh`` where the file has
    one, else the English (`missing_translations` lists those). A claim's `claim` stays the
    quoted original; its `claim_zh` is the translation to show beside it. English: unchanged.
    """
    if lang != "zh-TW":
        return briefing

    def sources(refs: tuple[SourceRef, ...]) -> tuple[SourceRef, ...]:
        return tuple(_localized_source(s, lang) for s in refs)

    stops = tuple(
        replace(
            stop,
            title=_pick(stop.title, stop.title_zh, lang),
            text=_pick(stop.text, stop.text_zh, lang),
            sources=sources(stop.sources),
            measurements=tuple(
                replace(m, label=_pick(m.label, m.label_zh, lang)) for m in stop.measurements
            ),
        )
        for stop in briefing.stops
    )
    claims = tuple(
        replace(
            claim,
            figure=_pick(claim.figure, claim.figure_zh, lang),
            finding=_pick(claim.finding, claim.finding_zh, lang),
            sources=sources(claim.sources),
        )
        for claim in briefing.claims
    )
    return replace(
        briefing,
        title=_pick(briefing.title, briefing.title_zh, lang),
        summary=_pick(briefing.summary, briefing.summary_zh, lang),
        source=_localized_source(briefing.source, lang),
        stops=stops,
        claims=claims,
    )


def missing_translations(
    briefing: Briefing, lang: Lang, *, sources: bool = False
) -> tuple[str, ...]:
    """Where the briefing has no text in `lang` (so English shows), as "stop 2 (posture),
    text_zh"; () for English. Source titles count only with `sources` (a citation may keep
    the cited work's own title); a publisher is a name and never counts."""
    if lang != "zh-TW":
        return ()
    missing: list[str] = []

    def check(where: str, thing: object, names: Iterable[str]) -> None:
        missing.extend(f"{where}, {n}" for n in names if not getattr(thing, n))

    def check_sources(where: str, refs: tuple[SourceRef, ...]) -> None:
        if sources:
            for n, ref in enumerate(refs, start=1):
                check(f"{where}, sources {n}", ref, ("title_zh",))

    check("briefing", briefing, ZH_FIELDS["briefing"])
    check_sources("briefing", (briefing.source,))
    for number, stop in enumerate(briefing.stops, start=1):
        where = f"stop {number} ({stop.id})"
        check(where, stop, ZH_FIELDS["stop"])
        check_sources(where, stop.sources)
        for m_number, m in enumerate(stop.measurements, start=1):
            check(f"{where}, measurements {m_number} ({m.id})", m, ZH_FIELDS["measurement"])
    for number, claim in enumerate(briefing.claims, start=1):
        where = f"claim {number} ({claim.id})"
        check(where, claim, ZH_FIELDS["claim"])
        check_sources(where, claim.sources)
    return tuple(missing)


def _has_chinese(briefing: Briefing) -> bool:
    return bool(
        briefing.title_zh
        or briefing.summary_zh
        or any(s.title_zh or s.text_zh for s in briefing.stops)
        or any(m.label_zh for m in briefing.measurements.values())
        or any(c.claim_zh or c.figure_zh or c.finding_zh for c in briefing.claims)
    )


def language_note(briefing: Briefing, lang: Lang) -> str | None:
    """What to tell a reader of `lang` once, when the briefing falls back to English: the
    English msgid of the note (translate it where it is shown), None when nothing does."""
    if not missing_translations(briefing, lang):
        return None
    if not _has_chinese(briefing):
        return N_("This briefing has no Chinese text: it is shown in English.")
    return N_("Parts of this briefing have no Chinese text and are shown in English.")
