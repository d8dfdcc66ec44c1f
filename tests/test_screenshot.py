"""screenshot: the two docs pictures of a run's report, taken in headless Chromium."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.commands import screenshot
from generator.errors import RunInsightsError, UsageError
from generator.view import report as insights
from tests.conftest import SAMPLES, sample_runs

PREVIEW = SAMPLES / "01-netbox-preview-ready.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_first_sync_preview_is_shown_unless_a_run_is_named() -> None:
    runs = sample_runs()
    chosen = screenshot.pick_run(runs, None)
    assert chosen.run is not None and chosen.run.mode == "preview"
    named = screenshot.pick_run(runs, "977")
    assert named.run is not None and str(named.run.id) == "977"
    with pytest.raises(UsageError, match=r"^no run 12345 in the inputs; the runs are "):
        screenshot.pick_run(runs, "12345")


def test_two_neighbouring_stage_cards_one_with_metrics_one_with_a_summary() -> None:
    report = insights.report(screenshot.pick_run(sample_runs(), None))
    first, second = screenshot.pick_stage_pair(report)
    assert second == first + 1
    assert report.stages[first].metrics and report.stages[second].summary


def test_a_run_without_such_stages_is_named() -> None:
    runs = [e for e in sample_runs() if e.run is not None and not e.stages]
    report = insights.report(runs[0])
    with pytest.raises(RunInsightsError) as raised:
        screenshot.pick_stage_pair(report)
    assert str(raised.value) == (
        f"run {report.run.run_id if report.run else ''} has no stage with metrics and another "
        "with a summary block; pick another run with --run"
    )


def test_png_size_reads_the_header() -> None:
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4) + (480).to_bytes(4)
    assert screenshot.png_size(header) == (640, 480)
    with pytest.raises(ValueError, match="not a PNG image"):
        screenshot.png_size(b"GIF89a" + bytes(20))


def test_missing_chromium_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-chromium"
    argv = ["screenshot", str(PREVIEW), "-o", str(tmp_path), "--chromium", str(missing)]
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert err == (
        f"run-insights: error: Chromium not found at {missing}; install Debian's chromium "
        "package or pass --chromium PATH\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_missing_playwright_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    chromium = tmp_path / "chromium"
    chromium.touch()
    argv = ["screenshot", str(PREVIEW), "-o", str(tmp_path / "out"), "--chromium", str(chromium)]
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert err == (
        "run-insights: error: screenshots need Playwright for Python: "
        "pip install 'run-insights[screenshots]'\n"
    )


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scale"), [(1280, 1.0), (900, 2.0)])
def test_both_pictures_are_saved_with_the_close_up_around_two_stage_cards(
    tmp_path: Path, browser: Any, width: int, scale: float
) -> None:
    options = screenshot.ScreenshotOptions(width=width, scale=scale)
    result = screenshot.take([str(PREVIEW)], tmp_path, options, browser=browser)
    assert sorted(p.name for p in tmp_path.iterdir()) == [screenshot.STAGES_PNG, screenshot.TAB_PNG]
    tab_width, tab_height = screenshot.png_size(result.tab.read_bytes())
    assert tab_width == width * scale
    assert tab_height > 1000 * scale  # the cards and all five stages, not just the viewport
    assert result.stage_names == ("validate_setup", "extract")
    for box in result.stage_boxes:
        assert box.width > 0 and box.height > 0
        assert result.clip.contains(box)
    close_width, close_height = screenshot.png_size(result.stages.read_bytes())
    assert close_width == pytest.approx(result.clip.width * scale, abs=2)
    assert close_height == pytest.approx(result.clip.height * scale, abs=2)
    assert close_height < tab_height


@pytest.mark.browser
def test_the_command_launches_chromium_itself(tmp_path: Path, browser: Any) -> None:
    # A separate process: Playwright's sync API allows one instance per thread (the fixture's).
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "screenshot",
            str(SAMPLES),
            "-o",
            str(tmp_path),
            "--run",
            "977",
            "--width",
            "1000",
            "--color-scheme",
            "dark",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"Saved {tmp_path / screenshot.TAB_PNG} and ")
    assert "(run 977, stages " in result.stderr
    assert screenshot.png_size((tmp_path / screenshot.TAB_PNG).read_bytes())[0] == 1000
