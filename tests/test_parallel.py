"""Parallel reading and writing (``-j``) give the same pages as a serial build."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from sphinx.util.parallel import ParallelTasks

from sphinxcontrib_bpfnews import site
from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain
from sphinxcontrib_bpfnews.site import pages as site_pages
from sphinxcontrib_bpfnews.site import parallel as site_parallel

from .conftest import warnings_of
from .markup import snippet
from .test_incremental import Project, assert_same_outputs
from .test_recent_block import ADD

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest
    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

ISSUES = 8  # Sphinx reads in parallel only from six documents on.


def project() -> dict[str, str]:
    names = ("highlight", "patch-series", "talk", "prose", "review")
    body = "\n".join(snippet(name) for name in names)
    files = {f"issue{n}.md": f"# Issue {n}\n\n{body}" for n in range(ISSUES)}
    toctree = "\n".join(f"issue{n}" for n in range(ISSUES))
    files["index.md"] = f"# News\n\n```{{toctree}}\n{toctree}\n```\n"
    return files


def test_parallel_build_matches_serial(build: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    merged: list[set[str]] = []
    original = BpfNewsDomain.merge_domaindata

    def merge_domaindata(
        self: BpfNewsDomain, docnames: set[str], otherdata: dict[str, Any]
    ) -> None:
        merged.append(set(docnames))
        original(self, docnames, otherdata)

    monkeypatch.setattr(BpfNewsDomain, "merge_domaindata", merge_domaindata)
    serial = build(project())
    assert merged == []
    parallel = build(project(), parallel=2)
    # The documents were read by worker processes and merged back.
    assert set().union(*merged) >= {f"issue{n}" for n in range(ISSUES)}
    assert warnings_of(parallel) == warnings_of(serial) == ""
    # The records, prose entries' titles and review trailers too, merge unchanged.
    serial_data = serial.env.get_domain("bpfnews").data
    parallel_data = parallel.env.get_domain("bpfnews").data
    assert parallel_data["series"] == serial_data["series"]
    assert parallel_data["names"] == serial_data["names"]
    for n in range(ISSUES):
        page = f"issue{n}.html"
        assert (parallel.outdir / page).read_text(encoding="utf-8") == (
            serial.outdir / page
        ).read_text(encoding="utf-8")


def test_generated_pages_and_export_made_in_parallel(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``-j 2`` the archive's pages and the export are each made in a forked
    process started when the first page is resolved, while Sphinx writes the others;
    they give the files a serial build gives, again after an issue is added."""
    forked_html = tmp_path / "forked" / "html"
    # For each task forked: how many issue pages were written when it was.
    tasks: list[int] = []

    class CountedTasks(ParallelTasks):
        def add_task(self, *args: Any, **kwargs: Any) -> None:
            tasks.append(len(list(forked_html.glob("issues/*.html"))))
            super().add_task(*args, **kwargs)

    monkeypatch.setattr(site_parallel, "MINIMUM_WEIGHT", 0)
    monkeypatch.setattr(site_parallel, "ParallelTasks", CountedTasks)
    project = Project(make_app, tmp_path)
    forked = project.build("html", "forked", fresh=True, parallel=2)
    assert site_parallel.writing_in_parallel(forked)
    issue_pages = len(list(forked_html.glob("issues/*.html")))
    # The generated pages' and the export's processes were started before any issue
    # page was written.
    assert issue_pages > 0
    assert tasks == [0, 0]
    serial = project.build("html", "serial", fresh=True)
    assert warnings_of(forked) == warnings_of(serial) == ""
    assert_same_outputs(forked, serial, ADD)
    project.apply(ADD)
    tasks.clear()
    forked = project.build("html", "forked", fresh=False, parallel=2)
    serial = project.build("html", "serial", fresh=True)
    # The generated pages' process and the export's (the new issue's part).
    assert len(tasks) == 2
    assert_same_outputs(forked, serial, ADD)


