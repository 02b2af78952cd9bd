"""The code blocks of the README and the documentation pages, as readers see them.

A reader copies these blocks: a ``conf.py`` snippet, an issue page, a command. The
tests in ``test_snippets.py`` take every block from here, so a block added to a page
is checked (or must be listed as unchecked) without anyone remembering to add it.
Blocks are found with the Markdown parser MyST itself uses, so a fence inside a
fence (an issue page shown with its directives) is one block, as on the page, and
the blocks inside a directive (``{only}``) are found too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .conftest import DOCS, REPO

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: The pages whose code blocks readers copy.
PAGES = [REPO / "README.md", *sorted(DOCS.glob("*.md"))]
#: A directive's option line, before its content.
_OPTION = re.compile(r"^:[\w-]+:")
_INCLUDE = re.compile(r"^\{literalinclude\}\s+")


@dataclass(frozen=True)
class Block:
    """One code block: its page (relative to the repository), the line its fence opens
    on, its language, its text, the paragraph just before it, where the pages say
    what the block is ("In `conf.py`:", "With furo, ..."), and the file that a
    ``literalinclude`` right after it shows (a command's output), if any."""

    page: str
    line: int
    language: str
    text: str
    before: str
    output: str = ""

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    def commands(self) -> list[str]:
        """The commands of a console block: its ``$ `` lines, without the prompt and
        any trailing comment, continuation lines joined."""
        text = self.text.replace("\\\n", " ")
        commands = []
        for line in text.splitlines():
            if line.startswith("$ "):
                command = re.sub(r"\s+#.*$", "", line[2:])
                commands.append(re.sub(r"\s+", " ", command).strip())
        return commands


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(colon_fence_plugin)


def _directive_body(text: str) -> str:
    """A directive's content without its option lines."""
    lines = text.splitlines()
    while lines and _OPTION.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def _blocks(page: str, text: str, first_line: int) -> Iterator[Block]:
    before = ""
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "inline" and index and tokens[index - 1].type == "paragraph_open":
            before = token.content
        if token.type not in ("fence", "code_block"):
            continue
        line = first_line + (token.map[0] if token.map else 0)
        info = token.info.strip()
        if info.startswith("{"):
            # A directive (only, important ...): the blocks inside it are on the page.
            yield from _blocks(page, _directive_body(token.content), line + 1)
            continue
        language = info.split()[0] if info else ""
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        output = ""
        if following is not None and following.type == "fence":
            output = (
                _INCLUDE.sub("", following.info.strip()) if _INCLUDE.match(following.info) else ""
            )
        yield Block(page, line + 1, language, token.content, before, output)


def code_blocks(pages: list[Path] | None = None) -> list[Block]:
    """Every code block of ``pages`` (the README and the documentation pages)."""
    found: list[Block] = []
    for path in pages or PAGES:
        page = path.relative_to(REPO).as_posix()
        found += _blocks(page, path.read_text(encoding="utf-8"), 0)
    return found


def named_files(blocks: list[Block]) -> dict[str, str]:
    """The files that blocks introduced with "In `NAME`" make, by name."""
    files = {}
    for block in blocks:
        match = re.match(r"(?:.*\s)?In `([^`]+)`", block.before, flags=re.DOTALL)
        if match:
            files[match.group(1)] = block.text
    return files
