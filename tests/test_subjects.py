"""Subject parsing: patchwork's and b4's upstream vectors, the corpus, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_bpfnews.core.model import Patch, Series
from sphinxcontrib_bpfnews.core.series_checks import check_series
from sphinxcontrib_bpfnews.core.subjects import Badge, Subject, parse_subject, split_tags

from .corpus import CORPUS, corpus_series


def patchwork_prefixes(subject: Subject) -> set[str]:
    """Our parse in patchwork's terms: every tag but PATCH (and the dropped list tag)."""
    found = set(subject.tags)
    found |= {t for t in (subject.tree, subject.branch, subject.counter_label) if t}
    if subject.rfc:
        found.add("RFC")
    return found


# patchwork/tests/unit/test_parser.py, SubjectTest.test_clean_subject (P1-P16).
@pytest.mark.parametrize(
    ("raw", "title", "prefixes"),
    [
        ("meep", "meep", set()),
        ("Re: meep", "meep", set()),
        ("[PATCH] meep", "meep", set()),
        ("[PATCH] meep \n meep", "meep meep", set()),
        ("[PATCH] meep,\n meep", "meep, meep", set()),
        ("[PATCH RFC] meep", "meep", {"RFC"}),
        ("[PATCH,RFC] meep", "meep", {"RFC"}),
        ("[PATCH,1/2] meep", "meep", {"1/2"}),
        ("[PATCH RFC 1/2] meep", "meep", {"RFC", "1/2"}),
        ("[PATCH] [RFC] meep", "meep", {"RFC"}),
        ("[PATCH] [RFC,1/2] meep", "meep", {"RFC", "1/2"}),
        ("[PATCH] [RFC] [1/2] meep", "meep", {"RFC", "1/2"}),
        ("[PATCH] rewrite [a-z] regexes", "rewrite [a-z] regexes", set()),
        ("[PATCH] [RFC] rewrite [a-z] regexes", "rewrite [a-z] regexes", {"RFC"}),
        # P15/P16: patchwork drops the project's own list tag; we read it as the list.
        ("[foo] [bar] meep", "meep", {"bar"}),
        ("[FOO] [bar] meep", "meep", {"bar"}),
    ],
)
def test_patchwork_clean_subject(raw: str, title: str, prefixes: set[str]) -> None:
    subject = parse_subject(raw)
    assert subject.title == title
    assert patchwork_prefixes(subject) == prefixes


def test_patchwork_list_tags_are_kept_as_the_list() -> None:
    assert parse_subject("[foo] [bar] meep").list_tag == "foo"
    assert parse_subject("[FOO] [bar] meep").list_tag == "FOO"


# SubjectTest.test_subject_check (P17-P22).
@pytest.mark.parametrize(
    "raw", ["RE: meep", "Re: meep", "re: meep", "RE meep", "Re meep", "re meep"]
)
def test_patchwork_replies(raw: str) -> None:
    subject = parse_subject(raw)
    assert subject.reply and subject.title == "meep"


def test_replies_keep_their_tags() -> None:
    # b4 since 2024 goes on parsing after a reply marker; so do we.
    subject = parse_subject("Re: Fwd: AW: [PATCH v2 1/3] x: y")
    assert subject.reply and subject.version == 2 and subject.index == 1


# SubjectTest.test_split_prefixes (P23-P28).
@pytest.mark.parametrize(
    ("group", "tokens"),
    [
        ("PATCH", ["PATCH"]),
        ("PATCH,RFC", ["PATCH", "RFC"]),
        ("", []),
        ("PATCH,", ["PATCH"]),
        ("PATCH ", ["PATCH"]),
        ("PATCH 1/2", ["PATCH", "1/2"]),
    ],
)
def test_patchwork_split_prefixes(group: str, tokens: list[str]) -> None:
    assert split_tags(group) == tokens


