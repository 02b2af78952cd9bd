"""Write a synthetic newsletter of N issues, shaped like the reference issue.

Two forms with the same visible content:

- ``directives``: issue pages using ``patch-series``, ``talk`` and ``highlight``,
  with front matter, outside the toctree, the extension's site features on;
- ``plain``: the same content as plain MyST lists and headings, every issue in one
  toctree, the extension not loaded (what a newsletter without it looks like);
  with ``--no-sidebar`` the global toctree is left out of alabaster's sidebar, and
  with ``--outside-toctree`` the issues are in no toctree at all (orphan pages), so
  no theme renders a navigation of them: the floor of a plain build on any theme.

Each issue has about 60 patch entries in series of 1 to 15 patches, 10 talks and 5
highlights, with realistic subjects, authors and links, some of them non-ASCII.
Generation is seeded, so every run writes the same site.
"""

from __future__ import annotations

import argparse
import datetime
import random
from pathlib import Path

from sphinxcontrib_bpfnews.site.navigation import FURO_SIDEBARS

AUTHORS = [
    "Daniel Borkmann",
    "Alexei Starovoitov",
    "Jesper Dangaard Brouer",
    "John Fastabend",
    "Yonghong Song",
    "Jakub Kicinski",
    "Mickaël Salaün",
    "Toke Høiland-Jørgensen",
    "Björn Töpel",
    "Martin KaFai Lau",
    "Andrii Nakryiko",
    "Quentin Monnet",
    "Édouard Durand",
    "李小龍",
    "Song Liu",
    "David Ahern",
]
TREES = ["net", "net-next", "bpf", "bpf-next", "iproute2 master", "net-next iproute2"]
SUBSYSTEMS = [
    "bpf",
    "xdp",
    "samples/bpf",
    "selftests/bpf",
    "nfp: bpf",
    "bpf, arm64",
    "tools: bpftool",
    "net: dsa",
    "libbpf",
    "i40e",
]
VERBS = ["add", "fix", "remove", "rework", "support", "optimize", "document", "test"]
THINGS = [
    "`bpf_perf_read_counter_time` helper",
    "map in map lookups",
    "LRU map",
    "XDP redirect",
    "verifier state pruning",
    "JIT for arm64",
    "sockmap",
    "cgroup sock options",
    "per-CPU arrays",
    "tail calls",
    "BTF dumps",
    "the `XDP_TX` path",
    "devmap flush",
    "JSON output",
]
EVENTS = [
    "Netdev 2.2",
    "Open Source Summit North America 2017",
    "Kernel Recipes 2017",
    "All Systems Go! 2017",
    "Linux Plumbers Conference 2017",
    "Seoul NIPA 2017",
]
KINDS = ["slides", "video", "talk", "article"]
START = datetime.date(2017, 1, 2)


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(THINGS)}"


def _series_title(number: int, index: int) -> str:
    """The title of an issue's ``index``-th series: each issue's own, as in a real
    newsletter, where a title comes back only with a new revision of its series."""
    rng = random.Random(f"{number}.{index}")
    return f"{rng.choice(SUBSYSTEMS)}: {_title(rng)} ({number}.{index})"


#: Every how many issues the first series is a new revision of one two issues before,
#: so the revision links between issues are part of what is measured.
REVISIT_EVERY = 4


def _issue_content(number: int) -> dict[str, object]:
    rng = random.Random(number)
    highlights = [f"{_title(rng).capitalize()} in {rng.choice(SUBSYSTEMS)}." for _ in range(5)]
    talks = []
    for t in range(10):
        talks.append(
            {
                "title": f"{rng.choice(EVENTS)} - {_title(rng).title()}",
                "kind": KINDS[t % len(KINDS)],
                "url": f"https://www.youtube.com/watch?v=n{number}t{t}",
                "event": rng.choice(EVENTS),
                "speakers": rng.sample(AUTHORS, 2),
                "description": f"A look at {_title(rng)} with examples ({number}.{t}).",
            }
        )
    series, entries = [], 0
    while entries < 60:
        size = min(rng.choice([1, 1, 1, 2, 3, 4, 5, 7, 10, 15]), 60 - entries)
        tree = rng.choice(TREES)
        version = rng.choice(["", "", "v2 ", "v3 "])
        title = _series_title(number, len(series))
        if not series and number > 2 and number % REVISIT_EVERY == 0:
            version, title = "v4 ", _series_title(number - 2, 0)
        base = 800000 + number * 100 + entries
        if size == 1:
            subject = f"[PATCH {version}{tree}] {title}"
            children = []
        else:
            total = size - 1
            subject = f"[PATCH {version}{tree} 0/{total}] {title}"
            children = [
                (
                    f"[PATCH {version}{tree} {k}/{total}] {rng.choice(SUBSYSTEMS)}: {_title(rng)}",
                    f"https://patchwork.ozlabs.org/patch/{base + k}/",
                )
                for k in range(1, total + 1)
            ]
        series.append(
            {
                "subject": subject,
                "author": rng.choice(AUTHORS),
                "url": f"https://patchwork.ozlabs.org/cover/{base}/",
                "children": children,
            }
        )
        entries += size
    return {
        "number": number,
        "date": START + datetime.timedelta(weeks=number - 1),
        "highlights": highlights,
        "talks": talks,
        "series": series,
    }


