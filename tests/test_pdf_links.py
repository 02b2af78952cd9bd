"""The site links the PDF editions: issue and year pages, feeds, export.

Real HTML builds of a small newsletter; the PDFs are small files starting with
``%PDF-`` put where the LaTeX build would have written them (the ``latex`` folder
beside the HTML output, as ``sphinx-build -M`` lays them out), so no TeX is needed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from sphinxcontrib_bpfnews.site.export import SCHEMA

from . import test_incremental
from .commands import sphinx_build
from .conftest import BASE_CONF, warnings_of
from .test_incremental import Change, assert_same_outputs, output_files
from .test_site import issue

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

CONF = (
    BASE_CONF
    + 'html_baseurl = "https://news.example.org/"\n'
    + 'bpfnews_pdf_editions = ["issue", "year"]\n'
)
FILES = {
    "index.md": "# The news\n\nWelcome.\n",
    "issues/one.md": issue("News One", "2017-09-04", issue="1", tags="[bpf]", body="One.\n"),
    "issues/two.md": issue("News Two", "2017-09-11", issue="2", body="Two.\n"),
    "issues/old/zero.md": issue("News Zero", "2016-12-26", issue="0", body="Zero.\n"),
    "issues/three.md": issue("News Three", "2017-09-18", issue="3", draft="true", body="3.\n"),
}
#: Every edition's file, as the LaTeX build would name them (and the draft's, which
#: has none: it must not be linked even when a file of its name is there).
PDFS = {
    "one.pdf": b"%PDF-1.4 issue one\n",
    "two.pdf": b"%PDF-1.4 issue two, a bit longer\n",
    "zero.pdf": b"%PDF-1.4 zero\n",
    "test-2017.pdf": b"%PDF-1.4 the year 2017\n",
    "test-2016.pdf": b"%PDF-1.4 the year 2016\n",
    "three.pdf": b"%PDF-1.4 a draft\n",
}
LINKED = {"one.pdf", "two.pdf", "zero.pdf", "test-2017.pdf", "test-2016.pdf"}
#: Pages and what their PDF link leads to (html builder's page files).
PAGES = {
    "issues/one": "one.pdf",
    "issues/two": "two.pdf",
    "issues/old/zero": "zero.pdf",
    "archive/2017": "test-2017.pdf",
    "archive/2016": "test-2016.pdf",
}


class Project(test_incremental.Project):
    """``src/`` and ``build/``: the HTML output in ``build/<builder>``, the PDFs in
    ``build/latex``."""

    def __init__(self, make_app: Callable[..., SphinxTestApp], root: Path, conf: str = "") -> None:
        super().__init__(make_app, root, conf, base_conf=CONF, base=FILES)

    def add_pdfs(self, names: set[str], builddir: str = "build") -> None:
        latex = self.root / builddir / "latex"
        latex.mkdir(parents=True, exist_ok=True)
        for name in names:
            (latex / name).write_bytes(PDFS[name])

    def build(  # type: ignore[override]
        self, buildername: str = "html", builddir: str = "build", *, fresh: bool = True
    ) -> SphinxTestApp:
        """A build that warns of nothing."""
        app = super().build(buildername, builddir, fresh=fresh)
        assert warnings_of(app) == ""
        return app


def page_file(app: SphinxTestApp, pagename: str) -> Path:
    uri = app.builder.get_target_uri(pagename)
    return app.outdir / (uri + "index.html" if uri.endswith("/") or not uri else uri)


def pdf_links(app: SphinxTestApp, pagename: str) -> list[str]:
    soup = BeautifulSoup(page_file(app, pagename).read_text(encoding="utf-8"), "html.parser")
    return [str(a["href"]) for a in soup.select("a.bpfnews-pdf")]


def export(app: SphinxTestApp) -> dict[str, object]:
    data = json.loads((app.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert isinstance(data, dict)
    return data


def issue_pdfs(app: SphinxTestApp) -> dict[str, object]:
    issues = export(app)["issues"]
    assert isinstance(issues, list)
    return {item["docname"]: item["pdf"] for item in issues}


def test_no_pdfs_no_links(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    app = Project(make_app, tmp_path).build()
    assert not (app.outdir / "_pdf").exists()
    for pagename in PAGES:
        assert pdf_links(app, pagename) == []
    assert all(pdf is None for pdf in issue_pdfs(app).values())
    assert export(app)["editions"] == []
    for name in ("atom.xml", "rss.xml"):
        assert all(not e.get("enclosures") for e in feedparser.parse(app.outdir / name).entries)


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_pdfs_found_are_copied_and_linked(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, buildername: str
) -> None:
    project = Project(make_app, tmp_path)
    project.add_pdfs(set(PDFS))
    app = project.build(buildername)
    copied = app.outdir / "_pdf"
    assert {path.name for path in copied.iterdir()} == LINKED
    for name in LINKED:
        assert (copied / name).read_bytes() == PDFS[name]
    for pagename, name in PAGES.items():
        [href] = pdf_links(app, pagename)
        # Relative to the page, wherever the builder puts it.
        target = urljoin(page_file(app, pagename).as_uri(), href)
        assert target == (copied / name).as_uri(), pagename
    # The draft's page has none, though a file of its name is there.
    assert pdf_links(app, "issues/three") == []
    assert pdf_links(app, "index") == []

    header = BeautifulSoup(
        page_file(app, "issues/one").read_text(encoding="utf-8"), "html.parser"
    ).select_one(".bpfnews-issue-header")
    assert header is not None
    assert " ".join(header.get_text().split()) == "Issue 1 · 04 September 2017 · [PDF] [bpf]"
    year = BeautifulSoup(
        page_file(app, "archive/2017").read_text(encoding="utf-8"), "html.parser"
    ).select_one("a.bpfnews-pdf")
    assert year is not None and year.get_text() == "The issues of 2017 in one PDF"

    site = "https://news.example.org/_pdf/"
    assert issue_pdfs(app) == {
        "issues/two": site + "two.pdf",
        "issues/one": site + "one.pdf",
        "issues/old/zero": site + "zero.pdf",
    }
    editions = export(app)["editions"]
    assert isinstance(editions, list)
    assert [(e["kind"], e["key"], e["pdf"]) for e in editions] == [
        ("issue", "issues/old/zero", site + "zero.pdf"),
        ("issue", "issues/one", site + "one.pdf"),
        ("issue", "issues/two", site + "two.pdf"),
        ("year", "2016", site + "test-2016.pdf"),
        ("year", "2017", site + "test-2017.pdf"),
    ]
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse(app.outdir / name)
        assert not feed.bozo, feed.bozo_exception
        enclosures = {e.title: e.enclosures for e in feed.entries}
        assert enclosures["News One"] == [
            {
                "href": site + "one.pdf",
                "length": str(len(PDFS["one.pdf"])),
                "type": "application/pdf",
            }
        ]
        assert len(enclosures) == 3 and all(len(found) == 1 for found in enclosures.values())


def test_the_atom_enclosure_is_a_link_of_its_own(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """As Atom writes it: ``rel="enclosure"`` with type and length beside the entry's
    alternate link (feedgen 1.0 alone would drop all three)."""
    project = Project(make_app, tmp_path)
    project.add_pdfs({"one.pdf"})
    app = project.build()
    atom = (app.outdir / "atom.xml").read_text(encoding="utf-8")
    assert (
        '<link href="https://news.example.org/_pdf/one.pdf" rel="enclosure" '
        f'type="application/pdf" length="{len(PDFS["one.pdf"])}"/>'
    ) in atom
    assert atom.count('rel="enclosure"') == 1


def test_pdf_url_absolute_links_every_edition_and_copies_nothing(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    project = Project(
        make_app, tmp_path, 'bpfnews_pdf_url = "https://files.example.org/{name}.pdf"\n'
    )
    app = project.build("dirhtml")
    assert not (app.outdir / "_pdf").exists()
    assert pdf_links(app, "issues/one") == ["https://files.example.org/one.pdf"]
    assert pdf_links(app, "archive/2016") == ["https://files.example.org/test-2016.pdf"]
    assert pdf_links(app, "issues/three") == []
    assert issue_pdfs(app)["issues/two"] == "https://files.example.org/two.pdf"
    rss = feedparser.parse(app.outdir / "rss.xml")
    # Not at hand, so of unknown length: 0, as RSS advises.
    assert [e.enclosures[0]["length"] for e in rss.entries] == ["0", "0", "0"]


@pytest.mark.parametrize("baseurl", ["https://news.example.org/", ""])
def test_pdf_url_from_the_site_root(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    baseurl: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Read the Docs' way: the PDFs are put under ``_pdf/`` after the HTML build, so
    each page links there relative to itself; the export gives the address from the
    site's address when known, else from the site's root."""
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    conf = f'bpfnews_pdf_url = "_pdf/{{name}}.pdf"\nhtml_baseurl = "{baseurl}"\n'
    conf += 'suppress_warnings = ["bpfnews.feed"]\n'
    app = Project(make_app, tmp_path, conf).build()
    assert not (app.outdir / "_pdf").exists()
    assert pdf_links(app, "issues/old/zero") == ["../../_pdf/zero.pdf"]
    assert pdf_links(app, "archive/2017") == ["../_pdf/test-2017.pdf"]
    expected = f"{baseurl}_pdf/one.pdf" if baseurl else "_pdf/one.pdf"
    assert issue_pdfs(app)["issues/one"] == expected


