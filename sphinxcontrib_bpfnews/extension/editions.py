"""The PDF editions this build's settings ask for, from the domain's records.

The LaTeX side writes them (:mod:`sphinxcontrib_bpfnews.site.pdf_editions`) and the
site links them; both ask here, so they agree on every file name
(:mod:`sphinxcontrib_bpfnews.core.editions` works the names out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.core.editions import Edition, parse_kinds, plan
from sphinxcontrib_bpfnews.extension.domain import domain_of

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def newsletter_name(config: Config) -> str:
    """The newsletter's name, as the feeds give it: ``bpfnews_feed_title`` or the
    project's name."""
    return str(config.bpfnews_feed_title or config.project)


def editions(env: BuildEnvironment) -> list[Edition]:
    """Every edition ``bpfnews_pdf_editions`` asks for, of the published issues (all
    issues with ``bpfnews_show_drafts``): each issue's, each year's, the archive's."""
    kinds, _unknown = parse_kinds(env.config.bpfnews_pdf_editions)
    if not kinds:
        return []
    return plan(domain_of(env).issues(), kinds, newsletter_name(env.config))
