"""Atom and RSS 2.0 feeds of the newest issues, written with feedgen.

Each entry carries the issue's summary and its full content, with every address
made absolute so feed readers can follow it, and the issue's PDF as an enclosure
when the site links one (:mod:`.pdf_links`). Feeds need the site's address: from
``html_baseurl``, else Read the Docs' ``READTHEDOCS_CANONICAL_URL``; a newsletter
without either gets one warning and no feeds.

An entry's content is its issue page's body, which exists only while Sphinx writes
the page: the body of each issue in the feeds is kept, as the entry holds it,
beside the doctrees when its page is written (:func:`keep_body`), and the feeds are
made from the kept bodies once every page is written.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from sphinxcontrib_bpfnews.core.text import CONTROL_CHARACTERS
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.site import output_state
from sphinxcontrib_bpfnews.site.addresses import absolute_url, base_url
from sphinxcontrib_bpfnews.site.navigation import description
from sphinxcontrib_bpfnews.site.pdf_links import absolute_href, linked

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.records import IssueRecord
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

FEEDS = {"atom": "atom.xml", "rss": "rss.xml"}
#: The folder of the kept bodies, in the output folder's state.
BODY_CACHE = "bodies"
#: The kind of output the feeds are in the output folder's state.
_KIND = "feeds"
#: The media type of an enclosure: the issue's PDF.
PDF_TYPE = "application/pdf"
#: An ``href`` or ``src`` whose address has no web scheme. Matched without a
#: leading ``\b``, which made the pattern try every position of an issue's body
#: (15 ms for the 20 entries of a feed); the character before is checked instead.
_RELATIVE_ADDRESS = re.compile(r'(href|src)="(?!https?://)([^"]*)"')
_WORD = re.compile(r"\w")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML cannot hold (and no reader sees)."""
    return CONTROL_CHARACTERS.sub("", text)


def published(issue: IssueRecord) -> datetime.datetime:
    """When the issue came out: its front-matter date (with its time when given), UTC."""
    for text in (issue["published"], issue["date"]):
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment
    return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def absolute_addresses(body: str, page_url: str) -> str:
    """``body`` with each relative ``href``/``src`` resolved against the page's
    address; an address with a web scheme is already absolute and stays as written
    (most of an issue's links lead to the mailing lists and patchwork)."""

    def resolved(match: re.Match[str]) -> str:
        start = match.start()
        if start and _WORD.match(body, start - 1):  # the end of a longer name: ``xsrc=``
            return match.group(0)
        return f'{match.group(1)}="{urljoin(page_url, match.group(2))}"'

    return _RELATIVE_ADDRESS.sub(resolved, body)


def feed_issues(app: Sphinx) -> list[IssueRecord]:
    """The issues the feeds hold: the ``bpfnews_feed_length`` newest listed ones."""
    return domain_of(app.env).newest(app.config.bpfnews_feed_length)


def _in_feeds(app: Sphinx) -> set[str]:
    """The pages of :func:`feed_issues`, when the site has feeds (an address)."""
    return {issue["docname"] for issue in feed_issues(app)} if base_url(app) else set()


def _body_path(app: Sphinx, pagename: str) -> Path:
    """Where an issue's body is kept for the feeds: with this output folder's state,
    as its page's address is this builder's."""
    return output_state.state_dir(app) / BODY_CACHE / f"{pagename}.html"


def kept_body(app: Sphinx, pagename: str) -> str:
    """The issue's body as its feed entry holds it, from its page as last written;
    or ""."""
    try:
        return _body_path(app, pagename).read_text(encoding="utf-8")
    except OSError:
        return ""


