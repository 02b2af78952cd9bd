"""Pages the extension adds to the HTML output: the archive, tags, years, indexes.

They exist only in the output (never in the source folder, so live preview never
rebuilds itself) and are built from the domain's records as HTML, handed to the
theme's page template, so they wear the theme like any page. A page
is handed to Sphinx only when what it shows or the settings changed or its file is
missing (see :mod:`.output_state`), so a build with nothing new rewrites none of
them; pages no longer made (a tag nobody uses now) are removed.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.site import output_state

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx

#: The kind of output these pages are in the output folder's state.
_KIND = "pages"


def heading(title: str) -> str:
    """The page's ``<h1>``."""
    return f"<h1>{html.escape(title)}</h1>"


@dataclass
class GeneratedPage:
    """One output-only page: its name (``archive/tags/bpf``), its title, the plain
    data it shows (``inputs``) and how to make its content from that data.

    The content is made only when the inputs changed since the page was last
    written, so a rebuild with nothing new renders none of the pages.
    """

    pagename: str
    title: str
    inputs: Any
    render: Callable[[], str]


def _target(app: Sphinx, pagename: str) -> Path:
    uri = app.builder.get_target_uri(pagename)
    return Path(app.outdir) / (uri + "index.html" if uri.endswith("/") else uri)


def _relative(app: Sphinx, pagename: str) -> str:
    return _target(app, pagename).relative_to(app.outdir).as_posix()


def pages_unchanged(app: Sphinx) -> bool:
    """True when the last complete build made the pages from the same records and
    settings and they are all still there: the pages need not even be worked out."""
    written = output_state.previous_outputs(app, _KIND)
    outdir = Path(app.outdir)
    return bool(written) and output_state.unchanged(app, [outdir / name for name in written])


def collect_pages(
    app: Sphinx, pages: list[GeneratedPage], shared: object
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(pagename, context, template) for each page whose output must be (re)written.

    ``shared`` is whatever else every page shows (the recent-issues block, say): a
    change there rewrites every page; so does any change of settings.
    """
    previous = output_state.previous_outputs(app, _KIND)
    settings = output_state.settings_fingerprint(app)
    outdir = Path(app.outdir)
    written: dict[str, str] = {}
    for page in pages:
        name = _relative(app, page.pagename)
        fingerprint = hashlib.sha256(
            json.dumps(
                [settings, page.title, page.inputs, shared], sort_keys=True, default=str
            ).encode()
        ).hexdigest()
        written[name] = fingerprint
        if previous.get(name) == fingerprint and (outdir / name).exists():
            continue
        body = f'<div class="bpfnews-page">{page.render()}</div>'
        yield page.pagename, {"title": page.title, "body": body, "bpfnews_page": True}, "page.html"
    output_state.record_outputs(app, _KIND, written)
