"""Property-based builds with hostile text in every field of the three directives.

Titles, subjects, options and bodies are drawn from the whole of Unicode (markup
characters, backticks, brackets, colons and bangs in front, control characters,
right-to-left and CJK scripts, lines of 10,000 characters). Whatever they hold:

- Sphinx builds HTML and LaTeX without an error;
- every warning names the file and the line, and the extension's are typed
  ``bpfnews.*``;
- every word of every title and subject reaches the HTML page's text and the
  LaTeX the PDF is made from;
- a word of an option value missing from the page comes with a warning: nothing
  is dropped silently.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import warnings_of
from .markup import MARKUPS, directive, file_name, page

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

#: What ends a line for Markdown or for docutils (which splits on every line
#: separator Python knows): a title holding one would be two lines of source.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: Anything a UTF-8 file can hold on one line: controls, format characters
#: (right-to-left marks and overrides), private use, unassigned code points.
_ANY = st.characters(blacklist_categories=("Cs",), blacklist_characters=_LINE_BREAKS)
#: Characters that mean something to Markdown, reST, LaTeX, HTML or a subject.
_MARKUP = st.sampled_from(list("`[]{}()<>:!*_#$%&^~\\|\"'@=+-/.,;?"))
_SCRIPTS = st.sampled_from(["日本語", "中文", "한국어", "עברית", "العربية", "Ελληνικά", "Zoë", "ß"])
_PIECE = st.one_of(_ANY, _MARKUP, _SCRIPTS, st.just(" "), st.just("`code`"))
_SHORT = st.lists(_PIECE, min_size=1, max_size=24).map("".join)
#: A line of about 10,000 characters: words and markup repeated.
_LONG = st.builds(lambda text: (text + " ") * (10_000 // (len(text) + 1) + 1), _SHORT)
TEXT = st.one_of(_SHORT, _SHORT, _SHORT, _LONG).filter(str.strip)
#: Titles often start with what could read as markup or as a subject's tags.
TITLE = st.one_of(TEXT, st.builds(lambda lead, rest: lead + rest, _MARKUP, TEXT))
KINDS = st.sampled_from(["slides", "video", "talk", "podcast", "article", "keynote", ""])
URLS = st.sampled_from(
    [
        "https://e.org/a",
        "http://e.org/b?x=1&y=2#f",
        "../rel",
        "",
        "javascript:alert(1)",
        "mailto:a@e.org",
        "C:\\x",
    ]
)
#: Examples per run; set BPFNEWS_FUZZ_EXAMPLES for a longer search.
SETTINGS = settings(
    max_examples=int(os.environ.get("BPFNEWS_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: A talk, a series and the highlights: the same fields in either markup.
FIELDS = {
    "title": TITLE,
    "kind": KINDS,
    "url": URLS,
    "speakers": st.lists(TEXT, max_size=3),
    "event": TEXT,
    "description": TEXT,
    "series_title": TITLE,
    "author": TEXT,
    "children": st.lists(TITLE, min_size=1, max_size=3),
    "notes": TEXT,
    "highlight_title": TITLE,
    "highlights": st.lists(TEXT, min_size=1, max_size=3),
    "reviewers": st.lists(TEXT, max_size=3),
    "prose": TEXT,
    "prose_url": URLS,
}
_TYPED = re.compile(r"\[(?:bpfnews\.\w+|myst\.[\w-]+|docutils)\]$")
_LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?:WARNING|ERROR|CRITICAL): (?P<message>.*)$")


def words(text: str) -> set[str]:
    """Runs of letters and digits (not ``_``, which LaTeX writes as ``\\_``)."""
    return set(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text)))


def option_value(text: str) -> str:
    """Option values are one line, as any value an author types is."""
    return " ".join(text.split())


def fuzz_page(markup: str, f: dict[str, Any]) -> str:
    """A talk, a series, the highlights and an entry written as prose made of the
    drawn fields, in ``markup``."""
    talk_options = [
        ("kind", f["kind"]),
        ("url", f["url"]),
        ("speakers", ", ".join(map(option_value, f["speakers"]))),
        ("event", option_value(str(f["event"]))),
    ]
    children = list(f["children"])
    lines = "".join(
        f"- [PATCH {n}/{len(children)}] {child} <https://e.org/{n}>\n"
        for n, child in enumerate(children, 1)
    )
    series_options = [("author", option_value(str(f["author"])))]
    series_options += [("url", f["url"])] if f["url"] else []
    reviewers = ", ".join(map(option_value, f["reviewers"]))
    series_options += [("reviewed-by", reviewers)] if reviewers.strip(", ") else []
    prose_options = [("author", option_value(str(f["author"])))]
    prose_options += [("url", f["prose_url"])] if f["prose_url"] else []
    prose_options += [("tested-by", reviewers)] if reviewers.strip(", ") else []
    items = "\n".join(f"- {item}" for item in f["highlights"])
    return page(
        markup,
        "Fuzz",
        directive(
            markup,
            "talk",
            f["title"],
            [(name, value) for name, value in talk_options if value],
            f["description"],
            fence="::::",
        ),
        directive(
            markup,
            "patch-series",
            f"[PATCH 0/{len(children)}] {f['series_title']}",
            series_options,
            f"{lines}\n{f['notes']}",
            fence="::::",
        ),
        directive(markup, "highlight", f["highlight_title"], body=items, fence="::::"),
        # An entry written as prose: no subject, its text the body.
        directive(markup, "patch-series", "", prose_options, f["prose"], fence="::::"),
    )


def located(app: SphinxTestApp, page: str) -> list[str]:
    """The build's warnings, each checked to name the page and a line."""
    messages = []
    for line in warnings_of(app).splitlines():
        found = _LOCATED.match(line)
        assert found, f"a warning without file and line: {line!r}"
        assert found["file"].endswith(page), line
        assert int(found["line"]) > 0, line
        messages.append(found["message"])
    return messages


