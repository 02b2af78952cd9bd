"""The extension's own walk of series lines and generated pages visits what docutils'
``walkabout`` visits, in the same order, and so writes the same pages."""

from __future__ import annotations

import warnings
import weakref
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from docutils import nodes
from docutils.frontend import OptionParser
from docutils.utils import new_document
from sphinx.util.docutils import SphinxTranslator
from sphinx.writers.latex import LaTeXWriter
from sphinx.writers.text import TextWriter

from sphinxcontrib_bpfnews.site import pages as site_pages
from sphinxcontrib_bpfnews.site.pages import Fragments, render_html
from sphinxcontrib_bpfnews.writers import traversal

from .conftest import SNIPPETS
from .test_fragments import pages
from .test_incremental import Project
from .test_site import issue, site_files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


class _leaf(nodes.Inline, nodes.TextElement):
    """A node only these tests' visitors know."""


class _found_by_base(_leaf):
    """A node whose visitor is its base class's."""


class _unknown(nodes.Inline, nodes.TextElement):
    """A node no visitor knows."""


def _name(node: nodes.Node) -> str:
    return node.get("name", "") if isinstance(node, nodes.Element) else node.astext()


class Recording(SphinxTranslator):
    """Records each visit and departure; a node whose ``raise`` attribute names one of
    docutils' traversal exceptions has its visitor raise it."""

    def __init__(self, document: nodes.document, builder: Any) -> None:
        super().__init__(document, builder)
        self.calls: list[str] = []

    def _visit(self, node: nodes.Node) -> None:
        self.calls.append(f"visit {node.__class__.__name__} {_name(node)}")
        if isinstance(node, nodes.Element) and node.get("raise"):
            raise getattr(nodes, node["raise"])

    def _depart(self, node: nodes.Node) -> None:
        self.calls.append(f"depart {node.__class__.__name__} {_name(node)}")

    visit_paragraph = visit_inline = visit_Text = visit__leaf = _visit
    depart_paragraph = depart_inline = depart_Text = depart__leaf = _depart
    # Sphinx goes on to the base class's visitor where a class's is None.
    visit__found_by_base = None

    def unknown_visit(self, node: nodes.Node) -> None:
        self.calls.append(f"unknown {node.__class__.__name__}")

    def unknown_departure(self, node: nodes.Node) -> None:
        self.calls.append(f"unknown departure {node.__class__.__name__}")


class OwnDispatch(Recording):
    """A translator that dispatches in its own way."""

    def dispatch_visit(self, node: nodes.Node) -> None:
        self.calls.append("own dispatch")
        super().dispatch_visit(node)


def tree(raised: str, where: str) -> nodes.document:
    """A paragraph of inlines, the node named ``where`` raising ``raised``."""
    document = new_document("<test>")

    def element(cls: type[nodes.Element], name: str, *children: nodes.Node) -> nodes.Element:
        node = cls("", "", *children, name=name)
        if name == where:
            node["raise"] = raised
        return node

    document += element(
        nodes.paragraph,
        "para",
        element(nodes.inline, "first", nodes.Text("a"), element(_leaf, "leaf", nodes.Text("b"))),
        element(nodes.inline, "second", element(_found_by_base, "base", nodes.Text("c"))),
        element(_unknown, "unknown", nodes.Text("d")),
        element(nodes.inline, "third", nodes.Text("e")),
    )
    document += element(nodes.paragraph, "after", nodes.Text("f"))
    return document


RAISED = ["", "SkipNode", "SkipDeparture", "SkipChildren", "SkipSiblings", "StopTraversal"]
PLACES = ["para", "first", "leaf", "base", "third", "after"]


def _builder() -> Any:
    """What Sphinx's translator reads of a builder."""
    return SimpleNamespace(config=None, env=SimpleNamespace(domains=None))


@pytest.mark.parametrize("translator", [Recording, OwnDispatch])
@pytest.mark.parametrize("raised", RAISED)
@pytest.mark.parametrize("where", PLACES)
def test_the_walk_visits_as_docutils_does(
    translator: type[Recording], raised: str, where: str
) -> None:
    document = tree(raised, where)
    expected, walked = translator(document, _builder()), translator(document, _builder())
    stopped = document.walkabout(expected)
    assert traversal.walkabout(document, walked) == stopped
    assert walked.calls == expected.calls
    # The calls name every node, with the unknown one and the one found by its base.
    if not raised:
        assert "unknown _unknown" in walked.calls
        assert "visit _found_by_base base" in walked.calls
        handled = [call for call in walked.calls if call != "own dispatch"]
        assert len(handled) == 2 * len(list(document.findall()))
    if translator is OwnDispatch:
        assert "own dispatch" in walked.calls


