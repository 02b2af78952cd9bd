"""Docutils node classes for the newsletter components.

Each class subclasses the nearest standard docutils node, so every Sphinx writer
can render it through the class hierarchy (a series is a ``container`` to the
text, man or XML writers); the HTML and LaTeX writers get their own visitors in
:mod:`sphinxcontrib_bpfnews.writers` to give the components a designed look.
Class names carry the ``bpfnews_`` prefix because writers look visitors up by class
name (``visit_bpfnews_series``), and docutils already has a ``line`` node.

The classes keep docutils' constructor signature (``deepcopy`` relies on it); the
factory functions below fill in the attributes: ``part`` names the component or
line (``series``, ``talk-meta`` ...) and writers map it to CSS classes and LaTeX
environments, so the two formats stay in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Iterable

_Block = TypeVar("_Block", bound="bpfnews_block")


class bpfnews_block(nodes.container):
    """A component or a region inside one; ``part`` says which."""


class bpfnews_series(bpfnews_block):
    """One ``patch-series`` directive."""


class bpfnews_talk(bpfnews_block):
    """One ``talk`` directive."""


class bpfnews_highlights(bpfnews_block):
    """One newsletter ``highlight`` directive."""


class bpfnews_line(nodes.paragraph):
    """A line of data (a header, a meta line, a box title): never smart-quoted.

    ``url``, when set, is the line's link address: the PDF and plain text print it
    at the end of the line, since a reader of paper cannot follow the link; HTML,
    man pages and Texinfo make it reachable themselves.
    """


class bpfnews_badge(nodes.inline):
    """A small label: a tree, a version, RFC, a counter, a talk's kind."""


class bpfnews_text(nodes.inline):
    """A run of plain text in a span of its own class (a separator, an author, an
    issue's number): an ``inline`` to every writer, which the HTML writer writes
    in one step. Index and issue pages hold tens of thousands of these; walked as
    an inline around a text node, each would cost two visits and a start tag built
    attribute by attribute."""


class bpfnews_patch_counter(bpfnews_badge):
    """A child patch's ``N/M``, which the PDF sets as a hanging label."""


class bpfnews_patch_list(nodes.bullet_list):
    """The child patches of a series, in the order the author wrote them."""


class bpfnews_patch(nodes.list_item):
    """One child patch."""


class bpfnews_link(nodes.reference):
    """A link the newsletter makes: an entry's title to its address, an index page's
    link to an entry. Sphinx's ``reference`` to every writer; the HTML writer writes
    the opening tag of a plain one in one step (:mod:`.writers.html`), as the lines
    of an archive's pages hold thousands."""


class bpfnews_commit_hash(nodes.literal):
    """A cited commit's hash (:mod:`.commits`): code to HTML and LaTeX, plain to text,
    man and Texinfo, which would put quotes around code, as the kernel never does."""


class bpfnews_deferred(nodes.General, nodes.Element):
    """A component's data lines (a series' header and patches, a talk's header and
    meta line), held as its model object until the page is written.

    Pages of an archive hold hundreds of these lines, and Sphinx keeps every page
    read in a build in memory and runs each of its passes over every node; a line
    that stays one small node until a writer reaches it (:mod:`.writers.expand`)
    costs neither.
    """


class bpfnews_fragment(nodes.General, nodes.Element):
    """A part of a generated page whose HTML is kept from one build to the next
    (:class:`.site.pages.Fragments`): written as its children are; the HTML writer
    leaves what they became in ``html``. ``key`` names the part on its page and
    ``inputs`` holds the plain data it was made from."""


class bpfnews_kept(nodes.General, nodes.Element):
    """A part of a generated page whose data did not change: the HTML it had in the
    last build (``html``), written as it is. A new issue leaves thousands of parts
    of an index page as they were; one leaf each, with no text node to make and
    walk, keeps such a page cheap to write again. Also a piece the page shows
    twice: its second place, written as the first (``copy_of``) was."""


class bpfnews_index_placeholder(nodes.container):
    """Where a ``bpfnews-index`` directive's index goes; filled in when the page is
    written, from every issue's records (so it is never stale)."""


