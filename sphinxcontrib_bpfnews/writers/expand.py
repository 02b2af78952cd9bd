"""Series and talk lines made while a page is translated, and let go right after.

A page holds each series' and talk's data lines as one
:class:`~sphinxcontrib_bpfnews.nodes.bpfnews_deferred` node. The writers that have
visitors for the newsletter nodes (HTML, LaTeX, plain text, man, Texinfo) make the
lines when they reach that node and drop them once written, so the thousands of
nodes of an archive page's patch lists live for one series at a time: they die
young, where Python frees them cheaply, instead of piling up with the pages Sphinx
holds and making its collector walk the whole heap again and again.

Other builders (XML, pseudo-XML, or a writer of another extension) get the lines
put in place when the page is resolved, so they see ordinary nodes; the link
checker, which collects addresses earlier, gets them before it looks. The search
index reads a page before it is translated; it gets the lines' words as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinxcontrib_bpfnews import nodes as bn
from sphinxcontrib_bpfnews.render import deferred_lines, expand_all, search_words

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def visit_deferred(self: Any, node: bn.bpfnews_deferred) -> None:
    """Put the lines in the node, for the translator to walk next."""
    node[:] = deferred_lines(node)


def depart_deferred(self: Any, node: bn.bpfnews_deferred) -> None:
    """The lines are written: let them go."""
    node.clear()


VISITORS = (visit_deferred, depart_deferred)


def translator_expands(app: Sphinx, builder: Builder) -> bool:
    """Whether ``builder``'s translator gets :data:`VISITORS`.

    Looks the handlers up as Sphinx does when it makes the translator: those
    registered for the builder's name, or else for its format.
    """
    handlers = app.registry.translation_handlers.get(builder.name)
    if handlers is None:
        handlers = app.registry.translation_handlers.get(builder.format, {})
    return bn.bpfnews_deferred.__name__ in handlers


def prepare_deferred(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Ready a page's deferred nodes for its writer (on ``doctree-resolved``).

    Writers that expand them get, when the builder indexes pages for search, the
    words of each node's lines as its text; any other writer gets the lines.
    """
    if not translator_expands(app, app.builder):
        expand_all(doctree)
    elif getattr(app.builder, "indexer", None) is not None:
        for node in doctree.findall(bn.bpfnews_deferred):
            node[:] = [nodes.Text(search_words(node))]


class ExpandForLinkcheck(SphinxPostTransform):
    """The link checker collects a page's addresses in a post-transform of its own,
    before ``doctree-resolved``: it gets the lines, and the addresses of every
    series, patch and talk, first."""

    builders = ("linkcheck",)
    #: Before Sphinx's ``HyperlinkCollector`` (800).
    default_priority = 700

    def run(self, **kwargs: Any) -> None:
        expand_all(self.document)
