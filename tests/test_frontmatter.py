"""Front matter read back into an issue record: lists, dates, numbers, drafts, kept keys."""

from __future__ import annotations

import datetime

import pytest

from sphinxcontrib_bpfnews.core.frontmatter import (
    draft_flag,
    iso_date,
    issue_number,
    read_issue,
    text_list,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # MyST flattens lists to JSON text; reST field lists give "a, b".
        ('["bpf", " xdp ", ""]', ["bpf", "xdp"]),
        ('  ["bpf"]  ', ["bpf"]),
        ("[1, 2]", ["1", "2"]),
        ("bpf, xdp,, llvm ", ["bpf", "xdp", "llvm"]),
        ("bpf", ["bpf"]),
        # Text that only looks like JSON is read as a comma list.
        ("[bpf, xdp", ["[bpf", "xdp"]),
        # Values that arrive as data.
        ([" bpf ", "", 3], ["bpf", "3"]),
        (("xdp", " "), ["xdp"]),
        ([], []),
        (5, ["5"]),
        (None, []),
        ("", []),
        ("  ", []),
    ],
)
def test_text_list(value: object, expected: list[str]) -> None:
    assert text_list(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-09-18", "2017-09-18"),
        ("2017-09-18T18:30:41.000Z", "2017-09-18"),
        (" 2017-09-18 ", "2017-09-18"),
        (datetime.date(2017, 9, 18), "2017-09-18"),
        (datetime.datetime(2017, 9, 18, 8, 30), "2017-09-18"),
        ("2017-02-30", ""),  # no such day
        ("2017-13-01", ""),
        ("2017-9-18", ""),
        ("18/09/2017", ""),
        ("on 2017-09-18", ""),
        (20170918, ""),
        ("", ""),
        (None, ""),
    ],
)
def test_iso_date(value: object, expected: str) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("metadata", "title", "docname", "expected"),
    [
        ({"issue": "12"}, "Weekly 7", "issues/8", 12),
        ({"issue": " 12 "}, "", "", 12),
        ({"issue": 12}, "", "", 12),
        ({"issue": "0"}, "Weekly 7", "", 0),
        # An issue that is not a plain number gives way to the title, then the page name.
        ({"issue": "twelve"}, "Weekly 7", "issues/8", 7),
        ({"issue": "-3"}, "Weekly 7", "", 7),
        ({}, "BPF Updates 11!", "issues/8", 11),
        ({}, "BPF Updates", "issues/2017-09-18-bpf-updates-11", 11),
        ({}, "BPF Updates", "bpf-updates-9", 9),
        # Only the last part of the page name counts.
        ({}, "BPF Updates", "issues/12/index", None),
        ({}, "", "", None),
    ],
)
def test_issue_number(
    metadata: dict[str, object], title: str, docname: str, expected: int | None
) -> None:
    assert issue_number(metadata, title, docname) == expected


def test_read_issue_takes_known_keys_and_keeps_the_rest() -> None:
    metadata: dict[str, object] = {
        "title": " BPF Updates 11 ",
        "date": " 2017-09-18T18:30:41.000Z ",
        "ogSummary": " Summed up ",
        "tags": '["bpf", "xdp"]',
        "categories": "news, kernel",
        "author": "Ann Author",
        "extra": ["x", "é"],
        "weight": 3,
        # Sphinx's own keys are not the author's.
        "wordcount": {"words": 10},
        "orphan": "",
        "nocomments": "",
        "nosearch": "",
        "tocdepth": 2,
        "hide-toc": "",
    }
    assert read_issue("issues/2017-09-18", metadata, "Page title") == {
        "docname": "issues/2017-09-18",
        "number": 11,
        "date": "2017-09-18",
        "published": "2017-09-18T18:30:41.000Z",
        "title": "BPF Updates 11",
        "summary": "Summed up",
        "tags": ["bpf", "xdp"],
        "categories": ["news", "kernel"],
        "meta": {
            "ogSummary": " Summed up ",
            "author": "Ann Author",
            "extra": '["x", "é"]',
            "weight": "3",
        },
        "draft": False,
    }


def test_read_issue_prefers_summary_and_falls_back_to_the_page_title() -> None:
    record = read_issue(
        "issues/x", {"summary": " Short. ", "ogSummary": "Long.", "issue": "4"}, " Page 3 "
    )
    assert (record["title"], record["summary"], record["number"]) == ("Page 3", "Short.", 4)
    assert record["meta"] == {"ogSummary": "Long."}


def test_read_issue_of_a_page_without_front_matter() -> None:
    assert read_issue("notes", {}, "Notes") == {
        "docname": "notes",
        "number": None,
        "date": "",
        "published": "",
        "title": "Notes",
        "summary": "",
        "tags": [],
        "categories": [],
        "meta": {},
        "draft": False,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        (True, True),
        (False, False),
        # MyST hands YAML's booleans over as text; a field list gives the words.
        ("True", True),
        ("False", False),
        ("yes", True),
        (" No ", False),
        ("on", True),
        ("off", False),
        ("maybe", None),
        ("", None),
        ("1", None),
    ],
)
def test_draft_flag(value: object, expected: bool | None) -> None:
    assert draft_flag(value) is expected


def test_a_draft_flag_that_is_neither_is_a_draft() -> None:
    assert read_issue("issues/a", {"draft": "maybe"}, "A")["draft"] is True
    assert read_issue("issues/a", {"draft": "False"}, "A")["draft"] is False
    assert read_issue("issues/a", {}, "A")["draft"] is False
    assert "draft" not in read_issue("issues/a", {"draft": "yes"}, "A")["meta"]
