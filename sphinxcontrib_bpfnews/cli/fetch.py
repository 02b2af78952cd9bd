"""Downloading what ``bpfnews series`` reads from an address instead of a file.

An editor has a link, not an mbox: the lore thread a series was posted in, or its
page in patchwork. A public-inbox message or thread address gives the thread's mbox
(``t.mbox.gz``, which public-inbox serves for any message of a thread); a patchwork
series, patch or cover letter address gives the REST API's JSON object, which names
the series' patches and their mail. The mail reader reads a :class:`Fetched` as it
reads a file of that name, so a download and a saved file go the same way.

Addresses are recognised by the shape of their path on any host, not by a list of
hosts, so any public-inbox or patchwork instance works (and a test can serve them
from 127.0.0.1); link kinds the project already knows (:func:`classify_link`) settle
the rest: the message-id redirectors, and archives and commits that are neither.

Nothing is cached: every call downloads, and nothing is written anywhere.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from http.client import HTTPException, InvalidURL
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import (
    parse_qsl,
    quote,
    unquote,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.core.links import classify_link
from sphinxcontrib_bpfnews.core.text import CONTROL_CHARACTERS

if TYPE_CHECKING:
    from http.client import HTTPMessage
    from typing import IO
    from urllib.parse import SplitResult

#: The largest download accepted: a long thread's mbox is a few megabytes, a series
#: object far less, so anything near this is not what was meant.
MAX_BYTES = 200 * 1024 * 1024
#: How the command names itself to the servers it asks.
USER_AGENT = f"bpfnews/{__version__} (sphinxcontrib-bpfnews)"
#: Where the message-id redirectors (msgid.link, lkml.kernel.org/r/) lead.
LORE = "https://lore.kernel.org"
#: Characters public-inbox leaves as they are in a message-id in a path.
_MESSAGE_ID_SAFE = "!$&'()*+,;=:@~"
_CHUNK = 64 * 1024

#: patchwork's REST API: ``/api/[1.x/]series|patches|covers/N/``, or a lookup by
#: message-id (``/api/patches/?msgid=...``); a prefix is where the instance is mounted.
_API = re.compile(
    r"(?P<prefix>.*?)/api/(?:(?P<version>\d+\.\d+)/)?(?P<what>series|patches|covers)(?:/(?P<id>\d+))?/?"
)
#: patchwork's web pages: a project's list filtered to a series, a series, a patch or
#: a cover letter (by number, or by message-id under ``/project/NAME/``).
_WEB_LIST = re.compile(r"(?P<prefix>.*?)/project/(?P<project>[^/]+)/list/?")
_WEB_SERIES = re.compile(r"(?P<prefix>.*?)/series/(?P<id>\d+)(?:/mbox)?/?")
_WEB_PATCH = re.compile(
    r"(?P<prefix>.*?)(?:/project/(?P<project>[^/]+))?/(?P<what>patch|cover)/(?P<id>[^/]+)"
    r"(?:/(?:mbox|raw|comments))?/?"
)
Kind = Literal["thread", "series", "patch", "cover"]
#: What an API object is, by the API's word for it.
_KINDS: dict[str, Kind] = {"series": "series", "patches": "patch", "covers": "cover"}


@dataclass(frozen=True)
class Fetched:
    """A download, named as the file it would be saved as (``*.mbox.gz``, ``*.json``)."""

    name: str
    data: bytes


class FetchError(Exception):
    """A download that failed, or an address that cannot be downloaded; ``str(error)``
    is one line for the user, naming the address and what to do where there is a fix."""


@dataclass(frozen=True)
class Download:
    """What an address gives and where it is downloaded from.

    ``kind`` is what the address shows: a thread (its mbox), or a patchwork series,
    patch or cover letter. ``url`` is what is downloaded: the thread's ``t.mbox.gz``,
    or the API object, or, when the address names a patch or cover letter by
    message-id, the API's list of those with that message-id. ``api`` is the root of
    the patchwork API (where a cover letter's series is found), "" for a thread.
    """

    kind: Kind
    url: str
    by_message_id: bool = False
    api: str = ""


def is_remote(source: str) -> bool:
    """Whether ``source`` is an address to download (http or https) rather than a file."""
    return source[:8].lower().startswith(("http://", "https://"))


def locate(url: str) -> Download:
    """What ``url`` gives and where it is downloaded from; no network is used.

    Raises :class:`FetchError` for an address that is neither a public-inbox message
    or thread nor a patchwork series, patch or cover letter.
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- a port that is no number raises ValueError here
    except ValueError:
        raise FetchError(f"not a valid address: {_shown(url)}") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise FetchError(_neither(url))
    link = classify_link(url.strip())
    if link.site == "lore":
        found = _thread(parts) if parts.hostname == "lore.kernel.org" else None
        if found is None and link.message_id:
            # A redirector (msgid.link, lkml.kernel.org/r/): lore has every list.
            found = Download("thread", f"{LORE}/all/{_quoted(link.message_id)}/t.mbox.gz")
        if found is None:
            raise FetchError(
                f"not the address of a message: {_shown(url)}; give a lore message or "
                "thread address, or save the mbox and pass the file"
            )
        return found
    found = _patchwork(parts)
    if found is None and link.site == "patchwork":
        raise FetchError(
            f"not the address of a patchwork series or patch: {_shown(url)}; give a "
            "series, patch or cover letter address"
        )
    if found is None and link.site in {"", "lore"}:  # not an archive, commit or review
        found = _thread(parts)
    if found is None:
        raise FetchError(_neither(url))
    return found


def _neither(url: str) -> str:
    return f"not a lore or patchwork address: {_shown(url)}; save the mbox and pass the file"


def _thread(parts: SplitResult) -> Download | None:
    """A public-inbox address: ``[PREFIX/]LIST/MESSAGE-ID/[...]``, or ``/r/MESSAGE-ID``
    (lore's "any list", which is ``/all/``)."""
    segments = [s for s in parts.path.split("/") if s]
    ids = [unquote(segment).strip("<>") for segment in segments]
    index = next((i for i, text in enumerate(ids) if "@" in text), 0)
    if index == 0:
        return None  # none, or no list before it: not public-inbox's shape
    message_id = ids[index]
    inbox = segments[:index]
    if inbox[-1] == "r":
        inbox[-1] = "all"
    return Download("thread", _url(parts, "/".join(["", *inbox, _quoted(message_id), "t.mbox.gz"])))


def _patchwork(parts: SplitResult) -> Download | None:
    """A patchwork address, as the API object (or lookup) that holds it."""
    path, query = parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))

    def at(prefix: str, version: str | None = None) -> str:
        return _url(parts, f"{prefix}/api/{version}/" if version else f"{prefix}/api/")

    if match := _API.fullmatch(path):
        api, shown = at(match["prefix"], match["version"]), _KINDS[match["what"]]
        if match["id"]:
            return Download(shown, f"{api}{match['what']}/{match['id']}/", api=api)
        message_id = query.get("msgid", "").strip("<>")
        if shown == "series" or not message_id:
            return None
        lookup = {k: v for k, v in query.items() if k == "project"} | {"msgid": message_id}
        return Download(shown, f"{api}{match['what']}/?{urlencode(lookup)}", True, api)
    if (match := _WEB_LIST.fullmatch(path)) and query.get("series", "").isdigit():
        api = at(match["prefix"])
        return Download("series", f"{api}series/{query['series']}/", api=api)
    if match := _WEB_SERIES.fullmatch(path):
        api = at(match["prefix"])
        return Download("series", f"{api}series/{match['id']}/", api=api)
    if match := _WEB_PATCH.fullmatch(path):
        api, ident = at(match["prefix"]), match["id"]
        kind: Kind = "patch" if match["what"] == "patch" else "cover"
        what = "patches" if kind == "patch" else "covers"
        if ident.isdigit():
            return Download(kind, f"{api}{what}/{ident}/", api=api)
        message_id = unquote(ident).strip("<>")
        if "@" not in message_id:
            return None
        lookup = {"project": match["project"]} if match["project"] else {}
        lookup["msgid"] = message_id
        return Download(kind, f"{api}{what}/?{urlencode(lookup)}", True, api)
    return None


