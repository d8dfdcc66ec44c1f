"""Screenshots for the docs: a run's report opened in headless Chromium, saved as two PNGs.

``v2_run_insights_tab.png`` is the whole page (the four summary cards and the stage section);
``v2_run_insights_stages.png`` is a close-up of two neighbouring stage cards, one with metrics and
the next with a populated summary block.  The report is rendered by the HTML renderer into a
temporary folder and opened from disk; every request that is not a local file is aborted.
Playwright is optional (the ``screenshots`` extra): without it, or without Chromium, a usage error
says what to install.
"""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.commands.chromium import allow_local_only, launch
from generator.errors import InputError, RunInsightsError, UsageError
from generator.exports.load import load
from generator.exports.model import ExportedRun
from generator.files import write_bytes_atomic
from generator.frozen import frozen
from generator.render.pages import RenderOptions, check_options, render_report
from generator.render.themes import DEFAULT_THEME
from generator.view import rules
from generator.view.report import Report, report

TAB_PNG = "v2_run_insights_tab.png"
STAGES_PNG = "v2_run_insights_stages.png"
#: Room around the two stage cards in the close-up, in CSS pixels.
CLIP_PADDING = 16
VIEWPORT_HEIGHT = 900
COLOR_SCHEMES = ("light", "dark")


@frozen
class Box:
    """A rectangle in CSS pixels, from the top-left corner of the page."""

    x: float
    y: float
    width: float
    height: float

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.x + other.width <= self.x + self.width
            and other.y + other.height <= self.y + self.height
        )


@frozen
class ScreenshotOptions:
    """Page width (CSS pixels), device scale factor, theme, colour scheme, run, browser path."""

    width: int = 1280
    scale: float = 1.0
    theme: str = DEFAULT_THEME
    color_scheme: str = "light"
    run_id: str | None = None
    chromium: Path | None = None


@frozen
class ScreenshotResult:
    """What was saved: the two files, the run, the two stages and where they were on the page."""

    tab: Path
    stages: Path
    run_id: str
    stage_names: tuple[str, str]
    stage_boxes: tuple[Box, Box]
    clip: Box
    errors: tuple[InputError, ...] = ()


# --- Choosing what to show ---------------------------------------------------------------------


def pick_run(runs: Sequence[ExportedRun], run_id: str | None) -> ExportedRun:
    """The run with this id; without one, the first Sync Preview, else the first run."""
    with_runs = [exported for exported in runs if exported.run is not None]
    if run_id is not None:
        for exported in with_runs:
            assert exported.run is not None
            if str(exported.run.id) == run_id:
                return exported
        ids = ", ".join(str(e.run.id) for e in with_runs if e.run is not None) or "none"
        raise UsageError(f"no run {run_id} in the inputs; the runs are {ids}")
    if not with_runs:
        raise RunInsightsError("the inputs hold no run to take screenshots of")
    previews = [e for e in with_runs if e.run is not None and e.run.mode == rules.MODE_PREVIEW]
    return (previews or with_runs)[0]


def pick_stage_pair(page: Report) -> tuple[int, int]:
    """Indexes of two stage cards: one with metrics, the next with a summary block."""
    stages = page.stages
    for index in range(len(stages) - 1):
        if stages[index].metrics and stages[index + 1].summary:
            return index, index + 1
    for first, stage in enumerate(stages):
        for second, other in enumerate(stages):
            if first != second and stage.metrics and other.summary:
                return min(first, second), max(first, second)
    run = page.run.run_id if page.run else "?"
    raise RunInsightsError(
        f"run {run} has no stage with metrics and another with a summary block; "
        "pick another run with --run"
    )


def union(boxes: Sequence[Box], padding: float, page_width: float, page_height: float) -> Box:
    """The smallest box around ``boxes`` plus padding, kept inside the page."""
    left = max(0.0, min(box.x for box in boxes) - padding)
    top = max(0.0, min(box.y for box in boxes) - padding)
    right = min(page_width, max(box.x + box.width for box in boxes) + padding)
    bottom = min(page_height, max(box.y + box.height for box in boxes) + padding)
    return Box(left, top, right - left, bottom - top)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG image, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- The browser -------------------------------------------------------------------------------


def _document_box(page: Any, index: int) -> Box:
    rect = (
        page.locator("[data-stage]")
        .nth(index)
        .evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; }"
        )
    )
    return Box(*(float(value) for value in rect))


def _shoot(
    browser: Any, html: Path, pair: tuple[int, int], out_dir: Path, options: ScreenshotOptions
) -> tuple[tuple[Box, Box], Box]:
    page = browser.new_page(
        viewport={"width": options.width, "height": VIEWPORT_HEIGHT},
        device_scale_factor=options.scale,
        color_scheme=options.color_scheme,
    )
    try:
        page.route("**/*", allow_local_only)
        page.goto(html.as_uri())
        write_bytes_atomic(out_dir / TAB_PNG, page.screenshot(full_page=True))
        boxes = (_document_box(page, pair[0]), _document_box(page, pair[1]))
        size = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        clip = union(boxes, CLIP_PADDING, float(size[0]), float(size[1]))
        image = page.screenshot(
            full_page=True,
            clip={"x": clip.x, "y": clip.y, "width": clip.width, "height": clip.height},
        )
        write_bytes_atomic(out_dir / STAGES_PNG, image)
    finally:
        page.close()
    return boxes, clip


def _launch(options: ScreenshotOptions) -> tuple[Any, Any]:
    return launch(options.chromium, "screenshots need", "screenshots")


def take(
    inputs: Sequence[str],
    out_dir: Path,
    options: ScreenshotOptions = ScreenshotOptions(),
    browser: Any = None,
) -> ScreenshotResult:
    """Render one run's report and save the two PNGs into ``out_dir``.

    ``browser`` is an already launched Playwright browser; without one, Chromium is started and
    stopped here.
    """
    if options.color_scheme not in COLOR_SCHEMES:
        raise UsageError(f"unknown colour scheme {options.color_scheme!r}; expected light or dark")
    render_options = RenderOptions(formats=("html",), theme=options.theme)
    check_options(render_options)
    loaded = load(inputs)
    exported = pick_run(loaded.runs, options.run_id)
    page = report(exported)
    pair = pick_stage_pair(page)
    html = render_report(page, "html", render_options)
    playwright = None
    if browser is None:
        playwright, browser = _launch(options)
    try:
        with tempfile.TemporaryDirectory(prefix="run-insights-shot-") as folder:
            page_file = Path(folder) / "report.html"
            page_file.write_text(html, encoding="utf-8")
            boxes, clip = _shoot(browser, page_file, pair, out_dir, options)
    finally:
        if playwright is not None:
            browser.close()
            playwright.stop()
    assert page.run is not None
    return ScreenshotResult(
        tab=out_dir / TAB_PNG,
        stages=out_dir / STAGES_PNG,
        run_id=page.run.run_id,
        stage_names=(page.stages[pair[0]].name, page.stages[pair[1]].name),
        stage_boxes=boxes,
        clip=clip,
        errors=tuple(loaded.errors),
    )
