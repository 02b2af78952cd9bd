"""The recent-issues block is patched in place when an issue is added.

Adding an issue changes the block on every page. Rather than writing every page
again, Sphinx writes only the pages whose own content changed (the new issue, the
issue before it, the generated pages listing issues) and the block of every other
page is replaced between its comments once the build finishes. These tests count
the pages Sphinx writes (``html-page-context``, from the project's ``conf.py``)
and compare the output with a build from scratch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import sphinx

from sphinxcontrib_bpfnews.site.navigation import FURO_SIDEBARS, RECENT_END, RECENT_START
from sphinxcontrib_bpfnews.site.pages import BODY_END, BODY_START

from .conftest import warnings_of
from .test_incremental import Change, Project, assert_same_outputs
from .test_site import issue

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

#: Each page Sphinx writes, noted on the application (serial builds write every
#: page in this process).
COUNTER = """
def setup(app):
    app.bpfnews_written = []
    app.connect("html-page-context", lambda app, name, *rest: app.bpfnews_written.append(name))
"""
ADD = Change("add", files={"issues/five.md": issue("News Five", "2017-10-02", body="Five.\n")})
#: The source pages Sphinx writes when issue five is added: the new issue, issue
#: four (now with a next link) and the page linking the archive's pages (read
#: again when the records change); no other.
WRITTEN = {"issues/five", "issues/four", "links"}
#: The generated pages whose body changes when issue five (no tags, no series, no
#: talks) is added: the archive and its year. Around the body they are the same,
#: so each gets its new body in place and Sphinx renders none of them; the tag and
#: index pages only get their recent-issues block replaced.
GENERATED = {"archive", "archive/2017"}
#: A project's own recent-issues template without the comments.
OWN_TEMPLATE = (
    "{%- if bpfnews_recent %}<div class='own-recent'>"
    "{% for issue in bpfnews_recent %}<a href='{{ issue.link }}'>{{ issue.title }}</a>"
    "{% endfor %}</div>{%- endif %}"
)


def add_issue(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    buildername: str,
    conf: str = "",
    files: dict[str, str] | None = None,
) -> tuple[SphinxTestApp, SphinxTestApp]:
    """Build, add issue five, build again in place and from scratch: the two last."""
    project = Project(make_app, tmp_path, COUNTER + conf, files)
    first = project.build(buildername, "build", fresh=True)
    assert warnings_of(first) == ""
    project.apply(ADD)
    incremental = project.build(buildername, "build", fresh=False)
    fresh = project.build(buildername, "scratch", fresh=True)
    assert warnings_of(incremental) == warnings_of(fresh) == ""
    assert_same_outputs(incremental, fresh, ADD)
    return incremental, fresh


def written_besides_sphinx80(app: SphinxTestApp) -> set[str]:
    """The source pages written, less the root page on Sphinx 8.0: its toctree
    bookkeeping hands the root page back as updated whenever a page is added (it says
    "1 found" on "looking for now-outdated files"); 8.1 and later do not."""
    written = written_docs(app)
    return written - {"index"} if sphinx.version_info[:2] == (8, 0) else written


def written_generated(app: SphinxTestApp) -> set[str]:
    """The archive's pages Sphinx wrote."""
    root = app.config.bpfnews_archive_page
    written = set(app.bpfnews_written)  # type: ignore[attr-defined]
    return {name for name in written if name == root or name.startswith(f"{root}/")}


def written_docs(app: SphinxTestApp) -> set[str]:
    """The source pages Sphinx wrote (the generated ones are not source pages)."""
    return set(app.bpfnews_written) & app.env.found_docs  # type: ignore[attr-defined]


def blocks(outdir: Path) -> dict[str, str]:
    """Every page's recent-issues block, by file."""
    found = {}
    for path in outdir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if RECENT_START in text:
            start = text.index(RECENT_START)
            found[path.relative_to(outdir).as_posix()] = text[start : text.index(RECENT_END)]
    return found


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_adding_an_issue_writes_only_its_neighbours(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, buildername: str
) -> None:
    incremental, fresh = add_issue(make_app, tmp_path, buildername)
    assert written_besides_sphinx80(incremental) == WRITTEN
    assert written_generated(incremental) == set()
    assert written_generated(fresh) >= GENERATED
    outdir = incremental.outdir
    for name in GENERATED:
        page = outdir / (f"{name}.html" if buildername == "html" else f"{name}/index.html")
        text = page.read_text(encoding="utf-8")
        assert "News Five" in text[text.index(BODY_START) : text.index(BODY_END)]
    assert len(written_docs(fresh)) > 5
    patched = blocks(incremental.outdir)
    index = "index.html"
    # Every page with the block lists the new issue, as static HTML (no script).
    assert {"about.html" if buildername == "html" else "about/index.html", index} <= set(patched)
    assert all("News Five" in block for block in patched.values())
    assert patched == blocks(fresh.outdir)


