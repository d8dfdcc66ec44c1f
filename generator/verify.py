"""Checking a documentation page against the page rules, a release's exports and the UI source.

Pure: a parsed :class:`~generator.docpage.DocPage` and already-loaded runs or labels go in, a
:class:`Verification` comes out.  Each check lists its findings as ``FILE:LINE: message``; a page
matches when no check has a finding.  The facts come from :mod:`generator.rules`.

What the exports emit is counted by :mod:`generator.emitted`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import rules, ui_source
from generator.docpage import DocPage, StageItem, parse_page
from generator.emitted import emitted_keys, run_count, select_release
from generator.errors import InputError, PageError, UsageError
from generator.load import ExportedRun, load


@dataclass(frozen=True)
class Finding:
    """One mismatch (or, as a note, one thing worth knowing), with its place in the page."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class Check:
    """One check of the page: a mismatch fails it, a note does not."""

    name: str
    title: str
    findings: tuple[Finding, ...]
    notes: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class KeyUse:
    """A metric key of a stage: documented on the page or not, and how many runs emit it."""

    key: str
    documented: bool
    runs: int


@dataclass(frozen=True)
class StageKeys:
    """A stage's keys as the page documents them and the exports emit them."""

    stage: str
    runs: int
    keys: tuple[KeyUse, ...]


@dataclass(frozen=True)
class Verification:
    """Every check made of one page; ``ok`` when none found a mismatch."""

    page: str
    checks: tuple[Check, ...]
    release: str | None = None
    runs: int | None = None
    stage_keys: tuple[StageKeys, ...] = ()
    ui_source: str | None = None
    ui_labels: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for check in self.checks for finding in check.findings)


def _at(page: DocPage, line: int) -> str:
    return f"{page.source}:{line}"


def _same(text: str, expected: str) -> bool:
    return " ".join(text.replace("`", "").casefold().split()) == expected.casefold()


def _source(cell: str) -> str:
    """A source cell's path: its first word (``run.status: one of ...`` is ``run.status``)."""
    words = cell.replace("`", "").split()
    return words[0].rstrip(":;,.") if words else ""


def _expected_tone(rule: rules.CardRule) -> str:
    tone = rule.tone or rules.OPEN_PROBLEMS_TONE_TEXT
    return tone[0].upper() + tone[1:]


# --- The page rules ----------------------------------------------------------------------------


def check_cards(page: DocPage) -> Check:
    """Labels, tones, sources and order of the summary-card table against the page rules."""
    findings: list[Finding] = []
    by_label = {rule.label: rule for rule in rules.SUMMARY_CARDS}
    matched: list[tuple[int, rules.CardRule]] = []
    strays = []
    for row in page.cards:
        rule = by_label.pop(row.label, None)
        if rule is None:
            strays.append(row)
        else:
            matched.append((row.line, rule))
    missing = list(by_label.values())
    for row in strays:
        if missing:
            rule = missing.pop(0)
            findings.append(
                Finding(
                    _at(page, row.line), f'card "{row.label}" should be labelled "{rule.label}"'
                )
            )
            matched.append((row.line, rule))
        else:
            labels = ", ".join(rule.label for rule in rules.SUMMARY_CARDS)
            findings.append(
                Finding(
                    _at(page, row.line),
                    f'card "{row.label}" is not a summary card; the cards are {labels}',
                )
            )
    for rule in missing:
        findings.append(
            Finding(_at(page, page.cards_line), f'the card table has no "{rule.label}" row')
        )
    rows = {row.line: row for row in page.cards}
    for line, rule in sorted(matched, key=lambda pair: pair[0]):
        row = rows[line]
        if not _same(row.tone, rule.tone or rules.OPEN_PROBLEMS_TONE_TEXT):
            findings.append(
                Finding(
                    _at(page, line),
                    f'card "{rule.label}" has the tone "{row.tone}"; '
                    f'expected "{_expected_tone(rule)}"',
                )
            )
        if _source(row.source) != rule.source:
            findings.append(
                Finding(
                    _at(page, line),
                    f'card "{rule.label}" has the source "{row.source}"; expected "{rule.source}"',
                )
            )
    order = [StageItem(line, rule.label) for line, rule in sorted(matched, key=lambda p: p[0])]
    card_order = tuple(rule.label for rule in rules.SUMMARY_CARDS)
    findings.extend(_order_findings(page, order, card_order, "card", "the card order"))
    return Check("cards", "Summary cards against the page rules", tuple(findings))


