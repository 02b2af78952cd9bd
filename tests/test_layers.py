"""The package's layers import one another in one direction only.

Read from the source with :mod:`ast`, without importing anything: every import
counts, those made only for type checking too, since they say what a module needs
to know. From the bottom up (see "Layers" in ``docs/development.md``):

- ``core/`` is plain Python: no Sphinx, no docutils, nothing of the other layers,
  so the command line and mail reading can use it without Sphinx;
- ``extension/`` (what Sphinx reads and renders) builds on core alone;
- ``writers/`` on the extension, ``site/`` on the writers: nothing below ``site/``
  imports it, and nothing below ``writers/`` imports them;
- ``email/`` (the email builder) on all of them, and nothing imports it but the
  package's setup;
- ``cli/`` stands beside them: core, the extension's warnings and the version; its
  importer and ``series`` import core alone, and no Sphinx, so converting and reading
  mail need no build.

No module imports, through any chain, one that imports it back.
"""

from __future__ import annotations

import ast
import re
from importlib.util import resolve_name
from typing import TYPE_CHECKING

import pytest

from .conftest import DOCS, REPO
from .snippets import code_blocks

if TYPE_CHECKING:
    from pathlib import Path

PACKAGE = "sphinxcontrib_bpfnews"
ROOT = REPO / PACKAGE
#: The layers, bottom first, and what of the package each may import besides itself
#: ("" is the package's own ``__init__``, which registers every layer).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "extension": {"core"},
    "writers": {"core", "extension"},
    "site": {"core", "extension", "writers"},
    "email": {"core", "extension", "writers", "site"},
    "cli": {"", "core", "extension"},
}
#: What a module that must run without Sphinx may not import.
SPHINX = ("sphinx", "docutils", "myst_parser", "sphinxcontrib")
#: Modules that must run without Sphinx, and what of the package they may import
#: (layers, or single modules; "" is the package's ``__init__``, for the version).
WITHOUT_SPHINX = {
    "cli.importer": {"core"},
    "cli.series": {"core", "cli.fetch"},
    "cli.fetch": {"core", ""},
}


def module_name(path: Path) -> str:
    """``core.subjects`` for ``sphinxcontrib_bpfnews/core/subjects.py``; "" for the
    package's ``__init__``, ``core`` for a layer's."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """Every module ``name`` imports, absolute (``sphinx.util``,
    ``sphinxcontrib_bpfnews.core.subjects``); ``from package import module`` imports
    the module, ``from module import name`` the module."""
    path = MODULES[name]
    inside = name if path.name == "__init__.py" else name.rpartition(".")[0]
    package = f"{PACKAGE}.{inside}".rstrip(".")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = resolve_name("." * node.level + (node.module or ""), package)
            submodules = {f"{module}.{alias.name}" for alias in node.names}
            submodules &= {f"{PACKAGE}.{name}" for name in MODULES}
            # Any other name comes from the module itself (its ``__init__``).
            found |= submodules if len(submodules) == len(node.names) else {*submodules, module}
    return found


def own(module: str) -> str | None:
    """The package's module ``module`` names ("" for the package), or None."""
    if module == PACKAGE:
        return ""
    if module.startswith(f"{PACKAGE}."):
        return module.removeprefix(f"{PACKAGE}.")
    return None


def layer(name: str) -> str:
    return name.split(".")[0]


def test_every_module_is_in_a_layer() -> None:
    outside = [name for name in MODULES if name and layer(name) not in ALLOWED]
    assert outside == ["__main__"], "a module outside the layers: put it in one"


@pytest.mark.parametrize("name", [n for n in MODULES if n and layer(n) in ALLOWED])
def test_a_layer_imports_only_the_layers_below(name: str) -> None:
    allowed = {layer(name), *ALLOWED[layer(name)]}
    wrong = sorted(
        module
        for module in imports(name)
        if (target := own(module)) is not None and layer(target) not in allowed
    )
    assert wrong == [], f"{name} may import only {sorted(allowed)} of the package"


@pytest.mark.parametrize("name", [n for n in MODULES if layer(n) == "core"] + list(WITHOUT_SPHINX))
def test_what_runs_without_sphinx_imports_no_sphinx(name: str) -> None:
    sphinx = sorted(module for module in imports(name) if module.split(".")[0] in SPHINX)
    assert sphinx == [], f"{name} must run without Sphinx"
    if name in WITHOUT_SPHINX:
        allowed = WITHOUT_SPHINX[name]
        wrong = sorted(
            module
            for module in imports(name)
            if (target := own(module)) is not None
            and target not in allowed
            and layer(target) not in allowed
        )
        assert wrong == [], f"{name} may import only {sorted(allowed)} of the package"


def test_no_module_imports_itself_back() -> None:
    graph = {
        name: {target for module in imports(name) if (target := own(module)) in MODULES}
        for name in MODULES
    }
    circles = []
    for start in graph:
        # Modules ``start`` reaches; a circle is ``start`` among them.
        seen: set[str] = set()
        todo = [*graph[start]]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(graph[current])
        if start in seen:
            circles.append(start)
    assert circles == []


def test_each_layer_says_what_lives_there_and_what_it_may_import() -> None:
    for name in ALLOWED:
        doc = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8"))) or ""
        assert len(doc.splitlines()) == 2, f"{name}/__init__.py: two lines"
        assert "import" in doc.lower(), f"{name}/__init__.py: what it may import"


def test_the_development_page_draws_every_layer() -> None:
    """The picture of ``docs/development.md`` shows the layers this test holds."""
    (picture,) = [b for b in code_blocks([DOCS / "development.md"]) if b.language == "text"]
    drawn = set(re.findall(r"\b(\w+)/", picture.text)) - {PACKAGE}
    assert drawn == set(ALLOWED)


def test_only_the_package_setup_imports_the_email_builder() -> None:
    importers = sorted(
        name
        for name in MODULES
        if layer(name) != "email"
        and any(
            (target := own(module)) is not None and layer(target) == "email"
            for module in imports(name)
        )
    )
    assert importers == [""]
