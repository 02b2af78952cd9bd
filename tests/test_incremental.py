"""Incremental equals fresh: after any change a user makes, a rebuild without ``-E``
writes the files a build from scratch writes.

Each case builds a small newsletter, makes one change (a configuration value, the
theme, a template, the extension's version, ``-a``, or an edit of the issues),
builds again in the same folders, and builds the changed project from scratch
elsewhere; then every file of the two outputs is compared byte for byte, once
build timestamps are removed. Run for ``html`` and ``dirhtml``, and for the
content changes with ``-j 2`` too.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.builders.html import _assets as html_assets

import sphinxcontrib_bpfnews
from sphinxcontrib_bpfnews.site import export, feeds, output_state

from .commands import sphinx_build
from .conftest import BASE_CONF, warnings_of
from .test_site import ISSUE_2, SITE_CONF, issue, site_files

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

TEMPLATE = '{%% extends "!layout.html" %%}{%% block footer %%}%s{%% endblock %%}'
#: An issue found by the ``bpfnews_issues`` patterns alone (no ``issue:`` key).
ISSUE_4 = issue("News Four", "2017-09-25", tags="[xdp, tracing]", body="Four.\n")
#: Issue four as a draft (its tag ``tracing`` then has no archive page).
DRAFT_4 = issue("News Four", "2017-09-25", tags="[xdp, tracing]", draft="true", body="Four.\n")
CONF = (
    BASE_CONF
    + SITE_CONF
    + 'html_theme = "alabaster"\ntemplates_path = ["_templates"]\n'
    + 'copyright = "2017"\nversion = "1"\n'
)
#: What differs between two builds of the same files whatever they are: RSS's
#: time of writing.
_TIMESTAMPS = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")
#: Sphinx's own bookkeeping in the output folder, not output.
_BOOKKEEPING = {".buildinfo", ".buildinfo.bak"}


#: A page linking to what the site generates, resolved anew when issues change.
LINKS = """\
---
orphan: true
---

# Links

The {bpfnews:archive}`archive`, {bpfnews:archive}`2017 <2017>`,
{bpfnews:archive}`xdp <tags/xdp>`, {bpfnews:archive}`authors <authors>`,
the {bpfnews:feed}`Atom` feed and the {bpfnews:feed}`export <json>`.
"""


#: A page citing a commit, linked where ``bpfnews_commit_url`` says.
COMMITS = """\
---
orphan: true
---

# Commits

