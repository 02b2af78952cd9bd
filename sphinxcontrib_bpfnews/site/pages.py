"""Pages the extension adds to the HTML output: the archive, tags, years, indexes.

They exist only in the output (never in the source folder, so live preview never
rebuilds itself) and are built from the domain's records as HTML, handed to the
theme's page template, so they wear the theme like any page. A page
is handed to Sphinx only when its content changed, its file is missing or older
than a template, so a build with nothing new rewrites none of them.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.environment import CONFIG_OK

from sphinxcontrib_bpfnews.site import changes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx

_STATE_FILE = "bpfnews-pages.json"


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


def _state_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / _STATE_FILE


def _load_state(app: Sphinx) -> dict[str, str]:
    try:
        state = json.loads(_state_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _target(app: Sphinx, pagename: str) -> Path:
    uri = app.builder.get_target_uri(pagename)
    return Path(app.outdir) / (uri + "index.html" if uri.endswith("/") else uri)


def pages_unchanged(app: Sphinx) -> bool:
    """True when the build changed no record and every page written before is still
    there (see :mod:`.changes`): the pages need not even be worked out."""
    if not changes.nothing_changed(app):
        return False  # without reading the state, which collect_pages reads
    prefix = f"{app.builder.name}:"
    written = [key.removeprefix(prefix) for key in _load_state(app) if key.startswith(prefix)]
    targets = [_target(app, name) for name in written]
    return bool(written) and changes.unchanged(app, targets, templated=True)


def collect_pages(
    app: Sphinx, pages: list[GeneratedPage], shared: object
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(pagename, context, template) for each page whose output must be (re)written.

    ``shared`` is whatever else every page shows (the recent-issues block, say): a
    change there rewrites every page.
    """
    fresh = app.env.config_status != CONFIG_OK
    previous = {} if fresh else _load_state(app)
    newest_template = changes.newest_template(app)
    state: dict[str, str] = {}
    for page in pages:
        key = f"{app.builder.name}:{page.pagename}"
        fingerprint = hashlib.sha256(
            json.dumps([page.title, page.inputs, shared], sort_keys=True, default=str).encode()
        ).hexdigest()
        state[key] = fingerprint
        if previous.get(key) == fingerprint and changes.written_since(
            _target(app, page.pagename), newest_template
        ):
            continue
        body = f'<div class="bpfnews-page">{page.render()}</div>'
        yield page.pagename, {"title": page.title, "body": body, "bpfnews_page": True}, "page.html"
    _state_path(app).parent.mkdir(parents=True, exist_ok=True)
    _state_path(app).write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
