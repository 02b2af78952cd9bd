"""``bpfnews import``: real issues converted, nothing lost, irregular shapes handled;
``bpfnews init`` and ``bpfnews new``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from sphinxcontrib_bpfnews.cli.importer import cite_commits, convert_issue

from .commands import bpfnews, sphinx_build
from .conftest import BASE_CONF, SNIPPETS, warnings_of
from .corpus import CORPUS, DATA
from .pdf_tools import pdf_text, undefined_references

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

#: Tokens a converted page shows in another form: the PATCH keyword is implied by the
#: series component, and version 1 is the absence of a version.
SHOWN_DIFFERENTLY = {"patch", "v1"}


def words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.casefold())} - SHOWN_DIFFERENTLY


def source_html(markdown: str) -> BeautifulSoup:
    """The issue as a plain Markdown renderer shows it."""
    parser = MarkdownIt("commonmark").use(front_matter_plugin)
    return BeautifulSoup(parser.render(markdown), "html.parser")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_converts_with_check_and_loses_nothing(
    path: Path, tmp_path: Path, build: Build
) -> None:
    result = bpfnews("import", str(path), "-o", str(tmp_path), "--check")
    assert result.returncode == 0, result.stderr
    assert "NOT CONVERTED" not in result.stderr
    converted = (tmp_path / path.name).read_text(encoding="utf-8")
    assert "{patch-series}" in converted and "{talk}" in converted

    app = build(
        {"index.md": "# Newsletter\n", f"issues/{path.stem}.md": converted},
        # The issues of 2017 link the list archives of the time, as written.
        conf='html_baseurl = "https://news.example.org/"\nsuppress_warnings = ["bpfnews.link"]\n',
    )
    assert warnings_of(app) == ""
    built = BeautifulSoup(
        (app.outdir / "issues" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one("div.body")
    assert built is not None
    original = source_html(path.read_text(encoding="utf-8"))

    source_links = {a["href"] for a in original.select("a[href]")}
    built_links = {a["href"] for a in built.select("a[href]")}
    assert source_links - built_links == set()
    assert words(original.get_text(" ")) - words(built.get_text(" ")) == set()


def test_summary_counts_and_kept_lines() -> None:
    _, report = convert_issue(CORPUS[0].read_text(encoding="utf-8"), "11.md")
    assert (report.talks, report.series, report.patches, report.highlights) == (7, 34, 71, 3)
    assert any("In case you missed it" in what for _, what in report.kept)
    assert report.unconverted == []


def test_summary_counts_in_words_and_lists_lines_in_source_order(tmp_path: Path) -> None:
    """One of each reads "1 talk", not "1 talks"; what was kept (and why) and what was
    not converted are told in the order of the source's lines, as an editor reads it.
    The page and its summary are the ones the docs show."""
    source = tmp_path / "weekly-7.md"
    source.write_bytes((SNIPPETS / "import" / "weekly-7.md").read_bytes())
    result = bpfnews("import", "weekly-7.md", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (SNIPPETS / "import" / "summary.txt").read_text(encoding="utf-8")
    _, report = convert_issue(CORPUS[0].read_text(encoding="utf-8"), "11.md")
    assert report.summary().splitlines()[0] == (
        "11.md: 7 talks, 34 series, 71 patches, 3 highlights converted"
    )


FRONT = "---\ntitle: 'Weekly 7'\ndate: '2017-09-18'\nogSummary: 'It: summed up'\n---\n\n"


def convert(body: str) -> str:
    return convert_issue(FRONT + body)[0]


def test_front_matter_number_summary_and_title() -> None:
    page = convert("Text.\n")
    assert "issue: 7\n" in page
    assert 'summary: "It: summed up"\n' in page
    assert "ogSummary: 'It: summed up'" in page  # kept as written
    assert "\n# Weekly 7\n" in page


def test_highlights_talks_and_groups() -> None:
    page = convert(
        "The highlights since last time are\n\n- One `x`.\n- Two.\n\n"
        "## Presentations\n\n### Videos\n\n#### [A [e]BPF talk](https://e.org/v)\n\n"
        "About it.\n\nMore.\n\n### [Slides at h3](https://e.org/s)\n\n"
        "## In case you missed it\n\n#### [Kept](https://e.org/k)\n"
    )
    assert "~~~{highlight}\n- One `x`.\n- Two.\n~~~\n" in page
    assert (
        "~~~{talk} A [e]BPF talk\n:kind: video\n:url: https://e.org/v\n\nAbout it.\n\nMore.\n~~~\n"
    ) in page
    assert "~~~{talk} Slides at h3\n:kind: video\n" in page
    assert "### [Kept](https://e.org/k)" in page  # kept, its level made consecutive


def test_irregular_patch_lists() -> None:
    page, report = convert_issue(
        FRONT
        + (
            "## Patches\n\nSome prose first.\n\n"
            "- Ann Author [[PATCH net 0/2] no comma](https://e.org/0)\n"
            "  - [[PATCH net 1/2] one](https://e.org/1)\n"
            "- Bob, [PATCH bpf-next: bpf: lost bracket](https://e.org/b)\n"
            "- - Carl, [[PATCH] doubled bullet](https://e.org/c)\n"
            "- Dana, [[PATCH v2 1/3] split](https://e.org/d1)\n"
            "- Dana, [[PATCH v2 2/3] series](https://e.org/d2)\n"
            "- Dana, [[PATCH v2 3/3] entries](https://e.org/d3)\n"
            "- Eve, [[PATCH 1/2] parent is patch one](https://e.org/e1)\n"
            "  - [[PATCH 2/2] second](https://e.org/e2)\n"
            "- Just some words\n\nSome prose after.\n"
        )
    )
    assert "Some prose first.\n" in page and "Some prose after.\n" in page
    assert "~~~{patch-series} [PATCH net 0/2] no comma\n:author: Ann Author\n" in page
    assert "- [[PATCH net 1/2] one](https://e.org/1)" in page
    assert "~~~{patch-series} PATCH bpf-next: bpf: lost bracket\n:author: Bob\n" in page
    assert "~~~{patch-series} [PATCH] doubled bullet\n:author: Carl\n" in page
    assert (
        "~~~{patch-series} [PATCH v2 1/3] split\n:author: Dana\n:url: https://e.org/d1\n\n"
        "- [[PATCH v2 2/3] series](https://e.org/d2)\n"
        "- [[PATCH v2 3/3] entries](https://e.org/d3)\n~~~"
    ) in page
    assert "~~~{patch-series} [PATCH 1/2] parent is patch one\n" in page
    assert "- Just some words" in page  # kept as written, and reported
    assert [why for _, why in report.unconverted] == ["no linked subject in 'Just some words'"]
    assert report.series == 5


def test_check_fails_on_an_unconverted_entry(tmp_path: Path) -> None:
    source = tmp_path / "src" / "issue.md"
    source.parent.mkdir()
    source.write_text(FRONT + "## Patches\n\n- Just some words\n", encoding="utf-8")
    without = bpfnews("import", str(source), "-o", str(tmp_path / "a"))
    assert without.returncode == 0
    checked = bpfnews("import", str(source), "-o", str(tmp_path / "b"), "--check")
    assert checked.returncode == 1
    assert "line 9: NOT CONVERTED: no linked subject in 'Just some words'" in checked.stderr
    again = bpfnews("import", str(source), "-o", str(tmp_path / "a"))
    assert again.returncode == 2 and "exists" in again.stderr
    itself = bpfnews("import", str(source), "-o", str(source.parent))
    assert itself.returncode == 2


def test_init_then_new_builds_clean(tmp_path: Path) -> None:
    site = tmp_path / "weekly"
    assert bpfnews("init", str(site), "--name", "BPF Weekly").returncode == 0
    assert bpfnews("new", "--site", str(site)).returncode == 0
    made = bpfnews("new", "--site", str(site), "--date", "2017-09-25")
    assert made.stdout.strip().endswith("issue-3.md")
    third = (site / "issues" / "issue-3.md").read_text(encoding="utf-8")
    assert "title: 'BPF Weekly 3'" in third and "date: '2017-09-25'" in third
    assert "issue: 3" in third and "\ndraft: true\n" in third
    refused = bpfnews("new", "--site", str(site), "--number", "3")
    assert refused.returncode == 2
    assert (site / "issues" / "issue-3.md").read_text(encoding="utf-8") == third
    assert bpfnews("init", str(site)).returncode == 2
    for builder in ("html", "latex", "text"):
        result = sphinx_build("-W", "-q", "-b", builder, site, tmp_path / builder)
        assert result.returncode == 0, result.stderr
    # The new issues are drafts: built as pages, listed once their draft line goes.
    archive = (tmp_path / "html" / "archive.html").read_text(encoding="utf-8")
    assert archive.count("bpfnews-archive-entry") == 1
    assert "bpfnews-badge-draft" in (tmp_path / "html" / "issues" / "issue-3.html").read_text(
        encoding="utf-8"
    )
    for number in (2, 3):
        publish(site / "issues" / f"issue-{number}.md")
    result = sphinx_build("-W", "-q", "-b", "html", site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    archive = (tmp_path / "html" / "archive.html").read_text(encoding="utf-8")
    assert archive.count("bpfnews-archive-entry") == 3
    assert (tmp_path / "html" / "atom.xml").exists()


def publish(path: Path) -> None:
    """What the comment over ``draft: true`` says: remove it and the line after it."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("draft: true\n")
    assert lines[at - 1].startswith("# Remove this line and the next to publish")
    path.write_text("".join(lines[: at - 1] + lines[at + 1 :]), encoding="utf-8")


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_the_sites_pdf_is_the_newsletter_newest_first(tmp_path: Path) -> None:
    """The PDF the site's README tells the editor to build holds every issue, newest
    first, numbers read as numbers: 10 comes before 9, and 2 before 1."""
    site = tmp_path / "weekly"
    assert bpfnews("init", str(site), "--name", "BPF Weekly").returncode == 0
    for number in range(2, 11):
        assert bpfnews("new", "--site", str(site)).returncode == 0
        publish(site / "issues" / f"issue-{number}.md")
    result = sphinx_build("-M", "latexpdf", ".", "_build", "-W", "-q", cwd=site)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (pdf,) = (site / "_build" / "latex").glob("*.pdf")
    assert undefined_references(pdf.with_suffix(".log")) == []
    text = pdf_text(pdf)
    assert "Welcome to BPF Weekly." in text
    # Each issue's header line (number and date) is in its chapter, once.
    assert [int(n) for n in re.findall(r"Issue (\d+) ·", text)] == list(range(10, 0, -1))
    # So is each issue's content.
    assert text.count("The most important change of the week.") == 10


