"""Pages the extension adds to the HTML output: the archive, tags, years, indexes.

They exist only in the output (never in the source folder, so live preview never
rebuilds itself) and are built from the domain's records as docutils nodes, the
same nodes a directive would put in a page (the ``bpfnews-index`` directive does),
written as HTML by the builder's own translator (:func:`render_html`) and handed to
the theme's page template, so they look and wear the theme like any page. A page
is handed to Sphinx only when what it shows or the settings changed or its file is
missing (see :mod:`.output_state`), so a build with nothing new renders none of
them; pages no longer made (a tag nobody uses now) are removed. A page whose body
alone changed (its title, the settings and what every page shows are as they
were) gets the new body in its file, between the comments around it, without
Sphinx rendering it again (:func:`_frame_kept`).

A page that changed is mostly what it was: a new issue adds a few entries to each
index page of hundreds of issues. Its parts (an issue's entries under one name, an
issue in the archive) are therefore made through :class:`Fragments`, which hands
back the HTML a part had in the last build while the data it is made from is the
same, and makes the nodes of the others; the page is still written by the builder's
translator, the kept parts passing through as they were written.
"""

from __future__ import annotations

import hashlib
import html
import json
import marshal
import posixpath
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from docutils.utils import new_document
from sphinx.builders.html import StandaloneHTMLBuilder

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.collector import collector_paused
from sphinxcontrib_bpfnews.site import output_state
from sphinxcontrib_bpfnews.site.navigation import with_recent_blocks
from sphinxcontrib_bpfnews.site.parallel import made_in_parallel
from sphinxcontrib_bpfnews.writers.traversal import walkabout

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

#: The kind of output these pages are in the output folder's state.
_KIND = "pages"


@dataclass
class GeneratedPage:
    """One output-only page: its name (``archive/tags/bpf``), its title, the plain
    data it shows (``inputs``) and how to make its content, as nodes, from that data
    and the parts the page was last written with (:class:`Fragments`).

    The content is made only when the inputs changed since the page was last
    written, so a rebuild with nothing new makes none of the pages' nodes.

    Pages with the same ``shares`` show pieces alike (:meth:`Fragments.common`: a
    series' entry on the authors', trees' and subsystems' pages), so they are made
    one after the other in one process, where the first makes the pieces and the
    others copy them; in a ``-j`` build, pages apart would each make them again.
    """

    pagename: str
    title: str
    inputs: Any
    content: Callable[[Fragments], list[nodes.Node]]
    shares: str = ""


#: One part of a generated page: its key, the plain data it is made from, and how to
#: make its nodes when its kept HTML will not do.
Part = tuple[str, Any, "Callable[[], list[nodes.Node]]"]


#: One piece several pages show alike: the plain data it is made from (which names
#: it) and how to make its nodes.
Piece = tuple["Hashable", "Callable[[], list[nodes.Node]]"]


def _runs_joined(items: Iterable[str | nodes.Node]) -> list[nodes.Node]:
    """``items`` as nodes, in order: each run of HTML written before (text) one leaf."""
    made: list[nodes.Node] = []
    run: list[str] = []
    for item in items:
        if isinstance(item, str):
            run.append(item)
            continue
        if run:
            made.append(bn.bpfnews_kept(html="".join(run)))
            run = []
        made.append(item)
    if run:
        made.append(bn.bpfnews_kept(html="".join(run)))
    return made


