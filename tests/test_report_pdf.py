"""``run-insights report --format pdf``: the PDF read back with a PDF library (pypdf).

The command runs as its own process, as a user runs it (it starts and stops its own Chromium).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.view import rules
from tests.conftest import SAMPLES

pypdf = pytest.importorskip("pypdf")

pytestmark = pytest.mark.browser

FAILED = SAMPLES / "04-checkmk-failed-validate-setup.json"
PROBLEMS = SAMPLES / "02-nautobot-full-sync-completed-open-problems.json"
#: Page sizes in PDF points (1/72 inch), as Chromium writes them.
A4 = (595.9, 842.9)
LETTER = (612.0, 792.0)


def _pdf(tmp_path: Path, source: Path, *argv: str) -> tuple[bytes, object]:
    out = tmp_path / "run.pdf"
    done = _cli("report", str(source), "-o", str(out), *argv)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    return data, pypdf.PdfReader(out)


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _text(reader: object) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)  # type: ignore[attr-defined]


def _size(page: object) -> tuple[float, float]:
    box = page.mediabox  # type: ignore[attr-defined]
    return round(float(box.width), 1), round(float(box.height), 1)


def test_pdf_has_the_cards_values_stages_and_unfolded_payload(tmp_path: Path) -> None:
    data, reader = _pdf(tmp_path, FAILED)
    assert data.startswith(b"%PDF-")
    assert all(_size(page) == A4 for page in reader.pages)  # type: ignore[attr-defined]
    text = _text(reader)
    cards = [text.index(f"\n{rule.label}\n") for rule in rules.SUMMARY_CARDS]
    assert cards == sorted(cards), "summary cards out of order"
    assert re.search(r"\nStatus\nfailed\n", text)
    stages = [text.index(stage) for stage in ("validate_setup", "extract") if stage in text]
    assert stages == sorted(stages)
    # the error payload is printed whole, not folded away in a <details>
    assert "GuzzleHttp" in text and "RunIntegrationJob.php(61)" in text.replace("\n", "")


def test_letter_paper_metadata_and_same_bytes_twice(tmp_path: Path) -> None:
    first, reader = _pdf(tmp_path, PROBLEMS, "--paper", "letter")
    assert all(_size(page) == LETTER for page in reader.pages)  # type: ignore[attr-defined]
    info = reader.metadata  # type: ignore[attr-defined]
    assert info.title == "Run Insights — Nautobot - Campus · run 2291"
    assert info.subject == "Nautobot - Campus: Full Sync run #2291, completed"
    assert info["/Keywords"] == "Run Insights, Nautobot - Campus, Full Sync, completed, nautobot"
    assert info["/Creator"].startswith("run-insights ")
    assert info["/CreationDate"].startswith("D:2026")
    text = _text(reader)
    for rule in rules.PIPELINE:
        assert rule in text
    second, _ = _pdf(tmp_path, PROBLEMS, "--paper", "letter")
    assert first == second


def test_without_chromium_pdf_is_a_usage_error(tmp_path: Path) -> None:
    done = _cli("report", str(FAILED), "-o", str(tmp_path / "run.pdf"), "--chromium", "/nowhere")
    assert done.returncode == 2
    assert "Chromium not found at /nowhere" in done.stderr
    assert not (tmp_path / "run.pdf").exists()
