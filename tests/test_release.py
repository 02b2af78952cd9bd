"""Releasing: the distributions are built with the commands ``docs/development.md``
gives, pass ``twine check --strict``, carry what ``pyproject.toml`` says, and install
and work in a fresh environment; the release workflow, which cannot run here, has
the steps the docs promise, and its version check is run.

Everything is offline: the distributions are built without build isolation, and
fresh environments install the package alone (see :mod:`tests.environments`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from typing import TYPE_CHECKING

import pytest
import yaml

from sphinxcontrib_bpfnews import __version__

from .commands import sphinx_build
from .conftest import DOCS, REPO
from .environments import (
    NAME,
    NOT_SOURCE,
    dependencies,
    fresh_environment,
    init_site,
    pip_install,
    run,
    source,
    source_files,
    where_imported,
)
from .snippets import code_blocks
from .test_snippets import RELEASE_COMMANDS, expanded

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["dependencies", "source"]  # fixtures

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"


def release_commands() -> list[str]:
    (block,) = [
        block
        for block in code_blocks([DOCS / "development.md"])
        if block.commands() and block.commands()[0].startswith(RELEASE_COMMANDS)
    ]
    return block.commands()


@pytest.fixture(scope="module")
def dist(source: Path) -> Path:
    """The sdist and the wheel, made by the commands of "Releasing" in the docs, run in
    the copy: ``python -m build`` without isolation (its build requirement, flit_core,
    comes with the test extra, so nothing is downloaded), then ``twine check``."""
    commands = release_commands()
    assert [command.split()[1:3] for command in commands] == [
        ["-m", "build"],
        ["check", "--strict"],
    ]
    for command in commands:
        _, *args = shlex.split(command)
        if args[:2] == ["-m", "build"]:
            argv = [sys.executable, "-m", "build", "--no-isolation", *args[2:]]
        else:
            files = [match for arg in args for match in expanded(arg, source)]
            argv = [sys.executable, "-m", "twine", *files]
        output = run(argv, cwd=source)
        if "twine" in argv:
            assert output.count("PASSED") == 2, output
    return source / "dist"


def distributions(dist: Path) -> tuple[Path, Path]:
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    return sdist, wheel


def test_distributions_are_named_for_the_version(dist: Path) -> None:
    sdist, wheel = distributions(dist)
    assert sdist.name == f"sphinxcontrib_bpfnews-{__version__}.tar.gz"
    assert wheel.name == f"sphinxcontrib_bpfnews-{__version__}-py3-none-any.whl"


def test_sdist_holds_what_pyproject_includes(dist: Path, source: Path) -> None:
    """The docs, the tests and the files ``[tool.flit.sdist]`` names, nothing it
    excludes, and the package with every file of it."""
    sdist, _ = distributions(dist)
    with tarfile.open(sdist) as archive:
        prefix = f"sphinxcontrib_bpfnews-{__version__}/"
        names = {name.removeprefix(prefix) for name in archive.getnames()}
    settings = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))
    included = settings["tool"]["flit"]["sdist"]["include"]
    excluded = settings["tool"]["flit"]["sdist"]["exclude"]
    expected = {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"}
    for entry in [*included, "sphinxcontrib_bpfnews/"]:
        if entry.endswith("/"):
            files = {name for name in source_files(source) if name.startswith(entry)}
            assert files, entry
            expected |= {name for name in files if not name.startswith(tuple(excluded))}
        else:
            expected.add(entry)
    assert sorted(expected - names) == []
    assert [name for name in names if name.startswith(tuple(excluded))] == []
    assert "docs/index.md" in names and "tests/conftest.py" in names


def test_wheel_holds_every_file_of_the_package(dist: Path, source: Path) -> None:
    """Templates, stylesheet, LaTeX package, schema and catalogs, and the command."""
    _, wheel = distributions(dist)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"sphinxcontrib_bpfnews-{__version__}.dist-info"
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
    package = {name for name in source_files(source) if name.startswith("sphinxcontrib_bpfnews/")}
    assert sorted(package - names) == []
    assert "bpfnews=sphinxcontrib_bpfnews.cli:main" in entry_points.replace(" ", "")
    assert f"Version: {__version__}" in metadata
    assert "Description-Content-Type: text/markdown" in metadata


def test_wheel_installed_by_name_works_and_pins_the_release(
    dist: Path, tmp_path: Path, dependencies: Path
) -> None:
    """Installed by name, as from PyPI: the command runs, a site builds with ``-W``,
    and the site's requirements name the release."""
    python = fresh_environment(tmp_path / "env", dependencies)
    pip_install(python, "--find-links", str(dist), NAME)
    assert where_imported(python).is_relative_to(tmp_path / "env")
    version = run([str(python.parent / "bpfnews"), "--version"])
    assert version.strip() == f"bpfnews {__version__}"
    requirements, said = init_site(python, tmp_path / "site")
    assert requirements.splitlines()[-1] == f"{NAME}=={__version__}"
    assert "To do" not in requirements and said == ""
    result = sphinx_build(
        "-W", "-q", "-b", "html", tmp_path / "site", tmp_path / "html", python=python
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "archive.html").is_file()


