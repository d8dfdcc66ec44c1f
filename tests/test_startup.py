"""Start-up: ``--version`` and ``--help`` load no command, and a command loads only its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from generator.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print("loaded:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""
HEAVY = ("pydantic", "jinja2", "markdown_it", "sqlite3", "concurrent.futures")


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
