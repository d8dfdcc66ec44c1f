"""Which run is the most recent: the one rule the report, the history and the index share.

Runs are ordered by start time (compared in UTC; a time without an offset counts as UTC), then
by numeric run id (of any length: ``12345678901234567890`` is newer than ``5``), then by the id
as text.  A run without a readable start time sorts before every run that has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from generator.exports.model import Run


def _started(text: str | None) -> str:
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def _numeric(run_id: str) -> str:
    """Numeric ids as text that sorts as the numbers do; other ids before them all."""
    if not (run_id.isascii() and run_id.isdigit()):
        return "0"
    digits = run_id.lstrip("0") or "0"
    return f"1{len(digits):06d}{digits}"


def recency(run: Run) -> str:
    """A text that sorts as the runs' recency: the most recent run sorts last."""
    run_id = str(run.id)
    return f"{_started(run.started_at)}\x00{_numeric(run_id)}\x00{run_id}"


def newest_first(runs: Iterable[Run]) -> list[Run]:
    """``runs`` from the most recent to the oldest (equal runs keep their order)."""
    return sorted(runs, key=recency, reverse=True)
