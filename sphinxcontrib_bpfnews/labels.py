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


def patch_count(listed: int, total: int) -> str:
    """ "7 patches", or "5 of 7 listed" when the entry lists only some of them."""
    if listed >= total:
        return str(_("%d patches") % total)
    return str(_("%(listed)d of %(total)d listed") % {"listed": listed, "total": total})
