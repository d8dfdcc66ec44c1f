"""Big inputs: a JSON Lines export is read a line at a time, with the same runs and messages as
reading it whole, and memory bounded by its largest run, not by the file."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from generator import SiteOptions, build_site, load, render_site
from generator.files import sweep_temporaries
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "03-zabbix-full-sync-completed-clean.json"


def _run(number: int, instance: str = "Zabbix - Core") -> str:
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["run"]["id"] = number
    document["instance"]["name"] = instance
    return json.dumps(document, ensure_ascii=False)


def test_a_json_lines_file_builds_as_if_read_whole(tmp_path: Path) -> None:
    lines = [
        _run(1),
        "",
        "   ",
        '{"instance": {"name": "x"}}',  # a content error on line 4
        "[1, 2]",
        _run(2) + "\r",  # a CRLF line end
        _run(3, "Line\u2028Separated"),  # a raw U+2028 is a line break for str.splitlines
        "{not json",
        _run(4, "Other"),
    ]
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = inputs / "runs.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n")
    whole = load([str(path)])
    out = tmp_path / "out"
    result = build_site([str(path)], out)
    assert [str(e) for e in result.errors] == [str(e) for e in whole.errors]
    assert len(whole.errors) >= 4
    expected = render_site(whole.runs)
    built = {p.name: p.read_text("utf-8") for p in out.iterdir() if not p.name.startswith(".")}
    assert built == expected
    again = build_site([str(path)], out, site=SiteOptions(clean=True))
    assert [str(e) for e in again.errors] == [str(e) for e in whole.errors]


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": 1}\n{"b": "\xff"}\n',  # not UTF-8 on line 2: the whole file is at fault
        b"\xef\xbb\xbf\xff\n",
        b"\n  \n\t\n",  # nothing but white space
    ],
)
def test_whole_file_problems_of_json_lines_read_as_before(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(data)
    expected = [str(e) for e in load([str(path)]).errors]
    result = build_site([str(path)], tmp_path / "out")
    assert [str(e) for e in result.errors] == expected
    assert len(expected) == 1


def test_a_changed_line_is_reported_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "runs.jsonl"
    path.write_text(f"{_run(1)}\n{_run(2)}\n", "utf-8")
    out = tmp_path / "out"
    assert not build_site([str(path)], out).errors
    path.write_text(f"{_run(1)}\n{_run(5)}\n", "utf-8")
    result = build_site([str(path)], out)
    assert not result.errors
    assert (out / "zabbix-core--run-5.html").is_file()


MEMORY = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from generator.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.faults
def test_a_big_json_lines_file_builds_in_bounded_memory(tmp_path: Path) -> None:
    """200 MB of JSON Lines (a few runs, padded with blank lines) under a 256 MB address-space
    limit: reading it whole would need three times the file."""
    path = tmp_path / "big.jsonl"
    padding = (" " * 199 + "\n") * 50_000  # 10 MB
    with path.open("w", encoding="utf-8") as handle:
        for number in range(1, 21):
            handle.write(_run(number) + "\n")
            handle.write(padding)
    assert path.stat().st_size > 200_000_000
    out = tmp_path / "out"
    limit = 256 * 1024 * 1024
    built = subprocess.run(
        [sys.executable, "-c", MEMORY, str(limit), "build", str(path), "-o", str(out), "-j", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert len(list(out.glob("zabbix-core--run-*.html"))) == 20


def test_a_sweep_of_a_big_site_folder_holds_the_temporaries_not_the_listing(
    tmp_path: Path,
) -> None:
    """Every build sweeps its folder twice, and a site has two files per run: listing it whole
    cost 0.4 KB a run at the build's peak."""
    for number in range(20_000):
        (tmp_path / f"page-{number}.html").touch()
    (tmp_path / ".page-7.html.abcd1234.tmp").write_text("half a page")
    tracemalloc.start()
    try:
        removed = sweep_temporaries(tmp_path, lambda name: True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert removed == [".page-7.html.abcd1234.tmp"]
    assert peak < 500_000  # the whole listing: about 4 MB
