"""Templates compiled once and kept between builds
(:mod:`sphinxcontrib_bpfnews.site.compiled_templates`): a rebuild compiles only the
templates whose source changed, and renders the changed one; the static files
rendered from templates given as text are kept compiled too, and written as Sphinx's
own loader writes them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jinja2
from sphinx.jinja2glue import BuiltinTemplateLoader

from sphinxcontrib_bpfnews.site.compiled_templates import KeepingTemplateLoader

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


def _compiling(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], list[str], SphinxTestApp]:
    """Build; the names of the template files Jinja compiled, the texts it compiled
    (the theme's static files) and the application."""
    names: list[str] = []
    texts: list[str] = []
    original = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: Any, name: Any = None, *args: Any) -> Any:
        if name is not None:
            names.append(name)
        elif isinstance(source, str):
            texts.append(source)
        return original(self, source, name, *args)

    with monkeypatch.context() as patched:
        patched.setattr(jinja2.Environment, "compile", compile)
        app = built(make_app("html", srcdir=srcdir))
    return names, texts, app


def _compiled(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Build; the names of the template files Jinja compiled."""
    return _compiling(make_app, srcdir, monkeypatch)[0]


def test_a_rebuild_compiles_only_the_templates_that_changed(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = tmp_path / "src"
    _write(srcdir, "conf.py", BASE_CONF + 'templates_path = ["_templates"]\n')
    _write(srcdir, "_templates/layout.html", LAYOUT.replace("FOOTER", "first footer"))
    _write(srcdir, "index.md", "# News\n\n```{toctree}\nissue\n```\n")
    _write(srcdir, "issue.md", f"# Issue\n\n{snippet('patch-series')}")
    first, texts, _ = _compiling(make_app, srcdir, monkeypatch)
    assert "layout.html" in first and "page.html" in first
    assert "first footer" in (srcdir / "_build/html/issue.html").read_text(encoding="utf-8")
    kept = list((srcdir / "_build/doctrees/bpfnews/templates").glob("*.cache"))
    assert len(kept) == len(set(first)) + len(set(texts))

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


STATIC_TEMPLATE = "/* {{ project }}: {{ 'one' }} */\n"


def _static_files(outdir: Path) -> dict[str, bytes]:
    static = outdir / "_static"
    return {
        path.relative_to(static).as_posix(): path.read_bytes()
        for path in sorted(static.rglob("*"))
        if path.is_file()
    }


def test_static_files_from_templates_are_compiled_once_and_written_as_sphinx_writes_them(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = tmp_path / "src"
    conf = BASE_CONF + 'html_static_path = ["_static"]\n'
    _write(srcdir, "conf.py", conf)
    _write(srcdir, "_static/custom.css_t", STATIC_TEMPLATE)
    _write(srcdir, "index.md", f"# Issue\n\n{snippet('patch-series')}")
    _, texts, app = _compiling(make_app, srcdir, monkeypatch)
    assert type(app.builder.templates) is KeepingTemplateLoader
    # The theme's own (basic.css.jinja ...) and the project's.
    assert STATIC_TEMPLATE in texts and len(texts) >= 2
    outdir = srcdir / "_build/html"
    assert (outdir / "_static/custom.css").read_text(encoding="utf-8") == "/* Test: one */"

    _write(srcdir, "index.md", f"# Issue, edited\n\n{snippet('patch-series')}")
    assert _compiling(make_app, srcdir, monkeypatch)[1] == []
    kept = _static_files(outdir)

    # The project's static template edited: compiled again, and written as it is now.
    _write(srcdir, "_static/custom.css_t", STATIC_TEMPLATE.replace("one", "two"))
    # An edit too: Sphinx 8.0 copies no static file when no source changed.
    _write(srcdir, "index.md", f"# Issue, edited again\n\n{snippet('patch-series')}")
    assert _compiling(make_app, srcdir, monkeypatch)[1] == [STATIC_TEMPLATE.replace("one", "two")]
    assert (outdir / "_static/custom.css").read_text(encoding="utf-8") == "/* Test: two */"

    # A project naming Sphinx's own loader gets it, and the same files from it.
    plain = tmp_path / "plain"
    _write(plain, "conf.py", conf + 'template_bridge = "sphinx.jinja2glue.BuiltinTemplateLoader"\n')
    _write(plain, "_static/custom.css_t", STATIC_TEMPLATE)
    _write(plain, "index.md", f"# Issue, edited\n\n{snippet('patch-series')}")
    _, texts, app = _compiling(make_app, plain, monkeypatch)
    assert type(app.builder.templates) is BuiltinTemplateLoader
    assert _static_files(plain / "_build/html") == kept
