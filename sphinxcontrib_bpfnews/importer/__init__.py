"""Bringing an existing plain-Markdown newsletter in: ``bpfnews import``."""

from __future__ import annotations

from sphinxcontrib_bpfnews.importer.convert import Report, convert_issue

__all__ = ["Report", "convert_issue"]
