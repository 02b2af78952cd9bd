"""Every code block of the README and the documentation works as written.

Readers copy these blocks, so each is a fixture: ``conf.py`` snippets and issue
pages are built with ``-W`` (the README's quick start also to a PDF, with the
commands it gives), ``bpfnews`` commands are run and give what the page shows, and
the stylesheet example names what the stylesheet has. A block that no test can run
(it installs packages, say) is listed in ``UNCHECKED`` with the reason; a new block
that is neither checked nor listed fails ``test_every_block_is_checked_or_listed``.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .commands import bpfnews, sphinx_build
from .conftest import REPO, SNIPPETS
from .pdf_tools import normalized, pdf_text, undefined_references
from .snippets import Block, code_blocks, named_files

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable

BLOCKS = code_blocks()
README = [block for block in BLOCKS if block.page == "README.md"]
DOCS_BLOCKS = [block for block in BLOCKS if block.page != "README.md"]

#: Blocks no test runs, by page and first command (or first line), with the reason.
UNCHECKED = {
    ("README.md", "pip install ./sphinxcontrib-bpfnews"): "installs from the network; "
    "tests/test_release.py installs a checkout, a Git address and the wheel offline",
    ("README.md", "make site"): "sets up .venv from the network and builds the docs; the "
    "docs tests build the same project",
    ("README.md", "sudo apt-get install"): "installs system packages",
    ("docs/install.md", "pip install ./sphinxcontrib-bpfnews"): "installs from the network; "
    "tests/test_release.py installs a checkout offline",
    ("docs/install.md", 'pip install "sphinxcontrib-bpfnews @ git+URL'): "URL stands for "
    "the repository's address; tests/test_release.py installs from a Git address",
    ("docs/install.md", "sphinx-autobuild docs"): "a server that runs until stopped; "
    "tests/test_live_preview.py runs sphinx-autobuild on 127.0.0.1 the same way",
    ("docs/install.md", "sudo apt-get install"): "installs system packages",
    ("docs/development.md", "BPFNEWS_FUZZ_EXAMPLES=500"): "a longer run of "
    "tests/test_fuzz.py itself",
    ("docs/development.md", ".venv/bin/pip install 'mutmut"): "installs mutmut and "
    "mutates the code for minutes; the page gives the figures of a real run",
    ("docs/development.md", "git tag v"): "publishes a release",
    ("docs/development.md", ".venv/bin/pytest tests/test_subjects.py"): "runs tests of "
    "the suite this test belongs to",
    ("docs/development.md", ".venv/bin/python -m tests.visual"): "remakes the gallery in "
    "Chromium; the visual tox environment builds and checks the same pages",
    ("docs/development.md", "make bench"): "measures for about 40 minutes; the bench tox "
    "environment runs the quick mode",
    ("docs/sending.md", "export BPFNEWS_SMTP_PASSWORD"): "sends mail through a provider; "
    "tests/test_send.py sends the same file to an SMTP server of its own, with the "
    "password from the environment, over STARTTLS and TLS",
    ("docs/sending.md", "bpfnews send: 1 of 2"): "the form of the reasons; "
    "tests/test_send.py checks each reason line",
    ("docs/sending.md", "sphinx-build -b bpfnews-email"): "tests/test_email.py runs the "
    "same builds, with and without bpfnews_email_issues",
    ("docs/sending.md", "issues/bpf-updates-11.eml: "): "the build log's line; "
    "tests/test_email.py checks it against a build of the example issues",
    ("docs/sending.md", "[PATCH v3 net-next 0/7]"): "a series in the text part; "
    "tests/test_email.py checks it against a build of the example issues",
    ("docs/configuration.md", ".venv/bin/pybabel init"): "writes a catalog for a new "
    "language into the package; tests/test_i18n.py checks every catalog",
    ("docs/site.md", "sphinx-build -M latexpdf docs docs/_build"): "builds the "
    "documentation's PDFs for minutes; tests/test_pdf_links.py builds sites whose PDFs "
    "are where -M latexpdf leaves them",
    ("docs/site.md", "sphinx-autobuild . _build/live"): "a server that runs until "
    "stopped; tests/test_live_preview.py runs sphinx-autobuild on 127.0.0.1 with "
    "-D bpfnews_show_drafts=1 the same way and finds the draft listed",
}
#: The release's commands, which ``tests/test_release.py`` runs.
RELEASE_COMMANDS = (".venv/bin/python -m build", ".venv/bin/twine check")
#: Commands of ours, which ``test_commands_give_what_the_pages_show`` runs.
OURS = ("bpfnews ", "cd ")
#: Files the pages' commands work on, by page: what an old blog's folder holds.
SANDBOX: dict[str, Callable[[Path], None]] = {
    "docs/importing.md": lambda root: _copy(
        SNIPPETS / "import" / "before.md", root / "old-blog" / "content" / "before.md"
    ),
    "docs/mail.md": lambda root: _copy(SNIPPETS / "mail" / "week.mbox", root / "week.mbox"),
    "docs/sending.md": lambda root: _copy(
        SNIPPETS / "send" / "bpf-updates-12.eml", root / "bpf-updates-12.eml"
    ),
    "docs/checking.md": lambda root: shutil.copytree(SNIPPETS / "check", root, dirs_exist_ok=True),
}
#: Where a page's outputs say its commands ran, for the outputs that name the folder
#: (``bpfnews check`` names files by their full path, as Sphinx does).
SHOWN_FOLDER = {"docs/checking.md": "/home/editor/weekly"}
#: Documented commands that exit with another status than 0, and that status.
STATUS = {"bpfnews check issues/issue-2.md": 1}


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def key(block: Block) -> tuple[str, str]:
    """How ``UNCHECKED`` names a block: its page and its first command or line."""
    first = block.commands()[0] if block.commands() else block.text.splitlines()[0]
    return block.page, first


def listed(block: Block) -> str:
    """The reason a block is not checked, or ""."""
    page, first = key(block)
    return next(
        (why for (p, start), why in UNCHECKED.items() if p == page and first.startswith(start)), ""
    )


def checked_by(block: Block) -> str:
    """Which test checks the block, or ""."""
    if block.language == "python":
        return "test_conf_snippets_build"
    if block.language == "markdown":
        return "test_page_snippets_build"
    if block.language == "css":
        return "test_stylesheet_example_names_what_the_stylesheet_has"
    if block.language == "text" and block.page == "docs/development.md":
        return "tests/test_layers.py"
    if block.language == "yaml" and block.text.startswith("# .readthedocs.yaml"):
        return "tests/test_read_the_docs.py"
    commands = block.commands()
    if block.language == "console" and commands:
        if all(command.startswith(OURS) for command in commands):
            return "test_commands_give_what_the_pages_show"
        if block.page == "README.md" and all(c.startswith("sphinx-build ") for c in commands):
            return "test_readme_quick_start"
        if block.page == "docs/development.md" and all(
            c.startswith(RELEASE_COMMANDS) for c in commands
        ):
            return "tests/test_release.py"
        if block.page == "docs/checking.md" and all(c.startswith("git diff ") for c in commands):
            return "tests/test_check.py"
        if block.page == "docs/pdf.md" and all(
            c.startswith(("sphinx-build -M latexpdf ", "MAKEFLAGS=-j")) for c in commands
        ):
            return "tests/test_pdf_editions.py"
    return ""


def test_every_block_is_checked_or_listed() -> None:
    """A new block fails here until a test checks it or ``UNCHECKED`` says why not."""
    loose = [
        f"{block.where} ({block.language or 'indented'}): {key(block)[1]!r}"
        for block in BLOCKS
        if not checked_by(block) and not listed(block)
    ]
    assert loose == [], "check these blocks in tests/test_snippets.py or list them in UNCHECKED"
    both = [block.where for block in BLOCKS if checked_by(block) and listed(block)]
    assert both == []
    stale = [
        entry
        for entry in UNCHECKED
        if not any(key(b)[0] == entry[0] and key(b)[1].startswith(entry[1]) for b in BLOCKS)
    ]
    assert stale == [], "UNCHECKED lists blocks the pages no longer have"


def run_sphinx_build(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A ``sphinx-build`` command of a page, run in ``cwd`` with this Python."""
    program, *args = shlex.split(command)
    assert program == "sphinx-build", command
    return sphinx_build(*args, cwd=cwd)


