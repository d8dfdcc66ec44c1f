"""What a release's exports emit: the runs of a release, and the metric keys of each stage.

The metric keys ``summary`` and ``error_summary`` are structural (the summary block and the
failure line have places of their own on a stage card), so they are never counted as keys.
Every run counts, also the earlier runs of an instance export's history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from generator.errors import RunInsightsError
from generator.exports.model import ExportedRun, Stage
from generator.view import rules


def _version(text: str | None) -> str:
    return (text or "").strip().removeprefix("v").removeprefix("V")


def select_release(runs: Sequence[ExportedRun], release: str | None) -> list[ExportedRun]:
    """The runs of one release (by the export's ``rconfig_version``); all runs without one."""
    with_runs = [exported for exported in runs if exported.run is not None]
    if release is None:
        if not with_runs:
            raise RunInsightsError("the exports hold no run (only instances without runs)")
        return with_runs
    chosen = [e for e in with_runs if _version(e.rconfig_version) == _version(release)]
    if not chosen:
        versions = sorted({e.rconfig_version or "no rconfig_version" for e in with_runs})
        found = ", ".join(versions) if versions else "none"
        raise RunInsightsError(f"no run export of release {release}; the exports are of {found}")
    return chosen


def _run_stages(exported: ExportedRun) -> Iterable[tuple[Stage, ...]]:
    yield exported.stages
    for run in exported.history:
        yield tuple(run.stages or ())


def emitted_keys(runs: Iterable[ExportedRun]) -> dict[str, tuple[int, Counter[str]]]:
    """Per stage: how many runs have it, and how many runs emit each metric key."""
    found: dict[str, tuple[int, Counter[str]]] = {}
    for exported in runs:
        for stages in _run_stages(exported):
            keys_by_stage: dict[str, set[str]] = {}
            for stage in stages:
                keys = set(rules.metric_keys(stage.metrics_json))
                keys_by_stage.setdefault(stage.stage, set()).update(keys)
            for name, keys in keys_by_stage.items():
                count, counter = found.get(name, (0, Counter()))
                counter.update(keys)
                found[name] = (count + 1, counter)
    return found


def run_count(runs: Iterable[ExportedRun]) -> int:
    """How many runs the exports hold, history included."""
    return sum(len(list(_run_stages(exported))) for exported in runs)
