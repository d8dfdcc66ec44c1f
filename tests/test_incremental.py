"""Incremental builds, the manifest, parallel jobs and shards: what a rebuild touches."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from generator import SiteOptions, build_site, render
from generator.render import RenderOptions
from generator.site import build as site
from generator.site import jobs as pages
from generator.site import scan
from generator.site.manifest import MANIFEST
from tests.conftest import ROOT, SAMPLES

PAGES = (".html", ".md")


def _pages(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(MANIFEST)
    }


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.suffix in PAGES}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLES, folder)
    return folder


def _build(inputs: Path, out: Path, **options: object) -> site.SiteResult:
    render_options = options.pop("render", RenderOptions())
    assert isinstance(render_options, RenderOptions)
    return build_site([str(inputs)], out, render_options, SiteOptions(**options))  # type: ignore[arg-type]


def test_a_second_build_writes_nothing(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build(inputs, out)
    assert len(first.written) == len(_pages(out)) and first.unchanged == 0
    before = _mtimes(out)
    again = _build(inputs, out)
    assert (again.written, again.removed, again.errors) == ([], [], [])
    assert again.unchanged == len(first.written)
    assert _mtimes(out) == before


def _touch_json(path: Path, change: dict[str, object]) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    document["run"]["summary_json"]["decisions"].update(change)
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_changed_input_rebuilds_its_report_history_page_and_the_index(
    inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(inputs, out)
    _touch_json(inputs / "03-zabbix-full-sync-completed-clean.json", {"create": 4242})
    result = _build(inputs, out)
    assert sorted(result.written) == [
        "index.html", "index.md",
        "zabbix-noc-monitoring--history.html", "zabbix-noc-monitoring--history.md",
        "zabbix-noc-monitoring--run-977.html", "zabbix-noc-monitoring--run-977.md",
    ]  # fmt: skip
    assert "4242" in (out / "zabbix-noc-monitoring--run-977.md").read_text()


def test_a_changed_earlier_run_rebuilds_the_report_that_compares_with_it(
    inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(inputs, out)
    path = inputs / "13-netbox-preview-then-full-sync-array.json"
    documents = json.loads(path.read_text(encoding="utf-8"))
    documents[0]["run"]["summary_json"]["decisions"]["create"] = 90
    path.write_text(json.dumps(documents), encoding="utf-8")
    result = _build(inputs, out)
    assert {n for n in result.written if "--run-" in n} == {
        f"netbox-emea-sites--run-{run}.{fmt}" for run in (955, 956) for fmt in ("html", "md")
    }
    assert "| Create | 90 | 97 | +7 |" in (out / "netbox-emea-sites--run-956.md").read_text()


def test_an_input_that_disappears_takes_its_pages_with_it_and_nothing_else(
    inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(inputs, out)
    (out / "notes.md").write_text("mine", encoding="utf-8")
    (out / "zzz--run-1.html").write_text("also mine: never listed in the manifest", "utf-8")
    (inputs / "03-zabbix-full-sync-completed-clean.json").unlink()
    result = _build(inputs, out)
    assert sorted(result.removed) == [
        f"zabbix-noc-monitoring--{page}.{fmt}"
        for page in ("history", "run-977")
        for fmt in ("html", "md")
    ]
    assert not (out / "zabbix-noc-monitoring--run-977.html").exists()
    assert (out / "notes.md").read_text() == "mine"
    assert (out / "zzz--run-1.html").exists()
    assert "Zabbix - NOC Monitoring" not in (out / "index.md").read_text()


def test_an_input_that_turns_invalid_keeps_its_pages(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(inputs, out)
    (inputs / "03-zabbix-full-sync-completed-clean.json").write_text("{", encoding="utf-8")
    result = _build(inputs, out)
    assert len(result.errors) == 1
    assert result.removed == [f"zabbix-noc-monitoring--history.{f}" for f in ("html", "md")]
    assert (out / "zabbix-noc-monitoring--run-977.html").exists()


def test_a_theme_change_rebuilds_every_page(inputs: Path, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "extra.css").write_text("body { letter-spacing: 0; }\n", encoding="utf-8")
    out = tmp_path / "out"
    options = RenderOptions(theme=str(theme))
    first = _build(inputs, out, render=options)
    assert _build(inputs, out, render=options).written == []
    (theme / "extra.css").write_text("body { letter-spacing: 0.01em; }\n", encoding="utf-8")
    for cached in (render.environment, render.stylesheet):
        cached.cache_clear()  # a new process in real life: templates are cached per process
    result = _build(inputs, out, render=options)
    assert sorted(result.written) == sorted(first.written)
    assert "0.01em" in (out / "index.html").read_text()


@pytest.mark.parametrize(
    "changed",
    [{"md_dialect": "mkdocs"}, {"md_emoji": True}, {"html_mode": "strict"}],
    ids=lambda changed: next(iter(changed)),
)
def test_a_render_option_change_rebuilds_every_page(
    changed: dict[str, object], inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = _build(inputs, out)
    result = _build(inputs, out, render=RenderOptions(**changed))  # type: ignore[arg-type]
    assert set(first.written) <= set(result.written)


def test_a_new_tool_version_rebuilds_every_page(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = _build(inputs, out)
    monkeypatch.setattr(
        site, "settings", lambda o: pages.Settings(o, pages.theme_digest(o.theme), "99.0.0")
    )
    assert sorted(_build(inputs, out).written) == sorted(first.written)


def test_clean_rebuilds_every_page(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build(inputs, out)
    assert sorted(_build(inputs, out, clean=True).written) == sorted(first.written)


def test_a_deleted_page_is_written_again(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(inputs, out)
    (out / "zabbix-noc-monitoring--run-977.md").unlink()
    rebuilt = _build(inputs, out).written
    assert rebuilt == [f"zabbix-noc-monitoring--run-977.{fmt}" for fmt in ("html", "md")]


def test_unchanged_files_are_not_read_again(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _build(inputs, out)
    read: list[str] = []
    original = scan.scan_input
    monkeypatch.setattr(
        scan, "scan_input", lambda p, k, d=None: read.append(p) or original(p, k, d)
    )
    touched = inputs / "08-zabbix-queued.json"
    os.utime(touched, ns=(1, 1))  # same content, new time: read and hashed, not rebuilt
    result = _build(inputs, out)
    assert read == [str(touched)]
    assert result.written == []


def test_parallel_jobs_and_shards_build_the_same_site(inputs: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    _build(inputs, whole, jobs=1)
    expected = _pages(whole)
    parallel = tmp_path / "parallel"
    _build(inputs, parallel, jobs=2, pool_minimum=0)  # workers even for a small site
    assert _pages(parallel) == expected
    joined = tmp_path / "joined"
    built: list[str] = []
    for number in (1, 2, 3):
        shard = _build(inputs, joined, shard=(number, 3))
        assert not any(name.startswith("index") for name in shard.written)
        built += shard.written
    assert len(built) == len(set(built)), "each page is built by one shard"
    _build(inputs, joined, index_only=True)
    assert _pages(joined) == expected
    manifests = [p.name for p in joined.iterdir() if p.name.startswith(MANIFEST)]
    assert sorted(m for m in manifests if m.endswith(".sqlite")) == [
        f"{MANIFEST}-index.sqlite",
        *(f"{MANIFEST}-shard-{n}-of-3.sqlite" for n in (1, 2, 3)),
    ]


def test_shards_split_by_instance(inputs: Path, tmp_path: Path) -> None:
    sizes = [len(_build(inputs, tmp_path / str(n), shard=(n, 2)).written) for n in (1, 2)]
    assert all(sizes) and sum(sizes) == len(_pages(_build(inputs, tmp_path / "all").out_dir)) - 2


def test_a_rebuild_of_instances_with_hundreds_of_runs_knows_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest is asked about inputs and pages hundreds at a time: every one of more
    than a chunk's worth is found, no input is read again, and only the page that went
    missing is written again."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    inputs = tmp_path / "inputs"
    corpus.generate(inputs, runs=1100, instances=2)
    out = tmp_path / "out"
    markdown = RenderOptions(formats=("md",))
    first = _build(inputs, out, render=markdown)
    reports = sorted(name for name in first.written if "--run-" in name)
    assert len(reports) > 1000 and not first.errors
    (out / reports[-1]).unlink()
    read: list[str] = []
    original = scan.scan_input
    monkeypatch.setattr(
        scan, "scan_input", lambda p, k, d=None: read.append(p) or original(p, k, d)
    )
    again = _build(inputs, out, render=markdown)
    assert read == []
    assert (again.written, again.errors) == ([reports[-1]], [])
    assert again.unchanged == len(first.written) - 1
