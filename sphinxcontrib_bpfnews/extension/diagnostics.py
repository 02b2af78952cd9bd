"""The warnings the extension emits: one vocabulary, one helper.

Every problem found in an author's input becomes a Sphinx warning of type
``bpfnews`` with one of the subtypes below, so that authors can find it (file and
line), silence it (``suppress_warnings = ["bpfnews.kind"]``) or make it fatal
(``-W``). The documentation prints this table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

WarningSubtype = Literal[
    "argument",
    "option",
    "kind",
    "date",
    "patch",
    "series",
    "empty",
    "fence",
    "name",
    "issue",
    "feed",
    "url",
    "config",
    "text",
    "body",
    "ref",
    "commit",
    "link",
    "duplicate",
    "draft",
    "email",
    "pdfcopy",
]

#: What each subtype means, for the docs and for reviewers of new warnings.
SUBTYPES: dict[WarningSubtype, str] = {
    "argument": "A directive that needs an argument (a subject or a title) has none; a "
    "``patch-series`` without a subject needs a ``:url:`` and a body instead.",
    "option": "An option the directive does not know, a value it cannot use, or an option "
    "left empty (``:url:`` with no address).",
    "kind": "A talk's ``:kind:`` is not one of the accepted kinds.",
    "date": "A ``:date:`` that is not an ISO date (``YYYY-MM-DD``).",
    "patch": "A line in a patch series' child list that is not a patch line.",
    "series": "A series that does not hang together: a counter beyond the total, two "
    "patches with one number, a child from another version or tree, more patches than "
    "the total, a cover letter listed as a child.",
    "empty": "A directive with no argument, no options and no content.",
    "name": "A ``:name:`` already given to another series or talk of the same kind.",
    "issue": "An issue page whose front matter cannot be used as it is (no date, say).",
    "feed": "Feeds cannot be written: no base URL (``html_baseurl``) is known.",
    "url": "A link whose scheme is not http, https, mailto or relative (``javascript:``, "
    "``data:``, a Windows path ...): shown as text, never as a link.",
    "text": "Control characters in a directive, which no output format can show: they "
    "are shown as U+FFFD.",
    "body": "A description, commentary or highlight that nests deeper than the "
    "reStructuredText reader can follow (a line of thousands of list markers, say): "
    "shown as written, as a literal block.",
    "config": "A ``bpfnews_*`` setting of the wrong type or value; its default is used.",
    "fence": "A MyST fence that could not open a directive: a backtick fence whose first "
    "line holds a backtick (use a colon or tilde fence; the block is read as if it "
    "were one), or a colon fence without MyST's ``colon_fence`` extension.",
    "ref": "A ``{bpfnews:series}`` or ``{bpfnews:talk}`` link to a ``:name:`` that no "
    "series or talk of that kind has, or a ``{bpfnews:archive}`` or ``{bpfnews:feed}`` "
    "link to a page or feed the site does not have: shown as text.",
    "commit": "A ``{commit}`` citation whose hash is not hexadecimal, shorter than "
    "the kernel's 12 characters (still linked) or than git's 4, or longer than 40 "
    "(shown without a link), or with text after the hash that is not a subject in "
    "parentheses (shown as written).",
    "link": "A link an editor should change: tracking parameters (``utm_*``, ``fbclid`` "
    "...), ``http://`` for a site that serves HTTPS, a link shortener, or a third-party "
    "archive's copy of a message lore keeps; the warning gives the address to use.",
    "duplicate": "The same address, or the same series and version, twice in one issue, "
    "or a series and version an earlier issue already covered (the warning names it).",
    "draft": "A link from a published page to a draft or to an issue dated after the day "
    "of the build (``{doc}``, a Markdown link, ``{ref}``, ``{bpfnews:series}``, "
    "``{bpfnews:talk}`` or a toctree entry): readers would find a page the site does not "
    "list yet.",
    "email": "The email build (``-b bpfnews-email``) lacks what a message needs: the "
    "site's address (``html_baseurl``, for absolute links) or a sender "
    "(``bpfnews_email_from``); or ``bpfnews_email_issues`` names no issue of the site.",
    "pdfcopy": "A PDF edition the web site would link cannot be copied into the HTML "
    "output's ``_pdf/`` folder (a file that cannot be read or written): not linked.",
}

logger = logging.getLogger("sphinxcontrib_bpfnews")


def warn(
    subtype: WarningSubtype,
    message: str,
    location: str | tuple[str, int | None] | nodes.Node | None,
) -> None:
    """Log ``message`` as a ``bpfnews.<subtype>`` warning.

    ``location`` is ``file:line``, ``(docname, line)`` or a node whose source and line
    Sphinx reads.
    """
    logger.warning(message, location=location, type="bpfnews", subtype=subtype)
