"""``bpfnews-issues``: every published issue in the PDF, newest first.

Issue pages stay out of toctrees, so the web site stays fast (Sphinx renders the
global toctree into every page): the archive, the feeds and the sidebar lead
readers to them. A PDF has no such paths, and holds only the documents toctrees
include, so a newsletter's PDF held no issue at all. A toctree that globs the
issues would put them all in every page's sidebar, and would sort ``issue-10``
before ``issue-2``.

The directive marks where the issues go. When the LaTeX builder has put the PDF's
documents together, every issue it does not hold yet goes there, in the archive's
order (newest first: by date, then number, then page name), just as Sphinx puts in
the documents of a toctree; like the archive, it holds drafts and issues dated
after the day of the build only with ``bpfnews_show_drafts``. The list is made as
the PDF is written, from every issue's front matter, so it is right after an issue
is added, renamed, redated or removed; numbers sort as numbers. Every other output
shows nothing there: on the web site, the archive lists the issues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, new_document
from sphinx.util.nodes import inline_all_toctrees

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.domain import domain_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: Emitted for each ``bpfnews-issues`` directive of a page being written, so the
#: handler gets the application (and the builder), which transforms are not given.
EVENT = "bpfnews-issue-chapters"


class IssuesDirective(SphinxDirective):
    """``{bpfnews-issues}``: where the PDF holds every issue, newest first."""

    def run(self) -> list[nodes.Node]:
        node = bn.bpfnews_issues_placeholder("", docname=self.env.docname)
        self.set_source_info(node)
        return [node]


class IncludeIssues(SphinxPostTransform):
    """Put the issues where each ``bpfnews-issues`` directive stands (in LaTeX), or
    nothing (in every other output)."""

    #: Before references are resolved (Sphinx's ``ReferencesResolver``, 10, and the
    #: LaTeX builder's citation and equation references, 5), so that the issues'
    #: own references are resolved and links to the issues lead inside the PDF.
    default_priority = 1

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(bn.bpfnews_issues_placeholder)):
            chapters = self.env.events.emit_firstresult(EVENT, placeholder)
            placeholder.replace_self(chapters or [])


def issue_chapters(app: Sphinx, placeholder: bn.bpfnews_issues_placeholder) -> list[nodes.Node]:
    """The issues the PDF being written does not hold yet, newest first, as Sphinx
    includes the documents of a toctree; nothing for other builders.

    They are noted among the PDF's documents (the builder's ``docnames``, as a
    toctree's are), which is what makes links to them links within the PDF.
    """
    builder = app.builder
    held = builder.docnames if isinstance(builder, LaTeXBuilder) else None
    if not isinstance(held, set):  # what the LaTeX builder holds while assembling
        return []
    wanted = [
        issue["docname"]
        for issue in domain_of(app.env).issues()
        if issue["docname"] not in held and issue["docname"] != placeholder["docname"]
    ]
    if not wanted:
        return []
    tree = new_document("<bpfnews-issues>")
    tree += addnodes.toctree(includefiles=wanted)
    inlined = inline_all_toctrees(builder, held, placeholder["docname"], tree, str, [*held])
    return list(inlined.children)


def setup(app: Sphinx) -> None:
    app.add_directive("bpfnews-issues", IssuesDirective)
    app.add_event(EVENT)
    app.connect(EVENT, issue_chapters)
    app.add_post_transform(IncludeIssues)
