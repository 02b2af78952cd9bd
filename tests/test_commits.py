"""Commit citations: ``{commit}`HASH ("subject")``` read, checked and shown in every
output, in both markups; the address it links to, and the other ``commit`` role."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from sphinxcontrib_bpfnews.core.commits import (
    DEFAULT_COMMIT_URL,
    Citation,
    commit_url,
    kernel_commit,
    parse_citation,
)

from .conftest import warnings_of
from .markup import MARKUPS, file_name, page, role
from .test_warnings import parse_warnings

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

SHA = "7a12b5031c6b"
SUBJECT = "bpf: fix the thing"
URL = f"https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/commit/?id={SHA}"


@pytest.mark.parametrize(
    ("text", "sha", "subject", "rest", "linked", "problems"),
    [
        (SHA, SHA, "", "", True, 0),
        (f'{SHA} ("{SUBJECT}")', SHA, SUBJECT, "", True, 0),
        # Without quotes, typographic quotes, spread over lines: the same citation.
        (f"{SHA} ({SUBJECT})", SHA, SUBJECT, "", True, 0),
        (f"{SHA} (\u201c{SUBJECT}\u201d)", SHA, SUBJECT, "", True, 0),
        (f'  {SHA}\n   ("bpf:  fix\n the thing")  ', SHA, SUBJECT, "", True, 0),
        # A revert's subject quotes the reverted one.
        (f'{SHA} ("Revert "{SUBJECT}"")', SHA, f'Revert "{SUBJECT}"', "", True, 0),
        ("7A12B5031C6B", "7A12B5031C6B", "", "", True, 0),
        ("a" * 40, "a" * 40, "", "", True, 0),
        # Short: linked with a warning; too short for git or too long: no link.
        ("7a12b50", "7a12b50", "", "", True, 1),
        ("7a1", "7a1", "", "", False, 1),
        ("a" * 41, "a" * 41, "", "", False, 1),
        ("v6.1-rc1", "v6.1-rc1", "", "", False, 1),
        (f'g{SHA} ("{SUBJECT}")', f"g{SHA}", SUBJECT, "", False, 1),
        (f"{SHA} fixes it", SHA, "", "fixes it", True, 1),
        ('7a12 bpf: "x"', "7a12", "", 'bpf: "x"', True, 2),
        ("", "", "", "", False, 1),
        ("   ", "", "", "", False, 1),
    ],
)
def test_citations_are_read_the_kernels_way(
    text: str, sha: str, subject: str, rest: str, linked: bool, problems: int
) -> None:
    citation = parse_citation(text)
    assert (citation.sha, citation.subject, citation.rest) == (sha, subject, rest)
    assert (citation.linked, len(citation.problems)) == (linked, problems)
    # Nothing written is lost: the shown text holds every word.
    assert all(word.strip('()"\u201c\u201d') in citation.text for word in text.split())


def test_problems_say_what_is_shown() -> None:
    assert parse_citation("7a12b50").problems == (
        "commit hash '7a12b50' has 7 characters: the kernel cites commits by at least "
        "12, so that the hash stays unique; linked as written",
    )
    assert parse_citation("v6.1").problems == (
        "'v6.1' is not a commit hash (hexadecimal digits only); shown as written, without a link",
    )
    assert parse_citation("abc").problems[0].endswith("shown without a link")
    assert parse_citation("a" * 41).problems[0].endswith("shown without a link")
    assert parse_citation(f"{SHA} see").problems[0].endswith("shown as written")


def test_citation_text_and_address() -> None:
    assert Citation(SHA, SUBJECT).text == f'{SHA} ("{SUBJECT}")'
    assert Citation(SHA).text == SHA
    assert commit_url(DEFAULT_COMMIT_URL, "7A12B5031C6B") == URL
    # Only {sha} is replaced: other braces stay as they are.
    assert commit_url("https://e.org/{x}/{sha}", SHA) == f"https://e.org/{{x}}/{SHA}"


@pytest.mark.parametrize(
    ("url", "sha"),
    [
        (f"https://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git/commit/?id={SHA}", SHA),
        (
            f"https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/commit/?h=linux-6.1.y&id={SHA}",
            SHA,
        ),
        (f"https://git.kernel.org/cgit/linux/kernel/git/torvalds/linux.git/commit/?id={SHA}", SHA),
        (f"https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/{SHA}", SHA),
        (f"https://git.kernel.org/bpf/bpf-next/c/{SHA}", SHA),
        (f"https://git.kernel.org/torvalds/c/{SHA}", SHA),
        (f"https://www.git.kernel.org/torvalds/c/{SHA}", SHA),
        # Other projects on git.kernel.org, other hosts, no commit.
        (f"https://git.kernel.org/pub/scm/devel/pahole/pahole.git/commit/?id={SHA}", ""),
        (f"https://github.com/torvalds/linux/commit/{SHA}", ""),
        (f"https://git.example.org/torvalds/c/{SHA}", ""),
        ("https://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git/commit/?id=HEAD", ""),
        ("https://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git/tree/", ""),
        ("http://[::1", ""),
    ],
)
def test_kernel_commits_are_found_by_their_address(url: str, sha: str) -> None:
    assert kernel_commit(url) == sha


def citations_page(markup: str, name: str = "commit") -> str:
    cited = role(markup, name, f'{SHA} ("{SUBJECT}")')
    return page(
        markup,
        "Issue",
        f"Fixed by commit {cited}.\n",
        f"See {role(markup, name, SHA)} too.\n",
    )


@pytest.mark.parametrize("name", ["commit", "bpfnews:commit"])
@pytest.mark.parametrize("markup", MARKUPS)
def test_html_links_the_hash_in_code_and_quotes_the_subject(
    build: Build, markup: str, name: str
) -> None:
    app = build({file_name(markup): citations_page(markup, name)})
    assert warnings_of(app) == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    first, second = soup.select("span.bpfnews-commit")
    link = first.find("a")
    assert link["href"] == URL
    assert link.find("code").get_text() == SHA
    # Straight quotes, as the kernel writes them: no smart quotes.
    assert first.get_text() == f'{SHA} ("{SUBJECT}")'
    assert second.get_text() == SHA and second.find("a")["href"] == URL
    assert first.parent.get_text() == f'Fixed by commit {SHA} ("{SUBJECT}").'


@pytest.mark.parametrize("markup", MARKUPS)
def test_latex_sets_the_hash_in_code_inside_the_link(build: Build, markup: str) -> None:
    app = build({file_name(markup): citations_page(markup)}, "latex")
    assert warnings_of(app) == ""
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    linked = rf"\sphinxhref{{{URL}}}{{\sphinxcode{{\sphinxupquote{{{SHA}}}}}}}"
    assert f'{linked} ("{SUBJECT}")' in tex
    assert tex.count(linked) == 2


@pytest.mark.parametrize("builder", ["text", "man", "texinfo"])
@pytest.mark.parametrize("markup", MARKUPS)
def test_plain_outputs_write_the_citation_as_the_kernel_does(
    build: Build, markup: str, builder: str
) -> None:
    app = build({file_name(markup): citations_page(markup)}, builder)
    assert warnings_of(app) == ""
    (output,) = (path for path in app.outdir.iterdir() if path.suffix in (".txt", ".1", ".texi"))
    text = " ".join(output.read_text(encoding="utf-8").split())
    if builder == "text":
        assert f'Fixed by commit {SHA} ("{SUBJECT}").' in text
        assert f"See {SHA} too." in text
    elif builder == "man":
        # man pages carry a link's address in escapes of their own: after its text
        # (``\\%<URL>`` with ``\\:`` break points, Sphinx 9) or around it
        # (``\\X'tty: link URL'``, Sphinx 8).
        unbroken = text.replace("\\:", "")
        assert (
            f"Fixed by commit {SHA} \\%<{URL}>" in unbroken
            or f"Fixed by commit \\X'tty: link {URL}'\\fI\\%{SHA}\\fP" in unbroken
        )
        assert f"(\\(dq{SUBJECT}\\(dq)" in text
    else:
        assert f'Fixed by commit {SHA}@footnote{{{URL}}} ("{SUBJECT}")' in text
    assert f'"{SHA}"' not in text and f"@code{{{SHA}" not in text and f"\\fB{SHA}" not in text


PROBLEMS = {
    "myst": [
        "# Issue",
        "",
        "{commit}`7a12b50`",
        "",
        "{commit}`v6.1-rc1`",
        "",
        '- {bpfnews:commit}`7a12b5031c6b fixes ("it")`',
        "",
        "```{patch-series} [PATCH bpf] bpf: fix",
        ":url: https://lore.kernel.org/bpf/a@b/",
        "",
        "Fixes {commit}`abc`.",
        "```",
    ],
    "rst": [
        "Issue",
        "=====",
        "",
        ":commit:`7a12b50`",
        "",
        ":commit:`v6.1-rc1`",
        "",
        '- :bpfnews:commit:`7a12b5031c6b fixes ("it")`',
        "",
        ".. patch-series:: [PATCH bpf] bpf: fix",
        "   :url: https://lore.kernel.org/bpf/a@b/",
        "",
        "   Fixes :commit:`abc`.",
    ],
}


@pytest.mark.parametrize("markup", MARKUPS)
def test_each_problem_is_a_commit_warning_at_its_line_and_the_text_stays(
    build: Build, markup: str
) -> None:
    lines = PROBLEMS[markup]
    name = file_name(markup)
    app = build({name: "\n".join(lines) + "\n"})
    found = parse_warnings(warnings_of(app))
    at = [n for n, line in enumerate(lines, 1) if "commit" in line and "`" in line]
    assert sorted(found) == [(name, line, "bpfnews.commit") for line in at], found
    assert "shown without a link" in warnings_of(app)
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = [span.get_text() for span in soup.select("span.bpfnews-commit")]
    assert shown == ["7a12b50", "v6.1-rc1", '7a12b5031c6b fixes ("it")', "abc"]
    linked = [bool(span.find("a")) for span in soup.select("span.bpfnews-commit")]
    assert linked == [True, False, True, False]


def test_the_commit_address_is_a_setting(build: Build) -> None:
    app = build(
        {"index.md": citations_page("myst")},
        conf='bpfnews_commit_url = "https://git.example.org/linux/commit/{sha}"\n',
    )
    assert warnings_of(app) == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert f'href="https://git.example.org/linux/commit/{SHA}"' in html


def test_an_address_without_the_hash_is_refused(build: Build) -> None:
    app = build(
        {"index.md": citations_page("myst")},
        conf='bpfnews_commit_url = "https://git.example.org/linux/commit/"\n',
    )
    (warning,) = warnings_of(app).splitlines()
    assert "bpfnews_commit_url = 'https://git.example.org/linux/commit/' cannot be used" in warning
    assert "{sha}" in warning and warning.endswith("[bpfnews.config]")
    assert f'href="{URL}"' in (app.outdir / "index.html").read_text(encoding="utf-8")


#: An extension with a ``commit`` role of its own, registered as sphinx-issues does.
OTHER_COMMIT_ROLE = """\
from docutils import nodes


def commit_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    return [nodes.emphasis(text, "other:" + text)], []


def setup(app):
    app.add_role("commit", commit_role)
    return {"parallel_read_safe": True}
"""


@pytest.mark.parametrize("first", [True, False], ids=["other first", "other last"])
def test_another_commit_role_keeps_its_name_and_the_prefix_still_works(
    build: Build, first: bool
) -> None:
    """With another extension's ``commit`` role loaded, before or after this one,
    ``{commit}`` is that role, ``{bpfnews:commit}`` this one, and nothing warns."""
    order = '["other_commit", *extensions]' if first else '[*extensions, "other_commit"]'
    app = build(
        {
            "other_commit.py": OTHER_COMMIT_ROLE,
            "index.md": "# Issue\n\n{commit}`abc` and {bpfnews:commit}" + f"`{SHA}`\n",
        },
        conf=f"import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        f"extensions = {order}\n",
    )
    assert warnings_of(app) == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("em").get_text() == "other:abc"
    (ours,) = soup.select("span.bpfnews-commit")
    assert ours.find("a")["href"] == URL
