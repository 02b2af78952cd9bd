"""Dates as readers see them, kept between builds beside the doctrees.

Every page shows dates in the project's language (:func:`.labels.shown_date`),
through Sphinx's ``format_date``, which loads the language's Babel data the first
time: 12 ms of the weekly rebuild that adds an issue to a newsletter of 100
(nearly 2 % of it), however few dates it shows. The dates a build shows are
therefore kept in ``bpfnews/dates.json`` under the doctree folder, with the days
around the newest issue's date, formatted ahead while Babel's data is loaded
anyway: next week's issue (or a draft dated next month) is then shown without
loading it at all.

A kept date is a value of its language, its format and the day, made by Sphinx's
and Babel's code and data: the file names the versions of both, and serves only the
language and format it was made for. A build that formats a date itself (the first
one, one after a setting changed, one with an issue outside the days kept) writes
the file again; the others leave it as it is.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import babel
import sphinx

from sphinxcontrib_bpfnews.extension import labels
from sphinxcontrib_bpfnews.extension.domain import domain_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Under the doctree folder: one file for every builder, as a date reads the same
#: in all of them.
KEPT_FILE = Path("bpfnews") / "dates.json"
#: The days before and after the newest issue's date formatted ahead: a weekly or
#: monthly newsletter's next issues, and talks of the weeks before.
DAYS_BEFORE = 31
DAYS_AFTER = 92


def _versions() -> dict[str, str]:
    return {"sphinx": sphinx.__version__, "babel": babel.__version__}


def _path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / KEPT_FILE


def _setting(app: Sphinx) -> tuple[str, str]:
    return str(app.config.language), labels.date_format(app.config)


def load(app: Sphinx) -> None:
    """On ``builder-inited``: the dates kept for this project's language and format,
    when Sphinx and Babel are the versions that made them."""
    try:
        kept = json.loads(_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none kept, or not readable: formatted again
        return
    if not isinstance(kept, dict) or kept.get("versions") != _versions():
        return
    language, fmt = _setting(app)
    dates = kept.get("dates")
    if kept.get("language") != language or kept.get("format") != fmt or not isinstance(dates, dict):
        return
    for iso, shown in dates.items():
        if isinstance(iso, str) and isinstance(shown, str):
            labels.SHOWN_DATES.setdefault((language, fmt, iso), shown)


def _newest_date(app: Sphinx) -> datetime.date | None:
    """The newest day of an issue (of its date, with or without a time), drafts and
    scheduled issues included."""
    newest = None
    for record in domain_of(app.env).data["issues"].values():
        with contextlib.suppress(TypeError, ValueError):
            date = datetime.date.fromisoformat(record["date"][:10])
            newest = date if newest is None or date > newest else newest
    return newest


def save(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: when this build formatted dates, those of this
    project's language and format are kept, with the days around the newest
    issue's date."""
    language, fmt = _setting(app)
    if exception is not None or not any(key[:2] == (language, fmt) for key in labels.NEWLY_SHOWN):
        return
    newest = _newest_date(app)
    if newest is not None:
        for offset in range(-DAYS_BEFORE, DAYS_AFTER + 1):
            with contextlib.suppress(OverflowError):
                labels.formatted(newest + datetime.timedelta(days=offset), fmt, language)
    dates = {
        key[2]: shown
        for key, shown in sorted(labels.SHOWN_DATES.items())
        if key[:2] == (language, fmt)
    }
    kept: dict[str, Any] = {
        "versions": _versions(),
        "language": language,
        "format": fmt,
        "dates": dates,
    }
    path = _path(app)
    with contextlib.suppress(OSError):  # a read-only doctree folder: formatted again
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(kept, ensure_ascii=False, indent=0), encoding="utf-8")
    labels.NEWLY_SHOWN.difference_update(
        [key for key in labels.NEWLY_SHOWN if key[:2] == (language, fmt)]
    )


def register(app: Sphinx) -> None:
    """Keep the dates between builds: read when the build starts, written when it
    finishes."""
    app.connect("builder-inited", load)
    app.connect("build-finished", save)
