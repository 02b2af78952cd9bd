"""The ``bpfnews`` command: its subcommands, site scaffolding, the installed-version reader
and the importer. Imports core, the extension's warnings and the version; the importer core."""

from __future__ import annotations

from sphinxcontrib_bpfnews.cli.commands import main

__all__ = ["main"]