def test_new_follows_the_naming_of_existing_issues(tmp_path: Path) -> None:
    issues = tmp_path / "issues"
    issues.mkdir()
    (issues / "bpf-updates-11.md").write_text(
        "---\ntitle: 'BPF Updates 11'\ndate: '2017-09-18T18:30:41.000Z'\n---\n\n# x\n",
        encoding="utf-8",
    )
    made = bpfnews("new", "--site", str(tmp_path))
    assert made.returncode == 0
    page = (issues / "bpf-updates-12.md").read_text(encoding="utf-8")
    assert "title: 'BPF Updates 12'" in page and "issue: 12" in page


#: Archives written in each shape a patch entry takes, with made-up names and addresses.
SHAPES = DATA / "shapes"
#: Those whose entries have subjects; the others hold prose entries (no subject).
SUBJECT_SHAPES = sorted(p for p in SHAPES.glob("*.md") if not p.name.startswith("prose-"))
_ADDRESS = re.compile(r"https?://[^\s<>()\]]+")


def source_addresses(markdown: str) -> tuple[set[str], set[str]]:
    """The links of a plain-Markdown page, and the addresses written out as text
    (which a converted entry makes links, and which elsewhere stay text)."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    links = {str(a["href"]) for a in source_html(markdown).select("a[href]")}
    return links, {found.rstrip(".,;:") for found in _ADDRESS.findall(body)} - links


def built_page(converted: str, name: str, tmp_path: Path) -> BeautifulSoup:
    """The converted page built by ``sphinx-build -W``, its body's HTML."""
    project = tmp_path / "project"
    (project / "issues").mkdir(parents=True)
    # Archives link the list archives of their time, as written: not checked here.
    (project / "conf.py").write_text(
        BASE_CONF + 'html_baseurl = "https://news.example.org/"\n'
        'suppress_warnings = ["bpfnews.link"]\n',
        encoding="utf-8",
    )
    (project / "index.md").write_text("# Newsletter\n", encoding="utf-8")
    (project / "issues" / name).write_text(converted, encoding="utf-8")
    result = sphinx_build("-W", "-q", "-b", "html", project, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "issues" / name).with_suffix(".html")
    body = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("div.body")
    assert body is not None
    return body


