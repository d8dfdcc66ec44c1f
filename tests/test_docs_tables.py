"""docs-tables: marked regions rewritten from the rules or exports; --check finds stale ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands.docs_tables import update_page
from generator.docs import page as docpage
from generator.docs import tables as docs_tables
from generator.errors import PageError
from generator.exports.load import load
from tests.conftest import FIXTURES

DOCS = FIXTURES / "docs"
PAGE = DOCS / "run-insights-tab.md"
EXPORTS = DOCS / "exports"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["run-insights-tab.md", "run-insights-tab.mdx"])
def test_the_faithful_page_is_up_to_date(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "docs-tables", "--check", str(DOCS / name))
    assert (code, out, err) == (0, "", "")


def test_a_stale_page_fails_the_check_and_passes_after_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(DOCS / "missing-key.md", tmp_path / "page.md")
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "docs-tables", "--check", "page.md")
    assert code == 1
    assert err == (
        "page.md:56: the typical-keys region is stale; run-insights docs-tables --update page.md\n"
    )
    assert (
        "+| `extract` | `processed`, `missing_policy_actions`, `pagination_type`, `page_count`"
        in out
    )
    code, _, err = _run(capsys, "docs-tables", "--update", "page.md")
    assert (code, err) == (0, "page.md: updated\n")
    assert _run(capsys, "docs-tables", "--check", "page.md")[0] == 0
    assert (tmp_path / "page.md").read_bytes() == PAGE.read_bytes()  # "Meaning" column kept
    assert _run(capsys, "docs-tables", "--update", "page.md")[2] == "page.md: up to date\n"


def test_update_changes_nothing_outside_the_regions(tmp_path: Path) -> None:
    text = (DOCS / "missing-key.md").read_text(encoding="utf-8")
    text = text.replace("| `reconcile` |", "| reconcile |").replace("\n", "\r\n")  # CRLF page
    text += "trailing text without a newline"
    page = tmp_path / "page.md"
    page.write_bytes(text.encode("utf-8"))
    update_page(page, docs_tables.keys_from_rules())
    before = text.splitlines(keepends=True)
    after = page.read_bytes().decode("utf-8").splitlines(keepends=True)
    regions = docs_tables.find_regions([line.rstrip("\r\n") for line in before], "page.md")
    assert len(before) == len(after)
    inside = {i for r in regions for i in range(r.start + 1, r.end)}
    changed = {i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    assert changed == {regions[1].start + 4, regions[1].start + 6}  # extract and reconcile rows
    assert changed <= inside
    assert all(line.endswith("\r\n") for line in after[:-1])


def test_tables_from_the_exports_of_a_release(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["docs-tables", "--exports", str(EXPORTS), "--release", "V8.1.0"]
    code, out, err = _run(capsys, *argv, "--table", "typical-keys")
    assert (code, err) == (0, "")
    assert out == (
        "<!-- run-insights:typical-keys:start -->\n"
        "| Stage | Typical keys |\n"
        "| --- | --- |\n"
        "| `validate_setup` | `connection`, `credentials` |\n"
        "| `extract` | `processed`, `missing_policy_actions`, `pagination_type`, "
        "`items_extracted`, `truncated`, `page_total` |\n"
        "| `canonicalize` | `processed`, `valid`, `invalid`, `validation_errors` |\n"
        "| `reconcile` | `strong`, `medium`, `ambiguous`, `none` |\n"
        "| `decide` | `create`, `update`, `skip`, `conflict`, `top_decision_reason_codes` |\n"
        "| `apply` | `created`, `updated`, `skipped`, `links_refreshed`, `backups_scheduled` |\n"
        "<!-- run-insights:typical-keys:end -->\n"
    )
    assert _run(capsys, *argv, "--check", str(PAGE))[0] == 1
    argv[-1] = "V8.2.0"
    assert _run(capsys, *argv, "--check", str(PAGE))[0] == 0


def test_both_tables_are_printed_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "docs-tables")
    assert code == 0
    assert out.startswith("<!-- run-insights:cards:start -->\n| Card | Tone | Source |\n")
    assert "| Open Problems | Red when > 0, otherwise teal | `summary.problems.open` |\n" in out
    assert out.endswith("<!-- run-insights:typical-keys:end -->\n")
    assert out == _run(capsys, "docs-tables")[1]


def test_hostile_keys_cannot_break_the_table(tmp_path: Path) -> None:
    document = json.loads((EXPORTS / "v8.2.0-full-sync.json").read_text(encoding="utf-8"))
    document["stages"][3]["metrics_json"]["a|b`<img src=x>"] = 1
    (tmp_path / "hostile.json").write_text(json.dumps(document), encoding="utf-8")
    keys = docs_tables.keys_from_exports(load([str(tmp_path)]).runs)
    text = docs_tables.standalone(keys, ["typical-keys"])
    assert "a\\|b\\`\\<img src=x\\>" in text
    (table,) = docpage.tables(docpage.markdown_tree(text))
    assert all(len(row.cells) == 2 for row in table.rows)
    reconcile = next(row for row in table.rows if row.cells[0] == "reconcile")
    assert docpage.split_keys(reconcile.cells[1])[-1] == "a|b<img src=x>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# Page\n",
            "p.md: no run-insights region found; expected marker comments such as "
            "<!-- run-insights:typical-keys:start --> and <!-- run-insights:typical-keys:end -->",
        ),
        (
            "a\n<!-- run-insights:cards:start -->\n| x |\n",
            "p.md:2: run-insights:cards:start has no end marker",
        ),
        (
            "<!-- run-insights:cards:end -->\n",
            "p.md:1: run-insights:cards:end has no start marker before it",
        ),
        (
            "{/* run-insights:stages:start */}\n",
            'p.md:1: unknown region "stages"; expected cards or typical-keys',
        ),
        (
            "<!-- run-insights:cards:start -->\n<!-- run-insights:typical-keys:start -->\n",
            "p.md:2: run-insights:typical-keys:start inside the cards region opened at line 1; "
            "expected its end marker first",
        ),
    ],
)
def test_bad_markers_are_named(text: str, message: str) -> None:
    with pytest.raises(PageError) as raised:
        docs_tables.update_text(text, "p.md", docs_tables.keys_from_rules())
    assert str(raised.value) == message


def test_bad_markers_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.md").write_text("# Page\n", encoding="utf-8")
    code, _, err = _run(capsys, "docs-tables", "--check", str(tmp_path / "p.md"))
    assert code == 2
    assert err.startswith(f"run-insights: error: {tmp_path / 'p.md'}: no run-insights region")


def test_table_goes_with_printing_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "docs-tables", "--table", "cards", "--check", str(PAGE))
    assert code == 2
    assert err == (
        "run-insights: error: --table only selects what is printed; "
        "--update and --check do all regions\n"
    )
