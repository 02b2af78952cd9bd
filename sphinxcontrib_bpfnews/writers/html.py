"""HTML visitors: components as semantic elements carrying stable CSS classes.

Series and talks are articles (self-contained entries a screen reader can step
through); the highlights box is a region named by its title, so it is listed among
the page's landmarks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.nodes import SkipNode, Text, TextElement

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


def _at_once(
    self: HTML5Translator, node: nodes.Element, opening: str = "", closing: str = ""
) -> None:
    """Write a node holding nothing but its text, and no id, as one string (its
    span, ``opening``, the text, ``closing``) and skip its children: what the walk
    writes, without two visits and a start tag built attribute by attribute.
    Returns, writing nothing, for any other node."""
    if len(node.children) != 1 or node["ids"] or not isinstance(node.children[0], Text):
        return
    classes = " ".join(node["classes"])
    text = self.encode(node.children[0].astext())
    self.body.append(f'<span class="{classes}">{opening}{text}{closing}</span>')
    raise SkipNode


def visit_badge(self: HTML5Translator, node: nodes.Element) -> None:
    # A label alone, as nearly every badge is, is written at once.
    _at_once(self, node, BADGE_OPEN, BADGE_CLOSE)
    self.body.append(self.starttag(node, "span", "") + BADGE_OPEN)


def depart_badge(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(BADGE_CLOSE + "</span>")


BADGE = (visit_badge, depart_badge)


def visit_text(self: HTML5Translator, node: nodes.inline) -> None:
    """What ``visit_inline`` and ``visit_Text`` would write, in one step."""
    _at_once(self, node)
    self.visit_inline(node)


def depart_text(self: HTML5Translator, node: nodes.inline) -> None:
    self.depart_inline(node)


TEXT = (visit_text, depart_text)


#: The attributes of a link whose opening tag :func:`visit_link` writes itself: an
#: address or an id, whether it is internal, and classes.
_PLAIN_LINK = frozenset(
    {"ids", "classes", "names", "dupnames", "backrefs", "refuri", "refid", "internal"}
)


def visit_link(self: HTML5Translator, node: nodes.reference) -> None:
    """The opening tag Sphinx's ``visit_reference`` writes, made in one step for a
    link inside a line with an address (not a mail address, which Sphinx may cloak)
    or an id, classes and nothing else: that visitor weighs a dozen cases and builds
    the tag attribute by attribute, and the pages of an archive hold thousands of
    links. Any other link is Sphinx's to write."""
    uri = node.get("refuri")
    if uri is not None:  # an empty one Sphinx writes as "#": left to it
        href, plain = uri, bool(uri) and not uri.startswith("mailto:")
    else:
        href, plain = f"#{node.get('refid')}", bool(node.get("refid"))
    if (
        not plain
        or node["ids"]
        or not _PLAIN_LINK.issuperset(node.attributes)
        or not isinstance(node.parent, TextElement)
    ):
        self.visit_reference(node)
        return
    kind = "internal" if node.get("internal") or uri is None else "external"
    # Each class once, as docutils' start tag writes them.
    classes = " ".join(dict.fromkeys([*node["classes"], "reference", kind]))
    self.body.append(f'<a class="{self.attval(classes)}" href="{self.attval(href)}">')


def depart_link(self: HTML5Translator, node: nodes.reference) -> None:
    self.depart_reference(node)


LINK = (visit_link, depart_link)


def visit_fragment(self: HTML5Translator, node: nodes.Element) -> None:
    node["start"] = len(self.body)


def depart_fragment(self: HTML5Translator, node: nodes.Element) -> None:
    # Nothing of its own: the children's HTML, kept for the next build.
    node["html"] = "".join(self.body[node["start"] :])


FRAGMENT = (visit_fragment, depart_fragment)


def visit_kept(self: HTML5Translator, node: nodes.Element) -> None:
    written = node.get("copy_of", node)  # a piece the page shows again: the first
    if "html" not in written:  # the first is not written yet: written as it is, again
        node.extend(child.deepcopy() for child in written.children)
        return
    self.body.append(written["html"])
    raise SkipNode


def depart_kept(self: HTML5Translator, node: nodes.Element) -> None:
    """Only after the copy of a piece written later on the page: its children."""


KEPT = (visit_kept, depart_kept)
