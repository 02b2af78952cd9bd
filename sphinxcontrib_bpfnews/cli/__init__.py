"""The ``bpfnews`` command: subcommands, scaffolding, installed version, importer, mail (series).
Imports core, the extension's warnings and the version; the importer and series core alone."""

from __future__ import annotations

from sphinxcontrib_bpfnews.cli.commands import main

__all__ = ["main"]
