"""The ``bpfnews`` command."""

from __future__ import annotations

import subprocess
import sys

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.diagnostics import SUBTYPES


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_bpfnews", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"bpfnews {__version__}"
    result = run()
    assert result.returncode == 0 and "warnings" in result.stdout


def test_warnings_lists_every_type() -> None:
    lines = run("warnings").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [f"bpfnews.{s}" for s in SUBTYPES]