class bpfnews_revisions_placeholder(nodes.General, nodes.Element):
    """Where a series' links to its revisions in other issues go: ``docname`` and
    ``anchor`` say which entry it is (plain data, never another page's); replaced
    when the page is written, from every issue's records (:mod:`.revisions`), or
    removed when the series has no revision elsewhere."""


class bpfnews_issues_placeholder(nodes.container):
    """Where a ``bpfnews-issues`` directive puts every issue in the PDF; replaced
    with them, or with nothing in other outputs, when the page is written
    (:mod:`.site.issue_chapters`)."""


class bpfnews_index(addnodes.index):
    """A series' or talk's general index entries.

    ``entries`` are Sphinx's, with each level's text as a reader sees it; ``markup``
    holds each entry's levels as written, code spans in backticks, for the LaTeX
    writer (:mod:`.writers.latex_index`). Every other writer renders the node as
    Sphinx's ``index``.
    """


_Element = TypeVar("_Element", bound=nodes.Element)


def with_children(element: _Element, children: Iterable[nodes.Node]) -> _Element:
    """``element``, made just now, with ``children``: what docutils' constructor
    does for an element not yet in a document, without asking it for its document
    once for each child. docutils' answer walks up to the top of the tree and fails
    there with an exception, which was some 30 % of making an index entry or a
    patch line; the element is in no document, so there is nothing else to do."""
    assert element.parent is None
    for child in children:
        child.parent = element
        element.children.append(child)
    return element


def let_go(roots: Iterable[nodes.Node], found: type[_Element] | None = None) -> list[_Element]:
    """Unlink every node of the trees under ``roots`` from its parent; the nodes of
    class ``found`` met on the way, in document order.

    Without those links a tree written and dropped holds no cycle, so Python frees
    it at once instead of leaving it to the collector, which the thousands of nodes
    of a page's series lines or of an index page would otherwise keep busy. A loop
    of its own rather than ``findall``: it reaches them in a quarter less time."""
    met: list[_Element] = []
    stack = list(roots)
    stack.reverse()
    while stack:
        node = stack.pop()
        node.parent = None
        if found is not None and isinstance(node, found):
            met.append(node)
        if node.children:
            stack.extend(reversed(node.children))
    return met


def make_block(cls: type[_Block], part: str, *children: nodes.Node) -> _Block:
    """A block (or subclass) for ``part`` with its ``bpfnews-<part>`` class."""
    return with_children(cls("", part=part, classes=[f"bpfnews-{part}"]), children)


def make_line(part: str, *children: nodes.Node, url: str = "") -> bpfnews_line:
    """A data line for ``part``; smart quotes are off because subjects are data."""
    line = bpfnews_line("", part=part, classes=[f"bpfnews-{part}"], support_smartquotes=False)
    if url:
        line["url"] = url
    return with_children(line, _merged(children))


def _merged(children: tuple[nodes.Node, ...]) -> list[nodes.Node]:
    """Adjacent text nodes as one: pages of long series are large, and every node
    costs each of Sphinx's passes over the document."""
    result: list[nodes.Node] = []
    for child in children:
        if result and isinstance(child, nodes.Text) and isinstance(result[-1], nodes.Text):
            result[-1] = nodes.Text(result[-1].astext() + child.astext())
        else:
            result.append(child)
    return result


def make_link(children: Iterable[nodes.Node], **attributes: Any) -> bpfnews_link:
    """A link holding ``children``, its ``attributes`` those of a ``reference``
    (``refuri`` or ``refid``, ``internal``, ``classes``)."""
    return with_children(bpfnews_link("", **attributes), children)


def make_text(text: str, cls: str) -> bpfnews_text:
    """``text`` in a span of class ``cls``."""
    return with_children(bpfnews_text(text, classes=[cls]), [nodes.Text(text)])


def make_badge(kind: str, label: str, cls: type[bpfnews_badge] = bpfnews_badge) -> bpfnews_badge:
    """A badge of ``kind`` showing ``label``."""
    badge = cls(label, kind=kind, classes=["bpfnews-badge", f"bpfnews-badge-{kind}"])
    return with_children(badge, [nodes.Text(label)])
