"""How each Sphinx writer renders the newsletter's nodes: visitors for HTML, LaTeX, plain
text, man and Texinfo. Imports core and the extension; never site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.writers import expand, html, latex, latex_index, plain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Every node class of :mod:`sphinxcontrib_bpfnews.extension.nodes`, with its own visitors.
_VISITORS: dict[type[Any], dict[str, Any]] = {
    bn.bpfnews_block: {"html": html.BLOCK, "latex": latex.BLOCK},
    bn.bpfnews_series: {"html": html.BLOCK, "latex": latex.BLOCK},
    bn.bpfnews_talk: {"html": html.BLOCK, "latex": latex.BLOCK},
    bn.bpfnews_highlights: {"html": html.BLOCK, "latex": latex.BLOCK},
    bn.bpfnews_line: {"latex": latex.LINE, **plain.LINE},
    bn.bpfnews_badge: {"html": html.BADGE, "latex": latex.BADGE, **plain.BADGE},
    bn.bpfnews_text: {"html": html.TEXT},
    bn.bpfnews_patch_counter: {"html": html.BADGE, "latex": latex.PATCH_COUNTER, **plain.BADGE},
    bn.bpfnews_patch_list: {"latex": latex.PATCH_LIST},
    bn.bpfnews_patch: {"latex": latex.PATCH},
    bn.bpfnews_index_placeholder: {},
    bn.bpfnews_issues_placeholder: {},
    bn.bpfnews_revisions_placeholder: {},
    bn.bpfnews_index: {"latex": latex_index.INDEX},
    bn.bpfnews_commit_hash: plain.COMMIT_HASH,
    bn.bpfnews_link: {"html": html.LINK},
    # Only in the generated pages of the web site.
    bn.bpfnews_fragment: {"html": html.FRAGMENT},
    bn.bpfnews_kept: {"html": html.KEPT},
}
#: The formats above make series and talk lines while translating (:mod:`.expand`).
_VISITORS[bn.bpfnews_deferred] = dict.fromkeys(
    sorted({fmt for visitors in _VISITORS.values() for fmt in visitors}), expand.VISITORS
)


def register(app: Sphinx) -> None:
    """Register every node class with its visitors.

    Every node class is registered for every writer Sphinx ships: HTML and LaTeX get
    visitors of their own (:mod:`.html`, :mod:`.latex`), plain text, man and Texinfo
    get small ones where a plain reading needs them (:mod:`.plain`), and every other
    writer renders the standard docutils node each class derives from. Series and
    talk lines are made while a page is translated (:mod:`.expand`); their general
    index entries get LaTeX of their own (:mod:`.latex_index`).
    """
    for node_class, visitors in _VISITORS.items():
        app.add_node(node_class, **visitors)
    # Before anything else looks at a page about to be written.
    app.connect("doctree-resolved", expand.prepare_deferred, priority=100)
    app.add_post_transform(expand.ExpandForLinkcheck)
    app.add_post_transform(expand.ExpandForFootnotes)
