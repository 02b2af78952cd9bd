"""Link hygiene and duplicates: each a ``bpfnews.link`` or ``bpfnews.duplicate``
warning at its line, in both markups, on fresh, incremental and parallel builds."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from sphinxcontrib_bpfnews.extension.domain import domain_of

from .commands import sphinx_build
from .conftest import BASE_CONF, warnings_of
from .markup import MARKUPS, directive, file_name, page
from .test_warnings import parse_warnings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]


#: Feeds need the site's address; without it the build warns about that too.
SITE = 'html_baseurl = "https://news.example.org/"\n'


def issue_page(markup: str, title: str, date: str, *blocks: str) -> str:
    """An issue: its date in the front matter (MyST) or the page's first field list."""
    front = f"---\ndate: {date}\n---\n\n" if markup == "myst" else f":date: {date}\n\n"
    return front + page(markup, title, *blocks)


def link(markup: str, text: str, url: str) -> str:
    return f"[{text}]({url})" if markup == "myst" else f"`{text} <{url}>`__"


def line_of(text: str, marker: str) -> int:
    """The line (from 1) of the first line of ``text`` holding ``marker``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def hygiene_page(markup: str) -> str:
    def a(text: str, url: str) -> str:
        return link(markup, text, url)

    highlight = "highlight" if markup == "myst" else "bpfnews:highlight"
    return issue_page(
        markup,
        "One",
        "2026-01-05",
        f"Tracked: {a('an article', 'https://lwn.net/Articles/1/?utm_source=rss&id=2')}.\n",
        f"Plain: {a('lore', 'http://lore.kernel.org/bpf/x@y/')} and "
        f"{a('short', 'https://bit.ly/abc')}.\n",
        f"Archived: {a('on spinics', 'https://www.spinics.net/lists/bpf/msg1.html')}.\n",
        f"Fine: {a('ebpf.io', 'https://ebpf.io/')}, {a('mail', 'mailto:bpf@vger.kernel.org')}.\n",
        directive(
            markup,
            "patch-series",
            "[PATCH v2 bpf-next 0/2] bpf: add frob",
            [("url", "http://patchwork.kernel.org/project/netdevbpf/cover/1/")],
            "- [PATCH v2 1/2] bpf: one <https://lore.kernel.org/bpf/c@b/?utm_source=x>\n"
            "- [PATCH v2 2/2] bpf: two <https://t.co/abc>\n"
            "\n"
            f"Notes: {a('the video', 'https://youtu.be/x?si=abc')}.",
        ),
        directive(
            markup,
            "talk",
            "Frob explained",
            [("url", "https://www.youtube.com/watch?v=1&si=2")],
            f"- One point.\n- Slides {a('archived', 'https://marc.info/?l=linux-kernel&m=1')}.",
        ),
        directive(markup, highlight, body=f"- A {a('highlight', 'https://e.org/?fbclid=1')}."),
    )


#: (marker of the line, what is wrong), in the order of the page.
HYGIENE = [
    ("Tracked:", "'https://lwn.net/Articles/1/?id=2'"),
    ("Plain:", "use 'https://lore.kernel.org/bpf/x@y/'"),
    ("Plain:", "is shortened by bit.ly"),
    ("Archived:", "find the message on https://lore.kernel.org/bpf/"),
    ("bpf: add frob", "use 'https://patchwork.kernel.org/project/netdevbpf/cover/1/'"),
    ("bpf: one", "use 'https://lore.kernel.org/bpf/c@b/'"),
    ("bpf: two", "is shortened by t.co"),
    ("Notes:", "use 'https://youtu.be/x'"),
    ("Frob explained", "use 'https://www.youtube.com/watch?v=1'"),
    ("- Slides", "find the message on https://lore.kernel.org/lkml/"),
    ("- A ", "use 'https://e.org/'"),
]


def located(app: SphinxTestApp, subtype: str) -> list[tuple[str, int, str]]:
    """(file, line, message) of the build's warnings of ``bpfnews.<subtype>``."""
    found = []
    for line in warnings_of(app).splitlines():
        match = re.match(rf"(.*?):(\d+): WARNING: (.*) \[bpfnews\.{subtype}\]$", line)
        if match:
            found.append((match[1].rsplit("/", 1)[-1], int(match[2]), match[3]))
    return found


@pytest.mark.parametrize("markup", MARKUPS)
def test_each_link_problem_is_a_warning_at_its_line_with_the_fix(build: Build, markup: str) -> None:
    text = hygiene_page(markup)
    name = file_name(markup, "one")
    app = build({f"issues/{name}": text, file_name(markup): page(markup, "Home")}, conf=SITE)
    found = located(app, "link")
    # Each expected problem once, at its line, with its fix (the directives report
    # theirs while the page is read, the text's links after).
    assert {file for file, _, _ in found} == {name}
    fixes = [fix for _, fix in HYGIENE]
    assert sorted(
        (line, next(fix for fix in fixes if fix in message)) for _, line, message in found
    ) == sorted((line_of(text, marker), fix) for marker, fix in HYGIENE)
    # Nothing else is wrong with the page.
    assert parse_warnings(warnings_of(app)) == [(name, n, "bpfnews.link") for _, n, _ in found]


