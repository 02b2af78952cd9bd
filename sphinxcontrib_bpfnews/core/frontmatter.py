"""An issue's front matter: number, date, title, summary, tags, categories, draft.

MyST hands front matter to Sphinx flattened: every value becomes text and lists
arrive as JSON (``'["bpf", "xdp"]'``); reStructuredText field lists arrive as text
too. This module reads those strings back into plain data and keeps every key it
does not know, so nothing the author wrote is lost. The result is an
:class:`~.records.IssueRecord`.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from sphinxcontrib_bpfnews.core.records import IssueRecord

_NUMBER_AT_END = re.compile(r"(\d+)\D*$")
#: Keys read into the record's own fields; every other key is kept in ``meta``.
_KNOWN_KEYS = {"title", "date", "issue", "summary", "tags", "categories", "draft"}
#: How a yes or a no is written: YAML's booleans (which MyST hands over as "True" and
#: "False"), and the same words written in a reStructuredText field list.
_YES = {"true", "yes", "on"}
_NO = {"false", "no", "off"}
#: Keys Sphinx itself puts into a page's metadata.
_SPHINX_KEYS = {"wordcount", "orphan", "nocomments", "nosearch", "tocdepth", "hide-toc"}


def text_list(value: object) -> list[str]:
    """A front-matter list, whether it arrived as a list, JSON text or "a, b" text."""
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if str(item).strip()]
    text = str(value or "").strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return [str(item).strip() for item in parsed if str(item).strip()]
    return [item.strip() for item in text.split(",") if item.strip()]


def iso_date(value: object) -> str:
    """The calendar date of ``value`` (``2017-09-18T18:30:41.000Z`` included), or ""."""
    text = str(value or "").strip()
    match = re.match(r"\d{4}-\d{2}-\d{2}", text)
    if not match:
        return ""
    try:
        return datetime.date.fromisoformat(match.group(0)).isoformat()
    except ValueError:
        return ""


def draft_flag(value: object) -> bool | None:
    """``draft:`` read as a yes or a no (absent is no); None when it is neither, which
    the caller reports and takes as a draft, so a typo never publishes an issue."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def issue_number(metadata: dict[str, Any], title: str, docname: str) -> int | None:
    """``issue:`` from the front matter, else the number ending the title or page name."""
    explicit = str(metadata.get("issue", "")).strip()
    if explicit.isdigit():
        return int(explicit)
    for text in (title, docname.rsplit("/", 1)[-1]):
        if match := _NUMBER_AT_END.search(text):
            return int(match.group(1))
    return None


def read_issue(docname: str, metadata: dict[str, Any], page_title: str) -> IssueRecord:
    """The issue record for ``docname`` from its metadata and its page title."""
    title = str(metadata.get("title") or page_title).strip()
    summary = str(metadata.get("summary") or metadata.get("ogSummary") or "").strip()
    meta = {
        str(key): value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        for key, value in metadata.items()
        if key not in _KNOWN_KEYS and key not in _SPHINX_KEYS
    }
    return IssueRecord(
        docname=docname,
        number=issue_number(metadata, title, docname),
        date=iso_date(metadata.get("date")),
        published=str(metadata.get("date") or "").strip(),
        title=title,
        summary=summary,
        tags=text_list(metadata.get("tags")),
        categories=text_list(metadata.get("categories")),
        meta=meta,
        draft=draft_flag(metadata.get("draft")) is not False,
    )
