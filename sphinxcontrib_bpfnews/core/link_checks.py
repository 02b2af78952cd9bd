"""Link hygiene: what an editor should change in an address before it goes out.

A newsletter's links are pasted from browsers, mail clients and chat, and carry what
those add: tracking parameters, an ``http://`` address of a site that serves HTTPS, a
shortener hiding where the link leads, a third-party archive's copy of a message lore
keeps. :func:`check_link` finds these and says, for each, the address to use instead.
Pure Python: the extension turns each problem into a ``bpfnews.link`` warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from sphinxcontrib_bpfnews.core.links import classify_link

LinkProblemKind = Literal["tracking", "http", "shortener", "archive"]

#: Query parameters that only tell a site where a reader came from (the documented
#: table): every ``utm_*`` parameter, and these, by name.
TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "gclsrc",
        "dclid",  # Google Display
        "gbraid",
        "wbraid",
        "msclkid",  # Microsoft Ads
        "mc_cid",  # Mailchimp
        "mc_eid",
        "igshid",  # Instagram
        "_hsenc",  # HubSpot
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "yclid",  # Yandex
        "twclid",  # X (Twitter)
        "ttclid",  # TikTok
        "li_fat_id",  # LinkedIn
        "mkt_tok",  # Marketo
        "_gl",  # Google Analytics' cross-site linker
        "ref_src",  # X (Twitter) embeds
    }
)
TRACKING_PREFIXES: tuple[str, ...] = ("utm_",)
#: Parameters that track only on some hosts: YouTube's and Spotify's share link ``si``.
TRACKING_PARAMETERS_BY_HOST: dict[str, frozenset[str]] = {
    "youtube.com": frozenset({"si"}),
    "m.youtube.com": frozenset({"si"}),
    "youtu.be": frozenset({"si"}),
    "open.spotify.com": frozenset({"si"}),
}

#: Hosts that serve HTTPS, where an ``http://`` address only adds a redirect (and a
#: moment an attacker on the network can use).
HTTPS_HOSTS: frozenset[str] = frozenset(
    {
        "lore.kernel.org",
        "lkml.kernel.org",
        "patchwork.kernel.org",
        "patchwork.ozlabs.org",
        "git.kernel.org",
        "kernel.org",
        "docs.kernel.org",
        "bugzilla.kernel.org",
        "lwn.net",
        "youtube.com",
        "m.youtube.com",
        "youtu.be",
        "github.com",
        "gitlab.com",
        "ebpf.io",
        "lpc.events",
        "linuxplumbersconf.org",
        "msgid.link",
        "patch.msgid.link",
    }
)

#: Link shorteners: readers cannot see where the link leads, and it dies with the
#: service.
SHORTENER_HOSTS: frozenset[str] = frozenset(
    {
        "bit.ly",
        "bitly.com",
        "t.co",
        "goo.gl",
        "tinyurl.com",
        "ow.ly",
        "buff.ly",
        "is.gd",
        "v.gd",
        "lnkd.in",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "rb.gy",
        "tiny.cc",
        "s.id",
        "dlvr.it",
    }
)

#: The lists lore keeps, by the name third-party archives give them, and their name on
#: lore (``https://lore.kernel.org/<name>/``).
LORE_LISTS: dict[str, str] = {
    "bpf": "bpf",
    "netdev": "netdev",
    "linux-kernel": "lkml",
    "kernel": "lkml",  # spinics' name for linux-kernel
    "lkml": "lkml",
    "xdp-newbies": "xdp-newbies",
    "linux-kselftest": "linux-kselftest",
    "linux-trace-kernel": "linux-trace-kernel",
    "linux-perf-users": "linux-perf-users",
    "linux-security-module": "linux-security-module",
    "linux-fsdevel": "linux-fsdevel",
    "linux-mm": "linux-mm",
    "linux-arm-kernel": "linux-arm-kernel",
    "linux-riscv": "linux-riscv",
    "linux-doc": "linux-doc",
    "linux-kbuild": "linux-kbuild",
    "linux-hardening": "linux-hardening",
    "llvm": "llvm",
    "rust-for-linux": "rust-for-linux",
    "io-uring": "io-uring",
    "linux-rt-devel": "linux-rt-devel",
    "linux-next": "linux-next",
    "stable": "stable",
}
#: Third-party archives of the kernel's lists.
ARCHIVE_HOSTS: frozenset[str] = frozenset(
    {
        "spinics.net",
        "marc.info",
        "mail-archive.com",
        "lkml.org",
        "lists.openwall.net",
        "lkml.iu.edu",
    }
)
_KERNEL_LIST_HOSTS = ("vger.kernel.org", "lists.linux.dev", "kernel.org")
_LORE = "https://lore.kernel.org/"


@dataclass(frozen=True)
class LinkProblem:
    """One thing to change in an address: its ``kind``, a ``message`` that says what
    and how, and ``fixed``, the address to use instead ("" when only the editor can
    know it: where a shortened link leads)."""

    kind: LinkProblemKind
    message: str
    fixed: str


@lru_cache(maxsize=256)
def _parts(url: str) -> tuple[str, str, str]:
    """(scheme in lower case, host without ``www.``, path) of an absolute address.
    Each check of an address asks for them again, one right after the other."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return "", "", ""
    return parts.scheme.lower(), host, parts.path


