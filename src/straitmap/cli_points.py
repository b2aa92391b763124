"""`straitmap query` and `straitmap measure-points`: point datasets by bounds, dates and columns.

Registered in `straitmap.cli.COMMANDS`; the plumbing (exit codes, JSON printing) is the CLI's.
Heavy modules (DuckDB, pyarrow, the layers) are imported when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from straitmap.points import CellGrid, PointQuery

BBOX_ORDER: Final = "west,south,east,north, longitudes first (e.g. 118,21.5,123,26.5)"
#: Cells listed by the text output (the busiest); --json gives every cell.
CELLS_SHOWN: Final = 20


class UsageError(Exception):
    """A command-line value that cannot be read; the CLI exits 2 with this message."""


def add_filter_arguments(parser: argparse.ArgumentParser, last_day: str = "--to") -> None:
    """NAME and the filters: --bbox, --from, --to (or `last_day`), --where (repeatable)."""
    parser.add_argument(
        "dataset",
        metavar="NAME",
        help="a dataset name in $STRAITMAP_DATA/datasets (default data/ in the checkout), "
        "or a dataset folder",
    )
    parser.add_argument(
        "--bbox",
        metavar="W,S,E,N",
        help=f"only points inside these bounds, edges included: {BBOX_ORDER}; write "
        "--bbox=-10,... when west is negative",
    )
    parser.add_argument(
        "--from", dest="date_from", metavar="DATE", help="only points on or after this day"
    )
    parser.add_argument(
        last_day, dest="date_to", metavar="DATE", help="only points up to this day, included"
    )
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="only points whose categorical column holds VALUE; repeatable (the same column "
        "twice matches either value, different columns must all match)",
    )


def query_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `straitmap query`."""
    add_filter_arguments(parser)
    parser.add_argument(
        "--cells", action="store_true", help="aggregate the points into square cells"
    )
    parser.add_argument(
        "--zoom",
        type=int,
        default=7,
        metavar="Z",
        help="web map zoom whose cell size to use: 360/2**(Z+3) degrees (default 7: 0.35°)",
    )
    parser.add_argument(
        "--by", metavar="COLUMN", help="count each cell's points per value of this column"
    )
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")


