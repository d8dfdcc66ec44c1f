"""Step 2 of a site build: the reports and history page of one instance, rendered and written.

A job names what to render and the keys it is built from; it runs in a worker process with
``--jobs`` (everything here is picklable and module-level).  :class:`Settings` is everything
besides the inputs that a page depends on.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from generator import __version__, messages
from generator.errors import InputError, RunInsightsError
from generator.exports.lines import LinePlace, load_line
from generator.exports.model import ExportedRun
from generator.files import write_atomic
from generator.frozen import frozen
from generator.render.pages import RenderOptions, render_instance, render_report
from generator.render.themes import DEFAULT_THEME, theme_folder, themes_root
from generator.site.scan import documents
from generator.view.history import RunRecord
from generator.view.report import Report, report, run_snapshot
from generator.view.site_pages import Links, index_stem, instance_page, links


@frozen
class Settings:
    """Everything besides the inputs that an output depends on."""

    render_options: RenderOptions
    theme_digest: str
    tool_version: str = __version__

    @property
    def formats(self) -> tuple[str, ...]:
        return self.render_options.formats

    @property
    def theme(self) -> str:
        return self.render_options.theme

    @cached_property
    def key(self) -> str:
        # every render option (formats, HTML mode, Markdown dialect...) shapes the pages;
        # asked for once per page, worked out once
        return digest("settings", self.tool_version, self.theme_digest, repr(self.render_options))


def settings(options: RenderOptions) -> Settings:
    return Settings(options, theme_digest(options.theme))


def theme_digest(theme: str) -> str:
    """A hash of every file of the theme and of the default theme it falls back to."""
    folders = dict.fromkeys([theme_folder(theme), themes_root() / DEFAULT_THEME])
    parts: list[str] = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [str(path.relative_to(folder)), hashlib.sha256(path.read_bytes()).hexdigest()]
    return digest(*parts)


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


@frozen
class ReportJob:
    """One report to render: its run, the run before it, the key it is built from."""

    record: RunRecord
    sha256: str
    previous: RunRecord | None
    previous_sha256: str | None
    build_key: str
    #: Where the run and the run before it are in a JSON Lines input read a line at a time.
    place: LinePlace | None = None
    previous_place: LinePlace | None = None


@frozen
class InstanceJob:
    """An instance's stale reports and, when stale, its history page."""

    page: str
    records: tuple[RunRecord, ...]
    reports: tuple[ReportJob, ...]
    page_key: str | None


#: The run ``ordinal`` of input ``source`` with hash ``sha256``, at ``place`` when known.
Fetch = Callable[[str, int, str, LinePlace | None], ExportedRun]
#: Called with each run before its report is made: a test's way to make one input crash.
FaultHook = Callable[[ExportedRun], None]


def _links(stem: str | None, settings_: Settings) -> Links:
    return links(stem, settings_.formats)


def site_report(
    job: ReportJob, page: str, settings_: Settings, fetch: Fetch, fault: FaultHook | None = None
) -> Report:
    """A run's report with its links and what changed since the run before it."""
    record = job.record
    options = settings_.render_options
    exported = fetch(record.source, record.ordinal, job.sha256, job.place)
    if fault is not None:
        fault(exported)
    earlier = None
    if job.previous is not None and job.previous_sha256 is not None and exported.run is not None:
        before = job.previous
        earlier = run_snapshot(
            fetch(before.source, before.ordinal, job.previous_sha256, job.previous_place),
            before.history_index,
            _links(before.stem, settings_),
            options.redact,
        )
    return report(
        exported,
        options.redact,
        options.limits,
        instance_page=_links(page, settings_),
        index_page=_links(index_stem(1), settings_),
        own_page=_links(record.stem, settings_),
        earlier=earlier,
    )


def render_instance_job(
    job: InstanceJob,
    settings_: Settings,
    fetch: Fetch,
    errors: list[InputError] | None = None,
    fault: FaultHook | None = None,
) -> dict[str, str]:
    """Every page of one instance job, by file name (pure but for ``fetch``).

    With ``errors``, a run whose report crashes the renderer becomes an error there (naming its
    input) and the other pages are still made; without, the crash propagates.
    """
    options = settings_.render_options
    pages: dict[str, str] = {}
    for report_job in job.reports:
        try:
            viewed = site_report(report_job, job.page, settings_, fetch, fault)
            made = {
                f"{report_job.record.stem}.{fmt}": render_report(viewed, fmt, options)
                for fmt in settings_.formats
            }
        except RunInsightsError:
            raise
        except OSError as exc:  # the input went away after the scan: not a bug
            if errors is None:
                raise
            reason = messages.CANNOT_READ.format(reason=exc.strerror)
            errors.append(InputError(str(exc.filename or report_job.record.source), "", reason))
            continue
        except Exception as exc:
            if errors is None:
                raise
            message = messages.RENDER_FAILED.format(error=type(exc).__name__)
            errors.append(InputError(report_job.record.source, "", message))
            continue
        pages.update(made)
    if job.page_key is not None:
        page = instance_page(job.records, settings_.formats, index_stem(1))
        for fmt in settings_.formats:
            pages[f"{job.page}.{fmt}"] = render_instance(page, fmt, options)
    return pages


