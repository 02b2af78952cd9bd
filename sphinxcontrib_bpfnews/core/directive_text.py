"""Writing ``patch-series`` directive text, in MyST and reStructuredText.

The one writer of that text: the command that reads mail and the importer write
entries through it, so what they write is what the directive reads back (child
patch lines as :mod:`.patch_lines` reads them, review names comma-separated, notes
after the list). Values are made single-line here, since a line break inside a
subject or an option would end it early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sphinxcontrib_bpfnews.core.model import REVIEW_TRAILERS
from sphinxcontrib_bpfnews.core.text import CONTROL_CHARACTERS

if TYPE_CHECKING:
    from collections.abc import Sequence

Markup = Literal["myst", "rst"]
#: The notes are also written as the plain text a page shows (the export's ``notes``).
NoteMarkup = Literal["myst", "rst", "text"]
_INDENT = "   "
#: How the note naming a series' earlier revisions starts (:func:`earlier_line`); the
#: newsletter reads the message-ids of its links to find those revisions in earlier
#: issues (:mod:`.revision_links`).
EARLIER_NOTE = "Earlier:"


@dataclass(frozen=True)
class EntryText:
    """What one ``patch-series`` entry says.

    ``subject`` is the series' subject (empty for a prose entry, whose ``body`` is
    its text); ``patches`` the child patches as (subject, address) pairs; ``review``
    the names under each review option; ``notes`` paragraphs of markup, already in
    the target markup (see :func:`earlier_line` and :func:`pull_line`);
    ``change_id`` b4's ``change-id:`` of the cover letter, which the newsletter
    groups revisions by.
    """

    subject: str = ""
    author: str = ""
    url: str = ""
    review: dict[str, list[str]] = field(default_factory=dict)
    patches: Sequence[tuple[str, str]] = ()
    notes: Sequence[str] = ()
    body: str = ""
    change_id: str = ""


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (line breaks too) made one space, and
    characters no output can show made U+FFFD, as the directive would show them
    (after a warning: mail is full of them, and the entry should build cleanly)."""
    return " ".join(CONTROL_CHARACTERS.sub("\ufffd", text).split())


def patch_line(subject: str, url: str) -> str:
    """A child patch as the directive reads it: ``- SUBJECT <URL>``."""
    subject = one_line(subject)
    return f"- {subject} <{url}>" if url else f"- {subject}"


def option_value(value: str, markup: Markup) -> str:
    """An option's value as the markup reads it back unchanged.

    MyST reads options like YAML: a value that starts with a quote, ``|``, ``>`` or
    ``#``, or holds `` #`` (a comment there), is written single-quoted, its quotes
    doubled. reStructuredText takes the rest of the line as it is.
    """
    value = one_line(value)
    if markup == "myst" and (value[:1] in ("'", '"', "|", ">", "#") or " #" in value):
        return "'" + value.replace("'", "''") + "'"
    return value


def option_lines(entry: EntryText, markup: Markup = "myst") -> list[str]:
    values = [("author", entry.author), ("url", entry.url)]
    for option in REVIEW_TRAILERS:
        # Names are separated by commas: one inside a name ("Doe, Jane") would split it.
        names = [one_line(name).replace(",", " ") for name in entry.review.get(option, [])]
        values.append((option, ", ".join(name for name in names if name)))
    values.append(("change-id", entry.change_id))
    return [f":{name}: {option_value(value, markup)}" for name, value in values if value.strip()]


def body_lines(entry: EntryText) -> list[str]:
    """The directive's content: patch lines, then the body and notes, blank-separated."""
    blocks: list[list[str]] = []
    if entry.patches:
        blocks.append([patch_line(subject, url) for subject, url in entry.patches])
    for text in (entry.body, *entry.notes):
        if text.strip():
            blocks.append(text.strip().splitlines())
    lines: list[str] = []
    for block in blocks:
        lines += [*([""] if lines else []), *block]
    return lines


def series_text(entry: EntryText, markup: Markup = "myst", *, fence_mark: str = ":") -> str:
    """The entry's directive, ending with a newline.

    In MyST the fence is made of ``fence_mark``: colons (the default, what an issue's
    skeleton uses) or tildes, which need no ``colon_fence`` (the importer writes them
    so that an imported page builds in any MyST project).
    """
    subject = one_line(entry.subject)
    options = option_lines(entry, markup)
    body = body_lines(entry)
    if markup == "rst":
        head = f".. patch-series:: {subject}" if subject else ".. patch-series::"
        lines = [head, *(_INDENT + line for line in options)]
        if body:
            lines += ["", *(_INDENT + line if line else "" for line in body)]
        return "\n".join(lines) + "\n"
    # A fence ends at a line of as many marks: be longer than any in the body.
    runs = [len(line) - len(line.lstrip(fence_mark)) for line in body]
    fence = fence_mark * max([3, *(run + 1 for run in runs if run >= 3)])
    head = f"{fence}{{patch-series}} {subject}" if subject else f"{fence}{{patch-series}}"
    lines = [head, *options]
    if body:
        lines += ["", *body]
    return "\n".join([*lines, fence]) + "\n"


def earlier_line(revisions: Sequence[tuple[str, str]], markup: NoteMarkup = "myst") -> str:
    """The note naming earlier revisions: ``Earlier: [v2](URL), [v1](URL)`` (reST:
    anonymous links; text: the labels); a revision without an address is named
    without a link."""
    links = []
    for label, url in revisions:
        if not url or markup == "text":
            links.append(label)
        elif markup == "rst":
            links.append(f"`{label} <{url}>`__")
        else:
            links.append(f"[{label}]({url})")
    return f"{EARLIER_NOTE} " + ", ".join(links)


def pull_line(repository: str, ref: str, markup: NoteMarkup = "myst") -> str:
    """The note saying where a pull request's changes are."""
    quote = {"rst": "``", "myst": "`", "text": ""}[markup]

    def code(text: str) -> str:
        return f"{quote}{one_line(text).replace('`', '')}{quote}"

    where = f"{code(repository)} {code(ref)}" if ref else code(repository)
    return f"Pull from {where}."
