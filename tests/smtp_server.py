"""A real SMTP server on 127.0.0.1 for the tests of sending, in place of a mail provider.

aiosmtpd runs the server in a thread of its own; this module gives it what the
tests need: recipients it refuses (with a 550 reply, as a provider does for an
unknown address), a login it accepts, STARTTLS or TLS from the start with a
certificate from a test authority (:mod:`trustme`) that the client is told to
trust through ``SSL_CERT_FILE``, and a connection it drops after taking the
message. Every message it took is kept as the bytes it received, with the
envelope, so a test compares them with the file that was sent.
"""

from __future__ import annotations

import socket
import ssl
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@dataclass(frozen=True)
class Received:
    """One message the server took: the envelope and the content as received."""

    sender: str
    recipients: tuple[str, ...]
    content: bytes


@dataclass
class _Handler:
    refuse: frozenset[str]
    drop_after_data: bool
    received: list[Received] = field(default_factory=list)
    #: DATA commands seen, taken or not: a client that retried would show here.
    attempts: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        content = envelope.original_content or envelope.content
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), content))
        if self.drop_after_data:
            server.transport.close()
        return "250 2.0.0 Ok: queued"


@dataclass
class LocalSMTP:
    """The running server: its address and what it took."""

    port: int
    handler: _Handler
    #: The test authority's certificate, for ``SSL_CERT_FILE``; None without TLS.
    ca_file: Path | None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def attempts(self) -> int:
        return self.handler.attempts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_serving(
    tmp_path: Path,
    *,
    refuse: tuple[str, ...] = (),
    login: tuple[str, str] | None = None,
    tls: str = "",
    drop_after_data: bool = False,
) -> Iterator[LocalSMTP]:
    """A server on 127.0.0.1 until the block ends. ``login`` (name, password): the
    only login it accepts, and then it requires one; ``tls``: "starttls" or "ssl"."""
    handler = _Handler(frozenset(refuse), drop_after_data)
    options: dict[str, Any] = {}
    ca_file = None
    if tls:
        authority = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        ca_file = tmp_path / "test-ca.pem"
        authority.cert_pem.write_to_path(str(ca_file))
        if tls == "ssl":
            options["ssl_context"] = context
        else:
            options.update(tls_context=context, require_starttls=True)
    if login:
        expected = (login[0].encode(), login[1].encode())

        def authenticate(
            server: Any, session: Any, envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            ok = isinstance(data, LoginPassword) and (data.login, data.password) == expected
            return AuthResult(success=ok, handled=False)

        # aiosmtpd's own check sees only STARTTLS; TLS from the start is encrypted too.
        options.update(
            authenticator=authenticate, auth_required=True, auth_require_tls=tls == "starttls"
        )
    controller = Controller(
        handler, hostname="127.0.0.1", port=_free_port(), ready_timeout=10, **options
    )
    controller.start()
    try:
        yield LocalSMTP(controller.port, handler, ca_file)
    finally:
        controller.stop()