def test_pdf_dir_from_the_configuration_folder(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    project = Project(make_app, tmp_path, 'bpfnews_pdf_dir = "../pdfs"\n')
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "two.pdf").write_bytes(PDFS["two.pdf"])
    app = project.build()
    assert [path.name for path in (app.outdir / "_pdf").iterdir()] == ["two.pdf"]
    assert pdf_links(app, "issues/two") == ["../_pdf/two.pdf"]
    assert pdf_links(app, "issues/one") == []


def test_no_pdf_editions_no_links(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    project = Project(make_app, tmp_path, "bpfnews_pdf_editions = []\n")
    project.add_pdfs(set(PDFS))
    app = project.build()
    assert not (app.outdir / "_pdf").exists()
    assert pdf_links(app, "issues/one") == []


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_pdfs_made_or_removed_since_the_last_build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, buildername: str
) -> None:
    """A rebuild without ``-E`` after PDFs appear, change or go away gives the files
    a fresh build gives; only the files the extension copied are removed."""
    project = Project(make_app, tmp_path)
    project.build(buildername)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("PDFs made", lambda: project.add_pdfs(set(PDFS))),
        ("a PDF made again", lambda: _rewrite(tmp_path / "build" / "latex" / "one.pdf")),
        (
            "PDFs removed",
            lambda: _remove(tmp_path / "build" / "latex", {"one.pdf", "test-2016.pdf"}),
        ),
    ]
    # A file of the same folder the extension did not put there: kept.
    mine = tmp_path / "build" / buildername / "_pdf" / "mine.pdf"
    mine.parent.mkdir()
    mine.write_bytes(b"%PDF-1.4 not the extension's\n")
    for number, (name, step) in enumerate(steps):
        step()
        incremental = project.build(buildername, fresh=False)
        scratch = f"scratch{number}"
        _copy_tree(tmp_path / "build" / "latex", tmp_path / scratch / "latex")
        fresh = project.build(buildername, scratch)
        (fresh.outdir / "_pdf" / "mine.pdf").write_bytes(mine.read_bytes())
        assert_same_outputs(incremental, fresh, Change(name))
    copied = {path.name for path in (tmp_path / "build" / buildername / "_pdf").iterdir()}
    assert copied == LINKED - {"one.pdf", "test-2016.pdf"} | {"mine.pdf"}
    assert output_files(incremental.outdir)["_pdf/two.pdf"] == PDFS["two.pdf"]


