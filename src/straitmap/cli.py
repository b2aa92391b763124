"""The `straitmap` command line: the library, scriptable (`layers`, `validate`, ...)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

from straitmap import cli_briefings, cli_datasets, cli_points, cli_routes
from straitmap.errors import (
    DataFileError,
    FileUnreadableError,
    StraitmapError,
    UnknownLayerError,
)
from straitmap.i18n import DEFAULT_LANG, LANGUAGES, N_, Lang, format_number, parse_lang, translator
from straitmap.units import format_length, unit_label

__all__ = [
    "COMMANDS",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "LANG_ENV",
    "build_parser",
    "chosen_lang",
    "current_lang",
    "main",
]

#: Usable as it stands or with reported repairs.
EXIT_OK: Final = 0
#: Something was refused, the content is invalid, or a layer could not be loaded.
EXIT_INVALID: Final = 1
#: The file cannot be read at all, or the command line is wrong (argparse also exits 2).
EXIT_UNREADABLE: Final = 2

Handler = Callable[[argparse.Namespace], int]

#: The environment variable naming the language of the human output when --lang is not given.
LANG_ENV: Final = "STRAITMAP_LANG"
#: This run's language (set by `main`); JSON output never depends on it.
_LANG: ContextVar[Lang] = ContextVar("straitmap_cli_lang", default="en")


def current_lang() -> Lang:
    """The language of this run's human output: --lang, else $STRAITMAP_LANG, else English."""
    return _LANG.get()


def _(message: str) -> str:
    """`message` in this run's language (the `cli` gettext domain)."""
    return translator("cli", _LANG.get()).gettext(message)


