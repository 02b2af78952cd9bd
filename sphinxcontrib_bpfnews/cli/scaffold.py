"""Starting a newsletter site (``bpfnews init``) and its next issue (``bpfnews new``).

The files written here are the project's recommended setup: MyST with colon fences,
xelatex with a CJK font for the PDF, the feeds' base URL, the recent-issues sidebar
block, an index whose ``bpfnews-issues`` directive makes the PDF the newsletter
(every issue, newest first), and a Read the Docs configuration that fails on
warnings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.cli import installed
from sphinxcontrib_bpfnews.core.frontmatter import iso_date, issue_number

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

DEFAULT_ISSUES_DIR = "issues"

CONF = '''\
"""Sphinx configuration of the {name} newsletter."""

import os

project = {name!r}
author = {author!r}
copyright = "{year}, {author}"
# The ePub's edition, which EPUB 3 requires; the web pages and the PDF do not show it.
version = "1"

extensions = ["myst_parser", "sphinxcontrib_bpfnews"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "README.md"]

# Issue pages: everything in issues/ (a page with "issue:" in its front matter too).
bpfnews_issues = ["issues/*"]

# The feeds need the site's address. Replace this with yours; Read the Docs
# provides it when it builds the site.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://newsletter.example.org/")
html_sidebars = {{"**": ["about.html", "bpfnews/recent.html", "searchbox.html"]}}

# PDF: xelatex typesets any Unicode; xeCJK with Noto CJK sets Chinese, Japanese
# and Korean text (Debian: fonts-noto-cjk texlive-lang-cjk texlive-lang-chinese).
latex_engine = "xelatex"
latex_use_xindy = False
latex_elements = {{
    "preamble": r"""
\\usepackage{{xeCJK}}
\\setCJKmainfont{{Noto Serif CJK JP}}
\\setCJKsansfont{{Noto Sans CJK JP}}
\\setCJKmonofont{{Noto Sans Mono CJK JP}}
""",
}}
'''

INDEX = """\
# {name}

Welcome to {name}.

::::{{only}} builder_html or builder_dirhtml
Browse the {{bpfnews:archive}}`archive`, or follow the newsletter with the
{{bpfnews:feed}}`Atom` or {{bpfnews:feed}}`RSS` feed.
::::

% Every issue, newest first, in the PDF; on the web site, the archive lists them.
```{{bpfnews-issues}}
```
"""

#: The series' placeholder names the issue: the skeleton of a new issue is not the
#: series the last one covered (a ``bpfnews.duplicate`` warning).
ISSUE = """\
---
title: '{title}'
date: '{date}'
issue: {number}
{draft}summary: 'What this issue is about, in one or two sentences.'
tags: [bpf]
---

# {title}

The highlights since last time:

```{{highlight}}
- The most important change of the week.
```

## Presentations

```{{talk}} The title of a talk
:kind: slides
:url: https://example.org/slides.pdf
:event: The conference
:speakers: A Speaker

What makes it worth a look.
```

## Patches

:::{{patch-series}} [PATCH net-next 0/2] bpf: the subject of the series of issue {number}, as sent
:author: A Developer
:url: https://patchwork.kernel.org/project/netdevbpf/cover/20170918000000.1-1-dev@example.org/

- [PATCH net-next 1/2] bpf: the first patch <https://patchwork.kernel.org/project/netdevbpf/patch/20170918000000.1-2-dev@example.org/>
- [PATCH net-next 2/2] bpf: the second patch <https://patchwork.kernel.org/project/netdevbpf/patch/20170918000000.1-3-dev@example.org/>

A sentence of commentary, if the series needs one.
:::
"""

#: What ``bpfnews new`` puts in the new issue's front matter: it starts as a draft,
#: which the site builds as a page but lists nowhere until the line goes.
DRAFT = (
    "# Remove this line and the next to publish the issue: the site lists no draft.\ndraft: true\n"
)

READTHEDOCS = """\
version: 2

build:
  os: ubuntu-24.04
  tools:
    python: "3.12"
  apt_packages:
    - fonts-noto-cjk

python:
  install:
    - requirements: requirements.txt

sphinx:
  configuration: conf.py
  fail_on_warning: true

formats:
  - pdf
  - epub
"""

README = """\
# {name}