def _rewrite(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4 issue one, compiled again, longer\n")


def _remove(folder: Path, names: set[str]) -> None:
    for name in names:
        (folder / name).unlink()


def _copy_tree(source: Path, target: Path) -> None:
    """``target`` holds exactly ``source``'s files."""
    target.mkdir(parents=True, exist_ok=True)
    for path in target.iterdir():
        path.unlink()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())


def test_a_pdf_that_cannot_be_copied_is_not_linked(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """A folder where the copy goes: a warning naming the file, no link, no traceback."""
    project = Project(make_app, tmp_path)
    project.add_pdfs({"one.pdf", "two.pdf"})
    (tmp_path / "build" / "html" / "_pdf" / "one.pdf").mkdir(parents=True)
    app = project.make_app("html", srcdir=project.srcdir, builddir=tmp_path / "build")
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = warnings_of(app)
    assert warnings.count("[bpfnews.pdfcopy]") == 1
    assert "one.pdf could not be copied into the site" in warnings
    assert pdf_links(app, "issues/one") == []
    assert pdf_links(app, "issues/two") == ["../_pdf/two.pdf"]
    # The copy that failed leaves nothing behind.
    assert sorted(path.name for path in (app.outdir / "_pdf").iterdir()) == ["one.pdf", "two.pdf"]


def test_the_archive_page_links_the_whole_archive(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    project = Project(make_app, tmp_path, 'bpfnews_pdf_editions = "volume"\n')
    latex = tmp_path / "build" / "latex"
    latex.mkdir(parents=True)
    (latex / "test.pdf").write_bytes(b"%PDF-1.4 every issue\n")
    app = project.build()
    soup = BeautifulSoup(page_file(app, "archive").read_text(encoding="utf-8"), "html.parser")
    assert [(a["href"], a.get_text()) for a in soup.select("a.bpfnews-pdf")] == [
        ("_pdf/test.pdf", "Every issue in one PDF")
    ]
    assert pdf_links(app, "issues/one") == []
    editions = export(app)["editions"]
    assert isinstance(editions, list)
    assert [(e["kind"], e["key"], e["issues"]) for e in editions] == [
        ("volume", "", ["issues/old/zero", "issues/one", "issues/two"])
    ]


def test_links_in_the_projects_language(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    project = Project(make_app, tmp_path, 'language = "de"\n')
    project.add_pdfs({"test-2017.pdf"})
    app = project.build()
    soup = BeautifulSoup(page_file(app, "archive/2017").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in soup.select("a.bpfnews-pdf")] == [
        "Die Ausgaben von 2017 in einem PDF"
    ]


def test_sphinx_build_make_mode_finds_the_pdfs_of_latexpdf(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """``sphinx-build -M html src build`` after ``-M latexpdf`` wrote ``build/latex``."""
    project = Project(make_app, tmp_path)
    project.add_pdfs({"one.pdf"})
    result = sphinx_build("-M", "html", project.srcdir, tmp_path / "build", "-W", "-q")
    assert result.returncode == 0, result.stderr
    html = tmp_path / "build" / "html"
    assert (html / "_pdf" / "one.pdf").read_bytes() == PDFS["one.pdf"]
    assert 'href="../_pdf/one.pdf"' in (html / "issues" / "one.html").read_text(encoding="utf-8")