@dataclass(frozen=True)
class Command:
    """One subcommand: its help line, how to declare its arguments, and what runs it."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handler: Handler


# --- layers -------------------------------------------------------------------------------------


def _layers_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON array of layer objects")


def _run_layers(args: argparse.Namespace) -> int:
    from straitmap.catalog import load_catalog
    from straitmap.layer_cache import layer_summary

    catalog = load_catalog(args.catalog)
    rows: list[dict[str, Any]] = []
    for spec in catalog.values():
        # Validated now, or as validated before for the very same bytes (layer_cache).
        summary = layer_summary(spec, catalog)
        count, error = summary.count, summary.error
        rows.append(
            {
                "id": spec.id,
                "title": spec.title,
                "geometry_type": spec.geometry_label,
                "feature_count": count,
                "license": spec.license,
                "group": spec.group,
                "file": spec.file,
                "data_as_of": spec.data_as_of,
                "error": error,
            }
        )
    if args.json:
        _print_json(rows)
    else:
        table = [
            [row["id"], row["title"], row["geometry_type"], _count(row), row["license"]]
            for row in rows
        ]
        _print_table(["id", "title", "geometry", "features", "license"], table)
    failed = [row for row in rows if row["error"] is not None]
    for row in failed:
        print(f"error: {row['error']}", file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


def _count(row: dict[str, Any]) -> str:
    return "error" if row["feature_count"] is None else f"{row['feature_count']:,}"


# --- validate -----------------------------------------------------------------------------------


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="a GeoJSON FeatureCollection")
    parser.add_argument(
        "--layer",
        metavar="ID",
        help="also check the features against this catalog layer's schema",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _run_validate(args: argparse.Namespace) -> int:
    from straitmap.catalog import load_catalog
    from straitmap.io import load_file

    catalog = None
    if args.layer is not None:
        catalog = load_catalog(args.catalog)
        catalog[args.layer]  # an unknown id is a usage error: fail before reading the file
    try:
        result = load_file(args.path, args.layer, catalog=catalog)
    except DataFileError as error:
        code = EXIT_UNREADABLE if isinstance(error, FileUnreadableError) else EXIT_INVALID
        if args.json:
            _print_json(
                {
                    "path": str(args.path),
                    "layer": args.layer,
                    "ok": False,
                    "usable": False,
                    "error": str(error),
                    "exit_code": code,
                }
            )
        print(f"error: {error}", file=sys.stderr)
        return code

    report = result.report
    code = EXIT_OK if report.ok else EXIT_INVALID
    if args.json:
        _print_json({**report.to_dict(), "usable": True, "exit_code": code})
        return code
    print(report.summary())
    for issue in report.issues:
        print(f"  {issue.action:<8}  {issue}")
    if not report.ok:
        print(
            f"refused: {report.refused_features} feature(s) left out; fix them and validate again"
        )
    elif report.repaired:
        print("usable with the repairs listed above")
    else:
        print("usable as it stands")
    return code


# --- measuring: shared -------------------------------------------------------------------------

_PLACE_HELP = N_(
    "a feature name, name_zh or id from any bundled layer (case-insensitive; a unique part of "
    "a name will do), or coordinates typed lat, lon (25.03,121.56 or 25.03N 121.56E)"
)


def _place_entries(catalog_path: Path | None, containing: str | None = None) -> list[Any]:
    """The gazetteer entries of every bundled layer that loads (validated now, or as before for
    the same bytes: `straitmap.layer_cache`), only those holding the folded key `containing`
    when given; the other layers are skipped with a note on stderr."""
    from straitmap.catalog import load_catalog
    from straitmap.layer_cache import layer_entries, layer_summary

    catalog = load_catalog(catalog_path)
    found: list[Any] = []
    for spec in catalog.values():
        if spec.is_table:
            continue
        summary = layer_summary(spec, catalog)
        if summary.error is not None:
            if containing is None:
                print(f"note: layer {spec.id!r} skipped: {summary.error}", file=sys.stderr)
            continue
        found.extend(layer_entries(spec, catalog, containing=containing))
    return found


def _resolve_places(catalog_path: Path | None, *texts: str) -> list[tuple[Any, str | None]]:
    """Each text as a place with its feature's `name_zh` (None for typed coordinates and
    features without one): typed coordinates need no layer; a name is looked for among the
    entries that hold it, and only when none matches among all (for close names)."""
    from straitmap.coords import looks_like_coordinates
    from straitmap.errors import UnknownPlaceError
    from straitmap.gazetteer import resolve_entries
    from straitmap.names import fold

    places: list[tuple[Any, str | None]] = []
    for text in texts:
        if looks_like_coordinates(text.strip()):
            places.append((resolve_entries(text, []), None))
            continue
        entries = _place_entries(catalog_path, fold(text.strip()))
        try:
            place = resolve_entries(text, entries)
        except UnknownPlaceError:
            entries = _place_entries(catalog_path)
            place = resolve_entries(text, entries)
        places.append((place, _chinese_name(place, entries)))
    return places


def _chinese_name(place: Any, entries: Sequence[Any]) -> str | None:
    """The `name_zh` of the entry `place` was resolved to, if it has one.

    An entry's `names` are its `name`, `name_zh` and `id` values in that order
    (`straitmap.gazetteer.NAME_FIELDS`), the missing ones left out: the one that is neither
    its name nor its id is its Chinese name.
    """
    for entry in entries:
        if (entry.layer_id, entry.feature_id, entry.name) == (
            place.layer_id,
            place.feature_id,
            place.name,
        ):
            return next((n for n in entry.names if n not in (entry.name, entry.feature_id)), None)
    return None


def _load_layers(catalog_path: Path | None) -> dict[str, Any]:
    """Every bundled layer that loads; the others are skipped with a note on stderr."""
    from straitmap.catalog import load_catalog
    from straitmap.io import load_layer

    catalog = load_catalog(catalog_path)
    layers: dict[str, Any] = {}
    for spec in catalog.values():
        if spec.is_table:
            continue
        try:
            layers[spec.id] = load_layer(spec.id, catalog=catalog)
        except StraitmapError as problem:
            print(f"note: layer {spec.id!r} skipped: {problem}", file=sys.stderr)
    return layers


def _place_json(place: Any) -> dict[str, Any]:
    return {"name": place.name, "lat": place.lat, "lon": place.lon}


def _point_json(lon: float, lat: float) -> dict[str, float]:
    return {"lat": lat, "lon": lon}


def _usage_error(message: str, *, translated: bool = False) -> int:
    """Print the usage error and return exit code 2; `translated` messages (already in this
    run's language) get a translated prefix, the others (library messages, in English) keep
    "error:"."""
    line = _("error: {message}") if translated else "error: {message}"
    print(line.format(message=message), file=sys.stderr)
    return EXIT_UNREADABLE


def _describe_place(place: Any, name_zh: str | None = None) -> str:
    """Name (layer id) and lat, lon; in Chinese the feature's `name_zh` where it has one, else
    its English name."""
    name = name_zh if name_zh and current_lang() == "zh-TW" else place.name
    if place.layer_id:
        # TRANSLATORS: {layer} is a layer id such as "places", as `--layer` takes it.
        name = _("{name} ({layer})").format(name=name, layer=place.layer_id)
    return f"{name}  {place.lat:.6f}, {place.lon:.6f}"


def _display_width(text: str) -> int:
    """Terminal columns `text` takes: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - _display_width(text))


def _print_labelled(lines: Sequence[tuple[str, str]]) -> None:
    """One "label  value" line each, the values aligned two columns after the widest label."""
    width = max(_display_width(label) for label, _value in lines) + 2
    for label, value in lines:
        print(f"{_pad(label, width)}{value}")