@pytest.mark.parametrize("markup", MARKUPS)
def test_links_of_other_pages_are_checked_inside_components_only(build: Build, markup: str) -> None:
    text = page(
        markup,
        "About",
        f"Tracked prose: {link(markup, 'x', 'https://e.org/?utm_source=a')}.\n",
        directive(markup, "talk", "A talk", [("url", "https://e.org/t?gclid=1")]),
    )
    app = build({file_name(markup): text}, conf=SITE)
    assert [(line, message.split(":")[0]) for _, line, message in located(app, "link")] == [
        (line_of(text, "A talk"), "link 'https")
    ]


@pytest.mark.parametrize("markup", MARKUPS)
def test_clean_links_removes_tracking_from_every_output_and_the_records(
    build: Build, markup: str
) -> None:
    text = hygiene_page(markup)
    # In the toctree, so the PDF holds the issue.
    home = page(markup, "Home", directive(markup, "toctree", body="issues/one"))
    files = {f"issues/{file_name(markup, 'one')}": text, file_name(markup): home}
    conf = 'bpfnews_clean_links = True\nhtml_baseurl = "https://news.example.org/"\n'
    html = build(files, conf=conf)
    # Quiet about what it removed, still loud about what an editor must decide.
    messages = [message for _, _, message in located(html, "link")]
    assert not [m for m in messages if "tracking" in m]
    assert len(messages) == len([fix for _, fix in HYGIENE if "use 'http" not in fix]) + 1
    tracking = re.compile(r"utm_|fbclid|[?&]si=")
    out = html.outdir
    assert not tracking.search((out / "issues" / "one.html").read_text(encoding="utf-8"))
    assert "https://lwn.net/Articles/1/?id=2" in (out / "issues" / "one.html").read_text(
        encoding="utf-8"
    )
    export = (out / "bpfnews.json").read_text(encoding="utf-8")
    assert not tracking.search(export)
    (series,) = json.loads(export)["issues"][0]["series"]
    assert series["patches"][0]["url"] == "https://lore.kernel.org/bpf/c@b/"
    records = domain_of(html.env)
    assert records.talks_of("issues/one")[0]["url"] == "https://www.youtube.com/watch?v=1"
    for builder, output in (("latex", "*.tex"), ("text", "issues/one.txt")):
        app = build(files, builder, conf=conf)
        (written,) = app.outdir.glob(output)
        assert not tracking.search(written.read_text(encoding="utf-8")), builder
        assert "https://www.youtube.com/watch?v=1" in written.read_text(encoding="utf-8")


def test_clean_links_cleans_the_text_of_a_link_that_is_its_address(build: Build) -> None:
    url = "https://e.org/a?utm_source=x&b=1"
    text = issue_page(
        "myst",
        "One",
        "2026-01-05",
        directive("myst", "talk", "T", body=f"See <{url}>."),
    )
    app = build(
        {"issues/one.md": text, "index.md": page("myst", "Home")},
        conf="bpfnews_clean_links = True\n" + SITE,
    )
    assert warnings_of(app) == ""
    assert domain_of(app.env).talks_of("issues/one")[0]["description"] == (
        "See https://e.org/a?b=1."
    )
    html = (app.outdir / "issues" / "one.html").read_text(encoding="utf-8")
    assert "utm_source" not in html
    assert 'href="https://e.org/a?b=1">https://e.org/a?b=1</a>' in html


LORE = "https://lore.kernel.org/bpf/{}"


def first_issue(markup: str) -> str:
    return issue_page(
        markup,
        "One",
        "2026-01-05",
        directive(
            markup,
            "patch-series",
            "[PATCH v2 bpf-next 0/2] bpf: add frob",
            [("url", LORE.format("a@b/T/#u"))],
            f"- [PATCH v2 1/2] bpf: one <{LORE.format('c@b/')}>\n"
            f"- [PATCH v2 2/2] bpf: two <{LORE.format('d@b/')}>",
        ),
        directive(
            markup,
            "patch-series",
            "[PATCH bpf] bpf: fix the thing",
            [("url", "https://lore.kernel.org/r/c@b"), ("change-id", "20260101-thing-1")],
        ),
        directive(
            markup,
            "talk",
            "Patch talk",
            [("url", "https://patchwork.kernel.org/project/netdevbpf/patch/9/")],
        ),
        directive(
            markup, "talk", "Same patch", [("url", "https://patchwork.kernel.org/patch/9/mbox/")]
        ),
        directive(markup, "patch-series", "[PATCH v2 bpf-next 0/2] bpf: Add  Frob"),
    )


