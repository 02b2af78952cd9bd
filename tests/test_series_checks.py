"""Series checks: each inconsistency is a bpfnews.series warning at the child's own line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sphinxcontrib_bpfnews.core.model import Patch, Series
from sphinxcontrib_bpfnews.core.series_checks import check_series, listed_patches
from sphinxcontrib_bpfnews.core.subjects import parse_subject

from .conftest import warnings_of
from .corpus import CORPUS, corpus_series
from .markup import directive, file_name, page
from .test_warnings import parse_warnings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]


def series(parent: str, *children: str) -> Series:
    return Series(parse_subject(parent), patches=tuple(Patch(parse_subject(c)) for c in children))


def messages(parent: str, *children: str) -> list[tuple[int | None, str]]:
    return [(p.child, p.message) for p in check_series(series(parent, *children))]


def test_a_consistent_series_is_fine() -> None:
    assert messages("[PATCH v2 net 0/2] x", "[PATCH v2 net 1/2] a", "[PATCH v2 net 2/2] b") == []


def test_parent_patch_one_and_single_patches_are_fine() -> None:
    assert messages("[PATCH v2 1/2] x", "[PATCH v2 2/2] y") == []
    assert messages("[PATCH net] x") == []
    # A child without a version or tree inherits the cover's (patchwork's S3 fixture).
    assert messages("[PATCH net-next v3 0/4] x", "[PATCH 1/4] a", "[PATCH 2/4] b") == []
    # Companion patches to other projects carry no counter and do not count.
    assert messages("[RFC v2 0/1] x", "[RFC v2 1/1] a", "[RFC] bcc: b") == []


@pytest.mark.parametrize(
    ("parent", "children", "expected"),
    [
        (
            "[PATCH 0/2] x",
            ["[PATCH 1/2] a", "[PATCH 3/2] b"],
            [(1, "counter 3/2 exceeds its total")],
        ),
        (
            "[PATCH 0/2] x",
            ["[PATCH 1/2] a", "[PATCH 1/2] b"],
            [(1, "patch 1/2 has the same number as child patch 1")],
        ),
        (
            "[PATCH 1/2] x",
            ["[PATCH 1/2] a"],
            [(0, "patch 1/2 has the same number as the series itself")],
        ),
        ("[PATCH v2 0/2] x", ["[PATCH v3 1/2] a"], [(0, "patch 1/2 is v3, the series is v2")]),
        (
            "[PATCH net 0/2] x",
            ["[PATCH net-next 1/2] a"],
            [(0, "patch 1/2 is for net-next, the series for net")],
        ),
        (
            "[PATCH 0/1] x",
            ["[PATCH 1/1] a", "[PATCH 2/2] b"],
            [
                (1, "patch 2/2 is beyond the series' 1 patches"),
                (1, "patch 2/2 says 2 patches, the series says 1"),
                (None, "2 patches listed, but the series has 1"),
            ],
        ),
        (
            "[PATCH 0/2] x",
            ["[PATCH 0/2] again"],
            [(0, "a cover letter (0/2) is listed as a child patch")],
        ),
    ],
)
def test_each_inconsistency(
    parent: str, children: list[str], expected: list[tuple[int | None, str]]
) -> None:
    assert messages(parent, *children) == expected


@pytest.mark.parametrize(
    ("parent", "children", "expected"),
    [
        ("[PATCH 3/2] x", [], [(None, "counter 3/2 exceeds its total")]),
        # Boundaries: the last patch and a full list are fine.
        ("[PATCH 2/2] x", ["[PATCH 1/2] a"], []),
        ("[PATCH 0/2] x", ["[PATCH 1/2] a", "[PATCH 2/2] b"], []),
        # A child without a counter is labelled "?".
        ("[PATCH v2 0/2] x", ["[PATCH v3] a"], [(0, "patch ? is v3, the series is v2")]),
        ("[PATCH net 0/2] x", ["[PATCH bpf] a"], [(0, "patch ? is for bpf, the series for net")]),
        # Without a total in the parent, only the children's own counters are checked.
        (
            "[PATCH] x",
            ["[PATCH 1/2] a", "[PATCH 3/2] b", "[PATCH 1/2] c"],
            [
                (1, "counter 3/2 exceeds its total"),
                (2, "patch 1/2 has the same number as child patch 1"),
            ],
        ),
        ("[PATCH v2] x", ["[PATCH] a", "[PATCH v3] b"], [(1, "patch ? is v3, the series is v2")]),
        ("[PATCH 0/2] x", ["[PATCH 1/3] a"], [(0, "patch 1/3 says 3 patches, the series says 2")]),
        (
            "[PATCH 0/2] x",
            ["[PATCH 1/2] a", "[PATCH 2/2] b", "[PATCH 3/3] c"],
            [
                (2, "patch 3/3 is beyond the series' 2 patches"),
                (2, "patch 3/3 says 3 patches, the series says 2"),
                (None, "3 patches listed, but the series has 2"),
            ],
        ),
        (
            "[PATCH 0/3] x",
            ["[PATCH 0/3] a", "[PATCH 0/3] b"],
            [
                (0, "a cover letter (0/3) is listed as a child patch"),
                (1, "a cover letter (0/3) is listed as a child patch"),
            ],
        ),
    ],
)
def test_more_inconsistencies(
    parent: str, children: list[str], expected: list[tuple[int | None, str]]
) -> None:
    assert messages(parent, *children) == expected


def test_listed_patches_count_numbered_subjects_only() -> None:
    assert listed_patches(series("[PATCH 0/2] x", "[PATCH 1/2] a", "[PATCH 2/2] b")) == 2
    assert listed_patches(series("[PATCH] x", "[PATCH] a")) == 0
    assert listed_patches(series("[PATCH 1/1] x")) == 1


def test_a_duplicate_names_the_other_patch_by_its_line() -> None:
    checked = series("[PATCH 0/2] x", "[PATCH 1/2] a", "[PATCH 1/2] b")
    problems = [(p.child, p.message) for p in check_series(checked, [7, 9])]
    assert problems == [(1, "patch 1/2 has the same number as the patch on line 7")]


def test_listed_patches() -> None:
    assert listed_patches(series("[PATCH 0/7] x", "[PATCH 1/7] a", "[PATCH 2/7] b")) == 2
    assert listed_patches(series("[PATCH 1/2] x", "[PATCH 2/2] a", "[RFC] other")) == 2


def mixed_series_page(markup: str) -> str:
    """A v2 series of two with a v3 child and a second 2/2."""
    children = (
        "- [PATCH v2 net 1/2] bpf: one <https://e.org/1>\n"
        "- [PATCH v3 net 2/2] bpf: two <https://e.org/2>\n"
        "- [PATCH v2 net 2/2] bpf: two again <https://e.org/3>"
    )
    series = "[PATCH v2 net 0/2] bpf: a series"
    return page(
        markup, "Issue", directive(markup, "patch-series", series, [("author", "A")], children)
    )


@pytest.mark.parametrize(("markup", "first_child_line"), [("myst", 6), ("rst", 7)])
def test_warnings_point_at_the_child(build: Build, markup: str, first_child_line: int) -> None:
    name = file_name(markup)
    app = build({name: mixed_series_page(markup)})
    found = parse_warnings(warnings_of(app))
    assert found == [
        (name, first_child_line + 1, "bpfnews.series"),  # v3 in a v2 series
        (name, first_child_line + 2, "bpfnews.series"),  # a second 2/2
        (name, first_child_line - 3, "bpfnews.series"),  # 3 listed, total 2
    ]
    assert "patch 2/2 is v3, the series is v2" in warnings_of(app)
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "two again" in html  # shown anyway


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_series_builds_without_warnings(build: Build, path: Path) -> None:
    """Every series of the real issues, pasted into directives, earns no warning."""
    blocks = []
    for subject, url, children in corpus_series(path):
        lines = "".join(f"- [{child}]({child_url})\n" for child, child_url in children)
        blocks.append(f":::{{patch-series}} {subject}\n:url: {url}\n\n{lines}:::\n")
    # Their addresses are the list archives of 2017, as written (bpfnews.link).
    app = build(
        {"index.md": "# Issue\n\n" + "\n".join(blocks)},
        conf='suppress_warnings = ["bpfnews.link"]\n',
    )
    assert warnings_of(app) == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert html.count('<article class="bpfnews-series"') == len(blocks)


MISPLACED = {
    "index.md": """\
