"""The project's own documentation: clean builds, Read the Docs, the example issue."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sphinxcontrib_bpfnews.extension.config import CONFIG_VALUES
from sphinxcontrib_bpfnews.extension.diagnostics import SUBTYPES

from .commands import TIMEOUT, sphinx_build
from .conftest import DOCS, REPO, TESTS
from .pdf_tools import (
    html_facts,
    missing_from_pdf,
    normalized,
    pdf_links,
    pdf_text,
    undefined_references,
)
from .roundtrip import missing_in_html, missing_in_pdf

ISSUE_SOURCE = TESTS / "data" / "bpf-updates-11.md"
URL = re.compile(r"https?://[^\s)>\]]+")


@pytest.mark.parametrize("buildername", ["html", "latex", "text", "man"])
def test_docs_build_without_warnings(tmp_path: Path, buildername: str) -> None:
    result = sphinx_build(
        "-nW",
        "--keep-going",
        "-q",
        "-b",
        buildername,
        "-d",
        tmp_path / "doctrees",
        DOCS,
        tmp_path / buildername,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_example_links_revisions_across_its_issues(tmp_path: Path) -> None:
    """Issue 14 follows up a series of issue 11 and one of issue 12: each entry
    links to the other, on the site and in text, and the series index lists both."""
    for buildername in ("html", "text"):
        result = sphinx_build(
            "-q", "-b", buildername, "-d", tmp_path / "doctrees", DOCS, tmp_path / buildername
        )
        assert result.returncode == 0, result.stderr

    def lines(name: str) -> list[str]:
        soup = BeautifulSoup(
            (tmp_path / "html" / "issues" / name).read_text(encoding="utf-8"), "html.parser"
        )
        return [" ".join(p.get_text().split()) for p in soup.select(".bpfnews-series-revisions")]

    assert lines("bpf-updates-11.html") == ["Later: v6 in BPF Updates 14 · All revisions"]
    assert lines("bpf-updates-12.html") == ["Later: v7 in BPF Updates 14 · All revisions"]
    assert lines("bpf-updates-14.html") == [
        "Earlier: v6 in BPF Updates 12 · All revisions",
        "Earlier: v2 in BPF Updates 11 · All revisions",
    ]
    assert lines("bpf-updates-13.html") == []
    text = (tmp_path / "text" / "issues" / "bpf-updates-12.txt").read_text(encoding="utf-8")
    assert "Later: v7 in BPF Updates 14\n" in text
    index = (tmp_path / "html" / "archive" / "series.html").read_text(encoding="utf-8")
    assert index.count("bpf-updates-14.html#series-") == 2


def test_readthedocs_config_matches_the_published_schema() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.readthedocs",
            str(REPO / ".readthedocs.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_docs_list_every_warning_type() -> None:
    reference = (DOCS / "authoring.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `bpfnews\.(\w+)` \|", reference, flags=re.MULTILINE))
    assert listed == set(SUBTYPES)


#: The address Read the Docs gives a project's pages, in the tests' builds.
READTHEDOCS_URL = "https://weekly.readthedocs.io/en/latest/"


def run_readthedocs(config: dict[str, object], checkout: Path, output: Path) -> None:
    """Run what Read the Docs runs for ``config`` in the ``checkout``; each must
    succeed: the formats' builds from the configuration's folder, then the
    ``build.jobs.post_build`` commands in a shell from the checkout's root."""
    sphinx_config = config["sphinx"]
    assert isinstance(sphinx_config, dict)
    conf_dir = (checkout / sphinx_config["configuration"]).parent
    # Read the Docs sets READTHEDOCS (docs/conf.py builds the book alone there) and
    # runs the jobs' ``python`` from the project's virtualenv, first on the PATH.
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": READTHEDOCS_URL,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    for target, argv in readthedocs_commands(config, output):
        cwd = output / "pdf" if argv[0] == "latexmk" else conf_dir
        result = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900
        )
        assert result.returncode == 0, (target, result.stdout[-3000:], result.stderr[-3000:])
    build = config.get("build", {})
    assert isinstance(build, dict)
    for command in build.get("jobs", {}).get("post_build", []):
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
        assert result.returncode == 0, (command, result.stdout[-3000:], result.stderr[-3000:])


def readthedocs_commands(config: dict[str, object], output: Path) -> list[tuple[str, list[str]]]:
    """The commands Read the Docs runs for this configuration, as (format, argv)."""
    sphinx_config = config["sphinx"]
    assert isinstance(sphinx_config, dict)
    strict = ["-W", "--keep-going"] if sphinx_config.get("fail_on_warning") else []

    def build(builder: str, target: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "sphinx",
            "-T",
            *strict,
            "-b",
            builder,
            "-d",
            "_build/doctrees",
            "-D",
            "language=en",
            ".",
            str(output / target),
        ]

    commands = [("html", build("html", "html"))]
    formats = config.get("formats", [])
    assert isinstance(formats, list)
    if "pdf" in formats:
        commands += [
            ("pdf", build("latex", "pdf")),
            (
                "pdf",
                [
                    "latexmk",
                    "-r",
                    "latexmkrc",
                    "-pdf",
                    "-f",
                    "-dvi-",
                    "-ps-",
                    "-jobname=sphinxcontrib-bpfnews",
                    "-interaction=nonstopmode",
                ],
            ),
        ]
    if "epub" in formats:
        commands.append(("epub", build("epub", "epub")))
    return commands


