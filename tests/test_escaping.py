"""Hostile strings in every field cannot inject markup into HTML or Markdown, or escape the
output folder through a file name."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from generator import render
from generator import report_stems as unique_stems
from generator.cli import main
from generator.exports.load import load_bytes
from generator.exports.model import ExportedRun
from generator.names import report_stem, slugify
from generator.view import report as insights
from tests.pages import parse_html

#: Markup of every kind a value could try: HTML, Markdown links, images, headings, tables,
#: emphasis, code, GFM autolinks, entities and a line break.
HOSTILE = (
    "</td></dd><script>alert(1)</script><img src=x onerror=alert(2)> \"' x | y "
    "[link](https://evil.example/a) ![img](https://evil.example/i.png) <b>bold</b> **strong** "
    "`code` ~~del~~ &amp; https://evil.example/auto www.evil.example <!-- c --> "
    "\n# heading\n- item\n1. one\n---"
)
COLLAPSED = " ".join(HOSTILE.split())


def _hostile_export() -> dict[str, Any]:
    bad = HOSTILE
    stage = {
        "stage": bad,
        "status": bad,
        "attempt": 1,
        "started_at": bad,
        "finished_at": bad,
        "metrics_json": {
            bad: bad,
            "nested": {bad: [bad]},
            "top_decision_reason_codes": {bad: 3},
            "error_summary": bad,
            "summary": {bad: bad},
        },
        "error_payload": {
            "class": bad,
            "message": bad,
            "code": bad,
            "file": bad,
            "line": 1,
            "trace": bad,
            bad: bad,
            "previous": [{"class": bad, "message": bad, "trace": [bad]}],
        },
    }
    known = {**stage, "stage": "decide", "status": "failed"}
    earlier = {"id": bad, "mode": bad, "status": bad, "started_at": "2025-01-01T00:00:00Z"}
    return {
        "rconfig_version": bad,
        "exported_at": bad,
        "instance": {"id": bad, "name": bad, "driver": bad},
        "runs": [
            {
                "id": 1,
                "mode": bad,
                "status": bad,
                "started_at": "2026-06-01T00:00:00Z",
                "finished_at": bad,
                "summary_json": {"decisions": {bad: 1}, bad: bad},
                "stages": [stage, known],
            },
            earlier,
        ],
    }


@pytest.fixture(scope="module")
def hostile() -> ExportedRun:
    data = json.dumps(_hostile_export()).encode()
    [exported] = load_bytes(data, f"{HOSTILE[:40]}.json")
    assert isinstance(exported, ExportedRun), exported
    return exported


@pytest.fixture(scope="module")
def pages(hostile: ExportedRun) -> dict[str, str]:
    report = insights.report(hostile)
    return {fmt: render.render_report(report, fmt) for fmt in render.FORMATS}


def _no_injected_elements(page: str) -> None:
    tree = parse_html(page)
    tags = {node.tag for node in tree.iter()}
    assert not tags & {"script", "img", "b", "iframe", "object", "embed"}, tags
    for node in tree.iter():
        assert not [name for name in node.attrs if name.startswith("on")], node.attrs
        if node.tag == "a":  # only the site's own relative links
            assert re.fullmatch(r"[a-z0-9-]+\.(html|md)(#[\w-]+)?", node.attrs["href"] or "")


def test_html_shows_every_hostile_value_as_text(pages: dict[str, str]) -> None:
    page = pages["html"]
    _no_injected_elements(page)
    assert "<script>" not in page and "<!-- c -->" not in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert text.count("alert(1)") >= 20, "every field still shows the value, escaped"


def test_html_attributes_cannot_be_broken_out_of(pages: dict[str, str]) -> None:
    tree = parse_html(pages["html"])
    names = [stage.attrs["data-stage"] for stage in tree.find_all("li", class_="stage")]
    assert HOSTILE in names  # the whole value, inside the attribute


def _github_html(markdown: str) -> str:
    """Markdown rendered as GitHub does (cmark-gfm with tables, autolinks, raw HTML kept)."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def test_markdown_is_inert_on_github(pages: dict[str, str]) -> None:
    github = _github_html(pages["md"])
    _no_injected_elements(github)
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", github)
    assert "heading" not in headings, "a value cannot start a heading of its own"
    assert "<li>item</li>" not in github
    assert "<strong>strong</strong>" not in github and "<del>" not in github
    assert "<code>code</code>" not in github


def test_markdown_table_cells_keep_the_whole_value(pages: dict[str, str]) -> None:
    github = _github_html(pages["md"])
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", github, re.S)]
    whole = [cell for cell in cells if cell == COLLAPSED]
    assert len(whole) >= 4, "metric keys, values and summary entries are one cell each"
    for row in re.findall(r"<tr>(.*?)</tr>", github, re.S):
        assert row.count("<td") in (0, 2, 3, 7), row


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/abs/path", "..", "a/../../b", "C:\\win\\x", "\x00nul", "CON", ""],
)
def test_slugs_cannot_leave_the_output_folder(name: str) -> None:
    slug = slugify(name, "instance")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert ".." not in slug and "/" not in slug


def _run_export(name: str, run_id: object) -> bytes:
    document = {"instance": {"name": name}, "run": {"id": run_id, "mode": "apply", "status": "x"}}
    return json.dumps(document).encode()


def test_colliding_names_never_overwrite_each_other(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = [("Lab", 1), ("lab", 1), ("LAB!", 1), ("Lab", "1-2"), ("../Lab", 1), ("Läb", "1")]
    for number, (name, run_id) in enumerate(names):
        (inputs / f"{number}.json").write_bytes(_run_export(name, run_id))
    out = tmp_path / "out"
    assert main(["build", str(inputs), "-o", str(out), "-q", "--format", "md"]) == 0
    reports = sorted(p.name for p in out.glob("lab--run-*.md"))
    assert len(reports) == len(names), reports
    assert all(p.resolve().parent == out.resolve() for p in out.rglob("*"))
    files = [(inputs / f"{n}.json").read_bytes() for n in range(len(names))]
    runs = [r for data in files for r in load_bytes(data, "x.json")]
    stems = unique_stems([r for r in runs if isinstance(r, ExportedRun)])
    assert len(set(stems)) == len(stems)
    assert report_stem("Lab", "1") == "lab--run-1"


def test_hostile_file_names_build_inside_the_output_folder(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "<b>x<\\b> & '.json").write_bytes(_run_export(HOSTILE, HOSTILE))
    out = tmp_path / "out"
    assert main(["build", str(inputs), "-o", str(out), "-q"]) == 0
    for path in out.rglob("*"):
        assert path.resolve().parent == out.resolve()
        if path.suffix == ".html":
            _no_injected_elements(path.read_text("utf-8"))