def _url(parts: SplitResult, path: str) -> str:
    """``path`` on the address's host, without the address's user name and password
    (neither lore nor patchwork asks for them) and with what a path cannot hold escaped."""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, quote(path, safe="/%" + _MESSAGE_ID_SAFE), "", ""))


def _quoted(message_id: str) -> str:
    """A message-id as a path segment, the way public-inbox writes it (``/`` escaped)."""
    return quote(message_id, safe=_MESSAGE_ID_SAFE)


def fetch(url: str, *, timeout: float = 30.0, max_bytes: int = MAX_BYTES) -> Fetched:
    """Download what ``url`` gives (see :func:`locate`).

    ``timeout`` bounds, in seconds, the wait for the connection and for each part of
    the answer; ``max_bytes`` the size of the download. Redirects are followed, the
    proxies of the environment (``https_proxy``, ``no_proxy`` ...) used. Raises
    :class:`FetchError` with a one-line message for every failure.
    """
    download = locate(url)
    get = _Getter(timeout, max_bytes)
    if download.kind == "thread":
        mailbox = _mailbox(get(download.url, "message"))
        if mailbox is None:
            host = urlsplit(download.url).hostname
            raise FetchError(f"{host} did not send a mailbox for {_shown(download.url)}")
        return Fetched(_thread_name(download.url), mailbox)
    found, data = _object(get, download)
    if download.kind == "cover":
        # A cover letter stands for its series, which names the patches.
        series = found.get("series")
        if not (isinstance(series, list) and series and isinstance(series[0], dict)):
            raise FetchError(f"the cover letter at {_shown(download.url)} is in no series")
        series_url = f"{download.api}series/{series[0].get('id')}/"
        found, data = _object(get, Download("series", series_url, api=download.api))
    kind = "patch" if download.kind == "patch" else "series"
    return Fetched(f"{kind}-{found['id']}.json", data)


