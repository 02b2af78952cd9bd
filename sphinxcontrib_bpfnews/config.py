"""The ``bpfnews_*`` configuration values: one list, with defaults and meaning.

The docs' configuration page is written from this list, and ``setup()`` registers
it; values are plain data so Sphinx can compare them between builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class ConfigValue:
    name: str
    default: Any
    rebuild: Literal["env", "html"]
    types: tuple[type, ...]
    description: str


CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "bpfnews_issues",
        ["issues/*"],
        "env",
        (str, list, tuple),
        "Glob patterns (one or a list) of the pages that are issues, matched against "
        "document names; a page whose front matter has ``issue:`` is an issue too. Pages "
        "named ``index`` are never matched by the patterns.",
    ),
    ConfigValue(
        "bpfnews_archive_page",
        "archive",
        "html",
        (str,),
        "Where the generated archive goes (``archive.html``); its tag, year and index "
        "pages go under it (``archive/tags/bpf.html``, ``archive/authors.html``).",
    ),
    ConfigValue(
        "bpfnews_feed_length",
        20,
        "html",
        (int,),
        "How many of the newest issues the Atom and RSS feeds hold.",
    ),
    ConfigValue(
        "bpfnews_feed_title",
        "",
        "html",
        (str,),
        "The feeds' title; the project name when empty.",
    ),
    ConfigValue(
        "bpfnews_feed_description",
        "",
        "html",
        (str,),
        "The feeds' description (RSS needs one); the feed title when empty.",
    ),
    ConfigValue(
        "bpfnews_recent_issues",
        5,
        "html",
        (int,),
        "How many issues the ``bpfnews/recent.html`` sidebar block lists.",
    ),
    ConfigValue(
        "bpfnews_date_format",
        "%d %B %Y",
        "env",
        (str,),
        "How issue dates are shown (``strftime`` codes, in the project's language).",
    ),
)


def register(app: Sphinx) -> None:
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types)
