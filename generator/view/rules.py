"""The page's facts in one place: card labels and tones, pipeline order, stage tones, signals.

Everything a Run Insights report decides (which label, which tone, which status) is decided
here, from the rConfig V2 "Run Insights Tab" reference; the signals and their advice are in
:mod:`generator.view.signals`.  Templates only lay the result out.  Thresholds the reference
leaves open are defined here and documented in ``docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from typing import Final

from pydantic import JsonValue

from generator.exports.model import Decisions, Run
from generator.frozen import frozen

# --- Statuses and stages -------------------------------------------------------------------------

QUEUED: Final = "queued"
RUNNING: Final = "running"
PREVIEW_READY: Final = "preview_ready"
COMPLETED: Final = "completed"
FAILED: Final = "failed"
#: The statuses rConfig gives a run (an open set: others are shown as they are).
RUN_STATUSES: Final = (QUEUED, RUNNING, PREVIEW_READY, COMPLETED, FAILED)
#: A run in one of these statuses ended well; a failed stage in it contradicts it.
GOOD_END_STATUSES: Final = (COMPLETED, PREVIEW_READY)

VALIDATE_SETUP: Final = "validate_setup"
EXTRACT: Final = "extract"
CANONICALIZE: Final = "canonicalize"
RECONCILE: Final = "reconcile"
DECIDE: Final = "decide"
APPLY: Final = "apply"

# --- Summary cards -----------------------------------------------------------------------------


@frozen
class CardRule:
    """One summary card: its hook name, label, fixed tone (None: depends on value), the path of
    its value in the export, and how that value is read from a run."""

    key: str
    label: str
    tone: str | None
    source: str
    read: Callable[[Run], JsonValue] = field(compare=False, repr=False)

    @property
    def tone_text(self) -> str:
        """The tone as the docs write it: ``Sky``, ``Red when > 0, otherwise teal``."""
        tone = self.tone or OPEN_PROBLEMS_TONE_TEXT
        return tone[0].upper() + tone[1:]


def _decisions(run: Run) -> Decisions:
    return run.summary_json.decisions or Decisions()


def _open_problems(run: Run) -> JsonValue:
    problems = run.summary_json.problems
    return None if problems is None else problems.open


STATUS_CARD: Final = CardRule("status", "Status", "sky", "run.status", lambda run: run.status)
CREATE_CARD: Final = CardRule(
    "create", "Create", "violet", "summary.decisions.create", lambda run: _decisions(run).create
)
UPDATE_CARD: Final = CardRule(
    "update", "Update", "indigo", "summary.decisions.update", lambda run: _decisions(run).update
)
OPEN_PROBLEMS_CARD: Final = CardRule(
    "open-problems", "Open Problems", None, "summary.problems.open", _open_problems
)
SUMMARY_CARDS: Final = (STATUS_CARD, CREATE_CARD, UPDATE_CARD, OPEN_PROBLEMS_CARD)

OPEN_PROBLEMS_RED: Final = "red"
OPEN_PROBLEMS_TEAL: Final = "teal"
OPEN_PROBLEMS_TONE_TEXT: Final = f"{OPEN_PROBLEMS_RED} when > 0, otherwise {OPEN_PROBLEMS_TEAL}"


def open_problems_tone(open_problems: int | None) -> str:
    """Red when any problem is open, otherwise teal (also when the count is unknown)."""
    if open_problems is not None and open_problems > 0:
        return OPEN_PROBLEMS_RED
    return OPEN_PROBLEMS_TEAL


def open_problems_note(open_problems: int | None) -> str:
    """The Open Problems card's words, so its meaning never rests on colour alone."""
    if open_problems is None:
        return "not reported"
    if open_problems < 0:
        return "not a valid count"
    return "needs review in Problem Devices" if open_problems > 0 else "nothing open"


def urgency(status: str | None, open_problems: int | None) -> int:
    """Index order: failed runs first, then runs with open problems, then the rest."""
    if status == FAILED:
        return 0
    return 1 if open_problems_tone(open_problems) == OPEN_PROBLEMS_RED else 2


# --- Pipeline ----------------------------------------------------------------------------------

PIPELINE: Final = (VALIDATE_SETUP, EXTRACT, CANONICALIZE, RECONCILE, DECIDE, APPLY)
PREVIEW_STAGES: Final = PIPELINE[:-1]
APPLY_ONLY_STAGE: Final = APPLY

MODE_PREVIEW: Final = "preview"
MODE_APPLY: Final = "apply"
MODE_LABELS: Final = {MODE_PREVIEW: "Sync Preview", MODE_APPLY: "Full Sync"}


def mode_label(mode: str) -> str:
    """Sync Preview or Full Sync; an unknown mode is shown as it is."""
    return MODE_LABELS.get(mode, mode)


def expected_stages(mode: str) -> tuple[str, ...]:
    """The stages a run of this mode goes through: apply only for a Full Sync."""
    return PIPELINE if mode == MODE_APPLY else PREVIEW_STAGES


def pipeline_position(stage: str) -> int:
    """Sort key: pipeline stages in pipeline order, unknown stages after them."""
    return PIPELINE.index(stage) if stage in PIPELINE else len(PIPELINE)


STAGE_TONES: Final = {COMPLETED: "sky", RUNNING: "amber", FAILED: "red"}
NEUTRAL_TONE: Final = "neutral"


def stage_tone(status: str) -> str:
    """Completed sky, running amber, failed red; anything else neutral (never dropped)."""
    return STAGE_TONES.get(status, NEUTRAL_TONE)


