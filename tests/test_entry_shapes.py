"""The shapes of patch entries: what counts as a subject, who is an author, and the
four ways archives write an entry; never an exception, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_bpfnews.core.entry_shapes import (
    STRONG,
    WEAK,
    Shape,
    plausible_author,
    read_bare,
    read_linked,
    read_prose,
    subject_strength,
    subject_without_link,
)

LORE = "https://lore.kernel.org/bpf/20240115101010.4242-1-dev@example.org/"


@pytest.mark.parametrize(
    ("subject", "strength"),
    [
        ("[PATCH] tools/include: sync headers", STRONG),
        ("[PATCH bpf-next v2 1/3] bpf: add a helper", STRONG),
        ("[net PATCH 0/3] Fixes for XDP/BPF", STRONG),
        ("[RFC v2 0/6] enable creating probes", STRONG),
        ("[PATCH][net-next][V3] bpf: fix typos", STRONG),
        ("[iovisor-dev] [PATCH RFC v2] bpf: allow map helpers", STRONG),
        ("[llvm] r313055 - bpf: Add BPF AsmParser support in LLVM", STRONG),
        ("[GIT PULL] bpf-next 2024-01-15", STRONG),
        ("pull-request: bpf-next 2024-01-15", STRONG),
        ("PATCH bpf-next: bpf: a subject that lost its brackets", STRONG),
        ("Re: [PATCH v2 bpf] bpf: a reply", STRONG),
        ("[bpf] remove unused variable", STRONG),
        ("libbpf: retry on EINTR", WEAK),
        ("selftests/bpf: add a test", WEAK),
        ("Documentation/bpf: fix a typo", WEAK),
        ("eBPF: a primer", WEAK),  # needs a patch's address to count
        ("Tutorial: writing XDP programs", 0),
        ("Cilium: the next steps", 0),
        ("[iovisor-dev] Accessing user memory and minor page faults", 0),
        ("Linux の BPF : (3) eBPF の基礎", 0),
        ("Future:Net 2017 - The Rise of Programmable Networks", 0),
        ("Linux 4.14 (v2) is out", 0),
        ("5.0.0", 0),
        ("", 0),
    ],
)
def test_subject_strength(subject: str, strength: int) -> None:
    assert subject_strength(subject) == strength


@pytest.mark.parametrize(
    ("text", "plausible"),
    [
        ("", True),
        ("Ann", True),
        ("A. Developer", True),
        ("Martin KaFai Lau", True),
        ("Arnaldo Carvalho de Melo", True),
        ("Nils van der Berg", True),
        ("Toke Høiland-Jørgensen", True),
        ("王小明", True),
        ("We merged", False),
        ("see", False),
        ("thanks to Jane", False),
        ("The release notes: read", False),
        ("One Two Three Four Five Six Seven", False),
    ],
)
def test_plausible_author(text: str, plausible: bool) -> None:
    assert plausible_author(text) is plausible


def test_author_first() -> None:
    assert read_linked("Ann Author [[PATCH net 0/2] no comma](https://e.org/0) merged") == Shape(
        "linked", "[PATCH net 0/2] no comma", "https://e.org/0", "Ann Author", "merged"
    )
    # An address with parentheses in it is read whole.
    found = read_linked("Bo, [[PATCH] x](https://e.org/a_(b)) ")
    assert found is not None and found.url == "https://e.org/a_(b)"


def test_author_after() -> None:
    assert read_linked(f"[[PATCH bpf] bpf: x]({LORE}) by Jane Doe, with a long thread") == Shape(
        "by", "[PATCH bpf] bpf: x", LORE, "Jane Doe", "with a long thread"
    )
    assert read_linked(f"[libbpf: y]({LORE}) by Hana Ito.") == Shape(
        "by", "libbpf: y", LORE, "Hana Ito"
    )


def test_a_sentence_before_a_link_is_no_author() -> None:
    assert read_linked(f"We merged [[PATCH] x]({LORE}) today") is None


def test_prose() -> None:
    text = f"Support for frobnicating maps landed.\n  (A. Developer, [link]({LORE}t/#u))"
    assert read_prose(text) == Shape(
        "prose", "", f"{LORE}t/#u", "A. Developer", "Support for frobnicating maps landed."
    )
    # A full stop after the parenthesis stays with the sentence.
    found = read_prose(f"A faster free path (Oona Reyes, [link]({LORE})).")
    assert found is not None and found.notes == "A faster free path."


@pytest.mark.parametrize(
    "text",
    [
        f"Nice work (see [link]({LORE}))",  # no author
        "A post (Pia Lund, [link](https://blog.example.org/comments))",  # no patch's address
        f"(A. Developer, [link]({LORE}))",  # no prose
        f"It landed (thanks to Jane, [link]({LORE}))",  # no name
        f"A third round (Quinn Adair, [v3]({LORE}))",  # a label that would be lost
    ],
)
def test_no_prose_entry(text: str) -> None:
    assert read_prose(text) is None


def test_bare_subjects() -> None:
    assert read_bare(
        [
            "[PATCH bpf-next 0/2] bpf: foo",
            LORE,
            "Jane Doe, [PATCH] bar: https://lore.kernel.org/bpf/2@x/",
            "[PATCH net] baz <https://lore.kernel.org/bpf/3@x/>",
        ]
    ) == [
        Shape("bare", "[PATCH bpf-next 0/2] bpf: foo", LORE),
        Shape("bare", "[PATCH] bar", "https://lore.kernel.org/bpf/2@x/", "Jane Doe"),
        Shape("bare", "[PATCH net] baz", "https://lore.kernel.org/bpf/3@x/"),
    ]
    # Every line must belong to an entry.
    assert read_bare(["[PATCH] foo", LORE, "and some words"]) is None
    assert read_bare([]) is None


def test_subject_without_link() -> None:
    assert subject_without_link("[PATCH bpf] bpf: lost its link")
    assert not subject_without_link(f"[PATCH bpf] bpf: x {LORE}")
    assert not subject_without_link("[[PATCH bpf] bpf: x](https://e.org/)")
    assert not subject_without_link("libbpf: a weak subject alone")
    assert not subject_without_link("")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[",
                "]",
                "(",
                ")",
                "PATCH",
                " ",
                ",",
                ":",
                "\n",
                "by ",
                "Ann ",
                "x",
                "https://lore.kernel.org/bpf/a@b/",
                "[link]",
                "v2",
                "1/2",
                "bpf: ",
                ".",
            ]
        ),
        max_size=16,
    )
)
def test_no_text_makes_reading_raise(parts: list[str]) -> None:
    text = "".join(parts)
    read_linked(text)
    read_prose(text)
    read_bare(text.splitlines())
    subject_without_link(text)
    assert subject_strength(text) in (0, WEAK, STRONG)
