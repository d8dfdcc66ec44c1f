"""The site build: every input to a folder of reports, instance history pages and an index.

Three steps, each bounded in memory:

1. **scan**: each input is hashed and parsed once into a few fields per run
   (:class:`~generator.view.history.RunRecord`), stored in the manifest; an input whose size and
   modification time are as recorded is not read at all;
2. **pages**: instance by instance, the reports and the history page whose inputs, tool
   version, theme or links changed are rendered (in worker processes with ``jobs > 1``) and
   written atomically; the others are left as they are;
3. **index**: the index pages, then the removal of outputs the build no longer makes, but only
   those the manifest lists, i.e. files this tool wrote.

The module is longer than most on purpose: the steps share the manifest, the pool and the
result, and how a build stops (an error, Ctrl-C, SIGTERM) reads best beside what it stops.

``--shard K/N`` makes the reports and history pages of a deterministic 1/N share of the
instances; ``--index-only`` makes the index alone, so a CI matrix can split a large site.
Step 1 is :mod:`generator.site.scan`, the work of step 2 is :mod:`generator.site.jobs` as
planned by :mod:`generator.site.plan`; this module runs it (in a process pool,
:mod:`generator.site.pool`, with ``jobs > 1``) and keeps the manifest up to date.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import BinaryIO

from generator.errors import InputError
from generator.exports.lines import LinePlace
from generator.exports.load import STDIN, discover
from generator.exports.model import ExportedRun
from generator.files import cannot_write, write_atomic
from generator.render.pages import DEFAULT_OPTIONS, RenderOptions, check_options, site_assets
from generator.site.folder import (
    FolderLock,
    Owner,
    claimed,
    lock_name,
    make_folder,
    manifest_files,
    open_manifest,
    same_bytes,
    sweep,
)
from generator.site.jobs import (
    FaultHook,
    Settings,
    digest,
    render_instance_job,
    settings,
    write_instance_job,
)
from generator.site.manifest import CachedInput, Manifest, manifest_name
from generator.site.plan import Plan, SiteOptions
from generator.site.pool import (
    LazyPool,
    ignore_stop_signals,
    ordered_map,
    restore_signals,
    stop_pool,
)
from generator.site.scan import (
    Scan,
    chunks,
    read_once,
    scan_chunk,
    scan_input,
    site_records,
    unchanged_on_disk,
)

SCAN_CHUNK = 32
#: Chunks in flight per job while reading: a chunk's time varies with its files, and with two
#: per job a worker waited for the parent (2 jobs read 10,000 runs in 3.9 s with 2 per job,
#: 3.6 s with 4, 3.5 s with 8). Pages keep two per job: four made them slower.
SCAN_WINDOW = 4
COMMIT_EVERY = 50
#: Inputs looked up in the manifest at a time.
LOOKUP_CHUNK = 500
DEFAULT_SITE = SiteOptions()
#: The templates a site's pages come from (a theme's ``diff`` and ``verify`` are not compiled).
SITE_TEMPLATES = ("report", "index", "instance")

Progress = Callable[[str, int, int], None]


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


# --- The in-memory site (pure) -----------------------------------------------------------------


def _scan_in_memory(manifest: Manifest, runs: Sequence[ExportedRun]) -> None:
    """Record ``runs`` as one input in an in-memory manifest and name their pages, exactly as a
    build records and names the runs of an input file."""
    manifest.replace_input("", None, "", True, site_records(runs, ""))
    manifest.assign_names()


def report_stems(runs: Sequence[ExportedRun]) -> list[str]:
    """The file stem each of ``runs`` gets in a site, by the manifest's own naming rule."""
    with Manifest(None) as manifest:
        _scan_in_memory(manifest, runs)
        return manifest.report_stems()


