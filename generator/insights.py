"""From a loaded run to the view model a theme receives: pure, no I/O, no clock.

The view model is the theme API (``docs/themes.md``): plain frozen dataclasses holding display
strings and the decisions of :mod:`generator.rules`.  Templates lay it out and compute nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from pydantic import JsonValue

from generator import quality, redact, rules
from generator.history import Links
from generator.limits import DEFAULT_LIMITS, Limits, omitted, one_line_json, plural
from generator.load import ExportedRun
from generator.model import ErrorPayload, Run, Stage

if TYPE_CHECKING:
    from generator.diff import Comparison

MISSING = "—"


@dataclass(frozen=True)
class Entry:
    """One key/value pair of a metrics grid or summary block, value already as display text."""

    key: str
    value: str
    #: How many entries this one stands for when it is the "N more omitted" line (else 0).
    omitted: int = 0
    #: The object or array ``value`` shows as one-line JSON (None for other values): size
    #: limits shorten it item by item rather than cutting the line.
    data: JsonValue = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Card:
    """A summary card: ``key`` is the hook name (``data-card``), ``tone`` its colour name."""

    key: str
    label: str
    value: str
    tone: str
    source: str
    note: str | None = None


@dataclass(frozen=True)
class ExceptionView:
    """One exception of an error payload's chain (the outermost first)."""

    exception: str
    message: str
    code: str | None
    location: str | None
    trace: str | None
    extra: tuple[Entry, ...]


@dataclass(frozen=True)
class StageCard:
    """One pipeline stage: status, tone, metrics grid, summary block and failure details."""

    name: str
    status: str
    tone: str
    known: bool
    attempt: str | None
    started_at: str | None
    finished_at: str | None
    metrics: tuple[Entry, ...]
    summary: tuple[Entry, ...]
    error_summary: str | None
    error_chain: tuple[ExceptionView, ...]
    #: Exceptions of the chain left out by the size limits.
    omitted_exceptions: int = 0


@dataclass(frozen=True)
class HistoryRow:
    """An earlier run of the same instance."""

    run_id: str
    mode: str
    status: str
    started_at: str
    create: str
    update: str
    open_problems: str
    open_problems_tone: str


@dataclass(frozen=True)
class RunMeta:
    """Facts about the run shown in the page header."""

    run_id: str
    mode: str
    mode_label: str
    status: str
    debug: bool | None
    started_at: str | None
    finished_at: str | None


@dataclass(frozen=True)
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
    advice: tuple[rules.Advice, ...]
    warnings: tuple[str, ...]
    history: tuple[HistoryRow, ...]
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
        return next((card for card in self.cards if card.key == "open-problems"), None)


def display(value: JsonValue | Any, limits: Limits = DEFAULT_LIMITS) -> str:
    """A value as the page shows it: scalars as JSON-ish text, objects as one-line JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return one_line_json(value, limits)


def count(value: Any) -> int | None:
    """An integer count, or None when the value is missing or not an integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _count_text(value: int | None) -> str:
    return MISSING if value is None else str(value)


def summary_cards(run: Run) -> tuple[Card, ...]:
    """Status, Create, Update, Open Problems, with their tones (rules.SUMMARY_CARDS)."""
    decisions = run.summary_json.decisions
    problems = run.summary_json.problems
    create = decisions.create if decisions else None
    update = decisions.update if decisions else None
    open_problems = problems.open if problems else None
    values = (run.status, _count_text(create), _count_text(update), _count_text(open_problems))
    cards = []
    for rule, value in zip(rules.SUMMARY_CARDS, values, strict=True):
        tone = rule.tone or rules.open_problems_tone(open_problems)
        cards.append(Card(rule.key, rule.label, value, tone, rule.source))
    cards[-1] = replace(cards[-1], note=rules.open_problems_note(open_problems))
    return tuple(cards)


def _entries(mapping: dict[str, JsonValue], limits: Limits) -> tuple[Entry, ...]:
    return tuple(
        Entry(key, display(value, limits), data=value if isinstance(value, dict | list) else None)
        for key, value in mapping.items()
    )


def _exception_chain(payload: ErrorPayload | None, limits: Limits) -> tuple[ExceptionView, ...]:
    if payload is None:
        return ()
    chain: list[ExceptionView] = []
    pending = [payload]
    while pending:
        current = pending.pop(0)
        trace = current.trace
        if isinstance(trace, list):
            trace = "\n".join(display(line, limits) for line in trace)
        location = None
        if current.file:
            location = current.file if current.line is None else f"{current.file}:{current.line}"
        extra = _entries(dict(current.model_extra or {}), limits)
        chain.append(
            ExceptionView(
                exception=current.exception or "Exception",
                message=current.message or "",
                code=None if current.code is None else str(current.code),
                location=location,
                trace=trace or None,
                extra=extra,
            )
        )
        pending = list(current.previous) + pending
    return tuple(chain)


