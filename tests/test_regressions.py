"""Bugs that rules written more than once caused, each reproduced through a public entry point."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from generator import RenderOptions, build_site, load, load_bytes, render_site
from generator.cli import main
from generator.exports.model import ExportedRun
from generator.view.limits import Limits
from tests.conftest import SAMPLES

PREVIEW = SAMPLES / "01-netbox-preview-ready.json"


def _runs(document: object) -> list[ExportedRun]:
    items = list(load_bytes(json.dumps(document).encode(), "export.json"))
    assert all(isinstance(item, ExportedRun) for item in items), items
    return items  # type: ignore[return-value]


def test_the_library_site_names_and_lists_runs_from_redacted_values() -> None:
    document = {
        "instance": {"id": 1, "name": "Core password=hunter2x"},
        "run": {"id": 7, "mode": "preview", "status": "preview_ready"},
    }
    site = render_site(_runs(document))
    assert "core-password-redacted--run-7.html" in site
    assert not [name for name, page in site.items() if "hunter2x" in name + page]


def _broken_theme(folder: Path, template: str, text: str) -> str:
    folder.mkdir(exist_ok=True)
    (folder / template).write_text(text, encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize(
    ("command", "template"),
    [
        (["diff", str(PREVIEW), str(PREVIEW), "-o", "{out}"], "diff.html.j2"),
        (["verify-docs", "{page}", "--format", "html"], "verify.html.j2"),
        (["screenshot", str(SAMPLES), "-o", "{out}"], "report.html.j2"),
        (["build", str(PREVIEW), "-o", "{out}"], "index.md.j2"),
    ],
    ids=["diff", "verify-docs", "screenshot", "build"],
)
def test_a_broken_theme_is_one_line_naming_the_template_and_line(
    command: list[str], template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = _broken_theme(tmp_path / "theme", template, "ok\n{% if %}\n")
    page = SAMPLES.parent / "tests" / "fixtures" / "docs" / "run-insights-tab.md"
    args = [part.format(out=tmp_path / "out", page=page) for part in command]
    assert main([*args, "--theme", theme]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"run-insights: error: theme '{theme}': {template}:2: "
        "Expected an expression, got 'end of statement block'\n"
    )
    assert not (tmp_path / "out").exists(), "nothing is written before the theme is checked"


def test_a_template_error_while_rendering_names_the_template_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = _broken_theme(tmp_path / "theme", "report.md.j2", "# x\n{{ report.no_such_field }}\n")
    out = tmp_path / "out"
    assert main(["build", str(PREVIEW), "-o", str(out), "--theme", theme, "-q", "-j", "1"]) == 1
    assert capsys.readouterr().err == (
        f"run-insights: error: theme '{theme}': report.md.j2:2: "
        "Report has no attribute 'no_such_field'\n"
    )


def test_the_latest_run_is_the_same_for_the_report_and_the_index() -> None:
    def run(run_id: str, status: str) -> dict[str, object]:
        started = "2026-06-03T02:00:00Z"
        return {"id": run_id, "mode": "apply", "status": status, "started_at": started}

    big = "12345678901234567890"
    document = {"instance": {"name": "Lab"}, "runs": [run("5", "completed"), run(big, "failed")]}
    other = {"instance": {"name": "Another"}, "run": run("1", "completed")}
    runs = _runs(document) + _runs(other)
    assert runs[0].run is not None and str(runs[0].run.id) == big
    index = render_site(runs)["index.md"]
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert f"#{big}" in rows[0] and "failed" in rows[0], "the failed latest run sorts first"


def test_what_changed_since_the_run_before_keeps_to_the_page_budgets() -> None:
    def run(run_id: int, offset: int) -> dict[str, object]:
        metrics = {f"metric_{n:04d}": n + offset for n in range(3000)}
        stages = [{"stage": "extract", "status": "completed", "metrics_json": metrics}]
        started = f"2026-06-0{run_id}T02:00:00Z"
        return {"id": run_id, "mode": "apply", "status": "completed", "started_at": started,
                "stages": stages}  # fmt: skip

    runs = _runs({"instance": {"name": "Big"}, "runs": [run(1, 0), run(2, 1)]})
    limits = Limits(items=10, html_bytes=60_000, markdown_bytes=60_000)
    site = render_site(runs, RenderOptions(limits=limits))
    html, md = site["big--run-2.html"], site["big--run-2.md"]
    assert len(html.encode()) <= 60_000 and len(md.encode()) <= 60_000
    assert "2,990 more metrics omitted" in md


def test_pages_are_readable_by_other_users(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        build_site([str(PREVIEW)], tmp_path / "out")
    finally:
        os.umask(previous)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").glob("*.*")}
    pages = {name: mode for name, mode in modes.items() if name.endswith((".html", ".md"))}
    assert pages and set(pages.values()) == {0o644}


def test_an_empty_stage_list_beside_the_stages_is_no_conflict() -> None:
    stage = {"stage": "extract", "status": "completed", "metrics_json": {"processed": 3}}
    document = {
        "instance": {"name": "Lab"},
        "run": {"id": 1, "mode": "preview", "status": "running", "stages": []},
        "stages": [stage],
    }
    [exported] = _runs(document)
    assert [s.stage for s in exported.stages] == ["extract"]
    both = {**document, "run": {**document["run"], "stages": [stage]}}  # type: ignore[dict-item]
    [error] = load_bytes(json.dumps(both).encode(), "export.json")
    assert str(error) == (
        "export.json:$: stages are given both beside the run and inside it; expected one"
    )


def test_load_redacts_unless_asked_not_to(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    document = {"instance": {"name": "Lab token=abcdef123456"},
                "run": {"id": 1, "mode": "preview", "status": "queued"}}  # fmt: skip
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load([str(path)]).runs[0].instance.name == "Lab token=[REDACTED]"
    assert load([str(path)], redaction=False).runs[0].instance.name.endswith("abcdef123456")
