"""Converting a plain-Markdown newsletter issue into a page that uses the directives.

The source is parsed with markdown-it-py (the parser MyST itself uses), so code
spans, escapes and nested lists are read right; the output is assembled from the
source's own lines, so whatever is not converted stays exactly as it was written,
and what is converted keeps its text character for character (subjects, titles,
descriptions). Every decision goes into a :class:`Report`.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from sphinxcontrib_bpfnews.core.frontmatter import issue_number
from sphinxcontrib_bpfnews.core.subjects import parse_subject
from sphinxcontrib_bpfnews.core.text import split_blank_lines

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Section and group headings whose link headings are talks, and the kind they give.
TALK_GROUPS = {
    "presentations": "talk",
    "talks": "talk",
    "videos": "video",
    "video": "video",
    "slides": "slides",
    "podcasts": "podcast",
    "articles": "article",
}
PATCH_SECTIONS = {"patches", "patch series"}
_HIGHLIGHTS_INTRO = re.compile(r"(?i)^the highlights\b")
_LINK_HEADING = re.compile(r"#+\s*\[(?P<title>.*)\]\((?P<url>[^)\s]+)\)\s*#*\s*$")
_ENTRY = re.compile(
    r"(?P<author>[^\[]*?)[\s,:;-]*\[(?P<subject>.*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)"
    r"(?P<rest>.*)$",
    re.DOTALL,
)
_BULLET = re.compile(r"(?:\s*[-*+]\s+)+")  # one or more: "- - x" is a doubled bullet
_SITE_SPECIFIC = re.compile(r"^\s*(?:import\s.*;\s*$|<[A-Z]\w*[\s/>])")
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
    kept: list[tuple[int, str]] = field(default_factory=list)
    unconverted: list[tuple[int, str]] = field(default_factory=list)

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
        notes = [(line, f"kept as written: {what}") for line, what in self.kept]
        notes += [(line, f"NOT CONVERTED: {why}") for line, why in self.unconverted]
        # By line; on one line, in the order the conversion noted them.
        notes.sort(key=lambda note: note[0])
        return "\n".join(
            [f"{self.source}: {counts} converted"]
            + [f"  line {line}: {note}" for line, note in notes]
        )


@dataclass
class _Series:
    author: str
    subject: str
    url: str
    start: int
    children: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin)


def _text(node: SyntaxTreeNode) -> str:
    """The plain text of a heading or paragraph."""
    inline = node.children[0] if node.children else None
    return inline.content if inline is not None else ""


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
        section, group = "", ""
        self.level = 1  # of the last heading kept; the page title is level 1
        self.levels: dict[int, int] = {1: 1}  # written level -> level used
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.type == "heading":
                name = _text(block).strip().lower()
                is_talk = block.tag != "h2" and section in TALK_GROUPS and name not in TALK_GROUPS
                if not is_talk:
                    self.heading_level(block)
                if block.tag == "h2":
                    section, group = name, TALK_GROUPS.get(name, "")
                    if name not in TALK_GROUPS and name not in PATCH_SECTIONS:
                        self.keep(block, f"section {_text(block).strip()!r}")
                elif section in TALK_GROUPS and name in TALK_GROUPS:
                    group = TALK_GROUPS[name]
                elif section in TALK_GROUPS:
                    index = self.talk(blocks, index, group or TALK_GROUPS[section])
                    continue
            elif self.is_highlights_intro(blocks, index):
                self.highlights(blocks[index + 1])
                index += 2
                continue
            elif section in PATCH_SECTIONS and block.type == "bullet_list":
                self.patch_list(block)
            elif _SITE_SPECIFIC.match(self.source_of(block)):
                self.keep(block, f"site-specific line {self.source_of(block).strip()!r}")
            index += 1
        self.copy_until(len(self.lines))
        return "\n".join(self.out) + "\n"

    def heading_level(self, heading: SyntaxTreeNode) -> None:
        """Keep heading levels consecutive: blogs often jump from ``##`` to ``####``,
        which Sphinx reads as a broken structure. Siblings keep one level; the text
        stays as written."""
        written = int(heading.tag[1:])
        level = self.levels[written] if written in self.levels else min(written, self.level + 1)
        self.levels = {k: v for k, v in self.levels.items() if k < written}
        self.levels[written] = self.level = level
        start, _ = heading.map or (0, 0)
        line = self.lines[start]
        if level != written and line.lstrip().startswith("#"):
            self.replace(start, start + 1, ["#" * level + " " + line.lstrip().lstrip("#").lstrip()])
            self.report.kept.append(
                (start + 1, f"heading {_text(heading).strip()!r}, as a level-{level} heading")
            )

    def source_of(self, node: SyntaxTreeNode) -> str:
        start, end = node.map or (0, 0)
        return "\n".join(self.lines[start:end])

    def keep(self, node: SyntaxTreeNode, what: str) -> None:
        self.report.kept.append(((node.map or (0, 0))[0] + 1, what))

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

    def talk(self, blocks: list[SyntaxTreeNode], index: int, kind: str) -> int:
        heading = blocks[index]
        start, end = heading.map or (0, 0)
        match = _LINK_HEADING.fullmatch(self.lines[start].strip())
        if not match:
            self.report.unconverted.append(
                (start + 1, f"heading {_text(heading)!r} in a talks section has no link")
            )
            return index + 1
        following = index + 1
        while following < len(blocks) and blocks[following].type != "heading":
            following += 1
        body_end = (
            (blocks[following].map or (0, 0))[0] if following < len(blocks) else len(self.lines)
        )
        _, body, _ = split_blank_lines(self.lines[end:body_end])
        new = [
            f"~~~{{talk}} {match.group('title')}",
            f":kind: {kind}",
            f":url: {match.group('url')}",
        ]
        new += ["", *body] if any(line.strip() for line in body) else []
        new.append("~~~")
        if following < len(blocks):
            new.append("")
        self.replace(start, body_end, new)
        self.report.talks += 1
        return following

    # -- patch lists -------------------------------------------------------------

    def patch_list(self, listing: SyntaxTreeNode) -> None:
        start, end = listing.map or (0, 0)
        new: list[str] = []
        previous: _Series | None = None
        for item in self.entries(listing):
            series = self.read_entry(item)
            if series is None:
                if previous:
                    new += self.directive(previous)
                    previous = None
                new += [self.lines[line] for line in range(*(item.map or (0, 0)))]
                continue
            if previous and self.continues(previous, series):
                previous.children.append(f"- [{series.subject}]({series.url})")
                previous.children += series.children
                previous.notes += series.notes
                continue
            if previous:
                new += self.directive(previous)
            previous = series
        if previous:
            new += self.directive(previous)
        _, new, _ = split_blank_lines(new)
        *_, blank = split_blank_lines(self.lines[start:end])
        self.replace(start, end, [*new, *(blank or [""])])

    def entries(self, listing: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
        """The list's items; a doubled bullet (``- - Author, ...``) reads as one item."""
        for item in listing.children:
            first = item.children[0] if item.children else None
            if first is not None and first.type == "bullet_list" and len(item.children) == 1:
                yield from self.entries(first)
            else:
                yield item

    def read_entry(self, item: SyntaxTreeNode) -> _Series | None:
        paragraphs = [c for c in item.children if c.type == "paragraph"]
        first_line = (item.map or (0, 0))[0] + 1
        if not paragraphs:
            self.report.unconverted.append((first_line, "list item without text"))
            return None
        head = paragraphs[0]
        text = _BULLET.sub("", self.source_of(head), count=1).strip()
        text = " ".join(line.strip() for line in text.splitlines())
        match = _ENTRY.match(text)
        if not match or not match.group("subject").strip():
            self.report.unconverted.append((first_line, f"no linked subject in {text!r}"))
            return None
        series = _Series(
            match.group("author").strip().rstrip(","),
            match.group("subject"),
            match.group("url"),
            first_line,
        )
        if match.group("rest").strip():
            series.notes.append(match.group("rest").strip())
        for child in item.children:
            if child is head:
                continue
            if child.type == "bullet_list":
                for sub in child.children:
                    line = " ".join(part.strip() for part in self.source_of(sub).splitlines())
                    series.children.append("- " + _BULLET.sub("", line, count=1))
            else:
                series.notes.append(self.source_of(child).strip())
        return series

    def continues(self, previous: _Series, current: _Series) -> bool:
        """True when ``current`` is the next patch of ``previous``'s series, listed as
        an entry of its own by the same author."""
        if previous.author.casefold() != current.author.casefold() or current.children:
            return False
        first, last = parse_subject(previous.subject), parse_subject(current.subject)
        numbers = [first.index] + [parse_subject(c).index for c in self._child_subjects(previous)]
        return (
            last.index is not None
            and last.total is not None
            and last.total > 1
            and last.total == first.total
            and last.version == first.version
            and last.tree == first.tree
            and numbers[-1] is not None
            and last.index == numbers[-1] + 1
        )

    @staticmethod
    def _child_subjects(series: _Series) -> list[str]:
        found = []
        for line in series.children:
            match = _ENTRY.match(_BULLET.sub("", line, count=1))
            found.append(match.group("subject") if match else "")
        return found

    def directive(self, series: _Series) -> list[str]:
        self.report.series += 1
        self.report.patches += 1 + len(series.children)
        lines = [f"~~~{{patch-series}} {series.subject}"]
        if series.author:
            lines.append(f":author: {series.author}")
        lines.append(f":url: {series.url}")
        body = list(series.children)
        if series.notes:
            body += ([""] if body else []) + ["\n\n".join(series.notes)]
        if body:
            lines += ["", *body]
        return [*lines, "~~~", ""]


def convert_issue(text: str, source: str = "<issue>") -> tuple[str, Report]:
    """The MyST page for a plain-Markdown issue, and what was done."""
    converter = _Converter(text, source)
    return converter.convert(), converter.report
