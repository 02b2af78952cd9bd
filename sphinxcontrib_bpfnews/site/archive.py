"""The archive: every issue newest first, and one page per tag and per year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews import nodes as bn
from sphinxcontrib_bpfnews.inline import text_nodes
from sphinxcontrib_bpfnews.issues import shown_date
from sphinxcontrib_bpfnews.labels import ARCHIVE_TITLE, issue_label, tag_title, year_title
from sphinxcontrib_bpfnews.render import META_SEPARATOR, joined
from sphinxcontrib_bpfnews.site.output import slug, sort_key
from sphinxcontrib_bpfnews.site.pages import GeneratedPage, heading

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_bpfnews.frontmatter import IssueRecord


def tag_page(app: Sphinx, tag: str) -> str:
    """The page of a tag; tags that differ only in case or accents share it."""
    return f"{app.config.bpfnews_archive_page}/tags/{slug(tag)}"


def year_page(app: Sphinx, year: str) -> str:
    return f"{app.config.bpfnews_archive_page}/{year}"


def link(
    app: Sphinx, from_page: str, to_page: str, *children: nodes.Node, anchor: str = ""
) -> nodes.reference:
    uri = app.builder.get_relative_uri(from_page, to_page) + (f"#{anchor}" if anchor else "")
    return nodes.reference("", "", *children, refuri=uri, internal=True)


def _badge_link(app: Sphinx, from_page: str, to_page: str, label: str) -> nodes.Element:
    badge = bn.make_badge("topic", label)
    badge.children = []
    badge += link(app, from_page, to_page, nodes.Text(label))
    return badge


def tag_badge(app: Sphinx, page: str, tag: str) -> nodes.Element:
    """A tag's badge that leads to the tag's archive page."""
    return _badge_link(app, page, tag_page(app, tag), tag)


def issue_entry(app: Sphinx, page: str, issue: IssueRecord) -> nodes.Element:
    """One issue in a list: date, number and tags, then the title, then the summary."""
    number = issue["number"]
    parts = [
        nodes.inline(text, text, classes=[cls])
        for text, cls in (
            (shown_date(app, issue), "bpfnews-issue-date"),
            (issue_label(number) if number is not None else "", "bpfnews-issue-number"),
        )
        if text
    ]
    meta = joined(parts, META_SEPARATOR)
    for tag in issue["tags"]:
        meta += [nodes.Text(" "), tag_badge(app, page, tag)]
    title = link(app, page, issue["docname"], nodes.Text(issue["title"] or issue["docname"]))
    entry = bn.make_block(bn.bpfnews_block, "archive-entry", bn.make_line("archive-title", title))
    if meta:
        entry += bn.make_line("archive-meta", *meta)
    if issue["summary"]:
        entry += nodes.paragraph(
            issue["summary"], "", *text_nodes(issue["summary"]), classes=["bpfnews-archive-summary"]
        )
    return entry


def _listing(
    app: Sphinx,
    page: str,
    title: str,
    issues: list[IssueRecord],
    navigation: list[tuple[str, str]] | None = None,
) -> GeneratedPage:
    """A page listing ``issues``; ``navigation`` is (label, page) for year and tag links."""

    def render() -> list[nodes.Node]:
        section = nodes.container("", heading(title), classes=["bpfnews-listing"])
        if navigation:
            links = nodes.paragraph("", "", classes=["bpfnews-archive-nav"])
            for label, target in navigation:
                if len(links):
                    links += nodes.Text(" ")
                links += _badge_link(app, page, target, label)
            section += links
        section += bn.make_block(
            bn.bpfnews_block, "archive", *(issue_entry(app, page, issue) for issue in issues)
        )
        return [section]

    return GeneratedPage(page, title, [issues, navigation], render)


def archive_pages(app: Sphinx, issues: list[IssueRecord]) -> list[GeneratedPage]:
    """The archive page, a page per tag and a page per year; ``issues`` newest first."""
    root = app.config.bpfnews_archive_page
    by_tag: dict[str, list[IssueRecord]] = {}
    tag_names: dict[str, str] = {}  # one page per tag whatever its case: slug -> name
    by_year: dict[str, list[IssueRecord]] = {}
    for issue in issues:
        for tag in issue["tags"]:
            name = tag_names.setdefault(slug(tag), tag)
            by_tag.setdefault(name, []).append(issue)
        if issue["date"]:
            by_year.setdefault(issue["date"][:4], []).append(issue)
    years = sorted(by_year, reverse=True)
    tags = sorted(by_tag, key=sort_key)
    navigation = [(y, year_page(app, y)) for y in years] + [(t, tag_page(app, t)) for t in tags]
    pages = [_listing(app, root, str(ARCHIVE_TITLE), issues, navigation)]
    pages += [_listing(app, year_page(app, y), year_title(y), by_year[y]) for y in years]
    pages += [_listing(app, tag_page(app, t), tag_title(t), by_tag[t]) for t in tags]
    return pages
