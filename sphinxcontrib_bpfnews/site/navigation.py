"""Moving between issues: previous/next links, the recent-issues block, page metadata.

Issue pages sit outside the toctree, so the theme's own previous/next links are
set here to the chronological neighbours, and every page gets the newest issues
for the ``bpfnews/recent.html`` sidebar block. Both are filled in when a page is
written, so when issues are added, renamed or retitled the pages whose links to
their neighbours changed are rewritten too (``env-get-updated``).

The recent-issues block is on every page, so writing every page again for it would
make adding an issue cost most of a full build. The template writes the block
between two HTML comments (:data:`RECENT_START`, :data:`RECENT_END`) instead, and
when the newest issues changed, the block is replaced in place in each page of the
output folder once every page is written (:func:`patch_recent_blocks`), rendered
from the same context a page written now gets (:func:`recent_context`), so the
files are those a fresh build writes. A project overriding the template without
the comments gets every page rewritten, as before.
"""

from __future__ import annotations

import functools
import html
import os
import posixpath
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from jinja2 import TemplateError

from sphinxcontrib_bpfnews.extension import shown
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.labels import ARCHIVE_TITLE, RECENT_TITLE, shown_date
from sphinxcontrib_bpfnews.site import output_state
from sphinxcontrib_bpfnews.site.addresses import absolute_url, base_url
from sphinxcontrib_bpfnews.site.general_index import KEPT_PAGE

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

RECENT_TEMPLATE = "bpfnews/recent.html"
#: furo's own sidebar with the recent-issues block after its navigation, for a
#: project's ``conf.py``: ``html_sidebars = {"**": FURO_SIDEBARS}``.
FURO_SIDEBARS = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    RECENT_TEMPLATE,
    "sidebar/scroll-end.html",
]
#: The comments around the recent-issues block in every page, by which the block
#: is found and replaced when the newest issues change.
RECENT_START = "<!-- bpfnews-recent -->"
RECENT_END = "<!-- /bpfnews-recent -->"
_START = RECENT_START.encode()
_END = RECENT_END.encode()
#: The domain's key for the issues each output folder's navigation last showed.
NAVIGATION = "navigation_written"
#: Folders of an output folder that hold no pages.
_NOT_PAGES = frozenset({"_static", "_sources", "_images", "_downloads", "_pdf"})
#: The builds (by application) whose pages' recent-issues blocks are to be patched
#: when the build finishes, as :func:`pages_to_rewrite` decided.
_PATCH_RECENT: WeakKeyDictionary[Sphinx, bool] = WeakKeyDictionary()
#: The source pages a build writes whatever else happens (every one, when the first
#: issue came or the environment is fresh): their blocks are already right.
_ALL_WRITTEN: WeakKeyDictionary[Sphinx, frozenset[str]] = WeakKeyDictionary()
#: The pages this process rendered in the build, by application: their blocks are
#: right already. The generated pages and the general index are among them, and
#: are most of the bytes the patching would read (in a ``-j`` build the source
#: pages are rendered in other processes, and are read and checked instead).
_RENDERED: WeakKeyDictionary[Sphinx, set[str]] = WeakKeyDictionary()
#: The blocks a build patches pages with, by application: the pages the blocks lead
#: to, and each block made so far (see :func:`_block`).
_BLOCKS: WeakKeyDictionary[Sphinx, tuple[frozenset[str], dict[tuple[str, str], bytes]]] = (
    WeakKeyDictionary()
)


def entries(issues: list[IssueRecord]) -> list[tuple[str, str, str]]:
    """What the navigation shows of each issue, newest first: (docname, title, date)."""
    return [(issue["docname"], issue["title"], issue["date"]) for issue in issues]


