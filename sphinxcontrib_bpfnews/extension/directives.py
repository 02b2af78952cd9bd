"""The ``patch-series``, ``talk`` and ``highlight`` directives: text to model to nodes.

The directives check what the author wrote and warn in the extension's own
vocabulary (:mod:`~sphinxcontrib_bpfnews.extension.diagnostics`) instead of letting docutils
reject the whole block: options are accepted by a catch-all spec and checked here,
and arguments are optional so a missing one is reported, not fatal. Rendering is
left to :mod:`~sphinxcontrib_bpfnews.extension.render`.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import Highlight as CodeHighlight
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from sphinxcontrib_bpfnews.core.directive_text import EARLIER_NOTE
from sphinxcontrib_bpfnews.core.ids import id_text
from sphinxcontrib_bpfnews.core.links import mailing_list, refusal, unsafe_scheme
from sphinxcontrib_bpfnews.core.model import (
    DEFAULT_TALK_KIND,
    REVIEW_TRAILERS,
    TALK_KINDS,
    Patch,
    Series,
    Talk,
)
from sphinxcontrib_bpfnews.core.patch_lines import split_series_body
from sphinxcontrib_bpfnews.core.records import link_of, series_record, talk_record
from sphinxcontrib_bpfnews.core.sentences import first_sentence
from sphinxcontrib_bpfnews.core.series_checks import check_series
from sphinxcontrib_bpfnews.core.subjects import parse_subject
from sphinxcontrib_bpfnews.core.text import CONTROL_CHARACTERS, split_blank_lines
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import first_paragraph_markup
from sphinxcontrib_bpfnews.extension.diagnostics import WarningSubtype, warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.index_entries import (
    IndexEntry,
    index_nodes,
    markup_rows,
    series_entries,
    talk_entries,
)
from sphinxcontrib_bpfnews.extension.labels import HIGHLIGHTS_TITLE, shown_date
from sphinxcontrib_bpfnews.extension.link_checks import checked_address, clean_references
from sphinxcontrib_bpfnews.extension.render import render_highlights, render_series, render_talk

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class AcceptAnyOption(dict[str, "Callable[[str | None], Any]"]):
    """An option spec that lets every option through as text.

    Docutils rejects a directive with an unknown option outright (and MyST drops
    the option with a generic warning); accepting everything lets the directive
    report unknown options itself, with a ``bpfnews.option`` warning, and keep the
    rest of the block.
    """

    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        return directives.unchanged

    def __bool__(self) -> bool:
        # MyST only reads an option block when the spec is truthy.
        return True


class NewsletterDirective(SphinxDirective):
    """What the three directives share: optional argument, checked options, warnings."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    #: The options this directive understands.
    known_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = AcceptAnyOption.fromkeys(cls.known_options, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        self.replace_control_characters()
        if not (self.arguments or self.options or "".join(self.content).strip()):
            self.warn("empty", f"empty '{self.name}' directive: nothing to show")
            return []
        for name in sorted(self.options.keys() - set(self.known_options)):
            accepted = ", ".join(f":{known}:" for known in self.known_options) or "none"
            self.warn(
                "option",
                f"unknown option ':{name}:' in '{self.name}' "
                f"(accepted: {accepted}); its value {self.options[name]!r} is not shown",
            )
        for name in self.known_options:
            # Usually a value not pasted yet: say so rather than show nothing.
            if name in self.options and not self.option(name):
                self.warn("option", f"':{name}:' is empty in '{self.name}': give it a value")
        node_list = self.build()
        for node in node_list:
            self.set_source_info(node)
        return node_list

    def build(self) -> list[nodes.Node]:
        """The directive's nodes; options are already checked."""
        raise NotImplementedError

    def replace_control_characters(self) -> None:
        """Show control characters (pasted from terminals and mail) as U+FFFD.

        No output format can carry them: HTML forbids them and TeX stops at them.
        """
        found = False

        def clean(text: str) -> str:
            nonlocal found
            cleaned = CONTROL_CHARACTERS.sub("\ufffd", text)
            found = found or cleaned != text
            return cleaned

        self.arguments = [clean(argument) for argument in self.arguments]
        self.options = {
            name: clean(value) if isinstance(value, str) else value
            for name, value in self.options.items()
        }
        for index, line in enumerate(self.content):
            if CONTROL_CHARACTERS.search(line):
                self.content[index] = clean(line)
        if found:
            self.warn(
                "text", "control characters replaced with \ufffd (no output format can show them)"
            )

    @property
    def argument(self) -> str:
        return self.arguments[0].strip() if self.arguments else ""

    def option(self, name: str) -> str:
        return str(self.options.get(name) or "").strip()

    def location(self, content_index: int | None = None) -> str:
        """``file:line`` of the directive, or of one line of its body."""
        if content_index is None or (line := self.content_line(content_index)) is None:
            return self.get_location()
        if type(self.state).__module__.startswith("myst_parser"):
            return f"{self.get_source_info()[0]}:{line}"
        return f"{self.content.info(content_index)[0]}:{line}"

    def content_line(self, content_index: int) -> int | None:
        """The line number in its file of one line of the body, if known."""
        if type(self.state).__module__.startswith("myst_parser"):
            # MyST numbers body lines from 0 and the body offset from the directive.
            return self.lineno + self.content_offset + 1 + content_index
        offset = self.content.info(content_index)[1]
        return None if offset is None else offset + 1

    def inline_line(self, start: int) -> int:
        """What ``parse_inline`` needs for the roles in the body from line ``start`` on
        (a ``{commit}`` citation) to report the body's first line: MyST counts it from
        0, docutils from 1."""
        first = next(n for n, line in enumerate(self.content[start:], start) if line.strip())
        line = self.content_line(first)
        if line is None:
            return self.lineno
        return line - 1 if type(self.state).__module__.startswith("myst_parser") else line

    def warn(self, subtype: WarningSubtype, message: str, content_index: int | None = None) -> None:
        warn(subtype, message, self.location(content_index))

    def anchor(self, prefix: str, title: str) -> tuple[str, str]:
        """The component's id on the page, and the ``:name:`` the author gave it.

        ``:name:`` makes the id stable and lets ``{bpfnews:series}`` and
        ``{bpfnews:talk}`` link to the component from any page. Without it the id
        is made from the title, with a hash of it when the title is in a script
        ASCII cannot spell (:func:`~sphinxcontrib_bpfnews.core.ids.id_text`): otherwise
        every Japanese title would get a counter, which changes when a talk is
        added above it.
        """
        name = self.option("name")
        anchor = make_id(self.env, self.state.document, prefix, id_text(name or title))
        # Reserve it, so the next component with the same title gets another id.
        self.state.document.ids[anchor] = nodes.Element()
        return anchor, name

    def safe_url(self, url: str, content_index: int | None = None) -> tuple[str, str]:
        """(address to link, refused address): only http, https, mailto and relative
        addresses become links; any other scheme is refused with a warning. A link
        kept is checked, and cleaned when the settings say so (:mod:`.link_checks`)."""
        scheme = unsafe_scheme(url)
        if not scheme:
            return checked_address(url, self.location(content_index), self.config), ""
        self.warn("url", refusal(url, scheme), content_index)
        return "", url

    def check_name(self, used_in: str, name: str) -> None:
        if used_in:
            self.warn(
                "name",
                f"':name: {name}' is already used in {used_in!r}; links by this name go there",
            )

    def index(self, entries: list[IndexEntry], anchor: str) -> list[nodes.Node]:
        """General index entries pointing at ``anchor``; the HTML index pages get the
        markup of those with code from the domain (see :mod:`.index_entries`)."""
        domain_of(self.env).note_index_markup(self.env.docname, markup_rows(entries))
        return index_nodes(entries, anchor)

    def parse_body(self, start: int = 0) -> list[nodes.Node]:
        """The body from line ``start`` on, parsed as ordinary markup, its links
        cleaned when the settings say so, before any record keeps its text."""
        body = self._parsed_body(start)
        clean_references(body, self.config)
        return body

    def _parsed_body(self, start: int) -> list[nodes.Node]:
        if not "".join(self.content[start:]).strip():
            return []
        lines = [line for line in self.content[start:] if line.strip()]
        if _is_plain_paragraph(lines, self.content[start:]):
            # The common case (one sentence of description) without the cost of a
            # nested parse, which is most of a talk's cost in a large newsletter.
            text = " ".join(line.strip() for line in lines)
            inline, messages = self.parse_inline(text, lineno=self.inline_line(start))
            paragraph = nodes.paragraph(text, "", *inline)
            self.set_source_info(paragraph)
            # Its own first line, where warnings about its links point.
            first = next(i for i, line in enumerate(self.content[start:], start) if line.strip())
            paragraph.line = self.content_line(first) or paragraph.line
            return [paragraph, *messages]
        holder = nodes.Element()
        try:
            self.state.nested_parse(self.content[start:], self.content_offset + start, holder)
        except RecursionError:
            # Docutils' reader nests one state machine per level ("- - - ...").
            self.warn(
                "body",
                f"the body of '{self.name}' nests too deeply to be read; shown as written",
                start,
            )
            text = "\n".join(self.content[start:]).strip("\n")
            block = nodes.literal_block(text, text)
            self.set_source_info(block)
            return [block]
        self._leave_out_rules(holder)
        return list(holder.children)

    def _leave_out_rules(self, holder: nodes.Element) -> None:
        """Take out the horizontal rules (``---`` in MyST) of the body, with a warning.

        A rule (a docutils transition) belongs between a page's sections only:
        docutils 0.22 warns about one anywhere else, and docutils 0.20 and 0.21
        stop the build with an assertion when one is the first thing in its block
        (``- ***``). Taking them out here gives the same page and one warning
        naming the line whatever docutils is installed.
        """
        source = self.get_source_info()[0]
        for rule in list(holder.findall(nodes.transition)):
            where = f"{source}:{rule.line}" if rule.line else self.get_location()
            warn(
                "body",
                f"a horizontal rule cannot stand inside '{self.name}' (rules separate "
                "a page's sections); left out",
                where,
            )
            rule.parent.remove(rule)


class PatchSeriesDirective(NewsletterDirective):
    """A mailing-list patch series, or a single patch; or, without a subject, an entry
    written as prose: a ``:url:`` to the thread and a body that is the entry's text."""

    known_options: ClassVar[tuple[str, ...]] = (
        "author",
        "url",
        "name",
        *REVIEW_TRAILERS,
        "change-id",
    )

    def build(self) -> list[nodes.Node]:
        prose = not self.argument and bool(self.option("url"))
        has_body = bool("".join(self.content).strip())
        if not self.argument and not (prose and has_body):
            self.warn(
                "argument",
                "'patch-series' needs the subject as its argument, "
                "e.g. '[PATCH v2 net-next 0/3] bpf: ...', or, for an entry written as "
                "prose, a ':url:' to the thread and the entry's text as its body",
            )
        # A prose entry's body is its text, never a list of patches.
        lines, notes_start = ([], 0) if prose else split_series_body(list(self.content))
        for item in lines:
            if not item.is_patch:
                self.warn(
                    "patch",
                    f"not a patch line: {item.text!r} (expected "
                    "'- [PATCH ...] title <URL>' or '- [[PATCH ...] title](URL)'); "
                    "shown as written",
                    item.index,
                )
        patches = []
        for item in lines:
            url, refused = self.safe_url(item.url, item.index)
            patches.append(Patch(parse_subject(item.subject), url, refused))
        url, refused = self.safe_url(self.option("url"))
        notes = self.parse_body(notes_start)
        series = Series(
            parse_subject(self.argument),
            self.option("author"),
            url,
            tuple(patches),
            refused,
            review=tuple(
                (trailer, names)
                for trailer in REVIEW_TRAILERS
                if (names := _names(self.option(trailer)))
            ),
            # Without a subject, the text names the entry, a warning given or not.
            prose_title="" if self.argument else first_sentence(first_paragraph_markup(notes)),
            url_list="" if self.argument else mailing_list(url),
            change_id=self.option("change-id"),
        )
        child_lines = [self.content_line(item.index) for item in lines]
        for problem in check_series(series, child_lines):
            line = None if problem.child is None else lines[problem.child].index
            self.warn("series", problem.message, line)
        anchor, name = self.anchor("series", series.title)
        revisions = bn.bpfnews_revisions_placeholder("", docname=self.env.docname, anchor=anchor)
        node = render_series(series, notes, revisions)
        node["ids"].append(anchor)
        record = series_record(
            series,
            self.env.docname,
            anchor,
            name,
            _text(notes),
            (self.get_source_info()[1], child_lines),
            _earlier_message_ids(notes),
        )
        self.check_name(domain_of(self.env).note_series(record), name)
        return [*self.index(series_entries(series), anchor), node]


class TalkDirective(NewsletterDirective):
    """A talk, slide deck, video, podcast or article."""

    known_options: ClassVar[tuple[str, ...]] = ("kind", "url", "event", "speakers", "date", "name")

    def build(self) -> list[nodes.Node]:
        if not self.argument:
            self.warn("argument", "'talk' needs the title as its argument")
        kind = self.option("kind").lower() or DEFAULT_TALK_KIND
        if kind not in TALK_KINDS:
            self.warn(
                "kind",
                f"unknown talk kind {self.option('kind')!r} (accepted: "
                f"{', '.join(TALK_KINDS)}); shown as '{DEFAULT_TALK_KIND}'",
            )
            kind = DEFAULT_TALK_KIND
        date = self.option("date")
        if date and not _is_iso_date(date):
            self.warn("date", f"':date: {date}' is not an ISO date (YYYY-MM-DD); shown as written")
        speakers = _names(self.option("speakers"))
        url, refused = self.safe_url(self.option("url"))
        talk = Talk(
            self.argument,
            kind,
            url,
            self.option("event"),
            speakers,
            date,
            refused,
            shown_date(date, self.config),
        )
        description = self.parse_body()
        node = render_talk(talk, description)
        anchor, name = self.anchor("talk", talk.title)
        node["ids"].append(anchor)
        record = talk_record(
            talk, self.env.docname, anchor, name, _text(description), self.get_source_info()[1]
        )
        self.check_name(domain_of(self.env).note_talk(record), name)
        return [*self.index(talk_entries(talk), anchor), node]


#: Lines that could start something other than a paragraph, in MyST or reST.
_BLOCK_START = re.compile(r"\s|[-*+>#|:`~=^_.\[!<]|\d+[.)]\s|\w+::")


def _is_plain_paragraph(lines: list[str], block: Iterable[str]) -> bool:
    """True for a single paragraph with no line that could open another block."""
    _, text, _ = split_blank_lines(list(block))
    return (
        bool(lines)
        and all(line.strip() for line in text)
        and not any(_BLOCK_START.match(line) or line.rstrip().endswith("::") for line in lines)
    )


def _names(text: str) -> tuple[str, ...]:
    """Names separated by commas (a talk's speakers, a series' reviewers)."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _earlier_message_ids(notes: list[nodes.Node]) -> list[str]:
    """The message-ids of the links of the notes' ``Earlier:`` paragraph, which
    ``bpfnews series`` writes to name a series' earlier revisions."""
    found = []
    for paragraph in notes:
        if isinstance(paragraph, nodes.paragraph) and paragraph.astext().startswith(EARLIER_NOTE):
            for reference in paragraph.findall(nodes.reference):
                link = link_of(reference.get("refuri", ""))
                if link and link.message_id:
                    found.append(link.message_id)
    return found


def _text(body: list[nodes.Node]) -> str:
    """The plain text of parsed markup, paragraphs separated by blank lines. Comments
    (MyST's ``% ...`` lines) and the parser's messages (a reST line it took for a
    title's overline, say, reported below the level shown), which no reader sees,
    are not part of it: the export and the feeds would carry them."""
    return "\n\n".join(text for node in body if (text := _seen_text(node)))


def _seen_text(node: nodes.Node) -> str:
    """``node``'s text without the comments and parser messages in it."""
    if _unseen(node):
        return ""
    if not isinstance(node, nodes.Element) or next(node.findall(_unseen), None) is None:
        return node.astext()
    copy = node.deepcopy()
    for unseen in list(copy.findall(_unseen)):
        unseen.parent.remove(unseen)
    return copy.astext()


def _unseen(node: nodes.Node) -> bool:
    """Whether ``node`` is something of the body no reader sees."""
    return isinstance(node, (nodes.comment, nodes.system_message))


def _is_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class HighlightDirective(NewsletterDirective):
    """The issue's highlights: a box holding the author's content.

    The argument, if any, replaces the default title "Highlights".
    """

    def build(self) -> list[nodes.Node]:
        body = self.parse_body()
        if not body:
            self.warn("empty", "'highlight' has no content: nothing to highlight")
        domain_of(self.env).note_highlights(self.env.docname, _highlight_items(body))
        return [render_highlights(self.argument or str(HIGHLIGHTS_TITLE), body)]


def _highlight_items(body: list[nodes.Node]) -> list[str]:
    """Each highlight as text: the items of its lists, or its paragraphs."""
    items: list[str] = []
    for node in body:
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            items.extend(item.astext() for item in node.children)
        else:
            items.append(node.astext())
    return items


class HighlightOrCodeLanguageDirective(HighlightDirective):
    """``highlight`` without a domain: Sphinx's code-language setter or the newsletter box.

    Sphinx's own ``.. highlight:: c`` takes one argument and no content; the
    newsletter form always has content. Both keep working in the same project: a
    block without content is handed to Sphinx's directive unchanged.
    """

    def run(self) -> list[nodes.Node]:
        if "".join(self.content).strip() or not self.arguments:
            return super().run()
        options: dict[str, Any] = {}
        spec = CodeHighlight.option_spec or {}
        for name, value in sorted(self.options.items()):
            if name not in spec:
                self.warn(
                    "option",
                    f"unknown option ':{name}:' for setting the code language "
                    f"(accepted: {', '.join(f':{known}:' for known in spec)})",
                )
                continue
            try:
                options[name] = spec[name](str(value or ""))
            except (ValueError, TypeError) as error:
                self.warn("option", f"'highlight' option ':{name}: {value}' not used: {error}")
        return CodeHighlight(
            self.name,
            self.arguments,
            options,
            self.content,
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        ).run()