def test_a_wheel_file_is_named_with_its_hash_and_a_note(
    dist: Path, tmp_path: Path, dependencies: Path
) -> None:
    """A wheel installed from a file of this machine: the line names the file and its
    hash, and says that Read the Docs cannot reach it."""
    _, wheel = distributions(dist)
    python = fresh_environment(tmp_path / "env", dependencies)
    pip_install(python, str(wheel))
    requirements, said = init_site(python, tmp_path / "site")
    line = requirements.splitlines()[-1]
    assert re.fullmatch(rf"{NAME} @ {re.escape(wheel.as_uri())}#sha256=[0-9a-f]{{64}}", line)
    assert "# To do: " in requirements and "Read the Docs cannot reach" in said


def workflow() -> dict[str, object]:
    config = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    # YAML 1.1 reads the key "on" as true.
    config["on"] = config.pop(True, config.get("on"))
    return config


def steps(job: dict[str, object]) -> list[dict[str, str]]:
    found = job["steps"]
    assert isinstance(found, list)
    return found


def test_release_workflow_does_what_the_docs_say() -> None:
    """A version tag triggers it; it checks the tag, builds and checks the
    distributions with the documented commands, and publishes them with trusted
    publishing (an OIDC token, no secret) from the ``pypi`` environment."""
    config = workflow()
    assert config["on"] == {"push": {"tags": ["v*"]}}
    jobs = config["jobs"]
    assert isinstance(jobs, dict) and set(jobs) == {"build", "publish"}
    runs = [step.get("run", "") for step in steps(jobs["build"])]
    documented = [command.removeprefix(".venv/bin/") for command in release_commands()]
    for command in documented:
        assert command.removeprefix("python ").startswith(("-m build", "twine")), command
        assert any(command in script for script in runs), command
    assert any("GITHUB_REF_NAME" in script for script in runs)
    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [step.get("uses", "") for step in steps(publish)]
    assert any(use.startswith("pypa/gh-action-pypi-publish@") for use in uses)
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
    page = (DOCS / "development.md").read_text(encoding="utf-8")
    for promise in ("## Releasing", "release.yml", "trusted publish", "`pypi`", "CHANGELOG.md"):
        assert promise in page, promise


def test_release_workflow_matches_githubs_schema() -> None:
    """The workflow is one GitHub accepts (the schema check-jsonschema ships)."""
    argv = [sys.executable, "-m", "check_jsonschema", "--builtin-schema"]
    run([*argv, "vendor.github-workflows", str(WORKFLOW)])


def version_check() -> str:
    """The workflow step that compares the tag with the version and the changelog."""
    (script,) = [
        step["run"]
        for step in steps(workflow()["jobs"]["build"])  # type: ignore[index]
        if "GITHUB_REF_NAME" in step.get("run", "")
    ]
    return script


@pytest.mark.parametrize(
    ("tag", "changelog_section", "accepted"),
    [
        (f"v{__version__}", f"## [{__version__}] - 2027-01-15", True),
        (f"v{__version__}", "", False),
        (f"v{__version__}", f"## [{__version__}]", False),
        ("v99.0.0", f"## [{__version__}] - 2027-01-15", False),
    ],
)
def test_release_refuses_a_tag_that_is_not_the_version(
    tmp_path: Path, tag: str, changelog_section: str, accepted: bool
) -> None:
    """The workflow's check, run in a copy whose changelog has (or lacks) the
    version's section: only the version's tag with a dated section passes."""
    shutil.copytree(
        REPO / "sphinxcontrib_bpfnews", tmp_path / "sphinxcontrib_bpfnews", ignore=NOT_SOURCE
    )
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    changelog = changelog.replace("## [Unreleased]", f"## [Unreleased]\n\n{changelog_section}")
    (tmp_path / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    result = subprocess.run(
        ["bash", "-e", "-c", version_check()],
        cwd=tmp_path,
        env={**os.environ, "GITHUB_REF_NAME": tag},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode == 0) is accepted, result.stderr


def test_changelog_keeps_a_changelog() -> None:
    """Keep a Changelog: an Unreleased section first, then each version with its date,
    newest first."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections[0] == "[Unreleased]"
    for section in sections[1:]:
        assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", section), section
    assert "Keep a Changelog" in text
    assert re.search(r"^### (Added|Changed|Deprecated|Removed|Fixed|Security)$", text, re.M)
