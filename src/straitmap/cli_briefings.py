"""`straitmap briefing`: list, check, measure and export briefings, and their claims table.

Registered in `straitmap.cli.COMMANDS`; heavy modules load only when a subcommand runs.
With ``--lang zh-TW`` the human output of `measure`, `claims` and `export` uses the
briefing's Chinese texts (its ``*_zh`` fields) and Chinese figures; ``--json`` stays English.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from straitmap.i18n import translator

STATIC_ROOT = Path(__file__).resolve().parents[2] / "dashboard" / "static"


def briefing_arguments(parser: argparse.ArgumentParser) -> None:
    """The subcommands of `straitmap briefing`."""
    sub = parser.add_subparsers(dest="briefing_command", metavar="SUBCOMMAND", required=True)
    sub.add_parser("list", help="the bundled briefings (id, title, stops, claims)")
    check = sub.add_parser("check", help="check one briefing file (exit 0 usable, 1 not)")
    check.add_argument("file", type=Path, metavar="FILE")
    claims = sub.add_parser("claims", help="a briefing's claims beside what the project finds")
    claims.add_argument("name", metavar="NAME", nargs="?", default=None)
    claims.add_argument("--json", action="store_true", help="print the table as JSON")
    measure = sub.add_parser("measure", help="one measurement of a briefing, evaluated now")
    measure.add_argument("name", metavar="NAME")
    measure.add_argument("measurement", metavar="MEASUREMENT")
    measure.add_argument("--json", action="store_true", help="print the figure as JSON")
    export = sub.add_parser(
        "export", help="the whole briefing as one self-contained HTML file (works offline)"
    )
    export.add_argument("name", metavar="NAME")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    for child in (check, claims, measure, export):
        child.add_argument(
            "--file",
            dest="briefing_file",
            type=Path,
            default=None,
            help="read the briefing from this file rather than the bundled ones",
        )


def _bundled() -> Any:
    from straitmap.briefings import load_briefings

    return load_briefings()


def _one(args: argparse.Namespace, name: str | None) -> Any:
    """The briefing asked for: --file, else a bundled one by id (the only one when None)."""
    from straitmap.briefings import BriefingError, load_briefing

    if getattr(args, "briefing_file", None) is not None:
        return load_briefing(args.briefing_file)
    found, errors = _bundled()
    if name is None and len(found) == 1:
        return next(iter(found.values()))
    if name not in found:
        raise BriefingError(
            "geodata/briefings",
            "",
            f"unknown briefing {name!r}: expected one of {', '.join(found) or 'none'}"
            + (f" ({len(errors)} bundled file(s) failed to load)" if errors else ""),
        )
    return found[name]


def _data(catalog_path: Path | None) -> tuple[dict[str, Any], dict[str, Any]]:
    from straitmap.catalog import load_catalog
    from straitmap.errors import StraitmapError
    from straitmap.io import load_layer, load_table

    catalog = load_catalog(catalog_path)
    frames: dict[str, Any] = {}
    tables: dict[str, Any] = {}
    for spec in catalog.values():
        try:
            if spec.is_table:
                tables[spec.id] = load_table(spec.id, catalog=catalog)
            else:
                frames[spec.id] = load_layer(spec.id, catalog=catalog)
        except StraitmapError:
            continue
    return frames, tables


def claims_json(briefing: Any, figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims table as `straitmap briefing claims --json` prints it (and the page shows)."""
    rows = []
    for claim in briefing.claims:
        figure = figures.get(claim.measurement) if claim.measurement else None
        rows.append(
            {
                "id": claim.id,
                "claim": claim.claim,
                "figure": claim.figure,
                "finding": claim.finding,
                "measured": figure.to_json() if figure is not None else None,
                "verdict": claim.verdict,
                "sources": [
                    {
                        "title": s.title,
                        "url": s.url,
                        "publisher": s.publisher,
                        "date": s.date.isoformat() if s.date else None,
                        "accessed": s.accessed.isoformat() if s.accessed else None,
                    }
                    for s in claim.sources
                ],
            }
        )
    return rows


