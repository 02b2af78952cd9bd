"""Hostile and broken input: the build goes on, warns in our vocabulary, loses
nothing and never puts a reader at risk."""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import TYPE_CHECKING

import feedparser
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from .conftest import CJK_LATEX_CONF, TESTS, warnings_of
from .pdf_tools import compile_pdf, normalized, pdf_links, pdf_text
from .roundtrip import missing_in_html, missing_in_pdf
from .test_warnings import parse_warnings

if TYPE_CHECKING:
    from collections.abc import Callable

    Build = Callable[..., SphinxTestApp]

HOSTILE = TESTS / "data" / "hostile"
UNSAFE = re.compile(r"^\s*(?:javascript|vbscript|data|file|[a-z]):|^\s*\\\\", re.IGNORECASE)


def hostile_files() -> dict[str, str]:
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(HOSTILE.iterdir())}
    toctree = "\n".join(name.rsplit(".", 1)[0] for name in files)
    files["index.md"] = f"# Hostile input\n\n```{{toctree}}\n{toctree}\n```\n"
    return files


#: The warnings each page of the corpus deserves, as (file, subtype) counts.
EXPECTED = {
    ("empty.md", "bpfnews.empty"): 5,
    ("unsafe-links.md", "bpfnews.url"): 5,
    ("windows-paths.md", "bpfnews.url"): 4,
    ("prose.md", "bpfnews.url"): 1,  # a prose entry's javascript: link
    ("duplicate-ids.md", "bpfnews.name"): 1,
    ("junk.md", "bpfnews.issue"): 1,  # an issue page without a date
    ("junk.md", "bpfnews.text"): 2,  # control characters in two directives
}


