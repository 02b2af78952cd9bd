"""The newsletter as a site: issue pages, archive, indexes, feeds, export, navigation."""

from __future__ import annotations

import json
import os
import re
import time
from typing import TYPE_CHECKING, Any

import feedparser
import jsonschema
import pytest
import sphinx
from bs4 import BeautifulSoup

from sphinxcontrib_bpfnews.core.ids import slug
from sphinxcontrib_bpfnews.site.export import SCHEMA
from sphinxcontrib_bpfnews.site.feeds import absolute_addresses
from sphinxcontrib_bpfnews.site.indexes import grouped
from sphinxcontrib_bpfnews.site.output_state import (
    patch_in_place,
    write_if_changed,
    write_over,
)

from .conftest import BASE_CONF, warnings_of
from .pdf_tools import compile_pdf, pdf_text, text_runs

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

SITE_CONF = """
html_baseurl = "https://news.example.org/"
html_sidebars = {"**": ["bpfnews/recent.html", "searchbox.html"]}
bpfnews_recent_issues = 2
"""


def issue(title: str, date: str, body: str = "", **front: str) -> str:
    matter = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\ntitle: {title}\ndate: '{date}'\n{matter}---\n\n# {title}\n\n{body}"


ISSUE_1 = issue(
    "News One",
    "2017-09-04",
    tags="[bpf, xdp]",
    summary="First summary.",
    issue="1",
    body=(
        "```{highlight}\n- One highlight.\n```\n\n"
        ":::{patch-series} [PATCH v2 net-next 0/1] landlock: add `ruleset`\n"
        ":author: Mickaël Salaün\n:url: https://patchwork.ozlabs.org/cover/1/\n\n"
        "- [PATCH v2 net-next 1/1] landlock: one <https://patchwork.ozlabs.org/patch/2/>\n:::\n\n"
        "```{talk} Talk One\n:kind: video\n:speakers: Thomas Graf, Émile Zola\n"
        ":event: Netdev 2.2\n:url: https://example.org/talk\n\nAbout XDP.\n```\n"
    ),
)
ISSUE_2 = issue(
    "News Two",
    "2017-09-11T18:30:41.000Z",
    tags="[bpf]",
    ogSummary="'Second summary.'",
    issue="2",
    body=(
        "```{patch-series} [PATCH net] bpf: fix verifier\n:author: mickaël salaün\n"
        ":name: verifier-fix\n:url: https://lore.kernel.org/bpf/a@b/\n```\n\n"
        "```{patch-series} [PATCH bpf-next] tools: bpftool: x\n:author: adam\n```\n"
    ),
)
ISSUE_3 = issue(
    "News Three",
    "2017-09-18",
    issue="3",
    body="```{highlight}\n- Third highlight.\n- Another one.\n```\n",
)
INDEX = """\
# The news

See {bpfnews:series}`verifier-fix` and {bpfnews:series}`the fix <verifier-fix>`.

```{toctree}
about
```
"""


def site_files() -> dict[str, str]:
    return {
        "index.md": INDEX,
        "about.md": "# About\n\nNot an issue.\n",
        "issues/one.md": ISSUE_1,
        "issues/two.md": ISSUE_2,
        "special/third.md": ISSUE_3,
    }


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


@pytest.fixture
def site(build: Build) -> SphinxTestApp:
    return build(site_files(), conf=SITE_CONF)


def test_no_warnings_and_issues_stay_out_of_the_toctree(site: SphinxTestApp) -> None:
    assert warnings_of(site) == ""
    assert "issues/one" not in site.env.toctree_includes.get("index", [])


def test_issue_header_and_metadata(site: SphinxTestApp) -> None:
    one = page(site, "issues/one.html")
    header = one.select_one(".bpfnews-issue-header")
    assert header is not None
    assert " ".join(header.get_text().split()) == "Issue 1 · 04 September 2017 [bpf] [xdp]"
    assert [a["href"] for a in one.select(".bpfnews-issue-header a")] == [
        "../archive/tags/bpf.html",
        "../archive/tags/xdp.html",
    ]
    meta = {m.get("name") or m.get("property"): m["content"] for m in one.select("meta[content]")}
    assert meta["description"] == "First summary."
    assert meta["og:title"] == "News One"
    assert meta["og:url"] == "https://news.example.org/issues/one.html"
    # No summary: the highlights stand in; the number comes from "issue: 3".
    third = page(site, "special/third.html")
    meta = {m.get("name") or m.get("property"): m["content"] for m in third.select("meta[content]")}
    assert meta["description"] == "Third highlight.; Another one."
    assert texts(third, ".bpfnews-issue-number") == ["Issue 3"]


