"""Reading the body of a ``patch-series`` directive: child patch lines, then notes.

The body starts with an optional bullet list, one child patch per item, written as
``- SUBJECT <URL>``, ``- [SUBJECT](URL)`` (the form existing newsletters use, so
lists paste unchanged), ``- SUBJECT URL`` or a bare ``- SUBJECT``. Whatever follows
the list is the author's commentary. Items are read here rather than by the markup
parser so that subjects stay data and reST and MyST read them the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

_BULLET = re.compile(r" {0,3}[-*+](?:\s+(.*))?$")
_LINK_FORM = re.compile(r"\[(?P<subject>.*)\]\((?P<url>\S*)\)\s*$")
_ANGLE_FORM = re.compile(r"(?P<subject>.*?)\s*<(?P<url>[^<>\s]+)>\s*$")
_BARE_URL_FORM = re.compile(r"(?P<subject>.*?)\s+(?P<url>https?://\S+)\s*$")


@dataclass(frozen=True)
class PatchLine:
    """One item of the child list.

    ``index`` is the item's first line within the directive body; ``is_patch`` is
    false when the item does not start with a subject's bracket group, in which case
    ``subject`` holds the item's whole text so that nothing is lost.
    """

    text: str
    subject: str
    url: str
    index: int
    is_patch: bool


def _read_item(text: str, index: int) -> PatchLine:
    for form in (_LINK_FORM, _ANGLE_FORM, _BARE_URL_FORM):
        if (match := form.match(text)) and match.group("subject").strip():
            subject, url = match.group("subject").strip(), match.group("url")
            break
    else:
        subject, url = text, ""
    return PatchLine(text, subject, url, index, subject.startswith("["))


def split_series_body(lines: Sequence[str]) -> tuple[list[PatchLine], int]:
    """The child patch lines and the index of the first commentary line.

    The index is ``len(lines)`` when there is no commentary.
    """
    items: list[tuple[int, list[str]]] = []
    i, count = 0, len(lines)
    while i < count and not lines[i].strip():
        i += 1
    while i < count:
        text = lines[i]
        if bullet := _BULLET.match(text):
            items.append((i, [bullet.group(1) or ""]))
        elif not text.strip():
            following = next((j for j in range(i, count) if lines[j].strip()), count)
            if following < count and _BULLET.match(lines[following]):
                i = following
                continue
            break
        elif items and text[:1].isspace():
            items[-1][1].append(text.strip())
        else:
            break
        i += 1
    while i < count and not lines[i].strip():
        i += 1
    return [_read_item(" ".join(p for p in parts if p), index) for index, parts in items], i