def _order_findings(
    page: DocPage, items: Sequence[StageItem], order: Sequence[str], what: str, name: str
) -> list[Finding]:
    """The first item listed after one that should follow it (one finding, or none)."""
    known = [item for item in items if item.name in order]
    for before, item in itertools.pairwise(known):
        if order.index(item.name) < order.index(before.name):
            return [
                Finding(
                    _at(page, item.line),
                    f"{what} {item.name} is listed after {before.name}; "
                    f"{name} is {', '.join(order)}",
                )
            ]
    return []


def check_stages(page: DocPage) -> Check:
    """The stage list: every pipeline stage, once, in pipeline order, and nothing else."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for number, item in enumerate(page.stages, start=1):
        if item.name not in rules.PIPELINE:
            findings.append(
                Finding(
                    _at(page, item.line),
                    f'stage list item {number} starts with "{item.name}", not a pipeline stage',
                )
            )
        elif item.name in seen:
            findings.append(Finding(_at(page, item.line), f"stage {item.name} is listed twice"))
        seen.add(item.name)
    for stage in rules.PIPELINE:
        if stage not in seen:
            findings.append(Finding(_at(page, page.stages_line), f"the stage list has no {stage}"))
    findings.extend(
        _order_findings(page, page.stages, rules.PIPELINE, "stage", "the pipeline order")
    )
    return Check("stages", "Stage order against the page rules", tuple(findings))


def check_keys(page: DocPage) -> Check:
    """The typical-keys table: a row per pipeline stage with the keys of the page rules."""
    findings: list[Finding] = []
    rows = {}
    for row in page.keys:
        if row.stage not in rules.PIPELINE:
            findings.append(
                Finding(
                    _at(page, row.line),
                    f'the typical-keys table has a row for "{row.stage}", not a pipeline stage',
                )
            )
            continue
        rows[row.stage] = row
        expected = rules.TYPICAL_KEYS[row.stage]
        for key in expected:
            if key not in row.keys:
                findings.append(
                    Finding(
                        _at(page, row.line),
                        f"stage {row.stage} does not list the key {key}, which the page rules have",
                    )
                )
        for key in row.keys:
            if key not in expected:
                findings.append(
                    Finding(
                        _at(page, row.line),
                        f"stage {row.stage} lists the key {key}, which the page rules do not have",
                    )
                )
    for stage in rules.PIPELINE:
        if stage not in rows:
            findings.append(
                Finding(_at(page, page.keys_line), f"the typical-keys table has no row for {stage}")
            )
    items = [StageItem(row.line, row.stage) for row in page.keys]
    findings.extend(_order_findings(page, items, rules.PIPELINE, "row", "the pipeline order"))
    return Check("keys", "Typical keys against the page rules", tuple(findings))


# --- The exports of a release ------------------------------------------------------------------


def _key_order(stage: str, key: str) -> tuple[int, str]:
    typical = rules.TYPICAL_KEYS.get(stage, ())
    return (typical.index(key) if key in typical else len(typical), key)


def stage_keys(page: DocPage, runs: Iterable[ExportedRun]) -> tuple[StageKeys, ...]:
    """Every stage of the page or the exports with its documented and emitted keys."""
    emitted = emitted_keys(runs)
    documented = {row.stage: row.keys for row in page.keys}
    names = sorted(set(documented) | set(emitted), key=lambda s: (rules.pipeline_position(s), s))
    result = []
    for name in names:
        count, counter = emitted.get(name, (0, Counter()))
        keys = list(documented.get(name, ()))
        keys += sorted((k for k in counter if k not in keys), key=lambda k: _key_order(name, k))
        uses = tuple(KeyUse(k, k in documented.get(name, ()), counter[k]) for k in keys)
        result.append(StageKeys(name, count, uses))
    return tuple(result)


def check_exports(
    page: DocPage,
    table: Sequence[StageKeys],
    release: str | None,
    allow_undocumented: bool = False,
) -> Check:
    """Documented keys no run emits, and emitted keys the page does not document."""
    findings: list[Finding] = []
    notes: list[Finding] = []
    lines = {row.stage: row.line for row in page.keys}
    of = f" of {release}" if release else ""
    for stage in table:
        where = _at(page, lines.get(stage.stage, page.keys_line))
        if stage.runs == 0:
            message = f"stage {stage.stage}: no run{of} has this stage, so its keys are unchecked"
            notes.append(Finding(where, message))
            continue
        runs = f"{stage.runs} run{'s' if stage.runs != 1 else ''} with {stage.stage}"
        for use in stage.keys:
            if use.documented and use.runs == 0:
                message = (
                    f"stage {stage.stage}: the page documents {use.key}, "
                    f"but no run{of} emits it (0 of {runs})"
                )
                findings.append(Finding(where, message))
            elif not use.documented:
                message = (
                    f"stage {stage.stage}: {use.key} is emitted by {use.runs} of {runs}, "
                    "but the page does not document it"
                )
                (notes if allow_undocumented else findings).append(Finding(where, message))
    title = f"Typical keys against the exports{of}"
    return Check("exports", title, tuple(findings), tuple(notes))


# --- The UI source -----------------------------------------------------------------------------


def check_ui(page: DocPage, labels: Sequence[str], source: str) -> Check:
    """The page's card labels against the labels of the UI component, card by card."""
    findings: list[Finding] = []
    page_labels = [row.label for row in page.cards]
    for number in range(max(len(page_labels), len(labels))):
        on_page = page_labels[number] if number < len(page_labels) else None
        in_ui = labels[number] if number < len(labels) else None
        line = page.cards[number].line if on_page is not None else page.cards_line
        if on_page == in_ui:
            continue
        if on_page is None:
            message = f'{source} has a card "{in_ui}" the page does not document'
        elif in_ui is None:
            message = f'card "{on_page}" is not in {source}'
        else:
            message = f'card {number + 1} is "{on_page}" on the page but "{in_ui}" in {source}'
        findings.append(Finding(_at(page, line), message))
    return Check("ui", f"Card labels against {source}", tuple(findings))


