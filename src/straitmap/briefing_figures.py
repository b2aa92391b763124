"""A briefing's measurements, evaluated live by the library, each with the command that
reproduces it (`docs/briefings.md` lists the kinds).

`lang` gives a figure's label and text in English (the default, and what ``--json`` prints)
or Traditional Chinese: the measurement's ``label_zh``, lengths by
`straitmap.units.format_length`, places by their ``name_zh`` where the feature has one. The
value, unit and reproducing command never depend on the language.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from straitmap.briefings import Briefing, BriefingError, Measurement
from straitmap.errors import StraitmapError
from straitmap.i18n import N_, Lang, format_date, format_number, translator

__all__ = ["Figure", "RouteAnswer", "evaluate", "evaluate_all", "route_answer"]


@dataclass(frozen=True)
class Figure:
    """One measured figure: its value and unit, in words, and how to reproduce it.

    `error` is set (and `value` None) when the measurement could not be made (an unknown
    place, a missing layer): the briefing still shows, with the reason in place of the figure.
    """

    measurement: str
    label: str
    value: float | None
    unit: str
    text: str
    command: str
    details: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The figure as `straitmap briefing measure --json` prints it."""
        return {
            "measurement": self.measurement,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "command": self.command,
            "details": dict(self.details),
            "error": self.error,
        }


#: Filter values a count's description shows, translated where they are shown.
_FILTER_VALUES: Final = {
    "USAF": N_("USAF"),
    "USN": N_("USN"),
    "USMC": N_("USMC"),
    "US Army": N_("US Army"),
    "yes": N_("yes"),
    "no": N_("no"),
}
#: The `pla_daily_counts` series a `daily_activity` figure names, in words.
_SERIES: Final = {
    "aircraft_total": N_("aircraft total"),
    "median_line_crossings": N_("median line crossings"),
    "ships_total": N_("ships total"),
}
#: Closed areas a route figure names (others keep the name they were given).
_CLOSED_NAMES: Final = {"Taiwan Strait": N_("Taiwan Strait")}


def _q(text: str) -> str:
    return shlex.quote(text)


def _km_nmi(metres: float, lang: Lang = "en") -> str:
    from straitmap.units import format_length

    return format_length(metres, lang)


def _km(km: float, lang: Lang) -> str:
    from straitmap.units import unit_label

    return f"{format_number(km, lang, 1)} {unit_label('km', lang)}"


def _label(m: Measurement, lang: Lang) -> str:
    return m.label_zh if lang == "zh-TW" and m.label_zh else m.label


def _place_name(place: Any, layers: Mapping[str, Any], lang: Lang) -> str:
    """The resolved place's name; in Chinese its feature's `name_zh` where it has one."""
    if lang != "zh-TW" or place.layer_id not in layers or place.feature_id is None:
        return str(place.name)
    frame = layers[place.layer_id]
    if "name_zh" not in frame.columns or "id" not in frame.columns:
        return str(place.name)
    rows = frame.loc[frame["id"] == place.feature_id, "name_zh"].dropna()
    return str(rows.iloc[0]) if len(rows) and str(rows.iloc[0]).strip() else str(place.name)


def _date(text: str, lang: Lang) -> str:
    import datetime as dt

    if lang == "en":
        return text
    try:
        return format_date(dt.date.fromisoformat(text[:10]), lang)
    except ValueError:
        return text


def _filters_text(state: Any, layer: str, lang: Lang) -> str:
    """The count's filters in words: `FilterState.describe` in English, else translated."""
    if lang == "en":
        return str(state.describe([layer]))
    from straitmap.filters import DATES, DIMENSIONS

    _ = translator("dashboard", lang).gettext
    parts = []
    if (state.date_from or state.date_to) and layer in DATES.layers:
        parts.append(
            _("dates {start} to {end}").format(
                start=format_date(state.date_from, lang) if state.date_from else "…",
                end=format_date(state.date_to, lang) if state.date_to else "…",
            )
        )
    for declared in DIMENSIONS:
        if layer not in declared.layers:
            continue
        value = state.value(declared)
        if value == declared.default:
            continue
        values = [value] if isinstance(value, str) else sorted(value)
        shown = "、".join(_(_FILTER_VALUES[v]) if v in _FILTER_VALUES else v for v in values)
        parts.append(_("{label}: {value}").format(label=_(declared.label), value=shown))
    return "；".join(parts)


def _measure_command(briefing: Briefing, measurement: Measurement) -> str:
    """`straitmap briefing measure …` for this figure (with `--file` unless bundled)."""
    words = ["straitmap", "briefing", "measure"]
    if not briefing.bundled:
        words += ["--file", str(briefing.path) if briefing.path else briefing.origin]
    return shlex.join([*words, briefing.id, measurement.id, "--json"])


