"""Accessibility in a real browser: axe-core on every page in both colour schemes, landmarks and
heading levels in order, status and tone in words as well as colour.

axe-core comes from the ``axe-playwright-python`` package (the ``browser`` extra), which ships
``axe.min.js``: nothing is fetched while the tests run.  It is evaluated through the DevTools
protocol, which the pages' Content-Security-Policy (no script at all) does not govern.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from generator import build_site
from tests.conftest import SAMPLES

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
#: axe rules about page structure: none may fail, whatever impact axe gives them.
STRUCTURE_RULES = {
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-unique",
    "region",
    "heading-order",
    "page-has-heading-one",
    "empty-heading",
    "document-title",
    "html-has-lang",
}

OUTLINE_JS = """() => ({
  headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1])),
  main: document.querySelectorAll('main').length,
  banner: [...document.querySelectorAll('body > header')].length,
  contentinfo: [...document.querySelectorAll('body > footer')].length,
  outside: [...document.body.children].filter(
    e => !['HEADER', 'MAIN', 'FOOTER', 'NAV'].includes(e.tagName)).map(e => e.tagName),
})"""
AXE_RUN_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
  }));
}"""
TONE_WORDS_JS = """() => [...document.querySelectorAll('[data-tone]')]
  .filter(e => e.innerText.trim() === '').map(e => e.outerHTML.slice(0, 80))"""


@cache
def axe_source() -> str | None:
    try:
        packaged = resources.files("axe_playwright_python") / "axe.min.js"
        return packaged.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return None


@pytest.fixture(scope="module")
def axe() -> str:
    source = axe_source()
    if source is None:
        missing = "axe-core not found (pip install -e '.[browser]' installs axe-playwright-python)"
        if os.environ.get("RUN_INSIGHTS_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    return source


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("a11y")
    assert not build_site([str(SAMPLES)], folder).errors
    return folder


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("*.html"))
    assert len(pages) > 30, "every report, history page and the index"
    return pages


@pytest.mark.parametrize(("scheme", "width"), [("light", 375), ("dark", 1280)])
def test_axe_finds_no_serious_violation_on_any_page(
    scheme: str, width: int, site: Path, page: Any, axe: str
) -> None:
    """Both schemes, and a phone and a desktop width (narrow tables scroll: keyboard reach)."""
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for path in _pages(site):
        page.goto(path.as_uri())
        page.evaluate(axe)
        for violation in page.evaluate(AXE_RUN_JS):
            if violation["impact"] in BLOCKING or violation["id"] in STRUCTURE_RULES:
                problems.append((path.name, violation))
    assert problems == []


def test_landmarks_and_headings_are_in_order(site: Path, page: Any) -> None:
    for path in _pages(site):
        page.goto(path.as_uri())
        outline = page.evaluate(OUTLINE_JS)
        levels = outline["headings"]
        assert levels[0] == 1 and levels.count(1) == 1, path.name
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert jumps == [], f"{path.name} skips a heading level"
        landmarks = (outline["banner"], outline["main"], outline["contentinfo"])
        assert landmarks == (1, 1, 1), path.name
        assert outline["outside"] == [], f"{path.name}: content outside every landmark"


def test_every_tone_is_said_in_words(site: Path, page: Any) -> None:
    for path in _pages(site):
        page.goto(path.as_uri())
        assert page.evaluate(TONE_WORDS_JS) == [], path.name
