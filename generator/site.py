"""The site build: every input to a folder of reports, instance history pages and an index.

Three steps, each bounded in memory:

1. **scan**: each input is hashed and parsed once into a few fields per run
   (:class:`~generator.history.RunRecord`), stored in the manifest; an input whose size and
   modification time are as recorded is not read at all;
2. **pages**: instance by instance, the reports and the history page whose inputs, tool
   version, theme or links changed are rendered (in worker processes with ``jobs > 1``) and
   written atomically; the others are left as they are;
3. **index**: the index pages, then the removal of outputs the build no longer makes, but only
   those the manifest lists, i.e. files this tool wrote.

``--shard K/N`` makes the reports and history pages of a deterministic 1/N share of the
instances; ``--index-only`` makes the index alone, so a CI matrix can split a large site.
Step 1 is :mod:`generator.scan`, the work of step 2 is :mod:`generator.pages`; this module plans
the work, runs it (in a process pool with ``jobs > 1``) and keeps the manifest up to date.
"""

from __future__ import annotations

import hashlib
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO, TypeVar

from generator import history, render
from generator.build import report_stem, write_atomic
from generator.errors import InputError, UsageError
from generator.history import RunRecord
from generator.load import STDIN, ExportedRun, discover
from generator.manifest import Manifest, manifest_name
from generator.pages import (
    InstanceJob,
    ReportJob,
    Settings,
    digest,
    render_instance_job,
    settings,
    template_errors,
    write_instance_job,
)
from generator.scan import Scan, chunks, scan_chunk, scan_input, unchanged_on_disk

SCAN_CHUNK = 32
COMMIT_EVERY = 50

