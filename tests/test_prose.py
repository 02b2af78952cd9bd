"""Entries written as prose (no subject: a ``:url:`` and a body) and review trailers."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.site.export import SCHEMA

from .conftest import warnings_of
from .doctrees import written_doctree
from .markup import MARKUPS, directive, file_name, page, role, snippet
from .test_warnings import parse_warnings

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

LORE = "https://lore.kernel.org/bpf/20240115101010.4242-1-dev@example.org/t/#u"
TITLE = (
    "Support for frobnicating maps landed, e.g. hash maps, so programs can frob them "
    "in place with `bpf_map_frob()`"
)
SITE_CONF = 'html_baseurl = "https://news.example.org/"\n'


def prose(markup: str, body: str, options: list[tuple[str, str]] | None = None) -> str:
    given = options if options is not None else [("author", "A. Developer"), ("url", LORE)]
    return directive(markup, "patch-series", options=given, body=body, fence=":::")


def series_of(app: SphinxTestApp) -> list[bn.bpfnews_series]:
    return list(written_doctree(app).findall(bn.bpfnews_series))


def part(node: nodes.Element, name: str) -> bn.bpfnews_line:
    (line,) = [n for n in node.findall(bn.bpfnews_line) if n.get("part") == name]
    return line


@pytest.mark.parametrize("markup", MARKUPS)
def test_prose_entry_tree(build: Build, markup: str) -> None:
    app = build({file_name(markup): page(markup, "Issue", snippet("prose", markup))})
    assert warnings_of(app) == ""
    (series,) = series_of(app)
    header = part(series, "series-header")
    assert [(b["kind"], b.astext()) for b in header.findall(bn.bpfnews_badge)] == [("list", "bpf")]
    (link,) = header.findall(nodes.reference)
    assert (link.astext(), link["refuri"]) == ("lore", LORE)
    assert header.astext() == "bpf lore — A. Developer"
    assert header["url"] == LORE
    assert part(series, "series-review").astext() == "Acked-by: John Roe"
    notes = next(n for n in series.findall(bn.bpfnews_block) if n.get("part") == "notes")
    assert notes.astext().startswith("Support for frobnicating maps landed")
    assert [n.astext() for n in notes.findall(nodes.literal)] == ["bpf_map_frob()"]
    # The body is the text, never patches, even when it starts with a list.
    assert not list(series.findall(bn.bpfnews_patch))


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_prose_body_opening_with_a_list_is_text(build: Build, markup: str) -> None:
    body = "- [PATCH] looks like a patch. But is prose\n- second item"
    app = build({file_name(markup): page(markup, "Issue", prose(markup, body))})
    assert warnings_of(app) == ""
    (series,) = series_of(app)
    assert not list(series.findall(bn.bpfnews_patch))
    assert [li.astext() for li in series.findall(nodes.list_item)] == [
        "[PATCH] looks like a patch. But is prose",
        "second item",
    ]
    records = app.env.get_domain("bpfnews").data["series"]["index"]
    assert records[0]["title"] == "[PATCH] looks like a patch"


def titles(markup: str) -> list[tuple[str, str]]:
    """(body, title) pairs: markup, several paragraphs, links, abbreviations."""
    link = (
        "`the thread <https://e.org/t>`__" if markup == "rst" else "[the thread](https://e.org/t)"
    )
    code = "``a.b``" if markup == "rst" else "`a.b`"
    emphasis = "*really*"
    return [
        (
            f"See {link} for {code}, e.g. its flags. More here.",
            "See the thread for `a.b`, e.g. its flags",
        ),
        (f"It {emphasis} works.\n\nA second paragraph.", "It really works"),
        ("No full stop at all", "No full stop at all"),
        ("> Quoted first. Then more.\n\nAfter.", "Quoted first"),
    ]


@pytest.mark.parametrize("markup", MARKUPS)
def test_the_title_is_the_first_sentence_of_the_text(build: Build, markup: str) -> None:
    cases = titles(markup)
    blocks = [prose(markup, body) for body, _ in cases]
    if markup == "rst":  # a quote in reST is an indented block
        blocks[3] = prose(markup, "   Quoted first. Then more.\n\nAfter.")
    app = build({file_name(markup): page(markup, "Issue", *blocks)})
    assert warnings_of(app) == ""
    records = app.env.get_domain("bpfnews").data["series"]["index"]
    assert [record["title"] for record in records] == [title for _, title in cases]
    assert {record["subject"] for record in records} == {""}


def test_a_parser_message_is_never_the_title(build: Build) -> None:
    """docutils files a note in a quote whose one line it took for a transition; the
    title is the entry's own text (found by the fuzz test)."""
    app = build({"index.rst": page("rst", "Issue", prose("rst", " ,"), prose("rst", " --"))})
    records = app.env.get_domain("bpfnews").data["series"]["index"]
    assert [record["title"] for record in records] == [",", "--"]


