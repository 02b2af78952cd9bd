"""``bpfnews send``: mail a built issue through an SMTP server.

The message is sent exactly as it was built, byte for byte apart from line ends
(SMTP wants CRLF): what the editor checked in the ``.eml`` file is what readers
get. The standard library does the talking (:mod:`smtplib`, :mod:`ssl`); nothing
is retried, because a server that dropped the connection after taking the message
may have delivered it, and a reader should never get an issue twice. The password
comes from ``BPFNEWS_SMTP_PASSWORD`` or a prompt, never from the command line,
where other users of the machine could read it in the process list.
"""

from __future__ import annotations

import getpass
import os
import re
import smtplib
import socket
import ssl
import sys
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

#: The environment variable holding the SMTP password.
PASSWORD_VARIABLE = "BPFNEWS_SMTP_PASSWORD"
#: The port each way of connecting uses when ``--smtp`` names none.
DEFAULT_PORTS = {"plain": 25, "starttls": 587, "ssl": 465}
_HOST_PORT = re.compile(
    r"\[(?P<v6>[^\]]+)\](?::(?P<v6port>\d+))?|(?P<host>[^:]+)(?::(?P<port>\d+))?"
)
_LINE_END = re.compile(rb"\r?\n|\r")


class SendError(Exception):
    """A reason the message was not (wholly) sent, one line for the editor."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Envelope:
    """What SMTP is told apart from the message: who sends it, who receives it."""

    sender: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str  # "plain", "starttls" or "ssl"

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        way = "" if self.security == "plain" else f" ({self.security.upper()})"
        return f"{host}:{self.port}{way}"


def parse_server(text: str, security: str) -> Server:
    """``HOST``, ``HOST:PORT`` or ``[IPv6]:PORT``; the port defaults by ``security``."""
    match = _HOST_PORT.fullmatch(text.strip())
    if not match:
        raise SendError(f"--smtp {text!r} is not HOST or HOST:PORT", 2)
    host = match["v6"] or match["host"]
    port = match["v6port"] or match["port"]
    number = int(port) if port else DEFAULT_PORTS[security]
    if not 0 < number < 65536:
        raise SendError(f"--smtp {text!r}: the port must be between 1 and 65535", 2)
    return Server(host, number, security)


def read_message(path: Path) -> tuple[bytes, Any]:
    """The file's bytes with CRLF line ends, and its headers parsed."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SendError(f"cannot read {path}: {error.strerror or error}", 2) from None
    headers = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
    if not headers.keys():
        raise SendError(f"{path} is not a mail message: it has no headers", 2)
    data = _LINE_END.sub(b"\r\n", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data, headers


def envelope_of(headers: Any, to: Sequence[str], path: Path) -> Envelope:
    """The sender from the message's ``From``; the recipients from ``--to``, else the
    message's own ``To`` and ``Cc``."""
    sender = parseaddr(str(headers.get("From", "")))[1]
    if "@" not in sender:
        raise SendError(f"{path} has no From address: set bpfnews_email_from and build it again", 2)
    named = to or [str(headers.get(name, "")) for name in ("To", "Cc")]
    recipients = tuple(dict.fromkeys(address for _, address in getaddresses(named) if address))
    if not recipients:
        raise SendError("no recipients: give --to ADDRESS (the message has no To either)", 2)
    if bad := [address for address in recipients if "@" not in address]:
        raise SendError(f"not a mail address: {bad[0]!r}", 2)
    return Envelope(sender, recipients)


def header_block(data: bytes) -> str:
    """The message's header lines as they are in the file."""
    head = data.split(b"\r\n\r\n", 1)[0]
    return head.decode("utf-8", "replace").replace("\r\n", "\n")


def password_for(user: str, server: Server) -> str:
    """From the environment, else asked for on the terminal."""
    if (password := os.environ.get(PASSWORD_VARIABLE)) is not None:
        return password
    if not sys.stdin.isatty():
        raise SendError(f"--user needs a password: set {PASSWORD_VARIABLE} (no terminal to ask)", 2)
    try:
        return getpass.getpass(f"SMTP password for {user} at {server.host}: ")
    except (EOFError, KeyboardInterrupt):
        raise SendError("no password given", 2) from None


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    return f"{code} {' '.join(text.split())}"


def deliver(
    data: bytes, envelope: Envelope, server: Server, user: str, password: str, timeout: float
) -> dict[str, str]:
    """Send once; the recipients the server refused, with its replies (empty when it
    took them all). Every failure that means nothing was sent is a :class:`SendError`."""
    context = ssl.create_default_context()
    sending = False
    try:
        if server.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=timeout)
    except (OSError, smtplib.SMTPException) as error:
        raise SendError(f"cannot reach {server}: {_why(error)}") from None
    try:
        smtp.ehlo_or_helo_if_needed()
        if server.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise SendError(f"{server} does not offer STARTTLS; try --ssl, or no encryption")
            smtp.starttls(context=context)
            smtp.ehlo()
        if user:
            smtp.login(user, password)
        sending = True
        options = ["BODY=8BITMIME"] if not data.isascii() and smtp.has_extn("8bitmime") else []
        refused = smtp.sendmail(envelope.sender, list(envelope.recipients), data, options)
    except smtplib.SMTPRecipientsRefused as error:
        raise SendError("every recipient was refused: " + _refusals(error.recipients)) from None
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(
            f"login as {user} failed: {_reply(error.smtp_code, error.smtp_error)}"
        ) from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(
            f"the sender {envelope.sender} was refused: {_reply(error.smtp_code, error.smtp_error)}"
        ) from None
    except smtplib.SMTPResponseException as error:
        raise SendError(
            f"{server} refused the message: {_reply(error.smtp_code, error.smtp_error)}"
        ) from None
    except smtplib.SMTPNotSupportedError as error:
        raise SendError(f"{server}: {error}") from None
    except (OSError, smtplib.SMTPException) as error:
        outcome = (
            "; the server may have taken the message: check before sending it again"
            if sending
            else "; nothing was sent"
        )
        raise SendError(f"the connection to {server} failed: {_why(error)}{outcome}") from None
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return {address: _reply(*reply) for address, reply in refused.items()}


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{address}: {_reply(*reply)}" for address, reply in recipients.items())


