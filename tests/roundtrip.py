"""The round-trip check: every link and every word an author wrote reaches the reader.

Used on built issues: the words and addresses of a MyST or reST source page must all be in
the page's HTML (addresses as links) and in the PDF (words in its text, addresses as
its links or printed). Directive syntax is not content: option names, fences and the
ids given with ``:name:`` are left out, and so are the two subject tokens a series
shows in another form (the ``PATCH`` keyword and version ``v1``). A talk's ISO
``:date:`` is shown in the readers' date format (``18 September 2017``): its year is
looked for.
"""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup

SHOWN_DIFFERENTLY = {"patch", "v1"}
_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*(?:\{[\w:-]+\})?\s*(?P<argument>.*)$")
_RST_DIRECTIVE = re.compile(r"^\s*\.\.\s+[\w:-]+::\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:(?P<name>[\w-]+):\s*(?P<value>.*)$")
_LINK = re.compile(r"\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)|<(?P<auto>https?://[^>\s]+)>")
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
_BARE_URL = re.compile(r"https?://[^\s<>)\]]+")
_ISO_DATE = re.compile(r"\s*(?P<year>\d{4})-\d{2}-\d{2}\s*")


def source_facts(markdown: str) -> tuple[set[str], set[str]]:
    """(words, addresses) an author wrote in a MyST (or reST) issue page."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown.lstrip("\ufeff"), flags=re.DOTALL)
    words: set[str] = set()
    links: set[str] = set()
    for line in text.splitlines():
        if option := _OPTION.match(line):
            name, value = option.group("name"), option.group("value")
            if name == "url":
                links.add(value.strip().strip("'\""))
                continue
            if name == "name":
                continue
            if name == "date" and (date := _ISO_DATE.fullmatch(value)):
                words.add(date.group("year"))
                continue
            line = value
        elif fence := _FENCE.match(line) or _RST_DIRECTIVE.match(line):
            line = fence.group("argument")
        for match in _LINK.finditer(line):
            links.add(match.group("url") or match.group("auto"))
        line = _ROLE.sub(" ", _LINK.sub(" ", line))
        words |= word_set(_BARE_URL.sub(" ", line))
    return words, {link for link in links if link}


def word_set(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    return {w for w in re.findall(r"\w+", text.casefold())} - SHOWN_DIFFERENTLY


def missing_in_html(markdown: str, html: str) -> tuple[set[str], set[str]]:
    """The source's words and addresses that the HTML page does not carry."""
    words, links = source_facts(markdown)
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("div.body, article[role=main], main") or soup
    hrefs = {str(a["href"]) for a in body.select("a[href]")}
    return words - word_set(body.get_text(" ")), links - hrefs


def missing_in_pdf(markdown: str, pdf_text: str, pdf_links: set[str]) -> tuple[set[str], set[str]]:
    """The source's words and addresses that the PDF does not carry: an address must
    be a link of the PDF (``pdf_links``) or printed in its text."""
    words, links = source_facts(markdown)
    # Sphinx 8 drops the link of a linked heading in LaTeX (9 keeps it); the
    # heading's words are still checked.
    heading_links = {
        link
        for line in markdown.splitlines()
        if line.lstrip().startswith("#")
        for link in source_facts(line)[1]
    }
    links -= pdf_links | heading_links
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", pdf_text))
    # A word hyphenated at a line end is one word again once the break is removed.
    rejoined = re.sub(r"-\s*\n\s*", "", pdf_text)
    found = word_set(pdf_text) | word_set(rejoined)
    return words - found, {link for link in links if link not in flat}
