"""Plain text, man and Texinfo: brackets around badges, addresses spelled out.

These formats have no colours or boxes, so a badge is read as ``[net-next]``. Plain
text prints a link's address after it as ``<https://...>``; man and Texinfo print
addresses of links themselves, so the spelled-out copy is skipped there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes


def _wrap(opening: str, closing: str) -> dict[str, tuple[Any, Any]]:
    def visit_text(self: Any, node: nodes.Element) -> None:
        self.add_text(opening)

    def depart_text(self: Any, node: nodes.Element) -> None:
        self.add_text(closing)

    def visit_body(self: Any, node: nodes.Element) -> None:
        self.body.append(opening)

    def depart_body(self: Any, node: nodes.Element) -> None:
        self.body.append(closing)

    return {
        "text": (visit_text, depart_text),
        "man": (visit_body, depart_body),
        "texinfo": (visit_body, depart_body),
    }


def _visit_line(self: Any, node: nodes.Element) -> None:
    self.visit_paragraph(node)


def _depart_line(self: Any, node: nodes.Element) -> None:
    if node.get("url"):
        self.add_text(f" <{node['url']}>")
    self.depart_paragraph(node)


BADGE = _wrap("[", "]")
#: Plain text prints a line's address after it; man and Texinfo print link
#: addresses themselves.
LINE = {"text": (_visit_line, _depart_line)}


def _nothing(self: Any, node: nodes.Element) -> None:
    """Neither quotes nor a font: the hash's text alone (Sphinx's text writer puts
    code in quotes, man sets it in bold and Texinfo in quotes)."""


#: A cited commit's hash, written as the kernel writes it: ``7a12b5031c6b``.
COMMIT_HASH = dict.fromkeys(("text", "man", "texinfo"), (_nothing, _nothing))