def uses_recent_block(app: Sphinx) -> bool:
    sidebars = app.config.html_sidebars or {}
    return any(
        RECENT_TEMPLATE in (names if isinstance(names, (list, tuple)) else [names])
        for names in sidebars.values()
    )


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose previous/next links or recent-issues block changed since last build.

    When the newest issues changed and the block can be patched in place (a site
    builder, a template with the comments), only the pages whose neighbours changed
    are rewritten, and the blocks are noted to be patched when the build finishes.
    """
    _PATCH_RECENT[app] = False
    _ALL_WRITTEN[app] = frozenset()
    domain = domain_of(env)
    now = entries(domain.issues())
    before = [tuple(item) for item in shown.remember(app, env, NAVIGATION, now, [])]
    if now == before:
        return []
    limit = recent_limit(app)
    recent_changed = now[:limit] != before[:limit]
    # Pages not written in this build (the generated ones whose data is the same)
    # get their block replaced whatever else is written.
    _PATCH_RECENT[app] = recent_changed and recent_block_patchable(app)
    if bool(now) != bool(before):
        # The first issue published or the last one gone (or a fresh environment):
        # every page of the site links the feeds only while there are issues
        # (:func:`page_context`).
        _ALL_WRITTEN[app] = frozenset(env.found_docs)
        return sorted(env.found_docs)
    neighbours = sorted(_neighbours_changed(now, before) & env.found_docs)
    if not recent_changed or _PATCH_RECENT[app]:
        return neighbours
    if uses_recent_block(app):
        return sorted(env.found_docs)
    return neighbours


def recent_block_patchable(app: Sphinx) -> bool:
    """True when this build's pages hold the recent-issues block between its
    comments: a site builder, and the template as the builder finds it (a project's
    ``templates_path`` may override it) writes them even with nothing to show."""
    if app.builder.name not in output_state.SITE_BUILDERS:
        return False
    try:
        text = _render_recent(app, {})
    except (TemplateError, AttributeError, TypeError, ValueError, KeyError):
        return False
    start = text.find(RECENT_START)
    return start >= 0 and text.find(RECENT_END, start) >= 0


def _render_recent(app: Sphinx, context: dict[str, Any]) -> str:
    return str(app.builder.templates.render(RECENT_TEMPLATE, context))


def _neighbours_changed(
    now: Sequence[tuple[str, ...]], before: Sequence[tuple[str, ...]]
) -> set[str]:
    def neighbours(order: Sequence[tuple[str, ...]]) -> dict[str, tuple[Any, Any]]:
        return {
            item[0]: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
            for i, item in enumerate(order)
        }

    old, new = neighbours(before), neighbours(now)
    return {docname for docname, around in new.items() if old.get(docname) != around}


def _page_link(app: Sphinx, pagename: str, issue: IssueRecord) -> dict[str, str]:
    return {
        "link": app.builder.get_relative_uri(pagename, issue["docname"]),
        "title": html.escape(issue["title"] or issue["docname"]),
    }


def recent_context(app: Sphinx, pagename: str) -> dict[str, Any]:
    """What the recent-issues block of ``pagename`` shows: the page template's
    context and the patched block's (:func:`patch_recent_blocks`) alike."""
    return {
        "bpfnews_recent": [
            {**_page_link(app, pagename, issue), "date": shown_date(issue["date"], app.config)}
            for issue in domain_of(app.env).newest(recent_limit(app))
        ],
        "bpfnews_archive": app.builder.get_relative_uri(pagename, app.config.bpfnews_archive_page),
        "bpfnews_recent_title": str(RECENT_TITLE),
        "bpfnews_archive_title": str(ARCHIVE_TITLE),
    }


def recent_limit(app: Sphinx) -> int:
    """How many of the newest issues the recent-issues block shows."""
    return max(0, int(app.config.bpfnews_recent_issues))


def patch_recent_blocks(app: Sphinx, exception: BaseException | None) -> None:
    """Once every page is written (``build-finished``, in the main process), the
    recent-issues block of each page of the output folder, when
    :func:`pages_to_rewrite` noted that the newest issues changed.

    Each page is read once and written only when its block differs, so pages
    without the block are left alone; pages this process rendered in the build
    (generated pages, the general index, and in a serial build the source pages
    written) are not read at all, nor, when every source page was written, are
    those.
    """
    written = _ALL_WRITTEN.pop(app, frozenset()) | _RENDERED.pop(app, set())
    if exception is not None or not _PATCH_RECENT.pop(app, False):
        _BLOCKS.pop(app, None)
        return
    if app.builder.name not in output_state.SITE_BUILDERS:
        return
    for path, pagename in _pages(app):
        if pagename not in written:
            output_state.patch_in_place(path, functools.partial(_patched, app, pagename))
    _BLOCKS.pop(app, None)


def _patched(app: Sphinx, pagename: str, data: bytes) -> tuple[bytes, int] | None:
    """The page file's ``data`` with its blocks as this build renders them, and the
    length of its start up to its first block, which stays as it is; None when the
    page has no block or it is already so. As bytes, in the pages' encoding as
    Sphinx writes them: the markers are ASCII, so a page needs no decoding to find
    them."""
    first = data.find(_START)
    if first < 0:
        return None
    patched = _replace_blocks(data, _block(app, pagename))
    return None if patched == data else (patched, first)


def with_recent_blocks(app: Sphinx, pagename: str, data: bytes) -> tuple[bytes, int]:
    """A page file's ``data`` with its recent-issues blocks as this build shows
    them, for a page the build writes itself (a generated page whose body alone
    changed): patched when this build patches every page's blocks, the page then
    left alone when the build finishes; else as it is. With the length of its
    start that stays as it was (all of it when nothing changed)."""
    if not _PATCH_RECENT.get(app):
        return data, len(data)
    _RENDERED.setdefault(app, set()).add(pagename)
    return _patched(app, pagename, data) or (data, len(data))


