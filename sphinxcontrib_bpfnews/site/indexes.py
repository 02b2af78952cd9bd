"""Indexes across all issues: series by author, tree and subsystem; every series
with its revisions; talks by speaker and event. Each entry links to its place in
its issue.

An index is the same nodes wherever it is shown (:func:`index_content`): on its own
generated page of the web site (``archive/authors.html``, :func:`index_pages`), and
wherever the ``bpfnews-index`` directive puts it in a page of the project, and so in
the PDF and every other format. A page with the directive holds a placeholder,
filled in when the page is written; whenever an issue is added, changed or removed,
pages with indexes are read again so they are written anew.

Names are grouped ignoring case and accents ("Mickaël Salaün" and "mickaël salaün"
are one person), shown in the spelling used most, and sorted the way a reader
expects (accents do not push a name to the end).
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from itertools import groupby
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_bpfnews.core.ids import sort_key, unique_slugs
from sphinxcontrib_bpfnews.core.revision_links import within
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import text_nodes
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.labels import INDEX_TITLES, NO_SUBSYSTEM, NO_TREE, issue_label
from sphinxcontrib_bpfnews.extension.render import (
    AUTHOR_SEPARATOR,
    META_SEPARATOR,
    all_revisions_link,
    joined,
    linker,
    separator,
)
from sphinxcontrib_bpfnews.site.pages import Fragments, GeneratedPage

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.core.revision_links import Family
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain
    from sphinxcontrib_bpfnews.extension.render import Linker

INDEX_KINDS = tuple(INDEX_TITLES)
#: The index of every series with its revisions, which groups by revision
#: (:mod:`.revision_links`), not by a name.
SERIES_INDEX = "series"
#: The indexes of talks (the others, but the series index, are of series).
TALK_INDEXES = ("speakers", "events")

#: (group name, issue, anchor, title) for one index entry.
Entry = tuple[str, "IssueRecord", str, str]


def _entries(kind: str, domain: BpfNewsDomain, issues: list[IssueRecord]) -> Iterator[Entry]:
    for issue in issues:
        docname = issue["docname"]
        if kind in ("authors", "trees", "subsystems"):
            for series in domain.series_of(docname):
                title = series["title"] or series["subject"]
                if kind == "authors" and series["author"]:
                    yield series["author"], issue, series["anchor"], title
                elif kind == "trees":
                    yield series["tree"] or str(NO_TREE), issue, series["anchor"], title
                elif kind == "subsystems":
                    subsystem = series["subsystem"] or str(NO_SUBSYSTEM)
                    yield subsystem, issue, series["anchor"], title
        else:
            for talk in domain.talks_of(docname):
                names = talk["speakers"] if kind == "speakers" else [talk["event"]]
                for name in filter(None, names):
                    yield name, issue, talk["anchor"], talk["title"]


def _spelling(spellings: Counter[str]) -> str:
    """The spelling used most; on a tie, the one with more capitals ("Mickaël Salaün")."""
    return max(spellings.items(), key=lambda item: (item[1], sum(map(str.isupper, item[0]))))[0]


def grouped(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by name ignoring case and accents, groups in reading order."""
    groups: dict[str, list[Entry]] = {}
    # A name is keyed once, however many entries it has (thousands on a page, a few
    # hundred names).
    keys: dict[str, str] = {}
    for entry in entries:
        key = keys.get(entry[0])
        if key is None:
            key = keys[entry[0]] = sort_key(entry[0].strip())[0]
        group = groups.get(key)
        if group is None:
            groups[key] = [entry]
        else:
            group.append(entry)
    named = [
        (_spelling(Counter(entry[0].strip() for entry in items)), items)
        for items in groups.values()
    ]
    return sorted(named, key=lambda group: sort_key(group[0]))


def group_ids(kind: str, names: Iterable[str]) -> list[str]:
    """An id for each group, unique on the page: names that differ only in
    punctuation (``selftests/bpf``, ``selftests: bpf``) slug alike."""
    return unique_slugs(kind, names)


