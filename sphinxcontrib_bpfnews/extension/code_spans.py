"""Subjects and titles as text nodes: data shown as written, code spans as code.

Subjects are pasted from mailing lists, so they are never run through reST or
Markdown inline markup: backslashes, braces, quotes and asterisks stay as they
are. The one piece of markup honoured is the CommonMark code span, because authors
write ``bpf: add `bpf_perf_prog_read_time` helper`` and expect inline code.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from docutils import nodes
from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_BACKTICKS = re.compile("`+")


@cache
def _code_span_parser() -> MarkdownIt:
    # Only the backtick rule: no escapes, entities, emphasis or links.
    return MarkdownIt("zero").enable("backticks")


def text_nodes(text: str) -> list[nodes.Node]:
    """Text and ``literal`` nodes for ``text``, splitting out its code spans."""
    if "`" not in text:
        return [nodes.Text(text)] if text else []
    return [
        nodes.literal(markup, content) if markup else nodes.Text(content)
        for markup, content in _code_spans(text)
    ]


@lru_cache(maxsize=16384)
def _code_spans(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` in pieces, (the code span as written, its code) for code and ("",
    text) between them. Kept as plain strings because a title is shown several
    times in a build (its issue's page, each index listing it) and parsing it is
    most of the cost of its nodes."""
    tokens = _code_span_parser().parseInline(text)
    pieces: list[tuple[str, str]] = []
    for token in tokens[0].children or ():
        if token.type == "code_inline":
            pieces.append((token.markup + token.content + token.markup, token.content))
        elif token.content:
            pieces.append(("", token.content))
    return tuple(pieces)


def html_text(text: str) -> str:
    """``text`` as escaped HTML, its code spans as ``<code>`` (for generated pages)."""
    parts = []
    for node in text_nodes(text):
        escaped = html.escape(node.astext())
        if isinstance(node, nodes.literal):
            parts.append(f'<code class="docutils literal notranslate">{escaped}</code>')
        else:
            parts.append(escaped)
    return "".join(parts)


def markup_of(node: nodes.Node) -> str:
    """The text of ``node`` with its code as code spans: the inverse of
    :func:`text_nodes`, for titles taken from parsed text (a prose entry's first
    sentence). Links, emphasis and other inline markup give their text."""
    if isinstance(node, nodes.literal):
        code = node.astext()
        fence = "`" * (max((len(run) for run in _BACKTICKS.findall(code)), default=0) + 1)
        padding = " " if code.startswith("`") or code.endswith("`") else ""
        return f"{fence}{padding}{code}{padding}{fence}"
    if isinstance(node, nodes.Text):
        return node.astext()
    if isinstance(node, (nodes.system_message, nodes.footnote_reference, nodes.target)):
        return ""
    return "".join(markup_of(child) for child in node.children)


def first_paragraph_markup(body: Iterable[nodes.Node]) -> str:
    """The first paragraph of parsed ``body`` (in a list or quote too) as markup,
    else the text of its first block. Parser messages (a quote holding a line docutils
    took for a transition, say) and comments (MyST's ``% ...`` lines), which readers
    never see, are never the entry's text."""
    blocks = [node for node in body if not isinstance(node, (nodes.system_message, nodes.comment))]
    for block in blocks:
        for paragraph in _paragraphs(block):
            if text := markup_of(paragraph).strip():
                return text
    return next((text for block in blocks if (text := markup_of(block).strip())), "")


def _paragraphs(node: nodes.Node) -> Iterator[nodes.paragraph]:
    """The paragraphs in ``node``, in document order, outside parser messages."""
    if isinstance(node, (nodes.system_message, nodes.comment)):
        return
    if isinstance(node, nodes.paragraph):
        yield node
        return
    for child in node.children:
        yield from _paragraphs(child)
