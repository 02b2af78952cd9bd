"""The newsletter as a site: archive, indexes, feeds, JSON export and navigation, made from
the domain's records for the web site. Imports core, the extension and the writers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.extension import nodes as bn
from sphinxcontrib_bpfnews.extension import shown
from sphinxcontrib_bpfnews.extension.domain import domain_of
from sphinxcontrib_bpfnews.site import (
    compiled_templates,
    feeds,
    issue_chapters,
    navigation,
    output_state,
    pdf_editions,
    pdf_links,
    targets,
)
from sphinxcontrib_bpfnews.site.archive import archive_pages, tag_badge, tag_page
from sphinxcontrib_bpfnews.site.export import start_export, write_export
from sphinxcontrib_bpfnews.site.general_index import genindex_context
from sphinxcontrib_bpfnews.site.indexes import (
    IndexDirective,
    fill_indexes,
    index_pages,
    link_all_revisions,
    pages_to_reread,
)
from sphinxcontrib_bpfnews.site.output_state import SITE_BUILDERS
from sphinxcontrib_bpfnews.site.pages import MadePages, hand_over, make_pages, pages_unchanged
from sphinxcontrib_bpfnews.site.parallel import start_ahead, stop_ahead, taken

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

TEMPLATES = Path(__file__).parent.parent / "templates"
#: The domain's key for the archive's pages as each output folder's last build had
#: them.
ARCHIVE_PAGES = "archive_pages"
#: The name of the generated pages' work when started ahead (:mod:`.parallel`).
_PAGES = "pages"


def _add_templates(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def _made_pages(app: Sphinx, *, share_out: bool = True) -> MadePages | None:
    """The site's generated pages as this build makes them; none when none changed."""
    domain = domain_of(app.env)
    issues = domain.issues()
    if pages_unchanged(app):
        return None
    pages = archive_pages(app, issues) + index_pages(app, domain, issues) if issues else []
    # Every page's recent-issues block shows these: a page is written again when
    # they change, unless the block is replaced in place (see navigation).
    recent = navigation.entries(issues[: navigation.recent_limit(app)])
    shared = None if navigation.recent_block_patchable(app) else recent
    return make_pages(app, pages, shared, share_out=share_out)


def _start_ahead(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On the first page resolved in a ``-j`` build: the generated pages and the
    export are made in forked processes while Sphinx writes the others (see
    :mod:`.parallel`)."""
    if app.builder.name in SITE_BUILDERS:
        start_ahead(app, _PAGES, lambda: _made_pages(app, share_out=False))
        start_export(app)


def _collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.name not in SITE_BUILDERS:
        return
    made = taken(app, _PAGES, lambda: _made_pages(app))
    if made is not None:
        yield from hand_over(app, made)


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    domain = domain_of(app.env)
    feeds.let_go_of_bodies(app)
    feeds.write_feeds(app, domain)
    write_export(app, domain)


def _link_tags(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In HTML, an issue header's tags lead to the tags' archive pages: those the
    archive has (a draft's new tag has none until the draft is published)."""
    if app.builder.name not in SITE_BUILDERS:
        return
    headers = [
        line for line in doctree.findall(bn.bpfnews_line) if line.get("part") == "issue-header"
    ]
    if not headers:
        return
    domain = domain_of(app.env)
    pages = None if domain.is_listed(docname) else targets.archive_page_names(app.config, domain)
    for line in headers:
        for badge in list(line.findall(bn.bpfnews_badge)):
            tag = badge.astext()
            if badge.get("kind") == "topic" and (pages is None or tag_page(app, tag) in pages):
                line.replace(badge, tag_badge(app, docname, tag))


def _link_all_revisions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name in SITE_BUILDERS:
        link_all_revisions(app, doctree, docname)


def _env_get_updated(app: Sphinx, env: Any) -> list[str]:
    """Pages whose links to other issues changed, and those of issues in the feeds
    whose body is not kept; every page when settings Sphinx does not track (the
    site's address from Read the Docs) may have changed."""
    pages = (
        navigation.pages_to_rewrite(app, env)
        + _drafts_to_rewrite(app, env)
        + feeds.bodies_to_keep(app, env)
    )
    if app.builder.name in SITE_BUILDERS and output_state.settings_changed(app):
        return sorted(env.found_docs)
    return pages


def _drafts_to_rewrite(app: Sphinx, env: Any) -> list[str]:
    """The pages of unpublished issues, when the archive's pages changed: their
    header's tags lead to the tags' pages where those exist (:func:`_link_tags`)."""
    domain = domain_of(env)
    now = sorted(targets.archive_page_names(app.config, domain))
    before = shown.remember(app, env, ARCHIVE_PAGES, now, None)
    if before is None or before == now:
        return []
    return sorted(set(domain.unpublished()) & env.found_docs)


def register(app: Sphinx) -> None:
    """Register the site's directives, roles and everything it writes."""
    app.add_directive("bpfnews-index", IndexDirective)
    app.connect("config-inited", compiled_templates.use_keeping_loader)
    app.connect("builder-inited", compiled_templates.keep_compiled_templates)
    targets.register(app)
    pdf_links.register(app)
    app.connect("html-page-context", genindex_context)
    issue_chapters.setup(app)
    pdf_editions.setup(app)
    app.connect("doctree-resolved", fill_indexes)
    app.connect("env-get-outdated", output_state.begin, priority=100)
    app.connect("env-get-outdated", pages_to_reread)
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", navigation.page_context)
    app.connect("html-page-context", feeds.keep_body)
    app.connect("html-page-context", navigation.note_rendered, priority=900)
    app.connect("env-get-updated", _env_get_updated)
    app.connect("html-collect-pages", _collect_pages)
    # Last, so the page resolved is ready when it is (and the process forks).
    app.connect("doctree-resolved", _start_ahead, priority=900)
    app.connect("doctree-resolved", _link_tags)
    # After the revision lines are made (at the default priority).
    app.connect("doctree-resolved", _link_all_revisions, priority=600)
    app.connect("build-finished", _build_finished)
    # After every page is written, in the main process (parallel builds too).
    app.connect("build-finished", navigation.patch_recent_blocks)
    # After every output is written.
    app.connect("build-finished", output_state.save, priority=900)
    # After everything that could take work started ahead.
    app.connect("build-finished", stop_ahead, priority=950)
