"""``run-insights verify-docs``: a page checked against the rules, exports and rConfig's source.

Reads the page, the exports, the UI component with its i18n module and the PHP executors (from
files, or from a git repository at a tag), then runs the pure checks of
:mod:`generator.docs.checks` and :mod:`generator.docs.sources`.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import overload

from generator.docs import executors, ui_labels, vue
from generator.docs.checks import verify
from generator.docs.executors import ExecutorKeys
from generator.docs.page import DocPage, parse_page
from generator.docs.sources import SourceAt, with_sources
from generator.errors import InputError, PageError, RunInsightsError, UsageError
from generator.exports.load import load
from generator.files import read_text
from generator.frozen import frozen
from generator.render.pages import RenderOptions, check_options, render_verification
from generator.view.verification import UiLabel, Verification, as_json

VERIFY_FORMATS = ("md", "html", "json")


@frozen
class GitSource:
    """rConfig's source at a git ref: the UI component and the executors' folder, by path."""

    repo: Path
    ref: str
    path: str | None = None
    executors_path: str | None = None


def read_page(path: Path) -> DocPage:
    """Read and parse a documentation page; an unreadable page cannot be understood either."""
    return parse_page(read_text(path, "page", PageError).removeprefix("\ufeff"), str(path))


def _messages(
    component: str, name: str, read: Callable[[str], str | None], messages: Path | None
) -> vue.Messages | None:
    """The messages the component's ``t()`` calls resolve through: --messages, else its import."""
    if messages is not None:
        text = read_text(messages, "messages file").removeprefix("\ufeff")
        return vue.read_messages(text, messages.name)
    module = ui_labels.i18n_module(component, name)
    if module is None:
        return None
    found = read(module)
    if found is None:
        raise UsageError(
            f"{name}: cannot find its i18n module {module}; give the messages with --messages FILE"
        )
    return vue.read_messages(found.removeprefix("\ufeff"), posixpath.basename(module))


def _module_path(component: str, module: str) -> str:
    """The path of an imported module: ``@/`` is ``resources/js/``, else relative to the file."""
    if module.startswith("@/"):
        root = component.split("resources/js/")[0] if "resources/js/" in component else ""
        return posixpath.join(root, "resources/js", module[2:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(component), module))


def read_ui_labels(
    ui_file: Path | None, git: GitSource | None, messages: Path | None = None
) -> tuple[str, tuple[UiLabel, ...]]:
    """The UI component's name (with the ref) and its card labels, each with its place."""
    if git is not None:
        assert git.path is not None
        name = posixpath.basename(git.path)
        text = read_at_ref(git.repo, git.ref, git.path)

        def at_ref(module: str) -> str | None:
            path = _module_path(git.path or "", module)
            return read_at_ref(git.repo, git.ref, path, missing_ok=True)

        found = _messages(text, name, at_ref, messages)
        return f"{name} at {git.ref}", ui_labels.card_labels(text, name, found)
    assert ui_file is not None
    text = read_text(ui_file, "UI component").removeprefix("\ufeff")

    def on_disk(module: str) -> str | None:
        path = Path(_module_path(ui_file.resolve().as_posix(), module))
        return read_text(path, "i18n module") if path.is_file() else None

    found = _messages(text, ui_file.name, on_disk, messages)
    return ui_file.name, ui_labels.card_labels(text, ui_file.name, found)


def read_executors(folder: Path | None, git: GitSource | None) -> tuple[str, ExecutorKeys]:
    """The metric keys the PHP executors set, from a folder or a folder at a git ref."""
    files: dict[str, str] = {}
    if git is not None:
        assert git.executors_path is not None
        where = f"{git.executors_path} at {git.ref}"
        for item in list_at_ref(git.repo, git.ref, git.executors_path):
            if item.endswith(".php"):
                name = posixpath.relpath(item, git.executors_path)
                files[name] = read_at_ref(git.repo, git.ref, item)
    else:
        assert folder is not None
        where = str(folder)
        if not folder.is_dir():
            raise UsageError(f"executors folder {folder} not found")
        for path in sorted(folder.rglob("*.php")):
            files[path.relative_to(folder).as_posix()] = read_text(path, "executor")
    if not files:
        raise UsageError(f"no PHP file in {where}; expected the stage executor classes")
    found = executors.executor_keys(files)
    if not found.classes:
        raise UsageError(
            f"no executor class in {where}; expected classes named *Executor or with a STAGE"
        )
    return where, found


def verify_docs(
    page_path: Path,
    exports: Sequence[str] | None = None,
    release: str | None = None,
    ui_file: Path | None = None,
    git: GitSource | None = None,
    allow_undocumented: bool = False,
    theme: str | None = None,
    messages: Path | None = None,
    executors_dir: Path | None = None,
    since: str | None = None,
) -> tuple[Verification, list[InputError]]:
    """Read a page, the exports and rConfig's source; verify; return the problems in the exports.

    With ``theme``, the theme the report will be rendered with is checked first, before any work.
    With ``since`` (and ``git``), the labels and keys at that ref are compared with ``git.ref``.
    """
    if theme is not None:
        check_options(RenderOptions(theme=theme))
    page = read_page(page_path)
    wants_ui = ui_file is not None or (git is not None and git.path is not None)
    ui = read_ui_labels(ui_file, git, messages) if wants_ui else None
    wants_keys = executors_dir is not None or (git is not None and git.executors_path is not None)
    keys = read_executors(executors_dir, git) if wants_keys else None
    errors: list[InputError] = []
    runs = None
    if exports is not None:
        loaded = load(exports)
        errors = loaded.errors
        runs = loaded.runs
    verification = verify(page, runs, release, ui, allow_undocumented)
    changes = None
    if since is not None and git is not None:
        then_git = dataclasses.replace(git, ref=since)
        then = SourceAt(
            since,
            read_ui_labels(None, then_git, messages)[1] if ui is not None else None,
            read_executors(None, then_git)[1] if keys is not None else None,
        )
        changes = (SourceAt(git.ref, ui[1] if ui else None, keys[1] if keys else None), then)
    return with_sources(verification, page, keys, changes), errors


def _git(repo: Path, ref: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    if ref.startswith("-") or not ref:
        raise UsageError(f"invalid git ref {ref!r}")
    if not repo.is_dir():
        raise UsageError(f"git repository {repo} not found")
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; --git-repo needs the git command") from None


def _detail(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].removeprefix("fatal: ") if lines else f"exit code {result.returncode}"


def list_at_ref(repo: Path, ref: str, folder: str) -> list[str]:
    """The paths of the files under ``folder`` at a git ref, sorted."""
    result = _git(repo, ref, "ls-tree", "-r", "--name-only", "-z", ref, "--", folder)
    if result.returncode != 0:
        raise UsageError(f"cannot list {folder} at {ref} in {repo}: {_detail(result)}")
    names = result.stdout.decode("utf-8", "replace").split("\0")
    return sorted(name for name in names if name)


@overload
def read_at_ref(repo: Path, ref: str, path: str) -> str: ...
@overload
def read_at_ref(repo: Path, ref: str, path: str, missing_ok: bool) -> str | None: ...
def read_at_ref(repo: Path, ref: str, path: str, missing_ok: bool = False) -> str | None:
    """A file's text at a git ref (``git show REF:PATH``); usage errors name what is missing.

    With ``missing_ok``, a path that does not exist at the ref gives None.
    """
    result = _git(repo, ref, "show", f"{ref}:{path}")
    if result.returncode != 0:
        detail = _detail(result)
        if missing_ok and "does not exist" in detail:
            return None
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
