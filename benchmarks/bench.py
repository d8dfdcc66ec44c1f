"""``make bench``: build speed and memory of a site on a synthetic corpus, against the targets.

Generates a corpus of realistic exports (``--runs`` over ``--instances``; see ``corpus.py``),
then measures, each build in a fresh child process:

- the full build's throughput with 1 job and with every core;
- the I/O floor: read and parse every input and write as many files of the same sizes as the
  site, nothing else; and the 1-job build's time as a multiple of it;
- a no-op rebuild and a rebuild after one input changed, as shares of the full build;
- the peak resident memory (``ru_maxrss``) of a 1-job build at ``--runs`` and ``--memory-runs``;
- reading a ``--jsonl-mb`` JSON Lines export (the corpus' runs, one per line, repeated): time
  and peak memory of the build's read step, which streams it;
- the size of the first index page.

Prints the figures and writes them, with the machine, to ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import phases  # noqa: E402

BUILD = """
import json, resource, sys, time
from pathlib import Path
from generator import SiteOptions, build_site
inputs, out, jobs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
start = time.perf_counter()
result = build_site([inputs], out, site=SiteOptions(jobs=jobs), list_written=False)
seconds = time.perf_counter() - start
self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "built": result.built, "unchanged": result.unchanged,
                  "errors": len(result.errors), "rss_mib": self_kib / 1024,
                  "worker_rss_mib": children_kib / 1024}))
"""

FLOOR = """
import json, os, sys, time
from pathlib import Path
inputs, site, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
sizes = [p.stat().st_size for p in sorted(site.iterdir()) if p.suffix in (".html", ".md")]
out.mkdir(parents=True, exist_ok=True)
start = time.perf_counter()
for path in sorted(inputs.rglob("*.json")):
    json.loads(path.read_bytes())
for number, size in enumerate(sizes):
    with open(out / f"page-{number}.html", "w", encoding="utf-8") as handle:
        handle.write("x" * size)
print(json.dumps({"seconds": time.perf_counter() - start, "files": len(sizes),
                  "bytes": sum(sizes)}))
"""


READ_JSONL = """
import json, resource, sys, time
from generator.site.scan import scan_input
path = sys.argv[1]
start = time.perf_counter()
scan = scan_input(path, None)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "runs": len(scan.records or ()), "errors": len(scan.errors),
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def json_lines(inputs: Path, path: Path, megabytes: int) -> int:
    """A JSON Lines export of about ``megabytes`` MB: the corpus' runs, one per line, repeated
    with new run ids; the number of runs."""
    documents = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(inputs.rglob("run-*.json"))
    ]
    target, written, count = megabytes * 1_000_000, 0, 0
    with path.open("w", encoding="utf-8") as handle:
        while written < target:
            document = documents[count % len(documents)]
            document["run"]["id"] = 10_000_000 + count
            line = json.dumps(document) + "\n"
            handle.write(line)
            written += len(line)
            count += 1
    return count


@dataclass
class Build:
    seconds: float
    built: int
    unchanged: int
    rss_mib: float
    worker_rss_mib: float


