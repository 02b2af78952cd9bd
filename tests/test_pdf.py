"""The PDF: LaTeX environments, escaping, a real latexmk compile, same facts as HTML."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from .conftest import warnings_of
from .markup import snippet
from .pdf_tools import (
    compile_pdf,
    html_facts,
    internal_links,
    missing_from_pdf,
    normalized,
    page_width,
    pdf_text,
    pdf_words,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

SPECIALS = r"\ { } $ & # ^ _ ~ %"
LONG_WORD = "averyveryverylongunbrokenword" * 4
LONG_URL = "https://example.org/" + "averyveryverylongunbrokenpath" * 5 + "/x"

SPECIALS_PAGE = rf"""
Specials
========

.. patch-series:: [PATCH v2 net-next 0/2] bpf: {SPECIALS} `code {SPECIALS}` [x]
   :author: Author {SPECIALS}
   :url: https://example.org/a_b/%41#frag~x?q=1&r=2

   - [[PATCH v2 net-next 1/2] x: {SPECIALS} end](https://example.org/x_y/%42#f)
   - [PATCH v2 net-next 2/2] {LONG_WORD} <{LONG_URL}>

.. talk:: Talk {SPECIALS} it's "quoted" -- x
   :kind: video
   :url: https://example.org/v?x=1&y=%20#t
   :event: Event {SPECIALS}
   :speakers: Speaker {SPECIALS}, Other
   :date: 2017-09-11

.. highlight:: Highlights {SPECIALS}

   - item {SPECIALS}
"""

SNIPPETS_PAGE = "# Issue\n\n" + "\n".join(
    snippet(name)
    for name in (
        "highlight",
        "patch-series",
        "talk",
        "talk-colon",
        "single-patch",
        "prose",
        "review",
    )
)


def test_latex_uses_the_package_environments(build: Build) -> None:
    app = build({"index.md": SNIPPETS_PAGE}, "latex")
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    assert r"\usepackage{sphinxcontribbpfnews}" in tex
    for environment in (
        "bpfnewsseries",
        "bpfnewspatches",
        "bpfnewstalk",
        "bpfnewshighlight",
        "bpfnewsseriesheader",
        "bpfnewsseriesreview",
        "bpfnewstalkmeta",
        "bpfnewsnotes",
    ):
        assert tex.count(rf"\begin{{{environment}}}") == tex.count(rf"\end{{{environment}}}") > 0
    assert r"\bpfnewsbadge{tree}{net\sphinxhyphen{}next}" in tex
    assert r"\bpfnewspatchcounter{1/7}" in tex
    assert r"\sphinxurl{https://patchwork.ozlabs.org/patch/808437/}" in tex


ADDRESSES = (
    "https://patchwork.ozlabs.org/cover/808436/",
    "https://patchwork.ozlabs.org/patch/808437/",
    "https://patchwork.ozlabs.org/patch/808441/",
    LONG_URL,
    "http://schd.ws/hosted_files/ossna2017/da/BPFandXDP.pdf",
)
#: A commit citation: its address is printed as any link's, per ``latex_show_urls``.
COMMIT = '7a12b5031c6b ("bpf: fix the thing")'
COMMIT_URL = (
    "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/commit/?id=7a12b5031c6b"
)
ADDRESSES_PAGE = f"""\
# Issue

:::{{patch-series}} [PATCH v3 net-next 0/3] bpf: Add option to set mark and priority
:author: David Ahern
:url: {ADDRESSES[0]}

- [PATCH v3 net-next 1/3] bpf: Add mark and priority to sock options <{ADDRESSES[1]}>
- [[PATCH v3 net-next 2/3] bpf: Allow cgroup filters to use `get_current_uid_gid`]({ADDRESSES[2]})
- [PATCH v3 net-next 3/3] samples/bpf: Update sock test <{ADDRESSES[3]}>
:::

```{{talk}} Making the Kernel's Networking Data Path Programmable with BPF and XDP
:kind: slides
:url: {ADDRESSES[4]}
:event: Open Source Summit North America 2017
:speakers: Thomas Graf

Great slides covering the what, why and how on BPF and XDP.
```

The fix is commit {{commit}}`{COMMIT}`.
"""
SHOW_URLS = ("no", "footnote", "inline")


@pytest.mark.parametrize("show_urls", SHOW_URLS)
def test_every_address_is_printed_once_whatever_latex_show_urls(
    build: Build, show_urls: str
) -> None:
    """Printed: as text a reader sees, not only as the target of a link (``\\sphinxhref``)."""
    app = build({"index.md": ADDRESSES_PAGE}, "latex", conf=f"latex_show_urls = {show_urls!r}\n")
    assert warnings_of(app) == ""
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    escaped = [url.replace("_", r"\_") for url in ADDRESSES]
    printed = {url: tex.count(url) - tex.count(rf"\sphinxhref{{{url}}}") for url in escaped}
    assert printed == dict.fromkeys(escaped, 1)
    # Footnotes are Sphinx's; otherwise the extension prints them after each line,
    # where a long address can break (Sphinx's inline addresses cannot).
    assert (r"\bpfnewsurlstyle" in tex) == (show_urls != "footnote")


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
@pytest.mark.parametrize("show_urls", SHOW_URLS)
def test_every_address_is_on_the_printed_page_once(build: Build, show_urls: str) -> None:
    """Each address of a series, its patches and a talk is on paper exactly once,
    within the page: after its line, or in a footnote."""
    app = build({"index.md": ADDRESSES_PAGE}, "latex", conf=f"latex_show_urls = {show_urls!r}\n")
    pdf = compile_pdf(app.outdir)
    text = normalized(pdf_text(pdf))
    assert {url: text.count(normalized(url)) for url in ADDRESSES} == dict.fromkeys(ADDRESSES, 1)
    assert normalized("Making the Kernel") in text
    # The footnote's mark or the address follows the link, which is the hash.
    sha, subject = COMMIT.split(" ", 1)
    assert normalized(f"The fix is commit {sha}") in text
    assert normalized(f"{subject}.") in text
    assert text.count(normalized(COMMIT_URL)) == (0 if show_urls == "no" else 1)
    width = page_width(pdf)
    pages = pdf_text(pdf).split("\f")
    for page in range(1, len(pages)):
        beyond = [word.text for word in pdf_words(pdf, page) if word.x_max > width]
        assert beyond == [], page
    if show_urls == "footnote":
        # The talk's footnote is at the foot of the page with the series' ones, not
        # at the bottom of the talk's box.
        page = next(n for n, text in enumerate(pages, 1) if "Making the Kernel" in text)
        lines = {word.text: word.line for word in pdf_words(pdf, page)}
        assert lines[ADDRESSES[4]] > lines[ADDRESSES[0]]


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
@pytest.mark.parametrize(
    ("name", "text"), [("index.md", SNIPPETS_PAGE), ("index.rst", SPECIALS_PAGE)]
)
def test_pdf_shows_what_html_shows(build: Build, name: str, text: str) -> None:
    html = build({name: text})
    latex = build({name: text}, "latex")
    assert warnings_of(html) == warnings_of(latex) == ""
    pdf = compile_pdf(latex.outdir)
    facts = html_facts(html.outdir / "index.html")
    assert len(facts) > 20
    assert missing_from_pdf(html.outdir / "index.html", pdf) == []


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_tex_specials_reach_the_pdf_in_every_field(build: Build) -> None:
    latex = build({"index.rst": SPECIALS_PAGE}, "latex")
    text = normalized(pdf_text(compile_pdf(latex.outdir)))
    # Every field that holds data; the highlight's items are ordinary reST, where a
    # backslash escapes the next character, so they are not listed.
    for field in ("bpf:", "code", "Author", "x:", "Talk", "Event", "Speaker", "Highlights"):
        assert normalized(f"{field} {SPECIALS}") in text, field
    assert normalized('it\'s "quoted" -- x') in text


def _many_series(count: int) -> str:
    """Series of varying length, so some header falls near the foot of a page."""
    parts = ["Series\n======\n"]
    for k in range(count):
        patches = "\n".join(
            f"   - [PATCH {n}/{k % 4 + 1}] bpf: Patchline{k}x{n} <https://example.org/{k}/{n}>"
            for n in range(1, k % 4 + 2)
        )
        parts.append(
            f".. patch-series:: [PATCH 0/{k % 4 + 1}] bpf: Serieshead{k}x\n"
            f"   :author: Author {k}\n\n{patches}\n"
        )
        if k % 3 == 0:
            filler = "to move them along " * (k % 7)
            parts.append(f"A paragraph between series {k}, {filler}\n")
    return "\n".join(parts)


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_series_header_stays_with_its_first_patch(build: Build) -> None:
    count = 90
    latex = build({"index.rst": _many_series(count)}, "latex")
    pages = pdf_text(compile_pdf(latex.outdir)).split("\f")
    assert len(pages) > 4

    def page_of(word: str) -> int:
        return next(number for number, page in enumerate(pages) if word in normalized(page))

    for k in range(count):
        assert page_of(f"Serieshead{k}x") == page_of(f"Patchline{k}x1"), k


LINKED_ISSUE = """\
---
title: News One
date: '2017-09-04'
issue: 1
---

# News One

```{patch-series} [PATCH net] bpf: fix the verifier
:author: Ada Lovelace
:name: verifier-fix
:url: https://lore.kernel.org/bpf/a@b/
```

```{talk} Talk One
:kind: video
:speakers: Grace Hopper
:event: Netdev 2.2
:name: talk-one
```
"""

LINKING_PAGES = {
    "index.md": (
        "# The news\n\nSee {bpfnews:series}`verifier-fix`, "
        "{bpfnews:series}`the fix <verifier-fix>` and {bpfnews:talk}`talk-one`.\n\n"
        "```{toctree}\nissues/one\nindexes\n```\n"
    ),
    "issues/one.md": LINKED_ISSUE,
    "indexes.md": (
        "# Indexes\n\n## Authors\n\n```{bpfnews-index} authors\n```\n\n"
        "## Speakers\n\n```{bpfnews-index} speakers\n```\n"
    ),
}

_HYPERREF = re.compile(r"\\hyperref\[\\detokenize\{([^}]*)\}\]")
_LABEL = re.compile(r"\\label\{\\detokenize\{([^}]*)\}\}")


def test_every_internal_link_has_its_label_in_the_latex(build: Build) -> None:
    """Series and talk references, and the index's jump links and entries, lead to
    labels: Sphinx writes none for the ids of nodes it does not know."""
    latex = build(LINKING_PAGES, "latex")
    assert warnings_of(latex) == ""
    tex = (latex.outdir / "test.tex").read_text(encoding="utf-8")
    targets = set(_HYPERREF.findall(tex))
    assert {
        "issues/one:series-verifier-fix",
        "issues/one:talk-talk-one",
        "indexes:authors-ada-lovelace",
        "indexes:speakers-grace-hopper",
    } <= targets
    assert targets - set(_LABEL.findall(tex)) == set()


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_every_internal_link_leads_somewhere_in_the_pdf(build: Build) -> None:
    latex = build(LINKING_PAGES, "latex")
    # compile_pdf fails on any reference LaTeX reports as undefined.
    pdf = compile_pdf(latex.outdir)
    pages = [normalized(page) for page in pdf_text(pdf).split("\f")]
    # Each link lands on the page of what it names: a series or talk, or a group.
    issue_page = "GraceHopper·Netdev2.2"
    lands_on = {
        "bpf: fix the verifier": issue_page,  # and the index's entry
        "the fix": issue_page,
        "Talk One": issue_page,
        "Ada Lovelace": "fixtheverifier—Issue1",  # a group of the index
        "Grace Hopper": "TalkOne—Issue1",
    }
    links = [(text, page) for text, page in internal_links(pdf) if text in lands_on]
    assert {text for text, _ in links} == set(lands_on)
    for text, page in links:
        assert lands_on[text] in pages[page - 1], (text, page)
