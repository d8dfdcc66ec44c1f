"""From a loaded run to the view model a theme receives: pure, no I/O, no clock.

The view model is the theme API (``docs/themes.md``): plain frozen dataclasses holding display
strings and the decisions of :mod:`generator.view.rules`.  Templates lay it out and compute
nothing; :func:`generator.view.fit.fit_report` fits it into the size limits.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from generator.exports import redact
from generator.exports.model import ExportedRun, Run
from generator.frozen import frozen
from generator.view import quality, rules
from generator.view.compare import Comparison, RunSnapshot, compare
from generator.view.history import REPORTED, run_records
from generator.view.limits import DEFAULT_LIMITS, Limits, omitted, plural
from generator.view.signals import EMPTY_STATE, Advice, signals
from generator.view.site_pages import NO_LINKS, Links, RunRow, run_row
from generator.view.stages import StageCard, ordered_stages, stage_card
from generator.view.values import as_count, count_text, display


@frozen
class Card:
    """A summary card: ``key`` is the hook name (``data-card``), ``tone`` its colour name."""

    key: str
    label: str
    value: str
    tone: str
    source: str
    note: str | None = None
    #: The tone in a reader's words where it means something (None: a fixed tone).
    meaning: str | None = None


@frozen
class RunMeta:
    """Facts about the run shown in the page header."""

    run_id: str
    mode: str
    mode_label: str
    status: str
    debug: bool | None
    started_at: str | None
    finished_at: str | None


@frozen
class Report:
    """Everything one report page shows. ``run`` is None for the empty state."""

    title: str
    instance_name: str
    instance_id: str | None
    driver: str | None
    rconfig_version: str | None
    exported_at: str | None
    source: str
    run: RunMeta | None
    cards: tuple[Card, ...]
    stages: tuple[StageCard, ...]
    missing_stages: tuple[str, ...]
    advice: tuple[Advice, ...]
    warnings: tuple[str, ...]
    history: tuple[RunRow, ...]
    instance_page: Links | None = None
    index_page: Links | None = None
    changes: Comparison | None = None
    #: Values replaced by the redaction marker; None when redaction was turned off.
    redactions: int | None = 0
    #: Stage cards and history rows left out by the size limits.
    omitted_stages: int = 0
    omitted_history: int = 0

    @property
    def empty(self) -> bool:
        return self.run is None

    @property
    def redaction_state(self) -> str:
        """``off``, or how many values were redacted (the ``data-redactions`` hook)."""
        return "off" if self.redactions is None else str(self.redactions)

    @property
    def redaction_note(self) -> str | None:
        """What redaction did, when there is something to say."""
        if self.redactions is None:
            return rules.REDACTION_OFF_NOTE
        if self.redactions == 0:
            return None
        return rules.REDACTION_NOTE.format(
            count=plural(self.redactions, "value"),
            verb="was" if self.redactions == 1 else "were",
            marker=redact.MARKER,
        )

    @property
    def size_notes(self) -> tuple[str, ...]:
        """What the size limits left out, beyond the in-place "N more omitted" lines."""
        notes = []
        if self.omitted_stages:
            notes.append(omitted(self.omitted_stages, "stage card") + ".")
        for stage in self.stages:
            if stage.omitted_exceptions:
                what = omitted(stage.omitted_exceptions, "chained exception")
                notes.append(f"Stage {stage.name}: {what}.")
        if self.omitted_history:
            notes.append(omitted(self.omitted_history, "earlier run") + ".")
        return tuple(notes)

    @property
    def open_problems(self) -> Card | None:
        key = rules.OPEN_PROBLEMS_CARD.key
        return next((card for card in self.cards if card.key == key), None)


def summary_cards(run: Run) -> tuple[Card, ...]:
    """Status, Create, Update, Open Problems, with their tones (rules.SUMMARY_CARDS)."""
    cards = []
    for rule in rules.SUMMARY_CARDS:
        value = rule.read(run)
        if rule is rules.STATUS_CARD:
            cards.append(Card(rule.key, rule.label, display(value), rule.tone or "", rule.source))
            continue
        number = as_count(value)
        tone = rule.tone or rules.open_problems_tone(number)
        note = rules.open_problems_note(number) if rule is rules.OPEN_PROBLEMS_CARD else None
        meaning = rules.card_tone_meaning(rule, tone)
        cards.append(
            Card(rule.key, rule.label, count_text(number), tone, rule.source, note, meaning)
        )
    return tuple(cards)


def source_label(exported: ExportedRun) -> str:
    """The input file's name (never its folder: reports travel) and the place in it."""
    name = PurePath(exported.source).name or exported.source
    return name if exported.position == "$" else f"{name} ({exported.position})"