def measure_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `straitmap measure-points`."""
    from straitmap.points import MEASURE_TARGETS

    # --to names what to measure to, as the issue spells the command; the last day is --until.
    add_filter_arguments(parser, last_day="--until")
    parser.add_argument(
        "--to",
        dest="measure_to",
        required=True,
        choices=MEASURE_TARGETS,
        help="measure to the median line (signed, + east), the nearest US installation in "
        "Japan, or Taiwan's coast",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="FILE",
        help="write the points with the new columns here (.parquet keeps every column, .csv "
        "all but geometry and bbox)",
    )


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """`W,S,E,N` as four numbers, or a UsageError saying the order and what was found."""
    parts = [part.strip() for part in text.strip().split(",")]
    try:
        values = [float(part) for part in parts]
    except ValueError:
        raise UsageError(f"--bbox: expected {BBOX_ORDER}; found {text!r}") from None
    if len(values) != 4:
        raise UsageError(
            f"--bbox: expected 4 numbers {BBOX_ORDER}; found {len(values)} in {text!r}"
        )
    return values[0], values[1], values[2], values[3]


def parse_where(texts: list[str]) -> tuple[tuple[str, str], ...]:
    """`COLUMN=VALUE` texts as (column, value) pairs."""
    pairs = []
    for text in texts:
        column, equals, value = text.partition("=")
        if not equals or not column.strip():
            raise UsageError(f"--where: expected COLUMN=VALUE, found {text!r}")
        pairs.append((column.strip(), value))
    return tuple(pairs)


def point_query(args: argparse.Namespace) -> PointQuery:
    """The filters of the command line as a `PointQuery` (UsageError when unreadable)."""
    from straitmap.dates import parse_date
    from straitmap.errors import DateParseError, PointQueryError
    from straitmap.points import PointQuery

    try:
        date_from = parse_date(args.date_from) if args.date_from else None
        date_to = parse_date(args.date_to) if args.date_to else None
    except DateParseError as error:
        raise UsageError(f"dates: {error}") from None
    bounds = parse_bbox(args.bbox) if args.bbox is not None else None
    try:
        return PointQuery(
            bounds=bounds, date_from=date_from, date_to=date_to, where=parse_where(args.where)
        )
    except PointQueryError as error:
        option = "--bbox" if bounds is not None and "bounds" in str(error) else "dates"
        raise UsageError(f"{option}: {error}") from None


def _query_json(query: PointQuery) -> dict[str, Any]:
    return {
        "bbox": list(query.bounds) if query.bounds is not None else None,
        "from": query.date_from.isoformat() if query.date_from else None,
        "to": query.date_to.isoformat() if query.date_to else None,
        "where": [[column, value] for column, value in query.where],
    }


def _describe(query: PointQuery) -> str:
    parts = []
    if query.bounds is not None:
        parts.append("bbox " + ",".join(f"{v:g}" for v in query.bounds))
    if query.date_from or query.date_to:
        parts.append(f"{query.date_from or '…'} to {query.date_to or '…'}")
    parts.extend(f"{column}={value}" for column, value in query.where)
    return "; ".join(parts) or "no filter"


def run_query(args: argparse.Namespace) -> int:
    """`straitmap query NAME ...`: how many points match, and their cells with --cells."""
    from straitmap import cli
    from straitmap import points as sp
    from straitmap.errors import PointQueryError

    try:
        query = point_query(args)
        path = sp.resolve_dataset(args.dataset)
        if args.cells:
            sp.cell_size_deg(args.zoom)  # a bad zoom is a usage error, before any reading
            grid = sp.cells(path, query, args.zoom, by=args.by)
            matching = grid.count
        else:
            grid = None
            matching = sp.count(path, query)
    except UsageError as error:
        return cli._usage_error(str(error))
    except PointQueryError as error:
        return cli._usage_error(str(error))
    if args.json:
        answer: dict[str, Any] = {
            "dataset": args.dataset,
            "file": str(path.resolve()),
            "query": _query_json(query),
            "count": matching,
        }
        if grid is not None:
            answer.update(grid.to_json())
        cli._print_json(answer)
        return cli.EXIT_OK
    noun = "point matches" if matching == 1 else "points match"
    print(f"{args.dataset}: {matching:,} {noun} ({_describe(query)})")
    if grid is not None:
        _print_cells(grid)
    return cli.EXIT_OK


def _print_cells(grid: CellGrid) -> None:
    from straitmap import cli

    by = f", by {grid.by}" if grid.by else ""
    print(
        f"{len(grid.cells):,} cells at zoom {grid.zoom} ({grid.size_deg}° square{by}); "
        f"the busiest {min(CELLS_SHOWN, len(grid.cells))}:"
    )
    busiest = sorted(grid.cells, key=lambda cell: (-cell.count, cell.row, cell.column))
    rows = [
        [
            *(_degrees(v) for v in (cell.west, cell.south, cell.east, cell.north)),
            f"{cell.count:,}",
            ", ".join(f"{value} {n:,}" for value, n in cell.by_category.items()),
        ]
        for cell in busiest[:CELLS_SHOWN]
    ]
    cli._print_table(["west", "south", "east", "north", "count", grid.by or ""], rows)
    if len(grid.cells) > CELLS_SHOWN:
        print(f"... and {len(grid.cells) - CELLS_SHOWN:,} more (--json lists every cell)")


def _degrees(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def run_measure_points(args: argparse.Namespace) -> int:
    """`straitmap measure-points NAME --to TARGET --out FILE`: exact distances, written."""
    from straitmap import cli
    from straitmap import points as sp
    from straitmap.catalog import load_catalog
    from straitmap.errors import PointQueryError

    try:
        query = point_query(args)
        path = sp.resolve_dataset(args.dataset)
        catalog = load_catalog(args.catalog) if args.catalog is not None else None
        summary = sp.measure_points(path, args.measure_to, args.out, query=query, catalog=catalog)
    except UsageError as error:
        return cli._usage_error(str(error))
    except PointQueryError as error:
        return cli._usage_error(str(error))
    print(f"{summary.out}: {summary.rows:,} points with {', '.join(summary.added)}")
    return cli.EXIT_OK
