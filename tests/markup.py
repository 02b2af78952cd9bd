"""Test pages written once, in either markup: MyST Markdown or reStructuredText.

A test that holds in both markups builds its page with these helpers and is
parametrized by :data:`MARKUPS`, so the two pages differ only where the markups do:
the title's underline, a directive's fence or indentation, a role's colons. Line
numbers follow: a reStructuredText page has one line more, its title's underline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conftest import SNIPPETS

if TYPE_CHECKING:
    from collections.abc import Iterable

MARKUPS = ("myst", "rst")


def file_name(markup: str, stem: str = "index") -> str:
    """The file a page of ``markup`` is read from: ``index.md`` or ``index.rst``."""
    return f"{stem}.md" if markup == "myst" else f"{stem}.rst"


def page(markup: str, title: str, *blocks: str) -> str:
    """A page: its title, then each block after a blank line."""
    head = f"# {title}\n" if markup == "myst" else f"{title}\n{'=' * len(title)}\n"
    return head + "".join(f"\n{block}" for block in blocks)


def directive(
    markup: str,
    name: str,
    argument: str = "",
    options: Iterable[tuple[str, str]] = (),
    body: str = "",
    fence: str = "```",
) -> str:
    """A directive block: ``name`` and ``argument``, one line per option (``:url:``
    alone for an empty value), then ``body`` after a blank line. MyST closes it with
    ``fence``; reStructuredText indents what belongs to it."""
    if markup == "myst":
        opening, indent = f"{fence}{{{name}}}", ""
    else:
        opening, indent = f".. {name}::", "   "
    lines = [f"{opening} {argument}" if argument else opening]
    lines += [
        f"{indent}:{option}: {value}" if value else f"{indent}:{option}:"
        for option, value in options
    ]
    if body:
        lines += ["", *(f"{indent}{line}" if line else "" for line in body.split("\n"))]
    if markup == "myst":
        lines.append(fence)
    return "\n".join(lines) + "\n"


def role(markup: str, name: str, text: str) -> str:
    """An inline role: ``{name}`text``` or ``:name:`text```."""
    return f"{{{name}}}`{text}`" if markup == "myst" else f":{name}:`{text}`"


def snippet(name: str, markup: str = "myst") -> str:
    """A directive snippet of the docs, as ``docs/snippets/<markup>/`` has it."""
    return (SNIPPETS / markup / file_name(markup, name)).read_text(encoding="utf-8")
