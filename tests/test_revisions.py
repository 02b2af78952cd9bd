"""Revisions of a series across issues: which entries are one series, the links
between them in every output, the series index, the export, and which pages a new
issue makes Sphinx write again."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from bs4 import BeautifulSoup

from sphinxcontrib_bpfnews.core.records import IssueRecord, SeriesRecord
from sphinxcontrib_bpfnews.core.revision_links import families, revision_links, within
from sphinxcontrib_bpfnews.core.revisions import title_key
from sphinxcontrib_bpfnews.site.export import SCHEMA

from .commands import sphinx_build
from .conftest import BASE_CONF, warnings_of
from .markup import MARKUPS, directive, file_name, page

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

# -- which entries are one series ------------------------------------------------


def _issue(docname: str, date: str, number: int | None = None) -> IssueRecord:
    return IssueRecord(
        docname=docname,
        number=number,
        date=date,
        published=date,
        title=f"Weekly {number}" if number else "",
        summary="",
        tags=[],
        categories=[],
        meta={},
    )


def _series(
    anchor: str,
    title: str,
    version: int | None = 1,
    change_id: str = "",
    url: str = "",
    earlier: tuple[str, ...] = (),
) -> SeriesRecord:
    return SeriesRecord(
        subject=f"[PATCH v{version}] {title}",
        url=url,
        line=1,
        title=title,
        tree="",
        subsystem="",
        docname="",
        anchor=anchor,
        name="",
        author="",
        patches=[],
        notes="",
        list="",
        review={},
        version=version,
        key=title_key(title) if version is not None else "",
        change_id=change_id,
        earlier=list(earlier),
    )


#: Newest first, as the domain orders issues.
ISSUES = [
    _issue("w3", "2017-09-18", 3),
    _issue("w2", "2017-09-11", 2),
    _issue("w1", "2017-09-04", 1),
]


def _shown(links: Any) -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """docname -> anchor -> (earlier, later) as "issue:version"."""
    return {
        docname: {
            anchor: (
                [f"{r.issue}:v{r.version}" for r in entry.earlier],
                [f"{r.issue}:v{r.version}" for r in entry.later],
            )
            for anchor, entry in entries.items()
        }
        for docname, entries in links.items()
    }


def test_same_title_or_change_id_makes_revisions_in_other_issues_only() -> None:
    series = {
        "w1": [_series("a", "bpf: Add BPF ID"), _series("x", "bpf: Other", change_id="cid")],
        # Case and spaces do not count; the same issue's v1 and v2 link to nothing
        # in it, only to other issues.
        "w2": [_series("a2", "bpf: add  BPF id", 2), _series("a3", "bpf: Add BPF ID", 3)],
        # A new title with the old change-id: the same series as w1's "x".
        "w3": [_series("y", "bpf: Renamed", 4, change_id="cid"), _series("z", "bpf: Alone")],
    }
    assert _shown(revision_links(ISSUES, series)) == {
        "w1": {"a": ([], ["w2:v2", "w2:v3"]), "x": ([], ["w3:v4"])},
        "w2": {"a2": (["w1:v1"], []), "a3": (["w1:v1"], [])},
        "w3": {"y": (["w1:v1"], [])},
    }


def test_a_change_id_joins_two_titles_into_one_series() -> None:
    series = {
        "w1": [_series("a", "bpf: First title")],
        "w2": [_series("b", "bpf: Second title", 2, change_id="cid")],
        # Has the first title and the change-id: all three are one series.
        "w3": [_series("c", "bpf: First title", 3, change_id="cid")],
    }
    (family,) = families(ISSUES, series)
    assert [m.anchor for m in family.members] == ["a", "b", "c"]
    assert family.title == "bpf: First title"
    assert _shown(revision_links(ISSUES, series))["w2"] == {"b": (["w1:v1"], ["w3:v3"])}


def test_a_year_shows_the_revisions_in_its_own_issues() -> None:
    """A year's PDF: each series with its revisions in that year's issues, named by
    the newest of them and ordered by that name, its id the newsletter's."""
    series = {
        "w1": [_series("a", "bpf: Zebra title", change_id="cid"), _series("b", "bpf: Middle")],
        "w2": [_series("c", "bpf: Another title", 2, change_id="cid")],
        "w3": [_series("d", "bpf: Later only")],
    }
    everything = families(ISSUES, series)
    ids = {family.title: family.ident for family in everything}
    first = within(everything, {"w1"})
    assert [(f.title, [m.anchor for m in f.members]) for f in first] == [
        ("bpf: Middle", ["b"]),
        ("bpf: Zebra title", ["a"]),
    ]
    assert first[1].ident == ids["bpf: Another title"]
    assert [f.title for f in within(everything, {"w1", "w2"})] == [
        "bpf: Another title",
        "bpf: Middle",
    ]
    assert within(everything, set()) == []


