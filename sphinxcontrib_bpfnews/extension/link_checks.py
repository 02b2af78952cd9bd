"""Link hygiene and duplicates as warnings an editor can act on.

**Which links.** Every entry's own address, wherever its directive is: a series'
``:url:``, each child patch's address and a talk's ``:url:``, checked by the
directive (:func:`checked_address`) and reported at the directive's line, or the
child's own line. And every external (``http``/``https``) link in the text of an
issue page, and in the text of a series, talk or highlight on any page (notes,
descriptions, highlights, prose entries, the page's own prose), checked once the page
is read (:func:`check_page_links`) and reported at the line of the link, or of its
paragraph. Relative and internal links are the site's own and are not checked. An
entry's own address is not a link in the page until it is written (see
:mod:`.writers.expand`), so it is checked once, by its directive.

**Cleaning.** With ``bpfnews_clean_links = True``, tracking parameters are removed
from every address (and from a link's text when the text is the address) before
anything is made of it: the page every builder writes, and the records the feeds and
the JSON export read. What is removed is not reported: the editor asked for it.

**Duplicates** (:func:`report_duplicates`) are found from the records on
``env-check-consistency``, after every build that read a page, so a duplicate between
two pages neither of which was read again is still reported, with ``-j`` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews.core.duplicates import IssuePage, address_duplicates, find_duplicates
from sphinxcontrib_bpfnews.core.link_checks import check_link, is_external, without_tracking
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.issue_pages import is_issue

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def cleaned(url: str, config: Config) -> str:
    """``url`` without tracking parameters when ``bpfnews_clean_links`` is set."""
    if not config.bpfnews_clean_links or not is_external(url):
        return url
    return without_tracking(url)[0]


def checked_address(url: str, location: str, config: Config) -> str:
    """An entry's own address as it is to be shown (cleaned when the settings say
    so), each of its problems warned about at ``location``."""
    url = cleaned(url, config)
    for problem in check_link(url):
        warn("link", problem.message, location)
    return url


def clean_references(body: Iterable[nodes.Node], config: Config) -> None:
    """Remove tracking parameters from the links of ``body`` when the settings say so,
    before a directive keeps its text in a record."""
    if not config.bpfnews_clean_links:
        return
    for node in body:
        if isinstance(node, nodes.Element):
            for reference in node.findall(nodes.reference):
                _clean_reference(reference, config)


def _clean_reference(reference: nodes.reference, config: Config) -> str:
    """Clean one link, its text too when the text is the address; its new address."""
    uri = reference.get("refuri", "")
    new = cleaned(uri, config)
    if new != uri:
        if reference.astext() == uri:
            reference[:] = [nodes.Text(new)]
        reference["refuri"] = new
    return str(new)


def _checked_references(doctree: nodes.document, issue: bool) -> Iterator[nodes.reference]:
    """The links of the page's text that are checked: all of an issue page's, and
    those inside a component elsewhere."""
    if issue:
        yield from doctree.findall(nodes.reference)
        return
    seen: set[int] = set()  # a component inside another: its links once
    for component in doctree.findall(bn.bpfnews_block):
        for reference in component.findall(nodes.reference):
            if id(reference) not in seen:
                seen.add(id(reference))
                yield reference


def _line_of(reference: nodes.reference) -> int | None:
    """The line of the link's paragraph (where an editor finds it), else the first
    line known of the link or what holds it.

    A paragraph's line is its first; MyST gives a link of a directive's
    one-paragraph body the directive's line, so the paragraph is asked first.
    """
    paragraph = next(
        (
            node
            for node in _ancestors(reference)
            if isinstance(node, nodes.TextElement) and not isinstance(node, nodes.Inline)
        ),
        None,
    )
    if paragraph is not None and paragraph.line is not None:
        return int(paragraph.line)
    return next((int(node.line) for node in _ancestors(reference) if node.line is not None), None)


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    """The node, then its parent, and so on up."""
    current: nodes.Node | None = node
    while current is not None:
        yield current
        current = current.parent


def check_page_links(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: clean and check the external links of the page's text."""
    env = app.env
    docname = env.docname
    issue = is_issue(app, docname, env.metadata[docname])
    for reference in list(_checked_references(doctree, issue)):
        uri = reference.get("refuri", "")
        if not uri or not is_external(uri):
            continue
        uri = _clean_reference(reference, app.config)
        problems = check_link(uri)
        if problems:
            location = (docname, _line_of(reference))
            for problem in problems:
                warn("link", problem.message, location)


def report_duplicates(app: Sphinx, env: BuildEnvironment) -> None:
    """On ``env-check-consistency``: every duplicate of every issue, at its line;
    drafts and scheduled issues too, which are what an editor checks before
    publishing them."""
    domain = domain_of(env)
    issues = [
        IssuePage(
            record["docname"],
            record["title"],
            Path(env.doc2path(record["docname"], base=False)).as_posix(),
        )
        for record in reversed(domain.all_issues())
    ]
    for duplicate in find_duplicates(issues, domain.series_of, domain.address_duplicates_of):
        warn("duplicate", duplicate.message, (duplicate.docname, duplicate.line))


def note_address_duplicates(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: the addresses the page links twice, kept with its records
    for :func:`report_duplicates` (which reports every issue's, on every build)."""
    docname = app.env.docname
    domain = domain_of(app.env)
    series, talks = domain.series_of(docname), domain.talks_of(docname)
    if series or talks:
        domain.note_address_duplicates(docname, address_duplicates(docname, series, talks))


def register(app: Sphinx) -> None:
    # After the page collectors: Sphinx's metadata (500) says whether it is an issue.
    app.connect("doctree-read", check_page_links, priority=650)
    app.connect("doctree-read", note_address_duplicates)
    app.connect("env-check-consistency", report_duplicates)
