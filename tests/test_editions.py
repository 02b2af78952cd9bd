"""The PDF editions' plan: names, titles and contents from the issues' records."""

from __future__ import annotations

from sphinxcontrib_bpfnews.core.editions import issue_names, parse_kinds, plan
from sphinxcontrib_bpfnews.core.records import IssueRecord


def record(docname: str, date: str, number: int | None = None, title: str = "") -> IssueRecord:
    return IssueRecord(
        docname=docname,
        number=number,
        date=date,
        published=date,
        title=title or docname,
        summary="",
        tags=[],
        categories=[],
        meta={},
        draft=False,
    )


def test_kinds_from_a_list_or_the_command_line() -> None:
    assert parse_kinds(["year", "issue"]) == (["issue", "year"], [])
    assert parse_kinds("issue,volume") == (["issue", "volume"], [])
    assert parse_kinds("Year issue") == (["issue", "year"], [])
    assert parse_kinds("") == ([], [])
    assert parse_kinds(None) == ([], [])
    assert parse_kinds(["issue", "month"]) == (["issue"], ["month"])
    assert parse_kinds(3) == ([], ["3"])


def test_issue_names_are_page_names_and_unique() -> None:
    names = issue_names(["issues/bpf-updates-11", "2017/issue-1", "2018/issue-1", "a/é"])
    assert names["issues/bpf-updates-11"] == "bpf-updates-11"
    assert names["2017/issue-1"] == "2017-issue-1"
    assert names["2018/issue-1"] == "2018-issue-1"
    assert names["a/é"] and names["a/é"].isascii()


def test_plan_orders_oldest_first_and_groups_years() -> None:
    issues = [
        record("issues/c", "2018-01-08", 3, "BPF Updates 3"),
        record("issues/a", "2017-12-18", 1, "BPF Updates 1"),
        record("issues/b", "2017-12-25", 2, "BPF Updates 2"),
        record("issues/undated", "", None, "Undated"),
    ]
    editions = plan(issues, ["issue", "year", "volume"], "BPF Updates")
    assert [(e.kind, e.name) for e in editions] == [
        ("issue", "undated"),
        ("issue", "a"),
        ("issue", "b"),
        ("issue", "c"),
        ("year", "bpf-updates-2017"),
        ("year", "bpf-updates-2018"),
        ("volume", "bpf-updates"),
    ]
    year_2017 = editions[4]
    assert year_2017.docnames == ("issues/a", "issues/b")
    assert year_2017.title == "BPF Updates 2017"
    assert year_2017.key == "2017"
    assert editions[-1].docnames == ("issues/undated", "issues/a", "issues/b", "issues/c")
    assert editions[1].filename == "a.pdf"
    assert editions[1].title == "BPF Updates 1"


def test_a_year_name_never_takes_an_issue_name() -> None:
    issues = [record("issues/bpf-updates-2017", "2017-01-02", 1)]
    names = [e.name for e in plan(issues, ["issue", "year"], "BPF Updates")]
    assert names == ["bpf-updates-2017", "bpf-updates-2017-2"]


def test_pages_sharing_a_last_part_use_their_paths() -> None:
    first = plan([record("2017/issue-1", "2017-01-02")], ["issue"], "N")
    both = plan(
        [record("2017/issue-1", "2017-01-02"), record("2018/issue-1", "2018-01-01")],
        ["issue"],
        "N",
    )
    assert first[0].name == "issue-1"
    assert both[0].name == "2017-issue-1"


def test_nothing_wanted_nothing_planned() -> None:
    assert plan([record("issues/a", "2017-01-01")], [], "N") == []
    assert plan([], ["issue", "year", "volume"], "N") == []
