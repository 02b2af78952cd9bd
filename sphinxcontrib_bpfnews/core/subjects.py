"""Reading mailing-list patch subjects the way patchwork and b4 do, and a little better.

Authors paste subjects exactly as they were sent (``[PATCH v3 net-next 0/7] bpf:
...``), in whatever shape the list used: tags in any order and case, several
bracket groups, comma-separated tags, a list tag in front, reply markers, LLVM
commit mails and pull requests. Readers scan a newsletter by tree, version and
position in a series, so those parts are pulled out while the title is kept as
written. This module is the single place that reads subjects; it knows nothing of
Sphinx so the directives, the command line and the importer share it.

Where patchwork and b4 disagree, this parser takes the reading that matches what
people meant (see the docs' "How subjects are read" for each difference):
tags split on commas and whitespace (patchwork; b4 misses ``[PATCH v6,19/24]``);
glued ``PATCHv2``/``RFCv2`` split into keyword and version (b4; patchwork keeps
version 1); junk before a counter allowed (patchwork); trees matched as whole tokens
(never substrings, unlike NIPA); no implied version 1 when none is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from email.header import decode_header, make_header
from functools import lru_cache
from typing import Any, Literal

SubjectKind = Literal["patch", "cover", "pull", "commit"]

#: Trees and other targets recognised as whole tokens inside bracket groups.
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
        "bpf-llvm",
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
#: Trees whose patches name a branch too: ``[PATCH iproute2 master]``.
BRANCHED_TREES: frozenset[str] = frozenset({"iproute", "iproute2"})
#: Branch qualifiers (after a branched tree, or alone as in ``[PATCH -next]``).
BRANCHES: frozenset[str] = frozenset({"master", "-master", "main", "next", "-next", "net-next"})
#: Mailing lists whose name a list manager puts in front of subjects.
KNOWN_LISTS: frozenset[str] = frozenset(
    {"iovisor-dev", "qemu-devel", "xdp-newbies", "llvm-dev", "llvm-commits", "netdev"}
)

_REPLY = re.compile(r"(?i)(?:(?:re|fwd?|aw|sv|antw)\s*:|re\s(?=\s*\S))\s*")
_MERCURIAL_COUNTER = re.compile(r"(\d+) of (\d+)")
_SPLIT = re.compile(r"[\s,;]+")
_GLUED_VERSION = re.compile(r"(?i)\b(patch|rfc)v(\d+)\b")
_RFC = re.compile(r"(?i)rfc(?:/patch)?|patch/rfc")
_VERSION = re.compile(r"[vV](\d+)")
# Junk before the counter is allowed, as patchwork does since 2.1 (``PATCH1/8``).
_COUNTER = re.compile(r".*?(\d{1,5})/(\d{1,5})")
_TITLE_VERSION = re.compile(r"\([vV](\d+)\)")
# A subject whose tags lost their brackets: ``PATCH bpf-next: bpf: fix``.
_BARE_TAGS = re.compile(r"((?:PATCH|RFC)(?:[ ,]+[\w.-]+)*):\s+")
_LLVM_COMMIT = re.compile(r"r(\d+)\s+-\s+(.*)", re.DOTALL)
_PULL_TITLE = re.compile(r"(?i)pull[- ]request:\s*")
#: A conservative ``subsystem:`` prefix: words without spaces (commas allowed between
#: them), each level ending in a colon and a space, e.g. ``bpf: ``, ``samples/bpf: ``,
#: ``bpf, arm64: `` or ``net: dsa: ``. Colons inside the summary are left alone.
_SUBSYSTEM = re.compile(r"(?:[A-Za-z0-9_./+-]+(?:, ?[A-Za-z0-9_./+-]+)*: )+")


@dataclass(frozen=True)
class Badge:
    """One tag shown beside a title: ``kind`` names what it is, ``label`` is the text."""

    kind: str
    label: str


@dataclass(frozen=True)
class Subject:
    """A subject line split into its parts.

    ``raw`` is the subject as written. ``title`` is what follows the tags (for an
    LLVM commit mail, what follows the revision), and ``subsystem`` the subsystem its
    ``subsystem:`` prefix names (``bpf``, ``net: dsa``), without the ``: `` that ends
    the prefix; ``title == subsystem_prefix + summary``. ``tags`` holds
    every bracket token that is not otherwise understood, in order; ``list_tag`` the
    mailing list's name put in front (``[iovisor-dev]``). ``version`` is None when
    no version is written (patchwork would say 1).
    """

    raw: str
    title: str
    kind: SubjectKind = "patch"
    subsystem: str = ""
    tree: str | None = None
    branch: str | None = None
    version: int | None = None
    index: int | None = None
    total: int | None = None
    counter_label: str | None = None
    rfc: bool = False
    resend: bool = False
    revision: str | None = None
    tags: tuple[str, ...] = ()
    list_tag: str | None = None
    reply: bool = False

    @property
    def subsystem_prefix(self) -> str:
        """The subsystem as the title writes it, ended by ``: `` (``bpf: ``), or ""."""
        return f"{self.subsystem}: " if self.subsystem else ""

    @property
    def summary(self) -> str:
        """The title without its subsystem prefix."""
        return self.title[len(self.subsystem_prefix) :]

    @property
    def is_cover(self) -> bool:
        return self.kind == "cover"

    def badges(self, *, counter: bool = True) -> list[Badge]:
        """The tags a reader should see, in a stable order.

        ``PATCH`` is implied by the component and version 1 by the absence of a
        version, so neither is shown; every other tag is.
        """
        found: list[Badge] = []
        if self.kind in ("pull", "commit"):
            found.append(Badge(self.kind, self.kind))
        if self.revision:
            found.append(Badge("revision", self.revision))
        if self.tree:
            found.append(Badge("tree", self.tree))
        if self.branch:
            found.append(Badge("branch", self.branch))
        if self.version and self.version > 1:
            found.append(Badge("version", f"v{self.version}"))
        if self.rfc:
            found.append(Badge("rfc", "RFC"))
        if self.resend:
            found.append(Badge("resend", "RESEND"))
        if self.list_tag:
            found.append(Badge("list", self.list_tag))
        found.extend(Badge("tag", tag) for tag in self.tags)
        if counter and self.counter_label:
            found.append(Badge("counter", self.counter_label))
        return found

    def as_json(self) -> dict[str, Any]:
        """The parse as plain data, for the command line and exports."""
        # Field by field rather than dataclasses.asdict, which deep-copies, and by
        # names listed once (:data:`_FIELDS`): ``fields()`` builds its tuple anew on
        # each call, a third of this method's time over a newsletter's patches.
        data = {name: getattr(self, name) for name in _FIELDS}
        data["list"] = data.pop("list_tag")
        data["tags"] = list(self.tags)
        data["summary"] = self.summary
        return data


#: The names of :class:`Subject`'s fields, in their order.
_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(Subject))


def _bracket_group(text: str) -> tuple[str, str] | None:
    """The contents of the bracket group ``text`` starts with, and what follows.

    Nested brackets are flattened, as b4 does: ``[PATCH [RFC] v1]`` reads as
    ``PATCH RFC v1``. None when the group never closes.
    """
    depth = 0
    for position, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                inner = text[1:position].replace("[", " ").replace("]", " ")
                return inner, text[position + 1 :]
    return None


def split_tags(group: str) -> list[str]:
    """A group's tokens, split on commas and whitespace; ``N of M`` stays one token."""
    group = _MERCURIAL_COUNTER.sub(r"\1/\2", group)
    group = _GLUED_VERSION.sub(r"\1 v\2", group)
    return [token for token in _SPLIT.split(group) if token]


