r"""The LaTeX of series' and talks' general index entries: text as text, code as code.

Sphinx's own visitor (``LaTeXTranslator.visit_index``) wraps every level of an
entry in ``\spxentry``, which its index sets in typewriter: right for the names of
functions and classes, wrong for a patch subject or a speaker's name, and long
typewriter titles stretch their spaces across the narrow column. This visitor
writes the ``\index`` commands as Sphinx does (sort key ``@`` shown text, levels
joined by ``!``, escaped the same way for LaTeX and for makeindex or xindy), sorting
by the text a reader sees and showing it with ``\bpfnewsindexentry`` and code spans
with ``\bpfnewsindexcode``, both defined in ``sphinxcontribbpfnews.sty``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.index_entries import split_index_msg

from sphinxcontrib_bpfnews.extension.code_spans import text_nodes
from sphinxcontrib_bpfnews.extension.index_entries import plain_text

if TYPE_CHECKING:
    from sphinx.writers.latex import LaTeXTranslator


def _escaped(self: LaTeXTranslator, text: str) -> str:
    """``text`` for an ``\\index`` argument, as Sphinx's ``visit_index`` escapes it:
    LaTeX first, then makeindex's actual (``@``), level (``!``), encapsulation
    (``|``) and quote (``"``) characters, and braces, which makeindex counts."""
    value = self.encode(text)
    value = value.replace(r"\{", r"\sphinxleftcurlybrace{}")
    value = value.replace(r"\}", r"\sphinxrightcurlybrace{}")
    value = value.replace('"', '""')
    value = value.replace("@", '"@')
    value = value.replace("!", '"!')
    return value.replace("|", r"\textbar{}")


def _shown(self: LaTeXTranslator, text: str, markup: str) -> str:
    """One level as shown: ``markup`` with its code spans in the code font, or
    ``text`` when the markup no longer reads as it (a translated entry)."""
    if plain_text(markup) != text:
        return _escaped(self, text)
    return "".join(
        rf"\bpfnewsindexcode{{{_escaped(self, node.astext())}}}"
        if isinstance(node, nodes.literal)
        else _escaped(self, node.astext())
        for node in text_nodes(markup.strip())
    )


def visit_index(self: LaTeXTranslator, node: nodes.Element) -> None:
    entries = node["entries"]
    markups: list[list[str]] = node.get("markup", [])
    if len(markups) != len(entries) or any(entry[0] != "single" for entry in entries):
        # Not as the directives made it: Sphinx's own visitor writes it.
        self.visit_index(node)
        return
    if not node.get("inline", True):
        self.body.append("\n")
    for (entry_type, value, _target, main, _key), markup in zip(entries, markups, strict=True):
        try:
            levels = split_index_msg(entry_type, value)
        except ValueError:  # Sphinx warned when it read the page
            continue
        if len(markup) != len(levels):
            markup = levels
        shown = "!".join(
            rf"{_escaped(self, text)}@\bpfnewsindexentry{{{_shown(self, text, written)}}}"
            for text, written in zip(levels, markup, strict=True)
        )
        self.body.append(rf"\index{{{shown}{'|spxpagem' if main else ''}}}")
    if not node.get("inline", True):
        self.body.append(r"\ignorespaces ")
    raise nodes.SkipNode


def depart_index(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Never reached: the visitor skips the node's (empty) content."""


INDEX = (visit_index, depart_index)
