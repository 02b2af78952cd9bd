"""Measure build time and peak memory of a newsletter with and without the extension.

For each size N it writes the synthetic site (see ``generate.py``) in both forms and
times real ``sphinx-build`` runs, each in a fresh process:

- full HTML builds of the directive form and of the plain form, on alabaster and
  furo, and of the plain form without the global toctree in its sidebar (the floor
  of a plain build);
- for the directive form on alabaster: a rebuild after editing one issue, a rebuild
  with no change, and a full build with ``-j 2``;
- at the smallest N, the LaTeX build of the directive form;
- the PDF editions of half a year and a year of weekly issues (26 and 52): one
  ``latex`` build writing a ``.tex`` per issue and the year's, then each compiled
  with ``make`` in the LaTeX folder, reported per issue PDF and for the year's
  volume, and at 52 again with two LaTeX jobs at a time;
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
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generate import write_site
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
    label: str
    issues: int
    seconds: float
    peak_mb: float


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
    peak = next(
        int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK")
    )
    return seconds, peak / 1024


def run_mail(work: Path, messages: int = MAIL_MESSAGES) -> list[Result]:
    """``bpfnews series`` and the standard library alone on one week's mbox; the
    result's ``issues`` field holds the number of messages."""
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
        peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if "PEAK" in line)
        results.append(Result(label, written, seconds, peak / 1024))
        print(f"  {written} messages {label:<34} {seconds:8.1f} s {peak / 1024:8.0f} MB")
    entries = (work / "week.md").read_text(encoding="utf-8").count("{patch-series}")
    print(f"  {entries} patch-series entries written", flush=True)
    return results


def is_mail(result: Result) -> bool:
    return result.label.startswith("mail:")


