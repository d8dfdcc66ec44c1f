"""The site's own pages built from run records: run rows, trends, instance pages, the index (pure).

An instance page lists an instance's runs newest first with their trend; the index lists every
instance by its latest run, most urgent first, in pages of ``page_size`` instances.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from generator.view import rules
from generator.view.history import RunRecord, timeline
from generator.view.values import MISSING, count_text

INDEX_PAGE_SIZE: Final = 250
#: Runs an instance page lists and draws, newest first: months of nightly runs fit, and an
#: instance with tens of thousands of runs still gives a page of a few hundred kilobytes.
HISTORY_PAGE_RUNS: Final = 500
TREND_WIDTH: Final = 600
TREND_HEIGHT: Final = 160
TREND_PAD: Final = 8


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


def run_row(record: RunRecord, formats: Sequence[str], report_stem: str | None) -> RunRow:
    status = record.status or MISSING
    return RunRow(
        run_id=record.run_id or MISSING,
        mode_label=rules.mode_label(record.mode or MISSING),
        status=status,
        status_tone=rules.run_status_tone(status),
        started_at=record.started_at or MISSING,
        create=Value(count_text(record.create), rules.CREATE_CARD.tone or ""),
        update=Value(count_text(record.update), rules.UPDATE_CARD.tone or ""),
        open_problems=Value(
            count_text(record.open_problems), rules.open_problems_tone(record.open_problems)
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
        (
            "open-problems",
            rules.OPEN_PROBLEMS_CARD.label,
            rules.OPEN_PROBLEMS_RED,
            [r.open_problems for r in runs],
        ),
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
        series.append(TrendSeries(key, label, tone, points, count_text(values[-1])))
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
    return IndexEntry(
        instance_name=first.instance_name,
        driver=first.driver,
        runs=len(runs),
        history=links(page_stem, formats),
        latest=run_row(latest, formats, latest.stem) if latest else None,
        empty_report=links(empty.stem if empty else None, formats),
        urgency=rules.urgency(
            latest.status if latest else None, latest.open_problems if latest else None
        ),
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


def page_count(instances: int, page_size: int = INDEX_PAGE_SIZE) -> int:
    """How many index pages ``instances`` instances fill."""
    return max(1, math.ceil(instances / page_size))


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
