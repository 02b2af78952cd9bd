"""Duplicates found from the records: in one issue, and across issues."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sphinxcontrib_bpfnews.core import duplicates as duplicates_module
from sphinxcontrib_bpfnews.core.duplicates import (
    Duplicate,
    IssuePage,
    address_duplicates,
    find_duplicates,
)
from sphinxcontrib_bpfnews.core.records import PatchRecord, SeriesRecord, TalkRecord
from sphinxcontrib_bpfnews.core.revisions import title_key

if TYPE_CHECKING:
    import pytest

LORE = "https://lore.kernel.org/bpf/{}/"


def series(
    line: int,
    title: str = "bpf: add frob",
    *,
    version: int | None = 1,
    url: str = "",
    change_id: str = "",
    patches: tuple[tuple[int | None, str], ...] = (),
) -> SeriesRecord:
    record: dict[str, Any] = {
        "subject": f"[PATCH v{version}] {title}" if version else "",
        "url": url,
        "line": line,
        "title": title,
        "version": version,
        "key": title_key(title) if version else "",
        "change_id": change_id,
        "patches": [PatchRecord(subject="", url=u, line=at) for at, u in patches],
    }
    return SeriesRecord(**record)  # type: ignore[typeddict-item]


def talk(line: int, url: str) -> TalkRecord:
    return TalkRecord(**{"line": line, "url": url})  # type: ignore[typeddict-item]


def found(
    pages: dict[str, tuple[list[SeriesRecord], list[TalkRecord]]],
) -> list[Duplicate]:
    """Duplicates of ``pages``, given oldest first; each page's repeated addresses
    worked out on their own, as when the page is read."""
    issues = [IssuePage(name, f"Issue {name}", f"issues/{name}.md") for name in pages]
    addresses = {name: address_duplicates(name, *records) for name, records in pages.items()}
    return list(find_duplicates(issues, lambda d: pages[d][0], addresses.__getitem__))


def where(duplicates: list[Duplicate]) -> list[tuple[str, int | None]]:
    return [(d.docname, d.line) for d in duplicates]


def test_one_address_twice_in_an_issue_whatever_its_form() -> None:
    pages = {
        "one": (
            [
                series(3, url=LORE.format("a@b") + "T/#u", patches=((5, LORE.format("p@b")),)),
                series(9, "bpf: other", url="https://lore.kernel.org/r/p@b"),
                series(
                    14,
                    "bpf: third",
                    url="https://patchwork.kernel.org/project/netdevbpf/patch/7/",
                ),
            ],
            [talk(20, "https://patchwork.kernel.org/patch/7"), talk(24, "https://e.org/talk")],
        )
    }
    duplicates = found(pages)
    assert where(duplicates) == [("one", 9), ("one", 20)]
    assert "'https://lore.kernel.org/r/p@b' is already linked on line 5 of this issue as " in (
        duplicates[0].message
    )
    assert "which opens the same message: link it once" in duplicates[0].message
    assert "which opens the same patch" in duplicates[1].message


def test_the_same_address_written_the_same_way() -> None:
    pages = {"one": ([], [talk(3, "https://e.org/t"), talk(8, "https://e.org/t")])}
    (duplicate,) = found(pages)
    assert duplicate.message == (
        "'https://e.org/t' is already linked on line 3 of this issue: link it once"
    )


def test_one_series_and_version_twice_in_an_issue() -> None:
    pages = {
        "one": (
            [
                series(3, "bpf: Add  Frob", url=LORE.format("a@b")),
                series(10, "bpf: add frob", url=LORE.format("a@b")),  # same title
                series(15, "bpf: add frob", version=2),  # another version
                series(20, "bpf: renamed", change_id="20260101-frob-abc"),
                series(25, "bpf: renamed again", change_id="20260101-frob-abc"),
            ],
            [],
        )
    }
    duplicates = found(pages)
    # One warning for the repeated series, none more for its repeated address.
    assert where(duplicates) == [("one", 10), ("one", 25)]
    assert duplicates[0].message == (
        "version 1 of the series '[PATCH v1] bpf: Add  Frob' is already listed on line 3 "
        "of this issue: list it once"
    )


def test_a_series_and_version_covered_in_an_earlier_issue() -> None:
    pages = {
        "one": ([series(7, "bpf: add frob")], []),
        "two": ([series(4, "bpf: add frob", version=2)], []),
        "three": (
            [series(5, "bpf: add frob"), series(9, "bpf: add frob", version=2)],
            [],
        ),
        "four": ([series(6, "bpf: other", change_id="c-1")], []),
        "five": ([series(8, "bpf: other, renamed", change_id="c-1")], []),
    }
    duplicates = found(pages)
    assert where(duplicates) == [("three", 5), ("three", 9), ("five", 8)]
    assert duplicates[0].message == (
        "version 1 of the series '[PATCH v1] bpf: add frob' was already covered in the "
        "issue 'Issue one' (issues/one.md, line 7): remove it here, or link to that issue "
        "and say what is new"
    )
    assert "'Issue two' (issues/two.md, line 4)" in duplicates[1].message


def test_prose_entries_count_for_their_address_only() -> None:
    pages = {
        "one": ([series(3, "", version=None, url=LORE.format("a@b"))], []),
        "two": (
            [
                series(3, "", version=None, url=LORE.format("a@b")),
                series(8, "", version=None, url="https://lore.kernel.org/r/a@b"),
            ],
            [],
        ),
    }
    assert where(found(pages)) == [("two", 8)]


def test_entries_without_addresses_or_ids_are_not_duplicates() -> None:
    pages = {"one": ([series(3, "", version=None), series(5, "", version=None)], [])}
    assert found(pages) == []


def test_linear_in_the_number_of_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's newsletter: 500 issues of 30 series, the last of each listed
    again first in the next. Each series' ids and each address's key are worked out
    once a pass (a pass over the issues for each issue would take each 500 times)."""
    pages = {
        f"i{n:03}": (
            [
                series(
                    10 * k,
                    f"bpf: series {n * 30 - 1 if k == 0 and n else n * 30 + k}",
                    url=LORE.format(f"{n}.{k}@x"),
                    patches=tuple((10 * k + j, LORE.format(f"{n}.{k}.{j}@x")) for j in range(3)),
                )
                for k in range(30)
            ],
            [],
        )
        for n in range(500)
    }
    calls: Counter[str] = Counter()
    for name in ("_series_ids", "address_key"):
        original = getattr(duplicates_module, name)

        def counted(*args: Any, _name: str = name, _original: Any = original) -> Any:
            calls[_name] += 1
            return _original(*args)

        monkeypatch.setattr(duplicates_module, name, counted)
    duplicates = found(pages)
    assert len(duplicates) == 499
    series_count = 500 * 30
    # Once when each page is read (address_duplicates), once in the pass over all.
    assert calls["_series_ids"] == 2 * series_count
    assert calls["address_key"] == series_count * 4  # a series' address and 3 patches