# --- distance -----------------------------------------------------------------------------------


def _distance_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("origin", metavar="FROM", type=_point_text, help=_(_PLACE_HELP))
    parser.add_argument("destination", metavar="TO", type=_point_text, help=_(_PLACE_HELP))
    parser.add_argument(
        "--json", action="store_true", help=_("print the result as JSON (keys in English)")
    )


def _run_distance(args: argparse.Namespace) -> int:
    from straitmap.errors import CoordinateParseError
    from straitmap.geodesy import inverse

    try:
        (origin, origin_zh), (destination, destination_zh) = _resolve_places(
            args.catalog, args.origin, args.destination
        )
    except CoordinateParseError as error:
        return _usage_error(str(error))
    leg = inverse(origin.lon, origin.lat, destination.lon, destination.lat)
    if args.json:
        _print_json(
            {
                "from": _place_json(origin),
                "to": _place_json(destination),
                "km": leg.distance.km,
                "nmi": leg.distance.nmi,
                "mi": leg.distance.mi,
                "bearing_deg": leg.bearing_deg,
                "final_bearing_deg": leg.final_bearing_deg,
            }
        )
        return EXIT_OK
    lang = current_lang()
    length = format_length(leg.distance.metres, lang, ("km", "nmi", "mi"), 3)
    bearings = _("{initial}° true initial, {final}° final").format(
        initial=format_number(leg.bearing_deg, lang, 2, group=False),
        final=format_number(leg.final_bearing_deg, lang, 2, group=False),
    )
    _print_labelled(
        [
            (_("from"), _describe_place(origin, origin_zh)),
            (_("to"), _describe_place(destination, destination_zh)),
            (_("distance"), _("{distance}  (geodesic, WGS84)").format(distance=length)),
            (_("bearing"), bearings),
        ]
    )
    return EXIT_OK


# --- nearest ------------------------------------------------------------------------------------


def _nearest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("point", metavar="POINT", type=_point_text, help=_(_PLACE_HELP))
    parser.add_argument(
        "--layer",
        metavar="ID",
        required=True,
        help=_("the layer to search (the point's own feature is left out)"),
    )
    parser.add_argument(
        "--json", action="store_true", help=_("print the result as JSON (keys in English)")
    )


def _run_nearest(args: argparse.Namespace) -> int:
    from straitmap.catalog import load_catalog
    from straitmap.errors import CoordinateParseError
    from straitmap.gazetteer import resolve
    from straitmap.io import load_layer
    from straitmap.measure import inverse, nearest_to

    load_catalog(args.catalog)[args.layer]  # an unknown id is a usage error: fail first
    layers = _load_layers(args.catalog)
    frame = layers[args.layer] if args.layer in layers else load_layer(args.layer)
    try:
        point = resolve(args.point, layers)
    except CoordinateParseError as error:
        return _usage_error(str(error))
    keep = [
        row
        for row, (geometry, feature_id) in enumerate(
            zip(frame.geometry, _column(frame, "id"), strict=True)
        )
        if geometry is not None
        and not geometry.is_empty
        and not (point.layer_id == args.layer and feature_id == point.feature_id)
    ]
    if not keep:
        print(f"error: layer {args.layer!r} has no other feature to measure to", file=sys.stderr)
        return EXIT_INVALID
    candidates = frame.iloc[keep]
    row, found = nearest_to(point.lon, point.lat, candidates)
    near_lon, near_lat = found.nearest_lon, found.nearest_lat
    # From the two points, as `straitmap distance` would measure them.
    leg = inverse(point.lon, point.lat, near_lon, near_lat)
    feature = candidates.iloc[row]
    nearest = {
        "id": _cell(feature, "id"),
        "name": _cell(feature, "name"),
        **_point_json(near_lon, near_lat),
    }
    if args.json:
        _print_json(
            {
                "point": _place_json(point),
                "layer": args.layer,
                "nearest": nearest,
                "km": leg.distance.km,
                "nmi": leg.distance.nmi,
                "mi": leg.distance.mi,
                "bearing_deg": leg.bearing_deg,
            }
        )
        return EXIT_OK
    lang = current_lang()
    point_zh = _feature_name_zh(layers.get(point.layer_id or ""), point.feature_id)
    near_name = (lang == "zh-TW" and _cell(feature, "name_zh")) or nearest["name"]
    length = format_length(leg.distance.metres, lang, ("km", "nmi", "mi"), 3)
    _print_labelled(
        [
            (_("from"), _describe_place(point, point_zh)),
            (_("nearest"), f"{near_name} [{nearest['id']}]  {near_lat:.6f}, {near_lon:.6f}"),
            (_("distance"), _("{distance}  (geodesic, WGS84)").format(distance=length)),
            (
                _("bearing"),
                _("{bearing}° true").format(
                    bearing=format_number(leg.bearing_deg, lang, 2, group=False)
                ),
            ),
        ]
    )
    return EXIT_OK