def _why(error: BaseException) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"its certificate is not trusted ({error.verify_message})"
    if isinstance(error, socket.timeout | TimeoutError):
        return "no answer in time"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def run(args: argparse.Namespace) -> int:
    """Send, or with ``--dry-run`` show what would be sent; exit 0 sent, 1 not
    (wholly) sent, 2 a usage problem, each with a one-line reason on stderr."""
    try:
        return _run(args)
    except SendError as error:
        print(f"bpfnews send: {error}", file=sys.stderr)
        return error.status


def _run(args: argparse.Namespace) -> int:
    path = Path(args.message)
    security = "ssl" if args.ssl else "starttls" if args.starttls else "plain"
    server = parse_server(args.smtp, security)
    data, headers = read_message(path)
    envelope = envelope_of(headers, args.to or (), path)
    if args.dry_run:
        print(f"Server: {server}" + (f", login as {args.user}" if args.user else ""))
        print(f"Envelope-From: {envelope.sender}")
        print(f"Envelope-To: {', '.join(envelope.recipients)}")
        print()
        print(header_block(data))
        return 0
    password = password_for(args.user, server) if args.user else ""
    refused = deliver(data, envelope, server, args.user or "", password, args.timeout)
    taken = [address for address in envelope.recipients if address not in refused]
    print(f"sent {path.name} to {', '.join(taken)} through {server}")
    if refused:
        print(
            f"bpfnews send: {len(refused)} of {len(envelope.recipients)} recipients refused: "
            + "; ".join(f"{address}: {reply}" for address, reply in refused.items()),
            file=sys.stderr,
        )
        return 1
    return 0


def add_parser(commands: Any) -> None:
    """``bpfnews send``: its options, documented in docs/sending.md."""
    send = commands.add_parser(
        "send",
        help="send a built issue (.eml) through SMTP",
        description="Send a message built by the bpfnews-email builder through an SMTP "
        "server, as it is in the file. The password comes from "
        f"{PASSWORD_VARIABLE} or a prompt. Nothing is retried: a failure is reported "
        "with the server's reply. Exit status: 0 sent to every recipient, 1 not sent or "
        "refused for some, 2 on usage errors.",
    )
    send.add_argument("message", metavar="FILE.eml")
    send.add_argument(
        "--to",
        nargs="+",
        action="extend",
        metavar="ADDRESS",
        help="who receives it (default: the message's To and Cc)",
    )
    send.add_argument(
        "--smtp",
        default="localhost",
        metavar="HOST[:PORT]",
        help="the SMTP server (default: localhost, port 25, 587 with --starttls, 465 with --ssl)",
    )
    security = send.add_mutually_exclusive_group()
    security.add_argument("--starttls", action="store_true", help="encrypt with STARTTLS")
    security.add_argument("--ssl", action="store_true", help="connect with TLS from the start")
    send.add_argument(
        "--user", metavar="NAME", help=f"log in as NAME (password: {PASSWORD_VARIABLE} or a prompt)"
    )
    send.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="give up on a silent server after this long (default: 60)",
    )
    send.add_argument(
        "--dry-run", action="store_true", help="print the envelope and headers; send nothing"
    )
    send.set_defaults(handler=run)
