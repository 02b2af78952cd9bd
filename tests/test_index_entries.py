"""Series and talks in Sphinx's general index: code spans read as code and text as
text, in HTML and in the PDF, sorted and grouped by their text; every other entry
keeps the look Sphinx gives it."""

from __future__ import annotations

import itertools
import json
import re
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from .conftest import warnings_of
from .pdf_tools import compile_pdf, normalized, pdf_text, pdf_words, text_runs

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

SUBJECT = "bpf: make error reporting in `bpf_warn_invalid_xdp_action` more clear"
SUBJECT_TEXT = "bpf: make error reporting in bpf_warn_invalid_xdp_action more clear"

PAGE = f"""\
# Issue

:::{{patch-series}} [PATCH net-next] {SUBJECT}
:author: Jakub Kicinski
:url: https://patchwork.ozlabs.org/patch/1/
:::

:::{{talk}} `bpftool` in depth
:speakers: Quentin Monnet
:::

:::{{index}} single: Sphinx entry with `backticks`
:::

```{{py:function}} sphinx_own_function(a)
Documented the way autodoc documents it.
```
"""

#: Titles and names no index format likes, and backticks that open no code span.
HOSTILE = r"""
Hostile
=======

.. patch-series:: [PATCH] bpf: odd ` tick, "quote" !bang @at |bar {braces} \back %pct #hash
   :author: Ann "Q" O'Neil !@| {x} \ % #

.. patch-series:: [PATCH] net: `x!y@z|w` and `a"b{c}d\e%f#g` done
   :author: ``Bob`` !@|"{}\%#

.. talk:: unclosed `` and ` ticks
   :speakers: Carol ` {}, Dan \%#"|@!

.. talk:: `` `!@|"{}\%#` `` opens
"""

#: What the page shows of each title and name, and so what its index entry reads.
HOSTILE_TEXTS = (
    r'bpf: odd ` tick, "quote" !bang @at |bar {braces} \back %pct #hash',
    r"""Ann "Q" O'Neil !@| {x} \ % #""",
    r'net: x!y@z|w and a"b{c}d\e%f#g done',
    r'Bob !@|"{}\%#',
    "unclosed `` and ` ticks",
    "Carol ` {}",
    r'Dan \%#"|@!',
    r'`!@|"{}\%#` opens',
)