def _feature_name_zh(frame: Any, feature_id: str | None) -> str | None:
    """The `name_zh` of the feature `feature_id` of `frame`, if both exist."""
    if frame is None or feature_id is None or "name_zh" not in frame.columns:
        return None
    rows = frame.loc[frame["id"] == feature_id] if "id" in frame.columns else frame.iloc[:0]
    return None if rows.empty else _cell(rows.iloc[0], "name_zh")


def _column(frame: Any, name: str) -> list[Any]:
    return list(frame[name]) if name in frame.columns else [None] * len(frame)


def _cell(feature: Any, name: str) -> str | None:
    value = feature.get(name)
    return None if value is None or value != value else str(value)  # NaN != NaN


# --- rings --------------------------------------------------------------------------------------


def _rings_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("point", metavar="POINT", type=_point_text, help=_PLACE_HELP)
    parser.add_argument(
        "--radius-km", type=float, action="append", default=[], metavar="R", help="repeatable"
    )
    parser.add_argument(
        "--radius-nmi", type=float, action="append", default=[], metavar="R", help="repeatable"
    )
    parser.add_argument(
        "--points",
        type=int,
        default=360,
        metavar="N",
        help="vertices per ring (default 360, as the app)",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="GeoJSON file to write"
    )


def _run_rings(args: argparse.Namespace) -> int:
    from straitmap.errors import CoordinateParseError
    from straitmap.export import to_geojson_bytes
    from straitmap.gazetteer import resolve
    from straitmap.overlays import rings_overlay

    radii = [(r, "km") for r in args.radius_km] + [(r, "nmi") for r in args.radius_nmi]
    if not radii:
        return _usage_error("expected at least one --radius-km or --radius-nmi, found none")
    bad = [f"{r:g} {unit}" for r, unit in radii if not 0 < r < float("inf")]
    if bad:
        return _usage_error(f"expected radii > 0, found {', '.join(bad)}")
    if args.points < 3:
        return _usage_error(f"expected --points ≥ 3, found {args.points}")
    layers = _load_layers(args.catalog)
    try:
        centre = resolve(args.point, layers)
    except CoordinateParseError as error:
        return _usage_error(str(error))
    rings = rings_overlay(centre, radii, n=args.points)
    try:
        args.out.write_bytes(to_geojson_bytes(rings))
    except OSError as error:
        return _usage_error(f"cannot write {args.out}: {error.strerror or error}")
    print(f"wrote {len(rings)} ring(s) around {centre.name} to {args.out}")
    return EXIT_OK


# --- strait -------------------------------------------------------------------------------------


def _strait_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--step-km",
        type=float,
        default=10.0,
        metavar="KM",
        help=_("profile spacing in km (default 10)"),
    )
    parser.add_argument(
        "--json", action="store_true", help=_("print the result as JSON (keys in English)")
    )


def _crossing_json(crossing: Any) -> dict[str, Any]:
    return {
        "km": crossing.km,
        "nmi": crossing.nmi,
        "from": _point_json(*crossing.from_point),
        "to": _point_json(*crossing.to_point),
    }


