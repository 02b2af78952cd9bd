"""The collector during a build: paused while Sphinx loads the environment, what was
loaded kept out of its walks while the build runs, and everything given back after
(:mod:`sphinxcontrib_bpfnews.extension.collector`)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import collector_probe
from .conftest import BASE_CONF, built
from .markup import snippet

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.testing.util import SphinxTestApp


def _project(root: Path) -> Path:
    root.mkdir()
    conf = BASE_CONF + '\nextensions.append("tests.collector_probe")\n'
    (root / "conf.py").write_text(conf, encoding="utf-8")
    (root / "index.md").write_text("# News\n\n```{toctree}\nissue\n```\n", encoding="utf-8")
    issue = "\n".join(snippet(name) for name in ("patch-series", "talk", "highlight"))
    (root / "issue.md").write_text(f"# Issue\n\n{issue}", encoding="utf-8")
    return root


def _build(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> list[str]:
    """Build, noting the part of the build each collection started in."""
    collections: list[str] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(collector_probe.PHASE[0])

    collector_probe.STATES.clear()
    collector_probe.PHASE[0] = "set-up"
    gc.callbacks.append(collected)
    try:
        built(make_app("html", srcdir=srcdir))
    finally:
        gc.callbacks.remove(collected)
    return collections


def test_what_a_rebuild_loads_is_out_of_the_collectors_walks_until_it_ends(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    _build(make_app, srcdir)
    (srcdir / "issue.md").write_text("# Issue\n\nEdited.\n", encoding="utf-8")
    collections = _build(make_app, srcdir)  # loads the environment the first build saved
    states = {phase: (enabled, frozen) for phase, enabled, frozen in collector_probe.STATES}
    assert states["loading"] == (False, 0)
    assert "loading" not in collections
    enabled, frozen = states["building"]
    # The modules imported and the environment loaded are out of the walks ...
    assert enabled
    assert frozen > 10_000
    assert states["finished"][1] > 10_000  # until every other handler has run
    # ... which still collect what the build makes, and take them back after it.
    assert "building" in collections
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)


def test_what_reading_made_is_out_of_the_walks_once_the_environment_is_updated(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """One full collection frees what reading left (a cycle left as it ends), and
    what is still alive then (the pages waiting to be written, the environment) is
    frozen: the full collections while pages are written do not walk it again."""
    srcdir = _project(tmp_path / "src")
    collector_probe.LEFT_BY_READING.clear()
    _build(make_app, srcdir)
    states = {phase: (enabled, frozen) for phase, enabled, frozen in collector_probe.STATES}
    enabled, frozen = states["writing"]
    assert enabled
    assert frozen > states["building"][1]
    assert len(collector_probe.LEFT_BY_READING) == 1
    assert collector_probe.LEFT_BY_READING[0]() is None  # freed, not frozen
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)


def test_a_build_leaves_a_paused_collector_paused(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    gc.disable()
    try:
        collections = _build(make_app, srcdir)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collections == []
    assert [enabled for _, enabled, _ in collector_probe.STATES] == [False] * 4
    assert gc.get_freeze_count() == 0


def test_no_full_collection_while_pages_are_read(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Each page read here keeps 300,000 objects alive, as Sphinx keeps the pages it
    reads: enough to set off full collections, none of which would find them
    garbage. None runs until every page is read; the thresholds are back after."""
    srcdir = _project(tmp_path / "src")
    for number in range(3):
        (srcdir / f"more-{number}.md").write_text(f"# More {number}\n", encoding="utf-8")
    thresholds = gc.get_threshold()
    kept: list[list[list[object]]] = []
    collections: list[tuple[bool, int]] = []
    reading = [False]

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append((reading[0], info["generation"]))

    def read(app: Sphinx, docname: str, source: list[str]) -> None:
        reading[0] = True
        kept.append([[] for _ in range(300_000)])

    def updated(app: Sphinx, env: object) -> None:
        reading[0] = False
        kept.clear()

    app = make_app("html", srcdir=srcdir)
    app.connect("source-read", read)
    app.connect("env-updated", updated, priority=0)
    gc.callbacks.append(collected)
    try:
        built(app)
    finally:
        gc.callbacks.remove(collected)
    assert (True, 1) in collections  # the young generations are still collected
    assert (True, 2) not in collections
    assert gc.get_threshold() == thresholds


def test_a_written_pages_tree_is_freed_without_the_collector(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """A page's nodes are freed by reference counting once it is written: with the
    collector off for the whole build, what is left of each written page is what
    the translator that wrote it (garbage in a cycle of its own) holds, emptied:
    the document and the section it was in."""
    srcdir = _project(tmp_path / "src")
    collector_probe.WRITTEN.clear()
    gc.collect()
    gc.disable()
    try:
        _build(make_app, srcdir)
        left = {
            name: [node for ref in refs if (node := ref()) is not None]
            for name, refs in collector_probe.WRITTEN
        }
    finally:
        gc.enable()
    assert set(left) == {"index", "issue"}
    assert min(len(refs) for _, refs in collector_probe.WRITTEN) > 10
    for nodes_left in left.values():
        assert len(nodes_left) <= 2
        assert all(not node.children for node in nodes_left)


#: A ``sphinx-build`` run noting, when the process exits (after the handlers the
#: build registers, which run first), how many objects are frozen.
_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit", gc.get_freeze_count()))
from sphinx.cmd.build import main
status = main(sys.argv[1:])
print("frozen after the build", gc.get_freeze_count())
sys.exit(status)
"""


def test_the_process_exits_without_walking_what_the_build_left(tmp_path: Path) -> None:
    srcdir = _project(tmp_path / "src")
    done = subprocess.run(
        [sys.executable, "-c", _AT_EXIT, "-q", "-b", "html", str(srcdir), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parent.parent,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    counts = dict(line.rsplit(" ", 1) for line in done.stdout.splitlines())
    assert counts["frozen after the build"] == "0"
    assert int(counts["frozen at exit"]) > 10_000
