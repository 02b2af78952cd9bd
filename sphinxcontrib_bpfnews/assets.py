"""The stylesheet and the LaTeX package, added only where a builder uses them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE_DIR = Path(__file__).parent
STYLESHEET = PACKAGE_DIR / "static" / "bpfnews.css"
LATEX_PACKAGE = PACKAGE_DIR / "texinputs" / "sphinxcontribbpfnews.sty"


def add_stylesheet(app: Sphinx) -> None:
    """Link the stylesheet from HTML pages; other builders get nothing."""
    if app.builder.format == "html":
        app.add_css_file(STYLESHEET.name)


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    """Put the stylesheet or the LaTeX package beside the output that uses it.

    Files go to the output folder only, so live-preview tools that watch the
    source folder never see a change from the build itself.
    """
    if exception is not None:
        return
    outdir = Path(app.outdir)
    if app.builder.format == "html":
        (outdir / "_static").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STYLESHEET, outdir / "_static" / STYLESHEET.name)
    elif app.builder.format == "latex":
        shutil.copyfile(LATEX_PACKAGE, outdir / LATEX_PACKAGE.name)
