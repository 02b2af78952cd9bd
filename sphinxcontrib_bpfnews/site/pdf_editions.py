r"""The PDF editions: one PDF per issue, per year, and of the whole archive.

With ``bpfnews_pdf_editions = ["issue", "year"]`` the stock ``latex`` builder (what
``sphinx-build -M latexpdf`` runs) writes, besides the project's own
``latex_documents``, ``bpf-updates-11.tex`` for each issue and
``<newsletter>-2017.tex`` for each year (and ``<newsletter>.tex`` for the whole
archive with ``"volume"``); ``make all-pdf`` compiles every ``.tex`` of the folder.
Which editions there are, their names, titles and issues come from
:func:`sphinxcontrib_bpfnews.extension.editions.editions`, which the site asks too.

How, and why this way. Sphinx's LaTeX builder writes exactly the documents of
``latex_documents``, read once, when it starts writing; it has no hook for one
document's content. So:

1. Once every page is read (``env-updated``, before the builder reads
   ``latex_documents``; Sphinx 8.0's LaTeX builder emits no ``write-started``) one
   entry per edition is added to ``latex_documents``, after the project's own,
   which stay as they are (an edition whose file name the project already uses is
   left out). An entry starts at a page that exists: the issue's page, or for a
   year or the archive its first issue's page; its theme is one of the two LaTeX
   themes shipped here (``bpfnews-issue``, an article, and ``bpfnews-volume``, a
   book), whose classes Sphinx's ``sphinxhowto``/``sphinxmanual`` wrap. The
   entries are the build's, not the project's: the copy of the configuration
   Sphinx keeps with the environment holds the project's own entries only, so the
   next build does not take the editions for a change of ``conf.py``.
2. The builder writes the entries strictly in order, and puts each one's tree
   together exactly once, then resolves its references with the post-transforms,
   the entry's start page being the page at hand. A post-transform
   (:class:`WriteEdition`) counts, per start page, the trees it has seen in this
   build: the k-th tree of a page is the k-th entry of the builder's
   ``document_data`` that starts there. If that entry is an edition, the tree is
   made into it: an issue gets a title block at the top (the newsletter's name,
   the issue's number and date as readers see them, its summary); a year or the
   archive gets its issues, oldest first, each a chapter, put in as Sphinx puts
   in the pages of a toctree (so links between them stay inside the PDF), then
   indexes of their series (by author, tree and subsystem, and each with its
   revisions in them) and talks (by speaker and by event). It runs before
   references are resolved, so the issues' own references are.

The title block and the cover are in the text rather than in the preamble, which
every document of a build shares (``latex_elements``); the themes' classes define
the macros they call. A theme other than Sphinx's ``howto`` gets the project's
``latex_appendices`` appended, as any document does.

The counters are plain, on this module, per builder, and start anew with every
build. The ``.tex`` (and ``.pdf``) files of editions an earlier build
wrote that no longer exist are removed, so a build equals a fresh one: the names
written are kept in ``.bpfnews-editions.json`` in the output folder, and only files
named there are ever removed.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import texescape
from sphinx.util.docutils import new_document
from sphinx.util.nodes import inline_all_toctrees

from sphinxcontrib_bpfnews.core.editions import parse_kinds
from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension.code_spans import text_nodes
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.extension.editions import editions, newsletter_name
from sphinxcontrib_bpfnews.extension.labels import INDEX_TITLES, issue_label, shown_date
from sphinxcontrib_bpfnews.extension.render import META_SEPARATOR, joined, linker
from sphinxcontrib_bpfnews.site.indexes import index_nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_bpfnews.core.editions import Edition
    from sphinxcontrib_bpfnews.core.records import IssueRecord

TEXINPUTS = Path(__file__).parent.parent / "texinputs"
#: The LaTeX themes (``theme.conf``), added to ``latex_theme_path``.
THEMES = TEXINPUTS / "themes"
ISSUE_THEME = "bpfnews-issue"
VOLUME_THEME = "bpfnews-volume"
#: The themes' wrapper classes, copied beside the ``.tex`` files.
CLASSES = (TEXINPUTS / "sphinxbpfnewsissue.cls", TEXINPUTS / "sphinxbpfnewsvolume.cls")
#: The editions the last build wrote, in the LaTeX output folder.
MANIFEST = ".bpfnews-editions.json"
#: The indexes at the end of a year's or the archive's PDF.
VOLUME_INDEXES = ("authors", "trees", "subsystems", "series", "speakers", "events")
#: Emitted for each tree the LaTeX builder puts together, so the handler gets the
#: application (and the builder), which transforms are not given.
EVENT = "bpfnews-pdf-edition"


#: One ``latex_documents`` entry: start page, ``.tex`` name, title, author, theme.
_Entry = tuple[str, str, str, str, str]


@dataclass
class _Writing:
    """What one LaTeX build writes: the editions by their ``.tex`` file name, and how
    many trees of each start page the post-transform has seen."""

    by_target: dict[str, Edition] = field(default_factory=dict)
    seen: Counter[str] = field(default_factory=Counter)


_WRITING: WeakKeyDictionary[Builder, _Writing] = WeakKeyDictionary()


class _WithEditions(list[Any]):
    """``latex_documents`` for one build: the project's own entries, then this
    build's editions.

    Sphinx keeps the configuration with the environment and compares it with the
    next build's, which reads ``conf.py`` again and has only the project's own: the
    editions would read as a change of configuration on every build. So the kept
    copy (the pickle) is the project's own list, as ``conf.py`` gives it."""

    def __init__(self, own: list[Any], added: list[_Entry]) -> None:
        super().__init__([*own, *added])
        self.own = own

    def __reduce__(self) -> tuple[type[list[Any]], tuple[list[Any]]]:
        return list, (list(self.own),)