@pytest.mark.latexpdf
@pytest.mark.usefixtures("tex")
def test_readthedocs_build_and_the_example_issue(tmp_path: Path, epubcheck: list[str]) -> None:
    """Run what Read the Docs runs; then check the ePub, and the example issue in HTML
    and PDF."""
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    checkout = tmp_path / "checkout"
    shutil.copytree(
        REPO,
        checkout,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", ".tox", "_build", "__pycache__", ".*_cache", ".hypothesis"
        ),
    )
    output = tmp_path / "output"
    run_readthedocs(config, checkout, output)

    assert (output / "html" / "index.html").is_file()
    (epub,) = (output / "epub").glob("*.epub")
    assert_valid_epub(epubcheck, epub)
    pdf = output / "pdf" / "sphinxcontrib-bpfnews.pdf"
    assert pdf.is_file()
    # latexmk -f succeeds whatever the links lead to: every one must lead somewhere.
    assert undefined_references(pdf.with_suffix(".log")) == []

    # Every word and link of every example issue reaches the web page and the PDF.
    text, links = pdf_text(pdf), pdf_links(pdf)
    for source in sorted((DOCS / "issues").glob("*.md")):
        markdown = source.read_text(encoding="utf-8")
        html = (output / "html" / "issues" / f"{source.stem}.html").read_text(encoding="utf-8")
        assert missing_in_html(markdown, html) == (set(), set()), source.name
        assert missing_in_pdf(markdown, text, links) == (set(), set()), source.name

    issue_html = output / "html" / "issues" / "bpf-updates-11.html"
    assert len(html_facts(issue_html)) > 400
    assert missing_from_pdf(issue_html, pdf) == []

    # The example issue is complete: every link and title of the original is there,
    # the Japanese ones included, in the web page and in the PDF.
    source = ISSUE_SOURCE.read_text(encoding="utf-8")
    page = BeautifulSoup(issue_html.read_text(encoding="utf-8"), "html.parser")
    hrefs = [str(a["href"]) for a in page.select("article a[href], section a[href]")]
    missing_urls = [url for url in URL.findall(source) if url not in hrefs]
    assert missing_urls == []
    text = normalized(pdf_text(pdf))
    for title in ("Linux の BPF : (3) eBPF の基礎", "Making the Kernel’s Networking Data Path"):
        assert normalized(title) in text
    counts = source_counts(source)
    assert len(page.select("article.bpfnews-series")) == counts["series"]
    assert len(page.select("li.bpfnews-patch")) == counts["patches"]
    assert len(page.select("article.bpfnews-talk")) == counts["talks"]
    assert len(page.select("section.bpfnews-highlight li")) == counts["highlights"]


def assert_valid_epub(epubcheck: list[str], epub: Path) -> None:
    """The ePub passes epubcheck and its pages link the stylesheet it holds."""
    result = subprocess.run(
        [*epubcheck, str(epub)], capture_output=True, text=True, check=False, timeout=600
    )
    report = result.stdout + result.stderr
    assert re.search(r"Messages: 0 fatals / 0 errors", report), report[-5000:]
    assert result.returncode == 0, report[-5000:]
    with zipfile.ZipFile(epub) as book:
        names = set(book.namelist())
        issue = book.read("issues/bpf-updates-11.xhtml").decode("utf-8")
    assert "_static/bpfnews.css" in names
    sheets = BeautifulSoup(issue, "html.parser").select("link[rel=stylesheet]")
    assert any(link["href"].startswith("../_static/bpfnews.css") for link in sheets)


def source_counts(markdown: str) -> dict[str, int]:
    """How many series, child patches, talks and highlights the original issue has."""
    counts = dict.fromkeys(("series", "patches", "talks", "highlights"), 0)
    section, in_highlights = "", False
    for line in markdown.splitlines():
        if line.startswith("## "):
            section = line[3:]
        if line.startswith("The highlights since last time"):
            in_highlights = True
        elif in_highlights and line.startswith("- "):
            counts["highlights"] += 1
        elif in_highlights and counts["highlights"] and not line.strip():
            in_highlights = False
        if section == "Patches":
            counts["series"] += line.startswith("- ")
            counts["patches"] += line.startswith("  - ")
        elif section in {"Presentations", "In case you missed it"}:
            counts["talks"] += bool(re.match(r"#+ \[", line))
    assert all(counts.values()), counts
    return counts


def test_docs_list_every_config_value() -> None:
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(bpfnews_\w+)` \|", page, flags=re.MULTILINE))
    assert listed == {value.name for value in CONFIG_VALUES}
