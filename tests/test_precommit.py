"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit.

pre-commit installs this project into its own environment from a git repository, as it would
from a docs repository's ``.pre-commit-config.yaml``: the hook repository here is a snapshot of
the working tree (tracked and new files, as ``pre-commit try-repo`` takes it), so the test
checks the code as it is, committed or not.  Slow (pip installs the package): marked
``precommit``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.precommit

GOOD = FIXTURES / "docs" / "run-insights-tab.md"
WRONG_LABEL = FIXTURES / "docs" / "wrong-label.md"
CONFIG = """\
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: run-insights-docs-tables
        files: ^docs/run-insights\\.md$
      - id: run-insights-verify-docs
        args: [docs/run-insights.md]
"""


def _git(cwd: Path, *argv: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    done = subprocess.run(
        ["git", *argv], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _snapshot(into: Path) -> str:
    """This project's working tree as a one-commit repository; returns the commit."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of the project")
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    _git(into, "init", "-q")
    _git(into, "add", "-A")
    _git(into, "commit", "-q", "-m", "snapshot")
    return _git(into, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    repo = tmp_path_factory.mktemp("hooks")
    return repo, _snapshot(repo)


def _run_hooks(docs: Path, page: Path, hook_repo: tuple[Path, str], home: Path) -> str:
    (docs / "docs").mkdir(exist_ok=True)
    shutil.copy(page, docs / "docs" / "run-insights.md")
    repo, rev = hook_repo
    (docs / ".pre-commit-config.yaml").write_text(CONFIG.format(repo=repo, rev=rev))
    if not (docs / ".git").exists():
        _git(docs, "init", "-q")
    _git(docs, "add", "-A")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=docs,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return f"exit {done.returncode}\n{done.stdout}{done.stderr}"


def test_hooks_pass_a_true_page_and_fail_a_wrong_one(
    tmp_path: Path, hook_repo: tuple[Path, str]
) -> None:
    docs, home = tmp_path / "docs-repo", tmp_path / "pre-commit-home"
    docs.mkdir()
    passed = _run_hooks(docs, GOOD, hook_repo, home)
    assert passed.startswith("exit 0\n"), passed
    assert "Run Insights tables are up to date" in passed
    assert "Run Insights page matches the rules" in passed

    failed = _run_hooks(docs, WRONG_LABEL, hook_repo, home)
    assert failed.startswith("exit 1\n"), failed
    assert "docs/run-insights.md:21: the cards region is stale" in failed
    assert 'docs/run-insights.md:25: card "Creates" should be labelled "Create"' in failed
