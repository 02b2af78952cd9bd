"""MyST fences that do not open a directive: a warning at the line."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from sphinxcontrib_bpfnews import nodes as bn
from sphinxcontrib_bpfnews.scaffold import init_site

from .conftest import warnings_of
from .doctrees import written_doctree
from .test_warnings import parse_warnings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    Build = Callable[..., SphinxTestApp]

NO_COLON_FENCE = "myst_enable_extensions = []\n"


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