def _child(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def build(inputs: Path, out: Path, jobs: int) -> Build:
    figures = _child(BUILD, str(inputs), str(out), str(jobs))
    if figures["errors"]:
        raise SystemExit(f"the corpus has {figures['errors']} input errors")
    return Build(
        figures["seconds"],
        int(figures["built"]),
        int(figures["unchanged"]),
        figures["rss_mib"],
        figures["worker_rss_mib"],
    )


def _seconds(argv: list[str]) -> float:
    """The wall-clock time of a whole process (start, imports, work, exit)."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _interleaved_medians(commands: dict[str, list[str]], rounds: int = 9) -> dict[str, float]:
    """The median time of each command over ``rounds`` rounds that run every command once, in
    turn: a machine that gets busier or calmer during the measure shifts every command alike,
    so the ratios between them hold."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            times[name].append(_seconds(argv))
    return {name: sorted(values)[len(values) // 2] for name, values in times.items()}


def compile_package() -> None:
    """Write the package's bytecode first, as installing it does: otherwise every process of
    the benchmark compiles the modules again when bytecode writing is off
    (``PYTHONDONTWRITEBYTECODE``), and start-up is measured on work a user never sees."""
    package = HERE.parent / "generator"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def startup(inputs: Path, work: Path) -> dict[str, float]:
    """One run, one page: whole processes against importing the stack and starting the tool."""
    one = str(min(inputs.rglob("run-*.json")))
    tool = [sys.executable, "-m", "generator"]
    return _interleaved_medians(
        {
            "import": [sys.executable, "-c", "import pydantic, jinja2"],
            "version": [*tool, "--version"],
            "report": [*tool, "report", one],
            "build": [*tool, "build", one, "-o", str(work / "one"), "--clean"],
        }
    )


def change_one_input(inputs: Path) -> Path:
    """Change the create count of one run, as a re-export of that run would."""
    path = min(inputs.rglob("run-*.json"))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["run"]["summary_json"]["decisions"]["create"] += 1
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {cores()} cores usable, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def load_average() -> float:
    """The 1-minute load average: how busy the machine was besides this benchmark."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _busy(loads: list[float], all_jobs: int) -> str:
    if max(loads) < all_jobs:
        return ""
    return (
        ": other work kept every core busy, so the times are noisy and the jobs speedup is "
        "a floor of what an idle machine gives"
    )


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(args: argparse.Namespace) -> str:
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="run-insights-bench-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    all_jobs = cores()
    started = time.perf_counter()
    loads = [load_average()]
    try:
        compile_package()
        inputs = work / "corpus"
        files = corpus.generate(inputs, args.runs, args.instances)
        print(f"corpus: {args.runs} runs of {args.instances} instances in {len(files)} files")
        start_up = startup(inputs, work)
        print(f"one run: report {start_up['report']:.2f} s, build {start_up['build']:.2f} s")
        # The 1-job build and the floor twice, on both sides of the 2-job build, and the
        # faster of each: a shared machine's speed drifts by half within minutes.
        ones, floors = [], []
        for attempt, site_dir in enumerate(("site-1", "site-1b")):
            if attempt:
                many = build(inputs, work / "site-n", all_jobs)
                print(f"full build, {all_jobs} jobs: {many.seconds:.1f} s")
            ones.append(build(inputs, work / site_dir, 1))
            print(f"full build, 1 job: {ones[-1].seconds:.1f} s")
            folder = str(work / f"floor-{attempt}")
            floors.append(_child(FLOOR, str(inputs), str(work / site_dir), folder))
            print(f"I/O floor: {floors[-1]['seconds']:.1f} s")
        one = min(ones, key=lambda b: b.seconds)
        floor = min(floors, key=lambda f: f["seconds"])
        noop = build(inputs, work / "site-1", 1)
        print(f"no-op rebuild: {noop.seconds:.2f} s")
        change_one_input(inputs)
        changed = build(inputs, work / "site-1", 1)
        print(f"one input changed: {changed.seconds:.2f} s, {changed.built} files")
        index_bytes = (work / "site-1" / "index.html").stat().st_size
        big: Build | None = None
        if args.memory_runs:
            big_inputs = work / "corpus-big"
            instances = max(1, args.memory_runs * args.instances // args.runs)
            corpus.generate(big_inputs, args.memory_runs, instances)
            big = build(big_inputs, work / "site-big", 1)
            print(f"{args.memory_runs} runs, 1 job: {big.seconds:.1f} s, {big.rss_mib:.1f} MiB")
        jsonl: dict[str, float] | None = None
        if args.jsonl_mb:
            path = work / "big.jsonl"
            json_lines(inputs, path, args.jsonl_mb)
            jsonl = _child(READ_JSONL, str(path))
            jsonl["mib"] = path.stat().st_size / 2**20
            print(
                f"read {jsonl['mib']:.0f} MiB of JSON Lines: {jsonl['seconds']:.1f} s, "
                f"{jsonl['rss_mib']:.1f} MiB"
            )
            path.unlink()
        profiled: list[tuple[str, float]] | str = "not asked for (--no-profile)"
        if args.profile:
            command = [sys.executable, "-m", "generator", "build", str(inputs)]
            command += ["-o", str(work / "site-profile"), "--jobs", "1", "--quiet"]
            profiled = phases.profile(command, work / "profile")
            print("profile:", profiled if isinstance(profiled, str) else "done")
        loads.append(load_average())
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    figures = (one, many, floor, noop, changed, index_bytes, big, start_up, jsonl)
    return results(args, figures, all_jobs, started, loads) + profile_text(profiled)


def profile_text(profiled: list[tuple[str, float]] | str) -> str:
    if isinstance(profiled, str):
        return f"\n## Where the time goes\n\nNo profile: {profiled}.\n"
    rows = "\n".join(f"| {phase} | {share:.1%} |" for phase, share in profiled)
    return f"""
## Where the time goes

A full build with one job under the sampling profiler py-spy (`benchmarks/phases.py`): each
sample is charged to the innermost phase on its stack.

| Phase | Share of samples |
|---|---|
{rows}
"""


Figures = tuple[
    Build,
    Build,
    dict[str, float],
    Build,
    Build,
    int,
    Build | None,
    dict[str, float],
    dict[str, float] | None,
]


def results(
    args: argparse.Namespace, figures: Figures, all_jobs: int, started: float, loads: list[float]
) -> str:
    one, many, floor, noop, changed, index_bytes, big, start_up, jsonl = figures
    speedup = one.seconds / many.seconds
    to_floor = one.seconds / floor["seconds"]
    noop_share = noop.seconds / one.seconds
    changed_share = changed.seconds / one.seconds
    rows = [
        ("Full build, 1 job", f"{one.seconds:.1f} s, {args.runs / one.seconds:.0f} runs/s", "", ""),
        (
            f"Full build, {all_jobs} jobs",
            f"{many.seconds:.1f} s, {args.runs / many.seconds:.0f} runs/s",
            f"{speedup:.2f}x faster than 1 job",
            f"at least 1.8x with 2 jobs: {_mark(speedup >= 1.8)}",
        ),
        (
            "I/O floor (read + parse inputs, write the same files)",
            f"{floor['seconds']:.1f} s ({floor['files']:.0f} files, "
            f"{floor['bytes'] / 2**20:.0f} MiB)",
            f"full 1-job build = {to_floor:.1f}x the floor",
            f"within 6x: {_mark(to_floor <= 6)}",
        ),
        (
            "No-op rebuild, 1 job",
            f"{noop.seconds:.2f} s ({noop.built} written, {noop.unchanged} unchanged)",
            f"{noop_share:.1%} of the full build",
            f"at most 5%: {_mark(noop_share <= 0.05)}",
        ),
        (
            "One input changed, 1 job",
            f"{changed.seconds:.2f} s ({changed.built} files written)",
            f"{changed_share:.1%} of the full build",
            f"at most 5%: {_mark(changed_share <= 0.05)}",
        ),
        (
            f"Index page, {args.runs} runs ({args.instances} instances)",
            f"{index_bytes / 1024:.0f} KiB",
            "",
            f"under 2 MB: {_mark(index_bytes < 2_000_000)}",
        ),
        (f"Peak memory, {args.runs} runs, 1 job", f"{one.rss_mib:.1f} MiB", "", ""),
        ("`python -c 'import pydantic, jinja2'`", f"{start_up['import']:.2f} s", "", ""),
        (
            "`run-insights --version`",
            f"{start_up['version']:.2f} s",
            f"{start_up['version'] / start_up['import']:.2f}x the import",
            "",
        ),
        (
            "`run-insights report RUN.json` to stdout",
            f"{start_up['report']:.2f} s",
            f"{start_up['report'] / start_up['version']:.1f}x `--version`, "
            f"{start_up['report'] / start_up['import']:.1f}x the import",
            f"well under 1 s: {_mark(start_up['report'] < 0.8)}",
        ),
        (
            "One-run build (`build RUN.json -o DIR --clean`)",
            f"{start_up['build']:.2f} s",
            f"{start_up['build'] / start_up['import']:.1f}x the import",
            f"at most 2x the import: {_mark(start_up['build'] <= 2 * start_up['import'])}",
        ),
    ]
    if big is not None:
        ratio = big.rss_mib / one.rss_mib
        rows.append(
            (
                f"Peak memory, {args.memory_runs} runs, 1 job",
                f"{big.rss_mib:.1f} MiB (build {big.seconds:.0f} s)",
                f"{ratio:.2f}x the peak at {args.runs} runs",
                f"at most 1.5x: {_mark(ratio <= 1.5)}",
            )
        )
    if jsonl is not None:
        rows.append(
            (
                f"Read a {jsonl['mib']:.0f} MiB JSON Lines export ({jsonl['runs']:.0f} runs)",
                f"{jsonl['seconds']:.1f} s, {jsonl['mib'] / jsonl['seconds']:.0f} MiB/s, "
                f"peak {jsonl['rss_mib']:.1f} MiB",
                f"peak = {jsonl['rss_mib'] / jsonl['mib']:.2f}x the file",
                f"within 1 GiB: {_mark(jsonl['rss_mib'] <= 1024)}",
            )
        )
    table = "\n".join(f"| {' | '.join(row)} |" for row in rows)
    minutes = (time.perf_counter() - started) / 60
    return f"""# Benchmark results

Written by `make bench` (`python benchmarks/bench.py --runs {args.runs} --instances \
{args.instances} --memory-runs {args.memory_runs} --jsonl-mb {args.jsonl_mb}`), \
{minutes:.0f} minutes.

- **Machine**: {machine()}. Load average {loads[0]:.1f} at the start and {loads[-1]:.1f} at the
  end{_busy(loads, all_jobs)}.
- **Corpus**: {args.runs} runs over {args.instances} instances (`benchmarks/corpus.py`: nightly
  Sync Previews and Full Syncs with every stage's metrics, about one run in twelve failed, one
  instance in ten exported as an instance export with its history); the memory run has
  {args.memory_runs} runs over {max(1, args.memory_runs * args.instances // args.runs)} instances.
- Every build runs in a fresh child process; times are the `build_site` call (wall clock),
  memory is that process's peak resident set (`ru_maxrss`). With 1 job the whole build runs
  in that process. The full 1-job build and the I/O floor are each measured twice, before and
  after the 2-job build, and the faster of each counts. The one-run rows time whole processes
  (start, imports, work, exit), the median of nine rounds that run each command once in turn,
  against importing pydantic and Jinja in the same rounds.

| Measure | Figure | Ratio | Target |
|---|---|---|---|
{table}
{NOTES}"""


NOTES = """
## Reading the figures

- **The I/O floor** only reads, parses and writes bytes. A build also validates every export
  with pydantic, finds the run before each run and compares them, and renders every report twice
  (HTML and Markdown, with Jinja, escaping every value) plus a history page per instance: a few
  milliseconds of Python per run against a fraction of a millisecond of I/O. Where that time
  goes is the profile table at the end ("Where the time goes").
- **Jobs**: instances are the unit of work, so two jobs halve the rendering when two cores are
  free. On a shared machine whose cores other work keeps busy, the second worker only competes
  with it; the load average above says how busy the machine was.
- **Rebuilds** stat every input and compare each page's key with the manifest: they read
  nothing that did not change, and one changed input rewrites its report, its instance's history
  page, the report that compares with it if any, and the index.
- **Memory** grows with the list of input names and one index line per instance; the runs
  themselves live in the manifest on disk.
- **Same bytes**: every speed-up keeps every page byte-identical; `tests/test_output_digests.py`
  pins the SHA-256 of each page built from this corpus (a smaller one, with its secret-like
  text), the hostile fixtures and the samples, in every dialect and both HTML modes.
- **Start-up** is measured from compiled bytecode (the benchmark compiles the package first, as
  installing it does).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs in the corpus")
    parser.add_argument("--instances", type=int, default=200, help="instances in the corpus")
    parser.add_argument(
        "--memory-runs",
        type=int,
        default=100_000,
        help="runs of the second corpus for the memory figure (0: skip it)",
    )
    parser.add_argument(
        "--jsonl-mb",
        type=int,
        default=1024,
        help="size of the JSON Lines export whose reading is measured (0: skip it)",
    )
    parser.add_argument("--work", help="work folder (default: a temporary folder)")
    parser.add_argument(
        "--no-profile",
        dest="profile",
        action="store_false",
        help="skip the py-spy profile of a one-job build",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--output", default=str(HERE / "RESULTS.md"), help="results file (default: %(default)s)"
    )
    args = parser.parse_args()
    text = run(args)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
