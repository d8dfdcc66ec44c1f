"""Every sample report opened from disk in headless Chromium: cards and stages as a reader sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import rules
from generator.build import unique_stems
from tests.conftest import sample_runs

STEMS = sorted(unique_stems(sample_runs()))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, site: dict[str, str]) -> Path:
    folder = tmp_path_factory.mktemp("site")
    for name, text in site.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.browser
@pytest.mark.parametrize("stem", STEMS)
def test_report_opens_from_disk_with_cards_and_stages(stem: str, built: Path, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    page.on("request", lambda request: requests.append(request.url))
    page.goto((built / f"{stem}.html").as_uri())
    labels = page.locator("[data-card] .card-label").all_inner_texts()
    stages = page.locator("[data-stage]").evaluate_all("els => els.map(e => e.dataset.stage)")
    border = page.locator("[data-stage]").evaluate_all(
        "els => els.map(e => getComputedStyle(e).borderLeftColor)"
    )
    page.close()
    assert errors == []
    assert requests == [(built / f"{stem}.html").as_uri()]
    assert labels in ([], ["Status", "Create", "Update", "Open Problems"])
    known = [s for s in stages if s in rules.PIPELINE]
    assert known == sorted(known, key=rules.PIPELINE.index)
    assert all(color not in ("", "rgba(0, 0, 0, 0)") for color in border)
