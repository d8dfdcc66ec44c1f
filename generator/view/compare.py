"""What changed between two runs: card values and stage metrics, with their differences (pure).

The run report uses it against the run before it; ``run-insights diff A B`` uses it between any
two runs, such as a Sync Preview and the Full Sync that followed it.  Numbers get a signed
difference (``+3``, ``-2``, ``0``); other values are compared as the page shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pydantic import JsonValue

from generator.exports.model import Run, Stage
from generator.frozen import frozen
from generator.view import rules
from generator.view.site_pages import NO_LINKS, Links
from generator.view.values import MISSING, display

SAME = "same"
UP = "up"
DOWN = "down"
CHANGED = "changed"
NEW = "new"
GONE = "removed"
#: The last row of a list the size limits cut: how many more there were.
OMITTED = "omitted"
ABSENT = MISSING


@frozen
class Change:
    """One value in both runs: ``kind`` is same, up, down, changed, new or removed (or
    omitted, for the row that says how many more the size limits left out)."""

    key: str
    label: str
    before: str
    after: str
    delta: str
    kind: str


@frozen
class StageChange:
    """One stage in both runs: its status then and now, its metrics changed and unchanged."""

    name: str
    status_before: str
    status_after: str
    changed: tuple[Change, ...]
    unchanged: tuple[Change, ...]


@frozen
class RunSide:
    """One side of a comparison, as the header shows it."""

    instance_name: str
    run_id: str
    mode_label: str
    status: str
    started_at: str
    report: Links


@frozen
class Comparison:
    """Everything a comparison shows: the two runs, the card changes, the stage changes."""

    title: str
    earlier: RunSide
    later: RunSide
    cards: tuple[Change, ...]
    stages: tuple[StageChange, ...]
    #: Stages left out by the size limits.
    omitted_stages: int = 0

    @property
    def changed_cards(self) -> int:
        return sum(1 for card in self.cards if card.kind != SAME)


@frozen
class RunSnapshot:
    """A run with its stages and the instance it belongs to: what a comparison reads."""

    instance_name: str
    run: Run
    stages: tuple[Stage, ...]
    report: Links = NO_LINKS


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except ArithmeticError:
        return None


def change(key: str, label: str, before: JsonValue | None, after: JsonValue | None) -> Change:
    """One value compared: signed difference for numbers, changed/unchanged otherwise."""
    missing_before, missing_after = before is None, after is None
    shown_before = ABSENT if missing_before else display(before)
    shown_after = ABSENT if missing_after else display(after)
    if missing_before and missing_after:
        return Change(key, label, shown_before, shown_after, "unchanged", SAME)
    if missing_before:
        return Change(key, label, shown_before, shown_after, "new", NEW)
    if missing_after:
        return Change(key, label, shown_before, shown_after, "removed", GONE)
    if type(before) is int and type(after) is int:  # the common case, without Decimal
        if before == after:
            return Change(key, label, shown_before, shown_after, "0", SAME)
        return Change(
            key,
            label,
            shown_before,
            shown_after,
            f"{after - before:+d}",
            UP if after > before else DOWN,
        )
    old, new = _number(before), _number(after)
    if old is not None and new is not None:
        difference = new - old
        if difference == 0:
            return Change(key, label, shown_before, shown_after, "0", SAME)
        text = f"{difference:+f}"
        return Change(key, label, shown_before, shown_after, text, UP if difference > 0 else DOWN)
    if shown_before == shown_after:
        return Change(key, label, shown_before, shown_after, "unchanged", SAME)
    return Change(key, label, shown_before, shown_after, "changed", CHANGED)


def _metrics(stage: Stage | None) -> dict[str, JsonValue]:
    return {} if stage is None else rules.metric_keys(stage.metrics_json)


def _stage_change(name: str, before: Stage | None, after: Stage | None) -> StageChange:
    old, new = _metrics(before), _metrics(after)
    keys = list(dict.fromkeys([*old, *new]))
    changes = [change(key, key, old.get(key), new.get(key)) for key in keys]
    return StageChange(
        name=name,
        status_before=before.status if before else ABSENT,
        status_after=after.status if after else ABSENT,
        changed=tuple(c for c in changes if c.kind != SAME),
        unchanged=tuple(c for c in changes if c.kind == SAME),
    )


def _side(snapshot: RunSnapshot) -> RunSide:
    run = snapshot.run
    return RunSide(
        instance_name=snapshot.instance_name,
        run_id=str(run.id),
        mode_label=rules.mode_label(run.mode),
        status=run.status,
        started_at=run.started_at or ABSENT,
        report=snapshot.report,
    )


def _by_name(stages: Sequence[Stage]) -> dict[str, Stage]:
    found: dict[str, Stage] = {}
    for stage in stages:
        found.setdefault(stage.stage, stage)
    return found


def compare(earlier: RunSnapshot, later: RunSnapshot) -> Comparison:
    """The changes from ``earlier`` to ``later``: cards in card order, stages in pipeline order."""
    cards = tuple(
        change(rule.key, rule.label, rule.read(earlier.run), rule.read(later.run))
        for rule in rules.SUMMARY_CARDS
    )
    old_stages, new_stages = _by_name(earlier.stages), _by_name(later.stages)
    names = sorted(dict.fromkeys([*old_stages, *new_stages]), key=rules.pipeline_position)
    return Comparison(
        title=f"Run Insights — run #{earlier.run.id} compared with run #{later.run.id}",
        earlier=_side(earlier),
        later=_side(later),
        cards=cards,
        stages=tuple(_stage_change(n, old_stages.get(n), new_stages.get(n)) for n in names),
    )
