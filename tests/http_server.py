"""A real HTTP server on 127.0.0.1 for the tests of downloads, in place of lore and patchwork.

Tests never reach the internet: they serve their own fixtures from a server on an
ephemeral port, in a thread, stopped when the test ends. Each path (with its query)
has a fixed :class:`Answer`: a body, a status, headers, a redirect, or a wait that
lets a short timeout expire. Every request is recorded, so a test can check what was
asked and how (the path, the User-Agent). Stopping wakes every waiting answer, so
the server never outlives its test, whatever it was told to wait.
"""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


@dataclass(frozen=True)
class Answer:
    """What the server sends for one path: ``status``, ``headers`` (a ``None`` value
    leaves the header out; ``Content-Length`` is the body's unless given) and ``body``,
    after waiting ``delay`` seconds before the status line and ``stall`` seconds after
    the headers."""

    body: bytes = b""
    status: int = 200
    headers: Mapping[str, str | None] = field(default_factory=dict)
    delay: float = 0.0
    stall: float = 0.0


def redirect(location: str, status: int = 302) -> Answer:
    """An answer that sends the client to ``location``."""
    return Answer(status=status, headers={"Location": location})


@dataclass(frozen=True)
class Seen:
    """A request the server received: its path with the query, and its headers."""

    path: str
    headers: dict[str, str]


class LocalServer:
    """The running server: its routes (which a test may add to once it knows the
    port), the requests it received, and the addresses of its paths."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.port: int = server.server_address[1]
        self.routes: dict[str, Answer] = server.routes
        self.requests: list[Seen] = server.seen

    def url(self, path: str) -> str:
        """``http://127.0.0.1:PORT`` followed by ``path``."""
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def paths(self) -> list[str]:
        """The paths asked for, in order."""
        return [seen.path for seen in self.requests]


class _Server(ThreadingHTTPServer):
    # Handler threads are joined when the server closes: none outlives the test.
    daemon_threads = False
    block_on_close = True

    def __init__(self, routes: Mapping[str, Answer]) -> None:
        self.routes = dict(routes)
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a test's timeout) is expected, not an error."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.seen.append(Seen(self.path, dict(self.headers.items())))
        answer = self.server.routes.get(self.path, Answer(b"not found\n", 404))
        if answer.delay and self.server.stopping.wait(answer.delay):
            return
        self.send_response(answer.status)
        headers = {"Content-Length": str(len(answer.body)), **answer.headers}
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        if answer.stall and self.server.stopping.wait(answer.stall):
            return
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads :attr:`LocalServer.requests` instead."""


@contextmanager
def serving(routes: Mapping[str, Answer] | None = None) -> Iterator[LocalServer]:
    """A server on 127.0.0.1 with ``routes`` (path and query to answer; any other
    path is a 404), running until the block ends."""
    server = _Server(routes or {})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield LocalServer(server)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 where nothing listens (a connection is refused), kept
    bound for the block so that nothing else takes it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])
