"""Shared fixtures: the sample runs, loaded and rendered once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import render_site
from generator import report_stems as unique_stems
from generator.commands.chromium import CHROMIUM_ARGS, DEFAULT_CHROMIUM
from generator.exports.load import load
from generator.exports.model import ExportedRun, Instance, Run, Stage
from generator.view import report as insights

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_runs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def sample_runs() -> list[ExportedRun]:
    result = load([str(SAMPLES)])
    assert not result.errors, result.errors
    return result.runs


@pytest.fixture(scope="session")
def samples() -> list[ExportedRun]:
    return sample_runs()


@pytest.fixture(scope="session")
def site(samples: list[ExportedRun]) -> dict[str, str]:
    """Every file a build of sample_runs/ writes, by name."""
    return render_site(samples)


@pytest.fixture(scope="session")
def stems(samples: list[ExportedRun]) -> dict[str, ExportedRun]:
    return dict(zip(unique_stems(samples), samples, strict=True))


def report_of(
    mode: str, status: str, stages: list[dict[str, Any]], **summary: Any
) -> insights.Report:
    """The view model of a run of instance "Lab" built from stage dictionaries (no file)."""
    run = Run.model_validate({"id": 1, "mode": mode, "status": status, "summary_json": summary})
    exported = ExportedRun(
        source="x.json",
        position="$",
        instance=Instance(name="Lab"),
        run=run,
        stages=tuple(Stage.model_validate(s) for s in stages),
    )
    return insights.report(exported)


# --- Real browser ------------------------------------------------------------------------------

#: The tests drive the same Chromium, with the same flags, as ``run-insights screenshot``.
CHROMIUM = DEFAULT_CHROMIUM


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[browser]')"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (install Debian's chromium package)"
    return None


REQUIRE_BROWSER = "RUN_INSIGHTS_REQUIRE_BROWSER"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshot-update",
        action="store_true",
        help="rewrite the reviewed screenshots in tests/visual/ (make screenshots)",
    )


_BROWSER_NOTE = pytest.StashKey[str]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium, the browser tests are set aside and reported in one line (unless CI
    requires them: then the ``browser`` fixture fails each of them)."""
    missing = _browser_missing()
    if missing is None or os.environ.get(REQUIRE_BROWSER) == "1":
        return
    dropped = [item for item in items if item.get_closest_marker("browser")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
        config.stash[_BROWSER_NOTE] = f"{len(dropped)} browser tests: {missing}"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    note = config.stash.get(_BROWSER_NOTE, None)
    if note:
        terminalreporter.write_line(f"SKIPPED {note}", yellow=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright; skips (or fails in CI) when missing."""
    missing = _browser_missing()
    if missing:
        if os.environ.get(REQUIRE_BROWSER) == "1":
            pytest.fail(f"browser tests required but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        yield chromium
        chromium.close()
