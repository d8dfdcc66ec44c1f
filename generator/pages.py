"""Step 2 of a site build: the reports and history page of one instance, rendered and written.

A job names what to render and the keys it is built from; it runs in a worker process with
``--jobs`` (everything here is picklable and module-level).  :class:`Settings` is everything
besides the inputs that a page depends on.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from generator import __version__, diff, history, insights, messages, redact, render
from generator.build import write_atomic
from generator.errors import InputError, RunInsightsError
from generator.history import RunRecord
from generator.load import ExportedRun
from generator.scan import documents


@dataclass(frozen=True)
class Settings:
    """Everything besides the inputs that an output depends on."""

    render_options: render.RenderOptions
    theme_digest: str
    tool_version: str = __version__

    @property
    def formats(self) -> tuple[str, ...]:
        return self.render_options.formats

    @property
    def theme(self) -> str:
        return self.render_options.theme

    @property
    def key(self) -> str:
        # every render option (formats, HTML mode, Markdown dialect...) shapes the pages
        return digest("settings", self.tool_version, self.theme_digest, repr(self.render_options))


def settings(options: render.RenderOptions) -> Settings:
    return Settings(options, theme_digest(options.theme))


def theme_digest(theme: str) -> str:
    """A hash of every file of the theme and of the default theme it falls back to."""
    folders = dict.fromkeys([render.theme_folder(theme), render.themes_root() / "default"])
    parts: list[str] = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [str(path.relative_to(folder)), hashlib.sha256(path.read_bytes()).hexdigest()]
    return digest(*parts)


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReportJob:
    """One report to render: its run, the run before it, the key it is built from."""

    record: RunRecord
    sha256: str
    previous: RunRecord | None
    previous_sha256: str | None
    build_key: str


@dataclass(frozen=True)
class InstanceJob:
    """An instance's stale reports and, when stale, its history page."""

    page: str
    records: tuple[RunRecord, ...]
    reports: tuple[ReportJob, ...]
    page_key: str | None


Fetch = Callable[[str, int, str], ExportedRun]


def _links(stem: str | None, settings_: Settings) -> history.Links:
    return history.links(stem, settings_.formats)


def _redacted(exported: ExportedRun, options: render.RenderOptions) -> ExportedRun:
    """Secrets redacted before the report and the comparison see the run (unless turned off)."""
    return redact.redact_run(exported) if options.redact else exported


def site_report(job: ReportJob, page: str, settings_: Settings, fetch: Fetch) -> insights.Report:
    """A run's report with its links and what changed since the run before it."""
    record = job.record
    options = settings_.render_options
    exported = _redacted(fetch(record.source, record.ordinal, job.sha256), options)
    report = replace(
        insights.report(exported, options.redact, options.limits),
        instance_page=_links(page, settings_),
        index_page=_links(history.index_stem(1), settings_),
    )
    earlier = job.previous
    if earlier is None or exported.run is None or job.previous_sha256 is None:
        return report
    before = _redacted(fetch(earlier.source, earlier.ordinal, job.previous_sha256), options)
    if earlier.reported:
        assert before.run is not None
        run, stages = before.run, before.stages
    else:
        run = before.history[earlier.history_index]
        stages = tuple(run.stages or ())
    name = exported.instance.name
    changes = diff.compare(
        diff.RunSnapshot(name, run, stages, _links(earlier.stem, settings_)),
        diff.RunSnapshot(name, exported.run, exported.stages, _links(record.stem, settings_)),
    )
    return replace(report, changes=changes)


def render_instance_job(
    job: InstanceJob, settings_: Settings, fetch: Fetch, errors: list[InputError] | None = None
) -> dict[str, str]:
    """Every page of one instance job, by file name (pure but for ``fetch``).

    With ``errors``, a run whose report crashes the renderer becomes an error there (naming its
    input) and the other pages are still made; without, the crash propagates.
    """
    options = settings_.render_options
    pages: dict[str, str] = {}
    with template_errors(settings_.theme):
        for report_job in job.reports:
            try:
                report = site_report(report_job, job.page, settings_, fetch)
                made = {
                    f"{report_job.record.stem}.{fmt}": render.render_report(report, fmt, options)
                    for fmt in settings_.formats
                }
            except (RunInsightsError, jinja2.TemplateError):
                raise
            except Exception as exc:
                if errors is None:
                    raise
                message = messages.RENDER_FAILED.format(error=type(exc).__name__)
                errors.append(InputError(report_job.record.source, "", message))
                continue
            pages.update(made)
        if job.page_key is not None:
            page = history.instance_page(job.records, settings_.formats, history.index_stem(1))
            for fmt in settings_.formats:
                pages[f"{job.page}.{fmt}"] = render.render_instance(page, fmt, options)
    return pages


class FileFetch:
    """Loads inputs for a job, checking each is the one scanned; keeps the last few parsed."""

    KEEP = 4

    def __init__(self, inline: dict[str, bytes]) -> None:
        self.inline = inline
        self.loaded: OrderedDict[str, list[ExportedRun]] = OrderedDict()

    def __call__(self, path: str, ordinal: int, sha: str) -> ExportedRun:
        if path in self.loaded:
            self.loaded.move_to_end(path)
        else:
            data = self.inline[path] if path in self.inline else Path(path).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha:
                raise InputError(path, "", messages.INPUT_CHANGED)
            items = documents(data, path)
            self.loaded[path] = [i for i in items if isinstance(i, ExportedRun)]
            if len(self.loaded) > self.KEEP:
                self.loaded.popitem(last=False)
        return self.loaded[path][ordinal]


@dataclass(frozen=True)
class JobResult:
    written: list[tuple[str, str, str | None]]
    errors: list[InputError]


def write_instance_job(
    job: InstanceJob, settings_: Settings, out_dir: str, inline: dict[str, bytes]
) -> JobResult:
    """Render one instance job and write its files (run in a worker process)."""
    errors: list[InputError] = []
    try:
        pages = render_instance_job(job, settings_, FileFetch(inline), errors)
    except OSError as exc:
        reason = messages.CANNOT_READ.format(reason=exc.strerror)
        return JobResult([], [InputError(job.page, "", reason)])
    except InputError as exc:
        return JobResult([], [exc])
    written: list[tuple[str, str, str | None]] = []
    for report_job in job.reports:
        for fmt in settings_.formats:
            name = f"{report_job.record.stem}.{fmt}"
            if name not in pages:
                continue  # its run could not be rendered: an error, and the old page stays
            write_atomic(Path(out_dir) / name, pages[name])
            written.append((name, report_job.build_key, report_job.record.source))
    if job.page_key is not None:
        for fmt in settings_.formats:
            name = f"{job.page}.{fmt}"
            write_atomic(Path(out_dir) / name, pages[name])
            written.append((name, job.page_key, None))
    return JobResult(written, errors)


class template_errors:
    """Turns a theme's template error into a RunInsightsError naming the theme and place."""

    def __init__(self, theme: str) -> None:
        self.theme = theme

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, jinja2.TemplateError):
            where = (
                f"{exc.name}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
            )
            message = f"theme {self.theme!r}: template error {where} {exc}"
            raise RunInsightsError(" ".join(message.split())) from exc
