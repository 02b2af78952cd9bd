"""Reading mailing-list patch subjects: the bracket tags and the title.

Authors paste subjects exactly as they were sent (``[PATCH v3 net-next 0/7] bpf: ...``).
Readers scan a newsletter by tree, version and position in a series, so those parts
are pulled out of the bracket groups and shown as badges, while the title is kept
character for character. This module is the single place that reads subjects; it
knows nothing about Sphinx so it can be used by the directives and the command line
alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Trees (and other targets) recognised as whole tokens inside bracket groups.
KNOWN_TREES: frozenset[str] = frozenset(
    {
        "net",
        "net-next",
        "bpf",
        "bpf-next",
        "iproute",
        "iproute2",
        "iproute2-next",
        "llvm",
        "linux-next",
        "mm",
        "nf",
        "nf-next",
        "ipsec",
        "ipsec-next",
        "wireless",
        "wireless-next",
        "stable",
    }
)

_GROUP = re.compile(r"\s*\[([^\[\]]*)\]")
_COUNTER = re.compile(r"(\d{1,4})/(\d{1,4})")
_MERCURIAL_COUNTER = re.compile(r"\b(\d{1,4}) of (\d{1,4})\b")
_VERSION = re.compile(r"[vV](\d+)")
_KEYWORD_VERSION = re.compile(r"(?i:patch|rfc)[vV](\d+)")
_SPLIT = re.compile(r"[\s,]+")
#: A conservative ``subsystem:`` prefix: words without spaces (commas allowed between
#: them), each level ending in a colon, e.g. ``bpf:``, ``samples/bpf:``,
#: ``bpf, arm64:`` or ``net: dsa:``.
_SUBSYSTEM = re.compile(r"(?:[A-Za-z0-9_./+-]+(?:, ?[A-Za-z0-9_./+-]+)*: )+")


@dataclass(frozen=True)
class Badge:
    """One tag shown beside a title: ``kind`` names what it is, ``label`` is the text."""

    kind: str
    label: str


@dataclass(frozen=True)
class Subject:
    """A subject line split into its tags and its title.

    ``raw`` is the subject as written; ``title`` is everything after the leading
    bracket groups; ``subsystem`` is the title's ``subsystem:`` prefix, if any, so
    that ``title == subsystem + summary``.
    """

    raw: str
    title: str
    tags: tuple[str, ...] = ()
    tree: str | None = None
    version: int | None = None
    version_label: str | None = None
    counter: int | None = None
    total: int | None = None
    counter_label: str | None = None
    patch: bool = False
    rfc: bool = False
    resend: bool = False
    other_tags: tuple[str, ...] = ()
    subsystem: str = ""

    @property
    def summary(self) -> str:
        """The title without its subsystem prefix."""
        return self.title[len(self.subsystem) :]

    @property
    def is_cover(self) -> bool:
        """True for a ``0/N`` cover letter."""
        return self.counter == 0 and bool(self.total)

    def badges(self, *, counter: bool = True) -> list[Badge]:
        """The tags a reader should see, in a stable order.

        ``PATCH`` itself is implied by the component and not repeated; everything
        else that was inside the brackets is shown, unknown tags included.
        """
        found: list[Badge] = []
        if self.tree:
            found.append(Badge("tree", self.tree))
        if self.version_label:
            found.append(Badge("version", self.version_label))
        if self.rfc:
            found.append(Badge("rfc", "RFC"))
        if self.resend:
            found.append(Badge("resend", "RESEND"))
        found.extend(Badge("tag", tag) for tag in self.other_tags)
        if counter and self.counter_label:
            found.append(Badge("counter", self.counter_label))
        return found


def parse_subject(raw: str) -> Subject:
    """Split ``raw`` into bracket tags and title; never raises."""
    rest = raw.strip()
    tokens: list[str] = []
    while match := _GROUP.match(rest):
        group = _MERCURIAL_COUNTER.sub(r"\1/\2", match.group(1))
        tokens.extend(token for token in _SPLIT.split(group) if token)
        rest = rest[match.end() :]
    title = rest.strip()

    tree: str | None = None
    version: int | None = None
    version_label: str | None = None
    counter: int | None = None
    total: int | None = None
    counter_label: str | None = None
    patch = rfc = resend = False
    other: list[str] = []
    for token in tokens:
        lower = token.lower()
        if lower == "patch":
            patch = True
        elif lower == "rfc":
            rfc = True
        elif lower == "resend":
            resend = True
        elif version is None and (m := _KEYWORD_VERSION.fullmatch(token)):
            patch = patch or lower.startswith("patch")
            rfc = rfc or lower.startswith("rfc")
            version, version_label = int(m.group(1)), f"v{m.group(1)}"
        elif version is None and (m := _VERSION.fullmatch(token)):
            version, version_label = int(m.group(1)), token.lower()
        elif counter is None and (m := _COUNTER.fullmatch(token)):
            counter, total, counter_label = int(m.group(1)), int(m.group(2)), token
        elif tree is None and lower in KNOWN_TREES:
            tree = lower
        else:
            other.append(token)

    subsystem_match = _SUBSYSTEM.match(title)
    return Subject(
        raw=raw,
        title=title,
        tags=tuple(tokens),
        tree=tree,
        version=version,
        version_label=version_label,
        counter=counter,
        total=total,
        counter_label=counter_label,
        patch=patch,
        rfc=rfc,
        resend=resend,
        other_tags=tuple(other),
        subsystem=subsystem_match.group(0) if subsystem_match else "",
    )
