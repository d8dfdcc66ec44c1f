"""The pipeline gate: which conditions of a run ``--fail-on`` can fail a CI job on.

Each condition reads the run as the report does (the Open Problems card, the signals), so a
gate fails exactly when the page shows the matching card or advice.  Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from generator.errors import UsageError
from generator.exports.model import ExportedRun
from generator.frozen import frozen
from generator.view import rules, signals
from generator.view.stages import ordered_stages
from generator.view.values import as_count


@frozen
class Condition:
    """One ``--fail-on`` condition: its name, what it means (for help and docs), its test."""

    name: str
    when: str
    matches: Callable[[signals.RunFacts], bool]


def _failed(facts: signals.RunFacts) -> bool:
    return facts.run.status == rules.FAILED or any(signals.failed_stage(facts))


def _problems(facts: signals.RunFacts) -> bool:
    open_problems = as_count(rules.OPEN_PROBLEMS_CARD.read(facts.run))
    return rules.open_problems_tone(open_problems) == rules.OPEN_PROBLEMS_RED


def _truncated(facts: signals.RunFacts) -> bool:
    return any(signals.extract_truncated(facts))


def _conflicts(facts: signals.RunFacts) -> bool:
    return any(signals.decide_conflict(facts))


CONDITIONS: Final = (
    Condition("failed", "the run or one of its stages failed", _failed),
    Condition("problems", "Open Problems is above 0 (the card is red)", _problems),
    Condition("truncated", "extract stopped at the pagination cap (extract.truncated)", _truncated),
    Condition("conflicts", "decide found conflicts (decide.conflict > 0)", _conflicts),
)
NAMES: Final = tuple(condition.name for condition in CONDITIONS)


def conditions(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` without repeats, each a known condition; a usage error names the others."""
    chosen = tuple(dict.fromkeys(names))
    unknown = [name for name in chosen if name not in NAMES]
    if unknown:
        raise UsageError(
            f"unknown condition {', '.join(unknown)}; expected any of {', '.join(NAMES)}"
        )
    return chosen


def matched(exported: ExportedRun, names: Iterable[str]) -> tuple[str, ...]:
    """The conditions among ``names`` the export's run matches, in :data:`CONDITIONS` order
    (none for an export without a run)."""
    wanted = set(names)
    if exported.run is None:
        return ()
    facts = signals.RunFacts(exported.run, tuple(ordered_stages(exported.stages)))
    return tuple(c.name for c in CONDITIONS if c.name in wanted and c.matches(facts))
