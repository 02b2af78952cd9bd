"""Checks that a patch series hangs together: counters, totals, versions, trees.

Authors assemble series by hand from list archives, so a child from another
revision or a mistyped counter slips in easily. Each check names the child it is
about, so the directive can point the author at that child's own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinxcontrib_bpfnews.core.model import Series


@dataclass(frozen=True)
class SeriesProblem:
    """One inconsistency; ``child`` indexes ``Series.patches``, None for the whole series."""

    child: int | None
    message: str


def listed_patches(series: Series) -> int:
    """How many numbered patches the entry lists, a numbered parent included.

    Children without a counter (a companion patch to another project, sent with the
    series) are listed but not numbered, so they do not count against the total.
    """
    subjects = [series.subject, *(patch.subject for patch in series.patches)]
    return sum(1 for subject in subjects if subject.index)


def check_series(
    series: Series, child_lines: Sequence[int | None] | None = None
) -> list[SeriesProblem]:
    """Every inconsistency between the series' subject and its children.

    ``child_lines`` (each child's line in the source, where known) lets a problem
    between two children point at the other one: two patches with one number read
    alike, so only the line tells the author which two they are.
    """
    parent = series.subject
    total = parent.total
    problems: list[SeriesProblem] = []
    if parent.index is not None and total is not None and parent.index > total:
        problems.append(SeriesProblem(None, f"counter {parent.counter_label} exceeds its total"))

    def where(position: int | None) -> str:
        if position is None:
            return "the series itself"
        line = child_lines[position] if child_lines and position < len(child_lines) else None
        return f"the patch on line {line}" if line else f"child patch {position + 1}"

    seen: dict[int, int | None] = {}  # counter -> the child that has it, None the series
    if parent.index is not None:
        seen[parent.index] = None
    for position, patch in enumerate(series.patches):
        child = patch.subject
        label = child.counter_label or "?"

        def problem(message: str, position: int = position) -> None:
            problems.append(SeriesProblem(position, message))

        if child.is_cover:
            # One mistake, one warning: the rest is about the series' own patches.
            problem(f"a cover letter ({label}) is listed as a child patch")
            continue
        if child.index is not None and child.total is not None and child.index > child.total:
            problem(f"counter {label} exceeds its total")
        elif total is not None and child.index is not None and child.index > total:
            problem(f"patch {label} is beyond the series' {total} patches")
        if total is not None and child.total is not None and child.total != total:
            problem(f"patch {label} says {child.total} patches, the series says {total}")
        if child.index is not None:
            if child.index in seen:
                problem(f"patch {label} has the same number as {where(seen[child.index])}")
            else:
                seen[child.index] = position
        if parent.version and child.version and child.version != parent.version:
            problem(f"patch {label} is v{child.version}, the series is v{parent.version}")
        if parent.tree and child.tree and child.tree != parent.tree:
            problem(f"patch {label} is for {child.tree}, the series for {parent.tree}")
    if total is not None and listed_patches(series) > total:
        problems.append(
            SeriesProblem(
                None, f"{listed_patches(series)} patches listed, but the series has {total}"
            )
        )
    return problems
