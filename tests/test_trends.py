"""The trend on an instance's history page: from one run up, points, latest values, failed runs
marked, the chart in words; still inline SVG without script."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from generator import load, render_site
from tests.conftest import SAMPLES
from tests.pages import Node, parse_html

HISTORY_09 = SAMPLES / "09-checkmk-instance-history.json"


def _chart(page: str) -> Node:
    return parse_html(page).find("figure", class_="trend").find("svg")


def _series(svg: Node) -> dict[str, Node]:
    return {g.attrs["data-series"] or "": g for g in svg.find_all("g", data_series=True)}


def test_trend_draws_each_run_as_a_point_scaled_from_its_counts(site: dict[str, str]) -> None:
    page = site["checkmk-data-center--history.html"]
    svg = _chart(page)
    assert svg.attrs["role"] == "img" and "preserveAspectRatio" not in svg.attrs
    desc = svg.find("title").text
    assert desc.startswith("4 runs from #501 to #524: Create 10 in the latest run;"), desc
    series = _series(svg)
    assert list(series) == ["create", "update", "open-problems"]
    create = series["create"].find_all("circle")
    assert [c.find("title").text for c in create] == [
        "Run #501: Create 162",
        "Run #509: Create 170",
        "Run #517: Create 10",
        "Run #524: Create 10",
    ]
    xs = [float(c.attrs["cx"] or "") for c in create]
    ys = [float(c.attrs["cy"] or "") for c in create]
    assert xs == sorted(xs) and len(set(xs)) == 4, "oldest on the left, one column per run"
    # Create was 162, 170, 10, 10: the highest value is highest, equal values level
    assert ys[1] < ys[0] < ys[2] == ys[3]
    # the point's height is proportional to its value over a zero baseline
    baseline = float(svg.find("line", class_="trend-axis").attrs["y1"] or "")
    assert (baseline - ys[2]) / (baseline - ys[1]) == pytest.approx(10 / 170, abs=0.01)
    labels = [t.text for t in svg.find_all("text", class_="trend-run")]
    assert labels == ["#501", "#509", "#517", "#524"]
    assert "<script" not in page


def test_latest_values_are_written_beside_their_lines(site: dict[str, str]) -> None:
    series = _series(_chart(site["checkmk-data-center--history.html"]))
    latest = {key: g.find("text", class_="trend-latest").text for key, g in series.items()}
    assert latest == {"create": "10", "update": "37", "open-problems": "4"}
    heights = sorted(float(g.find("text").attrs["y"] or "") for g in series.values())
    assert all(b - a >= 14 for a, b in itertools.pairwise(heights)), "labels apart"


def test_a_single_run_has_a_trend_with_its_points_and_values(site: dict[str, str]) -> None:
    svg = _chart(site["zabbix-noc-monitoring--history.html"])
    assert svg.find("title").text.startswith("1 run, #977: Create 41 in the latest run;")
    series = _series(svg)
    assert {key: len(g.find_all("circle")) for key, g in series.items()} == {
        "create": 1,
        "update": 1,
        "open-problems": 1,
    }
    assert [t.text for t in svg.find_all("text", class_="trend-run")] == ["#977"]
    assert {key: g.find("text").text for key, g in series.items()} == {
        "create": "41",
        "update": "118",
        "open-problems": "0",
    }


def test_failed_runs_are_marked_and_said(tmp_path: Path) -> None:
    export = json.loads(HISTORY_09.read_text("utf-8"))
    export["runs"][2]["status"] = "failed"  # run #509
    source = tmp_path / "history.json"
    source.write_text(json.dumps(export), "utf-8")
    site = render_site(load([str(source)]).runs)
    page = parse_html(site["checkmk-data-center--history.html"])
    svg = page.find("figure", class_="trend").find("svg")
    [marker] = svg.find_all("line", data_failed_run=True)
    assert marker.attrs["data-failed-run"] == "509" and marker.has_class("tone-red")
    run_labels = {t.text: t.has_class("tone-red") for t in svg.find_all("text", class_="trend-run")}
    assert run_labels == {"#501": False, "#509 ✕": True, "#517": False, "#524": False}
    assert svg.find("title").text.endswith("; failed: #509.")
    assert page.find("li", data_failed_runs=True).text == "Failed: #509"


def test_many_runs_name_only_the_first_last_and_failed_runs(tmp_path: Path) -> None:
    export = json.loads(HISTORY_09.read_text("utf-8"))
    template = export["runs"][-1]
    runs = []
    for number in range(40):
        run = json.loads(json.dumps(template))
        run["id"] = 1000 + number
        run["started_at"] = f"2026-05-{1 + number // 24:02d}T{number % 24:02d}:00:00Z"
        run["status"] = "failed" if number == 20 else "completed"
        runs.append(run)
    export["runs"] = runs
    source = tmp_path / "history.json"
    source.write_text(json.dumps(export), "utf-8")
    site = render_site(load([str(source)]).runs)
    svg = _chart(site["checkmk-data-center--history.html"])
    labels = [t.text for t in svg.find_all("text", class_="trend-run")]
    assert labels[0] == "#1000" and labels[-1] == "#1039" and "#1020 ✕" in labels
    assert len(labels) == 3
    assert len(_series(svg)["create"].find_all("circle")) == 40
