"""Bad conditions, as an unlucky or hostile user meets them: real signals to a real build.

Each test runs the command line in its own process group, as a terminal does, faults it (Ctrl-C
twice, SIGTERM, SIGHUP, ``kill -9``, a second build, a full disk, a damaged manifest) and then
checks what a user would: the exit code, one clean line, no process of the build left running,
no temporary file, and that the next plain build gives exactly what a ``--clean`` build into an
empty folder gives (``diff -r``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site.manifest import MANIFEST
from tests.conftest import SAMPLES

pytestmark = pytest.mark.faults

PYTHON_CLI = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]
SAMPLE = SAMPLES / "02-nautobot-full-sync-completed-open-problems.json"


def corpus(folder: Path, count: int) -> Path:
    """``count`` exports of distinct instances: a build that takes a few seconds."""
    document = json.loads(SAMPLE.read_text("utf-8"))
    folder.mkdir()
    for number in range(count):
        document["instance"]["name"] = f"Site {number:04d}"
        document["instance"]["id"] = 1000 + number
        (folder / f"site-{number:04d}.json").write_text(json.dumps(document), "utf-8")
    return folder


def environment(tmp_path: Path) -> dict[str, str]:
    temporary = tmp_path / "tmpdir"
    temporary.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(temporary)}


STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_build_outlives_its_test() -> Iterator[None]:
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def start(args: list[str], tmp_path: Path) -> subprocess.Popen[str]:
    """The command line in a process group of its own (as a shell runs a job)."""
    process = subprocess.Popen(
        [*PYTHON_CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=environment(tmp_path),
    )
    STARTED.append(process)
    return process


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PYTHON_CLI, *args], capture_output=True, text=True, env=environment(tmp_path), timeout=300
    )


def wait_for_pages(out: Path, process: subprocess.Popen[str], count: int = 1) -> None:
    deadline = time.monotonic() + 120
    while len(list(out.glob("*.html"))) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build wrote no page"
        time.sleep(0.05)


def living(group: int) -> list[str]:
    """The processes of a process group that are still running (zombies are gone)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(status.parent.name)
    return found


