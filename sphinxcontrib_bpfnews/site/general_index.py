"""Sphinx's general index page: the newsletter's entries with their code, each
entry's links in page order, none of the pages of unpublished issues, and the page
kept from the last build when nothing in it changed.

The series' and talks' entries reach Sphinx's index as the text a reader sees (see
:mod:`.extension.index_entries`); the pages show those with code spans as written,
with ``<code>`` (:func:`genindex_context`).

Sphinx writes ``genindex.html`` on every HTML build. Every series (by author and
subsystem) and every talk (by title and speaker) has entries there, so an archive
of 500 issues has some 35,000 of them, and rendering the page took about a second:
most of a rebuild in which nothing changed. When the last complete build into the
same folder was made from the same records and settings and the page is there (see
:mod:`.output_state`), the page already shows exactly this index: the handler of
``html-page-context`` then names a template that writes the page's file back as it
was (:data:`KEPT_TEMPLATE`) in place of rendering the index again. That is the
event's own way to choose a page's template, so Sphinx still works out the index
and writes the file, and every other extension sees the page as usual; the
change-matrix tests compare the page with a fresh build's after every kind of change.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinxcontrib.serializinghtml import SerializingHTMLBuilder

from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.site import output_state
from sphinxcontrib_bpfnews.site.output_state import SITE_BUILDERS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    #: Where an entry sits in the index: its main entry's text, then its sub-entry's.
    Place = tuple[str, ...]

#: The template of a general index page kept from the last build: it writes out
#: ``bpfnews_kept_page``, the page as that build wrote it.
KEPT_TEMPLATE = "bpfnews/kept-page.html"
#: The context key of that page.
KEPT_PAGE = "bpfnews_kept_page"


def _kept_page(app: Sphinx, pagename: str, context: dict[str, Any]) -> str | None:
    """The general index page ``pagename`` as the last build wrote it, when that
    build was made from the same records and settings (templates included); else
    None, and the page is rendered."""
    builder = app.builder
    if builder.name not in SITE_BUILDERS or not isinstance(builder, StandaloneHTMLBuilder):
        return None
    path = Path(builder.get_outfilename(pagename))
    if not output_state.unchanged(app, [path]):
        return None
    try:
        return path.read_text(encoding=context.get("encoding") or "utf-8")
    except (OSError, UnicodeError):  # unreadable: rendered again
        return None


def shown_markup(rows: Iterable[tuple[list[str], list[str]]]) -> dict[Place, str]:
    """The HTML to show at each place in the index that has code: a level whose HTML
    is more than its escaped text.

    Where two entries with the same text are written differently, the first wins:
    Sphinx merges them into one entry, which can only look one way.
    """
    shown: dict[Place, str] = {}
    for text, levels in rows:
        for depth in range(1, len(text) + 1):
            if levels[depth - 1] != html.escape(text[depth - 1]):
                shown.setdefault(tuple(text[:depth]), levels[depth - 1])
    return shown


#: One letter's entries in the genindex templates' context:
#: ``(name, (links, [(sub-entry name, links)], category key))``.
_Group = list[tuple[str, tuple[Any, list[tuple[str, Any]], Any]]]


def _as_shown(group: _Group, shown: dict[Place, str]) -> _Group:
    """One letter's entries as the page shows them, in one pass over them (some
    35,000 at 500 issues): names with code as HTML (``shown``), and each entry's and
    sub-entry's links in page order. Sphinx lists links in the order it read the
    pages, so an incremental build that reads a new issue last would list its entry
    after those of older pages while a fresh build lists it where its page name
    sorts (revisions of one series share their entries' text in every issue), and
    the same holds for sub-entries that differ only in case."""

    def name(place: Place) -> str:
        found = shown.get(place)
        return place[-1] if found is None else Markup(found)

    return [
        (
            name((entry,)),
            (
                _by_address(links),
                [
                    (name((entry, sub)), sub_links)
                    for sub, sub_links in _sub_entries_in_order(subitems)
                ],
                key,
            ),
        )
        for entry, (links, subitems, key) in group
    ]


def _address(link: Any) -> str:
    return str(link[1])


def _by_address(links: list[Any]) -> list[Any]:
    # Most entries have one link: nothing to sort (an index of thousands of entries
    # is ordered on every build that changes it).
    return sorted(links, key=_address) if len(links) > 1 else links


def _sub_entries_in_order(subitems: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Sub-entries as Sphinx sorts them, where it keeps reading order among those
    whose names differ only in case (``add`` and ``Add``): there by name."""
    if len(subitems) > 1:
        first: dict[str, int] = {}
        for position, (sub, _) in enumerate(subitems):
            first.setdefault(sub.lower(), position)
        # Without two names alike but for case, Sphinx's order is already this one.
        if len(first) < len(subitems):
            subitems = sorted(subitems, key=lambda item: (first[item[0].lower()], item[0]))
    return [(sub, _by_address(links)) for sub, links in subitems]


def _leave_out_unpublished(app: Sphinx, context: dict[str, Any]) -> None:
    """The entries of the pages of issues the site does not list (drafts, scheduled
    issues) are left out of the general index, as they are out of every listing."""
    domain = domain_of(app.env)
    hidden = tuple(
        app.builder.get_relative_uri("genindex", docname) + "#"
        for docname in domain.unpublished()
        if not domain.is_listed(docname)
    )
    if not hidden:
        return

    def kept(links: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        return [
            link for link in links if not (isinstance(link[1], str) and link[1].startswith(hidden))
        ]

    def group_kept(group: _Group) -> _Group:
        # An entry or sub-entry goes when it led only to such pages; one that led
        # nowhere ("see also" entries have no link) stays.
        result: _Group = []
        for name, (links, subitems, key) in group:
            shown_subitems = [
                (sub, shown)
                for sub, sub_links in subitems
                if (shown := kept(sub_links)) or not sub_links
            ]
            shown_links = kept(links)
            if shown_links or shown_subitems or not (links or subitems):
                result.append((name, (shown_links, shown_subitems, key)))
        return result

    letters = [(key, group_kept(group)) for key, group in context["genindexentries"]]
    context["genindexentries"] = [(key, group) for key, group in letters if group]
    if "genindexcounts" in context:
        context["genindexcounts"] = [
            sum(1 + len(subitems) for _, (_, subitems, _) in group)
            for _, group in context["genindexentries"]
        ]
    if "entries" in context:  # one letter's page of a split index
        context["entries"] = group_kept(context["entries"])


def genindex_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> str | None:
    """On ``html-page-context``: the general index pages show the newsletter's
    entries with their code spans as ``<code>``; a page the same as the last build's
    is written back as it was (the template returned names that).

    The templates escape each entry's name (``{{ name|e }}``); a
    :class:`markupsafe.Markup` name is already escaped HTML and shown as it is.
    The JSON and pickle builders render no template: their consumers get names as
    text, as for every other entry.
    """
    if not pagename.startswith("genindex") or "genindexentries" not in context:
        return None
    kept = _kept_page(app, pagename, context)
    if kept is not None:
        context[KEPT_PAGE] = Markup(kept)
        return KEPT_TEMPLATE
    _leave_out_unpublished(app, context)
    if isinstance(app.builder, SerializingHTMLBuilder):
        return None
    shown = shown_markup(domain_of(app.env).index_markup())
    context["genindexentries"] = [
        (key, _as_shown(group, shown)) for key, group in context["genindexentries"]
    ]
    if "entries" in context:  # one letter's page of a split index
        context["entries"] = _as_shown(context["entries"], shown)
    return None
