"""The page's facts in one place: card labels and tones, pipeline order, stage tones, signals.

Everything a Run Insights report decides (which label, which tone, which advice) is decided
here, from the rConfig V2 "Run Insights Tab" reference.  Templates only lay the result out.
Thresholds the reference leaves open are defined here and documented in ``docs/rules.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# --- Summary cards -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CardRule:
    """One summary card: its hook name, label, fixed tone (None: depends on value) and source."""

    key: str
    label: str
    tone: str | None
    source: str


STATUS_CARD: Final = CardRule("status", "Status", "sky", "run.status")
CREATE_CARD: Final = CardRule("create", "Create", "violet", "summary.decisions.create")
UPDATE_CARD: Final = CardRule("update", "Update", "indigo", "summary.decisions.update")
OPEN_PROBLEMS_CARD: Final = CardRule(
    "open-problems", "Open Problems", None, "summary.problems.open"
)
SUMMARY_CARDS: Final = (STATUS_CARD, CREATE_CARD, UPDATE_CARD, OPEN_PROBLEMS_CARD)

OPEN_PROBLEMS_TONE_TEXT: Final = "red when > 0, otherwise teal"
RUN_STATUSES: Final = ("queued", "running", "preview_ready", "completed", "failed")


def open_problems_tone(open_problems: int | None) -> str:
    """Red when any problem is open, otherwise teal (also when the count is unknown)."""
    return "red" if open_problems is not None and open_problems > 0 else "teal"


def open_problems_note(open_problems: int | None) -> str:
    """The Open Problems card's words, so its meaning never rests on colour alone."""
    if open_problems is None:
        return "not reported"
    if open_problems < 0:
        return "not a valid count"
    return "needs review in Problem Devices" if open_problems > 0 else "nothing open"


def urgency(status: str | None, open_problems_tone: str | None) -> int:
    """Index order: failed runs first, then runs with open problems, then the rest."""
    if status == "failed":
        return 0
    return 1 if open_problems_tone == "red" else 2


# --- Pipeline ----------------------------------------------------------------------------------

PIPELINE: Final = ("validate_setup", "extract", "canonicalize", "reconcile", "decide", "apply")
PREVIEW_STAGES: Final = PIPELINE[:-1]
APPLY_ONLY_STAGE: Final = "apply"

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


STAGE_TONES: Final = {"completed": "sky", "running": "amber", "failed": "red"}
NEUTRAL_TONE: Final = "neutral"


def stage_tone(status: str) -> str:
    """Completed sky, running amber, failed red; anything else neutral (never dropped)."""
    return STAGE_TONES.get(status, NEUTRAL_TONE)


def run_status_tone(status: str) -> str:
    """A run status as a badge in lists (the Status card itself is always sky)."""
    return {"failed": "red", "running": "amber", "queued": NEUTRAL_TONE}.get(status, "sky")


#: Metrics keys with a place of their own on a stage card, not in the metrics grid.
SUMMARY_KEY: Final = "summary"
ERROR_SUMMARY_KEY: Final = "error_summary"

#: Typical metric keys per stage (descriptive, not exhaustive).
TYPICAL_KEYS: Final = {
    "validate_setup": ("connection", "credentials"),
    "extract": (
        "processed",
        "missing_policy_actions",
        "pagination_type",
        "page_count",
        "items_extracted",
        "truncated",
        "memory_usage_mb",
    ),
    "canonicalize": ("processed", "valid", "invalid", "validation_errors"),
    "reconcile": ("strong", "medium", "ambiguous", "none"),
    "decide": ("create", "update", "skip", "conflict", "top_decision_reason_codes"),
    "apply": ("created", "updated", "skipped", "links_refreshed", "backups_scheduled"),
}

# --- Signals and where to go next --------------------------------------------------------------

#: "decide.skip is high": skip is at least this share of all decisions ...
SKIP_HIGH_SHARE: Final = 0.5
#: ... and at least this many candidates (a handful of skips is never "high").
SKIP_HIGH_MINIMUM: Final = 20

COMMON_SKIP_REASONS: Final = ("MISSING_UPSTREAM_DISABLED_LINK", "MEDIUM_MATCH_REQUIRES_REVIEW")


@dataclass(frozen=True)
class Advice:
    """A signal seen in the run and where to go next. ``tone`` is the urgency."""

    signal: str
    advice: str
    tone: str
    stage: str | None = None


FAILED_STAGE_ADVICE: Final = {
    "validate_setup": "Fix the connection or credentials in Setup, then run again.",
    "extract": "Validate the instance's filters with Extract Preview.",
    "canonicalize": "The affected candidates are in Problem Devices.",
}
FAILED_STAGE_FALLBACK: Final = (
    "Open the Logs tab for this run to read the stage's full error_payload."
)


def failed_stage_advice(stage: str) -> Advice:
    """Where to fix a failure, by the stage that failed."""
    text = FAILED_STAGE_ADVICE.get(stage, FAILED_STAGE_FALLBACK)
    return Advice(f"{stage} failed", text, "red", stage)


EMPTY_STATE: Final = Advice(
    "No run yet",
    "No run has been executed for this instance yet. "
    "Launch a Sync Preview from the instance's action bar.",
    "neutral",
)


def truncated_advice(reason: str | None) -> Advice:
    why = f" Truncation reason: {reason}." if reason else " No truncation reason was recorded."
    return Advice(
        "extract.truncated = true",
        "Increase the driver's pagination cap, or tighten filters." + why,
        "amber",
        "extract",
    )


INVALID_ADVICE: Final = Advice(
    "canonicalize.invalid > 0",
    "Open Problem Devices. The most common causes are a missing hostname, a missing primary IP "
    "or an unresolved Device Profile slug.",
    "red",
    "canonicalize",
)
AMBIGUOUS_ADVICE: Final = Advice(
    "reconcile.ambiguous > 0",
    "Open Problem Devices: pick the correct target device for each ambiguous candidate, "
    "or tighten the reconciliation policy.",
    "red",
    "reconcile",
)
CONFLICT_ADVICE: Final = Advice(
    "decide.conflict > 0",
    "Open Problem Devices, the Conflict group: these block Apply for the affected candidates.",
    "red",
    "decide",
)
SKIP_HIGH_ADVICE: Final = Advice(
    "decide.skip is high but no problems",
    "Check the decision reason codes in the summary: "
    + " and ".join(COMMON_SKIP_REASONS)
    + " are common, and both are intentional.",
    "neutral",
    "decide",
)
APPLY_CREATED_NOTHING_ADVICE: Final = Advice(
    "apply.created is 0 after a Full Sync where create > 0 was decided",
    "The Apply stage failed: open Logs for the apply stage's error_payload.",
    "red",
    "apply",
)
PREVIEW_READY_ADVICE: Final = Advice(
    "status = preview_ready",
    "Review the decisions, then promote the run to Apply (Full Sync).",
    "sky",
)


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