def add_theme_path(app: Sphinx, config: Config) -> None:
    """Let the LaTeX builder find the editions' themes, when there are editions."""
    kinds, _unknown = parse_kinds(config.bpfnews_pdf_editions)
    if kinds and str(THEMES) not in map(str, config.latex_theme_path):
        config.latex_theme_path = [*config.latex_theme_path, str(THEMES)]


def _escaped(text: str, config: Config) -> str:
    return texescape.escape(text, config.latex_engine)


def add_documents(app: Sphinx, env: BuildEnvironment) -> None:
    """Add one ``latex_documents`` entry per edition, after the project's own, and
    remove the files of editions an earlier build wrote that are gone."""
    builder = app.builder
    if not isinstance(builder, LaTeXBuilder):
        return
    writing = _Writing()
    _WRITING[builder] = writing
    config = app.config
    # A second build by the same application (a test's, sphinx-autobuild's) starts
    # from the project's own entries again.
    documents = config.latex_documents
    own = list(documents.own if isinstance(documents, _WithEditions) else documents)
    taken = {str(entry[1]) for entry in own}
    added: list[_Entry] = []
    for edition in editions(env):
        target = f"{edition.name}.tex"
        if target in taken:
            continue
        theme = ISSUE_THEME if edition.kind == "issue" else VOLUME_THEME
        title = _escaped(edition.title, config)
        author = _escaped(_author(config), config)
        added.append((edition.docnames[0], target, title, author, theme))
        writing.by_target[target] = edition
    config.latex_documents = _WithEditions(own, added)
    _forget_gone(Path(builder.outdir), set(writing.by_target), taken)


#: Sphinx's ``author`` when ``conf.py`` sets none: words for a manual's title page,
#: not for a newsletter's cover.
UNSET_AUTHOR = "Author name not set"


def _author(config: Config) -> str:
    """The editions' author: the project's ``author``, or nothing when it is unset."""
    author = str(config.author or "")
    return "" if author == UNSET_AUTHOR else author


def _forget_gone(outdir: Path, written: set[str], own: set[str]) -> None:
    """Remove the ``.tex`` and ``.pdf`` of editions the manifest names that this build
    does not write (nor the project's own documents), and note the new ones."""
    manifest = outdir / MANIFEST
    try:
        before = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = []
    now = {Path(target).stem for target in written}
    keep = now | {Path(target).stem for target in own}
    for name in before if isinstance(before, list) else []:
        if not isinstance(name, str) or name in keep or not _plain_name(name):
            continue
        for suffix in (".tex", ".pdf"):
            (outdir / f"{name}{suffix}").unlink(missing_ok=True)
    if now:
        outdir.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(sorted(now), indent=1) + "\n", encoding="utf-8")
    else:
        manifest.unlink(missing_ok=True)


