"""Nothing lost: an interrupted build or a crash in one input leaves no partial file behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from generator import build_site
from generator.cli import main
from generator.exports.model import ExportedRun
from generator.files import write_atomic
from tests.conftest import SAMPLES


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_write_atomic_leaves_the_old_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    write_atomic(target, "old\n")

    def interrupted(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n" * 100_000)
    assert target.read_text() == "old\n"
    assert _temporaries(tmp_path) == []


def test_ctrl_c_in_the_middle_of_a_build_keeps_every_earlier_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SAMPLES), "-o", str(out), "-q", "--jobs", "1"]) == 0
    before = _tree(out)
    fresh = tmp_path / "fresh"
    args = ["--md-emoji", "--jobs", "1", "-q"]
    assert main(["build", str(SAMPLES), "-o", str(fresh), *args]) == 0
    after = _tree(fresh)
    capsys.readouterr()

    real_replace = os.replace
    calls = {"n": 0}

    def replace_then_interrupt(source: Any, target: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    code = main(["build", str(SAMPLES), "-o", str(out), *args])
    assert code == 130
    # the caller's Ctrl-C and SIGTERM handlers are back (a program using the library, or the
    # processes it starts later, still stop on Ctrl-C)
    assert {signum: signal.getsignal(signum) for signum in handlers} == handlers
    assert "interrupted; files already written are complete" in capsys.readouterr().err
    assert _temporaries(out) == []
    now = _tree(out)
    pages = [name for name in before if name.endswith((".html", ".md"))]
    assert set(pages) <= set(now)
    changed = [name for name in pages if now[name] != before[name]]
    assert changed, "the build got somewhere before the interruption"
    assert all(now[name] == after[name] for name in changed), "a page is old or new, never half"


def _crash_on_crash(exported: ExportedRun) -> None:
    if exported.instance.name == "Crash":
        raise ZeroDivisionError("boom")


def test_a_crash_in_one_input_is_an_error_for_that_input_only(
    tmp_path: Path, stems: dict[str, object]
) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    crash = inputs / "zz-crash.json"
    document = {"instance": {"name": "Crash"}, "run": {"id": 1, "mode": "apply", "status": "x"}}
    crash.write_text(json.dumps(document), "utf-8")
    out = tmp_path / "out"
    result = build_site([str(inputs)], out, fault=_crash_on_crash)
    assert [str(error) for error in result.errors] == [
        f"{crash}: could not be rendered (ZeroDivisionError); "
        "the other inputs were built. Please report this input"
    ]
    assert not list(out.glob("crash--run-1.*"))
    assert all((out / f"{stem}.html").is_file() for stem in stems)
    assert _temporaries(out) == []
