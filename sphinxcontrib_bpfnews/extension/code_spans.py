"""Subjects and titles as text nodes: data shown as written, code spans as code.

Subjects are pasted from mailing lists, so they are never run through reST or
Markdown inline markup: backslashes, braces, quotes and asterisks stay as they
are. The one piece of markup honoured is the CommonMark code span, because authors
write ``bpf: add `bpf_perf_prog_read_time` helper`` and expect inline code.
"""

from __future__ import annotations

import html
from functools import cache

from docutils import nodes
from markdown_it import MarkdownIt


@cache
def _code_span_parser() -> MarkdownIt:
    # Only the backtick rule: no escapes, entities, emphasis or links.
    return MarkdownIt("zero").enable("backticks")


def text_nodes(text: str) -> list[nodes.Node]:
    """Text and ``literal`` nodes for ``text``, splitting out its code spans."""
    if "`" not in text:
        return [nodes.Text(text)] if text else []
    tokens = _code_span_parser().parseInline(text)
    result: list[nodes.Node] = []
    for token in tokens[0].children or ():
        if token.type == "code_inline":
            result.append(nodes.literal(token.markup + token.content + token.markup, token.content))
        elif token.content:
            result.append(nodes.Text(token.content))
    return result


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
