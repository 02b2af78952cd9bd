"""Writing generated files and making the addresses they contain."""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from sphinxcontrib_bpfnews.core.ids import latin_ascii, needs_hash, short_hash

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config


def write_if_changed(path: Path, content: str) -> bool:
    """Write ``content`` unless the file already holds it, so unchanged outputs keep
    their time stamps (and anything watching them stays quiet)."""
    try:
        if path.read_text(encoding="utf-8") == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True


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


def slug(text: str) -> str:
    """A page-name-safe form of a tag or a name: ``Mickaël Salaün`` -> ``mickael-salaun``.

    Names that differ only in case or accents share it, as they share an index
    group or a tag page. A name the ASCII spelling loses letters of (``山田太郎``,
    ``bpf: 性能``) gets a short hash of its folded form, so two such names never
    share a page or an anchor, and neither depends on which was written first.
    """
    folded = sort_key(text.strip())[0]
    ascii_text = latin_ascii(folded).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if needs_hash(folded):
        base = f"{base}-{short_hash(folded)}".lstrip("-")
    return base or "x"


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores case and accents, then the text itself for ties."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)), text
