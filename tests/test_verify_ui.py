"""verify-docs against the UI component: a Vue file, and the same file at two git tags."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.docs.ui_labels import card_labels
from generator.view.verification import UiLabel
from tests.conftest import FIXTURES

DOCS = FIXTURES / "docs"
PAGE = DOCS / "run-insights-tab.md"
COMPONENT = DOCS / "RunInsightsTab.vue"
UI_PATH = "resources/js/Integrations/RunInsightsTab.vue"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _texts(labels: tuple[UiLabel, ...]) -> tuple[str, ...]:
    return tuple(label.text for label in labels)


def test_labels_come_from_the_template_not_the_script() -> None:
    text = COMPONENT.read_text(encoding="utf-8")
    assert _texts(card_labels(text, "c.vue")) == ("Status", "Create", "Update", "Open Problems")


@pytest.mark.parametrize(
    ("template", "labels"),
    [
        (
            """<template><div v-for="c in [{ label: 'Status' }, { label: 'Create' }]">"""
            """<span class="card-label">{{ c.label }}</span></div></template>""",
            ("Status", "Create"),
        ),
        (
            """<template><Card v-for="l in ['Update', `Open Problems`]" :label="l"/></template>""",
            ("Update", "Open Problems"),
        ),
        (
            """<template><dl><dt class="card-label">Status</dt><dt class="card-label">Open\n"""
            """  Problems</dt></dl></template>""",
            ("Status", "Open Problems"),
        ),
        ("""<template><Card :label="'Create'" /></template>""", ("Create",)),
    ],
)
def test_label_props_arrays_and_label_text(template: str, labels: tuple[str, ...]) -> None:
    assert _texts(card_labels(template, "c.vue")) == labels


def test_the_page_matches_the_component(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "verify-docs", str(PAGE), "--ui-source", str(COMPONENT))
    assert code == 0
    assert "**UI card labels** in RunInsightsTab.vue: Status, Create, Update, Open Problems." in out


def test_a_wrong_label_differs_from_the_component(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DOCS)
    code, out, _ = _run(capsys, "verify-docs", "wrong-label.md", "--ui-source", COMPONENT.name)
    assert code == 1
    assert (
        '- wrong-label.md:25: card 2 is "Creates" on the page but "Create" in RunInsightsTab.vue '
        "(RunInsightsTab.vue:21: label prop)\n" in out
    )


def test_a_file_without_a_template_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Tab.vue").write_text("<script>export default {}</script>\n", encoding="utf-8")
    code, _, err = _run(capsys, "verify-docs", str(PAGE), "--ui-source", str(tmp_path / "Tab.vue"))
    assert code == 1
    assert err == (
        "run-insights: error: Tab.vue: no <template> block found; "
        "expected a Vue single-file component\n"
    )


# --- A git repository with two release tags ----------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Docs",
        "GIT_AUTHOR_EMAIL": "docs@example.com",
        "GIT_COMMITTER_NAME": "Docs",
        "GIT_COMMITTER_EMAIL": "docs@example.com",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """V8.1.0 calls the fourth card "Open Issues"; V8.2.0 calls it "Open Problems"."""
    root = tmp_path / "rconfig"
    component = root / UI_PATH
    component.parent.mkdir(parents=True)
    current = COMPONENT.read_text(encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    component.write_text(current.replace('"Open Problems"', '"Open Issues"'), encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Run Insights tab")
    _git(root, "tag", "V8.1.0")
    component.write_text(current, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "Rename the Open Issues card")
    _git(root, "tag", "V8.2.0")
    return root


def _at(repo: Path, ref: str) -> list[str]:
    return ["verify-docs", str(PAGE), "--git-repo", str(repo), "--ref", ref, "--ui-path", UI_PATH]


def test_the_page_matches_the_release_tag(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *_at(repo, "V8.2.0"))
    assert code == 0
    assert "## Card labels against RunInsightsTab.vue at V8.2.0: ok" in out


def test_the_older_tag_has_another_label(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *_at(repo, "V8.1.0"))
    assert code == 1
    assert (
        f'- {PAGE}:27: card 4 is "Open Problems" on the page but "Open Issues" in '
        "RunInsightsTab.vue at V8.1.0 (RunInsightsTab.vue:23: label prop)\n"
    ) in out


@pytest.mark.parametrize(
    ("ref", "path", "detail"),
    [
        ("V9.9.9", UI_PATH, "invalid object name 'V9.9.9'."),
        ("V8.2.0", "src/Nope.vue", "path 'src/Nope.vue' does not exist in 'V8.2.0'"),
        ("--output=x", UI_PATH, None),
    ],
)
def test_a_missing_ref_or_path_is_a_usage_error(
    repo: Path, ref: str, path: str, detail: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["verify-docs", str(PAGE), "--git-repo", str(repo), f"--ref={ref}", "--ui-path", path]
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    if detail is None:
        assert err == "run-insights: error: invalid git ref '--output=x'\n"
    else:
        assert err == f"run-insights: error: cannot read {path} at {ref} in {repo}: {detail}\n"


def test_git_options_go_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "verify-docs", str(PAGE), "--git-repo", str(tmp_path))
    assert code == 2
    assert (
        err == "run-insights: error: --git-repo and --ref go together, "
        "with --ui-path or --executors-path (or both)\n"
    )


def test_without_git_the_message_says_so(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(repo))  # a folder without a git command
    code, _, err = _run(capsys, *_at(repo, "V8.2.0"))
    assert code == 2
    assert err == "run-insights: error: git is not installed; --git-repo needs the git command\n"