def _plain_name(name: str) -> bool:
    """A file stem in the output folder itself (a manifest edited by hand never
    leads elsewhere)."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


class WriteEdition(SphinxPostTransform):
    """Make the tree the LaTeX builder put together into its edition, when it is one."""

    #: Before references are resolved (Sphinx's ``ReferencesResolver``, 10), so the
    #: issues a year's PDF puts in have their references resolved within the PDF.
    default_priority = 1
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        self.env.events.emit_firstresult(EVENT, self.document)


def write_edition(app: Sphinx, document: nodes.document) -> bool | None:
    """The edition this tree is (see the module's docstring), made so; None when the
    tree is not one."""
    builder = app.builder
    writing = _WRITING.get(builder)
    if writing is None or not writing.by_target or not isinstance(builder, LaTeXBuilder):
        return None
    docname = app.env.docname
    nth = writing.seen[docname]
    writing.seen[docname] += 1
    entries = [entry for entry in builder.document_data if entry[0] == docname]
    if nth >= len(entries):
        return None
    edition = writing.by_target.get(str(entries[nth][1]))
    if edition is None:
        return None
    if edition.kind == "issue":
        _add_title_block(app, document, docname)
    else:
        _make_volume(app, builder, document, edition, docname)
    return True


def _joined(parts: list[str], separator: str, config: Config) -> str:
    """``parts`` as LaTeX, with ``separator`` between them in braces: XeLaTeX and
    LuaLaTeX read ``·`` and ``–`` as commands, which would swallow the space after
    them."""
    return f" {{{_escaped(separator, config)}}} ".join(_escaped(part, config) for part in parts)


def _latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _add_title_block(app: Sphinx, document: nodes.document, docname: str) -> None:
    """The issue's title block, where its text starts: the newsletter's name, the
    title (the class takes it from the entry), "Issue 11 · 18 September 2017", the
    summary. Sphinx shows the page's first heading as the document's title."""
    config = app.config
    record = domain_of(app.env).issue(docname)
    if record is None:
        return
    facts = [issue_label(record["number"])] if record["number"] is not None else []
    if record["date"]:
        facts.append(shown_date(record["date"], config))
    line = _joined(facts, META_SEPARATOR, config)
    block: list[nodes.Node] = [
        _latex(rf"\bpfnewsissuetitle{{{_escaped(newsletter_name(config), config)}}}{{{line}}}")
    ]
    if record["summary"]:
        block.append(
            nodes.paragraph("", "", *text_nodes(record["summary"]), classes=["bpfnews-summary"])
        )
    block.append(_latex(r"\bpfnewsissuetitleend"))
    _keep_only_tags(document)
    section = next(iter(document.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section[1:1] = block
    else:
        document[0:0] = block


def _keep_only_tags(document: nodes.document) -> None:
    """The page's own header line says the number and date again, which the title
    block now says: keep only its badges (the tags, "Draft"), or no line at all."""
    for header in list(document.findall(bn.bpfnews_line)):
        if header.get("part") != "issue-header":
            continue
        badges = [child for child in header.children if isinstance(child, bn.bpfnews_badge)]
        if not badges:
            header.parent.remove(header)
            continue
        header.children = []
        header.extend(joined(badges))
        return


def _make_volume(
    app: Sphinx,
    builder: LaTeXBuilder,
    document: nodes.document,
    edition: Edition,
    docname: str,
) -> None:
    """A year's or the archive's book: the cover, its issues oldest first, each a
    chapter, as Sphinx puts in a toctree's pages, then the indexes of their series
    and talks."""
    held = builder.docnames
    if not isinstance(held, set):  # what the LaTeX builder holds while assembling
        return
    config = app.config
    domain = domain_of(app.env)
    records: list[IssueRecord] = [
        record for name in edition.docnames if (record := domain.issue(name)) is not None
    ]
    dates = [shown_date(record["date"], config) for record in records if record["date"]]
    span = _joined(list(dict.fromkeys([dates[0], dates[-1]])), "–", config) if dates else ""
    book = nodes.section("", nodes.title(edition.title, edition.title))
    book += _latex(
        rf"\bpfnewsvolumecover{{{_escaped(newsletter_name(config), config)}}}"
        rf"{{{span}}}"
    )
    holder = new_document("<bpfnews-edition>")
    holder += addnodes.toctree(includefiles=list(edition.docnames))
    inlined = inline_all_toctrees(builder, held, docname, holder, str, [])
    book.extend(inlined.children)
    link = linker(builder, docname)
    for kind in VOLUME_INDEXES:
        content = index_nodes(kind, domain, records, link)
        if content:
            title = str(INDEX_TITLES[kind])
            index = nodes.section("", nodes.title(title, title), ids=[f"bpfnews-edition-{kind}"])
            index += nodes.container("", *content, classes=["bpfnews-index"])
            book += index
    del document[:]
    document += book


def copy_classes(app: Sphinx, exception: Exception | None) -> None:
    """Put the themes' classes beside the ``.tex`` files, as the LaTeX package is."""
    if exception is None and app.builder.format == "latex":
        for source in CLASSES:
            shutil.copyfile(source, Path(app.outdir) / source.name)


def setup(app: Sphinx) -> None:
    # After the settings are checked (priority 700): a bad value is no edition.
    app.connect("config-inited", add_theme_path, priority=750)
    # Once every page is read, before the LaTeX builder reads latex_documents.
    app.connect("env-updated", add_documents)
    app.add_event(EVENT)
    app.connect(EVENT, write_edition)
    app.add_post_transform(WriteEdition)
    app.connect("build-finished", copy_classes)
