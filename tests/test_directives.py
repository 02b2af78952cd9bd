"""Doctrees of the three directives, and the same tree from MyST and reStructuredText."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from docutils import nodes

from sphinxcontrib_bpfnews.extension import nodes as bn

from .conftest import warnings_of
from .doctrees import written_doctree
from .markup import file_name, page, snippet

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]


def project(body: str, markup: str = "myst") -> dict[str, str]:
    """The files of a project whose one page shows ``body``."""
    return {file_name(markup): page(markup, "Issue", body)}


def doctree(app: SphinxTestApp, docname: str = "index") -> nodes.document:
    return written_doctree(app, docname)


def classes_text(tree: nodes.Node, cls: str) -> list[str]:
    return [n.astext() for n in tree.findall(nodes.Element) if cls in n.get("classes", ())]


def test_patch_series_tree(build: Build) -> None:
    app = build(project(snippet("patch-series")))
    assert warnings_of(app) == ""
    tree = doctree(app)
    (series,) = tree.findall(bn.bpfnews_series)
    header = series[0]
    assert isinstance(header, bn.bpfnews_line) and header["part"] == "series-header"
    badges = [(b["kind"], b.astext()) for b in header.findall(bn.bpfnews_badge)]
    assert badges == [
        ("tree", "net-next"),
        ("version", "v3"),
        ("counter", "0/7"),
        ("link", "patchwork"),
    ]
    assert classes_text(header, "bpfnews-count") == ["2 of 7 listed"]
    assert classes_text(header, "bpfnews-subsystem") == ["bpf:"]
    (title,) = [n for n in header.findall(nodes.reference) if "bpfnews-title" in n["classes"]]
    assert title["refuri"] == "https://patchwork.ozlabs.org/cover/808436/"
    assert title.astext() == "bpf: Add option to set mark and priority in cgroup sock programs"
    assert classes_text(header, "bpfnews-author") == ["David Ahern"]
    assert header["url"] == "https://patchwork.ozlabs.org/cover/808436/"

    (patches,) = series.findall(bn.bpfnews_patch_list)
    items = list(patches.findall(bn.bpfnews_patch))
    assert [i["classes"] for i in items] == [["bpfnews-patch"], ["bpfnews-patch"]]
    assert [c.astext() for c in patches.findall(bn.bpfnews_patch_counter)] == ["1/7", "2/7"]
    links = [
        (r.astext(), r["refuri"])
        for r in patches.findall(nodes.reference)
        if "bpfnews-title" in r["classes"]
    ]
    assert links == [
        (
            "bpf: Add mark and priority to sock options that can be set",
            "https://patchwork.ozlabs.org/patch/808437/",
        ),
        (
            "bpf: Allow cgroup sock filters to use get_current_uid_gid helper",
            "https://patchwork.ozlabs.org/patch/808441/",
        ),
    ]
    (code,) = patches.findall(nodes.literal)
    assert code.astext() == "get_current_uid_gid"

    (notes,) = [b for b in series.findall(bn.bpfnews_block) if b["part"] == "notes"]
    assert notes.astext() == "Optional commentary paragraphs, parsed as normal markup."
    assert list(notes.findall(nodes.emphasis))


def test_child_tags_that_differ_from_the_cover_are_shown(build: Build) -> None:
    app = build(
        project(
            "```{patch-series} [PATCH v2 net 0/2] x\n\n"
            "- [PATCH v2 net 1/2] a <https://e.org/1>\n"
            "- [PATCH v3 net-next 2/2] b <https://e.org/2>\n```\n"
        )
    )
    patches = list(doctree(app).findall(bn.bpfnews_patch))
    assert [[b.astext() for b in p.findall(bn.bpfnews_badge)] for p in patches] == [
        ["1/2"],
        ["2/2", "net-next", "v3"],
    ]


def test_single_patch_has_no_child_list(build: Build) -> None:
    app = build(project(snippet("single-patch")))
    (series,) = doctree(app).findall(bn.bpfnews_series)
    assert not list(series.findall(bn.bpfnews_patch_list))
    assert [b.astext() for b in series.findall(bn.bpfnews_badge)] == ["net", "lore"]
    assert not classes_text(series, "bpfnews-count")
    assert classes_text(series, "bpfnews-author") == ["Eric Dumazet"]


def test_talk_tree(build: Build) -> None:
    app = build(project(snippet("talk")))
    assert warnings_of(app) == ""
    (talk,) = doctree(app).findall(bn.bpfnews_talk)
    assert "bpfnews-talk-slides" in talk["classes"]
    assert [b.astext() for b in talk.findall(bn.bpfnews_badge)] == ["Slides"]
    (title,) = [r for r in talk.findall(nodes.reference) if "bpfnews-title" in r["classes"]]
    assert title["refuri"] == "http://schd.ws/hosted_files/ossna2017/da/BPFandXDP.pdf"
    assert (
        title.astext() == "Making the Kernel's Networking Data Path Programmable with BPF and XDP"
    )
    assert classes_text(talk, "bpfnews-speakers") == ["Thomas Graf"]
    assert classes_text(talk, "bpfnews-event") == ["Open Source Summit North America 2017"]
    assert classes_text(talk, "bpfnews-date") == ["11 September 2017"]
    assert classes_text(talk, "bpfnews-notes") == [
        "Great slides covering the what, why and how on BPF and XDP."
    ]


def test_talk_defaults_and_speaker_list(build: Build) -> None:
    app = build(project("```{talk} A talk\n:speakers: Ann , Bob,, Cy\n```\n"))
    (talk,) = doctree(app).findall(bn.bpfnews_talk)
    assert "bpfnews-talk-talk" in talk["classes"]
    assert classes_text(talk, "bpfnews-speakers") == ["Ann, Bob, Cy"]
    assert classes_text(talk, "bpfnews-title") == ["A talk"]


def test_highlight_tree(build: Build) -> None:
    app = build(project(snippet("highlight")))
    (box,) = doctree(app).findall(bn.bpfnews_highlights)
    assert classes_text(box, "bpfnews-highlight-title") == ["Highlights"]
    (items,) = box.findall(nodes.bullet_list)
    assert len(items) == 3


def test_domain_directives(build: Build) -> None:
    body = "```{bpfnews:patch-series} [PATCH] x: y\n```\n\n```{bpfnews:talk} T\n```\n\n" + snippet(
        "highlight-domain"
    )
    app = build(project(body))
    tree = doctree(app)
    assert len(list(tree.findall(bn.bpfnews_series))) == 1
    assert len(list(tree.findall(bn.bpfnews_talk))) == 1
    (box,) = tree.findall(bn.bpfnews_highlights)
    assert classes_text(box, "bpfnews-highlight-title") == ["This week"]


def test_colon_and_backtick_fences_give_the_same_tree(build: Build) -> None:
    colon = snippet("talk-colon")
    backtick = colon.replace(":::{talk}", "```{talk}").replace("\n:::\n", "\n```\n")
    assert colon != backtick
    first = build(project(colon))
    second = build(project(backtick))
    assert comparable(doctree(first)) == comparable(doctree(second))


def comparable(tree: nodes.document) -> str:
    """The tree's shape and text, without source positions."""
    for node in tree.findall(nodes.Element):
        for attribute in ("source", "line"):
            node.attributes.pop(attribute, None)
    section = next(tree.findall(nodes.section))
    return "\n".join(child.pformat() for child in section.children[1:])