@pytest.mark.parametrize("translator", [Recording, OwnDispatch])
def test_a_translator_is_freed_once_it_is_done(translator: type[Recording]) -> None:
    """What the walk keeps of a translator holds no reference to it: the translator,
    and the page it wrote, go as soon as the writer lets go of them."""
    document = tree("", "")
    walked = translator(document, _builder())
    traversal.walkabout(document, walked)
    assert walked.calls
    gone = weakref.ref(walked)
    del walked
    assert gone() is None


def test_the_walk_is_docutils_own_while_its_debug_log_is_on() -> None:
    document = tree("", "")
    document.reporter.debug_flag = True
    messages: list[str] = []
    document.reporter.attach_observer(lambda message: messages.append(message.astext()))
    traversal.walkabout(document, Recording(document, _builder()))
    assert any("walkabout calling dispatch_visit" in text for text in messages)


#: An issue with every kind of entry the documentation shows.
EVERY_ENTRY = issue(
    "Every Entry",
    "2017-09-25",
    issue="4",
    body="".join(
        (SNIPPETS / "myst" / name).read_text(encoding="utf-8") + "\n"
        for name in sorted(p.name for p in (SNIPPETS / "myst").glob("*.md"))
    )
    + "\n:::{patch-series} [PATCH bpf-next v2 0/2] bpf: refused\n"
    + ":author: Someone\n:url: javascript:alert(1)\n\n"
    + "- [PATCH bpf-next v2 1/2] bpf: one <https://patchwork.ozlabs.org/patch/9/>\n:::\n",
)
#: A later revision of a series of the issue above.
LATER = issue(
    "Later",
    "2017-10-02",
    issue="5",
    body=":::{patch-series} [PATCH bpf-next v3 0/2] bpf: Check the size of map values\n"
    ":author: A. Developer\n:url: https://lore.kernel.org/bpf/v3@example.org/\n:::\n",
)


def _project(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Project:
    files = site_files() | {"issues/every.md": EVERY_ENTRY, "issues/later.md": LATER}
    return Project(make_app, tmp_path, files=files, base={})


@pytest.fixture(params=["html", "text", "latex"])
def written(
    request: pytest.FixtureRequest, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> Iterator[SphinxTestApp]:
    """The project built by the builder named, still set up: docutils knows the
    newsletter's nodes until the application is cleaned up."""
    project = _project(make_app, tmp_path)
    app = make_app(request.param, srcdir=project.srcdir, builddir=tmp_path / "build")
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def _settings(builder: Any) -> Any:
    """The settings the builder's writer gives a page it writes."""
    if builder.name == "html":
        return builder.docsettings
    writer = TextWriter(builder) if builder.name == "text" else LaTeXWriter(builder)
    with warnings.catch_warnings():  # docutils' OptionParser, as Sphinx's builders use it
        warnings.simplefilter("ignore", DeprecationWarning)
        return OptionParser(
            defaults=builder.env.settings, components=(writer,), read_config_files=True
        ).get_default_values()


def _translated(app: SphinxTestApp, docname: str) -> str:
    """The page's body as the builder's translator writes it."""
    builder: Any = app.builder
    with warnings.catch_warnings():  # Sphinx 9 would have the builder's tags passed
        warnings.simplefilter("ignore")
        doctree = app.env.get_and_resolve_doctree(docname, builder)
    doctree.settings = _settings(builder)
    if builder.name == "latex":
        doctree.settings.docname = docname
        doctree.settings.docclass = "manual"
        translator = builder.create_translator(doctree, builder, builder.themes.get("manual"))
    else:
        translator = builder.create_translator(doctree, builder)
    doctree.walkabout(translator)
    body = translator.body
    return "".join(body) if isinstance(body, list) else str(body)


def test_pages_are_written_as_when_docutils_walks_the_lines(
    written: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    issues = ["issues/one", "issues/two", "issues/every", "issues/later"]
    walked = {docname: _translated(written, docname) for docname in issues}
    with monkeypatch.context() as patched:
        _walked_by_docutils(patched)
        by_docutils = {docname: _translated(written, docname) for docname in issues}
    assert walked == by_docutils
    for shown in ("Jane Doe", "bpf_map_frob", "javascript:alert(1)", "Check the size", "v3"):
        assert shown in walked["issues/every"], shown


def _docutils_walkabout(node: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
    return node.walkabout(visitor)


def _walked_by_docutils(patched: pytest.MonkeyPatch) -> None:
    """Have the extension's walk hand every tree to docutils' own, for comparison."""
    patched.setattr(traversal, "walkabout", _docutils_walkabout)
    patched.setattr(site_pages, "walkabout", _docutils_walkabout)


def test_generated_pages_are_written_as_docutils_walks_them(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _project(make_app, tmp_path).build("html", "build", fresh=True)
    made = pages(app)
    assert len(made) == 10, [page.pagename for page in made]
    for page in made:
        ours = render_html(app.builder, page.title, page.content(Fragments()))
        with monkeypatch.context() as patched:
            _walked_by_docutils(patched)
            by_docutils = render_html(app.builder, page.title, page.content(Fragments()))
        assert ours == by_docutils
