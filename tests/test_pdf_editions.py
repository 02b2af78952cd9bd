"""PDF editions: one PDF per issue and per year, written by the stock LaTeX builder
beside the project's own PDF, compiled for real (in parallel, ``MAKEFLAGS=-j2``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from .commands import sphinx_build
from .conftest import BASE_CONF, CJK_LATEX_CONF, TEX_TOOLS, require_tools
from .pdf_tools import missing_from_pdf, normalized, pdf_text, undefined_references

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

CONF = (
    BASE_CONF
    + """
bpfnews_feed_title = "Kernel Notes"
bpfnews_pdf_editions = ["issue", "year"]
"""
)
INDEX = """\
# The news

```{toctree}
about
```
"""
#: A long issue, so that its PDF has a second page with the running header.
FILLER = "\n\n".join(
    f"Paragraph {n} of the long notes about verifier pruning and tail calls, "
    "which run on and on so that the issue fills more than one page of paper." * 2
    for n in range(40)
)


def issue(title: str, date: str, number: int, body: str, **front: str) -> str:
    matter = "".join(f"{key}: {value}\n" for key, value in front.items())
    return (
        f"---\ntitle: {title}\ndate: '{date}'\nissue: {number}\n{matter}---\n\n# {title}\n\n{body}"
    )


ISSUES = {
    "issues/one.md": issue(
        "News One",
        "2017-09-04",
        1,
        ":::{patch-series} [PATCH v2 net-next 0/1] landlock: add `ruleset`\n"
        ":author: Mickaël Salaün\n:url: https://patchwork.ozlabs.org/cover/1/\n\n"
        "- [PATCH v2 net-next 1/1] landlock: one <https://patchwork.ozlabs.org/patch/2/>\n"
        ":::\n\n"
        "```{talk} Talk One\n:kind: video\n:speakers: Thomas Graf\n"
        ":event: Netdev 2.2\n:url: https://example.org/talk\n\nAbout XDP.\n```\n\n"
        f"## Notes\n\n{FILLER}\n",
        summary="'First summary about landlock.'",
        tags="[xdp-news]",
    ),
    "issues/two.md": issue(
        "News Two",
        "2017-10-02",
        2,
        "```{patch-series} [PATCH net] bpf: fix verifier\n:author: Adam Author\n"
        ":name: verifier-fix\n:url: https://lore.kernel.org/bpf/a@b/\n```\n\n"
        "See verifier-fix again: {bpfnews:series}`verifier-fix`.\n",
        summary="'Second summary about the verifier.'",
    ),
    "issues/three.md": issue(
        "News Three",
        "2018-01-08",
        3,
        "```{patch-series} [PATCH bpf-next] tools: bpftool: show maps\n:author: Zed Writer\n```\n",
        summary="'Third summary about bpftool.'",
    ),
}
DRAFT = issue("News Draft", "2017-12-01", 4, "Not yet.\n", draft="true")
TITLES = {"one": "News One", "two": "News Two", "three": "News Three"}
SUMMARIES = {
    "one": "First summary about landlock.",
    "two": "Second summary about the verifier.",
    "three": "Third summary about bpftool.",
}
LINES = {
    "one": "Issue 1 · 04 September 2017",
    "two": "Issue 2 · 02 October 2017",
    "three": "Issue 3 · 08 January 2018",
}
EDITIONS = {"one", "two", "three", "kernel-notes-2017", "kernel-notes-2018"}
#: No day of the build makes these issues scheduled ones.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def write_project(root: Path, conf: str = CONF, extra: dict[str, str] | None = None) -> Path:
    files = {
        "conf.py": conf,
        "index.md": INDEX,
        "about.md": "# About\n\nNot an issue.\n",
        **ISSUES,
        **(extra or {}),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def tex_names(outdir: Path) -> set[str]:
    return {path.stem for path in outdir.glob("*.tex")}


def latex(src: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = sphinx_build("-b", "latex", src, out, *args, env=ENV)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as HTML and as PDFs, ``make all-pdf`` running two LaTeX
    jobs at a time; the build folder."""
    require_tools(TEX_TOOLS, "PDF test")
    root = tmp_path_factory.mktemp("editions")
    src = write_project(root / "src", extra={"issues/draft.md": DRAFT})
    out = root / "_build"
    html = sphinx_build("-b", "html", src, out / "html", env=ENV)
    assert html.returncode == 0, html.stderr
    result = sphinx_build("-M", "latexpdf", src, out, env={**ENV, "MAKEFLAGS": "-j2"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr
    return out


@pytest.mark.latexpdf
def test_every_edition_and_the_projects_own_pdf(built: Path) -> None:
    latex_dir = built / "latex"
    assert {pdf.stem for pdf in latex_dir.glob("*.pdf")} == EDITIONS | {"test"}
    for pdf in latex_dir.glob("*.pdf"):
        assert undefined_references(pdf.with_suffix(".log")) == [], pdf.name
    # The project's own PDF is as it was: its title, no issue.
    own = pdf_text(latex_dir / "test.pdf")
    assert "Not an issue." in own and "News One" not in own


@pytest.mark.latexpdf
@pytest.mark.parametrize("name", sorted(TITLES))
def test_an_issue_pdf_holds_its_issue_under_a_title_block(built: Path, name: str) -> None:
    pdf = built / "latex" / f"{name}.pdf"
    text = pdf_text(pdf)
    # The newsletter's name is in small capitals, which read as capitals.
    first_page = normalized(text.split("\f")[0]).casefold()
    for fact in ("Kernel Notes", TITLES[name], LINES[name], SUMMARIES[name]):
        assert normalized(fact).casefold() in first_page, fact
    # Once, spaces and all: the page's own header line keeps only its tags.
    assert text.split("\f")[0].count(LINES[name]) == 1
    if name == "one":
        assert normalized("xdp-news").casefold() in first_page
    # Everything the issue's web page shows, and nothing of the other issues.
    assert missing_from_pdf(built / "html" / "issues" / f"{name}.html", pdf) == []
    for other in set(TITLES) - {name}:
        assert TITLES[other] not in text and SUMMARIES[other] not in text
    assert "News Draft" not in text


@pytest.mark.latexpdf
def test_an_issue_pdf_has_a_running_header(built: Path) -> None:
    text = pdf_text(built / "latex" / "one.pdf")
    second_page = text.split("\f")[1]
    header = second_page.strip().splitlines()[0]
    assert "Kernel Notes".upper() in header.upper() and "News One" in header


@pytest.mark.latexpdf
def test_a_year_pdf_holds_its_issues_oldest_first_and_their_indexes(built: Path) -> None:
    text = pdf_text(built / "latex" / "kernel-notes-2017.pdf")
    # The cover, then the contents, then each issue as a chapter, oldest first.
    cover = text.split("\f")[0]
    assert "Kernel Notes 2017" in cover and "04 September 2017 – 02 October 2017" in cover
    # No author in conf.py: the cover names none, rather than Sphinx's placeholder.
    assert "Author name not set" not in cover
    assert text.index("About XDP.") < text.index("verifier-fix again")
    assert "News Three" not in text and "News Draft" not in text
    for heading in (
        "Patch series by author",
        "Patch series by tree",
        "Patch series by subsystem",
        "Patch series and their revisions",
        "Talks by speaker",
        "Talks by event",
    ):
        assert heading in text
    # The series and their revisions: those of this year's issues, each revision
    # with its version and issue (the chapters' titles are set in capitals).
    revisions = text[text.index("PATCH SERIES AND THEIR") : text.index("TALKS BY SPEAKER")]
    for line in ("v2 landlock: add ruleset — Issue 1", "v1 bpf: fix verifier — Issue 2"):
        assert normalized(line) in normalized(revisions)
    assert "bpftool" not in revisions
    # The event: on the talk's line, then the events index's link and its heading.
    assert text.count("Netdev 2.2") == 3
    # The index of this year: its authors, not next year's.
    index = text[text.rindex("Patch series by author") :]
    assert "Mickaël Salaün" in index and "Adam Author" in index
    assert "Zed Writer" not in text
    later = pdf_text(built / "latex" / "kernel-notes-2018.pdf")
    assert "News Three" in later and "Zed Writer" in later and "News One" not in later


def test_a_year_pdf_s_front_matter_is_set_as_sphinx_sets_a_manual_s(built: Path) -> None:
    """The back of the cover is blank, and the contents' pages carry their number
    alone: the running head (the newsletter and the chapter) starts with the first
    issue, as in the project's own PDF."""
    pages = pdf_text(built / "latex" / "kernel-notes-2017.pdf").split("\f")
    own = pdf_text(built / "latex" / "test.pdf").split("\f")
    assert pages[1].strip() == own[1].strip() == ""
    contents = [page for page in pages if "CONTENTS" in page.upper()]
    assert contents
    for page in contents:
        assert "Kernel Notes 2017" not in page
    chapter = next(page for page in pages if "News One" in page and "CONTENTS" not in page.upper())
    assert "Kernel Notes 2017" in pages[pages.index(chapter) + 1]


def test_a_year_pdf_s_blank_pages_carry_no_running_head(built: Path) -> None:
    """Each issue and index opens on a right-hand page; a left-hand page left blank
    before one is blank, not headed by the chapter before it with a page number."""
    pages = pdf_text(built / "latex" / "kernel-notes-2017.pdf").split("\f")
    openings = [
        number
        for number, page in enumerate(pages)
        if number and page.lstrip().upper().startswith(("CHAPTER", "INDEX"))
    ]
    before = [pages[number - 1] for number in openings]
    # Some issue or index of the fixture ends on a right-hand page, leaving one blank.
    assert "" in [page.strip() for page in before]
    for page in before:
        lines = [line for line in page.splitlines() if line.strip()]
        # A page with text of its own holds more than the head and the page number.
        assert not lines or len(lines) > 2, lines


def test_issue_editions_only(tmp_path: Path) -> None:
    src = write_project(tmp_path / "src")
    latex(src, tmp_path / "out", "-D", "bpfnews_pdf_editions=issue")
    assert tex_names(tmp_path / "out") == {"one", "two", "three", "test"}


def test_a_bad_value_is_warned_about_and_makes_no_edition(tmp_path: Path) -> None:
    src = write_project(tmp_path / "src")
    result = latex(src, tmp_path / "out", "-D", "bpfnews_pdf_editions=issue,monthly")
    assert "[bpfnews.config]" in result.stderr and "bpfnews_pdf_editions" in result.stderr
    assert tex_names(tmp_path / "out") == {"test"}


def test_drafts_are_in_editions_only_when_shown(tmp_path: Path) -> None:
    src = write_project(tmp_path / "src", extra={"issues/draft.md": DRAFT})
    latex(src, tmp_path / "out")
    assert tex_names(tmp_path / "out") == EDITIONS | {"test"}
    latex(src, tmp_path / "shown", "-D", "bpfnews_show_drafts=1")
    assert tex_names(tmp_path / "shown") == EDITIONS | {"test", "draft"}


def test_the_projects_own_file_name_wins(tmp_path: Path) -> None:
    conf = CONF + 'latex_documents = [("index", "one.tex", "Mine", "Me", "manual")]\n'
    src = write_project(tmp_path / "src", conf=conf)
    latex(src, tmp_path / "out")
    assert tex_names(tmp_path / "out") == EDITIONS
    assert r"\title{Mine}" in (tmp_path / "out" / "one.tex").read_text(encoding="utf-8")


def test_a_rebuild_writes_the_editions_a_fresh_build_does(tmp_path: Path) -> None:
    """Adding an issue, removing one, turning editions off: the ``.tex`` files left
    equal a fresh build's, and a file the extension did not write stays."""
    src = write_project(tmp_path / "src")
    out = tmp_path / "out"
    latex(src, out)
    (out / "notes.tex").write_text("mine\n", encoding="utf-8")

    def fresh(name: str, *args: str) -> set[str]:
        latex(src, tmp_path / name, *args)
        return tex_names(tmp_path / name) | {"notes"}

    (src / "issues" / "four.md").write_text(
        issue("News Four", "2019-02-04", 4, "Four.\n"), encoding="utf-8"
    )
    latex(src, out)
    assert tex_names(out) == fresh("added") >= {"four", "kernel-notes-2019"}

    (src / "issues" / "four.md").unlink()
    (src / "issues" / "three.md").unlink()
    latex(src, out)
    assert tex_names(out) == fresh("removed")
    assert "kernel-notes-2018" not in tex_names(out)

    latex(src, out, "-D", "bpfnews_pdf_editions=")
    assert tex_names(out) == fresh("off", "-D", "bpfnews_pdf_editions=") == {"test", "notes"}


def test_a_rebuild_finds_the_configuration_unchanged(tmp_path: Path) -> None:
    """The entries a build adds for its editions are not taken for a change of
    ``conf.py`` by the next build (Sphinx compares the configuration it kept with
    the environment), whether the next build is LaTeX or HTML into the same
    environment; an edition added since is still written."""
    src = write_project(tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    latex(src, out, "-d", doctrees)
    again = latex(src, out, "-d", doctrees)
    assert "0 added, 0 changed, 0 removed" in again.stdout, again.stdout
    assert "configuration has changed" not in again.stdout + again.stderr
    (src / "issues" / "four.md").write_text(
        issue("News Four", "2019-02-04", 4, "Four.\n"), encoding="utf-8"
    )
    added = latex(src, out, "-d", doctrees)
    assert "configuration has changed" not in added.stdout + added.stderr
    assert "1 added, 0 changed, 0 removed" in added.stdout, added.stdout
    assert {"four", "kernel-notes-2019"} <= tex_names(out)
    html = sphinx_build("-b", "html", "-d", doctrees, src, tmp_path / "html", env=ENV)
    assert html.returncode == 0, html.stderr
    assert "configuration has changed" not in html.stdout + html.stderr


def test_the_whole_archive_in_one_volume(tmp_path: Path) -> None:
    src = write_project(tmp_path / "src")
    latex(src, tmp_path / "out", "-D", "bpfnews_pdf_editions=volume")
    assert tex_names(tmp_path / "out") == {"kernel-notes", "test"}
    tex = (tmp_path / "out" / "kernel-notes.tex").read_text(encoding="utf-8")
    assert r"\documentclass[letterpaper,10pt,english]{sphinxbpfnewsvolume}" in tex
    assert r"\bpfnewsvolumecover{Kernel Notes}{04 September 2017 {–} 08 January 2018}" in tex
    chapters = [tex.index(rf"\chapter{{{title}}}") for title in TITLES.values()]
    assert chapters == sorted(chapters)


def test_a_second_build_of_one_application_writes_the_same(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """The entries added for the first build are not taken for the project's own by
    the next (sphinx-autobuild and tests build one application again)."""
    src = write_project(tmp_path / "src")
    app = make_app("latex", srcdir=src)
    try:
        app.build()
        first = (app.outdir / "one.tex").read_text(encoding="utf-8")
        app.build(force_all=True)
        second = (app.outdir / "one.tex").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    assert r"\bpfnewsissuetitle" in first
    assert second == first
    assert [entry[1] for entry in app.config.latex_documents].count("one.tex") == 1


@pytest.mark.latexpdf
def test_the_site_links_the_pdfs_latexpdf_made(built: Path, tmp_path: Path) -> None:
    """The whole week as an editor runs it: ``-M latexpdf``, then ``-M html`` finds the
    PDFs it made, copies them into the site and links each from its issue's page, its
    year's page and the feeds; each linked file is the PDF of that issue, read back."""
    import shutil
    import xml.etree.ElementTree as ET

    from bs4 import BeautifulSoup

    src = write_project(tmp_path / "src", extra={"issues/draft.md": DRAFT})
    out = tmp_path / "_build"
    shutil.copytree(built / "latex", out / "latex")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'html_baseurl = "https://news.example.org/"\n',
        encoding="utf-8",
    )
    result = sphinx_build("-M", "html", src, out, env=ENV)
    assert result.returncode == 0, result.stderr
    html = out / "html"

    def linked_pdfs(page: Path) -> list[Path]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in soup.find_all("a", href=True) if a["href"].endswith(".pdf")]
        return [(page.parent / str(href)).resolve() for href in hrefs]

    for name, title in TITLES.items():
        (pdf,) = linked_pdfs(html / "issues" / f"{name}.html")
        assert pdf == (html / "_pdf" / f"{name}.pdf").resolve()
        assert pdf.read_bytes() == (built / "latex" / f"{name}.pdf").read_bytes()
        text = normalized(pdf_text(pdf))
        assert normalized(title) in text and normalized(SUMMARIES[name]) in text
    assert not linked_pdfs(html / "issues" / "draft.html")
    for year in ("2017", "2018"):
        (pdf,) = linked_pdfs(html / "archive" / f"{year}.html")
        assert pdf.name == f"kernel-notes-{year}.pdf"
        assert pdf.read_bytes() == (built / "latex" / pdf.name).read_bytes()

    rss = ET.parse(html / "rss.xml").getroot()
    enclosures = {item.findtext("title"): item.find("enclosure") for item in rss.iter("item")}
    for name, title in TITLES.items():
        enclosure = enclosures[title]
        assert enclosure is not None
        assert enclosure.get("url") == f"https://news.example.org/_pdf/{name}.pdf"
        assert enclosure.get("type") == "application/pdf"
        assert enclosure.get("length") == str((html / "_pdf" / f"{name}.pdf").stat().st_size)


@pytest.mark.latexpdf
def test_the_example_newsletter_has_a_pdf_per_issue_and_for_2017(tmp_path: Path) -> None:
    """The documentation's example issues, 11 to 14, as a newsletter of their own with
    the editions on: each issue's PDF holds everything its web page shows, the year's
    holds every issue, and the site links each PDF from its page and its feed entry."""
    import shutil

    from bs4 import BeautifulSoup

    from .conftest import DOCS

    src = tmp_path / "src"
    (src / "issues").mkdir(parents=True)
    for page in (DOCS / "issues").glob("*.md"):
        shutil.copy(page, src / "issues" / page.name)
    (src / "index.md").write_text("# BPF Updates\n\n```{bpfnews-issues}\n```\n", encoding="utf-8")
    (src / "conf.py").write_text(
        BASE_CONF.replace('project = "Test"', 'project = "BPF Updates"')
        + CJK_LATEX_CONF  # the talks in Japanese
        + 'html_baseurl = "https://bpf-updates.example.org/"\n'
        + 'bpfnews_pdf_editions = ["issue", "year"]\n'
        # The 2017 issues link the list archives of their day (see docs/conf.py).
        + 'suppress_warnings = ["bpfnews.link"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "_build"
    pdfs = sphinx_build("-M", "latexpdf", src, out, env={**ENV, "MAKEFLAGS": "-j2"})
    assert pdfs.returncode == 0, pdfs.stdout[-3000:] + pdfs.stderr[-3000:]
    html = sphinx_build("-M", "html", src, out, env=ENV)
    assert html.returncode == 0, html.stderr
    assert "WARNING" not in pdfs.stderr + html.stderr
    names = sorted(page.stem for page in (DOCS / "issues").glob("*.md"))
    assert names == ["bpf-updates-11", "bpf-updates-12", "bpf-updates-13", "bpf-updates-14"]
    year = pdf_text(out / "latex" / "bpf-updates-2017.pdf")
    feed = (out / "html" / "atom.xml").read_text(encoding="utf-8")
    for name in names:
        pdf = out / "latex" / f"{name}.pdf"
        assert undefined_references(pdf.with_suffix(".log")) == []
        page = out / "html" / "issues" / f"{name}.html"
        assert missing_from_pdf(page, pdf) == [], name
        number = name.rsplit("-", 1)[1]
        assert f"Issue {number}" in pdf_text(pdf).split("\f")[0]
        assert normalized(f"BPF Updates {number}") in normalized(year)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        (link,) = soup.select("a.bpfnews-pdf")
        assert (page.parent / str(link["href"])).resolve() == (
            out / "html" / "_pdf" / f"{name}.pdf"
        ).resolve()
        assert f"https://bpf-updates.example.org/_pdf/{name}.pdf" in feed
    year_page = (out / "html" / "archive" / "2017.html").read_text(encoding="utf-8")
    assert "../_pdf/bpf-updates-2017.pdf" in year_page
