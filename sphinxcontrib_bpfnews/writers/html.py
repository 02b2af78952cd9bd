"""HTML visitors: components as semantic elements carrying stable CSS classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.writers.html5 import HTML5Translator

_ELEMENTS = {"series": "article", "talk": "article"}


def _element(node: nodes.Element) -> str:
    return _ELEMENTS.get(node.get("part", ""), "div")


def visit_block(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, _element(node)))


def depart_block(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(f"</{_element(node)}>\n")


BLOCK = (visit_block, depart_block)
