"""Start-up: ``--version`` and ``--help`` load no command, a command loads only its own, and
compiled templates are kept between runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "02-nautobot-full-sync-completed-open-problems.json"

PROBE = """
import sys
from generator.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print("loaded:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""
HEAVY = ("pydantic", "jinja2", "markdown_it", "sqlite3", "concurrent.futures", "multiprocessing")


def _loaded(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=list(argv), heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = done.stdout.splitlines()[-1]
    assert last.startswith("loaded:"), done.stdout
    return set(filter(None, last.removeprefix("loaded:").split(",")))


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["bogus"]])
def test_version_and_help_import_no_heavy_module(argv: list[str]) -> None:
    assert _loaded(*argv) == set()


def test_a_command_loads_only_what_it_needs() -> None:
    assert "sqlite3" not in _loaded("schema")
    assert "jinja2" not in _loaded("schema")


def test_a_small_build_starts_no_process_pool(tmp_path: Path) -> None:
    loaded = _loaded("build", str(SAMPLE), "-o", str(tmp_path / "site"), "--quiet")
    assert (tmp_path / "site" / "index.html").exists()
    assert "concurrent.futures" not in loaded
    assert "multiprocessing" not in loaded


def test_the_program_leaves_with_its_output_flushed(tmp_path: Path) -> None:
    """``run-insights`` exits without tearing the interpreter down: what it printed still
    arrives whole through a pipe (a short table stays in the stream's buffer until flushed),
    and the exit code is the command's."""
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "docs-tables", "--table", "cards"],
        capture_output=True,
        text=True,
        env=buffered,
    )
    assert done.returncode == 0
    assert "| Open Problems |" in done.stdout
    assert done.stdout.rstrip().endswith("-->")
    bad = subprocess.run(
        [sys.executable, "-m", "generator", "report", str(tmp_path / "missing.json")],
        capture_output=True,
        text=True,
        env=buffered,
    )
    assert bad.returncode == 1
    assert "missing.json" in bad.stderr


def _report(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "report", str(SAMPLE), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    return done.stdout


def test_compiled_templates_are_kept_and_an_edited_theme_is_compiled_again(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    env = {"RUN_INSIGHTS_CACHE": str(cache)}
    first = _report(env)
    kept = sorted((cache / "templates").iterdir())
    assert kept, "the first run keeps its compiled templates"
    assert _report(env) == first
    assert sorted((cache / "templates").iterdir()) == kept

    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "report.md.j2").write_text("one {{ report.instance_name }}\n", encoding="utf-8")
    assert _report(env, "--theme", str(theme)) == "one Nautobot - Campus\n"
    (theme / "report.md.j2").write_text("two {{ report.instance_name }}\n", encoding="utf-8")
    assert _report(env, "--theme", str(theme)) == "two Nautobot - Campus\n"


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"RUN_INSIGHTS_CACHE": "off", "HOME": str(home), "XDG_CACHE_HOME": str(home)}
    assert _report(env).startswith("# Run Insights")
    assert not home.exists()


@pytest.mark.parametrize(("setting", "discovered"), [(None, False), ("", True)])
def test_plugin_discovery_runs_only_when_asked_for(
    tmp_path: Path, setting: str | None, discovered: bool
) -> None:
    """Pydantic's plugin loader (and the ``importlib.metadata`` it needs) is not imported
    unless ``PYDANTIC_DISABLE_PLUGINS`` turns discovery back on; the build is the same."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    out = tmp_path / "site"
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "generator",
            "build",
            str(SAMPLE),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}
    assert ("importlib.metadata" in imported) is discovered
    assert (out / "index.html").exists()
