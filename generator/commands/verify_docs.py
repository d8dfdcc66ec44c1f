"""``run-insights verify-docs``: a docs page checked against the rules, exports and UI source.

Reads the page, the exports and the UI component (from a file or a git ref), then runs the pure
checks of :mod:`generator.docs.checks`.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.docs import ui_labels
from generator.docs.checks import verify
from generator.docs.page import DocPage, parse_page
from generator.errors import InputError, PageError, RunInsightsError, UsageError
from generator.exports.load import load
from generator.files import read_text
from generator.render.pages import RenderOptions, check_options, render_verification
from generator.view.verification import Verification, as_json

VERIFY_FORMATS = ("md", "html", "json")


@dataclass(frozen=True)
class GitSource:
    """A UI component file at a git ref: ``git -C repo show ref:path``."""

    repo: Path
    ref: str
    path: str


def read_page(path: Path) -> DocPage:
    """Read and parse a documentation page; an unreadable page cannot be understood either."""
    return parse_page(read_text(path, "page", PageError).removeprefix("\ufeff"), str(path))


def read_ui_labels(ui_file: Path | None, git: GitSource | None) -> tuple[str, tuple[str, ...]]:
    """The UI component's name (with the ref) and its card labels."""
    if git is not None:
        source = f"{Path(git.path).name} at {git.ref}"
        text = read_at_ref(git.repo, git.ref, git.path)
        return source, ui_labels.card_labels(text, source)
    assert ui_file is not None
    text = read_text(ui_file, "UI component").removeprefix("\ufeff")
    return ui_file.name, ui_labels.card_labels(text, ui_file.name)


def verify_docs(
    page_path: Path,
    exports: Sequence[str] | None = None,
    release: str | None = None,
    ui_file: Path | None = None,
    git: GitSource | None = None,
    allow_undocumented: bool = False,
    theme: str | None = None,
) -> tuple[Verification, list[InputError]]:
    """Read a page, the exports and the UI component; verify; return the problems in the exports.

    With ``theme``, the theme the report will be rendered with is checked first, before any work.
    """
    if theme is not None:
        check_options(RenderOptions(theme=theme))
    page = read_page(page_path)
    ui = read_ui_labels(ui_file, git) if ui_file is not None or git is not None else None
    errors: list[InputError] = []
    runs = None
    if exports is not None:
        loaded = load(exports)
        errors = loaded.errors
        runs = loaded.runs
    verification = verify(page, runs, release, ui, allow_undocumented)
    return verification, errors


def read_at_ref(repo: Path, ref: str, path: str) -> str:
    """A file's text at a git ref (``git show REF:PATH``); usage errors name what is missing."""
    if ref.startswith("-") or not ref:
        raise UsageError(f"invalid git ref {ref!r}")
    if not repo.is_dir():
        raise UsageError(f"git repository {repo} not found")
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), "show", f"{ref}:{path}"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("git is not installed; --git-repo needs the git command") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1].removeprefix("fatal: ") if lines else f"exit code {result.returncode}"
        raise UsageError(f"cannot read {path} at {ref} in {repo}: {detail}")
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise RunInsightsError(f"{path} at {ref} is not UTF-8 text") from None


def verification_text(verification: Verification, fmt: str, theme: str) -> str:
    """The report of a verification: Markdown or HTML with ``theme``, or JSON."""
    if fmt == "json":
        return json.dumps(as_json(verification), indent=2, sort_keys=True) + "\n"
    return render_verification(verification, fmt, RenderOptions(formats=(fmt,), theme=theme))
