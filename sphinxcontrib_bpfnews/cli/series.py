"""``bpfnews series``: patch mail in, ``patch-series`` directives out.

Reading and grouping are :mod:`~sphinxcontrib_bpfnews.core.mail_sources` and
:mod:`~sphinxcontrib_bpfnews.core.threads`; the text is written by
:mod:`~sphinxcontrib_bpfnews.core.directive_text`. What is left here is what the
command adds: archive addresses, the filters and the order, and the JSON view,
which is the export's series object (:func:`~sphinxcontrib_bpfnews.core.records.series_object`)
with what only mail knows beside it.
"""

from __future__ import annotations

import ast
import datetime
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from sphinxcontrib_bpfnews.cli import fetch
from sphinxcontrib_bpfnews.core.directive_text import (
    EntryText,
    Markup,
    NoteMarkup,
    earlier_line,
    pull_line,
    series_text,
)
from sphinxcontrib_bpfnews.core.links import DEFAULT_ARCHIVE_URL
from sphinxcontrib_bpfnews.core.mail import MailSourceError, ReadResult
from sphinxcontrib_bpfnews.core.mail_sources import read_source
from sphinxcontrib_bpfnews.core.records import PatchRecord, SeriesRecord, series_object
from sphinxcontrib_bpfnews.core.revisions import title_key
from sphinxcontrib_bpfnews.core.subjects import KNOWN_TREES
from sphinxcontrib_bpfnews.core.threads import MailSeries, group_series

if TYPE_CHECKING:
    import argparse

    from sphinxcontrib_bpfnews.core.mail import MailMessage

PROGRAM = "bpfnews series"
#: The setting of ``conf.py`` that gives the archive address template.
ARCHIVE_SETTING = "bpfnews_archive_url"
#: Characters a Message-ID keeps in an address; ``/``, ``?``, ``#`` and ``%`` are encoded.
_MSGID_SAFE = "!$&'()*+,;=:@"


class UsageError(Exception):
    """A mistake in the command line: a one-line reason, exit status 2."""


@dataclass(frozen=True)
class Settings:
    archive: str = DEFAULT_ARCHIVE_URL
    markup: Markup = "myst"
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    mailing_list: str = ""
    tree: str = ""
    sort: str = "date"


def archive_url(template: str, msgid: str) -> str:
    """The archive address of a message: ``{msgid}`` in ``template`` replaced by the
    Message-ID, percent-encoded, without angle brackets; "" when there is no id."""
    return template.replace("{msgid}", quote(msgid, safe=_MSGID_SAFE)) if msgid else ""


def conf_archive_url(conf: Path) -> str | None:
    """``bpfnews_archive_url`` of a ``conf.py``, read without running it: only a
    plain string assigned at the top level counts."""
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"), str(conf))
    except (OSError, SyntaxError, ValueError):
        return None
    value = None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == ARCHIVE_SETTING for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            value = node.value.value
    return value


def parse_date(text: str, *, end: bool = False) -> datetime.datetime:
    """A ``--since``/``--until`` value: a date (the whole day counts) or a date and
    time (UTC unless it says otherwise). With ``end``, the first moment after it."""
    try:
        if len(text.strip()) == 10:
            day = datetime.date.fromisoformat(text.strip())
            moment = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
            return moment + datetime.timedelta(days=1) if end else moment
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{text!r} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
    # The bound is exclusive: the moment itself is still in.
    return moment + datetime.timedelta(microseconds=1) if end else moment


def read_sources(sources: list[str]) -> tuple[list[MailMessage], list[str]]:
    """Every message of every source, and the reasons for what was skipped."""
    messages: list[MailMessage] = []
    problems: list[str] = []
    for source in sources:
        try:
            found = _read(source)
        except MailSourceError as error:
            raise UsageError(f"{source}: {error}") from None
        messages += found.messages
        problems += found.problems
    return messages, problems


def _read(source: str) -> ReadResult:
    if fetch.is_remote(source):
        try:
            return read_source(fetch.fetch(source))
        except fetch.FetchError as error:
            raise MailSourceError(str(error)) from None
    return read_source(source)


