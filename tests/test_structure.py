"""The facts a reader relies on, read back from every rendered sample (HTML tree, Markdown tree)."""

from __future__ import annotations

import pytest

from generator import report_stems as unique_stems
from generator.exports.model import ExportedRun
from generator.view import rules
from tests.conftest import sample_runs
from tests.pages import md_nodes, md_tables, md_text, parse_html, parse_markdown

SAMPLES = dict(zip(unique_stems(sample_runs()), sample_runs(), strict=True))
STEMS = sorted(SAMPLES)
FAILED = [s for s in STEMS if (run := SAMPLES[s].run) is not None and run.status == "failed"]
PREVIEWS = [s for s in STEMS if (run := SAMPLES[s].run) is not None and run.mode == "preview"]
LABELS = ["Status", "Create", "Update", "Open Problems"]


def _expected_tones(exported: ExportedRun) -> list[str]:
    assert exported.run is not None
    problems = exported.run.summary_json.problems
    open_problems = problems.open if problems else None
    red = open_problems is not None and open_problems > 0
    return ["sky", "violet", "indigo", "red" if red else "teal"]


@pytest.mark.parametrize("stem", STEMS)
def test_html_cards_labels_and_tones_in_order(
    stem: str, site: dict[str, str], stems: dict[str, ExportedRun]
) -> None:
    page = parse_html(site[f"{stem}.html"])
    exported = stems[stem]
    cards = page.find_all(data_card=True)
    if exported.run is None:
        assert cards == []
        assert page.find(data_empty_state=True).text.count("Launch a Sync Preview") == 1
        return
    assert [card.attrs["data-card"] for card in cards] == [
        "status",
        "create",
        "update",
        "open-problems",
    ]
    assert [card.find(class_="card-label").text for card in cards] == LABELS
    assert [card.attrs["data-tone"] for card in cards] == _expected_tones(exported)
    assert [card.has_class(f"tone-{card.attrs['data-tone']}") for card in cards] == [True] * 4
    assert cards[0].find(class_="card-value").text == exported.run.status


@pytest.mark.parametrize("stem", STEMS)
def test_html_stages_in_pipeline_order_with_tones(
    stem: str, site: dict[str, str], stems: dict[str, ExportedRun]
) -> None:
    page = parse_html(site[f"{stem}.html"])
    stages = page.find_all("li", data_stage=True)
    names = [stage.attrs["data-stage"] for stage in stages]
    known = [name for name in names if name in rules.PIPELINE]
    assert known == sorted(known, key=rules.PIPELINE.index)
    assert names[: len(known)] == known, "unknown stages come after the pipeline"
    assert sorted(names) == sorted(stage.stage for stage in stems[stem].stages)
    for stage in stages:
        assert stage.attrs["data-tone"] == rules.stage_tone(stage.attrs["data-status"])
        assert stage.find(class_="badge").text == stage.attrs["data-status"]


def test_samples_cover_failed_runs_and_previews() -> None:
    assert len(FAILED) >= 3 and len(PREVIEWS) >= 3


@pytest.mark.parametrize("stem", FAILED)
def test_failed_runs_show_one_red_stage_with_its_error_summary(
    stem: str, site: dict[str, str], stems: dict[str, ExportedRun]
) -> None:
    exported = stems[stem]
    page = parse_html(site[f"{stem}.html"])
    red = page.find_all("li", data_stage=True, data_tone="red")
    assert len(red) == 1
    summary = red[0].find(data_error_summary=True)
    stage = next(s for s in exported.stages if s.stage == red[0].attrs["data-stage"])
    assert stage.metrics_json["error_summary"] in summary.text
    advice = page.find_all(data_signal_stage=red[0].attrs["data-stage"], data_signal_tone="red")
    assert advice, "a failed run says where to go next"


@pytest.mark.parametrize("stem", PREVIEWS)
def test_previews_have_no_apply_stage(stem: str, site: dict[str, str]) -> None:
    page = parse_html(site[f"{stem}.html"])
    assert page.find_all(data_stage="apply") == []
    assert "apply" not in page.find("section", aria_labelledby="stages-title").text.split()


@pytest.mark.parametrize("stem", STEMS)
def test_markdown_cards_table_and_stage_headings(
    stem: str, site: dict[str, str], stems: dict[str, ExportedRun]
) -> None:
    tree = parse_markdown(site[f"{stem}.md"])
    exported = stems[stem]
    headings = [md_text(h) for h in md_nodes(tree, "heading")]
    if exported.run is None:
        assert "No run yet" in headings
        return
    cards = md_tables(tree)[0]
    assert cards[0] == ["Card", "Value", "Meaning"]
    assert [row[0] for row in cards[1:]] == LABELS
    open_problems = {"red": "needs attention", "teal": "clear"}[_expected_tones(exported)[3]]
    assert [row[2] for row in cards[1:]] == ["", "", "", open_problems], "words only where meant"
    stage_headings = [h for h in md_nodes(tree, "heading") if h.tag == "h3"]
    names = [md_text(h).split(". ", 1)[1].split(":")[0] for h in stage_headings]
    known = [name for name in names if name in rules.PIPELINE]
    assert known == sorted(known, key=rules.PIPELINE.index)
    for heading in stage_headings:
        text = md_text(heading)
        status = text.split(": ", 1)[1].rsplit(" (", 1)[0]
        meaning = rules.stage_meaning(status)
        # words only where the status alone does not say enough (a failure, an unknown status)
        assert text.endswith(f": {status} ({meaning})" if meaning else f": {status}")
        assert "(red)" not in text and "(sky)" not in text


def test_metrics_grid_excludes_summary_and_shows_objects_as_one_line_json(
    site: dict[str, str],
) -> None:
    for name, text in site.items():
        if not name.endswith(".html") or name.startswith("index."):
            continue
        for stage in parse_html(text).find_all("li", data_stage=True):
            grid = stage.find_all("dl", class_="grid")
            keys = [dt.text for dl in grid for dt in dl.find_all("dt")]
            assert "summary" not in keys
            for dd in (dd for dl in grid for dd in dl.find_all("dd")):
                assert "\n" not in dd.text
