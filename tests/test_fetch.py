"""Downloading a thread or a series for ``bpfnews series``: which addresses give what,
and what comes back from a real server on 127.0.0.1 (never the internet).

The server (``tests/http_server.py``) serves this project's own fixtures shaped like
lore's and patchwork's answers (``tests/data/fetch``): a thread's mbox, a series, a
patch and a cover letter as patchwork's REST API gives them, redirects, missing
pages, slow answers; a bound port where nothing listens stands for a host that
cannot be reached. Addresses are recognised by their path on any host, so the same
code path runs here as against lore.kernel.org and patchwork.kernel.org.
"""

from __future__ import annotations

import gzip
import inspect
import json
import re
import socket
import time
import zlib
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.cli.fetch import (
    MAX_BYTES,
    USER_AGENT,
    Download,
    Fetched,
    FetchError,
    _reason,
    fetch,
    is_remote,
    locate,
)
from sphinxcontrib_bpfnews.core.links import classify_link

from .conftest import SNIPPETS, TESTS
from .http_server import Answer, closed_port, redirect, serving

if TYPE_CHECKING:
    from pathlib import Path

DATA = TESTS / "data" / "fetch"
MBOX = (DATA / "thread.mbox").read_bytes()
MBOX_GZ = gzip.compress(MBOX, mtime=0)
SERIES = (DATA / "series.json").read_bytes()
PATCH = (DATA / "patch.json").read_bytes()
COVER = (DATA / "cover.json").read_bytes()
MSGID = "20240115101010.4242-1-dev@example.org"
THREAD = f"/bpf/{MSGID}/t.mbox.gz"
JSON = {"Content-Type": "application/json"}


pytestmark = pytest.mark.usefixtures("no_proxy")