def _object(get: _Getter, download: Download) -> tuple[dict[str, Any], bytes]:
    """The API object ``download`` names, and its bytes: as they came for an object,
    the first match as JSON for a lookup by message-id."""
    what = "cover letter" if download.kind == "cover" else download.kind
    data = get(download.url, what, accept="application/json")
    host = urlsplit(download.url).hostname
    try:
        answer = json.loads(data)
    except ValueError:
        raise FetchError(
            f"{host} did not answer with JSON for {_shown(download.url)}; is it a patchwork "
            "instance?"
        ) from None
    if download.by_message_id:
        if not isinstance(answer, list):
            answer = None
        elif not answer:
            raise FetchError(f"no such {what} at {_shown(download.url)}")
        else:
            answer = answer[0]
            data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
    if not (isinstance(answer, dict) and isinstance(answer.get("id"), int)):
        raise FetchError(
            f"{host} did not answer with a patchwork {what} for {_shown(download.url)}"
        )
    return answer, data


def _thread_name(url: str) -> str:
    """The file name of a thread's mbox: its message-id, safe as a file name."""
    message_id = unquote(urlsplit(url).path.split("/")[-2])
    return re.sub(r"[^\w.@+=-]", "_", message_id, flags=re.ASCII)[:150].lstrip(".") + ".mbox.gz"


