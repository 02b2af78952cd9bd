"""Drafts and scheduled issues: built as pages with a Draft badge, listed nowhere
(archive, tag and year pages, indexes, feeds, export, recent issues, previous/next,
the PDF) unless ``bpfnews_show_drafts``; links into them warned about on every build."""

from __future__ import annotations

import datetime
import json
import re
from typing import TYPE_CHECKING

import feedparser
import pytest
from bs4 import BeautifulSoup

from sphinxcontrib_bpfnews.core.frontmatter import read_issue
from sphinxcontrib_bpfnews.core.publication import build_day, is_published, is_scheduled

from .conftest import BASE_CONF, built, warnings_of
from .markup import MARKUPS, directive, file_name, page, role
from .test_site import SITE_CONF

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

CONF = SITE_CONF + 'latex_documents = [("index", "news.tex", "News", "Me", "manual")]\n'


def epoch(day: str) -> str:
    """``SOURCE_DATE_EPOCH`` for noon (UTC) of ``day``."""
    moment = datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00")
    return str(int(moment.timestamp()))


# -- the rules, without Sphinx ----------------------------------------------------


def test_build_day_is_utc_and_source_date_epoch_wins() -> None:
    late = datetime.datetime(
        2017, 9, 20, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
    )
    assert build_day({}, late) == "2017-09-21"
    assert build_day({"SOURCE_DATE_EPOCH": epoch("2017-09-25")}, late) == "2017-09-25"
    assert build_day({"SOURCE_DATE_EPOCH": "soon"}, late) == "2017-09-21"
    assert build_day({}) == datetime.datetime.now(tz=datetime.UTC).date().isoformat()


def test_published_means_no_draft_and_no_later_date() -> None:
    issue = read_issue("issues/a", {"date": "2017-09-20T23:00:00Z"}, "A")
    assert is_published(issue, "2017-09-20") and not is_scheduled(issue, "2017-09-20")
    assert not is_published(issue, "2017-09-19") and is_scheduled(issue, "2017-09-19")
    assert not is_published(issue | {"draft": True}, "2018-01-01")
    undated = read_issue("issues/b", {}, "B")
    assert is_published(undated, "2017-09-19")


# -- a newsletter with a draft and a scheduled issue --------------------------------

TODAY = "2017-09-20"


def front(markup: str, **fields: str) -> str:
    if markup == "myst":
        return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n\n"
    return "".join(f":{k}: {v}\n" for k, v in fields.items()) + "\n"


def label(markup: str, name: str) -> str:
    return f"({name})=\n" if markup == "myst" else f".. _{name}:\n\n"


def series(markup: str, subject: str, author: str, name: str = "") -> str:
    options = [("author", author)] + ([("name", name)] if name else [])
    return directive(markup, "patch-series", subject, options)


def issue_files(markup: str) -> dict[str, str]:
    """One and three published, two a draft, four dated after :data:`TODAY`."""
    tags = (lambda *t: f"[{', '.join(t)}]") if markup == "myst" else (lambda *t: ", ".join(t))
    return {
        file_name(markup, "issues/one"): front(
            markup, date="2017-09-04", issue="1", tags=tags("bpf")
        )
        + page(markup, "News One", series(markup, "[PATCH bpf] bpf: one", "Alice")),
        file_name(markup, "issues/two"): front(
            markup, date="2017-09-11", issue="2", draft="true", tags=tags("bpf", "secret")
        )
        + label(markup, "draft-label")
        + page(
            markup,
            "News Two",
            series(markup, "[PATCH bpf] bpf: secret", "Bob", "secret-series"),
            # A draft linking to another unpublished issue: no warning.
            role(markup, "doc", "four") + "\n",
        ),
        file_name(markup, "issues/three"): front(
            markup, date="2017-09-18", issue="3", tags=tags("bpf")
        )
        + page(markup, "News Three", "See " + role(markup, "doc", "two") + ".\n"),
        file_name(markup, "issues/four"): front(
            markup, date="2017-09-25", issue="4", tags=tags("future")
        )
        + page(
            markup,
            "News Four",
            directive(
                markup, "talk", "Future talk", [("speakers", "Carol"), ("name", "future-talk")]
            ),
        ),
    }


