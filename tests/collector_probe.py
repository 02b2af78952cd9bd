"""A Sphinx extension for the collector's tests: notes, at the events around Sphinx
loading the environment, which part of the build is running, and the collector's
state there (after the extension's own handlers of ``config-inited`` and
``builder-inited``, before its ``build-finished`` one)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The part of the build running now: set by the handlers below.
PHASE = ["set-up"]
#: (part of the build, collector running, objects frozen) at each event.
STATES: list[tuple[str, bool, int]] = []


def _entered(phase: str) -> None:
    PHASE[0] = phase
    STATES.append((phase, gc.isenabled(), gc.get_freeze_count()))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", lambda app, config: _entered("loading"), priority=999)
    app.connect("builder-inited", lambda app: _entered("building"), priority=999)
    app.connect("build-finished", lambda app, error: _entered("finished"), priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
