"""Titles as text nodes: code spans as ``literal`` nodes, everything else as written."""

from __future__ import annotations

from docutils import nodes

from sphinxcontrib_bpfnews.extension.code_spans import html_text, text_nodes


def test_code_spans_become_literals_and_the_rest_stays_as_written() -> None:
    shown = text_nodes("bpf: add `bpf_perf_prog_read_time` helper *now* \\o/")
    assert [type(node) for node in shown] == [nodes.Text, nodes.literal, nodes.Text]
    assert [node.astext() for node in shown] == [
        "bpf: add ",
        "bpf_perf_prog_read_time",
        " helper *now* \\o/",
    ]
    assert shown[1].rawsource == "`bpf_perf_prog_read_time`"


def test_a_span_holding_a_backtick_and_an_unclosed_one() -> None:
    assert [n.astext() for n in text_nodes("``a`b`` and `open")] == ["a`b", " and `open"]
    assert html_text("x `<y>`") == 'x <code class="docutils literal notranslate">&lt;y&gt;</code>'


def test_each_call_gives_new_nodes() -> None:
    """A title shown in several places gets nodes of its own in each (its parse is
    kept between calls, its nodes never)."""
    first = text_nodes("add `helper` to bpf")
    second = text_nodes("add `helper` to bpf")
    assert all(a is not b for a, b in zip(first, second, strict=True))
    first[1] += nodes.Text(" changed")
    assert [n.astext() for n in second] == ["add ", "helper", " to bpf"]
