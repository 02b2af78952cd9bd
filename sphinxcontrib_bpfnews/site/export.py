"""``bpfnews.json``: the whole newsletter as data, for other sites to reuse.

Its shape is fixed by ``schemas/bpfnews.schema.json`` (shipped with the package and
printed in the docs): every issue newest first with its highlights, talks and
series, each series with its parsed subject, link kind and child patches.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.records import link_of, parsed
from sphinxcontrib_bpfnews.site.output import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_bpfnews.domain import BpfNewsDomain

EXPORT_FILE = "bpfnews.json"
SCHEMA = Path(__file__).parent.parent / "schemas" / "bpfnews.schema.json"
SCHEMA_ID = "https://sphinxcontrib-bpfnews.readthedocs.io/schemas/bpfnews-1.schema.json"


def _patch(record: dict[str, Any]) -> dict[str, Any]:
    link = link_of(record["url"])
    return {
        "subject": record["subject"],
        "parsed": parsed(record["subject"]),
        "url": record["url"],
        "link_kind": link.kind if link else None,
        "message_id": link.message_id if link else None,
    }


def export(app: Sphinx, domain: BpfNewsDomain) -> dict[str, Any]:
    """The export as plain data."""
    issues = []
    for issue in domain.issues():
        docname = issue["docname"]
        issues.append(
            {
                "docname": docname,
                "url": app.builder.get_target_uri(docname),
                "number": issue["number"],
                "date": issue["date"] or None,
                "title": issue["title"],
                "summary": issue["summary"],
                "tags": issue["tags"],
                "categories": issue["categories"],
                "meta": issue["meta"],
                "highlights": domain.highlights_of(docname),
                "talks": [
                    {
                        key: talk[key]
                        for key in (
                            "title",
                            "kind",
                            "url",
                            "event",
                            "speakers",
                            "date",
                            "description",
                            "anchor",
                        )
                    }
                    | {"link_kind": link.kind if (link := link_of(talk["url"])) else None}
                    for talk in domain.talks_of(docname)
                ],
                "series": [
                    _patch(dict(series))
                    | {
                        "author": series["author"],
                        "anchor": series["anchor"],
                        "notes": series["notes"],
                        "patches": [_patch(dict(patch)) for patch in series["patches"]],
                    }
                    for series in domain.series_of(docname)
                ],
            }
        )
    return {"$schema": SCHEMA_ID, "version": 1, "project": app.config.project, "issues": issues}


def write_export(app: Sphinx, domain: BpfNewsDomain) -> None:
    """Write ``bpfnews.json`` at the root of the HTML output (when there are issues)."""
    data = export(app, domain)
    if data["issues"]:
        # Compact: json's C encoder is used only without indentation, and newsletters
        # of hundreds of issues export tens of thousands of patches.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        write_if_changed(Path(app.outdir) / EXPORT_FILE, text)
