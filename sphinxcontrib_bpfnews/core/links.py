"""What a link points at: a patchwork patch, a lore thread, a list archive, a commit.

Newsletter readers want to know before clicking whether a link opens a patch in
patchwork, a thread on lore, a message in a list archive or a commit. The rules
follow patchwork's URL scheme (numeric and message-id forms, on any instance, and its
REST API), public-inbox's (lore and the message-id redirectors) and b4's way of
finding a message-id in a link. Pure Python, shared by the directives and the command line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from sphinxcontrib_bpfnews.core.text import CONTROL_CHARACTERS

LinkKind = Literal[
    "patch",
    "cover",
    "series",
    "comment",
    "message",
    "thread",
    "archive",
    "commit",
    "review",
    "other",
]

#: The short word shown beside a link, by where it points.
LABELS: dict[str, str] = {
    "patchwork": "patchwork",
    "lore": "lore",
    "archive": "archive",
    "commit": "commit",
    "review": "review",
}

#: A message's archive address, ``{msgid}`` standing for its Message-ID: lore's
#: redirector finds a message on any list (``bpfnews_archive_url`` changes it).
DEFAULT_ARCHIVE_URL = "https://lore.kernel.org/r/{msgid}"
_MSGID_REDIRECTORS = {"patch.msgid.link", "msgid.link"}
_LORE_HOSTS = {"lore.kernel.org", "lkml.kernel.org"}
_PATCHWORK_PATH = re.compile(r"/(?:project/[^/]+/)?(?P<what>patch|cover|comment)/(?P<id>[^/#?]+)/?")
_PATCHWORK_SERIES_PATH = re.compile(r"/series/(?P<id>\d+)")
#: The REST API's patches and cover letters, by number or (with ``?msgid=``) by message-id.
_PATCHWORK_API_PATH = re.compile(r"/api/(?:\d+\.\d+/)?(?P<what>patches|covers)/(?P<id>\d*)/?$")
_PATCHWORK_PROJECT_PATH = re.compile(r"/project/[^/]+/(?:patch|cover|list)/")
_SHA = re.compile(r"[0-9a-f]{7,40}")
_GIT_KERNEL_COMMIT = re.compile(r"/(?:c|commit)/(?P<sha>[0-9a-f]{7,40})\b|/commit/?")
_GITHUB_COMMIT = re.compile(r"/[^/]+/[^/]+/commit/(?P<sha>[0-9a-f]{7,40})")
_GITHUB_PULL = re.compile(r"/[^/]+/[^/]+/pull/\d+")
_PHABRICATOR = re.compile(r"/(?:(?P<commit>rL|rG)(?P<rev>[0-9a-f]+)|D\d+)")
_BARE_MESSAGE_ID = re.compile(r"(?:id:|rfc822msgid:)?<?(?P<id>[^<>\s/:@]+@[^<>\s/]+?)>?")
_ARCHIVE_HOSTS = {"spinics.net", "mail-archive.com", "marc.info", "lkml.org"}


@dataclass(frozen=True)
class Link:
    """A classified address.

    ``kind`` says what the page is; ``site`` groups kinds for display (the label a
    reader sees: "patchwork", "lore", "archive", "commit", "review" or nothing);
    ``message_id`` and ``revision`` are set where the address carries one.
    """

    url: str
    kind: LinkKind
    site: str = ""
    message_id: str | None = None
    revision: str | None = None

    @property
    def label(self) -> str:
        return LABELS.get(self.site, "")

    def as_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["label"] = self.label
        return data


def _host(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return host.removeprefix("www.")


def _message_id_in_path(path: str) -> str | None:
    """The first path segment holding an ``@``, unquoted (b4's rule)."""
    for segment in path.split("/"):
        segment = unquote(segment)
        if "@" in segment:
            return segment.strip("<>")
    return None


@cache
def classify_link(url: str) -> Link:
    """Classify ``url``; never raises, whatever the input.

    A bare message-id (``<id@host>``, ``id:id@host``) is read as a message too.
    """
    text = url.strip()
    if bare := _BARE_MESSAGE_ID.fullmatch(text):
        return Link(url, "message", message_id=bare.group("id"))
    try:
        parts = urlsplit(text)
    except ValueError:
        return Link(url, "other")
    host, path, query = _host(parts.netloc), parts.path, parse_qs(parts.query)
    for rule in (_patchwork, _lore, _commit, _archive):
        found = rule(url, host, path, query, parts.fragment)
        if found:
            return found
    return Link(url, "other", message_id=_message_id_in_path(path) if host else None)


Query = dict[str, list[str]]


def _patchwork(url: str, host: str, path: str, query: Query, fragment: str) -> Link | None:
    if "patchwork" not in host and not _PATCHWORK_PROJECT_PATH.search(path):
        return None
    if "series" in query or _PATCHWORK_SERIES_PATH.search(path):
        return Link(url, "series", "patchwork")
    if api := _PATCHWORK_API_PATH.search(path):
        message_id = (query.get("msgid") or [""])[0].strip("<>") or None
        if not (api.group("id") or message_id):
            return Link(url, "other", "patchwork")  # a list of every patch
        kind: LinkKind = "cover" if api.group("what") == "covers" else "patch"
        return Link(url, kind, "patchwork", message_id)
    match = _PATCHWORK_PATH.search(path)
    if not match:
        return Link(url, "other", "patchwork")
    what, ident = match.group("what"), unquote(match.group("id"))
    message_id = ident if "@" in ident else None
    if what == "comment" or fragment.isdigit():
        return Link(url, "comment", "patchwork", message_id)
    return Link(url, "cover" if what == "cover" else "patch", "patchwork", message_id)


def _lore(url: str, host: str, path: str, query: Query, fragment: str) -> Link | None:
    if host == "mid.mail-archive.com":
        return Link(url, "message", "archive", _message_id_in_path(path))
    if host not in _LORE_HOSTS and host not in _MSGID_REDIRECTORS:
        return None
    message_id = _message_id_in_path(path)
    segments = [s for s in path.split("/") if s]
    thread = bool({"T", "t", "t.mbox.gz", "t.atom"} & set(segments))
    return Link(url, "thread" if thread else "message", "lore", message_id)


def _commit(url: str, host: str, path: str, query: Query, fragment: str) -> Link | None:
    if host == "git.kernel.org" and (match := _GIT_KERNEL_COMMIT.search(path)):
        sha = match.group("sha") or (query.get("id") or [""])[0]
        return Link(url, "commit", "commit", revision=sha if _SHA.fullmatch(sha) else None)
    if host == "github.com":
        if match := _GITHUB_COMMIT.match(path):
            return Link(url, "commit", "commit", revision=match.group("sha"))
        if _GITHUB_PULL.match(path):
            return Link(url, "review", "review")
    if host == "llvm.org" and "viewvc" in path:
        revision = (query.get("rev") or query.get("revision") or [""])[0]
        if revision.isdigit():
            return Link(url, "commit", "commit", revision=f"r{revision}")
    if host == "reviews.llvm.org" and (match := _PHABRICATOR.match(path)):
        if match.group("commit"):
            return Link(url, "commit", "commit", revision=f"r{match.group('rev')}")
        return Link(url, "review", "review")
    return None


def _archive(url: str, host: str, path: str, query: Query, fragment: str) -> Link | None:
    if host == "marc.info" and "i" in query:
        return Link(url, "message", "archive", query["i"][0].strip("<>"))
    if host in _ARCHIVE_HOSTS or "/pipermail/" in path or host.startswith("lists."):
        return Link(url, "archive", "archive")
    return None


#: Path segments of lore that name no list: the message-id redirector and every list.
_LORE_NOT_LISTS = frozenset({"r", "all"})


def mailing_list(url: str) -> str:
    """The mailing list a lore address is in (``bpf`` for ``lore.kernel.org/bpf/...``),
    or "": what a subject's list tag says, for an entry that has no subject."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if _host(parts.netloc) != "lore.kernel.org":
        return ""
    first = next((s for s in parts.path.split("/") if s), "")
    if not first or first in _LORE_NOT_LISTS or "@" in unquote(first):
        return ""
    return unquote(first)


#: Schemes a link may use; anything else is shown as text, never as a link.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
#: What browsers pass over inside a scheme: control characters, white space, and the
#: invisible zero-width and direction marks and separators.
_INVISIBLE = re.compile(rf"{CONTROL_CHARACTERS.pattern}|[\t\n\r \u200b-\u200f\u2028\u2029\ufeff]")


def unsafe_scheme(url: str) -> str:
    """What makes ``url`` unsafe to link ("the javascript: scheme", "a Windows network
    path" ...), or "" for http, https, mailto and relative links.

    Browsers ignore whitespace and control characters inside a scheme and decode
    character references, so the check does too: ``JaVa&#115;cript:`` and
    ``java\\tscript:`` are both refused.
    """
    text = html.unescape(url)
    for _ in range(3):  # doubly escaped references
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = _INVISIBLE.sub("", text)
    if text.startswith("\\"):
        return "a Windows network path"  # browsers read \\server as //server
    match = _SCHEME.match(text)
    if not match:
        return ""
    scheme = match.group(1).lower()
    return "" if scheme in SAFE_SCHEMES else f"the {scheme}: scheme"


def refusal(url: str, reason: str) -> str:
    """The warning for a refused address."""
    return (
        f"link {url!r} refused ({reason}): only http, https, mailto and relative "
        "addresses become links; shown as text"
    )


_VIDEO_HOSTS = {"youtube.com", "m.youtube.com", "youtu.be", "vimeo.com", "media.ccc.de"}
_SLIDES_HOSTS = {"speakerdeck.com", "slideshare.net", "schd.ws"}
_SLIDES_FILE = re.compile(r"(?i)\.(?:pptx?|odp|key)$")
_VIDEO_FILE = re.compile(r"(?i)\.(?:mp4|webm|mkv)$")
_SLIDES_WORDS = re.compile(r"(?i)slides|presentations?|talks?")
#: Conference talk pages, by host: the path that marks a talk (not the home page).
_TALK_PAGES = {
    "linuxplumbersconf.org": re.compile(r"/event/\d+/contributions/\d+|/ocw/"),
    "lpc.events": re.compile(r"/event/\d+/contributions/\d+"),
    "netdevconf.org": re.compile(r"(?i)session|talk|slides|\.pdf$"),
    "netdevconf.info": re.compile(r"(?i)session|talk|slides|\.pdf$"),
    "fosdem.org": re.compile(r"/schedule/event/"),
    "kernel-recipes.org": re.compile(r"/talks?/"),
    "sched.com": re.compile(r"/event/"),
}


def talk_kind(url: str) -> str | None:
    """``video``, ``slides`` or ``talk`` when ``url`` is a video, a slide deck or a
    conference's talk page (read from the host and the path), else None.

    A PDF counts as slides only when its path says so (``slides``, ``presentations``,
    ``talk``), or on a conference host: most PDFs are papers.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host, path = _host(parts.netloc), parts.path
    if host in _VIDEO_HOSTS or _VIDEO_FILE.search(path):
        return "video"
    if (
        host in _SLIDES_HOSTS
        or (host == "docs.google.com" and path.startswith("/presentation/"))
        or _SLIDES_FILE.search(path)
    ):
        return "slides"
    conference = next(
        (
            pattern
            for name, pattern in _TALK_PAGES.items()
            if host == name or host.endswith(f".{name}")
        ),
        None,
    )
    if path.lower().endswith(".pdf") and (conference or _SLIDES_WORDS.search(path)):
        return "slides"
    if conference and conference.search(path):
        return "talk"
    return None


#: What :func:`address_key` returns: ("msgid", id), ("patchwork", host, kind, id) or
#: ("url", address).
AddressKey = tuple[str, ...]
_PATCHWORK_PAGE = re.compile(
    r"/(?:project/[^/]+/)?(?P<what>patch|cover)/(?P<id>[^/#?]+)(?:/(?:mbox|raw)?)?/?$"
)


def address_key(url: str) -> AddressKey:
    """What two addresses of one page share, so a newsletter can tell that two of its
    links open the same message or patch.

    Every lore form of one message (``/r/<msgid>``, ``/<list>/<msgid>/``, its thread
    ``/T/#u`` or ``/t/#u``, the mbox, with or without a trailing slash) and the
    message-id redirectors (``msgid.link``, ``lkml.kernel.org/r/``) give
    ``("msgid", id)``; patchwork's pages of one patch or cover letter
    (``/patch/N/``, ``/project/<p>/patch/N/``, its ``mbox/``) give one key per
    instance and id; any other address is itself, without a trailing slash or a
    ``#u`` fragment, its scheme and host in lower case and http read as https.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ("url", text)
    host = _host(parts.netloc)
    if host in _LORE_HOSTS or host in _MSGID_REDIRECTORS:
        message_id = _message_id_in_path(parts.path)
        if message_id:
            return ("msgid", message_id)
    if "patchwork" in host or _PATCHWORK_PROJECT_PATH.search(parts.path):
        page = _PATCHWORK_PAGE.search(parts.path)
        if page and not parts.fragment.isdigit():  # a fragment of digits is a comment
            return ("patchwork", host, page.group("what"), unquote(page.group("id")))
    scheme = parts.scheme.lower()
    rest = text[len(parts.scheme) + 1 :] if scheme else text
    if scheme in {"http", "https"}:
        netloc = rest[2 : 2 + len(parts.netloc)] if rest.startswith("//") else ""
        rest = "//" + netloc.lower() + rest[2 + len(netloc) :] if netloc else rest
        scheme = "https"
    if parts.fragment == "u":
        rest = rest[: -len("#u")]
    return ("url", f"{scheme}:{rest.rstrip('/')}" if scheme else rest.rstrip("/"))
