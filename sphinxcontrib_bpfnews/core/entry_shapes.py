"""The shapes in which newsletters write a patch entry in plain text, read by shape.

Archives written by hand list patches in a handful of ways, under any heading or
none: ``Author, [SUBJECT](URL)`` (children nested below), ``[SUBJECT](URL) by
Author``, a sentence of prose closed by ``(Author, [link](URL))``, or a bare subject
followed by its address. What makes a line a patch entry is its subject, read by
:func:`~sphinxcontrib_bpfnews.core.subjects.parse_subject`: a bracketed tag group
(``[PATCH ...]``, ``[GIT PULL]``, an LLVM commit) is a subject on its own, while a
``subsystem: summary`` shape alone (``libbpf: fix ...``) is only a hint, since blog
titles take that shape too; the address then has to be a patch's (patchwork, lore,
a list archive, a commit). Being conservative here is what keeps ordinary link lists
(news, blog posts, talks) as the author wrote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sphinxcontrib_bpfnews.core.links import classify_link
from sphinxcontrib_bpfnews.core.subjects import parse_subject

#: A subject is certain: it carries a bracketed tag group a patch tool writes.
STRONG = 2
#: A subject has the ``subsystem: summary`` shape, and needs a patch's address too.
WEAK = 1

#: Where a patch's address points, as :func:`classify_link` names the site.
PATCH_SITES = frozenset({"patchwork", "lore", "archive", "commit"})
#: The labels of a prose entry's link that say nothing the entry does not: dropping
#: them loses nothing.
PROSE_LABELS = frozenset({"link", "lore", "patch", "patches", "series", "thread", "patchwork"})
#: Lowercase words that belong in names (``Arnaldo Carvalho de Melo``).
_PARTICLES = frozenset(
    {"de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den",
     "la", "le", "bin", "al", "ter", "zu"}
)  # fmt: skip
_URL = r"[^()\s]*(?:\([^()\s]*\)[^()\s]*)*"
#: ``Author, [SUBJECT](URL) rest`` and, with no author, ``[SUBJECT](URL) by Author``.
_LINKED = re.compile(
    rf"(?P<author>[^\[]*?)[\s,:;-]*\[(?P<subject>.*)\]\((?P<url>{_URL})\)(?P<rest>.*)$",
    re.DOTALL,
)
_BY = re.compile(
    r"\s*(?:[-–—,]\s*)?by\s+(?P<author>[^,;()\[\]]+?)\s*(?P<rest>(?:[,;(]|\s[-–—]\s).*)?\.?\s*$"
)
#: Prose closed by ``(Author, [link](URL))``, the successor newsletter's form.
_PROSE = re.compile(
    rf"(?P<body>.*\S)\s*\(\s*(?P<author>[^()\[\]]+?)\s*,\s*\[(?P<label>[^\[\]]+)\]"
    rf"\((?P<url>{_URL})\)\s*\)\s*(?P<end>\.?)\s*$",
    re.DOTALL,
)
_BARE_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+)>?")
#: A subject then its address on the same line, after a space or a colon.
_SUBJECT_THEN_URL = re.compile(r"(?P<subject>.*?\S)\s*[:–—-]?\s+<?(?P<url>https?://[^\s<>]+)>?\s*$")
_AUTHOR_PREFIX = re.compile(r"(?P<author>[^\[\],:]{1,80}?)\s*[,:]\s+(?P<subject>\[.*)$")
_TAG_KEYWORD = re.compile(r"(?i)\b(?:patch\w*|rfc\w*|resend|git|pull)\b")
_BARE_TAGS = re.compile(r"(?:PATCH|RFC)\b")
_REPLY = re.compile(r"(?i)^(?:(?:re|fwd?)\s*:\s*)+")
#: The bracket groups a subject starts with (one level of nesting: ``[PATCH [RFC]]``).
_GROUPS = re.compile(r"(?:\s*\[(?:[^\[\]]|\[[^\[\]]*\])*\])+")
_VERSION = re.compile(r"(?i)\bv\d+\b")


@dataclass(frozen=True)
class Shape:
    """One entry as written: ``form`` is ``linked`` (author first), ``by`` (author
    after), ``prose`` or ``bare``; ``subject`` is "" for prose, whose text is
    ``notes``; for the other forms ``notes`` is what follows the link."""

    form: str
    subject: str
    url: str
    author: str = ""
    notes: str = ""

    @property
    def strength(self) -> int:
        return subject_strength(self.subject) if self.subject else 0

    @property
    def patch_address(self) -> bool:
        return is_patch_address(self.url)


def subject_strength(subject: str) -> int:
    """:data:`STRONG` for a tagged subject, :data:`WEAK` for a lowercase (or path)
    ``subsystem: summary`` one, else 0."""
    text = _REPLY.sub("", subject.strip())
    parsed = parse_subject(text)
    if parsed.kind in ("pull", "commit"):
        return STRONG
    if groups := _GROUPS.match(text):
        written = groups.group(0)
        if (
            _TAG_KEYWORD.search(written)
            or _VERSION.search(written)
            or parsed.tree
            or parsed.index is not None
        ):
            return STRONG
    elif _BARE_TAGS.match(text) and parsed.title != text:
        return STRONG
    subsystem = parsed.subsystem
    if subsystem and parsed.summary.strip() and (subsystem[0].islower() or "/" in subsystem):
        return WEAK
    return 0


def is_patch_address(url: str) -> bool:
    """True for an address of patchwork, lore, a list archive or a commit."""
    return classify_link(url).site in PATCH_SITES


def plausible_author(text: str) -> bool:
    """True for what reads as a person's name (or nothing): a few words, each
    capitalised or a name particle, so that a sentence before a link is no author."""
    words = text.split()
    if not words:
        return True
    if len(words) > 6 or any(mark in text for mark in "!?;:()"):
        return False
    return all(not word[0].islower() or word in _PARTICLES for word in words)


def read_linked(text: str) -> Shape | None:
    """``Author, [SUBJECT](URL) rest`` or ``[SUBJECT](URL) by Author rest``, from an
    entry's text joined on one line; None for any other shape."""
    match = _LINKED.match(text)
    if not match or not match.group("subject").strip():
        return None
    author = match.group("author").strip().rstrip(",").strip()
    rest = match.group("rest").strip()
    if not author and (by := _BY.match(match.group("rest"))):
        return Shape(
            "by",
            match.group("subject"),
            match.group("url"),
            by.group("author").strip(),
            (by.group("rest") or "").strip().lstrip(",;").strip(),
        )
    if not plausible_author(author):
        return None
    return Shape("linked", match.group("subject"), match.group("url"), author, rest)


