"""Model objects to docutils nodes: the one place that decides what a component shows.

The HTML, LaTeX and plain-text writers all render these trees, which is what keeps
the formats showing the same information. The data lines of series and talks are
made when a page is written, not when it is read (:func:`deferred_lines`, called by
:mod:`.writers.expand`): until then the page holds the model object in one
:class:`~.nodes.bpfnews_deferred` node.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.errors import NoUri

from sphinxcontrib_bpfnews.core.links import classify_link
from sphinxcontrib_bpfnews.core.model import Series, Talk
from sphinxcontrib_bpfnews.core.series_checks import listed_patches
from sphinxcontrib_bpfnews.core.subjects import Badge
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import text_nodes
from sphinxcontrib_bpfnews.extension.labels import (
    ALL_REVISIONS,
    DRAFT_LABEL,
    EARLIER_REVISIONS,
    LATER_REVISIONS,
    issue_label,
    link_label,
    patch_count,
    review_trailer,
    revision_label,
    talk_kind_label,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sphinx.builders import Builder

    from sphinxcontrib_bpfnews.core.model import Patch
    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.core.revision_links import EntryLinks, Revision
    from sphinxcontrib_bpfnews.core.subjects import Subject

    #: Makes the link to an entry's (page, anchor) around the entry's text.
    Linker = Callable[[str, str, list[nodes.Node]], nodes.Element]

#: Between a talk's speakers, event and date.
META_SEPARATOR = "·"
#: Between a series' title and its author.
AUTHOR_SEPARATOR = "—"


def separator(mark: str) -> list[nodes.Node]:
    """``mark`` between spaces, in an inline of its own so writers can keep the spaces.

    (xeCJK, used for CJK text in PDFs, swallows a space after dashes and dots.)
    """
    return [nodes.Text(" "), bn.make_text(mark, "bpfnews-sep"), nodes.Text(" ")]


def joined(items: Iterable[nodes.Node], mark: str = "") -> list[nodes.Node]:
    """``items`` separated by spaces, or by ``mark`` when one is given."""
    result: list[nodes.Node] = []
    for item in items:
        if result:
            result.extend(separator(mark) if mark else [nodes.Text(" ")])
        result.append(item)
    return result


def _linked(children: Sequence[nodes.Node], url: str, shown: str = "") -> list[nodes.Node]:
    """The title: a link when there is an address, followed by what the link opens
    ("patchwork", "lore", "archive", "commit", "review") when that is known and not
    already ``shown`` by the line's series."""
    if not url:
        return [bn.with_children(nodes.inline(classes=["bpfnews-title"]), children)]
    title = bn.make_link(children, refuri=url, classes=["bpfnews-title"])
    label = classify_link(url).label
    if not label or label == shown:  # a series' patches usually share its kind
        return [title]
    return [title, nodes.Text(" "), bn.make_badge("link", link_label(label))]


def subject_title(subject: Subject) -> list[nodes.Node]:
    """The title with its ``subsystem:`` prefix set apart."""
    if not subject.subsystem:
        return text_nodes(subject.title)
    prefix = f"{subject.subsystem}:"
    return [
        bn.make_text(prefix, "bpfnews-subsystem"),
        nodes.Text(" "),
        *text_nodes(subject.summary),
    ]


def _segments(*segments: list[nodes.Node]) -> list[nodes.Node]:
    """The non-empty ``segments`` one after another, a space between each two."""
    result: list[nodes.Node] = []
    for segment in segments:
        if segment:
            result.extend([nodes.Text(" "), *segment] if result else segment)
    return result


def _badges(badges: Iterable[Badge]) -> list[nodes.Node]:
    return [bn.make_badge(b.kind, b.label) for b in badges]


def _with_refused(children: list[nodes.Node], refused: str) -> list[nodes.Node]:
    """The line's children, then a refused unsafe address as inert text."""
    if refused:
        note = nodes.inline(
            "", "", nodes.literal(refused, refused), classes=["bpfnews-refused-url"]
        )
        return [*children, nodes.Text(" "), note]
    return children


def render_patch(patch: Patch, shown: set[Badge], parent_link: str = "") -> bn.bpfnews_patch:
    """One child patch: its ``N/M``, any tag not among the cover's (``shown``, worked
    out once for all of a series' patches), its title."""
    subject = patch.subject
    extra = [b for b in subject.badges(counter=False) if b not in shown]
    children: list[nodes.Node] = []
    if subject.counter_label:
        children.append(bn.make_badge("counter", subject.counter_label, bn.bpfnews_patch_counter))
    children.extend(_badges(extra))
    line = _segments(joined(children), _linked(subject_title(subject), patch.url, parent_link))
    para = bn.make_line("patch-line", *_with_refused(line, patch.refused_url), url=patch.url)
    return bn.with_children(bn.bpfnews_patch(classes=["bpfnews-patch"]), [para])


def render_series(
    series: Series, notes: Sequence[nodes.Node] = (), revisions: nodes.Node | None = None
) -> bn.bpfnews_series:
    """A patch series: a header line, the child patches, the links to its revisions
    in other issues (``revisions``, a placeholder until the page is written), then
    the author's notes."""
    node = bn.make_block(bn.bpfnews_series, "series", bn.bpfnews_deferred("", model=series))
    if revisions is not None:
        node += revisions
    if notes:
        node += bn.make_block(bn.bpfnews_block, "notes", *notes)
    return node


