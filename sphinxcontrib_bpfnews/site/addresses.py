"""The site's address, and the absolute addresses of its pages (feeds, Open Graph tags)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def base_url(app: Sphinx) -> str:
    """The site's address: ``html_baseurl``, else Read the Docs' canonical URL, else ""."""
    return site_address(app.config)


def site_address(config: Config) -> str:
    """:func:`base_url` from the configuration alone, for code that has no app."""
    url = config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    return url if not url or url.endswith("/") else url + "/"


def absolute_url(app: Sphinx, pagename: str) -> str:
    """The address of a page of the site; needs ``base_url``."""
    return urljoin(base_url(app), app.builder.get_target_uri(pagename))