def failure(url: str, **options: float) -> str:
    """The message of the :class:`FetchError` that fetching ``url`` raises: one line."""
    with pytest.raises(FetchError) as caught:
        fetch(url, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message and message == message.strip()
    return message


# What each address gives, without any download.


LORE = "https://lore.kernel.org"
PW = "https://patchwork.kernel.org"
OZ = "https://patchwork.ozlabs.org"
ID_2 = "20201112211313.2587383-1-kafai@fb.com"


@pytest.mark.parametrize(
    ("url", "kind", "download"),
    [
        # public-inbox: a message, its thread in either view, its raw form or mbox.
        (f"{LORE}/bpf/{MSGID}/", "thread", f"{LORE}/bpf/{MSGID}/t.mbox.gz"),
        (f"{LORE}/bpf/{MSGID}", "thread", f"{LORE}/bpf/{MSGID}/t.mbox.gz"),
        (f"{LORE}/bpf/{MSGID}/T/#u", "thread", f"{LORE}/bpf/{MSGID}/t.mbox.gz"),
        (f"{LORE}/bpf/{MSGID}/t/#u", "thread", f"{LORE}/bpf/{MSGID}/t.mbox.gz"),
        (f"{LORE}/bpf/{MSGID}/t.mbox.gz", "thread", f"{LORE}/bpf/{MSGID}/t.mbox.gz"),
        (f"{LORE}/bpf/{MSGID}/raw", "thread", f"{LORE}/bpf/{MSGID}/t.mbox.gz"),
        (f"{LORE}/bpf/{MSGID}/t.atom", "thread", f"{LORE}/bpf/{MSGID}/t.mbox.gz"),
        (
            f"http://lore.kernel.org/bpf/{MSGID}/",
            "thread",
            f"http://lore.kernel.org/bpf/{MSGID}/t.mbox.gz",
        ),
        # /r/ is "any list": /all/.
        (f"{LORE}/r/{MSGID}", "thread", f"{LORE}/all/{MSGID}/t.mbox.gz"),
        (f"{LORE}/all/{MSGID}/", "thread", f"{LORE}/all/{MSGID}/t.mbox.gz"),
        # Percent-encoded message-ids, angle brackets: written as public-inbox writes them.
        (
            f"{LORE}/all/abc%2Bdef@example.com/",
            "thread",
            f"{LORE}/all/abc+def@example.com/t.mbox.gz",
        ),
        (f"{LORE}/all/a%2Fb@example.com/", "thread", f"{LORE}/all/a%2Fb@example.com/t.mbox.gz"),
        (f"{LORE}/all/a%40b/", "thread", f"{LORE}/all/a@b/t.mbox.gz"),
        (f"{LORE}/r/%3Ca@b%3E", "thread", f"{LORE}/all/a@b/t.mbox.gz"),
        (f"{LORE}/all/a%20b%25c@d/", "thread", f"{LORE}/all/a%20b%25c@d/t.mbox.gz"),
        # The message-id redirectors lead to lore.
        (f"https://patch.msgid.link/{MSGID}", "thread", f"{LORE}/all/{MSGID}/t.mbox.gz"),
        (f"https://msgid.link/{MSGID}", "thread", f"{LORE}/all/{MSGID}/t.mbox.gz"),
        (f"http://lkml.kernel.org/r/{MSGID}", "thread", f"{LORE}/all/{MSGID}/t.mbox.gz"),
        # Other public-inbox instances, at the root or under a prefix.
        (
            "https://inbox.sourceware.org/gdb-patches/a@b/T/",
            "thread",
            "https://inbox.sourceware.org/gdb-patches/a@b/t.mbox.gz",
        ),
        ("https://yhbt.net/lore/git/a@b/", "thread", "https://yhbt.net/lore/git/a@b/t.mbox.gz"),
        ("https://example.org:8080/r/a@b", "thread", "https://example.org:8080/all/a@b/t.mbox.gz"),
        # No user name or password is passed on; what a path cannot hold is escaped.
        ("https://me:pw@example.org/x/a@b/", "thread", "https://example.org/x/a@b/t.mbox.gz"),
        (
            "https://example.org/my list/a@b/",
            "thread",
            "https://example.org/my%20list/a@b/t.mbox.gz",
        ),
        ("https://me@example.org/pw/series/3/", "series", "https://example.org/pw/api/series/3/"),
        # patchwork's web pages: a series, a patch or cover letter by number or message-id.
        (
            f"{PW}/project/netdevbpf/list/?series=559153&state=*",
            "series",
            f"{PW}/api/series/559153/",
        ),
        (f"{PW}/project/netdevbpf/list/?state=*&series=7", "series", f"{PW}/api/series/7/"),
        (f"{OZ}/series/12345/", "series", f"{OZ}/api/series/12345/"),
        (f"{OZ}/series/12345/mbox/", "series", f"{OZ}/api/series/12345/"),
        (f"{PW}/patch/9950603/", "patch", f"{PW}/api/patches/9950603/"),
        (f"{OZ}/patch/1117870/#2230798", "patch", f"{OZ}/api/patches/1117870/"),
        (f"{OZ}/patch/808437/mbox/", "patch", f"{OZ}/api/patches/808437/"),
        (f"{PW}/project/netdevbpf/patch/13561/", "patch", f"{PW}/api/patches/13561/"),
        (
            f"{PW}/project/netdevbpf/patch/{ID_2}/",
            "patch",
            f"{PW}/api/patches/?project=netdevbpf&msgid=20201112211313.2587383-1-kafai%40fb.com",
        ),
        (
            f"{PW}/project/netdevbpf/patch/%3C{ID_2}%3E/",
            "patch",
            f"{PW}/api/patches/?project=netdevbpf&msgid=20201112211313.2587383-1-kafai%40fb.com",
        ),
        (f"{OZ}/cover/808436/", "cover", f"{OZ}/api/covers/808436/"),
        (
            f"{PW}/project/netdevbpf/cover/{MSGID}/",
            "cover",
            f"{PW}/api/covers/?project=netdevbpf&msgid=20240115101010.4242-1-dev%40example.org",
        ),
        # Under a prefix, and a host without "patchwork" in its name.
        ("https://example.org/pw/series/3/", "series", "https://example.org/pw/api/series/3/"),
        (
            "https://patches.example.org/project/dpdk/patch/5/",
            "patch",
            "https://patches.example.org/api/patches/5/",
        ),
        # The REST API as given, in any version.
        (f"{PW}/api/series/842/", "series", f"{PW}/api/series/842/"),
        (f"{PW}/api/1.3/series/842", "series", f"{PW}/api/1.3/series/842/"),
        (f"{PW}/api/patches/13561/", "patch", f"{PW}/api/patches/13561/"),
        (f"{PW}/api/1.2/patches/13561/?format=json", "patch", f"{PW}/api/1.2/patches/13561/"),
        (f"{PW}/api/covers/13560/", "cover", f"{PW}/api/covers/13560/"),
        (f"{PW}/api/1.3/series/842/?format=api", "series", f"{PW}/api/1.3/series/842/"),
        (f"{PW}/api/patches?msgid=a@b", "patch", f"{PW}/api/patches/?msgid=a%40b"),
        (f"{PW}/api/patches/?msgid=%3Ca@b%3E", "patch", f"{PW}/api/patches/?msgid=a%40b"),
        (
            f"{PW}/api/1.3/patches/?project=bpf&state=new&msgid=a@b",
            "patch",
            f"{PW}/api/1.3/patches/?project=bpf&msgid=a%40b",
        ),
    ],
)
def test_what_an_address_gives(url: str, kind: str, download: str) -> None:
    found = locate(url)
    assert (found.kind, found.url) == (kind, download)
    assert found.by_message_id == ("msgid=" in download)


@pytest.mark.parametrize(
    ("url", "api"),
    [
        (f"{PW}/project/netdevbpf/list/?series=5", f"{PW}/api/"),
        ("https://example.org/pw/cover/3/", "https://example.org/pw/api/"),
        (f"{PW}/api/1.3/covers/13560/", f"{PW}/api/1.3/"),
        (f"{LORE}/bpf/{MSGID}/", ""),
    ],
)
def test_the_api_root_is_kept_for_a_cover_letters_series(url: str, api: str) -> None:
    assert locate(url).api == api


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://www.youtube.com/watch?v=k0KQz6JrKXc",
            "not a lore or patchwork address: https://www.youtube.com/watch?v=k0KQz6JrKXc; "
            "save the mbox and pass the file",
        ),
        (
            "https://www.spinics.net/lists/netdev/msg453325.html",
            "not a lore or patchwork address: https://www.spinics.net/lists/netdev/msg453325.html"
            "; save the mbox and pass the file",
        ),
        # An archive or a review with a message-id in its path is no public-inbox.
        (
            "https://lists.example.org/archives/list/bpf@lists.example.org/thread/X/",
            "not a lore or patchwork address: "
            "https://lists.example.org/archives/list/bpf@lists.example.org/thread/X/; "
            "save the mbox and pass the file",
        ),
        (
            "https://mid.mail-archive.com/a@b/",
            "not a lore or patchwork address: https://mid.mail-archive.com/a@b/; "
            "save the mbox and pass the file",
        ),
        # A message-id with no list before it.
        (
            "https://example.org/a@b/",
            "not a lore or patchwork address: https://example.org/a@b/; "
            "save the mbox and pass the file",
        ),
        (
            "ftp://lore.kernel.org/bpf/a@b/",
            "not a lore or patchwork address: ftp://lore.kernel.org/bpf/a@b/; "
            "save the mbox and pass the file",
        ),
        (
            "file:///tmp/thread.mbox",
            "not a lore or patchwork address: file:///tmp/thread.mbox; "
            "save the mbox and pass the file",
        ),
        (
            "thread.mbox",
            "not a lore or patchwork address: thread.mbox; save the mbox and pass the file",
        ),
        (
            "https://exa\x07mple.org/\nx",
            "not a lore or patchwork address: https://exa\N{REPLACEMENT CHARACTER}mple.org/ x; "
            "save the mbox and pass the file",
        ),
        # lore, but no message: a list, a search.
        (
            f"{LORE}/bpf/?q=s:frob",
            f"not the address of a message: {LORE}/bpf/?q=s:frob; give a lore message or "
            "thread address, or save the mbox and pass the file",
        ),
        (
            "https://patch.msgid.link/",
            "not the address of a message: https://patch.msgid.link/; give a lore message or "
            "thread address, or save the mbox and pass the file",
        ),
        # patchwork, but no series or patch: a list, a project, a comment, the API's lists.
        (
            f"{PW}/project/netdevbpf/list/",
            f"not the address of a patchwork series or patch: {PW}/project/netdevbpf/list/; "
            "give a series, patch or cover letter address",
        ),
        (
            f"{PW}/project/netdevbpf/list/?series=new",
            "not the address of a patchwork series or patch: "
            f"{PW}/project/netdevbpf/list/?series=new; give a series, patch or cover letter "
            "address",
        ),
        (
            f"{PW}/comment/123/",
            f"not the address of a patchwork series or patch: {PW}/comment/123/; give a "
            "series, patch or cover letter address",
        ),
        (
            f"{PW}/api/patches/",
            f"not the address of a patchwork series or patch: {PW}/api/patches/; give a "
            "series, patch or cover letter address",
        ),
        (
            f"{PW}/api/series/?msgid=a@b",
            f"not the address of a patchwork series or patch: {PW}/api/series/?msgid=a@b; "
            "give a series, patch or cover letter address",
        ),
        (
            f"{PW}/project/netdevbpf/patch/not-a-message-id/",
            "not the address of a patchwork series or patch: "
            f"{PW}/project/netdevbpf/patch/not-a-message-id/; give a series, patch or cover "
            "letter address",
        ),
        ("https://host:99999/bpf/a@b/", "not a valid address: https://host:99999/bpf/a@b/"),
        ("http://[::1/bpf/a@b/", "not a valid address: http://[::1/bpf/a@b/"),
    ],
)
def test_what_cannot_be_downloaded_says_why_before_any_download(url: str, message: str) -> None:
    with pytest.raises(FetchError) as caught:
        locate(url)
    assert str(caught.value) == message
    assert failure(url) == message


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                [
                    "https://",
                    "http://",
                    "lore.kernel.org",
                    "patchwork.kernel.org",
                    "127.0.0.1:8000",
                    "[::1]",
                    ":99999",
                    "me@",
                    "/",
                    "bpf",
                    "r",
                    "a@b",
                    "%40",
                    "%2F",
                    "%3C",
                    "%",
                    "/api/",
                    "1.3/",
                    "series",
                    "patches",
                    "covers",
                    "/patch/",
                    "/cover/",
                    "/project/x",
                    "/list/",
                    "?series=",
                    "?msgid=",
                    "&project=",
                    "12",
                    "#u",
                    " ",
                    "\n",
                    "\x00",
                ]
            ),
            max_size=14,
        ).map("".join),
    )
)
def test_any_text_is_located_or_refused_in_one_line(text: str) -> None:
    try:
        found = locate(text)
    except FetchError as error:
        assert "\n" not in str(error)
    else:
        assert is_remote(found.url)
        assert found.url.endswith(("/t.mbox.gz", "/")) or "msgid=" in found.url