def test_work_started_ahead_runs_at_a_lower_priority(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Work started ahead in a ``-j`` build runs in a forked process whose priority is
    lowered, so the pages' writing keeps the processors it wants; the build's own
    process keeps its priority."""
    project = Project(make_app, tmp_path)
    app = project.build("html", "forked", fresh=True, parallel=2)
    own = os.nice(0)
    site_parallel.start_ahead(app, "probe", lambda: os.nice(0))
    ahead = site_parallel.taken(app, "probe", lambda: own)
    assert ahead == min(own + site_parallel.AHEAD_NICENESS, 19)
    assert os.nice(0) == own


def test_generated_pages_shared_out_when_not_started_ahead(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``-j 2`` build whose generated pages were not started while the issues'
    pages were written (a build that writes no issue page, where Sphinx goes on to
    its finishing steps) shares them out among forked processes, those showing the
    same pieces in one, and gives the files a serial build gives."""
    shared_out: list[list[str]] = []
    weighed: list[tuple[int, list[int]]] = []

    def made_in_parallel(app: Any, items: Any, weights: Any, make: Any, **options: Any) -> Any:
        shared_out.extend([page.pagename for page, _, _ in group] for group in items)
        weighed.extend(
            (weight, [w for _, _, w in group]) for group, weight in zip(items, weights, strict=True)
        )
        return site_parallel.made_in_parallel(app, items, weights, make, **options)

    def start_ahead(app: Any, name: str, make: Any) -> None:
        """Not started: as in a build that resolves no page."""

    monkeypatch.setattr(site_parallel, "MINIMUM_WEIGHT", 0)
    monkeypatch.setattr(site_pages, "made_in_parallel", made_in_parallel)
    monkeypatch.setattr(site, "start_ahead", start_ahead)
    project = Project(make_app, tmp_path)
    forked = project.build("html", "forked", fresh=True, parallel=2)
    assert site_parallel.parallel(forked, [1, 1])
    # The indexes showing the same entries are made in one process, one after the
    # other, so each entry is made once.
    assert ["archive/authors", "archive/trees", "archive/subsystems"] in shared_out
    assert ["archive/speakers", "archive/events"] in shared_out
    # Shared out by their work: the pages after the first of a group mostly copy
    # what it made, so a group weighs less than its pages would apart.
    for weight, pages in weighed:
        if len(pages) > 1:
            assert pages[0] < weight < sum(pages)
        else:
            assert weight == pages[0]
    serial = project.build("html", "serial", fresh=True)
    assert warnings_of(forked) == warnings_of(serial) == ""
    assert_same_outputs(forked, serial, ADD)


def test_work_started_ahead_runs_where_its_priority_cannot_be_lowered(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system that refuses to lower a process's priority (a sandbox) still gets
    the work started ahead done, at the priority it has."""
    project = Project(make_app, tmp_path)
    app = project.build("html", "forked", fresh=True, parallel=2)

    def refused(increment: int) -> int:
        raise PermissionError("setpriority: operation not permitted")

    monkeypatch.setattr(os, "nice", refused)
    site_parallel.start_ahead(app, "probe", lambda: "made")
    assert site_parallel.taken(app, "probe", lambda: "not started") == "made"


def test_work_not_wanted_is_not_started_and_asked_once(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Whether work is wanted is asked on the first page resolved only (the export
    is not made ahead when the output folder's state shows it unchanged): later
    pages do not ask again, and what is not started is made where it is taken."""
    project = Project(make_app, tmp_path)
    app = project.build("html", "forked", fresh=True, parallel=2)
    asked: list[str] = []

    def wanted() -> bool:
        asked.append("asked")
        return False

    for _ in range(3):
        site_parallel.start_ahead(app, "probe", lambda: "ahead", wanted=wanted)
    assert asked == ["asked"]
    assert site_parallel.taken(app, "probe", lambda: "here") == "here"
