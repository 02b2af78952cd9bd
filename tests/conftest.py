"""Shared fixtures: tiny Sphinx projects built for real, and the TeX gate.

PDF tests need xelatex, latexmk and pdftotext. Where they are missing the tests
skip with the reason; under CI (``CI=true``) a missing tool is a failure and so is
any skipped test, because a test that does not run proves nothing.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).parent
REPO = TESTS.parent
DOCS = REPO / "docs"
SNIPPETS = DOCS / "snippets"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Under CI the property tests draw the same examples in every run (for one version
# of Hypothesis), so a run fails for what changed, not for a draw no run before
# made; searching for new failures is for local runs, as long as wanted
# (BPFNEWS_FUZZ_EXAMPLES, see docs/development.md).
settings.register_profile("ci", derandomize=True)
if IN_CI:
    settings.load_profile("ci")
#: The browser tests need the themes and Chromium: the ``visual`` tox environment
#: installs the themes and sets this; elsewhere the file is not collected.
collect_ignore = [] if os.environ.get("BPFNEWS_VISUAL") else ["test_visual.py"]
TEX_TOOLS = ("xelatex", "latexmk", "pdftotext")

BASE_CONF = """\
project = "Test"
extensions = ["myst_parser", "sphinxcontrib_bpfnews"]
myst_enable_extensions = ["colon_fence"]
latex_engine = "xelatex"
latex_use_xindy = False
"""

CJK_LATEX_CONF = r'''
latex_elements = {"preamble": r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK JP}
\setCJKsansfont{Noto Sans CJK JP}
\setCJKmonofont{Noto Sans Mono CJK JP}
"""}
'''

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app: SphinxTestApp) -> str:
    """The build's warnings without terminal colours."""
    return _ANSI.sub("", app.warning.getvalue())


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Callable[..., SphinxTestApp]:
    """Build a project made of ``files`` (name to text) with a real ``sphinx-build``.

    ``conf`` is appended to the base configuration.
    """
    counter = iter(range(1000))

    def _build(
        files: dict[str, str], buildername: str = "html", conf: str = "", **kwargs: Any
    ) -> SphinxTestApp:
        srcdir = tmp_path / f"project{next(counter)}"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(BASE_CONF + conf, encoding="utf-8")
        for name, text in files.items():
            path = srcdir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return built(make_app(buildername, srcdir=srcdir, **kwargs))

    return _build


def built(app: SphinxTestApp) -> SphinxTestApp:
    """``app`` after its build, cleaned up whether the build failed or not."""
    try:
        app.build()
    finally:
        # Restore docutils' registries so the next project in this test starts clean.
        app.cleanup()
    return app


def require_tools(tools: tuple[str, ...], reason: str) -> None:
    """Skip without ``tools`` on ``PATH``, and fail under CI."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"{reason} needs {', '.join(missing)}: apt-get install ... (see README)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def tex() -> None:
    """Require the TeX tools: skip without them, fail under CI."""
    require_tools(TEX_TOOLS, "PDF test")


@pytest.fixture
def epubcheck() -> list[str]:
    """The command that runs the ePub checker (Debian's ``epubcheck``): skip without
    it, fail under CI.

    Debian installs it as a bare ``.jar`` that only a registered binary format makes
    executable, which containers often lack, so it is run with ``java -jar``.
    """
    require_tools(("epubcheck", "java"), "ePub check")
    program = Path(str(shutil.which("epubcheck"))).resolve()
    return ["java", "-jar", str(program)] if program.suffix == ".jar" else [str(program)]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI, any skipped test fails the run."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        if reporter:
            reporter.write_line(f"CI: {len(skipped)} test(s) skipped; failing the run", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight to the test's server, whatever proxy the
    environment names: downloads use the environment's proxies, and a ``bpfnews``
    subprocess inherits the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
