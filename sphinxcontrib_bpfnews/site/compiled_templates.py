"""The theme's templates, compiled once and kept between builds.

Sphinx compiles each Jinja template the first time a build renders it, in every
build: the theme's layout, the page, the general index, the newsletter's own
templates. A rebuild that adds the next issue writes a handful of pages and spends
about a tenth of its time compiling a dozen templates whose files have not changed.
Jinja keeps compiled templates when its environment has a bytecode cache, so the
builder's template environment gets one, in a folder under the doctree folder.

What is kept is found again only for the same template (its name and file) with
the same source (Jinja compares a checksum of it), compiled by the same Jinja and
Python, for the same settings of the environment that shape the compiled code
(delimiters, whitespace control, extensions such as Sphinx's i18n, autoescaping):
any of those changed, the template is compiled again, so a build never renders a
template other than the one it reads.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from sphinx.application import Sphinx

#: Under the doctree folder, beside the environment.
CACHE_FOLDER = Path("bpfnews") / "templates"


def _settings(environment: Environment) -> str:
    """What, besides the template's source, decides the code Jinja compiles it to."""
    values = [
        jinja2.__version__,
        f"{type(environment).__module__}.{type(environment).__qualname__}",
        sorted(environment.extensions),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        # A function (select_autoescape) decides by the template's name, in the key.
        environment.autoescape if isinstance(environment.autoescape, bool) else None,
        environment.finalize is not None,
        bool(getattr(environment, "newstyle_gettext", False)),
    ]
    return json.dumps(values, default=repr)


class _SettingsKeyedCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in files, keyed on the environment's
    settings too, which Jinja's own key (the template's name and file) leaves out."""

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = hashlib.sha1(
            "\0".join((_settings(environment), name, filename or "")).encode("utf-8")
        ).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket


def keep_compiled_templates(app: Sphinx) -> None:
    """On ``builder-inited``: the builder's templates are compiled once and kept
    (for the builders that render Jinja templates and have no cache set already)."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None or getattr(environment, "bytecode_cache", None) is not None:
        return
    folder = Path(app.doctreedir) / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = _SettingsKeyedCache(str(folder))
