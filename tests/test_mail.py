"""Reading patch mail (``core/mail.py``, ``mail_sources.py``, ``patchwork.py``),
grouping it into series (``core/threads.py``), writing directive text
(``core/directive_text.py``) and the ``bpfnews series`` command around them.

The fixtures in ``tests/data/mail`` are shaped like the mail patchwork's and b4's
parser tests use: a cover letter with patches (a rename and a mode change among
them) and replies carrying trailers, pull requests, a CVS diff, a folder of broken
mail, revisions and a partial re-roll, a naked cover letter, an mboxrd thread
(gzipped), a maildir, a ``git format-patch`` folder and patchwork API objects.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING

import pytest

from sphinxcontrib_bpfnews.core.directive_text import (
    EntryText,
    earlier_line,
    option_value,
    pull_line,
    series_text,
)
from sphinxcontrib_bpfnews.core.mail import (
    MailMessage,
    MailSourceError,
    ReadResult,
    Trailer,
    add_message,
)
from sphinxcontrib_bpfnews.core.mail_sources import read_bytes, read_source, split_mbox
from sphinxcontrib_bpfnews.core.patch_lines import split_series_body
from sphinxcontrib_bpfnews.core.threads import group_series

from .commands import bpfnews, sphinx_build
from .conftest import BASE_CONF, TESTS
from .http_server import Answer, closed_port, serving

if TYPE_CHECKING:
    from pathlib import Path

    from sphinxcontrib_bpfnews.core.threads import MailSeries

MAIL = TESTS / "data" / "mail"
#: Every source of well-formed mail (``broken.mbox`` has the bad mail), the first two
#: with review trailers.
WELL_FORMED = [
    "cover-letter.mbox",
    "thread.mboxrd.gz",
    "pull-requests.mbox",
    "cvs-diff.eml",
    "revisions.mbox",
    "naked-cover.mbox",
    "maildir",
    "format-patch",
    "patchwork-series.json",
    "patchwork-patch.json",
    "unthreaded.mbox",
]


@dataclass(frozen=True)
class Fetched:
    """What fetching an address gives: the name it was fetched as, and its bytes."""

    name: str
    data: bytes


def series_of(*names: str) -> list[MailSeries]:
    messages = []
    for name in names:
        found = read_source(MAIL / name)
        messages += found.messages
    return group_series(messages)


def subjects(found: list[MailSeries]) -> list[list[str]]:
    return [[s.head.subject, *(p.message.subject for p in s.patches)] for s in found]


# Reading ---------------------------------------------------------------------------


def test_cover_letter_patches_and_replies_are_read_with_their_trailers() -> None:
    result = read_source(MAIL / "cover-letter.mbox")
    assert result.problems == []
    by_id = {m.msgid: m for m in result.messages}
    assert len(by_id) == 6
    cover = by_id["20240115101010.4242-1-dev@example.org"]
    assert (cover.author, cover.address, cover.has_diff) == (
        "A. Developer",
        "dev@example.org",
        False,
    )
    assert cover.lists == ("bpf",)
    rename = by_id["20240115101010.4242-3-dev@example.org"]
    assert rename.has_diff  # a rename and a mode change, no hunk at all
    assert [(t.kind, t.name) for t in rename.trailers] == [("reviewed-by", "Eve Early")]
    helper = by_id["20240115101010.4242-2-dev@example.org"]
    # "Reviewed-by:" inside the diff is code, not a trailer.
    assert helper.trailers == ()
    reply = by_id["reply-1@example.com"]
    assert reply.author == "Jörg Maintainer"  # RFC 2047
    # The quoted "> Acked-by:" is the patch's words, not the reviewer's.
    assert [(t.kind, t.name) for t in reply.trailers] == [("reviewed-by", "Jörg Maintainer")]
    bare = by_id["reply-2@example.com"]
    assert bare.author == "tester@example.com"  # no display name: the address
    assert [t.name for t in bare.trailers] == ["Ann Acker", "tester@example.com"]


def test_cvs_diffs_binary_patches_and_attachments_are_diffs() -> None:
    (cvs,) = read_source(MAIL / "cvs-diff.eml").messages
    assert cvs.has_diff and cvs.date is not None and cvs.date.hour == 9  # +0100 in UTC
    broken = {m.msgid: m for m in read_source(MAIL / "broken.mbox").messages}
    assert broken["binary@example.org"].has_diff
    multipart = broken["multipart@example.org"]
    assert multipart.has_diff  # a base64 text/x-patch attachment
    # The HTML part repeats the text; its words are not read twice, or at all.
    assert [t.name for t in multipart.trailers] == ["Multi Part"]


def test_pull_requests_give_repository_and_ref() -> None:
    pulls = {m.subject: m.pull for m in read_source(MAIL / "pull-requests.mbox").messages}
    first = pulls["[GIT PULL] BPF fixes for 6.8"]
    assert first is not None
    assert (first.repository, first.ref) == (
        "https://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git",
        "tags/for-netdev",
    )
    second = pulls["[GIT] Networking"]
    assert second is not None  # the branch on the line after the repository
    assert (second.repository, second.ref) == (
        "git://git.kernel.org/pub/scm/linux/kernel/git/davem/net.git",
        "master",
    )
    assert pulls["[git pull] bpf-next 2024-01-18"] is None


def test_bad_mail_is_skipped_or_read_leniently_with_a_reason_each() -> None:
    result = read_source(MAIL / "broken.mbox")
    reasons = {int(m.group(1)): m.group(2) for m in map(_reason, result.problems)}
    assert reasons == {
        1: "no Subject; skipped",
        2: "From header not valid (unknown charset 'x-no-such-charset'); read leniently",
        3: "Message-ID of 1212 characters; read without it (no link)",
        4: "Date 'Blursday, 99 Foo 20244 99:99' not understood; read without a date",
        5: "unknown charset 'x-unknown-8bit-thing'; body read as UTF-8",
        6: "base64 body does not decode cleanly; read what could be",
        13: "no Subject; skipped",
    }
    # Message 2 has two reasons (Subject and From); the dict kept the last.
    assert sum(": message 2: " in p for p in result.problems) == 2
    by_subject = {m.subject: m for m in result.messages}
    assert len(result.messages) == 11
    assert "[PATCH bpf] bpf: Fix börk" in by_subject  # unknown charset: Windows-1252
    assert by_subject["[PATCH bpf] bpf: Fix börk"].author == "Björn"
    assert by_subject["[PATCH net] net: Long id"].msgid == ""
    assert by_subject["[PATCH net] net: Broken date"].date is None
    assert by_subject["[PATCH bpf] bpf: Fix naïve check"].author == "Zoë Ünicode"  # raw UTF-8
    assert by_subject["[PATCH bpf] bpf: Latin-1 name"].author == "José Latin"
    assert by_subject["[PATCH bpf-next] bpf: Document sübject"].author == "山田太郎"
    assert by_subject["[PATCH bpf] bpf: From an address alone"].author == "bare@example.org"


def _reason(problem: str) -> re.Match[str]:
    match = re.fullmatch(r".*broken\.mbox: message (\d+): (.*)", problem)
    assert match, problem
    return match


def test_mboxrd_quoting_loses_one_level_and_gzip_is_read() -> None:
    data = gzip.decompress((MAIL / "thread.mboxrd.gz").read_bytes())
    first, second = split_mbox(data)
    assert b"\nFrom the changelog: quoted once" in first
    assert b"\n>From deeper: quoted twice." in first
    assert second.count(b"\nFrom here on") == 1
    result = read_source(MAIL / "thread.mboxrd.gz")
    assert [m.msgid for m in result.messages] == ["mboxrd-1@example.org", "mboxrd-2@example.org"]


def test_a_file_without_separator_is_one_message_and_fetched_bytes_read_alike() -> None:
    data = (MAIL / "cvs-diff.eml").read_bytes()
    assert list(split_mbox(data)) == [data]
    fetched = Fetched("t.mbox.gz", gzip.compress((MAIL / "cover-letter.mbox").read_bytes()))
    assert len(read_source(fetched).messages) == 6
    json_data = (MAIL / "patchwork-series.json").read_bytes()
    assert len(read_bytes("812345.json", json_data).messages) == 3


def test_maildir_and_format_patch_folders() -> None:
    maildir = read_source(MAIL / "maildir")
    assert sorted(m.msgid for m in maildir.messages) == ["md-0@example.org", "md-1@example.org"]
    patches = read_source(MAIL / "format-patch")
    assert [m.subject for m in patches.messages] == [
        "[PATCH bpf-next 0/2] bpftool: Show frobs",
        "[PATCH bpf-next 1/2] bpftool: Add frob command",
        "[PATCH bpf-next 2/2] bpftool: Document frob",
    ]


def test_patchwork_objects_keep_patchworks_pages_as_links() -> None:
    (series,) = series_of("patchwork-series.json")
    assert series.head.url.endswith("/cover/20240126100000.1-1-pat@example.org/")
    assert series.head.author == "Pat Worker"
    assert [p.message.url.rsplit("/", 2)[-2] for p in series.patches] == [
        "20240126100000.1-2-pat@example.org",
        "20240126100000.1-3-pat@example.org",
    ]
    assert series.version == 2 and series.head.lists == ("bpf",)
    (single,) = series_of("patchwork-patch.json")
    assert single.head.subject == "[net] net: Fix the arena leak" and single.patches == []


def test_unreadable_sources_raise_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(MailSourceError, match="No such file"):
        read_source(tmp_path / "missing.mbox")
    with pytest.raises(MailSourceError, match="not valid JSON"):
        read_bytes("x.json", b"{nope")
    with pytest.raises(MailSourceError, match="gzip"):
        read_bytes("x.mbox.gz", b"\x1f\x8bnot really")
    (tmp_path / "empty").mkdir()
    with pytest.raises(MailSourceError, match="no mail"):
        read_source(tmp_path / "empty")


# Grouping --------------------------------------------------------------------------


def test_cover_letter_heads_its_patches_in_counter_order_with_review() -> None:
    (series,) = series_of("cover-letter.mbox")
    assert subjects([series]) == [
        [
            "[PATCH bpf-next 0/2] bpf: Frobnicate maps in place",
            "[PATCH bpf-next 1/2] bpf: Add bpf_map_frob helper",
            "[PATCH bpf-next 2/2] selftests/bpf: Move frob tests",
        ]
    ]
    # The cover's replies count for the series, the patches' for each patch (a
    # reply to a reply too); the series credits everyone once.
    assert series.review() == {
        "reviewed-by": ["Jörg Maintainer", "Eve Early"],
        "acked-by": ["Ann Acker"],
        "tested-by": ["tester@example.com", "Other Person"],
    }
    assert [t.name for t in series.patches[0].trailers] == ["Jörg Maintainer", "Other Person"]


def test_revisions_keep_the_newest_and_a_partial_reroll_completes_its_series() -> None:
    found = series_of("revisions.mbox")
    assert subjects(found) == [
        ["[PATCH net v2] net: Fix a leak"],
        [
            "[PATCH bpf-next v2 0/1] libbpf: Add ring_buffer__peek() API",
            "[PATCH bpf-next v2 1/1] libbpf: Peek",
        ],
        [
            "[PATCH bpf-next v3 0/2] bpf: Make the verifier faster",
            "[PATCH bpf-next v3 1/2] bpf: Cache verifier states",
            # Sent alone, in reply to the v2 cover letter: it completes v3.
            "[PATCH bpf-next v3 2/2] selftests/bpf: Test cached states",
        ],
    ]
    assert [[old.version for old in s.earlier] for s in found] == [[1], [1], [2, 1]]
    # The b4 series changed its title: the change-id made it one family.
    assert found[1].earlier[0].head.subject == "[PATCH bpf-next 0/1] libbpf: Add ring buffer peek"
    # v2 keeps its own patches.
    assert len(found[2].earlier[0].patches) == 2


def test_a_reroll_alone_in_another_versions_thread_stands_as_that_version(tmp_path: Path) -> None:
    text = (MAIL / "revisions.mbox").read_text(encoding="utf-8")
    # Without the v3 cover and 1/2, the v3 2/2 in the v2 thread is the family's v3.
    kept = [m for m in text.split("\nFrom ") if "20240105-v3-" not in m]
    path = tmp_path / "partial.mbox"
    path.write_text("\nFrom ".join(kept), encoding="utf-8")
    found = group_series(read_source(path).messages)
    verifier = next(s for s in found if "Test cached states" in s.head.subject)
    assert verifier.version == 3 and verifier.patches == []
    assert [old.version for old in verifier.earlier] == [2, 1]


def test_patches_without_thread_headers_are_gathered_by_sender_and_time() -> None:
    found = series_of("unthreaded.mbox")
    assert subjects(found) == [
        ["[net,v2,1/2] net: ieee802154: Fix one", "[net,v2,2/2] net: ieee802154: Fix two"],
        [
            "[PATCH 0/2] powerpc/dlpar: Correct things",
            "[PATCH 1/2] powerpc/dlpar: Correct one",
            "[Patch 2/2]: powerpc/hotplug/mm: Correct two",
        ],
        # The same sender an hour later: another series.
        ["[PATCH 1/2] powerpc: Later work"],
    ]


def test_replies_are_never_patches_and_mail_without_patches_gives_nothing() -> None:
    messages = read_source(MAIL / "cover-letter.mbox").messages
    replies = [m for m in messages if m.subject.startswith("Re:")]
    assert len(replies) == 3 and group_series(replies) == []


def test_pull_requests_and_naked_cover_letters_are_series() -> None:
    found = series_of("pull-requests.mbox", "naked-cover.mbox")
    assert [s.head.subject for s in found] == [
        "[GIT PULL] BPF fixes for 6.8",
        "[GIT] Networking",
        "[git pull] bpf-next 2024-01-18",
        "[RFC PATCH bpf-next 0/3] bpf: Ideas for arenas",
    ]


# Directive text --------------------------------------------------------------------

ENTRY = EntryText(
    subject="[PATCH bpf-next 0/2] bpf: Frobnicate\n maps",
    author="A. Developer",
    url="https://lore.kernel.org/r/1@example.org",
    review={"reviewed-by": ["Jörg Maintainer", "Doe, Jane"], "acked-by": [], "tested-by": ["T"]},
    patches=[("[PATCH bpf-next 1/2] bpf: Add helper", "https://lore.kernel.org/r/2@example.org")],
    notes=[earlier_line([("v1", "https://lore.kernel.org/r/0@example.org")])],
)


def test_directive_text_in_myst() -> None:
    assert series_text(ENTRY) == (
        ":::{patch-series} [PATCH bpf-next 0/2] bpf: Frobnicate maps\n"
        ":author: A. Developer\n"
        ":url: https://lore.kernel.org/r/1@example.org\n"
        ":reviewed-by: Jörg Maintainer, Doe Jane\n"
        ":tested-by: T\n"
        "\n"
        "- [PATCH bpf-next 1/2] bpf: Add helper <https://lore.kernel.org/r/2@example.org>\n"
        "\n"
        "Earlier: [v1](https://lore.kernel.org/r/0@example.org)\n"
        ":::\n"
    )


@pytest.mark.parametrize("markup", ["myst", "rst"])
def test_a_cover_letters_change_id_is_written_as_the_option(markup: str) -> None:
    """b4's ``change-id:`` in a cover letter becomes ``:change-id:``, by which the
    newsletter finds the series' revisions in other issues whatever their titles."""
    args = ["series", str(MAIL / "revisions.mbox")] + (["--rst"] if markup == "rst" else [])
    result = bpfnews(*args)
    assert result.returncode == 0
    indent = "   " if markup == "rst" else ""
    assert result.stdout.count(f"\n{indent}:change-id: 20240101-peek-a1b2c3d4e5f6\n") == 1
    # Only the b4 series has one.
    assert result.stdout.count(":change-id:") == 1


