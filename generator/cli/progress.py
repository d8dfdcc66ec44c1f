"""Progress of a site build, as the command line shows it on standard error.

A bar from ``tqdm`` on a terminal, a plain line at every tenth of the work otherwise (build
logs stay short and readable), nothing with ``--quiet``.  The library reports progress through
a callback ``(phase, done, total)``; only the CLI creates these reporters.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, TextIO

PHASES = {"reading": "reading inputs", "writing": "writing pages"}
STEPS = 10


class Reporter:
    """Shows nothing (``--quiet``); the base of the others."""

    def __call__(self, phase: str, done: int, total: int) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> Reporter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class LineReporter(Reporter):
    """``reading inputs: 300/1000 (30%)`` at each tenth of a phase, and at its end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown: dict[str, int] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total <= 0:
            return
        step = done * STEPS // total
        if step <= self.shown.get(phase, 0) and done < total:
            return
        if done == total and self.shown.get(phase) == STEPS + 1:
            return
        self.shown[phase] = STEPS + 1 if done == total else step
        label = PHASES.get(phase, phase)
        self.stream.write(f"{label}: {done}/{total} ({done * 100 // total}%)\n")
        self.stream.flush()


class BarReporter(Reporter):
    """One ``tqdm`` bar per phase."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.phase: str | None = None
        self.bar: Any = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if phase != self.phase:
            self.close()
            if total <= 0:
                return
            self.phase = phase
            self.bar = tqdm(total=total, desc=PHASES.get(phase, phase), file=self.stream)
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar = None
        self.phase = None


def reporter(stream: TextIO, quiet: bool) -> Reporter:
    """The reporter for ``stream``: none when quiet, a bar on a terminal, lines otherwise."""
    if quiet:
        return Reporter()
    if stream.isatty():
        return BarReporter(stream)
    return LineReporter(stream)
