"""Series and talks in Sphinx's general index: code spans read as code and text as
text, sorted and grouped by their text; every other entry keeps the look Sphinx
gives it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from .conftest import warnings_of
from .pdf_tools import normalized

if TYPE_CHECKING:
    from collections.abc import Callable

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


def test_hostile_titles_in_the_html_index(build: Build) -> None:
    app = build({"index.rst": HOSTILE})
    assert warnings_of(app) == ""
    soup = genindex(app)
    text = " ".join(table.get_text(" ") for table in groups(soup).values())
    assert [t for t in HOSTILE_TEXTS if normalized(t) not in normalized(text)] == [], text
    codes = {code.get_text() for code in soup.select(".indextable code")}
    assert codes == {"x!y@z|w", r'a"b{c}d\e%f#g', "Bob", r'`!@|"{}\%#`'}
