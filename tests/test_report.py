"""``run-insights report``: one run's page to standard output or a file, and the --fail-on gate.

The page must be the one ``build`` writes for that run, less the links into a site; the
command is run as a real process where standard streams and exit codes matter.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import load, render_site
from generator.cli import main
from generator.exports.latest import newest_first
from generator.names import report_stem
from tests.conftest import SAMPLES

COMMAND = [sys.executable, "-m", "generator"]
SAMPLE_FILES = sorted(path for path in SAMPLES.iterdir() if path.is_file())
FAILED = SAMPLES / "04-checkmk-failed-validate-setup.json"
CLEAN = SAMPLES / "03-zabbix-full-sync-completed-clean.json"
PROBLEMS = SAMPLES / "02-nautobot-full-sync-completed-open-problems.json"
TRUNCATED = SAMPLES / "05-infrahub-failed-extract-truncated-debug.json"
PREVIEW = SAMPLES / "01-netbox-preview-ready.json"
HISTORY = SAMPLES / "13-netbox-preview-then-full-sync-array.json"


def _cli(
    *argv: str, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*COMMAND, *argv], input=stdin, capture_output=True, cwd=cwd, timeout=120, check=False
    )


def _without_site_links(page: str) -> str:
    """A site page with its links into the site taken out (what ``report`` leaves out)."""
    page = re.sub(r"^\[All instances\]\([^)]*\)[^\n]*\n\n", "", page, flags=re.M)
    page = re.sub(r"\[([^\]]*)\]\([^)\s]+\.md\)", r"\1", page)
    page = re.sub(r' · <a href="[^"]+\.html">(All instances|Run history)</a>', "", page)
    return re.sub(r'<a href="[^":]+\.html">([^<]*)</a>', r"\1", page)


def _latest_stem(path: Path) -> str:
    runs = load([str(path)]).runs
    with_runs = [exported for exported in runs if exported.run is not None]
    if not with_runs:
        return report_stem(runs[0].instance.name, None)
    latest = newest_first(exported.run for exported in with_runs if exported.run)[0]
    instance = next(e.instance.name for e in with_runs if e.run is latest)
    return report_stem(instance, str(latest.id))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name[:2])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_page_is_the_one_build_writes_without_site_links(
    path: Path, fmt: str, tmp_path: Path
) -> None:
    site = render_site(load([str(path)]).runs)
    out = tmp_path / f"page.{fmt}"
    assert main(["report", str(path), "-o", str(out)]) == 0
    built = site[f"{_latest_stem(path)}.{fmt}"]
    assert out.read_text(encoding="utf-8") == _without_site_links(built)
    assert "](" not in out.read_text(encoding="utf-8") or fmt == "html"


def test_standard_output_by_default_and_nothing_else_is_written(tmp_path: Path) -> None:
    done = _cli("report", str(HISTORY), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = done.stdout.decode("utf-8")
    assert page.startswith("# Run Insights — NetBox - EMEA Sites\n")
    assert "## What changed since run #955" in page
    assert done.stderr == b""
    assert list(tmp_path.iterdir()) == []


def test_standard_input_is_read_with_a_dash(tmp_path: Path) -> None:
    done = _cli("report", "-", stdin=PREVIEW.read_bytes(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "| Status | preview_ready |" in done.stdout.decode("utf-8")
    assert list(tmp_path.iterdir()) == []


def test_bad_standard_input_is_one_line_naming_stdin() -> None:
    done = _cli("report", "-", stdin=b'{"run": ')
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode().startswith("run-insights: error: <stdin>:1:")
    assert b"Traceback" not in done.stderr


def test_run_picks_an_earlier_run_and_unknown_ids_are_listed(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert main(["report", str(HISTORY), "--run", "955"]) == 0
    assert "**Run:** #955" in capsysbinary.readouterr().out.decode()
    assert main(["report", str(HISTORY), "--run", "7"]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert err == f"run-insights: error: {HISTORY}: no run #7; runs with a report: #955, #956\n"


def test_the_format_follows_the_file_suffix(tmp_path: Path) -> None:
    assert main(["report", str(CLEAN), "-o", str(tmp_path / "run.html")]) == 0
    assert (tmp_path / "run.html").read_text().startswith("<!DOCTYPE html>")
    assert main(["report", str(CLEAN), "-o", str(tmp_path / "run.txt")]) == 0
    assert (tmp_path / "run.txt").read_text().startswith("# Run Insights")


@pytest.mark.parametrize(
    ("path", "conditions", "code", "matched"),
    [
        (FAILED, "failed,problems", 3, "failed"),
        (PROBLEMS, "failed,problems", 3, "problems"),
        (TRUNCATED, "truncated", 3, "truncated"),
        (PREVIEW, "conflicts", 3, "conflicts"),
        (CLEAN, "failed,problems,truncated,conflicts", 0, None),
        (PREVIEW, "failed", 0, None),
    ],
)
def test_fail_on_exits_3_after_writing_the_page(
    path: Path, conditions: str, code: int, matched: str | None, tmp_path: Path
) -> None:
    out = tmp_path / "run.md"
    done = _cli("report", str(path), "--fail-on", conditions, "-o", str(out))
    assert done.returncode == code, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# Run Insights")
    if matched:
        assert f"matches --fail-on {matched}" in done.stderr.decode()
    else:
        assert done.stderr == b""


def test_unknown_fail_on_condition_is_a_usage_error() -> None:
    done = _cli("report", str(CLEAN), "--fail-on", "failed,late")
    assert done.returncode == 2
    assert "unknown condition late; expected any of failed, problems, truncated, conflicts" in (
        done.stderr.decode()
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "pdf"], "PDF needs a file: add -o FILE.pdf"),
        (["-o", ""], "-o is empty"),
    ],
)
def test_usage_errors(argv: list[str], message: str) -> None:
    done = _cli("report", str(CLEAN), *argv)
    assert done.returncode == 2
    assert message in done.stderr.decode()
    assert done.stdout == b""


def test_a_huge_run_fits_a_github_step_summary_and_renders_there(tmp_path: Path) -> None:
    import json

    import cmarkgfm

    export = json.loads(PROBLEMS.read_text(encoding="utf-8"))
    stage = export["stages"][1]
    stage["metrics_json"] |= {f"key_{n}": "x" * 600 for n in range(4000)}
    stage["error_payload"] = {"trace": "\n".join(f"#{n} frame" * 20 for n in range(20_000))}
    big = tmp_path / "big.json"
    big.write_text(json.dumps(export), encoding="utf-8")
    assert big.stat().st_size > 4 * 1024 * 1024
    done = _cli("report", str(big))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) <= 1024 * 1024  # GitHub's step-summary limit
    html = cmarkgfm.github_flavored_markdown_to_html(done.stdout.decode("utf-8"))
    for label in ("Status", "Create", "Update", "Open Problems"):
        assert f"<td>{label}</td>" in html
    assert "more entries omitted" in done.stdout.decode("utf-8")