def _distance(m: Measurement, layers: Mapping[str, Any], briefing: Briefing, lang: Lang) -> Figure:
    from straitmap.gazetteer import resolve
    from straitmap.geodesy import inverse

    _ = translator("dashboard", lang).gettext
    start = resolve(m.params["from"], layers)
    end = resolve(m.params["to"], layers)
    leg = inverse(start.lon, start.lat, end.lon, end.lat)
    return Figure(
        m.id,
        _label(m, lang),
        leg.distance.km,
        "km",
        _("{length}, {start} to {end}").format(
            length=_km_nmi(leg.distance.metres, lang),
            start=_place_name(start, layers, lang),
            end=_place_name(end, layers, lang),
        ),
        f"straitmap distance {_q(m.params['from'])} {_q(m.params['to'])} --json",
        {"nmi": leg.distance.nmi, "from": start.name, "to": end.name},
    )


def _path(m: Measurement, layers: Mapping[str, Any], briefing: Briefing, lang: Lang) -> Figure:
    from straitmap.gazetteer import resolve
    from straitmap.measure import path_length

    _ = translator("dashboard", lang).gettext
    places = [resolve(text, layers) for text in m.params["through"]]
    total, _legs = path_length([(p.lon, p.lat) for p in places])
    return Figure(
        m.id,
        _label(m, lang),
        total.km,
        "km",
        _("{length}, {places}").format(
            length=_km_nmi(total.metres, lang),
            places=" → ".join(_place_name(p, layers, lang) for p in places),
        ),
        _measure_command(briefing, m),
        {"nmi": total.nmi, "through": [p.name for p in places]},
    )


def _strait_width(
    m: Measurement, layers: Mapping[str, Any], briefing: Briefing, lang: Lang
) -> Figure:
    from straitmap.measure import strait_width

    _ = translator("dashboard", lang).gettext
    width = strait_width(layers["land"], layers["strait_limits"])
    statistic = m.params["statistic"]
    if statistic == "mean":
        km = width.mean_width_km
        text = _("{width} mean width along the strait's axis").format(width=_km(km, lang))
        details: dict[str, Any] = {"nmi": km * 1000 / 1852}
    else:
        crossing = width.narrowest if statistic == "narrowest" else width.narrowest_mainland
        km = crossing.km
        text = _("{length}, from {start} to {end}").format(
            length=_km_nmi(crossing.distance.metres, lang),
            start=f"{crossing.from_point[1]:.4f}, {crossing.from_point[0]:.4f}",
            end=f"{crossing.to_point[1]:.4f}, {crossing.to_point[0]:.4f}",
        )
        details = {"nmi": crossing.distance.nmi}
    return Figure(m.id, _label(m, lang), km, "km", text, "straitmap strait --json", details)


def _count(m: Measurement, layers: Mapping[str, Any], briefing: Briefing, lang: Lang) -> Figure:
    from straitmap.filters import FilterState, count_aircraft, filter_layer, vocabularies

    _ = translator("dashboard", lang).gettext

    layer = m.params["layer"]
    frame = layers[layer]
    wanted = dict(m.params.get("filters", {}))
    state, notes = FilterState.from_url(wanted, vocabularies(layers))
    if notes:
        raise BriefingError(briefing.origin, f"measurement {m.id}, filters", notes[0])
    subset = filter_layer(layer, frame, state)
    if m.params["statistic"] == "aircraft":
        value, noun = count_aircraft(subset), "aircraft"
        figure = _("{count} aircraft")
    else:
        value, noun = len(subset), "features"
        figure = _("{count} features")
    figure = figure.format(count=format_number(value, lang, 0))
    words = _filters_text(state, layer, lang)
    command = (
        shlex.join(["straitmap", "incursions", *state.to_arguments(), "--json"])
        if layer == "pla_incursions"
        else _measure_command(briefing, m)
    )
    return Figure(
        m.id,
        _label(m, lang),
        float(value),
        noun,
        _("{figure} ({filters})").format(figure=figure, filters=words) if words else figure,
        command,
        {"filters": wanted, "of": len(frame)},
    )


def _daily_activity(
    m: Measurement, tables: Mapping[str, Any], briefing: Briefing, lang: Lang
) -> Figure:
    import pandas as pd

    _ = translator("dashboard", lang).gettext

    series = m.params.get("series", "aircraft_total")
    table = tables["pla_daily_counts"]
    if series not in table.columns:
        raise BriefingError(
            briefing.origin,
            f"measurement {m.id}, series",
            f"expected a column of pla_daily_counts ({', '.join(map(str, table.columns))}), "
            f"found {series!r}",
        )
    values = pd.to_numeric(table[series], errors="coerce")
    reported = int(values.notna().sum())
    active = int((values > 0).sum())
    dates = table["date"].dropna().astype(str)
    share = 100.0 * active / reported if reported else 0.0
    words = _(_SERIES[series]) if series in _SERIES else series.replace("_", " ")
    return Figure(
        m.id,
        _label(m, lang),
        float(active),
        "days",
        _(
            "{active} of {reported} days reported ({share} %) had {series} above zero, "
            "{first} to {last}"
        ).format(
            active=active,
            reported=reported,
            share=f"{share:.0f}",
            series=words,
            first=_date(dates.min(), lang),
            last=_date(dates.max(), lang),
        ),
        _measure_command(briefing, m),
        {"reported": reported, "share_percent": share, "first": dates.min(), "last": dates.max()},
    )