def mail_rows(results: list[Result]) -> list[tuple[str, float, str]]:
    """(what, measured, target) for reading mail, when it was measured."""
    found = {r.label: r for r in results if is_mail(r)}
    if len(found) < len(READ_MAIL):
        return []
    ours, stdlib = found["mail: bpfnews series"], found["mail: mailbox and email only"]
    return [
        (
            f"bpfnews series on {ours.issues} messages, seconds",
            ours.seconds,
            f"<= {MAIL_TARGET_SECONDS:g}",
        ),
        (
            f"bpfnews series / mailbox and email only ({ours.issues} messages)",
            ours.seconds / stdlib.seconds,
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
    year's. The peak memory of a ``make`` is the largest of the LaTeX runs so far
    (what the system reports for finished child processes)."""
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
        start = time.perf_counter()
        done = subprocess.run(
            ["make", "-C", str(out), f"-j{jobs}", *targets],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{label} failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        results.append(Result(f"{prefix}: {label}", count, seconds / per, peak))
    for result in results:
        print(
            f"  {count} issues {result.label:<40} {result.seconds:8.1f} s {result.peak_mb:8.0f} MB",
            flush=True,
        )
    return results


def editions_rows(results: list[Result]) -> list[str]:
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
            f"| {count} | {jobs} | {build.seconds:.1f} s | {issue.seconds:.2f} s | "
            f"{year.seconds:.1f} s | {year.seconds / count:.2f} s | "
            f"{max(build.peak_mb, issue.peak_mb, year.peak_mb):.0f} MB |"
        )
    return rows


def run_size(count: int, work: Path, latex: bool) -> list[Result]:
    results: list[Result] = []

    def record(label: str, measured: tuple[float, float]) -> None:
        results.append(Result(label, count, *measured))
        print(f"  N={count:<4} {label:<34} {measured[0]:8.1f} s {measured[1]:8.0f} MB", flush=True)

    for theme in ("alabaster", "furo"):
        site = write_site(work / f"a-{theme}-{count}", count, "directives", theme)
        record(f"directives, {theme}", sphinx(site, site / "_build"))
        if theme == "alabaster":
            record("directives, no change", sphinx(site, site / "_build"))
            edited = site / "issues" / f"issue-{count // 2 + 1:04d}.md"
            edited.write_text(
                edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
            )
            record("directives, one issue edited", sphinx(site, site / "_build"))
            shutil.rmtree(site / "_build")
            record("directives, -j 2", sphinx(site, site / "_build", "-j", "2"))
            if latex:
                record("directives, LaTeX", sphinx(site, site / "_latex", builder="latex"))
        for sidebar in (True, False):
            plain = write_site(
                work / f"b-{theme}-{sidebar}-{count}", count, "plain", theme, sidebar
            )
            label = f"plain, {theme}" + ("" if sidebar else ", no toctree sidebar")
            record(label, sphinx(plain, plain / "_build"))
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


def ratios(results: list[Result], sizes: list[int]) -> list[tuple[str, float, str]]:
    """(what, measured, target) for each target the project sets."""
    low, high = min(sizes), max(sizes)
    rows = []
    for theme in ("alabaster", "furo"):
        rows.append(
            (
                f"linear: time({high})/time({low}), directives, {theme}",
                find(results, f"directives, {theme}", high).seconds
                / find(results, f"directives, {theme}", low).seconds,
                f"<= {high / low * 1.1:.0f}",
            )
        )
    for theme in ("alabaster", "furo"):
        rows.append(
            (
                f"directives / plain at N={high}, {theme}",
                find(results, f"directives, {theme}", high).seconds
                / find(results, f"plain, {theme}", high).seconds,
                "< 1",
            )
        )
        rows.append(
            (
                f"directives / plain without toctree sidebar at N={high}, {theme}",
                find(results, f"directives, {theme}", high).seconds
                / find(results, f"plain, {theme}, no toctree sidebar", high).seconds,
                "<= 1.15",
            )
        )
    full = find(results, "directives, alabaster", high).seconds
    rows.append(
        (
            f"one issue edited / full build at N={high}",
            find(results, "directives, one issue edited", high).seconds / full,
            "<= 0.10",
        )
    )
    rows.append(
        (
            f"no change / full build at N={high}",
            find(results, "directives, no change", high).seconds / full,
            "<= 0.05",
        )
    )
    rows += [
        (
            f"peak memory, directives / plain at N={count}, alabaster",
            find(results, "directives, alabaster", count).peak_mb
            / find(results, "plain, alabaster", count).peak_mb,
            "<= 1.3",
        )
        for count in sizes
    ]
    return rows


def met(value: float, target: str) -> bool:
    """Whether ``value`` meets ``target`` ("<= 1.15", "< 1"; "-" is no target)."""
    if target == "-":
        return True
    operator, bound = target.split()
    return value <= float(bound) if operator == "<=" else value < float(bound)


def write_page(every: list[Result], sizes: list[int], notes: str, commit: str) -> None:
    results = [r for r in every if not is_mail(r) and not is_editions(r)]
    lines = [
        "# Benchmarks",
        "",
        f"Measured at commit `{commit}` with `python benchmarks/run.py` (see the README) "
        "on one machine:",
        "",
        f"{machine()}.",
        "",
        "Each figure is one `sphinx-build` run in a fresh process: wall time, and the "
        "peak resident memory of Sphinx and any worker processes. The site is the "
        "synthetic newsletter of `benchmarks/generate.py`: issues shaped like the "
        "reference issue (about 60 patch entries in series of 1 to 15 patches, 10 "
        "talks, 5 highlights), written with the directives (issues outside the "
        "toctree, archive, indexes, feeds and export on) or as plain MyST lists and "
        "headings in one toctree without the extension.",
        "",
        "| build | " + " | ".join(f"N={n}" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    labels = list(dict.fromkeys(r.label for r in results))
    for label in labels:
        cells = []
        for count in sizes:
            found = [r for r in results if r.label == label and r.issues == count]
            cells.append(f"{found[0].seconds:.1f} s, {found[0].peak_mb:.0f} MB" if found else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Against the targets",
        "",
        "| ratio | measured | target | met |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {what} | {value:.3g} | {target} | {'yes' if met(value, target) else '**no**'} |"
        for what, value, target in ratios(results, sizes)
    ]
    mail = [r for r in every if is_mail(r)]
    if mail:
        lines += [
            "",
            "## Reading mail",
            "",
            f"`bpfnews series` on a synthetic week of a busy list (`benchmarks/mail.py`: "
            f"{mail[0].issues} messages in one mbox, series of 1 to 12 patches, revisions "
            "and replies with trailers), against reading the same mbox with `mailbox` and "
            "`email` alone; each a fresh process, start-up included.",
            "",
            "| reading | time | peak memory |",
            "|---|---|---|",
            *(
                f"| {r.label.removeprefix('mail: ')} | {r.seconds:.1f} s | {r.peak_mb:.0f} MB |"
                for r in mail
            ),
            "",
            "| ratio | measured | target | met |",
            "|---|---|---|---|",
            *(
                f"| {what} | {value:.3g} | {target} | {'yes' if met(value, target) else '**no**'} |"
                for what, value, target in mail_rows(every)
            ),
        ]
    editions = [r for r in every if is_editions(r)]
    if editions:
        lines += [
            "",
            "## PDF editions",
            "",
            'Weekly issues with `bpfnews_pdf_editions = ["issue", "year"]`: the `latex` '
            "build writing every `.tex`, then `make -j JOBS` in the LaTeX folder (latexmk and "
            "XeLaTeX): the time per issue PDF (all of them, divided by their number), and "
            "the year's PDF, also per issue it holds. Linear means the per-issue columns stay "
            "the same from half a year to a year.",
            "",
            "| issues | jobs | latex build | per issue PDF | the year's PDF | year's PDF per issue "
            "| peak memory |",
            "|---|---|---|---|---|---|---|",
            *editions_rows(editions),
        ]
    if notes:
        lines += ["", "## Notes", "", notes.strip()]
    RESULTS_PAGE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=20 only; no results page")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 500])
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
        sizes = sorted({r.issues for r in results if not is_mail(r) and not is_editions(r)})
    else:
        sizes = [20] if args.quick else sorted(args.sizes)
        with tempfile.TemporaryDirectory(prefix="bpfnews-bench-") as folder:
            for count in sizes:
                results += run_size(count, Path(folder), latex=count == min(sizes))
            results += run_mail(Path(folder))
            if args.editions and all(map(shutil.which, ("latexmk", "xelatex"))):
                counts = [4] if args.quick else sorted(args.editions)
                for count in counts:
                    results += run_editions(Path(folder), count)
                results += run_editions(Path(folder), counts[-1], jobs=EDITIONS_JOBS)
            elif args.editions:
                print("  PDF editions not measured: no latexmk and xelatex here")
    print()
    book = [r for r in results if not is_mail(r) and not is_editions(r)]
    for what, value, target in [
        *(ratios(book, sizes) if len(sizes) > 1 else []),
        *mail_rows(results),
    ]:
        verdict = "met" if met(value, target) else "MISSED"
        print(f"{what:<64} {value:6.3g}  (target {target}, {verdict})")
    if args.json and not args.from_json:
        saved = {"commit": commit, "results": [r.__dict__ for r in results]}
        args.json.write_text(json.dumps(saved, indent=1))
    if not args.quick:
        notes = args.notes.read_text(encoding="utf-8") if args.notes else ""
        write_page(results, sizes, notes, commit)
        print(f"\nwrote {RESULTS_PAGE}")


if __name__ == "__main__":
    main()
