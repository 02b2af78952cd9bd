"""A Sphinx extension for the collector's tests: notes, at the events around Sphinx
loading the environment, which part of the build is running, and the collector's
state there (after the extension's own handlers of ``config-inited`` and
``builder-inited``, before its ``build-finished`` one); and the nodes of each page
written, by weak reference."""

from __future__ import annotations

import gc
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: The part of the build running now: set by the handlers below.
PHASE = ["set-up"]
#: (part of the build, collector running, objects frozen) at each event.
STATES: list[tuple[str, bool, int]] = []


#: For each page written: its name and weak references to its nodes.
WRITTEN: list[tuple[str, list[weakref.ref[nodes.Node]]]] = []


def _written(pagename: str, doctree: nodes.document | None) -> None:
    if doctree is not None:
        WRITTEN.append((pagename, [weakref.ref(node) for node in doctree.findall()]))


def _entered(phase: str) -> None:
    PHASE[0] = phase
    STATES.append((phase, gc.isenabled(), gc.get_freeze_count()))


class _Cycle:
    """An object in a reference cycle with itself: garbage only the collector frees."""

    def __init__(self) -> None:
        self.itself = self


#: A cycle left behind as reading ends, by weak reference.
LEFT_BY_READING: list[weakref.ref[_Cycle]] = []


def _leave_a_cycle() -> None:
    LEFT_BY_READING.append(weakref.ref(_Cycle()))


def _resolved() -> None:
    if PHASE[0] != "writing":
        _entered("writing")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", lambda app, config: _entered("loading"), priority=999)
    app.connect("builder-inited", lambda app: _entered("building"), priority=999)
    app.connect("build-finished", lambda app, error: _entered("finished"), priority=999)
    app.connect("env-updated", lambda app, env: _leave_a_cycle())
    app.connect("doctree-resolved", lambda app, doctree, docname: _resolved())
    app.connect("html-page-context", lambda app, name, tmpl, ctx, tree: _written(name, tree))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
