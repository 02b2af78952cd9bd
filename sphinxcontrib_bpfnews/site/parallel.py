"""Work of the finishing steps shared out among a parallel build's processes.

Sphinx reads and writes the pages of a ``-j N`` build in forked processes, then
finishes in the main process alone. The site's generated pages and its export are
made there from every issue's records: in a full build they are a large part of the
time, and done serially they would take away much of what ``-j`` gains. They are
therefore shared out among ``N`` forked processes the same way (Sphinx's own
:class:`~sphinx.util.parallel.ParallelTasks`), each process sending back what it
made as plain data.

Sphinx writes the pages of such a build in one forked process at a time while the
main process resolves the next ones, so during writing about one processor in two
waits. The generated pages and the export need only what reading recorded, so they
are started then (:func:`start_ahead`, on the first page resolved), each in a
forked process that works while the pages are written, and taken when they are
due (:func:`taken`). Those processes run at a lower priority (:data:`AHEAD_NICENESS`):
the pages' writing is what the build waits for, and the work started ahead is
wanted only once it is done, so it takes the processor time the writing leaves
(the main process waiting for the last pages, a processor with no page to write)
instead of slowing the writing down.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any, TypeVar, cast
from weakref import WeakKeyDictionary

from sphinx.util.parallel import ParallelTasks, parallel_available

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sphinx.application import Sphinx

Item = TypeVar("Item")
Made = TypeVar("Made")

#: How much work (in the callers' units: the size, in characters or bytes, of the
#: data a piece is made from) is worth forking for: the index pages or the export
#: of a newsletter of a hundred issues and more, never one new issue's pages.
MINIMUM_WEIGHT = 1_000_000
#: How much lower the priority of work started ahead is (added to the process's
#: niceness, which stops at 19): the lowest there is. On Linux a process at 19 gets
#: about a seventieth of the processor time of one at 0 while both want it (at 10,
#: about a tenth), so the work waits for a processor the writing leaves idle.
AHEAD_NICENESS = 19


def writing_in_parallel(app: Sphinx) -> bool:
    """Whether Sphinx writes this build's pages in forked processes (``-j``, every
    extension allowing it)."""
    return (
        parallel_available and bool(getattr(app.builder, "parallel_ok", False)) and app.parallel > 1
    )


def parallel(app: Sphinx, weights: Sequence[int]) -> bool:
    """Whether work of these weights is shared out: Sphinx writes this build's pages
    in parallel (``-j``, every extension allowing it) and there is enough of it."""
    return writing_in_parallel(app) and len(weights) > 1 and sum(weights) >= MINIMUM_WEIGHT


def made_in_parallel(
    app: Sphinx,
    items: Sequence[Item],
    weights: Sequence[int],
    make: Callable[[Item], Made],
    *,
    share_out: bool = True,
) -> list[Made]:
    """``make(item)`` for each item, in order: in ``-j`` processes when
    :func:`parallel` says so (each process given about the same weight), else here.
    What ``make`` returns is sent back from the processes, so it must pickle.
    Without ``share_out`` all are made here: work already started ahead in a forked
    process (:func:`start_ahead`), which still counts as a ``-j`` build, makes its
    items itself."""
    if not share_out or not parallel(app, weights):
        return [make(item) for item in items]
    shares: list[list[int]] = [[] for _ in range(app.parallel)]
    loads = [0] * app.parallel
    for position in sorted(range(len(items)), key=lambda i: -weights[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(position)
        loads[lightest] += weights[position]
    made: dict[int, Made] = {}

    def run(share: list[int]) -> list[Made]:
        return [make(items[position]) for position in share]

    def received(share: list[int], results: list[Made]) -> None:
        made.update(zip(share, results, strict=True))

    tasks = ParallelTasks(app.parallel)
    for share in shares:
        if share:
            tasks.add_task(run, share, received)
    tasks.join()
    return [made[position] for position in range(len(items))]


class _Ahead:
    """Work of one build started in a forked process, and what it made."""

    def __init__(self) -> None:
        self.tasks = ParallelTasks(1)
        self.made: Any = None

    def received(self, _arg: object, result: Any) -> None:
        self.made = result


#: The work started for each application's build, by name; None for work that
#: was not wanted in this build.
_STARTED: WeakKeyDictionary[Sphinx, dict[str, _Ahead | None]] = WeakKeyDictionary()


def start_ahead(
    app: Sphinx,
    name: str,
    make: Callable[[], Made],
    wanted: Callable[[], bool] | None = None,
) -> None:
    """Start ``make()`` in a forked process while Sphinx writes the pages of a
    ``-j`` build, once per build; :func:`taken` waits for what it made. What it
    returns is sent back from the process, so it must pickle. ``wanted()`` is asked
    on the first call of a build only (the caller is called for every page
    resolved): work not wanted then is not started."""
    if not writing_in_parallel(app):
        return
    started = _STARTED.setdefault(app, {})
    if name in started:
        return
    if wanted is not None and not wanted():
        started[name] = None
        return
    started[name] = ahead = _Ahead()
    ahead.tasks.add_task(_yielding, make, ahead.received)


def _yielding(make: Callable[[], Made]) -> Made:
    """``make()`` in the forked process, its priority lowered first (see the module's
    docstring). With ``-j 2`` a full build of 100 issues took 3.5 s instead of
    3.7 s at the writing's priority (medians of three runs), and at niceness 19
    about 0.07 s less than at 10 (the median of seven paired runs). Where the system
    refuses (a sandbox forbidding it), the work runs as it is."""
    with contextlib.suppress(OSError):
        os.nice(AHEAD_NICENESS)
    return make()


def taken(app: Sphinx, name: str, make: Callable[[], Made]) -> Made:
    """What the work started as ``name`` made, once it is done; ``make()`` here
    when none was started in this build."""
    ahead = _STARTED.get(app, {}).pop(name, None)
    if ahead is None:
        return make()
    ahead.tasks.join()
    return cast("Made", ahead.made)


def stop_ahead(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: work started and not taken (a build that failed) is
    stopped, so the process does not wait for it when it exits."""
    for ahead in _STARTED.pop(app, {}).values():
        if ahead is not None:
            ahead.tasks.terminate()