Fixed by commit {commit}`7a12b5031c6b ("bpf: fix the thing")`.
"""


def base_files() -> dict[str, str]:
    return {
        **site_files(),
        "issues/four.md": ISSUE_4,
        "links.md": LINKS,
        "_templates/layout.html": TEMPLATE % "first-footer",
        "commits.md": COMMITS,
    }


@dataclass
class Change:
    """One change an author makes between two builds."""

    name: str
    files: dict[str, str | None] = field(default_factory=dict)  # None removes the file
    conf: str = ""
    force_all: bool = False
    version: str = ""
    #: Configuration of the first build too (the change is elsewhere).
    base_conf: str = ""
    #: Files of the first build too, added to the newsletter's.
    base_files: dict[str, str] = field(default_factory=dict)
    #: Environment variables of the builds after the change.
    environ: dict[str, str] = field(default_factory=dict)
    #: Source pages the change removes: Sphinx leaves their old pages in the
    #: output folder, as it does for any page removed.
    removed: tuple[str, ...] = ()
    #: Sphinx leaves static files it no longer uses in ``_static``: the old theme's
    #: (8.0), the old language's search stemmer (every version).
    old_static: bool = False
    #: Files of the first build besides the base ones (the change is elsewhere).
    base_files: dict[str, str] = field(default_factory=dict)
    #: Environment variables of the first build too.
    base_environ: dict[str, str] = field(default_factory=dict)


CONFIG_CHANGES = [
    Change("bpfnews_issues", conf='bpfnews_issues = ["issues/t*"]\n'),
    Change("bpfnews_archive_page", conf='bpfnews_archive_page = "past/all"\n'),
    Change("bpfnews_feed_length", conf="bpfnews_feed_length = 1\n"),
    Change("bpfnews_feed_title", conf='bpfnews_feed_title = "Another feed"\n'),
    Change("bpfnews_feed_description", conf='bpfnews_feed_description = "Weekly"\n'),
    Change("bpfnews_recent_issues", conf="bpfnews_recent_issues = 3\n"),
    Change("bpfnews_date_format", conf='bpfnews_date_format = "%Y-%m-%d"\n'),
    Change(
        "bpfnews_archive_url", conf='bpfnews_archive_url = "https://lore.kernel.org/bpf/{msgid}/"\n'
    ),
    Change(
        "bpfnews_commit_url",
        conf='bpfnews_commit_url = "https://git.example.org/linux/commit/{sha}"\n',
    ),
    Change("language", conf='language = "de"\n', old_static=True),
    Change("html_baseurl", conf='html_baseurl = "https://moved.example.org/news/"\n'),
    Change("no html_baseurl", conf='html_baseurl = ""\n'),
    Change(
        "Read the Docs address",
        base_conf='html_baseurl = ""\n',
        environ={"READTHEDOCS_CANONICAL_URL": "https://rtd.example.org/en/stable/"},
    ),
    Change("html_title", conf='html_title = "The weekly"\n'),
    Change("project", conf='project = "Other"\n'),
    Change("html_theme", conf='html_theme = "classic"\n', old_static=True),
    Change("theme option", conf='html_theme_options = {"show_relbars": True}\n'),
    Change("html_sidebars", conf='html_sidebars = {"**": ["searchbox.html"]}\n'),
    Change("template", files={"_templates/layout.html": TEMPLATE % "second-footer"}),
    Change("extension version", version="99.0"),
    Change("-a", force_all=True),
    # On a page that does not change: the setting alone must have it read again.
    Change(
        "bpfnews_clean_links",
        conf="bpfnews_clean_links = True\n",
        base_conf='suppress_warnings = ["bpfnews.link"]\n',
        base_files={
            "issues/six.md": issue(
                "News Six",
                "2017-10-09",
                body="```{talk} Tracked\n:url: https://e.org/t?utm_source=feed\n\n"
                "See <https://e.org/a?fbclid=1&id=2>.\n```\n",
            )
        },
    ),
    Change(
        "bpfnews_show_drafts",
        conf="bpfnews_show_drafts = True\n",
        base_files={"issues/four.md": DRAFT_4},
    ),
    Change(
        "bpfnews_email_subject", conf='bpfnews_email_subject = "{project} #{number}: {title}"\n'
    ),
    Change("bpfnews_email_from", conf='bpfnews_email_from = "Other <other@news.example.org>"\n'),
    Change("bpfnews_email_to", conf='bpfnews_email_to = "list@lists.example.org"\n'),
    Change("bpfnews_email_reply_to", conf='bpfnews_email_reply_to = "desk@news.example.org"\n'),
    Change("bpfnews_email_unsubscribe", conf='bpfnews_email_unsubscribe = "*|UNSUB|*"\n'),
    Change("bpfnews_email_issues", conf="bpfnews_email_issues = [1, 'issues/two']\n"),
]
CONTENT_CHANGES = [
    Change("edit", files={"issues/two.md": ISSUE_2.replace("mickaël salaün", "Nobody")}),
    Change("add", files={"issues/five.md": issue("News Five", "2017-10-02", body="Five.\n")}),
    Change(
        "rename",
        files={"issues/four.md": None, "issues/fourth.md": ISSUE_4},
        removed=("issues/four",),
    ),
    Change("delete", files={"issues/four.md": None}, removed=("issues/four",)),
    Change("date", files={"issues/four.md": ISSUE_4.replace("2017-09-25", "2017-08-28")}),
    Change("title", files={"issues/four.md": ISSUE_4.replace("News Four", "News Vier")}),
    Change("tag", files={"issues/four.md": ISSUE_4.replace("tracing", "maps")}),
    # The named series becomes an entry written as prose: its title, which the links
    # to it, the indexes and the export show, is now its text's first sentence.
    Change(
        "prose entry",
        files={
            "issues/two.md": ISSUE_2.replace(
                "```{patch-series} [PATCH net] bpf: fix verifier\n", "```{patch-series}\n"
            ).replace(
                ":url: https://lore.kernel.org/bpf/a@b/\n```",
                ":url: https://lore.kernel.org/bpf/a@b/\n\nThe verifier, e.g. its loops, got "
                "fixed. More to come.\n```",
            )
        },
    ),
    Change(
        "review option",
        files={
            "issues/two.md": ISSUE_2.replace(
                ":name: verifier-fix\n", ":name: verifier-fix\n:reviewed-by: Jane Doe, John Roe\n"
            )
        },
    ),
]
#: A later revision of issue one's series (v2 there), in a new issue: issue one's
#: entry links to it, it links back, and both reach the series index.
FOLLOW_UP = issue(
    "News Five",
    "2017-10-02",
    issue="5",
    body=(
        ":::{patch-series} [PATCH v3 net-next 0/1] landlock: Add `ruleset`\n"
        ":author: Mickaël Salaün\n:url: https://patchwork.ozlabs.org/cover/9/\n:::\n"
    ),
)
REVISION_CHANGES = [
    Change("follow-up", files={"issues/five.md": FOLLOW_UP}),
    Change(
        "follow-up version",
        base_files={"issues/five.md": FOLLOW_UP},
        files={"issues/five.md": FOLLOW_UP.replace("PATCH v3", "PATCH v4")},
    ),
    Change(
        "follow-up removed",
        base_files={"issues/five.md": FOLLOW_UP},
        files={"issues/five.md": None},
        removed=("issues/five",),
    ),
]
CONTENT_CHANGES += REVISION_CHANGES


#: Drafts and scheduled issues: listed once published, with no file changed when
#: their day comes (the day of the build is ``SOURCE_DATE_EPOCH``'s).
DRAFT_CHANGES = [
    Change("draft added", files={"issues/four.md": DRAFT_4}),
    Change(
        "draft removed", files={"issues/four.md": ISSUE_4}, base_files={"issues/four.md": DRAFT_4}
    ),
    Change(
        "date passes",
        base_environ={"SOURCE_DATE_EPOCH": "1505908800"},  # 2017-09-20, before issue four
        environ={"SOURCE_DATE_EPOCH": "1506427200"},  # 2017-09-26, after it
    ),
]


#: The feeds hold fewer issues than the site has: issues move into them and out of
#: them (a kept body is each issue's as its page was last written).
FEEDS_OF_TWO = "bpfnews_feed_length = 2\n"
FEED_CHANGES = [
    Change(
        "feeds: newest deleted",
        base_conf=FEEDS_OF_TWO,
        files={"issues/four.md": None},
        removed=("issues/four",),
    ),
    Change(
        "feeds: next added",
        base_conf=FEEDS_OF_TWO,
        files={"issues/five.md": issue("News Five", "2017-10-02", body="Five.\n")},
    ),
    Change(
        "feeds: newest dated back",
        base_conf=FEEDS_OF_TWO,
        files={"issues/four.md": ISSUE_4.replace("2017-09-25", "2017-08-28")},
    ),
    Change("feeds: longer", base_conf=FEEDS_OF_TWO, conf="bpfnews_feed_length = 4\n"),
]


#: The PDF editions the site links: files outside the source that Sphinx does not
#: watch (here in ``pdfs/``, which the builds in both folders share).
PDF_CONF = 'bpfnews_pdf_editions = "issue,year"\nbpfnews_pdf_dir = "pdfs"\n'
PDF_CHANGES = [
    Change(
        "PDF made",
        base_conf=PDF_CONF,
        files={"pdfs/two.pdf": "%PDF-1.4 two\n", "pdfs/test-2017.pdf": "%PDF-1.4 2017\n"},
    ),
    Change(
        "PDF made again",
        base_conf=PDF_CONF,
        base_files={"pdfs/two.pdf": "%PDF-1.4 two\n"},
        files={"pdfs/two.pdf": "%PDF-1.4 two, compiled again\n"},
    ),
    Change(
        "PDF removed",
        base_conf=PDF_CONF,
        base_files={"pdfs/two.pdf": "%PDF-1.4 two\n", "pdfs/test-2017.pdf": "%PDF-1.4 2017\n"},
        files={"pdfs/two.pdf": None},
    ),
    Change(
        "bpfnews_pdf_url",
        base_conf=PDF_CONF,
        base_files={"pdfs/two.pdf": "%PDF-1.4 two\n"},
        conf='bpfnews_pdf_url = "https://files.example.org/{name}.pdf"\n',
    ),
    Change("bpfnews_pdf_editions", conf=PDF_CONF, base_files={"pdfs/two.pdf": "%PDF-1.4 two\n"}),
]


class Project:
    """A source folder and its build folder, built as ``sphinx-build`` would."""

    def __init__(
        self,
        make_app: Callable[..., SphinxTestApp],
        root: Path,
        conf: str = "",
        files: dict[str, str] | None = None,
        *,
        base_conf: str = CONF,
        base: dict[str, str] | None = None,
    ) -> None:
        """``base_conf`` and ``base`` (by default this module's newsletter) with
        ``conf`` and ``files`` added."""
        self.make_app, self.srcdir, self.root = make_app, root / "src", root
        self.conf = base_conf + conf
        write(self.srcdir / "conf.py", self.conf, moment=-10)
        for name, text in ((base_files() if base is None else base) | (files or {})).items():
            write(self.srcdir / name, text, moment=-10)

    def apply(self, change: Change) -> None:
        for name, text in change.files.items():
            if text is None:
                (self.srcdir / name).unlink()
            else:
                write(self.srcdir / name, text, moment=10)
        if change.conf:
            write(self.srcdir / "conf.py", self.conf + change.conf, moment=10)

    def build(
        self, buildername: str, builddir: str, *, fresh: bool, force_all: bool = False, **kw: int
    ) -> SphinxTestApp:
        app = self.make_app(
            buildername,
            srcdir=self.srcdir,
            builddir=self.root / builddir,
            freshenv=fresh,
            **kw,
        )
        # Sphinx remembers each static file's checksum for the life of the
        # process; sphinx-build starts a new process for every build.
        checksum = getattr(html_assets, "_file_checksum_inner", None)
        if hasattr(checksum, "cache_clear"):
            checksum.cache_clear()
        try:
            app.build(force_all=force_all)
        finally:
            app.cleanup()
        return app


def write(path: Path, text: str, *, moment: float) -> None:
    """Write ``path`` dated ``moment`` seconds from now: edits are newer than any
    output whatever the clock's grain, the first versions older than the first build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    when = time.time() + moment
    os.utime(path, (when, when))


def output_files(outdir: Path) -> dict[str, bytes]:
    """Every file of an output folder, by path, with build timestamps removed."""
    return {
        path.relative_to(outdir).as_posix(): _comparable(path)
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name not in _BOOKKEEPING
    }


def _comparable(path: Path) -> bytes:
    content = _TIMESTAMPS.sub(b"", path.read_bytes())
    if path.name != "searchindex.js":
        return content
    # Sphinx's incremental search index keeps the general-index entries of the
    # pages written in that build only (seen with plain Sphinx 9.0 and two
    # ``.. index::`` pages), and keeps words no page holds any more with an empty
    # list of pages: the rest of the index is compared, and finds the same pages.
    text = content.decode("utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    data.pop("indexentries", None)
    for key in ("terms", "titleterms"):
        data[key] = {word: pages for word, pages in data[key].items() if pages != []}
    return json.dumps(data, sort_keys=True).encode()


def leftovers(app: SphinxTestApp, docnames: tuple[str, ...]) -> set[str]:
    """The output files Sphinx keeps of removed pages (the page and its source copy)."""
    found: set[str] = set()
    for docname in docnames:
        uri = app.builder.get_target_uri(docname)
        found.add(uri + "index.html" if uri.endswith("/") else uri)
        found.update(
            path.relative_to(app.outdir).as_posix()
            for path in (app.outdir / "_sources").glob(f"{docname}.*")
        )
    return found


def assert_same_outputs(incremental: SphinxTestApp, fresh: SphinxTestApp, change: Change) -> None:
    ours, theirs = output_files(incremental.outdir), output_files(fresh.outdir)
    extra = ours.keys() - theirs.keys() - leftovers(incremental, change.removed)
    if change.old_static:
        extra = {name for name in extra if not name.startswith("_static/")}
    assert extra == set(), f"{change.name}: only in the incremental build"
    assert theirs.keys() - ours.keys() == set(), f"{change.name}: missing"
    differing = [name for name in sorted(theirs) if ours[name] != theirs[name]]
    assert differing == [], f"{change.name}: differ from a fresh build"


def check(
    project: Project,
    buildername: str,
    change: Change,
    monkeypatch: pytest.MonkeyPatch,
    parallel: int = 0,
) -> None:
    """Build, change, rebuild in place; build the changed project from scratch;
    compare."""
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://rtd.example.org/en/latest/")
    for name, value in change.base_environ.items():
        monkeypatch.setenv(name, value)
    first = project.build(buildername, "build", fresh=True, parallel=parallel)
    assert warnings_of(first) == ""
    project.apply(change)
    for name, value in change.environ.items():
        monkeypatch.setenv(name, value)
    incremental = project.build(
        buildername, "build", fresh=False, force_all=change.force_all, parallel=parallel
    )
    fresh = project.build(buildername, "scratch", fresh=True, parallel=parallel)
    assert warnings_of(incremental) == warnings_of(fresh)
    assert_same_outputs(incremental, fresh, change)


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
@pytest.mark.parametrize(
    "change",
    CONFIG_CHANGES + CONTENT_CHANGES + DRAFT_CHANGES + FEED_CHANGES + PDF_CHANGES,
    ids=lambda c: c.name,
)
def test_incremental_equals_fresh(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    buildername: str,
    change: Change,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = Project(make_app, tmp_path, change.base_conf, change.base_files)
    if change.version:
        # The first build has today's version; the next two the new one.
        first = project.build(buildername, "build", fresh=True)
        assert warnings_of(first) == ""
        monkeypatch.setattr(sphinxcontrib_bpfnews, "__version__", change.version)
        incremental = project.build(buildername, "build", fresh=False)
        fresh = project.build(buildername, "scratch", fresh=True)
        assert incremental.extensions["sphinxcontrib_bpfnews"].version == change.version
        assert_same_outputs(incremental, fresh, change)
        return
    check(project, buildername, change, monkeypatch)


@pytest.mark.parametrize(
    "change",
    CONTENT_CHANGES[:4]
    + CONFIG_CHANGES[2:3]
    + REVISION_CHANGES[:1]
    + DRAFT_CHANGES[::2]
    + FEED_CHANGES[:1]
    + PDF_CHANGES[:1],
    ids=lambda c: c.name,
)
def test_incremental_equals_fresh_in_parallel(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Change,
) -> None:
    project = Project(make_app, tmp_path, change.base_conf, change.base_files)
    check(project, "html", change, monkeypatch, parallel=2)


def test_only_the_feeds_issues_bodies_are_kept(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feeds show each issue's body as its page was last written: only theirs are
    kept, and an issue written while out of the feeds shows its new body once back."""
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://rtd.example.org/en/latest/")
    project = Project(make_app, tmp_path, FEEDS_OF_TWO)

    def kept(app: SphinxTestApp) -> list[str]:
        folder = output_state.state_dir(app) / feeds.BODY_CACHE
        return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))

    first = project.build("html", "build", fresh=True)
    assert kept(first) == ["issues/four.html", "special/third.html"]
    project.apply(Change("edit", files={"issues/two.md": ISSUE_2 + "\nA late word.\n"}))
    edited = project.build("html", "build", fresh=False)
    assert kept(edited) == ["issues/four.html", "special/third.html"]
    project.apply(Change("delete", files={"issues/four.md": None}))
    again = project.build("html", "build", fresh=False)
    assert kept(again) == ["issues/two.html", "special/third.html"]
    feed = (again.outdir / "atom.xml").read_text(encoding="utf-8")
    assert "A late word." in feed
    fresh = project.build("html", "scratch", fresh=True)
    assert feed == (fresh.outdir / "atom.xml").read_text(encoding="utf-8")


#: What the email build needs besides the site's settings: a sender.
EMAIL_CONF = 'bpfnews_email_from = "News <editors@news.example.org>"\n'


@pytest.mark.parametrize(
    "change", CONFIG_CHANGES + CONTENT_CHANGES + DRAFT_CHANGES, ids=lambda c: c.name
)
def test_incremental_equals_fresh_for_email(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    change: Change,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The email build (``-b bpfnews-email``) after the same changes: the messages of
    the issues it selects, and no file of an issue it no longer writes."""
    project = Project(make_app, tmp_path, EMAIL_CONF + change.base_conf, change.base_files)
    if change.version:
        first = project.build("bpfnews-email", "build", fresh=True)
        assert warnings_of(first) == ""
        monkeypatch.setattr(sphinxcontrib_bpfnews, "__version__", change.version)
        incremental = project.build("bpfnews-email", "build", fresh=False)
        fresh = project.build("bpfnews-email", "scratch", fresh=True)
        assert_same_outputs(incremental, fresh, change)
        return
    check(project, "bpfnews-email", change, monkeypatch)
    messages = list((tmp_path / "scratch").rglob("*.eml"))
    assert messages or change.name == "no html_baseurl"


def test_export_changed_outside_the_build_is_made_again(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export holds its parts one issue to a line, and the next build takes the
    unchanged ones from it; a file cut short or edited since (a build killed while
    writing it, a hand edit that kept the line count) is made again from the
    records, not copied from."""
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://rtd.example.org/en/latest/")
    project = Project(make_app, tmp_path)
    first = project.build("html", "build", fresh=True)
    export = first.outdir / "bpfnews.json"
    text = export.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert len(lines) == 4 + 3  # the header's line, one per issue, "]}", ""
    assert [json.loads(line.removesuffix(",")) for line in lines[1:-2]] == json.loads(text)[
        "issues"
    ]

    def cut_short(text: str) -> str:
        return text[:-40]

    def retitled(text: str) -> str:
        """The oldest issue's title changed by hand, length and lines kept."""
        lines = text.split("\n")
        at = lines[-3].index('"title":"') + len('"title":"')
        lines[-3] = lines[-3][:at] + ("Y" if lines[-3][at] == "X" else "X") + lines[-3][at + 1 :]
        return "\n".join(lines)

    for damage, change in ((cut_short, CONTENT_CHANGES[0]), (retitled, CONTENT_CHANGES[1])):
        damaged = damage(export.read_text(encoding="utf-8"))
        export.write_text(damaged, encoding="utf-8")
        project.apply(change)
        project.build("html", "build", fresh=False)
        fresh = project.build("html", "scratch", fresh=True)
        exported = export.read_text(encoding="utf-8")
        assert exported != damaged
        assert exported == (fresh.outdir / "bpfnews.json").read_text(encoding="utf-8")


def test_adding_an_issue_makes_only_its_part_of_the_export(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other issues' parts are taken from the last build's file as they are."""
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://rtd.example.org/en/latest/")
    project = Project(make_app, tmp_path)
    project.build("html", "build", fresh=True)
    made: list[str] = []
    original = export._issue

    def counted(app: Any, domain: Any, issue: Any) -> Any:
        made.append(issue["docname"])
        return original(app, domain, issue)

    monkeypatch.setattr(export, "_issue", counted)
    add = CONTENT_CHANGES[1]
    project.apply(add)
    incremental = project.build("html", "build", fresh=False)
    assert made == ["issues/five"]
    fresh = project.build("html", "scratch", fresh=True)
    assert_same_outputs(incremental, fresh, add)


@pytest.mark.parametrize("buildername", ["html", "epub"])
def test_a_rebuild_with_nothing_new_reports_no_configuration_change(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, buildername: str
) -> None:
    """``sphinx-build`` run again with nothing changed (as an editor, or
    sphinx-autobuild, does) reads nothing and says nothing changed: the extension's
    own settings (its stylesheet's folder among the static paths) are made when the
    configuration is read, before Sphinx compares it with the last build's."""
    project = Project(make_app, tmp_path)
    output = tmp_path / "out"
    first = sphinx_build("-b", buildername, project.srcdir, output)
    assert first.returncode == 0, first.stderr
    again = sphinx_build("-b", buildername, project.srcdir, output)
    assert again.returncode == 0, again.stderr
    assert "configuration has changed" not in again.stdout, again.stdout
    assert "0 added, 0 changed, 0 removed" in again.stdout, again.stdout
