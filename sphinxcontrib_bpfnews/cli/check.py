"""``bpfnews check``: the warnings of some issues, without building the site.

An editor reviewing an issue (or a pull request that changes one) wants what
``sphinx-build`` would say about that issue, and nothing else, without waiting for
the web site to be written. This runs Sphinx in this process on the whole project
with its ``dummy`` builder, which reads every page and resolves the named ones but
writes nothing, so every warning appears that Sphinx emits while reading, while
checking the pages against one another (``env-check-consistency``) and while
resolving links; whoever adds a warning to the extension adds it here too, since
this reports what Sphinx says, never a list of its own.

The read pages are kept between runs (a doctree cache, by default in
``_build/bpfnews-check`` beside ``conf.py``), so that a second check reads only
what changed; the named issues are read again every time (an ``env-get-outdated``
listener on this run's own application), or their warnings, which Sphinx emits
only while reading, would be lost whenever they had not changed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.extension.domain import domain_of

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Where the read pages are kept, under the folder holding ``conf.py``.
DEFAULT_CACHE = Path("_build") / "bpfnews-check"
#: What follows a file's name in a warning located in it: the line, if known, then the
#: level (``/path/issue.md:12: WARNING: ...``, ``/path/issue.md: WARNING: ...``).
_LOCATED = re.compile(r"(?:\d*:)? (?:WARNING|ERROR|CRITICAL): ")
#: A warning that names no file: about a setting, an extension, the whole project.
_GENERAL = re.compile(r"(?:WARNING|ERROR|CRITICAL): ")


class CheckError(Exception):
    """A problem with the command line or the project: the check cannot say anything
    about the issues. Its message is the one line the command prints."""


@dataclass
class Report:
    """What a check found: each warning located in a checked issue, in Sphinx's own
    words and in the order Sphinx emitted it (with the issue's docname), and warnings
    about the project as a whole (no file named: a setting, an extension), which may
    change what the check finds.

    Warnings about other files are left out: which of them Sphinx repeats depends on
    what the cache had to read again, so a count of them would change from one check
    to the next, and ``sphinx-build`` shows them all.
    """

    checked: list[str]
    warnings: list[tuple[str, str]] = field(default_factory=list)
    general: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The summary line: "2 warnings in 1 issue", "no warnings in 3 issues"."""
        issues = len({docname for docname, _ in self.warnings})
        checked = len(self.checked)
        if self.warnings:
            text = f"{_count(len(self.warnings), 'warning')} in {_count(issues, 'issue')}"
            if checked > issues:
                text += f" (of {checked} checked)"
        else:
            text = f"no warnings in {_count(checked, 'issue')}"
        return text


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


class _WarningStream(io.StringIO):
    """The stream Sphinx writes its warnings to: each write is one warning, formatted
    as ``sphinx-build`` prints it (Sphinx's handler writes a record in one call)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        if text.strip():
            self.lines.append(text.rstrip("\n"))
        return len(text)


def find_project(conf: str | None, files: Sequence[Path]) -> Path:
    """The folder holding the project's ``conf.py``: ``conf`` (the folder or the file
    itself) when given; else the nearest folder holding one, from the named files'
    folders (they must agree) or, without files, from the current folder upwards."""
    if conf is not None:
        given = Path(conf)
        folder = given.parent if given.name == "conf.py" and given.is_file() else given
        if not (folder / "conf.py").is_file():
            raise CheckError(f"{conf}: no conf.py there")
        return folder.resolve()
    starts = sorted({path.resolve().parent for path in files}) or [Path.cwd().resolve()]
    found: set[Path] = set()
    for start in starts:
        holder = next((d for d in (start, *start.parents) if (d / "conf.py").is_file()), None)
        if holder is None:
            where = "the current folder" if not files else str(start)
            raise CheckError(f"no conf.py in {where} or above it; name the project with --conf")
        found.add(holder)
    if len(found) > 1:
        folders = ", ".join(sorted(map(str, found)))
        raise CheckError(f"the issues belong to different projects ({folders}); check each alone")
    return found.pop()


def check(
    files: Sequence[str],
    conf: str | None = None,
    cache: str | None = None,
    overrides: dict[str, str] | None = None,
) -> Report:
    """Read the project holding ``files`` (or found from here) and report the
    warnings located in those issue files, or in every issue when none is named.

    Raises :class:`CheckError` for a problem that leaves nothing to report.
    """
    paths = [Path(name) for name in files]
    for path, name in zip(paths, files, strict=True):
        if path.is_dir():
            raise CheckError(f"{name}: a folder; name the issues' files ({path / '*.md'})")
        if not path.is_file():
            raise CheckError(f"{name}: no such file")
    project = find_project(conf, paths)
    cache_dir = Path(cache).resolve() if cache else project / DEFAULT_CACHE
    # Imported here: the other commands start without loading Sphinx.
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()
    stream = _WarningStream()
    try:
        with patch_docutils(project), docutils_namespace():
            app = Sphinx(
                str(project),
                str(project),
                str(cache_dir / "out"),
                str(cache_dir / "doctrees"),
                "dummy",
                confoverrides=dict(overrides or {}),
                status=None,
                warning=stream,
            )
            named = _docnames(app, paths, files)
            app.connect("env-get-outdated", _read_again(named))
            app.build(force_all=False, filenames=[p.resolve() for p in paths])
            checked = named or [record["docname"] for record in domain_of(app.env).all_issues()]
            _refuse_non_issues(app, checked, dict(zip(named, files, strict=True)))
            return _report(app, checked, stream.lines)
    except CheckError:
        raise
    except SphinxError as error:
        raise CheckError(_one_line(error)) from None
    except Exception as error:  # a failing extension: one line, never a traceback
        raise CheckError(f"Sphinx failed: {type(error).__name__}: {_one_line(error)}") from None


def _docnames(app: Sphinx, paths: Sequence[Path], files: Sequence[str]) -> list[str]:
    """The pages ``paths`` are, each in the project's source folder with a source
    suffix; a file that is not one stops the check."""
    names = []
    srcdir = Path(app.srcdir)
    for path, name in zip(paths, files, strict=True):
        resolved = path.resolve()
        if not resolved.is_relative_to(srcdir):
            raise CheckError(f"{name}: not in the project {srcdir}")
        docname = app.env.path2doc(str(resolved))
        if not docname:
            suffixes = ", ".join(app.config.source_suffix)
            raise CheckError(f"{name}: not a page of the project (its pages end in {suffixes})")
        names.append(docname)
    return list(dict.fromkeys(names))


def _read_again(
    docnames: list[str],
) -> Callable[[Sphinx, BuildEnvironment, set[str], set[str], set[str]], list[str]]:
    """An ``env-get-outdated`` listener: the named pages, or every issue the last check
    knew when none is named, are read again however fresh the cache is."""

    def listener(
        app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        if docnames:
            return docnames
        return [record["docname"] for record in domain_of(env).all_issues()]

    return listener


def _refuse_non_issues(app: Sphinx, docnames: list[str], files: dict[str, str]) -> None:
    """Stop the check when a named file is excluded from the project or is a page
    but not an issue: it would report nothing, which would read as "no warnings"."""
    issues = {record["docname"] for record in domain_of(app.env).all_issues()}
    for docname in docnames:
        if docname not in app.env.found_docs:
            raise CheckError(f"{files[docname]}: not a page of the project (excluded)")
        if docname not in issues:
            raise CheckError(
                f"{files[docname]}: a page of the project but not an issue (bpfnews_issues "
                "does not match it and its front matter has no 'issue:')"
            )


def _report(app: Sphinx, docnames: list[str], lines: list[str]) -> Report:
    """Sort what Sphinx wrote: a warning belongs to an issue when it starts with the
    issue's file as Sphinx names it (``/path/issue.md:12: WARNING: ...``)."""
    places = {str(app.env.doc2path(docname)): docname for docname in docnames}
    report = Report(checked=docnames)
    for line in lines:
        path, _, rest = line.partition(":")
        while path not in places and rest:
            more, _, rest = rest.partition(":")
            path = f"{path}:{more}"  # a folder's name may hold a colon
        if path in places and _LOCATED.match(rest):
            report.warnings.append((places[path], line))
        elif _GENERAL.match(line):
            report.general.append(line)
    return report


def _one_line(error: BaseException) -> str:
    """An error's message in one line: its first line, and its last when Sphinx added
    a traceback (a failing ``conf.py``), which says what failed."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    if len(lines) > 1 and any(line.startswith("Traceback") for line in lines):
        return f"{lines[0].rstrip(':')}: {lines[-1]}"
    return lines[0]
