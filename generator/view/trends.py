"""The trend of an instance's runs, drawn as an inline SVG chart by the theme (pure).

Create, Update and Open Problems over the runs of an instance page, oldest on the left, from one
run up: a point per run and value, the latest value written beside its line, failed runs marked,
each run named under the axis while there is room, and the whole chart in words for readers who
cannot see it.  Every coordinate is computed here, so a template only places ready-made shapes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from generator.frozen import frozen
from generator.view import rules
from generator.view.history import RunRecord
from generator.view.values import MISSING, count_text

#: The chart's size in SVG units; the theme scales it to the page width, keeping its shape.
TREND_WIDTH: Final = 400
TREND_HEIGHT: Final = 170
#: The plot area inside the chart: room on the right for the latest values, below for run ids.
PLOT_LEFT: Final = 12
PLOT_RIGHT: Final = TREND_WIDTH - 44
PLOT_TOP: Final = 12
PLOT_BOTTOM: Final = TREND_HEIGHT - 30
RUN_LABEL_Y: Final = TREND_HEIGHT - 10
#: Run ids under the axis need this many units each; with less room only the first, the last
#: and the failed runs that fit between them are named.
RUN_LABEL_ROOM: Final = 56
#: Latest-value labels are kept at least this far apart vertically (the text is 14 units high).
LABEL_GAP: Final = 15
LABEL_TOP: Final = PLOT_TOP + 4
LABEL_BOTTOM: Final = PLOT_BOTTOM + 6


@frozen
class TrendPoint:
    """One run's value on one line, with its words for a pointer's tooltip."""

    x: str
    y: str
    title: str


@frozen
class TrendSeries:
    """One line of the chart: its points, and its latest value written beside the last point."""

    key: str
    label: str
    tone: str
    points: str
    dots: tuple[TrendPoint, ...]
    latest: str
    label_x: str
    label_y: str


@frozen
class TrendRun:
    """One run on the time axis: where it is, whether it failed, its id if there is room."""

    run_id: str
    x: str
    failed: bool
    label: str | None
    #: SVG text-anchor of the label: the first and last ids stay inside the chart.
    anchor: str


@frozen
class Trend:
    """Create, Update and Open Problems over an instance's runs, oldest on the left."""

    width: int
    height: int
    plot_top: int
    plot_bottom: int
    label_y: int
    maximum: int
    runs: int
    first_run: str
    last_run: str
    series: tuple[TrendSeries, ...]
    axis: tuple[TrendRun, ...]
    failed_runs: tuple[str, ...]
    description: str


def _coordinate(value: float) -> str:
    rounded = math.floor(value * 10 + 0.5) / 10
    return f"{rounded:.1f}".rstrip("0").rstrip(".")


