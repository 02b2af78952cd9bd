"""Series and talk lines made while a page is translated, and let go right after.

A page holds each series' and talk's data lines as one
:class:`~sphinxcontrib_bpfnews.extension.nodes.bpfnews_deferred` node. The writers that have
visitors for the newsletter nodes (HTML, LaTeX, plain text, man, Texinfo) make the
lines when they reach that node and drop them once written, so the thousands of
nodes of an archive page's patch lists live for one series at a time: they die
young, where Python frees them cheaply, instead of piling up with the pages Sphinx
holds and making its collector walk the whole heap again and again.

Other builders (XML, pseudo-XML, or a writer of another extension) get the lines
put in place when the page is resolved, so they see ordinary nodes; the link
checker, which collects addresses earlier, gets them before it looks, and so does
Sphinx's LaTeX builder when ``latex_show_urls`` has it give link addresses
footnotes. The search index reads a page before it is translated; it gets the
lines' words as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.render import deferred_lines, expand_all, search_words
from sphinxcontrib_bpfnews.writers.traversal import walk_children

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config


def visit_deferred(self: Any, node: bn.bpfnews_deferred) -> None:
    """Put the lines in the node and walk them (:mod:`.traversal`: they are most of
    the nodes of an issue's page)."""
    node[:] = deferred_lines(node)
    walk_children(node, self)


def depart_deferred(self: Any, node: bn.bpfnews_deferred) -> None:
    """The lines are written: let them go, freed at once. Without their links to
    their parents they hold no cycle, so Python frees them as the node drops them,
    and the collector, set off by the objects they count while they live, does not
    run as often."""
    bn.let_go(node.children)
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


def addresses_in_footnotes(config: Config) -> bool:
    """Whether the PDF gives each link's address a footnote (``latex_show_urls``).

    Only then does Sphinx print the addresses of series, patches and talks: with
    ``"no"`` and with ``"inline"`` the LaTeX writer prints each line's address after
    it, set small in a face of its own and free to break anywhere, where Sphinx's
    inline address is plain text that a long patchwork or lore address pushes past
    the margin.
    """
    return bool(config.latex_show_urls == "footnote")


class ExpandForFootnotes(SphinxPostTransform):
    """With ``latex_show_urls = "footnote"``, Sphinx's ``ShowUrlsTransform`` gives
    every link a footnote, and looks for links before the page is written: it gets
    the lines of every series and talk, and so the address of each series, patch and
    talk, first."""

    formats = ("latex",)
    #: Before Sphinx's ``ShowUrlsTransform`` (400).
    default_priority = 390

    def run(self, **kwargs: Any) -> None:
        if addresses_in_footnotes(self.config):
            expand_all(self.document)


class ExpandForLinkcheck(SphinxPostTransform):
    """The link checker collects a page's addresses in a post-transform of its own,
    before ``doctree-resolved``: it gets the lines, and the addresses of every
    series, patch and talk, first."""

    builders = ("linkcheck",)
    #: Before Sphinx's ``HyperlinkCollector`` (800).
    default_priority = 700

    def run(self, **kwargs: Any) -> None:
        expand_all(self.document)
