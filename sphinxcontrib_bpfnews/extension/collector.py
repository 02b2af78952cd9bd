"""Python's cyclic garbage collector during a build.

A full collection walks every object the process holds. In a rebuild, most of them
are the environment Sphinx loaded from its pickle (every page's records, index
entries and toctrees: a few hundred thousand objects for an archive of 200 issues)
and the modules imported before it, and none of them becomes garbage while Sphinx
builds. Yet loading that pickle sets off full collections, and each one after it
walks it all again: about a tenth of a rebuild that adds the next issue.

So the collector is paused from ``config-inited`` (just before Sphinx loads the
environment) and, on ``builder-inited`` (just after), what is loaded is moved out of
its reach with :func:`gc.freeze` and collection resumes for the objects the build
makes; ``build-finished`` gives the frozen objects back (:func:`gc.unfreeze`), so a
process that builds again (a test suite, a live preview) collects them as before.
In a ``-j`` build the processes Sphinx forks share the frozen objects' pages instead
of touching (and copying) them in their collections.

When the process exits, Python collects again while it shuts down, walking every
object the build left (the environment, the builder, the pages' trees) only to
free them: a fifth of a rebuild in which nothing changed. Whatever is left when it
exits is frozen again first (an :mod:`atexit` handler, registered by the first
build), and the process ends without those walks. Only objects in reference cycles
at exit are affected: they are not finalized, which Python never promises at exit,
and nothing of the build is left open by then.

Two outputs are also made in one burst of objects that all stay alive until they
are written: the JSON export's data at the end of a build, and the nodes of a
generated page (an index page of hundreds of issues has some hundred thousand).
The collections those allocations trigger find nothing to free, and cost as much as
the work itself (three times as much for the index pages): the collector is paused
around them (:func:`collector_paused`).

While Sphinx reads, the heap grows with objects that stay alive: it keeps every page
it reads in memory until it writes it, with what the page adds to the environment.
Python runs a full collection each time the objects that outlived the young
collections since the last one reach a quarter of the older ones, so a growing heap
is walked again and again: twelve times while 500 issues are read (2.2 s of a
29 s build), each walk freeing a few thousand objects. Full collections are held
off while pages are read (:func:`hold_full_collections`; the young generations are
still collected, and they free most of what reading leaves) and resume once the
environment is updated: one walk then frees what reading left, and what is still
alive (the environment and the pages waiting to be written) is frozen as the loaded
environment is (:func:`freeze_read`), so the full collections while pages are
written, the general index is made and the search index is dumped walk only what
the build made since (at 500 issues the two of them took 0.44 s before, 0.18 s
after).

A page's tree, once written, is garbage that only a full collection can free: its
nodes point at their parents and at the document, and the translator that wrote it
(which holds the document) is in a cycle of its own, through the visitors Sphinx
binds to it. Full collections are rare while Sphinx writes, so the trees of the
pages written pile up, and the first full collection after (while the general index
is made) walks them all: some 150,000 objects, 0.15 to 0.25 s of a full build of
100 issues. So a written page's tree is taken apart (:func:`take_apart`) when the
next page is resolved, after every handler of the written page's events has run:
its nodes are freed as Sphinx lets go of them, by reference counting.
"""

from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the collector off, restoring its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Loading:
    """Whether this module paused the collector for an environment being loaded, so
    it resumes only what it paused (a caller that runs Sphinx with the collector off
    keeps it off); and whether the process freezes what is left when it exits."""

    paused = False
    frozen_at_exit = False


def pause_while_loading(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: pause the collector while Sphinx loads the environment."""
    if not _Loading.frozen_at_exit:
        _Loading.frozen_at_exit = True
        atexit.register(gc.freeze)
    if gc.isenabled():
        gc.disable()
        _Loading.paused = True


def freeze_loaded(app: Sphinx) -> None:
    """On ``builder-inited``: keep what is loaded out of the collector's walks, and
    resume collecting."""
    gc.freeze()
    if _Loading.paused:
        _Loading.paused = False
        gc.enable()


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: the objects kept out of the walks are collected again."""
    gc.unfreeze()


class _Reading:
    """The collector's thresholds from before Sphinx read pages, while full
    collections are held off (else ``None``), and whether this build reads any."""

    thresholds: tuple[int, int, int] | None = None
    pages = False


def hold_full_collections(app: Sphinx, env: object, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: no full collection while pages are read."""
    _Reading.pages = bool(docnames)
    if _Reading.thresholds is None:
        young, middle, _ = _Reading.thresholds = gc.get_threshold()
        # The oldest generation's threshold counts collections of the middle one.
        gc.set_threshold(young, middle, 2**30)


def resume_full_collections(app: Sphinx, *args: object) -> None:
    """On ``env-updated`` (after its other handlers), or ``build-finished`` if
    reading failed: the thresholds as they were."""
    if _Reading.thresholds is not None:
        gc.set_threshold(*_Reading.thresholds)
        _Reading.thresholds = None


def freeze_read(app: Sphinx, env: object) -> None:
    """On ``env-updated``, once full collections resume: one full collection frees
    what reading left, and what is still alive (the environment, the pages waiting
    to be written) is kept out of the later walks, as the loaded environment is."""
    read, _Reading.pages = _Reading.pages, False
    if read and gc.isenabled():  # not for a caller that runs Sphinx with it off
        gc.collect()
        gc.freeze()


class _Written:
    """The tree of the page written last, taken apart when the next one is resolved
    (or the build finishes)."""

    doctree: nodes.document | None = None


def take_apart(doctree: nodes.document) -> None:
    """Cut the links of a written page's tree that close its cycles: each element's
    list of children, and the document's tables of ids, names and substitutions
    and its transformer. A node still points at its parent and its document, but
    nothing points back: what still holds the document (the translator that wrote
    it) holds an empty page."""
    elements: list[nodes.Node] = [doctree]
    while elements:
        element = elements.pop()
        if element.children:  # a text node's are always empty
            elements.extend(element.children)
            element.children = []
    for value in vars(doctree).values():
        if isinstance(value, (dict, list)):
            value.clear()
    doctree.transformer = None  # type: ignore[assignment]


def note_written(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """On ``html-page-context``, the last event of a page Sphinx writes: keep its
    tree to take apart once every handler is done with it."""
    if doctree is None or doctree is _Written.doctree:
        return  # a generated page (it has no tree), or the same page again
    let_go_of_written(app)
    _Written.doctree = doctree


def let_go_of_written(app: Sphinx, *args: object) -> None:
    """On ``doctree-resolved`` and ``build-finished``: take the tree of the page
    written last apart."""
    if _Written.doctree is not None:
        take_apart(_Written.doctree)
        _Written.doctree = None


def register(app: Sphinx) -> None:
    # First of the handlers of each event: the pause covers the others' work at
    # config-inited too, and the frozen objects are given back after every
    # build-finished handler has run.
    app.connect("config-inited", pause_while_loading, priority=0)
    app.connect("builder-inited", freeze_loaded, priority=0)
    app.connect("build-finished", unfreeze, priority=1000)
    app.connect("env-before-read-docs", hold_full_collections, priority=0)
    app.connect("env-updated", resume_full_collections, priority=1000)
    app.connect("env-updated", freeze_read, priority=1001)
    app.connect("build-finished", resume_full_collections, priority=0)
    # After every other handler of the page's own events.
    app.connect("html-page-context", note_written, priority=1000)
    app.connect("doctree-resolved", let_go_of_written, priority=0)
    app.connect("build-finished", let_go_of_written, priority=999)