def _spread(wanted: list[float]) -> list[float]:
    """Label baselines as near ``wanted`` as possible, LABEL_GAP apart, inside the chart."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = dict.fromkeys(order, 0.0)
    floor: float = LABEL_TOP - LABEL_GAP
    for i in order:
        placed[i] = floor = max(wanted[i], floor + LABEL_GAP)
    ceiling: float = LABEL_BOTTOM + LABEL_GAP
    for i in reversed(order):
        placed[i] = ceiling = min(placed[i], ceiling - LABEL_GAP)
    return [placed[i] for i in range(len(wanted))]


def trend(runs_newest_first: Sequence[RunRecord]) -> Trend | None:
    """The trend of an instance's runs; None when no run has any of the three counts."""
    runs = list(reversed(runs_newest_first))
    columns = (
        (rules.CREATE_CARD, rules.CREATE_CARD.tone or "", [r.create for r in runs]),
        (rules.UPDATE_CARD, rules.UPDATE_CARD.tone or "", [r.update for r in runs]),
        (rules.OPEN_PROBLEMS_CARD, rules.OPEN_PROBLEMS_RED, [r.open_problems for r in runs]),
    )
    known = [v for *_, values in columns for v in values if v is not None]
    if not runs or not known:
        return None
    maximum = max(1, max(known))
    step = (PLOT_RIGHT - PLOT_LEFT) / (len(runs) - 1) if len(runs) > 1 else 0.0
    scale = (PLOT_BOTTOM - PLOT_TOP) / maximum
    ids = [r.run_id or MISSING for r in runs]

    def x_of(index: int) -> float:
        return PLOT_LEFT + index * step if len(runs) > 1 else (PLOT_LEFT + PLOT_RIGHT) / 2

    def y_of(value: int) -> float:
        return PLOT_BOTTOM - max(0, value) * scale

    lasts = [next((v for v in reversed(values) if v is not None), None) for *_, values in columns]
    label_ys = _spread([y_of(v) + 4 if v is not None else PLOT_BOTTOM for v in lasts])
    series = []
    for (rule, tone, values), label_y in zip(columns, label_ys, strict=True):
        shown = [(i, v) for i, v in enumerate(values) if v is not None]
        dots = tuple(
            TrendPoint(
                _coordinate(x_of(i)), _coordinate(y_of(v)), f"Run #{ids[i]}: {rule.label} {v}"
            )
            for i, v in shown
        )
        last_x = x_of(shown[-1][0]) if shown else x_of(len(runs) - 1)
        series.append(
            TrendSeries(
                key=rule.key,
                label=rule.label,
                tone=tone,
                points=" ".join(f"{d.x},{d.y}" for d in dots) if len(dots) > 1 else "",
                dots=dots,
                latest=count_text(values[-1]),
                label_x=_coordinate(last_x + 8),
                label_y=_coordinate(label_y),
            )
        )
    failed = [r.status == rules.FAILED for r in runs]
    named = _named_runs([x_of(i) for i in range(len(runs))], failed)
    axis = tuple(
        TrendRun(
            ids[i],
            _coordinate(x_of(i)),
            failed[i],
            f"#{ids[i]}" if i in named else None,
            _anchor(i, len(runs)),
        )
        for i in range(len(runs))
    )
    failed_ids = tuple(ids[i] for i in range(len(runs)) if failed[i])
    return Trend(
        width=TREND_WIDTH,
        height=TREND_HEIGHT,
        plot_top=PLOT_TOP,
        plot_bottom=PLOT_BOTTOM,
        label_y=RUN_LABEL_Y,
        maximum=maximum,
        runs=len(runs),
        first_run=ids[0],
        last_run=ids[-1],
        series=tuple(series),
        axis=axis,
        failed_runs=failed_ids,
        description=_description(ids, series, failed_ids),
    )


def _named_runs(xs: list[float], failed: list[bool]) -> set[int]:
    """The runs named under the axis: every run while there is room; otherwise the first, the
    last, then failed runs whose id does not run into one already named."""
    if len(xs) == 1 or xs[1] - xs[0] >= RUN_LABEL_ROOM:
        return set(range(len(xs)))
    named = {0, len(xs) - 1}
    for i in (i for i, bad in enumerate(failed) if bad):
        if all(abs(xs[i] - xs[j]) >= RUN_LABEL_ROOM for j in named):
            named.add(i)
    return named


def _anchor(index: int, count: int) -> str:
    if count == 1:
        return "middle"
    return "start" if index == 0 else "end" if index == count - 1 else "middle"


def _description(ids: list[str], series: list[TrendSeries], failed: tuple[str, ...]) -> str:
    """The chart in words: which runs, the latest values, which runs failed."""
    span = f"1 run, #{ids[0]}" if len(ids) == 1 else f"{len(ids)} runs from #{ids[0]} to #{ids[-1]}"
    latest = "; ".join(f"{s.label} {s.latest} in the latest run" for s in series)
    outcome = "failed: " + ", ".join(f"#{run}" for run in failed) if failed else "no run failed"
    return f"{span}: {latest}; {outcome}."
