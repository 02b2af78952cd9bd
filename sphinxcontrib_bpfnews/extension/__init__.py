"""The Sphinx extension proper: directives, domain, nodes, rendering, transforms, issue
pages, configuration, warnings and words. Imports core; never writers or site."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.extension import (
    assets,
    collector,
    commits,
    config,
    issue_pages,
    kept_dates,
    link_checks,
    publication,
    revisions,
)
from sphinxcontrib_bpfnews.extension.directives import (
    HighlightDirective,
    HighlightOrCodeLanguageDirective,
    PatchSeriesDirective,
    TalkDirective,
)
from sphinxcontrib_bpfnews.extension.domain import (
    BpfNewsDomain,
    pages_to_reread,
    warn_missing_reference,
)
from sphinxcontrib_bpfnews.extension.labels import LOCALE_DIR, MESSAGE_CATALOG
from sphinxcontrib_bpfnews.extension.transforms import (
    BrokenFenceCheck,
    UnsafeLinks,
    recover_broken_fences,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """Register the settings, the collector's pauses, words, domain, directives,
    transforms and assets."""
    config.register(app)
    collector.register(app)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.add_domain(BpfNewsDomain)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("env-get-outdated", pages_to_reread)
    app.add_directive("patch-series", PatchSeriesDirective)
    app.add_directive("talk", TalkDirective)
    # Replaces Sphinx's own `highlight`, which this directive still serves.
    app.add_directive("highlight", HighlightOrCodeLanguageDirective, override=True)
    # Under the prefix too, where ``{bpfnews:highlight}`` always means the newsletter's.
    app.add_directive_to_domain(BpfNewsDomain.name, "patch-series", PatchSeriesDirective)
    app.add_directive_to_domain(BpfNewsDomain.name, "talk", TalkDirective)
    app.add_directive_to_domain(BpfNewsDomain.name, "highlight", HighlightDirective)
    app.connect("source-read", recover_broken_fences)
    app.add_transform(BrokenFenceCheck)
    app.add_transform(UnsafeLinks)
    app.add_latex_package("sphinxcontribbpfnews")
    app.connect("config-inited", assets.add_static_path)
    app.connect("builder-inited", assets.add_stylesheet)
    app.connect("build-finished", assets.copy_latex_package)
    # After Sphinx has stored the page's front matter (its collector runs at 500).
    app.connect("doctree-read", issue_pages.collect_issue, priority=600)
    commits.register(app)
    link_checks.register(app)
    revisions.register(app)
    publication.register(app)
    kept_dates.register(app)