def test_link_kinds_agree_with_what_is_downloaded() -> None:
    """What the newsletter shows beside a link (its kind) is what fetching it gives."""
    shown = {"thread": {"message", "thread"}, "series": {"series"}, "patch": {"patch"}}
    shown["cover"] = {"cover"}
    for url in (
        f"{LORE}/bpf/{MSGID}/",
        f"{LORE}/bpf/{MSGID}/T/#u",
        f"{LORE}/r/{MSGID}",
        f"https://patch.msgid.link/{MSGID}",
        f"{PW}/project/netdevbpf/list/?series=559153",
        f"{OZ}/series/12345/",
        f"{PW}/patch/9950603/",
        f"{PW}/project/netdevbpf/patch/{ID_2}/",
        f"{PW}/project/netdevbpf/cover/{MSGID}/",
        f"{PW}/api/series/842/",
        f"{PW}/api/1.2/patches/13561/",
        f"{PW}/api/covers/13560/",
        f"{PW}/api/patches/?msgid=a@b",
    ):
        link = classify_link(url)
        assert link.site in {"lore", "patchwork"}, url
        assert link.kind in shown[locate(url).kind], url


@pytest.mark.parametrize(
    ("source", "remote"),
    [
        ("https://lore.kernel.org/bpf/a@b/", True),
        ("http://127.0.0.1:8000/bpf/a@b/", True),
        ("HTTPS://LORE.KERNEL.ORG/r/a@b", True),
        ("thread.mbox", False),
        ("http/thread.mbox", False),
        ("./https://x", False),
        ("ftp://example.org/x.mbox", False),
        ("https:x", False),
        ("", False),
    ],
)
def test_is_remote(source: str, remote: bool) -> None:
    assert is_remote(source) is remote