def latex_body(tex: str) -> str:
    """The document's text as LaTeX, without the index entries (which repeat titles)."""
    body = tex[tex.index(r"\begin{document}") :]
    return re.sub(r"\\index\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}", " ", body)


def check(build: Build, name: str, page: str, fields: dict[str, Any]) -> SphinxTestApp:
    """Build ``page`` as HTML and LaTeX, check both, and give the HTML build."""
    titles = [
        str(fields["title"]),
        str(fields["series_title"]),
        str(fields["highlight_title"]),
        *map(str, fields["children"]),
    ]
    options = [
        str(fields["event"]),
        str(fields["author"]),
        *map(str, fields["speakers"]),
        *map(str, fields["reviewers"]),
    ]

    html = build({name: page})
    messages = located(html, name)
    # Each warning is typed, so it can be silenced: ours as bpfnews.*.
    assert all(_TYPED.search(message) for message in messages), messages
    soup = BeautifulSoup((html.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = words(soup.select_one("div.body").get_text(" "))
    for title in titles:
        assert words(title) - text == set(), title[:200]
    dropped = set().union(*(words(option) for option in options)) - text
    assert not dropped or messages, sorted(dropped)
    # A prose entry's title is its text's first sentence: words the page shows.
    # (Markup may leave it no text, an HTML comment say, or a text without a word,
    # ".": then its address names it, shown as the link it is.)
    prose_entry = html.env.get_domain("bpfnews").data["series"]["index"][-1]
    if prose_entry["notes"].strip() and prose_entry["title"] != prose_entry["url"]:
        titles.append(prose_entry["title"])
        assert words(prose_entry["title"]) - text == set(), prose_entry["title"][:200]

    latex = build({name: page}, "latex")
    located(latex, name)
    tex = words(latex_body((latex.outdir / "test.tex").read_text(encoding="utf-8")))
    for title in titles:
        assert words(title) - tex == set(), title[:200]
    return html


@pytest.mark.parametrize("markup", MARKUPS)
@SETTINGS
@given(**FIELDS)
def test_any_text_builds(build: Build, markup: str, **fields: Any) -> None:
    check(build, file_name(markup), fuzz_page(markup, fields), fields)


def ordinary(**changes: Any) -> dict[str, Any]:
    """Every field with an ordinary value, but ``changes``: the example a test is
    about, in a page otherwise like any other."""
    fields: dict[str, Any] = {
        "title": "Talk",
        "kind": "slides",
        "url": "https://example.org/t",
        "speakers": [],
        "event": "Event",
        "description": "About.",
        "series_title": "bpf: fix",
        "author": "Author",
        "children": ["bpf: one"],
        "notes": "Notes.",
        "highlight_title": "Highlights",
        "highlights": ["One"],
        "reviewers": [],
        "prose": "Prose.",
        "prose_url": "https://lore.kernel.org/bpf/x@y/",
    }
    assert changes.keys() <= fields.keys(), changes
    return {**fields, **changes}


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_prose_entry_that_is_a_comment_has_no_title(build: Build, markup: str) -> None:
    """Found by the test above: in MyST a prose entry's body ``%D`` is a comment,
    which no reader sees, so it gives the entry no title (its address names it) and
    no notes; in reST the same text is a paragraph, and its title."""
    fields = ordinary(children=["4"], notes="6 ", prose=" %D")
    check(build, file_name(markup), fuzz_page(markup, fields), fields)


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_prose_entry_whose_text_has_no_word_is_named_by_its_address(
    build: Build, markup: str
) -> None:
    """Found by the test above: a prose entry whose body is ``.`` has text but no
    first sentence, so its address names it, in the indexes and the export; the
    page shows the ``.`` and the link, labelled by the site it leads to."""
    fields = ordinary(prose=".", prose_url="https://e.org/a")
    source = fuzz_page(markup, fields)
    app = check(build, file_name(markup), source, fields)
    entry = app.env.get_domain("bpfnews").data["series"]["index"][-1]
    assert (entry["notes"], entry["title"]) == (".", "https://e.org/a")


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_rule_in_a_body_is_left_out_with_a_warning(build: Build, markup: str) -> None:
    """Found by the test above on docutils 0.20: a horizontal rule first in a block
    of a body (``- ***``) stopped the build with docutils' assertion. In MyST each
    rule is left out with a warning on its line, whatever docutils is installed; in
    reStructuredText a rule cannot start inside a directive, and docutils says so."""
    fields = ordinary(description="---", notes="***", highlights=["***", "Two"], prose="___")
    source = fuzz_page(markup, fields)
    app = check(build, file_name(markup), source, fields)
    assert "<hr" not in (app.outdir / "index.html").read_text(encoding="utf-8")
    if markup == "myst":
        rules = [
            n
            for n, line in enumerate(source.splitlines(), 1)
            if line.removeprefix("- ") in {"---", "***", "___"}
        ]
        assert len(rules) == 4, source
        warned = re.findall(
            r":(\d+): WARNING: a horizontal rule cannot stand inside", warnings_of(app)
        )
        assert sorted(map(int, warned)) == rules
