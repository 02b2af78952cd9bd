"""``bpfnews.json``: the whole newsletter as data, for other sites to reuse.

Its shape is fixed by ``schemas/bpfnews.schema.json`` (shipped with the package and
printed in the docs): every issue newest first with its highlights, talks and
series, each series with its parsed subject, link kind, child patches and its
revisions in other issues.

Parsing every subject of hundreds of issues again on each build would cost more
than the rest of a rebuild, so each issue's part of the file is made again only when
the records it was made from change: the output folder's state (see
:mod:`.output_state`) keeps a fingerprint of each part, and the file itself holds
the parts, one issue to a line (compact JSON has no line break inside a value), so
the next build takes the unchanged ones from it by splitting lines. They are taken
only while the file is as this build's state left it (the same size and time
stamp): a file changed, cut short or replaced since is made again from the records.
Keeping the parts in a second file instead cost writing and reading the export's
megabytes once more on every build that changes it (a tenth of adding an issue to
100).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.core.records import link_of, series_object
from sphinxcontrib_bpfnews.core.revision_links import revision_objects
from sphinxcontrib_bpfnews.extension.collector import collector_paused
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.revisions import current_links, links_of
from sphinxcontrib_bpfnews.site import output_state
from sphinxcontrib_bpfnews.site.parallel import made_in_parallel, start_ahead, taken
from sphinxcontrib_bpfnews.site.pdf_links import absolute_href, all_linked, linked

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

EXPORT_FILE = "bpfnews.json"
SCHEMA = Path(__file__).parent.parent / "schemas" / "bpfnews.schema.json"
#: The kind of output the export is in the output folder's state.
_KIND = "export"
#: About how many characters of the export one series or talk makes.
_WEIGHT = 600
#: Where the output folder's state keeps the export's header and parts' fingerprints.
_STATE_FILE = "export-state.json"
#: The name of the export's work when started ahead (:mod:`.parallel`).
_AHEAD = "export"
SCHEMA_ID = "https://sphinxcontrib-bpfnews.readthedocs.io/schemas/bpfnews-1.schema.json"


def _issue(app: Sphinx, domain: BpfNewsDomain, issue: IssueRecord) -> dict[str, Any]:
    docname = issue["docname"]
    return {
        "docname": docname,
        "url": app.builder.get_target_uri(docname),
        "number": issue["number"],
        "date": issue["date"] or None,
        "title": issue["title"],
        "summary": issue["summary"],
        "tags": issue["tags"],
        "categories": issue["categories"],
        "meta": issue["meta"],
        "pdf": _pdf(app, domain, docname),
        "highlights": domain.highlights_of(docname),
        "talks": [_talk(dict(talk)) for talk in domain.talks_of(docname)],
        "series": [
            series_object(series, revision_objects(links_of(domain, docname, series["anchor"])))
            for series in domain.series_of(docname)
        ],
    }


def _pdf(app: Sphinx, domain: BpfNewsDomain, docname: str) -> str | None:
    """The address of the issue's PDF (absolute where the site's address is known,
    else from the site's root), or None when the site links none."""
    link = linked(domain, "issue", docname)
    return absolute_href(app, link) if link else None


_TALK_KEYS = ("title", "kind", "url", "event", "speakers", "date", "description", "anchor")


def _talk(record: dict[str, Any]) -> dict[str, Any]:
    link = link_of(record["url"])
    return {key: record[key] for key in _TALK_KEYS} | {"link_kind": link.kind if link else None}


def _header(app: Sphinx) -> dict[str, Any]:
    """Everything but the issues: the project and the PDF editions the site links
    (each issue's, each year's, the whole archive's)."""
    domain = domain_of(app.env)
    pdfs = [
        {
            "kind": kind,
            "key": key,
            "name": link["name"],
            "title": link["title"],
            "issues": link["docnames"],
            "pdf": absolute_href(app, link),
        }
        for kind, key, link in all_linked(domain)
    ]
    return {"$schema": SCHEMA_ID, "version": 1, "project": app.config.project, "editions": pdfs}


def export(app: Sphinx, domain: BpfNewsDomain) -> dict[str, Any]:
    """The export as plain data."""
    return _header(app) | {"issues": [_issue(app, domain, i) for i in domain.issues()]}


def _dumps(data: object) -> str:
    # Compact: json's C encoder is used only without indentation, and newsletters
    # of hundreds of issues export tens of thousands of patches.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _fingerprint(app: Sphinx, domain: BpfNewsDomain, issue: IssueRecord) -> str:
    """What the issue's part of the export is made from, hashed: its records (by
    their read token, :meth:`.BpfNewsDomain.read_token`), its address, its revision
    links and its PDF, which other pages and files decide."""
    docname = issue["docname"]
    records: object = domain.read_token(docname)
    if not records:  # not known to have been read: the records themselves
        records = [
            issue,
            domain.highlights_of(docname),
            domain.talks_of(docname),
            domain.series_of(docname),
        ]
    sources = [
        app.extensions["sphinxcontrib_bpfnews"].version,
        app.builder.get_target_uri(docname),
        records,
        current_links(domain).get(docname, {}),
        _pdf(app, domain, docname),
    ]
    return hashlib.sha256(_dumps(sources).encode()).hexdigest()


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _stamp(path: Path) -> list[int] | None:
    """The file's :func:`.output_state.file_stamp`, or None when it is not there."""
    try:
        return output_state.file_stamp(path)
    except OSError:
        return None


