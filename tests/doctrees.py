"""A page's doctree as writers get it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp


def written_doctree(app: SphinxTestApp, docname: str = "index") -> nodes.document:
    """The page after reading and resolving, with its components' lines made
    (the stored doctree holds series and talk lines as model objects)."""
    doctree = app.env.get_doctree(docname)
    app.env.apply_post_transforms(doctree, docname)
    return doctree
