"""Links from the site to the PDF editions: issue pages, year pages, feeds, export.

The LaTeX builder writes the editions (``bpf-updates-11.pdf``, ``bpf-updates-2017.pdf``)
into its own output folder; the HTML build only looks for them. Where
``bpfnews_pdf_url`` says where they are published, every edition is linked there;
else each edition whose file the HTML build finds in ``bpfnews_pdf_dir`` (by default
the ``latex`` folder beside the HTML output, as ``sphinx-build -M`` lays them out) is
copied into the site under ``_pdf/`` and linked, and an edition without a file is
not linked at all, so a site never links a PDF it does not have.

What is linked thus depends on files outside the source, which Sphinx does not
watch. Once every page is read (``env-get-updated``) the links are worked out anew,
as plain data in the domain (:data:`.output_state.LINKED_PDFS`, part of the
fingerprint of the generated pages, feeds and export), and the issue pages whose
link differs from the one their output folder last showed are handed back to Sphinx
to be written again without being read: a PDF made or removed since the last build
shows in a rebuild without ``-E`` as in a fresh build.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.util.osutil import relative_uri

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension import shown
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.editions import editions
from sphinxcontrib_bpfnews.extension.labels import PDF_LABEL
from sphinxcontrib_bpfnews.extension.render import META_SEPARATOR, separator
from sphinxcontrib_bpfnews.site import output_state
from sphinxcontrib_bpfnews.site.addresses import base_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.editions import Edition
    from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain

    #: One linked edition as plain data: ``name``, ``title``, ``docnames``, ``href``
    #: (from the site's root, or an absolute address) and ``length`` (bytes, 0 when
    #: unknown).
    PdfLink = dict[str, Any]

#: The folder of the HTML output the PDFs are copied into.
PDF_FOLDER = "_pdf"
#: The domain's key for the issue pages' links each output folder last showed.
WRITTEN = "linked_pdfs_written"
#: The files this extension copied into ``_pdf/`` (kept with the output folder's
#: state): only those are ever removed from there.
_MANIFEST = "pdf-copies.json"


def pdf_dir(app: Sphinx) -> Path:
    """Where the HTML build looks for the PDFs: ``bpfnews_pdf_dir`` from the
    configuration folder, else the ``latex`` folder beside the HTML output."""
    given = str(app.config.bpfnews_pdf_dir or "")
    if not given:
        return Path(app.outdir).parent / "latex"
    return Path(app.confdir) / given


def is_absolute(address: str) -> bool:
    """True for an address with a scheme (``https:``) or a host (``//cdn...``)."""
    return bool(urlsplit(address).scheme) or address.startswith("//")


def _size(path: Path) -> int | None:
    """The file's size, or None when there is no such file."""
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


def _links(app: Sphinx, env: BuildEnvironment) -> dict[str, dict[str, PdfLink]]:
    """kind -> key -> the edition's link, for every edition this build links."""
    pattern = str(app.config.bpfnews_pdf_url or "")
    folder = pdf_dir(app)
    links: dict[str, dict[str, PdfLink]] = {}
    for edition in editions(env):
        size = _size(folder / edition.filename)
        if pattern:
            href = pattern.replace("{name}", edition.name)
        elif size is not None:
            href = f"{PDF_FOLDER}/{edition.filename}"
        else:
            continue
        links.setdefault(edition.kind, {})[edition.key] = _data(edition, href, size or 0)
    return links


def _data(edition: Edition, href: str, length: int) -> PdfLink:
    return {
        "name": edition.name,
        "title": edition.title,
        "docnames": list(edition.docnames),
        "href": href,
        "length": length,
    }


def linked(domain: BpfNewsDomain, kind: str, key: str) -> PdfLink | None:
    """The link to the edition of ``kind`` and ``key`` (an issue's page, a year,
    ``""`` for the whole archive), or None when the site links none."""
    link: PdfLink | None = domain.data.get(output_state.LINKED_PDFS, {}).get(kind, {}).get(key)
    return link


def all_linked(domain: BpfNewsDomain) -> list[tuple[str, str, PdfLink]]:
    """(kind, key, link) of every linked edition: issues, years, then the archive's."""
    data = domain.data.get(output_state.LINKED_PDFS, {})
    return [
        (kind, key, data[kind][key])
        for kind in ("issue", "year", "volume")
        for key in sorted(data.get(kind, {}))
    ]


def page_href(app: Sphinx, pagename: str, link: PdfLink) -> str:
    """The link's address as page ``pagename`` of this builder links it: relative
    to the page for a path from the site's root, else as given."""
    href = str(link["href"])
    if is_absolute(href):
        return href
    return relative_uri(app.builder.get_target_uri(pagename), href)


def absolute_href(app: Sphinx, link: PdfLink) -> str:
    """The link's address from anywhere (feeds, the export): resolved against the
    site's address when there is one, else from the site's root as given."""
    href = str(link["href"])
    site = base_url(app)
    return urljoin(site, href) if site and not is_absolute(href) else href


def pdf_reference(app: Sphinx, pagename: str, link: PdfLink, label: str) -> nodes.reference:
    """A link from page ``pagename`` to the PDF, showing ``label``."""
    return nodes.reference(
        "", "", nodes.Text(label), refuri=page_href(app, pagename, link), classes=["bpfnews-pdf"]
    )


# -- once every page is read --------------------------------------------------------


def link_editions(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-get-updated``: work out which editions this build links (copying
    their files into the site), and return the issue pages whose link differs from
    the one their output last showed."""
    domain = domain_of(env)
    if app.builder.name not in output_state.SITE_BUILDERS:
        domain.data[output_state.LINKED_PDFS] = {}
        return []
    links = _links(app, env)
    if app.config.bpfnews_pdf_url:
        copy_pdfs(app, {})  # nothing to copy; earlier copies go
    else:
        for kind, key in copy_pdfs(app, links):
            del links[kind][key]  # a file the site does not have is not linked
    domain.data[output_state.LINKED_PDFS] = links
    now = {docname: link["href"] for docname, link in links.get("issue", {}).items()}
    before = shown.remember(app, env, WRITTEN, now, {})
    return shown.changed_pages(now, before, env.found_docs)


def copy_pdfs(app: Sphinx, links: dict[str, dict[str, PdfLink]]) -> list[tuple[str, str]]:
    """Copy each linked edition's file into ``_pdf/`` of the output when it changed
    (by size and time, as kept in the manifest), and remove the files copied by an
    earlier build that are linked no more; files this extension did not copy there
    are left alone. Returns the (kind, key) of the editions that could not be copied,
    each with a ``bpfnews.pdfcopy`` warning."""
    manifest = output_state.state_dir(app) / _MANIFEST
    try:
        loaded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        loaded = {}
    before: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    source, target = pdf_dir(app), Path(app.outdir) / PDF_FOLDER
    now: dict[str, list[int]] = {}
    failed: list[tuple[str, str]] = []
    for kind, by_key in links.items():
        for key, link in by_key.items():
            filename = f"{link['name']}.pdf"
            copy = target / filename
            try:
                stamp = output_state.file_stamp(source / filename)
                if before.get(filename) != stamp or _size(copy) != stamp[0]:
                    _copy(source / filename, copy)
            except OSError as error:
                warn(
                    "pdfcopy",
                    f"the PDF {source / filename} could not be copied into the site "
                    f"({error.strerror or error}); it is not linked",
                    None,
                )
                failed.append((kind, key))
                continue
            now[filename] = stamp
    for filename in before.keys() - now.keys():
        with contextlib.suppress(OSError):
            (target / filename).unlink(missing_ok=True)
    if now != before:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(now, sort_keys=True), encoding="utf-8")
    return failed


def _copy(source: Path, copy: Path) -> None:
    """Copy ``source`` to ``copy`` whole or not at all: a reader (or a server) never
    sees half a file."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    partial = copy.with_name(f".{copy.name}.part")
    try:
        shutil.copyfile(source, partial)
        partial.replace(copy)
    finally:
        partial.unlink(missing_ok=True)


# -- the issue pages --------------------------------------------------------------


def link_issue_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``, in the site's builders: the issue's header line gets
    a link to the issue's PDF, after its number and date and before its tags."""
    if app.builder.name not in output_state.SITE_BUILDERS:
        return
    link = linked(domain_of(app.env), "issue", docname)
    if link is None:
        return
    for line in doctree.findall(bn.bpfnews_line):
        if line.get("part") != "issue-header":
            continue
        badge = bn.make_badge("pdf", str(PDF_LABEL))
        badge.children = []
        badge += pdf_reference(app, docname, link, str(PDF_LABEL))
        tags = [
            index
            for index, child in enumerate(line.children)
            if isinstance(child, bn.bpfnews_badge) and child.get("kind") == "topic"
        ]
        # The tags come last, each after a space.
        end = tags[0] - 1 if tags else len(line.children)
        if any(not isinstance(child, nodes.Text) for child in line.children[:end]):
            for offset, node in enumerate([*separator(META_SEPARATOR), badge]):
                line.insert(end + offset, node)
        else:  # only tags, or nothing: the link first
            line.insert(0, badge)


def register(app: Sphinx) -> None:
    app.connect("env-get-updated", link_editions)
    app.connect("doctree-resolved", link_issue_pdf)
