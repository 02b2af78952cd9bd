"""Duplicates: what an issue lists twice, or lists again after an earlier issue did.

Worked out from the records the build environment keeps (:mod:`.records`), which
carry the lines of their series, patches and talks, so the extension can report them
after every read, whichever pages were read again. One pass over the issues, oldest
first, with a dictionary per question: a newsletter of hundreds of issues costs as
many steps as it has entries.

- **The same address twice in one issue**: the addresses of series, their child
  patches and talks, compared by :func:`.links.address_key` (every lore form of one
  message is one address, and so is every patchwork form of one patch).
- **The same series and version twice in one issue.**
- **The same series and version as an earlier issue**, which the warning names.

"Same series" is the same revision key (:func:`.revisions.title_key` of the
subject's title) or the same ``:change-id:``, either non-empty; an entry written as
prose has neither and counts for its address alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sphinxcontrib_bpfnews.core.links import address_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from sphinxcontrib_bpfnews.core.links import AddressKey
    from sphinxcontrib_bpfnews.core.records import SeriesRecord, TalkRecord


class IssuePage(NamedTuple):
    """An issue as the warnings name it: its page, title and source file."""

    docname: str
    title: str
    file: str


@dataclass(frozen=True)
class Duplicate:
    """One duplicate: where it is (page and line) and what to do about it."""

    docname: str
    line: int | None
    message: str


class _Seen(NamedTuple):
    line: int | None
    what: str  # the address, or the series' subject


_MAX_LINE = 1 << 62
#: What two addresses of one key both open, by the key's kind.
_WHAT = {"msgid": "message", "patchwork": "patch"}


def _by_line(item: tuple[int | None, str]) -> int:
    return _MAX_LINE if item[0] is None else item[0]


def _addresses(
    series: Iterable[SeriesRecord], talks: Iterable[TalkRecord]
) -> list[tuple[int | None, str]]:
    """(line, address) of every entry's own address, in the order of the page."""
    found: list[tuple[int | None, str]] = []
    for record in series:
        if record["url"]:
            found.append((record["line"], record["url"]))
        for patch in record["patches"]:
            if patch["url"]:
                found.append((patch["line"] or record["line"], patch["url"]))
    found.extend((talk["line"], talk["url"]) for talk in talks if talk["url"])
    return sorted(found, key=_by_line)


def _series_ids(record: SeriesRecord) -> list[tuple[str, str, int]]:
    """What makes two records the same series and version."""
    version = record["version"]
    if version is None:
        return []
    ids = [("title", record["key"], version)] if record["key"] else []
    if record["change_id"]:
        ids.append(("change-id", record["change_id"], version))
    return ids


def _line(line: int | None) -> str:
    return f"line {line}" if line is not None else "another line"


def find_duplicates(
    issues: Sequence[IssuePage],
    series_of: Callable[[str], Sequence[SeriesRecord]],
    talks_of: Callable[[str], Sequence[TalkRecord]],
) -> Iterator[Duplicate]:
    """Every duplicate of ``issues`` (oldest first), in that order and then by line.

    ``series_of`` and ``talks_of`` give a page's records in the order written.
    """
    # (id kind, id, version) -> the issue and the entry that first covered it
    covered: dict[tuple[str, str, int], tuple[IssuePage, _Seen]] = {}
    for issue in issues:
        series = sorted(series_of(issue.docname), key=lambda r: _by_line((r["line"], "")))
        listed: dict[tuple[str, str, int], _Seen] = {}
        repeated: set[int] = set()  # positions of series listed twice in the issue
        for position, record in enumerate(series):
            ids = _series_ids(record)
            here = next((listed[i] for i in ids if i in listed), None)
            if here is not None:
                repeated.add(position)
                yield Duplicate(
                    issue.docname,
                    record["line"],
                    f"version {record['version']} of the series {here.what!r} is already "
                    f"listed on {_line(here.line)} of this issue: list it once",
                )
                continue
            earlier = next((covered[i] for i in ids if i in covered), None)
            if earlier is not None:
                page, seen = earlier
                yield Duplicate(
                    issue.docname,
                    record["line"],
                    f"version {record['version']} of the series {seen.what!r} was already "
                    f"covered in the issue {page.title or page.docname!r} ({page.file}, "
                    f"{_line(seen.line)}): remove it here, or link to that issue and say "
                    "what is new",
                )
            for key in ids:
                listed.setdefault(key, _Seen(record["line"], record["subject"]))
        for key, seen in listed.items():
            covered.setdefault(key, (issue, seen))
        kept = [record for position, record in enumerate(series) if position not in repeated]
        yield from _repeated_addresses(issue.docname, kept, talks_of(issue.docname))


def _repeated_addresses(
    docname: str, series: Sequence[SeriesRecord], talks: Sequence[TalkRecord]
) -> Iterator[Duplicate]:
    seen: dict[AddressKey, _Seen] = {}
    for line, url in _addresses(series, talks):
        key = address_key(url)
        first = seen.get(key)
        if first is None:
            seen[key] = _Seen(line, url)
            continue
        what = _WHAT.get(key[0], "page")
        same = "" if first.what == url else f" as {first.what!r}, which opens the same {what}"
        yield Duplicate(
            docname,
            line,
            f"{url!r} is already linked on {_line(first.line)} of this issue{same}: link it once",
        )
