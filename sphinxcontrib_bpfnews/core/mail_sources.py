"""Where patch mail comes from: mbox and mboxrd files (gzipped too), single
messages, maildirs, ``git format-patch`` folders and saved patchwork API objects.

A source is told apart by its content more than by its name, since a file saved
from an archive may have any name; a fetched source (bytes with the name they were
fetched as) is read exactly as a file of that name. Each message is handed to
:mod:`.mail` on its own, so one broken message costs nothing but itself.
"""

from __future__ import annotations

import gzip
import itertools
import mailbox
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sphinxcontrib_bpfnews.core.mail import MailSourceError, ReadResult, add_message
from sphinxcontrib_bpfnews.core.patchwork import read_patchwork

if TYPE_CHECKING:
    from collections.abc import Iterator

_FROM_LINE = re.compile(rb"^From ", re.MULTILINE)
_MBOXRD_QUOTE = re.compile(rb"^>(>*From )", re.MULTILINE)
#: The files of a folder that may hold mail (``git format-patch`` writes ``.patch``).
_MAIL_FILES = (".patch", ".eml", ".mbox", ".mboxrd", ".gz", ".json", ".txt", "")


class SourceData(Protocol):
    """Bytes fetched from somewhere, and the name they were fetched as."""

    @property
    def name(self) -> str: ...

    @property
    def data(self) -> bytes: ...


def read_source(source: str | Path | SourceData) -> ReadResult:
    """Every message of ``source``: a path (file or folder) or fetched bytes.

    Raises :class:`MailSourceError` only when the source itself cannot be read.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            return _read_folder(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise MailSourceError(error.strerror or str(error)) from None
        return read_bytes(str(path), data)
    return read_bytes(source.name, source.data)


def read_bytes(name: str, data: bytes) -> ReadResult:
    """The messages of one file's bytes, told apart by content more than by name."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise MailSourceError(f"not a readable gzip file ({error})") from None
        name = name.removesuffix(".gz")
    stripped = data.lstrip()
    if name.endswith(".json") or stripped[:1] in (b"{", b"["):
        return read_patchwork(name, data)
    result = ReadResult()
    for number, raw in enumerate(split_mbox(data), start=1):
        add_message(result, name, number, raw)
    return result


def split_mbox(data: bytes) -> Iterator[bytes]:
    """The raw messages of an mbox (mboxo or mboxrd), or the one message of a file
    without ``From `` separator lines, as :mod:`mailbox` splits them.

    Quoted ``>From `` lines lose one ``>``: that undoes mboxrd's quoting exactly and
    mboxo's as well as anything can.
    """
    if not data.startswith(b"From "):
        if data.strip():
            yield data
        return
    starts = [match.start() for match in _FROM_LINE.finditer(data)]
    starts.append(len(data))
    for begin, end in itertools.pairwise(starts):
        chunk = data[begin:end]
        body_start = chunk.find(b"\n") + 1
        message = chunk[body_start:] if body_start else b""
        if b">From " in message:
            message = _MBOXRD_QUOTE.sub(rb"\1", message)
        if message.strip():
            yield message


def _read_folder(path: Path) -> ReadResult:
    """A maildir (``cur``/``new``), or a folder of ``git format-patch`` files."""
    result = ReadResult()
    if (path / "cur").is_dir() or (path / "new").is_dir():
        box = mailbox.Maildir(path, factory=None, create=False)
        # Maildir names start with the delivery time: sorted, they are in order.
        entries = sorted(box.iterkeys())
        for number, key in enumerate(entries, start=1):
            try:
                with box.get_file(key) as stream:
                    raw = stream.read()
            except OSError as error:
                result.problems.append(f"{path}: message {number}: unreadable ({error})")
                continue
            add_message(result, str(path), number, raw)
        return result
    files = sorted(
        child
        for child in path.iterdir()
        if child.is_file() and child.suffix in _MAIL_FILES and not child.name.startswith(".")
    )
    if not files:
        raise MailSourceError("a folder with no mail in it (no maildir, .patch or .eml files)")
    for child in files:
        try:
            found = read_bytes(str(child), child.read_bytes())
        except OSError as error:
            result.problems.append(f"{child}: unreadable ({error.strerror or error})")
            continue
        except MailSourceError as error:
            result.problems.append(f"{child}: {error}")
            continue
        result.messages += found.messages
        result.problems += found.problems
    return result