def report(
    exported: ExportedRun,
    redaction: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    instance_page: Links | None = None,
    index_page: Links | None = None,
    own_page: Links = NO_LINKS,
    earlier: RunSnapshot | None = None,
) -> Report:
    """The view model of one report page, secrets redacted unless ``redaction`` is False.

    ``instance_page``, ``index_page`` and ``own_page`` (the report's own files) link the report
    into a site; ``earlier`` is the run before this one, whose changes the page shows.  Nested
    values are shown as one-line JSON within ``limits``; every other value is kept whole here,
    and :func:`generator.view.fit.fit_report` applies the rest of the size limits.
    """
    if redaction:
        exported = redact.redact_run(exported)
    instance = exported.instance
    common: dict[str, Any] = {
        "title": f"Run Insights — {instance.name}",
        "instance_name": instance.name,
        "instance_id": None if instance.id is None else str(instance.id),
        "driver": instance.driver,
        "rconfig_version": exported.rconfig_version,
        "exported_at": exported.exported_at,
        "source": source_label(exported),
        "history": tuple(
            run_row(record, (), None)
            for record in run_records(exported, "", 0)
            if record.history_index != REPORTED
        ),
        "redactions": exported.redactions if redaction else None,
        "instance_page": instance_page,
        "index_page": index_page,
    }
    run = exported.run
    if run is None:
        return Report(
            run=None,
            cards=(),
            stages=(),
            missing_stages=(),
            advice=(EMPTY_STATE,),
            warnings=(),
            **common,
        )
    stages = tuple(ordered_stages(exported.stages))
    present = {stage.stage for stage in stages}
    meta = RunMeta(
        run_id=str(run.id),
        mode=run.mode,
        mode_label=rules.mode_label(run.mode),
        status=run.status,
        debug=run.debug,
        started_at=run.started_at,
        finished_at=run.finished_at,
    )
    changes = None
    if earlier is not None:
        changes = compare(earlier, RunSnapshot(instance.name, run, exported.stages, own_page))
    return Report(
        run=meta,
        cards=summary_cards(run),
        stages=tuple(stage_card(stage, limits) for stage in stages),
        missing_stages=tuple(s for s in rules.expected_stages(run.mode) if s not in present),
        advice=signals(run, stages),
        warnings=quality.data_warnings(run, exported.stages),
        changes=changes,
        **common,
    )


def run_snapshot(
    exported: ExportedRun, history_index: int, page: Links = NO_LINKS, redaction: bool = True
) -> RunSnapshot:
    """One run of an export as a comparison reads it: the reported run (``REPORTED``) or the
    ``history_index``-th earlier run, secrets redacted unless ``redaction`` is False."""
    if redaction:
        exported = redact.redact_run(exported)
    if history_index == REPORTED:
        if exported.run is None:
            raise ValueError("an export without a run has no run to compare")
        return RunSnapshot(exported.instance.name, exported.run, exported.stages, page)
    run = exported.history[history_index]
    return RunSnapshot(exported.instance.name, run, tuple(run.stages or ()), page)


def run_snapshots(exported: ExportedRun, redaction: bool = True) -> list[RunSnapshot]:
    """Every run of an export: the reported one, then its earlier runs, newest first."""
    places = [REPORTED] if exported.run is not None else []
    places += range(len(exported.history))
    return [run_snapshot(exported, place, NO_LINKS, redaction) for place in places]
