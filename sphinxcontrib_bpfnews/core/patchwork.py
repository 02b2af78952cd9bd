"""Reading saved patchwork REST API objects (a series or a patch) as mail records.

Patchwork already grouped the mail; its series object names the cover letter and
the patches with their Message-IDs and web pages. Turning them into the same
records as mail (:class:`~.mail.MailMessage`, patches replying to their cover) lets
one grouping serve both, and keeps patchwork's own page as each entry's link.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from sphinxcontrib_bpfnews.core.mail import MailMessage, MailSourceError, ReadResult


def read_patchwork(name: str, data: bytes) -> ReadResult:
    """The messages of a saved ``/api/series/N/`` or ``/api/patches/N/`` object (or a
    list of them)."""
    try:
        loaded = json.loads(data.decode("utf-8", errors="replace"))
    except ValueError as error:
        raise MailSourceError(f"not valid JSON ({error})") from None
    objects = loaded if isinstance(loaded, list) else [loaded]
    result = ReadResult()
    for number, item in enumerate(objects, start=1):
        where = f"{name}: object {number}" if isinstance(loaded, list) else name
        if isinstance(item, dict) and isinstance(item.get("patches"), list):
            _read_series(item, where, result)
        elif isinstance(item, dict) and item.get("msgid") and item.get("name"):
            message = _message(item, item, where, len(result.messages) + 1)
            result.messages.append(message)
        else:
            result.problems.append(f"{where}: not a patchwork series or patch object; skipped")
    if not result.messages and not result.problems:
        raise MailSourceError("no patchwork series or patch in it")
    return result


def _read_series(series: dict[str, Any], where: str, result: ReadResult) -> None:
    cover = series.get("cover_letter") if isinstance(series.get("cover_letter"), dict) else None
    head = ""
    if cover and cover.get("msgid"):
        if not cover.get("name"):
            cover = {**cover, "name": _cover_name(series)}
        message = _message(cover, series, where, len(result.messages) + 1)
        result.messages.append(message)
        head = message.msgid
    for position, patch in enumerate(series["patches"], start=1):
        if not isinstance(patch, dict) or not patch.get("name") or not patch.get("msgid"):
            result.problems.append(f"{where}: patch {position}: no name or msgid; skipped")
            continue
        message = _message(patch, series, where, len(result.messages) + 1, head)
        result.messages.append(message)
        head = head or message.msgid


def _cover_name(series: dict[str, Any]) -> str:
    """A cover letter's subject rebuilt from the series, when the object lacks it."""
    version = series.get("version")
    total = series.get("total")
    tags = ["PATCH"]
    if isinstance(version, int) and version > 1:
        tags.append(f"v{version}")
    if isinstance(total, int):
        tags.append(f"0/{total}")
    return f"[{' '.join(tags)}] {series.get('name') or ''}".strip()


def _message(
    item: dict[str, Any], owner: dict[str, Any], where: str, number: int, parent: str = ""
) -> MailMessage:
    submitter = item.get("submitter") or owner.get("submitter") or {}
    name = str(submitter.get("name") or "") if isinstance(submitter, dict) else ""
    address = str(submitter.get("email") or "") if isinstance(submitter, dict) else ""
    project = owner.get("project")
    list_email = str(project.get("list_email") or "") if isinstance(project, dict) else ""
    return MailMessage(
        source=where,
        number=number,
        subject=" ".join(str(item["name"]).split()),
        msgid=str(item["msgid"]).strip().strip("<>"),
        in_reply_to=parent,
        author=" ".join(name.split()) or address,
        address=address,
        date=_date(item.get("date") or owner.get("date")),
        has_diff=True,
        lists=(list_email.split("@", 1)[0].lower(),) if "@" in list_email else (),
        url=str(item.get("web_url") or ""),
    )


def _date(value: object) -> datetime.datetime | None:
    """Patchwork's dates are ISO 8601 in UTC, without a zone."""
    if not isinstance(value, str):
        return None
    try:
        date = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=datetime.UTC)
    return date.astimezone(datetime.UTC)
