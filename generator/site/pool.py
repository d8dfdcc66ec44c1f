"""Running work in worker processes: a bounded, ordered map over a process pool.

With one job everything runs in this process and no pool is started.  Workers ignore Ctrl-C:
the main process lets the pages in progress finish, then stops.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(
    function: Callable[[T], R], items: Iterable[T], pool: Executor | None, window: int
) -> Iterator[R]:
    """``map`` in input order, through ``pool`` with at most ``window`` tasks in flight."""
    if pool is None:
        yield from map(function, items)
        return
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(pool.submit(function, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def start_pool(jobs: int) -> ProcessPoolExecutor | None:
    if jobs <= 1:
        return None
    context = get_context("forkserver") if os.name == "posix" else get_context("spawn")
    if os.name == "posix":
        context.set_forkserver_preload(["generator.site.jobs", "generator.site.scan"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=ignore_interrupts)


def ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which lets running pages finish, then stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
