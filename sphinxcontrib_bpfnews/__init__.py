"""sphinxcontrib-bpfnews: Sphinx directives for technical newsletters.

Enable it with ``extensions = ["myst_parser", "sphinxcontrib_bpfnews"]``. This
module only registers; each concern lives in the module named after it.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews import site, writers
from sphinxcontrib_bpfnews.extension import assets, config, index_entries, issues
from sphinxcontrib_bpfnews.extension.directives import (
    HighlightOrCodeLanguageDirective,
    PatchSeriesDirective,
    TalkDirective,
)
from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain, warn_missing_reference
from sphinxcontrib_bpfnews.extension.fence_check import BrokenFenceCheck, recover_broken_fences
from sphinxcontrib_bpfnews.extension.labels import LOCALE_DIR, MESSAGE_CATALOG
from sphinxcontrib_bpfnews.extension.link_safety import UnsafeLinks

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Cached doctrees hold one release's components (rendered, or as model objects
#: rendered when written): tying the environment version to the release makes
#: Sphinx read every page again after an upgrade instead of mixing releases.
ENV_VERSION = zlib.crc32(__version__.encode())


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, nodes, writers, assets and message catalogs."""
    config.register(app)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.add_domain(BpfNewsDomain)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.add_directive("patch-series", PatchSeriesDirective)
    app.add_directive("talk", TalkDirective)
    # Replaces Sphinx's own `highlight`, which this directive still serves.
    app.add_directive("highlight", HighlightOrCodeLanguageDirective, override=True)
    app.connect("source-read", recover_broken_fences)
    app.add_transform(BrokenFenceCheck)
    app.add_transform(UnsafeLinks)
    writers.register(app)
    app.add_latex_package("sphinxcontribbpfnews")
    app.connect("builder-inited", assets.add_stylesheet)
    app.connect("build-finished", assets.copy_latex_package)
    app.connect("html-page-context", index_entries.genindex_context)
    # After Sphinx has stored the page's front matter (its collector runs at 500).
    app.connect("doctree-read", issues.collect_issue, priority=600)
    site.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