Progress = Callable[[str, int, int], None]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class SiteOptions:
    """How the site is built: worker processes, full rebuild, share of the work."""

    jobs: int = 1
    clean: bool = False
    shard: tuple[int, int] | None = None
    index_only: bool = False

    @property
    def part(self) -> str:
        """The part of the site this build owns: ``all``, ``shard-K-of-N`` or ``index``."""
        if self.index_only:
            return "index"
        if self.shard:
            return f"shard-{self.shard[0]}-of-{self.shard[1]}"
        return "all"


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` with 1 <= K <= N."""
    number, _, total = text.partition("/")
    if not (f"{number}{total}".isascii() and number.isdigit() and total.isdigit()) or not 1 <= int(
        number
    ) <= int(total):
        raise UsageError(f"--shard {text!r}: expected K/N with 1 <= K <= N, such as 2/4")
    return int(number), int(total)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class SiteResult:
    """What a site build did (names are relative to ``out_dir``).

    ``written`` names the files written, unless the build was asked not to keep them (the
    command line does not: a site of 100,000 runs writes 200,000 files).
    """

    out_dir: Path
    reports: int = 0
    built: int = 0
    written: list[str] = field(default_factory=list)
    list_written: bool = True
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def wrote(self, name: str) -> None:
        self.built += 1
        if self.list_written:
            self.written.append(name)


def in_shard(instance_key: str, shard: tuple[int, int] | None) -> bool:
    """Whether an instance belongs to shard K of N (by a hash of its identity)."""
    if shard is None:
        return True
    number, total = shard
    value = int.from_bytes(hashlib.sha256(instance_key.encode("utf-8")).digest()[:8], "big")
    return value % total == number - 1


@dataclass
class _Plan:
    """The state of step 2: what is up to date, what the index will list."""

    manifest: Manifest
    settings: Settings
    options: SiteOptions
    out_dir: Path | None
    shas: Callable[[str], str]
    unchanged: int = 0
    entries: list[tuple[tuple[int, str, str], history.IndexEntry]] = field(default_factory=list)

    def fresh(self, name: str, build_key: str) -> bool:
        if self.options.clean or self.out_dir is None:
            return False
        if self.manifest.output_key(name) != build_key:
            return False
        return (self.out_dir / name).is_file()

    def instance_jobs(self) -> Iterator[InstanceJob]:
        """Every instance's job, in identity order; up-to-date instances count as unchanged."""
        builds_pages = not self.options.index_only
        for key, page in list(self.manifest.instances()):
            records = self.manifest.instance_records(key)
            if self.options.part in ("all", "index"):
                entry = history.index_entry(records, page, self.settings.formats)
                self.entries.append((history.index_order(entry, key), entry))
            if builds_pages and in_shard(key, self.options.shard):
                job = self._instance_job(page, records)
                if job.reports or job.page_key is not None:
                    yield job

    def _instance_job(self, page: str, records: list[RunRecord]) -> InstanceJob:
        formats = self.settings.formats
        reports = []
        for record, earlier in history.previous_runs(records):
            assert record.stem is not None
            sha = self.shas(record.source)
            earlier_sha = self.shas(earlier.source) if earlier else None
            build_key = digest(
                self.settings.key,
                "report",
                record.stem,
                record.source,
                sha,
                record.ordinal,
                page,
                *(earlier.position if earlier else ()),
                earlier.stem if earlier else None,
                earlier_sha,
            )
            names = [f"{record.stem}.{fmt}" for fmt in formats]
            self.manifest.plan(names)
            if all(self.fresh(name, build_key) for name in names):
                self.unchanged += len(names)
            else:
                reports.append(ReportJob(record, sha, earlier, earlier_sha, build_key))
        page_names = [f"{page}.{fmt}" for fmt in formats]
        self.manifest.plan(page_names)
        page_key: str | None = digest(self.settings.key, "instance", page, *map(repr, records))
        if all(self.fresh(name, page_key or "") for name in page_names):
            self.unchanged += len(page_names)
            page_key = None
        return InstanceJob(page, tuple(records), tuple(reports), page_key)

    def index_pages(self) -> dict[str, str]:
        """The index pages, by file name."""
        self.entries.sort(key=lambda pair: pair[0])
        entries = [entry for _, entry in self.entries]
        total = len(entries)
        pages = history.page_count(total)
        runs = sum(entry.runs for entry in entries)
        outputs: dict[str, str] = {}
        size = history.INDEX_PAGE_SIZE
        with template_errors(self.settings.theme):
            for number in range(1, pages + 1):
                chunk = entries[(number - 1) * size : number * size]
                model = history.site_index(
                    chunk, number, pages, (total, runs), self.settings.formats
                )
                for fmt in self.settings.formats:
                    name = f"{history.index_stem(number)}.{fmt}"
                    outputs[name] = render.render_index(model, fmt, self.settings.render_options)
        return outputs


# --- The in-memory site (pure) -----------------------------------------------------------------


def _scan_in_memory(manifest: Manifest, runs: Sequence[ExportedRun]) -> None:
    """Record ``runs`` as one input in an in-memory manifest and name their pages."""
    scanned: list[tuple[RunRecord, str | None]] = []
    for ordinal, exported in enumerate(runs):
        for record in history.records(exported, "", ordinal):
            scanned.append((record, report_stem(exported) if record.reported else None))
    manifest.replace_input("", None, "", True, scanned)
    manifest.assign_names()


def report_stems(runs: Sequence[ExportedRun]) -> list[str]:
    """The file stem each of ``runs`` gets in a site, by the manifest's own naming rule."""
    with Manifest(None) as manifest:
        _scan_in_memory(manifest, runs)
        return manifest.report_stems()


def render_site(
    runs: Sequence[ExportedRun], options: render.RenderOptions = render.DEFAULT_OPTIONS
) -> dict[str, str]:
    """Every file of the site of ``runs``, by name relative to the output folder (no I/O)."""
    settings_ = settings(options)
    with Manifest(None) as manifest:
        _scan_in_memory(manifest, runs)
        manifest.start_plan()
        plan = _Plan(manifest, settings_, SiteOptions(clean=True), None, lambda _: "")

        def fetch(_source: str, ordinal: int, _sha: str) -> ExportedRun:
            return runs[ordinal]

        outputs: dict[str, str] = {}
        for job in plan.instance_jobs():
            outputs.update(render_instance_job(job, settings_, fetch))
        outputs.update(plan.index_pages())
    outputs.update(render.site_assets(options))
    return dict(sorted(outputs.items()))


# --- The build ---------------------------------------------------------------------------------


def _map(
    function: Callable[[T], R], items: Iterable[T], pool: Executor | None, window: int
) -> Iterator[R]:
    """``map`` in input order, through ``pool`` with at most ``window`` tasks in flight."""
    if pool is None:
        yield from map(function, items)
        return
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(pool.submit(function, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    if jobs <= 1:
        return None
    context = get_context("forkserver") if os.name == "posix" else get_context("spawn")
    if os.name == "posix":
        context.set_forkserver_preload(["generator.site"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which lets running pages finish, then stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


def build_site(
    inputs: Iterable[str],
    out_dir: Path,
    options: render.RenderOptions = render.DEFAULT_OPTIONS,
    site: SiteOptions = SiteOptions(),
    stdin: BinaryIO | None = None,
    progress: Progress = _no_progress,
    list_written: bool = True,
) -> SiteResult:
    """Build (or bring up to date) the site of ``inputs`` in ``out_dir``."""
    files, errors = discover(inputs)
    result = SiteResult(out_dir=out_dir, errors=errors, list_written=list_written)
    settings_ = settings(options)
    inline = {STDIN: stdin.read()} if STDIN in files and stdin is not None else {}
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / manifest_name(site.part)
    new_manifest = not path.exists()
    pool = _pool(site.jobs)
    try:
        with Manifest(path) as manifest:
            failed = _scan(files, manifest, site, inline, pool, progress, result)
            empty = manifest.run_count() == 0
            if not empty:
                _pages(manifest, settings_, site, out_dir, inline, pool, progress, result)
                _remove(manifest, out_dir, failed, result)
                result.reports = manifest.reports()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if empty and new_manifest:  # nothing loaded: leave no trace
        path.unlink(missing_ok=True)
        if created:
            out_dir.rmdir()
    return result


def _scan(
    files: list[str],
    manifest: Manifest,
    site: SiteOptions,
    inline: dict[str, bytes],
    pool: Executor | None,
    progress: Progress,
    result: SiteResult,
) -> set[str]:
    """Step 1: bring the manifest's runs up to date with the inputs; the inputs with errors."""
    manifest.keep_inputs(files)
    stale = bytearray(len(files))  # one byte per input: bounded memory at 100,000 files
    for number, path in enumerate(files):
        cached = manifest.cached_input(path)
        if path in inline or site.clean or not unchanged_on_disk(path, cached):
            stale[number] = 1
    total = sum(stale)
    failed: set[str] = set()
    progress("reading", 0, total)
    for path in inline:
        _store(manifest, scan_input(path, None, inline[path]), failed, result)

    def to_read() -> Iterator[tuple[str, str | None]]:
        for number, path in enumerate(files):
            if stale[number] and path not in inline:
                cached = manifest.cached_input(path)
                known = cached[2] if cached and cached[3] and not site.clean else None
                yield path, known

    done = len(inline)
    for scans in _map(scan_chunk, chunks(to_read(), SCAN_CHUNK), pool, 2 * site.jobs):
        for scan in scans:
            _store(manifest, scan, failed, result)
        done += len(scans)
        progress("reading", done, total)
    manifest.commit()
    return failed


def _store(manifest: Manifest, scan: Scan, failed: set[str], result: SiteResult) -> None:
    result.errors.extend(scan.errors)
    if scan.errors:
        failed.add(scan.path)
    if not scan.sha256:
        return
    if scan.records is None:
        if scan.stat is not None:
            manifest.touch_input(scan.path, *scan.stat)
        return
    manifest.replace_input(scan.path, scan.stat, scan.sha256, not scan.errors, scan.records)


def _pages(
    manifest: Manifest,
    settings_: Settings,
    site: SiteOptions,
    out_dir: Path,
    inline: dict[str, bytes],
    pool: Executor | None,
    progress: Progress,
    result: SiteResult,
) -> None:
    """Steps 2 and 3: stale pages of this part's instances, then the index pages."""
    manifest.assign_names()
    manifest.commit()

    def sha_of(path: str) -> str:
        cached = manifest.cached_input(path)
        return cached[2] if cached else ""

    manifest.start_plan()
    plan = _Plan(manifest, settings_, site, out_dir, sha_of)
    instances = manifest.instance_count()
    progress("writing", 0, instances)
    worker = partial(write_instance_job, settings_=settings_, out_dir=str(out_dir), inline=inline)
    jobs = _map(worker, plan.instance_jobs(), pool, 2 * site.jobs)
    for done, job_result in enumerate(jobs, start=1):
        for name, build_key, source in job_result.written:
            manifest.record_output(name, build_key, source, settings_.tool_version, settings_.key)
            result.wrote(name)
        result.errors.extend(job_result.errors)
        if done % COMMIT_EVERY == 0:
            manifest.commit()
        progress("writing", done, instances)
    progress("writing", instances, instances)
    shared = render.site_assets(settings_.render_options)
    if site.part in ("all", "index"):
        shared.update(plan.index_pages())
    if shared:
        for name, text in shared.items():
            manifest.plan([name])
            build_key = digest(settings_.key, "index", text)
            if plan.fresh(name, build_key):
                plan.unchanged += 1
                continue
            write_atomic(out_dir / name, text)
            manifest.record_output(name, build_key, None, settings_.tool_version, settings_.key)
            result.wrote(name)
    result.unchanged = plan.unchanged
    manifest.commit()


def _remove(manifest: Manifest, out_dir: Path, failed: set[str], result: SiteResult) -> None:
    """Delete outputs the build no longer makes, except those of inputs that now fail."""
    for name, source in manifest.unplanned():
        if source is not None and source in failed:
            continue
        (out_dir / name).unlink(missing_ok=True)
        manifest.forget_output(name)
        result.removed.append(name)
    manifest.commit()