def series_lines(series: Series) -> list[nodes.Node]:
    """A series' header line, its list of child patches and its review line."""
    header = _prose_header(series) if series.is_prose else _series_header(series)
    lines: list[nodes.Node] = [
        bn.make_line("series-header", *_with_refused(header, series.refused_url), url=series.url)
    ]
    if series.patches:
        series_link = classify_link(series.url).label if series.url else ""
        shown = set(series.subject.badges(counter=False))
        lines.append(
            bn.with_children(
                bn.bpfnews_patch_list(classes=["bpfnews-patches"]),
                (render_patch(p, shown, series_link) for p in series.patches),
            )
        )
    if series.review:
        lines.append(review_line(series))
    return lines


def _series_header(series: Series) -> list[nodes.Node]:
    """Badges, the linked title and what the link opens, author, patch count."""
    subject = series.subject
    header = _segments(
        joined(_badges(subject.badges())), _linked(subject_title(subject), series.url)
    )
    header += _author(series)
    if subject.total and subject.total > 1:
        count = patch_count(listed_patches(series), subject.total)
        header += [
            *separator(META_SEPARATOR),
            bn.make_text(count, "bpfnews-count"),
        ]
    return header


def _prose_header(series: Series) -> list[nodes.Node]:
    """An entry written as prose: its text is the body, so the header has its list,
    the link (named by what it opens: "lore", "patchwork", else the site) and author."""
    badges = [Badge("list", series.mailing_list)] if series.mailing_list else []
    label = link_name(series.url)
    link: list[nodes.Node] = []
    if series.url:
        link = [bn.make_link([nodes.Text(label)], refuri=series.url, classes=["bpfnews-title"])]
    return _segments(joined(_badges(badges)), link) + _author(series)


def link_name(url: str) -> str:
    """What a link opens, as its text when the entry has no title: the link's label
    ("lore", "patchwork" ...) in the project's language, else the site's name."""
    if not url:
        return ""
    if label := classify_link(url).label:
        return link_label(label)
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or url


def _author(series: Series) -> list[nodes.Node]:
    if not series.author:
        return []
    return [
        *separator(AUTHOR_SEPARATOR),
        bn.make_text(series.author, "bpfnews-author"),
    ]


def review_line(series: Series) -> bn.bpfnews_line:
    """Who reviewed, acked and tested the series, by trailer as the kernel writes
    them: "Reviewed-by: Jane Doe, John Roe · Acked-by: ..."."""
    parts = [
        bn.with_children(
            nodes.inline(classes=["bpfnews-review-" + key]),
            [
                bn.make_text(trailer, "bpfnews-trailer"),
                nodes.Text(" "),
                bn.make_text(", ".join(names), "bpfnews-reviewers"),
            ],
        )
        for key, names in series.review
        if (trailer := review_trailer(key))
    ]
    return bn.make_line("series-review", *joined(parts, META_SEPARATOR))


def linker(builder: Builder, fromdocname: str) -> Linker:
    """How page ``fromdocname`` links to an entry (page, anchor) of the newsletter,
    for ``builder``: to the entry's place, or as text where its page is not part of
    this output (a PDF without it, say).

    The node is the one Sphinx's ``make_refnode`` makes, but each page's address is
    asked of the builder once: an index page links thousands of entries in a few
    hundred pages, and asking for the same relative address at every link took half
    the time of making the index pages' links (profiled at 200 issues)."""
    uris: dict[str, str | None] = {}

    def link(docname: str, anchor: str, children: list[nodes.Node]) -> nodes.Element:
        if docname == fromdocname and anchor:
            return bn.make_link(children, internal=True, refid=anchor)
        if docname in uris:
            uri = uris[docname]
        else:
            try:
                uri = uris[docname] = builder.get_relative_uri(fromdocname, docname)
            except NoUri:
                uri = uris[docname] = None
        if uri is None:
            return nodes.inline("", "", *children)
        refuri = f"{uri}#{anchor}" if anchor else uri
        return bn.make_link(children, internal=True, refuri=refuri)

    return link


#: How many revisions on each side a series' revision line names: the nearest ones;
#: the series index lists them all.
SHOWN_REVISIONS = 3


def _issue_name(revision: Revision) -> str:
    if revision.issue_title:
        return revision.issue_title
    return issue_label(revision.number) if revision.number is not None else revision.issue