def quick_start(root: Path, conf: str = "", theme: str = "") -> Path:
    """The README's quick-start site, written where it says, ``conf`` appended."""
    files = named_files(README)
    assert set(files) == {"conf.py", "index.md", "issues/issue-1.md"}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if theme:
        conf = f"html_theme = {theme!r}\n{conf}"
    with (root / "conf.py").open("a", encoding="utf-8") as stream:
        stream.write(conf)
    return root


def readme_commands(builder: str) -> list[str]:
    (block,) = [b for b in README if checked_by(b) == "test_readme_quick_start"]
    return [command for command in block.commands() if builder in command.split()]


def test_readme_quick_start(tmp_path: Path) -> None:
    """The quick start's files build into a web site with ``-W``, with the command the
    README gives: an issue page, the archive and the feeds."""
    site = quick_start(tmp_path / "site")
    (command,) = readme_commands("html")
    result = run_sphinx_build(command, site)
    assert result.returncode == 0, result.stderr
    html = site / "_build" / "html"
    page = (html / "issues" / "issue-1.html").read_text(encoding="utf-8")
    assert "bpfnews-series" in page and "bpfnews-talk" in page and "bpfnews-highlight" in page
    assert "BPF Weekly 1" in (html / "archive.html").read_text(encoding="utf-8")
    assert (html / "atom.xml").is_file() and (html / "rss.xml").is_file()


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_readme_quick_start_pdf(tmp_path: Path) -> None:
    """The README's PDF command makes the PDF of the quick start, with ``-W``: the
    issue's talk and series, and every link leading somewhere."""
    site = quick_start(tmp_path / "site")
    (command,) = readme_commands("latexpdf")
    result = run_sphinx_build(command, site)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (pdf,) = (site / "_build" / "latex").glob("*.pdf")
    assert undefined_references(pdf.with_suffix(".log")) == []
    text = normalized(pdf_text(pdf))
    for words in ("Networking Data Path Programmable", "Add option to set mark"):
        assert normalized(words) in text


