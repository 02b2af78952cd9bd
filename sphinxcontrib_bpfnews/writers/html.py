"""HTML visitors: components as semantic elements carrying stable CSS classes.

Series and talks are articles (self-contained entries a screen reader can step
through); the highlights box is a region named by its title, so it is listed among
the page's landmarks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.nodes import SkipNode, Text

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.writers.html5 import HTML5Translator

#: The element of each part that is not a ``div``; the archive's issues are articles too.
_ELEMENTS = {
    "series": "article",
    "talk": "article",
    "highlight": "section",
    "archive-entry": "article",
}


def _element(node: nodes.Element) -> str:
    return _ELEMENTS.get(node.get("part", ""), "div")


def visit_block(self: HTML5Translator, node: nodes.Element) -> None:
    attributes: dict[str, Any] = {}
    if node.get("part") == "highlight" and node.children:
        attributes["aria-label"] = node.children[0].astext()
    self.body.append(self.starttag(node, _element(node), **attributes))


def depart_block(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(f"</{_element(node)}>\n")


BLOCK = (visit_block, depart_block)


#: A badge's brackets: hidden from sight (the badge's box shows where it starts
#: and ends) but read by screen readers, kept when the page is read without its
#: stylesheet, and copied with the text, so a copied line reads like the mail
#: subject it came from: ``[net-next] [v3] bpf: ...``.
BADGE_OPEN = '<span class="bpfnews-bracket">[</span>'
BADGE_CLOSE = '<span class="bpfnews-bracket">]</span>'


def _leaf_text(node: nodes.Element) -> str | None:
    """The text of a node holding nothing but text and no id, else None."""
    if len(node.children) == 1 and not node["ids"]:
        child = node.children[0]
        if isinstance(child, Text):
            return child.astext()
    return None


def visit_badge(self: HTML5Translator, node: nodes.Element) -> None:
    text = _leaf_text(node)
    if text is None:
        self.body.append(self.starttag(node, "span", "") + BADGE_OPEN)
        return
    # A label alone, as nearly every badge is: written at once, as for a text.
    classes = " ".join(node["classes"])
    self.body.append(f'<span class="{classes}">{BADGE_OPEN}{self.encode(text)}{BADGE_CLOSE}</span>')
    raise SkipNode


def depart_badge(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(BADGE_CLOSE + "</span>")


BADGE = (visit_badge, depart_badge)


def visit_text(self: HTML5Translator, node: nodes.inline) -> None:
    """What ``visit_inline`` and ``visit_Text`` would write, in one step."""
    text = _leaf_text(node)
    if text is None:
        self.visit_inline(node)
        return
    classes = " ".join(node["classes"])
    self.body.append(f'<span class="{classes}">{self.encode(text)}</span>')
    raise SkipNode


def depart_text(self: HTML5Translator, node: nodes.inline) -> None:
    self.depart_inline(node)


TEXT = (visit_text, depart_text)


def visit_fragment(self: HTML5Translator, node: nodes.Element) -> None:
    node["start"] = len(self.body)


def depart_fragment(self: HTML5Translator, node: nodes.Element) -> None:
    # Nothing of its own: the children's HTML, kept for the next build.
    node["html"] = "".join(self.body[node["start"] :])


FRAGMENT = (visit_fragment, depart_fragment)
