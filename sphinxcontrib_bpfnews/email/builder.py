"""``sphinx-build -b bpfnews-email``: each issue as ``<docname>.eml``, ``.txt`` and ``.html``.

The builder is Sphinx's HTML builder without its site: it reads the pages as the
HTML builder does (so the extension's HTML visitors render the components, through
the builder's ``html`` format) and writes, for each issue the settings select, the
message (:mod:`sphinxcontrib_bpfnews.core.email_message`) and its two parts beside
it, for pasting into a mailing service. No theme, static file, search index or
other page is written.

Every message is written again at each build (there are few, and each is made from
its page alone), and the files of issues no longer selected or no longer there are
removed, so the output folder always holds exactly what a build from scratch would.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from sphinxcontrib_bpfnews.extension.config import email_issues
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.labels import READ_ON_THE_WEB, UNSUBSCRIBE, shown_date
from sphinxcontrib_bpfnews.site.addresses import site_address

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from sphinxcontrib_bpfnews.core.email_message import Headers
    from sphinxcontrib_bpfnews.core.records import IssueRecord

# What makes a message (its headers, its text and HTML parts, a CSS inliner for the
# latter) is imported by the methods that write one: every build registers this
# builder, and only an email build needs them (a millisecond or two of every
# build's start).

logger = logging.getLogger("sphinxcontrib_bpfnews")

#: Gmail shows the start of a message whose HTML is longer, and a link to the rest.
GMAIL_CLIP = 102 * 1024
#: The files written for each issue, beside one another.
SUFFIXES = (".eml", ".txt", ".html")


class EmailBuilder(StandaloneHTMLBuilder):
    """Each issue as an email: an RFC 5322 message and its text and HTML parts."""

    name = "bpfnews-email"
    format = "html"
    epilog = "The messages are in %(outdir)s."
    copysource = False
    allow_parallel = False
    search = False
    add_permalinks = False
    use_index = False
    download_support = False

    #: The web address of the page being written: its relative links lead there.
    page_url = ""

    def init(self) -> None:
        super().init()
        self.selected: dict[str, IssueRecord] = {}
        self.written: set[str] = set()
        self.usable = False

    # -- what is written -------------------------------------------------------------

    def _select(self, *, report: bool = False) -> dict[str, IssueRecord]:
        """The issues to write, by page name, as ``bpfnews_email_issues`` asks; with
        ``report``, a warning for each number or name that is no issue."""
        issues = domain_of(self.env).issues()
        wanted = email_issues(self.config.bpfnews_email_issues)
        if not wanted:
            return {record["docname"]: record for record in issues}
        chosen: dict[str, IssueRecord] = {}
        for item in wanted:
            found = [
                record
                for record in issues
                if record["docname"] == item or (item.isdigit() and record["number"] == int(item))
            ]
            if not found and report:
                warn(
                    "email",
                    f"bpfnews_email_issues names {item!r}, which is no issue's number or "
                    "page name; it is passed over",
                    self._conf_location("bpfnews_email_issues"),
                )
            chosen.update((record["docname"], record) for record in found)
        return chosen

    def _conf_location(self, setting: str) -> str:
        """``conf.py:LINE``: where ``setting`` is set, else the file's top, where it
        can be added."""
        conf = Path(self.confdir) / "conf.py"
        line = 1
        try:
            for number, text in enumerate(conf.read_text(encoding="utf-8").splitlines(), 1):
                if text.startswith(setting):
                    line = number
        except OSError:
            pass
        return f"{conf}:{line}"

    def get_outdated_docs(self) -> Iterator[str]:
        # Every selected issue, every time: a message depends on settings and pages
        # Sphinx does not tie it to, and is quick to make.
        yield from self._select()

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + self.link_suffix

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        """Links between pages lead to the site."""
        return urljoin(site_address(self.config), self.get_target_uri(to, typ))

    def prepare_writing(self, docnames: Set[str]) -> None:
        super().prepare_writing(docnames)
        self.selected = self._select(report=True)
        self.written = set()
        base = site_address(self.config)
        self.usable = True
        if not base:
            warn(
                "email",
                "an email needs the site's address for its links: set html_baseurl in "
                "conf.py (for example 'https://newsletter.example.org/'); no message "
                "was written",
                self._conf_location("html_baseurl"),
            )
            self.usable = False
        elif not self.config.bpfnews_email_from:
            warn(
                "email",
                "an email needs a sender: set bpfnews_email_from in conf.py (for example "
                "'BPF Updates <editors@example.org>'); the text and HTML parts were "
                "written, no .eml",
                self._conf_location("bpfnews_email_from"),
            )

    def copy_assets(self) -> None:
        """A message carries its styles; its images stay on the site."""

    def write_doc_serialized(self, docname: str, doctree: nodes.document) -> None:
        """Nothing to index or copy."""

    # -- one issue ---------------------------------------------------------------------

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        record = self.selected.get(docname)
        if record is None or not self.usable:
            return
        base = site_address(self.config)
        self.page_url = urljoin(base, self.get_target_uri(docname))
        doctree.settings = self.docsettings
        self.secnumbers = {}
        self.fignumbers = self.env.toc_fignumbers.get(docname, {})
        self.imgpath = urljoin(base, self.imagedir)
        self.dlpath = urljoin(base, "_downloads")
        self.current_docname = docname
        self.post_process_images(doctree)
        for reference in doctree.findall(nodes.reference):
            if reference.get("refuri"):
                reference["refuri"] = urljoin(self.page_url, reference["refuri"])
            elif reference.get("refid"):
                reference["refuri"] = f"{self.page_url}#{reference['refid']}"

        headers = self._headers(record)
        text = self._text_part(doctree, headers)
        html = self._html_part(doctree, record, headers)
        self._write(docname, headers, text, html)

    def _headers(self, record: IssueRecord) -> Headers:
        from sphinxcontrib_bpfnews.core.email_message import (
            Headers,
            message_date,
            message_id,
            unsubscribe_link,
        )
        from sphinxcontrib_bpfnews.email.text_part import plain_text

        config = self.config
        number = record["number"]
        subject = config.bpfnews_email_subject.format(
            title=plain_text(record["title"]),
            number="" if number is None else number,
            date=shown_date(record["date"], config) if record["date"] else "",
            project=config.project,
        )
        return Headers(
            subject=subject,
            sender=config.bpfnews_email_from,
            to=config.bpfnews_email_to,
            reply_to=config.bpfnews_email_reply_to,
            date=message_date(record["published"], record["date"]),
            message_id=message_id(site_address(config), record["docname"], number),
            unsubscribe=unsubscribe_link(config.bpfnews_email_unsubscribe),
        )

    def _footer(self, headers: Headers) -> list[tuple[str, str, str]]:
        """The footer's lines, in the project's language: (words before the link, the
        link's text, its address)."""
        lines = [(f"{READ_ON_THE_WEB} ", self.page_url, self.page_url)]
        if headers.unsubscribe:
            lines.append(("", str(UNSUBSCRIBE), headers.unsubscribe))
        return lines

    def _text_part(self, doctree: nodes.document, headers: Headers) -> str:
        from sphinxcontrib_bpfnews.email.text_part import EmailTextTranslator

        handlers = _sphinx_app(self).registry.translation_handlers.get("text", {})
        translator = EmailTextTranslator.create(doctree, self, handlers)
        doctree.walkabout(translator)
        body: str = translator.body.strip("\n")
        footer = [
            f"{before.strip() or text + ':'}\n{address}"
            for before, text, address in self._footer(headers)
        ]
        return body + "\n\n-- \n" + "\n\n".join(footer) + "\n"

    def _html_part(self, doctree: nodes.document, record: IssueRecord, headers: Headers) -> str:
        from sphinxcontrib_bpfnews.email.html_part import html_document
        from sphinxcontrib_bpfnews.email.text_part import plain_text

        visitor: Any = self.create_translator(doctree, self)
        doctree.walkabout(visitor)
        return html_document(
            "".join(visitor.fragment),
            title=headers.subject,
            language=self.config.language or "en",
            preheader=plain_text(record["summary"]),
            footer=self._footer(headers),
            page_url=self.page_url,
        )

    def _write(self, docname: str, headers: Headers, text: str, html: str) -> None:
        from sphinxcontrib_bpfnews.core.email_message import compose

        target = Path(self.outdir, docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{target}.txt").write_text(text, encoding="utf-8", newline="\n")
        Path(f"{target}.html").write_text(html, encoding="utf-8", newline="\n")
        self.written.add(docname)
        size = len(html.encode())
        if headers.sender:
            message = compose(headers, text, html)
            Path(f"{target}.eml").write_bytes(message)
            logger.info(
                f"{docname}.eml: {len(message) / 1024:.1f} KB; HTML part "
                f"{size / 1024:.1f} KB (Gmail clips above {GMAIL_CLIP // 1024} KB), "
                f"text part {len(text.encode()) / 1024:.1f} KB"
            )
        if size > GMAIL_CLIP:
            warn(
                "email",
                f"the HTML part is {size / 1024:.1f} KB, more than the "
                f"{GMAIL_CLIP // 1024} KB Gmail shows before it clips a message",
                (docname, None),
            )

    # -- after ---------------------------------------------------------------------------

    def finish(self) -> None:
        """Remove the files of issues this build did not write: an issue removed, or
        no longer selected."""
        outdir = Path(self.outdir)
        for path in sorted(outdir.rglob("*.txt")):
            docname = path.relative_to(outdir).as_posix().removesuffix(".txt")
            if docname in self.written or not Path(f"{outdir / docname}.html").is_file():
                continue
            for suffix in SUFFIXES:
                Path(f"{outdir / docname}{suffix}").unlink(missing_ok=True)


def _sphinx_app(builder: Any) -> Any:
    """The application a builder belongs to (``_app`` from Sphinx 8.1 on)."""
    return getattr(builder, "_app", None) or builder.app
