"""Links between the revisions of a series in different issues, kept right.

A series' page holds, from the time it is read, a small placeholder naming the
entry (its page and anchor), never what other pages hold. Once every page is read
(``env-get-updated``), the revisions of every entry are worked out from all the
issues' records at once (:func:`.revision_links.revision_links`) and kept in the
domain as plain data; each placeholder becomes its revision line when its page is
written (``doctree-resolved``, for every builder), rendered by
:func:`.render.revision_line`.

A page shows other pages' revisions, so adding an issue changes what earlier pages
show without changing them. The links each page showed when its output folder was
last written are kept too (by output folder, as the HTML and the PDF may share one
environment), and the pages whose links differ now are handed back to Sphinx to be
written again, and no others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.core.revision_links import EntryLinks, family_links
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension import shown
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.render import linker, revision_line

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

#: The domain's keys: every entry's links now, what they were worked out from, and
#: what each output folder shows.
CURRENT = "revision_links"
CURRENT_FROM = "revision_links_from"
WRITTEN = "revision_links_written"


def current_links(domain: BpfNewsDomain) -> dict[str, dict[str, Any]]:
    """docname -> anchor -> the entry's links as plain data (see
    :meth:`.EntryLinks.as_data`), as worked out after the last read."""
    links: dict[str, dict[str, Any]] = domain.data.setdefault(CURRENT, {})
    return links


def links_of(domain: BpfNewsDomain, docname: str, anchor: str) -> EntryLinks | None:
    """The revisions in other issues of the entry at ``anchor`` of ``docname``."""
    data = current_links(domain).get(docname, {}).get(anchor)
    return EntryLinks.from_data(data) if data else None


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-get-updated``: work out every entry's revisions, and return the
    pages whose revision links differ from those their output last showed.

    The links are worked out again only when the records or the listed issues
    changed (a rebuild with nothing new keeps them), as grouping every series of
    the newsletter is not cheap."""
    domain = domain_of(env)
    made_from = [domain.records_token(), [issue["docname"] for issue in domain.issues()]]
    if domain.data.get(CURRENT_FROM) != made_from or CURRENT not in domain.data:
        domain.data[CURRENT] = {
            docname: {anchor: links.as_data() for anchor, links in entries.items()}
            for docname, entries in family_links(domain.families()).items()
        }
        domain.data[CURRENT_FROM] = made_from
    now = domain.data[CURRENT]
    before = shown.remember(app, env, WRITTEN, now, {})
    return shown.changed_pages(now, before, env.found_docs)


def resolve_revisions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: each placeholder becomes its series' revision line,
    or nothing when the series has no revision in another issue."""
    placeholders = list(doctree.findall(bn.bpfnews_revisions_placeholder))
    if not placeholders:
        return
    domain = domain_of(app.env)
    link = linker(app.builder, docname)
    for placeholder in placeholders:
        links = links_of(domain, placeholder["docname"], placeholder["anchor"])
        if links is None:
            placeholder.parent.remove(placeholder)
        else:
            placeholder.replace_self(revision_line(links, link))


def register(app: Sphinx) -> None:
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", resolve_revisions)
