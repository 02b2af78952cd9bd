"""Indexes across all issues: series by author, tree and subsystem; talks by speaker
and event. Each entry links to its place in its issue.

Names are grouped ignoring case and accents ("Mickaël Salaün" and "mickaël salaün"
are one person), shown in the spelling used most, and sorted the way a reader
expects (accents do not push a name to the end).
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews.core.ids import slug, sort_key
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import html_text, text_nodes
from sphinxcontrib_bpfnews.extension.labels import INDEX_TITLES, NO_SUBSYSTEM, NO_TREE, issue_label
from sphinxcontrib_bpfnews.extension.render import (
    AUTHOR_SEPARATOR,
    META_SEPARATOR,
    joined,
    separator,
)
from sphinxcontrib_bpfnews.site.pages import GeneratedPage, heading

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sphinx.application import Sphinx

    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

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
                    subsystem = series["subsystem"].strip().rstrip(":")
                    yield subsystem or str(NO_SUBSYSTEM), issue, series["anchor"], title
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


def index_content(
    kind: str,
    domain: BpfNewsDomain,
    issues: list[IssueRecord],
    linker: Callable[[str, str, list[nodes.Node]], nodes.Element],
) -> list[nodes.Node]:
    """One index as nodes: a line of jump links, then each group with its entries.

    The same content serves the generated HTML page and the ``bpfnews-index``
    directive (which puts an index into any page, and so into the PDF).
    """
    groups = grouped(_entries(kind, domain, issues))
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
                    linker(issue["docname"], anchor, text_nodes(entry_title)),
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


def index_page(
    app: Sphinx, kind: str, domain: BpfNewsDomain, issues: list[IssueRecord]
) -> GeneratedPage:
    """The generated HTML page of one index (the directive's twin, written as HTML)."""
    page = f"{app.config.bpfnews_archive_page}/{kind}"
    title = str(INDEX_TITLES[kind])
    entries = list(_entries(kind, domain, issues))

    def render() -> str:
        groups = grouped(entries)
        ids = group_ids(kind, (name for name, _ in groups))
        jump = f' <span class="bpfnews-sep">{META_SEPARATOR}</span> '.join(
            f'<a class="reference internal" href="#{group_id}">{html.escape(name)}</a>'
            for (name, _), group_id in zip(groups, ids, strict=True)
        )
        body = [heading(title), f'<p class="bpfnews-index-jump">{jump}</p>']
        uris: dict[str, str] = {}
        for (name, items), group_id in zip(groups, ids, strict=True):
            body.append(
                f'<div class="bpfnews-index-group"><p class="rubric" '
                f'id="{group_id}">{html.escape(name)}</p>'
                '<ul class="bpfnews-index-entries">'
            )
            for _, issue, anchor, entry_title in items:
                docname, number = issue["docname"], issue["number"]
                if docname not in uris:
                    uris[docname] = app.builder.get_relative_uri(page, docname)
                label = issue_label(number) if number is not None else issue["title"]
                body.append(
                    f'<li><p><a class="reference internal" '
                    f'href="{html.escape(uris[docname])}#{html.escape(anchor)}">'
                    f"{html_text(entry_title)}</a> "
                    f'<span class="bpfnews-sep">{AUTHOR_SEPARATOR}</span> '
                    f'<span class="bpfnews-issue-number">{html.escape(label)}</span></p></li>'
                )
            body.append("</ul></div>")
        return "".join(body)

    return GeneratedPage(page, title, entries, render)


def index_pages(
    app: Sphinx, domain: BpfNewsDomain, issues: list[IssueRecord]
) -> list[GeneratedPage]:
    return [index_page(app, kind, domain, issues) for kind in INDEX_KINDS]