def assert_no_process_left(group: int) -> None:
    deadline = time.monotonic() + 5
    while living(group):
        assert time.monotonic() < deadline, f"still running: {living(group)}"
        time.sleep(0.05)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def assert_same_as_a_clean_build(inputs: Path, out: Path, tmp_path: Path) -> None:
    """The next plain build of ``out`` equals a --clean build into an empty folder."""
    rebuilt = run(["build", str(inputs), "-o", str(out), "-q", "-j", "2"], tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    clean = run(["build", str(inputs), "-o", str(fresh), "-q", "--clean", "-j", "2"], tmp_path)
    assert clean.returncode == 0, clean.stderr
    diff = subprocess.run(
        ["diff", "-r", "-x", f"{MANIFEST}*", str(fresh), str(out)], capture_output=True, text=True
    )
    assert diff.returncode == 0, diff.stdout[:2000]
    assert temporaries(out) == []


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    return corpus(tmp_path / "in", 300)


def test_ctrl_c_twice_stops_a_parallel_build_at_once(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build = start(["build", str(inputs), "-o", str(out), "-j", "2", "-q"], tmp_path)
    wait_for_pages(out, build)
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C reaches every process of the job
    time.sleep(0.3)
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=15)
    assert build.returncode == 130, err
    assert err.splitlines() == ["run-insights: interrupted; files already written are complete"]
    assert_no_process_left(build.pid)
    assert temporaries(out) == []
    assert list((tmp_path / "tmpdir").iterdir()) == []
    assert_same_as_a_clean_build(inputs, out, tmp_path)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_stop_the_build_and_every_worker(
    inputs: Path, tmp_path: Path, signum: int, code: int
) -> None:
    out = tmp_path / "out"
    build = start(["build", str(inputs), "-o", str(out), "-j", "2", "-q"], tmp_path)
    wait_for_pages(out, build)
    os.kill(build.pid, signum)  # `kill PID`, a CI timeout: the main process only
    _, err = build.communicate(timeout=15)
    assert build.returncode == code, err
    assert err.splitlines() == ["run-insights: stopped; files already written are complete"]
    assert_no_process_left(build.pid)
    assert temporaries(out) == []
    assert list((tmp_path / "tmpdir").iterdir()) == [], "no pymp-* folder left"
    assert_same_as_a_clean_build(inputs, out, tmp_path)


def test_kill_9_leaves_no_worker_and_the_next_build_repairs_everything(
    inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build = start(["build", str(inputs), "-o", str(out), "-j", "2", "-q"], tmp_path)
    wait_for_pages(out, build, 5)
    os.kill(build.pid, signal.SIGKILL)  # the OOM killer
    build.communicate(timeout=15)
    assert_no_process_left(build.pid)
    for name in ("index.html", "site-0059--run-1842.html"):
        (out / f".{name}.abcd1234.tmp").write_text("half a page")  # as a hard kill leaves them
    assert_same_as_a_clean_build(inputs, out, tmp_path)


def test_a_second_build_into_the_same_folder_fails_at_once(tmp_path: Path) -> None:
    inputs = corpus(tmp_path / "many", 400)  # long enough to still run when the second starts
    out = tmp_path / "out"
    first = start(["build", str(inputs), "-o", str(out), "-j", "2", "-q"], tmp_path)
    wait_for_pages(out, first)
    second = run(["build", str(SAMPLES), "-o", str(out), "-q"], tmp_path)
    assert first.poll() is None, "the first build was still running"
    assert second.returncode == 4
    assert second.stderr.splitlines() == [
        f"run-insights: error: {out}: another build is writing this folder; "
        "wait for it to finish, or build into another folder"
    ]
    os.kill(first.pid, signal.SIGTERM)
    _, err = first.communicate(timeout=30)
    assert first.returncode == 143, err
    assert not list(out.glob("*zabbix*")), "the second build wrote nothing"


def test_a_file_the_tool_did_not_write_is_never_overwritten_or_removed(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.md").write_text("my own notes\n")
    (out / "akips-campus-core--history.md").write_text("mine too\n")
    built = run(["build", str(inputs), "-o", str(out), "-q"], tmp_path)
    assert built.returncode == 1
    advice = "exists but was not written by run-insights; left as it is"
    assert built.stderr.splitlines() == [
        f"error: {out / 'akips-campus-core--history.md'}: {advice} "
        "(move it away, or build into another folder)",
        f"error: {out / 'index.md'}: {advice} (move it away, or build into another folder)",
    ]
    assert (out / "index.md").read_text() == "my own notes\n"
    assert (out / "index.html").is_file(), "everything else is built"
    for path in inputs.glob("12-*"):
        path.unlink()  # the AKIPS instance goes: its pages go, the user's file stays
    again = run(["build", str(inputs), "-o", str(out), "-q"], tmp_path)
    assert again.returncode == 1
    assert (out / "akips-campus-core--history.md").read_text() == "mine too\n"
    assert (out / "index.md").read_text() == "my own notes\n"


def test_an_empty_output_folder_name_is_a_usage_error(tmp_path: Path) -> None:
    built = run(["build", str(SAMPLES), "-o", ""], tmp_path)
    assert built.returncode == 2
    assert built.stderr.splitlines()[-1] == (
        "run-insights build: error: argument -o/--output: empty folder name; "
        "expected a folder, such as site"
    )


def test_an_output_that_is_a_file_is_one_clean_line(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("a file")
    built = run(["build", str(SAMPLES), "-o", str(out)], tmp_path)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        f"run-insights: error: {out}: is not a folder; expected -o to name a folder"
    ]


def test_a_damaged_manifest_is_named_and_clean_rebuilds_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["build", str(SAMPLES), "-o", str(out), "-q"], tmp_path).returncode == 0
    manifest = out / f"{MANIFEST}.sqlite"
    manifest.write_bytes(b"this is not a database" * 100)
    built = run(["build", str(SAMPLES), "-o", str(out), "-q"], tmp_path)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        f"run-insights: error: {manifest}: not a usable run-insights manifest "
        "(file is not a database); build again with --clean to rebuild it"
    ]
    clean = run(["build", str(SAMPLES), "-o", str(out), "-q", "--clean"], tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert_same_as_a_clean_build(SAMPLES, out, tmp_path)


def test_a_truncated_manifest_is_named_and_clean_rebuilds_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["build", str(SAMPLES), "-o", str(out), "-q"], tmp_path).returncode == 0
    manifest = out / f"{MANIFEST}.sqlite"
    data = manifest.read_bytes()
    manifest.write_bytes(data[: len(data) // 3])
    built = run(["build", str(SAMPLES), "-o", str(out), "-q"], tmp_path)
    assert built.returncode == 1
    [line] = built.stderr.splitlines()
    assert line.startswith(f"run-insights: error: {manifest}: not a usable run-insights manifest")
    assert line.endswith("build again with --clean to rebuild it")
    clean = run(["build", str(SAMPLES), "-o", str(out), "-q", "--clean"], tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert_same_as_a_clean_build(SAMPLES, out, tmp_path)


def test_a_symlinked_manifest_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.sqlite"
    (out / f"{MANIFEST}.sqlite").symlink_to(elsewhere)
    built = run(["build", str(SAMPLES), "-o", str(out), "-q"], tmp_path)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        f"run-insights: error: {out / f'{MANIFEST}.sqlite'}: is a symbolic link; "
        "expected the manifest file itself; remove the link, then build again"
    ]
    assert not elsewhere.exists()


FULL_DISK = """
set -e
{mount}
"$@" -o "$OUT/site" -q && echo first-build-ok
cp "$OUT/site/index.html" "$KEEP/index.html"
echo '[]' > "$EXTRA/more.json"
{fill}
set +e
( {limit} "$@" -o "$OUT/site" -q 2> "$KEEP/stderr" )
echo "$?" > "$KEEP/code"
cmp "$OUT/site/index.html" "$KEEP/index.html" && echo old-index-kept
ls -a "$OUT/site" > "$KEEP/listing"
{unfill}
"$@" -o "$OUT/site" -q && echo third-build-ok
cp -r "$OUT/site" "$KEEP/site"
"""
#: A real full disk: a small tmpfs in a user and mount namespace of its own.
TMPFS = {
    "mount": 'mount -t tmpfs -o size=4m tmpfs "$OUT"',
    "fill": 'head -c 100000000 /dev/zero > "$OUT/filler" 2>/dev/null || true',
    "limit": "",
    "unfill": 'rm "$OUT/filler"',
}
#: Where namespaces are not allowed: a file size limit, which fails writes the same way.
FILE_SIZE_LIMIT = {"mount": "", "fill": "", "limit": "ulimit -f 8;", "unfill": ""}


def _full_disk_command() -> tuple[list[str], dict[str, str]]:
    namespaces = ["unshare", "--user", "--map-root-user", "--mount"]
    probe = subprocess.run([*namespaces, "true"], capture_output=True, check=False)
    if probe.returncode == 0:
        return [*namespaces, "sh", "-c"], TMPFS
    return ["sh", "-c"], FILE_SIZE_LIMIT


def test_a_full_disk_is_one_line_and_keeps_the_old_pages(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    mount, keep, extra = tmp_path / "mnt", tmp_path / "keep", inputs / "extra"
    for folder in (mount, keep, extra):
        folder.mkdir()
    env = {**environment(tmp_path), "OUT": str(mount), "KEEP": str(keep), "EXTRA": str(extra)}
    command, fault = _full_disk_command()
    script = FULL_DISK.format(**fault)
    done = subprocess.run(
        [*command, script, "sh", *PYTHON_CLI, "build", str(inputs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.stdout.splitlines() == ["first-build-ok", "old-index-kept", "third-build-ok"], (
        done.stderr
    )
    assert (keep / "code").read_text().strip() == "1"
    [line] = (keep / "stderr").read_text().splitlines()
    assert line.startswith("run-insights: error: "), line
    assert ": cannot write: " in line, line
    assert line.endswith("check the folder's permissions and free space, then build again"), line
    assert ".tmp" not in (keep / "listing").read_text()
    fresh = tmp_path / "fresh"
    assert run(["build", str(inputs), "-o", str(fresh), "-q"], tmp_path).returncode == 0
    diff = subprocess.run(
        ["diff", "-r", "-x", f"{MANIFEST}*", str(fresh), str(keep / "site")],
        capture_output=True,
        text=True,
    )
    assert diff.returncode == 0, diff.stdout[:2000]
