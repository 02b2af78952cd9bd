"""The ``bpfnews`` command (also ``python -m sphinxcontrib_bpfnews``)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.diagnostics import SUBTYPES

if TYPE_CHECKING:
    from collections.abc import Sequence


def _warnings(args: argparse.Namespace) -> int:
    """Print the warning types the extension can emit, one per line."""
    for subtype, meaning in SUBTYPES.items():
        print(f"bpfnews.{subtype}\t{meaning.replace('``', '')}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bpfnews",
        description="Tools for newsletters written with sphinxcontrib-bpfnews.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    warnings = commands.add_parser(
        "warnings",
        help="list the warning types, for suppress_warnings",
        description="List the bpfnews.* warning types and what each means.",
    )
    warnings.set_defaults(handler=_warnings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    return int(handler(args))


if __name__ == "__main__":
    sys.exit(main())