@pytest.mark.parametrize(
    "name",
    [
        "patch-series",
        "single-patch",
        "prose",
        "review",
        "talk",
        "talk-colon",
        "highlight",
        "highlight-domain",
    ],
)
def test_myst_and_rst_give_the_same_tree(build: Build, name: str) -> None:
    myst = build(project(snippet(name, "myst"), "myst"))
    rst = build(project(snippet(name, "rst"), "rst"))
    assert warnings_of(myst) == warnings_of(rst) == ""
    assert comparable(doctree(myst)) == comparable(doctree(rst))


def test_subjects_and_titles_are_data(build: Build) -> None:
    raw = r'[PATCH] a "quoted" \back {brace} *star* <b>x</b> -- 1/2 \_ `x`'
    # A backtick fence cannot carry backticks on its first line: use a colon fence.
    body = f':::{{patch-series}} {raw}\n:::\n\n```{{talk}} It\'s "so" -- {{x}}\n```\n'
    app = build(project(body), conf="myst_enable_extensions = ['colon_fence', 'smartquotes']\n")
    tree = doctree(app)
    (title,) = [
        n
        for n in tree.findall(nodes.inline)
        if "bpfnews-title" in n["classes"] and n.parent.get("part") == "series-header"
    ]
    assert title.astext() == raw.removeprefix("[PATCH] ").replace("`x`", "x")
    assert [n.astext() for n in title.findall(nodes.literal)] == ["x"]
    (talk,) = tree.findall(bn.bpfnews_talk)
    assert classes_text(talk, "bpfnews-title") == ['It\'s "so" -- {x}']