def second_issue(markup: str) -> str:
    return issue_page(
        markup,
        "Two",
        "2026-01-12",
        directive(markup, "patch-series", "[PATCH v2 bpf-next 0/2] bpf: add frob"),
        directive(markup, "patch-series", "[PATCH v3 bpf-next 0/2] bpf: add frob"),
        directive(
            markup,
            "patch-series",
            "[PATCH bpf] bpf: renamed thing",
            [("change-id", "20260101-thing-1")],
        ),
        directive(markup, "patch-series", options=[("url", LORE.format("a@b/"))], body="Again."),
    )


def expected_duplicates(markup: str) -> list[tuple[str, int, str]]:
    one, two = first_issue(markup), second_issue(markup)
    first, second = file_name(markup, "one"), file_name(markup, "two")
    return [
        # In the first issue: a series listed twice, then addresses.
        (first, line_of(one, "Add  Frob"), "is already listed on line "),
        (first, line_of(one, "fix the thing"), "which opens the same message"),
        (first, line_of(one, "Same patch"), "which opens the same patch"),
        # In the second: what the first covered, named.
        (second, line_of(two, "0/2] bpf: add frob"), "in the issue 'One' (issues/" + first),
        (second, line_of(two, "renamed thing"), f"{first}, line {line_of(one, 'fix the')})"),
    ]


def assert_duplicates(warnings: str, markup: str) -> None:
    found = []
    for line in warnings.splitlines():
        match = re.match(r"(.*?):(\d+): WARNING: (.*) \[bpfnews\.duplicate\]$", line)
        if match:
            found.append((match[1].rsplit("/", 1)[-1], int(match[2]), match[3]))
    expected = expected_duplicates(markup)
    assert [(file, line) for file, line, _ in found] == [(f, n) for f, n, _ in expected]
    for (_, _, message), (_, _, part) in zip(found, expected, strict=True):
        assert part in message


@pytest.mark.parametrize("markup", MARKUPS)
def test_duplicates_in_an_issue_and_across_issues(build: Build, markup: str) -> None:
    app = build(
        {
            f"issues/{file_name(markup, 'one')}": first_issue(markup),
            f"issues/{file_name(markup, 'two')}": second_issue(markup),
            file_name(markup): page(markup, "Home"),
        },
        conf=SITE,
    )
    assert_duplicates(warnings_of(app), markup)
    assert "bpfnews.link" not in warnings_of(app)


@pytest.mark.parametrize("markup", MARKUPS)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_duplicates_are_reported_on_every_build(tmp_path: Path, markup: str, jobs: str) -> None:
    """Rebuilt without -E after another page changed, neither page of a duplicate
    read again: still reported, as a fresh build does, with -j 2 too."""
    source, out = tmp_path / "src", tmp_path / "out"
    (source / "issues").mkdir(parents=True)
    (source / "conf.py").write_text(BASE_CONF + SITE, encoding="utf-8")
    (source / file_name(markup)).write_text(page(markup, "Home"), encoding="utf-8")
    (source / "issues" / file_name(markup, "one")).write_text(first_issue(markup), "utf-8")
    (source / "issues" / file_name(markup, "two")).write_text(second_issue(markup), "utf-8")
    third = source / "issues" / file_name(markup, "three")
    third.write_text(issue_page(markup, "Three", "2026-01-19", "Three.\n"), encoding="utf-8")
    fresh = sphinx_build("-j", jobs, "-b", "html", source, out)
    assert fresh.returncode == 0, fresh.stderr
    assert_duplicates(fresh.stderr, markup)
    third.write_text(issue_page(markup, "Three", "2026-01-19", "Changed.\n"), encoding="utf-8")
    again = sphinx_build("-j", jobs, "-b", "html", source, out)
    assert "1 changed" in again.stdout
    assert_duplicates(again.stderr, markup)
    assert again.stderr == fresh.stderr


def test_a_clean_links_value_that_is_not_a_truth_value_warns(build: Build) -> None:
    text = issue_page("myst", "One", "2026-01-05", "See <https://e.org/?utm_source=x>.\n")
    app = build(
        {"issues/one.md": text, "index.md": page("myst", "Home")},
        conf='bpfnews_clean_links = "yes"\n' + SITE,
    )
    assert app.config.bpfnews_clean_links is False
    assert warnings_of(app).count("[bpfnews.config]") == 1
    assert "bpfnews_clean_links = 'yes' cannot be used: it must be True or False" in (
        warnings_of(app)
    )
    # The default is used: reported, not removed.
    assert [line for _, line, _ in located(app, "link")] == [7]