def _run_strait(args: argparse.Namespace) -> int:
    from straitmap.catalog import load_catalog
    from straitmap.io import load_layer
    from straitmap.measure import strait_width

    if not args.step_km > 0:
        message = _("expected --step-km > 0, found {found}").format(found=f"{args.step_km:g}")
        return _usage_error(message, translated=True)
    catalog = load_catalog(args.catalog)
    width = strait_width(
        load_layer("land", catalog=catalog),
        load_layer("strait_limits", catalog=catalog),
        step_km=args.step_km,
    )
    if args.json:
        _print_json(
            {
                "narrowest": _crossing_json(width.narrowest),
                "narrowest_mainland": _crossing_json(width.narrowest_mainland),
                "mean_width_km": width.mean_width_km,
                "axis": {"from": _point_json(*width.axis[0]), "to": _point_json(*width.axis[1])},
                "profile": [
                    {
                        "along_km": station.along_km,
                        "lat": station.lat,
                        "lon": station.lon,
                        "width_km": station.width_km,
                        "taiwan": _point_json(*station.taiwan_point),
                        "opposite": _point_json(*station.opposite_point),
                    }
                    for station in width.profile
                ],
            }
        )
        return EXIT_OK
    lang = current_lang()
    for label, crossing in (
        (_("narrowest (Taiwan to the opposite shore, coastal islands included)"), width.narrowest),
        (_("narrowest to the mainland coast alone"), width.narrowest_mainland),
    ):
        (x1, y1), (x2, y2) = crossing.from_point, crossing.to_point
        length = format_length(crossing.distance.metres, lang, ("km", "nmi"), 3, group=False)
        # TRANSLATORS: {label} is one of the two "narrowest ..." lines, {length} "126.3 km (...)".
        print(_("{label}: {length}").format(label=label, length=length))
        ends = _("  from {taiwan_point} (Taiwan) to {opposite_point}")
        print(ends.format(taiwan_point=f"{y1:.6f}, {x1:.6f}", opposite_point=f"{y2:.6f}, {x2:.6f}"))
    km = unit_label("km", lang)
    mean = f"{format_number(width.mean_width_km, lang, 3, group=False)} {km}"
    print(_("mean width over the profile: {width}").format(width=mean))
    step = f"{args.step_km:g} {km}"
    print(_("profile (every {step} along the strait's axis, north to south):").format(step=step))
    rows = [
        [
            format_number(s.along_km, lang, 1, group=False),
            f"{s.lat:.4f}",
            f"{s.lon:.4f}",
            format_number(s.width_km, lang, 3, group=False),
        ]
        for s in width.profile
    ]
    header = [_("along_km"), _("lat"), _("lon"), _("width_km")]
    _print_table(header, rows)
    return EXIT_OK


# --- incursions and export-map: shared filter options ----------------------------------------


def _filter_arguments(parser: argparse.ArgumentParser) -> None:
    from straitmap.filters import add_filter_arguments

    add_filter_arguments(parser)


def _filter_state(args: argparse.Namespace, catalog: Any, layers: dict[str, Any]) -> Any:
    """The FilterState the flags ask for; FilterError for a value outside its list.

    Values of a dimension without a closed vocabulary are checked against its layer's data:
    the layer is loaded into `layers` when it is not there yet.
    """
    from straitmap.filters import DIMENSIONS, FilterState, vocabularies
    from straitmap.io import load_layer

    state = FilterState.from_arguments(args)
    for declared in DIMENSIONS:
        needs_data = declared.vocabulary is None and state.chosen(declared)
        if needs_data and not any(layer_id in layers for layer_id in declared.layers):
            layers[declared.layers[0]] = load_layer(declared.layers[0], catalog=catalog)
    state.check_vocabularies(vocabularies(layers))
    return state


# --- incursions ---------------------------------------------------------------------------------


def _incursions_arguments(parser: argparse.ArgumentParser) -> None:
    _filter_arguments(parser)
    parser.add_argument(
        "--json", action="store_true", help="print counts, filters and the matching features"
    )


def _run_incursions(args: argparse.Namespace) -> int:
    from straitmap.catalog import load_catalog
    from straitmap.errors import FilterError
    from straitmap.export import to_geojson_bytes
    from straitmap.filters import INCURSION_LAYERS, filter_layer, summarize_incursions
    from straitmap.io import load_layer

    catalog = load_catalog(args.catalog)
    incursions = load_layer("pla_incursions", catalog=catalog)
    try:
        state = _filter_state(args, catalog, {"pla_incursions": incursions})
    except FilterError as error:
        return _usage_error(str(error))
    elsewhere = state.describe() != state.describe(INCURSION_LAYERS)
    if elsewhere:
        print("note: filters of other layers do not change incursion counts", file=sys.stderr)
    points = filter_layer("pla_incursions", incursions, state)
    summary = summarize_incursions(points)
    if args.json:
        features = json.loads(to_geojson_bytes(points))["features"]
        filters = state.to_json(INCURSION_LAYERS)
        _print_json({**summary.to_dict(), "filters": filters, "features": features})
        return EXIT_OK
    print(f"filters                {state.describe(INCURSION_LAYERS) or 'none (every point)'}")
    print(f"count                  {summary.count:,} of {len(incursions):,} points")
    print(f"aircraft               {summary.aircraft:,}")
    print(f"days                   {summary.days:,}")
    print(f"median-line crossings  {summary.median_line_crossings:,} points")
    for title, counts in (
        ("type", summary.by_type),
        ("class", summary.by_class),
        ("zone", summary.by_zone),
    ):
        print()
        _print_table([title, "points"], [[name, f"{n:,}"] for name, n in counts.items()])
    # Aircraft count each figure MND gave for several classes once ("several classes").
    for title, counts in (
        ("class", summary.aircraft_by_class),
        ("zone", summary.aircraft_by_zone),
        ("month", summary.aircraft_by_month),
    ):
        print()
        _print_table([title, "aircraft"], [[name, f"{n:,}"] for name, n in counts.items()])
    return EXIT_OK


