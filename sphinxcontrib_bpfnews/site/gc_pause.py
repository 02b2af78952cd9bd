"""Pausing Python's cyclic garbage collector around bursts of lasting objects.

While Sphinx writes, it holds the environment and every page read in the build in
memory, and each full collection walks all of it. Two outputs are made in one burst
of objects that all stay alive until they are written: the JSON export's data at
the end of a build, and the nodes of a generated page (an index page of hundreds of
issues has some hundred thousand). The collections those allocations trigger find
nothing to free and, on an archive of hundreds of issues, cost as much as the work
itself (three times as much for the index pages). Collection resumes (and catches
up) as soon as the burst is over.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


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
