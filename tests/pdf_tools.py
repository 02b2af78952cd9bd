"""Compile a Sphinx LaTeX output to PDF and compare what it says with the HTML page."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from pathlib import Path

#: Classes whose text a reader sees in a component: every one must be in the PDF.
FACT_CLASSES = (
    "bpfnews-badge",
    "bpfnews-title",
    "bpfnews-author",
    "bpfnews-speakers",
    "bpfnews-event",
    "bpfnews-date",
    "bpfnews-highlight-title",
    "bpfnews-subsystem",
    "bpfnews-count",
)
COMPONENTS = ".bpfnews-series, .bpfnews-talk, .bpfnews-highlight"


def compile_pdf(outdir: Path) -> Path:
    """Run the Makefile Sphinx wrote (latexmk with the configured engine); the PDF.

    A PDF whose links lead nowhere compiles without error, so the final run's log is
    read too: any undefined reference or citation fails the test.
    """
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf", "LATEXMKOPTS=-halt-on-error"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    (pdf,) = outdir.glob("*.pdf")
    undefined = undefined_references(pdf.with_suffix(".log"))
    assert not undefined, f"links that lead nowhere in {pdf.name}: {undefined}"
    return pdf


#: What LaTeX logs for a link or citation with no target.
_UNDEFINED = re.compile(r"(?:Hyper reference|Reference|Citation) `(.*?)' on page \d+ undefined")
_UNDEFINED_SUMMARY = "There were undefined"


def undefined_references(log: Path) -> list[str]:
    """The references and citations a LaTeX run's ``log`` says are undefined (each
    once), or the log's summary line when it names none of them.

    TeX cuts log lines at 79 characters, wherever that falls, so the lines are
    joined back before reading.
    """
    text = log.read_text(encoding="utf-8", errors="replace").replace("\n", "")
    names = sorted(set(_UNDEFINED.findall(text)))
    if not names and _UNDEFINED_SUMMARY in text:
        return [_UNDEFINED_SUMMARY]
    return names


def pdf_text(pdf: Path, *, raw: bool = False) -> str:
    """The PDF's text. By default each line is kept in reading order (-layout), so a
    label beside a word broken across lines does not land in the middle of the
    word; ``raw`` gives the text in the order it was drawn, which suits a
    browser's printout, where badges are boxes in the flow of a line."""
    result = subprocess.run(
        ["pdftotext", "-raw" if raw else "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def normalized(text: str) -> str:
    """Text with line breaks, hyphenation and spacing differences removed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def html_facts(html: Path) -> list[str]:
    """Everything a reader sees in the page's components: labels, names, links."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    # Badges' brackets are for screen readers; the PDF frames its badges instead.
    for bracket in soup.select(".bpfnews-bracket"):
        bracket.decompose()
    facts: list[str] = []
    for component in soup.select(COMPONENTS):
        for cls in FACT_CLASSES:
            facts.extend(e.get_text() for e in component.select(f".{cls}"))
        for link in component.select("a[href]"):
            classes = link.get("class") or []
            if "bpfnews-all-revisions" in classes:
                continue  # the web site's series index, which the PDF does not have
            facts.append(link.get_text())
            # A link within the site is a link within the PDF: no address to print.
            if "internal" not in classes:
                facts.append(str(link["href"]))
    return [fact for fact in facts if fact.strip()]


def missing_from_pdf(html: Path, pdf: Path) -> list[str]:
    """The component facts of ``html`` that the PDF's text does not contain."""
    text = normalized(pdf_text(pdf))
    return [fact for fact in html_facts(html) if normalized(fact) not in text]


def pdf_links(pdf: Path) -> set[str]:
    """The addresses the PDF links to (its URI annotations)."""
    result = subprocess.run(
        ["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True
    )
    return {
        line.split(None, 2)[2]
        for line in result.stdout.splitlines()[1:]
        if len(line.split(None, 2)) == 3
    }


@dataclass(frozen=True)
class Word:
    """A word of a PDF page and where it is, in points from the top left."""

    text: str
    x_min: float
    x_max: float
    #: Words on the same line share this number (lines count from the top).
    line: int


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pdf_words(pdf: Path, page: int) -> list[Word]:
    """The words of one page (numbered from 1), line by line and left to right.

    Words whose middles lie within 3pt of each other's are on one line, whatever
    their fonts (a code word and the comma after it have different boxes).
    """
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    boxes = sorted(
        ((float(y0) + float(y1)) / 2, float(x0), float(x1), html.unescape(text))
        for x0, y0, x1, y1, text in _WORD.findall(result.stdout)
    )
    words: list[Word] = []
    line, top = -1, float("-inf")
    for middle, x_min, x_max, text in boxes:
        if middle - top > 3:
            line, top = line + 1, middle
        words.append(Word(text, x_min, x_max, line))
    return sorted(words, key=lambda word: (word.line, word.x_min))


_FONTSPEC = re.compile(r'<fontspec id="(\d+)"[^>]* family="([^"]*)"')
_TEXT = re.compile(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>')


def text_runs(pdf: Path, first_page: int = 1) -> list[tuple[str, str]]:
    """Each run of text from ``first_page`` on, with the name of its font."""
    result = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-f", str(first_page), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    )
    fonts = dict(_FONTSPEC.findall(result.stdout))
    return [
        (html.unescape(re.sub(r"<[^>]+>", "", text)), fonts[font])
        for font, text in _TEXT.findall(result.stdout)
    ]


_INTERNAL_LINK = re.compile(r'<a href="[^"#]*#(\d+)">(.*?)</a>')


def internal_links(pdf: Path) -> list[tuple[str, int]]:
    """Each link inside the PDF: its text and the page (from 1) it leads to."""
    result = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        (html.unescape(re.sub(r"<[^>]+>", "", text)), int(page))
        for page, text in _INTERNAL_LINK.findall(result.stdout)
    ]


def page_width(pdf: Path) -> float:
    """The width of the PDF's first page, in points."""
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Page size:\s+([\d.]+) x", result.stdout, flags=re.MULTILINE)
    assert match, result.stdout
    return float(match.group(1))
