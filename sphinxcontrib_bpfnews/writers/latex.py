"""LaTeX visitors: each component becomes an environment of ``sphinxcontribbpfnews.sty``.

Only the extension's own macro names are written here; every piece of author text
goes through Sphinx's own visitors, which escape it. Environments (not macro
arguments) wrap anything that may hold links, so URLs with ``#`` or ``%`` work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews.writers.expand import addresses_in_footnotes

if TYPE_CHECKING:
    from sphinx.writers.latex import LaTeXTranslator


#: Parts with an environment of their own in the package; others use the generic ones.
STYLED_PARTS = frozenset(
    {
        "series",
        "talk",
        "highlight",
        "notes",
        "series-header",
        "series-review",
        "patch-line",
        "talk-header",
        "talk-meta",
        "highlight-title",
        "issue-header",
    }
)


def _environment(node: nodes.Element) -> str:
    part = node.get("part", "")
    if part in STYLED_PARTS:
        return "bpfnews" + part.replace("-", "")
    return "bpfnewsline" if isinstance(node, nodes.paragraph) else "bpfnewsblock"


def visit_block(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append(f"\n\\begin{{{_environment(node)}}}\n{_labels(self, node)}")


def _labels(self: LaTeXTranslator, node: nodes.Element) -> str:
    """An anchor with a label for each id of ``node`` and of its rubrics, where links
    to them land: series and talks (``{bpfnews:series}``, the index entries) and the
    groups of an index (its jump links).

    Sphinx's LaTeX writer labels the ids of sections, targets and the nodes it
    knows to carry hyperlinks, never those of a container or a rubric, so without
    these every link to them would be undefined in the PDF. Written inside the
    environment, after anything that may break the page, so a link lands on the
    page where the component starts.
    """
    ids = [*node["ids"]]
    for child in node.children:
        if isinstance(child, nodes.rubric):
            ids.extend(child["ids"])
    if not ids:
        return ""
    return r"\phantomsection" + "".join(self.hypertarget(id, anchor=False) for id in ids) + "\n"


def depart_block(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append(f"\n\\end{{{_environment(node)}}}\n")


def visit_badge(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append(f"\\bpfnewsbadge{{{node.get('kind', 'tag')}}}{{")


def visit_patch_counter(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\\bpfnewspatchcounter{")


def close_brace(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("}")


def visit_patch_list(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\n\\begin{bpfnewspatches}\n")


def depart_patch_list(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\\end{bpfnewspatches}\n")


def visit_patch(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\\item[]{}")


def depart_patch(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\n")


def depart_line(self: LaTeXTranslator, node: nodes.Element) -> None:
    """End the line with its address, small, unless it has a footnote: with
    ``latex_show_urls = "footnote"`` the lines were made before Sphinx looked for
    links (:class:`.expand.ExpandForFootnotes`), and Sphinx gave the address one."""
    url = node.get("url", "")
    if url and not addresses_in_footnotes(self.config):
        self.body.append(f" {{\\bpfnewsurlstyle \\sphinxurl{{{self.encode_uri(url)}}}}}")
    depart_block(self, node)


BLOCK = (visit_block, depart_block)
LINE = (visit_block, depart_line)
BADGE = (visit_badge, close_brace)
PATCH_COUNTER = (visit_patch_counter, close_brace)
PATCH_LIST = (visit_patch_list, depart_patch_list)
PATCH = (visit_patch, depart_patch)
