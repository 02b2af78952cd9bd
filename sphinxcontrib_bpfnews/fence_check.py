"""Catch a MyST backtick fence that never opened one of the directives.

CommonMark forbids backticks in the first line of a backtick fence, so
```` ```{patch-series} [PATCH] bpf: add `helper` ```` is not a directive at all: it
becomes a paragraph of literal text and the series silently turns into prose. This
transform finds such paragraphs and tells the author to use a colon or tilde fence.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinxcontrib_bpfnews.diagnostics import warn

_DIRECTIVE_NAMES = ("patch-series", "talk", "highlight")
_NAMES_PATTERN = "|".join(_DIRECTIVE_NAMES)
_BROKEN_FENCE = re.compile(rf"`{{3,}}\s*\{{(?:bpfnews:)?({_NAMES_PATTERN})\}}")


class BrokenFenceCheck(SphinxTransform):
    """Warn about paragraphs that start like a backtick-fenced newsletter directive."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for paragraph in self.document.findall(nodes.paragraph):
            first = paragraph.children[0] if paragraph.children else None
            if not isinstance(first, nodes.Text) or not first.startswith("`"):
                continue  # cheap test first: pages of long series have many paragraphs
            match = _BROKEN_FENCE.match(paragraph.astext())
            if match:
                name = match.group(1)
                warn(
                    "fence",
                    f"this '{name}' is not a directive: a backtick fence cannot carry "
                    f"backticks on its first line; open it with ':::{{{name}}}' "
                    f"(colon_fence) or '~~~{{{name}}}' instead",
                    paragraph,
                )
