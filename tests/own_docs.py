"""The project's own generated docs: regions of docs pages written from the code.

``python -m tests.own_docs`` (``make docs``) rewrites them; ``tests/test_own_docs.py`` fails
when one is stale.  A region sits between ``<!-- generated: NAME (make docs) -->`` and
``<!-- end: NAME -->``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.view.signals import signals_table

ROOT = Path(__file__).resolve().parent.parent


def _help(*command: str) -> list[str]:
    """A command's ``--help``, as the README shows it (a fixed width, so it is stable)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "100", "PATH": ""},
    )
    return ["```text", *result.stdout.rstrip("\n").split("\n"), "```"]


#: Each page and its regions, with what writes each one.
REGIONS: dict[str, dict[str, Callable[[], list[str]]]] = {
    "docs/rules.md": {"signals": signals_table},
    "README.md": {"help": lambda: _help()},
}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated: {name} \(make docs\) -->\n)(.*?)(<!-- end: {name} -->\n)", re.S
    )


def fresh(page: str, text: str) -> str:
    """The page's text with every generated region rewritten."""
    for name, make in REGIONS[page].items():
        body = "\n".join(make()) + "\n"
        text, found = _pattern(name).subn(lambda m, b=body: m.group(1) + b + m.group(3), text)
        if found != 1:
            raise ValueError(f"{page}: expected one generated region {name!r}, found {found}")
    return text


def main() -> int:
    for page in REGIONS:
        path = ROOT / page
        text = path.read_text(encoding="utf-8")
        updated = fresh(page, text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"{page}: updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
