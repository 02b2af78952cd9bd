"""The ``bpfnews`` command (also ``python -m sphinxcontrib_bpfnews``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.diagnostics import SUBTYPES
from sphinxcontrib_bpfnews.links import classify_link
from sphinxcontrib_bpfnews.subjects import parse_subject

if TYPE_CHECKING:
    from collections.abc import Sequence


def _warnings(args: argparse.Namespace) -> int:
    """Print the warning types the extension can emit, one per line."""
    for subtype, meaning in SUBTYPES.items():
        print(f"bpfnews.{subtype}\t{meaning.replace('``', '')}")
    return 0


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _subject(args: argparse.Namespace) -> int:
    """Print how each subject is read, as JSON (a list when several are given)."""
    parsed = [parse_subject(text).as_json() for text in args.subjects]
    _print_json(parsed[0] if len(parsed) == 1 else parsed)
    return 0


def _link(args: argparse.Namespace) -> int:
    """Print each link's kind, and its message-id or revision where it has one, as JSON."""
    parsed = [classify_link(url).as_json() for url in args.urls]
    _print_json(parsed[0] if len(parsed) == 1 else parsed)
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
    subject = commands.add_parser(
        "subject",
        help="show how a mailing-list subject is read, as JSON",
        description="Show how a patch subject is read: title, subsystem, tree, version, "
        "counter, RFC/RESEND, kind (patch, cover, pull, commit), LLVM revision, other tags "
        "and the list tag, as JSON.",
    )
    subject.add_argument("subjects", nargs="+", metavar="SUBJECT")
    subject.set_defaults(handler=_subject)
    link = commands.add_parser(
        "link",
        help="show what a link points at, as JSON",
        description="Show what a link points at (patchwork patch, cover or series, lore "
        "message or thread, list archive, commit, review, other) and the message-id or "
        "revision it carries, as JSON.",
    )
    link.add_argument("urls", nargs="+", metavar="URL")
    link.set_defaults(handler=_link)
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