# --- export-map ---------------------------------------------------------------------------------


def _export_map_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FILE.html", help="the HTML file to write"
    )
    parser.add_argument(
        "--layers",
        metavar="ID,ID,...",
        help="layers to draw, comma-separated (default: the app's default layers)",
    )
    parser.add_argument(
        "--static-root",
        type=Path,
        metavar="DIR",
        help="folder holding vendor/ (default: the checkout's dashboard/static, see make setup)",
    )
    _filter_arguments(parser)


def _run_export_map(args: argparse.Namespace) -> int:
    from straitmap.catalog import load_catalog
    from straitmap.errors import FilterError
    from straitmap.filters import INCURSION_LAYERS, apply_filters, summarize_incursions
    from straitmap.io import load_layer
    from straitmap.render import build_map
    from straitmap.standalone import DEFAULT_STATIC_ROOT, HIDDEN_BY_DEFAULT, standalone_html

    catalog = load_catalog(args.catalog)
    if args.layers is None:
        wanted = [
            s.id for s in catalog.values() if not s.is_table and s.id not in HIDDEN_BY_DEFAULT
        ]
    else:
        wanted = list(dict.fromkeys(i.strip() for i in args.layers.split(",") if i.strip()))
        if not wanted:
            return _usage_error(f"expected layer ids separated by commas, found {args.layers!r}")
        tables = [i for i in wanted if catalog[i].is_table]  # an unknown id fails here (exit 2)
        if tables:
            return _usage_error(
                f"expected map layers, found table(s) without geometry: {', '.join(tables)}"
            )
    layers = {}
    for layer_id in wanted:
        try:
            layers[layer_id] = load_layer(layer_id, catalog=catalog)
        except StraitmapError as problem:
            if args.layers is not None:
                raise
            print(f"note: layer {layer_id!r} skipped: {problem}", file=sys.stderr)
    try:
        state = _filter_state(args, catalog, dict(layers))
    except FilterError as error:
        return _usage_error(str(error))
    filtered = apply_filters(layers, state)
    lang = current_lang()
    # The page is the map's own screen text: the dashboard's catalog (layer titles included).
    on_map = translator("dashboard", lang).gettext
    folium_map = build_map(
        filtered,
        titles={layer_id: on_map(catalog[layer_id].title) for layer_id in filtered},
        attributions=["Made with Natural Earth"] if {"land", "strait"} & set(filtered) else [],
        static_url=None,
        lang=lang,
    )
    page = standalone_html(
        folium_map,
        args.static_root or DEFAULT_STATIC_ROOT,
        title="straitmap: Taiwan Strait map"
        if lang == "en"
        else on_map("straitmap: the Taiwan Strait"),
        lang=lang,
    )
    try:
        args.out.write_text(page, encoding="utf-8")
    except OSError as error:
        return _usage_error(f"cannot write {args.out}: {error.strerror or error}")
    size = len(page.encode("utf-8"))
    print(f"wrote {args.out} ({size:,} bytes, no outside requests): {', '.join(filtered)}")
    if "pla_incursions" in filtered:
        points = filtered["pla_incursions"]
        words = state.describe(INCURSION_LAYERS) or "no filters"
        print(f"incursion points: {len(points):,} ({words})")
        print(f"aircraft (sorties): {summarize_incursions(points).aircraft:,}")
    return EXIT_OK


# --- features -----------------------------------------------------------------------------------


def _features_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("layer", metavar="LAYER", help="a layer id (see `straitmap layers`)")
    parser.add_argument(
        "--json", action="store_true", help="print the features as RFC 7946 GeoJSON"
    )


def _run_features(args: argparse.Namespace) -> int:
    from straitmap.catalog import load_catalog
    from straitmap.errors import UnknownLayerError
    from straitmap.export import to_geojson_bytes
    from straitmap.io import load_layer

    catalog = load_catalog(args.catalog)
    try:
        spec = catalog[args.layer]
    except UnknownLayerError as error:
        return _usage_error(str(error))
    if spec.is_table:
        return _usage_error(f"{args.layer!r} is a table, not map features: see geodata/")
    frame = load_layer(args.layer, catalog=catalog)
    if args.json:
        print(to_geojson_bytes(frame).decode("utf-8"))
        return EXIT_OK
    columns = [c for c in ("id", "name", "source", "precision") if c in frame.columns]
    rows = [[str(v) for v in row] for row in frame[columns].itertuples(index=False)]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)))
    noun = "feature" if len(frame) == 1 else "features"
    print(f"{len(frame):,} {noun} in {args.layer} ({spec.geometry_label})")
    return EXIT_OK