def imported(path: Path, tmp_path: Path, *options: str) -> str:
    result = bpfnews("import", str(path), "-o", str(tmp_path / "imported"), *options)
    assert result.returncode == 0, result.stderr
    return (tmp_path / "imported" / path.name).read_text(encoding="utf-8")


def assert_nothing_lost(source: str, built: BeautifulSoup, shown_otherwise: set[str]) -> None:
    """Every link of the source is a link of the built page, every address written out
    as text is on it (a link, when an entry's), and so is every word, but for those
    ``shown_otherwise``."""
    links, written_out = source_addresses(source)
    assert links or written_out
    built_links = {str(a["href"]) for a in built.select("a[href]")}
    assert links - built_links == set()
    shown = built_links | {found.rstrip(".,;:") for found in _ADDRESS.findall(built.get_text(" "))}
    assert written_out - shown == set()
    text = _ADDRESS.sub(" ", source_html(source).get_text(" "))
    lost = words(text) - words(_ADDRESS.sub(" ", built.get_text(" ")))
    assert lost - shown_otherwise == set()


@pytest.mark.parametrize("path", [*CORPUS, *SUBJECT_SHAPES], ids=lambda p: p.name)
def test_every_address_of_the_source_is_a_link_of_the_built_page(
    path: Path, tmp_path: Path
) -> None:
    source = path.read_text(encoding="utf-8")
    converted = imported(path, tmp_path)
    assert "{patch-series}" in converted
    built = built_page(converted, path.name, tmp_path)
    # "by" of "[SUBJECT](URL) by Author" and "GIT" of "[GIT PULL]" are shown by the
    # series in its own way (the author's place, a "pull" badge).
    assert_nothing_lost(source, built, {"by", "git"})


