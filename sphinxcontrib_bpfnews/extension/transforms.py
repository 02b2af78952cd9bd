"""A page checked as a whole, beside its directives: broken fences and unsafe links.

**Broken fences.** MyST fences that never opened a directive are caught, and the page
is read as the author meant it. Two slips turn a directive into a paragraph of literal
text without any error from MyST:

- CommonMark forbids backticks in the first line of a backtick fence, so
  ```` ```{patch-series} [PATCH] bpf: add `helper` ```` is not a directive at all.
  Worse, its closing fence then *opens* a code block, which swallows the next
  directive up to that directive's own closing fence: the next talk or series
  vanishes into a code listing, and its warnings with it.
- ``:::{talk}`` is a directive only with MyST's ``colon_fence`` extension. The
  skeletons ``bpfnews init`` and ``bpfnews new`` write use it, so a project that
  leaves it out of ``myst_enable_extensions`` shows the skeleton's series as a
  raw paragraph.

:func:`recover_broken_fences` runs on the page's source before MyST reads it: it
warns about each broken backtick fence and rewrites its two fence lines as tilde
fences (same lines, so every line number stays true), so the series is read as
the author meant it and the rest of the page as written. :class:`BrokenFenceCheck`
looks at the parsed page for what the source check cannot see, broken fences in
the body of another directive, and for colon fences MyST did not read.

**Unsafe links.** No unsafe link inside a newsletter component, whatever markup made
it. The directives refuse unsafe addresses in their own options and child lines;
:class:`UnsafeLinks` covers the rest of a component (commentary and descriptions are
ordinary markup, and reStructuredText links any scheme). A refused link keeps its
text and shows its address as inert code.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import FiletypeNotFoundError
from sphinx.transforms import SphinxTransform
from sphinx.util import get_filetype

from sphinxcontrib_bpfnews.core.links import refusal, unsafe_scheme
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.diagnostics import warn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it.token import Token
    from myst_parser.config.main import MdParserConfig
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# -- broken fences -----------------------------------------------------------------


_DIRECTIVE_NAMES = ("patch-series", "talk", "highlight")
_NAMES_PATTERN = "|".join(_DIRECTIVE_NAMES)
#: The text of a paragraph MyST made of a backtick fence's first line.
_BROKEN_FENCE = re.compile(rf"`{{3,}}\s*\{{(?:bpfnews:)?({_NAMES_PATTERN})\}}")
#: The text of a paragraph MyST made of a colon fence's first line.
_COLON_FENCE = re.compile(r":{3,}\s*\{([A-Za-z][\w.:+-]*)\}")
#: A source line that opens a backtick fence with a backtick in its info string:
#: the fence, after any block-quote markers, list marker and indentation.
#: Possessive quantifiers: a line of thousands of blanks must not backtrack.
_BROKEN_OPENING = re.compile(
    r"^(?P<lead>[ \t>]*+(?:(?:[-+*]|\d{1,9}[.)])[ \t]++)?)(?P<fence>`{3,})[ \t]*+"
    rf"\{{(?:bpfnews:)?(?P<name>{_NAMES_PATTERN})\}}.*`",
    re.MULTILINE,
)
_TILDES = re.compile(r"[ \t>]*+(~{3,})")
#: Lines as markdown-it counts them: ended by LF, CRLF or a lone CR.
_LINES = re.compile(r".*?(?:\r\n|\r|\n)|.+\Z", re.DOTALL)


def page_myst_config(env: BuildEnvironment, docname: str, text: str) -> MdParserConfig | None:
    """The MyST settings the page is read with, or None for a page MyST does not read.

    These are ``conf.py``'s ``myst_*`` settings updated by the page's front matter
    (``myst: {enable_extensions: [...]}``), exactly as MyST's parser merges them.
    """
    try:
        filetype = get_filetype(env.config.source_suffix, env.doc2path(docname))
    except FiletypeNotFoundError:
        return None
    config: MdParserConfig | None = getattr(env, "myst_config", None)
    if filetype != "markdown" or config is None:
        return None
    # Imported here: only pages with a suspect fence or paragraph get this far.
    from myst_parser.config.main import (
        TopmatterReadError,
        merge_file_level,
        read_topmatter,
    )

    try:
        topmatter = read_topmatter(text)
    except TopmatterReadError:
        return config  # MyST reports it when it reads the page
    if not topmatter:
        return config
    # MyST warns about bad front matter itself: stay quiet here.
    return merge_file_level(config, topmatter, lambda _type, _message: None)


def recover_broken_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """Warn about backtick fences broken by a backtick, and read them as tilde fences.

    Connected to ``source-read``. MyST's own Markdown parser (with the page's
    settings) decides what is a paragraph, so fences shown inside code blocks are
    left alone. A repair can uncover a broken fence that the stray code block had
    swallowed, so the page is parsed again until no repair is left to make; pages
    without a candidate line are not parsed here at all.
    """
    text = source[0]
    candidates = len(_BROKEN_OPENING.findall(text))
    if not candidates:
        return
    config = page_myst_config(app.env, docname, text)
    if config is None:
        return
    # Imported here: only pages with a suspect fence get this far.
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    parser = create_md_parser(config, RendererHTML)
    lines = _LINES.findall(text)
    skipped: set[int] = set()  # broken fences that never close: nothing swallowed
    for _ in range(candidates):  # each pass repairs or skips at least one
        found = _broken_paragraphs(parser.parse("".join(lines)), skipped)
        if not found:
            break
        repaired_up_to = -1
        for line in found:
            if line <= repaired_up_to:
                continue  # in the body of the block just repaired: see the next pass
            opening = _BROKEN_OPENING.match(lines[line])
            closing = _repair(lines, line, opening) if opening else None
            if opening is None or closing is None:
                skipped.add(line)  # BrokenFenceCheck still warns about it
                continue
            repaired_up_to = closing
            warn(
                "fence",
                f"this '{opening['name']}' is not a directive as written: "
                f"{_fence_advice(opening['name'])}; read as if it were, up to its closing "
                f"fence on line {closing + 1}",
                (docname, line + 1),
            )
    source[0] = "".join(lines)


def _broken_paragraphs(tokens: Sequence[Token], skipped: set[int]) -> list[int]:
    """The first lines (from 0) of the paragraphs made of a broken fence, in order."""
    return [
        token.map[0]
        for token, following in itertools.pairwise(tokens)
        if token.type == "paragraph_open"
        and token.map
        and token.map[0] not in skipped
        and following.type == "inline"
        and _BROKEN_FENCE.match(following.content)
    ]


def _repair(lines: list[str], opening: int, match: re.Match[str]) -> int | None:
    """Turn the broken fence at ``opening`` and its closing fence into tilde fences.

    The closing fence is the first later line of only backticks, at least as many
    as the opening's: where the fence would have closed had it been valid. Returns
    that line, or None (nothing changed) when the fence never closes, which leaves
    no stray code block to recover from.
    """
    width = len(match["fence"])
    closing_fence = re.compile(rf"[ \t>]*+(`{{{width},}})[ \t]*+(?:\r\n|\r|\n)?\Z")
    for index in range(opening + 1, len(lines)):
        closing = closing_fence.match(lines[index])
        if closing:
            break
    else:
        return None
    # A tilde fence closes at a line of as many tildes: outlast any in the body.
    body = (_TILDES.match(line) for line in lines[opening + 1 : index])
    tildes = "~" * max([width, *(len(m.group(1)) + 1 for m in body if m)])
    line = lines[opening]
    lines[opening] = line[: match.start("fence")] + tildes + line[match.end("fence") :]
    line = lines[index]
    lines[index] = line[: closing.start(1)] + tildes + line[closing.end(1) :]
    return index


def _fence_advice(name: str) -> str:
    return (
        "a backtick fence cannot carry backticks on its first line; open it with "
        f"'~~~{{{name}}}' or ':::{{{name}}}' (colon_fence) instead"
    )


class BrokenFenceCheck(SphinxTransform):
    """Warn about paragraphs that start like a fenced directive MyST did not read."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        colon_fence: bool | None = None  # worked out at the first colon paragraph
        for paragraph in self.document.findall(nodes.paragraph):
            first = paragraph.children[0] if paragraph.children else None
            if not isinstance(first, nodes.Text) or not first.startswith(("`", ":")):
                continue  # cheap test first: pages of long series have many paragraphs
            text = paragraph.astext()
            if match := _BROKEN_FENCE.match(text):
                name = match.group(1)
                warn(
                    "fence",
                    f"this '{name}' is not a directive: {_fence_advice(name)}",
                    paragraph,
                )
            elif match := _COLON_FENCE.match(text):
                if colon_fence is None:
                    colon_fence = self.colon_fence_enabled()
                if colon_fence:
                    continue  # an escaped colon: the author wants the text
                name = match.group(1)
                warn(
                    "fence",
                    f"this '{name}' is not a directive: a ':::' fence needs MyST's "
                    'colon_fence extension; add "colon_fence" to myst_enable_extensions '
                    "in conf.py",
                    paragraph,
                )

    def colon_fence_enabled(self) -> bool:
        """Whether the page is Markdown read with ``colon_fence``; True for other pages.

        A page that is not MyST has no colon fences to miss. Read only when a page
        has a paragraph that looks like one.
        """
        docname = self.env.docname
        encoding = self.env.settings.get("input_encoding", "utf-8-sig")
        try:
            text = Path(self.env.doc2path(docname)).read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError):
            text = ""
        config = page_myst_config(self.env, docname, text)
        return config is None or "colon_fence" in config.enable_extensions


# -- unsafe links ------------------------------------------------------------------


class UnsafeLinks(SphinxTransform):
    """Turn references with unsafe schemes inside components into plain text."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for component in self.document.findall(bn.bpfnews_block):
            for reference in list(component.findall(nodes.reference)):
                uri = reference.get("refuri", "")
                scheme = unsafe_scheme(uri) if uri else ""
                if not scheme or reference.parent is None:
                    continue
                warn("url", refusal(uri, scheme), reference)
                text = nodes.inline("", "", *reference.children)
                address = nodes.literal(uri, uri, classes=["bpfnews-refused-url"])
                reference.parent.replace(reference, [text, nodes.Text(" "), address])