def links_page(markup: str) -> str:
    head = front(markup, orphan="true") if markup == "myst" else ":orphan:\n\n"
    return head + page(
        markup,
        "Links",
        role(markup, "doc", "issues/two") + "\n",
        role(markup, "ref", "draft-label") + "\n",
        role(markup, "bpfnews:series", "secret-series") + "\n",
        role(markup, "bpfnews:talk", "future-talk") + "\n",
        role(markup, "doc", "issues/one") + "\n",
        directive(markup, "toctree", body="issues/four"),
    )


def site(markup: str) -> dict[str, str]:
    index = page(
        markup,
        "The news",
        directive(markup, "bpfnews-index", "authors"),
        directive(markup, "bpfnews-issues"),
    )
    return {
        file_name(markup, "index"): index,
        file_name(markup, "links"): links_page(markup),
        **issue_files(markup),
    }


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def expected_warnings(srcdir: Path, markup: str) -> list[str]:
    """The build's warnings, in order: one per link from a published page into an
    unpublished issue, at the link, naming the issue."""
    links = (srcdir / file_name(markup, "links")).read_text(encoding="utf-8")
    three = (srcdir / file_name(markup, "issues/three")).read_text(encoding="utf-8")
    draft = "which is a draft"
    later = f"which is dated 2017-09-25, after today ({TODAY})"
    tail = ": the site does not list it yet, so readers would find a page that is not published"
    rows = [
        ("issues/three", line_of(three, "two"), "issues/two", "News Two", draft),
        ("links", line_of(links, "issues/two"), "issues/two", "News Two", draft),
        ("links", line_of(links, "draft-label"), "issues/two", "News Two", draft),
        ("links", line_of(links, "secret-series"), "issues/two", "News Two", draft),
        ("links", line_of(links, "future-talk"), "issues/four", "News Four", later),
        ("links", line_of(links, "toctree"), "issues/four", "News Four", later),
    ]
    return [
        f"{srcdir / file_name(markup, doc)}:{line}: WARNING: links to {target!r} "
        f"({title!r}), {why}{tail} [bpfnews.draft]"
        for doc, line, target, title, why in rows
    ]


