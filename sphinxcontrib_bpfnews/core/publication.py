"""Which issues are published: not drafts, and not dated after the day of the build.

An issue whose front matter says ``draft: true`` is a draft until the line goes; an
issue dated after today is *scheduled*, and is published by the first build on or
after its day, with no file changed. "Today" is a day in UTC, so that a build on a
laptop and one on a server in another time zone agree, and it is the day of
``SOURCE_DATE_EPOCH`` when that is set: the variable reproducible builds use to pin
a build's time, which Sphinx already reads (in UTC too) for its own dates.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinxcontrib_bpfnews.core.records import IssueRecord

#: The environment variable that pins the day of a build (seconds since 1970, UTC).
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def build_day(environ: Mapping[str, str], now: datetime.datetime | None = None) -> str:
    """Today's date, ``YYYY-MM-DD``, in UTC: ``SOURCE_DATE_EPOCH``'s day when it holds
    a number of seconds, else ``now``'s (the clock's when not given)."""
    text = environ.get(SOURCE_DATE_EPOCH, "").strip()
    if text:
        try:
            return datetime.datetime.fromtimestamp(float(text), tz=datetime.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            pass
    moment = now or datetime.datetime.now(tz=datetime.UTC)
    return moment.astimezone(datetime.UTC).date().isoformat()


def is_scheduled(record: IssueRecord, today: str) -> bool:
    """The issue's date is after ``today`` (both ISO dates, which sort as text)."""
    return bool(record["date"]) and record["date"] > today


def is_published(record: IssueRecord, today: str) -> bool:
    """Neither a draft nor scheduled after ``today``."""
    return not record["draft"] and not is_scheduled(record, today)