def is_external(url: str) -> bool:
    """True for an http or https address with a host: what the checks look at."""
    scheme, host, _ = _parts(url)
    return scheme in {"http", "https"} and bool(host)


def _is_tracking(name: str, host: str) -> bool:
    name = unquote(name).lower()
    return (
        name in TRACKING_PARAMETERS
        or name.startswith(TRACKING_PREFIXES)
        or name in TRACKING_PARAMETERS_BY_HOST.get(host, frozenset())
    )


def without_tracking(url: str) -> tuple[str, list[str]]:
    """``url`` without its tracking parameters, and their names as written.

    Only the query changes, parameter by parameter, so everything else (order,
    encoding, the fragment) stays as written; a query left empty loses its ``?``.
    """
    before, hash_mark, fragment = url.partition("#")
    base, question_mark, query = before.partition("?")
    if not question_mark:
        return url, []
    _, host, _ = _parts(url)
    kept, removed = [], []
    for pair in query.split("&"):
        name = pair.split("=", 1)[0]
        if name and _is_tracking(name, host):
            removed.append(unquote(name))
        else:
            kept.append(pair)
    if not removed:
        return url, []
    cleaned = base + ("?" + "&".join(kept) if any(kept) else "")
    return cleaned + hash_mark + fragment, removed


def lore_address(url: str) -> str:
    """Where lore has what a third-party archive address shows: the message
    (``https://lore.kernel.org/r/<msgid>``) when the address names its message-id,
    else the list's page on lore to search; "" when the archive or the list is not
    one lore keeps."""
    _, host, path = _parts(url)
    if host not in ARCHIVE_HOSTS and host != "mid.mail-archive.com":
        return ""
    link = classify_link(url)
    if link.message_id and host in {"marc.info", "mid.mail-archive.com"}:
        return f"{_LORE}r/{link.message_id}"
    name = _archived_list(host, path, url)
    lore = LORE_LISTS.get(name.lower(), "") if name else ""
    return f"{_LORE}{lore}/" if lore else ""


_SPINICS = re.compile(r"/lists/(?P<list>[^/]+)/")
_MAIL_ARCHIVE = re.compile(r"/(?P<list>[^/@]+)@(?P<host>[^/]+)/")
_FIRST_SEGMENT = re.compile(r"/(?P<list>[^/]+)/")


def _archived_list(host: str, path: str, url: str) -> str:
    """The name of the list an archive address is in, as the archive gives it."""
    if host == "lkml.org" or host == "lkml.iu.edu":
        return "linux-kernel"
    if host == "marc.info":
        return (parse_qs(urlsplit(url.strip()).query).get("l") or [""])[0]
    if host == "spinics.net" and (match := _SPINICS.match(path)):
        return match.group("list")
    if host == "mail-archive.com" and (match := _MAIL_ARCHIVE.match(path)):
        kernel = match.group("host").lower().endswith(_KERNEL_LIST_HOSTS)
        return match.group("list") if kernel else ""
    if host == "lists.openwall.net" and (match := _FIRST_SEGMENT.match(path)):
        return match.group("list")
    return ""


def check_link(url: str) -> list[LinkProblem]:
    """What to change in ``url``, one problem per kind, in the order an editor fixes
    them; none for an address that is not an absolute http or https one (relative
    and internal links are the site's own)."""
    if not is_external(url):
        return []
    address = url.strip()
    scheme, host, _ = _parts(address)
    problems = []
    cleaned, removed = without_tracking(address)
    if removed:
        names = ", ".join(removed)
        problems.append(
            LinkProblem(
                "tracking",
                f"link {address!r} carries tracking parameters ({names}): "
                f"use {cleaned!r} (or set bpfnews_clean_links = True to remove them)",
                cleaned,
            )
        )
    if scheme == "http" and host in HTTPS_HOSTS:
        secure = "https" + address[len("http") :]
        problems.append(
            LinkProblem(
                "http",
                f"link {address!r} uses http:// but {host} serves HTTPS: use {secure!r}",
                secure,
            )
        )
    if host in SHORTENER_HOSTS:
        problems.append(
            LinkProblem(
                "shortener",
                f"link {address!r} is shortened by {host}: readers cannot see where it "
                "leads and it breaks when the service goes; link the address it leads to",
                "",
            )
        )
    if lore := lore_address(address):
        where = (
            f"use {lore!r}"
            if "/r/" in lore
            else f"find the message on {lore} and link that address"
        )
        problems.append(
            LinkProblem(
                "archive",
                f"link {address!r} is a third-party archive's copy of a message lore "
                f"keeps: {where}",
                lore,
            )
        )
    return problems
