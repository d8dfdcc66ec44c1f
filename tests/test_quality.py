"""Inconsistent runs build, and the page names each inconsistency in its warnings section."""

from __future__ import annotations

from typing import Any

import pytest

from generator import render
from generator.exports.model import ExportedRun
from generator.view import report as insights
from tests.conftest import report_of
from tests.pages import md_nodes, parse_html, parse_markdown


def _stage(name: str, status: str = "completed", **metrics: Any) -> dict[str, Any]:
    return {"stage": name, "status": status, "metrics_json": metrics}


CASES = [
    (
        "failed run, no failed stage",
        ("apply", "failed", [_stage("extract")]),
        "The run is failed but no stage is marked failed.",
    ),
    (
        "failed run, two failed stages",
        ("apply", "failed", [_stage("extract", "failed"), _stage("decide", "failed")]),
        "2 stages are marked failed (extract, decide); a failed run has exactly one.",
    ),
    (
        "completed run with a failed stage",
        ("apply", "completed", [_stage("reconcile", "failed")]),
        "The run is completed but stage reconcile is marked failed; expected the run to be failed.",
    ),
    (
        "apply in a preview",
        ("preview", "preview_ready", [_stage("apply")]),
        "This run is not a Full Sync but has an apply stage.",
    ),
    (
        "repeated stage",
        ("preview", "preview_ready", [_stage("extract"), _stage("extract", "running")]),
        "Stage extract appears 2 times; expected once per run (all are shown).",
    ),
    (
        "stages out of order",
        ("preview", "running", [_stage("decide"), _stage("extract"), _stage("enrich")]),
        "The export lists the stages out of pipeline order (decide, extract); "
        "they are shown in pipeline order.",
    ),
    (
        "negative metric",
        ("preview", "running", [_stage("canonicalize", invalid=-4)]),
        "canonicalize.invalid is negative (-4); expected a count of 0 or more.",
    ),
]


@pytest.mark.parametrize(("case", "report_args", "warning"), CASES, ids=[c[0] for c in CASES])
def test_each_inconsistency_is_named(case: str, report_args: Any, warning: str) -> None:
    report = report_of(*report_args)
    assert warning in report.warnings
    assert len(report.stages) == len(report_args[2]), "every stage is still shown"


def test_summary_counts_that_disagree_with_decide_are_named() -> None:
    report = report_of(
        "apply",
        "completed",
        [_stage("decide", create=3, update=7, skip=1)],
        decisions={"create": 5, "update": 7, "skip": 1},
    )
    assert report.warnings == (
        "summary.decisions.create is 5 but the decide stage's metrics say 3.",
    )


def test_negative_summary_counts_build_with_a_warning_and_an_honest_card() -> None:
    report = report_of("apply", "completed", [], decisions={"create": -2}, problems={"open": -1})
    assert report.warnings == (
        "summary.decisions.create is negative (-2); expected a count of 0 or more.",
        "summary.problems.open is negative (-1); expected a count of 0 or more.",
    )
    card = report.open_problems
    assert (card.value, card.note) == ("-1", "not a valid count")


def test_a_consistent_run_has_no_warning(samples: list[ExportedRun]) -> None:
    for exported in samples:
        assert insights.report(exported).warnings == (), exported.source


def test_warnings_are_visible_in_both_formats() -> None:
    report = report_of(
        "apply", "failed", [_stage("extract", "failed"), _stage("extract", "failed")]
    )
    page = parse_html(render.render_report(report, "html"))
    section = page.find("section", class_="warnings")
    assert section.find("h2").text == "Data quality warnings"
    assert [li.text for li in section.find_all("li")] == list(report.warnings)
    tree = parse_markdown(render.render_report(report, "md"))
    headings = [node for node in md_nodes(tree, "heading") if node.tag == "h2"]
    titles = [h.children[0].children[0].content for h in headings]  # type: ignore[union-attr]
    assert "Data quality warnings" in titles
    items = [n for n in md_nodes(tree, "list_item")]
    text = " ".join(child.content for item in items for child in md_nodes(item, "text"))
    for warning in report.warnings:
        assert warning in text
