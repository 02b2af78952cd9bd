"""Moving between issues: previous/next links, the recent-issues block, page metadata.

Issue pages sit outside the toctree, so the theme's own previous/next links are
set here to the chronological neighbours, and every page gets the newest issues
for the ``bpfnews/recent.html`` sidebar block. Both are filled in when a page is
written, so when issues are added, renamed or retitled the pages that show them
are rewritten too (``env-get-updated``), and nothing else is.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.labels import shown_date
from sphinxcontrib_bpfnews.site import output_state
from sphinxcontrib_bpfnews.site.addresses import absolute_url, base_url

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

RECENT_TEMPLATE = "bpfnews/recent.html"
#: furo's own sidebar with the recent-issues block after its navigation, for a
#: project's ``conf.py``: ``html_sidebars = {"**": FURO_SIDEBARS}``.
FURO_SIDEBARS = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    RECENT_TEMPLATE,
    "sidebar/scroll-end.html",
]
BODY_CACHE = "bodies"


def entries(issues: list[IssueRecord]) -> list[tuple[str, str, str]]:
    """What the navigation shows of each issue, newest first: (docname, title, date)."""
    return [(issue["docname"], issue["title"], issue["date"]) for issue in issues]


def uses_recent_block(app: Sphinx) -> bool:
    sidebars = app.config.html_sidebars or {}
    return any(
        RECENT_TEMPLATE in (names if isinstance(names, (list, tuple)) else [names])
        for names in sidebars.values()
    )


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose previous/next links or recent-issues block changed since last build."""
    domain = domain_of(env)
    now = entries(domain.issues())
    before = [tuple(item) for item in domain.data.get("navigation", [])]
    domain.data["navigation"] = now
    if now == before:
        return []
    limit = app.config.bpfnews_recent_issues
    if uses_recent_block(app) and now[:limit] != before[:limit]:
        return sorted(env.found_docs)
    return sorted(_neighbours_changed(now, before) & env.found_docs)


def _neighbours_changed(
    now: Sequence[tuple[str, ...]], before: Sequence[tuple[str, ...]]
) -> set[str]:
    def neighbours(order: Sequence[tuple[str, ...]]) -> dict[str, tuple[Any, Any]]:
        return {
            item[0]: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
            for i, item in enumerate(order)
        }

    old, new = neighbours(before), neighbours(now)
    return {docname for docname, around in new.items() if old.get(docname) != around}


def _page_link(app: Sphinx, pagename: str, issue: IssueRecord) -> dict[str, str]:
    return {
        "link": app.builder.get_relative_uri(pagename, issue["docname"]),
        "title": html.escape(issue["title"] or issue["docname"]),
    }


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Neighbours, recent issues, description and Open Graph tags for a page.

    Feed links, the description and Open Graph tags are for the web site (html and
    dirhtml): an ePub's XHTML pages have no feeds and would not parse with them.
    """
    site = app.builder.name in output_state.SITE_BUILDERS
    domain = domain_of(app.env)
    issues = domain.issues()
    limit = max(0, app.config.bpfnews_recent_issues)
    context["bpfnews_recent"] = [
        {**_page_link(app, pagename, issue), "date": shown_date(issue["date"], app.config)}
        for issue in issues[:limit]
    ]
    context["bpfnews_archive"] = app.builder.get_relative_uri(
        pagename, app.config.bpfnews_archive_page
    )
    if site and base_url(app) and issues:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" type="application/atom+xml" title="Atom" '
            f'href="{html.escape(base_url(app))}atom.xml">'
            f'\n<link rel="alternate" type="application/rss+xml" title="RSS" '
            f'href="{html.escape(base_url(app))}rss.xml">'
        )
    order = [issue["docname"] for issue in issues]
    if pagename not in order:
        return
    position = order.index(pagename)
    issue = issues[position]
    # Newest first: the previous issue is the older one, the next the newer one.
    context["prev"] = (
        _page_link(app, pagename, issues[position + 1]) if position + 1 < len(issues) else None
    )
    context["next"] = _page_link(app, pagename, issues[position - 1]) if position else None
    if site:
        context["metatags"] = context.get("metatags", "") + _meta_tags(app, issue, domain)
        _cache_body(app, pagename, str(context.get("body", "")))


def description(issue: IssueRecord, domain: BpfNewsDomain) -> str:
    """The issue's summary, else its highlights joined."""
    return issue["summary"] or "; ".join(domain.highlights_of(issue["docname"]))


def _meta_tags(app: Sphinx, issue: IssueRecord, domain: BpfNewsDomain) -> str:
    text = description(issue, domain)
    tags = []
    if text:
        tags.append(("name", "description", text))
        tags.append(("property", "og:description", text))
    tags.append(("property", "og:title", issue["title"]))
    tags.append(("property", "og:type", "article"))
    if base_url(app):
        tags.append(("property", "og:url", absolute_url(app, issue["docname"])))
    if issue["date"]:
        tags.append(("property", "article:published_time", issue["date"]))
    tags += [("property", "article:tag", tag) for tag in issue["tags"]]
    return "".join(
        f'\n<meta {kind}="{html.escape(key)}" content="{html.escape(value)}">'
        for kind, key, value in tags
    )


def _body_path(app: Sphinx, pagename: str) -> Path:
    """Where an issue's rendered body is kept for the feeds: with this output
    folder's state, as its links are relative to this builder's pages."""
    return output_state.state_dir(app) / BODY_CACHE / f"{pagename}.html"


def cached_body(app: Sphinx, pagename: str) -> str:
    """The issue's body as its page was last written, or ""."""
    try:
        return _body_path(app, pagename).read_text(encoding="utf-8")
    except OSError:
        return ""


def _cache_body(app: Sphinx, pagename: str, body: str) -> None:
    # Written from whichever process writes the page, so parallel writes keep it too.
    path = _body_path(app, pagename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
