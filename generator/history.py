"""Instance history: a small record per run, timelines, trends, instance pages and the site index.

An *instance* is identified by its id, driver and name together (:func:`instance_key`): exports
of the same instance agree on all three, so its runs from any number of files, and the earlier
runs inside an instance export, form one history.  A renamed instance starts a new history.

Everything here works on :class:`RunRecord`, a few fields per run, so a site of 100,000 runs
never holds the runs themselves.  Pure: no I/O, no clock.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from generator import rules
from generator.load import ExportedRun
from generator.model import Instance, Run

MISSING = "—"
INDEX_PAGE_SIZE = 250
#: Runs an instance page lists and draws, newest first: months of nightly runs fit, and an
#: instance with tens of thousands of runs still gives a page of a few hundred kilobytes.
HISTORY_PAGE_RUNS = 500
TREND_WIDTH = 600
TREND_HEIGHT = 160
TREND_PAD = 8
REPORTED = -1  # history_index of the run a report is made for


def instance_key(instance: Instance) -> str:
    """The identity of an instance: its id, driver and name (JSON, so it sorts and stores)."""
    identity = None if instance.id is None else str(instance.id)
    return json.dumps([identity, instance.driver, instance.name], ensure_ascii=False)


def recency(run: Run) -> str:
    """A sortable text: start time, then numeric id; the most recent run sorts last."""
    started = ""
    if run.started_at:
        try:
            parsed = datetime.fromisoformat(run.started_at.replace("Z", "+00:00"))
            started = parsed.isoformat()
        except ValueError:
            started = run.started_at
    run_id = str(run.id)
    number = int(run_id) + 1 if run_id.isascii() and run_id.isdigit() and len(run_id) < 19 else 0
    return f"{started}\x00{number:019d}\x00{run_id}"


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What the site keeps of one run: enough for the index, histories and trends.

    ``source``/``ordinal``/``history_index`` say where the run is: the ``ordinal``-th export of
    the input file, either its reported run (``history_index == REPORTED``) or one of the earlier
    runs of an instance export.  ``stem`` is the report's file stem (reported runs only).
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
    decisions = run.summary_json.decisions
    problems = run.summary_json.problems
    return (
        decisions.create if decisions else None,
        decisions.update if decisions else None,
        problems.open if problems else None,
    )


def _ints(*values: object) -> tuple[int | None, ...]:
    return tuple(v if isinstance(v, int) and not isinstance(v, bool) else None for v in values)


def records(exported: ExportedRun, source: str, ordinal: int) -> list[RunRecord]:
    """The reported run (or the empty state) and every history run of one loaded export."""
    instance = exported.instance
    common = (instance_key(instance), instance.name, instance.driver, source, ordinal)
    found: list[RunRecord] = []
    runs: list[tuple[int, Run | None]] = [(REPORTED, exported.run)]
    runs += list(enumerate(exported.history))
    for history_index, run in runs:
        if run is None:
            found.append(RunRecord(*common, REPORTED, None, None, None, None, "", None, None, None))
            continue
        create, update, open_problems = _ints(*_counts(run))
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


# --- View models -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """A page's links in the format being rendered (relative hrefs; None: not built)."""

    html: str | None
    md: str | None


NO_LINKS = Links(None, None)


def links(stem: str | None, formats: Sequence[str]) -> Links:
    """The hrefs of page ``stem`` in each built format."""
    if stem is None:
        return NO_LINKS
    return Links(
        f"{stem}.html" if "html" in formats else None, f"{stem}.md" if "md" in formats else None
    )


@dataclass(frozen=True)
class Value:
    """A card value as a list shows it: text and tone."""

    text: str
    tone: str


@dataclass(frozen=True)
class RunRow:
    """One run in an instance history or in the index."""

    run_id: str
    mode_label: str
    status: str
    status_tone: str
    started_at: str
    create: Value
    update: Value
    open_problems: Value
    report: Links


def _count(value: int | None) -> str:
    return MISSING if value is None else str(value)


def run_row(record: RunRecord, formats: Sequence[str], report_stem: str | None) -> RunRow:
    status = record.status or MISSING
    return RunRow(
        run_id=record.run_id or MISSING,
        mode_label=rules.mode_label(record.mode or MISSING),
        status=status,
        status_tone=rules.run_status_tone(status),
        started_at=record.started_at or MISSING,
        create=Value(_count(record.create), rules.CREATE_CARD.tone or ""),
        update=Value(_count(record.update), rules.UPDATE_CARD.tone or ""),
        open_problems=Value(
            _count(record.open_problems), rules.open_problems_tone(record.open_problems)
        ),
        report=links(report_stem, formats),
    )


@dataclass(frozen=True)
class TrendSeries:
    """One line of the trend chart: SVG polyline points in chart coordinates."""

    key: str
    label: str
    tone: str
    points: str
    latest: str


@dataclass(frozen=True)
class Trend:
    """Create, Update and Open Problems over an instance's runs, oldest on the left."""

    width: int
    height: int
    maximum: int
    runs: int
    first_run: str
    last_run: str
    series: tuple[TrendSeries, ...]
    description: str