def run_briefing(args: argparse.Namespace) -> int:
    """Dispatch `straitmap briefing SUBCOMMAND`."""
    from straitmap import cli

    command = args.briefing_command
    if command == "list":
        found, errors = _bundled()
        cli._print_table(
            ["id", "title", "stops", "claims"],
            [[b.id, b.title, str(len(b.stops)), str(len(b.claims))] for b in found.values()],
        )
        for message in errors.values():
            print(f"error: {message}", file=sys.stderr)
        return cli.EXIT_INVALID if errors else cli.EXIT_OK
    if command == "check":
        from straitmap.briefings import load_briefing

        briefing = load_briefing(args.file)
        print(
            f"{args.file}: usable: {briefing.title!r}, {len(briefing.stops)} stops, "
            f"{len(briefing.measurements)} measurements, {len(briefing.claims)} claims"
        )
        return cli.EXIT_OK
    briefing = _one(args, getattr(args, "name", None))
    from straitmap.briefing_figures import evaluate, evaluate_all
    from straitmap.briefings import language_note, localized

    lang = "en" if getattr(args, "json", False) else cli.current_lang()
    note = language_note(briefing, lang)
    if note is not None:  # a note, not output: stderr keeps stdout the briefing's own text
        print(translator("dashboard", lang).gettext(note), file=sys.stderr)
    frames, tables = _data(args.catalog)
    if command == "measure":
        measurement = briefing.measurements.get(args.measurement)
        if measurement is None:
            return cli._usage_error(
                f"unknown measurement {args.measurement!r} of {briefing.id}: expected one of "
                + ", ".join(briefing.measurements)
            )
        figure = evaluate(briefing, measurement, frames, tables, lang)
        if args.json:
            cli._print_json(figure.to_json())
        else:
            print(cli._("{label}: {text}").format(label=figure.label, text=figure.text))
            print(cli._("reproduce: {command}").format(command=figure.command))
        return cli.EXIT_INVALID if figure.error else cli.EXIT_OK
    if command == "claims":
        rows = claims_json(briefing, evaluate_all(briefing, frames, tables))
        if args.json:
            cli._print_json({"briefing": briefing.id, "claims": rows})
            return cli.EXIT_OK
        shown = localized(briefing, lang)
        figures = evaluate_all(shown, frames, tables, lang) if lang != "en" else None
        gettext = translator("dashboard", lang).gettext
        for row, claim in zip(rows, shown.claims, strict=True):
            measured = row["measured"]
            if figures is not None and claim.measurement:
                measured = figures[claim.measurement].to_json()
            print(
                cli._("“{claim}” ({figure}): {verdict}").format(
                    claim=row["claim"], figure=claim.figure, verdict=gettext(claim.verdict)
                )
            )
            if lang == "zh-TW" and claim.claim_zh:
                print("  " + cli._("(translation) {text}").format(text=claim.claim_zh))
            if lang == "en":
                print(f"  {claim.finding}")
            else:
                from straitmap.briefing_deck import unwrap

                print(f"  {unwrap(claim.finding)}")
            if measured:
                print(
                    "  "
                    + cli._("measured: {text}  [{command}]").format(
                        text=measured["text"], command=measured["command"]
                    )
                )
        return cli.EXIT_OK
    from straitmap.briefing_deck import deck_html
    from straitmap.catalog import load_catalog

    title_in = translator("dashboard", lang).gettext  # the catalog's titles are msgids
    titles = {i: title_in(s.title) for i, s in load_catalog(args.catalog).layers.items()}
    text = deck_html(briefing, frames, tables, STATIC_ROOT, titles=titles, lang=lang)
    args.out.write_text(text, encoding="utf-8")
    print(
        f"wrote {args.out} ({len(text.encode('utf-8')) / 1e6:.1f} MB, {len(briefing.stops)} stops)"
    )
    return cli.EXIT_OK
