"""MyST fences that do not open a directive: a warning at the line, and the page read on.

Two slips are covered: a backtick fence whose first line holds a backtick (its
closing fence would open a code block that swallows the next directive), and a
colon fence in a project without MyST's ``colon_fence`` extension.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_bpfnews.cli.scaffold import init_site
from sphinxcontrib_bpfnews.extension import nodes as bn

from .conftest import warnings_of
from .doctrees import written_doctree
from .test_warnings import parse_warnings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

NO_COLON_FENCE = "myst_enable_extensions = []\n"


def tree_text(app: SphinxTestApp) -> str:
    """The page's doctree with its lines but without the project's path."""
    tree = written_doctree(app)
    for node in tree.findall(nodes.Element):
        node.attributes.pop("source", None)
    return tree.pformat()


def messages(app: SphinxTestApp) -> list[str]:
    """The warnings without the project's path, in order."""
    return [line.partition("index.md:")[2] for line in warnings_of(app).splitlines()]


# -- a backtick in a backtick fence's first line ----------------------------------

BROKEN = """\
# Issue

```{patch-series} [PATCH] bpf: add `x`
:author: B
```

```{talk} Next talk
:kind: keynote
```

Last paragraph.
"""


def test_the_directive_after_a_broken_fence_is_read(build: Build) -> None:
    app = build({"index.md": BROKEN})
    assert parse_warnings(warnings_of(app)) == [
        ("index.md", 3, "bpfnews.fence"),
        ("index.md", 7, "bpfnews.kind"),  # the talk's own warning, at its line
    ]
    assert "'~~~{patch-series}'" in warnings_of(app)
    tree = written_doctree(app)
    assert not list(tree.findall(nodes.literal_block))
    (talk,) = tree.findall(bn.bpfnews_talk)
    assert "Next talk" in talk.astext()
    (series,) = tree.findall(bn.bpfnews_series)
    assert "B" in series.astext()
    assert [n.astext() for n in series.findall(nodes.literal)] == ["x"]


def test_a_broken_fence_reads_as_the_tilde_fence_it_should_have_been(build: Build) -> None:
    """Same tree, lines included, and the same warnings but the fence's own."""
    broken = build({"index.md": BROKEN})
    tilde = BROKEN.replace("```{patch", "~~~{patch").replace(":author: B\n```", ":author: B\n~~~")
    assert tilde.count("~~~") == 2
    written_well = build({"index.md": tilde})
    assert tree_text(broken) == tree_text(written_well)
    assert messages(broken)[1:] == messages(written_well)


SWALLOWED = """\
# Issue

```{patch-series} [PATCH 0/1] bpf: `a`

- [PATCH 1/1] bpf: one <https://e.org/1>

Commentary.
```

```{talk} `bpftool` in depth
:kind: keynote
```

````markdown
```{talk} An example of the mistake, `shown` as code
```
````

```{talk} After
:date: soon
```
"""


def test_a_broken_fence_swallowed_by_another_is_found_too(build: Build) -> None:
    """The second broken fence sat in the first one's stray code block; the fence
    shown inside a code block stays code."""
    app = build({"index.md": SWALLOWED})
    assert parse_warnings(warnings_of(app)) == [
        ("index.md", 3, "bpfnews.fence"),
        ("index.md", 10, "bpfnews.fence"),
        ("index.md", 10, "bpfnews.kind"),
        ("index.md", 19, "bpfnews.date"),
    ]
    tree = written_doctree(app)
    assert len(list(tree.findall(bn.bpfnews_series))) == 1
    assert len(list(tree.findall(bn.bpfnews_talk))) == 2
    (code,) = tree.findall(nodes.literal_block)
    assert code.astext() == "```{talk} An example of the mistake, `shown` as code\n```\n"


# -- a colon fence without colon_fence --------------------------------------------

COLON = """\
# Issue

:::{patch-series} [PATCH net 0/1] bpf: a series
:author: A

- [PATCH net 1/1] bpf: one <https://e.org/1>
:::

```{note}
Inside another directive:

:::{talk} Nested
:::
```
"""


def test_a_colon_fence_without_colon_fence_warns_at_its_line(build: Build) -> None:
    app = build({"index.md": COLON}, conf=NO_COLON_FENCE)
    assert parse_warnings(warnings_of(app)) == [
        ("index.md", 3, "bpfnews.fence"),
        ("index.md", 12, "bpfnews.fence"),
    ]
    assert warnings_of(app).count('add "colon_fence" to myst_enable_extensions') == 2


def test_front_matter_that_enables_colon_fence_is_honoured(build: Build) -> None:
    page = "---\nmyst:\n  enable_extensions: [colon_fence]\n---\n" + COLON
    without = build({"index.md": page}, conf=NO_COLON_FENCE)
    assert warnings_of(without) == ""
    assert len(list(written_doctree(without).findall(bn.bpfnews_talk))) == 1
    page = "---\nmyst:\n  enable_extensions: [deflist]\n---\n" + COLON
    disabled = build({"index.md": page})  # conf.py enables it; this page does not
    assert parse_warnings(warnings_of(disabled)) == [
        ("index.md", 7, "bpfnews.fence"),
        ("index.md", 16, "bpfnews.fence"),
    ]


def test_the_skeletons_without_colon_fence_say_what_to_add(build: Build, tmp_path: Path) -> None:
    """``bpfnews init`` writes colon fences; a conf.py without colon_fence warns."""
    site = tmp_path / "site"
    written = init_site(site, "Test News", "Ed", datetime.date(2017, 9, 18))
    files = {str(path.relative_to(site)): path.read_text(encoding="utf-8") for path in written}
    assert 'myst_enable_extensions = ["colon_fence"]\n' in files["conf.py"]
    files["conf.py"] = files["conf.py"].replace('myst_enable_extensions = ["colon_fence"]\n', "")
    app = build(files, "dummy")
    issue = files["issues/issue-1.md"].splitlines()
    series_line = next(n for n, line in enumerate(issue, 1) if line.startswith(":::{patch"))
    found = sorted(
        (path, line, subtype) for path, line, subtype in parse_warnings(warnings_of(app))
    )
    assert found == [
        ("index.md", 5, "bpfnews.fence"),  # ::::{only} html
        ("issue-1.md", series_line, "bpfnews.fence"),
    ]
