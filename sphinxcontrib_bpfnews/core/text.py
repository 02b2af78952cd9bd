"""Text as authors paste it: characters no output can show, and blank lines around a block.

Newsletter text comes from mail archives, chat and old posts, so it carries control
characters and stray blank lines. What counts as either is decided here once, for
the directives, the feeds, the link checks and the importer alike.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Characters no output format can show: the C0 controls but tab and line breaks, DEL
#: and the C1 controls (HTML forbids them, TeX stops at them), lone surrogates and the
#: noncharacters U+FFFE and U+FFFF (XML cannot hold them, even escaped).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def split_blank_lines(lines: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """``lines`` as the blank lines before the text, the text, and the blank lines
    after it; lines that are all blank are all "after"."""
    start, end = 0, len(lines)
    while end > start and not lines[end - 1].strip():
        end -= 1
    while start < end and not lines[start].strip():
        start += 1
    return list(lines[:start]), list(lines[start:end]), list(lines[end:])