def test_the_user_agent_names_the_command_and_its_version() -> None:
    assert f"bpfnews/{__version__} (sphinxcontrib-bpfnews)" == USER_AGENT
    assert MAX_BYTES == 200 * 1024 * 1024


# Downloads from a server on 127.0.0.1.


def test_a_thread_is_its_mbox_as_served() -> None:
    with serving({THREAD: Answer(MBOX_GZ, headers={"Content-Type": "application/gzip"})}) as srv:
        fetched = fetch(srv.url(f"/bpf/{MSGID}/T/#u"))
    assert fetched == Fetched(f"{MSGID}.mbox.gz", MBOX_GZ)
    assert gzip.decompress(fetched.data) == MBOX
    (seen,) = srv.requests
    assert seen.path == THREAD
    assert seen.headers["User-Agent"] == USER_AGENT


def test_any_list_and_encoded_message_ids_are_asked_for_as_public_inbox_writes_them() -> None:
    routes = {
        f"/all/{MSGID}/t.mbox.gz": Answer(MBOX_GZ),
        "/all/a%2Fb+c@example.org/t.mbox.gz": Answer(MBOX_GZ),
    }
    with serving(routes) as srv:
        assert fetch(srv.url(f"/r/{MSGID}")).name == f"{MSGID}.mbox.gz"
        slashed = fetch(srv.url("/all/%3Ca%2Fb%2Bc@example.org%3E/"))
    assert slashed == Fetched("a_b+c@example.org.mbox.gz", MBOX_GZ)
    assert srv.paths == list(routes)


