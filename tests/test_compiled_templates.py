"""Templates compiled once and kept between builds
(:mod:`sphinxcontrib_bpfnews.site.compiled_templates`): a rebuild compiles only the
templates whose source changed, and renders the changed one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jinja2

from .conftest import BASE_CONF, built
from .markup import snippet

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest
    from sphinx.testing.util import SphinxTestApp

LAYOUT = '{% extends "!layout.html" %}\n{% block footer %}<p>FOOTER</p>{% endblock %}\n'


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _compiled(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Build; the names of the template files Jinja compiled (not the strings Sphinx
    renders as static files, which have no file to be kept with)."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: Any, name: Any = None, *args: Any) -> Any:
        if name is not None:
            names.append(name)
        return original(self, source, name, *args)

    with monkeypatch.context() as patched:
        patched.setattr(jinja2.Environment, "compile", compile)
        built(make_app("html", srcdir=srcdir))
    return names


def test_a_rebuild_compiles_only_the_templates_that_changed(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = tmp_path / "src"
    _write(srcdir, "conf.py", BASE_CONF + 'templates_path = ["_templates"]\n')
    _write(srcdir, "_templates/layout.html", LAYOUT.replace("FOOTER", "first footer"))
    _write(srcdir, "index.md", "# News\n\n```{toctree}\nissue\n```\n")
    _write(srcdir, "issue.md", f"# Issue\n\n{snippet('patch-series')}")
    first = _compiled(make_app, srcdir, monkeypatch)
    assert "layout.html" in first and "page.html" in first
    assert "first footer" in (srcdir / "_build/html/issue.html").read_text(encoding="utf-8")
    kept = list((srcdir / "_build/doctrees/bpfnews/templates").glob("*.cache"))
    assert len(kept) == len(set(first))

    _write(srcdir, "issue.md", f"# Issue, edited\n\n{snippet('patch-series')}")
    assert _compiled(make_app, srcdir, monkeypatch) == []

    _write(srcdir, "_templates/layout.html", LAYOUT.replace("FOOTER", "second footer"))
    assert _compiled(make_app, srcdir, monkeypatch) == ["layout.html"]
    page = (srcdir / "_build/html/issue.html").read_text(encoding="utf-8")
    assert "second footer" in page and "first footer" not in page

    # A setting that shapes the compiled code, changed by a project's extension:
    # every template is compiled again (those of the pages this build writes).
    trim = (
        "\ndef setup(app):\n"
        '    app.connect("builder-inited", lambda app: setattr('
        'app.builder.templates.environment, "trim_blocks", True))\n'
    )
    _write(srcdir, "conf.py", BASE_CONF + 'templates_path = ["_templates"]\n' + trim)
    # An edit too: Sphinx 8.0 writes no page at all when no source changed.
    _write(srcdir, "issue.md", f"# Issue, edited again\n\n{snippet('patch-series')}")
    again = _compiled(make_app, srcdir, monkeypatch)
    assert {"layout.html", "!layout.html", "page.html"} <= set(again)