# SubjectTest.test_series_markers (P29-P40).
@pytest.mark.parametrize(
    ("tags", "counter"),
    [
        ([], (None, None)),
        (["bar"], (None, None)),
        (["bar", "1/2"], (1, 2)),
        (["bar", "0/12"], (0, 12)),
        (["bar", "1 of 2"], (1, 2)),
        (["bar", "0 of 12"], (0, 12)),
        (["PATCH1/8"], (1, 8)),
        (["PATCH1 of 8"], (1, 8)),
        (["PATCH100/123"], (100, 123)),
        (["v2PATCH1/4"], (1, 4)),
        (["v2", "PATCH1/4"], (1, 4)),
        (["v2.3PATCH1/4"], (1, 4)),
    ],
)
def test_patchwork_series_markers(tags: list[str], counter: tuple[int | None, ...]) -> None:
    subject = parse_subject(f"[PATCH {' '.join(tags)}] x" if tags else "[PATCH] x")
    assert (subject.index, subject.total) == counter


# SubjectTest.test_version (P41-P48); patchwork's default of 1 is our None.
@pytest.mark.parametrize(
    ("title", "tags", "version"),
    [
        ("", [], 1),
        ("Hello, world", [], 1),
        ("Hello, world", ["version"], 1),
        ("Hello, world", ["v2"], 2),
        ("Hello, world", ["V6"], 6),
        ("Hello, world", ["v10"], 10),
        ("Hello, world (v2)", [], 2),
        ("Hello, world (V6)", [], 6),
    ],
)
def test_patchwork_version(title: str, tags: list[str], version: int) -> None:
    subject = parse_subject(f"[PATCH {' '.join(tags)}] {title}")
    assert (subject.version or 1) == version


# SubjectEncodingTest (P49, P50).
@pytest.mark.parametrize(
    "raw", ["=?utf-8?q?test=20s=c3=bcbject?=", "test =?utf-8?q?s=c3=bcbject?="]
)
def test_patchwork_encoded_words(raw: str) -> None:
    assert parse_subject(raw).title == "test sübject"


# b4 test_lore_subject_prefixes (B1-B8): what b4 reads, checked field by field.
@pytest.mark.parametrize(
    ("raw", "version", "rfc", "resend", "counter", "title"),
    [
        ("[PATCH] This is a patch", None, False, False, (None, None), "This is a patch"),
        ("[PATCH v3] This is a patch", 3, False, False, (None, None), "This is a patch"),
        ("[PATCH RFC v3] This is a patch", 3, True, False, (None, None), "This is a patch"),
        ("[RFC PATCH v3 1/3] This is a patch", 3, True, False, (1, 3), "This is a patch"),
        ("[RESEND PATCH v3 1/3] This is a patch", 3, False, True, (1, 3), "This is a patch"),
        ("[PATCH RFC v3 2/3] This is a patch", 3, True, False, (2, 3), "This is a patch"),
        ("[PATCH RFC v3 3/12] This is a patch", 3, True, False, (3, 12), "This is a patch"),
        ("[PATCH RFC v3] This is a [patch]", 3, True, False, (None, None), "This is a [patch]"),
    ],
)
def test_b4_subject_prefixes(
    raw: str,
    version: int | None,
    rfc: bool,
    resend: bool,
    counter: tuple[int | None, ...],
    title: str,
) -> None:
    subject = parse_subject(raw)
    assert (subject.version, subject.rfc, subject.resend) == (version, rfc, resend)
    assert (subject.index, subject.total, subject.title) == (*counter, title)


def test_b4_nested_and_glued() -> None:
    nested = parse_subject("[PATCH [RFC] v1 3/5] x")
    assert (nested.rfc, nested.version, nested.index, nested.total) == (True, 1, 3, 5)
    assert parse_subject("[PATCHv2 net-next] x").version == 2
    assert parse_subject("[RFCv3] x").rfc and parse_subject("[RFCv3] x").version == 3
    # b4 issue #31: a comma-only group hides version and counter from b4, not from us.
    glued = parse_subject("[PATCH v6,19/24] x")
    assert (glued.version, glued.index, glued.total) == (6, 19, 24)


