"""The ``bpfnews`` command (also ``python -m sphinxcontrib_bpfnews``)."""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.cli import check, installed, send, series
from sphinxcontrib_bpfnews.cli.importer import convert_issue
from sphinxcontrib_bpfnews.cli.scaffold import ScaffoldError, init_site, new_issue
from sphinxcontrib_bpfnews.core.links import DEFAULT_ARCHIVE_URL, classify_link
from sphinxcontrib_bpfnews.core.subjects import parse_subject
from sphinxcontrib_bpfnews.extension.diagnostics import SUBTYPES

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


def _import(args: argparse.Namespace) -> int:
    """Convert each source issue; report on stderr; with --check, fail on leftovers."""
    output = Path(args.output)
    failed = False
    for source in map(Path, args.sources):
        target = output / source.name
        if target.resolve() == source.resolve():
            print(f"bpfnews import: {source} would overwrite itself; use -o", file=sys.stderr)
            return 2
        if target.exists() and not args.force:
            print(f"bpfnews import: {target} exists; use --force to replace it", file=sys.stderr)
            return 2
        text, report = convert_issue(source.read_text(encoding="utf-8"), str(source))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(report.summary(), file=sys.stderr)
        failed = failed or bool(report.unconverted)
    return 1 if args.check and failed else 0


