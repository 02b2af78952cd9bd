"""The newsletter ``highlight`` and Sphinx's code-language ``highlight`` in one project."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.extension import nodes as bn

from .conftest import warnings_of
from .markup import snippet

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

RST_CODE_PAGE = """\
Code
====

.. highlight:: c
   :linenothreshold: 100

::

    int x = 1;

.. code-block::

    int y = 2;
"""


def code_languages(app: SphinxTestApp, page: str) -> list[str]:
    html = (app.outdir / page).read_text(encoding="utf-8")
    return re.findall(r'class="highlight-(\w+) notranslate"', html)


def test_both_meanings_in_one_project(build: Build) -> None:
    files = {
        "index.md": "# Issue\n\n```{toctree}\ncode\nmystcode\n```\n\n" + snippet("highlight"),
        "code.rst": RST_CODE_PAGE,
        "mystcode.md": "# Code\n\n" + snippet("code-language"),
    }
    app = build(files)
    assert warnings_of(app) == ""
    assert code_languages(app, "code.html") == ["c", "c"]
    assert code_languages(app, "mystcode.html") == ["c"]
    assert len(list(app.env.get_doctree("index").findall(bn.bpfnews_highlights))) == 1
    assert not list(app.env.get_doctree("code").findall(bn.bpfnews_highlights))


def test_code_language_option_errors_are_reported(build: Build) -> None:
    app = build({"index.rst": "T\n=\n\n.. highlight:: c\n   :linenothreshold: many\n"})
    assert "[bpfnews.option]" in warnings_of(app)
    assert "index.rst:4" in warnings_of(app)


def test_newsletter_highlight_rejects_code_options(build: Build) -> None:
    app = build({"index.md": "# T\n\n```{highlight}\n:force:\n\n- item\n```\n"})
    assert "unknown option ':force:'" in warnings_of(app)
    assert len(list(app.env.get_doctree("index").findall(bn.bpfnews_highlights))) == 1