def counts(text: str) -> tuple[int, int, int, int]:
    report = convert_issue(text)[1]
    return report.talks, report.series, report.patches, report.highlights


def test_author_first_entries_under_any_heading_and_in_grouping_lists() -> None:
    source = (SHAPES / "linked-any-heading.md").read_text(encoding="utf-8")
    page, report = convert_issue(source, "digest.md")
    assert counts(source) == (0, 5, 10, 0)
    assert report.unconverted == []
    assert "## Some patches\n\n~~~{patch-series} [PATCH bpf-next v2 0/3] bpf: add a frob" in page
    # Inside a list that groups them, the entries are indented as the item's content.
    assert (
        "- Networking\n  ~~~{patch-series} [PATCH net-next 0/2] net: trim the socket lookup\n"
        "  :author: Cleo Marsh\n"
    ) in page
    assert "- Tools\n  ~~~{patch-series} [PATCH bpf-next] bpftool:" in page
    # A line outside any list is an entry too.
    assert "~~~{patch-series} [GIT PULL] bpf-next 2021-03-05\n:author: Edda Sloane\n" in page
    assert "- [A wiki page about the verifier](https://wiki.example.org/verifier)\n" in page
    assert (31, "a list of links with no patch subjects") in report.kept


def test_author_after_entries_talk_lists_and_reading_lists() -> None:
    source = (SHAPES / "by-author.md").read_text(encoding="utf-8")
    page, report = convert_issue(source)
    assert counts(source) == (2, 3, 5, 0)
    assert (
        "~~~{patch-series} [PATCH bpf-next 0/2] bpf: bounded loops in the verifier\n"
        ":author: Fern Ashby\n"
    ) in page
    assert (
        ":author: Gus Harlow\n" in page and "\nwith a long thread about the alternatives\n" in page
    )
    # A subsystem-shaped subject counts with a patch's address.
    assert "~~~{patch-series} libbpf: retry on EINTR when loading\n:author: Hana Ito\n" in page
    assert (
        "~~~{talk} Loops in the verifier, three years on\n:kind: video\n"
        ":url: https://www.youtube.com/watch?v=Zx0Example1\n\n"
        "the recording of the conference talk\n~~~"
    ) in page
    assert "~~~{talk} Slides: bounded loops\n:kind: slides\n" in page
    # Blog titles shaped like subjects, under "Articles", stay as written.
    assert (
        "- [Tutorial: writing your first XDP program](https://blog.example.org/xdp-tutorial/)\n"
        in page
    )
    assert "- [eBPF: a primer for operators](https://blog.example.com/ebpf-primer/)\n" in page
    assert "Questions? Write to the list (see [link](https://lore.kernel.org/bpf/)).\n" in page
    assert report.kept == [
        (23, "a list of links with no patch subjects"),
        (27, "prose with links, no patch entry"),
    ]
    assert report.unconverted == []


