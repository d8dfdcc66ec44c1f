"""Every sample report as a reader sees it in headless Chromium: offline, both colour schemes,
narrow and wide screens, on paper.  Facts come from computed styles, not from the HTML source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import build_site
from generator import report_stems as unique_stems
from generator.render import SHARED_STYLESHEET, RenderOptions
from generator.view import rules
from tests.browsing import (
    SCHEMES,
    TOKENS_JS,
    TONES,
    WCAG_AA_TEXT,
    PageLog,
    contrast,
    open_page,
    serve,
    watch,
)
from tests.conftest import ROOT, SAMPLES, sample_runs

pytestmark = pytest.mark.browser

STEMS = sorted(unique_stems(sample_runs()))


def site_pages(folder: Path) -> list[str]:
    """Every HTML page of a build: the reports, the instances' histories, the index."""
    names = sorted(path.stem for path in folder.glob("*.html"))
    assert set(STEMS) | {"index"} <= set(names)
    return names


ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOT_SAMPLE = "netbox-branch-sites--run-1907"  # failed apply: every tone kind, a payload


@pytest.fixture(scope="module")
def single_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample_runs/ built to disk as a user would, default options."""
    folder = tmp_path_factory.mktemp("single")
    result = build_site([str(SAMPLES)], folder)
    assert not result.errors
    return folder


@pytest.fixture(scope="module")
def strict_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample_runs/ built in strict HTML mode: pages and one shared stylesheet."""
    folder = tmp_path_factory.mktemp("strict")
    result = build_site([str(SAMPLES)], folder, RenderOptions(html_mode="strict"))
    assert not result.errors
    return folder


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


CARDS_JS = """els => els.map(e => {
  const s = getComputedStyle(e);
  return {tone: e.dataset.tone, border: s.borderLeftColor, bg: s.backgroundColor,
          label: getComputedStyle(e.querySelector('.card-label')).color};
})"""
SCROLL_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _check_cards(page: Any, tokens: dict[str, Any]) -> None:
    cards = page.locator("[data-card]").evaluate_all(CARDS_JS)
    for card in cards:
        tone = tokens[card["tone"]]
        assert (card["border"], card["bg"], card["label"]) == (tone["fg"], tone["bg"], tone["fg"])
    backgrounds = {card["tone"]: card["bg"] for card in cards}
    assert len(set(backgrounds.values())) == len(backgrounds), "each tone has its own colour"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_loads_offline_with_tone_colours_order_and_no_sideways_scroll(
    scheme: str, single_site: Path, page: Any
) -> None:
    page.emulate_media(color_scheme=scheme)
    log: PageLog = watch(page)
    for name in site_pages(single_site):
        url = (single_site / f"{name}.html").as_uri()
        open_page(page, log, url)
        tokens = page.evaluate(TOKENS_JS, list(TONES))
        _check_cards(page, tokens)
        stages = page.locator("[data-stage]").evaluate_all("els => els.map(e => e.dataset.stage)")
        known = [stage for stage in stages if stage in rules.PIPELINE]
        assert known == sorted(known, key=rules.PIPELINE.index), name
        assert stages[: len(known)] == known, name
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate(SCROLL_JS) <= 0, f"{name} scrolls sideways at {width}px"
        assert log.errors == [], name
        assert log.requests == [url], name


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_tone_is_readable(scheme: str, single_site: Path, page: Any) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto((single_site / "index.html").as_uri())
    tokens = page.evaluate(TOKENS_JS, list(TONES))
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    for tone in TONES:
        fg, bg = tokens[tone]["fg"], tokens[tone]["bg"]
        for text, name in ((fg, "tone"), (tokens["text"], "text"), (tokens["muted"], "muted")):
            ratio = contrast(text, bg)
            assert ratio >= WCAG_AA_TEXT, f"{scheme} {name} on {tone} background: {ratio:.2f}"
        assert contrast(fg, background) >= WCAG_AA_TEXT, f"{scheme} {tone} on the page"
    dark_page = contrast(background, "rgb(0, 0, 0)") < contrast(background, "rgb(255, 255, 255)")
    assert dark_page == (scheme == "dark")


PAYLOADS_JS = """() => [...document.querySelectorAll('details')]
  .flatMap(d => [...d.children].filter(c => c.tagName !== 'SUMMARY'))
  .map(e => e.checkVisibility())"""


