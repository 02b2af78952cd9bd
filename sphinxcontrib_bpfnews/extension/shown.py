"""What each output folder's pages last showed of other pages.

A page shows things other pages decide: its previous/next links and the newest
issues, its series' revisions in other issues, its issue's PDF. When those change,
the page must be written again though its own source did not change, so Sphinx is
handed it back (``env-get-updated``). What the pages showed is kept in the domain
by output folder, as the HTML and the PDF builders may share one environment
(``sphinx-build -M``): a PDF built first must not leave the site's pages behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from sphinxcontrib_bpfnews.extension.domain import domain_of

if TYPE_CHECKING:
    from collections.abc import Mapping, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

Shown = TypeVar("Shown")


def remember(app: Sphinx, env: BuildEnvironment, key: str, now: Shown, empty: Shown) -> Shown:
    """Keep ``now`` as what this output folder's pages show of ``key`` (a domain
    key), and return what they showed before (``empty`` the first time)."""
    written: dict[str, Shown] = domain_of(env).data.setdefault(key, {})
    before = written.get(str(app.outdir), empty)
    written[str(app.outdir)] = now
    return before


def changed_pages(
    now: Mapping[str, object], before: Mapping[str, object], found: Set[str]
) -> list[str]:
    """The pages (of ``found``) whose entry differs between ``before`` and ``now``,
    each a mapping of page name to what the page shows."""
    changed = {page for page in now.keys() | before.keys() if now.get(page) != before.get(page)}
    return sorted(changed & found)