def test_bare_subjects_then_their_address() -> None:
    source = (SHAPES / "bare-subjects.md").read_text(encoding="utf-8")
    page, report = convert_issue(source)
    assert counts(source) == (0, 4, 5, 0)
    assert (
        "~~~{patch-series} [PATCH bpf-next v3 0/2] xdp: add a metadata kfunc for the RX hash\n"
        ":url: https://lore.kernel.org/bpf/20230215101010.1212-1-ines@example.org/\n~~~"
    ) in page
    # After a colon on the same line.
    assert "~~~{patch-series} [PATCH net] veth: fix the XDP headroom\n:url: https://lore" in page
    assert (
        "- [PATCH bpf 1/1] bpf: fix the range check in the map iterator "
        "https://lore.kernel.org/bpf/20230217121212.1414-2-kira@example.com/\n~~~"
    ) in page
    assert ":author: Lars Moen\n" in page
    assert "- The release notes: https://example.org/releases/6.3\n" in page
    assert report.unconverted == []


def test_prose_closed_by_author_and_link() -> None:
    source = (SHAPES / "prose-entries.md").read_text(encoding="utf-8")
    page, report = convert_issue(source)
    assert counts(source) == (1, 4, 4, 0)
    assert (
        "~~~{patch-series}\n:author: A. Developer\n"
        ":url: https://lore.kernel.org/bpf/20240115101010.4242-1-dev@example.org/t/#u\n\n"
        "Support for frobnicating maps landed, so programs can frob in place.\n~~~"
    ) in page
    # Lines stay lines; a name particle is part of the name; a full stop after the
    # parenthesis stays with the sentence.
    assert "naming the instruction\nand the bound it could not prove.\n~~~" in page
    assert ":author: Nils van der Berg\n" in page
    assert "\nThe arena allocator grew a faster free path.\n~~~" in page
    # A label that says something would be lost; "(see [link](URL))" names no author;
    # a blog's own link is no patch's address.
    assert "at its third round (Quinn Adair, [v3](https://lore.kernel.org/bpf/" in page
    assert (
        "Conference season starts next month (see [link](https://conf.example.org/2024/)).\n"
        in page
    )
    assert "- [A blog post on arenas](https://blog.example.org/arenas/) (Pia Lund, [link]" in page
    assert report.unconverted == []


def test_prose_entries_in_a_grouping_list_and_links_beside_them() -> None:
    source = (SHAPES / "prose-grouped.md").read_text(encoding="utf-8")
    page, report = convert_issue(source)
    assert counts(source) == (1, 3, 3, 0)
    assert (
        "- Verifier\n  ~~~{patch-series}\n  :author: Rhea Lindqvist\n"
        "  :url: https://lore.kernel.org/bpf/20240122101010.5151-1-rhea@example.org/\n\n"
        "  Precision tracking now covers spilled registers, which lets more loops\n"
        "  verify.\n  ~~~\n"
    ) in page
    # A kept item, then a talk: a blank line between them.
    assert "(https://blog.example.org/bpf-6-8/)\n\n~~~{talk} Recording of the BPF" in page
    assert report.kept == [
        (19, "section 'In case you missed it'"),
        (21, 'not a talk: "[bpf: what\'s new in 6.8](https://blog.example.org/bpf-6-8/)"'),
        (24, "prose with links, no patch entry"),
    ]
    assert report.unconverted == []


