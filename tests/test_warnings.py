"""Bad input: a typed warning with file and line, the build goes on, nothing vanishes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from sphinxcontrib_bpfnews.extension import nodes as bn

from .commands import sphinx_build
from .conftest import BASE_CONF, warnings_of
from .doctrees import written_doctree
from .markup import MARKUPS, directive, file_name, page, role

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]


def problems_page(markup: str) -> str:
    """A page with one of each problem an author makes; the fence problem only
    exists in Markdown, and the reStructuredText page uses the domain's highlight."""
    blocks = [
        directive(
            markup,
            "patch-series",
            options=[("author", "Nobody")],
            body="- [PATCH 1/2] a: first <https://e.org/1>\n"
            "- this line is not a patch\n"
            "- [PATCH 2/2] b: second <https://e.org/2>",
        ),
        directive(
            markup,
            "talk",
            "A talk",
            [("kind", "keynote"), ("date", "11 Sep 2017"), ("colour", "blue")],
            "Kept description.",
        ),
        directive(markup, "talk"),
        directive(markup, "highlight" if markup == "myst" else "bpfnews:highlight"),
    ]
    if markup == "myst":
        blocks.append(directive(markup, "patch-series", "[PATCH] bpf: add `x`"))
    return page(markup, "Issue", *blocks)


# (line, subtype) per markup; the fence problem only exists in Markdown.
EXPECTED = {
    "myst": [
        (3, "argument"),
        (7, "patch"),
        (11, "option"),
        (11, "kind"),
        (11, "date"),
        (19, "empty"),
        (22, "empty"),
        (25, "fence"),
    ],
    "rst": [
        (4, "argument"),
        (8, "patch"),
        (11, "option"),
        (11, "kind"),
        (11, "date"),
        (18, "empty"),
        (20, "empty"),
    ],
}


def parse_warnings(text: str) -> list[tuple[str, int, str]]:
    found = []
    for line in text.splitlines():
        location, _, rest = line.partition(": WARNING: ")
        path, _, number = location.rpartition(":")
        found.append((path.rsplit("/", 1)[-1], int(number), rest.rsplit("[", 1)[-1].rstrip("]")))
    return found


@pytest.mark.parametrize("markup", MARKUPS)
def test_each_problem_is_one_typed_warning_at_its_line(build: Build, markup: str) -> None:
    name = file_name(markup)
    app = build({name: problems_page(markup)})
    found = parse_warnings(warnings_of(app))
    assert sorted(found) == sorted(
        (name, line, f"bpfnews.{subtype}") for line, subtype in EXPECTED[markup]
    )


@pytest.mark.parametrize("markup", MARKUPS)
def test_nothing_the_author_wrote_disappears(build: Build, markup: str) -> None:
    app = build({file_name(markup): problems_page(markup)})
    tree = written_doctree(app)
    series = next(tree.findall(bn.bpfnews_series))
    assert "Nobody" in series.astext()
    assert "this line is not a patch" in series.astext()
    assert len(list(series.findall(bn.bpfnews_patch))) == 3
    talk = next(tree.findall(bn.bpfnews_talk))
    assert "A talk" in talk.astext() and "Kept description." in talk.astext()
    assert "11 Sep 2017" in talk.astext()
    assert not list(tree.findall(nodes.system_message))


def test_warnings_can_be_silenced_by_type(build: Build) -> None:
    app = build(
        {"index.md": problems_page("myst")},
        conf='suppress_warnings = ["bpfnews.kind", "bpfnews.date", "bpfnews.fence"]\n',
    )
    subtypes = {subtype for *_, subtype in parse_warnings(warnings_of(app))}
    assert subtypes == {"bpfnews.argument", "bpfnews.patch", "bpfnews.option", "bpfnews.empty"}


def test_warnings_are_fatal_under_W(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(BASE_CONF)
    (tmp_path / "index.md").write_text("# T\n\n```{talk} X\n:kind: keynote\n```\n")
    result = sphinx_build("-W", "-q", "-b", "html", tmp_path, tmp_path / "_build")
    assert result.returncode != 0
    assert "[bpfnews.kind]" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_keeps_the_rest_of_the_block_in_rst(build: Build) -> None:
    app = build(
        {
            "index.rst": "T\n=\n\n.. patch-series:: [PATCH] x: y\n   :reviewer: Z\n\n"
            "   - [PATCH 1/1] x: z <https://e.org>\n"
        }
    )
    assert "docutils" not in warnings_of(app).lower()
    assert "unknown option ':reviewer:'" in warnings_of(app)
    assert len(list(written_doctree(app).findall(bn.bpfnews_patch))) == 1


def links_page(markup: str) -> str:
    """A talk's name, linked as written, mistyped, and one nothing has."""
    return page(
        markup,
        "Issue",
        directive(markup, "talk", "A talk", [("name", "a-talk")]),
        f"See {role(markup, 'bpfnews:talk', 'a-talk')}.\n",
        f"A typo: {role(markup, 'bpfnews:talk', 'a-tlak')}.\n",
        f"A name nothing has: {role(markup, 'bpfnews:series', 'the fix <no-such-series>')}.\n",
    )


@pytest.mark.parametrize("markup", MARKUPS)
@pytest.mark.parametrize("nitpicky", [False, True])
def test_a_link_to_a_name_nothing_has_warns_without_n(
    build: Build, markup: str, *, nitpicky: bool
) -> None:
    """Like a missing ``{ref}``: a warning of our type with or without ``-n``."""
    name = file_name(markup)
    app = build({name: links_page(markup)}, conf=f"nitpicky = {nitpicky}\n")
    assert parse_warnings(warnings_of(app)) == [
        (name, 9, "bpfnews.ref"),
        (name, 11, "bpfnews.ref"),
    ]
    assert "no talk has ':name: a-tlak'" in warnings_of(app)
    assert "did you mean 'a-talk'?" in warnings_of(app)
    assert "no patch series has ':name: no-such-series'" in warnings_of(app)
    text = written_doctree(app).astext()
    assert "a-tlak" in text and "the fix" in text  # shown as text
    # Plain text, as for a missing {ref}: not code, and not styled as the series
    # block whose class Sphinx also gives it.
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    (dangling,) = [e for e in page.select(".xref") if e.get_text() == "the fix"]
    assert dangling.name == "span"
    assert not page.select("code.xref")
    css = (app.outdir / "_static" / "bpfnews.css").read_text(encoding="utf-8")
    rules = re.findall(r"(?m)^([^{}@/*][^{}]*)\{", css)
    assert not [r for r in rules if re.search(r"(^|[\s,>])\.bpfnews-(series|talk)\b(?!-)", r)]


def empty_urls_page(markup: str) -> str:
    return page(
        markup,
        "Issue",
        directive(markup, "patch-series", "[PATCH] bpf: a patch", [("url", "")]),
        directive(markup, "talk", "A talk", [("url", "")]),
    )


@pytest.mark.parametrize(("markup", "lines"), [("myst", [3, 7]), ("rst", [4, 7])])
def test_an_empty_url_warns(build: Build, markup: str, lines: list[int]) -> None:
    name = file_name(markup)
    app = build({name: empty_urls_page(markup)})
    assert parse_warnings(warnings_of(app)) == [(name, line, "bpfnews.option") for line in lines]
    assert warnings_of(app).count("':url:' is empty") == 2
