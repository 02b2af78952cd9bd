"""A generated page's parts are kept between builds and reused while their data is
the same (:class:`~sphinxcontrib_bpfnews.site.pages.Fragments`).

The page is still written by the builder's translator: these tests write the
indexes and the archive of a real build from nothing, from every part kept, from
some parts kept and from parts whose data changed, and expect the HTML to be what
writing them from nothing gives.
"""

from __future__ import annotations

import copy
import gc
import itertools
import weakref
from typing import TYPE_CHECKING

import pytest
from docutils import nodes
from sphinx.util.nodes import make_refnode

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.render import linker
from sphinxcontrib_bpfnews.site import indexes, output_state
from sphinxcontrib_bpfnews.site.archive import archive_pages
from sphinxcontrib_bpfnews.site.indexes import INDEX_KINDS, index_page
from sphinxcontrib_bpfnews.site.pages import (
    Fragments,
    GeneratedPage,
    _fingerprint,
    _load,
    _relative,
    render_html,
)

from .test_incremental import Project

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


@pytest.fixture
def built(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> SphinxTestApp:
    """The change-matrix project (four issues, two of them with series and talks),
    built for HTML."""
    return Project(make_app, tmp_path).build("html", "build", fresh=True)


def pages(app: SphinxTestApp) -> list[GeneratedPage]:
    domain = domain_of(app.env)
    issues = domain.issues()
    return [index_page(app, kind, domain, issues) for kind in INDEX_KINDS] + archive_pages(
        app, issues
    )


def write(app: SphinxTestApp, page: GeneratedPage, fragments: Fragments) -> str:
    return render_html(app.builder, page.title, page.content(fragments), fragments)


def test_every_part_kept_writes_the_same_page(built: SphinxTestApp) -> None:
    for page in pages(built):
        first = Fragments()
        html = write(built, page, first)
        assert first.now, page.pagename
        again = Fragments(dict(first.now))
        content = page.content(again)
        assert not any(any(True for _ in top.findall(bn.bpfnews_fragment)) for top in content), (
            page.pagename
        )
        # Kept parts side by side are one leaf.
        for top in content:
            for element in top.findall(nodes.Element):
                kinds = [type(child) for child in element.children]
                assert (bn.bpfnews_kept, bn.bpfnews_kept) not in itertools.pairwise(kinds)
        assert render_html(built.builder, page.title, content, again) == html, page.pagename
        assert again.now.keys() == first.now.keys()


def test_some_parts_kept_writes_the_same_page(built: SphinxTestApp) -> None:
    """A list whose entries are partly kept and partly made is written as one list
    made from nothing is (compact, no paragraphs in its items)."""
    for page in pages(built):
        first = Fragments()
        html = write(built, page, first)
        half = dict(list(first.now.items())[::2])
        mixed = Fragments(half)
        assert write(built, page, mixed) == html, page.pagename
        assert mixed.now.keys() == first.now.keys()


def test_the_index_without_fragments_is_the_same(built: SphinxTestApp) -> None:
    """The ``bpfnews-index`` directive writes an index with no parts kept: the same
    HTML as its generated page."""
    domain = domain_of(built.env)
    issues = domain.issues()
    for kind in INDEX_KINDS:
        page = index_page(built, kind, domain, issues)
        with_parts = write(built, page, Fragments())
        link = linker(built.builder, page.pagename)
        if kind == indexes.SERIES_INDEX:
            content = indexes.series_index_content(domain.families(), link)
        else:
            content = indexes.index_content(kind, indexes._entries(kind, domain, issues), link)
        assert render_html(built.builder, page.title, content) == with_parts, kind


def test_a_part_whose_data_changed_is_made_again(built: SphinxTestApp) -> None:
    domain = domain_of(built.env)
    issues = domain.issues()
    page = index_page(built, "authors", domain, issues)
    first = Fragments()
    write(built, page, first)
    renamed = copy.deepcopy(issues)
    position = next(i for i, issue in enumerate(issues) if domain.series_of(issue["docname"]))
    renamed[position]["title"] = "Renamed"
    renamed[position]["number"] = None
    changed = index_page(built, "authors", domain, renamed)
    fragments = Fragments(dict(first.now))
    html = write(built, changed, fragments)
    assert html == write(built, changed, Fragments())
    assert "Renamed" in html
    # The renamed issue's parts were made again; the others' were kept.
    made = {key for key, (inputs, _) in fragments.now.items() if inputs != first.now[key][0]}
    assert made
    assert all(key.endswith("/" + issues[position]["docname"]) for key in made)
    assert len(made) < len(fragments.now)


def test_the_pages_of_one_build_write_each_entry_once(built: SphinxTestApp) -> None:
    """A series' entry is the same on the authors', trees' and subsystems' pages (a
    talk's on the speakers' and events'): once one page of a build wrote it, the
    others copy it, and come out as each page written alone. Within one page, an
    entry under two names (a talk's two speakers) is made once and copied."""
    domain = domain_of(built.env)
    issues = domain.issues()
    common: dict[tuple[str, object], str] = {}
    made: set[object] = set()
    shown = made_count = copies = 0
    for kind in INDEX_KINDS:
        if kind == indexes.SERIES_INDEX:
            continue
        page = index_page(built, kind, domain, issues)
        fragments = Fragments(None, "archive", common)
        content = page.content(fragments)
        pieces = [n for top in content for n in top.findall(bn.bpfnews_fragment) if "common" in n]
        here = {piece["common"] for piece in pieces}
        assert len(here) == len(pieces), kind
        assert not here & made, kind
        copies += sum(1 for top in content for n in top.findall(bn.bpfnews_kept) if "copy_of" in n)
        made |= here
        made_count += len(pieces)
        shown += len(list(indexes._entries(kind, domain, issues)))
        html = render_html(built.builder, page.title, content, fragments)
        assert html == write(built, page, Fragments()), kind
    assert 0 < made_count < shown
    assert copies  # the fixture's talk by two speakers


def test_a_piece_shown_again_before_its_first_place_is_written_as_it(
    built: SphinxTestApp,
) -> None:
    """A copy of a piece is written from the piece's HTML, or, when a page puts the
    copy first, from the piece's nodes: either way as the piece made twice."""

    def make() -> list[nodes.Node]:
        return [nodes.paragraph("", "", nodes.strong("", "piece"))]

    fragments = Fragments()
    first, again = fragments.pieces([(("a piece",), make), (("a piece",), make)])
    assert isinstance(again, bn.bpfnews_kept)
    expected = render_html(built.builder, "Page", [*make(), *make()])
    assert render_html(built.builder, "Page", [first, again], fragments) == expected
    fragments = Fragments()
    first, again = fragments.pieces([(("a piece",), make), (("a piece",), make)])
    assert render_html(built.builder, "Page", [again, first], fragments) == expected
    # Once written, pieces shown again side by side are one leaf.
    [copies] = fragments.pieces([(("a piece",), make), (("a piece",), make)])
    assert render_html(built.builder, "Page", [copies]) == expected


def test_a_pages_nodes_are_freed_once_it_is_written(built: SphinxTestApp) -> None:
    """Every node of a written page is freed at once, by reference counting, the
    pieces it shows too: none waits for the collector, which would walk them all."""
    for page in pages(built):
        fragments = Fragments(None, "archive", {})
        content = page.content(fragments)
        made = [weakref.ref(node) for top in content for node in top.findall()]
        gc.disable()
        try:
            render_html(built.builder, page.title, content, fragments)
            del content
            alive = [ref() for ref in made if ref() is not None]
        finally:
            gc.enable()
        assert alive == [], page.pagename


def test_a_build_keeps_every_pages_parts_for_the_next(built: SphinxTestApp) -> None:
    """What a build keeps of each generated page (written as plain data, see
    ``pages._save``) reads back as the parts that writing the page makes: a page
    whose parts could not be kept would be made whole on every build."""
    settings = output_state.settings_fingerprint(built)
    for page in pages(built):
        name = _relative(built, page.pagename)
        kept = _load(built, name, settings, {})
        made = Fragments()
        write(built, page, made)
        assert made.now, page.pagename
        assert kept.now == {}
        kept.parts((key, inputs, list) for key, (inputs, _) in made.now.items())
        assert kept.now == made.now, page.pagename


def test_equal_sources_give_one_fingerprint_whatever_objects_they_share() -> None:
    """A page's sources after an incremental build share objects differently from a
    fresh build's (records loaded from the environment, strings made anew): equal
    data must still give the fingerprint the page was last written with."""
    name = "".join(["Mickaël ", "Salaün"])
    shared = [name, name, (name, 1, None, True)]
    apart = [copy.copy("Mickaël Salaün"), "Mickaël Salaün", ("Mickaël Salaün", 1, None, True)]
    assert shared[0] is shared[1] and apart[0] is not name
    assert _fingerprint(shared) == _fingerprint(apart)
    assert _fingerprint(shared)[0] != _fingerprint([name, name, (name, 2, None, True)])[0]
    # True and 1, a tuple and a list: shown differently, so told apart.
    assert _fingerprint([True])[0] != _fingerprint([1])[0]


def test_sources_marshal_cannot_write_are_fingerprinted_as_text() -> None:
    class Label:
        def __str__(self) -> str:
            return "Issue 11"

    assert _fingerprint([Label()]) == _fingerprint([Label()])
    assert _fingerprint([Label()])[0] != _fingerprint(["Issue 12"])[0]


def test_links_are_the_nodes_sphinx_makes(built: SphinxTestApp) -> None:
    """The linker asks for each page's address once, and makes the node Sphinx's
    ``make_refnode`` makes: on its own page a reference to the id, elsewhere to the
    page's address with the anchor, or to the page alone."""
    docnames = sorted(built.env.found_docs)
    for page in docnames[:2]:
        link = linker(built.builder, page)
        for docname in docnames:
            for anchor in ("entry", ""):
                for twice in range(2):  # the second from the kept address
                    made = link(docname, anchor, [nodes.Text("title")])
                    expected = make_refnode(
                        built.builder, page, docname, anchor, [nodes.Text("title")]
                    )
                    assert isinstance(made, type(expected)), (page, docname, anchor)
                    assert made.attributes == expected.attributes, (page, docname, anchor, twice)
                    assert made.pformat() == expected.pformat().replace(
                        "<reference", f"<{made.tagname}", 1
                    )


#: Links as the newsletter makes them, and ones its HTML visitor leaves to Sphinx.
LINKS: list[dict[str, object]] = [
    {"refuri": "https://patchwork.ozlabs.org/patch/1/", "classes": ["bpfnews-title"]},
    {"refuri": "https://lore.kernel.org/r/a&b@c", "classes": []},
    {"refuri": "../issues/issue-0001.html#series-x", "internal": True},
    {"refuri": "archive.html", "internal": True, "classes": ["bpfnews-all-revisions"]},
    {"refid": "authors-mickael-salaun", "internal": True},
    {"refuri": "", "internal": True},
    {"refuri": "", "refid": "entry"},
    {"refuri": "../archive.html", "internal": True, "classes": ["reference", "bpfnews-title"]},
    {"refuri": "mailto:editor@example.org", "classes": ["bpfnews-title"]},
    {"refuri": "https://example.org/", "ids": ["here"]},
    {"refuri": "https://example.org/", "reftitle": "A title"},
    {"refuri": "https://example.org/", "target": "_blank"},
]


@pytest.mark.parametrize("attributes", LINKS)
@pytest.mark.parametrize("in_line", [True, False])
def test_html_of_a_link_is_sphinxs(
    built: SphinxTestApp, attributes: dict[str, object], in_line: bool
) -> None:
    """A newsletter link is written as Sphinx writes the same ``reference``, whether
    the HTML visitor writes its tag itself (a plain one in a line) or leaves it to
    Sphinx (a mail address, an id, a title, a target, a link outside a line)."""

    def html_of(cls: type[nodes.reference]) -> str:
        # Outside a line, Sphinx expects a link to hold an image alone.
        shown = nodes.Text("v2 & more") if in_line else nodes.image(uri="logo.png", alt="v2")
        link = bn.with_children(cls(), [shown])
        link.attributes.update(copy.deepcopy(attributes))
        content: list[nodes.Node] = [nodes.paragraph("", "", link)] if in_line else [link]
        return render_html(built.builder, "Links", content)

    made = html_of(bn.bpfnews_link)
    assert made == html_of(nodes.reference)
    assert ("v2 &amp; more</a>" if in_line else "</a>") in made
