"""``run-insights report INPUT``: one run's page, for a ticket, a pipeline log or a CI summary.

The page is the one ``build`` writes for that run, less the links into a site (there is no
index or history page beside it): the same rules, redaction, limits, themes and dialects.
The run is the most recent run of the input (:mod:`generator.exports.latest`) or the one named
with ``--run``; "what changed since the run before" is shown when the input holds the run
before it.  Nothing but the page is written: no index, manifest or worker pool.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from generator.errors import InputError, UsageError
from generator.exports.load import STDIN, load
from generator.exports.model import ExportedRun
from generator.frozen import frozen
from generator.render.pages import DEFAULT_OPTIONS, RenderOptions, check_options, render_report
from generator.view import gate
from generator.view.compare import RunSnapshot
from generator.view.history import RunRecord, previous_runs, run_records
from generator.view.report import Report, report, run_snapshot


@frozen
class SingleReport:
    """The chosen run's report, the conditions it matched, and the inputs that did not load."""

    report: Report
    exported: ExportedRun
    failed_on: tuple[str, ...]
    errors: tuple[InputError, ...]


def single_report(
    source: str,
    options: RenderOptions = DEFAULT_OPTIONS,
    run_id: str | None = None,
    fail_on: Iterable[str] = (),
    stdin: BinaryIO | None = None,
) -> SingleReport:
    """The report of one run of ``source`` (a file, a folder, or ``-`` with ``stdin``).

    Inputs that do not load are returned in ``errors`` while the rest still report; when no
    run loads at all, the first error is raised.
    """
    check_options(options, ("report",))
    fail_on = gate.conditions(fail_on)
    loaded = load([source], stdin if source == STDIN else None, options.redact)
    if not loaded.runs:
        if loaded.errors:
            raise loaded.errors[0]
        raise UsageError(f"{source}: no export found")
    records = [
        record
        for ordinal, exported in enumerate(loaded.runs)
        for record in run_records(exported, "", ordinal)
    ]
    chosen = _chosen(records, run_id, source)
    exported = loaded.runs[chosen.ordinal]
    page = report(
        exported, options.redact, options.limits, earlier=_earlier(chosen, records, loaded.runs)
    )
    return SingleReport(page, exported, gate.matched(exported, fail_on), tuple(loaded.errors))


def render(single: SingleReport, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The page as HTML or Markdown text."""
    return render_report(single.report, fmt, options)


def _chosen(records: list[RunRecord], run_id: str | None, source: str) -> RunRecord:
    reported = [record for record in records if record.reported]
    with_runs = [record for record in reported if record.run_id is not None]
    if run_id is None:
        if not with_runs:
            return reported[0]  # an instance export with no runs: its empty state
        return max(with_runs, key=lambda record: record.recency)
    for record in with_runs:
        if record.run_id == run_id:
            return record
    earlier = any(record.run_id == run_id for record in records)
    listed = ", ".join(f"#{record.run_id}" for record in with_runs) or "none"
    reason = (
        f"run #{run_id} is an earlier run inside an instance export, shown on its history; "
        if earlier
        else f"no run #{run_id}; "
    )
    raise InputError(source, "", f"{reason}runs with a report: {listed}")


def _earlier(
    chosen: RunRecord, records: list[RunRecord], runs: list[ExportedRun]
) -> RunSnapshot | None:
    if chosen.run_id is None:
        return None
    instance = [record for record in records if record.instance_key == chosen.instance_key]
    for record, before in previous_runs(instance):
        if record.position == chosen.position and before is not None:
            return run_snapshot(runs[before.ordinal], before.history_index, redaction=False)
    return None
