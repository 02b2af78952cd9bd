"""sphinxcontrib-bpfnews: Sphinx directives for technical newsletters.

Enable it with ``extensions = ["myst_parser", "sphinxcontrib_bpfnews"]``. This
module only registers its layers, each a package: ``core`` (plain Python), ``extension``
(what Sphinx reads and renders), ``writers``, ``site``, ``email`` (the email builder)
and the ``cli`` command.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews import email, extension, site, writers

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Cached doctrees hold one release's components (rendered, or as model objects
#: rendered when written): tying the environment version to the release makes
#: Sphinx read every page again after an upgrade instead of mixing releases.
ENV_VERSION = zlib.crc32(__version__.encode())


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the layers, each with what it adds to Sphinx: the extension proper
    (directives, domain, transforms ...), the writers' visitors, the site, then the
    email builder."""
    extension.register(app)
    writers.register(app)
    site.register(app)
    email.register(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