def warning_lines(app: SphinxTestApp) -> list[tuple[int, str]]:
    return [(line, subtype) for _, line, subtype in parse_warnings(warnings_of(app))]


@pytest.mark.parametrize("markup", MARKUPS)
def test_an_entry_without_subject_needs_url_and_body(build: Build, markup: str) -> None:
    blocks = [
        prose(markup, "", [("author", "Only a link"), ("url", LORE)]),
        prose(markup, "Only a body, no link.", [("author", "No link")]),
    ]
    app = build({file_name(markup): page(markup, "Issue", *blocks)})
    lines = [3, 8] if markup == "myst" else [4, 8]
    assert warning_lines(app) == [(line, "bpfnews.argument") for line in lines]
    assert "or, for an entry written as prose, a ':url:'" in warnings_of(app)
    # Nothing is dropped: the author, the link and the text are all shown.
    text = written_doctree(app).astext()
    assert "Only a link" in text and "lore" in text
    assert "Only a body, no link." in text and "No link" in text
    records = app.env.get_domain("bpfnews").data["series"]["index"]
    # Titled by its address, and by its text.
    assert [r["title"] for r in records] == [LORE, "Only a body, no link"]


@pytest.mark.parametrize("markup", MARKUPS)
def test_an_empty_review_option_warns(build: Build, markup: str) -> None:
    options = [("url", LORE), ("reviewed-by", ""), ("tested-by", " , ")]
    app = build({file_name(markup): page(markup, "Issue", prose(markup, "Text.", options))})
    shift = 0 if markup == "myst" else 1
    assert warning_lines(app) == [(3 + shift, "bpfnews.option")]
    assert "':reviewed-by:' is empty" in warnings_of(app)
    (series,) = series_of(app)
    assert not [n for n in series.findall(bn.bpfnews_line) if n.get("part") == "series-review"]


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_subject_given_later_makes_an_ordinary_series(build: Build, markup: str) -> None:
    block = directive(
        markup,
        "patch-series",
        "[PATCH bpf-next v2 1/3] bpf: frob maps",
        [("url", LORE), ("reviewed-by", "Jane Doe")],
        "Support for frobnicating maps landed.",
    )
    app = build({file_name(markup): page(markup, "Issue", block)})
    assert warnings_of(app) == ""
    (series,) = series_of(app)
    header = part(series, "series-header")
    badges = [(b["kind"], b.astext()) for b in header.findall(bn.bpfnews_badge)]
    assert badges == [("tree", "bpf-next"), ("version", "v2"), ("counter", "1/3"), ("link", "lore")]
    assert part(series, "series-review").astext() == "Reviewed-by: Jane Doe"
    (record,) = app.env.get_domain("bpfnews").data["series"]["index"]
    assert (record["title"], record["tree"], record["list"]) == ("bpf: frob maps", "bpf-next", "")


