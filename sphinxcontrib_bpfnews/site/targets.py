"""Links to what the site generates: ``{bpfnews:archive}`` and ``{bpfnews:feed}``.

The archive, its pages and the feeds are made only in the HTML output, so they are
no documents Sphinx knows and ``{doc}`` cannot reach them; a raw ``<a href>`` to
them is never checked, and goes on pointing at ``archive.html`` after
``bpfnews_archive_page`` moved the archive. These roles are resolved like any
cross-reference, against the pages and feeds this build writes: a link to a page
the archive does not have (a tag nobody uses, a typo) or to feeds the site cannot
write (no ``html_baseurl``) is a ``bpfnews.ref`` warning, which ``-W`` makes fatal.
Builders other than the web site's show the link's text, as they show links to
pages they do not hold.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.roles import XRefRole
from sphinx.util.osutil import relative_uri

from sphinxcontrib_bpfnews.site.export import EXPORT_FILE
from sphinxcontrib_bpfnews.site.feeds import FEEDS
from sphinxcontrib_bpfnews.site.indexes import INDEX_KINDS
from sphinxcontrib_bpfnews.site.output import site_address, slug
from sphinxcontrib_bpfnews.site.output_state import SITE_BUILDERS

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

#: The role types this module resolves.
SITE_ROLES = ("archive", "feed")
#: What ``{bpfnews:feed}`` links to: the feeds, and the JSON export.
FEED_FILES = {**FEEDS, "json": EXPORT_FILE}


class _SiteRole(XRefRole):
    """What both roles share: the page is noted as one to read again when issues
    change, and the text carries no class of a component."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: nodes.Element, is_ref: bool
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        _note_user(env)
        # Sphinx classes the text "bpfnews-archive", the archive list's own class.
        for text in node.findall(nodes.inline):
            text["classes"] = [
                name for name in text["classes"] if name != f"bpfnews-{self.reftype}"
            ]
        return super().result_nodes(document, env, node, is_ref)


class ArchiveRole(_SiteRole):
    """``{bpfnews:archive}`TEXT``` links TEXT to the archive; ``TEXT <PAGE>`` to one
    of its pages: a year (``2017``), a tag (``tags/bpf``) or an index (``authors``)."""

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: nodes.Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        return title, (target.strip().strip("/") if has_explicit_title else "")


class FeedRole(_SiteRole):
    """``{bpfnews:feed}`Atom``` or ``{bpfnews:feed}`RSS```; ``TEXT <atom>`` with a
    text of one's own; ``TEXT <json>`` for the JSON export."""

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: nodes.Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        return title, target.strip().lower()


def _note_user(env: BuildEnvironment) -> None:
    """Whether a target exists depends on every issue (a year, a tag, the archive
    itself), so the page is read again whenever another page changes, as a page with
    an index is."""
    cast("BpfNewsDomain", env.get_domain("bpfnews")).note_index_page(env.docname)


def archive_page_names(config: Config, domain: BpfNewsDomain) -> set[str]:
    """The pages the archive has in this build: none without issues; else the archive,
    its year, tag and index pages (see :mod:`.archive` and :mod:`.indexes`)."""
    issues = domain.issues()
    if not issues:
        return set()
    root = config.bpfnews_archive_page
    names = {root} | {f"{root}/{kind}" for kind in INDEX_KINDS}
    for issue in issues:
        if issue["date"]:
            names.add(f"{root}/{issue['date'][:4]}")
        names |= {f"{root}/tags/{slug(tag)}" for tag in issue["tags"]}
    return names


def _archive_page(config: Config, target: str) -> str:
    """The page a target names; a tag as written is found by its page's name."""
    root = config.bpfnews_archive_page
    if not target:
        return str(root)
    if target.startswith("tags/"):
        target = "tags/" + slug(target.removeprefix("tags/"))
    return f"{root}/{target}"


def _written(env: BuildEnvironment, domain: BpfNewsDomain, target: str) -> bool:
    """The export is written for a site with issues; the feeds also need its address
    (see :mod:`.feeds` and :mod:`.export`)."""
    if target not in FEED_FILES or not domain.issues():
        return False
    return target not in FEEDS or bool(site_address(env.config))


def resolve(
    env: BuildEnvironment,
    domain: BpfNewsDomain,
    fromdocname: str,
    builder: Builder,
    typ: str,
    target: str,
    contnode: nodes.Element,
) -> nodes.reference | None:
    """The link to a generated page or feed; None when this build does not write it
    (Sphinx then warns); the text alone in outputs that have no such pages."""
    if builder.name not in SITE_BUILDERS:
        raise NoUri(target)
    if typ == "archive":
        page = _archive_page(env.config, target)
        if page not in archive_page_names(env.config, domain):
            return None
        uri = builder.get_relative_uri(fromdocname, page)
    else:
        if not _written(env, domain, target):
            return None
        uri = relative_uri(builder.get_target_uri(fromdocname), FEED_FILES[target])
    return nodes.reference("", "", contnode, refuri=uri, internal=True)


def missing_message(env: BuildEnvironment, domain: BpfNewsDomain, node: pending_xref) -> str:
    """Why a ``{bpfnews:archive}`` or ``{bpfnews:feed}`` link leads nowhere."""
    target = node["reftarget"]
    if not domain.issues():
        return "the newsletter has no issues, so no archive and no feeds; shown as text"
    if node["reftype"] == "feed":
        if target in FEEDS:
            return "no feeds are written without the site's address (html_baseurl); shown as text"
        known = ", ".join(map(repr, FEED_FILES))
        return f"no feed {target!r}: the feeds are {known}; shown as text"
    root = env.config.bpfnews_archive_page
    pages = sorted(name.removeprefix(f"{root}/") for name in archive_page_names(env.config, domain))
    message = f"the archive has no page {target!r}; shown as text, not as a link"
    if close := difflib.get_close_matches(target, pages, n=1):
        message += f" (did you mean {close[0]!r}?)"
    return message
