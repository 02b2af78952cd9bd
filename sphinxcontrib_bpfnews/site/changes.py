"""Whether a build changed anything the site's generated outputs are made from.

The archive, index pages, feeds and export are made from the records of every
issue, so working out whether they changed costs time in proportion to the whole
newsletter. When a build reads no page, removes none and keeps the configuration,
their records cannot have changed: an archive of hundreds of issues then skips that
work entirely, as long as the outputs are still there (and, for pages, newer than
the theme's and the project's templates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx.environment import CONFIG_OK

if TYPE_CHECKING:
    from collections.abc import Iterable, Set
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_CHANGED: WeakKeyDictionary[Sphinx, bool] = WeakKeyDictionary()


def start(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """At the start of reading: nothing has changed yet (``env-get-outdated``)."""
    _CHANGED[app] = False
    return []


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Pages to read this build (``env-before-read-docs``)."""
    if docnames:
        _CHANGED[app] = True


def note_removal(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """A page removed or about to be read again (``env-purge-doc``)."""
    _CHANGED[app] = True


def nothing_changed(app: Sphinx) -> bool:
    """True when this build read no page, removed none and kept the configuration."""
    return not _CHANGED.get(app, True) and app.env.config_status == CONFIG_OK


def unchanged(app: Sphinx, outputs: Iterable[Path], *, templated: bool = False) -> bool:
    """True when this build changed no record nor setting and ``outputs`` all exist
    (and, when they are ``templated`` pages, are newer than every HTML template)."""
    if not nothing_changed(app):
        return False
    newest = newest_template(app) if templated else 0.0
    return all(written_since(path, newest) for path in outputs)


def written_since(path: Path, moment: float) -> bool:
    """True when ``path`` exists and was written at or after ``moment``."""
    try:
        return path.stat().st_mtime >= moment
    except OSError:
        return False


def newest_template(app: Sphinx) -> float:
    """When the newest HTML template was changed (what Sphinx itself compares
    pages with to rewrite them), or 0 for builders without templates."""
    templates = getattr(app.builder, "templates", None)
    newest = getattr(templates, "newest_template_mtime", None)
    try:
        return float(newest()) if callable(newest) else 0.0
    except ValueError:  # no template files at all
        return 0.0