def test_an_earlier_note_links_to_the_message_of_an_earlier_entry() -> None:
    """The note ``bpfnews series`` writes, ``Earlier: [v1](URL)``, names the v1's
    message: the entry featuring that message is the same series, retitled."""
    series = {
        "w1": [
            _series("a", "bpf: First title", url="https://lore.kernel.org/bpf/v1@x/"),
            # The same address without any note naming it: not joined by it.
            _series("b", "bpf: Unnamed", url="https://lore.kernel.org/bpf/other@x/"),
        ],
        "w2": [
            _series("c", "bpf: Second title", 2, earlier=("v1@x",)),
            _series("d", "bpf: Also unnamed", url="https://lore.kernel.org/bpf/other@x/"),
        ],
    }
    assert _shown(revision_links(ISSUES, series)) == {
        "w1": {"a": ([], ["w2:v2"])},
        "w2": {"c": (["w1:v1"], [])},
    }


def test_prose_entries_are_revisions_of_nothing() -> None:
    series = {
        "w1": [_series("p", "The verifier got fixed.", None)],
        "w2": [_series("q", "x", None)],
    }
    assert families(ISSUES, series) == []
    assert revision_links(ISSUES, series) == {}


def test_family_ids_are_unique_and_kept_when_a_newer_issue_comes() -> None:
    older = {"w1": [_series("a", "bpf: fix"), _series("b", "bpf/fix")]}
    ids = {f.title: f.ident for f in families(ISSUES[2:], older)}
    assert ids == {"bpf: fix": "revisions-bpf-fix", "bpf/fix": "revisions-bpf-fix-2"}
    newer = older | {"w2": [_series("c", "bpf - fix")], "w3": [_series("d", "bpf: fix", 2)]}
    after = {f.title: f.ident for f in families(ISSUES, newer)}
    assert after["bpf: fix"] == ids["bpf: fix"] and after["bpf/fix"] == ids["bpf/fix"]
    assert after["bpf - fix"] == "revisions-bpf-fix-3"


def test_grouping_costs_one_pass_over_the_entries() -> None:
    """500 issues of 30 series, each series re-sent in the next few issues: the
    links of 15,000 entries are worked out in well under a second's work per
    thousand issues (a pass per issue pair would take minutes)."""
    issues = [_issue(f"w{n}", f"{2000 + n // 12:04d}-{n % 12 + 1:02d}-01", n) for n in range(500)]
    issues.reverse()
    series = {
        f"w{n}": [_series(f"s{k}", f"bpf: topic {(n // 4) * 30 + k}", n % 4 + 1) for k in range(30)]
        for n in range(500)
    }
    start = time.perf_counter()
    links = revision_links(issues, series)
    elapsed = time.perf_counter() - start
    assert sum(len(entries) for entries in links.values()) == 15000
    assert _shown(links)["w5"]["s3"] == (["w4:v1"], ["w6:v3", "w7:v4"])
    assert elapsed < 5


# -- in the outputs ----------------------------------------------------------------

CONF = 'html_baseurl = "https://news.example.org/"\n'


def _front(title: str, date: str, number: int, markup: str) -> str:
    if markup == "myst":
        return f"---\ntitle: {title}\ndate: '{date}'\nissue: {number}\n---\n\n"
    return f":title: {title}\n:date: {date}\n:issue: {number}\n\n"


def _issue_page(markup: str, title: str, date: str, number: int, *blocks: str) -> str:
    return _front(title, date, number, markup) + page(markup, title, *blocks)


def _files(markup: str, *, follow_up: bool = True) -> dict[str, str]:
    def series(subject: str, *options: tuple[str, str]) -> str:
        return directive(
            markup, "patch-series", subject, [("author", "Martin KaFai Lau"), *options]
        )

    files = {
        "index.md": "# News\n\n```{bpfnews-index} series\n```\n\n```{bpfnews-issues}\n```\n",
        file_name(markup, "issues/one"): _issue_page(
            markup,
            "Weekly 1",
            "2017-09-04",
            1,
            series(
                "[PATCH net-next 0/2] bpf: Add BPF ID", ("url", "https://lore.kernel.org/bpf/1@x/")
            ),
            series("[PATCH bpf] bpf: Unrelated fix"),
        ),
        file_name(markup, "issues/two"): _issue_page(
            markup,
            "Weekly 2",
            "2017-09-11",
            2,
            series("[PATCH v2 net-next 0/2] bpf: Add BPF ID", ("change-id", "20170905-bpf-id")),
        ),
    }
    if follow_up:
        files[file_name(markup, "issues/three")] = _issue_page(
            markup,
            "Weekly 3",
            "2017-09-18",
            3,
            # Retitled: the change-id keeps it the same series.
            series(
                "[PATCH v5 net-next 0/2] bpf: Introduce BPF ID", ("change-id", "20170905-bpf-id")
            ),
        )
    return files


