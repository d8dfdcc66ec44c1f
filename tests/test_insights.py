"""Signals and advice: each row of the product page's table, from runs with known numbers."""

from __future__ import annotations

from generator.view import report as insights
from generator.view import rules, signals
from generator.view.stages import Entry
from tests.conftest import report_of


def _signals(report: insights.Report) -> list[str]:
    return [advice.signal for advice in report.advice]


def test_truncated_extract_shows_the_reason() -> None:
    report = report_of(
        "preview",
        "preview_ready",
        [
            {
                "stage": "extract",
                "status": "completed",
                "metrics_json": {"truncated": True, "summary": {"truncation_reason": "cap 50"}},
            }
        ],
    )
    [advice] = [a for a in report.advice if a.stage == "extract"]
    assert advice.signal == "extract.truncated = true"
    assert "Truncation reason: cap 50." in advice.advice


def test_problem_signals_from_canonicalize_reconcile_and_decide() -> None:
    report = report_of(
        "preview",
        "preview_ready",
        [
            {"stage": "canonicalize", "status": "completed", "metrics_json": {"invalid": 3}},
            {"stage": "reconcile", "status": "completed", "metrics_json": {"ambiguous": 2}},
            {"stage": "decide", "status": "completed", "metrics_json": {"conflict": 1}},
        ],
    )
    assert _signals(report) == [
        "canonicalize.invalid > 0",
        "reconcile.ambiguous > 0",
        "decide.conflict > 0",
        "status = preview_ready",
    ]


def test_high_skip_without_problems_points_at_reason_codes() -> None:
    decide = {"create": 5, "update": 10, "skip": 60, "conflict": 0}
    stages = [{"stage": "decide", "status": "completed", "metrics_json": decide}]
    quiet = report_of("apply", "completed", stages, problems={"open": 0})
    assert signals.SKIP_HIGH_ADVICE in [a.advice for a in quiet.advice]
    noisy = report_of("apply", "completed", stages, problems={"open": 4})
    assert signals.SKIP_HIGH_ADVICE not in [a.advice for a in noisy.advice]


def test_full_sync_that_created_nothing_after_deciding_creates() -> None:
    stages = [
        {"stage": "decide", "status": "completed", "metrics_json": {"create": 12}},
        {"stage": "apply", "status": "failed", "metrics_json": {"created": 0}},
    ]
    report = report_of("apply", "failed", stages)
    assert signals.APPLY_CREATED_NOTHING_ADVICE in [a.advice for a in report.advice]
    assert report.advice[0].signal == "apply failed"
    assert report.advice[0].advice == signals.FAILED_STAGE_FALLBACK


def test_cards_show_a_dash_when_the_summary_lacks_a_count() -> None:
    report = report_of("preview", "queued", [])
    assert [card.value for card in report.cards] == ["queued", "—", "—", "—"]
    assert report.cards[-1].tone == "teal"
    assert report.missing_stages == rules.PREVIEW_STAGES


def test_stage_cards_split_metrics_summary_and_error_summary() -> None:
    metrics = {
        "processed": 4,
        "validation_errors": {"missing_hostname": 3},
        "summary": {"by_reason": {"x": 1}},
        "error_summary": "boom",
    }
    report = report_of(
        "apply", "failed", [{"stage": "canonicalize", "status": "failed", "metrics_json": metrics}]
    )
    [card] = report.stages
    assert card.metrics == (
        Entry("processed", "4"),
        Entry("validation_errors", '{"missing_hostname": 3}'),
    )
    assert card.summary == (Entry("by_reason", '{"x": 1}'),)
    assert card.error_summary == "boom"
    assert card.tone == "red"


def test_inconsistent_failures_are_warned_about() -> None:
    no_failed = report_of("apply", "failed", [{"stage": "extract", "status": "completed"}])
    assert no_failed.warnings == ("The run is failed but no stage is marked failed.",)
    apply_in_preview = report_of("preview", "preview_ready", [{"stage": "apply", "status": "x"}])
    assert "This run is not a Full Sync but has an apply stage." in apply_in_preview.warnings
