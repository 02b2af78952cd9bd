"""The archive: every issue newest first, and one page per tag and per year."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews.core.ids import slug, sort_key
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import html_text
from sphinxcontrib_bpfnews.extension.labels import (
    ARCHIVE_TITLE,
    issue_label,
    shown_date,
    tag_title,
    year_title,
)
from sphinxcontrib_bpfnews.extension.render import META_SEPARATOR
from sphinxcontrib_bpfnews.site.pages import GeneratedPage, heading
from sphinxcontrib_bpfnews.writers.html import BADGE_CLOSE, BADGE_OPEN

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_bpfnews.core.records import IssueRecord


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


def _a(app: Sphinx, from_page: str, to_page: str, inner: str, anchor: str = "") -> str:
    uri = app.builder.get_relative_uri(from_page, to_page) + (f"#{anchor}" if anchor else "")
    return f'<a class="reference internal" href="{html.escape(uri)}">{inner}</a>'


def _topic_html(app: Sphinx, page: str, target: str, label: str) -> str:
    return (
        f'<span class="bpfnews-badge bpfnews-badge-topic">{BADGE_OPEN}'
        f"{_a(app, page, target, html.escape(label))}{BADGE_CLOSE}</span>"
    )


def issue_entry(app: Sphinx, page: str, issue: IssueRecord) -> str:
    """One issue in a list, as HTML: title, then date, number and tags, then summary.

    Generated pages are written as HTML directly: building and rendering docutils
    nodes for hundreds of issues costs seconds in every build that changes them.
    """
    number = issue["number"]
    parts = [
        f'<span class="{cls}">{html.escape(text)}</span>'
        for text, cls in (
            (shown_date(issue["date"], app.config), "bpfnews-issue-date"),
            (issue_label(number) if number is not None else "", "bpfnews-issue-number"),
        )
        if text
    ]
    meta = f' <span class="bpfnews-sep">{META_SEPARATOR}</span> '.join(parts)
    meta += "".join(" " + _topic_html(app, page, tag_page(app, tag), tag) for tag in issue["tags"])
    title = _a(app, page, issue["docname"], html.escape(issue["title"] or issue["docname"]))
    entry = f'<article class="bpfnews-archive-entry"><p class="bpfnews-archive-title">{title}</p>'
    if meta:
        entry += f'<p class="bpfnews-archive-meta">{meta.strip()}</p>'
    if issue["summary"]:
        entry += f'<p class="bpfnews-archive-summary">{html_text(issue["summary"])}</p>'
    return entry + "</article>"


def _listing(
    app: Sphinx,
    page: str,
    title: str,
    issues: list[IssueRecord],
    navigation: list[tuple[str, str]] | None = None,
) -> GeneratedPage:
    """A page listing ``issues``; ``navigation`` is (label, page) for year and tag links."""

    def render() -> str:
        body = heading(title)
        if navigation:
            links = " ".join(_topic_html(app, page, target, label) for label, target in navigation)
            body += f'<p class="bpfnews-archive-nav">{links}</p>'
        entries = "".join(issue_entry(app, page, issue) for issue in issues)
        return body + f'<div class="bpfnews-archive">{entries}</div>'

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
