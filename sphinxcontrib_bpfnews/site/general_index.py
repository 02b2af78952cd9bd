"""Sphinx's general index page, kept from the last build when nothing in it changed.

Sphinx writes ``genindex.html`` on every HTML build. Every series (by author and
subsystem) and every talk (by title and speaker) has entries there, so an archive
of 500 issues has some 35,000 of them, and rendering the page took about a second:
most of a rebuild in which nothing changed. When the last complete build into the
same folder was made from the same records and settings and the page is there (see
:mod:`.output_state`), the page already shows exactly this index and is left as it
is. Sphinx offers no setting for this, so the builder's ``write_genindex`` is
replaced for that one build by a function that writes nothing; the change-matrix
tests compare the page with a fresh build's after every kind of change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews.site import output_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: Kept for the length of one build (an application may build again).
_METHOD = "write_genindex"


def _already_written() -> None:
    """The general index page from the last build is this build's."""


def keep_unchanged_index(app: Sphinx, builder: Builder) -> None:
    """On ``write-started`` of an HTML or dirhtml build: skip the general index page
    this build if it is unchanged."""
    vars(builder).pop(_METHOD, None)
    if not getattr(builder, "use_index", False):
        return
    names = ["genindex"]
    if app.config.html_split_index:
        names.append("genindex-all")
    outputs = [Path(builder.get_outfilename(name)) for name in names]  # type: ignore[attr-defined]
    if output_state.unchanged(app, outputs):
        setattr(builder, _METHOD, _already_written)
