"""Every builder Sphinx ships renders the components without error and with their data."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from .conftest import warnings_of
from .markup import snippet

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

PAGE = "# Issue\n\n" + "\n".join(
    snippet(name)
    for name in ("highlight", "patch-series", "talk", "single-patch", "prose", "review")
)

#: What a reader of any format must find: badges, titles, people, events, notes.
FACTS = [
    "net-next",
    "v3",
    "0/7",
    "1/7",
    "2/7",
    "Add option to set mark and priority in cgroup sock programs",
    "Allow cgroup sock filters to use",
    "get_current_uid_gid",
    "David Ahern",
    "Eric Dumazet",
    "tcp: fix a request socket leak",
    "Slides",
    "Making the Kernel's Networking Data Path Programmable with BPF and XDP",
    "Thomas Graf",
    "Open Source Summit North America 2017",
    "11 September 2017",
    "Highlights",
    "LRU map lookup improvements.",
    "Optional commentary paragraphs",
    "Great slides covering the what",
    # A prose entry: what its link opens, its author, its text; review trailers.
    "lore",
    "A. Developer",
    "Support for frobnicating maps landed, e.g. hash maps",
    "bpf_map_frob()",
    "Acked-by: John Roe",
    "Jane Doe, John Roe",
    "Maintainer One",
    "Build Robot",
]
URLS = [
    "https://patchwork.ozlabs.org/cover/808436/",
    "https://patchwork.ozlabs.org/patch/808437/",
    "https://patchwork.ozlabs.org/patch/808441/",
    "http://schd.ws/hosted_files/ossna2017/da/BPFandXDP.pdf",
    "https://lore.kernel.org/netdev/?q=tcp+fix+a+request+socket+leak",
]


def output_text(outdir: Path, pattern: str) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(outdir.rglob(pattern))
    )


def flat(text: str, markup: bool) -> str:
    """Text with tags, escapes and line wrapping undone, for searching."""
    if markup:
        text = re.sub(r"<[^>]*>", "", text)
    text = (
        text.replace("\\:", "")
        .replace("\\%", "")
        .replace("\\-", "-")
        .replace("\\(aq", "'")
        .replace("\\(em", "—")
    )
    text = text.replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    ("buildername", "pattern"),
    [
        ("text", "*.txt"),
        ("man", "*.1"),
        ("texinfo", "*.texi"),
        ("singlehtml", "*.html"),
        ("dirhtml", "index.html"),
        ("epub", "index.xhtml"),
        ("xml", "*.xml"),
        ("pseudoxml", "*.pseudoxml"),
        ("json", "index.fjson"),
    ],
)
def test_builder_shows_everything(build: Build, buildername: str, pattern: str) -> None:
    app = build(
        {"index.md": PAGE},
        buildername,
        conf='version = "1"\ncopyright = "2017"\nepub_show_urls = "no"\n',
    )
    assert warnings_of(app) == ""
    raw = output_text(app.outdir, pattern)
    text = flat(raw, markup=buildername not in {"text", "man"})
    assert [fact for fact in FACTS if fact not in text] == []
    # Addresses are in the text, or in link targets where the format has links.
    assert [url for url in URLS if url not in flat(raw, markup=False)] == []


def test_plain_text_reads_well(build: Build) -> None:
    app = build({"index.md": PAGE}, "text")
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "[net-next] [v3] [0/7] bpf: Add option" in text
    assert "* [1/7] bpf: Add mark and priority" in text
    assert "<https://patchwork.ozlabs.org/patch/808437/>" in text
    # The meta line wraps as any paragraph does.
    meta = "Thomas Graf · Open Source Summit North America 2017 · 11 September 2017"
    assert meta in " ".join(text.split())
    # A prose entry's header: its list, what its link opens, its author, the address.
    assert "[bpf] lore — A. Developer <https://lore.kernel.org/bpf/" in text
    review = "Reviewed-by: Jane Doe, John Roe · Acked-by: Maintainer One · Tested-by: Build Robot"
    # Sphinx's text writer may wrap after any hyphen, as in "net-next".
    assert review in " ".join(text.replace("-\n", "-").split())


def test_gettext_builds_and_keeps_subjects_out_of_catalogs(build: Build) -> None:
    app = build({"index.md": PAGE}, "gettext")
    assert warnings_of(app) == ""
    catalog = output_text(app.outdir, "*.pot")
    assert "Optional commentary paragraphs" in catalog
    assert "cgroup sock programs" not in catalog


def search_terms(outdir: Path) -> dict[str, object]:
    """The terms of an HTML build's search index."""
    script = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    return index["terms"]


def test_search_index_has_the_words_of_series_and_talk_lines(build: Build) -> None:
    """The index reads a page before its writer makes the lines, so it gets their
    words from the models: authors, speakers, events and patch titles."""
    app = build({"index.md": PAGE})
    terms = search_terms(app.outdir)
    # Stemmed: David Ahern (author), Thomas Graf (speaker), Summit (event),
    # "filters" (a child patch's title), "slides" (the talk's kind label).
    assert [t for t in ("ahern", "graf", "summit", "filter", "slide") if t not in terms] == []


def test_link_checker_sees_every_address(build: Build) -> None:
    """The link checker collects addresses before pages are resolved; it must get
    the series', patches' and talk's. (Every address is ignored, so nothing is
    fetched; ignored addresses are still listed.)"""
    app = build({"index.md": PAGE}, "linkcheck", conf='linkcheck_ignore = [".*"]\n')
    lines = (app.outdir / "output.json").read_text(encoding="utf-8").splitlines()
    checked = {json.loads(line)["uri"] for line in lines}
    assert [url for url in URLS if url not in checked] == []