@pytest.mark.parametrize(
    ("message_id", "name"),
    [
        ("..@..", "@...mbox.gz"),
        ("<..@>", "@.mbox.gz"),
        ("a b\u00e9@x", "a_b_@x.mbox.gz"),
        ("x" * 200 + "@example.org", "x" * 150 + ".mbox.gz"),
    ],
)
def test_a_threads_name_is_safe_as_a_file_name(message_id: str, name: str) -> None:
    path = f"/bpf/{quote(message_id, safe='')}/t.mbox.gz"
    with serving() as srv:
        srv.routes[urlsplit(locate(srv.url(path)).url).path] = Answer(MBOX_GZ)
        assert fetch(srv.url(path)).name == name


def test_a_mailbox_served_plain_is_kept_compressed_as_its_name_says() -> None:
    with serving({THREAD: Answer(MBOX, headers={"Content-Type": "text/plain"})}) as srv:
        fetched = fetch(srv.url(f"/bpf/{MSGID}/"))
    assert fetched.name.endswith(".mbox.gz")
    assert gzip.decompress(fetched.data) == MBOX


def test_a_web_page_instead_of_a_mailbox_is_refused() -> None:
    page = Answer(b"<!DOCTYPE html><title>Sign in</title>", headers={"Content-Type": "text/html"})
    with serving({THREAD: page}) as srv:
        url = srv.url(THREAD)
        assert failure(srv.url(f"/bpf/{MSGID}/")) == f"127.0.0.1 did not send a mailbox for {url}"


@pytest.mark.parametrize(
    "path",
    ["/project/netdevbpf/list/?series=8421", "/series/8421/", "/api/series/8421/"],
)
def test_a_series_is_the_api_object_as_served(path: str) -> None:
    with serving({"/api/series/8421/": Answer(SERIES, headers=JSON)}) as srv:
        fetched = fetch(srv.url(path))
    assert fetched == Fetched("series-8421.json", SERIES)
    (seen,) = srv.requests
    assert (seen.path, seen.headers["Accept"]) == ("/api/series/8421/", "application/json")
    assert seen.headers["User-Agent"] == USER_AGENT


def test_a_patch_by_number_is_the_api_object() -> None:
    routes = {
        "/api/1.3/patches/13561/": Answer(PATCH, headers=JSON),
        "/api/patches/13561/": Answer(PATCH, headers=JSON),
    }
    with serving(routes) as srv:
        assert fetch(srv.url("/api/1.3/patches/13561/")) == Fetched("patch-13561.json", PATCH)
        assert fetch(srv.url("/project/netdevbpf/patch/13561/")) == (
            Fetched("patch-13561.json", PATCH)
        )
    assert srv.paths == list(routes)


def test_a_patch_by_message_id_is_the_first_patch_with_that_message_id() -> None:
    patch = json.loads(PATCH)
    lookup = "/api/patches/?project=netdevbpf&msgid=20240115101010.4242-2-dev%40example.org"
    answer = json.dumps([patch, {**patch, "id": 99}]).encode()
    with serving({lookup: Answer(answer, headers=JSON)}) as srv:
        fetched = fetch(srv.url("/project/netdevbpf/patch/20240115101010.4242-2-dev@example.org/"))
    assert fetched.name == "patch-13561.json"
    assert json.loads(fetched.data) == patch
    assert srv.paths == [lookup]


def test_a_message_id_patchwork_does_not_know_is_no_such_patch() -> None:
    lookup = "/api/patches/?msgid=nobody%40example.org"
    with serving({lookup: Answer(b"[]", headers=JSON)}) as srv:
        assert failure(srv.url("/api/patches/?msgid=nobody@example.org")) == (
            f"no such patch at {srv.url(lookup)}"
        )


@pytest.mark.parametrize(
    ("path", "asked"),
    [
        ("/api/1.3/covers/13560/", "/api/1.3/covers/13560/"),
        (f"/project/netdevbpf/cover/{MSGID}/", "/api/covers/?project=netdevbpf&msgid="),
    ],
)
def test_a_cover_letter_is_its_series(path: str, asked: str) -> None:
    cover = json.loads(COVER)
    version = "/1.3" if "1.3" in path else ""
    routes = {
        "/api/1.3/covers/13560/": Answer(COVER, headers=JSON),
        f"/api/covers/?project=netdevbpf&msgid={MSGID.replace('@', '%40')}": Answer(
            json.dumps([cover]).encode(), headers=JSON
        ),
        f"/api{version}/series/8421/": Answer(SERIES, headers=JSON),
    }
    with serving(routes) as srv:
        fetched = fetch(srv.url(path))
    assert fetched == Fetched("series-8421.json", SERIES)
    assert srv.paths[0].startswith(asked)
    assert srv.paths[1] == f"/api{version}/series/8421/"


