"""Converting a plain-Markdown newsletter issue into a page that uses the directives.

The source is parsed with markdown-it-py (the parser MyST itself uses), so code
spans, escapes and nested lists are read right; the output is assembled from the
source's own lines, so whatever is not converted stays exactly as it was written,
and what is converted keeps its text character for character (subjects, titles,
descriptions). Every decision goes into a :class:`Report`.

Commits cited in the text, ``commit HASH ("subject")`` or a link to a commit in a
kernel tree on git.kernel.org, become ``{commit}`` citations (:func:`cite_commits`),
outside code and outside the patch lines of a series.

Patch entries are found by their shape (see :mod:`~sphinxcontrib_bpfnews.core.entry_shapes`)
wherever they stand: headings only hint, raising or lowering the confidence in a
``subsystem: summary`` subject. Talks are found by a talks heading above them or
by their address. :func:`directive_text` is the one place that writes directives.
"""

from __future__ import annotations

import gettext
import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from sphinxcontrib_bpfnews.core.commits import KERNEL_LENGTH, MENTION, citation_text, kernel_commit
from sphinxcontrib_bpfnews.core.directive_text import EntryText, series_text
from sphinxcontrib_bpfnews.core.entry_shapes import (
    STRONG,
    WEAK,
    Shape,
    read_bare,
    read_linked,
    read_prose,
    subject_without_link,
)
from sphinxcontrib_bpfnews.core.frontmatter import issue_number
from sphinxcontrib_bpfnews.core.links import talk_kind
from sphinxcontrib_bpfnews.core.patch_lines import split_series_body
from sphinxcontrib_bpfnews.core.subjects import parse_subject
from sphinxcontrib_bpfnews.core.text import split_blank_lines

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Heading words that make the links below them talks, and the kind they give.
TALK_GROUPS = {
    "presentations": "talk",
    "talks": "talk",
    "videos": "video",
    "video": "video",
    "slides": "slides",
    "podcasts": "podcast",
    "articles": "article",
}
#: Heading words that make a list below them a patch list (items that are not entries
#: are reported as not converted) ...
_PATCH_HINT = re.compile(
    r"(?i)\b(?:patch(?:es)?|series|commits?|pull requests?|merged|landed|kernel side|"
    r"mailing lists?)\b"
)
#: ... and words that make it a list of reading, where a ``subsystem: summary`` title
#: alone is never taken for a patch.
_LINKS_HINT = re.compile(
    r"(?i)\b(?:articles?|blogs?|posts?|reading|news|links|projects?|tools?|resources?|"
    r"missed)\b"
)
_HIGHLIGHTS_INTRO = re.compile(r"(?i)^the highlights\b")
_LINK_HEADING = re.compile(r"#+\s*\[(?P<title>.*)\]\((?P<url>[^)\s]+)\)\s*#*\s*$")
_LINKED_TITLE = re.compile(
    r"\[(?P<title>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\((?P<url>[^()\s]+)\)"
    r"(?:\s*[-–—:,]\s*(?P<about>\S.*))?$",
    re.DOTALL,
)
_BULLET = re.compile(r"(?:\s*(?:[-*+]|\d{1,9}[.)])\s+)+")  # "- - x" is a doubled bullet
_SITE_SPECIFIC = re.compile(r"^\s*(?:import\s.*;\s*$|<[A-Z]\w*[\s/>])")
_URL_IN_TEXT = re.compile(r"https?://")
#: The command speaks English; its counts take gettext's plural forms all the same.
_ENGLISH = gettext.NullTranslations()