@pytest.mark.parametrize(
    "body",
    [
        # Blog posts whose titles take the subsystem shape, at list archive addresses.
        "## Articles\n\n- [bpf: the road to 6.0](https://www.spinics.net/lists/netdev/msg1.html)\n"
        "- [libbpf: a tour](https://lists.example.org/pipermail/bpf/2020/1.html)\n",
        # News links with a name in front.
        "- Jane Doe, [Why XDP matters](https://blog.example.org/xdp)\n"
        "- John Roe, [Tracing at scale](https://blog.example.com/tracing)\n",
        # A mailing-list post that is no patch.
        "- [[iovisor-dev] Accessing user memory](https://lists.iovisor.org/pipermail/x/1.html)\n",
        # Sentences with links, a patch's among them.
        "The fix is on the list (see [link](https://lore.kernel.org/bpf/1@example.org/)).\n",
        "We merged [[PATCH bpf] bpf: fix it](https://lore.kernel.org/bpf/2@example.org/) today.\n",
    ],
)
def test_links_that_are_no_patch_entries_stay_as_written(body: str) -> None:
    page, report = convert_issue(FRONT + body)
    assert "{patch-series}" not in page
    assert body in page
    assert report.series == 0 and report.unconverted == []


@pytest.mark.parametrize(
    ("body", "kinds"),
    [
        ("## Videos\n\n- [Cilium: the next steps](https://vimeo.com/123)\n", ["video"]),
        (
            "- [libbpf: one year in](https://www.youtube.com/watch?v=abc)\n"
            "- [bpftrace: a tour](https://speakerdeck.com/someone/bpftrace)\n"
            "- [LPC: BPF and you](https://lpc.events/event/11/contributions/901/)\n",
            ["video", "slides", "talk"],
        ),
        ("## Talks\n\n- [The verifier, explained](https://conf.example.org/v)\n", ["talk"]),
    ],
)
def test_a_talk_list_gives_talks_not_series(body: str, kinds: list[str]) -> None:
    """Linked titles below a talks heading, or at a video, slides or talk address,
    are talks, even when shaped like a subject (``libbpf: ...``)."""
    page, report = convert_issue(FRONT + body)
    assert re.findall(r":kind: (\w+)", page) == kinds
    assert report.series == 0 and report.talks == len(kinds)


def test_a_subject_without_its_link_is_not_converted_and_fails_check(tmp_path: Path) -> None:
    source = tmp_path / "issue.md"
    source.write_text(
        FRONT + "- [PATCH bpf-next] bpf: a patch with no address\n- Other words\n",
        encoding="utf-8",
    )
    result = bpfnews("import", str(source), "-o", str(tmp_path / "out"), "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        "  line 7: NOT CONVERTED: a patch subject without its link: "
        "'[PATCH bpf-next] bpf: a patch with no address'",
        "  line 8: NOT CONVERTED: no linked subject in 'Other words'",
    ]


def test_kept_blocks_do_not_fail_check(tmp_path: Path) -> None:
    """What is kept for a reason (a list of news links, a linked heading that is no
    talk) is told, and ``--check`` passes: only leftovers of entries fail it."""
    source = tmp_path / "issue.md"
    source.write_text(
        FRONT
        + "- [A news link](https://news.example.org/1)\n\n### [A post](https://blog.example.org/)\n",
        encoding="utf-8",
    )
    result = bpfnews("import", str(source), "-o", str(tmp_path / "out"), "--check")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        "  line 7: kept as written: a list of links with no patch subjects",
        "  line 9: kept as written: linked heading 'A post', not a talk "
        "(no talks heading above it, no video or slides address), as a level-2 heading",
    ]


def test_documented_before_and_after() -> None:
    before = (SNIPPETS / "import" / "before.md").read_text(encoding="utf-8")
    after = (SNIPPETS / "import" / "after.md").read_text(encoding="utf-8")
    assert convert_issue(before)[0] == after


