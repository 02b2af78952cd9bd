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

The addresses an issue repeats depend on that issue's records alone, and reading
every address of every issue again is most of the work (some 14,000 addresses in
200 issues): :func:`address_duplicates` is worked out when a page is read and kept
with its records, and :func:`find_duplicates` takes it from there.
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


#: (id kind, id, version): what makes two records the same series and version.
_SeriesId = tuple[str, str, int]


def _series_ids(record: SeriesRecord) -> list[_SeriesId]:
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


def _listings(
    series: Iterable[SeriesRecord],
) -> tuple[list[tuple[SeriesRecord, list[_SeriesId], _Seen | None]], dict[_SeriesId, _Seen]]:
    """The page's series in line order, each with its ids and where the page already
    listed the same series and version (None the first time); and each id with the
    entry that listed it first."""
    listed: dict[_SeriesId, _Seen] = {}
    rows = []
    for record in sorted(series, key=lambda r: _by_line((r["line"], ""))):
        ids = _series_ids(record)
        here = next((listed[i] for i in ids if i in listed), None)
        rows.append((record, ids, here))
        if here is None:
            listed.update((key, _Seen(record["line"], record["subject"])) for key in ids)
    return rows, listed


def address_duplicates(
    docname: str, series: Sequence[SeriesRecord], talks: Sequence[TalkRecord]
) -> list[Duplicate]:
    """The addresses the page's records link twice, by line: the series it lists
    twice (reported as such) left out."""
    rows, _ = _listings(series)
    kept = [record for record, _, here in rows if here is None]
    return list(_repeated_addresses(docname, kept, talks))


def find_duplicates(
    issues: Sequence[IssuePage],
    series_of: Callable[[str], Sequence[SeriesRecord]],
    addresses_of: Callable[[str], Sequence[Duplicate]],
) -> Iterator[Duplicate]:
    """Every duplicate of ``issues`` (oldest first), in that order and then by line.

    ``series_of`` gives a page's series in the order written, ``addresses_of`` its
    :func:`address_duplicates`.
    """
    # (id kind, id, version) -> the issue and the entry that first covered it
    covered: dict[_SeriesId, tuple[IssuePage, _Seen]] = {}
    for issue in issues:
        rows, listed = _listings(series_of(issue.docname))
        for record, ids, here in rows:
            if here is not None:
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
        for key, seen in listed.items():
            covered.setdefault(key, (issue, seen))
        yield from addresses_of(issue.docname)


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
