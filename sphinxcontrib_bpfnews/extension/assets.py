"""The stylesheet and the LaTeX package, added only where a builder uses them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE_DIR = Path(__file__).parent.parent
STATIC_DIR = PACKAGE_DIR / "static"
STYLESHEET = STATIC_DIR / "bpfnews.css"
LATEX_PACKAGE = PACKAGE_DIR / "texinputs" / "sphinxcontribbpfnews.sty"


def add_stylesheet(app: Sphinx) -> None:
    """Give every HTML-family output (html, dirhtml, singlehtml, epub) the stylesheet.

    Registered as a static path, Sphinx copies it with its own static files, before
    it writes the pages (so their ``?v=`` checksum is the file's) and before the ePub
    is packed; other builders get nothing.
    """
    if app.builder.format != "html":
        return
    if str(STATIC_DIR) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file(STYLESHEET.name)


def copy_latex_package(app: Sphinx, exception: Exception | None) -> None:
    """Put the LaTeX package beside the ``.tex`` files that load it.

    Files go to the output folder only, so live-preview tools that watch the
    source folder never see a change from the build itself.
    """
    if exception is None and app.builder.format == "latex":
        shutil.copyfile(LATEX_PACKAGE, Path(app.outdir) / LATEX_PACKAGE.name)
