"""The two programs a reader runs, each in a process of its own, as the reader would:
``sphinx-build`` and ``bpfnews``, their output captured for the test to read."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

#: Long enough for a PDF on a busy machine; a build that hangs still fails.
TIMEOUT = 1800


def sphinx_build(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    python: str | Path = sys.executable,
) -> subprocess.CompletedProcess[str]:
    """``sphinx-build ARGS``, as ``python -m sphinx`` of this Python or of ``python``,
    another environment's.

    Its messages without colours, which Sphinx 9 adds whenever ``CI`` is set (as in
    CI), so that tests read the lines a reader's log holds.
    """
    return subprocess.run(
        [str(python), "-m", "sphinx", *map(str, args)],
        cwd=cwd,
        env={**(os.environ if env is None else env), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )


def bpfnews(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``bpfnews ARGS``, as ``python -m sphinxcontrib_bpfnews`` of this Python."""
    return subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_bpfnews", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )
