"""The site: index order, links that resolve, instance histories, trends and what changed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import SiteOptions, render_site
from generator.commands.diff import load_run
from generator.exports.load import load, load_bytes
from generator.exports.model import ExportedRun
from generator.view import compare as diff
from generator.view import site_pages
from tests.conftest import SAMPLES
from tests.pages import md_nodes, md_tables, md_text, parse_html, parse_markdown

HISTORY_09 = SAMPLES / "09-checkmk-instance-history.json"
PREVIEW_THEN_FULL_13 = SAMPLES / "13-netbox-preview-then-full-sync-array.json"


def _hrefs(name: str, text: str) -> list[str]:
    if name.endswith(".html"):
        return [n.attrs["href"] or "" for n in parse_html(text).find_all("a", href=True)]
    return [str(n.attrs["href"]) for n in md_nodes(parse_markdown(text), "link")]


def test_every_link_of_the_built_site_is_relative_and_resolves(
    tmp_path: Path, site: dict[str, str]
) -> None:
    for name, text in site.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    checked = 0
    for page in sorted(tmp_path.iterdir()):
        for href in _hrefs(page.name, page.read_text(encoding="utf-8")):
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), href
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.name} links to missing {href}"
            assert target.parent == tmp_path.resolve()
            checked += 1
    assert checked > 100


def test_every_report_and_history_page_is_reachable_from_the_index(site: dict[str, str]) -> None:
    seen, pending = set(), ["index.html"]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        pending += [h for h in _hrefs(name, site[name]) if h.endswith(".html")]
    assert seen == {name for name in site if name.endswith(".html")}


def _index_rows(site: dict[str, str]) -> list[tuple[str, str, str]]:
    table = parse_html(site["index.html"]).find("table", class_="index")
    rows = []
    for row in table.find("tbody").find_all("tr"):
        open_tone = row.attrs.get("data-tone") or ""
        rows.append((row.find_all("td")[0].text, row.attrs["data-status"] or "", open_tone))
    return rows


def test_index_lists_every_instance_by_its_latest_run_most_urgent_first(
    site: dict[str, str],
) -> None:
    rows = _index_rows(site)
    assert len(rows) == 16  # 19 runs of 16 instances
    urgency = [0 if status == "failed" else 1 if tone == "red" else 2 for _, status, tone in rows]
    assert urgency == sorted(urgency)
    assert urgency.count(0) == 4 and urgency.count(1) == 6
    for group in (0, 1, 2):
        names = [name for (name, _, _), u in zip(rows, urgency, strict=True) if u == group]
        assert names == sorted(names, key=str.casefold)
    by_name = {name: (status, tone) for name, status, tone in rows}
    assert by_name["Checkmk - Data Center"] == ("completed", "red")  # run 524, not 517
    assert by_name["NetBox - EMEA Sites"] == ("completed", "red")  # run 956 after preview 955
    assert by_name["Infrahub - Staging Inventory"] == ("no-run", "")


def test_index_row_shows_mode_status_four_card_values_and_when_it_ran(
    site: dict[str, str],
) -> None:
    tables = md_tables(parse_markdown(site["index.md"]))
    [rows] = tables
    header, *body = rows
    assert header == [
        "Instance", "Driver", "Latest run", "Mode", "Status",
        "Create", "Update", "Open Problems", "Started", "Runs",
    ]  # fmt: skip
    checkmk = next(row for row in body if row[0] == "Checkmk - Data Center")
    assert checkmk == [
        "Checkmk - Data Center", "checkmk", "#524", "Full Sync", "completed",
        "10", "37", "4 (needs attention)", "2026-06-03T08:00:04Z", "4",
    ]  # fmt: skip


def test_index_pages_split_a_large_site() -> None:
    site = render_site(load([str(SAMPLES)]).runs, site=SiteOptions(index_page_size=5))
    assert {n for n in site if n.startswith("index")} == {
        f"{stem}.{fmt}"
        for stem in ("index", "index-2", "index-3", "index-4")
        for fmt in ("html", "md")
    }
    page = parse_html(site["index-2.html"])
    assert len(page.find("tbody").find_all("tr")) == 5
    nav = page.find("nav", class_="pagination")
    assert [a.attrs["href"] for a in nav.find_all("a")] == [
        "index.html", "index.html", "index-3.html", "index-4.html", "index-3.html",
    ]  # fmt: skip


def test_instance_page_lists_runs_newest_first_with_known_numbers(site: dict[str, str]) -> None:
    [table] = md_tables(parse_markdown(site["checkmk-data-center--history.md"]))
    assert table[1:] == [
        [
            "#524",
            "Full Sync",
            "completed",
            "2026-06-03T08:00:04Z",
            "10",
            "37",
            "4 (needs attention)",
        ],
        [
            "#517",
            "Sync Preview",
            "preview_ready",
            "2026-06-02T08:00:02Z",
            "10",
            "37",
            "6 (needs attention)",
        ],
        [
            "#509",
            "Full Sync",
            "completed",
            "2026-05-27T08:00:03Z",
            "170",
            "19",
            "14 (needs attention)",
        ],
        [
            "#501",
            "Sync Preview",
            "preview_ready",
            "2026-05-26T08:00:02Z",
            "162",
            "19",
            "22 (needs attention)",
        ],
    ]
    [link] = [n for n in md_nodes(parse_markdown(site["checkmk-data-center--history.md"]), "link")
              if md_text(n) == "#524"]  # fmt: skip
    assert link.attrs["href"] == "checkmk-data-center--run-524.md"


def test_runs_of_one_instance_in_several_documents_form_one_history(site: dict[str, str]) -> None:
    [table] = md_tables(parse_markdown(site["netbox-emea-sites--history.md"]))
    assert [row[:3] for row in table[1:]] == [
        ["#956", "Full Sync", "completed"],
        ["#955", "Sync Preview", "preview_ready"],
    ]


def _changes(site: dict[str, str], stem: str) -> list[list[list[str]]]:
    text = site[f"{stem}.md"]
    start = text.index("## What changed since")
    return md_tables(parse_markdown(text[start : text.index("## Where to go next")]))


def test_report_shows_card_and_stage_metric_changes_since_the_run_before(
    site: dict[str, str],
) -> None:
    cards, decide, apply = _changes(site, "checkmk-data-center--run-524")
    assert cards == [
        ["Card", "Run #517", "Run #524", "Change"],
        ["Status", "preview_ready", "completed", "changed"],
        ["Create", "10", "10", "0"],
        ["Update", "37", "37", "0"],
        ["Open Problems", "6", "4", "-2"],
    ]
    assert decide[1:3] == [["skip", "566", "568", "+2"], ["conflict", "3", "1", "-2"]]
    assert apply[1] == ["created", "—", "10", "new"]
    page = parse_html(site["checkmk-data-center--run-524.html"])
    section = page.find("section", data_changes_since="517")
    assert section.find("tr", data_card_change="open-problems").attrs["data-change"] == "down"


def test_full_sync_report_compares_with_the_preview_before_it(site: dict[str, str]) -> None:
    cards, apply = _changes(site, "netbox-emea-sites--run-956")
    assert [row[3] for row in cards[1:]] == ["changed", "0", "0", "0"]
    assert [row[0] for row in apply[1:]] == [
        "created", "updated", "skipped", "links_refreshed", "backups_scheduled",
    ]  # fmt: skip
    assert "What changed" not in site["netbox-emea-sites--run-955.md"]  # the first run


def test_diff_of_two_runs_has_every_metric_with_signed_differences() -> None:
    earlier = load_run(f"{HISTORY_09}#509")
    later = load_run(f"{HISTORY_09}#524")
    comparison = diff.compare(earlier, later)
    assert [(c.label, c.before, c.after, c.delta) for c in comparison.cards] == [
        ("Status", "completed", "completed", "unchanged"),
        ("Create", "170", "10", "-160"),
        ("Update", "19", "37", "+18"),
        ("Open Problems", "14", "4", "-10"),
    ]
    extract = next(s for s in comparison.stages if s.name == "extract")
    memory = next(c for c in extract.changed if c.key == "memory_usage_mb")
    assert (memory.before, memory.after, memory.delta, memory.kind) == (
        "25.1",
        "25.3",
        "+0.2",
        "up",
    )
    assert [s.name for s in comparison.stages] == [
        "validate_setup", "extract", "canonicalize", "reconcile", "decide", "apply",
    ]  # fmt: skip


def test_diff_command_writes_html_and_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    code = main(
        ["diff", f"{PREVIEW_THEN_FULL_13}#955", f"{PREVIEW_THEN_FULL_13}#956", "-o", str(tmp_path)]
    )
    assert code == 0
    stem = "netbox-emea-sites--run-955-vs-run-956"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.html", f"{stem}.md"]
    assert capsys.readouterr().err == (
        f"Compared run #955 with run #956: 1 card(s) changed; wrote {tmp_path / stem}.html, "
        f"{tmp_path / stem}.md.\n"
    )
    tables = md_tables(parse_markdown((tmp_path / f"{stem}.md").read_text()))
    decide = next(t for t in tables if t[1][0] == "create" and len(t) > 4)
    assert ["skip", "586", "586", "0"] in decide  # the diff lists unchanged metrics too
    page = parse_html((tmp_path / f"{stem}.html").read_text())
    assert page.find("tr", data_card_change="status").attrs["data-change"] == "changed"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [str(PREVIEW_THEN_FULL_13), str(HISTORY_09)],
            f"run-insights: error: {PREVIEW_THEN_FULL_13} holds 2 runs (#955, #956); "
            f"name one as {PREVIEW_THEN_FULL_13}#RUN_ID\n",
        ),
        (
            [f"{HISTORY_09}#1", f"{HISTORY_09}#524"],
            f"run-insights: error: {HISTORY_09}: no run #1; runs in this file: "
            "#524, #517, #509, #501\n",
        ),
    ],
)
def test_diff_names_the_run_it_cannot_pick(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    code = main(["diff", *argv, "-o", str(tmp_path)])
    assert code in (1, 2)
    assert capsys.readouterr().err == message
    assert re.match(r"run-insights: error: ", message)


def test_a_long_history_lists_the_newest_runs_and_says_how_many_are_not_listed() -> None:
    runs = [
        {
            "id": number,
            "mode": "apply",
            "status": "completed",
            "started_at": f"2026-01-01T00:{number // 60 % 60:02d}:{number % 60:02d}Z",
            "summary_json": {"decisions": {"create": number % 7}, "problems": {"open": 0}},
        }
        for number in range(1, 3601, 6)
    ]
    document = {"instance": {"id": 1, "name": "Long", "driver": "netbox"}, "runs": runs}
    loaded = list(load_bytes(json.dumps(document).encode(), "long.json"))
    site = render_site([run for run in loaded if isinstance(run, ExportedRun)])
    page = parse_html(site["long--history.html"])
    rows = page.find("tbody").find_all("tr")
    assert len(runs) == 600 and len(rows) == site_pages.HISTORY_PAGE_RUNS == 500
    assert rows[0].attrs["data-run"] == "3595" and rows[-1].attrs["data-run"] == "601"
    assert page.find(data_omitted_runs="100").text == (
        "100 older runs not listed: this page shows the newest 500."
    )
    assert "500 runs from #601 to #3595" in page.find("svg").find("title").text
    markdown = site["long--history.md"]
    assert "**Runs:** 600" in markdown
    assert "100 older runs not listed: this page shows the newest 500." in markdown