@dataclass(frozen=True)
class RouteAnswer:
    """A `route` measurement's question, its resolved ends, the closed areas and the answer."""

    query: Any
    origin: Any
    destination: Any
    areas: tuple[Any, ...]
    impact: Any


def route_answer(m: Measurement, layers: Mapping[str, Any]) -> RouteAnswer:
    """Route a `route` measurement (open, and with its closures) on the given layers."""
    from straitmap.ports import resolve_route_end
    from straitmap.route_query import RouteQuery
    from straitmap.routes import closure_impact

    close = list(m.params.get("close", []))
    query = RouteQuery(
        origin=m.params["from"],
        destination=m.params["to"],
        vessel=m.params.get("vessel", "container"),
        speed_kn=m.params.get("speed_kn"),
        close_strait="strait" in close,
        close_exercises=tuple(
            c.removeprefix("exercise:") for c in close if c.startswith("exercise:")
        ),
        close_zones=tuple(c for c in close if c != "strait" and not c.startswith("exercise:")),
    )
    origin = resolve_route_end(query.origin, layers)
    destination = resolve_route_end(query.destination, layers)
    areas = tuple(query.closed_areas(layers["strait"], layers["pla_exercise_zones"]))
    impact = closure_impact(
        (origin.lon, origin.lat),
        (destination.lon, destination.lat),
        areas,
        query.speed,
        strait=layers["strait"].geometry.union_all(),
    )
    return RouteAnswer(query, origin, destination, areas, impact)


def _route(m: Measurement, layers: Mapping[str, Any], briefing: Briefing, lang: Lang) -> Figure:
    from straitmap.route_query import impact_json

    _ = translator("dashboard", lang).gettext

    routed = route_answer(m, layers)
    query, origin, destination, impact = (
        routed.query,
        routed.origin,
        routed.destination,
        routed.impact,
    )
    ends = {"name": origin.name}, {"name": destination.name}
    answer = impact_json(query, *ends, impact)
    open_route = impact.open_route
    length = _km_nmi(open_route.length.metres, lang)
    text = _("{length} open").format(length=length)
    value = open_route.length.km
    if impact.closed:
        closed = (", " if lang == "en" else "、").join(
            _(_CLOSED_NAMES[name]) if name in _CLOSED_NAMES else name for name in impact.closed
        )
        if impact.closed_route is None:
            text = _("{length} open; with {closed} closed: no route ({reason})").format(
                length=length, closed=closed, reason=impact.no_route
            )
        else:
            assert impact.extra is not None
            assert impact.extra_percent is not None
            values = {
                "length": length,
                "closed": closed,
                "closed_length": _km_nmi(impact.closed_route.length.metres, lang),
                "extra": _km(impact.extra.km, lang),
                "percent": f"{impact.extra_percent:.1f}",
            }
            if impact.extra_hours is None:
                text = _(
                    "{length} open; with {closed} closed {closed_length}, +{extra} (+{percent} %)"
                ).format(**values)
            else:
                text = _(
                    "{length} open; with {closed} closed {closed_length}, +{extra} "
                    "(+{percent} %), +{hours} h at {speed} kn"
                ).format(
                    **values,
                    hours=format_number(impact.extra_hours, lang, 1),
                    speed=f"{query.speed:g}",
                )
            value = impact.closed_route.length.km
    return Figure(m.id, _label(m, lang), value, "km", text, query.command(), answer)


def evaluate(
    briefing: Briefing,
    measurement: Measurement,
    layers: Mapping[str, Any],
    tables: Mapping[str, Any] | None = None,
    lang: Lang = "en",
) -> Figure:
    """One measurement of `briefing`, computed now on the given layers (and tables), its label
    and text in `lang`.

    A measurement that cannot be made gives a Figure with `error` set rather than raising, so
    one bad stop does not take the briefing down.
    """
    _ = translator("dashboard", lang).gettext
    kind = measurement.kind
    try:
        if kind == "daily_activity":
            if not tables or "pla_daily_counts" not in tables:
                raise BriefingError(
                    briefing.origin, measurement.id, "pla_daily_counts is not loaded"
                )
            return _daily_activity(measurement, tables, briefing, lang)
        handler = {
            "distance": _distance,
            "path": _path,
            "strait_width": _strait_width,
            "count": _count,
            "route": _route,
        }[kind]
        return handler(measurement, layers, briefing, lang)
    except (StraitmapError, KeyError) as error:
        reason = (
            _("layer {layer} is not loaded").format(layer=repr(error.args[0]))
            if isinstance(error, KeyError)
            else str(error)
        )
        return Figure(
            measurement.id,
            _label(measurement, lang),
            None,
            "",
            _("not measured: {reason}").format(reason=reason),
            _measure_command(briefing, measurement),
            error=reason,
        )


def evaluate_all(
    briefing: Briefing,
    layers: Mapping[str, Any],
    tables: Mapping[str, Any] | None = None,
    lang: Lang = "en",
) -> dict[str, Figure]:
    """Every measurement of the briefing, by id, in stop order (labels and texts in `lang`)."""
    return {
        m.id: evaluate(briefing, m, layers, tables, lang)
        for stop in briefing.stops
        for m in stop.measurements
    }
