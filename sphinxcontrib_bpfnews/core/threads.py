"""Grouping mail into patch series: threads, cover letters, replies, revisions.

The rules are those of the lists' own tools (patchwork, b4), read from their
documented behaviour: a cover letter (``0/N``) is the series and the numbered
patches in its thread are its children, in counter order; a patch with no cover
above it heads its own series (a single patch, or ``1/N`` of a series sent without
a cover); a reply (``Re:``) is never a patch, but the review trailers it gives
(``Reviewed-by:``, ``Acked-by:``, ``Tested-by:``) count for the message it answers,
and for the whole series when it answers the cover letter. Several versions of one
series (the same title after the tags, or the same ``change-id:``) are one family:
the newest is the entry and the others are its earlier revisions. Patches sent
without thread headers are gathered as patchwork gathers them: the same sender,
version, total and tree, within twenty minutes. A partial
re-roll (``[PATCH v3 2/2]`` alone, sent into the v2 thread) joins the v3 series it
completes, or stands as the v3 of that family when nothing else of v3 came.

Everything is done with dictionaries keyed by Message-ID and by family, in one pass
over the messages each, so a week of a busy list groups in well under a second.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sphinxcontrib_bpfnews.core.mail import TRAILERS, MailMessage, PullRequest, Trailer
from sphinxcontrib_bpfnews.core.revisions import title_key
from sphinxcontrib_bpfnews.core.subjects import Subject, parse_subject

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

Role = Literal["cover", "pull", "patch", "reply", "other"]

#: A subject that announces a patch even when no diff was found in the body.
_PATCH_TAG = re.compile(r"\[[^\]]*\b(?:PATCH|RFC)", re.IGNORECASE)
_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
#: How far apart the patches of a series sent without thread headers may be.
UNTHREADED_WINDOW = datetime.timedelta(minutes=20)


@dataclass
class SeriesPatch:
    """One child patch and the review trailers given to it (its own and replies')."""

    message: MailMessage
    subject: Subject
    trailers: list[Trailer] = field(default_factory=list)


@dataclass
class MailSeries:
    """A series as found in the mail: its head (cover letter, pull request, or the
    first patch), child patches, trailers given to the whole series, its family key
    and version, and the earlier revisions of the same family found beside it."""

    head: MailMessage
    subject: Subject
    family: str
    version: int
    patches: list[SeriesPatch] = field(default_factory=list)
    trailers: list[Trailer] = field(default_factory=list)
    earlier: list[MailSeries] = field(default_factory=list)

    @property
    def date(self) -> datetime.datetime | None:
        return self.head.date

    @property
    def pull(self) -> PullRequest | None:
        return self.head.pull

    def messages(self) -> list[MailMessage]:
        return [self.head, *(patch.message for patch in self.patches)]

    def review(self) -> dict[str, list[str]]:
        """The names under each trailer, across the series (cover letter first, then
        the patches in order), each name once: what the entry credits."""
        found: dict[str, dict[str, None]] = {kind: {} for kind in TRAILERS}
        for trailer in [*self.trailers, *(t for p in self.patches for t in p.trailers)]:
            found[trailer.kind].setdefault(trailer.name)
        return {kind: list(names) for kind, names in found.items()}


def role_of(message: MailMessage, subject: Subject) -> Role:
    """What the message is in a thread."""
    if subject.reply:
        return "reply"
    if subject.kind == "cover":
        return "cover"
    if subject.kind == "pull" or (message.pull and not message.has_diff):
        return "pull"
    if message.has_diff or subject.index is not None or _PATCH_TAG.match(subject.raw):
        return "patch"
    return "other"


def family_key(message: MailMessage, subject: Subject) -> str:
    """What the revisions of one series share: b4's ``change-id:`` when the cover
    letter has one, otherwise the title after the tags."""
    if message.change_id:
        return f"change-id:{message.change_id}"
    return "title:" + title_key(subject.title)


class _Grouper:
    def __init__(self, messages: Iterable[MailMessage]) -> None:
        self.messages: list[MailMessage] = []
        self.by_id: dict[str, MailMessage] = {}
        for message in messages:
            if message.msgid:
                if message.msgid in self.by_id:
                    continue  # the same message from two sources
                self.by_id[message.msgid] = message
            self.messages.append(message)
        self.subjects = {id(m): parse_subject(m.subject) for m in self.messages}
        self.roles = {id(m): role_of(m, self.subjects[id(m)]) for m in self.messages}
        self.series_of: dict[int, MailSeries] = {}  # head message -> its series
        self.member: dict[int, SeriesPatch | MailSeries] = {}
        self.by_family: dict[tuple[str, int], MailSeries] = {}
        #: Series headed by a numbered patch with no thread headers, by sender,
        #: version, total and tree: where the rest of such a series goes.
        self.unthreaded: dict[tuple[str, int | None, int | None, str], list[MailSeries]] = {}

    def parent(self, message: MailMessage) -> MailMessage | None:
        """The nearest message of the sources this one answers."""
        for msgid in (message.in_reply_to, *reversed(message.references)):
            found = self.by_id.get(msgid) if msgid else None
            if found is not None and found is not message:
                return found
        return None

    def ancestors(self, message: MailMessage) -> Iterator[MailMessage]:
        """The messages above this one, nearest first, each once (headers can loop)."""
        seen = {id(message)}
        current = self.parent(message)
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            yield current
            current = self.parent(current)

    def new_series(self, head: MailMessage, family: str | None = None) -> MailSeries:
        subject = self.subjects[id(head)]
        series = MailSeries(
            head,
            subject,
            family or family_key(head, subject),
            subject.version or 1,
            trailers=list(head.trailers),
        )
        self.series_of[id(head)] = series
        self.member[id(head)] = series
        self.by_family.setdefault((series.family, series.version), series)
        return series

    def group(self) -> list[MailSeries]:
        ordered = sorted(self.messages, key=_by_date)
        for message in ordered:
            if self.roles[id(message)] in ("cover", "pull"):
                series = self.new_series(message)
                if series.subject.total and series.subject.total > 1:
                    self.unthreaded.setdefault(self.unthreaded_key(message), []).append(series)
        patches = [m for m in ordered if self.roles[id(m)] == "patch"]
        # Counter order, so a 1/N heads its series before 2/N looks for it.
        patches.sort(key=lambda m: (self.subjects[id(m)].index or 0, _by_date(m)))
        for message in patches:
            self.place_patch(message)
        for message in ordered:
            if self.roles[id(message)] in ("reply", "other"):
                self.place_reply(message)
        return self.revisions()

    def place_patch(self, message: MailMessage) -> None:
        subject = self.subjects[id(message)]
        ancestors = list(self.ancestors(message))
        head = next((a for a in ancestors if self.roles[id(a)] in ("cover", "pull")), None)
        if head is None:
            placed = [a for a in ancestors if id(a) in self.series_of]
            head = placed[-1] if placed else None
        if head is None and not ancestors and (unthreaded := self.unthreaded_series(message)):
            self.add_patch(unthreaded, message, subject)
            return
        if head is None:
            series = self.new_series(message)
            if subject.total and subject.total > 1 and not ancestors:
                self.unthreaded.setdefault(self.unthreaded_key(message), []).append(series)
            return
        series = self.series_of[id(head)]
        if subject.version is not None and subject.version != series.version:
            # A re-roll sent into another version's thread joins its own version.
            series = self.by_family.get((series.family, subject.version)) or self.new_series(
                message, series.family
            )
            if series.head is message:
                return
        self.add_patch(series, message, subject)

    def unthreaded_key(self, message: MailMessage) -> tuple[str, int | None, int | None, str]:
        subject = self.subjects[id(message)]
        return (message.address.lower(), subject.version, subject.total, subject.tree or "")

    def unthreaded_series(self, message: MailMessage) -> MailSeries | None:
        """For a numbered patch sent without thread headers, the series it belongs to:
        headed by a patch of the same sender, version, total and tree sent within
        :data:`UNTHREADED_WINDOW` (patchwork's rule for such mail)."""
        subject = self.subjects[id(message)]
        if not (subject.total and subject.total > 1 and message.address and message.date):
            return None
        for series in self.unthreaded.get(self.unthreaded_key(message), []):
            date = series.head.date
            taken = {patch.subject.index for patch in series.patches} | {series.subject.index}
            if (
                date
                and abs(date - message.date) <= UNTHREADED_WINDOW
                and subject.index not in taken
            ):
                return series
        return None

    def add_patch(self, series: MailSeries, message: MailMessage, subject: Subject) -> None:
        patch = SeriesPatch(message, subject, list(message.trailers))
        self.member[id(message)] = patch
        if subject.index is not None:
            for position, other in enumerate(series.patches):
                if other.subject.index == subject.index:
                    # A resent patch replaces the one it repeats.
                    series.patches[position] = patch
                    return
        series.patches.append(patch)
        series.patches.sort(key=lambda p: (p.subject.index is None, p.subject.index or 0))

    def place_reply(self, message: MailMessage) -> None:
        if not message.trailers:
            return
        for ancestor in self.ancestors(message):
            target = self.member.get(id(ancestor))
            if target is not None:
                target.trailers.extend(message.trailers)
                return

    def revisions(self) -> list[MailSeries]:
        """The newest series of each family, the others as its earlier revisions."""
        families: dict[str, list[MailSeries]] = {}
        for series in self.series_of.values():
            families.setdefault(series.family, []).append(series)
        newest = []
        for members in families.values():
            members.sort(key=lambda s: (s.version, _by_date(s.head)))
            latest = members[-1]
            latest.earlier = members[-2::-1]
            newest.append(latest)
        newest.sort(key=lambda s: _by_date(s.head))
        return newest


def _by_date(message: MailMessage) -> datetime.datetime:
    return message.date or _EARLIEST


def group_series(messages: Iterable[MailMessage]) -> list[MailSeries]:
    """The series found in ``messages``, newest revision of each, oldest first."""
    return _Grouper(messages).group()
