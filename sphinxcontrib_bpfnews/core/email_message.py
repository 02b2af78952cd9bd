"""An issue as an email: the RFC 5322 message made from plain data.

The builder (:mod:`sphinxcontrib_bpfnews.email`) renders an issue's text and HTML
parts; this module puts them in one ``multipart/alternative`` message with the
standard library's :mod:`email` package, and makes what must stay the same from one
build to the next: the ``Message-ID`` (so a list, an archive or a reader sees that
an issue sent twice is the same issue), the ``Date`` (the issue's own) and the MIME
boundary (so that building again without a change writes the same bytes).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from email.policy import EmailPolicy

#: Characters of a Message-ID's parts (RFC 5322 ``atext``) kept as they are; the
#: rest are percent-encoded, which keeps the ID ASCII and unique.
_ATEXT = "!#$&'*+-=?^_`{|}~"
#: A scheme at the start of an address (``https:``, ``mailto:``).
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@cache
def _policy() -> EmailPolicy[EmailMessage]:
    """What the message is written with: Unix line ends, as every other output file
    (``bpfnews send`` and mail servers turn them into CRLF), headers folded at 78.

    Made when the first message is: :mod:`email.policy` takes longer to load than
    the rest of this module, which every build loads for its configuration checks.
    """
    from email import policy

    return policy.default.clone(linesep="\n", max_line_length=78)


@dataclass(frozen=True)
class Headers:
    """What the message's headers say, as plain text."""

    subject: str
    sender: str
    to: str = ""
    reply_to: str = ""
    #: ``Date:`` already in RFC 5322 form (:func:`message_date`).
    date: str = ""
    message_id: str = ""
    #: The unsubscribe address as the message's links give it (:func:`unsubscribe_link`).
    unsubscribe: str = ""


def message_id(base_url: str, docname: str, number: int | None) -> str:
    """``<DOCNAME.NUMBER@HOST>``: the same for every build of the issue on the same
    site, so a second sending of it is recognisable; ``HOST`` is the site's host."""
    host = urlsplit(base_url).hostname or "localhost"
    parts = [quote(part, safe=_ATEXT).replace(".", "%2E") for part in docname.split("/")]
    if number is not None:
        parts.append(str(number))
    return f"<{'.'.join(part for part in parts if part)}@{host}>"


def message_date(published: str, date: str) -> str:
    """The issue's date in RFC 5322 form: its time when the front matter gives one
    (``2017-09-18T18:30:41.000Z``), else midnight UTC of its ``date``; "" when it has
    neither."""
    for text in (published, date):
        if not text:
            continue
        try:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return format_datetime(moment)
    return ""


def unsubscribe_link(value: str) -> str:
    """The address readers unsubscribe at: an address with a scheme (``https:``,
    ``mailto:``) as it is, a bare mail address as ``mailto:``, and anything else (a
    mailing service's placeholder such as ``*|UNSUB|*`` or ``{{ unsubscribe_url }}``,
    which the service replaces) as it is."""
    value = value.strip()
    if value and not _SCHEME.match(value) and "@" in value and " " not in value:
        return f"mailto:{value}"
    return value


def addresses_problem(value: str) -> str:
    """Why ``value`` is not one or more mail addresses (``Name <a@b.org>, c@d.org``),
    or ""."""
    found = getaddresses([value])
    if not value.strip() or not found:
        return "one or more mail addresses such as 'Name <editors@example.org>'"
    for _name, address in found:
        local, _, domain = address.rpartition("@")
        if not local or not domain or "." not in domain.strip("."):
            return "one or more mail addresses such as 'Name <editors@example.org>'"
    return ""


def compose(headers: Headers, text: str, html: str) -> bytes:
    """The message: ``text`` and ``html`` as the two parts of a
    ``multipart/alternative`` message, UTF-8 in quoted-printable, with ``headers``."""
    message = EmailMessage(policy=_policy())
    for name, value in (
        ("Subject", headers.subject),
        ("From", headers.sender),
        ("To", headers.to),
        ("Reply-To", headers.reply_to),
        ("Date", headers.date),
        ("Message-ID", headers.message_id),
        ("List-Unsubscribe", f"<{headers.unsubscribe}>" if headers.unsubscribe else ""),
    ):
        # A header is one line: a title written over several lines of front matter
        # is joined (a line break would start another header).
        if value := " ".join(value.split()):
            message[name] = value
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for part in message.iter_parts():
        # The parts are inside the message, which says its MIME version once.
        del part["MIME-Version"]
    # The same parts, the same boundary: a rebuild writes the same bytes.
    digest = hashlib.sha256(f"{text}\0{html}".encode()).hexdigest()[:32]
    message.set_boundary(f"=_bpfnews_{digest}")
    return message.as_bytes(policy=_policy())