class Fragments:
    """The parts of one generated page as its last build wrote them, and the pieces
    this build's other pages already wrote.

    :meth:`parts` gives a part's kept HTML when ``inputs`` equal those it was made
    from, or its nodes, made now, inside a :class:`.bpfnews_fragment` whose HTML the
    writer leaves in the node; :meth:`keep` takes each once the page is written.
    Links are relative to the page and the settings decide how nodes are written,
    so parts are kept per page and only under the same settings (:func:`_load`).

    :meth:`pieces` serves pieces several pages show alike (a series' entry is on
    the authors', trees' and subsystems' pages): written once per build, copied into
    every other page whose links start from the same folder (``base``), and into its
    other places on the same page (a talk under each of its speakers).
    """

    def __init__(
        self,
        kept: dict[str, tuple[Any, str]] | None = None,
        base: str = "",
        common: dict[tuple[str, Hashable], str] | None = None,
    ) -> None:
        self._kept = kept or {}
        self._base = base
        self._common = common if common is not None else {}
        #: Pieces made for this page, until it is written.
        self._on_page: dict[tuple[str, Hashable], bn.bpfnews_fragment] = {}
        #: The parts this build's page is made of: what the next build can reuse.
        self.now: dict[str, tuple[Any, str]] = {}

    def parts(self, parts: Iterable[Part]) -> list[nodes.Node]:
        """The parts ``(key, inputs, make)``, in order: each part named ``key`` (unique
        on its page) is made from ``inputs`` unless kept. Kept parts side by side are
        one leaf: a new issue leaves thousands of parts of an index page as they were,
        and as one leaf for each run of them the page has a fifth of the nodes to
        make and walk, for the same HTML."""
        return _runs_joined(self._part(key, inputs, make) for key, inputs, make in parts)

    def _part(
        self, key: str, inputs: Any, make: Callable[[], list[nodes.Node]]
    ) -> str | nodes.Node:
        kept = self._kept.get(key)
        if kept is not None and kept[0] == inputs:
            self.now[key] = kept
            return kept[1]
        return bn.bpfnews_fragment("", *make(), key=key, inputs=inputs)

    def pieces(self, pieces: Iterable[Piece]) -> list[nodes.Node]:
        """The pieces ``(inputs, make)``, in order: each made from ``inputs`` alone,
        whatever page shows it. Links in a piece lead to the issues' pages, never to
        the page itself, so its HTML depends only on ``inputs`` and the folder links
        start from. Pieces written before side by side are one leaf, as in
        :meth:`parts` (the trees' and subsystems' pages copy every entry of the
        authors')."""
        return _runs_joined(self._piece(inputs, make) for inputs, make in pieces)

    def _piece(self, inputs: Hashable, make: Callable[[], list[nodes.Node]]) -> str | nodes.Node:
        key = (self._base, inputs)
        made = self._common.get(key)
        if made is not None:
            return made
        # The same piece twice on one page (a talk under each of its speakers):
        # written out as the first became.
        first = self._on_page.get(key)
        if first is not None:
            return bn.bpfnews_kept(copy_of=first)
        self._on_page[key] = bn.bpfnews_fragment("", *make(), common=key)
        return self._on_page[key]

    def keep(self, node: bn.bpfnews_fragment) -> None:
        """A part or piece written just now. A piece is let go of too: held here
        until the page is done, the nodes of every entry it shows would outlive the
        page's other nodes, for the collector to walk as soon as it resumes (some
        50 ms for each index page of 500 issues)."""
        if "common" in node:
            self._common[node["common"]] = node["html"]
            self._on_page.pop(node["common"], None)
        else:
            self.now[node["key"]] = (node["inputs"], node["html"])


def render_html(
    builder: Builder,
    title: str,
    content: list[nodes.Node],
    fragments: Fragments | None = None,
) -> str:
    """The page's body: its ``<h1>`` and ``content`` as HTML, written as the builder
    writes the body of every page, by its translator with the extension's visitors
    (walked as :mod:`.writers.traversal` walks the trees made in bulk); the parts
    written now are handed to ``fragments``."""
    assert isinstance(builder, StandaloneHTMLBuilder)  # as the site's builders are
    heading = nodes.raw("", f"<h1>{html.escape(title)}</h1>", format="html")
    document = new_document("<bpfnews page>", builder.docsettings)
    document += bn.make_block(bn.bpfnews_block, "page", heading, *content)
    translator = cast("HTML5Translator", builder.create_translator(document, builder))
    walkabout(document, translator)
    body = "".join(translator.fragment)
    # Let the nodes go at once: without their links to their parents they hold no
    # cycle, so they are freed now instead of by the collector, which would walk
    # the hundred thousand nodes of an index page again to find them. The same walk
    # hands the parts written now to ``fragments``.
    written = bn.let_go([document], bn.bpfnews_fragment)
    if fragments is not None:
        for fragment in written:
            fragments.keep(fragment)
    document.clear()
    return body


def _target(app: Sphinx, pagename: str) -> Path:
    uri = app.builder.get_target_uri(pagename)
    return Path(app.outdir) / (uri + "index.html" if uri.endswith("/") else uri)


def _relative(app: Sphinx, pagename: str) -> str:
    return _target(app, pagename).relative_to(app.outdir).as_posix()


#: What the kept parts are written with. They are plain data (text, numbers and
#: lists of them), which :mod:`marshal` writes and reads in half the time pickle
#: takes (some 10 ms of adding an issue to 100); its format is Python's own, so
#: the parts are read back only by the Python that wrote them.
_FORMAT = [marshal.version, *sys.version_info[:2]]


def _fragments_path(app: Sphinx, name: str) -> Path:
    digest = hashlib.sha256(name.encode()).hexdigest()[:24]
    return output_state.state_dir(app) / "fragments" / f"{digest}.marshal"