def test_directive_text_in_rst() -> None:
    entry = EntryText(
        subject=ENTRY.subject,
        review={"acked-by": ["Ann"]},
        patches=[("[PATCH bpf-next 1/2] bpf: x", "")],
        notes=[
            pull_line("git://example.org/r.git", "tags/t", "rst"),
            earlier_line([("v2", "https://x.example/2"), ("v1", "")], "rst"),
        ],
    )
    assert series_text(entry, "rst") == (
        ".. patch-series:: [PATCH bpf-next 0/2] bpf: Frobnicate maps\n"
        "   :acked-by: Ann\n"
        "\n"
        "   - [PATCH bpf-next 1/2] bpf: x\n"
        "\n"
        "   Pull from ``git://example.org/r.git`` ``tags/t``.\n"
        "\n"
        "   Earlier: `v2 <https://x.example/2>`__, v1\n"
    )


def test_directive_text_reads_back_as_the_directive_reads_it() -> None:
    body = series_text(ENTRY).splitlines()[6:-1]
    lines, notes_start = split_series_body(body)
    assert [(line.subject, line.url) for line in lines] == list(ENTRY.patches)
    assert body[notes_start].startswith("Earlier: ")


def test_a_prose_entry_and_a_body_with_colon_fences() -> None:
    prose = EntryText(
        author="A", url="https://x.example/", body="It landed.\n\n::::{note}\nx\n::::"
    )
    assert series_text(prose) == (
        ":::::{patch-series}\n:author: A\n:url: https://x.example/\n\n"
        "It landed.\n\n::::{note}\nx\n::::\n:::::\n"
    )
    assert series_text(prose, "rst").startswith(".. patch-series::\n   :author: A\n")


