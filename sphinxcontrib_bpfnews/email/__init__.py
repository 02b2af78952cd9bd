"""The ``bpfnews-email`` builder: each issue as an email, its text and HTML parts.
Imports core, the extension, the writers and the site's addresses; only setup imports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.email.builder import EmailBuilder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """Register the builder (its settings are the extension's, with the others)."""
    app.add_builder(EmailBuilder)
