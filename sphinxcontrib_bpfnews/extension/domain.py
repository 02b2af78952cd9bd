"""The ``bpfnews`` domain: the one store of newsletter data, and the roles that use it.

Directives and the page collector note plain records here (see
:mod:`~sphinxcontrib_bpfnews.core.records`); everything built across issues (archive,
indexes, feeds, JSON export) reads them from here. Per-document entries make
incremental builds (``clear_doc``) and parallel reads (``merge_domaindata``)
exact. The domain stores and resolves; it knows neither who writes its records nor
what is built from them: the directives (also offered under the prefix, where
``{bpfnews:highlight}`` always means the newsletter highlights) are added to it by
:mod:`.extension`, and the site's ``{bpfnews:archive}`` and ``{bpfnews:feed}`` roles
by :mod:`.site`, which resolves them.
"""

from __future__ import annotations

import difflib
import os
import uuid
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from sphinxcontrib_bpfnews.core.duplicates import Duplicate
from sphinxcontrib_bpfnews.core.publication import build_day, is_published
from sphinxcontrib_bpfnews.core.revision_links import families
from sphinxcontrib_bpfnews.extension.code_spans import text_nodes
from sphinxcontrib_bpfnews.extension.diagnostics import warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.records import IssueRecord, SeriesRecord, TalkRecord
    from sphinxcontrib_bpfnews.core.revision_links import Family

#: The domain's key for the day this build publishes up to.
TODAY = "today"
#: Kinds of per-document lists the domain keeps.
PER_DOC = (
    "issues",
    "series",
    "talks",
    "highlights",
    "index_pages",
    "index_markup",
    "references",
    "links",
    "read_tokens",
    "address_duplicates",
)