def counted(warnings: str) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for name, _, subtype in parse_warnings(warnings):
        found[name, subtype] = found.get((name, subtype), 0) + 1
    return found


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The corpus built once for the module (its huge series takes a while)."""
    srcdir = tmp_path_factory.mktemp("hostile")
    (srcdir / "conf.py").write_text(
        'project = "Hostile"\nextensions = ["myst_parser", "sphinxcontrib_bpfnews"]\n'
        'myst_enable_extensions = ["colon_fence"]\nlatex_engine = "xelatex"\n'
        'latex_use_xindy = False\nhtml_baseurl = "https://h.example.org/"\n'
        'bpfnews_issues = ["bom", "junk"]\n',
        encoding="utf-8",
    )
    for name, text in hostile_files().items():
        (srcdir / name).write_bytes(text.encode("utf-8"))
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_corpus_builds_with_only_the_deserved_warnings(hostile_html: SphinxTestApp) -> None:
    assert counted(warnings_of(hostile_html)) == EXPECTED


def test_no_unsafe_link_reaches_the_page(hostile_html: SphinxTestApp) -> None:
    for page in ("unsafe-links.md", "windows-paths.md"):
        soup = BeautifulSoup(
            (hostile_html.outdir / page.replace(".md", ".html")).read_text(encoding="utf-8"),
            "html.parser",
        )
        hrefs = [a["href"] for a in soup.select("a[href]")]
        assert not [href for href in hrefs if UNSAFE.match(href)], hrefs
        # Each refused address (one warning each) is shown as text, not dropped.
        refused = [e.get_text() for e in soup.select(".bpfnews-refused-url")]
        assert len(refused) == EXPECTED[page, "bpfnews.url"], refused
    safe = (hostile_html.outdir / "unsafe-links.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/safe"' in safe


def test_feeds_and_export_carry_no_control_characters(hostile_html: SphinxTestApp) -> None:
    feed = feedparser.parse((hostile_html.outdir / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 2
    export = json.loads((hostile_html.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    junk = next(i for i in export["issues"] if i["docname"] == "junk")
    assert junk["talks"][0]["title"].startswith("Junk")


def test_prose_entries_are_titled_by_their_first_sentence(hostile_html: SphinxTestApp) -> None:
    records = hostile_html.env.get_domain("bpfnews").data["series"]["prose"]
    assert [(r["title"], r["list"]) for r in records] == [
        (
            "TeX \\ { } $ & # ^ _ ~ % landed, e.g. for `bpf_map_lookup_elem()` "
            "and 日本語 and עברית",
            "bpf",
        ),
        ("An unclosed ` backtick and " + "avery" + "very" * 14 + "longword, i.e. one", ""),
        ("A prose entry whose link is refused still shows its text", ""),
        ("BPF の新しい機能が入った", ""),
        ("[PATCH] a list is text here", "netdev"),
    ]
    assert records[0]["review"]["reviewed-by"] == ["محمد", "Mickaël Salaün"]
    assert not [r for r in records if r["patches"]]


def test_huge_series_keeps_every_patch(hostile_html: SphinxTestApp) -> None:
    page = (hostile_html.outdir / "huge-series.html").read_text(encoding="utf-8")
    assert page.count('class="bpfnews-patch"') == 10000
    assert "10000 patches" in page


def test_duplicate_titles_get_distinct_ids(hostile_html: SphinxTestApp) -> None:
    soup = BeautifulSoup(
        (hostile_html.outdir / "duplicate-ids.html").read_text(encoding="utf-8"), "html.parser"
    )
    ids = [e["id"] for e in soup.select(".bpfnews-talk, .bpfnews-series")]
    assert len(ids) == len(set(ids)) == 4


#: Every page of the corpus: each must reach the reader whole.
CORPUS_PAGES = sorted(path.name for path in HOSTILE.iterdir())


def test_every_listed_page_is_in_the_corpus() -> None:
    """A page named by a check but missing from the folder fails, rather than
    leaving the check with nothing to look at."""
    assert {name for name, _ in EXPECTED} <= set(CORPUS_PAGES)
    assert set(PDF_PAGES) <= set(CORPUS_PAGES)


@pytest.mark.parametrize("name", CORPUS_PAGES)
def test_nothing_lost_in_html(hostile_html: SphinxTestApp, name: str) -> None:
    source = (HOSTILE / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    html = (hostile_html.outdir / name).with_suffix(".html").read_text(encoding="utf-8")
    words, links = missing_in_html(source, html)
    assert words == set()
    # Refused addresses are shown as text instead of links.
    text = BeautifulSoup(html, "html.parser").get_text()
    assert {link for link in links if link not in text} == set()


def test_round_trip_check_notices_a_loss() -> None:
    assert missing_in_html("# Title\n\nhello world", "<div class='body'>hello</div>") == (
        {"title", "world"},
        set(),
    )


#: Pages whose every word the PDF test looks for (the others hold control
#: characters and ten thousand patches, checked in HTML).
PDF_PAGES = ("specials.rst", "unsafe-links.md", "nested.md", "bom.md", "prose.md")


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_hostile_corpus_compiles_to_pdf(build: Build) -> None:
    latex = build(hostile_files(), "latex", conf=CJK_LATEX_CONF)
    pdf = compile_pdf(latex.outdir)
    text, links = pdf_text(pdf), pdf_links(pdf)
    flat = normalized(text)
    for fragment in (
        r"TeX \ { } $ & # ^ _ ~ %",
        "日本語",
        "עברית",
        "李小龍",
        "Mickaël",
        "p10000",
        "level 7",
        "depth 7",
    ):
        assert normalized(fragment) in flat, fragment
    for name in PDF_PAGES:
        source = (HOSTILE / name).read_text(encoding="utf-8")
        assert missing_in_pdf(source, text, links)[0] == set(), name


def test_bad_settings_warn_and_fall_back(build: Build) -> None:
    app = build(
        {"index.md": "# Site\n", "issues/one.md": "---\ndate: '2017-09-18'\n---\n\n# One\n"},
        conf='bpfnews_feed_length = "ten"\nbpfnews_issues = 3\nbpfnews_recent_issues = -1\n'
        'bpfnews_archive_page = "../outside"\nbpfnews_date_format = 7\n'
        'bpfnews_archive_url = "https://lore.kernel.org/r/"\nhtml_baseurl = "https://e.org/"\n',
    )
    found = [
        subtype
        for *_, subtype in parse_warnings(warnings_of(app).replace("WARNING:", "x:0: WARNING:"))
    ]
    assert found == ["bpfnews.config"] * 6
    assert app.config.bpfnews_feed_length == 20
    assert app.config.bpfnews_archive_url == "https://lore.kernel.org/r/{msgid}"
    assert app.config.bpfnews_issues == ["issues/*"]
    assert (app.outdir / "archive.html").exists()  # the default archive page


def test_markup_in_fields_is_escaped_everywhere(build: Build) -> None:
    hostile = "<script>alert('x')</script> & \"q\""
    page = (
        f"---\ntitle: '{hostile.replace(chr(39), chr(39) * 2)}'\ndate: '2017-09-18'\n"
        f"summary: '{hostile.replace(chr(39), chr(39) * 2)}'\n---\n\n# Issue\n\n"
        f":::{{talk}} {hostile}\n:url: https://e.org/t\n:::\n"
    )
    app = build(
        {"index.md": "# Site\n", "issues/one.md": page}, conf='html_baseurl = "https://e.org/"\n'
    )
    for name in ("issues/one.html", "archive.html", "atom.xml", "rss.xml"):
        raw = (app.outdir / name).read_text(encoding="utf-8")
        assert "<script>alert" not in raw, name
    feed = feedparser.parse((app.outdir / "atom.xml").read_bytes())
    assert feed.entries[0].title == hostile
    assert feed.entries[0].summary == hostile
    soup = BeautifulSoup(
        (app.outdir / "issues/one.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert soup.select_one('meta[name="description"]')["content"] == hostile
    export = json.loads((app.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    assert export["issues"][0]["talks"][0]["title"] == hostile


def test_a_body_too_deep_for_docutils_is_shown_as_written(build: Build) -> None:
    """A line of thousands of list markers makes docutils' reader recurse past
    Python's limit; the build goes on, with the text shown and a located warning."""
    markers = "- " * 3000 + "deepest"
    page = f"Deep\n====\n\n.. talk:: Deep talk\n   :kind: video\n\n   {markers}\n"
    app = build({"index.rst": page})
    assert parse_warnings(warnings_of(app)) == [("index.rst", 7, "bpfnews.body")]
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    (block,) = soup.select("article.bpfnews-talk pre")
    assert block.get_text().rstrip("\n") == markers