def test_a_cover_letter_in_no_series_says_so() -> None:
    lonely = json.dumps({**json.loads(COVER), "series": []}).encode()
    with serving({"/api/covers/13560/": Answer(lonely, headers=JSON)}) as srv:
        assert failure(srv.url("/api/covers/13560/")) == (
            f"the cover letter at {srv.url('/api/covers/13560/')} is in no series"
        )


def test_redirects_are_followed() -> None:
    routes = {
        "/api/series/8421/": redirect("/api/1.3/series/8421/", 301),
        "/api/1.3/series/8421/": redirect("/elsewhere/series.json", 307),
        "/elsewhere/series.json": Answer(SERIES, headers=JSON),
        THREAD: redirect(f"/all/{MSGID}/t.mbox.gz", 302),
    }
    with serving(routes) as srv:
        routes[f"/all/{MSGID}/t.mbox.gz"] = redirect(srv.url("/mirror/t.mbox.gz"), 308)
        srv.routes.update(routes)
        srv.routes["/mirror/t.mbox.gz"] = Answer(MBOX_GZ)
        assert fetch(srv.url("/series/8421/")) == Fetched("series-8421.json", SERIES)
        assert fetch(srv.url(f"/bpf/{MSGID}/")) == Fetched(f"{MSGID}.mbox.gz", MBOX_GZ)
    assert srv.paths == [
        "/api/series/8421/",
        "/api/1.3/series/8421/",
        "/elsewhere/series.json",
        THREAD,
        f"/all/{MSGID}/t.mbox.gz",
        "/mirror/t.mbox.gz",
    ]
    assert {seen.headers["User-Agent"] for seen in srv.requests} == {USER_AGENT}


@pytest.mark.parametrize("location", ["ftp://127.0.0.1/t.mbox.gz", "file:///etc/passwd"])
def test_a_redirect_away_from_the_web_is_not_followed(location: str) -> None:
    with serving({THREAD: redirect(location)}) as srv:
        assert failure(srv.url(THREAD)) == (
            f"cannot follow the redirect of {srv.url(THREAD)} to {location}: "
            "not an http or https address"
        )
    assert srv.paths == [THREAD]


def test_a_redirect_without_end_says_so() -> None:
    with serving({THREAD: redirect(THREAD), "/a": redirect("/b"), "/b": redirect("/a")}) as srv:
        assert failure(srv.url(THREAD)) == (
            f"cannot follow the redirect of {srv.url(THREAD)} (HTTP 302): The HTTP server "
            "returned a redirect error that would lead to an infinite loop. The last 30x "
            "error message was: Found"
        )
        srv.routes["/api/series/1/"] = redirect("/a")
        assert failure(srv.url("/api/series/1/")).startswith(
            f"cannot follow the redirect of {srv.url('/api/series/1/')} (HTTP 302): "
        )
    assert srv.paths[:5] == [THREAD] * 5


def test_missing_things_are_named_by_what_was_asked_for() -> None:
    with serving({}) as srv:
        assert failure(srv.url(f"/bpf/{MSGID}/")) == f"no such message at {srv.url(THREAD)}"
        assert failure(srv.url("/series/1/")) == f"no such series at {srv.url('/api/series/1/')}"
        assert failure(srv.url("/patch/2/")) == f"no such patch at {srv.url('/api/patches/2/')}"
        assert failure(srv.url("/cover/3/")) == (
            f"no such cover letter at {srv.url('/api/covers/3/')}"
        )
    with serving({"/api/series/1/": Answer(b'{"detail": "Gone"}', 410, JSON)}) as srv:
        assert (
            failure(srv.url("/api/series/1/")) == f"no such series at {srv.url('/api/series/1/')}"
        )


@pytest.mark.parametrize(
    ("status", "words"),
    [(500, "Internal Server Error"), (503, "Service Unavailable"), (403, "Forbidden")],
)
def test_other_http_errors_name_the_host_and_the_status(status: int, words: str) -> None:
    with serving({THREAD: Answer(b"busy", status)}) as srv:
        assert failure(srv.url(THREAD)) == (
            f"127.0.0.1 answered HTTP {status} {words} for {srv.url(THREAD)}"
        )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b"<html><body>Patchwork</body></html>",
            "did not answer with JSON for {url}; is it a patchwork instance?",
        ),
        (b"\xff\xfe\x00garbage", "did not answer with JSON for {url}; is it a patchwork instance?"),
        (b"", "did not answer with JSON for {url}; is it a patchwork instance?"),
        (b'{"detail": "Not found."}', "did not answer with a patchwork series for {url}"),
        (b'[{"id": 8421}]', "did not answer with a patchwork series for {url}"),
        (b'{"id": "8421"}', "did not answer with a patchwork series for {url}"),
    ],
)
def test_an_answer_that_is_no_patchwork_object_is_refused(body: bytes, message: str) -> None:
    with serving({"/api/series/8421/": Answer(body)}) as srv:
        url = srv.url("/api/series/8421/")
        assert failure(srv.url("/series/8421/")) == "127.0.0.1 " + message.format(url=url)