def trend(runs_newest_first: Sequence[RunRecord]) -> Trend | None:
    """The trend of an instance's runs; None when fewer than two runs have counts."""
    runs = list(reversed(runs_newest_first))
    if len(runs) < 2:
        return None
    columns = (
        ("create", rules.CREATE_CARD.label, rules.CREATE_CARD.tone or "", [r.create for r in runs]),
        ("update", rules.UPDATE_CARD.label, rules.UPDATE_CARD.tone or "", [r.update for r in runs]),
        ("open-problems", rules.OPEN_PROBLEMS_CARD.label, "red", [r.open_problems for r in runs]),
    )
    known = [v for *_, values in columns for v in values if v is not None]
    if not known:
        return None
    maximum = max(1, max(known))
    step = (TREND_WIDTH - 2 * TREND_PAD) / (len(runs) - 1)
    scale = (TREND_HEIGHT - 2 * TREND_PAD) / maximum

    def point(index: int, value: int) -> str:
        x = TREND_PAD + index * step
        y = TREND_HEIGHT - TREND_PAD - value * scale
        return f"{_coordinate(x)},{_coordinate(y)}"

    series = []
    for key, label, tone, values in columns:
        points = " ".join(point(i, v) for i, v in enumerate(values) if v is not None)
        series.append(TrendSeries(key, label, tone, points, _count(values[-1])))
    described = "; ".join(f"{s.label} {s.latest} in the latest run" for s in series)
    return Trend(
        width=TREND_WIDTH,
        height=TREND_HEIGHT,
        maximum=maximum,
        runs=len(runs),
        first_run=runs[0].run_id or MISSING,
        last_run=runs[-1].run_id or MISSING,
        series=tuple(series),
        description=f"{len(runs)} runs from #{runs[0].run_id} to #{runs[-1].run_id}: {described}.",
    )


def _coordinate(value: float) -> str:
    rounded = math.floor(value * 10 + 0.5) / 10
    return f"{rounded:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class InstancePage:
    """One instance: its runs newest first, their trend, links to their reports."""

    title: str
    instance_name: str
    driver: str | None
    runs: tuple[RunRow, ...]
    trend: Trend | None
    index: Links
    total_runs: int
    omitted_runs: int


def instance_page(
    instance_records: Sequence[RunRecord], formats: Sequence[str], index_stem: str
) -> InstancePage:
    """The view model of an instance's history page."""
    runs = timeline(instance_records)
    shown = runs[:HISTORY_PAGE_RUNS]
    first = min(instance_records, key=lambda r: r.position)
    return InstancePage(
        title=f"Run history — {first.instance_name}",
        instance_name=first.instance_name,
        driver=first.driver,
        runs=tuple(run_row(r, formats, r.stem) for r in shown),
        trend=trend(shown),
        index=links(index_stem, formats),
        total_runs=len(runs),
        omitted_runs=len(runs) - len(shown),
    )


@dataclass(frozen=True)
class IndexEntry:
    """One instance in the index: its latest run (None: no run yet)."""

    instance_name: str
    driver: str | None
    runs: int
    history: Links
    latest: RunRow | None
    empty_report: Links
    urgency: int


def index_entry(
    instance_records: Sequence[RunRecord], page_stem: str, formats: Sequence[str]
) -> IndexEntry:
    """An instance's line in the index: most urgent first, by its latest run."""
    runs = timeline(instance_records)
    first = min(instance_records, key=lambda r: r.position)
    latest = runs[0] if runs else None
    empty = next((r for r in instance_records if r.run_id is None), None)
    open_tone = rules.open_problems_tone(latest.open_problems) if latest else None
    return IndexEntry(
        instance_name=first.instance_name,
        driver=first.driver,
        runs=len(runs),
        history=links(page_stem, formats),
        latest=run_row(latest, formats, latest.stem) if latest else None,
        empty_report=links(empty.stem if empty else None, formats),
        urgency=rules.urgency(latest.status if latest else None, open_tone),
    )


def index_order(entry: IndexEntry, key: str) -> tuple[int, str, str]:
    """Failed first, then open problems, then the rest; by instance name, then identity."""
    return entry.urgency, entry.instance_name.casefold(), key


@dataclass(frozen=True)
class PageLink:
    number: int
    links: Links
    current: bool


@dataclass(frozen=True)
class SiteIndex:
    """One page of the index: every instance with its latest run, most urgent first."""

    title: str
    instances: int
    runs: int
    entries: tuple[IndexEntry, ...]
    page: int
    pages: tuple[PageLink, ...]
    previous: Links | None
    next: Links | None


def index_stem(page: int) -> str:
    """``index`` for the first page, ``index-2``, ``index-3``... for the next ones."""
    return "index" if page == 1 else f"index-{page}"


def page_count(instances: int) -> int:
    return max(1, math.ceil(instances / INDEX_PAGE_SIZE))


def site_index(
    entries: Sequence[IndexEntry],
    page: int,
    pages: int,
    totals: tuple[int, int],
    formats: Sequence[str],
) -> SiteIndex:
    """Index page ``page`` of ``pages``, holding ``entries`` (already in index order)."""
    instances, runs = totals
    return SiteIndex(
        title="Run Insights",
        instances=instances,
        runs=runs,
        entries=tuple(entries),
        page=page,
        pages=tuple(
            PageLink(n, links(index_stem(n), formats), n == page) for n in range(1, pages + 1)
        )
        if pages > 1
        else (),
        previous=links(index_stem(page - 1), formats) if page > 1 else None,
        next=links(index_stem(page + 1), formats) if page < pages else None,
    )