def run_status_tone(status: str) -> str:
    """A run status as a badge in lists (the Status card itself is always sky)."""
    return {FAILED: "red", RUNNING: "amber", QUEUED: NEUTRAL_TONE}.get(status, "sky")


# --- Tones in words ----------------------------------------------------------------------------

#: What a tone tells a reader, in words, where the tone carries meaning: where it follows the
#: facts (Open Problems, a stage's status).  A fixed tone (Status is always sky, Create violet,
#: Update indigo; a completed stage sky) says nothing and gets no words.
TONE_MEANINGS: Final = {
    OPEN_PROBLEMS_RED: "needs attention",
    OPEN_PROBLEMS_TEAL: "clear",
    STAGE_TONES[RUNNING]: "still running",
    NEUTRAL_TONE: "status not recognised",
}


def stage_meaning(status: str) -> str | None:
    """A stage's status in words, where the status word alone does not say enough: a failed
    stage needs attention, a status rConfig never gives is not recognised; None otherwise."""
    if status == FAILED:
        return TONE_MEANINGS[OPEN_PROBLEMS_RED]
    return None if status in RUN_STATUSES else TONE_MEANINGS[NEUTRAL_TONE]


def card_tone_meaning(rule: CardRule, tone: str) -> str | None:
    """A summary card's tone in words, or None when the card's tone never changes."""
    return None if rule.tone is not None else TONE_MEANINGS.get(tone)


#: Metrics keys with a place of their own on a stage card, not in the metrics grid.
SUMMARY_KEY: Final = "summary"
ERROR_SUMMARY_KEY: Final = "error_summary"
STRUCTURAL_KEYS: Final = frozenset({SUMMARY_KEY, ERROR_SUMMARY_KEY})


def metric_keys(metrics: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """A stage's metrics grid: every key of ``metrics_json`` but the structural ones."""
    return {key: value for key, value in metrics.items() if key not in STRUCTURAL_KEYS}


#: Typical metric keys per stage (descriptive, not exhaustive).
TYPICAL_KEYS: Final = {
    VALIDATE_SETUP: ("connection", "credentials"),
    EXTRACT: (
        "processed",
        "missing_policy_actions",
        "pagination_type",
        "page_count",
        "items_extracted",
        "truncated",
        "memory_usage_mb",
    ),
    CANONICALIZE: ("processed", "valid", "invalid", "validation_errors"),
    RECONCILE: ("strong", "medium", "ambiguous", "none"),
    DECIDE: ("create", "update", "skip", "conflict", "top_decision_reason_codes"),
    APPLY: ("created", "updated", "skipped", "links_refreshed", "backups_scheduled"),
}

# --- Signals ----------------------------------------------------------------------------------

#: "decide.skip is high": skip is at least this share of all decisions ...
SKIP_HIGH_SHARE: Final = 0.5
#: ... and at least this many candidates (a handful of skips is never "high").
SKIP_HIGH_MINIMUM: Final = 20

COMMON_SKIP_REASONS: Final = ("MISSING_UPSTREAM_DISABLED_LINK", "MEDIUM_MATCH_REQUIRES_REVIEW")


def skip_is_high(skip: int | None, total_decisions: int) -> bool:
    """True when skips are at least half of all decisions and at least 20 candidates."""
    if skip is None or skip < SKIP_HIGH_MINIMUM or total_decisions <= 0:
        return False
    return skip / total_decisions >= SKIP_HIGH_SHARE


# --- Data-quality warnings ---------------------------------------------------------------------

#: Metric keys that are counts: a negative value there is a data-quality warning.
COUNT_METRICS: Final = frozenset(
    {
        "processed",
        "page_count",
        "items_extracted",
        "valid",
        "invalid",
        "strong",
        "medium",
        "ambiguous",
        "none",
        "create",
        "update",
        "skip",
        "conflict",
        "created",
        "updated",
        "skipped",
        "links_refreshed",
        "backups_scheduled",
    }
)
#: The decision counts the run summary and the decide stage's metrics both carry.
DECISION_KEYS: Final = ("create", "update", "skip", "conflict")

WARN_FAILED_WITHOUT_STAGE: Final = "The run is failed but no stage is marked failed."
WARN_SEVERAL_FAILED: Final = (
    "{count} stages are marked failed ({stages}); a failed run has exactly one."
)
WARN_FAILED_STAGE_IN_GOOD_RUN: Final = (
    "The run is {status} but stage {stage} is marked failed; expected the run to be failed."
)
WARN_APPLY_IN_PREVIEW: Final = "This run is not a Full Sync but has an apply stage."
WARN_REPEATED_STAGE: Final = (
    "Stage {stage} appears {count} times; expected once per run (all are shown)."
)
WARN_OUT_OF_ORDER: Final = (
    "The export lists the stages out of pipeline order ({order}); they are shown in pipeline order."
)
WARN_SUMMARY_DISAGREES: Final = (
    "summary.decisions.{key} is {summary} but the decide stage's metrics say {decide}."
)
WARN_NEGATIVE_COUNT: Final = "{where} is negative ({value}); expected a count of 0 or more."

# --- Redaction ---------------------------------------------------------------------------------

REDACTION_NOTE: Final = "{count} {verb} redacted: secrets in the export are shown as {marker}."
REDACTION_OFF_NOTE: Final = (
    "Redaction was turned off (--no-redact): this page shows the export's values as they are, "
    "secrets included."
)
