"""`straitmap ingest` and `straitmap datasets`: point files ingested once into datasets.

Registered in `straitmap.cli.COMMANDS`; the plumbing (exit codes, JSON printing) is the CLI's.
Heavy modules are imported when a command runs, so `straitmap --help` stays quick.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, TextIO


def ingest_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `straitmap ingest`."""
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="point files: CSV, GeoJSON, NDJSON/GeoJSONSeq or GeoParquet",
    )
    parser.add_argument("--name", required=True, help="the dataset's name (ais-2026-q1)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:8786",
                       help="run the reading on this Dask scheduler (files and the data folder "
                       "must be at the same paths on the workers)")  # fmt: skip
    where.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run the reading on a local Dask cluster of N worker processes",
    )
    parser.add_argument("--lat-column", metavar="NAME", help="the CSV latitude column")
    parser.add_argument("--lon-column", metavar="NAME", help="the CSV longitude column")
    parser.add_argument("--replace", action="store_true", help="replace a dataset of that name")
    parser.add_argument("--json", action="store_true", help="print the manifest as JSON")


def datasets_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `straitmap datasets`."""
    parser.add_argument("--json", action="store_true", help="print the manifests as JSON")


class ProgressBar:
    """A one-line progress bar on a terminal stream, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.stage = ""
        self.shown = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if stage == self.stage and not finished and now - self.shown < 0.1:
            return
        if stage != self.stage and self.stage:
            self.stream.write("\n")
        self.stage, self.shown = stage, now
        share = done / total if total else 1.0
        filled = int(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{stage:<5} [{bar}] {share:6.1%}")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.stage:
            self.stream.write("\n")
            self.stream.flush()


def run_ingest(args: argparse.Namespace) -> int:
    """`straitmap ingest FILE... --name NAME`: exit 0 clean, 1 when rows were refused."""
    from straitmap import cli
    from straitmap.datasets import DatasetError, dataset_dir, ingest

    if args.workers is not None and args.workers < 1:
        return cli._usage_error(f"--workers: expected at least 1, found {args.workers}")
    try:
        dataset_dir(args.name)
    except DatasetError as error:
        return cli._usage_error(f"--name: {error}")
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        manifest = ingest(
            args.files,
            args.name,
            scheduler=args.scheduler,
            workers=args.workers,
            lat_column=args.lat_column,
            lon_column=args.lon_column,
            replace=args.replace,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        cli._print_json({**manifest.to_dict(), "path": str(manifest.path)})
    else:
        _print_manifest(manifest)
        if manifest.rows_refused:
            print(f"refused rows: {manifest.report_path}", file=sys.stderr)
    return cli.EXIT_INVALID if manifest.rows_refused else cli.EXIT_OK


def _print_manifest(manifest: Any) -> None:
    west, south, east, north = manifest.extent
    print(f"dataset   {manifest.name}  {manifest.path}")
    print(
        f"rows      {manifest.rows:,} accepted, {manifest.rows_refused:,} refused, "
        f"{manifest.rows_skipped:,} skipped (no position)"
    )
    print(f"extent    {west:.4f}, {south:.4f}, {east:.4f}, {north:.4f} (W, S, E, N)")
    if manifest.time_range:
        print(f"time      {manifest.time_range[0]} to {manifest.time_range[1]}")
    print(f"columns   {', '.join(f'{k} {v}' for k, v in manifest.columns.items())}")
    print(f"ran on    {manifest.scheduler}")


def run_datasets(args: argparse.Namespace) -> int:
    """`straitmap datasets`: the ingested datasets, their rows, extent and time range."""
    from straitmap import cli
    from straitmap.datasets import datasets_dir, list_datasets

    manifests = list_datasets()
    if args.json:
        cli._print_json([{**m.to_dict(), "path": str(m.path)} for m in manifests])
        return cli.EXIT_OK
    if not manifests:
        print(f"no datasets in {datasets_dir()}; add one with straitmap ingest FILE --name NAME")
        return cli.EXIT_OK
    rows = []
    for m in manifests:
        period = f"{m.time_range[0][:10]} to {m.time_range[1][:10]}" if m.time_range else ""
        rows.append([m.name, f"{m.rows:,}", f"{m.rows_refused:,}",
                     ", ".join(f"{v:.2f}" for v in m.extent), period, m.created])  # fmt: skip
    cli._print_table(["name", "rows", "refused", "extent (W, S, E, N)", "time", "created"], rows)
    print(f"in {datasets_dir()}")
    return cli.EXIT_OK
