"""The ``bpfnews`` command: its commands, site scaffolding, the installed-version reader and
the importer. Imports core and the extension's diagnostics; the importer imports core alone."""

from __future__ import annotations

from sphinxcontrib_bpfnews.cli.commands import main

__all__ = ["main"]
