"""Where a build spends its time: a py-spy sampling profile summed into the build's phases.

Each sample is charged to the innermost frame that belongs to a phase (escaping inside a
template counts as escaping, a template around it as rendering); samples in no phase are
"other".  ``make bench`` prints the shares so the next person sees where time goes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

#: (phase, patterns matched against "function (file)" of a frame), in no particular order.
PHASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("escape Markdown", ("generator/render/markdown.py", "generator/render/dialects.py")),
    ("escape HTML", ("markupsafe/", "escape_output (generator/render/compiled.py")),
    ("redact", ("generator/exports/redact.py",)),
    (
        "parse and validate",
        (
            "generator/exports/load.py",
            "generator/exports/jsontext.py",
            "pydantic/",
            "json/decoder.py",
        ),
    ),
    (
        "view model",
        (
            "generator/view/report.py",
            "generator/view/stages.py",
            "generator/view/signals.py",
            "generator/view/history.py",
            "generator/view/site_pages.py",
        ),
    ),
    ("compare runs", ("generator/view/compare.py",)),
    ("fit to limits", ("generator/view/fit.py",)),
    ("render templates", ("jinja2/", ".j2)")),
    ("write files", ("generator/files.py",)),
    ("manifest", ("generator/site/manifest.py", "sqlite3")),
    ("scan and plan", ("generator/site/scan.py", "generator/site/plan.py")),
    ("start-up imports", ("<frozen importlib._bootstrap",)),
)
FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>.*?)(?::\d+)?\)$")


def phase_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for phase, patterns in PHASES:
            if any(pattern in frame for pattern in patterns):
                return phase
    return "other"


def shares(raw: str) -> list[tuple[str, float]]:
    """Phase shares (largest first) from py-spy's raw output (``stack;stack;... count``)."""
    counts: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, number = line.rpartition(" ")
        if stack and number.isdigit():
            counts[phase_of(stack.split(";"))] += int(number)
    total = sum(counts.values()) or 1
    return [(phase, count / total) for phase, count in counts.most_common()]


def profile(command: list[str], out: Path) -> list[tuple[str, float]] | str:
    """Run ``command`` under py-spy; the phase shares, or why there are none."""
    beside = Path(sys.executable).parent / "py-spy"  # in the venv, which may not be on PATH
    spy = str(beside) if beside.exists() else shutil.which("py-spy")
    if spy is None:
        return "py-spy is not installed (pip install -e '.[bench]')"
    raw = out.with_suffix(".txt")
    done = subprocess.run(
        [spy, "record", "--rate", "250", "--format", "raw", "--output", str(raw), "--", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not raw.exists():
        lines = (done.stderr or done.stdout).strip().splitlines()
        return f"py-spy could not profile: {lines[-1] if lines else done.returncode}"
    return shares(raw.read_text(encoding="utf-8"))
