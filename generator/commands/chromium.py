"""Headless Chromium through Playwright, for the commands that need a browser (screenshots,
PDF).  Playwright is optional: without it, or without Chromium, a usage error says what to
install.  Every request that is not the page itself is aborted, so nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.errors import UsageError

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch(executable: Path | None, needs: str, extra: str) -> tuple[Any, Any]:
    """Start Playwright and Chromium.  ``needs`` starts the message when Playwright is missing
    (``"screenshots need"``), ``extra`` is the pip extra that installs it.

    The caller stops both (:func:`browser` does it for you).
    """
    executable = executable or DEFAULT_CHROMIUM
    if not executable.exists():
        raise UsageError(
            f"Chromium not found at {executable}; install Debian's chromium package "
            "or pass --chromium PATH"
        )
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise UsageError(
            f"{needs} Playwright for Python: pip install 'run-insights[{extra}]'"
        ) from None
    playwright = sync_playwright().start()
    try:
        started = playwright.chromium.launch(
            executable_path=str(executable), args=list(CHROMIUM_ARGS)
        )
    except Error as exc:
        playwright.stop()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"cannot start Chromium at {executable}: {first}") from None
    return playwright, started


@contextmanager
def browser(executable: Path | None, needs: str, extra: str) -> Iterator[Any]:
    """A running Chromium, stopped on the way out."""
    playwright, started = launch(executable, needs, extra)
    try:
        yield started
    finally:
        started.close()
        playwright.stop()


def allow_local_only(route: Any) -> None:
    """A Playwright route handler: files and inline data load, everything else is aborted."""
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()
