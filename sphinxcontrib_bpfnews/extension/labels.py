"""Every word the extension itself shows readers: labels, titles, counts and dates.

They are translated into the project's ``language`` with the extension's own
message catalog, as Sphinx translates its own words: the ``.po`` sources and the
compiled ``.mo`` files are in the package's ``locale/``, and ``setup()``
registers them with ``app.add_message_catalog``. All the catalog's messages are in
this module, so extracting it (``make catalogs``) gives the whole template; a
language without a catalog reads English.

Module-level labels are Sphinx's lazy strings, translated when they are turned
into text, that is while Sphinx builds, once the catalog is registered.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation, get_translator, is_translator_registered
from sphinx.util.i18n import format_date

from sphinxcontrib_bpfnews.core.model import REVIEW_TRAILERS, trailer_name

if TYPE_CHECKING:
    from sphinx.config import Config

MESSAGE_CATALOG = "sphinxcontrib-bpfnews"
#: ``<language>/LC_MESSAGES/sphinxcontrib-bpfnews.mo`` for each language shipped.
LOCALE_DIR = Path(__file__).parent.parent / "locale"

_ = get_translation(MESSAGE_CATALOG)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count``, by the language's own plural rule.

    Sphinx's ``get_translation`` gives no plural form; the translator it registers
    for the catalog does (gettext's ``ngettext``, with the rule the ``.po`` file
    states: one form in Japanese and Chinese, ``n > 1`` in French). Before the
    catalog is registered, English.
    """
    if not is_translator_registered(MESSAGE_CATALOG):
        return singular if count == 1 else plural
    return get_translator(MESSAGE_CATALOG).ngettext(singular, plural, count)


#: The label shown for each talk kind.
TALK_KIND_LABELS = {
    "slides": _("Slides"),
    "video": _("Video"),
    "talk": _("Talk"),
    "podcast": _("Podcast"),
    "article": _("Article"),
}

HIGHLIGHTS_TITLE = _("Highlights")

#: What a link opens, by the site label :mod:`.links` gives it; ``patchwork`` and
#: ``lore`` are names and read the same in every language.
LINK_LABELS = {
    # TRANSLATORS: what a link opens: a mailing-list archive (marc.info, spinics).
    "archive": _("archive"),
    # TRANSLATORS: what a link opens: a git commit.
    "commit": _("commit"),
    # TRANSLATORS: what a link opens: a code review (LLVM's Phabricator).
    "review": _("review"),
}


def review_trailer(key: str) -> str:
    """A review trailer as shown, "Reviewed-by:", for its option's name ("" for no
    trailer): the kernel's own words, which read the same in every language (as in
    the mail they come from), so not in the catalog."""
    return f"{trailer_name(key)}:" if key in REVIEW_TRAILERS else ""


def talk_kind_label(kind: str) -> str:
    """A talk's kind as shown: "Slides", "Video"; a kind without a label as written."""
    return str(TALK_KIND_LABELS.get(kind, kind))


def link_label(label: str) -> str:
    """What a link opens, as shown: "patchwork", "lore", "archive" in the language."""
    return str(LINK_LABELS.get(label, label))


def patch_count(listed: int, total: int) -> str:
    """How many patches a series has: "7 patches", or "5 of 7 listed"."""
    if listed >= total:
        # TRANSLATORS: how many patches a series has.
        return ngettext("%d patch", "%d patches", total) % total
    # TRANSLATORS: a series of 7 patches of which the issue lists 5.
    # The form follows the number listed.
    text = ngettext("%(listed)d of %(total)d listed", "%(listed)d of %(total)d listed", listed)
    return text % {"listed": listed, "total": total}


def issue_label(number: int) -> str:
    """The issue number as shown: "Issue 11"."""
    return str(_("Issue %d") % number)


# TRANSLATORS: the badge of an issue not published yet: a draft, or an issue
# dated after the day of the build.
DRAFT_LABEL = _("Draft")
# TRANSLATORS: before the links to a series' revisions in older issues.
EARLIER_REVISIONS = _("Earlier:")
# TRANSLATORS: before the links to a series' revisions in newer issues.
LATER_REVISIONS = _("Later:")
# TRANSLATORS: a link to the series index, where every revision of a series is listed.
ALL_REVISIONS = _("All revisions")