def stage_card(stage: Stage, limits: Limits = DEFAULT_LIMITS) -> StageCard:
    metrics = dict(stage.metrics_json)
    summary = metrics.pop(rules.SUMMARY_KEY, None)
    error_summary = metrics.pop(rules.ERROR_SUMMARY_KEY, None)
    if isinstance(summary, dict):
        summary_entries = _entries(summary, limits)
    elif summary is None:
        summary_entries = ()
    else:
        summary_entries = (Entry(rules.SUMMARY_KEY, display(summary, limits)),)
    return StageCard(
        name=stage.stage,
        status=stage.status,
        tone=rules.stage_tone(stage.status),
        known=stage.stage in rules.PIPELINE,
        attempt=None if stage.attempt is None else str(stage.attempt),
        started_at=stage.started_at,
        finished_at=stage.finished_at,
        metrics=_entries(metrics, limits),
        summary=summary_entries,
        error_summary=None if error_summary is None else display(error_summary, limits),
        error_chain=_exception_chain(stage.error_payload, limits),
    )


def ordered_stages(stages: tuple[Stage, ...]) -> list[Stage]:
    """Pipeline order, never file order; unknown stages after, in the order the file gives."""
    return sorted(stages, key=lambda stage: rules.pipeline_position(stage.stage))


def _metrics(stages: list[Stage], name: str) -> dict[str, JsonValue] | None:
    for stage in stages:
        if stage.stage == name:
            return stage.metrics_json
    return None


def signals(run: Run, stages: list[Stage]) -> tuple[rules.Advice, ...]:
    """The signals this run shows and where to go next, most urgent first."""
    advice: list[rules.Advice] = []
    for stage in stages:
        if stage.status == "failed":
            advice.append(rules.failed_stage_advice(stage.stage))
    extract = _metrics(stages, "extract") or {}
    if extract.get("truncated") is True:
        summary = extract.get(rules.SUMMARY_KEY)
        reason = summary.get("truncation_reason") if isinstance(summary, dict) else None
        reason = reason if reason is not None else extract.get("truncation_reason")
        advice.append(rules.truncated_advice(None if reason is None else display(reason)))
    canonicalize = _metrics(stages, "canonicalize") or {}
    if (count(canonicalize.get("invalid")) or 0) > 0:
        advice.append(rules.INVALID_ADVICE)
    reconcile = _metrics(stages, "reconcile") or {}
    if (count(reconcile.get("ambiguous")) or 0) > 0:
        advice.append(rules.AMBIGUOUS_ADVICE)
    decide = _metrics(stages, "decide")
    decisions = run.summary_json.decisions
    if decide is not None:
        conflict = count(decide.get("conflict")) or 0
        if conflict > 0:
            advice.append(rules.CONFLICT_ADVICE)
        decided = [count(decide.get(key)) or 0 for key in ("create", "update", "skip", "conflict")]
        problems = run.summary_json.problems
        no_problems = conflict == 0 and not (problems and (problems.open or 0) > 0)
        if no_problems and rules.skip_is_high(count(decide.get("skip")), sum(decided)):
            advice.append(rules.SKIP_HIGH_ADVICE)
    decided_create = count((decide or {}).get("create"))
    if decided_create is None and decisions is not None:
        decided_create = decisions.create
    apply = _metrics(stages, rules.APPLY_ONLY_STAGE)
    if (
        run.mode == rules.MODE_APPLY
        and apply is not None
        and count(apply.get("created")) == 0
        and (decided_create or 0) > 0
    ):
        advice.append(rules.APPLY_CREATED_NOTHING_ADVICE)
    if run.status == "preview_ready":
        advice.append(rules.PREVIEW_READY_ADVICE)
    return tuple(advice)


def history_row(run: Run) -> HistoryRow:
    cards = {card.key: card for card in summary_cards(run)}
    return HistoryRow(
        run_id=str(run.id),
        mode=rules.mode_label(run.mode),
        status=run.status,
        started_at=run.started_at or MISSING,
        create=cards["create"].value,
        update=cards["update"].value,
        open_problems=cards["open-problems"].value,
        open_problems_tone=cards["open-problems"].tone,
    )


def source_label(exported: ExportedRun) -> str:
    """The input file's name (never its folder: reports travel) and the place in it."""
    name = PurePath(exported.source).name or exported.source
    return name if exported.position == "$" else f"{name} ({exported.position})"


def report(
    exported: ExportedRun, redaction: bool = True, limits: Limits = DEFAULT_LIMITS
) -> Report:
    """The view model of one report page, secrets redacted unless ``redaction`` is False.

    Nested values are shown as one-line JSON within ``limits``; every other value is kept
    whole here, and :func:`generator.fit.fit_report` applies the rest of the size limits.
    """
    redactions: int | None = None
    if redaction:
        exported = redact.redact_run(exported)
        redactions = exported.redactions
    instance = exported.instance
    common: dict[str, Any] = {
        "title": f"Run Insights — {instance.name}",
        "instance_name": instance.name,
        "instance_id": None if instance.id is None else str(instance.id),
        "driver": instance.driver,
        "rconfig_version": exported.rconfig_version,
        "exported_at": exported.exported_at,
        "source": source_label(exported),
        "history": tuple(history_row(run) for run in exported.history),
        "redactions": redactions,
    }
    run = exported.run
    if run is None:
        return Report(
            run=None,
            cards=(),
            stages=(),
            missing_stages=(),
            advice=(rules.EMPTY_STATE,),
            warnings=(),
            **common,
        )
    stages = ordered_stages(exported.stages)
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
    return Report(
        run=meta,
        cards=summary_cards(run),
        stages=tuple(stage_card(stage, limits) for stage in stages),
        missing_stages=tuple(s for s in rules.expected_stages(run.mode) if s not in present),
        advice=signals(run, stages),
        warnings=quality.data_warnings(run, exported.stages),
        **common,
    )