def render_site(
    runs: Sequence[ExportedRun],
    options: RenderOptions = DEFAULT_OPTIONS,
    site: SiteOptions = DEFAULT_SITE,
) -> dict[str, str]:
    """Every file of the site of ``runs``, by name relative to the output folder (no I/O).

    The same steps as :func:`build_site`: the same records, names, redaction and pages.
    """
    check_options(options, SITE_TEMPLATES)
    settings_ = settings(options)
    with Manifest(None) as manifest:
        _scan_in_memory(manifest, runs)
        manifest.start_plan()
        plan = Plan(manifest, settings_, replace(site, clean=True), None)

        def fetch(_source: str, ordinal: int, _sha: str, _place: LinePlace | None) -> ExportedRun:
            return runs[ordinal]

        outputs: dict[str, str] = {}
        for job in plan.instance_jobs():
            outputs.update(render_instance_job(job, settings_, fetch))
        outputs.update(plan.index_pages())
    outputs.update(site_assets(options))
    return dict(sorted(outputs.items()))


# --- The build ---------------------------------------------------------------------------------


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


def build_site(
    inputs: Iterable[str],
    out_dir: Path,
    options: RenderOptions = DEFAULT_OPTIONS,
    site: SiteOptions = DEFAULT_SITE,
    stdin: BinaryIO | None = None,
    progress: Progress = _no_progress,
    list_written: bool = True,
    fault: FaultHook | None = None,
) -> SiteResult:
    """Build (or bring up to date) the site of ``inputs`` in ``out_dir``.

    One build per output folder and part at a time (:mod:`generator.site.lock`).  A file in
    ``out_dir`` the manifest does not list is never written or removed: it becomes an error.
    ``fault`` is called with each run before its report is made (it must be picklable with
    ``jobs > 1``): tests make an input crash with it.
    """
    check_options(options, SITE_TEMPLATES)
    files, errors = discover(inputs)
    result = SiteResult(out_dir=out_dir, errors=errors, list_written=list_written)
    created = not os.path.lexists(out_dir)
    make_folder(out_dir)
    path = out_dir / manifest_name(site.part)
    with FolderLock(out_dir / lock_name(site.part)) as lock:
        sweep(out_dir)
        new_manifest = not os.path.lexists(path)
        with open_manifest(path, site.clean) as (manifest, adopt):
            empty = _build(
                manifest, files, out_dir, options, site, stdin, progress, result, fault, adopt
            )
        if empty and new_manifest:  # nothing loaded: leave no trace
            for name in manifest_files(path):
                name.unlink(missing_ok=True)
            lock.path.unlink(missing_ok=True)
            if created:
                out_dir.rmdir()
    return result


def _build(
    manifest: Manifest,
    files: list[str],
    out_dir: Path,
    options: RenderOptions,
    site: SiteOptions,
    stdin: BinaryIO | None,
    progress: Progress,
    result: SiteResult,
    fault: FaultHook | None,
    adopt: bool,
) -> bool:
    """The three steps in a pool of workers; whether no run was loaded.

    However the steps end (an error, Ctrl-C, SIGTERM), the workers are stopped at once, the
    manifest keeps what is on disk, and no temporary file is left."""
    settings_ = settings(options)
    inline = {STDIN: stdin.read()} if STDIN in files and stdin is not None else {}
    for path in files:  # a pipe is read once, here: a page cannot read it again
        data = read_once(path)
        if data is not None:
            inline[path] = data
    pools = LazyPool(site.jobs, site.pool_minimum)
    try:
        failed = _scan(files, manifest, site, inline, pools, progress, result)
        empty = manifest.run_count() == 0
        if not empty:
            owner = Owner(manifest, out_dir, adopt)
            try:
                _pages(
                    manifest,
                    settings_,
                    site,
                    out_dir,
                    inline,
                    pools,
                    progress,
                    result,
                    fault,
                    owner,
                )
            finally:
                result.errors.extend(owner.errors)
            _remove(manifest, out_dir, failed, result)
            result.reports = manifest.reports()
    except BaseException:
        # an interrupt: later signals are ignored, the build is stopping anyway
        # the cleanup runs with Ctrl-C, SIGTERM and SIGHUP ignored, however often they come;
        # the caller's handlers are back before the exception reaches it
        saved = ignore_stop_signals()
        try:
            stop_pool(pools.pool, now=True)
            sweep(out_dir)
        finally:
            restore_signals(saved)
        raise
    stop_pool(pools.pool, now=False)
    sweep(out_dir)
    return empty


