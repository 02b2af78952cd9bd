"""What an output folder's generated files were last made from.

The archive, index pages, feeds, export and Sphinx's general index are made from
the records of every issue, so working them out again costs time in proportion to
the whole newsletter. Each HTML output folder therefore has a state (kept beside
the doctrees) naming what its files were made from: a *fingerprint* of

* the records: a token the domain renews whenever a page is read or removed, and
  which issues are not published (drafts, and issues dated after the day of the
  build, which a later build publishes with no file changed);
* the PDF editions the site links (:mod:`.pdf_links`), which files outside the
  source decide: a PDF made since the last build is linked with no page changed;
* the settings: every configuration value Sphinx files under ``html`` or ``env``
  (``html_baseurl``, ``html_title``, the theme and its options, the sidebars, every
  ``bpfnews_*`` value, ...), the tags, the builder, the extension's version,
  ``READTHEDOCS_CANONICAL_URL`` and the newest HTML template's time;

and, per kind of output, the files written and the fingerprint of each. A build
whose fingerprint equals the state's keeps what is there; anything else makes the
outputs again (and removes the ones no longer made), so a rebuild without ``-E``
gives the files a fresh build gives. The state is removed when a build starts and
written when it finishes without error: outputs of an interrupted build are never
trusted. A file made again is written only where its content changed
(:func:`write_if_changed`), so what did not change keeps its time stamp.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from weakref import WeakKeyDictionary

from sphinxcontrib_bpfnews.extension.domain import domain_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Builders whose output folders get the site's generated files.
SITE_BUILDERS = frozenset({"html", "dirhtml"})
#: The domain's key for the PDF editions this build links, as plain data (set by
#: :func:`.pdf_links.link_editions` once every page is read).
LINKED_PDFS = "linked_pdfs"
_STATE_FILE = "state.json"
#: Configuration categories whose values can change what the outputs show.
_CATEGORIES: frozenset[Literal["html", "env"]] = frozenset({"html", "env"})


@dataclass
class _BuildState:
    """One build's view of its output folder's state."""

    previous_fingerprint: str = ""
    previous_settings: str = ""
    #: This build's settings fingerprint, once worked out (they hold still while
    #: Sphinx builds, and the templates are walked to find the newest).
    settings: str = ""
    previous_outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)


_STATES: WeakKeyDictionary[Sphinx, _BuildState] = WeakKeyDictionary()


def state_dir(app: Sphinx) -> Path:
    """This builder's and output folder's own folder beside the doctrees.

    Builders sharing one doctree folder (``sphinx-build -M``) keep apart states.
    """
    return _state_dir(str(app.outdir), str(app.doctreedir), app.builder.name)


@functools.lru_cache(maxsize=16)
def _state_dir(outdir: str, doctreedir: str, builder: str) -> Path:
    """:func:`state_dir`, worked out once: resolving the output folder asks the
    file system about each folder on its path, and every kept page part and feed
    body asks for its folder."""
    where = hashlib.sha256(str(Path(outdir).resolve()).encode()).hexdigest()[:12]
    return Path(doctreedir) / "bpfnews" / f"{builder}-{where}"


def _is_site(app: Sphinx) -> bool:
    return app.builder.name in SITE_BUILDERS


# -- the fingerprint ---------------------------------------------------------------


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it, the same from one run to the next."""
    if isinstance(value, dict):
        return sorted(([_plain(k), _plain(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (type, types.FunctionType)):
        # A function's repr holds its address, new on every run.
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


def newest_template(app: Sphinx) -> float:
    """When the newest HTML template was changed (what Sphinx itself compares pages
    with to rewrite them), or 0 for builders without templates."""
    templates = getattr(app.builder, "templates", None)
    newest = getattr(templates, "newest_template_mtime", None)
    try:
        return float(newest()) if callable(newest) else 0.0
    except ValueError:  # no template files at all
        return 0.0


def settings_fingerprint(app: Sphinx) -> str:
    """Everything but the records that the generated outputs are made from."""
    state = _state(app)
    if not state.settings:
        state.settings = _settings(app)
    return state.settings


def _settings(app: Sphinx) -> str:
    sources = {
        "version": app.extensions["sphinxcontrib_bpfnews"].version,
        "builder": app.builder.name,
        "config": {item.name: _plain(item.value) for item in app.config.filter(_CATEGORIES)},
        "tags": sorted(app.tags),
        "canonical_url": os.environ.get("READTHEDOCS_CANONICAL_URL", ""),
        "templates": newest_template(app),
    }
    return _digest(sources)


def fingerprint(app: Sphinx) -> str:
    """The settings, the records and the linked PDFs the generated outputs are made
    from."""
    domain = domain_of(app.env)
    token = domain.records_token()
    pdfs = domain.data.get(LINKED_PDFS, {})
    return _digest([settings_fingerprint(app), token, domain.unpublished(), pdfs])


def _digest(data: object) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


# -- the state across builds ---------------------------------------------------------


def begin(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """At the start of a build (``env-get-outdated``): take the last build's state
    and remove its file, so an interrupted build leaves none to trust."""
    state = _BuildState()
    _STATES[app] = state
    if not _is_site(app):
        return []
    path = state_dir(app) / _STATE_FILE
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if isinstance(saved, dict):
        state.previous_fingerprint = str(saved.get("fingerprint", ""))
        state.previous_settings = str(saved.get("settings", ""))
        outputs = saved.get("outputs")
        state.previous_outputs = outputs if isinstance(outputs, dict) else {}
    path.unlink(missing_ok=True)
    return []


def _state(app: Sphinx) -> _BuildState:
    return _STATES.setdefault(app, _BuildState())


def unchanged(app: Sphinx, outputs: Iterable[Path]) -> bool:
    """True when the last complete build into this folder was made from the same
    records and settings, and ``outputs`` are all still there."""
    return _state(app).previous_fingerprint == fingerprint(app) and all(
        path.exists() for path in outputs
    )


def settings_changed(app: Sphinx) -> bool:
    """True when the settings differ from the last complete build's (or there was
    none): every page shows some of them (feed links, the recent-issues block)."""
    return _state(app).previous_settings != settings_fingerprint(app)


def previous_outputs(app: Sphinx, kind: str) -> dict[str, str]:
    """The files of ``kind`` the last complete build wrote (relative to the output
    folder), each with the fingerprint of what it was made from."""
    files = _state(app).previous_outputs.get(kind, {})
    return files if isinstance(files, dict) else {}


def record_outputs(app: Sphinx, kind: str, files: dict[str, str]) -> None:
    """This build makes exactly ``files`` of ``kind`` (relative path to fingerprint):
    remove those of the last build it no longer makes, as a fresh build has none."""
    outdir = Path(app.outdir)
    for name in previous_outputs(app, kind).keys() - files.keys():
        (outdir / name).unlink(missing_ok=True)
    _state(app).outputs[kind] = files


def save(app: Sphinx, exception: BaseException | None) -> None:
    """When a build finished without error (``build-finished``, after the outputs
    are written): what this folder's outputs are now made from."""
    if exception is not None or not _is_site(app):
        return
    state = _state(app)
    # Kinds this build did not get to (Sphinx 8.0 writes no page when nothing is
    # out of date) keep what the last build recorded.
    outputs = state.previous_outputs | state.outputs
    path = state_dir(app) / _STATE_FILE
    data = {
        "fingerprint": fingerprint(app),
        "settings": settings_fingerprint(app),
        "outputs": outputs,
    }
    write_over(path, json.dumps(data, sort_keys=True).encode("utf-8"))


# -- writing an output ----------------------------------------------------------


def file_stamp(path: Path) -> list[int]:
    """The file's size and time stamp (nanoseconds): how a later build tells that a
    file is still as a build left it (the export, a copied PDF). Raises
    :class:`OSError` when there is no such file."""
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it, so unchanged outputs keep
    their time stamps (and anything watching them stays quiet). A file of another
    size is not read: the export of hundreds of issues is megabytes, and it changes
    whenever an issue is added."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_over(path, data)
    return True


def write_over(path: Path, data: bytes, unchanged: int = 0) -> None:
    """Make the file ``path`` hold ``data``, of which the first ``unchanged`` bytes
    are already there as they are; a file not there is made, with its folder.

    A file that exists is written over in place and cut to its new length, never
    cut to nothing first: ext4, Linux's usual filesystem, writes a file cut to
    nothing and written again out to disk as soon as it is closed (its guard against
    a crash leaving it empty), and the process waits for that. Adding an issue
    rewrites over a hundred files (every page's recent-issues block, the changed
    pages' parts, the export); written over in place they took a few milliseconds
    instead of 10 to 40 ms. As with any write, a build interrupted meanwhile leaves
    files half written, which the state (written last) never vouches for."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    try:
        _write_from(fd, data, unchanged)
    finally:
        os.close(fd)


def _write_from(fd: int, data: bytes, unchanged: int) -> None:
    """The open file ``fd`` made to hold ``data``: written from byte ``unchanged``
    on (those before are already there), then cut to its new length."""
    view = memoryview(data)[unchanged:]
    offset = unchanged
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written
    os.ftruncate(fd, len(data))


def patch_in_place(path: str | Path, patch: Callable[[bytes], tuple[bytes, int] | None]) -> bool:
    """Read the file ``path`` and, when ``patch(data)`` gives the file's new content
    and the length of its start that stays as it was, write it over in place as
    :func:`write_over` does; False when the file is not there or ``patch`` gives
    None (nothing to change). Opened once for both: a rebuild that adds an issue
    patches every page of the site (its recent-issues block)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        # Read to the end in as few calls as the file's size allows.
        size = max(os.fstat(fd).st_size, 1 << 16)
        chunks = []
        while chunk := os.read(fd, size):
            chunks.append(chunk)
        patched = patch(b"".join(chunks))
        if patched is None:
            return False
        _write_from(fd, *patched)
        return True
    finally:
        os.close(fd)