def test_directives_already_on_the_page_are_left_alone() -> None:
    """A page that already uses directives (MyST colon fences) keeps them: the
    patch lines inside a fence are its children, not entries to convert again."""
    body = (
        ":::{patch-series} [PATCH 0/2] bpf: a series\n:url: https://e.org/0\n\n"
        "- [PATCH 1/2] one <https://e.org/1>\n- [PATCH 2/2] two <https://e.org/2>\n:::\n"
    )
    page, report = convert_issue(FRONT + body)
    assert page.endswith(body) and report.series == 0


@pytest.mark.parametrize("path", [*CORPUS, *sorted(SHAPES.glob("*.md"))], ids=lambda p: p.name)
def test_a_converted_page_converts_to_itself(path: Path) -> None:
    once = convert_issue(path.read_text(encoding="utf-8"))[0]
    again, report = convert_issue(once)
    assert again == once
    assert report.series == report.talks == report.highlights == 0


#: Archives whose entries are prose closed by ``(Author, [link](URL))``.
PROSE_SHAPES = sorted(SHAPES.glob("prose-*.md"))


@pytest.mark.parametrize("path", PROSE_SHAPES, ids=lambda p: p.name)
def test_prose_entries_build_and_lose_nothing(path: Path, tmp_path: Path) -> None:
    """A prose entry is a ``patch-series`` with no subject, its body the entry's text:
    the page builds with ``-W``, and every link and word of the source is on it."""
    source = path.read_text(encoding="utf-8")
    converted = imported(path, tmp_path, "--check")
    assert "~~~{patch-series}\n:author:" in converted or "  ~~~{patch-series}\n" in converted
    built = built_page(converted, path.name, tmp_path)
    # The link's label ("link", "thread", "patch", "series") says nothing the entry
    # does not show.
    assert_nothing_lost(source, built, {"link", "thread", "patch", "series"})
    for author in re.findall(r":author: (.+)", converted):
        assert author in built.get_text(" ")


COMMITS_ISSUE = DATA / "commits" / "bpf-updates-14.md"


def test_commit_mentions_and_kernel_commit_links_become_citations() -> None:
    """An issue shaped like the real ones, citing commits in prose, in highlights and
    in a series' notes, in the kernel's words and by links."""
    page, report = convert_issue(COMMITS_ISSUE.read_text(encoding="utf-8"), "14.md")
    # A mention, its subject wrapped onto the next line, and a link named by its subject.
    assert (
        'came from commit {commit}`0fd4759c5529 ("bpf: track stack depth of classic bpf '
        'programs")` and was fixed by\n{commit}`f1a4f4d1a4bd ("bpf: fix stack depth of cbpf '
        'programs")`.\n'
    ) in page
    # In the highlights; a link whose text the citation cannot show keeps it.
    assert (
        '- Multiple programs per tracepoint, since commit {commit}`e87c6bc3852b ("bpf: '
        'permit multiple bpf attachments for a single perf event")`.\n'
        "- The map-in-map fix in this commit ({commit}`a49d1d5c9e65`) makes `inner_map_meta` "
        "checks stricter.\n~~~"
    ) in page
    # In a series' notes: a Fixes: line and a link named "commit HASH"; the patch
    # lines keep their addresses, even a commit's.
    assert (
        '\nFixes: {commit}`4f7b3e82589e ("bpf: introduce bpf_prog_array_copy")`; the '
        "earlier attempt,\ncommit {commit}`0fd4759c5529`, missed a case.\n~~~"
    ) in page
    assert (
        "- [[PATCH net 2/2] bpf: fix off by one for range markings](https://git.kernel.org/pub/"
        "scm/linux/kernel/git/davem/net.git/commit/?id=2d2be8cab2dd8b5b2c2a0a6ebd6e9c4d6b1c0f4e)"
    ) in page
    # An address written out; another project's commit on git.kernel.org stays a link;
    # code stays code.
    assert "among them {commit}`e87c6bc3852b` and pahole's\n[BTF encoder](https://git." in page
    assert "`git show commit 0fd4759c5529`" in page
    assert "```sh\ngit log --oneline commit 0fd4759c5529\n```" in page
    assert report.commits == 7
    assert report.summary().splitlines()[0] == (
        "14.md: 0 talks, 2 series, 4 patches, 2 highlights, 7 commits converted"
    )
    # Each link made a citation is told, at its line, with its address.
    assert [(line, what.split(" is now ")[0]) for line, what in report.cited] == [
        (
            19,
            "[bpf: fix stack depth of cbpf programs](https://git.kernel.org/pub/scm/linux/"
            "kernel/git/davem/net.git/commit/?id=f1a4f4d1a4bd0c3e1ec7e1fb7e06b8b1d3ab2f11)",
        ),
        (24, "[this commit](https://git.kernel.org/bpf/bpf-next/c/a49d1d5c9e65)"),
        (33, "[commit 0fd4759c5529](https://git.kernel.org/torvalds/c/0fd4759c5529)"),
        (40, "<https://git.kernel.org/torvalds/c/e87c6bc3852b>"),
    ]
    assert "line 24: commit link made a citation: [this commit](" in report.summary()


