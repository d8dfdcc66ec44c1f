"""Size budgets: whatever the input, a page stays readable and under its byte budget."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator import render
from generator.cli import main
from generator.errors import UsageError
from generator.exports.load import load_bytes
from generator.exports.model import ExportedRun
from generator.view import fit, limits
from generator.view import report as insights
from generator.view.stages import Entry
from tests.conftest import FIXTURES
from tests.pages import parse_html


def _huge_export() -> dict[str, Any]:
    """One run (about 10 MB of JSON) with every field far beyond what a page can show."""
    long_text = "x" * 3_000_000
    chain = [
        {"class": f"E{i}", "message": "m" * 1_000, "trace": "#0 frame\n" * 500} for i in range(300)
    ]
    names = ["validate_setup", "extract", "canonicalize", "reconcile", "decide", "apply"]

    def stage(i: int) -> dict[str, Any]:
        metrics: dict[str, Any] = {}
        if i == 2:
            errors = [{"row": n, "error": "missing hostname"} for n in range(100_000)]
            metrics.update(validation_errors=errors, error_summary=long_text)
        metrics.update({f"metric_{n}": "v" * 200 for n in range(150)})
        metrics["summary"] = {f"reason_{n}": "r" * 1_000 for n in range(50)}
        return {
            "stage": names[i] if i < len(names) else f"custom_{i}",
            "status": "failed" if i == 2 else "completed",
            "metrics_json": metrics,
            "error_payload": {"class": "Boom", "message": long_text, "previous": chain}
            if i == 2
            else None,
        }

    history = [
        {"id": n, "mode": "apply", "status": "completed", "started_at": "2025-01-01T00:00:00Z"}
        for n in range(5_000)
    ]
    latest = {"id": 99_999, "mode": "apply", "status": "failed", "started_at": "2026-01-01"}
    latest["stages"] = [stage(i) for i in range(40)]
    return {
        "instance": {"name": "N" * 100_000, "driver": "d" * 100_000},
        "runs": [latest, *history],
    }


@pytest.fixture(scope="module")
def huge() -> ExportedRun:
    [exported] = load_bytes(json.dumps(_huge_export()).encode(), "huge.json")
    assert isinstance(exported, ExportedRun)
    return exported


@pytest.fixture(scope="module")
def huge_pages(huge: ExportedRun) -> dict[str, str]:
    report = insights.report(huge)
    return {fmt: render.render_report(report, fmt) for fmt in render.FORMATS}


def test_pages_stay_under_their_byte_budgets(huge_pages: dict[str, str]) -> None:
    assert len(huge_pages["html"].encode()) < 2_000_000
    assert len(huge_pages["md"].encode()) <= 1_048_576


def test_what_was_cut_is_said_explicitly(huge_pages: dict[str, str]) -> None:
    for page in huge_pages.values():
        assert "more characters omitted" in page
        assert "more items omitted" in page and "more entries omitted" in page
        assert "more stage cards omitted" in page
        assert "more chained exceptions omitted" in page
        assert "more earlier runs omitted" in page
    html = parse_html(huge_pages["html"])
    assert html.find_all("li", class_="stage")


def test_a_small_budget_is_met_by_tightening(huge: ExportedRun) -> None:
    small = limits.Limits(html_bytes=150_000, markdown_bytes=100_000)
    report = insights.report(huge)
    options = render.RenderOptions(limits=small)
    assert len(render.render_report(report, "html", options).encode()) <= 150_000
    assert len(render.render_report(report, "md", options).encode()) <= 100_000


def test_caps_say_how_much_they_cut() -> None:
    assert limits.cap_text("abcdef", 4) == "abcd… [2 more characters omitted]"
    assert limits.cap_lines("a\nb\nc", 1) == "a\n… [2 more lines omitted]"
    small = limits.Limits(items=2, depth=2)
    assert limits.cap_json([1, 2, 3, 4], small) == [1, 2, "… 2 more items omitted"]
    assert limits.cap_json({"a": 1, "b": 2, "c": 3}, small) == {
        "a": 1,
        "b": 2,
        "…": "1 more key omitted",
    }
    assert limits.cap_json([[[1]]], small) == [["… array of 1 item omitted"]]


def test_fitting_again_starts_from_the_full_view_model() -> None:
    entries = tuple(Entry(f"k{n}", str(n)) for n in range(10))
    once = fit.entries(entries, limits.Limits(items=5))
    assert once[-1] == Entry("…", "5 more entries omitted", 5)
    twice = fit.entries(entries, limits.Limits(items=2))
    assert twice[-1] == Entry("…", "8 more entries omitted", 8)


def test_limits_from_the_command_line() -> None:
    parsed = limits.parse_limit("string=500", limits.DEFAULT_LIMITS)
    assert parsed.string == 500
    assert limits.parse_limit("trace-lines=7", parsed).trace_lines == 7
    with pytest.raises(UsageError, match="unknown limit 'width=3'; expected NAME=NUMBER"):
        limits.parse_limit("width=3", parsed)
    with pytest.raises(UsageError, match="limit items must be a whole number of at least 1"):
        limits.parse_limit("items=0", parsed)


def test_tightening_reaches_a_floor() -> None:
    current = limits.DEFAULT_LIMITS
    for _ in range(30):
        current = current.tighter()
    assert current.floor
    assert current.html_bytes == limits.DEFAULT_LIMITS.html_bytes


def test_a_long_list_in_one_line_keeps_its_omission_visible() -> None:
    errors = [{"row": n, "error": "missing hostname"} for n in range(100_000)]
    line = limits.one_line_json(errors, limits.DEFAULT_LIMITS)
    assert len(line) <= limits.DEFAULT_LIMITS.string
    assert re.search(r'"… 99,9\d\d more items omitted"\]$', line), line[-80:]


def test_limits_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = FIXTURES / "hostile" / "long-fields.json"
    out = tmp_path / "out"
    argv = ["build", str(source), "-o", str(out), "-q", "--jobs", "1", "--format", "md"]
    assert main([*argv, "--limit", "width=3"]) == 2
    assert capsys.readouterr().err.startswith("run-insights: error: unknown limit 'width=3'")
    assert main([*argv, "--limit", "markdown_bytes=20000", "--limit", "string=300"]) == 0
    [page] = out.glob("*--run-9000.md")
    assert len(page.read_bytes()) <= 20_000
    assert "more entries omitted" in page.read_text("utf-8")