def _strip_replies(text: str) -> tuple[str, bool]:
    reply = False
    while match := _REPLY.match(text):
        text, reply = text[match.end() :], True
    return text, reply


@lru_cache(maxsize=32768)
def parse_subject(raw: str) -> Subject:
    """Split ``raw`` into its parts; never raises, whatever the input.

    The latest parses are kept (a :class:`Subject` cannot change): a build parses
    each subject as it reads its issue, and again where the subject's parts are
    shown from the records (the JSON export). Room for 32,768, the patches of some
    500 issues like the reference issue: with room for a quarter of that, a full
    build of 200 issues parsed a third of its subjects twice. Each parse kept is
    some 600 bytes, so the cache holds at most about 20 MB."""
    text = " ".join(_decoded(raw).split())
    text, reply = _strip_replies(text)

    groups: list[list[str]] = []
    while text.startswith("[") and (found := _bracket_group(text)):
        inner, text = found
        groups.append(split_tags(inner))
        text = text.lstrip()
    if not groups and (bare := _BARE_TAGS.match(text)):
        groups.append(split_tags(bare.group(1)))
        text = text[bare.end() :]

    mailing_list = None
    if groups and len(groups[0]) == 1:
        first = groups[0][0]
        if first.lower() in KNOWN_LISTS or (len(groups) > 1 and _is_plain_word(first)):
            mailing_list = first
            groups = groups[1:]

    fields = _classify([token for group in groups for token in group])
    # "[Patch 2/2]: powerpc: ..." puts a colon after the tags.
    title = text.removeprefix(":").strip() if groups else text.strip()
    kind: SubjectKind = "patch"
    revision = None
    if fields["pull"] or (not groups and _PULL_TITLE.match(title)):
        kind = "pull"
        if not fields["tree"] and (pull := _PULL_TITLE.match(title)):
            first_word = title[pull.end() :].split(" ", 1)[0].lower()
            fields["tree"] = first_word if first_word in KNOWN_TREES else None
    elif fields["tree"] == "llvm" and (commit := _LLVM_COMMIT.fullmatch(title)):
        kind, revision, title = "commit", f"r{commit.group(1)}", commit.group(2).strip()
    elif fields["index"] == 0 and fields["total"]:
        kind = "cover"

    version = fields["version"]
    if version is None and (in_title := _TITLE_VERSION.search(title)):
        version = int(in_title.group(1))
    subsystem = _SUBSYSTEM.match(title) if kind != "pull" else None
    return Subject(
        raw=raw,
        title=title,
        kind=kind,
        subsystem=subsystem.group(0).removesuffix(": ") if subsystem else "",
        tree=fields["tree"],
        branch=fields["branch"],
        version=version,
        index=fields["index"],
        total=fields["total"],
        counter_label=fields["counter_label"],
        rfc=fields["rfc"],
        resend=fields["resend"],
        revision=revision,
        tags=tuple(fields["tags"]),
        list_tag=mailing_list,
        reply=reply,
    )


