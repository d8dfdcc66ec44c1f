"""Stage cards: one pipeline stage's status, metrics grid, summary block and failure (pure)."""

from __future__ import annotations

from dataclasses import field

from pydantic import JsonValue

from generator.exports.model import ErrorPayload, Stage
from generator.frozen import frozen
from generator.view import rules
from generator.view.limits import DEFAULT_LIMITS, Limits
from generator.view.values import display


@frozen
class Entry:
    """One key/value pair of a metrics grid or summary block, value already as display text."""

    key: str
    value: str
    #: How many entries this one stands for when it is the "N more omitted" line (else 0).
    omitted: int = 0
    #: Not for templates: the object or array ``value`` shows as one-line JSON, so that fitting
    #: can shorten it item by item; None once the entry is fitted.
    data: JsonValue = field(default=None, compare=False, repr=False, metadata={"theme": False})


@frozen
class ExceptionView:
    """One exception of an error payload's chain (the outermost first)."""

    exception: str
    message: str
    code: str | None
    location: str | None
    trace: str | None
    extra: tuple[Entry, ...]


@frozen
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
