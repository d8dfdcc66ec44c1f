"""verify-docs against rConfig's source as it is written: Vue cards, i18n modules, PHP executors.

The components and executors under ``fixtures/vue`` and ``fixtures/rconfig`` are written the way
rConfig's public code is (``<script setup>``, shadcn-vue cards, ``useComponentTranslations``,
Laravel services).  The git repository is built here from ``fixtures/rconfig/V8.2.0`` with the
files of ``fixtures/rconfig/V8.1.0`` laid over it for the older tag: the fourth card was "Open
Issues", the extract stage did not set memory_usage_mb, and apply set backups_queued where it now
sets backups_scheduled.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from generator.cli import main
from tests.conftest import FIXTURES
from tests.test_verify_ui import _git

PAGE = FIXTURES / "docs" / "run-insights-tab.md"
VUE = FIXTURES / "vue"
RCONFIG = FIXTURES / "rconfig"
UI_PATH = "resources/js/pages/Integrations/RunInsights/RunInsightsTab.vue"
EXECUTORS = "app/Services/Integrations/Sync/Executors"
UNRESOLVED = [
    {
        "location": "CanonicalizeExecutor.php:20",
        "message": "unresolved: stage canonicalize: a key written as $outcome->status "
        "cannot be read statically",
    },
    {
        "location": "DecideExecutor.php:24",
        "message": "unresolved: stage decide: a key written as $decision->action "
        "cannot be read statically",
    },
    {
        "location": "ReconcileExecutor.php:22",
        "message": "unresolved: stage reconcile: a key written as $match->tier "
        "cannot be read statically",
    },
]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code, out, err = _run(capsys, "verify-docs", str(PAGE), "--format", "json", *argv)
    assert err == ""
    return code, json.loads(out)


def _check(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(check for check in report["checks"] if check["name"] == name)


# --- Card labels, in each of the ways rConfig writes them ---------------------------------------


@pytest.mark.parametrize(
    ("component", "found"),
    [
        (
            "StaticCardTitles.vue",
            [
                ("Status", "StaticCardTitles.vue:17", None, "CardTitle text"),
                ("Create", "StaticCardTitles.vue:25", None, "CardTitle text"),
                ("Update", "StaticCardTitles.vue:33", None, "CardTitle text"),
                ("Open Problems", "StaticCardTitles.vue:39", None, "h3 text"),
            ],
        ),
        (
            "ScriptArrayCards.vue",
            [
                ("Status", "ScriptArrayCards.vue:20", None, "stats entry"),
                ("Create", "ScriptArrayCards.vue:21", None, "stats entry"),
                ("Update", "ScriptArrayCards.vue:22", None, "stats entry"),
                ("Open Problems", "ScriptArrayCards.vue:24", None, "stats entry"),
            ],
        ),
        (
            "TranslatedCards.vue",
            [
                (
                    "Status",
                    "TranslatedCards.vue:19",
                    "cards.status",
                    'CardTitle text, t("cards.status") at TranslatedCards.i18n.js:4',
                ),
                (
                    "Create",
                    "TranslatedCards.vue:23",
                    "cards.create",
                    'CardTitle text, t("cards.create") at TranslatedCards.i18n.js:5',
                ),
                (
                    "Update",
                    "TranslatedCards.vue:26",
                    "cards.update",
                    ':title prop, t("cards.update") at TranslatedCards.i18n.js:6',
                ),
                (
                    "Open Problems",
                    "TranslatedCards.vue:30",
                    "cards.open_problems",
                    ':title prop, t("cards.open_problems") at TranslatedCards.i18n.js:7',
                ),
            ],
        ),
    ],
)
def test_each_style_of_component_matches_the_page(
    capsys: pytest.CaptureFixture[str], component: str, found: list[tuple[str, ...]]
) -> None:
    code, report = _json(capsys, "--ui-source", str(VUE / component))
    assert code == 0
    assert _check(report, "ui")["ok"] is True
    labels = [
        (item["label"], item["location"], item["key"], item["how"])
        for item in report["ui"]["found"]
    ]
    assert labels == found


@pytest.mark.parametrize(
    ("component", "old", "new", "line"),
    [
        ("StaticCardTitles.vue", ">Open Problems<", ">Open Issues<", 39),
        ("ScriptArrayCards.vue", '"Open Problems"', '"Open Issues"', 24),
        ("TranslatedCards.i18n.js", '"Open Problems"', '"Open Issues"', 30),
    ],
)
def test_a_renamed_card_is_found_in_each_style(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    component: str,
    old: str,
    new: str,
    line: int,
) -> None:
    for fixture in VUE.iterdir():
        shutil.copy(fixture, tmp_path)
    changed = tmp_path / component
    changed.write_text(changed.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    vue_file = tmp_path / component.replace(".i18n.js", ".vue")
    code, report = _json(capsys, "--ui-source", str(vue_file))
    assert code == 1
    findings = _check(report, "ui")["findings"]
    assert len(findings) == 1
    assert findings[0]["location"] == f"{PAGE}:27"
    assert findings[0]["message"].startswith(
        f'card 4 is "Open Problems" on the page but "Open Issues" in {vue_file.name} '
        f"({vue_file.name}:{line}: "
    )


def test_a_component_without_labels_says_what_was_looked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        capsys, "verify-docs", str(PAGE), "--ui-source", str(VUE / "NoLabels.vue")
    )
    assert (code, out) == (2, "")
    assert err == (
        "run-insights: error: NoLabels.vue: no card label found; looked for the text of "
        "<CardTitle> and of h1-h6 headings inside a card component; label/title props of a card "
        'component (label="...", :label="\'...\'", :title="t(...)"); label:/title: entries '
        'of an array a v-for iterates (in the template or <script setup>); t("key")/$t("key") '
        "resolved through the i18n module; text of elements with a label class\n"
    )


def test_a_missing_i18n_module_asks_for_the_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(VUE / "TranslatedCards.vue", tmp_path)
    argv = ["verify-docs", str(PAGE), "--ui-source", str(tmp_path / "TranslatedCards.vue")]
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == (
        "run-insights: error: TranslatedCards.vue: cannot find its i18n module "
        "./TranslatedCards.i18n.js; give the messages with --messages FILE\n"
    )


def test_messages_can_come_from_a_json_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(VUE / "TranslatedCards.vue", tmp_path)
    messages = {"cards": {"status": "Status", "create": "Create", "update": "Update"}}
    (tmp_path / "en.json").write_text(json.dumps(messages), encoding="utf-8")
    argv = ["--ui-source", str(tmp_path / "TranslatedCards.vue"), "--messages"]
    code, report = _json(capsys, *argv, str(tmp_path / "en.json"))
    assert code == 1
    assert [item["message"] for item in _check(report, "ui")["findings"]] == [
        'card 4 is "Open Problems" on the page but "t("cards.open_problems") (no message in '
        'en.json)" in TranslatedCards.vue (TranslatedCards.vue:30: :title prop)'
    ]


# --- Metric keys from the PHP executors ---------------------------------------------------------


def test_the_executors_set_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _json(capsys, "--executors", str(RCONFIG / "V8.2.0" / EXECUTORS))
    assert code == 0
    check = _check(report, "executors")
    assert (check["ok"], check["notes"]) == (True, UNRESOLVED)
    keys = {(item["stage"], item["key"]): item["location"] for item in report["executors"]["keys"]}
    assert keys[("extract", "page_count")] == "ExtractExecutor.php:20"  # key by key
    assert keys[("extract", "items_extracted")] == "ExtractExecutor.php:28"  # a class constant
    assert keys[("extract", "truncated")] == "ExtractExecutor.php:29"  # a helper method
    assert keys[("canonicalize", "invalid")] == "CanonicalizeExecutor.php:14"  # constant array
    assert keys[("reconcile", "ambiguous")] == "ReconcileExecutor.php:15"  # foreach over one
    assert keys[("apply", "links_refreshed")] == "ApplyExecutor.php:28"  # a returned literal
    assert ("validate_setup", "credentials") in keys
    assert not {key for _, key in keys} & {"summary", "error_summary"}


def test_keys_the_base_class_sets_count_for_every_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Executors"
    shutil.copytree(RCONFIG / "V8.2.0" / EXECUTORS, folder)
    base = folder / "IntegrationStageExecutor.php"
    text = base.read_text(encoding="utf-8")
    marker = "            $this->execute($stage);\n"
    base.write_text(
        text.replace(marker, marker + "            $this->recordMetric('attempt', 1);\n"),
        encoding="utf-8",
    )
    code, report = _json(capsys, "--executors", str(folder))
    assert code == 1
    messages = [item["message"] for item in _check(report, "executors")["findings"]]
    stages = ("validate_setup", "extract", "canonicalize", "reconcile", "decide", "apply")
    assert messages == [
        f"stage {stage}: attempt is set at IntegrationStageExecutor.php:25, "
        "but the page does not document it"
        for stage in stages
    ]


def test_docs_tables_writes_the_keys_from_the_executors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = str(RCONFIG / "V8.2.0" / EXECUTORS)
    code, _, _ = _run(capsys, "docs-tables", "--executors", folder, "--check", str(PAGE))
    assert code == 0
    code, out, _ = _run(capsys, "docs-tables", "--executors", folder, "--table", "typical-keys")
    assert code == 0
    assert (
        "| `apply` | `created`, `updated`, `skipped`, `links_refreshed`, `backups_scheduled` |"
        in out
    )


# --- Between two release tags -------------------------------------------------------------------


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rconfig")
    _git(root, "init", "-q", "-b", "main")
    shutil.copytree(RCONFIG / "V8.2.0", root, dirs_exist_ok=True)
    shutil.copytree(RCONFIG / "V8.1.0", root, dirs_exist_ok=True)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Device Sync V2")
    _git(root, "tag", "V8.1.0")
    shutil.copytree(RCONFIG / "V8.2.0", root, dirs_exist_ok=True)
    _git(root, "commit", "-q", "-am", "Rename Open Issues, report memory, schedule backups")
    _git(root, "tag", "V8.2.0")
    return root


def _at(repo: Path, ref: str, *extra: str) -> list[str]:
    return [
        *("--git-repo", str(repo), "--ref", ref),
        *("--ui-path", UI_PATH, "--executors-path", EXECUTORS, *extra),
    ]


def test_the_release_tag_matches_the_page(
    releases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _json(capsys, *_at(releases, "V8.2.0"))
    assert code == 0
    assert [label["label"] for label in report["ui"]["found"]] == [
        "Status",
        "Create",
        "Update",
        "Open Problems",
    ]
    assert report["ui"]["found"][3] == {
        "label": "Open Problems",
        "location": "RunInsightsTab.vue:41",
        "key": "cards.openProblems",
        "how": 'summaryCards entry, t("cards.openProblems") at RunInsightsTab.i18n.js:7',
    }


def test_the_older_tag_differs_exactly_where_it_was_changed(
    releases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _json(capsys, *_at(releases, "V8.1.0"))
    assert code == 1
    page = str(PAGE)
    assert [(f["location"], f["message"]) for f in report["checks"][3]["findings"]] == [
        (
            f"{page}:27",
            'card 4 is "Open Problems" on the page but "Open Issues" in RunInsightsTab.vue at '
            'V8.1.0 (RunInsightsTab.vue:41: summaryCards entry, t("cards.openProblems") at '
            "RunInsightsTab.i18n.js:7)",
        )
    ]
    assert [(f["location"], f["message"]) for f in _check(report, "executors")["findings"]] == [
        (
            f"{page}:60",
            "stage extract: the page documents memory_usage_mb, but ExtractExecutor "
            "(ExtractExecutor.php:8) never sets it",
        ),
        (
            f"{page}:64",
            "stage apply: the page documents backups_scheduled, but ApplyExecutor "
            "(ApplyExecutor.php:9) never sets it",
        ),
        (
            f"{page}:64",
            "stage apply: backups_queued is set at ApplyExecutor.php:29, "
            "but the page does not document it",
        ),
    ]


def test_since_lists_what_changed_between_the_tags(
    releases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _json(capsys, *_at(releases, "V8.2.0", "--since", "V8.1.0"))
    assert code == 0
    since = _check(report, "since")
    assert since["title"] == "Changes in the source from V8.1.0 to V8.2.0"
    assert [(n["location"], n["message"]) for n in since["notes"]] == [
        ("RunInsightsTab.vue:41", 'card label "Open Problems" added since V8.1.0'),
        ("RunInsightsTab.vue:41 at V8.1.0", 'card label "Open Issues" removed since V8.1.0'),
        ("ApplyExecutor.php:29", "stage apply: metric key backups_scheduled added since V8.1.0"),
        ("ExtractExecutor.php:30", "stage extract: metric key memory_usage_mb added since V8.1.0"),
        (
            "ApplyExecutor.php:29 at V8.1.0",
            "stage apply: metric key backups_queued removed since V8.1.0",
        ),
    ]


def test_since_in_the_markdown_report(releases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["verify-docs", str(PAGE), *_at(releases, "V8.2.0", "--since", "V8.1.0")]
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert "## Changes in the source from V8.1.0 to V8.2.0: ok\n\nAdded and removed:\n" in out
    assert "- Open Problems: RunInsightsTab.vue:41, summaryCards entry" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "V8.1.0"], "--since needs --git-repo and --ref"),
        (
            ["--git-repo", ".", "--ref", "V8.2.0"],
            "--git-repo and --ref go together, with --ui-path or --executors-path (or both)",
        ),
        (["--messages", "en.json"], "--messages needs --ui-source or --ui-path"),
        (["--executors", "nowhere"], "executors folder nowhere not found"),
    ],
)
def test_source_options_are_checked(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, "verify-docs", str(PAGE), *argv)
    assert (code, out, err) == (2, "", f"run-insights: error: {message}\n")


def test_the_html_report_lists_where_each_label_is_written(
    releases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "verify-docs", str(PAGE), *_at(releases, "V8.2.0"), "--format", "html"
    )
    assert code == 0
    items = _label_items(out)
    assert items[3] == (
        "Open Problems",
        'Open Problems: RunInsightsTab.vue:41, summaryCards entry, t("cards.openProblems") at '
        "RunInsightsTab.i18n.js:7",
    )
    assert [label for label, _ in items] == ["Status", "Create", "Update", "Open Problems"]


def _label_items(html: str) -> list[tuple[str, str]]:
    """The ``data-label`` list items of an HTML report, with their text."""

    class Items(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.items: list[tuple[str, str]] = []
            self.open: str | None = None
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            label = dict(attrs).get("data-label")
            if tag == "li" and label is not None:
                self.open, self.text = label, []

        def handle_endtag(self, tag: str) -> None:
            if tag == "li" and self.open is not None:
                self.items.append((self.open, "".join(self.text)))
                self.open = None

        def handle_data(self, data: str) -> None:
            if self.open is not None:
                self.text.append(data)

    parser = Items()
    parser.feed(html)
    return parser.items


def test_a_hostile_label_stays_text_in_every_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "[Status](javascript:alert(1)) <img src=x onerror=alert(1)>"
    component = tmp_path / "Hostile.vue"
    escaped = hostile.replace("<", "&lt;").replace(">", "&gt;")
    component.write_text(
        f"<template><Card><CardTitle>{escaped}</CardTitle></Card></template>\n", encoding="utf-8"
    )
    argv = ["verify-docs", str(PAGE), "--ui-source", str(component)]
    code, markdown, _ = _run(capsys, *argv)
    assert code == 1
    tokens = MarkdownIt("commonmark").parse(markdown)
    inline = [child for token in tokens for child in token.children or ()]
    assert not [t for t in inline if t.type in ("link_open", "html_inline", "image")]
    rendered = MarkdownIt("commonmark").render(markdown)
    assert hostile.replace("<", "&lt;").replace(">", "&gt;") in rendered
    code, page, _ = _run(capsys, *argv, "--format", "html")
    assert "<img" not in page and "javascript:" not in page.replace("javascript:alert(1))", "")
    assert [label for label, _ in _label_items(page)] == [hostile]


def test_docs_tables_reads_the_executors_at_a_tag(
    releases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["docs-tables", "--git-repo", str(releases), "--executors-path", EXECUTORS]
    code, out, _ = _run(capsys, *argv, "--ref", "V8.1.0", "--table", "typical-keys")
    assert code == 0
    assert (
        "| `apply` | `created`, `updated`, `skipped`, `links_refreshed`, `backups_queued` |" in out
    )
    code, _, _ = _run(capsys, *argv, "--ref", "V8.1.0", "--check", str(PAGE))
    assert code == 1
    code, _, _ = _run(capsys, *argv, "--ref", "V8.2.0", "--check", str(PAGE))
    assert code == 0