def _init(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    name = args.name or directory.resolve().name.replace("-", " ").title()
    requirement = installed.requirement()
    try:
        written = init_site(directory, name, args.author, datetime.date.today(), requirement)
    except ScaffoldError as error:
        print(f"bpfnews init: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    if requirement.problem:
        print(f"bpfnews init: requirements.txt: {requirement.problem}", file=sys.stderr)
    return 0


def _issues_dir(site: Path) -> Path:
    """Where ``site`` keeps its issues: the folder of its first ``bpfnews_issues`` pattern."""
    try:
        conf = (site / "conf.py").read_text(encoding="utf-8")
    except OSError:
        conf = ""
    match = re.search(r"bpfnews_issues\s*=\s*\[?\s*['\"]([^'\"*?\[]+)/", conf)
    return site / (match.group(1) if match else "issues")


def _new(args: argparse.Namespace) -> int:
    site = Path(args.site)
    try:
        path = new_issue(_issues_dir(site), datetime.date.today(), args.number, args.date)
    except ScaffoldError as error:
        print(f"bpfnews new: {error}", file=sys.stderr)
        return 2
    print(path)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Print each warning of the named issues on stdout, a summary on stderr."""
    overrides = {}
    for setting in args.define:
        name, sep, value = setting.partition("=")
        if not sep or not name:
            print(f"bpfnews check: -D {setting}: write -D name=value", file=sys.stderr)
            return 2
        overrides[name] = value
    try:
        report = check.check(args.issues, args.conf, args.cache, overrides)
    except check.CheckError as error:
        print(f"bpfnews check: {error}", file=sys.stderr)
        return 2
    for line in report.general:
        print(line, file=sys.stderr)
    for _, line in report.warnings:
        print(line)
    print(f"bpfnews check: {report.summary()}", file=sys.stderr)
    return 1 if report.warnings else 0


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
    importer = commands.add_parser(
        "import",
        help="convert plain-Markdown issues into pages that use the directives",
        description="Convert issues written in plain Markdown (highlights list, talk "
        "headings, 'Author, [SUBJECT](URL)' patch lists) into MyST pages that use the "
        "directives. Everything not recognised is kept as written. A summary per file "
        "goes to stderr.",
    )
    importer.add_argument("sources", nargs="+", metavar="SRC")
    importer.add_argument(
        "-o",
        "--output",
        default=".",
        metavar="DIR",
        help="where the converted pages go (default: here)",
    )
    importer.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if an entry of a recognised section was not converted",
    )
    importer.add_argument("--force", action="store_true", help="replace existing files")
    importer.set_defaults(handler=_import)
    init = commands.add_parser(
        "init",
        help="start a newsletter site",
        description="Write a ready newsletter site: conf.py, an index, a first issue, "
        ".readthedocs.yaml, requirements.txt and a README for its authors.",
    )
    init.add_argument("directory", metavar="DIR")
    init.add_argument("--name", default="", help="the newsletter's name (default: from DIR)")
    init.add_argument("--author", default="The editors", help="who writes it")
    init.set_defaults(handler=_init)
    new = commands.add_parser(
        "new",
        help="start the next issue",
        description="Add the next issue to a site: the last number + 1, today's date, a "
        "skeleton with an example of each directive. Never overwrites a file.",
    )
    new.add_argument("--date", help="the issue's date, YYYY-MM-DD (default: today)")
    new.add_argument("--number", type=int, help="the issue's number (default: last + 1)")
    new.add_argument("--site", default=".", help="the site's folder (default: here)")
    new.set_defaults(handler=_new)
    add_series_parser(commands)
    send.add_parser(commands)
    add_check_parser(commands)
    return parser


def add_check_parser(commands: Any) -> None:
    """``bpfnews check``: its options, documented in docs/checking.md."""
    checker = commands.add_parser(
        "check",
        help="print the warnings of some issues without building the site",
        description="Read the project with Sphinx, writing nothing, and print every "
        "warning located in the named issue files (every issue when none is named) as "
        "sphinx-build prints it, one per line on stdout, and a summary on stderr. Read "
        "pages are kept in a cache, so a second check reads only what changed; the named "
        "issues are always read again. Exit status: 0 when there is no warning, 1 when "
        "there is one, 2 when the project or a named file cannot be checked.",
    )
    checker.add_argument(
        "issues",
        nargs="*",
        metavar="ISSUE",
        help="an issue's file, as the shell names it (issues/issue-12.md)",
    )
    checker.add_argument(
        "-c",
        "--conf",
        metavar="DIR",
        help="the folder holding conf.py, or the file (default: the nearest folder holding "
        "one, upwards from the issues' folder, or from here when none is named)",
    )
    checker.add_argument(
        "--cache",
        metavar="DIR",
        help=f"where read pages are kept (default: {check.DEFAULT_CACHE.as_posix()} "
        "beside conf.py)",
    )
    checker.add_argument(
        "-D",
        dest="define",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting of conf.py, as sphinx-build -D does",
    )
    checker.set_defaults(handler=_check)


def add_series_parser(commands: Any) -> None:
    """``bpfnews series``: its options, documented in docs/mail.md."""
    mail = commands.add_parser(
        "series",
        help="read patch mail and print patch-series directives",
        description="Read patch mail (mbox or mboxrd, gzipped too; a single message; a "
        "maildir; a folder of git format-patch files; a saved patchwork API series or "
        "patch; the address of a lore thread or a patchwork series, fetched) and print "
        "one patch-series directive per series, ready to paste into an issue. Earlier "
        "revisions are linked from the newest; review trailers from the patches and "
        "their replies become :reviewed-by:, :acked-by: and :tested-by:. Exit status: 0 "
        "when a series came out, 1 when none did, 2 on usage errors and unreadable sources.",
    )
    mail.add_argument("sources", nargs="+", metavar="SOURCE")
    mail.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    form = mail.add_mutually_exclusive_group()
    form.add_argument("--rst", action="store_true", help="write reStructuredText directives")
    form.add_argument(
        "--json", action="store_true", help="print the series as JSON (the export's objects)"
    )
    mail.add_argument(
        "--archive",
        metavar="TEMPLATE",
        help="a message's address, {msgid} standing for its Message-ID (default: "
        f"{series.ARCHIVE_SETTING} of conf.py, else {DEFAULT_ARCHIVE_URL})",
    )
    mail.add_argument(
        "--conf",
        default="conf.py",
        metavar="FILE",
        help=f"the conf.py whose {series.ARCHIVE_SETTING} to use (default: conf.py here)",
    )
    mail.add_argument("--since", metavar="DATE", help="only series sent on or after DATE")
    mail.add_argument("--until", metavar="DATE", help="only series sent on or before DATE")
    mail.add_argument("--list", metavar="NAME", help="only series sent to the list NAME")
    mail.add_argument("--tree", metavar="NAME", help="only series for the tree NAME")
    mail.add_argument(
        "--sort",
        choices=("date", "tree"),
        default="date",
        help="order: by date (default), or by tree then date",
    )
    mail.set_defaults(handler=series.run)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    return int(handler(args))
