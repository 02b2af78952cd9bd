"""``bpfnews check``: the warnings of some issues, as ``sphinx-build`` prints them.

Every test runs the command in a process of its own on a copy of the small project
of ``docs/checking.md`` (``docs/snippets/check``): a clean issue, and an issue with
a patch counter beyond its total, a line that is not a patch line and a link to a
series name nobody has (a warning Sphinx emits after reading, when it resolves
the page).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .commands import bpfnews, sphinx_build
from .conftest import DOCS, SNIPPETS
from .snippets import code_blocks
from .test_snippets import checked_by

PROJECT = SNIPPETS / "check"
#: A project's own extension, which checks the pages against one another once all
#: are read, as the extension's checks across issues do: Sphinx emits its warnings
#: on ``env-check-consistency``, after reading.
EDITORIAL = """
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)


def left_todos(app, env):
    for docname in sorted(env.found_docs):
        text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if "TODO" in line:
                logger.warning(
                    "an editor's TODO is left", location=(docname, number),
                    type="editorial", subtype="todo",
                )


def setup(app):
    app.connect("env-check-consistency", left_todos)
    return {"parallel_read_safe": True}
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the project, where ``conf.py`` is, its paths as Sphinx names them."""
    root = (tmp_path / "weekly").resolve()
    shutil.copytree(PROJECT, root)
    return root


def issue_2_warnings(site: Path) -> list[str]:
    path = site / "issues" / "issue-2.md"
    return [
        f"{path}:14: WARNING: not a patch line: 'and the documentation, in the thread' "
        "(expected '- [PATCH ...] title <URL>' or '- [[PATCH ...] title](URL)'); shown as "
        "written [bpfnews.patch]",
        f"{path}:13: WARNING: counter 3/2 exceeds its total [bpfnews.series]",
        f"{path}:17: WARNING: no patch series has ':name: bounded-lops'; shown as text, not "
        "as a link (did you mean 'bounded-loops'?) [bpfnews.ref]",
    ]


def check(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = bpfnews("check", *args, cwd=site)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_an_issue_with_problems_exits_1_with_exactly_its_warnings(site: Path) -> None:
    result = check(site, "issues/issue-2.md")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == issue_2_warnings(site)
    assert result.stderr == "bpfnews check: 3 warnings in 1 issue\n"


def test_a_clean_issue_exits_0_and_prints_nothing(site: Path) -> None:
    result = check(site, "issues/issue-1.md")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "bpfnews check: no warnings in 1 issue\n"


def test_without_issues_every_issue_is_checked(site: Path) -> None:
    result = check(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == issue_2_warnings(site)
    assert result.stderr == "bpfnews check: 3 warnings in 1 issue (of 2 checked)\n"


def test_the_warnings_are_those_sphinx_build_prints(site: Path, tmp_path: Path) -> None:
    """The same lines, word for word, as the web site's build prints for the issue."""
    build = sphinx_build("-q", "-b", "html", site, tmp_path / "html")
    printed = [line for line in build.stderr.splitlines() if line.startswith(str(site / "issues"))]
    assert printed == issue_2_warnings(site)
    assert check(site, "issues/issue-2.md").stdout.splitlines() == printed


def test_errors_and_warnings_of_several_lines_are_printed_whole(site: Path, tmp_path: Path) -> None:
    """A reStructuredText issue with docutils' errors: each printed as sphinx-build
    prints it, the lines Sphinx adds after the first included, and counted once."""
    third = site / "issues" / "issue-3.rst"
    third.write_text(
        ":issue: 3\n:date: 2026-12-09\n\nBPF Weekly 3\n============\n\n"
        ".. no-such-directive::\n\nText with an *unclosed emphasis.\n",
        encoding="utf-8",
    )
    result = check(site, "issues/issue-3.rst")
    assert result.returncode == 1
    assert result.stdout == (
        f'{third}:7: ERROR: Unknown directive type "no-such-directive".\n\n'
        ".. no-such-directive:: [docutils]\n"
        f"{third}:9: WARNING: Inline emphasis start-string without end-string. [docutils]\n"
    )
    assert result.stderr == "bpfnews check: 2 warnings in 1 issue\n"
    build = sphinx_build("-q", "-b", "html", site, tmp_path / "html")
    assert result.stdout in build.stderr


def test_a_second_check_reads_only_the_named_issue_again(site: Path) -> None:
    """The read pages are kept in ``_build/bpfnews-check``: the second check reads the
    named issue again, and reports its warnings again, but not the other pages."""
    first = check(site, "issues/issue-2.md")
    doctrees = site / "_build" / "bpfnews-check" / "doctrees"
    times = {
        name: (doctrees / name).stat().st_mtime_ns
        for name in ("issues/issue-1.doctree", "issues/issue-2.doctree", "index.doctree")
    }
    second = check(site, "issues/issue-2.md")
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    assert (doctrees / "issues/issue-1.doctree").stat().st_mtime_ns == times[
        "issues/issue-1.doctree"
    ]
    assert (doctrees / "index.doctree").stat().st_mtime_ns == times["index.doctree"]
    assert (doctrees / "issues/issue-2.doctree").stat().st_mtime_ns > times[
        "issues/issue-2.doctree"
    ]
    assert not (site / "_build" / "bpfnews-check" / "out" / "issues").exists()