def _lines(header: bytes, parts: list[bytes | memoryview]) -> bytes:
    """The export: the header with its last key, ``issues``, holding one part a line."""
    # The header's closing brace makes room for the issues. Joined in one step: the
    # export of a hundred issues is megabytes, which each ``+`` (or a join inside
    # the join) would copy again.
    pieces: list[bytes | memoryview] = [header[:-1], b',"issues":[\n']
    for position, part in enumerate(parts):
        if position:
            pieces.append(b",\n")
        pieces.append(part)
    pieces.append(b"\n]}\n")
    return b"".join(pieces)


def _kept_parts(
    target: Path, previous: dict[str, Any]
) -> tuple[bytes, dict[str, bytes | memoryview]]:
    """The export as the last build wrote it and its parts by fingerprint, when the
    file is still as that build left it; else ``b""`` and none. The parts are views
    of the file's bytes, joined into the new export without being copied first
    (megabytes at a hundred issues)."""
    fingerprints = previous.get("fingerprints")
    if not isinstance(fingerprints, list) or previous.get("file") != _stamp(target):
        return b"", {}
    try:
        data = target.read_bytes()
    except OSError:
        return b"", {}
    view = memoryview(data)
    parts: dict[str, bytes | memoryview] = {}
    # The header's line, one line per issue (each but the last ending with a
    # comma), then the closing line.
    start = data.find(b"\n") + 1
    for _docname, fingerprint in fingerprints:
        end = data.find(b"\n", start)
        if not start or end < 0:
            return b"", {}
        parts[str(fingerprint)] = view[start : end - 1 if data[end - 1] == ord(",") else end]
        start = end + 1
    if data[start:] != b"]}\n":
        return b"", {}
    return data, parts


def _due(app: Sphinx, domain: BpfNewsDomain) -> bool:
    """Whether this build makes the export (there are issues) and the output
    folder's state cannot tell it is unchanged."""
    return bool(domain.issues()) and not output_state.unchanged(
        app, [Path(app.outdir) / EXPORT_FILE]
    )


def start_export(app: Sphinx) -> None:
    """In a ``-j`` build, once the first page is resolved: the export is made in a
    forked process while Sphinx writes the pages (see :mod:`.parallel`), as it is
    made only from what reading recorded. Made at the end instead, the main process
    waited for it with the other processors idle: a twentieth of a full build of 100
    issues with ``-j 2``."""
    start_ahead(
        app,
        _AHEAD,
        lambda: _made(app, domain_of(app.env), share_out=False),
        wanted=lambda: _due(app, domain_of(app.env)),
    )


def write_export(app: Sphinx, domain: BpfNewsDomain) -> None:
    """Write ``bpfnews.json`` at the root of the HTML output (when there are issues)."""
    issues = domain.issues()
    output_state.record_outputs(app, _KIND, {EXPORT_FILE: ""} if issues else {})
    if not _due(app, domain):
        return
    made = taken(app, _AHEAD, lambda: _made(app, domain))
    if made is None:
        return
    data, state = made
    target = Path(app.outdir) / EXPORT_FILE
    if data is not None:
        output_state.write_if_changed(target, data)
    state_path = output_state.state_dir(app) / _STATE_FILE
    output_state.write_over(state_path, _dumps(state | {"file": _stamp(target)}).encode("utf-8"))


def _made(
    app: Sphinx, domain: BpfNewsDomain, *, share_out: bool = True
) -> tuple[bytes | None, dict[str, Any]] | None:
    """The export as this build writes it, or None when the file and its state are
    already so; the file's content is None when only the state is to be written.
    Made from the records and the files of the last build alone, so it can be made
    in another process; with ``share_out`` the missing parts are made in a ``-j``
    build's processes when they are worth it."""
    issues = domain.issues()
    target = Path(app.outdir) / EXPORT_FILE
    header = _dumps(_header(app))
    fingerprints = [[i["docname"], _fingerprint(app, domain, i)] for i in issues]
    previous = _load(output_state.state_dir(app) / _STATE_FILE)
    state: dict[str, Any] = {"header": header, "fingerprints": fingerprints}
    if previous.get("file") is not None and previous == state | {"file": _stamp(target)}:
        return None
    before, kept = _kept_parts(target, previous)
    known = [kept.get(fingerprint) for _docname, fingerprint in fingerprints]
    missing = [issue for issue, text in zip(issues, known, strict=True) if text is None]

    def make(issue: IssueRecord) -> str:
        return _dumps(_issue(app, domain, issue))

    with collector_paused():
        # In a -j build, made in the build's processes (a full build's export),
        # weighed by the issue's number of series and talks.
        weights = [
            _WEIGHT * (len(domain.series_of(i["docname"])) + len(domain.talks_of(i["docname"])))
            for i in missing
        ]
        made = iter(made_in_parallel(app, missing, weights, make, share_out=share_out))
        parts = [text if text is not None else next(made).encode("utf-8") for text in known]
    data = _lines(header.encode("utf-8"), parts)
    return (data if data != before else None), state