# Issue

```{patch-series} [PATCH net 0/3] bpf: a series

- [PATCH net 0/3] bpf: a series
- [PATCH net 1/3] bpf: one <https://e.org/1>
- [PATCH net 2/3] bpf: two <https://e.org/2>
- [PATCH net 2/3] bpf: two again <https://e.org/3>
```
""",
    "index.rst": """\
Issue
=====

.. patch-series:: [PATCH net 0/3] bpf: a series

   - [PATCH net 0/3] bpf: a series
   - [PATCH net 1/3] bpf: one <https://e.org/1>
   - [PATCH net 2/3] bpf: two <https://e.org/2>
   - [PATCH net 2/3] bpf: two again <https://e.org/3>
""",
}


@pytest.mark.parametrize(
    ("name", "cover_line"), [("index.md", 5), ("index.rst", 6)], ids=["myst", "rst"]
)
def test_a_cover_letter_child_is_one_warning_and_a_duplicate_names_the_other_line(
    build: Build, name: str, cover_line: int
) -> None:
    app = build({name: MISPLACED[name]})
    assert parse_warnings(warnings_of(app)) == [
        (name, cover_line, "bpfnews.series"),
        (name, cover_line + 3, "bpfnews.series"),
    ]
    assert "a cover letter (0/3) is listed as a child patch" in warnings_of(app)
    assert f"patch 2/3 has the same number as the patch on line {cover_line + 2}" in (
        warnings_of(app)
    )


def test_a_child_whose_line_is_unknown_is_named_by_its_place() -> None:
    """Lines may be known for some children only (a body the reader could not
    place): the others are named by their place in the list."""
    checked = series("[PATCH 0/3] x", "[PATCH 2/3] a", "[PATCH 1/3] b", "[PATCH 2/3] c")
    problems = [(p.child, p.message) for p in check_series(checked, [4, None])]
    assert problems == [(2, "patch 2/3 has the same number as the patch on line 4")]
    problems = [(p.child, p.message) for p in check_series(checked, [])]
    assert problems == [(2, "patch 2/3 has the same number as child patch 1")]
    reversed_order = series("[PATCH 0/3] x", "[PATCH 1/3] b", "[PATCH 2/3] a", "[PATCH 2/3] c")
    problems = [(p.child, p.message) for p in check_series(reversed_order, [4])]
    assert problems == [(2, "patch 2/3 has the same number as child patch 2")]
