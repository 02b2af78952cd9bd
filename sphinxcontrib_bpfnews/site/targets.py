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

The roles belong to the ``bpfnews`` domain, but the domain knows nothing of the
site: :func:`register` adds them to it and answers the two events Sphinx emits for
a link the domain leaves unresolved, ``missing-reference`` (:func:`resolve`) and
``warn-missing-reference`` (:func:`warn_missing`).
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.roles import XRefRole
from sphinx.util.osutil import relative_uri

from sphinxcontrib_bpfnews.core.ids import slug
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain, domain_of
from sphinxcontrib_bpfnews.site.addresses import site_address
from sphinxcontrib_bpfnews.site.export import EXPORT_FILE
from sphinxcontrib_bpfnews.site.feeds import FEEDS
from sphinxcontrib_bpfnews.site.indexes import INDEX_KINDS
from sphinxcontrib_bpfnews.site.output_state import SITE_BUILDERS

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.domains import Domain
    from sphinx.environment import BuildEnvironment

#: The role types this module resolves.
SITE_ROLES = ("archive", "feed")
#: What ``{bpfnews:feed}`` links to: the feeds, and the JSON export.
FEED_FILES = {**FEEDS, "json": EXPORT_FILE}


class SiteRole(XRefRole):
    """``{bpfnews:archive}`` and ``{bpfnews:feed}``.

    ``{bpfnews:archive}`TEXT``` links TEXT to the archive; ``TEXT <PAGE>`` to one of
    its pages: a year (``2017``), a tag (``tags/bpf``) or an index (``authors``).
    ``{bpfnews:feed}`Atom``` or ``{bpfnews:feed}`RSS``` links to a feed; ``TEXT
    <atom>`` with a text of one's own; ``TEXT <json>`` to the JSON export. Either
    way, the page is noted as one to read again when issues change, and the text
    carries no class of a component.
    """

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: nodes.Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        if self.reftype == "archive":
            return title, (target.strip().strip("/") if has_explicit_title else "")
        return title, target.strip().lower()

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


def _note_user(env: BuildEnvironment) -> None:
    """Whether a target exists depends on every issue (a year, a tag, the archive
    itself), so the page is read again whenever another page changes, as a page with
    an index is."""
    domain_of(env).note_index_page(env.docname)


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


def _is_site_link(node: pending_xref) -> bool:
    return node.get("refdomain") == BpfNewsDomain.name and node["reftype"] in SITE_ROLES


def resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """On ``missing-reference``: the link to a generated page or feed; None when this
    build does not write it (Sphinx then warns); the text alone in outputs that have
    no such pages."""
    if not _is_site_link(node):
        return None
    builder, domain = app.builder, domain_of(env)
    if builder.name not in SITE_BUILDERS:
        raise NoUri(node["reftarget"])
    fromdocname, typ, target = node["refdoc"], node["reftype"], node["reftarget"]
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


def warn_missing(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """On ``warn-missing-reference``: a ``{bpfnews:archive}`` or ``{bpfnews:feed}``
    link to what the site does not write is a ``bpfnews.ref`` warning saying why."""
    if not isinstance(domain, BpfNewsDomain) or not _is_site_link(node):
        return None
    warn("ref", missing_message(app.env, domain, node), node)
    return True


def missing_message(env: BuildEnvironment, domain: BpfNewsDomain, node: pending_xref) -> str:
    """Why a ``{bpfnews:archive}`` or ``{bpfnews:feed}`` link leads nowhere."""
    target = node["reftarget"]
    if not domain.issues():
        return "the newsletter has no published issues, so no archive and no feeds; shown as text"
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


def register(app: Sphinx) -> None:
    """Add the roles to the ``bpfnews`` domain, and resolve their links."""
    # As the domain's own roles: a link that leads nowhere is reported without -n,
    # and its text is plain text, not code.
    for role in SITE_ROLES:
        app.add_role_to_domain(
            BpfNewsDomain.name, role, SiteRole(innernodeclass=nodes.inline, warn_dangling=True)
        )
    app.connect("missing-reference", resolve)
    app.connect("warn-missing-reference", warn_missing)