def test_archive_tags_and_years(site: SphinxTestApp) -> None:
    archive = page(site, "archive.html")
    assert texts(archive, ".bpfnews-archive-title") == ["News Three", "News Two", "News One"]
    assert texts(archive, ".bpfnews-archive-summary") == ["Second summary.", "First summary."]
    # Each entry is an article (a screen reader steps through them); tags read as
    # the bracketed labels they show.
    assert len(archive.select("article.bpfnews-archive-entry")) == 3
    assert "[bpf] [xdp]" in archive.select("article.bpfnews-archive-entry")[2].get_text()
    assert texts(page(site, "archive/tags/bpf.html"), ".bpfnews-archive-title") == [
        "News Two",
        "News One",
    ]
    assert texts(page(site, "archive/tags/xdp.html"), ".bpfnews-archive-title") == ["News One"]
    assert len(texts(page(site, "archive/2017.html"), ".bpfnews-archive-title")) == 3
    links = [a["href"] for a in archive.select(".bpfnews-archive-title a")]
    assert links == ["special/third.html", "issues/two.html", "issues/one.html"]


def test_previous_next_and_recent(site: SphinxTestApp) -> None:
    two = page(site, "issues/two.html")
    rel = {tuple(link.get("rel", [])): link["href"] for link in two.select("link[rel]")}
    assert rel[("prev",)] == "one.html" and rel[("next",)] == "../special/third.html"
    recent = page(site, "about.html").select(".bpfnews-recent li a")
    assert [a.get_text() for a in recent] == ["News Three", "News Two"]
    assert [a["href"] for a in recent] == ["special/third.html", "issues/two.html"]


def test_indexes_group_names_and_link_to_the_entry(site: SphinxTestApp) -> None:
    authors = page(site, "archive/authors.html")
    assert texts(authors, ".bpfnews-index-group .rubric") == ["adam", "Mickaël Salaün"]
    group = authors.select(".bpfnews-index-group")[1]
    assert len(group.select("li")) == 2
    anchors = [a["href"] for a in group.select("li a")]
    assert anchors[0].startswith("../issues/two.html#series-")
    assert texts(page(site, "archive/speakers.html"), ".rubric") == ["Émile Zola", "Thomas Graf"]
    assert texts(page(site, "archive/events.html"), ".rubric") == ["Netdev 2.2"]
    assert texts(page(site, "archive/trees.html"), ".rubric") == ["bpf-next", "net", "net-next"]
    assert texts(page(site, "archive/subsystems.html"), ".rubric") == [
        "bpf",
        "landlock",
        "tools: bpftool",
    ]


def test_roles_and_general_index(site: SphinxTestApp) -> None:
    index = page(site, "index.html")
    refs = index.select("a.reference.internal[href*='issues/two.html#']")
    assert [a.get_text() for a in refs] == ["bpf: fix verifier", "the fix"]
    genindex = page(site, "genindex.html").get_text(" ")
    assert "Mickaël Salaün" in genindex and "Talk One" in genindex and "landlock" in genindex