def test_print_is_light_and_shows_every_error_payload(single_site: Path, page: Any) -> None:
    page.emulate_media(color_scheme="dark")
    shown = 0
    for name in STEMS:
        page.goto((single_site / f"{name}.html").as_uri())
        page.emulate_media(media="screen")
        on_screen = page.evaluate(PAYLOADS_JS)
        page.emulate_media(media="print")
        on_paper = page.evaluate(PAYLOADS_JS)
        assert on_paper == [True] * len(on_screen), name
        assert not any(on_screen), f"{name}: payloads start folded on screen"
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(255, 255, 255)", "print is light even for a dark reader"
        breaks = page.locator(".stage, .card").evaluate_all(
            "els => els.map(e => getComputedStyle(e).breakInside)"
        )
        assert set(breaks) <= {"avoid"}, name
        shown += len(on_paper)
    assert shown >= 9, "the samples hold error payloads"


def test_screenshots_light_dark_and_print(single_site: Path, page: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto((single_site / f"{SCREENSHOT_SAMPLE}.html").as_uri())
    for name, media in (("light", {"color_scheme": "light"}), ("dark", {"color_scheme": "dark"})):
        page.emulate_media(media="screen", **media)
        path = ARTIFACTS / f"{SCREENSHOT_SAMPLE}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
    page.emulate_media(media="print", color_scheme="light")
    path = ARTIFACTS / f"{SCREENSHOT_SAMPLE}-print.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_compact_theme_loads_without_errors_or_sideways_scroll(tmp_path: Path, page: Any) -> None:
    result = build_site([str(SAMPLES)], tmp_path, RenderOptions(theme="compact"))
    assert not result.errors
    log = watch(page)
    for name in ("index", SCREENSHOT_SAMPLE):
        url = (tmp_path / f"{name}.html").as_uri()
        open_page(page, log, url)
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate(SCROLL_JS) <= 0, f"{name} scrolls sideways at {width}px"
        assert (log.errors, log.requests) == ([], [url])


JENKINS_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';"
STYLED_JS = """() => ({
  body: getComputedStyle(document.body).backgroundColor,
  bg: (() => {
    const probe = document.createElement('div');
    document.body.append(probe);
    probe.style.setProperty('color', 'var(--bg)');
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value;
  })(),
  maxWidth: getComputedStyle(document.body).maxWidth,
})"""


def _check_styled(page: Any, name: str) -> None:
    styled = page.evaluate(STYLED_JS)
    assert styled["body"] == styled["bg"] != "rgba(0, 0, 0, 0)", f"{name} is unstyled"
    assert styled["maxWidth"] != "none", f"{name} is unstyled"
    _check_cards(page, page.evaluate(TOKENS_JS, list(TONES)))


def test_strict_pages_are_styled_under_the_jenkins_policy_header(
    strict_site: Path, page: Any
) -> None:
    """Every page in light; dark on one page (the stylesheet is the same file for every page)."""
    with serve(strict_site, {"Content-Security-Policy": JENKINS_POLICY}) as base:
        stylesheet = base + SHARED_STYLESHEET
        log = watch(page, allow=(stylesheet,))
        visits = [("light", name) for name in site_pages(strict_site)]
        for scheme, name in [*visits, ("dark", SCREENSHOT_SAMPLE)]:
            page.emulate_media(color_scheme=scheme)
            url = f"{base}{name}.html"
            response = page.goto(url)
            assert response.headers["content-security-policy"] == JENKINS_POLICY
            _check_styled(page, name)
            body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
            dark = contrast(body, "rgb(0, 0, 0)") < contrast(body, "rgb(255, 255, 255)")
            assert dark == (scheme == "dark"), name
            assert log.errors == [], name
            assert log.requests == [url, stylesheet], name
            log.requests.clear()


def test_strict_pages_are_styled_from_disk(strict_site: Path, page: Any) -> None:
    log = watch(page, allow=((strict_site / SHARED_STYLESHEET).as_uri(),))
    for name in ("index", SCREENSHOT_SAMPLE):
        url = (strict_site / f"{name}.html").as_uri()
        open_page(page, log, url)
        _check_styled(page, name)
        assert log.errors == [], name
        assert log.requests == [url, (strict_site / SHARED_STYLESHEET).as_uri()]
