"""Shared fixtures: the sample runs, loaded and rendered once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import render_site, unique_stems
from generator.load import ExportedRun, load

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
