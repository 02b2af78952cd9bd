"""The HTML page: components with stable classes, the stylesheet, escaped data."""

from __future__ import annotations

import zipfile
import zlib
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.assets import STYLESHEET
from sphinxcontrib_bpfnews.site.pages import render_html

from .conftest import warnings_of
from .markup import snippet

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

PAGE = "# Issue\n\n" + "\n".join(
    snippet(name) for name in ("highlight", "patch-series", "single-patch", "talk")
)


def soup(app: SphinxTestApp, page: str = "index.html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


def test_one_component_per_directive(build: Build) -> None:
    page = soup(build({"index.md": PAGE}))
    assert len(page.select("article.bpfnews-series")) == 2
    assert len(page.select("article.bpfnews-talk.bpfnews-talk-slides")) == 1
    (highlights,) = page.select("section.bpfnews-highlight")
    # A region named by its title, listed among the page's landmarks.
    assert highlights["aria-label"] == "Highlights"
    assert len(page.select("ul.bpfnews-patches > li.bpfnews-patch")) == 2
    badges = [b.get_text() for b in page.select(".bpfnews-series-header .bpfnews-badge")]
    assert badges == ["[net-next]", "[v3]", "[0/7]", "[patchwork]", "[net]", "[lore]"]
    title = page.select_one(".bpfnews-series-header a.bpfnews-title")
    assert title is not None
    assert title["href"] == "https://patchwork.ozlabs.org/cover/808436/"
    assert title.select_one(".bpfnews-subsystem").get_text() == "bpf:"
    # Addresses are spelled out only for formats without links: here they are the
    # links' targets, never text.
    hrefs = [str(a["href"]) for a in page.select("article.bpfnews-series a[href]")]
    assert "https://patchwork.ozlabs.org/patch/808437/" in hrefs
    assert "patchwork.ozlabs.org" not in page.get_text()


def test_lines_read_like_the_subjects_without_styles(build: Build) -> None:
    """Badges' brackets are in the text (hidden by the stylesheet), so a screen
    reader, a copy or a page without CSS gives the subject as it was mailed."""
    page = soup(build({"index.md": PAGE}))
    header = page.select_one(".bpfnews-series-header")
    assert header is not None
    assert header.get_text().startswith(
        "[net-next] [v3] [0/7] bpf: Add option to set mark and priority in cgroup sock programs"
    )
    patch = page.select_one(".bpfnews-patch-line")
    assert patch is not None
    assert patch.get_text().startswith("[1/7] bpf: Add mark and priority")
    brackets = page.select(".bpfnews-badge > .bpfnews-bracket")
    assert [b.get_text() for b in brackets[:2]] == ["[", "]"]


@pytest.mark.parametrize(
    ("buildername", "page"),
    [
        ("html", "index.html"),
        ("dirhtml", "index.html"),
        ("singlehtml", "index.html"),
        ("epub", "index.xhtml"),
    ],
)
def test_every_html_output_carries_the_stylesheet(
    build: Build, buildername: str, page: str
) -> None:
    """The stylesheet is in place before the pages are written: the first build's
    pages link it with the checksum of the file (Sphinx's ``?v=``), and the ePub
    holds it."""
    app = build({"index.md": PAGE}, buildername, conf='copyright = "2017"\nversion = "1"\n')
    assert warnings_of(app) == ""
    sheet = app.outdir / "_static" / "bpfnews.css"
    assert sheet.read_bytes() == STYLESHEET.read_bytes()
    hrefs = [str(link["href"]) for link in soup(app, page).select("link[rel=stylesheet]")]
    (href,) = [href for href in hrefs if "bpfnews.css" in href]
    if buildername == "epub":
        assert href == "_static/bpfnews.css"
        (book,) = app.outdir.glob("*.epub")
        with zipfile.ZipFile(book) as epub:
            assert epub.read("_static/bpfnews.css") == STYLESHEET.read_bytes()
    elif any("?v=" in other for other in hrefs if "pygments.css" in other):
        checksum = zlib.crc32(STYLESHEET.read_bytes().replace(b"\r", b""))
        assert href == f"_static/bpfnews.css?v={checksum:08x}"
    else:
        # Sphinx 8.0's single page is written before any static file is copied:
        # none of them, Sphinx's own included, has a checksum there.
        assert buildername == "singlehtml", hrefs
        assert href == "_static/bpfnews.css"


def test_stylesheet_only_for_html(build: Build) -> None:
    html = build({"index.md": PAGE})
    assert (html.outdir / "_static" / "bpfnews.css").is_file()
    assert not (html.outdir / "sphinxcontribbpfnews.sty").exists()
    latex = build({"index.md": PAGE}, "latex")
    assert (latex.outdir / "sphinxcontribbpfnews.sty").is_file()
    assert not list(latex.outdir.rglob("bpfnews.css"))
    assert "bpfnews.css" not in (latex.outdir / "test.tex").read_text(encoding="utf-8")


def test_text_from_any_field_is_escaped(build: Build) -> None:
    hostile = "<script>alert('x')</script> & \"q\""
    app = build(
        {
            "index.md": f"# T\n\n```{{talk}} {hostile}\n:event: {hostile}\n"
            f":speakers: {hostile}\n```\n\n:::{{patch-series}} [PATCH] {hostile}\n"
            f":author: {hostile}\n:::\n"
        }
    )
    raw = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw
    page = soup(app)
    assert page.select_one(".bpfnews-talk .bpfnews-title").get_text() == hostile
    assert page.select_one(".bpfnews-event").get_text() == hostile
    assert page.select_one(".bpfnews-author").get_text() == hostile
    assert page.select_one(".bpfnews-series .bpfnews-title").get_text() == hostile


def test_texts_and_badges_written_in_one_step_as_an_inline_would_be(build: Build) -> None:
    """A text or a badge holding a single text is written without walking into it;
    the HTML is what the walk writes (here forced by splitting the text in two)."""
    app = build({"index.md": "# Page\n"})

    def split(node: nodes.Element) -> nodes.Element:
        text = node.astext()
        node.children[0].parent = None
        node.children = []
        node += [nodes.Text(text[:2]), nodes.Text(text[2:])]
        return node

    cases = [
        bn.make_text('a & <b> "c"', "bpfnews-author"),
        bn.make_badge("tree", "net-next <&>"),
        bn.make_badge("counter", "0/7", bn.bpfnews_patch_counter),
    ]
    for node in cases:
        one_step = render_html(app.builder, "T", [nodes.paragraph("", "", node.deepcopy())])
        walked = render_html(app.builder, "T", [nodes.paragraph("", "", split(node.deepcopy()))])
        assert one_step == walked, node
        assert "&amp;" in one_step or "/" in one_step
    text = bn.make_text("x", "bpfnews-sep")
    plain = nodes.inline("x", "x", classes=["bpfnews-sep"])
    assert render_html(app.builder, "T", [nodes.paragraph("", "", text)]) == render_html(
        app.builder, "T", [nodes.paragraph("", "", plain)]
    )
    # An id is written, as the walk writes it.
    text = bn.make_text("x", "bpfnews-sep")
    text["ids"] = ["here"]
    assert 'id="here"' in render_html(app.builder, "T", [nodes.paragraph("", "", text)])


def test_elements_made_with_their_children_are_as_docutils_makes_them() -> None:
    """The components' elements get their children without docutils asking a tree
    that is in no document for its document: the same tree, parents set."""
    made = bn.make_line(
        "patch-line",
        bn.make_badge("counter", "1/2"),
        nodes.Text(" "),
        nodes.Text("title"),
        url="https://example.org/1",
    )
    expected = bn.bpfnews_line(
        "",
        "",
        bn.bpfnews_badge(
            "1/2", "1/2", kind="counter", classes=["bpfnews-badge", "bpfnews-badge-counter"]
        ),
        nodes.Text(" title"),
        part="patch-line",
        classes=["bpfnews-patch-line"],
        support_smartquotes=False,
        url="https://example.org/1",
    )
    assert made.pformat() == expected.pformat()
    assert all(node.parent is not None for node in made.findall(include_self=False))
    text = bn.make_text("x", "bpfnews-sep")
    assert text.pformat() == bn.bpfnews_text("x", "x", classes=["bpfnews-sep"]).pformat()
    block = bn.make_block(bn.bpfnews_block, "notes", nodes.paragraph("", "note"))
    assert block[0].parent is block
    with pytest.raises(AssertionError):  # only an element in no tree yet
        bn.with_children(block[0], [nodes.Text("more")])


def test_nodes_let_go_are_unlinked_and_those_asked_for_found_in_document_order() -> None:
    """A tree written and dropped is unlinked from top to bottom, so Python frees it
    at once; the nodes of the class asked for come back in the order a walk of the
    page meets them (the parts of an index page, kept in that order)."""
    first = bn.bpfnews_fragment("", nodes.Text("a"), key="first")
    inner = bn.bpfnews_fragment("", nodes.Text("b"), key="inner")
    second = bn.bpfnews_fragment("", nodes.paragraph("", "", inner), key="second")
    page = bn.make_block(bn.bpfnews_block, "page", first, nodes.Text(" "), second)
    walked = list(page.findall())
    found = bn.let_go([page], bn.bpfnews_fragment)
    assert [node["key"] for node in found] == ["first", "second", "inner"]
    assert [node["key"] for node in walked if isinstance(node, bn.bpfnews_fragment)] == [
        node["key"] for node in found
    ]
    assert all(node.parent is None for node in walked)
    assert bn.let_go(page.children) == []  # none asked for: none found
