"""Instance history: a small record per run, timelines, trends, instance pages and the site index.

An *instance* is identified by its id, driver and name together (:func:`instance_key`): exports
of the same instance agree on all three, so its runs from any number of files, and the earlier
runs inside an instance export, form one history.  A renamed instance starts a new history.

Everything here works on :class:`RunRecord`, a few fields per run, so a site of 100,000 runs
never holds the runs themselves.  Records are made from redacted runs only: they name files and
fill the index.  The pages built from records are in :mod:`generator.view.site_pages`.
Pure: no I/O, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.exports.latest import recency
from generator.exports.model import ExportedRun, Instance, Run
from generator.exports.redact import redact_run
from generator.names import report_stem
from generator.view import rules
from generator.view.values import as_count

REPORTED = -1  # history_index of the run a report is made for


def instance_key(instance: Instance) -> str:
    """The identity of an instance: its id, driver and name (JSON, so it sorts and stores)."""
    identity = None if instance.id is None else str(instance.id)
    return json.dumps([identity, instance.driver, instance.name], ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What the site keeps of one run: enough for the index, histories and trends.

    ``source``/``ordinal``/``history_index`` say where the run is: the ``ordinal``-th export of
    the input file, either its reported run (``history_index == REPORTED``) or one of the earlier
    runs of an instance export.  ``stem`` is the report's file stem (reported runs only): its
    base stem when the record is made, the unique one once the manifest has named the site.
    """

    instance_key: str
    instance_name: str
    driver: str | None
    source: str
    ordinal: int
    history_index: int
    run_id: str | None
    mode: str | None
    status: str | None
    started_at: str | None
    recency: str
    create: int | None
    update: int | None
    open_problems: int | None
    stem: str | None = None

    @property
    def reported(self) -> bool:
        return self.history_index == REPORTED

    @property
    def position(self) -> tuple[str, int, int]:
        """The run's place in the inputs (input order)."""
        return self.source, self.ordinal, self.history_index


def _counts(run: Run) -> tuple[int | None, int | None, int | None]:
    """The Create, Update and Open Problems counts, read as the summary cards read them."""
    return (
        as_count(rules.CREATE_CARD.read(run)),
        as_count(rules.UPDATE_CARD.read(run)),
        as_count(rules.OPEN_PROBLEMS_CARD.read(run)),
    )


def records(exported: ExportedRun, source: str, ordinal: int) -> list[RunRecord]:
    """The records of a site: :func:`run_records` of the run redacted, whatever the pages do,
    since records name files and fill the index and the history pages."""
    return run_records(redact_run(exported), source, ordinal)


def run_records(exported: ExportedRun, source: str, ordinal: int) -> list[RunRecord]:
    """The reported run (or the empty state) and every history run of one loaded export."""
    instance = exported.instance
    common = (instance_key(instance), instance.name, instance.driver, source, ordinal)
    found: list[RunRecord] = []
    runs: list[tuple[int, Run | None]] = [(REPORTED, exported.run)]
    runs += list(enumerate(exported.history))
    for history_index, run in runs:
        if run is None:
            empty = report_stem(instance.name, None)
            found.append(
                RunRecord(*common, REPORTED, None, None, None, None, "", None, None, None, empty)
            )
            continue
        create, update, open_problems = _counts(run)
        stem = report_stem(instance.name, str(run.id)) if history_index == REPORTED else None
        found.append(
            RunRecord(
                *common,
                history_index,
                str(run.id),
                run.mode,
                run.status,
                run.started_at,
                recency(run),
                create,
                update,
                open_problems,
                stem,
            )
        )
    return found


# --- Timelines ---------------------------------------------------------------------------------


def timeline(instance_records: Iterable[RunRecord]) -> list[RunRecord]:
    """An instance's runs, newest first, each run once (a reported copy wins over history)."""
    best: dict[str, RunRecord] = {}
    for record in sorted(instance_records, key=lambda r: (not r.reported, r.position)):
        if record.run_id is not None and record.run_id not in best:
            best[record.run_id] = record
    ordered = sorted(best.values(), key=lambda r: r.position)
    return sorted(ordered, key=lambda r: r.recency, reverse=True)


def previous_runs(
    instance_records: Sequence[RunRecord],
) -> list[tuple[RunRecord, RunRecord | None]]:
    """Each reported record of an instance with the run before it (None: the first run)."""
    runs = timeline(instance_records)
    place = {record.run_id: number for number, record in enumerate(runs)}
    pairs: list[tuple[RunRecord, RunRecord | None]] = []
    for record in sorted(instance_records, key=lambda r: r.position):
        if not record.reported:
            continue
        number = place.get(record.run_id) if record.run_id is not None else None
        earlier = runs[number + 1] if number is not None and number + 1 < len(runs) else None
        pairs.append((record, earlier))
    return pairs