def soup(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def titles(app: SphinxTestApp, name: str) -> list[str]:
    return [a.get_text() for a in soup(app, name).select(".bpfnews-archive-title a")]


def listings(app: SphinxTestApp) -> dict[str, object]:
    """Every place the site lists issues, as titles (or names)."""
    feeds = {
        name: [e.title for e in feedparser.parse((app.outdir / name).read_bytes()).entries]
        for name in ("atom.xml", "rss.xml")
    }
    export = json.loads((app.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    rel = {
        name: {
            link["rel"][0]: link["href"]
            for link in soup(app, name).select("link[rel=prev], link[rel=next]")
        }
        for name in ("issues/one.html", "issues/two.html", "issues/three.html", "issues/four.html")
    }
    return {
        "general index": [
            next(li.stripped_strings)
            for li in soup(app, "genindex.html").select("table.indextable td > ul > li")
        ],
        "archive": titles(app, "archive.html"),
        "year": titles(app, "archive/2017.html"),
        "tag bpf": titles(app, "archive/tags/bpf.html"),
        "tag pages": sorted(p.name for p in (app.outdir / "archive" / "tags").glob("*.html")),
        "authors": [r.get_text() for r in soup(app, "archive/authors.html").select(".rubric")],
        "speakers": [r.get_text() for r in soup(app, "archive/speakers.html").select(".rubric")],
        "index directive": [r.get_text() for r in soup(app, "index.html").select(".rubric")],
        **feeds,
        "export": [issue["title"] for issue in export["issues"]],
        "recent": [a.get_text() for a in soup(app, "links.html").select(".bpfnews-recent li a")],
        "prev/next": rel,
    }


def badges(app: SphinxTestApp) -> dict[str, list[str]]:
    return {
        name: [
            b.get_text() for b in soup(app, f"issues/{name}.html").select(".bpfnews-badge-draft")
        ]
        for name in ("one", "two", "three", "four")
    }


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    return TODAY


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize("markup", MARKUPS)
def test_unpublished_issues_are_pages_listed_nowhere(build: Build, markup: str) -> None:
    app = build(site(markup), conf=CONF)
    assert warnings_of(app).splitlines() == expected_warnings(app.srcdir, markup)
    assert listings(app) == {
        "general index": ["Alice", "bpf"],
        "archive": ["News Three", "News One"],
        "year": ["News Three", "News One"],
        "tag bpf": ["News Three", "News One"],
        "tag pages": ["bpf.html"],
        "authors": ["Alice"],
        "speakers": [],
        "index directive": ["Alice"],
        "atom.xml": ["News Three", "News One"],
        "rss.xml": ["News Three", "News One"],
        "export": ["News Three", "News One"],
        "recent": ["News Three", "News One"],
        "prev/next": {
            "issues/one.html": {"next": "three.html"},
            "issues/two.html": {},
            "issues/three.html": {"prev": "one.html"},
            "issues/four.html": {},
        },
    }
    # Built as pages, with the badge; a draft's tag with no page of its own is text.
    assert badges(app) == {"one": [], "two": ["[Draft]"], "three": [], "four": ["[Draft]"]}
    two = soup(app, "issues/two.html")
    header = two.select_one(".bpfnews-issue-header")
    assert header is not None
    assert (
        " ".join(header.get_text().split()) == "[Draft] Issue 2 · 11 September 2017 [bpf] [secret]"
    )
    assert [a.get_text() for a in header.select("a")] == ["bpf"]
    assert two.select_one("meta[property='og:title']") is None
    # The site's search finds no unpublished page.
    assert searched(app, "bob") == searched(app, "carol") == []
    assert searched(app, "alic") == ["index", "issues/one"]


def searched(app: SphinxTestApp, term: str) -> list[str]:
    """The pages Sphinx's search index gives for a (stemmed) word."""
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    found = data["terms"].get(term, [])
    return [data["docnames"][i] for i in ([found] if isinstance(found, int) else found)]


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize("markup", MARKUPS)
def test_show_drafts_lists_them_with_their_badge(build: Build, markup: str) -> None:
    app = build(site(markup), conf=CONF + "bpfnews_show_drafts = True\n")
    # The links would still lead to unpublished pages on the published site.
    assert warnings_of(app).splitlines() == expected_warnings(app.srcdir, markup)
    every = ["News Four", "News Three", "News Two", "News One"]
    shown = listings(app)
    assert shown["archive"] == shown["atom.xml"] == shown["export"] == every
    assert shown["tag pages"] == ["bpf.html", "future.html", "secret.html"]
    assert shown["authors"] == shown["index directive"] == ["Alice", "Bob"]
    assert shown["speakers"] == ["Carol"]
    assert shown["general index"] == ["Alice", "Bob", "bpf", "Carol", "Future talk"]
    assert searched(app, "bob") == ["index"]  # its bpfnews-index, not the draft
    assert shown["recent"] == ["News Four", "News Three"]
    assert shown["prev/next"] == {
        "issues/one.html": {"next": "two.html"},
        "issues/two.html": {"prev": "one.html", "next": "three.html"},
        "issues/three.html": {"prev": "two.html", "next": "four.html"},
        "issues/four.html": {"prev": "three.html"},
    }
    assert badges(app) == {"one": [], "two": ["[Draft]"], "three": [], "four": ["[Draft]"]}


_CHAPTER = re.compile(r"\\chapter\{([^}]*)\}")


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize("show", [False, True])
def test_the_pdf_holds_the_published_issues(build: Build, show: bool) -> None:
    conf = CONF + f"bpfnews_show_drafts = {show}\n"
    tex = (build(site("myst"), "latex", conf=conf).outdir / "news.tex").read_text(encoding="utf-8")
    if show:
        assert _CHAPTER.findall(tex) == ["News Four", "News Three", "News Two", "News One"]
        assert tex.count(r"\bpfnewsbadge{draft}{Draft}") == 2
    else:
        assert _CHAPTER.findall(tex) == ["News Three", "News One"]
        assert r"\bpfnewsbadge{draft}" not in tex


@pytest.mark.usefixtures("today")
def test_the_badge_in_text_and_in_german(build: Build) -> None:
    text = build(site("rst"), "text", conf=CONF)
    assert "[Draft] Issue 2" in (text.outdir / "issues" / "two.txt").read_text(encoding="utf-8")
    assert "[Draft]" not in (text.outdir / "issues" / "one.txt").read_text(encoding="utf-8")
    german = build(site("myst"), conf=CONF + 'language = "de"\n')
    assert badges(german)["two"] == ["[Entwurf]"]


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_draft_value_that_is_neither_yes_nor_no(build: Build, markup: str) -> None:
    files = issue_files(markup)
    name = file_name(markup, "issues/two")
    files[name] = files[name].replace("draft: true", "draft: maybe")
    app = build({file_name(markup, "index"): page(markup, "Home", "Hi.\n"), **files}, conf=CONF)
    line = line_of(files[name], "draft:")
    assert f"{app.srcdir / name}:{line}: WARNING: front matter 'draft: maybe' is neither true " in (
        warnings_of(app)
    )
    assert "[bpfnews.issue]" in warnings_of(app)
    assert "News Two" not in titles(app, "archive.html")


def test_markdown_links_into_a_draft(build: Build, today: str) -> None:
    files = issue_files("myst")
    files["index.md"] = (
        "# Home\n\nSee [the draft](issues/two.md).\n\nAnd [its label](#draft-label).\n"
    )
    app = build(files, conf=CONF)
    lines = [line for line in warnings_of(app).splitlines() if "[bpfnews.draft]" in line]
    index = app.srcdir / "index.md"
    assert [line.split(": WARNING: ")[0] for line in lines] == [
        str(index) + ":3",
        str(index) + ":5",
        f"{app.srcdir / 'issues' / 'three.md'}:{line_of(files['issues/three.md'], 'two')}",
    ]


def _build_again(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, **kwargs: object
) -> SphinxTestApp:
    return built(make_app("html", srcdir=srcdir, freshenv=False, **kwargs))


def test_a_scheduled_issue_is_published_when_its_day_comes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No file changes: the next day's build lists it, without its badge, and the
    warnings come again on a build with nothing to read."""
    srcdir = tmp_path / "src"
    (srcdir / "issues").mkdir(parents=True)
    (srcdir / "conf.py").write_text(BASE_CONF + CONF, encoding="utf-8")
    for name, text in site("myst").items():
        (srcdir / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    first = _build_again(make_app, srcdir)
    again = _build_again(make_app, srcdir)
    assert warnings_of(again) == warnings_of(first) != ""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2017-09-25"))
    later = _build_again(make_app, srcdir)
    assert titles(later, "archive.html") == ["News Four", "News Three", "News One"]
    assert badges(later)["four"] == []
    assert "'issues/four'" not in warnings_of(later)
    assert listings(later)["prev/next"]["issues/four.html"] == {"prev": "three.html"}
    assert listings(later)["speakers"] == ["Carol"]


@pytest.mark.usefixtures("today")
def test_show_drafts_must_be_true_or_false(build: Build) -> None:
    app = build(site("myst"), conf=CONF + 'bpfnews_show_drafts = "yes"\n')
    assert (
        "bpfnews_show_drafts = 'yes' cannot be used: it must be True or False; "
        "using the default False [bpfnews.config]"
    ) in warnings_of(app)
    assert titles(app, "archive.html") == ["News Three", "News One"]
