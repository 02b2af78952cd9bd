"""Link hygiene: tracking parameters, http for HTTPS sites, shorteners, archives."""

from __future__ import annotations

import pytest

from sphinxcontrib_bpfnews.core.link_checks import (
    check_link,
    is_external,
    lore_address,
    without_tracking,
)

MSGID = "20260323041505.2088-1-user@example.com"


@pytest.mark.parametrize(
    ("url", "cleaned", "removed"),
    [
        (
            "https://lwn.net/Articles/1/?utm_source=rss&utm_medium=feed",
            "https://lwn.net/Articles/1/",
            ["utm_source", "utm_medium"],
        ),
        ("https://e.org/a?id=3&fbclid=XYZ#top", "https://e.org/a?id=3#top", ["fbclid"]),
        ("https://e.org/a?gclid=1&id=3", "https://e.org/a?id=3", ["gclid"]),
        ("https://e.org/a?UTM_Campaign=x&q=a%20b", "https://e.org/a?q=a%20b", ["UTM_Campaign"]),
        (
            "https://e.org/?mc_cid=1&mc_eid=2&igshid=3&_hsenc=4&_hsmi=5&yclid=6&msclkid=7&dclid=8",
            "https://e.org/",
            ["mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi", "yclid", "msclkid", "dclid"],
        ),
        ("https://youtu.be/abc?si=XyZ", "https://youtu.be/abc", ["si"]),
        (
            "https://www.youtube.com/watch?v=abc&si=XyZ&t=42",
            "https://www.youtube.com/watch?v=abc&t=42",
            ["si"],
        ),
        # Only YouTube's (and Spotify's) si tracks; elsewhere it is the site's own.
        ("https://e.org/search?si=1", "https://e.org/search?si=1", []),
        ("https://e.org/a?utmost=1&source=2", "https://e.org/a?utmost=1&source=2", []),
        ("https://e.org/a", "https://e.org/a", []),
    ],
)
def test_tracking_parameters_are_removed_alone(url: str, cleaned: str, removed: list[str]) -> None:
    assert without_tracking(url) == (cleaned, removed)


def kinds(url: str) -> list[str]:
    return [problem.kind for problem in check_link(url)]


@pytest.mark.parametrize(
    "url",
    [
        "http://lore.kernel.org/bpf/a@b/",
        "http://patchwork.kernel.org/project/netdevbpf/patch/1/",
        "http://patchwork.ozlabs.org/project/netdev/patch/1/",
        "http://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf-next.git/commit/?id=abc1234",
        "http://www.kernel.org/",
        "http://www.youtube.com/watch?v=abc",
        "http://youtu.be/abc",
        "http://github.com/libbpf/libbpf",
        "HTTP://GitHub.com/libbpf/libbpf",
    ],
)
def test_http_for_a_site_that_serves_https(url: str) -> None:
    (problem,) = check_link(url)
    assert problem.kind == "http"
    assert problem.fixed == "https" + url[4:]
    assert repr(problem.fixed) in problem.message


@pytest.mark.parametrize(
    "url", ["http://example.org/", "https://lore.kernel.org/bpf/", "http://127.0.0.1:8000/"]
)
def test_http_elsewhere_is_left_alone(url: str) -> None:
    assert check_link(url) == []


@pytest.mark.parametrize(
    "url", ["https://bit.ly/3abc", "https://t.co/xyz", "http://goo.gl/x", "https://tinyurl.com/y"]
)
def test_shorteners(url: str) -> None:
    assert kinds(url) == ["shortener"]
    assert check_link(url)[0].fixed == ""


@pytest.mark.parametrize(
    ("url", "lore"),
    [
        ("https://www.spinics.net/lists/bpf/msg12345.html", "https://lore.kernel.org/bpf/"),
        ("https://www.spinics.net/lists/kernel/msg1.html", "https://lore.kernel.org/lkml/"),
        ("https://lkml.org/lkml/2024/1/2/345", "https://lore.kernel.org/lkml/"),
        (
            "https://www.mail-archive.com/netdev@vger.kernel.org/msg1.html",
            "https://lore.kernel.org/netdev/",
        ),
        ("https://marc.info/?l=linux-kernel&m=1234&w=2", "https://lore.kernel.org/lkml/"),
        (f"https://marc.info/?i=<{MSGID}>", f"https://lore.kernel.org/r/{MSGID}"),
        (f"https://mid.mail-archive.com/{MSGID}", f"https://lore.kernel.org/r/{MSGID}"),
        ("https://lists.openwall.net/netdev/2024/01/02/3", "https://lore.kernel.org/netdev/"),
    ],
)
def test_archive_copies_of_what_lore_keeps(url: str, lore: str) -> None:
    assert lore_address(url) == lore
    (problem,) = check_link(url)
    assert (problem.kind, problem.fixed) == ("archive", lore)
    assert lore in problem.message


@pytest.mark.parametrize(
    "url",
    [
        "https://www.spinics.net/lists/linux-unknown-list/msg1.html",
        "https://www.mail-archive.com/users@example.org/msg1.html",
        "https://lists.openwall.net/oss-security/2024/01/02/3",
        "https://marc.info/?l=openbsd-misc&m=1",
        "https://lore.kernel.org/bpf/a@b/",
        "https://lists.example.org/pipermail/dev/2024/1.html",
    ],
)
def test_archives_of_other_lists_are_left_alone(url: str) -> None:
    assert check_link(url) == []


def test_every_problem_of_one_address_is_reported_once() -> None:
    url = "http://www.youtube.com/watch?v=a&utm_source=x&si=y"
    assert kinds(url) == ["tracking", "http"]
    tracking = check_link(url)[0]
    assert tracking.fixed == "http://www.youtube.com/watch?v=a"
    assert "utm_source, si" in tracking.message
    assert "bpfnews_clean_links" in tracking.message
    assert kinds("http://bit.ly/x?utm_source=y") == ["tracking", "shortener"]


@pytest.mark.parametrize(
    "url",
    [
        "notes/week-1.html?utm_source=x",
        "#section",
        "mailto:a@b?utm_source=x",
        "/abs/path?fbclid=1",
        "http://[::1",
        "",
        "ftp://bit.ly/x",
    ],
)
def test_relative_and_other_addresses_are_not_checked(url: str) -> None:
    assert not is_external(url)
    assert check_link(url) == []
