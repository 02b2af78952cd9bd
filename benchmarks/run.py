"""Measure build time and peak memory of a newsletter with and without the extension.

For each size N it writes the synthetic site (see ``generate.py``) in both forms and
times real ``sphinx-build`` runs, each in a fresh process, each figure the median of
``--repeat`` runs (3 by default) with the fastest and slowest, taken in rounds of
every build of the size:

- full HTML builds of the directive form and of the plain form, on alabaster and
  furo; of the plain form without the global toctree in alabaster's sidebar, and
  with its issues in no toctree on furo (which renders its navigation whatever the
  sidebar holds): the floor of a plain build on each theme;
- the weekly rebuild, a build after the next issue (N+1) is added, on both themes
  for the directive form and on alabaster for the plain one (whose other pages then
  keep their stale navigation);
- on alabaster: a rebuild after editing one issue and one with no change, for both
  forms, and full builds with ``-j 2`` of the directive form and of the plain floor;
- at the smallest N, the LaTeX build of the directive form;
- the PDF editions of half a year and a year of weekly issues (26 and 52): one
  ``latex`` build writing a ``.tex`` per issue and the year's, then each compiled
  with ``make`` in the LaTeX folder, reported per issue PDF and for the year's
  volume, and at 52 again with two LaTeX jobs at a time;
- at the start of every round, a fixed piece of pure-Python work
  (:data:`REFERENCE_WORK`): how fast the machine ran, to compare results pages by;
- ``bpfnews series`` on a synthetic week of a busy list (5,000 messages in one mbox,
  see ``mail.py``), against reading the same mbox with the standard library alone
  (:mod:`mailbox` and :mod:`email` with its default policy), in both modes.

It prints a table and the ratios the project's targets are about, and writes them
with a description of the machine to ``docs/benchmarks.md``. ``--quick`` runs N=20
only, to catch crashes (CI does), and writes no page; ``--json`` saves the figures
and ``--from-json`` writes the page again from them (with new ``--notes``, say).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generate import write_issue, write_site
from mail import write_week

HERE = Path(__file__).parent
RESULTS_PAGE = HERE.parent / "docs" / "benchmarks.md"
MEASURE = """
import resource, sys
from sphinx.cmd.build import main
status = main(sys.argv[1:])
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("PEAK", peak, file=sys.stderr)
sys.exit(status)
"""

#: A command run in a process of its own, which reports the peak memory of what it
#: ran: the benchmark's own process has run every build before it, and what the
#: system reports for its finished children is the largest of them all.
MEASURE_COMMAND = """
import resource, subprocess, sys
status = subprocess.run(sys.argv[1:], check=False).returncode
print("PEAK", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(status)
"""

#: The two ways of reading the week's mbox that are timed, each in a fresh process.
READ_MAIL = {
    "mail: bpfnews series": """
import resource, sys
from sphinxcontrib_bpfnews.cli.commands import main
status = main(["series", sys.argv[1], "-o", sys.argv[2]])
""",
    "mail: mailbox and email only": """
import email, email.policy, mailbox, resource, sys
box = mailbox.mbox(sys.argv[1], create=False, factory=lambda stream:
                   email.message_from_binary_file(stream, policy=email.policy.default))
status = 0 if sum(1 for message in box if message["subject"] is not None) else 1
""",
}
_PEAK = """
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("PEAK", peak, file=sys.stderr)
sys.exit(status)
"""
#: How many messages the week's mbox has, and what ``bpfnews series`` may take.
MAIL_MESSAGES = 5000
MAIL_TARGET_SECONDS = 5.0


@dataclass
class Result:
    """One figure: the median of its runs (time and peak memory), with the fastest
    and the slowest run's time."""

    label: str
    issues: int
    seconds: float
    peak_mb: float
    low: float = 0.0
    high: float = 0.0
    runs: int = 1

    def __post_init__(self) -> None:
        # Figures saved with one run have no spread.
        self.low = self.low or self.seconds
        self.high = self.high or self.seconds


def medians(results: list[Result]) -> list[Result]:
    """One result per label and size: the median of their runs, in first-seen order."""
    runs: dict[tuple[str, int], list[Result]] = {}
    for result in results:
        runs.setdefault((result.label, result.issues), []).append(result)
    return [
        Result(
            label,
            count,
            statistics.median(r.seconds for r in found),
            statistics.median(r.peak_mb for r in found),
            min(r.low for r in found),
            max(r.high for r in found),
            sum(r.runs for r in found),
        )
        for (label, count), found in runs.items()
    ]


#: Compiles the measured package's modules to bytecode, as installing it from a wheel
#: does: an editable install run where ``PYTHONDONTWRITEBYTECODE`` is set (CI's
#: machines, some containers) would otherwise compile every module from source in
#: every timed run, some 50 ms that no installed copy spends.
COMPILE_PACKAGE = """
import compileall, pathlib, sys, sphinxcontrib_bpfnews
package = pathlib.Path(sphinxcontrib_bpfnews.__file__).parent
sys.exit(0 if compileall.compile_dir(package, quiet=1) else 1)
"""


def compile_package() -> None:
    """Compile the package the timed runs import (the same interpreter and path)."""
    subprocess.run([sys.executable, "-c", COMPILE_PACKAGE], check=True)


#: A fixed amount of the work a build does most (making small objects, strings and
#: dictionaries), timed at the start of every round: how fast the machine was while
#: the figures were taken, which a shared machine changes by half or more from one
#: day to the next. It says nothing of the package; it lets two results pages be
#: compared, and a ratio be read against the machine's drift within a run.
REFERENCE_WORK = """
table = {}
for number in range(1_500_000):
    table[str(number)] = [number, (number, "x")]
    if len(table) > 10_000:
        table.clear()
"""
#: The reference workload's label; it is shown apart from the builds' figures.
REFERENCE = "machine: reference workload"


def reference_run() -> tuple[float, float]:
    """The reference workload's time in a fresh process (start-up included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", REFERENCE_WORK], check=True)
    return time.perf_counter() - start, 0.0


def is_reference(result: Result) -> bool:
    return result.label == REFERENCE


def sphinx(source: Path, output: Path, *options: str, builder: str = "html") -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one sphinx-build run."""
    command = [
        sys.executable,
        "-c",
        MEASURE,
        "-q",
        "-b",
        builder,
        *options,
        str(source),
        str(output),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return seconds, peak_mb(done.stderr)


def peak_mb(stderr: str) -> float:
    """The peak memory (MB) a measuring process reported on its ``PEAK`` line (KB)."""
    return (
        next(int(line.split()[1]) for line in stderr.splitlines() if line.startswith("PEAK")) / 1024
    )


def run_mail(work: Path, messages: int = MAIL_MESSAGES) -> list[Result]:
    """``bpfnews series`` and the standard library alone on one week's mbox; the
    result's ``issues`` field holds the number of messages."""
    work.mkdir(parents=True, exist_ok=True)
    mbox = work / "week.mbox"
    written = write_week(mbox, messages)
    results = []
    for label, code in READ_MAIL.items():
        command = [sys.executable, "-c", code + _PEAK, str(mbox), str(work / "week.md")]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{label} failed:\n{done.stderr[-3000:]}")
        peak = peak_mb(done.stderr)
        results.append(Result(label, written, seconds, peak))
        print(f"  {written} messages {label:<34} {seconds:8.1f} s {peak:8.0f} MB")
    entries = (work / "week.md").read_text(encoding="utf-8").count("{patch-series}")
    print(f"  {entries} patch-series entries written", flush=True)
    return results


def is_mail(result: Result) -> bool:
    return result.label.startswith("mail:")


def is_build(result: Result) -> bool:
    """A figure of the newsletter's builds (not mail, PDF editions or the machine)."""
    return not (is_mail(result) or is_editions(result) or is_reference(result))


def mail_rows(results: list[Result]) -> list[Ratio]:
    """The targets of reading mail, when it was measured."""
    found = {r.label: r for r in results if is_mail(r)}
    if len(found) < len(READ_MAIL):
        return []
    ours, stdlib = found["mail: bpfnews series"], found["mail: mailbox and email only"]
    return [
        Ratio(
            f"bpfnews series on {ours.issues} messages, seconds",
            ours.seconds,
            f"<= {MAIL_TARGET_SECONDS:g}",
            ours.low,
            ours.high,
        ),
        quotient(
            f"bpfnews series / mailbox and email only ({ours.issues} messages)",
            [ours],
            [stdlib],
            "-",
        ),
    ]


#: The PDF editions case: half a year and a year of weekly issues, so the page shows
#: whether the time per issue stays the same as the year grows (linear).
EDITIONS_SIZES = (26, 52)
#: The parallel compile measured at the largest size: two LaTeX jobs at a time.
EDITIONS_JOBS = 2


def is_editions(result: Result) -> bool:
    return result.label.startswith("editions")


def run_editions(work: Path, count: int, jobs: int = 1) -> list[Result]:
    """A year of ``count`` weekly issues with ``bpfnews_pdf_editions = ["issue",
    "year"]``: the ``latex`` build that writes the ``.tex`` files, then ``make -j
    JOBS`` of the issues' PDFs (per issue: the total over ``count``) and of the
    year's, each with the peak memory of its largest LaTeX run."""
    site = write_site(work / f"editions-{count}-j{jobs}", count, "directives", "alabaster")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            'latex_engine = "xelatex"\nlatex_use_xindy = False\n'
            'bpfnews_pdf_editions = ["issue", "year"]\n'
        )
    out = site / "_latex"
    prefix = "editions" if jobs == 1 else f"editions -j {jobs}"
    results = [Result(f"{prefix}: latex build", count, *sphinx(site, out, builder="latex"))]
    issues = sorted(path.name for path in (site / "issues").glob("*.md"))
    issue_pdfs = [name.removesuffix(".md") + ".pdf" for name in issues]
    years = sorted({path.name for path in out.glob("bpf-weekly-*.tex")})
    for label, targets, per in (
        ("one issue PDF", issue_pdfs, len(issue_pdfs)),
        ("the year's PDF", [name.removesuffix(".tex") + ".pdf" for name in years], 1),
    ):
        command = ["make", "-C", str(out), f"-j{jobs}", *targets]
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", MEASURE_COMMAND, *command],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{label} failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
        results.append(Result(f"{prefix}: {label}", count, seconds / per, peak_mb(done.stderr)))
    for result in results:
        print(
            f"  {count} issues {result.label:<40} {result.seconds:8.1f} s {result.peak_mb:8.0f} MB",
            flush=True,
        )
    return results


def editions_rows(results: list[Result]) -> list[list[str]]:
    """The editions' table: for each size and number of jobs, the latex build, the
    time per issue PDF, the year's PDF and that time per issue it holds."""
    runs: dict[tuple[int, str], dict[str, Result]] = {}
    for result in results:
        prefix, step = result.label.split(": ", 1)
        runs.setdefault((result.issues, prefix), {})[step] = result
    rows = []
    for (count, prefix), steps in sorted(runs.items()):
        jobs = prefix.removeprefix("editions -j ") if prefix != "editions" else "1"
        build, issue, year = steps["latex build"], steps["one issue PDF"], steps["the year's PDF"]
        rows.append(
            [
                str(count),
                jobs,
                f"{build.seconds:.1f} s",
                f"{issue.seconds:.2f} s",
                f"{year.seconds:.1f} s",
                f"{year.seconds / count:.2f} s",
                f"{max(build.peak_mb, issue.peak_mb, year.peak_mb):.0f} MB",
            ]
        )
    return rows


def run_size(count: int, work: Path, latex: bool, repeat: int = 1) -> list[Result]:
    """Every build of a site of ``count`` issues, ``repeat`` times each (every run of
    the same figure starts from the same state); the raw runs, see :func:`medians`."""
    results: list[Result] = []

    def record(label: str, measured: tuple[float, float]) -> None:
        results.append(Result(label, count, *measured))
        print(f"  N={count:<4} {label:<44} {measured[0]:8.1f} s {measured[1]:8.0f} MB", flush=True)

    def rebuilds(site: Path, form: str, prefix: str, *, edits: bool) -> None:
        """A full build, then (``edits``) one with no change and one after an issue
        is edited, then one after the next issue is added; the site as it was after."""
        output = site / "_build"
        shutil.rmtree(output, ignore_errors=True)
        record(prefix, sphinx(site, output))
        if edits:
            record(f"{form}, no change", sphinx(site, output))
            edited = site / "issues" / f"issue-{count // 2 + 1:04d}.md"
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text + "\nOne more line.\n", encoding="utf-8")
            record(f"{form}, one issue edited", sphinx(site, output))
            edited.write_text(text, encoding="utf-8")
            sphinx(site, output)
        added = write_issue(site, count + 1, form)
        record(f"{prefix}, next issue added", sphinx(site, output))
        added.unlink()
        shutil.rmtree(output)

    def parallel(site: Path, label: str) -> None:
        output = site / "_build_j2"
        shutil.rmtree(output, ignore_errors=True)
        record(label, sphinx(site, output, "-j", "2"))
        shutil.rmtree(output)

    ours = {
        theme: write_site(work / f"a-{theme}-{count}", count, "directives", theme)
        for theme in ("alabaster", "furo")
    }
    plain = write_site(work / f"b-alabaster-{count}", count, "plain", "alabaster")
    floor = write_site(work / f"c-alabaster-{count}", count, "plain", "alabaster", False)
    furo = write_site(work / f"b-furo-{count}", count, "plain", "furo")
    furo_floor = write_site(work / f"c-furo-{count}", count, "plain", "furo", in_toctree=False)
    # Round after round of every build, not every run of one build and then the
    # next's: a machine that speeds up or slows down while the benchmark runs (a
    # shared one does, by a fifth or more) then shifts both sides of each ratio alike.
    for _ in range(repeat):
        record(REFERENCE, reference_run())
        for theme, site in ours.items():
            rebuilds(site, "directives", f"directives, {theme}", edits=theme == "alabaster")
            if theme == "alabaster":
                parallel(site, "directives, -j 2")
                if latex:
                    shutil.rmtree(site / "_latex", ignore_errors=True)
                    record("directives, LaTeX", sphinx(site, site / "_latex", builder="latex"))
        rebuilds(plain, "plain", "plain, alabaster", edits=True)
        record("plain, alabaster, no toctree sidebar", sphinx(floor, floor / "_build"))
        shutil.rmtree(floor / "_build")
        parallel(floor, "plain, alabaster, no toctree sidebar, -j 2")
        record("plain, furo", sphinx(furo, furo / "_build"))
        shutil.rmtree(furo / "_build")
        record("plain, furo, issues outside the toctree", sphinx(furo_floor, furo_floor / "_build"))
        shutil.rmtree(furo_floor / "_build")
    return results


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sphinx as sphinx_module

    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Sphinx {sphinx_module.__version__}, {platform.system()} {platform.release()}"
    )