def theme_of(block: Block) -> str:
    """The theme a snippet is for, when the page says ("With furo, ...")."""
    match = re.search(r"\bWith (\w+)\b", block.before)
    return match.group(1).lower() if match else ""


CONF_SNIPPETS = [block for block in DOCS_BLOCKS if block.language == "python"]


@pytest.mark.parametrize("block", CONF_SNIPPETS, ids=lambda block: block.where)
def test_conf_snippets_build(block: Block, tmp_path: Path) -> None:
    """Each ``conf.py`` snippet of the docs, added to the quick start's ``conf.py``,
    builds the web site and the LaTeX with ``-W``."""
    site = quick_start(tmp_path / "site", block.text, theme_of(block))
    for builder in ("html", "latex"):
        result = run_sphinx_build(f"sphinx-build -W -b {builder} . _build/{builder}", site)
        assert result.returncode == 0, (builder, result.stderr)


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
@pytest.mark.parametrize(
    "block", [b for b in CONF_SNIPPETS if "latex_" in b.text], ids=lambda block: block.where
)
def test_latex_conf_snippets_make_the_pdf(block: Block, tmp_path: Path) -> None:
    """The PDF settings of the docs (xeCJK and its fonts, restyled colours) compile."""
    site = quick_start(tmp_path / "site", block.text)
    (command,) = readme_commands("latexpdf")
    result = run_sphinx_build(command, site)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (pdf,) = (site / "_build" / "latex").glob("*.pdf")
    assert normalized("Add option to set mark") in normalized(pdf_text(pdf))


def page_name(block: Block) -> str:
    """Where a Markdown snippet of the docs goes: a whole issue page (it has front
    matter) among the issues; a part of a page on a page of its own."""
    stem = f"{Path(block.page).stem}-{block.line}"
    return f"issues/{stem}.md" if block.text.startswith("---\n") else f"pages/{stem}.md"


def test_page_snippets_build(tmp_path: Path) -> None:
    """The Markdown snippets of the docs, each a page of the quick start's site,
    build with ``-W``: front matter, directives and references alike."""
    site = quick_start(tmp_path / "site")
    snippets = [block for block in DOCS_BLOCKS if block.language == "markdown"]
    assert len(snippets) >= 4
    for block in snippets:
        path = site / page_name(block)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = block.text
        if not text.startswith("---\n"):
            text = f"---\norphan: true\n---\n\n# {block.where}\n\n{text}"
        path.write_text(text, encoding="utf-8")
    for builder in ("html", "latex"):
        result = run_sphinx_build(f"sphinx-build -W -b {builder} . _build/{builder}", site)
        assert result.returncode == 0, (builder, result.stderr)
    html = site / "_build" / "html"
    for block in snippets:
        assert (html / page_name(block)).with_suffix(".html").is_file(), block.where
    archive = (html / "archive.html").read_text(encoding="utf-8")
    assert "BPF Updates 11" in archive and "BPF Weekly 1" in archive


