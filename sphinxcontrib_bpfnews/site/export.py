"""``bpfnews.json``: the whole newsletter as data, for other sites to reuse.

Its shape is fixed by ``schemas/bpfnews.schema.json`` (shipped with the package and
printed in the docs): every issue newest first with its highlights, talks and
series, each series with its parsed subject, link kind, child patches and its
revisions in other issues.

Parsing every subject of hundreds of issues again on each build would cost more
than the rest of a rebuild, so each issue's part of the file is kept (with the
output folder's state, see :mod:`.output_state`) with a fingerprint of the records
it was made from, and only the issues whose records changed are exported again.
The parts are kept as the JSON text they are in the file, one line each after its
fingerprint: reading them back is splitting lines, where a JSON document of them
would be parsed and written with every string escaped again (a third of the time
of adding an issue to 200, most of the export's).
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
from sphinxcontrib_bpfnews.site.parallel import made_in_parallel
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


#: The length of a part's fingerprint (a SHA-256 in hex) at the start of its line.
_PRINT = 64


def _load_parts(path: Path) -> dict[str, str]:
    """The parts kept by the last build, by fingerprint. Compact JSON holds no line
    break (one in a string is written ``\\n``), so each line is one part; a last
    line with no line break after it (a file cut short) is left out, and its issue
    exported again."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    return {
        line[:_PRINT]: line[_PRINT + 1 :]
        for line in text.split("\n")[:-1]
        if len(line) > _PRINT + 1 and line[_PRINT] == " "
    }


def _save_parts(path: Path, parts: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{mark} {text}\n" for mark, text in parts), encoding="utf-8")


def write_export(app: Sphinx, domain: BpfNewsDomain) -> None:
    """Write ``bpfnews.json`` at the root of the HTML output (when there are issues)."""
    issues = domain.issues()
    output_state.record_outputs(app, _KIND, {EXPORT_FILE: ""} if issues else {})
    if not issues:
        return
    target = Path(app.outdir) / EXPORT_FILE
    if output_state.unchanged(app, [target]):
        return
    header = _dumps(_header(app))
    fingerprints = [[i["docname"], _fingerprint(app, domain, i)] for i in issues]
    state_path = output_state.state_dir(app) / "export-state.json"
    parts_path = output_state.state_dir(app) / "export-parts.txt"
    state = {"header": header, "fingerprints": fingerprints}
    if _load(state_path) == state and target.exists():
        return
    kept = _load_parts(parts_path)
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
        made = iter(made_in_parallel(app, missing, weights, make))
        texts = [text if text is not None else next(made) for text in known]
    # The header's closing brace makes room for the issues, its last key.
    output_state.write_if_changed(target, header[:-1] + ',"issues":[' + ",".join(texts) + "]}\n")
    _save_parts(parts_path, [(fp, text) for (_, fp), text in zip(fingerprints, texts, strict=True)])
    state_path.write_text(_dumps(state), encoding="utf-8")
