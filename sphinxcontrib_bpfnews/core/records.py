"""What the build environment stores about each page's newsletter content.

Plain dictionaries of strings and lists, and little that can be derived: a
subject's full parse and a link's kind are worked out again where they are needed
(:func:`parsed`, :func:`link_of`), which keeps the environment of a newsletter of
hundreds of issues small to hold, pickle and merge after a parallel read. An issue's
record is read from its front matter (:mod:`.frontmatter`); the directives make the
others from the same model objects they render, so the indexes, feeds and the JSON
export show exactly what the page shows.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import TYPE_CHECKING, Any, TypedDict

from sphinxcontrib_bpfnews.core.links import classify_link
from sphinxcontrib_bpfnews.core.model import REVIEW_TRAILERS
from sphinxcontrib_bpfnews.core.revisions import title_key
from sphinxcontrib_bpfnews.core.subjects import parse_subject

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinxcontrib_bpfnews.core.links import Link
    from sphinxcontrib_bpfnews.core.model import Series, Talk


class IssueRecord(TypedDict):
    """One issue, as its front matter says (see :mod:`.frontmatter`)."""

    docname: str
    number: int | None
    date: str  # ISO date, YYYY-MM-DD, or "" when the page has none
    published: str  # the date as written (may carry a time)
    title: str
    summary: str
    tags: list[str]
    categories: list[str]
    meta: dict[str, str]
    #: ``draft:`` said yes (or something neither yes nor no): the issue is not
    #: published, whatever its date (see :mod:`.publication`).
    draft: bool


class PatchRecord(TypedDict):
    subject: str
    url: str
    #: The line of the page the patch (or the series' directive) is written on, for
    #: warnings about it found after the page was read; None when not known.
    line: int | None


class SeriesRecord(PatchRecord):
    #: What the indexes group series by, kept so they need not parse every subject;
    #: ``title`` is the subject's title, or a prose entry's first sentence.
    title: str
    tree: str
    subsystem: str
    docname: str
    anchor: str
    name: str
    author: str
    patches: list[PatchRecord]
    notes: str
    #: The subject's list tag, or the list a prose entry's lore address names; or "".
    list: str
    #: Names by review trailer, every one of :data:`.model.REVIEW_TRAILERS` a key.
    review: dict[str, list[str]]
    #: The subject's version (1 when none is written); None for a prose entry.
    version: int | None
    #: What revisions of this series share: :func:`.revisions.title_key` of the
    #: subject's title ("" for a prose entry), and b4's ``change-id:`` if given.
    key: str
    change_id: str
    #: The message-ids the notes' ``Earlier:`` line links to (as ``bpfnews series``
    #: writes it): the earlier revisions of this series, whatever their titles.
    earlier: list[str]


class TalkRecord(TypedDict):
    docname: str
    anchor: str
    name: str
    title: str
    kind: str
    url: str
    event: str
    speakers: list[str]
    date: str
    description: str
    line: int | None


def parsed(subject: str) -> dict[str, Any]:
    """The subject's parse as plain data (see :meth:`Subject.as_json`), a new
    dictionary on each call: the parse itself is kept (:func:`.parse_subject`), and
    the export asks for each subject once, so keeping these too only held some
    6 MB of dictionaries through the build."""
    return parse_subject(subject).as_json()


def link_of(url: str) -> Link | None:
    """What kind of link the address is, or None when there is none."""
    return classify_link(url) if url else None


def series_record(
    series: Series,
    docname: str,
    anchor: str,
    name: str,
    notes: str,
    lines: tuple[int | None, Sequence[int | None]] = (None, ()),
    earlier: Sequence[str] = (),
) -> SeriesRecord:
    """``lines``: the directive's line, and each child patch's; ``earlier``: the
    message-ids the notes name as earlier revisions."""
    line, patch_lines = lines
    return SeriesRecord(
        subject=series.subject.raw,
        url=series.url,
        line=line,
        title=series.title,
        tree=series.subject.tree or "",
        subsystem=series.subject.subsystem,
        docname=docname,
        anchor=anchor,
        name=name,
        author=series.author,
        patches=[
            PatchRecord(subject=p.subject.raw, url=p.url, line=at)
            for p, at in zip_longest(series.patches, patch_lines[: len(series.patches)])
        ],
        notes=notes,
        list=series.mailing_list,
        review={trailer: list(series.reviewers(trailer)) for trailer in REVIEW_TRAILERS},
        version=None if series.is_prose else (series.subject.version or 1),
        key="" if series.is_prose else title_key(series.subject.title),
        change_id=series.change_id,
        earlier=list(earlier),
    )


def talk_record(
    talk: Talk, docname: str, anchor: str, name: str, description: str, line: int | None = None
) -> TalkRecord:
    return TalkRecord(
        line=line,
        docname=docname,
        anchor=anchor,
        name=name,
        title=talk.title,
        kind=talk.kind,
        url=talk.url,
        event=talk.event,
        speakers=list(talk.speakers),
        date=talk.date,
        description=description,
    )


def patch_object(record: PatchRecord) -> dict[str, Any]:
    """A patch as the JSON export and ``bpfnews series --json`` show it."""
    link = link_of(record["url"])
    return {
        "subject": record["subject"],
        "parsed": parsed(record["subject"]),
        "url": record["url"],
        "link_kind": link.kind if link else None,
        "message_id": link.message_id if link else None,
    }


def series_object(record: SeriesRecord, revisions: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A series as the JSON export shows it (``$defs/series`` of its schema); the one
    place that shape is made, so the export and the command line agree.
    ``revisions``: its other revisions in other issues, as
    :func:`.revision_links.revision_objects` gives them (none outside a newsletter)."""
    return patch_object(record) | {
        "title": record["title"],
        "list": record["list"] or None,
        "author": record["author"],
        "anchor": record["anchor"],
        "notes": record["notes"],
        "patches": [patch_object(patch) for patch in record["patches"]],
        "review": {trailer: list(record["review"][trailer]) for trailer in REVIEW_TRAILERS},
        "revisions": list(revisions),
    }
