"""Drafts and scheduled issues in a build: its day, pages whose status changed, and
links into issues not published yet.

Which issues are published (:mod:`~.core.publication`) depends on the day of the
build, so an issue dated tomorrow is published by tomorrow's build with no file
changed. The day is fixed once, when the build starts (:func:`note_build_day`), in
the domain, which every process of a parallel build inherits; issues whose status
changed since the last build are read again, so their badge goes, and so are the
pages with an index (what they show changed); the pages listing issues follow, as
when an issue is edited (:mod:`.site`).

A published page linking to an issue that is not published would lead readers to a
page the site does not list yet: every build warns about each such link
(``bpfnews.draft``), after reading (:func:`check_links`), from the links each page
noted when it was read (:func:`collect_links`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from sphinx import addnodes
from sphinx.util import docname_join

from sphinxcontrib_bpfnews.core.publication import build_day, is_scheduled
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import TODAY, BpfNewsDomain, domain_of

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.records import IssueRecord

#: The domain's key for the pages of the issues not published after the last build.
UNPUBLISHED = "unpublished"


def note_build_day(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """On ``env-get-outdated``, before any page is read: the day this build publishes
    up to; the issues published or withdrawn by it alone (their date came, or
    ``SOURCE_DATE_EPOCH`` moved), and the pages with an index, to read again."""
    domain = domain_of(env)
    domain.data[TODAY] = build_day(os.environ)
    before = domain.data.get(UNPUBLISHED)
    if before is None:
        return []
    flipped = set(domain.unpublished()) ^ set(before)
    if not flipped:
        return []
    return sorted((flipped | set(domain.data["index_pages"])) - removed)


def _line(node: nodes.Node) -> int | None:
    """The node's line, or its nearest ancestor's (MyST gives some links none)."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return current.line
        current = current.parent
    return None


def collect_links(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: note the page's links that can lead into an issue: to a
    page (``{doc}``, a Markdown link, a toctree entry), to a label (``{ref}``,
    MyST's ``#label``), to a named series or talk."""
    docname = app.env.docname
    links: list[tuple[str, str, int | None]] = []
    for node in doctree.findall(addnodes.pending_xref):
        domain, kind, target = node.get("refdomain"), node.get("reftype"), node["reftarget"]
        if (domain, kind) == ("std", "doc"):
            links.append(("doc", docname_join(node.get("refdoc", docname), target), _line(node)))
        elif (domain, kind) == ("doc", "myst"):
            links.append(("doc", target, _line(node)))
        elif (domain, kind) in {("std", "ref"), (None, "myst"), ("", "myst")}:
            links.append(("ref", target, _line(node)))
        elif domain == BpfNewsDomain.name and kind in BpfNewsDomain.object_types:
            links.append((kind, target, _line(node)))
    for toctree in doctree.findall(addnodes.toctree):
        links += [("doc", included, _line(toctree)) for included in toctree["includefiles"]]
    domain_of(app.env).note_links(docname, links)


def _linked_page(env: BuildEnvironment, kind: str, target: str) -> str:
    """The page a link leads to, or "" when it leads to none (Sphinx or the roles
    warn about those)."""
    if kind == "doc":
        return target
    if kind == "ref":
        std = env.get_domain("std").data
        found = std["labels"].get(target) or std["anonlabels"].get(target)
        return str(found[0]) if found else ""
    named = domain_of(env).data["names"].get((kind, target))
    return str(named[0]) if named else ""


def _why(issue: IssueRecord, today: str) -> str:
    if is_scheduled(issue, today) and not issue["draft"]:
        return f"is dated {issue['date']}, after today ({today})"
    return "is a draft"


def check_links(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-updated``, on every build: warn about each link from a published page
    into an issue not published, naming the issue; and keep which issues are not
    published, for the next build (:func:`note_build_day`)."""
    domain = domain_of(env)
    unpublished = set(domain.unpublished())
    domain.data[UNPUBLISHED] = sorted(unpublished)
    if not unpublished:
        return []
    today = domain.today()
    for docname, kind, target, line in domain.links():
        if docname in unpublished:
            continue
        page = _linked_page(env, kind, target)
        issue = domain.issue(page) if page in unpublished and page != docname else None
        if issue is None:
            continue
        warn(
            "draft",
            f"links to {page!r} ({issue['title'] or page!r}), which {_why(issue, today)}: "
            f"the site does not list it yet, so readers would find a page that is not "
            f"published",
            (docname, line),
        )
    return []


def register(app: Sphinx) -> None:
    # First, so the day is known to every other handler of the event.
    app.connect("env-get-outdated", note_build_day, priority=50)
    app.connect("doctree-read", collect_links)
    app.connect("env-updated", check_links)
