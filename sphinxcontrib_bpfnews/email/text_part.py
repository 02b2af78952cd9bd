"""The text part: the issue as a mailing-list post.

Sphinx's text translator, with the extension's plain-text visitors (badges in
brackets, series and talk lines made as they are reached), wraps at 70 columns and
underlines headings. What a post needs beyond it:

- every address, which the text writer drops: a series', patch's or talk's address
  on a line of its own after its lines (where no wrapping can break it); every other
  link numbered in the text, ``LLVM 5.0.0 [3]``, with its address listed after the
  paragraph, or after the list it is in;
- series as the list writes them: the subject as it was sent (``[PATCH v3 net-next
  0/7] bpf: ...``), the author on the next line, the address, and the child patches
  indented below, each with its own subject and address; code spans without their
  backticks, as everywhere in the text;
- no Markdown or reST syntax: strong and emphasis as ``*word*`` and ``_word_``,
  literals in quotes (Sphinx's own).
"""

from __future__ import annotations

import textwrap
from types import MethodType
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.writers.text import MAXWIDTH, TextTranslator

from sphinxcontrib_bpfnews.core.model import Series
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import text_nodes

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: The heading underlines, by level (the title's first).
SECTION_CHARS = "=-~^\"'"
#: Visitors this translator has of its own, in place of the plain-text ones.
OWN_VISITORS = frozenset({"bpfnews_line"})


def plain_text(text: str) -> str:
    """``text`` with its code spans' backticks taken off."""
    return "".join(node.astext() for node in text_nodes(text))


class EmailTextTranslator(TextTranslator):
    """Sphinx's text translator, for a message."""

    def __init__(self, document: nodes.document, builder: Builder) -> None:
        super().__init__(document, builder)  # type: ignore[arg-type]
        self.sectionchars = SECTION_CHARS
        self.add_secnumbers = False
        self.nl = "\n"
        #: Addresses of links in the text, numbered once each.
        self.link_numbers: dict[str, int] = {}
        #: Numbered links not listed yet.
        self.pending_links: list[tuple[int, str]] = []
        #: A line's address to print once the line after it is written.
        self.held_url = ""

    @classmethod
    def create(cls, document: nodes.document, builder: Builder, handlers: dict[str, Any]) -> Any:
        """The translator with ``handlers`` (the ``text`` visitors of Sphinx's registry)
        for the nodes it has none of its own for, as Sphinx gives them to a builder's."""
        translator = cls(document, builder)
        for name, (visit, depart) in handlers.items():
            if name in OWN_VISITORS:
                continue
            setattr(translator, f"visit_{name}", MethodType(visit, translator))
            if depart:
                setattr(translator, f"depart_{name}", MethodType(depart, translator))
        return translator

    # -- lines on their own --------------------------------------------------------

    def _own_line(self, text: str, *, blank_after: bool = True) -> None:
        """``text`` on a line of its own, never wrapped."""
        self.new_state(0)
        self.add_text(text)
        self.end_state(wrap=False, end=("",) if blank_after else None)

    def _wrapped(self, text: str) -> None:
        """``text`` wrapped between words only: a subject's ``cross-compiling`` or
        ``net-next`` is never broken at its hyphen, nor a long name in two."""
        width = MAXWIDTH - sum(self.stateindent)
        self._own_line(
            "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)),
            blank_after=False,
        )

    # -- numbered links ------------------------------------------------------------

    def _flush_links(self) -> None:
        if self.pending_links:
            lines = [f"[{number}] {url}" for number, url in self.pending_links]
            self.pending_links = []
            self._own_line("\n".join(lines))

    def visit_reference(self, node: nodes.Element) -> None:
        url = node.get("refuri", "")
        line = node.parent
        while line is not None and not isinstance(line, bn.bpfnews_line):
            line = line.parent
        if not url or (line is not None and line.get("url") == url):
            self.context.append("")
            return
        if url not in self.link_numbers:
            self.link_numbers[url] = len(self.link_numbers) + 1
            self.pending_links.append((self.link_numbers[url], url))
        self.context.append(f" [{self.link_numbers[url]}]")

    def depart_reference(self, node: nodes.Element) -> None:
        self.add_text(self.context.pop())

    def depart_paragraph(self, node: nodes.Element) -> None:
        if _compact(node.parent.parent if node.parent is not None else None):
            # A list of one-paragraph items reads as one block, item under item.
            self.end_state(end=None)
        else:
            super().depart_paragraph(node)
        if not self.list_counter:
            self._flush_links()

    def depart_bullet_list(self, node: nodes.Element) -> None:
        super().depart_bullet_list(node)
        self._after_list(node)

    def depart_enumerated_list(self, node: nodes.Element) -> None:
        super().depart_enumerated_list(node)
        self._after_list(node)

    def _after_list(self, node: nodes.Element) -> None:
        """A blank line after a list whose items have none between them, then, after
        the outermost list, the addresses of its numbered links."""
        if isinstance(node, bn.bpfnews_patch_list) or _compact(node):
            self._own_line("")
        if not self.list_counter:
            self._flush_links()

    def depart_document(self, node: nodes.Element) -> None:
        self._flush_links()
        super().depart_document(node)

    def visit_image(self, node: nodes.Element) -> None:
        alt = node.get("alt", "")
        self.add_text(f"[image: {alt}]" if alt else "[image]")
        uri = node.get("uri", "")
        if uri.startswith(("http://", "https://")):
            if uri not in self.link_numbers:
                self.link_numbers[uri] = len(self.link_numbers) + 1
                self.pending_links.append((self.link_numbers[uri], uri))
            self.add_text(f" [{self.link_numbers[uri]}]")
        raise nodes.SkipNode

    # -- words ---------------------------------------------------------------------

    def visit_strong(self, node: nodes.Element) -> None:
        self.add_text("*")

    def depart_strong(self, node: nodes.Element) -> None:
        self.add_text("*")

    def visit_emphasis(self, node: nodes.Element) -> None:
        self.add_text("_")

    def depart_emphasis(self, node: nodes.Element) -> None:
        self.add_text("_")

    # -- series, patch and talk lines ------------------------------------------------

    def _list_form(self, node: nodes.Element) -> tuple[str, str] | None:
        """(subject as sent, author) for a series header or patch line of a series
        with a subject; None for any other line."""
        part = node.get("part")
        holder: Any = node.parent
        if part == "patch-line":
            patch, patches = holder, holder.parent if holder is not None else None
            holder = patches.parent if patches is not None else None
        model = holder.get("model") if isinstance(holder, bn.bpfnews_deferred) else None
        if not isinstance(model, Series) or model.is_prose:
            return None
        if part == "series-header":
            return plain_text(model.subject.raw) + _refused(model.refused_url), model.author
        if part == "patch-line" and patches is not None:
            index = patches.index(patch)
            if index < len(model.patches):
                child = model.patches[index]
                return plain_text(child.subject.raw) + _refused(child.refused_url), ""
        return None

    def _tight(self, node: nodes.Element) -> bool:
        """Whether the line is followed, without a blank line, by more of its entry."""
        if node.get("part") == "patch-line":
            return True
        following = node.next_node(descend=False, siblings=True)
        return isinstance(following, (bn.bpfnews_line, bn.bpfnews_patch_list))

    def visit_bpfnews_line(self, node: nodes.Element) -> None:
        if (form := self._list_form(node)) is not None:
            subject, author = form
            self._wrapped(subject)
            if author:
                self._wrapped(author)
            self._end_line(node, node.get("url", ""))
            raise nodes.SkipNode
        self.new_state(0)

    def depart_bpfnews_line(self, node: nodes.Element) -> None:
        url = node.get("url", "")
        following = node.next_node(descend=False, siblings=True)
        if url and isinstance(following, bn.bpfnews_line) and following["part"] == "talk-meta":
            # A talk's address after its speakers and event, with which it is read.
            self.held_url = url
            url = ""
        else:
            url, self.held_url = url or self.held_url, ""
        if url:
            self.end_state(end=None)
            self._end_line(node, url)
        else:
            self.end_state(end=None if self._tight(node) else ("",))

    def _end_line(self, node: nodes.Element, url: str) -> None:
        """The line's address, if any, on a line of its own, and the blank line that
        ends the entry."""
        tight = self._tight(node)
        if url:
            self._own_line(url, blank_after=not tight)
        elif not tight:
            self._own_line("")


def _compact(node: nodes.Node | None) -> bool:
    """Whether ``node`` is a list whose every item is one paragraph."""
    return isinstance(node, (nodes.bullet_list, nodes.enumerated_list)) and all(
        isinstance(item, nodes.Element) and len(item) == 1 and isinstance(item[0], nodes.paragraph)
        for item in node.children
    )


def _refused(url: str) -> str:
    return f" {url}" if url else ""
