"""The Read the Docs recipe of ``docs/site.md``, run in Read the Docs' order.

Read the Docs builds the HTML site first, from the configuration's folder, into
``$READTHEDOCS_OUTPUT/html``, then runs the ``build.jobs.post_build`` commands from
the checkout's root in a shell, with ``READTHEDOCS`` and its other variables set
(:func:`.test_docs.run_readthedocs`). This test does the same with the page's own
``conf.py`` lines and ``.readthedocs.yaml``, so the recipe a reader copies is the
one that is run: every PDF the site links must then be a compiled PDF of what its
page shows.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import BASE_CONF, DOCS, TEX_TOOLS, require_tools
from .pdf_tools import normalized, pdf_text
from .snippets import Block, code_blocks
from .test_docs import run_readthedocs
from .test_site import issue

PAGE = DOCS / "site.md"
#: The issues of the newsletter built: two in 2017, one in 2016.
ISSUES = {
    "issues/one.md": issue("News One", "2017-09-04", issue="1", body="First news.\n"),
    "issues/two.md": issue("News Two", "2017-09-11", issue="2", body="Second news.\n"),
    "issues/zero.md": issue("News Zero", "2016-12-26", issue="0", body="Older news.\n"),
}
#: Each linked PDF and a title it must hold: the issues' and the years' editions.
LINKED = {
    "one.pdf": "News One",
    "two.pdf": "News Two",
    "zero.pdf": "News Zero",
    "test-2017.pdf": "News Two",
    "test-2016.pdf": "News Zero",
}
#: What docs/install.md's packages are for beyond a newsletter in Latin script:
#: Chinese and Japanese, and the tests' ``pdftotext``.
NOT_FOR_LATIN = {"texlive-lang-cjk", "texlive-lang-chinese", "fonts-noto-cjk", "poppler-utils"}


def recipe() -> tuple[Block, Block]:
    """The page's ``conf.py`` lines and ``.readthedocs.yaml`` for Read the Docs."""
    blocks = code_blocks([PAGE])
    yaml_block = next(b for b in blocks if b.text.startswith("# .readthedocs.yaml"))
    conf_block = next(b for b in blocks if b.language == "python" and "READTHEDOCS" in b.text)
    return conf_block, yaml_block


@pytest.mark.latexpdf
def test_the_read_the_docs_recipe_links_every_edition_compiled(tmp_path: Path) -> None:
    require_tools((*TEX_TOOLS, "make"), "Read the Docs recipe")
    conf_block, yaml_block = recipe()
    config = yaml.safe_load(yaml_block.text)
    checkout = tmp_path / "checkout"
    conf_dir = checkout / Path(config["sphinx"]["configuration"]).parent
    for name, text in {
        "conf.py": BASE_CONF + conf_block.text,
        "index.md": "# The news\n\nWelcome.\n",
        **ISSUES,
    }.items():
        (conf_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (conf_dir / name).write_text(text, encoding="utf-8")
    output = checkout / "_readthedocs"
    run_readthedocs(config, checkout, output)

    site = output / "html"
    linked: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        address = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for anchor in soup.find_all("a", href=True):
            href = str(anchor["href"])
            if href.endswith(".pdf"):
                target = unquote(urljoin(address, href))
                linked.setdefault(target, set()).add(address)
    assert set(linked) == {f"_pdf/{name}" for name in LINKED}, linked
    assert "../_pdf/one.pdf" in (site / "issues" / "one.html").read_text(encoding="utf-8")
    for name, title in LINKED.items():
        pdf = site / "_pdf" / name
        assert pdf.is_file(), f"{name} is linked but not in the site"
        assert pdf.read_bytes().startswith(b"%PDF-"), name
        assert normalized(title) in normalized(pdf_text(pdf)), name
    # The project's own PDF is copied too (docs/site.md says so).
    assert (site / "_pdf" / "test.pdf").exists()


def test_the_recipe_installs_the_packages_the_pdf_needs() -> None:
    """Read the Docs' image may lack a package the PDF needs: the recipe lists every
    one the installation page does for a newsletter in Latin script (without
    ``texlive-fonts-recommended``, say, Sphinx's LaTeX finds no ZapfDingbats)."""
    install = code_blocks([DOCS / "install.md"])
    command = next(c for b in install for c in b.commands() if "apt-get install" in c)
    needed = set(command.split("--no-install-recommends", 1)[1].split()) - NOT_FOR_LATIN
    listed = set(yaml.safe_load(recipe()[1].text)["build"]["apt_packages"])
    assert needed - listed == set()