def _load(
    app: Sphinx, name: str, settings: str, common: dict[tuple[str, Hashable], str]
) -> Fragments:
    """The parts the page file ``name`` was last written with, under ``settings``,
    and the pieces of this build's pages (``common``)."""
    base = posixpath.dirname(name)
    try:
        saved = marshal.loads(_fragments_path(app, name).read_bytes())
    except Exception:  # none kept, or not readable by this version
        return Fragments(None, base, common)
    if not isinstance(saved, dict) or saved.get("format") != _FORMAT:
        return Fragments(None, base, common)
    if saved.get("settings") != settings:
        return Fragments(None, base, common)
    parts = saved.get("parts")
    return Fragments(parts if isinstance(parts, dict) else None, base, common)


def _save(app: Sphinx, name: str, settings: str, fragments: Fragments) -> None:
    path = _fragments_path(app, name)
    try:
        saved = {"format": _FORMAT, "settings": settings, "parts": fragments.now}
        data = marshal.dumps(saved) if fragments.now else b""
    except ValueError:  # not plain data: the page's parts are made again next time
        data = b""
    if not data:
        path.unlink(missing_ok=True)
        return
    output_state.write_over(path, data)


#: The :mod:`marshal` format the pages' sources are fingerprinted in: version 2 is
#: the newest that writes a value the same whatever objects it shares (later ones
#: refer back to an object met before), so equal sources always give equal bytes.
_FINGERPRINT_FORMAT = 2