class FileFetch:
    """Loads inputs for jobs, checking each is the one scanned.

    A worker keeps the last few inputs it parsed (redacted as the pages need), so an input
    that holds several instances is parsed and redacted once, not once per instance.
    """

    KEEP = 8

    def __init__(self, redaction: bool) -> None:
        self.inline: dict[str, bytes] = {}
        self.redaction = redaction
        self.loaded: OrderedDict[tuple[str, str], list[ExportedRun]] = OrderedDict()
        self.lines: OrderedDict[tuple[str, LinePlace], ExportedRun] = OrderedDict()

    def __call__(self, path: str, ordinal: int, sha: str, place: LinePlace | None) -> ExportedRun:
        if place is not None and path not in self.inline:
            return self.line(path, place)
        key = (path, sha)
        if key in self.loaded:
            self.loaded.move_to_end(key)
        else:
            data = self.inline[path] if path in self.inline else Path(path).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha:
                raise InputError(path, "", messages.INPUT_CHANGED)
            items = documents(data, path, self.redaction, checked=True)  # the hash is the scan's
            self.loaded[key] = [i for i in items if isinstance(i, ExportedRun)]
            if len(self.loaded) > self.KEEP:
                self.loaded.popitem(last=False)
        return self.loaded[key][ordinal]

    def line(self, path: str, place: LinePlace) -> ExportedRun:
        """One run of a JSON Lines file, reading only its line (the last few are kept: a
        report's run is the next report's run before)."""
        key = (path, place)
        if key in self.lines:
            self.lines.move_to_end(key)
            return self.lines[key]
        with open(path, "rb") as handle:
            handle.seek(place.offset)
            chunk = handle.readline()
        exported = load_line(chunk, place, path, self.redaction)
        if exported is None:
            raise InputError(path, "", messages.INPUT_CHANGED)
        self.lines[key] = exported
        if len(self.lines) > self.KEEP:
            self.lines.popitem(last=False)
        return exported


_FETCHES: dict[bool, FileFetch] = {}


def file_fetch(inline: dict[str, bytes], redaction: bool) -> FileFetch:
    """The fetch of this process (kept across the jobs a worker runs; every input it returns
    is checked against the hash the scan recorded, so a kept one is never stale)."""
    fetch = _FETCHES.get(redaction)
    if fetch is None:
        fetch = _FETCHES[redaction] = FileFetch(redaction)
    fetch.inline = inline
    return fetch


@frozen
class Written:
    """A file a job wrote: its name, the key it was built from, the input it came from."""

    name: str
    build_key: str
    source: str | None


@frozen
class JobResult:
    written: list[Written]
    errors: list[InputError]


def write_instance_job(
    job: InstanceJob,
    settings_: Settings,
    out_dir: str,
    inline: dict[str, bytes],
    fault: FaultHook | None = None,
) -> JobResult:
    """Render one instance job and write its files (run in a worker process)."""
    errors: list[InputError] = []
    try:
        fetch = file_fetch(inline, settings_.render_options.redact)
        pages = render_instance_job(job, settings_, fetch, errors, fault)
    except OSError as exc:
        reason = messages.CANNOT_READ.format(reason=exc.strerror)
        return JobResult([], [InputError(str(exc.filename or job.page), "", reason)])
    except InputError as exc:
        return JobResult([], [exc])
    written: list[Written] = []
    for report_job in job.reports:
        for fmt in settings_.formats:
            name = f"{report_job.record.stem}.{fmt}"
            if name not in pages:
                continue  # its run could not be rendered: an error, and the old page stays
            write_atomic(Path(out_dir) / name, pages[name])
            written.append(Written(name, report_job.build_key, report_job.record.source))
    if job.page_key is not None:
        for fmt in settings_.formats:
            name = f"{job.page}.{fmt}"
            write_atomic(Path(out_dir) / name, pages[name])
            written.append(Written(name, job.page_key, None))
    return JobResult(written, errors)
