"""The ``bpfnews`` command."""

from __future__ import annotations

import json
import re
import shlex

from sphinxcontrib_bpfnews import __version__
from sphinxcontrib_bpfnews.core.subjects import parse_subject
from sphinxcontrib_bpfnews.extension.diagnostics import SUBTYPES

from .commands import bpfnews
from .conftest import DOCS


def test_version_and_help() -> None:
    assert bpfnews("--version").stdout.strip() == f"bpfnews {__version__}"
    result = bpfnews()
    assert result.returncode == 0
    assert all(command in result.stdout for command in ("warnings", "subject", "link"))


def test_warnings_lists_every_type() -> None:
    lines = bpfnews("warnings").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [f"bpfnews.{s}" for s in SUBTYPES]


def test_subject_prints_the_parse_as_json() -> None:
    result = bpfnews("subject", "[iovisor-dev] [PATCH RFC v2 1/3] bpf: allow map helpers")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert (
        data == parse_subject("[iovisor-dev] [PATCH RFC v2 1/3] bpf: allow map helpers").as_json()
    )
    assert (data["list"], data["rfc"], data["version"], data["index"], data["kind"]) == (
        "iovisor-dev",
        True,
        2,
        1,
        "patch",
    )


def test_subject_and_link_take_several_arguments() -> None:
    subjects = json.loads(bpfnews("subject", "[llvm] r1 - bpf: x", "[GIT] Networking").stdout)
    assert [s["kind"] for s in subjects] == ["commit", "pull"]
    links = json.loads(
        bpfnews(
            "link",
            "https://lore.kernel.org/r/a@b",
            "http://llvm.org/viewvc/llvm-project?rev=313055&view=rev",
        ).stdout
    )
    assert [(link["kind"], link["message_id"], link["revision"]) for link in links] == [
        ("message", "a@b", None),
        ("commit", None, "r313055"),
    ]


def test_documented_examples_print_what_the_docs_show() -> None:
    """Each ``$ bpfnews ...`` in the docs is followed by the file holding its output."""
    page = (DOCS / "subjects.md").read_text(encoding="utf-8")
    examples = re.findall(
        r"^\$ bpfnews (.+)\n```\n\n```\{literalinclude\} (\S+)", page, flags=re.MULTILINE
    )
    assert len(examples) == 2
    for command, output in examples:
        result = bpfnews(*shlex.split(command))
        assert result.stdout == (DOCS / output).read_text(encoding="utf-8"), command
