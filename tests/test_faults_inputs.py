"""Inputs a folder walk meets or a shell passes: nothing skipped without a word, pipes read,
and file names that cannot split or forge an error line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator import ExportedRun, build_site
from tests.conftest import SAMPLES

PYTHON_CLI = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]
SAMPLE = SAMPLES / "03-zabbix-full-sync-completed-clean.json"


def _build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PYTHON_CLI, "build", *args, "-q"], capture_output=True, text=True, timeout=300
    )


def test_links_fifos_and_loops_in_a_folder_are_named(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / "good.json")
    (inputs / "dangling.json").symlink_to(tmp_path / "gone.json")
    (inputs / "loop.json").symlink_to(inputs / "loop.json")
    os.mkfifo(inputs / "fifo.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SAMPLE, elsewhere / "other.json")
    (inputs / "linked").symlink_to(elsewhere)
    built = _build(str(inputs), "-o", str(tmp_path / "out"))
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        f"error: {inputs / 'linked'}: is a link to a folder, which is not followed; "
        "name the folder itself to build it",
        f"error: {inputs / 'dangling.json'}: cannot read: No such file or directory",
        f"error: {inputs / 'fifo.json'}: is not a regular file (a FIFO or a device); "
        "name it on its own to read it",
        f"error: {inputs / 'loop.json'}: cannot read: Too many levels of symbolic links",
    ]
    assert (tmp_path / "out" / "zabbix-core--run-1.html").exists() or list(
        (tmp_path / "out").glob("*--run-*.html")
    )


def test_process_substitution_and_dev_stdin_are_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    script = f'"$@" build <(cat {SAMPLE}) -o {out} -q'
    done = subprocess.run(
        ["bash", "-c", script, "bash", *PYTHON_CLI], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*--run-*.html"))) == 1
    out2 = tmp_path / "out2"
    with SAMPLE.open("rb") as stdin:
        done = subprocess.run(
            [*PYTHON_CLI, "build", "/dev/stdin", "-o", str(out2), "-q"],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    assert len(list(out2.glob("*--run-*.html"))) == 1


def test_a_file_name_cannot_forge_an_error_line(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    hostile = inputs / "x\nerror: all good\x1b[2J.json"
    hostile.write_text("{not json", "utf-8")
    built = _build(str(inputs), "-o", str(tmp_path / "out"))
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        f"error: {inputs}/x\\nerror: all good\\x1b[2J.json:1:2: invalid JSON: "
        "Expecting property name enclosed in double quotes"
    ]


def test_the_same_file_under_two_spellings_is_one_input(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.json")
    (tmp_path / "link.json").symlink_to(tmp_path / "a.json")
    result = build_site(
        [str(tmp_path / "a.json"), f"{tmp_path}/./a.json", str(tmp_path / "link.json")],
        tmp_path / "out",
    )
    assert not result.errors
    assert result.reports == 1
    assert not list((tmp_path / "out").glob("*-2.html"))


def test_an_input_that_vanishes_mid_build_cannot_be_read_it_is_not_a_bug(
    tmp_path: Path,
) -> None:
    document = json.loads(SAMPLE.read_text("utf-8"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, run_id in (("a.json", 1), ("b.json", 2)):
        document["run"]["id"] = run_id
        (inputs / name).write_text(json.dumps(document), "utf-8")
    gone: list[Path] = []

    def delete_the_other_input(exported: ExportedRun) -> None:
        """While the first report is made, the input of the second one disappears."""
        if not gone:
            other = "a.json" if exported.source.endswith("b.json") else "b.json"
            gone.append(inputs / other)
            gone[0].unlink()

    result = build_site([str(inputs)], tmp_path / "out", fault=delete_the_other_input)
    assert [str(e) for e in result.errors] == [f"{gone[0]}: cannot read: No such file or directory"]
