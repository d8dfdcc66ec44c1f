"""Data-quality warnings: inconsistencies in an export, shown on the page rather than hidden.

A run that contradicts itself (a failed run without a failed stage, a stage listed twice,
summary counts that disagree with the decide stage...) still builds; each inconsistency becomes
one sentence in the page's "Data quality warnings" section.  The texts live in
:mod:`generator.rules`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from generator.exports.model import Run, Stage
from generator.view import rules
from generator.view.values import as_count


def failure_warnings(run: Run, stages: Sequence[Stage]) -> list[str]:
    """A failed run has exactly one failed stage; a run that is not failed has none."""
    failed = [stage.stage for stage in stages if stage.status == rules.FAILED]
    if run.status == rules.FAILED and not failed:
        return [rules.WARN_FAILED_WITHOUT_STAGE]
    warnings = []
    if len(failed) > 1:
        warnings.append(
            rules.WARN_SEVERAL_FAILED.format(count=len(failed), stages=", ".join(failed))
        )
    if failed and run.status in rules.GOOD_END_STATUSES:
        warnings.extend(
            rules.WARN_FAILED_STAGE_IN_GOOD_RUN.format(status=run.status, stage=name)
            for name in dict.fromkeys(failed)
        )
    return warnings


def stage_list_warnings(run: Run, stages: Sequence[Stage]) -> list[str]:
    """Apply in a preview, repeated stages and stages out of pipeline order (file order)."""
    warnings = []
    if run.mode != rules.MODE_APPLY and any(s.stage == rules.APPLY_ONLY_STAGE for s in stages):
        warnings.append(rules.WARN_APPLY_IN_PREVIEW)
    counts = Counter(stage.stage for stage in stages)
    for name, times in counts.items():
        if times > 1:
            warnings.append(rules.WARN_REPEATED_STAGE.format(stage=name, count=times))
    known = [stage.stage for stage in stages if stage.stage in rules.PIPELINE]
    positions = [rules.pipeline_position(name) for name in known]
    if positions != sorted(positions):
        order = ", ".join(dict.fromkeys(known))
        warnings.append(rules.WARN_OUT_OF_ORDER.format(order=order))
    return warnings


def count_warnings(run: Run, stages: Sequence[Stage]) -> list[str]:
    """Negative counts, and summary decision counts that disagree with the decide stage."""
    warnings: list[str] = []
    summary: dict[str, int | None] = {}
    decisions = run.summary_json.decisions
    if decisions is not None:
        every = {
            **decisions.model_dump(include=set(rules.DECISION_KEYS)),
            **(decisions.model_extra or {}),
        }
        summary = {key: as_count(value) for key, value in every.items()}
    negatives: list[tuple[str, int]] = [
        (f"summary.decisions.{key}", value)
        for key, value in summary.items()
        if value is not None and value < 0
    ]
    open_problems = as_count(rules.OPEN_PROBLEMS_CARD.read(run))
    if open_problems is not None and open_problems < 0:
        negatives.append((rules.OPEN_PROBLEMS_CARD.source, open_problems))
    for stage in stages:
        for key, value in stage.metrics_json.items():
            number = as_count(value)
            if key in rules.COUNT_METRICS and number is not None and number < 0:
                negatives.append((f"{stage.stage}.{key}", number))
    warnings.extend(
        rules.WARN_NEGATIVE_COUNT.format(where=where, value=value) for where, value in negatives
    )
    decide = next((s.metrics_json for s in stages if s.stage == rules.DECIDE), None)
    if decide is not None:
        for key in rules.DECISION_KEYS:
            in_summary, in_decide = summary.get(key), as_count(decide.get(key))
            if in_summary is not None and in_decide is not None and in_summary != in_decide:
                warnings.append(
                    rules.WARN_SUMMARY_DISAGREES.format(
                        key=key, summary=in_summary, decide=in_decide
                    )
                )
    return warnings


def data_warnings(run: Run, stages: Sequence[Stage]) -> tuple[str, ...]:
    """Every inconsistency of one run; ``stages`` in file order."""
    return tuple(
        failure_warnings(run, stages)
        + stage_list_warnings(run, stages)
        + count_warnings(run, stages)
    )
