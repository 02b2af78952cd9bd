"""Dates kept between builds (:mod:`sphinxcontrib_bpfnews.extension.kept_dates`): the
weekly rebuild shows next week's issue's date without loading Babel's data, and a
kept file made by other versions, for another format or language, or unreadable,
is never used.

Each build here starts as a new ``sphinx-build`` process would: no date formatted
in this process (:func:`_new_process`), so the first date formatted would load
Babel's data.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

import pytest
from sphinx.util.i18n import format_date

from sphinxcontrib_bpfnews.extension import labels
from sphinxcontrib_bpfnews.extension.kept_dates import DAYS_AFTER, DAYS_BEFORE, KEPT_FILE

from .conftest import warnings_of
from .test_incremental import Change, Project, assert_same_outputs
from .test_site import issue

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

#: Next week's issue: the newest before it is dated 2017-09-25.
ADD = Change("add", files={"issues/five.md": issue("News Five", "2017-10-02", body="Five.\n")})
#: An issue dated long after the days kept.
LATE = Change("late", files={"issues/five.md": issue("News Five", "2018-06-04", body="Five.\n")})


#: The dates formatted by Sphinx's ``format_date`` in the last build: in a new
#: process, the first loads Babel's data.
FORMATTED: list[str] = []


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: no date formatted yet."""
    monkeypatch.setattr(labels, "SHOWN_DATES", {})
    monkeypatch.setattr(labels, "NEWLY_SHOWN", set())
    FORMATTED.clear()

    def counted(fmt: str, *, date: datetime.datetime, language: str) -> str:
        FORMATTED.append(date.date().isoformat())
        return format_date(fmt, date=date, language=language)

    monkeypatch.setattr(labels, "format_date", counted)


def _build(
    project: Project, monkeypatch: pytest.MonkeyPatch, builddir: str, *, fresh: bool
) -> SphinxTestApp:
    _new_process(monkeypatch)
    app = project.build("html", builddir, fresh=fresh)
    assert warnings_of(app) == ""
    return app


def _kept(app: SphinxTestApp) -> dict[str, object]:
    kept = json.loads((app.doctreedir / KEPT_FILE).read_text(encoding="utf-8"))
    assert isinstance(kept, dict)
    return kept


def _babel_loaded() -> bool:
    return bool(FORMATTED)


def test_next_weeks_issue_is_dated_without_loading_babel(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(make_app, tmp_path)
    first = _build(project, monkeypatch, "build", fresh=True)
    assert _babel_loaded()
    kept = _kept(first)
    assert (kept["language"], kept["format"]) == ("en", "%d %B %Y")
    dates = kept["dates"]
    assert isinstance(dates, dict)
    # The issues' dates, and the days around the newest (2017-09-25).
    assert dates["2017-09-04"] == "04 September 2017"
    assert dates["2017-10-02"] == "02 October 2017"
    newest = datetime.date(2017, 9, 25)
    assert min(dates) == (newest - datetime.timedelta(days=DAYS_BEFORE)).isoformat()
    assert len([iso for iso in dates if iso > newest.isoformat()]) == DAYS_AFTER
    written = (first.doctreedir / KEPT_FILE).stat().st_mtime_ns

    project.apply(ADD)
    incremental = _build(project, monkeypatch, "build", fresh=False)
    assert not _babel_loaded()
    page = (incremental.outdir / "issues/five.html").read_text(encoding="utf-8")
    assert "02 October 2017" in page
    # Nothing newly formatted: the file is left as it was.
    assert (incremental.doctreedir / KEPT_FILE).stat().st_mtime_ns == written

    fresh = _build(project, monkeypatch, "scratch", fresh=True)
    assert_same_outputs(incremental, fresh, ADD)


def test_an_issue_after_the_days_kept_is_formatted_and_kept(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(make_app, tmp_path)
    _build(project, monkeypatch, "build", fresh=True)
    project.apply(LATE)
    incremental = _build(project, monkeypatch, "build", fresh=False)
    assert _babel_loaded()
    page = (incremental.outdir / "issues/five.html").read_text(encoding="utf-8")
    assert "04 June 2018" in page
    dates = _kept(incremental)["dates"]
    assert isinstance(dates, dict)
    # The new issue's date and the days after it; the older ones still kept.
    assert dates["2018-06-04"] == "04 June 2018" and dates["2018-06-11"] == "11 June 2018"
    assert dates["2017-09-04"] == "04 September 2017"


def _other_versions(kept: dict[str, object]) -> None:
    kept["versions"] = {"sphinx": "0.1", "babel": "0.1"}


def _other_format(kept: dict[str, object]) -> None:
    kept["format"] = "%Y"


def _other_language(kept: dict[str, object]) -> None:
    kept["language"] = "fr"


@pytest.mark.parametrize("change", [_other_versions, _other_format, _other_language, None])
def test_dates_kept_otherwise_are_not_used(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, object]], None] | None,
) -> None:
    """A kept file that another version of Sphinx or Babel made, or for another
    format or language (each with a wrong date in it), or one that is not JSON
    (``None``): the dates are formatted again, and the file written right."""
    project = Project(make_app, tmp_path)
    first = _build(project, monkeypatch, "build", fresh=True)
    path = first.doctreedir / KEPT_FILE
    if change is None:
        path.write_text("{not json", encoding="utf-8")
    else:
        kept = _kept(first)
        kept["dates"] = {"2017-10-02": "a wrong date"}
        change(kept)
        path.write_text(json.dumps(kept), encoding="utf-8")

    project.apply(ADD)
    incremental = _build(project, monkeypatch, "build", fresh=False)
    assert _babel_loaded()
    page = (incremental.outdir / "issues/five.html").read_text(encoding="utf-8")
    assert "02 October 2017" in page and "a wrong date" not in page
    again = _kept(incremental)
    assert (again["language"], again["format"]) == ("en", "%d %B %Y")
    dates, scratch = again["dates"], _kept(_build(project, monkeypatch, "scratch", fresh=True))
    assert isinstance(dates, dict) and isinstance(scratch["dates"], dict)
    assert dates["2017-10-02"] == "02 October 2017"
    assert dates.items() <= scratch["dates"].items()