def _soup(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def _revision_line(soup: BeautifulSoup, anchor: str) -> Any:
    article = soup.find(id=anchor)
    assert article is not None
    return article.select_one(".bpfnews-series-revisions")


@pytest.mark.parametrize("markup", MARKUPS)
def test_html_links_each_revision_both_ways_and_to_the_series_index(
    build: Build, markup: str
) -> None:
    app = build(_files(markup), conf=CONF)
    assert warnings_of(app) == ""
    one, two = _soup(app, "issues/one.html"), _soup(app, "issues/two.html")
    line = _revision_line(one, "series-bpf-Add-BPF-ID")
    assert line.get_text(" ", strip=True) == (
        "Later: v2 in Weekly 2 , v5 in Weekly 3 · All revisions"
    )
    assert [a["href"] for a in line.select("a")] == [
        "two.html#series-bpf-Add-BPF-ID",
        "three.html#series-bpf-Introduce-BPF-ID",
        "../archive/series.html#revisions-bpf-add-bpf-id",
    ]
    line = _revision_line(two, "series-bpf-Add-BPF-ID")
    assert line.get_text(" ", strip=True) == (
        "Earlier: v1 in Weekly 1 · Later: v5 in Weekly 3 · All revisions"
    )
    # A series with no revision elsewhere shows no line.
    assert _revision_line(one, "series-bpf-Unrelated-fix") is None
    # The index groups the three revisions under the newest title, each linked.
    index = _soup(app, "archive/series.html")
    group = index.find(id="revisions-bpf-add-bpf-id").find_parent(class_="bpfnews-index-group")
    assert group.select_one(".rubric").get_text(strip=True) == "bpf: Introduce BPF ID"
    assert [li.get_text(" ", strip=True) for li in group.select("li")] == [
        "[ v1 ] bpf: Add BPF ID — Issue 1",
        "[ v2 ] bpf: Add BPF ID — Issue 2",
        "[ v5 ] bpf: Introduce BPF ID — Issue 3",
    ]
    assert [a["href"] for a in group.select("li a")] == [
        "../issues/one.html#series-bpf-Add-BPF-ID",
        "../issues/two.html#series-bpf-Add-BPF-ID",
        "../issues/three.html#series-bpf-Introduce-BPF-ID",
    ]


@pytest.mark.parametrize("markup", MARKUPS)
def test_text_shows_the_words_without_the_series_index(build: Build, markup: str) -> None:
    app = build(_files(markup), "text", conf=CONF)
    assert warnings_of(app) == ""
    text = (app.outdir / "issues" / "two.txt").read_text(encoding="utf-8")
    assert "Earlier: v1 in Weekly 1 · Later: v5 in Weekly 3\n" in text
    assert "All revisions" not in text
    one = (app.outdir / "issues" / "one.txt").read_text(encoding="utf-8")
    assert one.count("Later: v2 in Weekly 2, v5 in Weekly 3") == 1


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_retitled_series_is_found_by_its_earlier_note(build: Build, markup: str) -> None:
    note = (
        "Earlier: [v1](https://lore.kernel.org/bpf/1@x/)"
        if markup == "myst"
        else "Earlier: `v1 <https://lore.kernel.org/bpf/1@x/>`__"
    )
    files = _files(markup, follow_up=False)
    files[file_name(markup, "issues/three")] = _issue_page(
        markup,
        "Weekly 3",
        "2017-09-18",
        3,
        directive(markup, "patch-series", "[PATCH v3 net-next 0/2] bpf: Retitled", body=note),
    )
    app = build(files, "text", conf=CONF)
    assert warnings_of(app) == ""
    three = (app.outdir / "issues" / "three.txt").read_text(encoding="utf-8")
    assert "Earlier: v1 in Weekly 1, v2 in Weekly 2\n" in three


@pytest.mark.parametrize("markup", MARKUPS)
def test_latex_links_to_the_entries_in_the_pdf(build: Build, markup: str) -> None:
    app = build(_files(markup), "latex", conf=CONF)
    assert warnings_of(app) == ""
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    # Each entry's anchor is a target in the PDF, and the revision lines link to them.
    for target in ("issues/one:series-bpf-Add-BPF-ID", "issues/three:series-bpf-Introduce-BPF-ID"):
        assert f"\\label{{\\detokenize{{{target}}}}}" in tex, target
        assert f"\\hyperref[\\detokenize{{{target}}}]" in tex
    assert "v5 in Weekly 3" in tex and "All revisions" not in tex
    # The series index in a page, and so in the PDF, with its groups as targets.
    assert "\\label{\\detokenize{index:revisions-bpf-add-bpf-id}}" in tex


@pytest.mark.parametrize("markup", MARKUPS)
def test_export_lists_the_other_revisions(build: Build, markup: str) -> None:
    app = build(_files(markup), conf=CONF)
    data = json.loads((app.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    by_issue = {issue["docname"]: issue["series"] for issue in data["issues"]}
    assert by_issue["issues/two"][0]["revisions"] == [
        {"issue": "issues/one", "number": 1, "version": 1, "anchor": "series-bpf-Add-BPF-ID"},
        {
            "issue": "issues/three",
            "number": 3,
            "version": 5,
            "anchor": "series-bpf-Introduce-BPF-ID",
        },
    ]
    assert by_issue["issues/one"][1]["revisions"] == []


def test_a_name_pins_the_anchor_links_land_on(build: Build) -> None:
    files = _files("myst")
    files["issues/three.md"] = files["issues/three.md"].replace(
        ":change-id:", ":name: bpf-id-v5\n:change-id:"
    )
    app = build(files, conf=CONF)
    line = _revision_line(_soup(app, "issues/one.html"), "series-bpf-Add-BPF-ID")
    assert "three.html#series-bpf-id-v5" in [a["href"] for a in line.select("a")]


# -- what a new issue makes Sphinx write -----------------------------------------


def _stamps(outdir: Path) -> dict[str, int]:
    """When each issue page of the output was last written."""
    return {
        path.relative_to(outdir).with_suffix("").as_posix(): path.stat().st_mtime_ns
        for path in (outdir / "issues").glob("*.html")
    }


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "-j 2"])
@pytest.mark.parametrize("follow_up", [True, False], ids=["follow-up", "unrelated"])
def test_a_new_issue_rewrites_exactly_the_pages_whose_links_change(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, follow_up: bool, parallel: int
) -> None:
    """Issue one has the series; issue two is the new issue's older neighbour (its
    "next" link changes); issue "zero", older still, has nothing to do with it."""
    srcdir = tmp_path / "src"
    files = _files("myst", follow_up=False) | {
        "issues/zero.md": _issue_page("myst", "Weekly 0", "2017-08-28", 0, "Nothing.\n"),
    }
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(BASE_CONF + CONF, encoding="utf-8")
    for name, text in files.items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(text, encoding="utf-8")

    def build() -> SphinxTestApp:
        app = make_app("html", srcdir=srcdir, freshenv=False, parallel=parallel)
        try:
            app.build()
        finally:
            app.cleanup()
        return app

    first = build()
    before = _stamps(first.outdir)
    time.sleep(0.05)
    new = _files("myst")["issues/three.md"]
    if not follow_up:
        new = new.replace("change-id", "name").replace("Introduce BPF ID", "Something else")
    (srcdir / "issues" / "three.md").write_text(new, encoding="utf-8")
    app = build()
    assert warnings_of(app) == ""
    expected = {"issues/three", "issues/two"} | ({"issues/one"} if follow_up else set())
    after = _stamps(app.outdir)
    written = {page for page, stamp in after.items() if before.get(page) != stamp}
    assert written == expected
    # The rewritten page of issue one links to the new issue.
    shown = (app.outdir / "issues" / "one.html").read_text(encoding="utf-8")
    assert ("three.html#series-bpf-Introduce-BPF-ID" in shown) == follow_up


def test_each_output_folder_gets_the_links_it_lacks(tmp_path: Path) -> None:
    """The HTML and the PDF share one environment (``-d``): after an issue is added
    and only the PDF is built, the next HTML build still rewrites issue one's page."""
    srcdir, doctrees = tmp_path / "src", tmp_path / "doctrees"
    for name, text in (_files("myst", follow_up=False) | {"conf.py": BASE_CONF + CONF}).items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(text, encoding="utf-8")

    def build(builder: str) -> None:
        done = sphinx_build("-q", "-b", builder, "-d", doctrees, srcdir, tmp_path / builder)
        assert done.returncode == 0 and done.stderr == "", done.stderr

    build("html")
    (srcdir / "issues" / "three.md").write_text(_files("myst")["issues/three.md"], "utf-8")
    build("latex")
    build("html")
    line = _revision_line(
        _soup_of(tmp_path / "html" / "issues" / "one.html"), "series-bpf-Add-BPF-ID"
    )
    assert "three.html#series-bpf-Introduce-BPF-ID" in [a["href"] for a in line.select("a")]


def _soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
