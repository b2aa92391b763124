"""A sea-route question as the app's URL, the CLI and the library all state it, and its answer
as one JSON-ready dict, so the app's card and `straitmap route --json` cannot disagree."""

from __future__ import annotations

import math
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from straitmap.errors import RouteError
from straitmap.i18n import Lang, translator
from straitmap.routes import (
    ClosedArea,
    ClosureImpact,
    SeaRoute,
    Snap,
    exercise_closure,
    strait_closure,
    zone_closure,
)
from straitmap.vessels import DEFAULT_VESSEL, VESSELS, Vessel

__all__ = [
    "DEFAULT_VESSEL",
    "VESSELS",
    "RouteQuery",
    "Vessel",
    "end_json",
    "impact_json",
    "route_json",
]


#: The word for the Taiwan Strait in `--close` and in the URL's `close`.
STRAIT: Final = "strait"


@dataclass(frozen=True)
class RouteQuery:
    """From where to where, at what speed, with what closed.

    `speed_kn`, when given, overrides the vessel's default speed. Closed areas are named, so
    the query can travel in a URL: the strait, exercises (their name or a part naming one),
    zones by id. `extra_areas` holds polygons given as geometry (drawn on the map, or read
    from a file on the CLI); they are not part of the URL.
    """

    origin: str = "Shanghai"
    destination: str = "Singapore"
    vessel: str = DEFAULT_VESSEL
    speed_kn: float | None = None
    close_strait: bool = False
    close_exercises: tuple[str, ...] = ()
    close_zones: tuple[str, ...] = ()
    extra_areas: tuple[ClosedArea, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.vessel not in VESSELS:
            raise RouteError(f"vessel {self.vessel!r}: expected one of {', '.join(VESSELS)}")
        if self.speed_kn is not None and not (
            math.isfinite(self.speed_kn) and 0 < self.speed_kn <= 60
        ):
            raise RouteError(f"speed: expected knots above 0 and at most 60, found {self.speed_kn}")

    @property
    def speed(self) -> float:
        """The speed the transit time uses, in knots."""
        return self.speed_kn if self.speed_kn is not None else VESSELS[self.vessel].speed_kn

    @property
    def speed_basis(self) -> str:
        """Where the speed comes from, in words (English: what `--json` says)."""
        return self.speed_basis_in("en")

    def speed_basis_in(self, lang: Lang = "en") -> str:
        """Where the speed comes from, in words of `lang`."""
        _ = translator("dashboard", lang).gettext
        if self.speed_kn is not None:
            return _("the speed given")
        vessel = VESSELS[self.vessel]
        return _("{vessel} default, {speed} kn: {basis}").format(
            vessel=_(vessel.label), speed=f"{vessel.speed_kn:g}", basis=_(vessel.basis)
        )

    @property
    def closes_anything(self) -> bool:
        """Whether any area is closed."""
        return bool(self.close_strait or self.close_exercises or self.close_zones)

    def closed_areas(self, strait: Any, zones: Any) -> list[ClosedArea]:
        """The named closures as polygons: the `strait` layer and `pla_exercise_zones` frames.

        Raises RouteError naming an exercise or zone that the layer does not hold.
        """
        areas: list[ClosedArea] = []
        if self.close_strait:
            areas.append(strait_closure(strait))
        areas.extend(exercise_closure(name, zones) for name in self.close_exercises)
        areas.extend(zone_closure(zone_id, zones) for zone_id in self.close_zones)
        areas.extend(self.extra_areas)
        return areas

    # --- the URL -------------------------------------------------------------------------------

    def to_params(self) -> dict[str, str]:
        """The query as URL parameters, defaults left out (`from_params` reads them back)."""
        params: dict[str, str] = {"from": self.origin, "to": self.destination}
        if self.vessel != DEFAULT_VESSEL:
            params["vessel"] = self.vessel
        if self.speed_kn is not None:
            params["speed"] = f"{self.speed_kn:g}"
        closes = ([STRAIT] if self.close_strait else []) + list(self.close_zones)
        if closes:
            params["close"] = ",".join(closes)
        if self.close_exercises:
            params["exercise"] = "|".join(self.close_exercises)
        return params

    @classmethod
    def from_params(
        cls, params: Mapping[str, str], zone_ids: Sequence[str] = (), lang: Lang = "en"
    ) -> tuple[RouteQuery, list[str]]:
        """The query a URL asks for, and a note for each value ignored (with what was
        expected), in `lang`."""
        _ = translator("dashboard", lang).gettext
        notes: list[str] = []
        values: dict[str, Any] = {}
        for name, key in (("origin", "from"), ("destination", "to")):
            if params.get(key, "").strip():
                values[name] = params[key].strip()
        vessel = params.get("vessel")
        if vessel is not None:
            if vessel in VESSELS:
                values["vessel"] = vessel
            else:
                notes.append(
                    _("vessel={value} ignored: expected one of {choices}").format(
                        value=repr(vessel), choices=", ".join(VESSELS)
                    )
                )
        speed = params.get("speed")
        if speed is not None:
            try:
                knots = float(speed)
                cls(speed_kn=knots)
                values["speed_kn"] = knots
            except (ValueError, RouteError):
                notes.append(
                    _("speed={value} ignored: expected knots above 0 and at most 60").format(
                        value=repr(speed)
                    )
                )
        zones: list[str] = []
        for item in filter(None, (v.strip() for v in params.get("close", "").split(","))):
            if item == STRAIT:
                values["close_strait"] = True
            elif item in zone_ids:
                zones.append(item)
            else:
                notes.append(
                    _(
                        "close={value} ignored: expected {strait} or a zone id of "
                        "pla_exercise_zones"
                    ).format(value=repr(item), strait=repr(STRAIT))
                )
        values["close_zones"] = tuple(dict.fromkeys(zones))
        exercises = [v.strip() for v in params.get("exercise", "").split("|") if v.strip()]
        values["close_exercises"] = tuple(dict.fromkeys(exercises))
        return cls(**values), notes

    # --- the CLI -------------------------------------------------------------------------------

    def command(self, *, json_output: bool = True) -> str:
        """The `straitmap route` command that answers this query (shell-quoted)."""
        words = ["straitmap", "route", self.origin, self.destination]
        if self.speed_kn is not None:
            words += ["--speed-kn", f"{self.speed_kn:g}"]
        elif self.vessel != DEFAULT_VESSEL:
            words += ["--vessel", self.vessel]
        if self.close_strait:
            words += ["--close", STRAIT]
        for name in self.close_exercises:
            words += ["--close-exercise", name]
        for zone_id in self.close_zones:
            words += ["--close-zone", zone_id]
        if self.extra_areas:
            words += ["--close-file", "closed.geojson"]
        if json_output:
            words.append("--json")
        return " ".join(shlex.quote(w) for w in words)

    def with_extra_areas(self, areas: Sequence[ClosedArea]) -> RouteQuery:
        """The same query with these polygons closed as well."""
        return replace(self, extra_areas=tuple(areas))


def end_json(place: Any) -> dict[str, Any]:
    """A resolved route end (`gazetteer.Resolved`) as `straitmap route --json` states it."""
    return {
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "layer": place.layer_id,
        "id": place.feature_id,
    }


def _snap_json(snap: Snap) -> dict[str, Any]:
    return {
        "requested": {"lon": snap.requested[0], "lat": snap.requested[1]},
        "node": {"lon": snap.node[0], "lat": snap.node[1]},
        "snap_km": snap.distance_m / 1000.0,
    }


def route_json(route: SeaRoute) -> dict[str, Any]:
    """A route's figures: lengths (km, nmi, mi), time, the strait crossing, the snapping."""
    return {
        "length_km": route.length.km,
        "length_nmi": route.length.nmi,
        "length_mi": route.length.mi,
        "hours": route.hours,
        "days": route.days,
        "crosses_strait": route.crosses_strait,
        "strait_length_km": route.strait_length.km,
        "strait_length_nmi": route.strait_length.nmi,
        "origin": _snap_json(route.origin),
        "destination": _snap_json(route.destination),
        "vertices": len(route.line.coords),
    }


def impact_json(
    query: RouteQuery,
    origin: Mapping[str, Any],
    destination: Mapping[str, Any],
    impact: ClosureImpact,
) -> dict[str, Any]:
    """The whole answer to a query: the ends as resolved, the open route and the closed one
    side by side, and the detour (`None` figures when nothing is closed or no route exists)."""
    if not impact.closed:  # nothing closed: the open route is the whole answer
        impact = ClosureImpact(impact.open_route, None, (), no_route=None)
    extra = impact.extra
    return {
        "from": dict(origin),
        "to": dict(destination),
        "speed_kn": query.speed,
        "speed_basis": query.speed_basis,
        "closed": list(impact.closed),
        "open": route_json(impact.open_route),
        "closed_route": route_json(impact.closed_route) if impact.closed_route else None,
        "no_route": impact.no_route,
        "extra_km": extra.km if extra is not None else None,
        "extra_nmi": extra.nmi if extra is not None else None,
        "extra_hours": impact.extra_hours,
        "extra_days": impact.extra_days,
        "extra_percent": impact.extra_percent,
        "via": list(impact.via),
        "network": "searoute's maritime network (Eurostat MARNET); for visualisation, not "
        "navigation",
    }