class ComponentRole(XRefRole):
    """``{bpfnews:series}`` and ``{bpfnews:talk}``: a link to a named component, noted
    with the page, so the page is read again when what it names changes
    (:func:`pages_to_reread`): the link's text is the component's title."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: nodes.Element, is_ref: bool
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain_of(env).note_reference(env.docname, self.reftype, node["reftarget"])
        return super().result_nodes(document, env, node, is_ref)


#: The listed issues and each one's place among them, with the sorted issues and the
#: (day, ``bpfnews_show_drafts``) they were picked by.
_Listing = tuple[list["IssueRecord"], tuple[str, bool], list["IssueRecord"], dict[str, int]]


class BpfNewsDomain(Domain):
    """Issues, series, talks and highlights of every page, by document name."""

    name = "bpfnews"
    label = "Newsletter"
    object_types: ClassVar[dict[str, ObjType]] = {
        "series": ObjType("patch series", "series"),
        "talk": ObjType("talk", "talk"),
    }
    # As Sphinx's own {ref}: a mistyped name is reported without -n, and the text of
    # a link that leads nowhere is plain text, not code.
    roles: ClassVar[dict[str, Any]] = {
        "series": ComponentRole(warn_dangling=True, innernodeclass=nodes.inline),
        "talk": ComponentRole(warn_dangling=True, innernodeclass=nodes.inline),
    }
    #: The issues newest first, with the records they were sorted from (not build
    #: data: never pickled, remade after any change of the records).
    _sorted_issues: tuple[dict[str, IssueRecord], list[IssueRecord]] | None = None
    #: The series of the listed issues grouped by revision, with the issues they were
    #: worked out for (not build data either; remade after any change of the records).
    _families: tuple[list[str], list[Family]] | None = None
    #: The listed issues (:meth:`issues`) and each one's place among them, with the
    #: sorted issues, day and setting they were picked by (not build data either).
    _listing: _Listing | None = None
    initial_data: ClassVar[dict[str, Any]] = {
        "issues": {},  # docname -> IssueRecord
        "series": {},  # docname -> [SeriesRecord]
        "talks": {},  # docname -> [TalkRecord]
        "highlights": {},  # docname -> [str]
        "names": {},  # (kind, name) -> (docname, anchor, title)
        "index_pages": {},  # docname -> True, for pages with a bpfnews-index
        # docname -> [(text, markup)]: general index entries with code, by level
        "index_markup": {},
        # docname -> [(kind, name)]: the {bpfnews:series} and {bpfnews:talk} links
        "references": {},
        # docname -> [(kind, target, line)]: links that can lead into an issue
        # ("doc", "ref", "series", "talk"), for the warning about drafts
        "links": {},
        # docname -> a token renewed each time the issue is read (:meth:`read_token`)
        "read_tokens": {},
        # docname -> [(line, message)]: the addresses its records link twice
        # (:func:`.duplicates.address_duplicates`), worked out when it is read
        "address_duplicates": {},
        # renewed whenever any page's records change (:meth:`records_token`)
        "records_token": "",
    }
    data_version = 14

    # -- storing -----------------------------------------------------------------

    def note_series(self, record: SeriesRecord) -> str:
        """Store a series; the page already using its ``:name:``, or ""."""
        self._records_changed()
        self.data["series"].setdefault(record["docname"], []).append(record)
        return self._note_name(
            "series",
            record["name"],
            record["docname"],
            record["anchor"],
            record["title"],
        )

    def note_talk(self, record: TalkRecord) -> str:
        """Store a talk; the page already using its ``:name:``, or ""."""
        self.data["talks"].setdefault(record["docname"], []).append(record)
        return self._note_name(
            "talk", record["name"], record["docname"], record["anchor"], record["title"]
        )

    def note_highlights(self, docname: str, items: list[str]) -> None:
        self.data["highlights"].setdefault(docname, []).extend(items)

    def note_index_markup(self, docname: str, rows: Iterable[tuple[list[str], list[str]]]) -> None:
        """Keep (text, HTML) of the page's general index entries that have code."""
        if rows := list(rows):
            self.data["index_markup"].setdefault(docname, []).extend(rows)

    def note_address_duplicates(self, docname: str, found: Iterable[Duplicate]) -> None:
        """Keep the addresses the page links twice, worked out when it was read."""
        if rows := [(duplicate.line, duplicate.message) for duplicate in found]:
            self.data["address_duplicates"][docname] = rows

    def address_duplicates_of(self, docname: str) -> list[Duplicate]:
        return [
            Duplicate(docname, line, message)
            for line, message in self.data["address_duplicates"].get(docname, ())
        ]

    def note_reference(self, docname: str, kind: str, name: str) -> None:
        self.data["references"].setdefault(docname, []).append((kind, name))

    def pages_referencing(self, docnames: Set[str], *, dangling: bool) -> set[str]:
        """Pages linking to a component named on one of ``docnames``, and, when
        ``dangling``, to a name no page has (a page added or changed may give it)."""
        names = self.data["names"]
        found = set()
        for docname, references in self.data["references"].items():
            for key in references:
                known = names.get(tuple(key))
                if (known and known[0] in docnames) or (dangling and not known):
                    found.add(docname)
                    break
        return found

    def note_links(self, docname: str, links: list[tuple[str, str, int | None]]) -> None:
        if links:
            self.data["links"][docname] = links

    def links(self) -> Iterator[tuple[str, str, str, int | None]]:
        """(page, kind, target, line) of every noted link, page by page."""
        for docname in sorted(self.data["links"]):
            for kind, target, line in self.data["links"][docname]:
                yield docname, kind, target, line

    def note_index_page(self, docname: str) -> None:
        self.data["index_pages"][docname] = True

    def note_issue(self, record: IssueRecord) -> None:
        self.data["issues"][record["docname"]] = record
        self.data["read_tokens"][record["docname"]] = uuid.uuid4().hex
        self._records_changed()

    def read_token(self, docname: str) -> str:
        """A token that changes whenever the issue's records may have changed: each
        time its page is read. What is made from one issue's records alone (its part
        of the export) is keyed on it, instead of on the records themselves, which
        would mean hashing every issue's records on every build."""
        return str(self.data["read_tokens"].get(docname, ""))

    def _note_name(self, kind: str, name: str, docname: str, anchor: str, title: str) -> str:
        """Register ``name``; the page that already uses it for another component, or ""."""
        if not name:
            return ""
        known = self.data["names"].get((kind, name))
        if known and known[:2] != (docname, anchor):
            return str(known[0])
        self.data["names"][kind, name] = (docname, anchor, title)
        return ""

    def _records_changed(self) -> None:
        """The records are changing: the sorted issues and families are remade, and
        what is keyed on :meth:`records_token` too."""
        self._sorted_issues = self._families = self._listing = None
        self.data["records_token"] = uuid.uuid4().hex

    def records_token(self) -> str:
        """A token renewed whenever a page's records change (a page read, removed or
        merged from a process of a ``-j`` build): what is made from every issue's
        records (the generated outputs, every entry's revision links) is keyed on it
        instead of on the records themselves, which would mean hashing them all on
        every build."""
        return str(self.data.get("records_token", ""))

    def clear_doc(self, docname: str) -> None:
        self._records_changed()
        for kind in PER_DOC:
            self.data[kind].pop(docname, None)
        names = self.data["names"]
        for key in [key for key, (doc, _, _) in names.items() if doc == docname]:
            del names[key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._records_changed()
        for kind in PER_DOC:
            for docname in docnames & otherdata[kind].keys():
                self.data[kind][docname] = otherdata[kind][docname]
        for (kind, name), (docname, anchor, title) in otherdata["names"].items():
            if docname in docnames and (
                other := self._note_name(kind, name, docname, anchor, title)
            ):
                warn("name", f"{kind} name {name!r} is already used in {other!r}", (docname, None))

    # -- reading -----------------------------------------------------------------

    def issues(self) -> list[IssueRecord]:
        """The published issues, newest first (by date, then number, then page name):
        what the archive, indexes, feeds, export, navigation and every other listing
        of issues show. Drafts and scheduled issues are among them only when
        ``bpfnews_show_drafts`` is set (see :mod:`~.core.publication`)."""
        return list(self._listed()[0])

    def newest(self, count: int) -> list[IssueRecord]:
        """The ``count`` newest listed issues (:meth:`issues`)."""
        return self._listed()[0][: max(0, count)]

    def neighbours(
        self, docname: str
    ) -> tuple[IssueRecord, IssueRecord | None, IssueRecord | None] | None:
        """The listed issue of the page (:meth:`issues`), with the one before it (the
        older) and the one after it (the newer), or None when it is not listed."""
        listed, positions = self._listed()
        place = positions.get(docname)
        if place is None:
            return None
        older = listed[place + 1] if place + 1 < len(listed) else None
        return listed[place], older, listed[place - 1] if place else None

    def _listed(self) -> tuple[list[IssueRecord], dict[str, int]]:
        """The listed issues and each one's place, picked once until the records, the
        build's day or ``bpfnews_show_drafts`` change: every page written asks for
        them (its previous/next links, the recent block), and picking them from every
        issue for each page would cost issues x issues."""
        ordered = self._sorted()
        picked_by = (self.today(), bool(self.env.config.bpfnews_show_drafts))
        cached = self._listing
        if cached is None or cached[0] is not ordered or cached[1] != picked_by:
            today, show_drafts = picked_by
            listed = (
                list(ordered)
                if show_drafts
                else [record for record in ordered if is_published(record, today)]
            )
            positions = {record["docname"]: place for place, record in enumerate(listed)}
            cached = self._listing = (ordered, picked_by, listed, positions)
        return cached[2], cached[3]

    def all_issues(self) -> list[IssueRecord]:
        """Every issue, drafts and scheduled ones too, newest first: for what concerns
        an issue's own page (its badge) and the checks an editor runs on a draft before
        publishing it (duplicates, ``bpfnews check``), never for a listing."""
        return list(self._sorted())

    def _sorted(self) -> list[IssueRecord]:
        """Every issue, newest first, sorted once until the records change, not once
        a page: sorting N issues for each of N pages would cost issues x issues."""
        records = cast("dict[str, IssueRecord]", self.data["issues"])
        cached = self._sorted_issues
        if cached is None or cached[0] is not records or len(cached[1]) != len(records):
            ordered = sorted(
                records.values(),
                key=lambda r: (r["date"], r["number"] or 0, r["docname"]),
                reverse=True,
            )
            cached = self._sorted_issues = (records, ordered)
        return cached[1]

    def families(self) -> list[Family]:
        """The series of the listed issues (:meth:`issues`) grouped by revision
        (:func:`~.core.revision_links.families`): worked out once until the records
        change, as the revision links and the series index both read them, and grouping
        every series of the newsletter is not cheap."""
        issues = self.issues()
        shown = [issue["docname"] for issue in issues]
        cached = self._families
        if cached is None or cached[0] != shown:
            cached = self._families = (shown, families(issues, self.data["series"]))
        return list(cached[1])

    def issue(self, docname: str) -> IssueRecord | None:
        """The issue record of the page, or None when it is no issue."""
        return cast("IssueRecord | None", self.data["issues"].get(docname))

    def is_listed(self, docname: str) -> bool:
        """The page is an issue that :meth:`issues` lists."""
        record = self.issue(docname)
        if record is None:
            return False
        return bool(self.env.config.bpfnews_show_drafts) or is_published(record, self.today())

    def today(self) -> str:
        """The day this build publishes up to (:func:`~.core.publication.build_day`),
        set once when the build starts (:func:`note_build_day`), so every process of
        a parallel build and every page agree on it."""
        return str(self.data.get(TODAY) or build_day(os.environ))

    def unpublished(self) -> list[str]:
        """The pages of the drafts and scheduled issues, sorted."""
        today = self.today()
        return sorted(
            docname
            for docname, record in self.data["issues"].items()
            if not is_published(record, today)
        )

    def series_of(self, docname: str) -> list[SeriesRecord]:
        return list(self.data["series"].get(docname, ()))

    def talks_of(self, docname: str) -> list[TalkRecord]:
        return list(self.data["talks"].get(docname, ()))

    def highlights_of(self, docname: str) -> list[str]:
        return list(self.data["highlights"].get(docname, ()))

    def index_markup(self) -> Iterator[tuple[list[str], list[str]]]:
        """(text, HTML) of every general index entry with code, page by page."""
        markup = self.data["index_markup"]
        for docname in sorted(markup):
            yield from markup[docname]

    # -- cross-references ------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self.data["names"].get((typ, target))
        if not found:
            return None
        docname, anchor, title = found
        # With or without a title of its own, the link reads as any link in the text.
        # The role's own node is code carrying the role's classes, and
        # ``bpfnews-series`` is the series block's class: the stylesheet would give
        # the link the block's left rule and bold, the PDF its code font.
        # Without one, the title's code spans (a subject's, a prose entry's first
        # sentence) read as code, as in the entry itself.
        explicit = node.get("refexplicit")
        shown = [nodes.Text(contnode.astext())] if explicit else text_nodes(title)
        contnode = nodes.inline("", "", *shown, classes=["bpfnews-ref"])
        tooltip = "".join(child.astext() for child in text_nodes(title))
        return make_refnode(builder, fromdocname, docname, anchor, contnode, tooltip)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"bpfnews:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for (kind, name), (docname, anchor, title) in sorted(self.data["names"].items()):
            yield name, title, kind, docname, anchor, 1


def pages_to_reread(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """On ``env-get-outdated``: pages whose ``{bpfnews:series}`` or ``{bpfnews:talk}``
    links show the title of a component on a page added, changed or removed, which
    may have renamed or retitled it (a prose entry's text gives its title)."""
    outdated = added | changed | removed
    if not outdated:
        return []
    found = domain_of(env).pages_referencing(outdated, dangling=bool(added | changed))
    return sorted(found - outdated)


def domain_of(env: BuildEnvironment) -> BpfNewsDomain:
    """The ``bpfnews`` domain of ``env``: the one way in to the newsletter's records."""
    return cast("BpfNewsDomain", env.get_domain(BpfNewsDomain.name))


def warn_missing_reference(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Report a ``{bpfnews:series}`` or ``{bpfnews:talk}`` whose name nothing has.

    Connected to ``warn-missing-reference``, which Sphinx emits for the roles'
    dangling links (``warn_dangling``): the warning gets the extension's own type,
    ``bpfnews.ref``, and the closest known name, since a typo is the usual cause.
    Other roles' links are left to whoever added the role (the site's, to
    :mod:`.site.targets`), and other domains' to Sphinx.
    """
    if not isinstance(domain, BpfNewsDomain) or node["reftype"] not in domain.object_types:
        return None
    kind, target = node["reftype"], node["reftarget"]
    label = domain.object_types[kind].lname
    known = [name for (of_kind, name) in domain.data["names"] if of_kind == kind]
    message = f"no {label} has ':name: {target}'; shown as text, not as a link"
    if close := difflib.get_close_matches(target, known, n=1):
        message += f" (did you mean {close[0]!r}?)"
    warn("ref", message, node)
    return True
