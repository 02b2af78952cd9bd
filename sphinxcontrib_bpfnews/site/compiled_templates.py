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

Sphinx also renders the theme's static files written from templates (``basic.css``
from ``basic.css.jinja``, alabaster's ``alabaster.css_t``) on every build that writes
pages, from their text, which Jinja compiles without asking any cache: about 17 ms of
every build on alabaster, 6 ms on furo. Sphinx's ``template_bridge`` setting names
the class of the builder's template loader; when a project names none, it is
:class:`KeepingTemplateLoader`, Sphinx's own loader that keeps those compiled too,
keyed on their text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from sphinx.jinja2glue import BuiltinTemplateLoader

if TYPE_CHECKING:
    from jinja2 import Environment
    from sphinx.application import Sphinx
    from sphinx.config import Config

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


class KeepingTemplateLoader(BuiltinTemplateLoader):
    """Sphinx's template loader, which renders templates given as text (the theme's
    static files) from code compiled once and kept, as it does those it loads from
    files (:func:`keep_compiled_templates`)."""

    def render_string(self, source: str, context: dict[str, Any]) -> str:
        environment = self.environment
        cache = environment.bytecode_cache
        if cache is None:
            return super().render_string(source, context)
        # Text has no file to name it by: it is named by what it says, so each text
        # has its own compiled code, and a changed text is compiled again.
        name = f"<text {hashlib.sha256(source.encode('utf-8')).hexdigest()}>"
        bucket = cache.get_bucket(environment, name, None, source)
        if bucket.code is None:
            bucket.code = environment.compile(source)
            cache.set_bucket(bucket)
        # As Jinja's ``from_string`` makes it from the code it compiles.
        template = environment.template_class.from_code(
            environment, bucket.code, environment.make_globals(None), None
        )
        return template.render(context)


def use_keeping_loader(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: the builders' template loader is
    :class:`KeepingTemplateLoader`, unless the project names its own
    (``template_bridge``)."""
    if not config.template_bridge:
        config.template_bridge = f"{KeepingTemplateLoader.__module__}.KeepingTemplateLoader"
