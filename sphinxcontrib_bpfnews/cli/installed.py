"""How this copy of the extension was installed, as a line of a ``requirements.txt``.

A site that ``bpfnews init`` starts is built elsewhere too (Read the Docs installs
its ``requirements.txt``), and must get the extension its editor builds with. A
requirement for a release that is not on the package index fails there, so the
line follows how this copy came: a release from the index is pinned to its
version; one installed from a Git address, or from a Git checkout with a remote,
to that address and the commit installed; one from a folder or file of this
machine, which no other machine can reach, is named as it is, with a note saying
so. pip records where a distribution came from in its ``direct_url.json``
(PEP 610); a release installed by name has none.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinxcontrib_bpfnews import __version__

DISTRIBUTION = "sphinxcontrib-bpfnews"
_SCP_LIKE = re.compile(r"^(?P<user>[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!//).+)$")


@dataclass(frozen=True)
class Requirement:
    """A requirement line, how this copy was installed (for a comment above the line),
    and what keeps the line from installing on another machine ("" when nothing)."""

    line: str
    source: str
    problem: str = ""


def requirement(distribution: str = DISTRIBUTION) -> Requirement:
    """The line that installs, on another machine, the extension running here."""
    try:
        found = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        found = None
    if found is None or found.version != __version__:
        # Run from a source folder that pip did not install: name the release.
        return Requirement(
            f"{distribution}=={__version__}",
            f"version {__version__}, run from a folder pip did not install",
            f"version {__version__} of {distribution} is not installed with pip here, "
            "so this line names the release of that version",
        )
    recorded = found.read_text("direct_url.json")
    if not recorded:
        return Requirement(f"{distribution}=={found.version}", "a release, from the package index")
    return from_direct_url(distribution, json.loads(recorded))


def from_direct_url(distribution: str, direct_url: dict[str, object]) -> Requirement:
    """The line for a distribution that pip installed from ``direct_url`` (PEP 610)."""
    url = str(direct_url.get("url", ""))
    fragment = ""
    if subdirectory := direct_url.get("subdirectory"):
        fragment = f"#subdirectory={subdirectory}"
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict):
        line = f"{distribution} @ {vcs['vcs']}+{url}@{vcs['commit_id']}{fragment}"
        source = f"the {vcs['vcs']} address {url}, at commit {vcs['commit_id']}"
        return Requirement(line, source, _unreachable(url))
    if isinstance(direct_url.get("dir_info"), dict) and urlsplit(url).scheme == "file":
        folder = Path(unquote(urlsplit(url).path))
        checkout = _git_checkout(folder)
        if checkout is not None:
            remote, commit, problem, inside = checkout
            if inside and not fragment:
                fragment = f"#subdirectory={inside}"
            line = f"{distribution} @ git+{remote}@{commit}{fragment}"
            source = f"the Git checkout {folder} of {remote}, at commit {commit}"
            return Requirement(line, source, problem or _unreachable(remote))
        return Requirement(
            f"{distribution} @ {url}{fragment}", f"the folder {folder}", _unreachable(url)
        )
    archive = direct_url.get("archive_info")
    hashes = archive.get("hashes") if isinstance(archive, dict) else None
    if isinstance(hashes, dict) and hashes:
        # The file's hash, so that the line installs this very file or fails.
        name, value = sorted(hashes.items())[0]
        fragment = f"#{name}={value}" + fragment.replace("#", "&")
    return Requirement(f"{distribution} @ {url}{fragment}", f"the file {url}", _unreachable(url))


def _unreachable(url: str) -> str:
    """Why another machine cannot fetch ``url``, or "" when it may."""
    scheme = urlsplit(url).scheme
    if scheme in ("", "file"):
        return (
            f"{url} is on this machine, which Read the Docs cannot reach: replace this "
            "line with the extension's Git address or a released version"
        )
    return ""


def _git(folder: Path, *args: str) -> str:
    """The output of a git command in ``folder``; "" when git fails or is missing."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _git_checkout(folder: Path) -> tuple[str, str, str, str] | None:
    """(remote address, commit, problem, the folder's place in the checkout) of a Git
    checkout with a remote named ``origin`` (or its only remote) that holds the
    folder's project; None for anything else.

    A folder that merely lies inside another checkout's work tree (a copy kept in
    an ignored folder, say) is not that checkout: its ``pyproject.toml`` must be
    one Git tracks.
    """
    commit = _git(folder, "rev-parse", "HEAD")
    remotes = _git(folder, "remote").split()
    top = _git(folder, "rev-parse", "--show-toplevel")
    if not commit or not remotes or not top:
        return None
    if not _git(folder, "ls-files", "--full-name", "pyproject.toml"):
        return None
    try:
        inside = folder.resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        return None
    name = "origin" if "origin" in remotes else remotes[0]
    remote = _git(folder, "remote", "get-url", name)
    if not remote:
        return None
    if match := _SCP_LIKE.match(remote):  # git@host:path, as ssh:// for pip
        remote = f"ssh://{match['user'] or ''}{match['host']}/{match['path']}"
    elif "://" not in remote:  # a folder of this machine
        remote = Path(remote).resolve().as_uri()
    problem = ""
    if _git(folder, "status", "--porcelain", "--untracked-files=no"):
        problem = f"{folder} has changes that are not committed; this line installs {commit}"
    elif not _git(folder, "branch", "--remotes", "--contains", commit):
        problem = f"commit {commit} is on no branch of {name} known here: push it first"
    return remote, commit, problem, "" if inside == "." else inside
