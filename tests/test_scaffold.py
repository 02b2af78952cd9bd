"""``bpfnews init``: a new site builds every format its Read the Docs configuration
asks for, with ``-W``, and its front page's links follow the settings."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from typing import TYPE_CHECKING

import pytest
import yaml
from bs4 import BeautifulSoup

from .commands import bpfnews, sphinx_build
from .conftest import warnings_of
from .pdf_tools import pdf_text, undefined_references
from .test_docs import run_readthedocs

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]


def new_site(root: Path) -> Path:
    site = root / "weekly"
    result = bpfnews("init", str(site), "--name", "BPF Weekly")
    assert result.returncode == 0, result.stderr
    return site


def front_page_links(page: Path) -> dict[str, str]:
    """The links of the front page's paragraph on the archive and feeds, by text."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    (paragraph,) = [p for p in soup.select("p") if p.get_text().startswith("Browse the")]
    return {a.get_text(): str(a["href"]) for a in paragraph.select("a")}


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_new_site_builds_as_read_the_docs_builds_it(tmp_path: Path, epubcheck: list[str]) -> None:
    """What the site's ``.readthedocs.yaml`` asks for, run as Read the Docs runs it
    (``-W``, since it sets fail_on_warning): the web site, the PDF with latexmk and
    an ePub that epubcheck accepts."""
    site = new_site(tmp_path)
    config = yaml.safe_load((site / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["sphinx"]["fail_on_warning"] is True
    assert set(config["formats"]) == {"pdf", "epub"}
    output = tmp_path / "output"
    run_readthedocs(config, site, output)

    links = front_page_links(output / "html" / "index.html")
    assert links == {"archive": "archive.html", "Atom": "atom.xml", "RSS": "rss.xml"}
    assert all((output / "html" / href).is_file() for href in links.values())

    (epub,) = (output / "epub").glob("*.epub")
    result = subprocess.run(
        [*epubcheck, str(epub)], capture_output=True, text=True, check=False, timeout=600
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0 and "Messages: 0 fatals / 0 errors" in report, report[-5000:]
    with zipfile.ZipFile(epub) as book:
        opf = book.read("content.opf").decode("utf-8")
        front = book.read("index.xhtml").decode("utf-8")
    assert re.search(r'<meta property="ibooks:version">1</meta>', opf), opf
    # The ePub has no archive: the sentence leading to it is left out.
    assert "Browse the" not in front

    (pdf,) = (output / "pdf").glob("*.pdf")
    assert undefined_references(pdf.with_suffix(".log")) == []
    text = pdf_text(pdf)
    assert "The most important change of the week." in text
    assert "Browse the" not in text


@pytest.mark.parametrize(
    ("builder", "expected"),
    [
        ("html", {"archive": "past.html", "Atom": "atom.xml", "RSS": "rss.xml"}),
        ("dirhtml", {"archive": "past/", "Atom": "atom.xml", "RSS": "rss.xml"}),
    ],
)
def test_front_page_links_follow_the_archive_setting(
    tmp_path: Path, builder: str, expected: dict[str, str]
) -> None:
    """After ``bpfnews_archive_page = "past"`` the front page leads to the archive
    where it now is, and every link it has leads to a file of the site."""
    site = new_site(tmp_path)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('bpfnews_archive_page = "past"\n')
    result = sphinx_build("-W", "-b", builder, site, tmp_path / builder)
    assert result.returncode == 0, result.stderr
    links = front_page_links(tmp_path / builder / "index.html")
    assert links == expected
    for href in links.values():
        target = tmp_path / builder / href
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href


def test_front_page_without_the_sites_address_warns(tmp_path: Path) -> None:
    """A site whose address was removed has no feeds: the front page's links to them
    are warnings (which ``-W`` makes fatal), not links that lead nowhere."""
    site = new_site(tmp_path)
    conf = (site / "conf.py").read_text(encoding="utf-8")
    conf = re.sub(r"^html_baseurl = .*$", 'html_baseurl = ""', conf, flags=re.MULTILINE)
    (site / "conf.py").write_text(conf, encoding="utf-8")
    result = sphinx_build(
        "-b",
        "html",
        site,
        tmp_path / "html",
        env={k: v for k, v in os.environ.items() if k != "READTHEDOCS_CANONICAL_URL"},
    )
    assert result.returncode == 0
    assert "index.md:6: WARNING: no feeds are written without the site's address" in (result.stderr)
    assert result.stderr.count("[bpfnews.ref]") == 2


ISSUE = """\
---
title: 'Weekly 1'
date: '{date}'
tags: [bpf, XDP]
---

# Weekly 1

Text.
"""

LINKS = """\
# Front

{bpfnews:archive}`the archive`, {bpfnews:archive}`2017 <2017>`,
{bpfnews:archive}`xdp <tags/XDP>`, {bpfnews:archive}`authors <authors>`,
{bpfnews:feed}`Atom`, {bpfnews:feed}`the RSS feed <rss>`, {bpfnews:feed}`data <json>`.

{bpfnews:archive}`gone <tags/bfp>`, {bpfnews:archive}`later <2018>`,
{bpfnews:feed}`JSON feed <jsonfeed>`.
"""


def test_archive_and_feed_links(build: Build) -> None:
    """Links to the archive's pages and the feeds resolve in HTML; one to a page or
    feed the site does not have is text and a ``bpfnews.ref`` warning that names the
    closest page. Other formats print the text, without a warning."""
    files = {"index.md": LINKS, "issues/one.md": ISSUE.format(date="2017-09-18")}
    conf = 'html_baseurl = "https://news.example.org/"\n'
    app = build(files, conf=conf)
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(): str(a["href"]) for a in page.select("a.reference.internal")}
    assert links == {
        "the archive": "archive.html",
        "2017": "archive/2017.html",
        "xdp": "archive/tags/xdp.html",
        "authors": "archive/authors.html",
        "Atom": "atom.xml",
        "the RSS feed": "rss.xml",
        "data": "bpfnews.json",
    }
    assert all((app.outdir / href).is_file() for href in links.values())
    # Not the archive list's class, nor any component's.
    assert page.select(".bpfnews-archive, .bpfnews-feed") == []
    text = page.get_text()
    assert "gone" in text and "later" in text and "JSON feed" in text
    warnings = warnings_of(app)
    assert "index.md:7: WARNING: the archive has no page 'tags/bfp'" in warnings
    assert "(did you mean 'tags/bpf'?)" in warnings
    assert "the archive has no page '2018'" in warnings
    assert "no feed 'jsonfeed': the feeds are 'atom', 'rss', 'json'" in warnings
    assert warnings.count("[bpfnews.ref]") == 3

    latex = build(files, buildername="latex", conf=conf)
    assert "bpfnews.ref" not in warnings_of(latex)
    (tex,) = latex.outdir.glob("*.tex")
    assert "the archive" in tex.read_text(encoding="utf-8")


def test_archive_links_without_issues_warn(build: Build) -> None:
    app = build({"index.md": "# Front\n\n{bpfnews:archive}`archive`\n"})
    assert "the newsletter has no published issues, so no archive" in warnings_of(app)


def test_a_link_to_a_year_resolves_once_an_issue_of_that_year_exists(tmp_path: Path) -> None:
    """Whether a year's page exists depends on every issue: the page linking to it is
    written anew when an issue is added, without ``-E``."""
    source = tmp_path / "src"
    (source / "issues").mkdir(parents=True)
    (source / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib_bpfnews"]\n'
        'html_baseurl = "https://news.example.org/"\n',
        encoding="utf-8",
    )
    (source / "index.md").write_text("# Front\n\n{bpfnews:archive}`later <2018>`\n")
    (source / "issues" / "one.md").write_text(ISSUE.format(date="2017-09-18"))
    first = sphinx_build("-b", "html", source, tmp_path / "html")
    assert "the archive has no page '2018'" in first.stderr
    (source / "issues" / "two.md").write_text(ISSUE.format(date="2018-01-08"))
    second = sphinx_build("-W", "-b", "html", source, tmp_path / "html")
    assert second.returncode == 0, second.stderr
    front = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="archive/2018.html"' in front
