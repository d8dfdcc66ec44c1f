"""Every page of the sample site as a reader sees it in headless Chromium, at every width.

At 375, 768, 1280 and 1920 px and on paper: no short word or token breaks inside itself (each
word's text range is measured where Chromium laid it out), no box covers its neighbour or spills
out of its own.  In light and dark, the top of every page is compared with a reviewed baseline
screenshot in ``tests/visual/`` (``make screenshots`` rewrites them; review them like code).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import build_site
from tests.browsing import BOXES, BROKEN_WORDS_JS, OVERLAPS_JS, SCHEMES, SHORT_TOKEN
from tests.conftest import SAMPLES
from tests.screenshots import WIDTHS, compare, update_screenshots

pytestmark = pytest.mark.browser

#: The height of the top of each page kept as a baseline (a phone's first screen).
CLIP_HEIGHT = 640


def _font(pattern: str) -> str:
    found = subprocess.run(
        ["fc-match", "-f", "%{family[0]}", pattern], capture_output=True, text=True, check=False
    )
    return found.stdout.strip()


@pytest.fixture(scope="module")
def pinned_fonts() -> None:
    """The baselines were taken with DejaVu as the only fonts (Debian's fonts-dejavu-core)."""
    if shutil.which("fc-match") is None:
        pytest.fail("fc-match not found: install Debian's fontconfig and fonts-dejavu-core")
    fonts = {pattern: _font(pattern) for pattern in ("system-ui", "sans-serif", "monospace")}
    assert fonts == {
        "system-ui": "DejaVu Sans",
        "sans-serif": "DejaVu Sans",
        "monospace": "DejaVu Sans Mono",
    }, "screenshots need DejaVu as the only fonts (fonts-dejavu-core)"


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("visual")
    result = build_site([str(SAMPLES)], folder)
    assert not result.errors
    return folder


def pages(folder: Path) -> list[str]:
    names = sorted(path.stem for path in folder.glob("*.html"))
    assert "index" in names and len(names) > 30
    return names


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": CLIP_HEIGHT})
    opened = context.new_page()
    offline = lambda r: r.continue_() if r.request.is_navigation_request() else r.abort()  # noqa: E731
    opened.route("**/*", offline)
    yield opened
    context.close()


def _read(tab: Any, folder: Path, width: int, media: str) -> dict[str, list[str]]:
    tab.set_viewport_size({"width": width, "height": CLIP_HEIGHT})
    tab.emulate_media(media=media, color_scheme="light")
    found: dict[str, list[str]] = {}
    for name in pages(folder):
        tab.goto((folder / f"{name}.html").as_uri())
        problems = tab.evaluate(BROKEN_WORDS_JS, SHORT_TOKEN) + tab.evaluate(OVERLAPS_JS, BOXES)
        if problems:
            found[name] = problems
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_no_word_breaks_and_nothing_overlaps_on_screen(
    width: int, site_folder: Path, tab: Any
) -> None:
    assert _read(tab, site_folder, width, "screen") == {}


def test_no_word_breaks_and_nothing_overlaps_on_paper(site_folder: Path, tab: Any) -> None:
    """An A4 page less its margins is about 680 CSS px wide."""
    assert _read(tab, site_folder, 680, "print") == {}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_match_the_reviewed_baselines(
    width: int,
    scheme: str,
    site_folder: Path,
    tab: Any,
    request: pytest.FixtureRequest,
    pinned_fonts: None,
) -> None:
    tab.set_viewport_size({"width": width, "height": CLIP_HEIGHT})
    tab.emulate_media(media="screen", color_scheme=scheme)
    update = update_screenshots(request.config)
    differences = []
    for name in pages(site_folder):
        tab.goto((site_folder / f"{name}.html").as_uri())
        shot = tab.screenshot(animations="disabled", caret="hide")
        difference = compare(shot, f"{name}--{width}-{scheme}", update)
        if difference:
            differences.append(difference)
    assert differences == []
