"""Every page of the sample site as a reader sees it in headless Chromium, at every width.

At 375, 768, 1280 and 1920 px and on paper: no short word or token breaks inside itself (each
word's text range is measured where Chromium laid it out), no box covers its neighbour or spills
out of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import build_site
from tests.browsing import BOXES, BROKEN_WORDS_JS, OVERLAPS_JS, SHORT_TOKEN
from tests.conftest import SAMPLES

pytestmark = pytest.mark.browser

WIDTHS = (375, 768, 1280, 1920)

#: The height of the top of each page kept as a baseline (a phone's first screen).
CLIP_HEIGHT = 800


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
