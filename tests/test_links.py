"""Link classification: patchwork, lore, archives, commits; b4's message-id vectors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_bpfnews.core.links import (
    address_key,
    classify_link,
    mailing_list,
    refusal,
    talk_kind,
    unsafe_scheme,
)


@pytest.fixture(autouse=True)
def _fresh_classification() -> None:
    """Each test classifies afresh: a cached answer would hide the rules it checks."""
    classify_link.cache_clear()


MSGID = "20260323041505.2088-1-user@example.com"


# b4 TestParseMsgid (M1-M11); M12 is about b4's own state, not the message-id.
@pytest.mark.parametrize(
    ("text", "message_id"),
    [
        (MSGID, MSGID),
        (f"<{MSGID}>", MSGID),
        (f"https://lore.kernel.org/all/{MSGID}/", MSGID),
        (f"https://lore.kernel.org/r/{MSGID}", MSGID),
        ("https://lore.kernel.org/all/abc%2Bdef@example.com/", "abc+def@example.com"),
        (f"https://patchwork.kernel.org/project/linux-mm/patch/{MSGID}/", MSGID),
        (f"id:{MSGID}", MSGID),
        (f"rfc822msgid:{MSGID}", MSGID),
        ("  <foo@bar.com>  ", "foo@bar.com"),
        ("https://some.archive.org/msg/20260323.abc@example.com", "20260323.abc@example.com"),
        ("simple-msgid@host", "simple-msgid@host"),
        ("https://other.archive.org/linux-mm/foo@bar.com/", "foo@bar.com"),
    ],
)
def test_b4_message_ids(text: str, message_id: str) -> None:
    assert classify_link(text).message_id == message_id


# b4 link dedup: one message behind three addresses.
def test_one_message_three_addresses() -> None:
    ids = {
        classify_link(url).message_id
        for url in (
            f"https://lore.kernel.org/r/{MSGID}",
            f"https://lore.kernel.org/r/{MSGID.replace('@', '%40')}",
            f"https://patch.msgid.link/{MSGID}",
        )
    }
    assert ids == {MSGID}


@pytest.mark.parametrize(
    ("url", "kind", "label"),
    [
        ("https://patchwork.ozlabs.org/patch/808437/", "patch", "patchwork"),
        ("https://patchwork.kernel.org/patch/9950603/", "patch", "patchwork"),
        ("https://patchwork.ozlabs.org/cover/808436/", "cover", "patchwork"),
        (
            "https://patchwork.kernel.org/project/netdevbpf/cover/"
            "20210824114049.3814660-1-vladimir.oltean@nxp.com/",
            "cover",
            "patchwork",
        ),
        (
            "https://patchwork.ozlabs.org/project/netdev/patch/20201112211313.2587383-1-kafai@fb.com/",
            "patch",
            "patchwork",
        ),
        (
            "https://patchwork.kernel.org/project/netdevbpf/list/?series=559153&state=*",
            "series",
            "patchwork",
        ),
        ("https://patchwork.ozlabs.org/series/12345/mbox/", "series", "patchwork"),
        ("https://py3.patchwork.dja.id.au/patch/1234/", "patch", "patchwork"),
        ("https://patchwork.ozlabs.org/patch/1117870/#2230798", "comment", "patchwork"),
        ("https://lore.kernel.org/bpf/20220511220249.525908-1-yhs@fb.com/", "message", "lore"),
        (
            "https://lore.kernel.org/bpf/20190621045555.4152743-4-andriin@fb.com/T/#m6cfc",
            "thread",
            "lore",
        ),
        (
            "http://lkml.kernel.org/r/20050711.125305.08322243.davem@davemloft.net",
            "message",
            "lore",
        ),
        ("https://msgid.link/x@y", "message", "lore"),
        ("https://www.spinics.net/lists/netdev/msg453325.html", "archive", "archive"),
        (
            "https://www.mail-archive.com/netdev@vger.kernel.org/msg187693.html",
            "archive",
            "archive",
        ),
        ("https://marc.info/?l=linux-netdev&m=150493364601151&w=2", "archive", "archive"),
        ("https://lkml.org/lkml/2017/9/5/547", "archive", "archive"),
        (
            "https://lists.iovisor.org/pipermail/iovisor-dev/2017-August/001018.html",
            "archive",
            "archive",
        ),
        (
            "http://lists.llvm.org/pipermail/llvm-dev/2017-September/117136.html",
            "archive",
            "archive",
        ),
        ("http://llvm.org/viewvc/llvm-project?rev=313055&view=rev", "commit", "commit"),
        ("http://llvm.org/viewvc/llvm-project?view=revision&revision=312833", "commit", "commit"),
        ("https://reviews.llvm.org/rL311522", "commit", "commit"),
        ("https://reviews.llvm.org/D38031", "review", "review"),
        ("https://git.kernel.org/bpf/bpf-next/c/5c04433daf9e", "commit", "commit"),
        (
            "https://git.kernel.org/pub/scm/linux/kernel/git/davem/net.git/commit/?id=5c04433daf9e",
            "commit",
            "commit",
        ),
        ("https://github.com/iovisor/bcc/commit/0a1b2c3d4e5f", "commit", "commit"),
        ("https://github.com/iovisor/bcc/pull/1385", "review", "review"),
        ("https://www.youtube.com/watch?v=k0KQz6JrKXc", "other", ""),
        ("not a url at all", "other", ""),
    ],
)
def test_kinds(url: str, kind: str, label: str) -> None:
    link = classify_link(url)
    assert (link.kind, link.label) == (kind, label)


def test_revisions() -> None:
    assert classify_link("http://llvm.org/viewvc/llvm-project?rev=313055&view=rev").revision == (
        "r313055"
    )
    assert classify_link("https://reviews.llvm.org/rL311522").revision == "r311522"
    assert classify_link("https://git.kernel.org/bpf/bpf-next/c/5c04433daf9e").revision == (
        "5c04433daf9e"
    )


def test_json_keys() -> None:
    data = classify_link("https://lore.kernel.org/bpf/a@b/").as_json()
    assert data == {
        "url": "https://lore.kernel.org/bpf/a@b/",
        "kind": "message",
        "site": "lore",
        "label": "lore",
        "message_id": "a@b",
        "revision": None,
    }


@pytest.mark.parametrize(
    ("url", "kind", "site", "message_id"),
    [
        # Host names are read without user, port, case or "www.".
        ("https://user@PatchWork.OzLabs.org:8080/patch/808437/", "patch", "patchwork", None),
        ("https://LORE.kernel.org:443/bpf/a@b/", "message", "lore", "a@b"),
        ("https://www.lkml.org/lkml/2017/9/5/547", "archive", "archive", None),
        ("https://user@lore.kernel.org/r/a@b", "message", "lore", "a@b"),
        ("https://a@b@lore.kernel.org/r/a@b", "message", "lore", "a@b"),
        ("https://lore.kernel.org:443:1/r/a@b", "message", "lore", "a@b"),
        # A patchwork instance on a host without "patchwork" in its name.
        ("https://example.org/project/netdev/patch/123/", "patch", "patchwork", None),
        ("https://example.org/project/netdev/cover/124/", "cover", "patchwork", None),
        ("https://patchwork.ozlabs.org/project/netdev/list/", "other", "patchwork", None),
        ("https://patchwork.kernel.org/comment/123/", "comment", "patchwork", None),
        ("https://patchwork.ozlabs.org/patch/1/#top", "patch", "patchwork", None),
        ("https://patchwork.ozlabs.org/project/x/patch/1/?series=5", "series", "patchwork", None),
        ("https://patchwork.kernel.org/project/x/patch/a%40b/", "patch", "patchwork", "a@b"),
        ("https://patchwork.kernel.org/project/x/cover/a%40b/", "cover", "patchwork", "a@b"),
        ("https://patchwork.kernel.org/project/x/patch/a@b/#12", "comment", "patchwork", "a@b"),
        # The REST API: a series, a patch or a cover letter by number or message-id.
        ("https://patchwork.kernel.org/api/series/842/", "series", "patchwork", None),
        ("https://patchwork.kernel.org/api/1.3/series/842/", "series", "patchwork", None),
        ("https://patchwork.kernel.org/api/patches/13562/", "patch", "patchwork", None),
        ("https://patchwork.kernel.org/api/1.2/patches/13562", "patch", "patchwork", None),
        ("https://patchwork.ozlabs.org/api/covers/808436/", "cover", "patchwork", None),
        ("https://patchwork.ozlabs.org/api/patches/?msgid=a@b", "patch", "patchwork", "a@b"),
        ("https://patchwork.ozlabs.org/api/patches/?msgid=%3Ca@b%3E", "patch", "patchwork", "a@b"),
        ("https://patchwork.ozlabs.org/api/1.1/covers/?msgid=a@b", "cover", "patchwork", "a@b"),
        ("https://patchwork.ozlabs.org/api/patches/", "other", "patchwork", None),
        ("https://patchwork.ozlabs.org/api/patches/?msgid=", "other", "patchwork", None),
        ("https://patchwork.ozlabs.org/api/patches/12/checks/", "other", "patchwork", None),
        ("https://example.org/api/patches/12/", "other", "", None),
        ("https://mid.mail-archive.com/a@b/", "message", "archive", "a@b"),
        ("https://lore.kernel.org/bpf/", "message", "lore", None),
        ("https://lore.kernel.org/r/%3Ca@b%3E", "message", "lore", "a@b"),
        ("https://lore.kernel.org/r/%3CXa@bX%3E", "message", "lore", "Xa@bX"),
        ("https://lore.kernel.org/all/a@b/c@d/", "message", "lore", "a@b"),
        ("https://lore.kernel.org/bpf/a@b/t/", "thread", "lore", "a@b"),
        ("https://lore.kernel.org/bpf/a@b/t.mbox.gz", "thread", "lore", "a@b"),
        ("https://lore.kernel.org/bpf/a@b/t.atom", "thread", "lore", "a@b"),
        ("https://patch.msgid.link/a@b", "message", "lore", "a@b"),
        ("https://marc.info/?i=%3Cfoo@bar%3E", "message", "archive", "foo@bar"),
        ("https://marc.info/?i=%3CXfoo@barX%3E", "message", "archive", "Xfoo@barX"),
        ("https://lists.openwall.net/netdev/2017/09/01/1", "archive", "archive", None),
        ("https://example.org/pipermail/x/1.html", "archive", "archive", None),
        ("https://mail-archive.com/netdev@vger.kernel.org/", "archive", "archive", None),
        # Elsewhere a message-id in the path is still found, but the kind is unknown.
        ("https://example.org/foo@bar/", "other", "", "foo@bar"),
        ("mailto:foo@example.org", "other", "", None),
        ("https://github.com/iovisor/bcc", "other", "", None),
        ("https://git.kernel.org/pub/scm/x.git/tree/", "other", "", None),
        ("http://llvm.org/viewvc/llvm-project?view=rev", "other", "", None),
        ("http://llvm.org/svn/llvm-project?rev=313055", "other", "", None),
        ("https://reviews.llvm.org/differential/", "other", "", None),
    ],
)
def test_sites_kinds_and_message_ids(
    url: str, kind: str, site: str, message_id: str | None
) -> None:
    link = classify_link(url)
    assert (link.url, link.kind, link.site, link.message_id, link.revision) == (
        url,
        kind,
        site,
        message_id,
        None,
    )


@pytest.mark.parametrize(
    ("url", "kind", "revision"),
    [
        ("https://git.kernel.org/bpf/bpf-next/c/5c04433daf9e", "commit", "5c04433daf9e"),
        ("https://git.kernel.org/pub/scm/x.git/commit/?id=5c04433daf9e", "commit", "5c04433daf9e"),
        ("https://git.kernel.org/pub/scm/x.git/commit/?id=HEAD", "commit", None),
        ("https://git.kernel.org/pub/scm/x.git/commit/", "commit", None),
        ("https://github.com/iovisor/bcc/commit/0a1b2c3d4e5f", "commit", "0a1b2c3d4e5f"),
        ("https://github.com/iovisor/bcc/pull/1385", "review", None),
        ("http://llvm.org/viewvc/llvm-project?rev=313055&view=rev", "commit", "r313055"),
        ("http://llvm.org/viewvc/llvm-project?view=revision&revision=312833", "commit", "r312833"),
        ("https://reviews.llvm.org/rL311522", "commit", "r311522"),
        ("https://reviews.llvm.org/rG1a2b3c4d", "commit", "r1a2b3c4d"),
        ("https://reviews.llvm.org/D38031", "review", None),
    ],
)
def test_commits_and_reviews(url: str, kind: str, revision: str | None) -> None:
    link = classify_link(url)
    assert (link.kind, link.site, link.label, link.revision) == (kind, kind, kind, revision)
    assert (link.url, link.message_id) == (url, None)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "the javascript: scheme"),
        ("JavaScript:alert(1)", "the javascript: scheme"),
        ("JaVa&#115;cript:alert(1)", "the javascript: scheme"),
        ("&#x6A;avascript:alert(1)", "the javascript: scheme"),
        ("&amp;#106;avascript:alert(1)", "the javascript: scheme"),
        ("&amp;amp;amp;#106;avascript:alert(1)", "the javascript: scheme"),
        ("java\tscript:alert(1)", "the javascript: scheme"),
        ("java\x00script:alert(1)", "the javascript: scheme"),
        (" \u200bjavascript:alert(1)", "the javascript: scheme"),
        ("java\u2028script:alert(1)", "the javascript: scheme"),
        ("java\x7fscript:alert(1)", "the javascript: scheme"),
        ("data:text/html,<b>x</b>", "the data: scheme"),
        ("vbscript:x", "the vbscript: scheme"),
        ("x-my.app+1:go", "the x-my.app+1: scheme"),
        ("\\\\server\\share", "a Windows network path"),
        ("&#92;&#92;server\\share", "a Windows network path"),
        ("https://example.org/", ""),
        ("HTTP://example.org/", ""),
        ("mailto:a@example.org", ""),
        ("/relative/path", ""),
        ("page.html#section", ""),
        ("1abc:x", ""),
        ("", ""),
    ],
)
def test_unsafe_schemes(url: str, reason: str) -> None:
    assert unsafe_scheme(url) == reason


def test_refusal_names_the_address_and_the_reason() -> None:
    assert refusal("javascript:x", "the javascript: scheme") == (
        "link 'javascript:x' refused (the javascript: scheme): only http, https, mailto "
        "and relative addresses become links; shown as text"
    )


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_no_text_makes_classification_raise(text: str) -> None:
    classify_link(text).as_json()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "https://",
                "patchwork.",
                "lore.kernel.org",
                "/patch/",
                "/cover/",
                "/api/",
                "1.3/",
                "patches/",
                "?msgid=",
                "/project/x",
                "@",
                "%40",
                "?series=",
                "#1",
                "/T/",
                "[",
                "]",
                ":99999999999",
                "llvm.org/viewvc",
                "?rev=",
                "github.com/a/b",
                "/commit/",
                "deadbeef",
            ]
        ),
        max_size=12,
    )
)
def test_no_url_shaped_text_makes_classification_raise(parts: list[str]) -> None:
    classify_link("".join(parts)).as_json()


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://lore.kernel.org/bpf/20240115101010.4242-1-dev@example.org/t/#u", "bpf"),
        ("https://lore.kernel.org/netdev/a@b/", "netdev"),
        ("https://www.lore.kernel.org/xdp-newbies/a@b/T/", "xdp-newbies"),
        ("https://lore.kernel.org/all/a@b/", ""),
        ("https://lore.kernel.org/r/a@b", ""),
        ("https://lore.kernel.org/a@b/", ""),
        ("https://lore.kernel.org/", ""),
        ("https://lkml.kernel.org/r/a@b", ""),
        ("https://patchwork.kernel.org/project/netdevbpf/patch/a@b/", ""),
        ("https://example.org/bpf/a@b/", ""),
        ("http://[::1", ""),
        ("  https://LORE.kernel.org//linux%2Dmm/a@b/  ", "linux-mm"),
        ("https://lore.kernel.org/a%40b/", ""),
        ("https://lore.kernel.org:443/bpf/", "bpf"),
    ],
)
def test_mailing_list_of_a_lore_address(url: str, name: str) -> None:
    assert mailing_list(url) == name


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.youtube.com/watch?v=1o18dGtzWBM", "video"),
        ("https://youtu.be/1o18dGtzWBM", "video"),
        ("https://vimeo.com/123", "video"),
        ("https://media.ccc.de/v/ASG2017-92-a_gentle_introduction_to_e_bpf", "video"),
        ("https://video.fosdem.org/2024/ub2252a/bpf.webm", "video"),
        ("https://speakerdeck.com/someone/bpftrace", "slides"),
        ("https://www.slideshare.net/ThomasGraf5/cilium", "slides"),
        ("https://docs.google.com/presentation/d/1jtq/edit#slide=id.p", "slides"),
        ("http://schd.ws/hosted_files/ossna2017/da/BPFandXDP.pdf", "slides"),
        ("https://www.dropbox.com/s/9syrh64/BPF-workshop.pptx?dl=0", "slides"),
        ("http://people.netfilter.org/hawk/presentations/driving-IT-2017.pdf", "slides"),
        ("https://netdevconf.info/0x17/docs/bpf-offload.pdf", "slides"),
        ("https://lpc.events/event/16/contributions/1234/", "talk"),
        ("https://linuxplumbersconf.org/event/7/contributions/676/", "talk"),
        ("https://netdevconf.info/0x17/sessions/talk/bpf.html", "talk"),
        ("https://fosdem.org/2024/schedule/event/bpf/", "talk"),
        ("https://kernel-recipes.org/en/2017/talks/ebpf-and-xdp/", "talk"),
        ("https://ossna2023.sched.com/event/1K5Ga/bpf", "talk"),
        # A paper, a conference's home page, a blog, a patch: no talk.
        ("https://example.org/papers/verifier.pdf", None),
        ("https://lpc.events/", None),
        ("https://fosdem.org/2024/", None),
        ("https://lwn.net/Articles/738912/", None),
        ("https://lore.kernel.org/bpf/20220511220249.525908-1-yhs@fb.com/T/", None),
        ("not an address", None),
    ],
)
def test_talk_kinds(url: str, kind: str | None) -> None:
    assert talk_kind(url) == kind


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_text_makes_talk_kind_raise(text: str) -> None:
    talk_kind(text)


# One message, one patch: every address that reaches it is one address.
@pytest.mark.parametrize(
    "urls",
    [
        [
            f"https://lore.kernel.org/r/{MSGID}",
            f"https://lore.kernel.org/r/{MSGID}/",
            f"https://lore.kernel.org/bpf/{MSGID}/",
            f"https://lore.kernel.org/bpf/{MSGID}",
            f"https://lore.kernel.org/bpf/{MSGID}/T/#u",
            f"https://lore.kernel.org/bpf/{MSGID}/t/#u",
            f"https://lore.kernel.org/all/{MSGID.replace('@', '%40')}/",
            f"http://lore.kernel.org/netdev/{MSGID}/t.mbox.gz",
            f"https://lkml.kernel.org/r/{MSGID}",
            f"https://patch.msgid.link/{MSGID}",
            f"https://msgid.link/r/{MSGID}",
        ],
        [
            "https://patchwork.kernel.org/patch/13012345/",
            "https://patchwork.kernel.org/patch/13012345",
            "https://patchwork.kernel.org/project/netdevbpf/patch/13012345/",
            "https://patchwork.kernel.org/project/netdevbpf/patch/13012345",
            "https://patchwork.kernel.org/project/netdevbpf/patch/13012345/mbox/",
            "http://patchwork.kernel.org/project/netdevbpf/patch/13012345/raw/",
        ],
        [
            "https://example.org/news/",
            "https://example.org/news",
            "https://Example.ORG/news#u",
            "http://example.org/news/",
        ],
    ],
)
def test_addresses_of_one_page_share_a_key(urls: list[str]) -> None:
    assert len({address_key(url) for url in urls}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (f"https://lore.kernel.org/bpf/{MSGID}/", "https://lore.kernel.org/bpf/other@example.com/"),
        (
            "https://patchwork.kernel.org/project/netdevbpf/patch/1/",
            "https://patchwork.kernel.org/project/netdevbpf/patch/2/",
        ),
        (
            "https://patchwork.kernel.org/project/netdevbpf/patch/1/",
            "https://patchwork.ozlabs.org/project/netdev/patch/1/",
        ),
        (
            "https://patchwork.kernel.org/project/netdevbpf/patch/1/",
            "https://patchwork.kernel.org/project/netdevbpf/cover/1/",
        ),
        (
            "https://patchwork.kernel.org/project/netdevbpf/patch/1/",
            "https://patchwork.kernel.org/project/netdevbpf/patch/1/#25",
        ),
        ("https://lore.kernel.org/bpf/", "https://lore.kernel.org/netdev/"),
        ("https://example.org/a?x=1", "https://example.org/a?x=2"),
        ("https://example.org/a#intro", "https://example.org/a"),
        ("https://example.org/Case", "https://example.org/case"),
    ],
)
def test_addresses_of_two_pages_differ(one: str, other: str) -> None:
    assert address_key(one) != address_key(other)


def test_address_keys_name_what_is_shared() -> None:
    assert address_key(f"https://lore.kernel.org/bpf/{MSGID}/T/#u") == ("msgid", MSGID)
    assert address_key("https://patchwork.kernel.org/project/bpf/cover/7/") == (
        "patchwork",
        "patchwork.kernel.org",
        "cover",
        "7",
    )
    assert address_key("HTTP://WWW.Example.org/a/") == ("url", "https://www.example.org/a")
    assert address_key("notes/week-1/") == ("url", "notes/week-1")
    assert address_key("http://[::1") == ("url", "http://[::1")