def test_adding_an_issue_with_furo(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    conf = f'html_theme = "furo"\nhtml_sidebars = {{"**": {FURO_SIDEBARS!r}}}\n'
    incremental, _fresh = add_issue(make_app, tmp_path, "html", conf)
    assert written_besides_sphinx80(incremental) == WRITTEN
    patched = blocks(incremental.outdir)
    assert "about.html" in patched
    assert all("News Five" in block for block in patched.values())


def test_a_template_without_the_comments_rewrites_every_page(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    files = {"_templates/bpfnews/recent.html": OWN_TEMPLATE}
    incremental, _fresh = add_issue(make_app, tmp_path, "html", files=files)
    assert written_docs(incremental) == incremental.env.found_docs
    about = (incremental.outdir / "about.html").read_text(encoding="utf-8")
    assert "own-recent" in about
    assert "News Five" in about
    assert RECENT_START not in about


def test_a_page_without_its_body_comments_is_rendered_again(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """A generated page whose file lacks the comments around its body (written by
    an older version, or changed by hand) is rendered by Sphinx, not patched."""
    project = Project(make_app, tmp_path, COUNTER)
    first = project.build("html", "build", fresh=True)
    archive = first.outdir / "archive.html"
    text = archive.read_text(encoding="utf-8")
    archive.write_text(text.replace(BODY_START, "").replace(BODY_END, ""), encoding="utf-8")
    project.apply(ADD)
    incremental = project.build("html", "build", fresh=False)
    fresh = project.build("html", "scratch", fresh=True)
    assert_same_outputs(incremental, fresh, ADD)
    assert written_generated(incremental) == {"archive"}


def test_no_issue_yet_leaves_the_comments(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """With nothing to list the block is its two comments, where the first issue
    goes; the first issue also adds the feeds' links to every page, all rewritten."""
    project = Project(make_app, tmp_path, COUNTER)
    for name in ("issues/one.md", "issues/two.md", "special/third.md", "issues/four.md"):
        (project.srcdir / name).unlink()
    first = project.build("html", "build", fresh=True)
    about = (first.outdir / "about.html").read_text(encoding="utf-8")
    assert f"{RECENT_START}\n{RECENT_END}" in about
    project.apply(ADD)
    incremental = project.build("html", "build", fresh=False)
    fresh = project.build("html", "scratch", fresh=True)
    assert_same_outputs(incremental, fresh, ADD)
    assert "News Five" in blocks(incremental.outdir)["about.html"]
    assert written_docs(incremental) == incremental.env.found_docs


def test_a_latex_build_between_leaves_the_site_to_update(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """``sphinx-build -M latexpdf`` and ``-M html`` share one environment: the PDF
    built first after an issue is added must not make the site's next build think
    its pages already show the new issue."""
    project = Project(make_app, tmp_path, COUNTER)
    project.build("html", "build", fresh=True)
    project.apply(ADD)
    project.build("latex", "build", fresh=False)
    incremental = project.build("html", "build", fresh=False)
    fresh = project.build("html", "scratch", fresh=True)
    assert_same_outputs(incremental, fresh, ADD)
    assert all("News Five" in block for block in blocks(incremental.outdir).values())
    assert written_besides_sphinx80(incremental) == WRITTEN


def test_a_fresh_environment_over_the_last_output(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """``-E`` after an issue is added: every source page is written, and the
    generated pages whose own data did not change (the tag pages) get the new block
    too, as in an empty output folder."""
    project = Project(make_app, tmp_path, COUNTER)
    project.build("html", "build", fresh=True)
    project.apply(ADD)
    again = project.build("html", "build", fresh=True)
    clean = project.build("html", "scratch", fresh=True)
    assert "archive/tags/bpf" not in written_generated(again)
    assert "News Five" in blocks(again.outdir)["archive/tags/bpf.html"]
    assert_same_outputs(again, clean, ADD)


def test_pages_in_another_encoding_get_the_new_block(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Pages written in the encoding ``html_output_encoding`` names: the block is
    replaced in their bytes, written in that encoding (pages showing an author's
    accented name hold bytes UTF-8 cannot read)."""
    incremental, _fresh = add_issue(
        make_app, tmp_path, "html", 'html_output_encoding = "latin-1"\n'
    )
    page = (incremental.outdir / "index.html").read_bytes()
    assert b"News Five" in page[page.index(RECENT_START.encode()) :]
    assert any(
        "Mickaël".encode("latin-1") in path.read_bytes()
        for path in incremental.outdir.rglob("*.html")
    )