def test_a_lookup_that_is_no_list_is_refused() -> None:
    lookup = "/api/patches/?msgid=a%40b"
    with serving({lookup: Answer(PATCH, headers=JSON)}) as srv:
        assert failure(srv.url("/api/patches/?msgid=a@b")) == (
            f"127.0.0.1 did not answer with a patchwork patch for {srv.url(lookup)}"
        )


@pytest.mark.parametrize("wait", [{"delay": 10.0}, {"stall": 10.0}])
def test_a_server_that_does_not_answer_in_time_is_left(wait: dict[str, float]) -> None:
    """Before the answer starts or in the middle of it, the timeout ends the wait."""
    with serving({THREAD: Answer(MBOX_GZ, **wait)}) as srv:  # type: ignore[arg-type]
        start = time.monotonic()
        message = failure(srv.url(THREAD), timeout=0.3)
        waited = time.monotonic() - start
    assert message == f"no answer from 127.0.0.1 within 0.3 seconds: {srv.url(THREAD)}"
    assert waited < 3


def test_a_host_that_cannot_be_reached_says_why() -> None:
    with closed_port() as port:
        assert failure(f"http://127.0.0.1:{port}/bpf/{MSGID}/", timeout=5) == (
            "cannot reach 127.0.0.1: Connection refused"
        )
        assert failure(f"http://127.0.0.1:{port}/api/series/1/", timeout=5) == (
            "cannot reach 127.0.0.1: Connection refused"
        )


def test_reasons_are_words_without_error_numbers() -> None:
    """An unknown host name (offline, or a typo) reads as the resolver's words."""
    assert _reason(socket.gaierror(-2, "Name or service not known")) == "Name or service not known"
    assert _reason(ConnectionRefusedError(111, "Connection refused")) == "Connection refused"
    assert _reason("line one\nline two") == "line one line two"
    assert _reason(OSError()) == "OSError"


def test_a_server_that_breaks_off_says_so() -> None:
    short = Answer(MBOX_GZ[:10], headers={"Content-Length": str(len(MBOX_GZ))})
    with serving({THREAD: short}) as srv:
        message = failure(srv.url(THREAD), timeout=5)
    assert message.startswith(f"127.0.0.1 broke off the answer for {srv.url(THREAD)}: ")


@pytest.mark.parametrize("length", ["declared", "undeclared"])
def test_a_download_larger_than_the_limit_is_refused(length: str) -> None:
    headers: dict[str, str | None] = {"Content-Length": None} if length == "undeclared" else {}
    with serving({THREAD: Answer(b"\x1f\x8b" + b"x" * 300_000, headers=headers)}) as srv:
        assert failure(srv.url(THREAD), max_bytes=100_000) == (
            f"{srv.url(THREAD)} is larger than 100000 bytes; save it and pass the file"
        )
        assert len(fetch(srv.url(THREAD), max_bytes=300_002).data) == 300_002


def test_the_limit_is_given_in_megabytes() -> None:
    with serving({THREAD: Answer(b"\x1f\x8b" + b"x" * (1024 * 1024))}) as srv:
        assert failure(srv.url(THREAD), max_bytes=1024 * 1024) == (
            f"{srv.url(THREAD)} is larger than 1 MB; save it and pass the file"
        )


def test_compression_for_the_transfer_is_undone_within_the_limit() -> None:
    routes = {
        "/api/series/1/": Answer(gzip.compress(SERIES), headers={"Content-Encoding": "gzip"}),
        "/api/series/2/": Answer(b"not gzip", headers={"Content-Encoding": "gzip"}),
        "/api/series/3/": Answer(
            gzip.compress(b" " * 2_000_000), headers={"Content-Encoding": "x-gzip"}
        ),
        "/api/series/4/": Answer(SERIES, headers={"Content-Encoding": "br"}),
        "/api/series/5/": Answer(zlib.compress(SERIES), headers={"Content-Encoding": "deflate"}),
    }
    with serving(routes) as srv:
        assert fetch(srv.url("/api/series/1/")) == Fetched("series-8421.json", SERIES)
        url = srv.url("/api/series/2/")
        assert failure(url) == f"127.0.0.1 sent {url} damaged (gzip)"
        url = srv.url("/api/series/3/")
        assert failure(url, max_bytes=1_000_000) == (
            f"{url} is larger than 1000000 bytes; save it and pass the file"
        )
        url = srv.url("/api/series/4/")
        assert failure(url) == f"127.0.0.1 compressed {url} as 'br', which is not read"
        assert fetch(srv.url("/api/series/5/")) == Fetched("series-8421.json", SERIES)