# The shapes named in the issue and seen in the newsletter archive.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[PATCH v3 net-next 0/7] bpf: x", {"tree": "net-next", "version": 3, "kind": "cover"}),
        ("[net PATCH 0/3] x", {"tree": "net", "index": 0, "total": 3}),
        ("[V3 PATCH net] x", {"tree": "net", "version": 3, "kind": "patch"}),
        ("[PATCH net-next 0/3 v3] x", {"tree": "net-next", "version": 3, "total": 3}),
        ("[PATCHv2 net-next] x", {"tree": "net-next", "version": 2}),
        ("[Patch net] x", {"tree": "net"}),
        ("[PATCH, bpf-llvm] x", {"tree": "bpf-llvm"}),
        ("[PATCH][net-next][V3] x", {"tree": "net-next", "version": 3}),
        ("[PATCH] [net-next v2] x", {"tree": "net-next", "version": 2}),
        ("[RFC net-next PATCH 0/5] x", {"tree": "net-next", "rfc": True, "total": 5}),
        ("[PATCH RFC v2 0/4] x", {"rfc": True, "version": 2, "kind": "cover"}),
        ("[RESEND PATCH v3 1/3] x", {"resend": True, "version": 3, "index": 1}),
        ("[net,v2,1/2] x", {"tree": "net", "version": 2, "index": 1, "total": 2}),
        ("[PATCH 0 of 2] x", {"index": 0, "total": 2, "kind": "cover"}),
        ("[PATCH net-next 00/15] x", {"index": 0, "total": 15, "counter_label": "00/15"}),
        ("[iovisor-dev] [PATCH RFC v2] bpf: x", {"list_tag": "iovisor-dev", "rfc": True}),
        (
            "[llvm] r313055 - bpf: Add BPF AsmParser support in LLVM",
            {
                "kind": "commit",
                "revision": "r313055",
                "tree": "llvm",
                "title": "bpf: Add BPF AsmParser support in LLVM",
                "subsystem": "bpf",
            },
        ),
        ("[GIT] Networking", {"kind": "pull", "title": "Networking"}),
        ("[GIT PULL] bpf-next 2017-09-01", {"kind": "pull"}),
        ("pull-request: bpf-next 2017-09-01", {"kind": "pull", "tree": "bpf-next"}),
        ("[PATCH iproute2 master 0/2] x", {"tree": "iproute2", "branch": "master"}),
        ("[PATCH iproute2 -master] x", {"tree": "iproute2", "branch": "-master"}),
        ("[PATCH net-next iproute2] x", {"tree": "iproute2", "branch": "net-next"}),
        ("[iproute PATCH] lib/bpf: x", {"tree": "iproute", "subsystem": "lib/bpf"}),
        ("[PATCH iproute2-next] x", {"tree": "iproute2-next", "branch": None}),
        ("[PATCH -next] x", {"tree": None, "branch": "-next"}),
        ("[PATCH netfoo] x", {"tree": None, "tags": ("netfoo",)}),
        ("[PATCH net-nextish] x", {"tree": None, "tags": ("net-nextish",)}),
        ("[PATCH net-next v3 0/4] net: dsa: Multi-CPU ground work (v3)", {"version": 3}),
        ("[PATCH net-next] Multi-CPU (v4)", {"version": 4}),
        ("[Patch 2/2]: powerpc/hotplug/mm: x", {"index": 2, "title": "powerpc/hotplug/mm: x"}),
        ("PATCH bpf-next: bpf: remove x", {"tree": "bpf-next", "title": "bpf: remove x"}),
        ("[PATCH] tools: bpftool: x", {"subsystem": "tools: bpftool"}),
        ("[PATCH] bpf, arm64: x", {"subsystem": "bpf, arm64"}),
        ("[PATCH] x86: bpf_jit: x", {"subsystem": "x86: bpf_jit"}),
        ("[PATCH] selftests: bpf: `test_kmod.sh`: x", {"subsystem": "selftests: bpf"}),
        ("[PATCH] perf bpf: x", {"subsystem": ""}),
        ("[PATCH unterminated", {"title": "[PATCH unterminated", "tags": ()}),
    ],
)
def test_real_shapes(raw: str, expected: dict[str, object]) -> None:
    subject = parse_subject(raw)
    assert {key: getattr(subject, key) for key in expected} == expected