@dataclass
class Report:
    """What a conversion did, with source line numbers (1-based)."""

    source: str
    talks: int = 0
    series: int = 0
    patches: int = 0
    highlights: int = 0
    commits: int = 0
    kept: list[tuple[int, str]] = field(default_factory=list)
    unconverted: list[tuple[int, str]] = field(default_factory=list)
    #: Links to commits made citations, which link where ``bpfnews_commit_url`` says.
    cited: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        """The counts, then what was kept and what was not converted, line by line in
        the order of the source, so an editor can walk down the file."""
        counts = ", ".join(
            _ENGLISH.ngettext(singular, plural, count) % count
            for singular, plural, count in (
                ("%d talk", "%d talks", self.talks),
                ("%d series", "%d series", self.series),
                ("%d patch", "%d patches", self.patches),
                ("%d highlight", "%d highlights", self.highlights),
            )
        )
        if self.commits:
            counts += ", " + _ENGLISH.ngettext("%d commit", "%d commits", self.commits) % (
                self.commits
            )
        notes = [(line, f"kept as written: {what}") for line, what in self.kept]
        notes += [(line, f"commit link made a citation: {what}") for line, what in self.cited]
        notes += [(line, f"NOT CONVERTED: {why}") for line, why in self.unconverted]
        # By line; on one line, in the order the conversion noted them.
        notes.sort(key=lambda note: note[0])
        return "\n".join(
            [f"{self.source}: {counts} converted"]
            + [f"  line {line}: {note}" for line, note in notes]
        )


@dataclass
class _Series:
    """One patch entry as plain data: a subject (or "" for a prose entry), who sent it,
    where it is, its child patch lines and the notes that follow."""

    author: str
    subject: str
    url: str
    start: int
    children: list[str] = field(default_factory=list)
    child_subjects: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Talk:
    title: str
    kind: str
    url: str
    about: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    """What the headings above a block suggest: ``patches``, ``links`` or a talk kind
    (``talk``, ``video`` ...), and the level of the heading that said so."""

    hint: str = ""
    level: int = 0

    @property
    def talk_kind(self) -> str:
        return self.hint if self.hint in TALK_GROUPS.values() else ""


def _parser() -> MarkdownIt:
    """CommonMark with front matter, and MyST's colon fences, so that a page already
    holding directives keeps them as they are."""
    return MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


def _text(node: SyntaxTreeNode) -> str:
    """The plain text of a heading or paragraph."""
    inline = node.children[0] if node.children else None
    return inline.content if inline is not None else ""


def _heading_hint(name: str) -> str:
    """What a heading's words say of the blocks below it, or ""."""
    for word in re.findall(r"\w+", name.casefold()):
        if word in TALK_GROUPS:
            return TALK_GROUPS[word]
    if _PATCH_HINT.search(name):
        return "patches"
    if _LINKS_HINT.search(name):
        return "links"
    return ""


def _context(headings: list[tuple[int, str]]) -> _Context:
    """The innermost hint of the headings above; for talks, the level of the outermost
    talks heading, so a linked heading beside a "Videos" group is a video still."""
    hint = next((hint for _, hint in reversed(headings) if hint), "")
    if hint in TALK_GROUPS.values():
        return _Context(hint, min(level for level, h in headings if h in TALK_GROUPS.values()))
    return _Context(
        hint, next(level for level, h in reversed(headings) if h == hint) if hint else 0
    )


def _has_link(node: SyntaxTreeNode) -> bool:
    """True when a block holds a link or an address, anywhere inside it."""
    for token in node.walk():
        if token.type == "link" or (token.type == "text" and _URL_IN_TEXT.search(token.content)):
            return True
    return False


def directive_text(entry: _Series | _Talk, indent: str = "") -> list[str]:
    """The directive source of one entry, in tilde fences, each line indented by
    ``indent`` (an entry inside a list item). A series is written by
    :func:`~sphinxcontrib_bpfnews.core.directive_text.series_text`, the one writer of
    ``patch-series`` text; talks only the importer writes."""
    if isinstance(entry, _Talk):
        lines = [f"~~~{{talk}} {entry.title}", f":kind: {entry.kind}", f":url: {entry.url}"]
        if any(line.strip() for line in entry.about):
            lines += ["", *entry.about]
        lines.append("~~~")
    else:
        text = EntryText(
            subject=entry.subject,
            author=entry.author,
            url=entry.url,
            body="\n".join(entry.children),
            notes=entry.notes,
        )
        lines = series_text(text, fence_mark="~").splitlines()
    return [f"{indent}{line}".rstrip() for line in lines]