def test_nothing_is_written_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No cache: a download leaves no file behind, in the working folder or at home."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with serving({THREAD: Answer(MBOX_GZ), "/api/series/8421/": Answer(SERIES)}) as srv:
        fetch(srv.url(THREAD))
        fetch(srv.url("/series/8421/"))
        fetch(srv.url("/series/8421/"))
    assert list(tmp_path.iterdir()) == []
    assert srv.paths == [THREAD, "/api/series/8421/", "/api/series/8421/"]


def test_the_test_server_stops_with_its_test() -> None:
    """At once, even while an answer is waiting, and its port is closed after."""
    with socket.socket() as client:
        client.settimeout(5)
        with serving({"/": Answer(b"up", delay=30)}) as srv:
            port = srv.port
            client.connect(("127.0.0.1", port))
            client.sendall(b"GET / HTTP/1.0\r\n\r\n")
            deadline = time.monotonic() + 5
            while not srv.requests and time.monotonic() < deadline:
                time.sleep(0.01)
            assert srv.paths == ["/"]
            start = time.monotonic()
        assert time.monotonic() - start < 3
        assert client.recv(100) == b""  # closed without an answer
    with socket.socket() as sock:
        sock.settimeout(5)
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_locate_needs_no_network() -> None:
    """Recognising an address is pure: the same answer twice, and no server asked."""
    url = f"http://127.0.0.1:9/bpf/{MSGID}/"
    assert locate(url) == locate(url) == Download("thread", f"http://127.0.0.1:9{THREAD}")


# The documentation's section says what the code does.

FETCHING = (SNIPPETS / "fetching.md").read_text(encoding="utf-8")


def test_the_documented_addresses_give_what_the_page_says() -> None:
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)`", FETCHING, flags=re.MULTILINE)
    assert len(rows) == 11
    for address, download in rows:
        assert locate(address).url == download, address


def test_the_documented_limits_are_the_defaults() -> None:
    assert "at most 30 seconds" in FETCHING
    assert inspect.signature(fetch).parameters["timeout"].default == 30.0
    assert "stops at 200 MB" in FETCHING
    assert inspect.signature(fetch).parameters["max_bytes"].default == MAX_BYTES
    assert f"`{USER_AGENT.split('/')[0]}/VERSION`" in FETCHING


def test_every_documented_failure_is_a_message_fetch_gives() -> None:
    """Each message the page lists, its placeholders read as any host, address, reason,
    number or status, is one that a failure against a local server gives."""
    listed = FETCHING.split("When a download fails")[1]
    documented = re.findall(r"`([^`]+)`", listed)
    routes = {
        "/slow/x@y/t.mbox.gz": Answer(MBOX_GZ, delay=10),
        "/busy/x@y/t.mbox.gz": Answer(b"", 503),
        "/page/x@y/t.mbox.gz": Answer(b"<html></html>"),
        "/big/x@y/t.mbox.gz": Answer(MBOX_GZ),
        "/api/series/1/": Answer(b"<html></html>"),
    }
    with serving(routes) as srv, closed_port() as port:
        given = [
            failure(f"http://127.0.0.1:{port}/bpf/x@y/", timeout=5),
            failure(srv.url("/slow/x@y/"), timeout=0.3),
            failure(srv.url("/bpf/x@y/")),
            failure(srv.url("/series/2/")),
            failure(srv.url("/patch/2/")),
            failure(srv.url("/busy/x@y/")),
            failure(srv.url("/series/1/")),
            failure(srv.url("/page/x@y/")),
            failure(srv.url("/big/x@y/"), max_bytes=100),
            failure("https://example.org/"),
        ]
    placeholders = {
        "HOST": r"[\w.-]+",
        "URL": r"\S+",
        "REASON": r".+",
        "30": r"[\d.]+",
        "200 MB": r"\d+ \w+",
        "503 Service Unavailable": r"\d{3} [\w ]+",
    }
    for message in documented:
        pattern = re.escape(message)
        for placeholder, meaning in placeholders.items():
            pattern = pattern.replace(re.escape(placeholder), meaning)
        assert any(re.fullmatch(pattern, text) for text in given), message
    assert len(documented) == 9