def test_a_change_to_another_page_is_seen_through_the_cache(site: Path) -> None:
    """Issue 1 renamed its series to the name issue 2 links to: the link now leads
    somewhere, though issue 1 was not named."""
    check(site, "issues/issue-2.md")
    first = site / "issues" / "issue-1.md"
    first.write_text(
        first.read_text(encoding="utf-8").replace(":name: bounded-loops", ":name: bounded-lops"),
        encoding="utf-8",
    )
    result = check(site, "issues/issue-2.md")
    assert result.stdout.splitlines() == issue_2_warnings(site)[:2]


def test_a_warning_emitted_after_reading_is_reported_every_time(site: Path) -> None:
    """A check across pages (``env-check-consistency``, here the project's own) about
    the named issue is reported, on the first check and from the cache; about another
    page it is not shown."""
    (site / "editorial.py").write_text(EDITORIAL, encoding="utf-8")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('import sys\nsys.path.insert(0, ".")\nextensions.append("editorial")\n')
    first = site / "issues" / "issue-1.md"
    first.write_text(first.read_text(encoding="utf-8") + "\nTODO: a talk\n", encoding="utf-8")
    expected = f"{first}:17: WARNING: an editor's TODO is left [editorial.todo]\n"
    for _ in range(2):
        result = check(site, "issues/issue-1.md")
        assert (result.returncode, result.stdout) == (1, expected)
    other = check(site, "issues/issue-2.md")
    assert other.stdout.splitlines() == issue_2_warnings(site)
    assert other.stderr == "bpfnews check: 3 warnings in 1 issue\n"


def test_the_project_is_found_from_the_issues_or_named(site: Path, tmp_path: Path) -> None:
    """From elsewhere: the folder holding ``conf.py`` above the named issue, or the one
    ``--conf`` names (with ``--cache`` somewhere else)."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = bpfnews("check", str(site / "issues" / "issue-2.md"), cwd=outside)
    assert result.stdout.splitlines() == issue_2_warnings(site)
    cache = tmp_path / "cache"
    result = bpfnews("check", "--conf", str(site), "--cache", str(cache), cwd=outside)
    assert result.returncode == 1
    assert result.stdout.splitlines() == issue_2_warnings(site)
    assert (cache / "doctrees" / "environment.pickle").is_file()


def test_a_setting_can_be_overridden_as_with_sphinx_build(site: Path) -> None:
    """``-D`` as ``sphinx-build -D``: warnings of that type suppressed, here."""
    result = check(site, "-D", "suppress_warnings=bpfnews.series", "issues/issue-2.md")
    assert result.stdout.splitlines() == [
        line for line in issue_2_warnings(site) if "[bpfnews.series]" not in line
    ]


def test_a_warning_about_the_whole_project_is_shown_on_stderr(site: Path) -> None:
    """A setting the extension cannot use changes what is checked: it is said, on
    stderr, without counting as the issue's."""
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('bpfnews_recent_issues = "five"\n')
    result = check(site, "issues/issue-1.md")
    assert (result.returncode, result.stdout) == (0, "")
    first, summary = result.stderr.splitlines()
    assert first.startswith("WARNING: bpfnews_recent_issues = 'five' cannot be used")
    assert summary == "bpfnews check: no warnings in 1 issue"


