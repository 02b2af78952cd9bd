"""The live preview: sphinx-autobuild serves the components and rebuilds once per edit."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from .conftest import BASE_CONF

if TYPE_CHECKING:
    from collections.abc import Callable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def fetch(url: str) -> str:
    """The page, or "" while it cannot be read: the server is not up yet, or the
    page is being rewritten (it can end before its announced length)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, http.client.HTTPException):
        return ""


def test_autobuild_serves_and_does_not_loop() -> None:
    # Not under pytest's basetemp: in tox that lies inside .tox, a folder the
    # preview's file watcher ignores.
    with tempfile.TemporaryDirectory(prefix="bpfnews-live-") as folder:
        run_preview(Path(folder))


def test_autobuild_previews_drafts_as_the_docs_say() -> None:
    """``-D bpfnews_show_drafts=1`` on sphinx-autobuild's command line (docs/site.md)
    lists a draft in the archive it serves."""
    with tempfile.TemporaryDirectory(prefix="bpfnews-live-") as folder:
        root = Path(folder)
        source = root / "src"
        (source / "issues").mkdir(parents=True)
        (source / "conf.py").write_text(BASE_CONF, encoding="utf-8")
        (source / "index.md").write_text("# News\n", encoding="utf-8")
        for name, front in (("one", "date: 2017-09-11"), ("two", "date: 2017-09-18\ndraft: true")):
            (source / "issues" / f"{name}.md").write_text(
                f"---\n{front}\n---\n\n# Issue {name}\n",
                encoding="utf-8",
            )
        port = free_port()
        log = root / "autobuild.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                [
                    *(sys.executable, "-m", "sphinx_autobuild", str(source), str(root / "out")),
                    *("--host", "127.0.0.1", "--port", str(port), "-D", "bpfnews_show_drafts=1"),
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        archive = f"http://127.0.0.1:{port}/archive.html"
        try:
            assert wait_for(lambda: "Issue two" in fetch(archive)), log.read_text()
            assert "Issue one" in fetch(archive)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run_preview(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(BASE_CONF)
    page = source / "index.md"
    page.write_text("# Issue\n\n```{highlight}\n- First item.\n```\n")
    port = free_port()
    log = tmp_path / "autobuild.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sphinx_autobuild",
                str(source),
                str(tmp_path / "out"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "bpfnews-highlight" in fetch(url)), log.read_text()
        page.write_text(page.read_text() + "\n```{talk} Added while previewing\n```\n")
        assert wait_for(lambda: "Added while previewing" in fetch(url)), log.read_text()
        time.sleep(3)  # a build that triggered itself would start within this time
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Sphinx's own first line, once per build: sphinx-autobuild 2024.2 builds in its
    # own process and logs "> sphinx-build", later releases run "python -m sphinx build".
    builds = log.read_text().count("Running Sphinx v")
    assert builds == 2, log.read_text()
