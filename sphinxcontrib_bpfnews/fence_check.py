"""Catch MyST fences that never opened a directive.

Two slips turn a directive into a paragraph of literal text without any error from
MyST:

- CommonMark forbids backticks in the first line of a backtick fence, so
  ```` ```{patch-series} [PATCH] bpf: add `helper` ```` is not a directive at all.
- ``:::{talk}`` is a directive only with MyST's ``colon_fence`` extension. The
  skeletons ``bpfnews init`` and ``bpfnews new`` write use it, so a project that
  leaves it out of ``myst_enable_extensions`` shows the skeleton's series as a
  raw paragraph.

This transform finds such paragraphs and tells the author what to write instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import FiletypeNotFoundError
from sphinx.transforms import SphinxTransform
from sphinx.util import get_filetype

from sphinxcontrib_bpfnews.diagnostics import warn

if TYPE_CHECKING:
    from myst_parser.config.main import MdParserConfig
    from sphinx.environment import BuildEnvironment

_DIRECTIVE_NAMES = ("patch-series", "talk", "highlight")
_NAMES_PATTERN = "|".join(_DIRECTIVE_NAMES)
#: The text of a paragraph MyST made of a backtick fence's first line.
_BROKEN_FENCE = re.compile(rf"`{{3,}}\s*\{{(?:bpfnews:)?({_NAMES_PATTERN})\}}")
#: The text of a paragraph MyST made of a colon fence's first line.
_COLON_FENCE = re.compile(r":{3,}\s*\{([A-Za-z][\w.:+-]*)\}")


def page_myst_config(env: BuildEnvironment, docname: str, text: str) -> MdParserConfig | None:
    """The MyST settings the page is read with, or None for a page MyST does not read.

    These are ``conf.py``'s ``myst_*`` settings updated by the page's front matter
    (``myst: {enable_extensions: [...]}``), exactly as MyST's parser merges them.
    """
    try:
        filetype = get_filetype(env.config.source_suffix, env.doc2path(docname))
    except FiletypeNotFoundError:
        return None
    config: MdParserConfig | None = getattr(env, "myst_config", None)
    if filetype != "markdown" or config is None:
        return None
    # Imported here: only pages with a suspect paragraph get this far.
    from myst_parser.config.main import (
        TopmatterReadError,
        merge_file_level,
        read_topmatter,
    )

    try:
        topmatter = read_topmatter(text)
    except TopmatterReadError:
        return config  # MyST reports it when it reads the page
    if not topmatter:
        return config
    # MyST warns about bad front matter itself: stay quiet here.
    return merge_file_level(config, topmatter, lambda _type, _message: None)


def _fence_advice(name: str) -> str:
    return (
        "a backtick fence cannot carry backticks on its first line; open it with "
        f"'~~~{{{name}}}' or ':::{{{name}}}' (colon_fence) instead"
    )


class BrokenFenceCheck(SphinxTransform):
    """Warn about paragraphs that start like a fenced directive MyST did not read."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        colon_fence: bool | None = None  # worked out at the first colon paragraph
        for paragraph in self.document.findall(nodes.paragraph):
            first = paragraph.children[0] if paragraph.children else None
            if not isinstance(first, nodes.Text) or not first.startswith(("`", ":")):
                continue  # cheap test first: pages of long series have many paragraphs
            text = paragraph.astext()
            if match := _BROKEN_FENCE.match(text):
                name = match.group(1)
                warn(
                    "fence",
                    f"this '{name}' is not a directive: {_fence_advice(name)}",
                    paragraph,
                )
            elif match := _COLON_FENCE.match(text):
                if colon_fence is None:
                    colon_fence = self.colon_fence_enabled()
                if colon_fence:
                    continue  # an escaped colon: the author wants the text
                name = match.group(1)
                warn(
                    "fence",
                    f"this '{name}' is not a directive: a ':::' fence needs MyST's "
                    'colon_fence extension; add "colon_fence" to myst_enable_extensions '
                    "in conf.py",
                    paragraph,
                )

    def colon_fence_enabled(self) -> bool:
        """Whether the page is Markdown read with ``colon_fence``; True for other pages.

        A page that is not MyST has no colon fences to miss. Read only when a page
        has a paragraph that looks like one.
        """
        docname = self.env.docname
        encoding = self.env.settings.get("input_encoding", "utf-8-sig")
        try:
            text = Path(self.env.doc2path(docname)).read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError):
            text = ""
        config = page_myst_config(self.env, docname, text)
        return config is None or "colon_fence" in config.enable_extensions
