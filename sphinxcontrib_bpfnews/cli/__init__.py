"""The ``bpfnews`` command: subcommands, scaffolding, installed version, importer, mail intake,
fetching, checking. Imports core, the extension and the version; importer and series core."""

from __future__ import annotations

from sphinxcontrib_bpfnews.cli.commands import main

__all__ = ["main"]