def revision_line(links: EntryLinks, link: Linker) -> bn.bpfnews_line:
    """A series' revisions in other issues: "Earlier: v2 in BPF Updates 9 · Later:
    v5 in BPF Updates 12", each linked to that entry, the nearest
    :data:`SHOWN_REVISIONS` of each side. The line keeps its series' ``family``, the
    id of its group on the series index (see :func:`all_revisions_link`)."""
    parts: list[nodes.Node] = []
    sides = (
        ("earlier", EARLIER_REVISIONS, links.earlier[-SHOWN_REVISIONS:]),
        ("later", LATER_REVISIONS, links.later[:SHOWN_REVISIONS]),
    )
    for side, label, revisions in sides:
        if not revisions:
            continue
        children: list[nodes.Node] = [bn.make_text(str(label), "bpfnews-label")]
        for number, revision in enumerate(revisions):
            children.append(nodes.Text(", " if number else " "))
            text = revision_label(revision.version, _issue_name(revision))
            children.append(link(revision.issue, revision.anchor, [nodes.Text(text)]))
        parts.append(
            bn.with_children(nodes.inline(classes=[f"bpfnews-revisions-{side}"]), children)
        )
    line = bn.make_line("series-revisions", *joined(parts, META_SEPARATOR))
    line["family"] = links.family
    return line


def all_revisions_link(uri: str) -> list[nodes.Node]:
    """The end of a revision line where the series index exists (the web site): a
    link to the series' group there."""
    label = str(ALL_REVISIONS)
    return [
        *separator(META_SEPARATOR),
        bn.make_link(
            [nodes.Text(label)], refuri=uri, internal=True, classes=["bpfnews-all-revisions"]
        ),
    ]


def render_talk(talk: Talk, notes: Sequence[nodes.Node] = ()) -> bn.bpfnews_talk:
    """A talk: kind and title, then speakers, event and date, then the description."""
    node = bn.make_block(bn.bpfnews_talk, "talk", bn.bpfnews_deferred("", model=talk))
    node["classes"].append(f"bpfnews-talk-{talk.kind}")
    if notes:
        node += bn.make_block(bn.bpfnews_block, "notes", *notes)
    return node


def talk_lines(talk: Talk) -> list[nodes.Node]:
    """A talk's header line (kind and title) and its meta line."""
    header = _segments(
        [bn.make_badge("kind", talk_kind_label(talk.kind))],
        _linked(text_nodes(talk.title), talk.url),
    )
    lines: list[nodes.Node] = [
        bn.make_line("talk-header", *_with_refused(header, talk.refused_url), url=talk.url)
    ]
    meta = [
        bn.make_text(text, cls)
        for text, cls in (
            (", ".join(talk.speakers), "bpfnews-speakers"),
            (talk.event, "bpfnews-event"),
            (talk.shown_date or talk.date, "bpfnews-date"),
        )
        if text
    ]
    if meta:
        lines.append(bn.make_line("talk-meta", *joined(meta, META_SEPARATOR)))
    return lines


def deferred_lines(node: bn.bpfnews_deferred) -> list[nodes.Node]:
    """The data lines a deferred node stands for (none for a model it does not know)."""
    model: Any = node.get("model")
    if isinstance(model, Series):
        return series_lines(model)
    if isinstance(model, Talk):
        return talk_lines(model)
    return []


def expand_all(doctree: nodes.Node) -> None:
    """Replace every deferred node of ``doctree`` with the lines it stands for."""
    for node in list(doctree.findall(bn.bpfnews_deferred)):
        node.replace_self(deferred_lines(node))


def search_words(node: bn.bpfnews_deferred) -> str:
    """The words of a deferred node's lines, for a search index: its badges, titles,
    author or speakers, event and date, made from the model without making nodes."""
    model: Any = node.get("model")
    words: list[str] = []
    if isinstance(model, Series):
        if model.is_prose:
            words.extend([model.mailing_list, link_name(model.url)])
        for subject in (model.subject, *(p.subject for p in model.patches)):
            words.extend(b.label for b in subject.badges())
            words.append(subject.title or subject.raw)
        words.append(model.author)
        for key, names in model.review:
            words.extend([review_trailer(key), *names])
    elif isinstance(model, Talk):
        words.extend(
            [
                talk_kind_label(model.kind),
                model.title,
                *model.speakers,
                model.event,
                model.shown_date or model.date,
            ]
        )
    return " ".join(word for word in words if word)


def render_highlights(title: str, content: Sequence[nodes.Node]) -> bn.bpfnews_highlights:
    """The highlights box: a title line and the author's content."""
    return bn.make_block(
        bn.bpfnews_highlights,
        "highlight",
        bn.make_line("highlight-title", *text_nodes(title)),
        *content,
    )


def render_issue_header(
    record: IssueRecord, shown_date: str, *, draft: bool = False
) -> bn.bpfnews_line:
    """The line under an issue's title: a "Draft" badge while the issue is not
    published (a draft, or dated after the day of the build), its number, its date (as
    readers see it), its tags."""
    parts: list[nodes.Node] = []
    if record["number"] is not None:
        label = issue_label(record["number"])
        parts.append(bn.make_text(label, "bpfnews-issue-number"))
    if shown_date:
        parts.append(bn.make_text(shown_date, "bpfnews-issue-date"))
    children = joined(parts, META_SEPARATOR)
    if draft:
        badge = bn.make_badge("draft", str(DRAFT_LABEL))
        children = [badge, nodes.Text(" "), *children] if children else [badge]
    for tag in record["tags"]:
        children += [nodes.Text(" "), bn.make_badge("topic", tag)]
    return bn.make_line("issue-header", *children)
