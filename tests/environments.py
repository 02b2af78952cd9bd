"""Fresh virtual environments that install the extension offline.

The release and requirements tests install the extension as users do, into an
environment that does not have it, without the network: the environment borrows
the test environment's other packages (Sphinx, MyST ...), and pip installs the
extension alone (``--no-index --no-deps``), building it without isolation with the
flit_core of the test extra.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import REPO

NAME = "sphinxcontrib-bpfnews"
#: What a checkout holds that no distribution should: caches, builds, environments.
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".tox",
    "_build",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    ".hypothesis",
    "dist",
    "mutants",
    "*.egg-info",
)
GIT = ["git", "-c", "user.name=Release Test", "-c", "user.email=release@example.org"]


def run(argv: list[str], cwd: Path | None = None, **kwargs: object) -> str:
    """Run ``argv``; its output, and a failure with the output when it fails."""
    result = subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, check=False, timeout=600, **kwargs
    )  # type: ignore[call-overload]
    assert result.returncode == 0, (argv, result.stdout[-3000:], result.stderr[-3000:])
    return str(result.stdout)


def source_files(root: Path) -> set[str]:
    """The files of a source tree, as relative paths, without caches and builds."""
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not any(part == "__pycache__" for part in path.parts)
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the working tree, as a fresh checkout would have it."""
    copy = tmp_path_factory.mktemp("source") / NAME
    shutil.copytree(REPO, copy, ignore=NOT_SOURCE)
    return copy


@pytest.fixture(scope="module")
def dependencies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the test environment's packages (Sphinx, MyST ...) but not the
    extension, for fresh environments to borrow."""
    folder = tmp_path_factory.mktemp("dependencies")
    for site_packages in sorted({sysconfig.get_paths()[key] for key in ("purelib", "platlib")}):
        for entry in Path(site_packages).iterdir():
            name = entry.name.lower().lstrip("_")
            if name.startswith(("sphinxcontrib_bpfnews", "editable__", "__editable__")):
                continue
            if not (folder / entry.name).exists():
                (folder / entry.name).symlink_to(entry)
    return folder


def fresh_environment(root: Path, dependencies: Path) -> Path:
    """A new virtual environment without the extension, which sees ``dependencies``
    after its own packages, so that installing the extension alone needs no network.
    Its Python."""
    run([sys.executable, "-m", "venv", "--without-pip", str(root)])
    python = root / "bin" / "python"
    own = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    (Path(own.strip()) / "dependencies.pth").write_text(f"{dependencies}\n")
    return python


def pip_install(python: Path, *args: str, cwd: Path | None = None) -> None:
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-index",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            *args,
        ],
        cwd=cwd,
    )


def init_site(python: Path, site: Path) -> tuple[str, str]:
    """``bpfnews init`` of the environment of ``python``: the extension's line of the
    site's ``requirements.txt`` with the comments above it, and what it said on
    standard error."""
    result = subprocess.run(
        [str(python.parent / "bpfnews"), "init", str(site)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stderr
    lines = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "sphinx-autobuild"
    return "\n".join(lines[:-1]), result.stderr


def where_imported(python: Path) -> Path:
    code = "import sphinxcontrib_bpfnews as m; print(m.__file__)"
    output = run([str(python), "-c", code], cwd=python.parent)
    return Path(output.strip())
