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

from typing import TypeVar

from docutils import nodes

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
    """A line of data (a header, a meta line, a box title): never smart-quoted."""


class bpfnews_badge(nodes.inline):
    """A small label: a tree, a version, RFC, a counter, a talk's kind."""


class bpfnews_patch_counter(bpfnews_badge):
    """A child patch's ``N/M``, which the PDF sets as a hanging label."""


class bpfnews_patch_list(nodes.bullet_list):
    """The child patches of a series, in the order the author wrote them."""


class bpfnews_patch(nodes.list_item):
    """One child patch."""


class bpfnews_url_note(nodes.inline):
    """A link's address spelled out, for formats where links cannot be followed.

    HTML, man and Texinfo already make the address reachable and skip it; the PDF
    and plain text print it so a printed newsletter keeps every address.
    """


def make_block(cls: type[_Block], part: str, *children: nodes.Node) -> _Block:
    """A block (or subclass) for ``part`` with its ``bpfnews-<part>`` class."""
    return cls("", *children, part=part, classes=[f"bpfnews-{part}"])


def make_line(part: str, *children: nodes.Node) -> bpfnews_line:
    """A data line for ``part``; smart quotes are off because subjects are data."""
    return bpfnews_line(
        "", "", *children, part=part, classes=[f"bpfnews-{part}"], support_smartquotes=False
    )


def make_badge(kind: str, label: str, cls: type[bpfnews_badge] = bpfnews_badge) -> bpfnews_badge:
    """A badge of ``kind`` showing ``label``."""
    return cls(label, label, kind=kind, classes=["bpfnews-badge", f"bpfnews-badge-{kind}"])


def make_url_note(url: str) -> bpfnews_url_note:
    """The printed address of ``url``."""
    return bpfnews_url_note("", "", nodes.reference(url, url, refuri=url), classes=["bpfnews-url"])


class bpfnews_index_placeholder(nodes.container):
    """Where a ``bpfnews-index`` directive's index goes; filled in when the page is
    written, from every issue's records (so it is never stale)."""