# --- Everything --------------------------------------------------------------------------------


def verify(
    page: DocPage,
    runs: Sequence[ExportedRun] | None = None,
    release: str | None = None,
    ui: tuple[str, Sequence[str]] | None = None,
    allow_undocumented: bool = False,
) -> Verification:
    """Every check the inputs allow: page rules always, exports and UI labels when given."""
    checks = [check_cards(page), check_stages(page), check_keys(page)]
    table: tuple[StageKeys, ...] = ()
    chosen: list[ExportedRun] | None = None
    if runs is not None:
        chosen = select_release(runs, release)
        table = stage_keys(page, chosen)
        checks.append(check_exports(page, table, release, allow_undocumented))
    if ui is not None:
        checks.append(check_ui(page, ui[1], ui[0]))
    return Verification(
        page=page.source,
        checks=tuple(checks),
        release=release,
        runs=None if chosen is None else run_count(chosen),
        stage_keys=table,
        ui_source=None if ui is None else ui[0],
        ui_labels=() if ui is None else tuple(ui[1]),
    )


def as_json(verification: Verification) -> dict[str, Any]:
    """The verification as plain JSON data (for ``--format json``)."""

    def finding(item: Finding) -> dict[str, str]:
        return {"location": item.location, "message": item.message}

    return {
        "page": verification.page,
        "ok": verification.ok,
        "release": verification.release,
        "runs": verification.runs,
        "checks": [
            {
                "name": check.name,
                "title": check.title,
                "ok": check.ok,
                "findings": [finding(item) for item in check.findings],
                "notes": [finding(item) for item in check.notes],
            }
            for check in verification.checks
        ],
        "stage_keys": [
            {
                "stage": stage.stage,
                "runs": stage.runs,
                "keys": [
                    {"key": use.key, "documented": use.documented, "runs": use.runs}
                    for use in stage.keys
                ],
            }
            for stage in verification.stage_keys
        ],
        "ui": None
        if verification.ui_source is None
        else {"source": verification.ui_source, "labels": list(verification.ui_labels)},
    }


# --- Reading the inputs ------------------------------------------------------------------------


@dataclass(frozen=True)
class GitSource:
    """A UI component file at a git ref: ``git -C repo show ref:path``."""

    repo: Path
    ref: str
    path: str


def read_page(path: Path) -> DocPage:
    """Read and parse a documentation page; an unreadable page cannot be understood either."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise PageError(f"{path}: cannot read the page: {reason}") from None
    return parse_page(text, str(path))


def read_ui_labels(ui_file: Path | None, git: GitSource | None) -> tuple[str, tuple[str, ...]]:
    """The UI component's name (with the ref) and its card labels."""
    if git is not None:
        source = f"{Path(git.path).name} at {git.ref}"
        text = ui_source.read_at_ref(git.repo, git.ref, git.path)
        return source, ui_source.card_labels(text, source)
    assert ui_file is not None
    try:
        text = ui_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"{ui_file}: cannot read the UI component: {reason}") from None
    return ui_file.name, ui_source.card_labels(text, ui_file.name)


def verify_docs(
    page_path: Path,
    exports: Sequence[str] | None = None,
    release: str | None = None,
    ui_file: Path | None = None,
    git: GitSource | None = None,
    allow_undocumented: bool = False,
) -> tuple[Verification, list[InputError]]:
    """Read a page, the exports and the UI component; verify; return the problems in the exports."""
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
