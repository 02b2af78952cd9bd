"""The ``bpfnews`` domain: the directives under an explicit prefix.

``{bpfnews:highlight}`` always means the newsletter highlights, even in a project
where the bare ``highlight`` name is read as Sphinx's code-language setter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

from sphinxcontrib_bpfnews.directives import (
    HighlightDirective,
    PatchSeriesDirective,
    TalkDirective,
)

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.parsers.rst import Directive


class BpfNewsDomain(Domain):
    """Holds the directives; the domain stores no per-document data yet."""

    name = "bpfnews"
    label = "Newsletter"
    directives: ClassVar[dict[str, type[Directive]]] = {
        "patch-series": PatchSeriesDirective,
        "talk": TalkDirective,
        "highlight": HighlightDirective,
    }
    initial_data: ClassVar[dict[str, Any]] = {}
    data_version = 1

    def clear_doc(self, docname: str) -> None:
        """Nothing is stored per document."""

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Nothing is stored per document, so parallel reads have nothing to merge."""