class Writer:
    """Turns grouped series into entries, with addresses made by one template."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def link(self, message: MailMessage) -> str:
        return message.url or archive_url(self.settings.archive, message.msgid)

    def notes(self, series: MailSeries, markup: NoteMarkup) -> list[str]:
        notes = []
        if series.pull:
            notes.append(pull_line(series.pull.repository, series.pull.ref, markup))
        if series.earlier:
            revisions = [(f"v{old.version}", self.link(old.head)) for old in series.earlier]
            notes.append(earlier_line(revisions, markup))
        return notes

    def entry(self, series: MailSeries) -> EntryText:
        return EntryText(
            subject=series.head.subject,
            author=series.head.author,
            url=self.link(series.head),
            review=series.review(),
            patches=[(p.message.subject, self.link(p.message)) for p in series.patches],
            notes=self.notes(series, self.settings.markup),
            change_id=series.head.change_id,
        )

    def text(self, found: list[MailSeries]) -> str:
        return "\n".join(series_text(self.entry(s), self.settings.markup) for s in found)

    def json(self, series: MailSeries) -> dict[str, Any]:
        """The export's series object, and what only the mail knows: review names per
        patch, date, version, earlier revisions, pull request."""
        notes = " ".join(self.notes(series, "text"))
        record = SeriesRecord(
            subject=series.head.subject,
            url=self.link(series.head),
            line=None,
            title=series.subject.title,
            tree=tree_of(series),
            subsystem=series.subject.subsystem,
            docname="",
            anchor="",
            name="",
            author=series.head.author,
            patches=[
                PatchRecord(subject=p.message.subject, url=self.link(p.message), line=None)
                for p in series.patches
            ],
            notes=notes,
            list=series.subject.list_tag or next(iter(series.head.lists), ""),
            review=series.review(),
            version=series.version,
            key=title_key(series.subject.title),
            change_id=series.head.change_id,
            earlier=[old.head.msgid for old in series.earlier if old.head.msgid],
        )
        data = series_object(record)
        for shown, patch in zip(data["patches"], series.patches, strict=True):
            shown["review"] = {
                kind: list(dict.fromkeys(t.name for t in patch.trailers if t.kind == kind))
                for kind in data["review"]
            }
        data["date"] = series.date.isoformat() if series.date else None
        data["version"] = series.version
        data["earlier"] = [
            {"version": old.version, "subject": old.head.subject, "url": self.link(old.head)}
            for old in series.earlier
        ]
        data["pull"] = (
            {"repository": series.pull.repository, "ref": series.pull.ref} if series.pull else None
        )
        return data


def selected(found: list[MailSeries], settings: Settings) -> list[MailSeries]:
    """The series the filters let through, in the order asked for."""
    chosen = []
    for series in found:
        date = series.date
        if settings.since and (date is None or date < settings.since):
            continue
        if settings.until and (date is None or date >= settings.until):
            continue
        if settings.tree and settings.tree.lower() not in _trees(series):
            continue
        if settings.mailing_list and not _on_list(series, settings):
            continue
        chosen.append(series)
    if settings.sort == "tree":
        chosen.sort(key=lambda s: (not tree_of(s), tree_of(s)))
    return chosen


def tree_of(series: MailSeries) -> str:
    """The series' tree: its subject's, or for a pull request the tree its title
    starts with (``[GIT PULL] bpf-next 2024-01-19``)."""
    subject = series.subject
    if subject.tree:
        return subject.tree
    first = subject.title.split(" ", 1)[0].lower()
    return first if subject.kind == "pull" and first in KNOWN_TREES else ""


def _trees(series: MailSeries) -> set[str]:
    found = {patch.subject.tree for patch in series.patches if patch.subject.tree}
    return found | ({tree_of(series)} - {""})


def _on_list(series: MailSeries, settings: Settings) -> bool:
    """True when a message of the series names the list: its subject's list tag, its
    ``List-Id``/``X-Mailing-List`` headers, or the list in its archive address."""
    wanted = settings.mailing_list.casefold()
    if (series.subject.list_tag or "").casefold() == wanted:
        return True
    for message in series.messages():
        if wanted in message.lists:
            return True
        url = message.url or archive_url(settings.archive, message.msgid)
        segments = [part for part in urlsplit(url).path.split("/") if part]
        if segments and segments[0].casefold() == wanted:
            return True
    return False


def settings_from(args: argparse.Namespace) -> Settings:
    archive = args.archive
    if archive is None:
        conf = Path(args.conf)
        archive = (conf_archive_url(conf) if conf.is_file() else None) or DEFAULT_ARCHIVE_URL
    if "{msgid}" not in archive:
        raise UsageError(f"the archive template {archive!r} has no {{msgid}}")
    return Settings(
        archive=archive,
        markup="rst" if args.rst else "myst",
        since=parse_date(args.since) if args.since else None,
        until=parse_date(args.until, end=True) if args.until else None,
        mailing_list=args.list or "",
        tree=args.tree or "",
        sort=args.sort,
    )


def run(args: argparse.Namespace) -> int:
    """The command: 0 when at least one series came out, 1 when none, 2 on usage
    errors and unreadable sources. Reasons go to stderr, one line each."""
    try:
        settings = settings_from(args)
        messages, problems = read_sources(args.sources)
    except UsageError as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"{PROGRAM}: {problem}", file=sys.stderr)
    found = selected(group_series(messages), settings)
    writer = Writer(settings)
    if args.json:
        import json

        text = json.dumps([writer.json(s) for s in found], indent=2, ensure_ascii=False) + "\n"
    else:
        text = writer.text(found)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"{PROGRAM}: {args.output}: {error.strerror or error}", file=sys.stderr)
            return 2
    elif found or args.json:
        sys.stdout.write(text)
    if not found:
        print(f"{PROGRAM}: no patch series found in {len(messages)} messages", file=sys.stderr)
        return 1
    return 0