def measured_commit() -> str:
    """The commit of the working tree being measured, ``+changes`` when the package
    or the benchmark differs from it: what the figures belong to."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(HERE.parent), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return "unknown"
    changed = git("status", "--porcelain", "--", "sphinxcontrib_bpfnews", "benchmarks/run.py")
    changed += git("status", "--porcelain", "--", "benchmarks/generate.py", "benchmarks/mail.py")
    return f"{commit}+changes" if changed else commit


def find(results: list[Result], label: str, count: int) -> Result:
    return next(r for r in results if r.label == label and r.issues == count)


@dataclass
class Ratio:
    """A ratio of medians against its target, with the range the runs' spread
    allows: from the most favourable runs to the least."""

    what: str
    value: float
    target: str
    low: float
    high: float

    @property
    def met(self) -> bool:
        return met(self.value, self.target)

    @property
    def within_noise(self) -> bool:
        """The verdict would change within the spread of the runs."""
        return self.target != "-" and met(self.low, self.target) != met(self.high, self.target)

    def verdict(self) -> str:
        word = "yes" if self.met else "**no**"
        return f"{word}, within the noise" if self.within_noise else word


def quotient(what: str, top: list[Result], bottom: list[Result], target: str) -> Ratio:
    """The product of ``top``'s figures over ``bottom``'s (medians), with its range."""

    def product(results: list[Result], pick: str) -> float:
        value = 1.0
        for result in results:
            value *= getattr(result, pick)
        return value

    return Ratio(
        what,
        product(top, "seconds") / product(bottom, "seconds"),
        target,
        product(top, "low") / product(bottom, "high"),
        product(top, "high") / product(bottom, "low"),
    )


def ratios(results: list[Result], sizes: list[int]) -> list[Ratio]:
    """Each target the project sets, at the sizes it is set for."""
    low, high = min(sizes), max(sizes)

    def at(label: str, count: int) -> Result:
        return find(results, label, count)

    rows = [
        quotient(
            f"linear: time({high})/time({low}), directives, {theme}",
            [at(f"directives, {theme}", high)],
            [at(f"directives, {theme}", low)],
            f"<= {high / low * 1.1:.0f}",
        )
        for theme in ("alabaster", "furo")
    ]
    floors = {
        "alabaster": "plain, alabaster, no toctree sidebar",
        "furo": "plain, furo, issues outside the toctree",
    }
    for count in sizes:
        for theme in ("alabaster", "furo"):
            full = at(f"directives, {theme}", count)
            rows += [
                quotient(
                    f"next issue added / full build at N={count}, {theme}",
                    [at(f"directives, {theme}, next issue added", count)],
                    [full],
                    "<= 0.15",
                ),
                quotient(
                    f"directives / plain at N={count}, {theme}",
                    [full],
                    [at(f"plain, {theme}", count)],
                    "< 1",
                ),
                quotient(
                    f"directives / plain floor ({floors[theme].removeprefix('plain, ')}) "
                    f"at N={count}",
                    [full],
                    [at(floors[theme], count)],
                    "<= 1",
                ),
            ]
        floor = floors["alabaster"]
        rows.append(
            quotient(
                f"-j 2 speed-up, directives / plain floor's at N={count}, alabaster",
                [at("directives, alabaster", count), at(f"{floor}, -j 2", count)],
                [at("directives, -j 2", count), at(floor, count)],
                ">= 1",
            )
        )
        for rebuild in ("no change", "one issue edited"):
            rows.append(
                quotient(
                    f"{rebuild}, directives / plain at N={count}, alabaster",
                    [at(f"directives, {rebuild}", count)],
                    [at(f"plain, {rebuild}", count)],
                    "<= 1",
                )
            )
    full = [at("directives, alabaster", high)]
    rows += [
        quotient(
            f"one issue edited / full build at N={high}",
            [at("directives, one issue edited", high)],
            full,
            "<= 0.10",
        ),
        quotient(
            f"no change / full build at N={high}",
            [at("directives, no change", high)],
            full,
            "<= 0.05",
        ),
    ]
    for count in sizes:
        ours, theirs = at("directives, alabaster", count), at("plain, alabaster", count)
        value = ours.peak_mb / theirs.peak_mb
        rows.append(
            Ratio(
                f"peak memory, directives / plain at N={count}, alabaster",
                value,
                "<= 1.3",
                value,
                value,
            )
        )
    return rows


def met(value: float, target: str) -> bool:
    """Whether ``value`` meets ``target`` ("<= 1.15", "< 1", ">= 1"; "-" is none)."""
    if target == "-":
        return True
    operator, bound = target.split()
    if operator == ">=":
        return value >= float(bound)
    return value <= float(bound) if operator == "<=" else value < float(bound)


def _seconds(result: Result) -> str:
    """A time as the page shows it: the median, and the range when runs differ."""
    if result.runs > 1:
        return f"{result.seconds:.1f} s ({result.low:.1f}–{result.high:.1f})"
    return f"{result.seconds:.1f} s"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _section(heading: str, text: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """A section of the results page: its heading, what it measures, a table."""
    return ["", f"## {heading}", "", text, "", *_table(header, rows)]


def _targets(rows: list[Ratio]) -> list[list[str]]:
    return [[r.what, f"{r.value:.3g}", r.target, r.verdict()] for r in rows]


TARGET_HEADER = ["ratio", "measured (medians)", "target", "met"]


def _machine_speed(references: list[Result]) -> list[str]:
    """The paragraph on how fast the machine ran, when the reference was measured."""
    if not references:
        return []
    each = ", ".join(
        f"{r.seconds:.2f} s ({r.low:.2f} to {r.high:.2f}) in the rounds of N={r.issues}"
        for r in references
    )
    return [
        "How fast the machine ran: a fixed piece of pure-Python work (`REFERENCE_WORK` "
        "in `benchmarks/run.py`, in a fresh process), timed at the start of every round, "
        f"took {each}. It does not depend on the package; a results page whose "
        "reference took longer was measured on a slower machine.",
        "",
    ]


def write_page(every: list[Result], sizes: list[int], notes: str, commit: str) -> None:
    results = [r for r in every if is_build(r)]
    repeats = max((r.runs for r in results), default=1)
    lines = [
        "# Benchmarks",
        "",
        f"Measured at commit `{commit}` with `python benchmarks/run.py` (see the README) "
        "on one machine:",
        "",
        f"{machine()}.",
        "",
        *_machine_speed([r for r in every if is_reference(r)]),
        f"Each figure is the median of {repeats} `sphinx-build` runs, each in a fresh "
        "process, the runs of a size taken in rounds of every build of that size (so a "
        "machine whose speed drifts shifts both sides of a ratio alike), "
        "with the fastest and slowest run in brackets: wall time, and the peak "
        "resident memory of Sphinx and any worker processes (median); the package's "
        "modules are compiled to bytecode first, as installing it does. The site is the "
        "synthetic newsletter of `benchmarks/generate.py`: issues shaped like the "
        "reference issue (about 60 patch entries in series of 1 to 15 patches, 10 "
        "talks, 5 highlights), written with the directives (issues outside the "
        "toctree, the recent-issues block in the sidebar, archive, indexes, feeds and "
        "export on) or as plain MyST lists and headings in one toctree without the "
        "extension. The plain floors leave the issues out of the navigation: on "
        "alabaster by leaving the global toctree out of the sidebar, on furo (which "
        "renders its navigation whatever the sidebar holds) by leaving the issues out "
        "of every toctree. *Next issue added* is the weekly rebuild: issue N+1 written, "
        "then a build without `-E`.",
        "",
        "| build | " + " | ".join(f"N={n}" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for label in dict.fromkeys(r.label for r in results):
        cells = []
        for count in sizes:
            found = [r for r in results if r.label == label and r.issues == count]
            cells.append(f"{_seconds(found[0])}, {found[0].peak_mb:.0f} MB" if found else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += _section(
        "Against the targets",
        "Each ratio is of the medians. *Within the noise* means the verdict would change "
        "between the most and the least favourable runs.",
        TARGET_HEADER,
        _targets(ratios(results, sizes)),
    )
    mail = [r for r in every if is_mail(r)]
    if mail:
        lines += _section(
            "Reading mail",
            f"`bpfnews series` on a synthetic week of a busy list (`benchmarks/mail.py`: "
            f"{mail[0].issues} messages in one mbox, series of 1 to 12 patches, revisions "
            "and replies with trailers), against reading the same mbox with `mailbox` and "
            "`email` alone; each a fresh process, start-up included.",
            ["reading", "time", "peak memory"],
            [[r.label.removeprefix("mail: "), _seconds(r), f"{r.peak_mb:.0f} MB"] for r in mail],
        )
        lines += ["", *_table(TARGET_HEADER, _targets(mail_rows(every)))]
    editions = [r for r in every if is_editions(r)]
    if editions:
        lines += _section(
            "PDF editions",
            'Weekly issues with `bpfnews_pdf_editions = ["issue", "year"]`: the `latex` '
            "build writing every `.tex`, then `make -j JOBS` in the LaTeX folder (latexmk and "
            "XeLaTeX): the time per issue PDF (all of them, divided by their number), and "
            "the year's PDF, also per issue it holds. Linear means the per-issue columns stay "
            "the same from half a year to a year. Medians of the runs.",
            [
                "issues",
                "jobs",
                "latex build",
                "per issue PDF",
                "the year's PDF",
                "year's PDF per issue",
                "peak memory",
            ],
            editions_rows(editions),
        )
    if notes:
        lines += ["", "## Notes", "", notes.strip()]
    RESULTS_PAGE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="N=20 only, one run each; no results page"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 500])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each figure, of which the median"
    )
    parser.add_argument(
        "--editions",
        type=int,
        nargs="*",
        default=list(EDITIONS_SIZES),
        help="sizes of the PDF editions case (4 with --quick; none: not measured)",
    )
    parser.add_argument("--json", type=Path, help="also save the raw figures here")
    parser.add_argument("--notes", type=Path, help="Markdown added to the results page")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="measure nothing: write the page from figures saved earlier with --json",
    )
    args = parser.parse_args()
    results: list[Result] = []
    commit = measured_commit()
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        # Figures saved before the commit was kept are a bare list.
        commit = saved.get("commit", "unknown") if isinstance(saved, dict) else "unknown"
        figures = saved["results"] if isinstance(saved, dict) else saved
        results = [Result(**r) for r in figures]
        sizes = sorted({r.issues for r in results if is_build(r)})
    else:
        sizes = [20] if args.quick else sorted(args.sizes)
        repeat = 1 if args.quick else max(1, args.repeat)
        compile_package()
        with tempfile.TemporaryDirectory(prefix="bpfnews-bench-") as folder:
            work = Path(folder)
            for count in sizes:
                results += run_size(count, work, latex=count == min(sizes), repeat=repeat)
            for run in range(repeat):
                results += run_mail(work / f"mail-{run}")
            if args.editions and all(map(shutil.which, ("latexmk", "xelatex"))):
                counts = [4] if args.quick else sorted(args.editions)
                for run in range(repeat):
                    for count in counts:
                        results += run_editions(work / f"run-{run}", count)
                    results += run_editions(work / f"run-{run}", counts[-1], jobs=EDITIONS_JOBS)
            elif args.editions:
                print("  PDF editions not measured: no latexmk and xelatex here")
        results = medians(results)
    print()
    book = [r for r in results if is_build(r)]
    for ratio in [*(ratios(book, sizes) if len(sizes) > 1 else []), *mail_rows(results)]:
        verdict = "met" if ratio.met else "MISSED"
        noise = ", within the noise" if ratio.within_noise else ""
        print(f"{ratio.what:<72} {ratio.value:6.3g}  (target {ratio.target}, {verdict}{noise})")
    if args.json and not args.from_json:
        saved = {"commit": commit, "results": [r.__dict__ for r in results]}
        args.json.write_text(json.dumps(saved, indent=1))
    if not args.quick:
        notes = args.notes.read_text(encoding="utf-8") if args.notes else ""
        write_page(results, sizes, notes, commit)
        print(f"\nwrote {RESULTS_PAGE}")


if __name__ == "__main__":
    main()
