"""Commit citations in the kernel's own style: ``7a12b5031c6b ("bpf: fix the thing")``.

Kernel developers cite a commit by at least twelve characters of its hash and its
subject in quotes and parentheses (``Documentation/process/submitting-patches.rst``),
so that the hash stays unique as the history grows and a reader knows what the
commit was without opening it. The ``{commit}`` role reads that form, and the
importer writes it; both read and write it here. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sphinxcontrib_bpfnews.core.links import classify_link

#: Where a commit is shown, ``{sha}`` standing for its hash: the stable tree holds
#: every commit of the mainline (``bpfnews_commit_url`` changes it).
DEFAULT_COMMIT_URL = (
    "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/commit/?id={sha}"
)
#: The kernel's rule: at least twelve characters of the hash.
KERNEL_LENGTH = 12
#: The fewest characters git takes as an abbreviated hash.
GIT_LENGTH = 4
#: A whole SHA-1 hash, which the kernel's history uses.
FULL_LENGTH = 40
_HEX = re.compile(r"[0-9a-fA-F]+")
#: Quotes that may open and close a subject: straight, or typographic ones pasted
#: from a word processor or a web page.
_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c"}


@dataclass(frozen=True)
class Citation:
    """What a commit citation says.

    ``sha`` is the hash as written, ``subject`` the subject without its quotes (""
    when none is given), ``rest`` any text after the hash that is not a subject in
    parentheses (shown as written, after a warning), ``problems`` what is wrong with
    it, each saying what is shown instead, and ``linked`` whether the hash can lead
    to the commit.
    """

    sha: str
    subject: str = ""
    rest: str = ""
    problems: tuple[str, ...] = ()
    linked: bool = True

    @property
    def text(self) -> str:
        """The citation as the kernel writes it: ``HASH ("subject")``."""
        return citation_text(self.sha, self.subject) + (f" {self.rest}" if self.rest else "")


def citation_text(sha: str, subject: str = "") -> str:
    """``HASH ("subject")``, or ``HASH`` alone without a subject."""
    return f'{sha} ("{subject}")' if subject else sha


def _subject(rest: str) -> str | None:
    """The subject of ``("subject")``, of ``(subject)`` without quotes, or None when
    ``rest`` is not in parentheses."""
    if len(rest) < 2 or rest[0] != "(" or rest[-1] != ")":
        return None
    inner = rest[1:-1].strip()
    if len(inner) >= 2 and _QUOTES.get(inner[0]) == inner[-1]:
        inner = inner[1:-1].strip()
    return inner


def hash_problems(sha: str) -> tuple[tuple[str, ...], bool]:
    """What is wrong with ``sha`` as a commit hash, and whether it is linked anyway.

    A hash shorter than the kernel's twelve characters is linked (git finds a short
    hash while it is unique) with a warning; one git cannot take (not hexadecimal,
    under four characters, longer than a full hash) is shown without a link.
    """
    length = len(sha)
    if not _HEX.fullmatch(sha):
        return (
            f"{sha!r} is not a commit hash (hexadecimal digits only); shown as written, "
            "without a link",
        ), False
    if length < GIT_LENGTH:
        return (
            f"commit hash {sha!r} is too short for git to find (at least {GIT_LENGTH} "
            f"characters, {KERNEL_LENGTH} by the kernel's rule); shown without a link",
        ), False
    if length > FULL_LENGTH:
        return (
            f"commit hash {sha!r} has {length} characters, more than a whole hash "
            f"({FULL_LENGTH}); shown without a link",
        ), False
    if length < KERNEL_LENGTH:
        return (
            f"commit hash {sha!r} has {length} characters: the kernel cites commits by at "
            f"least {KERNEL_LENGTH}, so that the hash stays unique; linked as written",
        ), True
    return (), True


def parse_citation(text: str) -> Citation:
    """Read ``HASH``, ``HASH ("subject")`` or ``HASH (subject)``; never raises.

    Runs of whitespace (line breaks of a role split over lines) are read as one
    space. Text after the hash that is not in parentheses is kept as ``rest`` with
    a problem, never dropped.
    """
    words = " ".join(text.split())
    if not words:
        return Citation(
            "",
            problems=('a commit citation needs a hash, e.g. 7a12b5031c6b ("bpf: fix ...")',),
            linked=False,
        )
    sha, _, rest = words.partition(" ")
    problems, linked = hash_problems(sha)
    subject = _subject(rest) if rest else ""
    if subject is None:
        problems += (
            f"{rest!r} after the hash is not a subject in parentheses "
            '(HASH ("subject")); shown as written',
        )
        return Citation(sha, "", rest, problems, linked)
    return Citation(sha, subject, "", problems, linked)


def commit_url(template: str, sha: str) -> str:
    """The address of commit ``sha``: ``template`` with ``{sha}`` replaced (other
    braces in it are left alone), the hash in lower case as git prints it."""
    return template.replace("{sha}", sha.lower())


#: A mention in prose: ``commit HASH ("subject")`` or ``commit HASH``, the way
#: commit messages cite a commit, and a ``Fixes: HASH ("subject")`` line. The hash
#: is 12 to 40 characters, so that "commit" followed by a word of hex letters
#: ("commit added") is not read as one; the subject starts on the hash's line and
#: may go on to the next (text wrapped at 72 columns).
MENTION = re.compile(
    r"(?<![\w`/])(?P<word>[Cc]ommit|Fixes:)(?P<space>\s+)(?P<sha>[0-9a-f]{12,40})(?!\w)"
    r'(?:[ \t]+\(["\u201c](?P<subject>[^\n]*?(?:\n[^\n]*?)?)["\u201d]\)(?!\w))?'
)


#: Where git.kernel.org keeps the Linux kernel's trees; its short addresses
#: (``/bpf/bpf-next/c/HASH``, ``/torvalds/c/HASH``) lead to them too.
_KERNEL_TREES = ("/pub/scm/linux/kernel/git/", "/cgit/linux/kernel/git/")
_OTHER_REPOSITORIES = ("/pub/", "/cgit/")


def kernel_commit(url: str) -> str:
    """The hash of the commit a git.kernel.org address shows in one of the Linux
    kernel's trees, or "" for any other address (another project on git.kernel.org,
    pahole or iproute2, whose commits the kernel's tree does not hold)."""
    link = classify_link(url)
    if link.kind != "commit" or not link.revision:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if (parts.hostname or "").removeprefix("www.") != "git.kernel.org":
        return ""
    path = parts.path
    if path.startswith(_KERNEL_TREES) or not path.startswith(_OTHER_REPOSITORIES):
        return link.revision
    return ""