class _Converter:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.report = Report(source)
        self.tree = SyntaxTreeNode(_parser().parse(text))
        self.out: list[str] = []
        self.position = 0  # next source line not yet copied or replaced

    # -- copying and replacing source lines ------------------------------------

    def copy_until(self, end: int) -> None:
        self.out.extend(self.lines[self.position : end])
        self.position = max(self.position, end)

    def replace(self, start: int, end: int, new: list[str]) -> None:
        self.copy_until(start)
        self.out.extend(new)
        self.position = end

    # -- the walk --------------------------------------------------------------

    def convert(self) -> str:
        blocks = list(self.tree.children)
        self.front_matter(blocks)
        headings: list[tuple[int, str]] = []  # (written level, hint) of the headings above
        self.level = 1  # of the last heading kept; the page title is level 1
        self.levels: dict[int, int] = {1: 1}  # written level -> level used
        index = 0
        while index < len(blocks):
            block = blocks[index]
            context = _context(headings)
            if block.type == "heading":
                written = int(block.tag[1:])
                talk = self.talk_heading(block, context)
                if talk:
                    index = self.talk(blocks, index, talk)
                    continue
                headings = [(level, hint) for level, hint in headings if level < written]
                name = _text(block).strip()
                hint = _heading_hint(name)
                headings.append((written, hint))
                linked = _LINK_HEADING.fullmatch(self.lines[self.line_of(block) - 1].strip())
                if linked and written > 2:
                    title = linked.group("title")
                    self.heading_level(
                        block,
                        f"linked heading {title!r}, not a talk (no talks heading "
                        "above it, no video or slides address)",
                    )
                else:
                    self.heading_level(block)
                if context.talk_kind and written > context.level and not hint:
                    self.report.unconverted.append(
                        (self.line_of(block), f"heading {name!r} in a talks section has no link")
                    )
                elif written == 2 and hint not in ("patches", *TALK_GROUPS.values()):
                    self.keep(block, f"section {name!r}")
            elif self.is_highlights_intro(blocks, index):
                self.highlights(blocks[index + 1])
                index += 2
                continue
            elif block.type in ("bullet_list", "ordered_list"):
                new = self.list_lines(block, context, top=True)
                if new is not None:
                    start, end = block.map or (0, 0)
                    self.replace(start, end, new)
            elif block.type == "paragraph":
                self.paragraph(block, context)
            elif _SITE_SPECIFIC.match(self.source_of(block)):
                self.keep(block, f"site-specific line {self.source_of(block).strip()!r}")
            elif block.type == "blockquote" and _has_link(block):
                self.keep(block, "a quote")
            index += 1
        self.copy_until(len(self.lines))
        page, citations = cite_commits("\n".join(self.out) + "\n")
        self.note_citations(citations)
        return page

    def note_citations(self, citations: list[Cited]) -> None:
        """Count the citations, and tell each link made one at its line in the source
        (the converted page's lines are not the source's): its address changes to
        ``bpfnews_commit_url``'s."""
        self.report.commits = len(citations)
        searched = 0
        for written, url, shown in citations:
            if url:
                searched = next(
                    (n for n in range(searched, len(self.lines)) if url in self.lines[n]),
                    searched,
                )
                self.report.cited.append((searched + 1, f"{written} is now {shown}"))

    def heading_level(self, heading: SyntaxTreeNode, kept: str = "") -> None:
        """Keep heading levels consecutive: blogs often jump from ``##`` to ``####``,
        which Sphinx reads as a broken structure. Siblings keep one level; the text
        stays as written. ``kept`` is what to report of a heading kept for a reason
        of its own (the level change is added to it)."""
        written = int(heading.tag[1:])
        level = self.levels[written] if written in self.levels else min(written, self.level + 1)
        self.levels = {k: v for k, v in self.levels.items() if k < written}
        self.levels[written] = self.level = level
        start, _ = heading.map or (0, 0)
        line = self.lines[start]
        what = kept or f"heading {_text(heading).strip()!r}"
        if level != written and line.lstrip().startswith("#"):
            self.replace(start, start + 1, ["#" * level + " " + line.lstrip().lstrip("#").lstrip()])
            self.report.kept.append((start + 1, f"{what}, as a level-{level} heading"))
        elif kept:
            self.report.kept.append((start + 1, kept))

    def source_of(self, node: SyntaxTreeNode) -> str:
        start, end = node.map or (0, 0)
        return "\n".join(self.lines[start:end])

    def line_of(self, node: SyntaxTreeNode) -> int:
        return (node.map or (0, 0))[0] + 1

    def keep(self, node: SyntaxTreeNode, what: str) -> None:
        self.report.kept.append((self.line_of(node), what))

    # -- front matter ------------------------------------------------------------

    def front_matter(self, blocks: list[SyntaxTreeNode]) -> None:
        matter = blocks[0] if blocks and blocks[0].type == "front_matter" else None
        data: dict[str, object] = {}
        if matter is not None and matter.map:
            try:
                loaded = yaml.safe_load(matter.content) or {}
            except yaml.YAMLError:
                loaded = {}
            data = loaded if isinstance(loaded, dict) else {}
            start, end = matter.map
            added = []
            title = str(data.get("title") or "")
            number = issue_number(
                {k: str(v) for k, v in data.items()}, title, str(data.get("path") or "")
            )
            if "issue" not in data and number is not None:
                added.append(f"issue: {number}")
            if "summary" not in data and data.get("ogSummary"):
                added.append(f"summary: {json.dumps(str(data['ogSummary']), ensure_ascii=False)}")
            closing = end - 1  # the closing --- line
            self.replace(closing, closing, added)
        if not any(b.type == "heading" and b.tag == "h1" for b in blocks) and data.get("title"):
            start = matter.map[1] if matter is not None and matter.map else 0
            self.copy_until(start)
            self.out.extend(["", f"# {data['title']}"])

    # -- highlights --------------------------------------------------------------

    def is_highlights_intro(self, blocks: list[SyntaxTreeNode], index: int) -> bool:
        block = blocks[index]
        return (
            block.type == "paragraph"
            and bool(_HIGHLIGHTS_INTRO.match(_text(block)))
            and index + 1 < len(blocks)
            and blocks[index + 1].type == "bullet_list"
        )

    def highlights(self, listing: SyntaxTreeNode) -> None:
        start, end = listing.map or (0, 0)
        _, items, blank = split_blank_lines(self.lines[start:end])
        self.replace(start, end, ["~~~{highlight}", *items, "~~~", *blank])
        self.report.highlights += len(listing.children)

    # -- talks -------------------------------------------------------------------

    def talk_heading(self, heading: SyntaxTreeNode, context: _Context) -> _Talk | None:
        """The talk a heading names: a linked heading below a talks heading, or one
        whose address is a video, a slide deck or a conference's talk page."""
        written = int(heading.tag[1:])
        match = _LINK_HEADING.fullmatch(self.lines[self.line_of(heading) - 1].strip())
        if not match:
            return None
        if context.talk_kind and written > context.level:
            return _Talk(match.group("title"), context.talk_kind, match.group("url"))
        kind = talk_kind(match.group("url"))
        return _Talk(match.group("title"), kind, match.group("url")) if kind else None

    def talk(self, blocks: list[SyntaxTreeNode], index: int, talk: _Talk) -> int:
        start, end = blocks[index].map or (0, 0)
        following = index + 1
        while following < len(blocks) and blocks[following].type != "heading":
            following += 1
        body_end = (
            (blocks[following].map or (0, 0))[0] if following < len(blocks) else len(self.lines)
        )
        _, talk.about, _ = split_blank_lines(self.lines[end:body_end])
        new = directive_text(talk)
        if following < len(blocks):
            new.append("")
        self.replace(start, body_end, new)
        self.report.talks += 1
        return following

    def list_talk(self, text: str, context: _Context) -> _Talk | None:
        """A list item that is a linked title (and a description): a talk below a
        talks heading (not an articles one), or one at a talk's address."""
        match = _LINKED_TITLE.fullmatch(text)
        if not match or not match.group("title").strip():
            return None
        # The address says more than a "Talks" heading: a video, or slides.
        kind = talk_kind(match.group("url")) or ""
        if context.talk_kind not in ("", "article") and kind in ("", "talk"):
            kind = context.talk_kind
        if not kind:
            return None
        about = match.group("about")
        return _Talk(match.group("title"), kind, match.group("url"), [about] if about else [])

    # -- patch entries -------------------------------------------------------------

    def accepted(self, shape: Shape, context: _Context, strong_nearby: bool) -> bool:
        """Whether a shape read from the text is a patch entry, by its subject first;
        headings and neighbours only decide for a ``subsystem: summary`` subject."""
        if shape.form == "prose" or shape.strength == STRONG:
            return True
        if context.hint == "links" or context.talk_kind:
            return False
        if shape.strength == WEAK and (shape.patch_address or strong_nearby):
            return True
        return context.hint == "patches" and shape.form in ("linked", "by") and bool(shape.author)

    def read_item(self, item: SyntaxTreeNode) -> tuple[str, list[str]]:
        """An item's first paragraph, its bullet taken off: joined on one line, and as
        its lines."""
        paragraphs = [c for c in item.children if c.type == "paragraph"]
        if not paragraphs:
            return "", []
        raw = _BULLET.sub("", self.source_of(paragraphs[0]), count=1)
        lines = [line.strip() for line in raw.strip().splitlines()]
        return " ".join(lines), lines

    def item_shape(self, item: SyntaxTreeNode) -> Shape | None:
        text, lines = self.read_item(item)
        if not text:
            return None
        if prose := read_prose("\n".join(lines)):
            return prose
        if linked := read_linked(text):
            return linked
        bare = read_bare(lines)
        return bare[0] if bare and len(bare) == 1 else None

    def item_series(self, item: SyntaxTreeNode, shape: Shape) -> _Series:
        paragraphs = [c for c in item.children if c.type == "paragraph"]
        series = _Series(shape.author, shape.subject, shape.url, self.line_of(item))
        if shape.notes:
            series.notes.append(shape.notes)
        for child in item.children:
            if child is paragraphs[0]:
                continue
            if child.type in ("bullet_list", "ordered_list") and shape.form != "prose":
                for sub in child.children:
                    line = " ".join(part.strip() for part in self.source_of(sub).splitlines())
                    line = _BULLET.sub("", line, count=1)
                    series.children.append("- " + line)
                    found = read_linked(line) or next(iter(read_bare([line]) or []), None)
                    series.child_subjects.append(found.subject if found else "")
            else:
                series.notes.append(textwrap.dedent(self.source_of(child)).strip())
        return series

    def list_lines(
        self, listing: SyntaxTreeNode, context: _Context, *, top: bool = False
    ) -> list[str] | None:
        """The list with its entries written as directives, or None when it holds
        none (and what was kept, and why, is reported)."""
        items = list(self.entries(listing))
        shapes = [self.item_shape(item) for item in items]
        strong_nearby = any(
            s is not None and (s.form == "prose" or s.strength == STRONG) for s in shapes
        )
        found: list[_Series | _Talk | None] = []
        for item, shape in zip(items, shapes, strict=True):
            if shape is not None and self.accepted(shape, context, strong_nearby):
                found.append(self.item_series(item, shape))
            else:
                found.append(self.list_talk(self.read_item(item)[0], context))
        start, end = listing.map or (0, 0)
        indent = " " * (len(self.lines[start]) - len(self.lines[start].lstrip()))
        nested = [self.nested_lines(item, context) for item in items]
        any_series = any(isinstance(entry, _Series) for entry in found)
        if not any(found) and not any(lines is not None for lines in nested):
            self.report_kept_list(listing, items, context)
            return None
        new: list[str] = []
        previous: _Series | None = None
        for item, entry, inner in zip(items, found, nested, strict=True):
            if isinstance(entry, _Series) and previous and self.continues(previous, entry):
                previous.children.append(f"- [{entry.subject}]({entry.url})")
                previous.child_subjects.append(entry.subject)
                previous.children += entry.children
                previous.child_subjects += entry.child_subjects
                previous.notes += entry.notes
                continue
            if previous:
                new += [*self.write(previous, indent), ""]
                previous = None
            if entry is not None and new and new[-1].strip():
                new.append("")  # a directive after an item kept as written
            if isinstance(entry, _Series):
                previous = entry
            elif isinstance(entry, _Talk):
                self.report.talks += 1
                new += [*directive_text(entry, indent), ""]
            else:
                new += inner if inner is not None else self.item_source(item)
                if inner is None:
                    self.report_leftover(item, context, any_series)
        if previous:
            new += [*self.write(previous, indent), ""]
        _, new, _ = split_blank_lines(new)
        *_, blank = split_blank_lines(self.lines[start:end])
        return [*new, *(blank or ([""] if top else []))]

    def item_source(self, item: SyntaxTreeNode) -> list[str]:
        return [self.lines[line] for line in range(*(item.map or (0, 0)))]

    def nested_lines(self, item: SyntaxTreeNode, context: _Context) -> list[str] | None:
        """An item that is no entry but groups entries in a list of its own
        (``- Networking`` over its patches): its lines with the inner lists converted,
        or None when none of them holds an entry."""
        lists = [
            (child, child.map)
            for child in item.children[1:]
            if child.type in ("bullet_list", "ordered_list") and child.map
        ]
        if not lists or self.item_shape(item) or self.list_talk(self.read_item(item)[0], context):
            return None
        start, end = item.map or (0, 0)
        new: list[str] = []
        position, changed = start, False
        for child, (child_start, child_end) in lists:
            inner = self.list_lines(child, context)
            if inner is None:
                continue
            new += self.lines[position:child_start] + inner
            position, changed = child_end, True
        return [*new, *self.lines[position:end]] if changed else None

    def report_leftover(self, item: SyntaxTreeNode, context: _Context, any_series: bool) -> None:
        """An item kept in a list that holds entries: not converted when the list is a
        patch list, kept when it is a list of talks."""
        text = self.read_item(item)[0]
        if not text:
            self.report.unconverted.append((self.line_of(item), "list item without text"))
        elif any_series or context.hint == "patches":
            self.report.unconverted.append((self.line_of(item), f"no linked subject in {text!r}"))
        else:
            self.report.kept.append((self.line_of(item), f"not a talk: {text!r}"))

    def report_kept_list(
        self, listing: SyntaxTreeNode, items: list[SyntaxTreeNode], context: _Context
    ) -> None:
        """Why a list with no entry stays as written; its items are not converted when
        a patches heading is above it or an item is a subject without its link."""
        missing = [item for item in items if subject_without_link(self.read_item(item)[0])]
        if context.hint == "patches" or missing:
            for item in items:
                text = self.read_item(item)[0]
                if item in missing:
                    why = f"a patch subject without its link: {text!r}"
                elif not text:
                    why = "list item without text"
                else:
                    why = f"no linked subject in {text!r}"
                self.report.unconverted.append((self.line_of(item), why))
        elif _has_link(listing):
            self.keep(listing, "a list of links with no patch subjects")
        else:
            self.keep(listing, "a list with no links")

    def paragraph(self, block: SyntaxTreeNode, context: _Context) -> None:
        """A paragraph that is an entry (prose closed by its author and link) or a run
        of entries one per line; any other paragraph with a link is kept, and said."""
        start, end = block.map or (0, 0)
        lines = [line.strip() for line in self.lines[start:end]]
        if _SITE_SPECIFIC.match(self.source_of(block)):
            self.keep(block, f"site-specific line {self.source_of(block).strip()!r}")
            return
        shapes: list[Shape] | None = None
        if prose := read_prose("\n".join(lines)):
            shapes = [prose]
        else:
            linked = [read_linked(line) for line in lines]
            if all(s is not None and not s.notes for s in linked):
                shapes = [s for s in linked if s is not None]
            else:
                shapes = read_bare(lines)
        strong = any(s.strength == STRONG for s in shapes or [])
        if shapes and all(self.accepted(s, context, strong) for s in shapes):
            new: list[str] = []
            for shape in shapes:
                series = _Series(shape.author, shape.subject, shape.url, start + 1)
                if shape.notes:
                    series.notes.append(shape.notes)
                new += [*self.write(series, ""), ""]
            _, new, _ = split_blank_lines(new)
            self.replace(start, end, new)
            return
        if subject_without_link("\n".join(lines)):
            self.report.unconverted.append(
                (start + 1, f"a patch subject without its link: {lines[0]!r}")
            )
        elif _has_link(block):
            self.keep(block, "prose with links, no patch entry")

    def entries(self, listing: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
        """The list's items; a doubled bullet (``- - Author, ...``) reads as one item."""
        for item in listing.children:
            first = item.children[0] if item.children else None
            if (
                first is not None
                and first.type in ("bullet_list", "ordered_list")
                and len(item.children) == 1
            ):
                yield from self.entries(first)
            else:
                yield item

    def continues(self, previous: _Series, current: _Series) -> bool:
        """True when ``current`` is the next patch of ``previous``'s series, listed as
        an entry of its own by the same author."""
        if not previous.subject or not current.subject:
            return False
        if previous.author.casefold() != current.author.casefold() or current.children:
            return False
        first, last = parse_subject(previous.subject), parse_subject(current.subject)
        # The last patch listed so far: reading them all again would make a long
        # series take quadratic time.
        last_index = (
            parse_subject(previous.child_subjects[-1]).index
            if previous.child_subjects
            else first.index
        )
        return (
            last.index is not None
            and last.total is not None
            and last.total > 1
            and last.total == first.total
            and last.version == first.version
            and last.tree == first.tree
            and last_index is not None
            and last.index == last_index + 1
        )

    def write(self, series: _Series, indent: str) -> list[str]:
        self.report.series += 1
        self.report.patches += 1 + len(series.children)
        return directive_text(series, indent)


#: The directives whose body is Markdown an author wrote (a patch-series' patch
#: lines excepted, whose addresses stay); others' bodies (code, math) stay as written.
_PROSE_DIRECTIVES = re.compile(
    r"\{(?:bpfnews:)?(?P<name>patch-series|talk|highlight)\}(?P<argument>.*)"
)
_OPTION_LINE = re.compile(r"^:[\w-]+:")
_BACKTICKS = re.compile(r"(?<!\\)`+")
_MARKDOWN_LINK = (
    r"(?<!!)\[(?P<text>[^\[\]]*)\]\((?P<url>[^()\s]+)\)|<(?P<autolink>https?://[^<>\s]+)>"
)
#: What may be a citation, in text outside code: a link (whose text is never read
#: for mentions, being a link already), or a mention.
_CITABLE = re.compile(f"{_MARKDOWN_LINK}|{MENTION.pattern}")
#: A link text that names a commit by hash, ``commit HASH`` or ``HASH ("subject")``.
_HASH_TEXT = re.compile(
    r"(?:(?P<word>[Cc]ommit)\s+)?(?P<sha>[0-9a-fA-F]{4,40})(?:\s+(?P<rest>\(.*\)))?"
)
#: A link text that is the commit's subject: quoted, or ``subsystem: summary``.
_QUOTED = re.compile(r'\(?["\u201c](?P<subject>.+)["\u201d]\)?')
_KERNEL_SUBJECT = re.compile(r"[\w./+-]+(?:,\s*[\w./+-]+)*:\s+\S.*")

#: A citation the importer made: the markup as written, the link's address ("" for
#: a mention) and the citation.
Cited = tuple[str, str, str]


def _role(text: str) -> str:
    """``{commit}`TEXT```, fenced with more backticks than ``TEXT`` holds."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{{commit}}{fence}{pad}{text}{pad}{fence}"


def _from_link(text: str, sha: str) -> str:
    """The citation for a link to commit ``sha`` whose text is ``text``: the role
    alone when the text is the hash or the subject; else the text kept as written
    and the citation after it, in parentheses."""
    words = " ".join(text.split())
    short = sha[:KERNEL_LENGTH]
    named = _HASH_TEXT.fullmatch(words)
    if named and (sha.startswith(named["sha"].lower()) or named["sha"].lower().startswith(sha)):
        word = f"{named['word']} " if named["word"] else ""
        rest = f" {named['rest']}" if named["rest"] else ""
        # A hash written shorter than the kernel's 12 gets the address's 12.
        written = named["sha"] if len(named["sha"]) >= len(short) else short
        return word + _role(written + rest)
    if not words or kernel_commit(words):  # no text, or the address itself
        return _role(short)
    if quoted := _QUOTED.fullmatch(words):
        return _role(citation_text(short, quoted["subject"]))
    if _KERNEL_SUBJECT.fullmatch(words):
        return _role(citation_text(short, words))
    return f"{text} ({_role(short)})"


def _cite(groups: dict[str, str], written: str) -> tuple[str, Cited | None]:
    """A match of :data:`_CITABLE` (its groups, its text) rewritten, and what was
    cited (the markup as written, the link's address or "", the citation), or None
    when it is left as it is."""
    if groups["sha"]:
        # A role is read on one line: a subject wrapped onto the next is joined.
        subject = " ".join(groups["subject"].split())
        shown = _role(citation_text(groups["sha"], subject))
        return f"{groups['word']}{groups['space']}{shown}", (written, "", shown)
    url = groups["url"] or groups["autolink"]
    sha = kernel_commit(url)
    if not sha:
        return written, None
    shown = _from_link(groups["text"], sha)
    return shown, (written, url, shown)


def _without_code(text: str) -> str:
    """``text`` with every code span's content blanked out (a backtick run opens a
    span that the next run of as many backticks closes), so that nothing in code is
    read as a citation, while a link whose text holds code is still one link."""
    shadow = list(text)
    search = 0
    while opening := _BACKTICKS.search(text, search):
        closing = re.compile(rf"(?<!`){opening.group(0)}(?!`)").search(text, opening.end())
        if closing is None:
            search = opening.end()
            continue
        shadow[opening.start() : closing.end()] = "\0" * (closing.end() - opening.start())
        search = closing.end()
    return "".join(shadow)


def _cite_text(text: str, found: list[Cited]) -> str:
    """``text`` with its commit mentions and kernel commit links made citations."""
    parts: list[str] = []
    position = 0
    for match in _CITABLE.finditer(_without_code(text)):
        groups = {
            name: text[match.start(name) : match.end(name)] if match.start(name) >= 0 else ""
            for name in match.re.groupindex
        }
        new, citation = _cite(groups, text[match.start() : match.end()])
        if citation:
            found.append(citation)
        parts += [text[position : match.start()], new]
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def _prose_ranges(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """The line ranges of ``text`` that hold prose: paragraphs and headings, also
    inside the newsletter's directives, but no code, front matter or HTML, no option
    lines and no patch lines."""
    ranges = []
    for token in _parser().parse(text):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "inline":
            ranges.append((offset + start, offset + end))
        elif token.type in ("fence", "colon_fence") and (
            directive := _PROSE_DIRECTIVES.fullmatch(token.info.strip())
        ):
            body = token.content.splitlines()
            skip = 0
            while skip < len(body) and _OPTION_LINE.match(body[skip].strip()):
                skip += 1
            if directive["name"] == "patch-series" and directive["argument"].strip():
                skip += split_series_body(body[skip:])[1]
            ranges += _prose_ranges("\n".join(body[skip:]), offset + start + 1 + skip)
    return ranges


def cite_commits(page: str) -> tuple[str, list[Cited]]:
    """``page`` with its commit mentions and kernel commit links made ``{commit}``
    citations, and each citation made (as written, the link's address or "", the
    citation).

    Mentions are ``commit HASH``, ``commit HASH ("subject")`` and ``Fixes: HASH
    ("subject")``, with 12 hexadecimal digits or more. A link's text is kept when the
    citation cannot show it ("[this fix](...)" becomes ``this fix ({commit}`HASH`)``).
    """
    lines = page.split("\n")
    found: list[Cited] = []
    # From the last range, so that a range made shorter moves none still to come.
    for start, end in sorted(_prose_ranges(page), reverse=True):
        in_range: list[Cited] = []
        cited = _cite_text("\n".join(lines[start:end]), in_range)
        lines[start:end] = cited.split("\n")
        found[:0] = in_range
    return "\n".join(lines), found


def convert_issue(text: str, source: str = "<issue>") -> tuple[str, Report]:
    """The MyST page for a plain-Markdown issue, and what was done."""
    converter = _Converter(text, source)
    return converter.convert(), converter.report
