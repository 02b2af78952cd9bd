"""``bpfnews-index``: one of the cross-issue indexes, inside any page.

The generated HTML index pages exist only on the web site; this directive puts an
index into a page of the project, and so into the PDF and every other format. The
page holds a placeholder, filled in when the page is written; whenever an issue is
added, changed or removed, pages with indexes are read again so they are written
anew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.site.indexes import INDEX_KINDS, index_content

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


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

    def linker(target: str, anchor: str, children: list[nodes.Node]) -> nodes.Element:
        text = nodes.inline("", "", *children)
        try:
            return make_refnode(app.builder, docname, target, anchor, text)
        except NoUri:  # the issue is not part of this output (a PDF without it, say)
            return text

    for placeholder in placeholders:
        content = index_content(placeholder["kind"], domain, issues, linker)
        placeholder.replace_self(nodes.container("", *content, classes=["bpfnews-index"]))


def pages_to_reread(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages with an index, when any other page was added, changed or removed."""
    index_pages = set(domain_of(env).data["index_pages"])
    if (added | changed | removed) - index_pages:
        return sorted(index_pages)
    return []
