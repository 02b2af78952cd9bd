"""Issue pages: which pages are issues, their records, and the header line they get.

The collector runs when a page has been read (after Sphinx has stored its front
matter), so the record and the header (:func:`.render.render_issue_header`) come
from the same metadata. Issue pages are marked orphan:
readers reach them through the archive and the feeds, and a newsletter of hundreds
of issues must not sit in the global toctree that Sphinx renders into every page.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews.core.frontmatter import draft_flag, read_issue
from sphinxcontrib_bpfnews.core.publication import is_published
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.labels import shown_date
from sphinxcontrib_bpfnews.extension.render import render_issue_header

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def issue_patterns(app: Sphinx) -> list[str]:
    value = app.config.bpfnews_issues
    return [value] if isinstance(value, str) else [str(pattern) for pattern in value]


def is_issue(app: Sphinx, docname: str, metadata: dict[str, object]) -> bool:
    """True for pages matching ``bpfnews_issues`` (but not ``index`` pages) or with ``issue:``."""
    if "issue" in metadata:
        return True
    if docname.rsplit("/", 1)[-1] == "index":
        return False
    return any(fnmatch.fnmatchcase(docname, pattern) for pattern in issue_patterns(app))


def _page_title(doctree: nodes.document) -> str:
    section = next(doctree.findall(nodes.section), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        return section[0].astext()
    return ""


def _front_matter_line(path: Path, key: str) -> int:
    """The line of the page's front matter (YAML or a field list) that sets ``key``,
    else the first line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(lines, start=1):
        if line.startswith((f"{key}:", f":{key}:")):
            return number
    return 1


def collect_issue(app: Sphinx, doctree: nodes.document) -> None:
    """Note the page's issue record, mark it orphan and add its header line."""
    env = app.env
    docname = env.docname
    metadata = env.metadata[docname]
    if not is_issue(app, docname, metadata):
        return
    record = read_issue(docname, metadata, _page_title(doctree))
    if draft_flag(metadata.get("draft")) is None:
        warn(
            "issue",
            f"front matter 'draft: {metadata['draft']}' is neither true nor false "
            "(yes or no); the issue is taken as a draft",
            (docname, _front_matter_line(Path(env.doc2path(docname)), "draft")),
        )
    if not record["date"]:
        location = (docname, 1)
        warn(
            "issue",
            f"issue page has no usable date (front matter 'date: "
            f"{record['published']}'); it is listed after the dated ones",
            location,
        )
    domain = domain_of(env)
    domain.note_issue(record)
    metadata["orphan"] = True
    published = is_published(record, domain.today())
    if not published:
        # The site's search finds no page it does not list yet.
        metadata["nosearch"] = True
    section = next(doctree.findall(nodes.section), None)
    header = render_issue_header(
        record, shown_date(record["date"], app.config), draft=not published
    )
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, header)
    else:
        doctree.insert(0, header)
