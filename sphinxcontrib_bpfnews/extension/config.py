"""The ``bpfnews_*`` configuration values: one list, with defaults and meaning.

The docs' configuration page is written from this list, and ``setup()`` registers
it; values are plain data so Sphinx can compare them between builds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sphinxcontrib_bpfnews.core.commits import DEFAULT_COMMIT_URL
from sphinxcontrib_bpfnews.core.editions import parse_kinds
from sphinxcontrib_bpfnews.core.email_message import addresses_problem
from sphinxcontrib_bpfnews.core.links import DEFAULT_ARCHIVE_URL
from sphinxcontrib_bpfnews.extension.diagnostics import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class ConfigValue:
    name: str
    default: Any
    #: "" for a value no page's reading and no HTML page depends on (the command
    #: line reads it, or the email build, which writes every message each time).
    rebuild: Literal["env", "html", ""]
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
        "",
        "env",
        (str,),
        "How dates are shown to readers (``strftime`` codes, in the project's "
        "language); empty for the language's own (``18 September 2017``, "
        "``18. September 2017``, ``2017年9月18日``).",
    ),
    ConfigValue(
        "bpfnews_archive_url",
        DEFAULT_ARCHIVE_URL,
        "",
        (str,),
        "A message's archive address, ``{msgid}`` standing for its Message-ID: the "
        "addresses ``bpfnews series`` gives the series it reads from mail.",
    ),
    ConfigValue(
        "bpfnews_commit_url",
        DEFAULT_COMMIT_URL,
        "env",
        (str,),
        "A commit's address, ``{sha}`` standing for its hash: where a ``{commit}`` "
        "citation links to.",
    ),
    ConfigValue(
        "bpfnews_clean_links",
        False,
        "env",
        (bool,),
        "Remove tracking parameters (``utm_*``, ``fbclid`` ...) from every link of the "
        "newsletter in every output, the feeds and the JSON export too, instead of "
        "warning about them (``bpfnews.link``).",
    ),
    ConfigValue(
        "bpfnews_show_drafts",
        False,
        "html",
        (bool,),
        "List drafts (``draft: true``) and issues dated after the day of the build with "
        "the published issues: in the archive, indexes, feeds, export, navigation and the "
        "PDF, to preview them (``sphinx-autobuild -D bpfnews_show_drafts=1``). Their pages "
        "are built either way.",
    ),
    ConfigValue(
        "bpfnews_pdf_editions",
        [],
        "html",
        (str, list, tuple),
        "Which PDFs the LaTeX builder writes besides the ``latex_documents``: "
        '``"issue"`` (one per issue, ``bpf-updates-11.pdf``), ``"year"`` (one per '
        'year, its issues as chapters) and ``"volume"`` (the whole archive); a list, '
        "or words separated by commas (``-D bpfnews_pdf_editions=issue,year``). None when "
        "empty. The site links each issue's and each year's PDF (see ``bpfnews_pdf_dir`` "
        "and ``bpfnews_pdf_url``).",
    ),
    ConfigValue(
        "bpfnews_pdf_dir",
        "",
        "html",
        (str,),
        "Where the HTML build looks for the editions' PDFs, to copy them into the site "
        "(under ``_pdf/``) and link them; relative to the configuration directory. When "
        "empty, the ``latex`` folder beside the HTML output folder, where "
        "``sphinx-build -M latexpdf`` puts them.",
    ),
    ConfigValue(
        "bpfnews_pdf_url",
        "",
        "html",
        (str,),
        "Where the editions' PDFs are published when the HTML build cannot see them (Read "
        "the Docs builds the PDF in a later step): an address, or a path from the site's "
        "root, with ``{name}`` for the file's name without ``.pdf`` "
        "(``_pdf/{name}.pdf``). When set, every edition is linked there, whether or not "
        "its file exists yet.",
    ),
    ConfigValue(
        "bpfnews_email_subject",
        "{title}",
        "",
        (str,),
        "The ``Subject`` of an issue's email (``-b bpfnews-email``): ``{title}``, "
        "``{number}``, ``{date}`` and ``{project}`` stand for the issue's title, number "
        "and date and the project's name.",
    ),
    ConfigValue(
        "bpfnews_email_from",
        "",
        "",
        (str,),
        "The ``From`` of an issue's email, ``Name <address>``; the email build needs it.",
    ),
    ConfigValue(
        "bpfnews_email_to",
        "",
        "",
        (str,),
        "The ``To`` of an issue's email (the list's address, say); none when empty.",
    ),
    ConfigValue(
        "bpfnews_email_reply_to",
        "",
        "",
        (str,),
        "The ``Reply-To`` of an issue's email; none when empty.",
    ),
    ConfigValue(
        "bpfnews_email_unsubscribe",
        "",
        "",
        (str,),
        "Where readers unsubscribe: an address (``https:``, ``mailto:``, a bare mail "
        "address) or a mailing service's placeholder (``*|UNSUB|*``); given in the "
        "``List-Unsubscribe`` header and the footer of each email. None when empty.",
    ),
    ConfigValue(
        "bpfnews_email_issues",
        [],
        "",
        (str, int, list, tuple),
        "Which issues the email build writes: issue numbers or page names, one or a "
        "list (``-D bpfnews_email_issues=12,13``); every issue when empty.",
    ),
)


def register(app: Sphinx) -> None:
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types)
    # Before Sphinx's own type check (priority 800), so a bad value is reported once.
    app.connect("config-inited", validate, priority=700)
    app.connect("config-inited", latex_defaults)


def _problem(value: ConfigValue, given: Any) -> str:
    """Why ``given`` cannot be used for ``value``, or ""."""
    if value.name.startswith("bpfnews_email_"):
        return _email_problem(value.name, given)
    if value.name == "bpfnews_pdf_editions":
        _kinds, unknown = parse_kinds(given)
        if unknown:
            return "a list of 'issue', 'year' and 'volume'"
        return ""
    if value.name == "bpfnews_pdf_url" and given and "{name}" not in given:
        return "an address or path with {name} where the PDF's file name goes"
    if value.name == "bpfnews_issues":
        patterns = [given] if isinstance(given, str) else given
        if not isinstance(patterns, (list, tuple)) or not all(
            isinstance(p, str) and p for p in patterns
        ):
            return "a glob pattern or a list of them"
        return ""
    if isinstance(value.default, bool):
        return "" if isinstance(given, bool) else "True or False"
    if isinstance(value.default, int):
        if isinstance(given, bool) or not isinstance(given, int) or given < 0:
            return "a whole number, 0 or more"
        return ""
    if not isinstance(given, str):
        return "text"
    if value.name == "bpfnews_archive_page" and (
        not given or given.startswith("/") or ".." in given.split("/")
    ):
        return "a page name inside the site, such as 'archive'"
    if value.name == "bpfnews_archive_url" and "{msgid}" not in given:
        return "an address with {msgid} where the Message-ID goes"
    if value.name == "bpfnews_commit_url" and "{sha}" not in given:
        return "an address with {sha} where the commit's hash goes"
    if value.name == "bpfnews_date_format":
        try:
            datetime.date(2017, 9, 18).strftime(given)
        except (ValueError, TypeError):
            return "a strftime format such as '%d %B %Y'"
    return ""


def email_issues(given: Any) -> list[str]:
    """``bpfnews_email_issues`` as a list of numbers and page names, as text
    (``-D`` gives ``"12,13"``)."""
    items = given if isinstance(given, (list, tuple)) else [given]
    found: list[str] = []
    for item in items:
        if isinstance(item, str):
            found += [part.strip() for part in item.split(",") if part.strip()]
        else:
            found.append(str(item))
    return found


def _email_problem(name: str, given: Any) -> str:
    """Why ``given`` cannot be used for the email setting ``name``, or ""."""
    if name == "bpfnews_email_issues":
        items = given if isinstance(given, (list, tuple)) else [given]
        if not all(
            (isinstance(item, int) and not isinstance(item, bool) and item >= 0)
            or isinstance(item, str)
            for item in items
        ):
            return "issue numbers or page names, one or a list"
        return ""
    if not isinstance(given, str):
        return "text"
    if name == "bpfnews_email_subject":
        try:
            given.format(title="", number="", date="", project="")
        except (KeyError, IndexError, ValueError):
            return "text where only {title}, {number}, {date} and {project} stand for values"
        return ""
    if name in ("bpfnews_email_from", "bpfnews_email_to", "bpfnews_email_reply_to") and given:
        return addresses_problem(given)
    return ""


#: How deep lists may nest in the PDF; LaTeX stops at 6 by default, and pasted
#: newsletter content (quoted mail, nested highlights) goes deeper.
LATEX_LIST_DEPTH = "20"


def latex_defaults(app: Sphinx, config: Config) -> None:
    """Deeper list nesting in the PDF, unless the project chose its own depth."""
    if "maxlistdepth" not in config.latex_elements:
        config.latex_elements = {**config.latex_elements, "maxlistdepth": LATEX_LIST_DEPTH}


def validate(app: Sphinx, config: Config) -> None:
    """Warn about unusable ``bpfnews_*`` values and use their defaults instead."""
    for value in CONFIG_VALUES:
        given = config[value.name]
        if problem := _problem(value, given):
            warn(
                "config",
                f"{value.name} = {given!r} cannot be used: it must be "
                f"{problem}; using the default {value.default!r}",
                None,
            )
            config[value.name] = value.default