def test_feeds_read_back_as_a_feed_reader_would(site: SphinxTestApp) -> None:
    for name, version in (("atom.xml", "atom10"), ("rss.xml", "rss20")):
        feed = feedparser.parse((site.outdir / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == version
        assert [e.title for e in feed.entries] == ["News Three", "News Two", "News One"]
        ids = [e.id for e in feed.entries]
        assert len(set(ids)) == 3
        assert [e.link for e in feed.entries] == [
            "https://news.example.org/special/third.html",
            "https://news.example.org/issues/two.html",
            "https://news.example.org/issues/one.html",
        ]
        assert all(e.published_parsed for e in feed.entries)
        assert feed.entries[1].published.startswith(("2017-09-11T18:30:41", "Mon, 11 Sep 2017"))
        self_links = [link.href for link in feed.feed.get("links", []) if link.rel == "self"]
        assert self_links == [f"https://news.example.org/{name}"]
        content = feed.entries[2].content[0].value
        assert "Talk One" in content and "landlock" in content
        hrefs = BeautifulSoup(content, "html.parser").select("a[href]")
        assert hrefs and all(a["href"].startswith(("https://", "http://")) for a in hrefs)
        assert feed.entries[2].summary == "First summary."


def test_feed_content_resolves_relative_addresses_and_keeps_absolute_ones() -> None:
    """A feed reader has no page to resolve a link against: relative addresses are
    made absolute from the issue's address; absolute ones stay exactly as the page
    has them (no empty query dropped, nothing normalized)."""
    page = "https://news.example.org/issues/one.html"
    body = (
        '<a href="../archive.html#y2017">a</a> <img src="../_images/x.png" alt=""/> '
        '<a href="#talk-one">t</a> <a href="https://lore.kernel.org/bpf/?q=a&amp;b">l</a> '
        '<a href="https://example.org/a/../b?">p</a> <i data-xsrc="x.png" data-src="y.png"></i>'
    )
    assert (
        absolute_addresses('href="a.html"', page) == 'href="https://news.example.org/issues/a.html"'
    )
    assert absolute_addresses(body, page) == (
        '<a href="https://news.example.org/archive.html#y2017">a</a> '
        '<img src="https://news.example.org/_images/x.png" alt=""/> '
        '<a href="https://news.example.org/issues/one.html#talk-one">t</a> '
        '<a href="https://lore.kernel.org/bpf/?q=a&amp;b">l</a> '
        '<a href="https://example.org/a/../b?">p</a> '
        '<i data-xsrc="x.png" data-src="https://news.example.org/issues/y.png"></i>'
    )


def test_an_output_is_written_only_when_its_content_changes(tmp_path: Path) -> None:
    """Feeds and the export keep their time stamps when a build makes them again the
    same; any other content, of the same size in bytes or not, is written."""
    path = tmp_path / "site" / "atom.xml"
    assert write_if_changed(path, "één".encode())
    os.utime(path, ns=(1, 1))
    assert not write_if_changed(path, "één".encode())
    assert path.stat().st_mtime_ns == 1
    assert write_if_changed(path, b"eeen")  # the same five bytes as "één" in UTF-8
    assert path.read_bytes() == b"eeen"
    assert write_if_changed(path, "één\n".encode())
    assert path.read_text(encoding="utf-8") == "één\n"


def test_a_file_is_written_over_in_place_to_its_new_length(tmp_path: Path) -> None:
    """Outputs are written over in place (never cut to nothing first), longer or
    shorter than before; the bytes a caller says are already there are not
    written again."""
    path = tmp_path / "page.html"
    write_over(path, b"<p>one two three</p>")
    assert path.read_bytes() == b"<p>one two three</p>"
    inode = path.stat().st_ino
    write_over(path, b"<p>one</p>")
    assert path.read_bytes() == b"<p>one</p>"
    write_over(path, b"<p>one, then a longer text</p>")
    assert path.read_bytes() == b"<p>one, then a longer text</p>"
    assert path.stat().st_ino == inode
    # The first three bytes are taken as there: what the file holds there stays.
    path.write_bytes(b"<P>one, then a longer text</p>")
    write_over(path, b"<p>one, then two</p>", 3)
    assert path.read_bytes() == b"<P>one, then two</p>"


def test_a_file_is_patched_in_place(tmp_path: Path) -> None:
    """A file read and written over through one opening: the patch sees the whole
    file (larger than one read's usual size too), gives the new content and the
    start it leaves as it is; a patch with nothing to change and a missing file
    leave everything as it was."""
    path = tmp_path / "page.html"
    start = b"<head>" + b"x" * 200_000
    path.write_bytes(start + b"<p>old block</p>")
    inode = path.stat().st_ino
    seen: list[bytes] = []

    def patch(data: bytes) -> tuple[bytes, int]:
        seen.append(data)
        # The start is given as already there: it is not written again.
        return b"<HEAD>" + data[6:].replace(b"old block", b"new"), 6

    assert patch_in_place(path, patch)
    assert seen == [start + b"<p>old block</p>"]
    assert path.read_bytes() == start + b"<p>new</p>"
    assert path.stat().st_ino == inode
    assert not patch_in_place(path, lambda data: None)
    assert path.read_bytes() == start + b"<p>new</p>"
    assert not patch_in_place(tmp_path / "missing.html", patch)
    assert not (tmp_path / "missing.html").exists()


def test_feed_length(build: Build) -> None:
    app = build(site_files(), conf=SITE_CONF + "bpfnews_feed_length = 1\n")
    feed = feedparser.parse((app.outdir / "atom.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["News Three"]


def test_export_matches_its_schema(site: SphinxTestApp) -> None:
    data = json.loads((site.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [i["title"] for i in data["issues"]] == ["News Three", "News Two", "News One"]
    one = data["issues"][2]
    assert (one["docname"], one["url"], one["number"], one["date"]) == (
        "issues/one",
        "issues/one.html",
        1,
        "2017-09-04",
    )
    assert one["highlights"] == ["One highlight."]
    (series,) = one["series"]
    assert series["parsed"]["tree"] == "net-next" and series["link_kind"] == "cover"
    assert series["patches"][0]["parsed"]["index"] == 1
    assert one["talks"][0]["speakers"] == ["Thomas Graf", "Émile Zola"]
    assert one["talks"][0]["description"] == "About XDP."
    assert data["issues"][1]["meta"] == {"ogSummary": "Second summary."}


def test_feeds_need_a_base_url(build: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    app = build(site_files())
    assert warnings_of(app).count("[bpfnews.feed]") == 1
    assert not (app.outdir / "atom.xml").exists()
    plain = build({"index.md": "# Docs\n\n```{talk} T\n```\n"})
    assert warnings_of(plain) == ""
    assert not (plain.outdir / "bpfnews.json").exists()


def test_read_the_docs_url_is_used(build: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://rtd.example.org/en/latest/")
    app = build(site_files())
    feed = feedparser.parse((app.outdir / "atom.xml").read_bytes())
    assert feed.entries[0].link == "https://rtd.example.org/en/latest/special/third.html"


# -- incremental builds ----------------------------------------------------------


class Project:
    """One source folder built again and again, as an author's edits would."""

    def __init__(self, make_app: Callable[..., SphinxTestApp], srcdir: Path) -> None:
        self.make_app, self.srcdir = make_app, srcdir
        srcdir.mkdir(parents=True)
        (srcdir / "conf.py").write_text(BASE_CONF + SITE_CONF, encoding="utf-8")
        for name, text in site_files().items():
            self.write(name, text, edit=False)

    def write(self, name: str, text: str, *, edit: bool = True) -> None:
        path = self.srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        # An edit is newer than any output, whatever the clock's grain; the first
        # version is older than the first build.
        moment = time.time() + (10 if edit else -10)
        os.utime(path, (moment, moment))

    def remove(self, name: str) -> None:
        (self.srcdir / name).unlink()

    def build(self) -> SphinxTestApp:
        app = self.make_app("html", srcdir=self.srcdir, freshenv=False)
        try:
            app.build()
        finally:
            app.cleanup()
        assert warnings_of(app) == ""
        return app


def outputs(app: SphinxTestApp) -> dict[str, Any]:
    """What readers get from the site as a whole."""
    archive = page(app, "archive.html")
    feed = feedparser.parse((app.outdir / "atom.xml").read_bytes())
    export = json.loads((app.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    return {
        "archive": texts(archive, ".bpfnews-archive-title"),
        "feed": [e.title for e in feed.entries],
        "export": [i["title"] for i in export["issues"]],
        "authors": texts(page(app, "archive/authors.html"), ".rubric"),
    }


def neighbours(app: SphinxTestApp, name: str) -> dict[str, str]:
    soup = page(app, name)
    return {link["rel"][0]: link["href"] for link in soup.select("link[rel=prev], link[rel=next]")}


@pytest.fixture
def project(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Project:
    return Project(make_app, tmp_path / "src")


def test_incremental_edit_add_rename_delete(project: Project) -> None:
    first = project.build()
    assert outputs(first)["archive"] == ["News Three", "News Two", "News One"]

    project.write(
        "issues/two.md",
        ISSUE_2.replace("News Two", "News Deux").replace("mickaël salaün", "Nobody"),
    )
    app = project.build()
    assert outputs(app) == {
        "archive": ["News Three", "News Deux", "News One"],
        "feed": ["News Three", "News Deux", "News One"],
        "export": ["News Three", "News Deux", "News One"],
        "authors": ["adam", "Mickaël Salaün", "Nobody"],
    }
    # The neighbour's link to the edited issue shows its new title.
    assert page(app, "issues/one.html").select_one("link[rel=next]")["title"] == "News Deux"

    project.write("issues/four.md", issue("News Four", "2017-09-25", body="Four.\n"))
    app = project.build()
    assert outputs(app)["archive"][0] == "News Four"
    assert neighbours(app, "special/third.html") == {
        "prev": "../issues/two.html",
        "next": "../issues/four.html",
    }
    assert [a.get_text() for a in page(app, "about.html").select(".bpfnews-recent li a")] == [
        "News Four",
        "News Three",
    ]

    project.remove("issues/four.md")
    project.write("issues/fourth.md", issue("News Four", "2017-09-25", body="Four.\n"))
    app = project.build()
    archive_links = [
        a["href"] for a in page(app, "archive.html").select(".bpfnews-archive-title a")
    ]
    assert archive_links[0] == "issues/fourth.html"
    assert neighbours(app, "special/third.html")["next"] == "../issues/fourth.html"

    project.remove("issues/fourth.md")
    app = project.build()
    assert outputs(app)["archive"] == ["News Three", "News Deux", "News One"]
    assert neighbours(app, "special/third.html") == {"prev": "../issues/two.html"}
    assert [a.get_text() for a in page(app, "about.html").select(".bpfnews-recent li a")] == [
        "News Three",
        "News Deux",
    ]

    # What the incremental builds kept (the export's per-issue parts) equals a
    # build from scratch.
    scratch = project.make_app(
        "html", srcdir=project.srcdir, builddir=project.srcdir.parent / "scratch", freshenv=True
    )
    scratch.build()
    assert (scratch.outdir / "bpfnews.json").read_bytes() == (
        app.outdir / "bpfnews.json"
    ).read_bytes()


def test_rebuild_without_change_rewrites_nothing_of_ours(project: Project) -> None:
    first = project.build()
    ours = [
        "archive.html",
        "archive/authors.html",
        "archive/tags/bpf.html",
        "atom.xml",
        "rss.xml",
        "bpfnews.json",
        "issues/one.html",
    ]
    before = {name: (first.outdir / name).stat().st_mtime_ns for name in ours}
    time.sleep(0.05)
    second = project.build()
    after = {name: (second.outdir / name).stat().st_mtime_ns for name in ours}
    assert after == before


def test_rebuild_without_change_keeps_the_general_index_as_written(project: Project) -> None:
    """Sphinx writes its general index on every build; with the same entries the page
    is written back as the last build left it, not rendered again (a mark added to
    the file stays), and rendered again once an entry changes."""
    first = project.build()
    page = first.outdir / "genindex.html"
    written = page.read_text(encoding="utf-8")
    assert "Mickaël Salaün" in written
    page.write_text(written + "<!-- mark -->", encoding="utf-8")
    project.build()
    assert page.read_text(encoding="utf-8") == written + "<!-- mark -->"
    project.write("issues/two.md", ISSUE_2.replace("mickaël salaün", "Nobody"))
    project.build()
    again = page.read_text(encoding="utf-8")
    assert "<!-- mark -->" not in again and "Nobody" in again


def test_rebuild_without_change_restores_missing_outputs(project: Project) -> None:
    first = project.build()
    generated = ["atom.xml", "rss.xml", "bpfnews.json"]  # made when any build finishes
    if sphinx.version_info >= (8, 1):
        # Sphinx 8.0 writes no page at all, its own indexes included, when nothing
        # is out of date.
        generated += ["archive.html", "archive/authors.html", "genindex.html"]
    contents = {name: (first.outdir / name).read_bytes() for name in generated}
    for name in generated:
        (first.outdir / name).unlink()
    second = project.build()
    assert {name: (second.outdir / name).read_bytes() for name in generated} == contents


#: Records, for each page, whether its context's repr copies its body.
REPR_RECORDER = """
import json, pathlib

def _record(app, pagename, templatename, context, doctree):
    path = pathlib.Path(app.outdir) / "reprs.json"
    seen = json.loads(path.read_text()) if path.exists() else {}
    body = str(context.get("body", ""))
    seen[pagename] = [len(body), repr(body)[1:-1] in repr(context)]
    path.write_text(json.dumps(seen))

def setup(app):
    app.connect("html-page-context", _record)
"""


def test_a_generated_pages_context_has_a_short_repr(build: Build) -> None:
    # Sphinx makes the repr of each page's context for its debug log, log on or not:
    # an index page's body is given as text whose repr does not copy it.
    app = build(site_files(), conf=SITE_CONF + REPR_RECORDER)
    assert warnings_of(app) == ""
    seen = json.loads((app.outdir / "reprs.json").read_text())
    assert seen["archive/authors"][0] > 1000
    assert seen["archive/authors"][1] is False
    assert seen["issues/one"][1] is True  # a page of the project: Sphinx's own body
    assert "Mickaël Salaün" in page(app, "archive/authors.html").get_text()


def test_rebuild_after_a_template_change_rewrites_generated_pages(project: Project) -> None:
    """Pages kept while nothing changed are written again when a template is newer
    (as Sphinx does for its pages), the general index too."""
    project.write(
        "conf.py", BASE_CONF + SITE_CONF + 'templates_path = ["_templates"]\n', edit=False
    )
    template = '{%% extends "!layout.html" %%}{%% block footer %%}%s{%% endblock %%}'
    project.write("_templates/layout.html", template % "first-footer", edit=False)
    first = project.build()
    assert "first-footer" in (first.outdir / "genindex.html").read_text(encoding="utf-8")
    project.write("_templates/layout.html", template % "second-footer")
    second = project.build()
    for name in ("archive.html", "archive/authors.html", "genindex.html"):
        assert "second-footer" in (second.outdir / name).read_text(encoding="utf-8"), name


def test_general_index_follows_an_edit(project: Project) -> None:
    first = project.build()
    assert "Nobody" not in (first.outdir / "genindex.html").read_text(encoding="utf-8")
    project.write("issues/two.md", ISSUE_2.replace("mickaël salaün", "Nobody"))
    second = project.build()
    assert "Nobody" in (second.outdir / "genindex.html").read_text(encoding="utf-8")


def test_parallel_build_writes_the_same_site(build: Build) -> None:
    files = site_files()
    for n in range(5, 11):
        files[f"issues/extra-{n}.md"] = issue(
            f"Extra {n}", f"2017-10-{n:02d}", tags="[bpf]", body=ISSUE_1.split("---\n", 2)[2]
        )
    # The extra issues repeat issue one's series on purpose: not duplicates here.
    conf = SITE_CONF + 'suppress_warnings = ["bpfnews.duplicate"]\n'
    serial = build(files, conf=conf)
    parallel = build(files, conf=conf, parallel=2)
    assert warnings_of(parallel) == warnings_of(serial) == ""
    for name in (
        "archive.html",
        "archive/authors.html",
        "archive/speakers.html",
        "archive/tags/bpf.html",
        "atom.xml",
        "rss.xml",
        "bpfnews.json",
        "issues/extra-7.html",
    ):
        assert (parallel.outdir / name).read_bytes() == (serial.outdir / name).read_bytes(), name


INDEX_PAGE = "# Indexes\n\n```{bpfnews-index} speakers\n```\n\n```{bpfnews-index} authors\n```\n"


def test_index_directive_in_every_format(build: Build) -> None:
    files = {**site_files(), "indexes.md": INDEX_PAGE}
    # In the toctree, so the PDF holds the issues the index links to.
    files["index.md"] = INDEX.replace(
        "about\n", "about\nindexes\nissues/one\nissues/two\nspecial/third\n"
    )
    text = build(files, "text", conf=SITE_CONF)
    assert warnings_of(text) == ""
    output = (text.outdir / "indexes.txt").read_text(encoding="utf-8")
    # Accents sort with their letter: Émile before Thomas, Mickaël after adam.
    assert output.index("Émile Zola") < output.index("Thomas Graf")
    assert output.index("adam") < output.index("Mickaël Salaün")
    assert output.count("Talk One — Issue 1") == 2
    latex = build(files, "latex", conf=SITE_CONF)
    tex = (latex.outdir / "test.tex").read_text(encoding="utf-8")
    assert r"\hyperref[\detokenize{issues/two:series-" in tex
    html = build(files, conf=SITE_CONF)
    links = [a["href"] for a in page(html, "indexes.html").select(".bpfnews-index li a")]
    assert "issues/one.html#talk-Talk-One" in links


def test_index_directive_follows_edits(project: Project) -> None:
    project.write("indexes.md", INDEX_PAGE, edit=False)
    project.write("index.md", INDEX.replace("about\n", "about\nindexes\n"), edit=False)
    first = project.build()
    assert "Nobody" not in page(first, "indexes.html").get_text()
    project.write("issues/two.md", ISSUE_2.replace("mickaël salaün", "Nobody"))
    second = project.build()
    assert "Nobody" in texts(page(second, "indexes.html"), ".rubric")


ISSUES_DIRECTIVE = "\n```{bpfnews-issues}\n```\n"
_CHAPTER = re.compile(r"\\chapter\{([^}]*)\}")


def test_issues_directive_puts_every_issue_in_the_pdf_newest_first(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Every issue, wherever it lives, in the archive's order, as it is after each
    change (without -E); numbers sort as numbers; links to issues stay links."""
    project = Project(make_app, tmp_path / "src")
    project.write("index.md", INDEX + ISSUES_DIRECTIVE, edit=False)

    def latex() -> str:
        app = project.make_app("latex", srcdir=project.srcdir, freshenv=False)
        try:
            app.build()
        finally:
            app.cleanup()
        assert warnings_of(app) == ""
        return (app.outdir / "test.tex").read_text(encoding="utf-8")

    tex = latex()
    assert _CHAPTER.findall(tex) == ["About", "News Three", "News Two", "News One"]
    # The index page's link to a series of issue two leads inside the PDF.
    assert r"\hyperref[\detokenize{issues/two:series-verifier-fix}]" in tex
    # Same day as issue 3: issue 10 is the newer.
    project.write("issues/ten.md", issue("News Ten", "2017-09-18", issue="10"))
    assert _CHAPTER.findall(latex()) == ["About", "News Ten", "News Three", "News Two", "News One"]
    # Issue two renamed (and retitled), issue one removed.
    project.write("issues/deux.md", ISSUE_2.replace("News Two", "News Deux"))
    project.remove("issues/two.md")
    project.remove("issues/one.md")
    tex = latex()
    assert _CHAPTER.findall(tex) == ["About", "News Ten", "News Three", "News Deux"]
    assert r"\hyperref[\detokenize{issues/deux:series-verifier-fix}]" in tex
    # The web site keeps its issues out of the toctree, and shows nothing there.
    html = project.build()
    assert "issues/ten" not in html.env.toctree_includes.get("index", [])
    assert "News Ten" not in page(html, "index.html").select_one("[role=main], .body").get_text()


def test_index_directive_needs_a_known_kind(build: Build) -> None:
    app = build({"index.md": "# I\n\n```{bpfnews-index} colours\n```\n"})
    assert "[bpfnews.argument]" in warnings_of(app)


def test_index_directive_without_the_issues_in_the_pdf(build: Build) -> None:
    files = {**site_files(), "indexes.md": INDEX_PAGE}
    files["index.md"] = INDEX.replace("about\n", "about\nindexes\n")
    latex = build(files, "latex", conf=SITE_CONF)
    tex = (latex.outdir / "test.tex").read_text(encoding="utf-8")
    assert "Thomas Graf" in tex and r"\hyperref[\detokenize{issues/" not in tex


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_accented_names_in_the_pdf_index(build: Build) -> None:
    files = {**site_files(), "indexes.md": INDEX_PAGE}
    files["index.md"] = INDEX.replace(
        "about\n", "about\nindexes\nissues/one\nissues/two\nspecial/third\n"
    )
    latex = build(files, "latex", conf=SITE_CONF)
    text = pdf_text(compile_pdf(latex.outdir))
    assert "Mickaël Salaün" in text
    # The index page comes before the issues in the toctree, so these first
    # occurrences are the index's: Émile sorts with the E's, before Thomas.
    assert text.index("Émile Zola") < text.index("Thomas Graf")


def test_index_groups_that_slug_alike_get_their_own_ids(build: Build) -> None:
    """``selftests/bpf`` and ``selftests: bpf`` are two groups: each jump link leads to
    its own group, in the generated page and in the directive's output."""
    files = site_files()
    files["issues/five.md"] = issue(
        "News Five",
        "2017-10-02",
        body=(
            "```{patch-series} [PATCH bpf-next] selftests/bpf: one\n:author: adam\n```\n\n"
            "```{patch-series} [PATCH bpf-next] selftests: bpf: two\n:author: adam\n```\n"
        ),
    )
    files["indexes.md"] = "# Indexes\n\n```{bpfnews-index} subsystems\n```\n"
    files["index.md"] = INDEX.replace("about\n", "about\nindexes\n")
    app = build(files, conf=SITE_CONF)
    assert warnings_of(app) == ""
    for name in ("archive/subsystems.html", "indexes.html"):
        soup = page(app, name)
        ids = [tag["id"] for tag in soup.select("[id]")]
        assert len(ids) == len(set(ids)), name
        jumps = {a.get_text(): a["href"] for a in soup.select(".bpfnews-index-jump a")}
        assert jumps["selftests/bpf"] != jumps["selftests: bpf"], name
        for text, href in jumps.items():
            (target,) = soup.select(f"[id='{href.removeprefix('#')}']")
            assert target.get_text(strip=True) == text, name


def test_feeds_follow_a_configuration_change(project: Project) -> None:
    """Values Sphinx does not re-read pages for (``rebuild="html"``) still remake the
    feeds: the build before kept them only because nothing had changed."""
    first = project.build()
    assert len(feedparser.parse((first.outdir / "atom.xml").read_bytes()).entries) == 3
    project.write(
        "conf.py",
        BASE_CONF
        + SITE_CONF.replace("news.example.org", "moved.example.org")
        + "bpfnews_feed_length = 1\n",
    )
    second = project.build()
    feed = feedparser.parse((second.outdir / "atom.xml").read_bytes())
    assert [entry.link for entry in feed.entries] == [
        "https://moved.example.org/special/third.html"
    ]


def _japanese_issue(extra_talk: str = "") -> str:
    """An issue whose talks, speakers, events, tags and a subject are Japanese."""
    talks = [
        ("日本語の講演", "山田太郎", "東京カンファレンス"),
        ("別の講演", "鈴木花子", "大阪の会"),
        ("🚀", "鈴木花子", "大阪の会"),
    ]
    body = extra_talk + "".join(
        f"```{{talk}} {title}\n:speakers: {speaker}\n:event: {event}\n```\n\n"
        for title, speaker, event in talks
    )
    body += (
        "```{patch-series} [PATCH bpf-next] bpf: 検証器の修正\n:author: 佐藤\n```\n\n"
        "```{patch-series} [PATCH bpf-next] bpf: 性能の改善\n:author: 佐藤\n```\n"
    )
    return issue("日本語の号", "2017-10-02", tags="[ネットワーク, 性能]", body=body)


def _anchors(app: SphinxTestApp) -> dict[str, Any]:
    """The components' ids on the Japanese issue, and each index group's id by name."""
    soup = page(app, "issues/jp.html")
    groups = {
        kind: {
            a.get_text(): a["href"]
            for a in page(app, f"archive/{kind}.html").select(".bpfnews-index-jump a")
        }
        for kind in ("speakers", "events", "authors", "subsystems")
    }
    return {
        "components": {
            e.select_one(".bpfnews-title").get_text(): e["id"]
            for e in soup.select("article.bpfnews-talk, article.bpfnews-series")
        },
        "groups": groups,
    }


def test_names_in_any_script_get_their_own_stable_anchors(build: Build) -> None:
    """Titles, names and tags without ASCII letters each get an id of their own, made
    from the text, so each jump leads to its own target and adding a talk above
    moves no anchor."""
    files = {**site_files(), "issues/jp.md": _japanese_issue()}
    app = build(files, conf=SITE_CONF)
    assert warnings_of(app) == ""
    first = _anchors(app)
    ids = list(first["components"].values())
    assert len(ids) == len(set(ids)) == 5, ids
    assert not any(re.fullmatch(r"(talk|series)-\d+", anchor) for anchor in ids), ids
    for kind, jumps in first["groups"].items():
        soup = page(app, f"archive/{kind}.html")
        assert len(set(jumps.values())) == len(jumps), kind
        for text, href in jumps.items():
            (target,) = soup.select(f"[id='{href.removeprefix('#')}']")
            assert target.get_text(strip=True) == text, kind
    # A tag page per tag, each listing its own issues.
    archive = page(app, "archive.html")
    tag_links = {a.get_text(): a["href"] for a in archive.select(".bpfnews-archive-nav a")}
    assert tag_links["ネットワーク"] != tag_links["性能"]
    assert texts(page(app, tag_links["性能"]), ".bpfnews-archive-title") == ["日本語の号"]

    extra = "```{talk} 新しい講演\n:speakers: 田中一郎\n:event: 京都の会\n```\n\n"
    files["issues/jp.md"] = _japanese_issue(extra_talk=extra)
    files["issues/new.md"] = issue(
        "新号", "2017-10-09", body="```{talk} 別の講演\n:speakers: 鈴木花子\n```\n"
    )
    again = _anchors(build(files, conf=SITE_CONF))
    added = again["components"].pop("新しい講演")
    assert again["components"] == first["components"]
    assert added not in ids
    for kind, jumps in first["groups"].items():
        assert jumps.items() <= again["groups"][kind].items(), kind


def test_index_entries_group_by_name_ignoring_case_and_accents() -> None:
    issue: dict[str, Any] = {"docname": "issues/one"}
    names = [" émile zola", "Zed", "Émile Zola", "Emile  Zola", "Émile Zola ", "adam", "Émile Zola"]
    entries = [(name, issue, f"a{position}", "title") for position, name in enumerate(names)]
    groups = grouped(entries)
    # Sorted as a reader expects, each shown in its spelling used most (stripped).
    assert [name for name, _ in groups] == ["adam", "Emile  Zola", "Émile Zola", "Zed"]
    # Every entry kept, in its first order, under its name.
    assert [[entry[2] for entry in items] for _, items in groups] == [
        ["a5"],
        ["a3"],
        ["a0", "a2", "a4", "a6"],
        ["a1"],
    ]


def test_slugs_tell_names_in_any_script_apart() -> None:
    """Page names and group ids: Latin names read as before, case and accents
    still fold together, and names ASCII cannot spell differ by a hash of the text."""
    assert slug("Mickaël Salaün") == slug("mickaël salaün") == "mickael-salaun"
    assert slug("Łukasz Straße") == "lukasz-strasse"
    cjk = {slug(name) for name in ("山田太郎", "鈴木花子", "ネットワーク", "性能", "🚀")}
    assert len(cjk) == 5 and "x" not in cjk
    assert slug("bpf: 性能").startswith("bpf-") and slug("bpf: 性能") != slug("bpf: 検証")
    # Made from the text alone: the digits never change between builds.
    assert slug("山田太郎") == "6b0e1c8c"


REFERENCES = """\
# The news

```{talk} A talk
:name: a-talk
```

See {bpfnews:series}`verifier-fix`, {bpfnews:series}`the fix <verifier-fix>`,
{bpfnews:talk}`a-talk` and {bpfnews:talk}`that talk <a-talk>`.

```{toctree}
about
issues/two
```
"""


def _reference_markup(soup: BeautifulSoup) -> dict[str, list[tuple[str, list[str]]]]:
    """What is inside each link to a series or a talk: its elements and their classes."""
    return {
        a.get_text(): [(e.name, e.get("class", [])) for e in a.find_all(True)]
        for a in soup.select("p a.reference.internal")
    }


def test_a_titled_reference_reads_as_any_link(build: Build) -> None:
    """``{bpfnews:series}`this commit <name>``` is a link in the text, as the untitled
    form is: not code, and not carrying the series block's class (whose left rule
    and bold the stylesheet would give it)."""
    files = {**site_files(), "index.md": REFERENCES}
    html = build(files, conf=SITE_CONF)
    assert warnings_of(html) == ""
    inside = _reference_markup(page(html, "index.html"))
    assert list(inside) == ["bpf: fix verifier", "the fix", "A talk", "that talk"]
    assert all(markup == [("span", ["bpfnews-ref"])] for markup in inside.values()), inside
    latex = build(files, "latex", conf=SITE_CONF)
    tex = (latex.outdir / "test.tex").read_text(encoding="utf-8")
    assert r"\DUrole{bpfnews-ref}{the fix}" in tex
    assert r"\DUrole{bpfnews-ref}{that talk}" in tex
    assert r"\sphinxcode" not in tex[tex.index("See ") : tex.index("that talk")]


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_a_titled_reference_is_set_in_the_text_font_in_the_pdf(build: Build) -> None:
    """In the PDF too a titled reference is set as an untitled one, as Sphinx sets
    any link within the document (its cross-reference style), not as code."""
    latex = build({**site_files(), "index.md": REFERENCES}, "latex", conf=SITE_CONF)
    runs = text_runs(compile_pdf(latex.outdir))
    start = next(i for i, (text, _) in enumerate(runs) if text.startswith("See"))
    fonts = dict(runs[start : start + 12])
    assert fonts["the fix"] == fonts["bpf: fix verifier"] == fonts["that talk"], runs
    assert "Mono" not in fonts["the fix"], runs


def test_the_issues_are_sorted_once_and_again_after_any_change(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Every page asks for the issues newest first; the domain keeps them sorted
    until the records change, so an issue added, redated or removed while one
    application builds again (as tests and long-running previews do) is listed
    right at once."""
    from sphinxcontrib_bpfnews.extension.domain import domain_of

    src = tmp_path / "src"
    (src / "issues").mkdir(parents=True)
    (src / "conf.py").write_text(BASE_CONF, encoding="utf-8")
    (src / "index.md").write_text("# News\n", encoding="utf-8")
    (src / "issues" / "one.md").write_text(issue("One", "2017-09-04"), encoding="utf-8")
    (src / "issues" / "two.md").write_text(issue("Two", "2017-09-11"), encoding="utf-8")
    app = make_app("html", srcdir=src)
    try:
        app.build()
        domain = domain_of(app.env)
        first = domain.issues()
        assert [r["title"] for r in first] == ["Two", "One"]
        first.clear()  # what a caller does with its list is its own
        assert [r["title"] for r in domain.issues()] == ["Two", "One"]
        (src / "issues" / "three.md").write_text(issue("Three", "2017-09-18"), encoding="utf-8")
        (src / "issues" / "one.md").write_text(issue("One", "2017-09-25"), encoding="utf-8")
        app.build()
        assert [r["title"] for r in domain_of(app.env).issues()] == ["One", "Three", "Two"]
        (src / "issues" / "three.md").unlink()
        app.build()
        assert [r["title"] for r in domain_of(app.env).issues()] == ["One", "Two"]
        # Redated alone: as many issues as before, in another order.
        (src / "issues" / "two.md").write_text(issue("Two", "2017-10-02"), encoding="utf-8")
        app.build()
        assert [r["title"] for r in domain_of(app.env).issues()] == ["Two", "One"]
    finally:
        app.cleanup()
