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
"""

from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

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


def register(app: Sphinx) -> None:
    # First of the handlers of each event: the pause covers the others' work at
    # config-inited too, and the frozen objects are given back after every
    # build-finished handler has run.
    app.connect("config-inited", pause_while_loading, priority=0)
    app.connect("builder-inited", freeze_loaded, priority=0)
    app.connect("build-finished", unfreeze, priority=1000)
