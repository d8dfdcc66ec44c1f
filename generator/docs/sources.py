"""Checking the page against rConfig's source: the executors' metric keys, and two releases.

Pure: the keys the executors set (:mod:`generator.docs.executors`) and the card labels
(:mod:`generator.docs.ui_labels`) come in already read; checks come out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from generator.docs.executors import ExecutorKeys
from generator.docs.page import DocPage
from generator.frozen import frozen
from generator.view import rules
from generator.view.verification import Check, Finding, UiLabel, Verification


@frozen
class SourceAt:
    """What one release's source says: its card labels and its executors' keys (either may be
    absent when not asked for)."""

    ref: str
    labels: tuple[UiLabel, ...] | None = None
    keys: ExecutorKeys | None = None


def _at(page: DocPage, line: int) -> str:
    return f"{page.source}:{line}"


def check_executors(page: DocPage, found: ExecutorKeys, source: str) -> Check:
    """Documented keys no executor sets, and keys set that the page does not document."""
    findings: list[Finding] = []
    notes: list[Finding] = []
    rows = {row.stage: row for row in page.keys}
    by_stage = found.by_stage()
    classes = {item.stage: item for item in found.classes}
    for stage, keys in by_stage.items():
        row = rows.get(stage)
        where = _at(page, row.line if row else page.keys_line)
        documented = row.keys if row else ()
        executor = classes.get(stage)
        named = f"{executor.key} ({executor.location})" if executor else "no executor"
        for key in documented:
            if key not in keys:
                message = f"stage {stage}: the page documents {key}, but {named} never sets it"
                findings.append(Finding(where, message))
        for item in found.keys:
            if item.stage == stage and item.key not in documented:
                message = (
                    f"stage {stage}: {item.key} is set at {item.location}, "
                    "but the page does not document it"
                )
                findings.append(Finding(where, message))
    for row in page.keys:
        if row.stage not in by_stage:
            message = f"stage {row.stage}: no executor class in {source} is for this stage"
            notes.append(Finding(_at(page, row.line), message))
    for item in found.unresolved:
        message = f"stage {item.stage}: a key written as {item.key} cannot be read statically"
        notes.append(Finding(item.location, f"unresolved: {message}"))
    return Check("executors", f"Typical keys against {source}", tuple(findings), tuple(notes))


def _label_changes(now: Sequence[UiLabel], then: Sequence[UiLabel], ref: str) -> list[Finding]:
    notes = []
    before = {label.text for label in then}
    after = {label.text for label in now}
    for label in now:
        if label.text not in before:
            notes.append(Finding(label.location, f'card label "{label.text}" added since {ref}'))
    for label in then:
        if label.text not in after:
            where = f"{label.location} at {ref}"
            notes.append(Finding(where, f'card label "{label.text}" removed since {ref}'))
    return notes


def _key_changes(now: ExecutorKeys, then: ExecutorKeys, ref: str) -> list[Finding]:
    notes = []
    before = {(item.stage, item.key) for item in then.keys}
    after = {(item.stage, item.key) for item in now.keys}
    for item in now.keys:
        if (item.stage, item.key) not in before:
            message = f"stage {item.stage}: metric key {item.key} added since {ref}"
            notes.append(Finding(item.location, message))
    for item in then.keys:
        if (item.stage, item.key) not in after:
            message = f"stage {item.stage}: metric key {item.key} removed since {ref}"
            notes.append(Finding(f"{item.location} at {ref}", message))
    return notes


def changes_since(now: SourceAt, then: SourceAt) -> Check:
    """Labels and metric keys added and removed between two releases (notes, never mismatches)."""
    notes: list[Finding] = []
    if now.labels is not None and then.labels is not None:
        notes += _label_changes(now.labels, then.labels, then.ref)
    if now.keys is not None and then.keys is not None:
        notes += _key_changes(now.keys, then.keys, then.ref)
    title = f"Changes in the source from {then.ref} to {now.ref}"
    return Check("since", title, (), tuple(notes))


def with_sources(
    verification: Verification,
    page: DocPage,
    executors: tuple[str, ExecutorKeys] | None,
    since: tuple[SourceAt, SourceAt] | None,
) -> Verification:
    """The verification with the executor check and the changes between two releases added."""
    checks = list(verification.checks)
    changes: dict[str, object] = {}
    if executors is not None:
        checks.append(check_executors(page, executors[1], executors[0]))
        changes.update(executors=executors[0], executor_keys=executors[1].keys)
    if since is not None:
        checks.append(changes_since(*since))
        changes["since"] = since[1].ref
    return dataclasses.replace(verification, checks=tuple(checks), **changes)  # type: ignore[arg-type]


def keys_from_executors(found: ExecutorKeys) -> dict[str, tuple[str, ...]]:
    """The typical-keys table from the executors, ordered as the table from exports is.

    A pipeline stage no executor class is for keeps the keys of the page rules.
    """
    keys = dict(rules.TYPICAL_KEYS)
    for stage, stage_keys in found.by_stage().items():
        typical = rules.TYPICAL_KEYS.get(stage, ())
        known = [key for key in typical if key in stage_keys]
        keys[stage] = tuple(known + sorted(key for key in stage_keys if key not in typical))
    return keys
