"""Reading a patch-series body: child lines in every accepted form, then commentary."""

from __future__ import annotations

import pytest

from sphinxcontrib_bpfnews.core.patch_lines import split_series_body


def test_all_line_forms() -> None:
    body = [
        "- [PATCH 1/4] a: one <https://example.org/1>",
        "- [[PATCH 2/4] b: `two` [x]](https://example.org/2)",
        "* [PATCH 3/4] c: three https://example.org/3",
        "+ [PATCH 4/4] d: four",
    ]
    lines, notes = split_series_body(body)
    assert [(p.subject, p.url, p.index, p.is_patch) for p in lines] == [
        ("[PATCH 1/4] a: one", "https://example.org/1", 0, True),
        ("[PATCH 2/4] b: `two` [x]", "https://example.org/2", 1, True),
        ("[PATCH 3/4] c: three", "https://example.org/3", 2, True),
        ("[PATCH 4/4] d: four", "", 3, True),
    ]
    assert notes == 4


def test_commentary_after_the_list_and_blank_lines_between_items() -> None:
    body = ["", "- [PATCH 1/2] a <u1>", "", "- [PATCH 2/2] b <u2>", "", "Notes here.", "- x"]
    lines, notes = split_series_body(body)
    assert [p.index for p in lines] == [1, 3]
    assert body[notes] == "Notes here."


def test_wrapped_item_is_joined() -> None:
    lines, notes = split_series_body(["- [PATCH 1/2] a long", "  subject <https://e.org/1>"])
    assert lines[0].subject == "[PATCH 1/2] a long subject"
    assert lines[0].url == "https://e.org/1"
    assert notes == 2


def test_non_patch_item_is_flagged_and_kept() -> None:
    lines, _ = split_series_body(["- see the thread", "-"])
    assert [(p.text, p.subject, p.is_patch) for p in lines] == [
        ("see the thread", "see the thread", False),
        ("", "", False),
    ]


def test_body_without_list_is_all_commentary() -> None:
    lines, notes = split_series_body(["Just a note.", "", "- a list inside the note"])
    assert lines == [] and notes == 0


def test_bullets_take_up_to_three_spaces_of_indent_and_any_marker() -> None:
    lines, notes = split_series_body(["   - [PATCH 1/3] a", "*\t[PATCH 2/3] b", "+  [PATCH 3/3] c"])
    assert [(p.subject, p.index) for p in lines] == [
        ("[PATCH 1/3] a", 0),
        ("[PATCH 2/3] b", 1),
        ("[PATCH 3/3] c", 2),
    ]
    assert notes == 3


def test_a_more_indented_bullet_continues_the_item_above() -> None:
    lines, notes = split_series_body(["- [PATCH 1/2] a <u1>", "    - [PATCH 2/2] b <u2>"])
    assert [(p.text, p.subject, p.url) for p in lines] == [
        ("[PATCH 1/2] a <u1> - [PATCH 2/2] b <u2>", "[PATCH 1/2] a <u1> - [PATCH 2/2] b", "u2")
    ]
    assert notes == 2


def test_a_dash_glued_to_text_is_no_bullet() -> None:
    lines, notes = split_series_body(["- [PATCH] a", "-x"])
    assert [p.subject for p in lines] == ["[PATCH] a"]
    assert notes == 1


@pytest.mark.parametrize(
    ("item", "subject", "url", "is_patch"),
    [
        ("[PATCH] b   https://e.org/4  ", "[PATCH] b", "https://e.org/4", True),
        ("[PATCH] c <https://e.org/5>   ", "[PATCH] c", "https://e.org/5", True),
        ("[[PATCH] d](https://e.org/6)  ", "[PATCH] d", "https://e.org/6", True),
        ("[PATCH] e http://e.org/7", "[PATCH] e", "http://e.org/7", True),
        ("[PATCH] f <u1> <u2>", "[PATCH] f <u1>", "u2", True),
        ("a https://e.org/1 https://e.org/2", "a https://e.org/1", "https://e.org/2", False),
        ("[x]()", "x", "", False),
        # Only http and https addresses are read bare.
        ("[PATCH] a ftp://e.org/3", "[PATCH] a ftp://e.org/3", "", True),
        ("[PATCH] ahttps://e.org/3", "[PATCH] ahttps://e.org/3", "", True),
        # An address without a subject keeps the whole item as its subject.
        ("<https://e.org/1>", "<https://e.org/1>", "", False),
        ("https://e.org/1", "https://e.org/1", "", False),
        ("[](https://e.org/2)", "[](https://e.org/2)", "", True),
        ("[ ](https://e.org/2)", "[ ](https://e.org/2)", "", True),
    ],
)
def test_item_forms(item: str, subject: str, url: str, is_patch: bool) -> None:
    (line,), notes = split_series_body([f"- {item}"])
    assert (line.text, line.subject, line.url, line.index, line.is_patch) == (
        item,
        subject,
        url,
        0,
        is_patch,
    )
    assert notes == 1


def test_an_empty_bullet_takes_its_continuation_line() -> None:
    lines, notes = split_series_body(["-", "  [PATCH] x <u>"])
    assert [(p.text, p.subject, p.url, p.is_patch) for p in lines] == [
        ("[PATCH] x <u>", "[PATCH] x", "u", True)
    ]
    assert notes == 2


def test_blank_lines_before_and_after_are_skipped() -> None:
    lines, notes = split_series_body(["", "- a", "", "", ""])
    assert [(p.subject, p.index) for p in lines] == [("a", 1)]
    assert notes == 5
    assert split_series_body(["", "", ""]) == ([], 3)
    assert split_series_body(["", "", "Note", ""]) == ([], 2)
    assert split_series_body([]) == ([], 0)


def test_an_indented_line_after_a_blank_line_is_commentary() -> None:
    lines, notes = split_series_body(["- a", "", "  b"])
    assert [p.text for p in lines] == ["a"]
    assert notes == 2
    assert split_series_body(["  indented"]) == ([], 0)


def test_one_space_of_indent_continues_an_item() -> None:
    lines, notes = split_series_body(["- [PATCH] a", " b <u>", "\tc"])
    assert [(p.text, p.subject, p.url) for p in lines] == [
        ("[PATCH] a b <u> c", "[PATCH] a b <u> c", "")
    ]
    assert notes == 3
