"""Signals and where to go next: small named functions, each condition beside its advice.

:data:`SIGNALS` is the one list the report asks, in the order the page lists advice (failed
stage first, then pipeline order, then ``preview_ready``); ``docs/rules.md`` shows a table
generated from it, and a test keeps that table fresh.  Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from pydantic import JsonValue

from generator.exports.model import Run, Stage
from generator.frozen import frozen
from generator.view import rules
from generator.view.values import as_count, display


@frozen
class Advice:
    """A signal seen in the run and where to go next. ``tone`` is the urgency."""

    signal: str
    advice: str
    tone: str
    stage: str | None = None


@frozen
class RunFacts:
    """What the signals read: the run and its stages in pipeline order."""

    run: Run
    stages: tuple[Stage, ...]

    def metrics(self, stage: str) -> dict[str, JsonValue] | None:
        """The metrics of the first stage of this name, None when the run has none."""
        for candidate in self.stages:
            if candidate.stage == stage:
                return candidate.metrics_json
        return None

    def count(self, stage: str, key: str) -> int | None:
        return as_count((self.metrics(stage) or {}).get(key))


Check = Callable[[RunFacts], Iterator[Advice]]


@frozen
class Signal:
    """One signal: its name, when it shows (in words, for the docs), its advice, its check."""

    name: str
    when: str
    advice: str
    check: Check


# --- The signals ---------------------------------------------------------------------------------

FAILED_STAGE_ADVICE: Final = {
    rules.VALIDATE_SETUP: "Fix the connection or credentials in Setup, then run again.",
    rules.EXTRACT: "Validate the instance's filters with Extract Preview.",
    rules.CANONICALIZE: "The affected candidates are in Problem Devices.",
}
FAILED_STAGE_FALLBACK: Final = (
    "Open the Logs tab for this run to read the stage's full error_payload."
)


def failed_stage(facts: RunFacts) -> Iterator[Advice]:
    """A stage failed: where to fix it depends on the stage."""
    for stage in facts.stages:
        if stage.status == rules.FAILED:
            text = FAILED_STAGE_ADVICE.get(stage.stage, FAILED_STAGE_FALLBACK)
            yield Advice(f"{stage.stage} failed", text, "red", stage.stage)


TRUNCATED_ADVICE: Final = "Increase the driver's pagination cap, or tighten filters."


def extract_truncated(facts: RunFacts) -> Iterator[Advice]:
    """Extract stopped at the pagination cap: the truncation reason is quoted when recorded."""
    extract = facts.metrics(rules.EXTRACT) or {}
    if extract.get("truncated") is not True:
        return
    summary = extract.get(rules.SUMMARY_KEY)
    reason = summary.get("truncation_reason") if isinstance(summary, dict) else None
    reason = reason if reason is not None else extract.get("truncation_reason")
    why = (
        f" Truncation reason: {display(reason)}."
        if reason is not None
        else " No truncation reason was recorded."
    )
    yield Advice("extract.truncated = true", TRUNCATED_ADVICE + why, "amber", rules.EXTRACT)


INVALID_ADVICE: Final = (
    "Open Problem Devices. The most common causes are a missing hostname, a missing primary IP "
    "or an unresolved Device Profile slug."
)


def canonicalize_invalid(facts: RunFacts) -> Iterator[Advice]:
    if (facts.count(rules.CANONICALIZE, "invalid") or 0) > 0:
        yield Advice("canonicalize.invalid > 0", INVALID_ADVICE, "red", rules.CANONICALIZE)


AMBIGUOUS_ADVICE: Final = (
    "Open Problem Devices: pick the correct target device for each ambiguous candidate, "
    "or tighten the reconciliation policy."
)


def reconcile_ambiguous(facts: RunFacts) -> Iterator[Advice]:
    if (facts.count(rules.RECONCILE, "ambiguous") or 0) > 0:
        yield Advice("reconcile.ambiguous > 0", AMBIGUOUS_ADVICE, "red", rules.RECONCILE)


CONFLICT_ADVICE: Final = (
    "Open Problem Devices, the Conflict group: these block Apply for the affected candidates."
)


def decide_conflict(facts: RunFacts) -> Iterator[Advice]:
    if (facts.count(rules.DECIDE, "conflict") or 0) > 0:
        yield Advice("decide.conflict > 0", CONFLICT_ADVICE, "red", rules.DECIDE)


SKIP_HIGH_ADVICE: Final = (
    "Check the decision reason codes in the summary: "
    + " and ".join(rules.COMMON_SKIP_REASONS)
    + " are common, and both are intentional."
)


def decide_skip_high(facts: RunFacts) -> Iterator[Advice]:
    """Many skips with no conflict and no open problem: usually intentional, worth a look."""
    decide = facts.metrics(rules.DECIDE)
    if decide is None:
        return
    conflict = facts.count(rules.DECIDE, "conflict") or 0
    open_problems = as_count(rules.OPEN_PROBLEMS_CARD.read(facts.run)) or 0
    if conflict > 0 or open_problems > 0:
        return
    decided = sum(as_count(decide.get(key)) or 0 for key in rules.DECISION_KEYS)
    if rules.skip_is_high(facts.count(rules.DECIDE, "skip"), decided):
        yield Advice(
            "decide.skip is high but no problems", SKIP_HIGH_ADVICE, "neutral", rules.DECIDE
        )


APPLY_CREATED_NOTHING_ADVICE: Final = (
    "The Apply stage failed: open Logs for the apply stage's error_payload."
)


def apply_created_nothing(facts: RunFacts) -> Iterator[Advice]:
    """A Full Sync decided to create devices, and apply created none."""
    if facts.run.mode != rules.MODE_APPLY or facts.metrics(rules.APPLY) is None:
        return
    decided = facts.count(rules.DECIDE, "create")
    if decided is None:
        decided = as_count(rules.CREATE_CARD.read(facts.run))
    if facts.count(rules.APPLY, "created") == 0 and (decided or 0) > 0:
        yield Advice(
            "apply.created is 0 after a Full Sync where create > 0 was decided",
            APPLY_CREATED_NOTHING_ADVICE,
            "red",
            rules.APPLY,
        )


PREVIEW_READY_ADVICE: Final = "Review the decisions, then promote the run to Apply (Full Sync)."


def preview_ready(facts: RunFacts) -> Iterator[Advice]:
    if facts.run.status == rules.PREVIEW_READY:
        yield Advice("status = preview_ready", PREVIEW_READY_ADVICE, "sky")


#: The empty state: an instance with no run at all.
EMPTY_STATE: Final = Advice(
    "No run yet",
    "No run has been executed for this instance yet. "
    "Launch a Sync Preview from the instance's action bar.",
    "neutral",
)

SIGNALS: Final = (
    Signal(
        "`<stage> failed`",
        "a stage's status is `failed`",
        "validate_setup: fix in Setup; extract: validate filters with Extract Preview; "
        "canonicalize: the candidates are in Problem Devices; any other stage: the Logs tab for "
        "the full error_payload",
        failed_stage,
    ),
    Signal(
        "`extract.truncated = true`",
        "extract's `truncated` is `true`",
        "raise the pagination cap or tighten filters; the truncation reason (from the stage "
        "summary) is quoted",
        extract_truncated,
    ),
    Signal(
        "`canonicalize.invalid > 0`",
        "canonicalize `invalid` > 0",
        "Problem Devices: missing hostname, missing primary IP, unresolved Device Profile slug",
        canonicalize_invalid,
    ),
    Signal(
        "`reconcile.ambiguous > 0`",
        "reconcile `ambiguous` > 0",
        "Problem Devices: pick the target device or tighten the reconciliation policy",
        reconcile_ambiguous,
    ),
    Signal(
        "`decide.conflict > 0`",
        "decide `conflict` > 0",
        "Problem Devices, Conflict group: these block Apply",
        decide_conflict,
    ),
    Signal(
        "`decide.skip is high but no problems`",
        "see below",
        "check the decision reason codes; "
        + " and ".join(f"`{code}`" for code in rules.COMMON_SKIP_REASONS)
        + " are common and intentional",
        decide_skip_high,
    ),
    Signal(
        "`apply.created is 0 after a Full Sync where create > 0 was decided`",
        "Full Sync, apply `created` = 0, decide `create` > 0 (or the summary's when decide is "
        "absent)",
        "the apply stage failed: its error_payload in Logs",
        apply_created_nothing,
    ),
    Signal(
        "`status = preview_ready`",
        "run status `preview_ready`",
        "review the decisions, then promote to Apply (Full Sync)",
        preview_ready,
    ),
)


def signals(run: Run, stages: tuple[Stage, ...]) -> tuple[Advice, ...]:
    """The signals this run shows and where to go next, most urgent first (stages in order)."""
    facts = RunFacts(run, stages)
    return tuple(advice for signal in SIGNALS for advice in signal.check(facts))


def signals_table() -> list[str]:
    """The signal table of ``docs/rules.md``, generated from :data:`SIGNALS`."""
    lines = ["| Signal | Shown when | Advice |", "|---|---|---|"]
    lines += [f"| {s.name} | {s.when} | {s.advice} |" for s in SIGNALS]
    lines.append(
        f"| `{EMPTY_STATE.signal}` | an instance export with no runs | empty state: launch a "
        "Sync Preview from the instance's action bar |"
    )
    return lines