def read_prose(text: str) -> Shape | None:
    """Prose closed by ``(Author, [link](URL))``, the address a patch's; ``notes``
    holds the prose as written (its lines kept)."""
    match = _PROSE.match(text.strip())
    if not match or not is_patch_address(match.group("url")):
        return None
    if match.group("label").strip().casefold() not in PROSE_LABELS:
        return None  # a label that says something ("v3") would be lost
    author = match.group("author").strip()
    if not plausible_author(author) or not match.group("body").strip():
        return None
    body = match.group("body").rstrip() + match.group("end")  # a full stop after it
    return Shape("prose", "", match.group("url"), author, body)


def read_bare(lines: list[str]) -> list[Shape] | None:
    """Bare subjects each followed by their address, on the next line or after a space
    or colon; None unless every line is part of one."""
    found: list[Shape] = []
    index = 0
    lines = [line.strip() for line in lines if line.strip()]
    while index < len(lines):
        line = lines[index]
        if index + 1 < len(lines) and (url := _BARE_URL.fullmatch(lines[index + 1])):
            subject, address = line.rstrip(":").rstrip(), url.group("url")
            index += 2
        elif same := _SUBJECT_THEN_URL.fullmatch(line):
            subject, address = same.group("subject"), same.group("url")
            index += 1
        else:
            return None
        author = ""
        prefixed = _AUTHOR_PREFIX.fullmatch(subject)
        if prefixed and plausible_author(prefixed.group("author")):
            author, subject = prefixed.group("author").strip(), prefixed.group("subject")
        if "](" in subject or "http" in subject:
            return None
        found.append(Shape("bare", subject, address, author))
    return found or None


def subject_without_link(text: str) -> bool:
    """True when ``text`` starts with a tagged subject but holds no address: an entry
    whose link is missing."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return subject_strength(first) == STRONG and "](" not in text and not _BARE_URL.search(text)
