"""Reading one mail message into a plain record (the sources that hold messages are
read by :mod:`.mail_sources`).

A week of a list's traffic is thousands of messages written by hundreds of mail
clients, so one bad message must never cost the others: every message is read on
its own, headers are decoded with :data:`email.policy.default` and, when that
refuses one, with the lenient decoding of the older ``compat32`` API, and each
problem becomes a one-line reason beside the records instead of an exception.
What a newsletter needs of a message is kept (subject, author, date, thread
headers, review trailers, whether it carries a diff, a pull request's repository);
the message objects themselves are dropped at once, so memory stays flat.
"""

from __future__ import annotations

import codecs
import datetime
import email
import email.errors
import email.utils
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.core.model import REVIEW_TRAILERS, trailer_name

if TYPE_CHECKING:
    from email.message import Message
    from email.policy import Policy

#: Longer than any line a mail header may have (RFC 5322, 998 characters): an
#: identifier this long is junk, and would make an unusable address.
MAX_MESSAGE_ID = 998
#: The review trailers a newsletter shows, as mail writes them, by the option name the
#: directive uses (:data:`.model.REVIEW_TRAILERS`).
TRAILERS: dict[str, str] = {option: trailer_name(option) for option in REVIEW_TRAILERS}

_ANGLE_ID = re.compile(r"<([^<>\s]+)>")
# Where a diff starts: git (mode changes and renames too), unified, CVS and binary.
_DIFF_START = re.compile(
    r"^(?:diff -|Index: \S|--- \S[^\n]*\n\+\+\+ \S|GIT binary patch|RCS file: )", re.MULTILINE
)
_TRAILER = re.compile(
    r"^[ \t]*(reviewed-by|acked-by|tested-by)[ \t]*:[ \t]*(.+?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_ENCODED_WORD_CHARSET = re.compile(r"=\?([^?*]+)(?:\*[^?]*)?\?[bBqQ]\?")
_CHANGE_ID = re.compile(r"^change-id:[ \t]*(\S+)", re.MULTILINE)
_PULL_AT = re.compile(r"are available in the git repository at:?[ \t]*\n", re.IGNORECASE)


class MailSourceError(Exception):
    """A source that cannot be read at all (missing, unreadable): a one-line reason."""


@dataclass(frozen=True)
class Trailer:
    """One review trailer: ``kind`` is ``reviewed-by``, ``acked-by`` or ``tested-by``."""

    kind: str
    name: str


@dataclass(frozen=True)
class PullRequest:
    """Where a pull request's changes are: the repository and its tag or branch."""

    repository: str
    ref: str = ""


@dataclass(frozen=True)
class MailMessage:
    """What a newsletter needs of one message.

    ``msgid``, ``in_reply_to`` and ``references`` are Message-IDs without angle
    brackets. ``url`` is an address the source itself gave (patchwork's
    ``web_url``); otherwise the archive address is made from ``msgid`` later.
    ``number`` is the message's position in its source, counted from 1, for
    reasons that point at it.
    """

    source: str
    number: int
    subject: str
    msgid: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    author: str = ""
    address: str = ""
    date: datetime.datetime | None = None
    has_diff: bool = False
    trailers: tuple[Trailer, ...] = ()
    change_id: str = ""
    pull: PullRequest | None = None
    lists: tuple[str, ...] = ()
    url: str = ""


@dataclass
class ReadResult:
    """The messages read from one source, and why others were skipped or read leniently."""

    messages: list[MailMessage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def add_message(result: ReadResult, name: str, number: int, raw: bytes) -> None:
    """Read one raw message into ``result``: its record, or the reasons it was skipped."""
    problems: list[str] = []
    message = None
    try:
        message = _read_message(name, number, raw, problems, policy.default)
    except Exception as error:  # one message never stops the run
        # The older parser is more forgiving of what the default policy refuses.
        problems = [f"{type(error).__name__}: {str(error)[:80]}; read with the compat32 parser"]
        try:
            message = _read_message(name, number, raw, problems, policy.compat32)
        except Exception as again:
            problems.append(f"unreadable ({type(again).__name__}: {str(again)[:80]}); skipped")
    result.problems += [f"{name}: message {number}: {problem}" for problem in problems]
    if message is not None:
        result.messages.append(message)


def _read_message(
    name: str, number: int, raw: bytes, problems: list[str], parser: Policy
) -> MailMessage | None:
    parsed = email.message_from_bytes(raw, policy=parser)
    headers: dict[str, str] = {}
    for key, value in parsed.raw_items():
        headers.setdefault(key.lower(), value)
    subject = header_text("subject", headers.get("subject", ""), problems)
    if not subject.strip():
        problems.append("no Subject; skipped")
        return None
    msgid = _first_id(headers.get("message-id", ""))
    if len(msgid) > MAX_MESSAGE_ID:
        problems.append(f"Message-ID of {len(msgid)} characters; read without it (no link)")
        msgid = ""
    in_reply_to = _first_id(headers.get("in-reply-to", ""))
    found_references = _ANGLE_ID.findall(headers.get("references", ""))
    references = tuple(ref for ref in found_references if len(ref) <= MAX_MESSAGE_ID)
    author, address = _author(headers.get("from", ""), problems)
    date = _date(headers.get("date", ""), problems)
    body = _body(parsed, problems)
    diff = _DIFF_START.search(body)
    message_text = body[: diff.start()] if diff else body
    return MailMessage(
        source=name,
        number=number,
        subject=" ".join(subject.split()),
        msgid=msgid,
        in_reply_to=in_reply_to if len(in_reply_to) <= MAX_MESSAGE_ID else "",
        references=references,
        author=author,
        address=address,
        date=date,
        has_diff=diff is not None,
        trailers=trailers_of(message_text),
        change_id=(found.group(1) if (found := _CHANGE_ID.search(message_text)) else ""),
        pull=pull_request_of(message_text),
        lists=_lists(headers),
    )


def header_text(name: str, value: str, problems: list[str]) -> str:
    """A header's decoded text: RFC 2047 words and raw UTF-8 alike.

    :data:`email.policy.default` first; when it refuses the value (an unknown
    charset, a broken encoded word), ``compat32``'s :func:`decode_header` with
    undecodable bytes replaced, and a reason.
    """
    if not value:
        return ""
    if _plain(value):
        return value
    try:
        header = policy.default.header_factory(name, value)
        defects = [type(defect).__name__ for defect in header.defects]
        text = str(header)
    except Exception as error:
        defects, text = [type(error).__name__], ""
    defects += _unknown_charsets(value)
    if defects:
        # The bytes of an unknown charset are read as UTF-8, or else Windows-1252.
        text = _lenient_header(value)
        problems.append(f"{name.title()} header not valid ({defects[0]}); read leniently")
    return _unescaped(text)


def _lenient_header(value: str) -> str:
    try:
        parts = decode_header(value)
    except (ValueError, email.errors.HeaderParseError):
        return value
    words = []
    for part, charset in parts:
        if isinstance(part, str):
            words.append(part)
            continue
        words.append(_decode(part, charset or "ascii"))
    # decode_header drops the spaces between plain and encoded words.
    return " ".join(" ".join(words).split()) if len(parts) > 1 else "".join(words)


def _plain(value: str) -> bool:
    """True for a header value with nothing to decode: ASCII, no encoded words.

    Most headers of a list's traffic are; reading them without the full header
    parser halves the time a week of mail takes."""
    return value.isascii() and "=?" not in value


def _unknown_charsets(value: str) -> list[str]:
    """What is wrong with the charsets a header's encoded words name, if anything:
    :data:`email.policy.default` replaces their bytes without saying so."""
    return [
        f"unknown charset {charset!r}"
        for charset in _ENCODED_WORD_CHARSET.findall(value)
        if not _known_charset(charset)
    ]


def _known_charset(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except (LookupError, UnicodeError, ValueError):  # unknown, or not even text
        return False
    return True


def _decode(data: bytes, charset: str) -> str:
    if not _known_charset(charset):
        charset = "utf-8"
    text = data.decode(charset, errors="surrogateescape")
    return _unescaped(text)


def _unescaped(text: str) -> str:
    """``text`` with bytes the parser could not decode (kept as surrogates) read as
    UTF-8, or as Windows-1252 when they are not UTF-8: raw 8-bit headers are common."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", errors="surrogateescape")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    return text


def _first_id(value: str) -> str:
    found = _ANGLE_ID.search(value)
    if found:
        return found.group(1)
    # Some clients write the identifier without its angle brackets.
    return value.strip().split()[0] if value.strip() else ""


def _author(value: str, problems: list[str]) -> tuple[str, str]:
    """The sender's display name (or address when there is none), and the address."""
    if not value:
        return "", ""
    if _plain(value):
        # Nothing to decode: the older, much faster address parser reads it alike.
        name, address = email.utils.parseaddr(value)
        if address:
            return " ".join(name.split()).strip("\"' ") or address, address
    name = address = ""
    problem = next(iter(_unknown_charsets(value)), "")
    try:
        if not problem:
            found = policy.default.header_factory("from", value).addresses
            name, address = (found[0].display_name, found[0].addr_spec) if found else ("", "")
    except Exception as error:
        problem = type(error).__name__
    if problem:
        problems.append(f"From header not valid ({problem}); read leniently")
    if not (name or address):
        name, address = email.utils.parseaddr(_lenient_header(value))
    name = " ".join(_unescaped(name).split()).strip("\"' ")
    address = _unescaped(address).strip()
    return name or address, address


def _date(value: str, problems: list[str]) -> datetime.datetime | None:
    if not value.strip():
        return None
    try:
        date = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        problems.append(f"Date {value.strip()[:60]!r} not understood; read without a date")
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=datetime.UTC)
    return date.astimezone(datetime.UTC)


def _body(parsed: Message, problems: list[str]) -> str:
    """The text of the message's plain-text parts (patches attached as text too)."""
    texts = []
    for part in parsed.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        # Text and patches attached as text; HTML repeats the text, the rest is binary.
        if not kind.startswith("text/") or kind == "text/html":
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            problems.append(f"a {kind} part does not decode; left out")
            continue
        if any("Base64" in type(defect).__name__ for defect in part.defects):
            problems.append("base64 body does not decode cleanly; read what could be")
        if not isinstance(payload, bytes):
            continue
        charset = _charset(part)
        if not _known_charset(charset):
            problems.append(f"unknown charset {charset!r}; body read as UTF-8")
            charset = "utf-8"
        texts.append(_unescaped(payload.decode(charset, errors="surrogateescape")))
    return "\n".join(texts).replace("\r\n", "\n")


def _charset(part: Message) -> str:
    try:
        return part.get_content_charset() or "utf-8"
    except Exception:
        return "utf-8"


def trailers_of(text: str) -> tuple[Trailer, ...]:
    """The review trailers written in ``text`` (quoted lines, ``> Acked-by:``, are
    someone else's words and do not count); the name, or the address alone."""
    found = []
    for kind, value in _TRAILER.findall(text):
        name, address = email.utils.parseaddr(value)
        who = " ".join((name or address or value).split()).strip("\"' ")
        if who:
            found.append(Trailer(kind.lower(), who))
    return tuple(found)


def pull_request_of(text: str) -> PullRequest | None:
    """The repository and tag or branch after "are available in the Git repository at:"."""
    found = _PULL_AT.search(text)
    if not found:
        return None
    lines = [line.split() for line in text[found.end() :].splitlines()[:6]]
    lines = [words for words in lines if words]
    if not lines:
        return None
    repository, *rest = lines[0]
    ref = rest[0] if rest else ""
    if not ref and len(lines) > 1 and len(lines[1]) == 1 and lines[1][0].lower() != "for":
        ref = lines[1][0]
    return PullRequest(repository, ref)


def _lists(headers: dict[str, str]) -> tuple[str, ...]:
    """The names of the lists the message came through: ``bpf`` for ``List-Id:
    <bpf.vger.kernel.org>`` and for ``X-Mailing-List: bpf@vger.kernel.org``."""
    names = []
    if found := _ANGLE_ID.search(headers.get("list-id", "")):
        names.append(found.group(1).split(".", 1)[0].lower())
    for key in ("x-mailing-list", "list-post"):
        value = headers.get(key, "").strip().removeprefix("<").removeprefix("mailto:")
        if "@" in value:
            names.append(value.split("@", 1)[0].strip().lower())
    return tuple(dict.fromkeys(names))
