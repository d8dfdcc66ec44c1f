"""verify-docs: the docs page against the page rules and a release's exports, exact messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands import verify_docs as verify
from generator.docs import page as docpage
from generator.errors import PageError
from generator.view import rules
from tests.conftest import FIXTURES
from tests.pages import parse_html

DOCS = FIXTURES / "docs"
PAGE = DOCS / "run-insights-tab.md"
EXPORTS = DOCS / "exports"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _findings(page: Path, **options: object) -> list[str]:
    verification, errors = verify.verify_docs(page, **options)  # type: ignore[arg-type]
    assert errors == []
    return [str(finding) for finding in verification.findings]


@pytest.mark.parametrize("name", ["run-insights-tab.md", "run-insights-tab.mdx"])
def test_the_faithful_page_matches_the_page_rules(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "verify-docs", str(DOCS / name))
    assert (code, err) == (0, "")
    assert "**Result:** the page matches every check." in out


def test_the_page_is_read_by_its_tables_and_list() -> None:
    page = verify.read_page(PAGE)
    assert [row.label for row in page.cards] == ["Status", "Create", "Update", "Open Problems"]
    assert page.cards[3].tone == "Red when > 0, otherwise teal"
    assert page.cards[1].source == "summary.decisions.create"
    assert [item.name for item in page.stages] == [
        "validate_setup",
        "extract",
        "canonicalize",
        "reconcile",
        "decide",
        "apply",
    ]
    assert page.keys[5].keys == (
        "created",
        "updated",
        "skipped",
        "links_refreshed",
        "backups_scheduled",
    )


def test_mdx_is_read_with_the_same_line_numbers() -> None:
    text = (DOCS / "run-insights-tab.mdx").read_text(encoding="utf-8")
    stripped = docpage.strip_mdx(text)
    assert stripped.count("\n") == text.count("\n")
    assert "import" not in stripped.split("---", 2)[2][:200]
    assert "<Callout" not in stripped and "<Screenshot" not in stripped
    page = docpage.parse_page(text, "tab.mdx")
    assert (page.cards_line, page.stages_line) == (40, 59)


VARIANTS = [
    ("wrong-label.md", ['wrong-label.md:25: card "Creates" should be labelled "Create"']),
    ("wrong-tone.md", ['wrong-tone.md:26: card "Update" has the tone "Blue"; expected "Indigo"']),
    (
        "missing-key.md",
        [
            "missing-key.md:60: stage extract does not list the key page_count, "
            "which the page rules have"
        ],
    ),
    (
        "extra-key.md",
        [
            "extra-key.md:62: stage reconcile lists the key duration_ms, "
            "which the page rules do not have"
        ],
    ),
    (
        "stages-out-of-order.md",
        [
            "stages-out-of-order.md:39: stage extract is listed after canonicalize; the pipeline "
            "order is validate_setup, extract, canonicalize, reconcile, decide, apply"
        ],
    ),
]


@pytest.mark.parametrize(("name", "expected"), VARIANTS)
def test_each_mistake_is_named_with_its_line(
    name: str,
    expected: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(DOCS)
    assert _findings(Path(name)) == expected
    code, out, err = _run(capsys, "verify-docs", name)
    assert (code, err) == (1, "")
    assert "**Result:** 1 mismatch." in out
    assert f"- {expected[0]}\n" in out


def test_a_changed_header_means_the_page_cannot_be_understood(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DOCS)
    code, out, err = _run(capsys, "verify-docs", "changed-header.md")
    assert (code, out) == (2, "")
    assert err == (
        "run-insights: error: changed-header.md: no summary-card table found; expected a table "
        "whose header has Card, Tone and Source (the table at line 22 has Card, Colour, Source, "
        "Meaning)\n"
    )


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (
            ("1. `validate_setup`", "6. `apply` (Full Sync only — Sync Preview stops at decide)"),
            "page.md: no stage list found; expected a numbered list whose items start with the "
            "stage names validate_setup, extract, canonicalize, reconcile, decide, apply",
        ),
        (
            ("| Stage | Typical keys you'll see |", "| `apply` | `created`"),
            "page.md: no typical-keys table found; expected a table whose header has Stage and "
            '"Typical keys"',
        ),
    ],
)
def test_a_missing_list_or_table_is_named(cut: tuple[str, str], message: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    start, end = text.index(cut[0]), text.index(cut[1]) + len(cut[1])
    with pytest.raises(PageError) as raised:
        docpage.parse_page(text[:start] + text[end:], "page.md")
    assert str(raised.value) == message


def test_a_missing_page_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "verify-docs", str(tmp_path / "nope.md"))
    assert code == 2
    missing = tmp_path / "nope.md"
    assert (
        err == f"run-insights: error: {missing}: cannot read the page: No such file or directory\n"
    )


# --- Exports -----------------------------------------------------------------------------------


def test_the_faithful_page_matches_the_exports_of_its_release(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        capsys, "verify-docs", str(PAGE), "--exports", str(EXPORTS), "--release", "V8.2.0"
    )
    assert (code, err) == (0, "")
    assert "**Exports:** 2 runs of V8.2.0." in out
    assert "| extract | page\\_count | yes | 2 of 2 |" not in out  # intraword _ is not escaped
    assert "| extract | page_count | yes | 2 of 2 |" in out
    assert "| apply | backups_scheduled | yes | 1 of 1 |" in out


def test_an_older_release_shows_keys_it_lacks_and_keys_it_adds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(DOCS)
    assert _findings(Path(PAGE.name), exports=["exports"], release="V8.1.0") == [
        "run-insights-tab.md:60: stage extract: the page documents page_count, but no run of "
        "V8.1.0 emits it (0 of 1 run with extract)",
        "run-insights-tab.md:60: stage extract: the page documents memory_usage_mb, but no run "
        "of V8.1.0 emits it (0 of 1 run with extract)",
        "run-insights-tab.md:60: stage extract: page_total is emitted by 1 of 1 run with extract, "
        "but the page does not document it",
    ]


def test_without_a_release_every_run_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS)
    verification, _ = verify.verify_docs(Path(PAGE.name), exports=["exports"])
    extract = next(stage for stage in verification.stage_keys if stage.stage == "extract")
    uses = {use.key: (use.documented, use.runs) for use in extract.keys}
    assert extract.runs == 3
    assert uses["page_count"] == (True, 2)
    assert uses["page_total"] == (False, 1)
    assert [str(f) for f in verification.findings] == [
        "run-insights-tab.md:60: stage extract: page_total is emitted by 1 of 3 runs with "
        "extract, but the page does not document it"
    ]


def test_allow_undocumented_keeps_the_note_but_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS)
    verification, _ = verify.verify_docs(
        Path(PAGE.name), exports=["exports"], allow_undocumented=True
    )
    assert verification.ok
    notes = [str(note) for check in verification.checks for note in check.notes]
    assert notes == [
        "run-insights-tab.md:60: stage extract: page_total is emitted by 1 of 3 runs with "
        "extract, but the page does not document it"
    ]


def test_a_key_missing_from_the_page_is_emitted_by_the_release(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(DOCS)
    assert _findings(Path("missing-key.md"), exports=["exports"], release="V8.2.0") == [
        "missing-key.md:60: stage extract does not list the key page_count, "
        "which the page rules have",
        "missing-key.md:60: stage extract: page_count is emitted by 2 of 2 runs with extract, "
        "but the page does not document it",
    ]


def test_summary_and_error_summary_are_not_keys(tmp_path: Path) -> None:
    document = json.loads((EXPORTS / "v8.2.0-preview.json").read_text(encoding="utf-8"))
    document["stages"][1]["status"] = "failed"
    document["stages"][1]["metrics_json"]["error_summary"] = "HTTP 502 from upstream"
    (tmp_path / "failed.json").write_text(json.dumps(document), encoding="utf-8")
    verification, _ = verify.verify_docs(PAGE, exports=[str(tmp_path)])
    assert verification.ok
    notes = [str(note) for check in verification.checks for note in check.notes]
    assert notes == [
        f"{PAGE}:64: stage apply: no run has this stage, so its keys are unchecked",
    ]
    keys = {use.key for stage in verification.stage_keys for use in stage.keys}
    assert "summary" not in keys and "error_summary" not in keys


def test_an_unknown_release_exits_1_naming_the_releases_found(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        capsys, "verify-docs", str(PAGE), "--exports", str(EXPORTS), "--release", "V9.0.0"
    )
    assert (code, out) == (1, "")
    assert err == (
        "run-insights: error: no run export of release V9.0.0; the exports are of V8.1.0, V8.2.0\n"
    )


def test_release_needs_exports(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "verify-docs", str(PAGE), "--release", "V8.2.0")
    assert code == 2
    assert err == "run-insights: error: --release needs --exports\n"


def test_a_broken_export_is_reported_and_fails_the_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    code, _, err = _run(
        capsys, "verify-docs", str(PAGE), "--exports", str(EXPORTS), str(tmp_path / "broken.json")
    )
    assert code == 1
    assert err.startswith(f"error: {tmp_path / 'broken.json'}:1:2: invalid JSON")


# --- Output formats ----------------------------------------------------------------------------


def test_json_output_for_machines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "verify-docs",
        str(DOCS / "wrong-tone.md"),
        "--exports",
        str(EXPORTS),
        "--release",
        "V8.2.0",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 1
    assert data["ok"] is False
    assert [(c["name"], c["ok"]) for c in data["checks"]] == [
        ("cards", False),
        ("stages", True),
        ("keys", True),
        ("exports", True),
    ]
    assert data["checks"][0]["findings"][0]["message"] == (
        'card "Update" has the tone "Blue"; expected "Indigo"'
    )


def test_html_report_escapes_export_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = json.loads((EXPORTS / "v8.2.0-preview.json").read_text(encoding="utf-8"))
    document["stages"][0]["metrics_json"]["<img src=x onerror=alert(1)>"] = 1
    (tmp_path / "hostile.json").write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "report.html"
    code, _, err = _run(
        capsys, "verify-docs", str(PAGE), "--exports", str(tmp_path), "-o", str(out)
    )
    assert code == 1
    assert err.startswith("mismatch: ")
    html = out.read_text(encoding="utf-8")
    assert "<img" not in html
    tree = parse_html(html)
    checks = {n.attrs["data-check"]: n.attrs["data-ok"] for n in tree.find_all(data_check=True)}
    assert checks == {"cards": "true", "stages": "true", "keys": "true", "exports": "false"}
    assert tree.find("tr", data_key="<img src=x onerror=alert(1)>").text.startswith(
        "validate_setup"
    )


def test_the_html_report_uses_the_chosen_theme(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    code, _, _ = _run(capsys, "verify-docs", str(PAGE), "--theme", "nope", "-o", str(out))
    assert code == 2
    assert not out.exists()
    assert _run(capsys, "verify-docs", str(PAGE), "--theme", "compact", "-o", str(out))[0] == 0
    assert parse_html(out.read_text(encoding="utf-8")).find(data_result="ok")


def test_a_spec_style_card_table_with_label_and_value_from_headers() -> None:
    text = (
        "| Label | Tone | Value from |\n|---|---|---|\n"
        "| Status | sky | `run.status`: one of `queued`, `running` |\n"
        "| Create | violet | `summary.decisions.create` |\n"
        "| Update | indigo | `summary.create` |\n"
        "| Open Problems | red when > 0, otherwise teal | `summary.problems.open` |\n"
    )
    stages = "\n".join(f"{n}. {s}" for n, s in enumerate(rules.PIPELINE, start=1))
    keys = "| Stage | Keys |\n|---|---|\n" + "".join(
        f"| {stage} | {', '.join(found)} |\n" for stage, found in rules.TYPICAL_KEYS.items()
    )
    page = docpage.parse_page(f"{text}\n{stages}\n\n{keys}", "spec.md")
    assert [str(f) for f in verify.verify(page).findings] == [
        'spec.md:5: card "Update" has the source "summary.create"; '
        'expected "summary.decisions.update"'
    ]