# The command -----------------------------------------------------------------------


def test_series_prints_directives_and_reasons_on_stderr() -> None:
    result = bpfnews("series", str(MAIL / "cover-letter.mbox"), str(MAIL / "broken.mbox"))
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(
        line.startswith(f"bpfnews series: {MAIL / 'broken.mbox'}: message ") for line in lines
    )
    assert len(lines) == 8
    assert result.stdout.count(":::{patch-series}") == 12
    assert ":reviewed-by: Jörg Maintainer, Eve Early\n" in result.stdout


def test_exit_statuses(tmp_path: Path) -> None:
    replies = tmp_path / "replies.mbox"
    text = (MAIL / "cover-letter.mbox").read_text(encoding="utf-8")
    parts = text.split("\nFrom ")[1:]
    replies.write_text("".join(f"From {p}\n" for p in parts if "Subject: Re:" in p))
    none = bpfnews("series", str(replies))
    assert (none.returncode, none.stdout) == (1, "")
    assert none.stderr == "bpfnews series: no patch series found in 3 messages\n"
    missing = bpfnews("series", str(tmp_path / "missing.mbox"))
    assert missing.returncode == 2
    assert missing.stderr == (
        f"bpfnews series: {tmp_path / 'missing.mbox'}: No such file or directory\n"
    )
    for args in (
        ["--since", "last week"],
        ["--archive", "https://lore.kernel.org/r/"],
        ["--sort", "size"],
        ["--rst", "--json"],
    ):
        result = bpfnews("series", str(MAIL / "cvs-diff.eml"), *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
    remote = bpfnews("series", "https://lore.kernel.org/bpf/1@example.org/")
    assert remote.returncode == 2 and remote.stderr.count("\n") == 1


def test_output_file_and_rst(tmp_path: Path) -> None:
    target = tmp_path / "patches.rst"
    result = bpfnews("series", str(MAIL / "format-patch"), "--rst", "-o", str(target))
    assert (result.returncode, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8").startswith(
        ".. patch-series:: [PATCH bpf-next 0/2] bpftool: Show frobs\n   :author: Fay Patch\n"
    )


def test_json_is_the_exports_series_object_with_review() -> None:
    result = bpfnews(
        "series", str(MAIL / "cover-letter.mbox"), str(MAIL / "revisions.mbox"), "--json"
    )
    assert result.returncode == 0
    data = json.loads(result.stdout)
    first = data[0]
    assert first["subject"] == "[PATCH net v2] net: Fix a leak"
    assert first["earlier"] == [
        {
            "version": 1,
            "subject": "[PATCH net] net: Fix a leak",
            "url": "https://lore.kernel.org/r/single-v1@example.org",
        }
    ]
    frob = next(s for s in data if "Frobnicate" in s["subject"])
    assert frob["review"]["acked-by"] == ["Ann Acker"]
    assert frob["patches"][1]["review"] == {
        "reviewed-by": ["Eve Early"],
        "acked-by": [],
        "tested-by": [],
    }
    assert frob["message_id"] == "20240115101010.4242-1-dev@example.org"
    assert frob["parsed"]["tree"] == "bpf-next" and frob["date"].startswith("2024-01-15T10:10")


def test_filters_and_order() -> None:
    sources = [
        str(MAIL / name) for name in ("revisions.mbox", "pull-requests.mbox", "cover-letter.mbox")
    ]

    def heads(*args: str) -> list[str]:
        result = bpfnews("series", *sources, *args)
        return re.findall(r"^:::\{patch-series\} (.*)$", result.stdout, flags=re.MULTILINE)

    assert heads("--since", "2024-01-15", "--until", "2024-01-16") == [
        "[PATCH bpf-next 0/2] bpf: Frobnicate maps in place",
        "[GIT PULL] BPF fixes for 6.8",
    ]
    assert heads("--until", "2024-01-03") == ["[PATCH net v2] net: Fix a leak"]
    # A date and time is a moment, itself included (the v2 was sent at 08:00 UTC).
    assert heads("--until", "2024-01-03T08:00") == ["[PATCH net v2] net: Fix a leak"]
    assert heads("--until", "2024-01-03T09:00+02:00") == []
    assert heads("--tree", "net") == ["[PATCH net v2] net: Fix a leak"]
    assert heads("--list", "bpf") == ["[PATCH bpf-next 0/2] bpf: Frobnicate maps in place"]
    # A pull request's tree is the one its title starts with.
    assert heads("--tree", "bpf") == ["[GIT PULL] BPF fixes for 6.8"]
    by_tree = heads("--sort", "tree")
    assert by_tree == [
        "[GIT PULL] BPF fixes for 6.8",
        "[PATCH bpf-next v2 0/1] libbpf: Add ring_buffer__peek() API",
        "[PATCH bpf-next v3 0/2] bpf: Make the verifier faster",
        "[PATCH bpf-next 0/2] bpf: Frobnicate maps in place",
        "[git pull] bpf-next 2024-01-18",
        "[PATCH net v2] net: Fix a leak",
        "[GIT] Networking",  # no tree: last
    ]
    # The list in the archive address counts too.
    assert (
        len(heads("--list", "netdev", "--archive", "https://lore.kernel.org/netdev/{msgid}/")) == 7
    )


def test_archive_template_from_the_option_or_conf_py(tmp_path: Path) -> None:
    mail = tmp_path / "slash.eml"
    text = (MAIL / "cvs-diff.eml").read_text(encoding="utf-8")
    mail.write_text(text.replace("<cvs-1@example.org>", "<a/b+c%d@example.org>"), encoding="utf-8")
    option = bpfnews("series", str(mail), "--archive", "https://x.example/m/{msgid}/")
    assert ":url: https://x.example/m/a%2Fb+c%25d@example.org/\n" in option.stdout
    (tmp_path / "conf.py").write_text(
        "import os\nproject = 'X'\nbpfnews_archive_url = 'https://lore.kernel.org/bpf/{msgid}/'\n",
        encoding="utf-8",
    )
    from_conf = bpfnews("series", "slash.eml", cwd=tmp_path)
    assert ":url: https://lore.kernel.org/bpf/a%2Fb+c%25d@example.org/\n" in from_conf.stdout
    assert "--archive" not in from_conf.stderr


@pytest.mark.parametrize("markup", ["myst", "rst"])
def test_the_output_builds_with_warnings_as_errors(markup: str, tmp_path: Path) -> None:
    """What ``bpfnews series`` writes, pasted under an issue's Patches heading,
    builds with ``-W``, and the export holds the series the command found."""
    sources = [str(MAIL / name) for name in WELL_FORMED]
    args = ["series", *sources] + (["--rst"] if markup == "rst" else [])
    result = bpfnews(*args)
    assert result.returncode == 0 and result.stderr == ""
    site = tmp_path / "site"
    (site / "issues").mkdir(parents=True)
    conf = BASE_CONF + "html_baseurl = 'https://news.example.org/'\n"
    (site / "conf.py").write_text(conf, encoding="utf-8")
    if markup == "rst":
        page = ":date: 2024-01-28\n\nWeekly 1\n========\n\nPatches\n-------\n\n" + result.stdout
        (site / "issues" / "weekly-1.rst").write_text(page, encoding="utf-8")
    else:
        page = "---\ntitle: Weekly 1\ndate: '2024-01-28'\n---\n\n# Weekly 1\n\n## Patches\n\n"
        (site / "issues" / "weekly-1.md").write_text(page + result.stdout, encoding="utf-8")
    (site / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\nissues/*\n```\n")
    built = sphinx_build("-W", "-b", "html", str(site), str(site / "_build"))
    assert built.returncode == 0, built.stderr
    exported = json.loads((site / "_build" / "bpfnews.json").read_text(encoding="utf-8"))
    cli = json.loads(bpfnews("series", *sources, "--json").stdout)
    shown = [s["subject"] for issue in exported["issues"] for s in issue["series"]]
    assert shown == [s["subject"] for s in cli]
    html = (site / "_build" / "issues" / "weekly-1.html").read_text(encoding="utf-8")
    assert "for-netdev" in html and "Earlier:" in html
    # The review trailers the mail gave are the export's and the page's.
    assert [s["review"] for s in cli] == [
        s["review"] for issue in exported["issues"] for s in issue["series"]
    ]
    names = {name for s in cli for names in s["review"].values() for name in names}
    assert "Jörg Maintainer" in names
    # (docutils writes the @ of an address as &#64;)
    assert [name for name in names if name not in unescape(html)] == []


def test_each_fixture_is_used() -> None:
    used = {*WELL_FORMED, "broken.mbox"}
    assert {path.name for path in MAIL.iterdir()} == used


def test_threads_whose_headers_loop_are_grouped_without_hanging() -> None:
    """Broken clients write headers that answer each other; each message is placed once."""
    one = MailMessage("x", 1, "[PATCH 1/2] a: One", "1@x", in_reply_to="2@x", has_diff=True)
    two = MailMessage("x", 2, "[PATCH 2/2] a: Two", "2@x", in_reply_to="1@x", has_diff=True)
    reply = MailMessage(
        "x",
        3,
        "Re: [PATCH 2/2] a: Two",
        "3@x",
        in_reply_to="2@x",
        references=("3@x",),
        trailers=(Trailer("acked-by", "Ann"),),
    )
    (series,) = group_series([one, two, reply])
    assert subjects([series]) == [["[PATCH 1/2] a: One", "[PATCH 2/2] a: Two"]]
    assert series.review()["acked-by"] == ["Ann"]


def test_mangled_mail_is_read_or_skipped_with_a_reason() -> None:
    """Every fixture message with markup characters, NUL, 8-bit bytes and line breaks
    dropped into its headers (and sometimes its body): each is read or skipped with a
    reason, and none needs more than the lenient header decoding."""
    raws = [raw for path in sorted(MAIL.glob("*.mbox")) for raw in split_mbox(path.read_bytes())]
    rng = random.Random(2)
    noise = b"<>\"\\=?:;,()[]@\x00\xff\xc3\n\t *'%\r"
    for _ in range(3000):
        raw = bytearray(rng.choice(raws))
        end = len(raw) if rng.random() < 0.3 else max(1, raw.find(b"\n\n"))
        for _ in range(rng.randrange(1, 8)):
            at = rng.randrange(end)
            raw[at:at] = bytes(rng.choice(noise) for _ in range(rng.randrange(1, 4)))
        result = ReadResult()
        add_message(result, "mangled", 1, bytes(raw))
        assert result.messages or any(p.endswith("skipped") for p in result.problems)
        assert not [p for p in result.problems if "compat32" in p or "unreadable" in p]
        assert all(p.startswith("mangled: message 1: ") and "\n" not in p for p in result.problems)


HOSTILE_ENTRIES = [
    EntryText(
        subject="[PATCH bpf-next 0/2] bpf: `code` *stars* |pipe| #hash :colon: \\ trail\\",
        author="*Star* [x] {y} | z # w: v",
        url="https://lore.kernel.org/r/a%2Fb@example.org",
        patches=[
            ("[PATCH bpf-next 1/2] bpf: <angle> and [link](x) \x07bell", "https://x.example/1"),
            ("[PATCH bpf-next 2/2] ::: fence :::", "https://x.example/2"),
        ],
        notes=[pull_line("git://example.org/a`b.git", "tags/x"), earlier_line([("v1", "")])],
    ),
    EntryText(subject="[PATCH] Zoë 山田 \u202eright-to-left", author="'Quoted' \"Name\""),
]


@pytest.mark.parametrize("markup", ["myst", "rst"])
def test_hostile_values_build_cleanly(markup: str, tmp_path: Path) -> None:
    """Subjects, names and addresses as mail gives them (markup characters, control
    characters, fences, right-to-left marks) build with ``-W`` in both markups."""
    text = "\n".join(
        series_text(entry, "rst" if markup == "rst" else "myst") for entry in HOSTILE_ENTRIES
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text(BASE_CONF, encoding="utf-8")
    if markup == "rst":
        (site / "index.rst").write_text("Home\n====\n\n" + text, encoding="utf-8")
    else:
        (site / "index.md").write_text("# Home\n\n" + text, encoding="utf-8")
    built = sphinx_build("-W", "-b", "html", str(site), str(site / "_build"))
    assert built.returncode == 0, built.stderr
    html = (site / "_build" / "index.html").read_text(encoding="utf-8")
    assert "fence :::" in html and "\ufffdbell" in html and "Zoë 山田" in html
    # The author is shown whole: MyST did not take " # w: v" for a comment.
    assert "*Star* [x] {y} | z # w: v" in html


def test_option_values_that_myst_would_misread_are_quoted() -> None:
    assert option_value("Jane Doe", "myst") == "Jane Doe"
    assert option_value("A # B", "myst") == "'A # B'"
    assert option_value("'Quoted' Name", "myst") == "'''Quoted'' Name'"
    assert option_value("|pipe", "myst") == "'|pipe'"
    assert option_value("A # B", "rst") == "A # B"


# Addresses: the command fetches them from a server on 127.0.0.1 (tests/http_server.py).

FETCH_DATA = TESTS / "data" / "fetch"
FETCH_MSGID = "20240115101010.4242-1-dev@example.org"


@pytest.mark.usefixtures("no_proxy")
def test_a_lore_thread_address_is_fetched_and_written_as_a_series() -> None:
    mbox = gzip.compress((FETCH_DATA / "thread.mbox").read_bytes(), mtime=0)
    routes = {f"/bpf/{FETCH_MSGID}/t.mbox.gz": Answer(mbox)}
    with serving(routes) as server:
        result = bpfnews("series", server.url(f"/bpf/{FETCH_MSGID}/T/#u"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    first, *rest = result.stdout.splitlines()
    assert first == ":::{patch-series} [PATCH bpf-next v2 0/2] bpf: Frobnicate maps in place"
    assert ":author: A. Developer" in rest
    assert ":reviewed-by: Jane Doe" in rest
    patches = [line for line in rest if line.startswith("- [PATCH")]
    assert [line.split(" <")[0] for line in patches] == [
        "- [PATCH bpf-next v2 1/2] bpf: Add bpf_map_frob() helper",
        "- [PATCH bpf-next v2 2/2] selftests/bpf: Test bpf_map_frob()",
    ]
    assert [request.path for request in server.requests] == [f"/bpf/{FETCH_MSGID}/t.mbox.gz"]


@pytest.mark.usefixtures("no_proxy")
def test_a_patchwork_series_address_is_read_through_the_api() -> None:
    routes = {"/api/series/8421/": Answer((FETCH_DATA / "series.json").read_bytes())}
    with serving(routes) as server:
        result = bpfnews("series", "--json", server.url("/series/8421/"))
    assert result.returncode == 0, result.stderr
    (series,) = json.loads(result.stdout)
    assert series["parsed"]["title"] == "bpf: Frobnicate maps in place"
    assert [patch["parsed"]["title"] for patch in series["patches"]] == [
        "bpf: Add bpf_map_frob() helper",
        "selftests/bpf: Test bpf_map_frob()",
    ]
    assert all(patch["url"].startswith("https://patchwork") for patch in series["patches"])


@pytest.mark.usefixtures("no_proxy")
def test_an_address_that_cannot_be_reached_is_a_one_line_usage_error() -> None:
    with closed_port() as port:
        result = bpfnews("series", f"http://127.0.0.1:{port}/bpf/{FETCH_MSGID}/")
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"bpfnews series: http://127.0.0.1:{port}/bpf/{FETCH_MSGID}/: ")
    assert "cannot reach 127.0.0.1" in line