def _block(app: Sphinx, pagename: str) -> bytes:
    """The recent-issues block of ``pagename``, with its comments, as this build
    renders it, in the pages' encoding. The block's links are relative to the
    page's folder, and empty on the page they lead to: pages of one folder that none
    of them leads to share one block, made once."""
    made = _BLOCKS.get(app)
    if made is None:
        leads_to = frozenset({app.config.bpfnews_archive_page}) | {
            issue["docname"] for issue in domain_of(app.env).newest(recent_limit(app))
        }
        made = _BLOCKS[app] = (leads_to, {})
    leads_to, blocks = made
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    key = (folder, pagename if pagename in leads_to else "")
    block = blocks.get(key)
    if block is None:
        block = blocks[key] = _marked(_render_recent(app, recent_context(app, pagename))).encode(
            app.config.html_output_encoding, "xmlcharrefreplace"
        )
    return block


def _marked(text: str) -> str:
    """The block with its comments, out of the rendered template."""
    start = text.index(RECENT_START)
    return text[start : text.index(RECENT_END, start) + len(RECENT_END)]


def _replace_blocks(data: bytes, block: bytes) -> bytes:
    """A page's ``data`` with each block between the comments replaced by ``block``."""
    parts = []
    position = 0
    while (start := data.find(_START, position)) >= 0:
        end = data.find(_END, start)
        if end < 0:
            break
        parts += [data[position:start], block]
        position = end + len(_END)
    parts.append(data[position:])
    return b"".join(parts)


def _pages(app: Sphinx) -> Iterator[tuple[str, str]]:
    """Each page file of the output folder with its page name (``archive/2017``;
    ``index`` for the root's ``index.html`` with dirhtml). Paths as text: a site
    of hundreds of pages is walked on every build that adds an issue."""
    outdir = os.path.normpath(app.outdir)
    suffix = str(getattr(app.builder, "out_suffix", ".html"))
    dirhtml = app.builder.name == "dirhtml"
    for root, folders, files in os.walk(outdir):
        if root == outdir:
            folders[:] = [name for name in folders if name not in _NOT_PAGES]
            folder = ""
        else:
            folder = os.path.relpath(root, outdir).replace(os.sep, "/") + "/"
        for name in files:
            if not name.endswith(suffix):
                continue
            pagename = folder + name[: -len(suffix)]
            if dirhtml and pagename.endswith("/index"):
                # ``x/y/index.html`` is page ``x/y`` (``x/y/index`` has the same address).
                pagename = pagename.removesuffix("/index")
            yield f"{root}{os.sep}{name}", pagename


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Neighbours, recent issues, description and Open Graph tags for a page.

    Feed links, the description and Open Graph tags are for the web site (html and
    dirhtml): an ePub's XHTML pages have no feeds and would not parse with them.
    """
    site = app.builder.name in output_state.SITE_BUILDERS
    domain = domain_of(app.env)
    context.update(recent_context(app, pagename))
    if site and base_url(app) and domain.newest(1):
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" type="application/atom+xml" title="Atom" '
            f'href="{html.escape(base_url(app))}atom.xml">'
            f'\n<link rel="alternate" type="application/rss+xml" title="RSS" '
            f'href="{html.escape(base_url(app))}rss.xml">'
        )
    around = domain.neighbours(pagename)
    if around is None:
        return
    issue, older, newer = around
    # The previous issue is the older one, the next the newer one.
    context["prev"] = _page_link(app, pagename, older) if older else None
    context["next"] = _page_link(app, pagename, newer) if newer else None
    if site:
        context["metatags"] = context.get("metatags", "") + _meta_tags(app, issue, domain)


def note_rendered(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """On ``html-page-context``, after the handlers that choose a page's template:
    the page is rendered now, with the recent-issues block of this build, unless it
    is written back as the last build left it (the general index, see
    :mod:`.general_index`)."""
    if KEPT_PAGE not in context:
        _RENDERED.setdefault(app, set()).add(pagename)


def description(issue: IssueRecord, domain: BpfNewsDomain) -> str:
    """The issue's summary, else its highlights joined."""
    return issue["summary"] or "; ".join(domain.highlights_of(issue["docname"]))


def _meta_tags(app: Sphinx, issue: IssueRecord, domain: BpfNewsDomain) -> str:
    text = description(issue, domain)
    tags = []
    if text:
        tags.append(("name", "description", text))
        tags.append(("property", "og:description", text))
    tags.append(("property", "og:title", issue["title"]))
    tags.append(("property", "og:type", "article"))
    if base_url(app):
        tags.append(("property", "og:url", absolute_url(app, issue["docname"])))
    if issue["date"]:
        tags.append(("property", "article:published_time", issue["date"]))
    tags += [("property", "article:tag", tag) for tag in issue["tags"]]
    return "".join(
        f'\n<meta {kind}="{html.escape(key)}" content="{html.escape(value)}">'
        for kind, key, value in tags
    )
