"""Every byte a build writes, pinned: the SHA-256 of each page built from the benchmark
corpus (with its secret-like text), the hostile fixtures and the samples, in every Markdown
dialect and both HTML modes.

A speed-up must leave these unchanged.  A change of a page that is meant (a new rule, a
fixed bug) updates them with ``make snapshots``; review it beside the readable page
snapshots of ``test_snapshots.py``, which show what changed.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from generator import SiteOptions, build_site
from generator.render import RenderOptions
from tests.conftest import FIXTURES, ROOT, SAMPLES

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus

#: (name, render options) of each build; the corpus is built in each.
VARIANTS = {
    "github-single": RenderOptions(),
    "mkdocs-strict": RenderOptions(md_dialect="mkdocs", html_mode="strict", md_emoji=True),
    "plain-unredacted": RenderOptions(md_dialect="plain", redact=False),
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.generate(folder, runs=240, instances=12)
    return [str(folder), str(FIXTURES / "hostile"), str(SAMPLES)]


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".run-insights")
    }


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_page_is_byte_for_byte_what_it_was(
    variant: str, inputs: list[str], tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    result = build_site(inputs, tmp_path, VARIANTS[variant], SiteOptions(), list_written=False)
    assert result.built > 250
    assert _digests(tmp_path) == snapshot
