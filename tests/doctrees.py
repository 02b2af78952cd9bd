"""A page's doctree as writers render it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.extension.render import expand_all

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp


def written_doctree(app: SphinxTestApp, docname: str = "index") -> nodes.document:
    """The page after reading and resolving, with its components' lines made as a
    writer makes them (the stored doctree holds series and talk lines as model
    objects, and HTML and LaTeX writers make the lines while translating)."""
    doctree = app.env.get_doctree(docname)
    app.env.apply_post_transforms(doctree, docname)
    expand_all(doctree)
    return doctree
