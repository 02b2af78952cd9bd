"""Series and talks in Sphinx's general index: sorted by their text, shown with code.

Subjects and titles are markup: ``bpf: make error reporting in `bpf_warn_invalid_xdp_action`
more clear`` has a code span. Given to Sphinx as written, the entry would show its
backticks, and one opening with a code span would sort under "Symbols". Sphinx's
index only knows text, so each entry reaches it as the text a reader sees
(:attr:`IndexEntry.text`): Sphinx sorts, groups and merges that as it does every
entry. The markup as written (:attr:`IndexEntry.markup`) goes where entries are
shown:

- HTML: the ``bpfnews`` domain keeps, per page, the markup of the entries that have
  code (plain strings, :func:`markup_rows`); the general index pages show those
  entries as HTML (:mod:`.site.general_index`) and leave every other entry alone.
- LaTeX: the page's index node, a :class:`~.nodes.bpfnews_index`, carries the markup
  to its own visitor (:mod:`.writers.latex_index`); every other builder handles it
  as Sphinx's ``index`` node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import html_text, text_nodes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes

    from sphinxcontrib_bpfnews.core.model import Series, Talk


def plain_text(markup: str) -> str:
    """What a reader sees of ``markup``: code spans without their backticks."""
    return "".join(node.astext() for node in text_nodes(markup)).strip()


@dataclass(frozen=True)
class IndexEntry:
    """One general index entry: a main entry, and maybe a sub-entry under it."""

    #: Each level as the author wrote it, code spans in backticks.
    markup: tuple[str, ...]
    #: Each level as a reader sees it: what Sphinx sorts, groups and merges by.
    text: tuple[str, ...]

    @property
    def has_code(self) -> bool:
        return self.markup != self.text


def make_entry(*levels: str) -> IndexEntry | None:
    """The entry with these levels, or None when a level would show no text.

    ``;`` separates levels in Sphinx's entries, so one inside a title becomes ``,``;
    a leading ``!``, which Sphinx's ``index`` directive reads as "main entry", is
    dropped.
    """
    markup = tuple(level.replace(";", ",").strip().lstrip("!") for level in levels)
    text = tuple(plain_text(level) for level in markup)
    return IndexEntry(markup, text) if all(text) else None


def series_entries(series: Series) -> list[IndexEntry]:
    """A series under its author and under its subsystem."""
    subject = series.subject
    title = series.title
    found = [
        make_entry(series.author, title) if series.author else None,
        make_entry(subject.subsystem, title) if subject.subsystem else None,
    ]
    return [entry for entry in found if entry]


def talk_entries(talk: Talk) -> list[IndexEntry]:
    """A talk under its title, and under each speaker."""
    found = [make_entry(talk.title)]
    found += [make_entry(speaker, talk.title) for speaker in talk.speakers]
    return [entry for entry in found if entry]


def index_nodes(entries: Iterable[IndexEntry], anchor: str) -> list[nodes.Node]:
    """The node putting ``entries``, pointing at ``anchor``, in the general index."""
    entries = list(entries)
    if not entries:
        return []
    return [
        bn.bpfnews_index(
            entries=[("single", "; ".join(entry.text), anchor, "", None) for entry in entries],
            markup=[list(entry.markup) for entry in entries],
        )
    ]


def markup_rows(entries: Iterable[IndexEntry]) -> list[tuple[list[str], list[str]]]:
    """What the environment keeps of ``entries`` for the HTML index: the text of
    those with code and the HTML of each of its levels, code spans as ``<code>``
    (plain lists of strings). Made once, when the page is read, not for every entry
    each time the index page is written."""
    return [
        (list(entry.text), [html_text(level) for level in entry.markup])
        for entry in entries
        if entry.has_code
    ]