def index_content(
    kind: str, entries: Iterable[Entry], link: Linker, fragments: Fragments | None = None
) -> list[nodes.Node]:
    """One index as nodes: a line of jump links, then each group with its entries.

    On a generated page (``fragments`` given), each issue's entries in a group are
    one part, kept while that issue's entries there are the same.
    """
    groups = grouped(entries)
    jump_links: list[nodes.Node] = []
    content: list[nodes.Node] = []
    for (name, items), group_id in zip(
        groups, group_ids(kind, (name for name, _ in groups)), strict=True
    ):
        jump_links.append(bn.make_link([nodes.Text(name)], refid=group_id, internal=True))
        shown: list[nodes.Node]
        if fragments is None:
            shown = [_index_item(entry, link) for entry in items]
        else:
            runs = (list(run) for _, run in groupby(items, key=lambda item: item[1]["docname"]))
            shown = fragments.parts(
                (
                    f"{group_id}/{run[0][1]['docname']}",
                    _run_inputs(run),
                    partial(_shared_items, run, link, fragments),
                )
                for run in runs
            )
        # Always compact, as its entries are one line each: whether a list is
        # written compact must not depend on which of its parts were kept.
        listing = bn.with_children(
            nodes.bullet_list(classes=["bpfnews-index-entries", "compact"]), shown
        )
        content.append(
            bn.make_block(
                bn.bpfnews_block, "index-group", nodes.rubric(name, name, ids=[group_id]), listing
            )
        )
    jump = nodes.paragraph(
        "", "", *joined(jump_links, META_SEPARATOR), classes=["bpfnews-index-jump"]
    )
    return [jump, *content]


def _run_inputs(run: list[Entry]) -> tuple[str, int | None, str, list[tuple[str, str]]]:
    """What one issue's entries under a name show: the part is kept while it is so."""
    issue = run[0][1]
    return (
        issue["docname"],
        issue["number"],
        issue["title"],
        [(anchor, title) for _, _, anchor, title in run],
    )


def _shared_items(run_items: list[Entry], link: Linker, fragments: Fragments) -> list[nodes.Node]:
    """Entries on a generated page: a series' entry is the same on the authors',
    trees' and subsystems' pages (a talk's on the speakers' and events'), so each is
    written once per build."""
    return fragments.pieces(
        (
            ("index-entry", issue["docname"], anchor, title, issue["number"], issue["title"]),
            partial(_index_item_nodes, (name, issue, anchor, title), link),
        )
        for name, issue, anchor, title in run_items
    )


def _index_item_nodes(entry: Entry, link: Linker) -> list[nodes.Node]:
    return [_index_item(entry, link)]


def _index_item(entry: Entry, link: Linker) -> nodes.list_item:
    """One entry: its title linked to its place in its issue, then the issue."""
    _, issue, anchor, title = entry
    number = issue["number"]
    label = issue_label(number) if number is not None else issue["title"]
    line = bn.with_children(
        nodes.paragraph(),
        [
            link(issue["docname"], anchor, text_nodes(title)),
            *separator(AUTHOR_SEPARATOR),
            bn.make_text(label, "bpfnews-issue-number"),
        ],
    )
    return bn.with_children(nodes.list_item(), [line])


def _issue_name(issue: str, number: int | None, title: str) -> str:
    return issue_label(number) if number is not None else title or issue


def series_index_content(
    groups: Iterable[Family], link: Linker, fragments: Fragments | None = None
) -> list[nodes.Node]:
    """The series index as nodes: each series (its newest title) with every
    revision, oldest first: "[v2] title — Issue 11", the title linked to the entry. The
    group's id is the family's (:attr:`.Family.ident`), where each entry's "All
    revisions" link leads. On a generated page (``fragments`` given), each series is
    one part, kept while its revisions are the same."""
    if fragments is None:
        return [_family_group(family, link) for family in groups]
    return fragments.parts(
        (
            family.ident,
            (family.ident, family.title, [m.as_data() for m in family.members]),
            partial(_family_nodes, family, link),
        )
        for family in groups
    )


def _family_nodes(family: Family, link: Linker) -> list[nodes.Node]:
    return [_family_group(family, link)]


def _family_group(family: Family, link: Linker) -> nodes.Node:
    items: list[nodes.Node] = []
    for member in family.members:
        label = _issue_name(member.issue, member.number, member.issue_title)
        version = f"v{member.version}"
        line = bn.with_children(
            nodes.paragraph(),
            [
                bn.make_badge("version", version),
                nodes.Text(" "),
                link(member.issue, member.anchor, text_nodes(member.title)),
                *separator(AUTHOR_SEPARATOR),
                bn.make_text(label, "bpfnews-issue-number"),
            ],
        )
        items.append(bn.with_children(nodes.list_item(), [line]))
    listing = bn.with_children(
        nodes.bullet_list(classes=["bpfnews-index-entries", "compact"]), items
    )
    rubric = nodes.rubric("", "", *text_nodes(family.title), ids=[family.ident])
    return bn.make_block(bn.bpfnews_block, "index-group", rubric, listing)