def _decoded(raw: str) -> str:
    """``raw`` with MIME encoded-words (``=?utf-8?q?...?=``) decoded, as mail shows them."""
    if "=?" not in raw:
        return raw
    try:
        decoded = str(make_header(decode_header(raw)))
    except (ValueError, LookupError, UnicodeError):
        return raw
    return decoded if decoded.strip() else raw


def _is_plain_word(token: str) -> bool:
    """True for a tag that is not a keyword, tree, version or counter."""
    lower = token.lower()
    return not (
        lower in {"patch", "rfc", "resend", "git", "pull"}
        or lower in KNOWN_TREES
        or _VERSION.fullmatch(token)
        or _COUNTER.fullmatch(token)
    )


def _classify(tokens: list[str]) -> dict[str, Any]:
    """What each bracket token says; the first of each kind wins, extras stay tags."""
    fields: dict[str, Any] = dict.fromkeys(
        ("tree", "branch", "version", "index", "total", "counter_label"), None
    )
    fields.update(rfc=False, resend=False, pull=False, tags=[])
    trees: list[str] = []
    for token in tokens:
        lower = token.lower()
        if lower == "patch":
            continue
        if _RFC.fullmatch(token):
            fields["rfc"] = True
        elif lower == "resend":
            fields["resend"] = True
        elif lower in ("git", "pull"):
            fields["pull"] = True
        elif fields["version"] is None and (version := _VERSION.fullmatch(token)):
            fields["version"] = int(version.group(1))
        elif fields["index"] is None and (counter := _COUNTER.fullmatch(token)):
            fields["index"], fields["total"] = int(counter.group(1)), int(counter.group(2))
            fields["counter_label"] = token[counter.start(1) :]
        elif lower in KNOWN_TREES or lower in BRANCHES:
            trees.append(lower)
        else:
            fields["tags"].append(token)
    _assign_trees(trees, fields)
    return fields


def _assign_trees(trees: list[str], fields: dict[str, Any]) -> None:
    """Pick the tree and branch from the tree-like tokens, in the order written.

    ``iproute2`` takes what follows (or precedes) it as its branch:
    ``[PATCH iproute2 master]``, ``[PATCH net-next iproute2]``.
    """
    branched = next((tree for tree in trees if tree in BRANCHED_TREES), None)
    if branched:
        fields["tree"] = branched
        rest = [tree for tree in trees if tree != branched]
        fields["branch"] = rest[0] if rest else None
        fields["tags"].extend(rest[1:])
        return
    real = [tree for tree in trees if tree in KNOWN_TREES]
    fields["tree"] = real[0] if real else None
    qualifiers = [tree for tree in trees if tree not in KNOWN_TREES]
    fields["branch"] = qualifiers[0] if qualifiers else None
    fields["tags"].extend(real[1:] + qualifiers[1:])
