"""pyproject.toml's declared minimums and the pins of the py311-lowest environment agree."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).parent.parent
CONSTRAINTS = ROOT / "tests" / "constraints-lowest.txt"


def pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def requirements(group: str) -> list[Requirement]:
    project = pyproject()["project"]
    if group == "dependencies":
        lines = project["dependencies"]
    else:
        lines = project["optional-dependencies"][group]
    return [Requirement(line) for line in lines]


def minimum(requirement: Requirement) -> Version | None:
    """The lowest version a requirement allows, from its >=, ~= or == clause."""
    lows = [
        Version(clause.version)
        for clause in requirement.specifier
        if clause.operator in (">=", "~=", "==")
    ]
    return max(lows) if lows else None


def declared_minimums() -> dict[str, Version]:
    """Every dependency of the package and of the `test` extra, with its minimum."""
    found: dict[str, Version] = {}
    for group in ("dependencies", "test"):
        for requirement in requirements(group):
            low = minimum(requirement)
            assert low is not None, f"{requirement} ({group}) declares no minimum"
            name = canonicalize_name(requirement.name)
            assert found.get(name, low) == low, f"{name}: two minimums, {found[name]} and {low}"
            found[name] = low
    return found


def pins() -> dict[str, tuple[Version, str]]:
    """The constraints file's pins: name to (version, the line's own comment)."""
    found: dict[str, tuple[Version, str]] = {}
    for number, raw in enumerate(CONSTRAINTS.read_text().splitlines(), start=1):
        line, _, comment = raw.partition(" #")
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, version = line.partition("==")
        assert equals, f"line {number}: {raw!r} is not name==version"
        key = canonicalize_name(name.strip())
        assert key not in found, f"line {number}: {name} pinned twice"
        found[key] = (Version(version.strip()), comment.strip())
    return found


def test_every_declared_minimum_is_pinned() -> None:
    pinned = pins()
    for name, low in declared_minimums().items():
        assert name in pinned, f"{name}>={low} is declared but not pinned in {CONSTRAINTS.name}"
        assert pinned[name][0] == low, (
            f"{name}: pyproject.toml declares >={low}, {CONSTRAINTS.name} pins {pinned[name][0]}"
        )


def test_other_pins_say_why() -> None:
    declared = declared_minimums()
    for name, (version, reason) in pins().items():
        if name not in declared:
            assert reason, (
                f"{name}=={version} is no declared dependency: give the reason for the pin"
                " in a comment on its line"
            )


def test_pins_satisfy_the_declared_ranges() -> None:
    pinned = pins()
    for group in ("dependencies", "test"):
        for requirement in requirements(group):
            name = canonicalize_name(requirement.name)
            if name not in pinned:
                continue  # test_every_declared_minimum_is_pinned reports it
            version = pinned[name][0]
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{requirement} does not allow the pinned {version}"
            )


@pytest.mark.parametrize("group", ["live", "docs", "visual", "lint"])
def test_extras_share_the_minimums(group: str) -> None:
    """A package named in another extra as well has the same minimum there."""
    declared = declared_minimums()
    for requirement in requirements(group):
        name = canonicalize_name(requirement.name)
        if name in declared:
            assert minimum(requirement) == declared[name], (
                f"{requirement} ({group}) and the test extra or the dependencies"
                f" disagree: >={declared[name]}"
            )
