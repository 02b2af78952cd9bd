"""Revisions of one patch series across the issues of a newsletter.

A series re-sent as v2, v3 ... is often featured again in a later issue. Entries
of different issues are revisions of one series when they share the title after
the tags (their ``key``, :func:`.revisions.title_key`) or b4's ``change-id``, or
when one's ``Earlier:`` note (as ``bpfnews series`` writes it) links to the
other's message (either one is enough, and the relation is transitive: a v3 with
the v2's title and the v1's change-id joins both). Entries written as prose have
no title and are revisions of nothing unless they have a change-id.

:func:`revision_links` works out, for every entry, the revisions in the other
issues and the family (a "series" of the series index) it belongs to, in one pass
over the entries: a newsletter of hundreds of issues costs no more than reading
its records once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.core.ids import sort_key, unique_slugs
from sphinxcontrib_bpfnews.core.records import link_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence, Set

    from sphinxcontrib_bpfnews.core.records import IssueRecord, SeriesRecord

#: The prefix of a family's id on the series index page; not ``series``, which
#: starts the entries' own anchors (a page may hold both).
FAMILY_PREFIX = "revisions"


@dataclass(frozen=True)
class Revision:
    """One entry of a series, where a link to it lands."""

    issue: str  # the issue's page (docname)
    number: int | None
    issue_title: str
    version: int
    anchor: str
    title: str

    def as_data(self) -> list[Any]:
        """Plain data, for the build environment and fingerprints."""
        return [self.issue, self.number, self.issue_title, self.version, self.anchor, self.title]

    @classmethod
    def from_data(cls, data: Sequence[Any]) -> Revision:
        issue, number, issue_title, version, anchor, title = data
        return cls(issue, number, issue_title, version, anchor, title)


@dataclass(frozen=True)
class Family:
    """Every revision of one series, oldest issue first (then by version)."""

    ident: str  # its id on the series index page, unique among families
    title: str  # the newest revision's title
    members: tuple[Revision, ...]


@dataclass(frozen=True)
class EntryLinks:
    """What one entry links to: revisions in older issues, in newer issues, and
    its family's id on the series index."""

    earlier: tuple[Revision, ...]
    later: tuple[Revision, ...]
    family: str

    def as_data(self) -> list[Any]:
        return [
            [r.as_data() for r in self.earlier],
            [r.as_data() for r in self.later],
            self.family,
        ]

    @classmethod
    def from_data(cls, data: Sequence[Any]) -> EntryLinks:
        earlier, later, family = data
        return cls(
            tuple(map(Revision.from_data, earlier)), tuple(map(Revision.from_data, later)), family
        )


class _Union:
    """Union-find over the entries' keys: entries sharing any key are one family."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent[parent]
            self.parent[item] = grand  # halve the path
            item, parent = parent, self.parent[grand]
        return item

    def join(self, items: Iterable[str]) -> str | None:
        roots = [self.find(item) for item in items]
        if not roots:
            return None
        for root in roots[1:]:
            if root != roots[0]:
                self.parent[root] = roots[0]
        return roots[0]


def _keys(record: SeriesRecord, named_earlier: Set[str]) -> list[str]:
    """What the entry shares with its revisions: its title's key, its change-id, the
    message-ids its ``Earlier:`` note links to, and its own address's message-id
    when another entry's note names it (``named_earlier``)."""
    keys = []
    if record.get("key"):
        keys.append("title:" + record["key"])
    if record.get("change_id"):
        keys.append("change-id:" + record["change_id"])
    if keys and named_earlier and (own := _message_id(record["url"])) in named_earlier:
        keys.append("message:" + own)
    if keys:
        keys += ["message:" + message_id for message_id in record.get("earlier", ())]
    return keys


def _message_id(url: str) -> str:
    link = link_of(url)
    return (link.message_id or "") if link else ""


def families(
    issues: Sequence[IssueRecord], series_of: Mapping[str, Sequence[SeriesRecord]]
) -> list[Family]:
    """Every series of ``issues`` (given newest first, as the domain orders them)
    grouped by revision, in reading order of their titles; entries without a key
    (prose) are left out."""
    union = _Union()
    entries: list[tuple[str, Revision]] = []
    named_earlier = {
        message_id
        for issue in issues
        for record in series_of.get(issue["docname"], ())
        for message_id in record.get("earlier", ())
    }
    for issue in reversed(issues):  # oldest first
        for record in series_of.get(issue["docname"], ()):
            keys = _keys(record, named_earlier)
            if not keys:
                continue
            union.join(keys)
            revision = Revision(
                issue["docname"],
                issue["number"],
                issue["title"],
                record.get("version") or 1,
                record["anchor"],
                record["title"] or record["subject"],
            )
            entries.append((keys[0], revision))
    grouped: dict[str, list[Revision]] = {}
    for key, revision in entries:
        grouped.setdefault(union.find(key), []).append(revision)
    # Ids are made oldest family first, so an issue added later never renames the
    # families already there.
    idents = unique_slugs(FAMILY_PREFIX, (members[0].title for members in grouped.values()))
    result: list[Family] = []
    for ident, members in zip(idents, grouped.values(), strict=True):
        ordered = _ordered(members)
        result.append(Family(ident, ordered[-1].title, tuple(ordered)))
    return sorted(result, key=_reading_order)


def within(groups: Iterable[Family], issues: Set[str]) -> list[Family]:
    """``groups`` as the pages ``issues`` alone show them (a year's PDF): each family
    with its revisions in those pages, named by the newest of them; the families
    with none there are left out. The ids stay those of the whole newsletter."""
    result: list[Family] = []
    for family in groups:
        members = tuple(member for member in family.members if member.issue in issues)
        if members:
            result.append(Family(family.ident, members[-1].title, members))
    return sorted(result, key=_reading_order)


def _reading_order(family: Family) -> tuple[tuple[str, str], str]:
    """Families in reading order of their titles (the id for ties)."""
    return sort_key(family.title), family.ident


def _ordered(members: list[Revision]) -> list[Revision]:
    """Oldest issue first (``members`` come so), then by version within an issue."""
    position: dict[str, int] = {}
    for member in members:
        position.setdefault(member.issue, len(position))
    return sorted(members, key=lambda r: (position[r.issue], r.version))


def revision_links(
    issues: Sequence[IssueRecord], series_of: Mapping[str, Sequence[SeriesRecord]]
) -> dict[str, dict[str, EntryLinks]]:
    """For each issue page, each entry's anchor with its revisions in other issues;
    entries with none are left out."""
    return family_links(families(issues, series_of))


def family_links(groups: Iterable[Family]) -> dict[str, dict[str, EntryLinks]]:
    """:func:`revision_links` of the families :func:`families` made."""
    result: dict[str, dict[str, EntryLinks]] = {}
    for family in groups:
        if len({member.issue for member in family.members}) < 2:
            continue
        order = {issue: i for i, issue in enumerate(dict.fromkeys(m.issue for m in family.members))}
        for member in family.members:
            here = order[member.issue]
            earlier = tuple(r for r in family.members if order[r.issue] < here)
            later = tuple(r for r in family.members if order[r.issue] > here)
            result.setdefault(member.issue, {})[member.anchor] = EntryLinks(
                earlier, later, family.ident
            )
    return result


def revision_objects(links: EntryLinks | None) -> list[dict[str, Any]]:
    """An entry's other revisions as the JSON export shows them (``$defs/revision``
    of its schema), oldest issue first."""
    if links is None:
        return []
    return [
        {"issue": r.issue, "number": r.number, "version": r.version, "anchor": r.anchor}
        for r in (*links.earlier, *links.later)
    ]
