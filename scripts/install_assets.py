"""Copy the pinned map assets from node_modules into dashboard/static/vendor (run by make setup)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from straitmap.assets import install_assets, missing_assets

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    parser.add_argument("--static", type=Path, default=ROOT / "dashboard" / "static")
    args = parser.parse_args(argv)
    try:
        written = install_assets(args.node_modules, args.static)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    missing = missing_assets(args.static)
    if missing:
        print(f"error: still missing after install: {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"installed {len(written)} map asset files into {args.static / 'vendor'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
