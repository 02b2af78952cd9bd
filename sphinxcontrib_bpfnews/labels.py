"""Translatable strings shown to readers (component labels)."""

from __future__ import annotations

from sphinx.locale import get_translation

MESSAGE_CATALOG = "sphinxcontrib-bpfnews"

_ = get_translation(MESSAGE_CATALOG)

#: The label shown for each talk kind.
TALK_KIND_LABELS = {
    "slides": _("Slides"),
    "video": _("Video"),
    "talk": _("Talk"),
    "podcast": _("Podcast"),
    "article": _("Article"),
}

HIGHLIGHTS_TITLE = _("Highlights")


def talk_kind_label(kind: str) -> str:
    """A talk's kind as shown: "Slides", "Video"; a kind without a label as written."""
    return str(TALK_KIND_LABELS.get(kind, kind))


def patch_count(listed: int, total: int) -> str:
    """How many patches a series has: "7 patches", or "5 of 7 listed"."""
    if listed >= total:
        return str(_("%d patches") % total)
    return str(_("%(listed)d of %(total)d listed") % {"listed": listed, "total": total})


def issue_label(number: int) -> str:
    """The issue number as shown: "Issue 11"."""
    return str(_("Issue %d") % number)


ARCHIVE_TITLE = _("Archive")
RECENT_TITLE = _("Recent issues")
INDEX_TITLES = {
    "authors": _("Patch series by author"),
    "trees": _("Patch series by tree"),
    "subsystems": _("Patch series by subsystem"),
    "speakers": _("Talks by speaker"),
    "events": _("Talks by event"),
}
NO_TREE = _("(no tree)")
NO_SUBSYSTEM = _("(no subsystem)")


def tag_title(tag: str) -> str:
    return str(_("Issues tagged %s") % tag)


def year_title(year: str) -> str:
    return str(_("Issues of %s") % year)
