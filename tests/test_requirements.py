"""A new site's ``requirements.txt`` names the extension the way it was installed.

Read the Docs installs the site's ``requirements.txt``; until there is a release on
PyPI, a version requirement cannot install there. ``bpfnews init`` writes the line
from how pip installed the extension that runs it (its ``direct_url.json``): the
Git address and commit, served here by ``git daemon`` on 127.0.0.1; the remote of a
checkout, with notes for changes not committed or not pushed; and a folder of this
machine, with a note that another machine cannot reach it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from typing import TYPE_CHECKING

import pytest

from sphinxcontrib_bpfnews import __version__

from .environments import (
    GIT,
    NAME,
    NOT_SOURCE,
    dependencies,
    fresh_environment,
    init_site,
    pip_install,
    run,
    source,
    where_imported,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["dependencies", "source"]  # fixtures


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def git_server(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The working tree committed to a repository that ``git daemon`` serves on
    127.0.0.1: (its address, the commit)."""
    root = tmp_path_factory.mktemp("git")
    work = root / "work"
    shutil.copytree(source, work, ignore=NOT_SOURCE)
    run([*GIT, "init", "-q", "-b", "main"], cwd=work)
    run([*GIT, "add", "-A"], cwd=work)
    run([*GIT, "commit", "-q", "-m", "The release to install"], cwd=work)
    commit = run(["git", "rev-parse", "HEAD"], cwd=work).strip()
    served = root / "served"
    run(["git", "clone", "-q", "--bare", str(work), str(served / f"{NAME}.git")])
    port = free_port()
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--listen=127.0.0.1",
            f"--port={port}",
            f"--base-path={served}",
            str(served),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"git://127.0.0.1:{port}/{NAME}.git"
    try:
        deadline = time.monotonic() + 30
        while subprocess.run(
            ["git", "ls-remote", url], capture_output=True, check=False
        ).returncode:
            assert time.monotonic() < deadline and daemon.poll() is None, "git daemon did not start"
            time.sleep(0.2)
        yield url, commit
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def test_a_git_address_is_pinned_to_the_commit_and_installs_again(
    git_server: tuple[str, str], tmp_path: Path, dependencies: Path
) -> None:
    """Installed from a Git address: the site's line names that address at the commit
    installed, and that line installs the same extension in another environment."""
    url, commit = git_server
    python = fresh_environment(tmp_path / "env", dependencies)
    pip_install(python, f"{NAME} @ git+{url}@main")
    requirements, said = init_site(python, tmp_path / "site")
    line = requirements.splitlines()[-1]
    assert line == f"{NAME} @ git+{url}@{commit}"
    assert "To do" not in requirements and said == ""

    # The site's requirements.txt, as Read the Docs installs it.
    again = fresh_environment(tmp_path / "again", dependencies)
    pip_install(again, "--requirement", str(tmp_path / "site" / "requirements.txt"))
    assert where_imported(again).is_relative_to(tmp_path / "again")
    assert run([str(again.parent / "bpfnews"), "--version"]).strip() == f"bpfnews {__version__}"


def test_a_checkout_is_named_by_its_remote(
    git_server: tuple[str, str], tmp_path: Path, dependencies: Path
) -> None:
    """Installed from a checkout (editable, as developers do): the line names the
    checkout's remote at its commit; with changes not committed, a note says so."""
    url, commit = git_server
    checkout = tmp_path / NAME
    run(["git", "clone", "-q", url, str(checkout)])
    python = fresh_environment(tmp_path / "env", dependencies)
    pip_install(python, "--editable", str(checkout))
    requirements, said = init_site(python, tmp_path / "site")
    assert requirements.splitlines()[-1] == f"{NAME} @ git+{url}@{commit}"
    assert "To do" not in requirements and said == ""

    with (checkout / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("A change of one's own.\n")
    requirements, said = init_site(python, tmp_path / "site2")
    assert requirements.splitlines()[-1] == f"{NAME} @ git+{url}@{commit}"
    assert "has changes that are not committed" in requirements
    assert "has changes that are not committed" in said

    run([*GIT, "commit", "-q", "-am", "Not pushed"], cwd=checkout)
    unpushed = run(["git", "rev-parse", "HEAD"], cwd=checkout).strip()
    requirements, said = init_site(python, tmp_path / "site3")
    assert requirements.splitlines()[-1] == f"{NAME} @ git+{url}@{unpushed}"
    assert "push it first" in requirements and "push it first" in said


def test_a_folder_is_named_with_a_note(source: Path, tmp_path: Path, dependencies: Path) -> None:
    """Installed from a folder that is no Git checkout: the line names the folder, and
    the file and the command say that Read the Docs cannot reach it."""
    python = fresh_environment(tmp_path / "env", dependencies)
    pip_install(python, str(source))
    requirements, said = init_site(python, tmp_path / "site")
    assert requirements.splitlines()[-1] == f"{NAME} @ {source.as_uri()}"
    assert "# To do: " in requirements
    assert said.startswith("bpfnews init: requirements.txt: ") and "Read the Docs" in said


def test_a_folder_inside_another_checkout_is_not_that_checkout(
    source: Path, tmp_path: Path, dependencies: Path
) -> None:
    """A copy kept in an ignored folder of some other repository (a build folder, a
    tox environment) is named as the folder it is, not as that repository."""
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / ".gitignore").write_text("copies/\n", encoding="utf-8")
    (outer / "README.md").write_text("Another project.\n", encoding="utf-8")
    run([*GIT, "init", "-q", "-b", "main"], cwd=outer)
    run([*GIT, "add", "-A"], cwd=outer)
    run([*GIT, "commit", "-q", "-m", "Another project"], cwd=outer)
    run([*GIT, "remote", "add", "origin", "https://git.example.org/another.git"], cwd=outer)
    copy = outer / "copies" / NAME
    shutil.copytree(source, copy, ignore=NOT_SOURCE)
    python = fresh_environment(tmp_path / "env", dependencies)
    pip_install(python, str(copy))
    requirements, said = init_site(python, tmp_path / "site")
    assert requirements.splitlines()[-1] == f"{NAME} @ {copy.as_uri()}"
    assert "Read the Docs" in said
