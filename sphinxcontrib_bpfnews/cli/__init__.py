"""The ``bpfnews`` command: subcommands, scaffolding, the installed-version reader, the importer,
fetching mail. Imports core, the extension's warnings and the version; the importer core."""

from __future__ import annotations

from sphinxcontrib_bpfnews.cli.commands import main

__all__ = ["main"]