def revision_label(version: int, issue: str) -> str:
    """A link to another revision of a series: "v2 in BPF Updates 9"."""
    # TRANSLATORS: a revision of a patch series in another issue: "v2 in BPF Updates 9".
    return str(_("v%(version)d in %(issue)s") % {"version": version, "issue": issue})


# TRANSLATORS: an email's footer, before the address of the issue's web page.
READ_ON_THE_WEB = _("Read it on the web:")
# TRANSLATORS: an email's footer: the link where readers stop receiving the newsletter.
UNSUBSCRIBE = _("Unsubscribe")

ARCHIVE_TITLE = _("Archive")
RECENT_TITLE = _("Recent issues")
INDEX_TITLES = {
    "authors": _("Patch series by author"),
    "trees": _("Patch series by tree"),
    "subsystems": _("Patch series by subsystem"),
    "speakers": _("Talks by speaker"),
    "events": _("Talks by event"),
    # TRANSLATORS: the index of every patch series with each of its revisions.
    "series": _("Patch series and their revisions"),
}
# TRANSLATORS: the index group of series sent to no tree in particular.
NO_TREE = _("(no tree)")
NO_SUBSYSTEM = _("(no subsystem)")


def tag_title(tag: str) -> str:
    return str(_("Issues tagged %s") % tag)


def year_title(year: str) -> str:
    return str(_("Issues of %s") % year)


# TRANSLATORS: the link, under an issue's title, to the issue's PDF.
PDF_LABEL = _("PDF")
# TRANSLATORS: the link, on the archive page, to the PDF of every issue.
VOLUME_PDF = _("Every issue in one PDF")


def year_pdf_label(year: str) -> str:
    """The link, on a year's archive page, to the year's PDF."""
    # TRANSLATORS: the link, on a year's archive page, to the year's PDF: "The
    # issues of 2017 in one PDF".
    return str(_("The issues of %s in one PDF") % year)


#: How dates read when ``bpfnews_date_format`` is left empty: in ``strftime``
#: codes, with Sphinx's ``%-d`` and ``%-m`` for numbers without a leading zero.
# TRANSLATORS: a date as readers see it, in strftime codes, not Python's:
# %d day, %-d day without leading zero, %B month name, %-m month number,
# %Y year. "%d %B %Y" reads "18 September 2017".
DATE_FORMAT = _("%d %B %Y")


def date_format(config: Config) -> str:
    """The format of dates shown to readers: ``bpfnews_date_format``, else the
    language's own (:data:`DATE_FORMAT`)."""
    return str(config.bpfnews_date_format or DATE_FORMAT)


def shown_date(iso: str, config: Config) -> str:
    """An ISO date (``2017-09-18``) as readers see it, wherever one is shown (a talk,
    an issue's header, the archive, the recent-issues block), in :func:`date_format`
    and the project's language; anything else (``""`` too) as written."""
    key = (str(config.language), date_format(config), iso)
    shown = SHOWN_DATES.get(key)
    if shown is not None:
        return shown
    try:
        date = datetime.date.fromisoformat(iso) if _ISO_DATE.fullmatch(iso) else None
    except ValueError:
        date = None
    if date is None:
        return iso
    return formatted(date, key[1], key[0])


#: Dates as readers see them, by language, format and ISO date, for the whole
#: process: an archive shows each issue's date on several pages, and every page
#: lists the recent ones. Formatting the first date loads the language's Babel data
#: (12 ms of adding an issue to a newsletter of 100), so the dates are also kept
#: between builds (:mod:`.kept_dates`), which fills this in when a build starts.
SHOWN_DATES: dict[tuple[str, str, str], str] = {}
#: The keys of :data:`SHOWN_DATES` this process formatted with Babel, until they
#: are kept.
NEWLY_SHOWN: set[tuple[str, str, str]] = set()


def formatted(date: datetime.date, fmt: str, language: str) -> str:
    """``date`` by Sphinx's ``format_date`` (Babel's month names), in
    :data:`SHOWN_DATES` from then on."""
    key = (language, fmt, date.isoformat())
    shown = SHOWN_DATES.get(key)
    if shown is None:
        moment = datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
        shown = SHOWN_DATES[key] = format_date(fmt, date=moment, language=language)
        NEWLY_SHOWN.add(key)
    return shown
