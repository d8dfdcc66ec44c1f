"""The page's rules: labels, tones, order and the thresholds the product page leaves open."""

from __future__ import annotations

import pytest

from generator.exports.model import Run, Stage
from generator.view import rules, signals


def test_card_labels_tones_and_sources_are_the_product_page_facts() -> None:
    assert [(c.label, c.tone, c.source) for c in rules.SUMMARY_CARDS] == [
        ("Status", "sky", "run.status"),
        ("Create", "violet", "summary.decisions.create"),
        ("Update", "indigo", "summary.decisions.update"),
        ("Open Problems", None, "summary.problems.open"),
    ]


@pytest.mark.parametrize(("count", "tone"), [(0, "teal"), (1, "red"), (39, "red"), (None, "teal")])
def test_open_problems_is_red_above_zero_else_teal(count: int | None, tone: str) -> None:
    assert rules.open_problems_tone(count) == tone


def test_pipeline_order_and_apply_only_for_full_sync() -> None:
    assert rules.PIPELINE == (
        "validate_setup",
        "extract",
        "canonicalize",
        "reconcile",
        "decide",
        "apply",
    )
    assert rules.expected_stages("preview")[-1] == "decide"
    assert rules.expected_stages("apply")[-1] == "apply"
    assert rules.pipeline_position("enrich") > rules.pipeline_position("apply")


@pytest.mark.parametrize(
    ("status", "tone"),
    [
        ("completed", "sky"),
        ("running", "amber"),
        ("failed", "red"),
        ("queued", "neutral"),
        ("skipped", "neutral"),
        ("", "neutral"),
    ],
)
def test_stage_status_tones(status: str, tone: str) -> None:
    assert rules.stage_tone(status) == tone


@pytest.mark.parametrize(
    ("skip", "total", "high"),
    [
        (19, 19, False),  # under the minimum of 20, even at 100 %
        (20, 40, True),  # exactly half, at the minimum
        (20, 41, False),  # just under half
        (936, 1205, True),
        (None, 10, False),
        (30, 0, False),
    ],
)
def test_skip_is_high_threshold(skip: int | None, total: int, high: bool) -> None:
    assert rules.skip_is_high(skip, total) is high


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ("validate_setup", "Setup"),
        ("extract", "Extract Preview"),
        ("canonicalize", "Problem Devices"),
        ("reconcile", "Logs tab"),
        ("apply", "Logs tab"),
    ],
)
def test_failed_stage_says_where_to_fix(stage: str, words: str) -> None:
    run = Run.model_validate({"id": 1, "mode": "apply", "status": "failed"})
    failed = Stage.model_validate({"stage": stage, "status": "failed"})
    [advice] = signals.signals(run, (failed,))
    assert words in advice.advice and advice.tone == "red" and advice.stage == stage


def test_index_urgency_failed_then_open_problems_then_the_rest() -> None:
    assert rules.urgency("failed", 0) < rules.urgency("completed", 3)
    assert rules.urgency("completed", 3) < rules.urgency("completed", 0)