def test_badges_hide_patch_and_version_one() -> None:
    subject = parse_subject("[iovisor-dev] [PATCH RFC v2] bpf: allow map helpers")
    assert subject.badges() == [
        Badge("version", "v2"),
        Badge("rfc", "RFC"),
        Badge("list", "iovisor-dev"),
    ]
    assert parse_subject("[PATCH v1 net] x").badges() == [Badge("tree", "net")]
    commit = parse_subject("[llvm] r312840 - bpf: fix")
    assert commit.badges() == [
        Badge("commit", "commit"),
        Badge("revision", "r312840"),
        Badge("tree", "llvm"),
    ]


def test_json_has_the_documented_keys() -> None:
    data = parse_subject("[PATCH v2 net 1/2] bpf: x").as_json()
    assert {
        "title",
        "subsystem",
        "tree",
        "version",
        "index",
        "total",
        "rfc",
        "resend",
        "kind",
        "revision",
        "tags",
        "list",
    } <= data.keys()
    assert (data["index"], data["total"], data["list"], data["tags"]) == (1, 2, None, [])


def test_title_is_kept_character_for_character() -> None:
    raw = r'[PATCH] a "quoted" \backslash {brace} <script>alert(1)</script> -- x'
    assert parse_subject(raw).title == raw.removeprefix("[PATCH] ")


def test_badges_cover_every_part_in_a_stable_order() -> None:
    subject = parse_subject("[netdev] [PATCH iproute2 master v3 RFC RESEND extra 2/5] lib: x")
    assert subject.badges() == [
        Badge("tree", "iproute2"),
        Badge("branch", "master"),
        Badge("version", "v3"),
        Badge("rfc", "RFC"),
        Badge("resend", "RESEND"),
        Badge("list", "netdev"),
        Badge("tag", "extra"),
        Badge("counter", "2/5"),
    ]
    assert subject.badges(counter=False) == subject.badges()[:-1]


def test_pull_requests_have_a_pull_badge_and_no_subsystem() -> None:
    subject = parse_subject("[GIT PULL] bpf: fixes for 4.14")
    assert subject.badges() == [Badge("pull", "pull")]
    assert (subject.kind, subject.title, subject.subsystem) == ("pull", "bpf: fixes for 4.14", "")
    assert subject.summary == subject.title
    # A lone PULL keyword reads as a pull request too.
    assert parse_subject("[PULL] net: fixes").kind == "pull"


@pytest.mark.parametrize(
    ("raw", "tree"),
    [
        ("pull-request: bpf-next 2017-09-01", "bpf-next"),
        ("pull-request: net for 4.14", "net"),
        ("Pull Request: wireless-drivers-next 2017-09-01", None),
        ("pull-request:", None),
    ],
)
def test_pull_request_titles_name_a_known_tree_only(raw: str, tree: str | None) -> None:
    subject = parse_subject(raw)
    assert (subject.kind, subject.tree, subject.title) == ("pull", tree, raw)


def test_json_is_every_field_with_list_and_summary() -> None:
    data = parse_subject("[netdev] [PATCH v2 net 1/2] bpf: x").as_json()
    assert data == {
        "raw": "[netdev] [PATCH v2 net 1/2] bpf: x",
        "title": "bpf: x",
        "kind": "patch",
        "subsystem": "bpf",
        "summary": "x",
        "tree": "net",
        "branch": None,
        "version": 2,
        "index": 1,
        "total": 2,
        "counter_label": "1/2",
        "rfc": False,
        "resend": False,
        "revision": None,
        "tags": [],
        "list": "netdev",
        "reply": False,
    }


def test_glued_keywords_and_mercurial_counters_split_into_tokens() -> None:
    assert split_tags("PATCHv2 RFCv3") == ["PATCH", "v2", "RFC", "v3"]
    assert split_tags("PATCH 3 of 7;net") == ["PATCH", "3/7", "net"]


def test_plain_subjects_are_patches_without_reply_or_revision() -> None:
    subject = parse_subject("meep")
    assert subject.kind == "patch"
    assert subject.reply is False
    assert subject.revision is None
    assert subject.title == "meep"


def test_a_colon_is_dropped_only_after_tags() -> None:
    assert parse_subject("[PATCH]: x").title == "x"
    assert parse_subject(": x").title == ": x"