@pytest.mark.parametrize(
    ("args", "change", "reason"),
    [
        (["issues/issue-9.md"], "", "issues/issue-9.md: no such file"),
        (["issues"], "", "issues: a folder; name the issues' files (issues/*.md)"),
        (["conf.py"], "", "conf.py: not a page of the project (its pages end in .rst, .md)"),
        (
            ["index.md"],
            "",
            "index.md: a page of the project but not an issue (bpfnews_issues does not "
            "match it and its front matter has no 'issue:')",
        ),
        (
            ["issues/issue-1.md"],
            "exclude_patterns.append('issues/issue-1.md')\n",
            "issues/issue-1.md: not a page of the project (excluded)",
        ),
        (
            ["issues/issue-1.md"],
            "extensions.append('no_such_extension')\n",
            "Could not import extension no_such_extension (exception: No module named "
            "'no_such_extension')",
        ),
        (
            [],
            "html_baseurl = (\n",
            "There is a syntax error in your configuration file: '(' was never closed "
            "(conf.py, line 7)",
        ),
        (
            [],
            "raise RuntimeError('no network here')\n",
            "There is a programmable error in your configuration file: RuntimeError: no "
            "network here",
        ),
        (["--conf", "issues"], "", "issues: no conf.py there"),
        (["-D", "language"], "", "-D language: write -D name=value"),
    ],
)
def test_what_cannot_be_checked_exits_2_with_one_line(
    site: Path, args: list[str], change: str, reason: str
) -> None:
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(change)
    result = check(site, *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"bpfnews check: {reason}\n"


def test_no_project_and_two_projects_exit_2(site: Path, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    result = bpfnews("check", cwd=alone)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "bpfnews check: no conf.py in the current folder or above it; name the project "
        "with --conf\n"
    )
    other = tmp_path / "other"
    shutil.copytree(site, other)
    result = bpfnews(
        "check", str(site / "issues" / "issue-1.md"), str(other / "issues" / "issue-1.md")
    )
    assert result.returncode == 2
    assert "belong to different projects" in result.stderr
    outside = tmp_path / "note.md"
    outside.write_text("# A note\n", encoding="utf-8")
    result = bpfnews("check", "--conf", str(site), str(outside))
    assert (result.returncode, result.stderr) == (
        2,
        f"bpfnews check: {outside}: not in the project {site}\n",
    )


def test_help_says_what_it_prints_and_its_exit_status() -> None:
    result = bpfnews("check", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for promise in ("sphinx-build prints it", "Exit status: 0", "--conf", "--cache", "-D"):
        assert promise in text, promise


WORKFLOW = DOCS / "snippets" / "ci" / "check-issues.yml"
SCHEMA = "vendor.github-workflows"


def workflow_steps() -> list[dict[str, object]]:
    config = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = config["jobs"].values()
    steps = job["steps"]
    assert isinstance(steps, list)
    return steps


def recipe_commands() -> dict[str, str]:
    """The documented ways to check a pull request's issues: the workflow's step and
    the one line for other CI systems, each a shell command."""
    (step,) = [s for s in workflow_steps() if "bpfnews check" in str(s.get("run", ""))]
    (block,) = [
        b for b in code_blocks([DOCS / "checking.md"]) if checked_by(b) == "tests/test_check.py"
    ]
    (line,) = block.commands()
    return {"workflow": str(step["run"]), "one line": line}


def test_the_workflow_matches_githubs_schema_and_installs_the_requirements(
    tmp_path: Path,
) -> None:
    """GitHub accepts the workflow (the schema check-jsonschema ships); it installs
    the ``requirements.txt`` that ``bpfnews init`` writes, which brings the command."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", SCHEMA, str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    runs = [str(step.get("run", "")) for step in workflow_steps()]
    assert "pip install -r requirements.txt" in runs
    assert bpfnews("init", "site", cwd=tmp_path).returncode == 0
    assert "sphinxcontrib-bpfnews" in (tmp_path / "site" / "requirements.txt").read_text(
        encoding="utf-8"
    )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone of a site whose ``main`` has the first issue, on a branch ``pr``."""
    upstream = tmp_path / "upstream"
    shutil.copytree(PROJECT, upstream, ignore=shutil.ignore_patterns("issue-2.md", "_build"))
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "The first issue")
    clone = (tmp_path / "clone").resolve()
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    git(clone, "checkout", "-q", "-b", "pr")
    return clone


def run_recipe(command: str, clone: Path) -> subprocess.CompletedProcess[str]:
    """``command`` as GitHub runs a step (``bash -e``), for a pull request to ``main``,
    with this environment's ``bpfnews`` first on the path."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=clone,
        env={**os.environ, "GITHUB_BASE_REF": "main", "PATH": path},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.mark.parametrize("recipe", ["workflow", "one line"])
def test_the_ci_recipe_checks_the_issues_a_pull_request_changes(
    pull_request: Path, recipe: str
) -> None:
    """The documented command, run as written: a pull request that adds an issue with
    problems fails with its warnings; one that changes a clean issue, or no issue,
    or only deletes one, passes."""
    command = recipe_commands()[recipe]
    shutil.copy(PROJECT / "issues" / "issue-2.md", pull_request / "issues" / "issue-2.md")
    (pull_request / "index.md").write_text("# BPF Weekly, every week\n", encoding="utf-8")
    git(pull_request, "add", ".")
    git(pull_request, "commit", "-q", "-m", "The second issue")
    result = run_recipe(command, pull_request)
    assert result.returncode == 123, result.stderr
    assert result.stdout.splitlines() == issue_2_warnings(pull_request)
    assert "bpfnews check: 3 warnings in 1 issue\n" in result.stderr

    git(pull_request, "rm", "-q", "issues/issue-2.md")
    first = pull_request / "issues" / "issue-1.md"
    first.write_text(first.read_text(encoding="utf-8") + "\nMore next week.\n", encoding="utf-8")
    git(pull_request, "commit", "-q", "-a", "-m", "Only the first issue, longer")
    result = run_recipe(command, pull_request)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert result.stderr.endswith("bpfnews check: no warnings in 1 issue\n")

    git(pull_request, "rm", "-q", "issues/issue-1.md")
    git(pull_request, "commit", "-q", "-m", "No issue at all")
    result = run_recipe(command, pull_request)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