def _directives_issue(issue: dict[str, object]) -> str:
    number, date = issue["number"], issue["date"]
    lines = [
        "---",
        f"title: 'BPF Weekly {number}'",
        f"date: '{date}'",
        f"issue: {number}",
        f"summary: 'Issue {number}: highlights, talks and patches of the week.'",
        "tags: [bpf, xdp]",
        "---",
        "",
        f"# BPF Weekly {number}",
        "",
        "The highlights since last time are",
        "",
        "```{highlight}",
    ]
    lines += [f"- {h}" for h in issue["highlights"]]  # type: ignore[attr-defined]
    lines += ["```", "", "## Presentations", ""]
    for talk in issue["talks"]:  # type: ignore[attr-defined]
        lines += [
            f":::{{talk}} {talk['title']}",
            f":kind: {talk['kind']}",
            f":url: {talk['url']}",
            f":event: {talk['event']}",
            f":speakers: {', '.join(talk['speakers'])}",
            "",
            talk["description"],
            ":::",
            "",
        ]
    lines += ["## Patches", ""]
    for entry in issue["series"]:  # type: ignore[attr-defined]
        lines += [
            f":::{{patch-series}} {entry['subject']}",
            f":author: {entry['author']}",
            f":url: {entry['url']}",
            "",
        ]
        lines += [f"- [{subject}]({url})" for subject, url in entry["children"]]
        lines += [":::", ""]
    return "\n".join(lines)


def _plain_issue(issue: dict[str, object]) -> str:
    number, date = issue["number"], issue["date"]
    lines = [
        f"# BPF Weekly {number}",
        "",
        f"Issue {number} · {date} · bpf xdp",
        "",
        f"Issue {number}: highlights, talks and patches of the week.",
        "",
        "The highlights since last time are",
        "",
        "## Highlights",
        "",
    ]
    lines += [f"- {h}" for h in issue["highlights"]]  # type: ignore[attr-defined]
    lines += ["", "## Presentations", ""]
    for talk in issue["talks"]:  # type: ignore[attr-defined]
        lines += [
            f"### [{talk['title']}]({talk['url']})",
            "",
            f"{talk['kind'].title()} · {', '.join(talk['speakers'])} · {talk['event']}",
            "",
            talk["description"],
            "",
        ]
    lines += ["## Patches", ""]
    for entry in issue["series"]:  # type: ignore[attr-defined]
        lines.append(f"- {entry['author']}, [{entry['subject']}]({entry['url']})")
        lines += [f"  - [{subject}]({url})" for subject, url in entry["children"]]
    return "\n".join(lines) + "\n"


SIDEBARS = {
    ("alabaster", True): None,  # the theme's own: about, navigation (the global toctree)...
    ("alabaster", False): ["searchbox.html"],
    ("furo", True): None,
    ("furo", False): ["sidebar/brand.html", "sidebar/search.html"],
}
RECENT = {
    "alabaster": ["about.html", "navigation.html", "bpfnews/recent.html", "searchbox.html"],
    "furo": FURO_SIDEBARS,
}


def write_site(
    root: Path,
    count: int,
    form: str,
    theme: str,
    sidebar: bool = True,
    *,
    in_toctree: bool = True,
) -> Path:
    """Write the site into ``root``; its source folder. ``sidebar`` and ``in_toctree``
    are for the plain form (see the module's docstring)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "issues").mkdir(exist_ok=True)
    conf = [
        'project = "BPF Weekly"',
        f'html_theme = "{theme}"',
        'myst_enable_extensions = ["colon_fence"]',
    ]
    if form == "directives":
        conf += [
            'extensions = ["myst_parser", "sphinxcontrib_bpfnews"]',
            'html_baseurl = "https://weekly.example.org/"',
            f"html_sidebars = {{'**': {RECENT[theme]!r}}}",
        ]
        index = "# BPF Weekly\n\nA weekly newsletter. Browse the archive.\n"
    else:
        conf.append('extensions = ["myst_parser"]')
        if SIDEBARS[theme, sidebar] is not None:
            conf.append(f"html_sidebars = {{'**': {SIDEBARS[theme, sidebar]!r}}}")
        index = "# BPF Weekly\n\nA weekly newsletter.\n"
        if in_toctree:
            index += "\n```{toctree}\n:glob:\n:reversed:\n\nissues/*\n```\n"
    (root / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
    (root / "index.md").write_text(index, encoding="utf-8")
    for number in range(1, count + 1):
        write_issue(root, number, form, in_toctree=in_toctree)
    return root


def write_issue(root: Path, number: int, form: str, *, in_toctree: bool = True) -> Path:
    """Write issue ``number`` of the site at ``root`` (the next one, say); its file."""
    if form == "directives":
        text = _directives_issue(_issue_content(number))
    else:
        text = _plain_issue(_issue_content(number))
        if not in_toctree:
            text = "---\norphan: true\n---\n" + text
    path = root / "issues" / f"issue-{number:04d}.md"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--issues", type=int, default=50)
    parser.add_argument("--form", choices=["directives", "plain"], default="directives")
    parser.add_argument("--theme", choices=["alabaster", "furo"], default="alabaster")
    parser.add_argument(
        "--no-sidebar",
        action="store_true",
        help="plain form only: leave the global toctree out of the sidebar",
    )
    parser.add_argument(
        "--outside-toctree",
        action="store_true",
        help="plain form only: the issues in no toctree (orphan pages)",
    )
    args = parser.parse_args()
    site = write_site(
        args.directory,
        args.issues,
        args.form,
        args.theme,
        not args.no_sidebar,
        in_toctree=not args.outside_toctree,
    )
    print(site)


if __name__ == "__main__":
    main()
