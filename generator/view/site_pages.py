"""The site's own pages built from run records: run rows, trends, instance pages, the index (pure).

An instance page lists an instance's runs newest first with their trend; the index lists every
instance by its latest run, most urgent first, in pages of ``page_size`` instances.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from generator.frozen import frozen
from generator.view import rules
from generator.view.history import RunRecord, timeline
from generator.view.trends import Trend, trend
from generator.view.values import MISSING, count_text

INDEX_PAGE_SIZE: Final = 250
#: Runs an instance page lists and draws, newest first: months of nightly runs fit, and an
#: instance with tens of thousands of runs still gives a page of a few hundred kilobytes.
HISTORY_PAGE_RUNS: Final = 500


@frozen
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


@frozen
class Value:
    """A card value as a list shows it: text and tone."""

    text: str
    tone: str


@frozen
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


@frozen
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


@frozen
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


@frozen
class PageLink:
    number: int
    links: Links
    current: bool


@frozen
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
