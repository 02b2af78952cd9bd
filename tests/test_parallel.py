"""Parallel reading and writing (``-j``) give the same pages as a serial build."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

from .conftest import warnings_of
from .markup import snippet

if TYPE_CHECKING:
    from collections.abc import Callable

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
