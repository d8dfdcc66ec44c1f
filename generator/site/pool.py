"""Running work in worker processes: a bounded, ordered map over a process pool.

With one job everything runs in this process and no pool is started.  Workers ignore Ctrl-C,
SIGTERM and SIGHUP: the main process decides.  When it stops early it kills the workers at once
(:func:`stop_pool`), and every worker watches the main process and ends with it, so a
``kill -9`` of the build leaves no worker behind either (nor the fork server and resource
tracker, which end with the last worker).
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # a pool is rare (big builds only): its modules load when one starts
    from concurrent.futures import Executor, Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

#: How a worker ends when the main process has gone.
EXIT_ORPHANED = 1


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int) -> int:
    """``jobs`` capped at the cores this process may use (at least two, so ``--jobs 2``
    always means a pool): more processes than cores only cost memory."""
    return min(jobs, max(2, default_jobs()))


def ordered_map(
    function: Callable[[T], R], items: Iterable[T], pool: Executor | None, window: int
) -> Iterator[R]:
    """``map`` in input order, through ``pool`` with at most ``window`` tasks in flight."""
    if pool is None:
        yield from map(function, items)
        return
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def start_pool(jobs: int) -> ProcessPoolExecutor | None:
    if jobs <= 1:
        return None
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    context = get_context("forkserver") if os.name == "posix" else get_context("spawn")
    if os.name == "posix":
        context.set_forkserver_preload(["generator.site.jobs", "generator.site.scan"])
    return ProcessPoolExecutor(
        max_workers=worker_count(jobs),
        mp_context=context,
        initializer=start_worker,
        initargs=(os.getpid(),),
    )


class LazyPool:
    """Worker processes started the first time enough work asks for them (never with one
    job): a small build stays in one process instead of paying for a pool it cannot use."""

    def __init__(self, jobs: int, minimum: int) -> None:
        self.jobs = jobs
        self.minimum = minimum
        self.pool: ProcessPoolExecutor | None = None

    def for_work(self, amount: int) -> ProcessPoolExecutor | None:
        """The pool for ``amount`` units of work (None: do it in this process)."""
        if self.pool is None and amount >= self.minimum:
            self.pool = start_pool(self.jobs)
        return self.pool


def stop_pool(pool: ProcessPoolExecutor | None, now: bool) -> None:
    """Shut ``pool`` down; with ``now`` (an interrupt or an error), kill its workers first
    instead of waiting for the pages in progress.  Signals are ignored meanwhile, so a second
    Ctrl-C cannot leave the pool half shut down."""
    saved = ignore_stop_signals() if now else {}
    try:
        if pool is not None and now:
            workers = dict(getattr(pool, "_processes", None) or {})  # pid: Process
            for process in workers.values():
                process.kill()
            pool.shutdown(wait=True, cancel_futures=True)
            for process in workers.values():
                process.join(5)
        elif pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        restore_signals(saved)


def restore_signals(saved: dict[int, Any]) -> None:
    """Put back the handlers :func:`ignore_stop_signals` replaced."""
    for signum, handler in saved.items():
        signal.signal(signum, handler)


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def ignore_stop_signals() -> dict[int, Any]:
    """Ignore Ctrl-C, SIGTERM and SIGHUP; the handlers they had (none off the main thread)."""
    saved: dict[int, Any] = {}
    try:
        for signum in STOP_SIGNALS:
            saved[signum] = signal.signal(signum, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change
        pass
    return saved


def start_worker(main_pid: int) -> None:
    """Workers leave signals to the main process, and die with it, however it ends (a worker's
    parent is the fork server, which outlives the main process while any worker lives)."""
    ignore_stop_signals()
    threading.Thread(target=_exit_with, args=(main_pid,), daemon=True).start()


def _exit_with(pid: int) -> None:
    """Wait for process ``pid`` to end, then end this process at once."""
    try:
        if hasattr(os, "pidfd_open"):
            handle = os.pidfd_open(pid)
            select.select([handle], [], [])  # readable when the process has ended
        else:  # pragma: no cover - not Linux
            while True:
                os.kill(pid, 0)
                time.sleep(0.5)
    except OSError:  # already gone
        pass
    os._exit(EXIT_ORPHANED)
