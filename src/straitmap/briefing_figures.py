"""A briefing's measurements, evaluated live by the library, each with the command that
reproduces it (`docs/briefings.md` lists the kinds)."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from straitmap.briefings import Briefing, BriefingError, Measurement
from straitmap.errors import StraitmapError

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


def _q(text: str) -> str:
    return shlex.quote(text)


def _km_nmi(metres: float) -> str:
    from straitmap.units import METRES_PER_NMI

    return f"{metres / 1000:,.1f} km ({metres / METRES_PER_NMI:,.1f} nmi)"


def _measure_command(briefing: Briefing, measurement: Measurement) -> str:
    """`straitmap briefing measure …` for this figure (with `--file` unless bundled)."""
    words = ["straitmap", "briefing", "measure"]
    if not briefing.bundled:
        words += ["--file", str(briefing.path) if briefing.path else briefing.origin]
    return shlex.join([*words, briefing.id, measurement.id, "--json"])


def _distance(m: Measurement, layers: Mapping[str, Any], briefing: Briefing) -> Figure:
    from straitmap.gazetteer import resolve
    from straitmap.geodesy import inverse

    start = resolve(m.params["from"], layers)
    end = resolve(m.params["to"], layers)
    leg = inverse(start.lon, start.lat, end.lon, end.lat)
    return Figure(
        m.id,
        m.label,
        leg.distance.km,
        "km",
        f"{_km_nmi(leg.distance.metres)}, {start.name} to {end.name}",
        f"straitmap distance {_q(m.params['from'])} {_q(m.params['to'])} --json",
        {"nmi": leg.distance.nmi, "from": start.name, "to": end.name},
    )


def _path(m: Measurement, layers: Mapping[str, Any], briefing: Briefing) -> Figure:
    from straitmap.gazetteer import resolve
    from straitmap.measure import path_length

    places = [resolve(text, layers) for text in m.params["through"]]
    total, _ = path_length([(p.lon, p.lat) for p in places])
    return Figure(
        m.id,
        m.label,
        total.km,
        "km",
        f"{_km_nmi(total.metres)}, {' → '.join(p.name for p in places)}",
        _measure_command(briefing, m),
        {"nmi": total.nmi, "through": [p.name for p in places]},
    )


def _strait_width(m: Measurement, layers: Mapping[str, Any], briefing: Briefing) -> Figure:
    from straitmap.measure import strait_width

    width = strait_width(layers["land"], layers["strait_limits"])
    statistic = m.params["statistic"]
    if statistic == "mean":
        km = width.mean_width_km
        text = f"{km:,.1f} km mean width along the strait's axis"
        details: dict[str, Any] = {"nmi": km * 1000 / 1852}
    else:
        crossing = width.narrowest if statistic == "narrowest" else width.narrowest_mainland
        km = crossing.km
        text = (
            f"{_km_nmi(crossing.distance.metres)}, from {crossing.from_point[1]:.4f}, "
            f"{crossing.from_point[0]:.4f} to {crossing.to_point[1]:.4f}, "
            f"{crossing.to_point[0]:.4f}"
        )
        details = {"nmi": crossing.distance.nmi}
    return Figure(m.id, m.label, km, "km", text, "straitmap strait --json", details)


def _count(m: Measurement, layers: Mapping[str, Any], briefing: Briefing) -> Figure:
    from straitmap.filters import FilterState, count_aircraft, filter_layer, vocabularies

    layer = m.params["layer"]
    frame = layers[layer]
    wanted = dict(m.params.get("filters", {}))
    state, notes = FilterState.from_url(wanted, vocabularies(layers))
    if notes:
        raise BriefingError(briefing.origin, f"measurement {m.id}, filters", notes[0])
    subset = filter_layer(layer, frame, state)
    if m.params["statistic"] == "aircraft":
        value, noun = count_aircraft(subset), "aircraft"
    else:
        value, noun = len(subset), "features"
    words = state.describe([layer])
    command = (
        shlex.join(["straitmap", "incursions", *state.to_arguments(), "--json"])
        if layer == "pla_incursions"
        else _measure_command(briefing, m)
    )
    return Figure(
        m.id,
        m.label,
        float(value),
        noun,
        f"{value:,} {noun}" + (f" ({words})" if words else ""),
        command,
        {"filters": wanted, "of": len(frame)},
    )


def _daily_activity(m: Measurement, tables: Mapping[str, Any], briefing: Briefing) -> Figure:
    import pandas as pd

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
    return Figure(
        m.id,
        m.label,
        float(active),
        "days",
        f"{active} of {reported} days reported ({share:.0f} %) had {series.replace('_', ' ')} "
        f"above zero, {dates.min()} to {dates.max()}",
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


def _route(m: Measurement, layers: Mapping[str, Any], briefing: Briefing) -> Figure:
    from straitmap.route_query import impact_json

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
    text = f"{_km_nmi(open_route.length.metres)} open"
    value = open_route.length.km
    if impact.closed:
        if impact.closed_route is None:
            text += f"; with {', '.join(impact.closed)} closed: no route ({impact.no_route})"
        else:
            assert impact.extra is not None
            assert impact.extra_percent is not None
            text += (
                f"; with {', '.join(impact.closed)} closed "
                f"{_km_nmi(impact.closed_route.length.metres)}, +{impact.extra.km:,.1f} km "
                f"(+{impact.extra_percent:.1f} %)"
            )
            if impact.extra_hours is not None:
                text += f", +{impact.extra_hours:,.1f} h at {query.speed:g} kn"
            value = impact.closed_route.length.km
    return Figure(m.id, m.label, value, "km", text, query.command(), answer)


def evaluate(
    briefing: Briefing,
    measurement: Measurement,
    layers: Mapping[str, Any],
    tables: Mapping[str, Any] | None = None,
) -> Figure:
    """One measurement of `briefing`, computed now on the given layers (and tables).

    A measurement that cannot be made gives a Figure with `error` set rather than raising, so
    one bad stop does not take the briefing down.
    """
    kind = measurement.kind
    try:
        if kind == "daily_activity":
            if not tables or "pla_daily_counts" not in tables:
                raise BriefingError(
                    briefing.origin, measurement.id, "pla_daily_counts is not loaded"
                )
            return _daily_activity(measurement, tables, briefing)
        handler = {
            "distance": _distance,
            "path": _path,
            "strait_width": _strait_width,
            "count": _count,
            "route": _route,
        }[kind]
        return handler(measurement, layers, briefing)
    except (StraitmapError, KeyError) as error:
        reason = (
            f"layer {error.args[0]!r} is not loaded" if isinstance(error, KeyError) else str(error)
        )
        return Figure(
            measurement.id,
            measurement.label,
            None,
            "",
            f"not measured: {reason}",
            _measure_command(briefing, measurement),
            error=reason,
        )


def evaluate_all(
    briefing: Briefing, layers: Mapping[str, Any], tables: Mapping[str, Any] | None = None
) -> dict[str, Figure]:
    """Every measurement of the briefing, by id, in stop order."""
    return {
        m.id: evaluate(briefing, m, layers, tables)
        for stop in briefing.stops
        for m in stop.measurements
    }