@pytest.mark.parametrize(
    ("raw", "list_tag", "tags"),
    [
        ("[netdev] x", "netdev", ()),
        ("[NetDev] x", "NetDev", ()),
        ("[xdp-newbies] [PATCH] x", "xdp-newbies", ()),
        # An unknown word is a list only when more bracket groups follow.
        ("[foo] x", None, ("foo",)),
        ("[foo] [bar] x", "foo", ("bar",)),
    ],
)
def test_list_tags(raw: str, list_tag: str | None, tags: tuple[str, ...]) -> None:
    subject = parse_subject(raw)
    assert (subject.list_tag, subject.tags, subject.title) == (list_tag, tags, "x")


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("PATCH", {}),
        ("Patch", {}),
        ("RFC", {"rfc": True}),
        ("RESEND", {"resend": True}),
        ("GIT", {"kind": "pull"}),
        ("PULL", {"kind": "pull"}),
        ("net", {"tree": "net"}),
        ("v2", {"version": 2}),
        ("V2", {"version": 2}),
        ("1/2", {"index": 1, "total": 2}),
    ],
)
def test_a_leading_keyword_group_is_no_list(first: str, expected: dict[str, object]) -> None:
    subject = parse_subject(f"[{first}] [extra] x")
    assert subject.list_tag is None
    assert subject.tags == ("extra",)
    assert {key: getattr(subject, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("raw", "tree", "branch", "tags"),
    [
        ("[PATCH iproute2 net-next master] x", "iproute2", "net-next", ("master",)),
        ("[PATCH net bpf] x", "net", None, ("bpf",)),
        ("[PATCH -next master] x", None, "-next", ("master",)),
        ("[PATCH bpf-next next main] x", "bpf-next", "next", ("main",)),
    ],
)
def test_extra_trees_and_branches_stay_tags(
    raw: str, tree: str | None, branch: str | None, tags: tuple[str, ...]
) -> None:
    subject = parse_subject(raw)
    assert (subject.tree, subject.branch, subject.tags) == (tree, branch, tags)


def test_an_llvm_commit_behind_a_list_tag() -> None:
    subject = parse_subject("[llvm-dev] [llvm] r313055 - bpf: x")
    assert (subject.kind, subject.revision, subject.list_tag, subject.title) == (
        "commit",
        "r313055",
        "llvm-dev",
        "bpf: x",
    )
    # Without the llvm tag a revision-shaped title is an ordinary patch title.
    assert parse_subject("[PATCH] r313055 - bpf: x").kind == "patch"


def test_an_encoded_word_that_decodes_to_blank_is_kept_as_written() -> None:
    assert parse_subject("=?utf-8?q?=20?=").title == "=?utf-8?q?=20?="
    assert parse_subject("=?x-unknown?q?abc?=").title == "=?x-unknown?q?abc?="


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_subjects_parse_and_series_hang_together(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    entries = corpus_series(path)
    assert entries
    for subject, url, children in entries:
        parsed = [parse_subject(text) for text in (subject, *(c for c, _ in children))]
        for text, result in zip((subject, *(c for c, _ in children)), parsed, strict=True):
            assert result.title, text
            if text.startswith("["):
                assert result.title != text, text  # its tags were read
        series = Series(
            parsed[0],
            "",
            url,
            tuple(Patch(p, u) for p, (_, u) in zip(parsed[1:], children, strict=True)),
        )
        assert check_series(series) == [], subject


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_no_text_makes_the_parser_raise(text: str) -> None:
    subject = parse_subject(text)
    assert subject.raw == text
    assert subject.title.startswith(subject.subsystem)
    assert subject.title == subject.subsystem_prefix + subject.summary
    subject.badges()
    subject.as_json()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[",
                "]",
                "PATCH",
                "RFC",
                "v2",
                "1/2",
                "0 of 3",
                ",",
                " ",
                "net-next",
                "iproute2",
                "Re:",
                "llvm",
                "r1 - ",
                "x:",
                "(v3)",
                "=?utf-8?q?",
                "?=",
            ]
        ),
        max_size=20,
    )
)
def test_no_subject_shaped_text_makes_the_parser_raise(parts: list[str]) -> None:
    parse_subject("".join(parts)).as_json()