def _scan(
    files: list[str],
    manifest: Manifest,
    site: SiteOptions,
    inline: dict[str, bytes],
    pools: LazyPool,
    progress: Progress,
    result: SiteResult,
) -> set[str]:
    """Step 1: bring the manifest's runs up to date with the inputs; the inputs with errors."""
    manifest.keep_inputs(files)
    stale = bytearray(len(files))  # one byte per input: bounded memory at 100,000 files
    for number, (path, cached) in enumerate(_with_cached(manifest, files, site.clean)):
        if path in inline or site.clean or not unchanged_on_disk(path, cached):
            stale[number] = 1
    total = sum(stale)
    failed: set[str] = set()
    progress("reading", 0, total)
    for path in inline:
        _store(manifest, scan_input(path, None, inline[path]), failed, result)

    def to_read() -> Iterator[tuple[str, str | None]]:
        paths = (path for n, path in enumerate(files) if stale[n] and path not in inline)
        for path, cached in _with_cached(manifest, paths, site.clean):
            yield path, cached.sha256 if cached and cached.ok else None

    done = len(inline)
    pool = pools.for_work(total)
    window = SCAN_WINDOW * site.jobs
    for scans in ordered_map(scan_chunk, chunks(to_read(), SCAN_CHUNK), pool, window):
        for scan in scans:
            _store(manifest, scan, failed, result)
        done += len(scans)
        progress("reading", done, total)
    manifest.commit()
    return failed


def _with_cached(
    manifest: Manifest, paths: Iterable[str], clean: bool
) -> Iterator[tuple[str, CachedInput | None]]:
    """Each of ``paths`` with what the manifest recorded of it (nothing for a ``--clean``
    build), the manifest asked once per :data:`LOOKUP_CHUNK` paths."""
    for chunk in chunks(paths, LOOKUP_CHUNK):
        known = {} if clean else manifest.cached_inputs(chunk)
        for path in chunk:
            yield path, known.get(path)


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
    manifest.replace_input(
        scan.path, scan.stat, scan.sha256, not scan.errors, scan.records, scan.places
    )


def _pages(
    manifest: Manifest,
    settings_: Settings,
    site: SiteOptions,
    out_dir: Path,
    inline: dict[str, bytes],
    pools: LazyPool,
    progress: Progress,
    result: SiteResult,
    fault: FaultHook | None,
    owner: Owner,
) -> None:
    """Steps 2 and 3: stale pages of this part's instances, then the index pages."""
    manifest.assign_names()
    manifest.commit()

    manifest.start_plan()
    plan = Plan(manifest, settings_, site, out_dir)
    instances = manifest.instance_count()
    progress("writing", 0, instances)
    worker = partial(
        write_instance_job, settings_=settings_, out_dir=str(out_dir), inline=inline, fault=fault
    )
    pool = pools.for_work(manifest.run_count())
    jobs = ordered_map(worker, claimed(plan.instance_jobs(), owner, settings_), pool, 2 * site.jobs)
    for done, job_result in enumerate(jobs, start=1):
        for file in job_result.written:
            manifest.record_output(
                file.name, file.build_key, file.source, settings_.tool_version, settings_.key
            )
            result.wrote(file.name)
        result.errors.extend(job_result.errors)
        if done % COMMIT_EVERY == 0:
            manifest.commit()
        progress("writing", done, instances)
    progress("writing", instances, instances)
    shared = site_assets(settings_.render_options)
    if site.part in ("all", "index"):
        shared.update(plan.index_pages())
    if shared:
        for name, text in shared.items():
            manifest.plan([name])
            build_key = digest(settings_.key, "index", text)
            if plan.fresh(name, build_key):
                plan.unchanged += 1
                continue
            if not (same_bytes(out_dir / name, text) or owner.ours(name)):
                continue
            owner.claim([name], None)
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
        try:
            (out_dir / name).unlink(missing_ok=True)
        except OSError as exc:
            raise cannot_write(out_dir / name, exc) from None
        manifest.forget_output(name)
        result.removed.append(name)
    manifest.commit()
