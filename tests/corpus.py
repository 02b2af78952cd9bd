"""The real newsletter issues in tests/data, read as series of subjects for tests."""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).parent / "data"
CORPUS = sorted(DATA.glob("bpf-updates-*.md"))

_ENTRY = re.compile(
    r"(?P<indent> *)[-*] (?:(?P<author>[^\[]*?),? )?\[(?P<subject>.*)\]\((?P<url>[^)]*)\)"
)


def corpus_series(path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(subject, url, [(child subject, child url)]) for each entry of the Patches list."""
    series: list[tuple[str, str, list[tuple[str, str]]]] = []
    in_patches = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_patches = line.strip() == "## Patches"
            continue
        match = _ENTRY.match(line) if in_patches else None
        if not match:
            continue
        if match.group("indent") and series:
            series[-1][2].append((match.group("subject"), match.group("url")))
        else:
            series.append((match.group("subject"), match.group("url"), []))
    # A page whose list this reader misses would make every test over it pass.
    assert series, f"{path.name}: no series found under '## Patches'"
    return series