def keep_body(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """On ``html-page-context``: the body of an issue in the feeds is kept as its
    entry holds it (addresses absolute, XML-safe), so the feeds take the bodies of
    the pages not written in a build as they are; the body of any other page written
    goes. A kept body is therefore always its page's as last written, and only the
    feeds' few are kept (every issue's made 8 MB beside the doctrees at 200 issues,
    for the feeds' 20)."""
    if app.builder.name not in output_state.SITE_BUILDERS:
        return
    if domain_of(app.env).issue(pagename) is None:  # no issue, so never in the feeds
        return
    # Written from whichever process writes the page, so parallel writes keep it too.
    path = _body_path(app, pagename)
    if pagename not in _in_feeds(app):
        path.unlink(missing_ok=True)
        return
    body = absolute_addresses(str(context.get("body", "")), absolute_url(app, pagename))
    output_state.write_over(path, xml_safe(body).encode("utf-8"))


def bodies_to_keep(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-get-updated``: the pages of issues in the feeds whose body is not
    kept, to be written (an issue that moved into the feeds when a newer one was
    removed, say, written when it was not in them)."""
    if app.builder.name not in output_state.SITE_BUILDERS:
        return []
    return sorted(
        docname
        for docname in _in_feeds(app)
        if docname in env.found_docs and not _body_path(app, docname).is_file()
    )


def let_go_of_bodies(app: Sphinx) -> None:
    """Once every page is written: the bodies of issues no longer in the feeds,
    which the next issue pushed out without their pages being written again."""
    folder = output_state.state_dir(app) / BODY_CACHE
    if not folder.is_dir():
        return
    kept = _in_feeds(app)
    for path in folder.rglob("*.html"):
        if path.relative_to(folder).as_posix().removesuffix(".html") not in kept:
            path.unlink(missing_ok=True)


def _links(feed: FeedGenerator, site: str, self_url: str) -> None:
    """The feed's links: the site, and the feed itself (Atom's or RSS's file)."""
    feed.link(href=site, rel="alternate", replace=True)
    feed.link(href=self_url, rel="self")


def _feed(
    app: Sphinx, self_url: str, issues: list[IssueRecord], domain: BpfNewsDomain
) -> FeedGenerator:
    site = base_url(app)
    title = app.config.bpfnews_feed_title or app.config.project
    # Imported here: feedgen brings lxml, which every build would otherwise load
    # before it knows whether it writes a feed.
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(site)
    feed.title(xml_safe(title))
    feed.description(xml_safe(app.config.bpfnews_feed_description or title))
    _links(feed, site, self_url)
    # A language tag (``zh-CN``), as Sphinx writes the pages' ``lang``; not ``zh_CN``.
    feed.language((app.config.language or "en").replace("_", "-"))
    feed.generator("sphinxcontrib-bpfnews")
    feed.updated(
        max((published(issue) for issue in issues), default=None)
        or datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    )
    for issue in issues:  # newest first, kept in that order in the file
        url = absolute_url(app, issue["docname"])
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(xml_safe(issue["title"] or issue["docname"]))
        entry.link(href=url, rel="alternate")
        entry.published(published(issue))
        entry.updated(published(issue))
        summary = description(issue, domain)
        if summary:
            entry.summary(xml_safe(summary))
        body = kept_body(app, issue["docname"])
        if body:
            entry.content(body, type="html")
        for tag in issue["tags"]:
            entry.category(term=xml_safe(tag))
        pdf = linked(domain, "issue", issue["docname"])
        if pdf is not None:
            # RSS requires a length: 0 where the file is not at hand (the PDF is
            # published at ``bpfnews_pdf_url`` by a later step), as RSS advises.
            entry.enclosure(absolute_href(app, pdf), int(pdf["length"]), PDF_TYPE)
    return feed


def enclosures(app: Sphinx, issues: list[IssueRecord], domain: BpfNewsDomain) -> dict[str, Any]:
    """Each entry's enclosure (its issue's PDF) by the entry's id: (address, length)."""
    found: dict[str, Any] = {}
    for issue in issues:
        pdf = linked(domain, "issue", issue["docname"])
        if pdf is not None:
            found[absolute_url(app, issue["docname"])] = (absolute_href(app, pdf), pdf["length"])
    return found


def atom_with_enclosures(atom: bytes, found: dict[str, Any]) -> bytes:
    """The Atom feed with each enclosure link's ``rel``, ``type`` and ``length``.

    feedgen 1.0 writes an Atom entry's links with their address only (it reads the
    attributes back from the element it has just made, not from the link), so an
    enclosure would read as a second alternate link: the attributes are added here to
    the link element with the enclosure's address (a feedgen that writes them leaves
    no such bare element, and nothing is changed).
    """
    if not found:
        return atom
    text = atom.decode("utf-8")
    for url, length in found.values():
        href = escape(url, {'"': "&quot;"})
        text = text.replace(
            f'<link href="{href}"/>',
            f'<link href="{href}" rel="enclosure" type="{PDF_TYPE}" length="{length}"/>',
        )
    return text.encode("utf-8")


def write_feeds(app: Sphinx, domain: BpfNewsDomain) -> None:
    """Write ``atom.xml`` and ``rss.xml`` at the root of the HTML output."""
    issues = domain.issues()
    if issues and not base_url(app):
        warn(
            "feed",
            "the newsletter's feeds need the site's address: set html_baseurl "
            "(Read the Docs sets READTHEDOCS_CANONICAL_URL); no feeds were written",
            None,
        )
    if not issues or not base_url(app):
        output_state.record_outputs(app, _KIND, {})
        return
    output_state.record_outputs(app, _KIND, {name: "" for name in FEEDS.values()})
    outdir = Path(app.outdir)
    if output_state.unchanged(app, [outdir / name for name in FEEDS.values()]):
        return
    newest = feed_issues(app)
    # One feed's entries written as Atom, then as RSS: only the link to the feed
    # itself differs.
    feed = _feed(app, base_url(app) + FEEDS["atom"], newest, domain)
    atom = atom_with_enclosures(feed.atom_str(pretty=True), enclosures(app, newest, domain))
    output_state.write_if_changed(outdir / FEEDS["atom"], atom)
    _links(feed, base_url(app), base_url(app) + FEEDS["rss"])
    rss = feed.rss_str(pretty=True)
    output_state.write_if_changed(outdir / FEEDS["rss"], rss)
