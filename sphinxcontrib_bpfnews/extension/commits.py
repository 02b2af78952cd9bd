"""The ``{commit}`` role: a commit cited the kernel's way, linked to its address.

``{commit}`7a12b5031c6b ("bpf: fix the thing")``` shows the hash in code, linked to
``bpfnews_commit_url``, and the subject in quotes after it; the text is read by
:mod:`~sphinxcontrib_bpfnews.core.commits`. What the role makes is nodes every
writer already knows (an ``inline`` holding a ``reference`` to the hash and the
subject's text); only the hash has a class of its own,
:class:`~.nodes.bpfnews_commit_hash`, so that plain text, man pages and Texinfo show
it without the quotes they put around code, as the kernel writes it.

The role is ``{bpfnews:commit}`` in the domain, which always means this one, and
``{commit}`` when no other extension has that name: sphinx-issues has a ``commit``
role of its own, for a GitHub project's commits, and a project that loads it keeps
it. The global name is added once every extension is loaded
(:func:`add_global_role`), so the order of ``extensions`` does not matter and Sphinx
warns of no override.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole, is_role_registered

from sphinxcontrib_bpfnews.core.commits import commit_url, parse_citation
from sphinxcontrib_bpfnews.extension.diagnostics import warn
from sphinxcontrib_bpfnews.extension.domain import BpfNewsDomain
from sphinxcontrib_bpfnews.extension.nodes import bpfnews_commit_hash

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinxcontrib_bpfnews.core.commits import Citation

#: The role's name, in the domain and, when free, on its own.
ROLE = "commit"


def render_commit(citation: Citation, url_template: str) -> nodes.inline:
    """The one rendering of a citation: the hash as code (a link to the commit when
    it can lead to one), then `` ("subject")`` and any other text as written.

    Smart quotes are off: the kernel's form has straight quotes, and a reader copies
    it into a commit message, where ``checkpatch`` wants them.
    """
    shown: list[nodes.Node] = []
    if citation.sha:
        code = bpfnews_commit_hash(citation.sha, citation.sha)
        if citation.linked:
            shown.append(
                nodes.reference("", "", code, refuri=commit_url(url_template, citation.sha))
            )
        else:
            shown.append(code)
    after = citation.text.removeprefix(citation.sha)
    if after:
        shown.append(nodes.Text(after))
    return nodes.inline("", "", *shown, classes=["bpfnews-commit"], support_smartquotes=False)


class CommitRole(SphinxRole):
    """``{commit}`HASH``` or ``{commit}`HASH ("subject")```; a problem with the text
    is a ``bpfnews.commit`` warning at the role's line, and the text is shown."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        citation = parse_citation(self.text)
        node = render_commit(citation, self.config.bpfnews_commit_url)
        self.set_source_info(node)
        for problem in citation.problems:
            warn("commit", problem, node)
        return [node], []


def add_global_role(app: Sphinx, config: Config) -> None:
    """On ``config-inited``, once every extension's ``setup()`` has run: ``{commit}``
    is this role unless another extension (sphinx-issues) named one so."""
    if not is_role_registered(ROLE):
        app.add_role(ROLE, CommitRole())


def register(app: Sphinx) -> None:
    app.add_role_to_domain(BpfNewsDomain.name, ROLE, CommitRole())
    app.connect("config-inited", add_global_role)
