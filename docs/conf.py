"""Sphinx configuration for the sphinxcontrib-bpfnews documentation and example newsletter."""

from __future__ import annotations

import os

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.site.navigation import FURO_SIDEBARS

project = "sphinxcontrib-bpfnews"
author = "sphinxcontrib-bpfnews developers"
copyright = "2026, sphinxcontrib-bpfnews developers"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = ["myst_parser", "sphinxcontrib_bpfnews"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "snippets"]
nitpicky = True
# The example issues are the newsletter of 2017 as it was written, its links to the
# list archives of the time included (see "Link checks" in authoring.md).
suppress_warnings = ["bpfnews.link"]

html_theme = "furo"
html_title = "sphinxcontrib-bpfnews"
# Feeds need absolute addresses; Read the Docs provides the canonical one.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://sphinxcontrib-bpfnews.readthedocs.io/en/latest/"
)
html_sidebars = {"**": FURO_SIDEBARS}

# PDF: xelatex handles any Unicode; xeCJK with Noto CJK sets the Japanese titles.
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    ("index", "sphinxcontrib-bpfnews.tex", "sphinxcontrib-bpfnews", author, "manual"),
]
latex_elements = {
    "preamble": r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK JP}
\setCJKsansfont{Noto Sans CJK JP}
\setCJKmonofont{Noto Sans Mono CJK JP}
""",
}

# A PDF per example issue and one of 2017 beside the book (see "PDF editions" in
# pdf.md). Read the Docs compiles every .tex file under the project's one name and
# keeps a single PDF, so there the book alone is built.
bpfnews_pdf_editions = [] if os.environ.get("READTHEDOCS") else ["issue", "year"]

epub_show_urls = "no"
