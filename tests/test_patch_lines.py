"""Reading a patch-series body: child lines in every accepted form, then commentary."""

from __future__ import annotations

from sphinxcontrib_bpfnews.patch_lines import split_series_body


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