def test_cited_commits_build_clean_and_lose_no_word(build: Build) -> None:
    source = COMMITS_ISSUE.read_text(encoding="utf-8")
    page, _ = convert_issue(source, "14.md")
    app = build(
        {"index.md": "# Newsletter\n", "issues/14.md": page},
        conf='html_baseurl = "https://news.example.org/"\n',
    )
    assert warnings_of(app) == ""
    built = BeautifulSoup(
        (app.outdir / "issues" / "14.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one("div.body")
    assert built is not None
    assert len(built.select("span.bpfnews-commit")) == 7
    # Every word but those of the address written out, which the citation's hash
    # now links to (and the summary names).
    address = words("https://git.kernel.org/torvalds/c/e87c6bc3852b") - {"e87c6bc3852b"}
    lost = words(source_html(source).get_text(" ")) - words(built.get_text(" "))
    assert lost - address == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Already a citation, or in code of any fence length: unchanged.
        ("{commit}`0fd4759c5529` x", "{commit}`0fd4759c5529` x"),
        ("``a ` commit 0fd4759c5529 b``", "``a ` commit 0fd4759c5529 b``"),
        # Too short for the kernel's rule, or not a hash: prose.
        ("commit 0fd4759 fixed it", "commit 0fd4759 fixed it"),
        ("commit added a feature", "commit added a feature"),
        ("recommit 0fd4759c5529ab", "recommit 0fd4759c5529ab"),
        # An image, GitHub and other hosts are not kernel commits.
        (
            "![c](https://git.kernel.org/torvalds/c/0fd4759c5529)",
            "![c](https://git.kernel.org/torvalds/c/0fd4759c5529)",
        ),
        (
            "[x](https://github.com/torvalds/linux/commit/0fd4759c5529)",
            "[x](https://github.com/torvalds/linux/commit/0fd4759c5529)",
        ),
        # A mention inside a link's text is left to the link.
        (
            "[commit 0fd4759c5529](https://e.org/x)",
            "[commit 0fd4759c5529](https://e.org/x)",
        ),
        # A subject with code: the role's fence is longer than any run inside.
        (
            "[bpf: fix `x` use](https://git.kernel.org/torvalds/c/0fd4759c5529)",
            '{commit}``0fd4759c5529 ("bpf: fix `x` use")``',
        ),
        # A quoted subject as the link's text; a whole hash cut to 12 characters.
        (
            '[("bpf: a")](https://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git/'
            "commit/?id=0fd4759c55290fd4759c55290fd4759c55290fd4)",
            '{commit}`0fd4759c5529 ("bpf: a")`',
        ),
        ("Commit 0fd4759c5529 (\u201cbpf: a\u201d).", 'Commit {commit}`0fd4759c5529 ("bpf: a")`.'),
        # A hash written short in the link's text takes the kernel's 12 from the address.
        (
            '[0fd4759 ("bpf: a")](https://git.kernel.org/torvalds/c/0fd4759c55290fd4)',
            '{commit}`0fd4759c5529 ("bpf: a")`',
        ),
    ],
)
def test_citations_only_where_a_commit_is_named(text: str, expected: str) -> None:
    page, _ = cite_commits(text + "\n")
    assert page == expected + "\n"
    # Converting again changes nothing.
    assert cite_commits(page)[0] == page
