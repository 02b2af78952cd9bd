"""What the build environment stores about each page's newsletter content.

Plain dictionaries of strings, numbers and lists: cheap to pickle, merge after a
parallel read and export as JSON. The directives make these records from the same
model objects they render, so the indexes, feeds and the JSON export show exactly
what the page shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from sphinxcontrib_bpfnews.links import classify_link

if TYPE_CHECKING:
    from sphinxcontrib_bpfnews.model import Patch, Series, Talk


class PatchRecord(TypedDict):
    subject: str
    parsed: dict[str, Any]
    url: str
    link: dict[str, Any] | None


class SeriesRecord(PatchRecord):
    docname: str
    anchor: str
    name: str
    author: str
    patches: list[PatchRecord]
    notes: str


class TalkRecord(TypedDict):
    docname: str
    anchor: str
    name: str
    title: str
    kind: str
    url: str
    link: dict[str, Any] | None
    event: str
    speakers: list[str]
    date: str
    description: str


def _link(url: str) -> dict[str, Any] | None:
    return classify_link(url).as_json() if url else None


def patch_record(patch: Patch) -> PatchRecord:
    return PatchRecord(
        subject=patch.subject.raw,
        parsed=patch.subject.as_json(),
        url=patch.url,
        link=_link(patch.url),
    )


def series_record(series: Series, docname: str, anchor: str, name: str, notes: str) -> SeriesRecord:
    return SeriesRecord(
        subject=series.subject.raw,
        parsed=series.subject.as_json(),
        url=series.url,
        link=_link(series.url),
        docname=docname,
        anchor=anchor,
        name=name,
        author=series.author,
        patches=[patch_record(patch) for patch in series.patches],
        notes=notes,
    )


def talk_record(talk: Talk, docname: str, anchor: str, name: str, description: str) -> TalkRecord:
    return TalkRecord(
        docname=docname,
        anchor=anchor,
        name=name,
        title=talk.title,
        kind=talk.kind,
        url=talk.url,
        link=_link(talk.url),
        event=talk.event,
        speakers=list(talk.speakers),
        date=talk.date,
        description=description,
    )
