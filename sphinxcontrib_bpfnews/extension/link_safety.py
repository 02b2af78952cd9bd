"""No unsafe link inside a newsletter component, whatever markup made it.

The directives refuse unsafe addresses in their own options and child lines; this
transform covers the rest of a component (commentary and descriptions are ordinary
markup, and reStructuredText links any scheme). A refused link keeps its text and
shows its address as inert code.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinxcontrib_bpfnews.core.links import refusal, unsafe_scheme
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.diagnostics import warn


class UnsafeLinks(SphinxTransform):
    """Turn references with unsafe schemes inside components into plain text."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for component in self.document.findall(bn.bpfnews_block):
            for reference in list(component.findall(nodes.reference)):
                uri = reference.get("refuri", "")
                scheme = unsafe_scheme(uri) if uri else ""
                if not scheme or reference.parent is None:
                    continue
                warn("url", refusal(uri, scheme), reference)
                text = nodes.inline("", "", *reference.children)
                address = nodes.literal(uri, uri, classes=["bpfnews-refused-url"])
                reference.parent.replace(reference, [text, nodes.Text(" "), address])
