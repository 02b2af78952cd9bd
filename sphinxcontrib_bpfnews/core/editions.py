"""The PDF editions of a newsletter: which files there are and what each holds.

A reader keeps an issue as ``bpf-updates-11.pdf`` and a year as
``bpf-updates-2017.pdf``; an editor archives them. Which editions a build makes is
one setting (``bpfnews_pdf_editions``); what each holds is worked out here from
the issues' records alone, so the LaTeX side (which writes them) and the site
(which links them, in pages, feeds and the export) agree on every name without
asking each other.

Names are file stems, the same on every build: an issue's is its page's name (the
last part of the page's path), so its PDF sits beside its page under the same name;
a year's and the whole archive's are the newsletter's name, made into a slug, with
the year after it. Two issues whose pages share a last part (``2017/issue-1`` and
``2018/issue-1``) get their whole paths instead, and a name that is still taken gets
``-2``, ``-3`` in the order of the issues, oldest first. Names are worked out from
the issues' pages only, never from their titles, so editing a title keeps the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sphinxcontrib_bpfnews.core.ids import slug

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sphinxcontrib_bpfnews.core.records import IssueRecord

EditionKind = Literal["issue", "year", "volume"]

#: Every kind of edition, in the order a build writes them.
KINDS: tuple[EditionKind, ...] = ("issue", "year", "volume")


@dataclass(frozen=True)
class Edition:
    """One PDF: its kind, its file stem, its title and the issues it holds."""

    kind: EditionKind
    #: The file stem: ``bpf-updates-11`` for ``bpf-updates-11.tex`` and ``.pdf``.
    name: str
    #: The title on its first page (and in the PDF's metadata).
    title: str
    #: The pages of the issues it holds, oldest first (one for an issue's PDF).
    docnames: tuple[str, ...]
    #: The issue's page, the year (``"2017"``) or ``""`` for the whole archive: what
    #: a page or a feed entry looks the edition up by.
    key: str

    @property
    def filename(self) -> str:
        return f"{self.name}.pdf"


def parse_kinds(value: object) -> tuple[list[EditionKind], list[str]]:
    """The kinds of ``bpfnews_pdf_editions`` in :data:`KINDS` order, and the words
    that are no kind. A string is split at commas and spaces, so that
    ``-D bpfnews_pdf_editions=issue,year`` works on the command line; ``None``,
    ``False`` and ``""`` mean none."""
    if not value:
        return [], []
    words: Iterable[object]
    if isinstance(value, str):
        words = value.replace(",", " ").split()
    elif isinstance(value, (list, tuple, set, frozenset)):
        words = value
    else:
        return [], [repr(value)]
    wanted: set[str] = set()
    unknown: list[str] = []
    for word in words:
        text = str(word).strip().lower()
        if text in KINDS:
            wanted.add(text)
        elif text:
            unknown.append(str(word))
    return [kind for kind in KINDS if kind in wanted], unknown


def year_of(record: IssueRecord) -> str:
    """The year an issue belongs to (``""`` for an undated issue, which is in the
    whole archive's volume but in no year's)."""
    return record["date"][:4]


def issue_names(docnames: Sequence[str]) -> dict[str, str]:
    """Each issue page's file stem (see the module's docstring); ``docnames`` oldest
    first."""
    last_parts: dict[str, int] = {}
    for docname in docnames:
        part = docname.rsplit("/", 1)[-1]
        last_parts[part] = last_parts.get(part, 0) + 1
    names: dict[str, str] = {}
    taken: set[str] = set()
    for docname in docnames:
        part = docname.rsplit("/", 1)[-1]
        base = part if last_parts[part] == 1 else docname.replace("/", "-")
        base = _file_stem(base)
        candidate, count = base, 1
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        taken.add(candidate)
        names[docname] = candidate
    return names


def _file_stem(text: str) -> str:
    """``text`` safe as a file name in every file system and in LaTeX's
    ``\\jobname``: ASCII letters, digits, ``-``, ``_`` and ``.``."""
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in text)
    return kept.strip("-.") or slug(text)


def plan(
    issues: Sequence[IssueRecord],
    kinds: Iterable[EditionKind],
    newsletter: str,
    year_title: str = "{newsletter} {year}",
) -> list[Edition]:
    """Every edition of ``kinds`` for ``issues`` (in any order; the published ones, as
    the caller lists them): each issue's, then each year's (oldest year first), then
    the whole archive's. ``year_title`` makes a year's title from ``{newsletter}`` and
    ``{year}``. Linear in the number of issues."""
    wanted = set(kinds)
    ordered = sorted(issues, key=lambda r: (r["date"], r["number"] or 0, r["docname"]))
    base = slug(newsletter) if newsletter.strip() else "newsletter"
    editions: list[Edition] = []
    taken: set[str] = set()
    if "issue" in wanted:
        names = issue_names([record["docname"] for record in ordered])
        for record in ordered:
            name = names[record["docname"]]
            taken.add(name)
            editions.append(
                Edition("issue", name, record["title"], (record["docname"],), record["docname"])
            )

    def free(name: str) -> str:
        candidate, count = name, 1
        while candidate in taken:
            count += 1
            candidate = f"{name}-{count}"
        taken.add(candidate)
        return candidate

    if "year" in wanted:
        years: dict[str, list[str]] = {}
        for record in ordered:
            if year_of(record):
                years.setdefault(year_of(record), []).append(record["docname"])
        for year, pages in sorted(years.items()):
            title = year_title.format(newsletter=newsletter, year=year)
            editions.append(Edition("year", free(f"{base}-{year}"), title, tuple(pages), year))
    if "volume" in wanted and ordered:
        every = tuple(record["docname"] for record in ordered)
        editions.append(Edition("volume", free(base), newsletter, every, ""))
    return editions


def by_key(editions: Iterable[Edition]) -> dict[tuple[EditionKind, str], Edition]:
    """The editions by kind and key: ``("issue", docname)``, ``("year", "2017")``,
    ``("volume", "")``."""
    return {(edition.kind, edition.key): edition for edition in editions}
