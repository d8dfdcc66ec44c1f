"""Markdown dialects read back with the parsers of their sites: GitHub alerts and <details>,
MkDocs admonitions, plain CommonMark without HTML; tones always as words; escaping still holds."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.gfm import gfm_plugin

from generator import render_site
from generator import report_stems as unique_stems
from generator.exports.load import load
from generator.exports.model import ExportedRun
from generator.render import RenderOptions
from generator.render.dialects import CALLOUT_KINDS, DIALECTS, PYTHON_MARKDOWN, TONE_EMOJI
from generator.view import report as insights
from generator.view import rules
from tests.conftest import SAMPLES, sample_runs
from tests.pages import md_nodes, md_text

STEMS = sorted(unique_stems(sample_runs()))
GITHUB_KINDS = {"caution": "CAUTION", "warning": "WARNING", "note": "NOTE"}
MKDOCS_KINDS = {"caution": "danger", "warning": "warning", "note": "note"}
HOSTILE = (
    '!!! danger "x" ??? note > [!WARNING] <details><summary>s</summary> </details> '
    "[link](http://evil.example) ![img](http://evil.example/i.png) <img src=x> `c` **b**"
)


def github(text: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(MarkdownIt("commonmark").use(gfm_plugin).parse(text))


def mkdocs(text: str) -> SyntaxTreeNode:
    parser = MarkdownIt("commonmark").enable("table").use(admon_plugin).use(front_matter_plugin)
    return SyntaxTreeNode(parser.parse(text))


def everything(text: str) -> SyntaxTreeNode:
    """Every extension at once: what a plain page must not trigger in any renderer."""
    parser = MarkdownIt("commonmark").use(gfm_plugin).use(admon_plugin).use(front_matter_plugin)
    return SyntaxTreeNode(parser.parse(text))


@pytest.fixture(scope="module")
def dialect_sites(samples: list[ExportedRun]) -> dict[tuple[str, bool], dict[str, str]]:
    return {
        (dialect, emoji): render_site(
            samples, RenderOptions(formats=("md",), md_dialect=dialect, md_emoji=emoji)
        )
        for dialect in DIALECTS
        for emoji in (False, True)
    }


def _callouts(report: insights.Report) -> list[str]:
    """The callout kinds a report has, in page order: warnings, then error summaries."""
    kinds = ["warning"] if report.warnings else []
    kinds += [
        CALLOUT_KINDS.get(stage.tone, "note")
        for stage in report.stages
        if stage.error_summary is not None
    ]
    return kinds


def _payloads(report: insights.Report) -> list[int]:
    """The number of exceptions of each folded error payload, in page order."""
    return [len(stage.error_chain) for stage in report.stages if stage.error_chain]


def _no_hidden_links(tree: SyntaxTreeNode) -> None:
    for link in md_nodes(tree, "link"):
        href = str(link.attrs["href"])
        if link.markup in ("autolink", "linkify"):  # GitHub links bare URLs, as they read
            assert md_text(link) in href
        else:  # the template's own links between pages of the site
            assert ":" not in href and href.endswith(".md"), href
    assert md_nodes(tree, "image") == []
    assert md_nodes(tree, "html_inline") == []


@pytest.mark.parametrize("stem", STEMS)
def test_github_alerts_and_details(
    stem: str, stems: dict[str, ExportedRun], dialect_sites: dict[Any, dict[str, str]]
) -> None:
    report = insights.report(stems[stem])
    tree = github(dialect_sites[("github", False)][f"{stem}.md"])
    alerts = md_nodes(tree, "alert")
    assert [alert.meta["kind"] for alert in alerts] == [
        GITHUB_KINDS[kind] for kind in _callouts(report)
    ]
    blocks = [node.content for node in md_nodes(tree, "html_block")]
    assert [b for b in blocks if b.startswith("<details>")] == [
        f"<details>\n<summary>Error payload ({n} exception{'s' if n != 1 else ''})</summary>\n"
        for n in _payloads(report)
    ]
    assert len(blocks) == 2 * len(_payloads(report))
    _no_hidden_links(tree)


@pytest.mark.parametrize("stem", STEMS)
def test_mkdocs_admonitions_and_collapsible_payloads(
    stem: str, stems: dict[str, ExportedRun], dialect_sites: dict[Any, dict[str, str]]
) -> None:
    report = insights.report(stems[stem])
    tree = mkdocs(dialect_sites[("mkdocs", False)][f"{stem}.md"])
    admonitions = md_nodes(tree, "admonition")
    assert [a.meta["tag"] for a in admonitions if a.markup == "!!!"] == [
        MKDOCS_KINDS[kind] for kind in _callouts(report)
    ]
    folded = [a for a in admonitions if a.markup == "???"]
    assert len(folded) == len(_payloads(report))
    chains = [stage.error_chain for stage in report.stages if stage.error_chain]
    for block, chain in zip(folded, chains, strict=True):
        codes = [code.content.rstrip("\n") for code in md_nodes(block, "code_block")]
        assert codes == [error.trace for error in chain if error.trace]
        names = [md_text(strong) for strong in md_nodes(block, "strong")]
        assert names == [error.exception for error in chain]
    assert md_nodes(tree, "html_block") == md_nodes(tree, "html_inline") == []


@pytest.mark.parametrize("stem", STEMS)
def test_plain_has_no_html_and_shows_every_payload(
    stem: str, stems: dict[str, ExportedRun], dialect_sites: dict[Any, dict[str, str]]
) -> None:
    report = insights.report(stems[stem])
    tree = everything(dialect_sites[("plain", False)][f"{stem}.md"])
    for kind in ("html_block", "html_inline", "alert", "admonition"):
        assert md_nodes(tree, kind) == [], kind
    strong = [md_text(node) for node in md_nodes(tree, "strong")]
    labels = {"caution": "Caution", "warning": "Warning", "note": "Note"}
    callouts = [s.split(":")[0] for s in strong if s.split(":")[0] in labels.values()]
    assert callouts == [labels[kind] for kind in _callouts(report)]
    for stage in report.stages:
        for error in stage.error_chain:
            assert error.exception in strong
    fences = [fence.content.rstrip("\n") for fence in md_nodes(tree, "fence")]
    assert fences == [e.trace for s in report.stages for e in s.error_chain if e.trace]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("emoji", [False, True], ids=["words", "emoji"])
def test_tones_are_words_with_an_optional_emoji_marker(
    dialect: str,
    emoji: bool,
    stems: dict[str, ExportedRun],
    dialect_sites: dict[Any, dict[str, str]],
) -> None:
    site = dialect_sites[(dialect, emoji)]
    for stem, exported in stems.items():
        report = insights.report(exported)
        tree = everything(site[f"{stem}.md"])
        headings = [md_text(h) for h in md_nodes(tree, "heading") if h.tag == "h3"]
        meanings = [rules.stage_meaning(s.status) for s in report.stages]
        expected = [
            f"{n}. {s.name}: {s.status}"
            + (f" ({TONE_EMOJI[s.tone] + ' ' if emoji else ''}{meaning})" if meaning else "")
            for n, (s, meaning) in enumerate(zip(report.stages, meanings, strict=True), start=1)
        ]
        assert headings == expected, stem
        tables = md_nodes(tree, "table")
        if report.cards:
            cells = [md_text(row.children[2]) for row in md_nodes(tables[0], "tr")][1:]
            assert cells == [card.meaning or "" for card in report.cards], stem


def _hostile_export(tmp_path: Path) -> Path:
    source = json.loads((SAMPLES / "06-netbox-full-sync-apply-failed.json").read_text("utf-8"))
    export = copy.deepcopy(source)
    export["instance"]["name"] = HOSTILE
    for stage in export["stages"]:
        stage["metrics_json"][HOSTILE] = HOSTILE
        if "error_summary" in stage["metrics_json"]:
            stage["metrics_json"]["error_summary"] = HOSTILE
        if stage.get("error_payload"):
            stage["error_payload"]["message"] = HOSTILE
            stage["error_payload"]["exception"] = HOSTILE
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    return path


@pytest.mark.parametrize("dialect", DIALECTS)
def test_export_text_cannot_add_structure_in_any_dialect(dialect: str, tmp_path: Path) -> None:
    loaded = load([str(_hostile_export(tmp_path))])
    assert not loaded.errors
    [exported] = loaded.runs
    report = insights.report(exported)
    options = RenderOptions(formats=("md",), md_dialect=dialect)
    pages = render_site(loaded.runs, options)
    [stem] = unique_stems(loaded.runs)
    for name, other in pages.items():
        if name != f"{stem}.md":  # the index and the history page hold no callout at all
            tree = everything(other)
            _no_hidden_links(tree)
            for kind in ("alert", "admonition", "html_block", "blockquote"):
                assert md_nodes(tree, kind) == [], (name, kind)
    tree = everything(pages[f"{stem}.md"])
    _no_hidden_links(tree)
    alerts, admonitions = md_nodes(tree, "alert"), md_nodes(tree, "admonition")
    blocks = md_nodes(tree, "html_block")
    expected_callouts = len(_callouts(report))
    if dialect == "github":
        assert (len(alerts), len(admonitions)) == (expected_callouts, 0)
        assert len(blocks) == 2 * len(_payloads(report))
    elif dialect in PYTHON_MARKDOWN:
        assert (len(alerts), blocks) == (0, [])
        assert len(admonitions) == expected_callouts + len(_payloads(report))
    else:
        assert (alerts, admonitions, blocks) == ([], [], [])
    assert HOSTILE in next(md_text(h) for h in md_nodes(tree, "heading") if h.tag == "h1")
    assert md_nodes(tree, "blockquote") == []