COMMANDS: Final[dict[str, Command]] = {
    "layers": Command(
        N_("list the bundled layers with geometry type, feature count and licence"),
        _layers_arguments,
        _run_layers,
    ),
    "features": Command(
        N_("print a layer's features (id, name, source, precision), or GeoJSON with --json"),
        _features_arguments,
        _run_features,
    ),
    "validate": Command(
        N_(
            "check a GeoJSON file: what is accepted, repaired and refused "
            "(exit 0 usable, 1 refused/invalid, 2 unreadable)"
        ),
        _validate_arguments,
        _run_validate,
    ),
    "distance": Command(
        N_(
            "geodesic distance and bearings between two places or typed lat,lon points "
            "(exit 1 for an unknown or ambiguous name, 2 for a usage error)"
        ),
        _distance_arguments,
        _run_distance,
    ),
    "nearest": Command(
        N_("the nearest feature of a layer to a place or point, its distance and bearing"),
        _nearest_arguments,
        _run_nearest,
    ),
    "rings": Command(
        N_("geodesic range rings around a place or point, written as GeoJSON"),
        _rings_arguments,
        _run_rings,
    ),
    "strait": Command(
        N_("the Taiwan Strait's narrowest crossings and width profile, from the land layer"),
        _strait_arguments,
        _run_strait,
    ),
    "incursions": Command(
        N_(
            "count the PLA incursion points that match the app's filters: by type, class and zone "
            "(exit 2 for a usage error)"
        ),
        _incursions_arguments,
        _run_incursions,
    ),
    "export-map": Command(
        N_("write the map as one self-contained HTML file that opens with no internet"),
        _export_map_arguments,
        _run_export_map,
    ),
    "route": Command(
        N_(
            "the sea route between two ports or points: length, transit time, the strait "
            "crossing, and the detour with areas closed (exit 1 unknown place or no route, "
            "2 usage)"
        ),
        cli_routes.route_arguments,
        cli_routes.run_route,
    ),
    "briefing": Command(
        N_(
            "briefings: list, check FILE, claims NAME, measure NAME MEASUREMENT, "
            "export NAME --out deck.html (exit 1 for a broken file or figure, 2 usage)"
        ),
        cli_briefings.briefing_arguments,
        cli_briefings.run_briefing,
    ),
    "closure": Command(
        N_(
            "the named routes with the strait, exercise zones or a polygon closed: extra "
            "distance and time for each"
        ),
        cli_routes.closure_arguments,
        cli_routes.run_closure,
    ),
    "ingest": Command(
        N_(
            "convert point files (CSV, GeoJSON, NDJSON, GeoParquet) into a dataset: sorted "
            "GeoParquet, manifest and load report (exit 1 rows refused or nothing usable, 2 usage)"
        ),
        cli_datasets.ingest_arguments,
        cli_datasets.run_ingest,
    ),
    "datasets": Command(
        N_("list the ingested point datasets: rows, refused rows, extent, time range"),
        cli_datasets.datasets_arguments,
        cli_datasets.run_datasets,
    ),
    "query": Command(
        N_(
            "count a point dataset's points by bounds, dates and columns, or their cells with "
            "--cells (exit 1 for an unknown dataset, 2 usage)"
        ),
        cli_points.query_arguments,
        cli_points.run_query,
    ),
    "measure-points": Command(
        N_(
            "exact geodesic distance of a dataset's points to the median line, US installations "
            "or Taiwan's coast, written to a Parquet or CSV file"
        ),
        cli_points.measure_arguments,
        cli_points.run_measure_points,
    ),
}


# --- plumbing -----------------------------------------------------------------------------------


