"""``bpfnews send``: a built message through a real SMTP server on 127.0.0.1.

The server (tests/smtp_server.py, aiosmtpd) keeps what it received, so each test
compares it with the file byte for byte (line ends aside: SMTP carries CRLF), and
counts DATA commands, so a retry would show.
"""

from __future__ import annotations

import email
import shutil
from email import policy
from typing import TYPE_CHECKING

import pytest

from tests.commands import bpfnews
from tests.conftest import SNIPPETS
from tests.http_server import closed_port
from tests.smtp_server import smtp_serving

if TYPE_CHECKING:
    from pathlib import Path

# aiosmtpd's caution about a login without TLS: the test server listens on loopback only.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

MESSAGE = SNIPPETS / "send" / "bpf-updates-12.eml"


def _lines(data: bytes) -> bytes:
    """The message with LF line ends, as the file has them."""
    return data.replace(b"\r\n", b"\n")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No password or certificate settings leak in from the machine."""
    for name in ("BPFNEWS_SMTP_PASSWORD", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_sends_the_file_as_built(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    with smtp_serving(tmp_path) as server:
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "Two <two@example.com>",
            "--smtp",
            server.address,
        )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == (
        f"sent bpf-updates-12.eml to reader@example.com, two@example.com through {server.address}\n"
    )
    [received] = server.received
    assert received.sender == "editors@newsletter.example.org"
    assert received.recipients == ("reader@example.com", "two@example.com")
    assert _lines(received.content) == MESSAGE.read_bytes()
    # What a mail client reads: both parts, the non-ASCII text intact.
    message = email.message_from_bytes(received.content, policy=policy.default)
    assert message["Subject"] == "BPF Updates 12"
    assert "Brendan Gregg · Kernel Recipes 2017" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Brendan Gregg" in message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_recipients_default_to_the_message_to(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    with smtp_serving(tmp_path) as server:
        done = bpfnews("send", str(MESSAGE), "--smtp", server.address)
    assert done.returncode == 0, done.stderr
    assert server.received[0].recipients == ("bpf-updates@lists.example.org",)


def test_dry_run_prints_envelope_and_headers_and_sends_nothing(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    with smtp_serving(tmp_path) as server:
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "--smtp",
            server.address,
            "--user",
            "editor",
            "--dry-run",
        )
    assert done.returncode == 0, done.stderr
    assert server.attempts == 0 and server.received == []
    head = MESSAGE.read_bytes().split(b"\n\n", 1)[0].decode()
    assert done.stdout == (
        f"Server: {server.address}, login as editor\n"
        "Envelope-From: editors@newsletter.example.org\n"
        "Envelope-To: reader@example.com\n"
        "\n"
        f"{head}\n"
    )


def test_one_refused_recipient_is_reported_and_the_rest_get_it_once(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    with smtp_serving(tmp_path, refuse=("nobody@example.com",)) as server:
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "nobody@example.com",
            "--smtp",
            server.address,
        )
    assert done.returncode == 1
    assert done.stderr == (
        "bpfnews send: 1 of 2 recipients refused: nobody@example.com: 550 5.1.1 "
        "<nobody@example.com>: Recipient address rejected: no such user\n"
    )
    assert server.attempts == 1
    assert server.received[0].recipients == ("reader@example.com",)


def test_every_recipient_refused_sends_nothing(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    with smtp_serving(tmp_path, refuse=("nobody@example.com",)) as server:
        done = bpfnews("send", str(MESSAGE), "--to", "nobody@example.com", "--smtp", server.address)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "bpfnews send: every recipient was refused: nobody@example.com: 550 "
    )
    assert len(done.stderr.splitlines()) == 1
    assert server.attempts == 0


def test_login_with_the_password_from_the_environment(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("BPFNEWS_SMTP_PASSWORD", "s3cret")
    with smtp_serving(tmp_path, login=("editor", "s3cret")) as server:
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "--smtp",
            server.address,
            "--user",
            "editor",
        )
    assert done.returncode == 0, done.stderr
    assert _lines(server.received[0].content) == MESSAGE.read_bytes()


def test_a_failed_login_gives_the_server_reply(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("BPFNEWS_SMTP_PASSWORD", "wrong")
    with smtp_serving(tmp_path, login=("editor", "s3cret")) as server:
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "--smtp",
            server.address,
            "--user",
            "editor",
        )
    assert done.returncode == 1
    assert done.stderr.startswith("bpfnews send: login as editor failed: 535 ")
    assert len(done.stderr.splitlines()) == 1
    assert server.attempts == 0


def test_no_password_and_no_terminal_is_a_usage_error(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    with smtp_serving(tmp_path, login=("editor", "s3cret")) as server:
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "--smtp",
            server.address,
            "--user",
            "editor",
        )
    assert done.returncode == 2
    assert done.stderr == (
        "bpfnews send: --user needs a password: set BPFNEWS_SMTP_PASSWORD (no terminal to ask)\n"
    )
    assert server.attempts == 0


@pytest.mark.parametrize("way", ["starttls", "ssl"])
def test_encrypted_with_a_trusted_certificate(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, way: str
) -> None:
    clean_env.setenv("BPFNEWS_SMTP_PASSWORD", "s3cret")
    with smtp_serving(tmp_path, tls=way, login=("editor", "s3cret")) as server:
        clean_env.setenv("SSL_CERT_FILE", str(server.ca_file))
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "--smtp",
            server.address,
            f"--{way}",
            "--user",
            "editor",
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(f"through {server.address} ({way.upper()})\n")
    assert _lines(server.received[0].content) == MESSAGE.read_bytes()


def test_an_untrusted_certificate_sends_nothing(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    with smtp_serving(tmp_path, tls="starttls") as server:
        done = bpfnews(
            "send",
            str(MESSAGE),
            "--to",
            "reader@example.com",
            "--smtp",
            server.address,
            "--starttls",
        )
    assert done.returncode == 1
    assert "its certificate is not trusted" in done.stderr
    assert done.stderr.rstrip().endswith("nothing was sent")
    assert len(done.stderr.splitlines()) == 1
    assert server.attempts == 0


def test_a_dropped_connection_is_not_retried(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    with smtp_serving(tmp_path, drop_after_data=True) as server:
        done = bpfnews("send", str(MESSAGE), "--to", "reader@example.com", "--smtp", server.address)
    assert done.returncode == 1
    assert done.stderr == (
        f"bpfnews send: the connection to {server.address} failed: the server closed the "
        "connection; the server may have taken the message: check before sending it again\n"
    )
    assert server.attempts == 1


def test_an_unreachable_server(clean_env: pytest.MonkeyPatch) -> None:
    with closed_port() as port:
        done = bpfnews(
            "send", str(MESSAGE), "--to", "reader@example.com", "--smtp", f"127.0.0.1:{port}"
        )
    assert done.returncode == 1
    assert done.stderr == f"bpfnews send: cannot reach 127.0.0.1:{port}: Connection refused\n"


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (
            ["missing.eml", "--to", "a@example.com"],
            "cannot read missing.eml: No such file or directory",
        ),
        (
            ["empty.eml", "--to", "a@example.com"],
            "empty.eml is not a mail message: it has no headers",
        ),
        (
            ["nofrom.eml", "--to", "a@example.com"],
            "nofrom.eml has no From address: set bpfnews_email_from and build it again",
        ),
        (["noto.eml"], "no recipients: give --to ADDRESS (the message has no To either)"),
        (["message.eml", "--to", "not-an-address"], "not a mail address: 'not-an-address'"),
        (
            ["message.eml", "--to", "a@example.com", "--smtp", "host:99999"],
            "--smtp 'host:99999': the port must be between 1 and 65535",
        ),
    ],
)
def test_usage_errors(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, arguments: list[str], reason: str
) -> None:
    shutil.copy(MESSAGE, tmp_path / "message.eml")
    (tmp_path / "empty.eml").write_bytes(b"")
    (tmp_path / "nofrom.eml").write_bytes(b"Subject: x\nTo: a@example.com\n\nbody\n")
    (tmp_path / "noto.eml").write_bytes(b"Subject: x\nFrom: e@example.com\n\nbody\n")
    done = bpfnews("send", *arguments, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"bpfnews send: {reason}\n")