def _fingerprint(sources: Any) -> tuple[str, int]:
    """The fingerprint of what a page is made from, and its size (the page's weight
    for :func:`.made_in_parallel`). The sources are plain data, which marshal
    writes in a third of the time JSON takes (an index page's sources are the
    entries of every issue: 7 ms of adding an issue to 100). A dictionary's keys
    count in their order, which the code that makes the records fixes; data
    marshal cannot write is fingerprinted as JSON. Sources that differ never share
    a fingerprint; equal ones written otherwise (another order, another Python)
    only make the page once more."""
    try:
        encoded = marshal.dumps(sources, _FINGERPRINT_FORMAT)
    except ValueError:
        encoded = json.dumps(sources, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest(), len(encoded)


def pages_unchanged(app: Sphinx) -> bool:
    """True when the last complete build made the pages from the same records and
    settings and they are all still there: the pages need not even be worked out."""
    written = output_state.previous_outputs(app, _KIND)
    outdir = Path(app.outdir)
    return bool(written) and output_state.unchanged(app, [outdir / name for name in written])


@dataclass
class MadePages:
    """The generated pages as one build makes them: the fingerprint of every page
    the site has (by output file), for those due to be written their name, title
    and body, and the names of those whose file needs only its new body
    (:func:`_frame_kept`). Plain data, so it can be made in another process
    (:func:`.parallel.start_ahead`)."""

    written: dict[str, str]
    due: list[tuple[str, str, str]]
    body_only: list[str]


def make_pages(
    app: Sphinx, pages: list[GeneratedPage], shared: object, *, share_out: bool = True
) -> MadePages:
    """The bodies of the pages whose output must be (re)written.

    ``shared`` is whatever else every page shows (the recent-issues block, say): a
    change there rewrites every page; so does any change of settings. With
    ``share_out`` the pages are made in a ``-j`` build's processes when they are
    worth it (:func:`.made_in_parallel`), else all here.
    """
    previous = output_state.previous_outputs(app, _KIND)
    settings = output_state.settings_fingerprint(app)
    outdir = Path(app.outdir)
    written: dict[str, str] = {}
    due: list[tuple[GeneratedPage, str, int]] = []
    body_only: list[str] = []
    for page in pages:
        name = _relative(app, page.pagename)
        # What the page's frame shows (everything around its body), then all of it.
        frame, _ = _fingerprint([settings, page.title, shared])
        whole, weight = _fingerprint([settings, page.title, page.inputs, shared])
        written[name] = frame + whole
        before = previous.get(name, "")
        if before != written[name] or not (outdir / name).exists():
            due.append((page, name, weight))
            if before[: len(frame)] == frame:
                body_only.append(page.pagename)
    # Pieces several pages show alike, written once in this build (or once in each
    # process of a -j build, where the pages are made in the build's processes,
    # those that share pieces in the same one).
    common: dict[tuple[str, Hashable], str] = {}
    together: dict[str, list[tuple[GeneratedPage, str, int]]] = {}
    for position, item in enumerate(due):
        together.setdefault(item[0].shares or f"\0{position}", []).append(item)
    groups = list(together.values())

    def make(group: list[tuple[GeneratedPage, str, int]]) -> list[str]:
        return [_render(app, page, name, settings, common) for page, name, _ in group]

    weights = [_group_weight([weight for _, _, weight in group]) for group in groups]
    made = made_in_parallel(app, groups, weights, make, share_out=share_out)
    bodies = {
        name: body
        for group, made_bodies in zip(groups, made, strict=True)
        for (_, name, _), body in zip(group, made_bodies, strict=True)
    }
    return MadePages(
        written, [(page.pagename, page.title, bodies[name]) for page, name, _ in due], body_only
    )


class PageBody(str):
    """A generated page's body, as the theme writes it: text like any other, with a
    short ``repr``. Sphinx makes the ``repr`` of every event's arguments for its
    debug log whether or not that log is on, the page's context included; an index
    page's body is hundreds of kilobytes of HTML at 100 issues, megabytes at 500
    (copying them took 12 ms of adding an issue at 100)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<page body: {len(self)} characters>"


#: The comments around a generated page's body in its file, by which a page whose
#: frame did not change gets its new body in place (:func:`_frame_kept`).
BODY_START = "<!-- bpfnews-body -->"
BODY_END = "<!-- /bpfnews-body -->"


def hand_over(app: Sphinx, made: MadePages) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(pagename, context, template) for each page made, for Sphinx to write, but
    for those whose file needs only its new body, written here; the parts kept for
    pages no longer made are removed."""
    body_only = set(made.body_only)
    for pagename, title, body in made.due:
        marked = BODY_START + body + BODY_END
        if pagename in body_only and _frame_kept(app, pagename, marked):
            continue
        context = {"title": title, "body": PageBody(marked), "bpfnews_page": True}
        yield pagename, context, "page.html"
    previous = output_state.previous_outputs(app, _KIND)
    for name in previous.keys() - made.written.keys():
        _fragments_path(app, name).unlink(missing_ok=True)
    output_state.record_outputs(app, _KIND, made.written)


def _frame_kept(app: Sphinx, pagename: str, body: str) -> bool:
    """Write the page's new ``body`` (with its comments) into its file in place of
    the one there, when the file holds one between the comments; else False, and
    Sphinx writes the page.

    Called for a page whose frame (the theme's page around the body: the title,
    the settings, the recent-issues block when it is not replaced in place) is what
    it was when the file was last written, so the file is the page as Sphinx would
    write it now but for the body. Adding an issue changes the index pages' bodies
    only: written this way they skip the theme's template and the page's events,
    some 2 ms a page. The recent-issues block is replaced at the same time when
    this build replaces every page's (:func:`.navigation.with_recent_blocks`).
    """
    encoded = body.encode(app.config.html_output_encoding, "xmlcharrefreplace")

    def patched(data: bytes) -> tuple[bytes, int] | None:
        start_mark, end_mark = BODY_START.encode(), BODY_END.encode()
        # ASCII comments, found without decoding; exactly one body, or it is written.
        if data.count(start_mark) != 1 or data.count(end_mark) != 1:
            return None
        start, end = data.find(start_mark), data.find(end_mark) + len(end_mark)
        if end < start:
            return None
        new, block = with_recent_blocks(app, pagename, data[:start] + encoded + data[end:])
        return new, min(start, block)

    return output_state.patch_in_place(_target(app, pagename), patched)


#: How much less a page costs when it copies the pieces another page of its group
#: made (the trees' index after the authors', the events' after the speakers':
#: a sixth to a tenth of the time).
COPYING_DISCOUNT = 5


def _group_weight(weights: list[int]) -> int:
    """The work of making a group of pages one after the other: the first makes the
    pieces they share, the others mostly copy them. Weighed as the sum of its pages,
    the series' indexes looked twice the work they are, and in a ``-j 2`` build the
    other process got every other large page and finished last."""
    return weights[0] + sum(weights[1:]) // COPYING_DISCOUNT


def _render(
    app: Sphinx,
    page: GeneratedPage,
    name: str,
    settings: str,
    common: dict[tuple[str, Hashable], str],
) -> str:
    """The page's body, made from its kept parts and the nodes of the others; the
    parts it is made of are kept for the next build."""
    fragments = _load(app, name, settings, common)
    # The nodes of an index page of hundreds of issues are a burst of short-lived
    # objects while Sphinx holds every page it wrote: see extension.collector.
    with collector_paused():
        body = render_html(app.builder, page.title, page.content(fragments), fragments)
    _save(app, name, settings, fragments)
    return body