def _expect_import(result: subprocess.CompletedProcess[str], cwd: Path) -> None:
    converted = (cwd / "issues" / "before.md").read_text(encoding="utf-8")
    assert converted == (SNIPPETS / "import" / "after.md").read_text(encoding="utf-8")


def _expect_init(result: subprocess.CompletedProcess[str], cwd: Path) -> None:
    site = cwd / "my-newsletter"
    written = {Path(line).relative_to("my-newsletter").as_posix() for line in result.stdout.split()}
    # What importing.md says it writes.
    assert written == {
        "conf.py",
        "index.md",
        "issues/issue-1.md",
        ".readthedocs.yaml",
        "requirements.txt",
        "README.md",
    }
    assert "project = 'BPF Weekly'" in (site / "conf.py").read_text(encoding="utf-8")


def _expect_new(result: subprocess.CompletedProcess[str], cwd: Path) -> None:
    assert result.stdout.strip() == "issues/issue-2.md"
    text = (cwd / "issues" / "issue-2.md").read_text(encoding="utf-8")
    # What importing.md says: the next number, and a draft.
    assert "issue: 2" in text and "\ndraft: true\n" in text


#: What each documented ``bpfnews`` command leaves, for those whose output the page
#: does not show in a file of its own.
EXPECTED: dict[str, Callable[[subprocess.CompletedProcess[str], Path], None]] = {
    "bpfnews import old-blog/content/*.md -o issues": _expect_import,
    'bpfnews init my-newsletter --name "BPF Weekly"': _expect_init,
    "bpfnews new": _expect_new,
}


def expanded(arg: str, cwd: Path) -> list[str]:
    """``arg`` as the shell passes it: a wildcard becomes the names it matches."""
    if "*" not in arg:
        return [arg]
    return sorted(path.relative_to(cwd).as_posix() for path in cwd.glob(arg))


def test_commands_give_what_the_pages_show(tmp_path: Path) -> None:
    """Each page's ``bpfnews`` commands, run in order in a folder of their own, print
    the output the page shows after them, or leave what the page says."""
    ran = set()
    for page in sorted({block.page for block in BLOCKS}):
        blocks = [
            b
            for b in BLOCKS
            if b.page == page and checked_by(b) == "test_commands_give_what_the_pages_show"
        ]
        if not blocks:
            continue
        cwd = tmp_path / page.replace("/", "-")
        cwd.mkdir()
        if page in SANDBOX:
            SANDBOX[page](cwd)
        folder = str(cwd.resolve())
        for block in blocks:
            for command in block.commands():
                argv = shlex.split(command)
                if argv[0] == "cd":
                    cwd = cwd / argv[1]
                    continue
                # The shell expands wildcards; so does this.
                args = [match for arg in argv[1:] for match in expanded(arg, cwd)]
                result = bpfnews(*args, cwd=cwd)
                assert result.returncode == STATUS.get(command, 0), (command, result.stderr)
                if block.output:
                    shown = ((REPO / page).parent / block.output).read_text(encoding="utf-8")
                    if page in SHOWN_FOLDER:
                        shown = shown.replace(SHOWN_FOLDER[page], folder)
                    assert result.stdout == shown, command
                else:
                    assert command in EXPECTED, f"{block.where}: say what {command!r} gives"
                    EXPECTED[command](result, cwd)
                ran.add(command)
    assert set(EXPECTED) <= ran, "EXPECTED names commands the pages no longer have"
    assert set(STATUS) <= ran, "STATUS names commands the pages no longer have"


def test_stylesheet_example_names_what_the_stylesheet_has() -> None:
    """The restyling example sets a variable the stylesheet reads, on classes it has."""
    sheet = (REPO / "sphinxcontrib_bpfnews" / "static" / "bpfnews.css").read_text(encoding="utf-8")
    (block,) = [block for block in BLOCKS if block.language == "css"]
    classes = re.findall(r"\.(bpfnews-[\w-]+)", block.text)
    variables = re.findall(r"(--bpfnews-[\w-]+)\s*:", block.text)
    assert classes and variables
    assert [name for name in classes if f".{name}" not in sheet] == []
    assert [name for name in variables if f"var({name}" not in sheet] == []
