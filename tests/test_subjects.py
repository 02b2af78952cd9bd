"""Subject parsing: the bracket groups and the title."""

from __future__ import annotations

import pytest

from sphinxcontrib_bpfnews.subjects import Badge, parse_subject


@pytest.mark.parametrize(
    ("raw", "tree", "version", "counter", "total", "title"),
    [
        ("[PATCH v3 net-next 0/7] bpf: Add option", "net-next", 3, 0, 7, "bpf: Add option"),
        ("[V3 PATCH net] xdp: implement", "net", 3, None, None, "xdp: implement"),
        ("[net PATCH 1/3] net: rcu lock", "net", None, 1, 3, "net: rcu lock"),
        (
            "[PATCH][net-next][V3] bpf: `test_maps`: fix",
            "net-next",
            3,
            None,
            None,
            "bpf: `test_maps`: fix",
        ),
        ("[PATCH net-next 0/3 v3] x", "net-next", 3, 0, 3, "x"),
        ("[PATCHv2 net-next] net: dsa: foo", "net-next", 2, None, None, "net: dsa: foo"),
        ("[PATCH 0 of 2] x", None, None, 0, 2, "x"),
        ("[PATCH v2 01/15] y", None, 2, 1, 15, "y"),
        ("[net,v2,1/2] bpf: z", "net", 2, 1, 2, "bpf: z"),
        ("no tags at all", None, None, None, None, "no tags at all"),
    ],
)
def test_tags_and_title(
    raw: str,
    tree: str | None,
    version: int | None,
    counter: int | None,
    total: int | None,
    title: str,
) -> None:
    subject = parse_subject(raw)
    assert (subject.tree, subject.version, subject.counter, subject.total, subject.title) == (
        tree,
        version,
        counter,
        total,
        title,
    )
    assert subject.raw == raw


def test_trees_match_whole_tokens_only() -> None:
    assert parse_subject("[PATCH netfoo] x").tree is None
    assert parse_subject("[PATCH net-nextish] x").tree is None


def test_badges_keep_unknown_tags_and_hide_patch() -> None:
    subject = parse_subject("[iovisor-dev] [PATCH RFC v2] bpf: allow map helpers")
    assert subject.badges() == [
        Badge("version", "v2"),
        Badge("rfc", "RFC"),
        Badge("tag", "iovisor-dev"),
    ]
    assert subject.rfc and subject.patch


def test_counter_keeps_its_spelling() -> None:
    assert parse_subject("[PATCH 00/15] x").counter_label == "00/15"
    assert parse_subject("[PATCH 00/15] x").is_cover


@pytest.mark.parametrize(
    ("title", "subsystem"),
    [
        ("bpf: Add option", "bpf: "),
        ("samples/bpf: Use getppid", "samples/bpf: "),
        ("bpf, arm64: fix", "bpf, arm64: "),
        ("net: dsa: Multi-CPU", "net: dsa: "),
        ("selftests: bpf: `test_kmod.sh`: check", "selftests: bpf: "),
        ("r313055 - bpf: Add BPF AsmParser", ""),
        ("Fixes for XDP/BPF", ""),
    ],
)
def test_subsystem_prefix_is_conservative(title: str, subsystem: str) -> None:
    subject = parse_subject(f"[PATCH] {title}")
    assert subject.subsystem == subject.title[: len(subsystem)] == subsystem
    assert subject.subsystem + subject.summary == title


def test_title_is_kept_character_for_character() -> None:
    raw = r'[PATCH] a "quoted" \backslash {brace} <script>alert(1)</script> -- x'
    assert parse_subject(raw).title == raw.removeprefix("[PATCH] ")
