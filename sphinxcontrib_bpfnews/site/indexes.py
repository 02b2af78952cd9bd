"""Indexes across all issues: series by author, tree and subsystem; talks by speaker
and event. Each entry links to its place in its issue.

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
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from sphinxcontrib_bpfnews.core.ids import slug, sort_key
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import text_nodes
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.labels import INDEX_TITLES, NO_SUBSYSTEM, NO_TREE, issue_label
from sphinxcontrib_bpfnews.extension.render import (
    AUTHOR_SEPARATOR,
    META_SEPARATOR,
    joined,
    separator,
)
from sphinxcontrib_bpfnews.site.pages import GeneratedPage

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

    #: Makes the link to an entry's (page, anchor) around the entry's text.
    Linker = Callable[[str, str, list[nodes.Node]], nodes.Element]

INDEX_KINDS = tuple(INDEX_TITLES)

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
    spellings: dict[str, Counter[str]] = {}
    for entry in entries:
        key = sort_key(entry[0].strip())[0]
        groups.setdefault(key, []).append(entry)
        spellings.setdefault(key, Counter())[entry[0].strip()] += 1
    named = [(_spelling(spellings[key]), items) for key, items in groups.items()]
    return sorted(named, key=lambda group: sort_key(group[0]))


def group_ids(kind: str, names: Iterable[str]) -> list[str]:
    """An id for each group, unique on the page: names that differ only in
    punctuation (``selftests/bpf``, ``selftests: bpf``) slug alike."""
    ids: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = candidate = f"{kind}-{slug(name)}"
        count = 1
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        taken.add(candidate)
        ids.append(candidate)
    return ids


def linker(builder: Builder, docname: str) -> Linker:
    """How the index on page ``docname`` links its entries, for ``builder``: to the
    entry's place in its issue, or as text where the issue is not part of this output
    (a PDF without it, say)."""

    def link(target: str, anchor: str, children: list[nodes.Node]) -> nodes.Element:
        try:
            return make_refnode(builder, docname, target, anchor, children)
        except NoUri:
            return nodes.inline("", "", *children)

    return link


def index_content(kind: str, entries: Iterable[Entry], link: Linker) -> list[nodes.Node]:
    """One index as nodes: a line of jump links, then each group with its entries."""
    groups = grouped(entries)
    jump_links: list[nodes.Node] = []
    content: list[nodes.Node] = []
    for (name, items), group_id in zip(
        groups, group_ids(kind, (name for name, _ in groups)), strict=True
    ):
        jump_links.append(nodes.reference(name, name, refid=group_id, internal=True))
        listing = nodes.bullet_list(classes=["bpfnews-index-entries"])
        for _, issue, anchor, entry_title in items:
            number = issue["number"]
            label = issue_label(number) if number is not None else issue["title"]
            listing += nodes.list_item(
                "",
                nodes.paragraph(
                    "",
                    "",
                    link(issue["docname"], anchor, text_nodes(entry_title)),
                    *separator(AUTHOR_SEPARATOR),
                    nodes.inline(label, label, classes=["bpfnews-issue-number"]),
                ),
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


# -- the generated pages ---------------------------------------------------------


def index_page(
    app: Sphinx, kind: str, domain: BpfNewsDomain, issues: list[IssueRecord]
) -> GeneratedPage:
    """The generated HTML page of one index."""
    page = f"{app.config.bpfnews_archive_page}/{kind}"
    entries = list(_entries(kind, domain, issues))

    def content() -> list[nodes.Node]:
        return index_content(kind, entries, linker(app.builder, page))

    return GeneratedPage(page, str(INDEX_TITLES[kind]), entries, content)


def index_pages(
    app: Sphinx, domain: BpfNewsDomain, issues: list[IssueRecord]
) -> list[GeneratedPage]:
    return [index_page(app, kind, domain, issues) for kind in INDEX_KINDS]


# -- the directive ---------------------------------------------------------------


class IndexDirective(SphinxDirective):
    """``{bpfnews-index} authors``: series by author (or trees, subsystems, speakers,
    events)."""

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
        content = index_content(
            placeholder["kind"], _entries(placeholder["kind"], domain, issues), link
        )
        placeholder.replace_self(nodes.container("", *content, classes=["bpfnews-index"]))


def pages_to_reread(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages with an index, when any other page was added, changed or removed."""
    index_pages = set(domain_of(env).data["index_pages"])
    if (added | changed | removed) - index_pages:
        return sorted(index_pages)
    return []