def test_review_line_in_html_and_latex(build: Build) -> None:
    files = {"index.md": page("myst", "Issue", snippet("review"))}
    html = BeautifulSoup(
        (build(files).outdir / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    (line,) = html.select("article.bpfnews-series p.bpfnews-series-review")
    assert " ".join(line.get_text().split()) == (
        "Reviewed-by: Jane Doe, John Roe · Acked-by: Maintainer One · Tested-by: Build Robot"
    )
    assert [t.get_text() for t in line.select(".bpfnews-trailer")] == [
        "Reviewed-by:",
        "Acked-by:",
        "Tested-by:",
    ]
    # After the patches, before any commentary.
    parts = [p["class"][0] for p in html.select("article.bpfnews-series > *")]
    assert parts == ["bpfnews-series-header", "bpfnews-patches", "bpfnews-series-review"]
    tex = (build(files, "latex").outdir / "test.tex").read_text(encoding="utf-8")
    review = tex[
        tex.index(r"\begin{bpfnewsseriesreview}") : tex.index(r"\end{bpfnewsseriesreview}")
    ]
    reviewed = r"{Reviewed\sphinxhyphen{}by:} \DUrole{bpfnews-reviewers}{Jane Doe, John Roe}"
    assert r"\DUrole{bpfnews-trailer}" + reviewed in review
    assert r"{Tested\sphinxhyphen{}by:} \DUrole{bpfnews-reviewers}{Build Robot}" in review


def test_trailers_read_the_same_in_every_language(build: Build) -> None:
    app = build({"index.md": page("myst", "Ausgabe", snippet("review"))}, conf='language = "de"\n')
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert "Reviewed-by: Jane Doe, John Roe" in text
    assert "2 Patches" in text  # the extension's own words are translated


def test_prose_entry_in_latex(build: Build) -> None:
    app = build({"index.md": page("myst", "Issue", snippet("prose"))}, "latex")
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    header = tex[
        tex.index(r"\begin{bpfnewsseriesheader}") : tex.index(r"\end{bpfnewsseriesheader}")
    ]
    assert r"\bpfnewsbadge{list}{bpf}" in header
    assert r"\sphinxhref{https://lore.kernel.org/bpf/" in header and "{lore}" in header
    assert r"\sphinxurl{https://lore.kernel.org/bpf/" in header
    notes = tex[tex.index(r"\begin{bpfnewsnotes}") : tex.index(r"\end{bpfnewsnotes}")]
    assert "Support for frobnicating maps landed" in notes


ISSUE = """\
---
title: Issue One
date: '2024-01-20'
issue: 1
---

# Issue One

{prose}
{review}
See {ref}.

```{{bpfnews-index}} authors
```

```{{bpfnews-index}} trees
```
"""


def named_prose() -> str:
    return snippet("prose").replace(":acked-by:", ":name: frob\n:acked-by:")


@pytest.fixture
def site(build: Build) -> SphinxTestApp:
    text = ISSUE.format(
        prose=named_prose(), review=snippet("review"), ref=role("myst", "bpfnews:series", "frob")
    )
    app = build(
        {"index.md": "# News\n\n```{toctree}\nissue\n```\n", "issue.md": text}, conf=SITE_CONF
    )
    assert warnings_of(app) == ""
    return app


def test_export_has_prose_entries_and_review(site: SphinxTestApp) -> None:
    data = json.loads((site.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    prose_entry, series = data["issues"][0]["series"]
    assert prose_entry["subject"] == ""
    assert prose_entry["title"] == TITLE
    assert prose_entry["list"] == "bpf"
    assert prose_entry["url"] == LORE and prose_entry["link_kind"] == "thread"
    assert prose_entry["message_id"] == "20240115101010.4242-1-dev@example.org"
    assert prose_entry["notes"].startswith("Support for frobnicating maps landed, e.g.")
    assert prose_entry["review"] == {"reviewed-by": [], "acked-by": ["John Roe"], "tested-by": []}
    assert prose_entry["anchor"] == "series-frob"
    assert series["title"] == "bpf: Check the size of map values"
    assert series["list"] is None
    assert series["review"] == {
        "reviewed-by": ["Jane Doe", "John Roe"],
        "acked-by": ["Maintainer One"],
        "tested-by": ["Build Robot"],
    }


def plain(markup_title: str) -> str:
    return markup_title.replace("`", "")


def test_indexes_feeds_and_links_show_the_prose_title(site: SphinxTestApp) -> None:
    def text_of(name: str) -> str:
        soup = BeautifulSoup((site.outdir / name).read_text(encoding="utf-8"), "html.parser")
        return " ".join(soup.get_text().split())

    for name in ("archive/authors.html", "archive/trees.html", "issue.html", "genindex.html"):
        assert plain(TITLE) in text_of(name), name
    authors = BeautifulSoup(
        (site.outdir / "archive/authors.html").read_text(encoding="utf-8"), "html.parser"
    )
    link = next(a for a in authors.select("a") if a.get_text().startswith("Support"))
    assert link["href"] == "../issue.html#series-frob"
    assert [c.get_text() for c in link.select("code")] == ["bpf_map_frob()"]
    # {bpfnews:series}`frob` reads as the title, its code as code.
    issue = BeautifulSoup((site.outdir / "issue.html").read_text(encoding="utf-8"), "html.parser")
    (ref,) = issue.select("span.bpfnews-ref")
    assert ref.get_text() == plain(TITLE)
    assert [c.get_text() for c in ref.select("code")] == ["bpf_map_frob()"]
    # The general index lists the entry under its author.
    genindex = text_of("genindex.html")
    assert "A. Developer" in genindex
    feed = feedparser.parse((site.outdir / "atom.xml").read_text(encoding="utf-8"))
    (entry,) = feed.entries
    content = " ".join(BeautifulSoup(entry.content[0].value, "html.parser").get_text().split())
    assert plain(TITLE) in content
    assert "Reviewed-by: Jane Doe, John Roe" in content


def test_search_index_has_reviewers_and_prose_words(build: Build) -> None:
    app = build({"index.md": page("myst", "Issue", snippet("prose"), snippet("review"))})
    script = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(script[script.index("(") + 1 : script.rindex(")")])["terms"]
    assert [t for t in ("roe", "robot", "maintain", "frobnic", "lore") if t not in terms] == []


def test_prose_title_markup_is_not_read_as_subject_tags(build: Build) -> None:
    """Brackets and colons in a prose text are words, not a subject's tags."""
    body = "[RFC] bpf: a text that looks like a subject. Really."
    app = build({"index.md": page("myst", "Issue", prose("myst", body))})
    (record,) = app.env.get_domain("bpfnews").data["series"]["index"]
    assert (record["title"], record["tree"], record["subsystem"]) == (
        "[RFC] bpf: a text that looks like a subject",
        "",
        "",
    )
    header = part(series_of(app)[0], "series-header")
    assert not [b for b in header.findall(bn.bpfnews_badge) if b["kind"] != "list"]
    assert re.fullmatch(r"bpf lore — A\. Developer", header.astext())