A newsletter written with [sphinxcontrib-bpfnews](https://pypi.org/project/sphinxcontrib-bpfnews/).

- Issues live in `issues/`, one Markdown file each. Start the next one with
  `bpfnews new`, which picks the next number and today's date. It starts as a
  draft: its page is built, but the archive, the feeds and the PDF list it once
  its `draft: true` line is removed (and its date has come).
- Preview while writing, drafts listed as if published:
  `sphinx-autobuild . _build/live --host 127.0.0.1 -D bpfnews_show_drafts=1`.
- Build the site: `sphinx-build -W -b html . _build/html`; the PDF, which holds
  every issue, newest first: `sphinx-build -M latexpdf . _build`.
- Set `html_baseurl` in `conf.py` to the site's address so the feeds are right.
- Read the Docs builds the site, the PDF and an ePub with `.readthedocs.yaml`.
"""


class ScaffoldError(Exception):
    """Something the command refuses to do; the message says what and why."""


def _write_new(path: Path, text: str) -> None:
    if path.exists():
        raise ScaffoldError(f"{path} already exists; nothing was overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def requirements_txt(requirement: installed.Requirement) -> str:
    """The site's ``requirements.txt``: the extension as it is installed here (see
    :mod:`.installed`), and sphinx-autobuild for the live preview."""
    lines = [f"# sphinxcontrib-bpfnews as bpfnews init found it: {requirement.source}."]
    if requirement.problem:
        lines.append(f"# To do: {requirement.problem}.")
    return "\n".join([*lines, requirement.line, "sphinx-autobuild", ""])


def init_site(
    directory: Path,
    name: str,
    author: str,
    today: datetime.date,
    requirement: installed.Requirement | None = None,
) -> list[Path]:
    """Write a ready newsletter site into ``directory``; the files written.

    ``requirement`` is the extension's line in ``requirements.txt``; by default, how
    the extension running here was installed.
    """
    title = f"{name} 1"
    files = {
        "conf.py": CONF.format(name=name, author=author, year=today.year),
        "index.md": INDEX.format(name=name),
        f"{DEFAULT_ISSUES_DIR}/issue-1.md": ISSUE.format(
            title=title, date=today.isoformat(), number=1, draft=""
        ),
        ".readthedocs.yaml": READTHEDOCS,
        "requirements.txt": requirements_txt(requirement or installed.requirement()),
        "README.md": README.format(name=name),
    }
    clashes = [name for name in files if (directory / name).exists()]
    if clashes:
        raise ScaffoldError(f"{directory} already has {', '.join(clashes)}; nothing was written")
    written = []
    for relative, text in files.items():
        _write_new(directory / relative, text)
        written.append(directory / relative)
    return written


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_FIELD = re.compile(r"^(title|issue|date):\s*['\"]?(.*?)['\"]?\s*$", re.MULTILINE)


def _existing_issue(path: Path) -> tuple[int | None, str, str]:
    """(number, title, date) of an issue file, read from its front matter."""
    text = path.read_text(encoding="utf-8", errors="replace")
    matter = _FRONT_MATTER.match(text)
    fields = dict(_FIELD.findall(matter.group(1))) if matter else {}
    return (
        issue_number(fields, fields.get("title", ""), path.stem),
        fields.get("title", ""),
        iso_date(fields.get("date", "")),
    )


def new_issue(
    issues_dir: Path, today: datetime.date, number: int | None = None, date: str | None = None
) -> Path:
    """Write the next issue's skeleton into ``issues_dir``; the file written."""
    existing = sorted(issues_dir.glob("*.md")) if issues_dir.is_dir() else []
    known = [(found, path) for path in existing if (found := _existing_issue(path))[0] is not None]
    if number is None:
        number = max((found[0] or 0 for found, _ in known), default=0) + 1
    last = max(known, key=lambda item: item[0][0] or 0, default=None)
    title, stem = f"Issue {number}", f"issue-{number}"
    if last is not None:
        (last_number, last_title, _), last_path = last
        title = _renumbered(last_title, last_number, number) or title
        stem = _renumbered(last_path.stem, last_number, number) or stem
    when = iso_date(date) if date else today.isoformat()
    if date and not when:
        raise ScaffoldError(f"--date {date!r} is not an ISO date (YYYY-MM-DD)")
    path = issues_dir / f"{stem}.md"
    _write_new(path, ISSUE.format(title=title, date=when, number=number, draft=DRAFT))
    return path


def _renumbered(text: str, old: int | None, new: int) -> str:
    """``text`` with the number ending it replaced: "BPF Updates 11" -> "BPF Updates 12"."""
    match = re.search(r"(\d+)(\D*)$", text)
    if not match or old is None or int(match.group(1)) != old:
        return ""
    return f"{text[: match.start(1)]}{new}{match.group(2)}"
