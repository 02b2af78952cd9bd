"""Property-based builds: whatever the text in a directive, Sphinx builds HTML and
LaTeX without error, warns only in the extension's vocabulary, and shows every
character of the titles."""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

# Titles are data: anything printable, TeX specials, quotes, markup characters,
# scripts from around the world; not backticks (a code span is markup) and not
# control characters (shown as U+FFFD, with a warning of their own).
TITLE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="`\ufeff"
    ),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() and t.strip()[0] not in "[:!*")
# Option values go through MyST's YAML-like reading, so they stay plain text.
PLAIN = st.text(
    alphabet=string.ascii_letters + string.digits + " .-_/()éüßлж日本", min_size=1, max_size=20
).filter(str.strip)
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
OUR_WARNING = re.compile(r"\[bpfnews\.\w+\]$")


def talk_myst(title: str, kind: str, url: str, speakers: list[str], event: str) -> str:
    options = "".join(
        f":{name}: {value}\n"
        for name, value in (
            ("kind", kind),
            ("url", url),
            ("speakers", ", ".join(speakers)),
            ("event", event),
        )
        if value
    )
    return f":::{{talk}} {title}\n{options}\nA description.\n:::\n"


def talk_rst(title: str, kind: str, url: str, speakers: list[str], event: str) -> str:
    options = "".join(
        f"   :{name}: {value}\n"
        for name, value in (
            ("kind", kind),
            ("url", url),
            ("speakers", ", ".join(speakers)),
            ("event", event),
        )
        if value
    )
    return f".. talk:: {title}\n{options}\n   A description.\n"


def series_myst(title: str, author: str, children: list[str], url: str) -> str:
    lines = "".join(
        f"- [PATCH {n}/{len(children)}] {child} <https://e.org/{n}>\n"
        for n, child in enumerate(children, 1)
    )
    return (
        f":::{{patch-series}} [PATCH 0/{len(children)}] {title}\n:author: {author}\n"
        + (f":url: {url}\n" if url else "")
        + f"\n{lines}:::\n"
    )


def series_rst(title: str, author: str, children: list[str], url: str) -> str:
    lines = "".join(
        f"   - [PATCH {n}/{len(children)}] {child} <https://e.org/{n}>\n"
        for n, child in enumerate(children, 1)
    )
    return (
        f".. patch-series:: [PATCH 0/{len(children)}] {title}\n   :author: {author}\n"
        + (f"   :url: {url}\n" if url else "")
        + f"\n{lines}"
    )


def shown(title: str, text: str) -> bool:
    """Every character of the title, in order, in the page's text."""
    squeeze = re.compile(r"\s+")
    return squeeze.sub(" ", title.strip()) in squeeze.sub(" ", text)


def check(build: Build, files: dict[str, str], titles: list[str]) -> None:
    html = build(files)
    strange = [line for line in warnings_of(html).splitlines() if not OUR_WARNING.search(line)]
    assert strange == []
    page = next(name for name in files if name.startswith("index"))
    soup = BeautifulSoup((html.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.select_one("div.body").get_text()
    for title in titles:
        assert shown(title, text), (title, page)
    latex = build(files, "latex")
    assert [line for line in warnings_of(latex).splitlines() if not OUR_WARNING.search(line)] == []
    assert (latex.outdir / "test.tex").read_text(encoding="utf-8")


SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: A talk and a series, the same fields in either markup.
PAGE_FIELDS = {
    "title": TITLE,
    "kind": KINDS,
    "url": URLS,
    "speakers": st.lists(PLAIN, max_size=3),
    "event": PLAIN,
    "series_title": TITLE,
    "author": PLAIN,
    "children": st.lists(TITLE, min_size=1, max_size=3),
}


@SETTINGS
@given(**PAGE_FIELDS)
def test_myst(
    build: Build,
    title: str,
    kind: str,
    url: str,
    speakers: list[str],
    event: str,
    series_title: str,
    author: str,
    children: list[str],
) -> None:
    page = (
        "# Fuzz\n\n"
        + talk_myst(title, kind, url, speakers, event)
        + "\n"
        + series_myst(series_title, author, children, url)
    )
    check(build, {"index.md": page}, [title, series_title, *children])


@SETTINGS
@given(**PAGE_FIELDS)
def test_rst(
    build: Build,
    title: str,
    kind: str,
    url: str,
    speakers: list[str],
    event: str,
    series_title: str,
    author: str,
    children: list[str],
) -> None:
    page = (
        "Fuzz\n====\n\n"
        + talk_rst(title, kind, url, speakers, event)
        + "\n"
        + series_rst(series_title, author, children, url)
    )
    check(build, {"index.rst": page}, [title, series_title, *children])
