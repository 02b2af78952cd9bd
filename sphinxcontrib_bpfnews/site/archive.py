"""The archive: every issue newest first, and one page per tag and per year."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews.core.ids import slug, sort_key
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import text_nodes
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.labels import (
    ARCHIVE_TITLE,
    VOLUME_PDF,
    issue_label,
    shown_date,
    tag_title,
    year_pdf_label,
    year_title,
)
from sphinxcontrib_bpfnews.extension.render import META_SEPARATOR, joined
from sphinxcontrib_bpfnews.site.pages import Fragments, GeneratedPage
from sphinxcontrib_bpfnews.site.pdf_links import linked, page_href, pdf_reference

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_bpfnews.core.records import IssueRecord


def tag_page(app: Sphinx, tag: str) -> str:
    """The page of a tag; tags that differ only in case or accents share it."""
    return f"{app.config.bpfnews_archive_page}/tags/{slug(tag)}"


def year_page(app: Sphinx, year: str) -> str:
    return f"{app.config.bpfnews_archive_page}/{year}"


def link(app: Sphinx, from_page: str, to_page: str, *children: nodes.Node) -> nodes.reference:
    uri = app.builder.get_relative_uri(from_page, to_page)
    return bn.make_link(children, refuri=uri, internal=True)


def _badge_link(app: Sphinx, from_page: str, to_page: str, label: str) -> nodes.Element:
    badge = bn.make_badge("topic", label)
    badge.children = []
    badge += link(app, from_page, to_page, nodes.Text(label))
    return badge


def tag_badge(app: Sphinx, page: str, tag: str) -> nodes.Element:
    """A tag's badge that leads to the tag's archive page."""
    return _badge_link(app, page, tag_page(app, tag), tag)


def issue_entry(app: Sphinx, page: str, issue: IssueRecord) -> bn.bpfnews_block:
    """One issue in a list: its title, then its date, number and tags, then its
    summary."""
    number = issue["number"]
    parts = [
        bn.make_text(text, cls)
        for text, cls in (
            (shown_date(issue["date"], app.config), "bpfnews-issue-date"),
            (issue_label(number) if number is not None else "", "bpfnews-issue-number"),
        )
        if text
    ]
    meta = joined(parts, META_SEPARATOR)
    for tag in issue["tags"]:
        meta += [nodes.Text(" ")] if meta else []
        meta.append(tag_badge(app, page, tag))
    title = issue["title"] or issue["docname"]
    lines = [
        nodes.paragraph(
            "",
            "",
            link(app, page, issue["docname"], nodes.Text(title)),
            classes=["bpfnews-archive-title"],
        )
    ]
    if meta:
        lines.append(nodes.paragraph("", "", *meta, classes=["bpfnews-archive-meta"]))
    if issue["summary"]:
        summary = text_nodes(issue["summary"])
        lines.append(nodes.paragraph("", "", *summary, classes=["bpfnews-archive-summary"]))
    return bn.make_block(bn.bpfnews_block, "archive-entry", *lines)


def _entry(app: Sphinx, page: str, issue: IssueRecord) -> list[nodes.Node]:
    return [issue_entry(app, page, issue)]


def _listing(
    app: Sphinx,
    page: str,
    title: str,
    issues: list[IssueRecord],
    navigation: list[tuple[str, str]] | None = None,
    pdf: tuple[str, str, str] | None = None,
) -> GeneratedPage:
    """A page listing ``issues``; ``navigation`` is (label, page) for year and tag
    links; ``pdf`` (kind, key, label) names the edition of these issues in one PDF,
    linked at the top when the site links it."""
    link = linked(domain_of(app.env), pdf[0], pdf[1]) if pdf else None

    def content(fragments: Fragments) -> list[nodes.Node]:
        shown: list[nodes.Node] = []
        if pdf and link:
            reference = pdf_reference(app, page, link, pdf[2])
            shown.append(nodes.paragraph("", "", reference, classes=["bpfnews-archive-pdf"]))
        if navigation:
            badges = [_badge_link(app, page, target, label) for label, target in navigation]
            shown.append(nodes.paragraph("", "", *joined(badges), classes=["bpfnews-archive-nav"]))
        # Each issue is a part, kept while the issue's record is the same.
        entries = fragments.parts(
            (issue["docname"], dict(issue), partial(_entry, app, page, issue)) for issue in issues
        )
        shown.append(bn.make_block(bn.bpfnews_block, "archive", *entries))
        return shown

    # The PDF's address as this page links it: a page whose link changed is written again.
    shown_pdf = page_href(app, page, link) if link else None
    return GeneratedPage(page, title, [issues, navigation, shown_pdf], content)


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
    volume = ("volume", "", str(VOLUME_PDF))
    pages = [_listing(app, root, str(ARCHIVE_TITLE), issues, navigation, volume)]
    pages += [
        _listing(
            app, year_page(app, y), year_title(y), by_year[y], pdf=("year", y, year_pdf_label(y))
        )
        for y in years
    ]
    pages += [_listing(app, tag_page(app, t), tag_title(t), by_tag[t]) for t in tags]
    return pages