def _content(
    kind: str, domain: BpfNewsDomain, issues: list[IssueRecord], link: Linker
) -> list[nodes.Node]:
    """The nodes of the index of ``kind``."""
    if kind == SERIES_INDEX:
        return series_index_content(domain.families(), link)
    return index_content(kind, _entries(kind, domain, issues), link)


def index_nodes(
    kind: str, domain: BpfNewsDomain, issues: list[IssueRecord], link: Linker
) -> list[nodes.Node]:
    """The index of ``kind`` over ``issues`` only, or nothing when none of them has an
    entry: a year's PDF indexes its own issues (and shows, of each series, the
    revisions in them)."""
    if kind == SERIES_INDEX:
        groups = within(domain.families(), {issue["docname"] for issue in issues})
        return series_index_content(groups, link) if groups else []
    entries = list(_entries(kind, domain, issues))
    return index_content(kind, entries, link) if entries else []


# -- the generated pages ---------------------------------------------------------


def index_page(
    app: Sphinx, kind: str, domain: BpfNewsDomain, issues: list[IssueRecord]
) -> GeneratedPage:
    """The generated HTML page of one index of ``issues``, the listed ones
    (:meth:`.BpfNewsDomain.issues`)."""
    page = f"{app.config.bpfnews_archive_page}/{kind}"
    if kind == SERIES_INDEX:
        groups = domain.families()
        inputs = [[g.ident, g.title, [m.as_data() for m in g.members]] for g in groups]

        def content(fragments: Fragments) -> list[nodes.Node]:
            return series_index_content(groups, linker(app.builder, page), fragments)

        return GeneratedPage(page, str(INDEX_TITLES[kind]), inputs, content)
    entries = list(_entries(kind, domain, issues))

    def index(fragments: Fragments) -> list[nodes.Node]:
        return index_content(kind, entries, linker(app.builder, page), fragments)

    # What the page shows of an entry's issue is its page, number and title: the
    # page is made again when they change, not for the rest of the issue's record
    # (which, repeated for each entry, made most of what is compared each build).
    shown = [
        (name, issue["docname"], issue["number"], issue["title"], anchor, title)
        for name, issue, anchor, title in entries
    ]
    # A series' entry is the same on each series index, a talk's on each talk index.
    shares = "talks" if kind in TALK_INDEXES else "series"
    return GeneratedPage(page, str(INDEX_TITLES[kind]), shown, index, shares)


def index_pages(
    app: Sphinx, domain: BpfNewsDomain, issues: list[IssueRecord]
) -> list[GeneratedPage]:
    return [index_page(app, kind, domain, issues) for kind in INDEX_KINDS]


# -- the directive ---------------------------------------------------------------


class IndexDirective(SphinxDirective):
    """``{bpfnews-index} authors``: series by author (or trees, subsystems, series,
    speakers, events)."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip() if self.arguments else ""
        if kind not in INDEX_KINDS:
            warn(
                "argument",
                f"'bpfnews-index' needs one of {', '.join(INDEX_KINDS)}, not {kind!r}",
                self.get_location(),
            )
            return []
        domain_of(self.env).note_index_page(self.env.docname)
        node = bn.bpfnews_index_placeholder("", kind=kind, classes=["bpfnews-index"])
        self.set_source_info(node)
        return [node]


def fill_indexes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each placeholder with its index, linked for the builder at hand."""
    placeholders = list(doctree.findall(bn.bpfnews_index_placeholder))
    if not placeholders:
        return
    domain = domain_of(app.env)
    issues = domain.issues()
    link = linker(app.builder, docname)
    for placeholder in placeholders:
        content = _content(placeholder["kind"], domain, issues, link)
        placeholder.replace_self(nodes.container("", *content, classes=["bpfnews-index"]))


def pages_to_reread(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages with an index, when any other page was added, changed or removed."""
    index_pages = set(domain_of(env).data["index_pages"])
    if (added | changed | removed) - index_pages:
        return sorted(index_pages)
    return []


def series_index_page(app: Sphinx) -> str:
    """The page name of the series index on the web site."""
    return f"{app.config.bpfnews_archive_page}/{SERIES_INDEX}"


def link_all_revisions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On the web site, a series' revision line ends with a link to its group on the
    series index (after :mod:`.extension.revisions` made the line)."""
    for line in doctree.findall(bn.bpfnews_line):
        if line.get("part") == "series-revisions" and line.get("family"):
            uri = app.builder.get_relative_uri(docname, series_index_page(app))
            line.extend(all_revisions_link(f"{uri}#{line['family']}"))
