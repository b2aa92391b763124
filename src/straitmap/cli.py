"""The `straitmap` command line: the library, scriptable (`layers`, `validate`, ...)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

from straitmap import __version__
from straitmap.errors import (
    DataFileError,
    FileUnreadableError,
    StraitmapError,
    UnknownLayerError,
)

__all__ = ["COMMANDS", "EXIT_INVALID", "EXIT_OK", "EXIT_UNREADABLE", "build_parser", "main"]

#: Usable as it stands or with reported repairs.
EXIT_OK: Final = 0
#: Something was refused, the content is invalid, or a layer could not be loaded.
EXIT_INVALID: Final = 1
#: The file cannot be read at all, or the command line is wrong (argparse also exits 2).
EXIT_UNREADABLE: Final = 2

Handler = Callable[[argparse.Namespace], int]


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
    from straitmap.io import load_layer

    catalog = load_catalog(args.catalog)
    rows: list[dict[str, Any]] = []
    for spec in catalog.values():
        count: int | None = None
        error: str | None = None
        try:
            count = len(load_layer(spec.id, catalog=catalog))
        except StraitmapError as problem:
            error = str(problem)
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


COMMANDS: Final[dict[str, Command]] = {
    "layers": Command(
        "list the bundled layers with geometry type, feature count and licence",
        _layers_arguments,
        _run_layers,
    ),
    "validate": Command(
        "check a GeoJSON file: what is accepted, repaired and refused "
        "(exit 0 usable, 1 refused/invalid, 2 unreadable)",
        _validate_arguments,
        _run_validate,
    ),
}


# --- plumbing -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per entry of `COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="straitmap",
        description="Taiwan Strait layers from the command line: list, validate, measure.",
    )
    parser.add_argument("--version", action="version", version=f"straitmap {__version__}")
    # Shared options live on each subparser: argparse lets subparser defaults override
    # top-level values, so an option on both would silently lose the top-level one.
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--catalog",
        type=Path,
        metavar="PATH",
        help="layer catalog to use (default: $STRAITMAP_GEODATA/catalog.toml or geodata/)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        subparser = subparsers.add_parser(
            name, help=command.help, description=command.help, parents=[shared]
        )
        command.add_arguments(subparser)
        subparser.set_defaults(handler=command.handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors are one `error: ...` line on stderr."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
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
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in [header, ["-" * width for width in widths], *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


if __name__ == "__main__":
    sys.exit(main())
