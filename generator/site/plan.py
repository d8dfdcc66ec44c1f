"""Step 2's plan: which reports and history pages are stale, and the index pages (pure).

An output is fresh when the manifest records it with the key it would be built from now and it
is on disk; a ``--clean`` build treats everything as stale.  The plan also gathers every
instance's index entry, in index order, and renders the index pages.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import UsageError
from generator.frozen import frozen
from generator.render.pages import render_index
from generator.site.jobs import InstanceJob, ReportJob, Settings, digest
from generator.site.manifest import Manifest
from generator.site.nav import NAV_FILE, NavSection, nav_markdown, nav_section, writes_nav
from generator.view.history import RunRecord, previous_runs
from generator.view.site_pages import (
    INDEX_PAGE_SIZE,
    IndexEntry,
    index_entry,
    index_order,
    index_stem,
    page_count,
    site_index,
)

#: Measured on a two-core machine: a build of N one-run inputs took as long with two workers
#: as in one process at about N = 300 (0.6 s to start the pool against about 4 ms a run).
POOL_MINIMUM = 300


@frozen
class SiteOptions:
    """How the site is built: worker processes, full rebuild, share of the work."""

    jobs: int = 1
    clean: bool = False
    shard: tuple[int, int] | None = None
    index_only: bool = False
    #: Instances per index page.
    index_page_size: int = INDEX_PAGE_SIZE
    #: With ``jobs > 1``, the least work (inputs to read, runs to render) worth starting worker
    #: processes for: below it, starting them costs more than they save.
    pool_minimum: int = POOL_MINIMUM

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


def in_shard(instance_key: str, shard: tuple[int, int] | None) -> bool:
    """Whether an instance belongs to shard K of N (by a hash of its identity)."""
    if shard is None:
        return True
    number, total = shard
    value = int.from_bytes(hashlib.sha256(instance_key.encode("utf-8")).digest()[:8], "big")
    return value % total == number - 1


@dataclass
class Plan:
    """The state of step 2: what is up to date, what the index will list."""

    manifest: Manifest
    settings: Settings
    options: SiteOptions
    out_dir: Path | None
    unchanged: int = 0
    entries: list[tuple[tuple[int, str, str], IndexEntry]] = field(default_factory=list)
    nav: list[NavSection] = field(default_factory=list)

    def fresh(self, name: str, build_key: str, recorded: dict[str, str] | None = None) -> bool:
        """Whether ``name`` is on disk as built from ``build_key`` (``recorded``: the keys the
        manifest lists, when the caller looked them up for many names at once)."""
        if self.options.clean or self.out_dir is None:
            return False
        key = self.manifest.output_key(name) if recorded is None else recorded.get(name)
        if key != build_key:
            return False
        return os.path.isfile(os.path.join(self.out_dir, name))

    def instance_jobs(self) -> Iterator[InstanceJob]:
        """Every instance's job, in identity order; up-to-date instances count as unchanged."""
        builds_pages = not self.options.index_only
        for key, page in list(self.manifest.instances()):
            records = self.manifest.instance_records(key)
            if self.options.part in ("all", "index"):
                entry = index_entry(records, page, self.settings.formats)
                self.entries.append((index_order(entry, key), entry))
                if writes_nav(self.settings.formats, self.settings.render_options.md_dialect):
                    self.nav.append(nav_section(records, page))
            if builds_pages and in_shard(key, self.options.shard):
                job = self._instance_job(page, records)
                if job.reports or job.page_key is not None:
                    yield job

    def _instance_job(self, page: str, records: list[RunRecord]) -> InstanceJob:
        """The instance's stale pages; the manifest is asked once per instance (hashes, keys,
        the plan), not once per page: a rebuild plans every page of the site."""
        formats = self.settings.formats
        runs = list(previous_runs(records))
        report_names = [[f"{record.stem}.{fmt}" for fmt in formats] for record, _ in runs]
        page_names = [f"{page}.{fmt}" for fmt in formats]
        every_name = [name for names in report_names for name in names] + page_names
        self.manifest.plan(every_name)
        shas = self.manifest.input_shas({record.source for record in records})
        recorded = {} if self.options.clean else self.manifest.output_keys(every_name)
        reports = []
        for (record, earlier), names in zip(runs, report_names, strict=True):
            assert record.stem is not None
            sha = shas.get(record.source, "")
            earlier_sha = shas.get(earlier.source, "") if earlier else None
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
            if all(self.fresh(name, build_key, recorded) for name in names):
                self.unchanged += len(names)
            else:
                place = self.manifest.place(record.source, record.ordinal)
                before = self.manifest.place(earlier.source, earlier.ordinal) if earlier else None
                reports.append(
                    ReportJob(record, sha, earlier, earlier_sha, build_key, place, before)
                )
        page_key: str | None = digest(self.settings.key, "instance", page, *map(repr, records))
        if all(self.fresh(name, page_key or "", recorded) for name in page_names):
            self.unchanged += len(page_names)
            page_key = None
        return InstanceJob(page, tuple(records), tuple(reports), page_key)

    def index_pages(self) -> dict[str, str]:
        """The index pages, by file name, and the navigation file of an MkDocs site."""
        self.entries.sort(key=lambda pair: pair[0])
        entries = [entry for _, entry in self.entries]
        total = len(entries)
        size = self.options.index_page_size
        pages = page_count(total, size)
        runs = sum(entry.runs for entry in entries)
        outputs: dict[str, str] = {}
        for number in range(1, pages + 1):
            chunk = entries[(number - 1) * size : number * size]
            model = site_index(chunk, number, pages, (total, runs), self.settings.formats)
            for fmt in self.settings.formats:
                name = f"{index_stem(number)}.{fmt}"
                outputs[name] = render_index(model, fmt, self.settings.render_options)
        if writes_nav(self.settings.formats, self.settings.render_options.md_dialect):
            outputs[NAV_FILE] = nav_markdown(self.nav, pages)
        return outputs
