"""The command line: exit codes, exact messages, stdin, determinism, nothing half-written."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.site.manifest import MANIFEST
from tests.conftest import FIXTURES, SAMPLES

INVALID = FIXTURES / "invalid"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _tree(folder: Path) -> dict[str, bytes]:
    """Every page of a built folder (the manifest aside: it is the build's own record)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if not p.name.startswith(MANIFEST)
    }


FORMATS = ("html", "md")
SUMMARY = re.compile(
    r"Built (\d+) file\(s\), (\d+) unchanged, (\d+) removed, (\d+) failed in [0-9.]+ s "
    r"\((\d+) report\(s\) in (.+)\)\.\n"
)


def test_build_samples_writes_a_page_per_run_in_both_formats_and_an_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stems: dict[str, object]
) -> None:
    code, _, err = _run(capsys, "build", str(SAMPLES), "-o", str(tmp_path), "-q")
    assert code == 0, err
    assert err == ""
    names = set(_tree(tmp_path))
    expected = {f"{stem}.{fmt}" for stem in stems for fmt in FORMATS}
    histories = {f"{stem.split('--')[0]}--history.{fmt}" for stem in stems for fmt in FORMATS}
    assert names == expected | histories | {"index.html", "index.md"}


def test_build_prints_one_summary_line_after_plain_progress_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stems: dict[str, object]
) -> None:
    code, _, err = _run(capsys, "build", str(SAMPLES), "-o", str(tmp_path), "-j", "1")
    assert code == 0, err
    *lines, summary = err.splitlines(keepends=True)
    assert lines[0] == "reading inputs: 14/14 (100%)\n"
    assert lines[-1] == "writing pages: 16/16 (100%)\n"
    match = SUMMARY.fullmatch(summary)
    assert match is not None, summary
    built, unchanged, removed, failed, reports, folder = match.groups()
    assert (int(built), unchanged, removed, failed) == (len(_tree(tmp_path)), "0", "0", "0")
    assert (int(reports), folder) == (len(stems), str(tmp_path))


def test_building_twice_gives_identical_files(tmp_path: Path) -> None:
    assert main(["build", str(SAMPLES), "-o", str(tmp_path / "a"), "-q"]) == 0
    assert main(["build", str(SAMPLES), "-o", str(tmp_path / "b"), "-q"]) == 0
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_invalid_inputs_are_each_named_with_place_and_expectation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(FIXTURES)
    code, out, err = _run(capsys, "build", "invalid", "-o", str(tmp_path), "-q")
    assert code == 1
    assert out == ""
    expected = (INVALID / "expected-errors.txt").read_text(encoding="utf-8")
    assert err == expected


def test_a_broken_file_among_good_ones_exits_1_and_builds_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stems: dict[str, object]
) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLES, inputs)
    (inputs / "zz-broken.json").write_text('{"instance": {"name": "x"}, "run": ', "utf-8")
    code, _, err = _run(capsys, "build", str(inputs), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"error: {inputs / 'zz-broken.json'}:1:36: invalid JSON: Expecting value\n" in err
    assert len(list((tmp_path / "out").glob("*--run-*.html"))) == len(stems) - 1  # one no-runs


def test_only_bad_inputs_leave_an_existing_index_alone(tmp_path: Path) -> None:
    assert main(["build", str(SAMPLES), "-o", str(tmp_path), "-q"]) == 0
    before = _tree(tmp_path)
    assert main(["build", str(INVALID / "empty.json"), "-o", str(tmp_path), "-q"]) == 1
    assert _tree(tmp_path) == before


def test_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = {
        "instance": {"name": "Piped"},
        "run": {"id": 5, "mode": "apply", "status": "queued"},
    }
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(document).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, _, _ = _run(capsys, "build", "-", "-o", str(tmp_path), "--format", "md")
    assert code == 0
    assert sorted(_tree(tmp_path)) == ["index.md", "piped--history.md", "piped--run-5.md"]
    assert "(<stdin>)" not in (tmp_path / "piped--run-5.md").read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "x.json"], "the following arguments are required: -o/--output"),
        (
            ["build", "x.json", "-o", "out", "--format", "pdf"],
            "unknown format 'pdf'; expected html, md or html,md",
        ),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["build", "x.json", "-o", "out", "--theme", "nope"], "theme 'nope' not found"),
        (
            ["build", "x.json", "-o", "out", "--md-dialect", "gitlab"],
            "argument --md-dialect: invalid choice: 'gitlab' (choose from 'github', 'mkdocs', "
            "'techdocs', 'plain')",
        ),
        (
            ["build", "x.json", "-o", "out", "--html-mode", "loose"],
            "argument --html-mode: invalid choice: 'loose' (choose from 'single', 'strict')",
        ),
        (
            ["build", "x.json", "-o", "out", "--jobs", "0"],
            "argument -j/--jobs: invalid job count '0'; expected 1 or more",
        ),
        (
            ["build", "x.json", "-o", "out", "--shard", "3/2"],
            "argument --shard: --shard '3/2': expected K/N with 1 <= K <= N, such as 2/4",
        ),
        (
            ["build", "x.json", "-o", "out", "--shard", "1/2", "--index-only"],
            "argument --index-only: not allowed with argument --shard",
        ),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        code = main(argv)
        raise SystemExit(code)
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def test_schema_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "schema")
    assert code == 0
    committed = (Path(__file__).parent.parent / "docs" / "export-schema.json").read_text("utf-8")
    assert out == committed, "docs/export-schema.json is stale: run-insights schema > it"


def test_console_script_and_module_entry_point(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(INVALID / "empty.json"), "-o", "x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"error: {INVALID / 'empty.json'}: empty file; expected a JSON export\n" in result.stderr
    assert not (tmp_path / "x").exists(), "nothing loaded: nothing written"


def test_strict_html_mode_writes_the_shared_stylesheet_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stems: dict[str, object]
) -> None:
    argv = ["build", str(SAMPLES), "-o", str(tmp_path), "--html-mode", "strict", "-q"]
    code, _, err = _run(capsys, *argv)
    assert code == 0, err
    names = set(_tree(tmp_path))
    assert "run-insights.css" in names
    assert [name for name in names if not name.endswith((".html", ".md"))] == ["run-insights.css"]
    assert len([name for name in names if name.endswith(".html")]) == len(stems) + 16 + 1


def test_md_dialect_and_emoji_reach_the_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = str(SAMPLES / "04-checkmk-failed-validate-setup.json")
    argv = ["build", sample, "-o", str(tmp_path), "--format", "md", "-q"]
    code, _, err = _run(capsys, *argv, "--md-dialect", "mkdocs", "--md-emoji")
    assert (code, err) == (0, "")
    page = (tmp_path / "checkmk-branch-offices--run-3107.md").read_text("utf-8")
    assert '\n!!! danger "Error summary"\n' in page
    assert "### 1. validate_setup: failed (🔴 needs attention)\n" in page