def _mailbox(data: bytes) -> bytes | None:
    """A thread's mbox, gzip-compressed as its name says (compressed here if a server
    sent it plain), or None for anything else (a web page)."""
    if data.startswith(b"\x1f\x8b"):
        return data
    if data.startswith(b"From "):
        return gzip.compress(data, mtime=0)
    return None


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http and https addresses only (never ``ftp:`` or
    ``file:``)."""

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
    ) -> IO[bytes] | None:
        location = headers.get("Location") or headers.get("URI")
        if location and not is_remote(target := urljoin(req.full_url, location)):
            fp.close()
            raise FetchError(
                f"cannot follow the redirect of {_shown(req.full_url)} to {_shown(target)}: "
                "not an http or https address"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Getter:
    """Downloads with the command's name, a timeout and a size limit, and turns every
    failure into a :class:`FetchError`."""

    def __init__(self, timeout: float, max_bytes: int) -> None:
        self.timeout, self.max_bytes = timeout, max_bytes
        self.opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.ProxyHandler(),
            urllib.request.UnknownHandler(),
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(),
            urllib.request.HTTPDefaultErrorHandler(),
            _Redirects(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self.opener.add_handler(handler)

    def __call__(self, url: str, what: str, *, accept: str = "*/*") -> bytes:
        """The body at ``url`` (``what`` it is, for the messages), decoded if the
        server compressed it for the transfer."""
        host = urlsplit(url).hostname or url
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                data = self._read(response, url)
                encoding = response.headers.get("Content-Encoding", "identity").lower()
        except urllib.error.HTTPError as error:
            error.close()
            raise self._http_error(error, url, what) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise self._timeout(host, url) from None
            raise FetchError(f"cannot reach {host}: {_reason(error.reason)}") from None
        except TimeoutError:
            raise self._timeout(host, url) from None
        except (InvalidURL, ValueError):
            raise FetchError(f"not a valid address: {_shown(url)}") from None
        except (HTTPException, OSError) as error:
            raise FetchError(
                f"{host} broke off the answer for {_shown(url)}: {_reason(error)}"
            ) from None
        return self._decoded(data, encoding, url)

    def _read(self, response: Any, url: str) -> bytes:
        """The body, refused as soon as it is known to exceed the limit."""
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise self._too_large(url)
        chunks, size = [], 0
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(url)
            chunks.append(chunk)
        if length.isdigit() and size < int(length):
            # http.client ends a read at a closed connection without complaint.
            raise FetchError(
                f"{urlsplit(url).hostname} broke off the answer for {_shown(url)}: "
                f"{size} of {length} bytes came"
            )
        return b"".join(chunks)

    def _decoded(self, data: bytes, encoding: str, url: str) -> bytes:
        """``data`` without the transfer's compression, within the limit too."""
        if encoding in {"identity", ""}:
            return data
        if encoding not in {"gzip", "x-gzip", "deflate"}:
            host = urlsplit(url).hostname
            raise FetchError(f"{host} compressed {_shown(url)} as {encoding!r}, which is not read")
        wbits = zlib.MAX_WBITS | 16 if "gzip" in encoding else zlib.MAX_WBITS
        try:
            inflater = zlib.decompressobj(wbits)
            result = inflater.decompress(data, self.max_bytes + 1)
        except zlib.error:
            host = urlsplit(url).hostname
            raise FetchError(f"{host} sent {_shown(url)} damaged ({encoding})") from None
        if len(result) > self.max_bytes:
            raise self._too_large(url)
        return result

    def _http_error(self, error: urllib.error.HTTPError, url: str, what: str) -> FetchError:
        host = urlsplit(url).hostname
        if error.code in {404, 410}:
            return FetchError(f"no such {what} at {_shown(url)}")
        if 300 <= error.code < 400:
            return FetchError(
                f"cannot follow the redirect of {_shown(url)} (HTTP {error.code}): "
                f"{_reason(error.reason)}"
            )
        return FetchError(
            f"{host} answered HTTP {error.code} {_reason(error.reason)} for {_shown(url)}"
        )

    def _timeout(self, host: str, url: str) -> FetchError:
        return FetchError(f"no answer from {host} within {self.timeout:g} seconds: {_shown(url)}")

    def _too_large(self, url: str) -> FetchError:
        megabytes, rest = divmod(self.max_bytes, 1024 * 1024)
        limit = f"{self.max_bytes} bytes" if rest else f"{megabytes} MB"
        return FetchError(f"{_shown(url)} is larger than {limit}; save it and pass the file")


def _reason(reason: object) -> str:
    """An error's reason in words, on one line: "Connection refused", not
    "[Errno 111] Connection refused"."""
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return _shown(text)


def _shown(text: str) -> str:
    """``text`` on one line, with no control characters, for a message."""
    return " ".join(CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", text).split())
