"""The stylesheet and the LaTeX package, added only where a builder uses them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PACKAGE_DIR = Path(__file__).parent.parent
STATIC_DIR = PACKAGE_DIR / "static"
STYLESHEET = STATIC_DIR / "bpfnews.css"
LATEX_PACKAGE = PACKAGE_DIR / "texinputs" / "sphinxcontribbpfnews.sty"


def add_static_path(app: Sphinx, config: Config) -> None:
    """Register the folder of the stylesheet as a static path of the HTML-family
    outputs (html, dirhtml, singlehtml, epub): Sphinx copies it with its own static
    files, before it writes the pages (so their ``?v=`` checksum is the file's) and
    before the ePub is packed; other builders copy no static file.

    Done when the configuration is read, before Sphinx compares it with the one the
    last build kept: added later, every rebuild would report "The configuration has
    changed (1 option: 'html_static_path')", that build's value lacking it.
    """
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def add_stylesheet(app: Sphinx) -> None:
    """Give every HTML-family output the stylesheet; other builders get nothing."""
    if app.builder.format == "html":
        app.add_css_file(STYLESHEET.name)


def copy_latex_package(app: Sphinx, exception: Exception | None) -> None:
    """Put the LaTeX package beside the ``.tex`` files that load it.

    Files go to the output folder only, so live-preview tools that watch the
    source folder never see a change from the build itself.
    """
    if exception is None and app.builder.format == "latex":
        shutil.copyfile(LATEX_PACKAGE, Path(app.outdir) / LATEX_PACKAGE.name)