def genindex(app: SphinxTestApp, name: str = "genindex.html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def groups(soup: BeautifulSoup) -> dict[str, Tag]:
    """Each letter group of an index page: its heading and its table of entries."""
    found = {}
    for heading in soup.select("h2"):
        table = heading.find_next_sibling("table")
        if table is not None:
            found[heading.get_text(strip=True)] = table
    return found


def entry(table: Tag, text: str) -> Tag:
    """The index entry (a list item) whose own text, without sub-entries, is ``text``."""
    for item in table.select("li"):
        own = "".join(
            child.get_text() if hasattr(child, "get_text") else str(child)
            for child in item.children
            if getattr(child, "name", None) != "ul"
        )
        if " ".join(own.split()) == text:
            return item
    raise AssertionError(f"no index entry {text!r} in {table.get_text(' ', strip=True)!r}")


def test_genindex_shows_code_spans_as_code(build: Build) -> None:
    app = build({"index.md": PAGE})
    assert warnings_of(app) == ""
    soup = genindex(app)
    by_letter = groups(soup)
    # Sorted and grouped by the text: a title opening with code is under its letter.
    assert "Symbols" not in by_letter
    for author, title in (("Jakub Kicinski", SUBJECT_TEXT), ("bpf", SUBJECT_TEXT)):
        parent = entry(by_letter[author[0].upper()], author)
        child = entry(parent, title)
        assert [code.get_text() for code in child.select("code")] == ["bpf_warn_invalid_xdp_action"]
    talk = entry(by_letter["B"], "bpftool in depth")
    assert [code.get_text() for code in talk.select("code")] == ["bpftool"]
    speaker = entry(by_letter["Q"], "Quentin Monnet")
    assert [code.get_text() for code in speaker.select("code")] == ["bpftool"]
    assert "`" not in " ".join(t.get_text() for letter, t in by_letter.items() if letter != "S")


def test_genindex_keeps_other_entries_as_sphinx_shows_them(build: Build) -> None:
    """Only the newsletter's entries change: others stay text, backticks and all."""
    soup = genindex(build({"index.md": PAGE}))
    by_letter = groups(soup)
    own = entry(by_letter["S"], "Sphinx entry with `backticks`")
    assert not own.select("code")
    assert entry(by_letter["S"], "sphinx_own_function()").select("code") == []


def test_split_genindex_shows_code_spans_as_code(build: Build) -> None:
    app = build({"index.md": PAGE}, conf="html_split_index = True\n")
    assert warnings_of(app) == ""
    letter_b = genindex(app, "genindex-B.html")
    assert "bpftool" in [code.get_text() for code in letter_b.select(".indextable code")]
    letter_j = genindex(app, "genindex-J.html")
    assert [code.get_text() for code in letter_j.select(".indextable code")] == [
        "bpf_warn_invalid_xdp_action"
    ]
    full = groups(genindex(app, "genindex-all.html"))
    assert "Symbols" not in full
    assert entry(full["B"], "bpftool in depth").select("code")
    for name in ("genindex-B.html", "genindex-J.html", "genindex-Q.html"):
        assert "`" not in genindex(app, name).select_one(".indextable").get_text()


def test_json_genindex_names_are_text(build: Build) -> None:
    """The serializing builders render no template: their names stay text."""
    app = build({"index.md": PAGE}, "json")
    genindex = json.loads((app.outdir / "genindex.fjson").read_text(encoding="utf-8"))
    by_letter = dict(genindex["genindexentries"])
    assert "Symbols" not in by_letter
    names = {name for name, _ in by_letter["B"]}
    assert "bpftool in depth" in names and "<code" not in json.dumps(genindex)


def index_commands(tex: str) -> list[str]:
    """The arguments of every ``\\index`` command of a LaTeX file."""
    commands = []
    for match in re.finditer(r"\\index\{", tex):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(tex[end], 0)
            end += 1
        commands.append(tex[match.end() : end - 1])
    return commands


def test_latex_index_entries_are_set_as_text_with_code(build: Build) -> None:
    app = build({"index.md": PAGE}, "latex")
    assert warnings_of(app) == ""
    commands = index_commands((app.outdir / "test.tex").read_text(encoding="utf-8"))
    ours = [c for c in commands if any(w in c for w in ("Kicinski", "xdp", "bpftool", "Quentin"))]
    # Sphinx's \spxentry sets an entry in typewriter; ours read as the page does,
    # with no backtick (which LaTeX would show as \textasciigrave).
    assert [(r"\spxentry" in c, "textasciigrave" in c) for c in ours] == [(False, False)] * 4
    code = r"\bpfnewsindexcode{bpf\_warn\_invalid\_xdp\_action}"
    assert (
        r"Jakub Kicinski@\bpfnewsindexentry{Jakub Kicinski}!"
        r"bpf: make error reporting in bpf\_warn\_invalid\_xdp\_action more clear@"
        rf"\bpfnewsindexentry{{bpf: make error reporting in {code} more clear}}"
    ) in ours
    assert r"bpftool in depth@\bpfnewsindexentry{\bpfnewsindexcode{bpftool} in depth}" in ours
    # Other entries are left to Sphinx.
    others = [c for c in commands if c not in ours]
    assert others and all(r"\spxentry" in c for c in others)


def index_pages(pdf: Path) -> tuple[int, list[str]]:
    """The number of the PDF's first index page, and the text of its index pages."""
    pages = pdf_text(pdf).split("\f")[:-1]  # each page ends with a form feed
    first = next(
        number
        for number, text in enumerate(pages)
        if text.strip() and text.strip().splitlines()[0].strip().lower() == "index"
    )
    return first + 1, pages[first:]


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_pdf_index_reads_like_the_book(build: Build) -> None:
    latex = build({"index.md": PAGE}, "latex")
    pdf = compile_pdf(latex.outdir)
    ind = (latex.outdir / "test.ind").read_text(encoding="utf-8")
    for name in ("Jakub Kicinski", "Quentin Monnet", "bpftool"):
        (line,) = [line for line in ind.splitlines() if name in line and r"\item" in line]
        assert r"\spxentry" not in line, line
    first, pages = index_pages(pdf)
    text = "\n".join(pages)
    # The one backtick pair is the index directive's own entry, shown as written.
    assert text.count("`") == 2 and "with `backticks`" in text
    assert "Symbols" not in text
    assert normalized(SUBJECT_TEXT) in normalized(text)
    assert normalized("bpftool in depth") in normalized(text)

    # Body font for the text, the book's code font for code (and for Sphinx's own).
    runs = text_runs(pdf, first)

    text_words = ("Kicinski", "Monnet", "make error", "depth")
    code_words = ("bpf_warn_invalid_xdp_action", "bpftool", "sphinx_own_function")
    in_mono = {
        word: sorted({"Mono" in font for run, font in runs if word in run})
        for word in (*text_words, *code_words)
    }
    assert in_mono == {word: [word in code_words] for word in (*text_words, *code_words)}

    # No line of the newsletter's entries has its spaces stretched to fill the
    # column: the gaps between words are a space wide (2.5pt, a little more after
    # a colon), where justified typewriter lines gape.
    ours = {
        *SUBJECT_TEXT.split(),
        "bpftool",
        "in",
        "depth",
        "Jakub",
        "Kicinski",
        "Quentin",
        "Monnet",
    }
    lines = 0
    for page in range(first, first + len(pages)):
        words = pdf_words(pdf, page)
        middle = (min(w.x_min for w in words) + max(w.x_max for w in words)) / 2
        for _, line in itertools.groupby(words, key=lambda w: (w.line, w.x_min > middle)):
            line_words = list(line)
            if {w.text.rstrip(",") for w in line_words} - {"", "1"} <= ours:
                lines += 1
                gaps = [b.x_min - a.x_max for a, b in itertools.pairwise(line_words)]
                assert max(gaps, default=0) < 4, [w.text for w in line_words]
    assert lines >= 8


def test_hostile_titles_in_the_html_index(build: Build) -> None:
    app = build({"index.rst": HOSTILE})
    assert warnings_of(app) == ""
    soup = genindex(app)
    text = " ".join(table.get_text(" ") for table in groups(soup).values())
    assert [t for t in HOSTILE_TEXTS if normalized(t) not in normalized(text)] == [], text
    codes = {code.get_text() for code in soup.select(".indextable code")}
    assert codes == {"x!y@z|w", r'a"b{c}d\e%f#g', "Bob", r'`!@|"{}\%#`'}


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_hostile_titles_in_the_pdf_index(build: Build) -> None:
    latex = build({"index.rst": HOSTILE}, "latex")
    assert warnings_of(latex) == ""
    _, pages = index_pages(compile_pdf(latex.outdir))
    text = normalized("\n".join(pages))
    assert [t for t in HOSTILE_TEXTS if normalized(t) not in text] == [], text