class _VersionAction(argparse.Action):
    """`--version`: the installed version, read only when asked for (importlib.metadata is
    slow to import, and every other command would pay for it)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=_("print the version")
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from straitmap import __version__

        print(f"straitmap {__version__}")
        parser.exit()


def _lang_option(text: str) -> Lang:
    """A --lang value as a `Lang` (zh_TW, zh-Hant, en-US... are understood)."""
    lang = parse_lang(text)
    if lang is None:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(LANGUAGES)}, found {text!r}")
    return lang


def _add_lang_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: accepted before and after the command without one hiding the other; the
    # language itself is read from argv by `chosen_lang` before the parser is built.
    parser.add_argument(
        "--lang",
        type=_lang_option,
        default=argparse.SUPPRESS,
        metavar="LANG",
        help=_(
            "language of the human-readable output: en or zh-TW (default: $STRAITMAP_LANG, "
            "else en); --json output stays English"
        ),
    )


def chosen_lang(argv: Sequence[str], environ: Mapping[str, str]) -> tuple[Lang, str | None]:
    """The language a run asks for, and a note when $STRAITMAP_LANG names none we speak.

    The last ``--lang X`` or ``--lang=X`` (as argparse reads it; an unknown value is then
    refused by argparse), else $STRAITMAP_LANG, else English. The system locale ($LANG) is
    not consulted: the output of scripts does not change with the machine they run on.

    >>> chosen_lang(["--lang", "zh_TW", "strait"], {}), chosen_lang(["strait"], {})
    (('zh-TW', None), ('en', None))
    >>> chosen_lang(["strait"], {"STRAITMAP_LANG": "zh-Hant"})
    ('zh-TW', None)
    """
    asked: str | None = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            asked = argv[index + 1]
        elif arg.startswith("--lang="):
            asked = arg.partition("=")[2]
    if asked is not None:
        return parse_lang(asked) or DEFAULT_LANG, None
    wanted = environ.get(LANG_ENV, "")
    if not wanted.strip():
        return DEFAULT_LANG, None
    lang = parse_lang(wanted)
    if lang is None:
        languages = ", ".join(LANGUAGES)
        return DEFAULT_LANG, f"note: {LANG_ENV}={wanted!r} is not one of {languages}: using en"
    return lang, None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per entry of `COMMANDS`, its help in this
    run's language (`current_lang`)."""
    parser = argparse.ArgumentParser(
        prog="straitmap",
        description=_("Taiwan Strait layers from the command line: list, validate, measure."),
    )
    parser.add_argument("--version", action=_VersionAction)
    _add_lang_option(parser)
    # Shared options live on each subparser: argparse lets subparser defaults override
    # top-level values, so an option on both would silently lose the top-level one.
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--catalog",
        type=Path,
        metavar="PATH",
        help=_("layer catalog to use (default: $STRAITMAP_GEODATA/catalog.toml or geodata/)"),
    )
    _add_lang_option(shared)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        subparser = subparsers.add_parser(
            name, help=_(command.help), description=_(command.help), parents=[shared]
        )
        command.add_arguments(subparser)
        subparser.set_defaults(handler=command.handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors are one `error: ...` line on stderr.

    Human output is in the language of `chosen_lang` (--lang, $STRAITMAP_LANG, English);
    --json output is the same in every language.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang, note = chosen_lang(arguments, os.environ)
    token = _LANG.set(lang)
    try:
        if note is not None:
            print(note, file=sys.stderr)
        return _run(arguments)
    finally:
        _LANG.reset(token)


def _run(arguments: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(protect_points(arguments))
    except SystemExit as exit_request:  # --help, --version, usage errors
        return _exit_code(exit_request.code)
    try:
        code: int = args.handler(args)
    except UnknownLayerError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except FileUnreadableError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except StraitmapError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, without a traceback at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    return code


_PLAIN_NEGATIVE_NUMBER: Final = re.compile(r"-\d+|-\d*\.\d+")


def protect_points(argv: Sequence[str]) -> list[str]:
    """`argv` with typed points that start with a minus ("-11.2,-69.9") kept as values.

    argparse reads any argument that starts with "-" and is not a plain negative number as an
    option, so ``straitmap distance "35.6,-139.4" "-11.2,-69.9"`` would fail. Such a point
    gets a leading space, which argparse reads as a value and the place resolver strips;
    options, plain numbers and names are passed on unchanged.

    >>> protect_points(["distance", "35.6,-139.4", "-11.2,-69.9", "--json"])
    ['distance', '35.6,-139.4', ' -11.2,-69.9', '--json']
    >>> protect_points(["rings", "-33.87,151.21", "--radius-km", "-5"])
    ['rings', ' -33.87,151.21', '--radius-km', '-5']
    """
    from straitmap.coords import looks_like_coordinates

    return [
        f" {arg}"
        if arg.startswith("-")
        and not _PLAIN_NEGATIVE_NUMBER.fullmatch(arg)
        and looks_like_coordinates(arg)
        else arg
        for arg in argv
    ]


def _point_text(text: str) -> str:
    """A place or point argument as typed, without the space `protect_points` may add."""
    return text.strip()


def _exit_code(code: str | int | None) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_INVALID


def _print_json(value: object, stream: TextIO | None = None) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2), file=stream or sys.stdout)


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    """Columns padded to their widest cell, in terminal columns (a CJK character takes two)."""
    widths = [
        max(_display_width(cell) for cell in column) for column in zip(header, *rows, strict=True)
    ]
    for row in [header, ["-" * width for width in widths], *rows]:
        print(
            "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


if __name__ == "__main__":
    sys.exit(main())
