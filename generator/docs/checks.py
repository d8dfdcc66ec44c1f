"""Checking a documentation page against the page rules, a release's exports and the UI source.

Pure: a parsed :class:`~generator.docs.page.DocPage` and already-loaded runs or labels go in, a
:class:`~generator.view.verification.Verification` comes out.  Each check lists its findings as
``FILE:LINE: message``; a page matches when no check has a finding.  The facts come from
:mod:`generator.view.rules`; what the exports emit is counted by :mod:`generator.docs.emitted`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

from generator.docs.emitted import emitted_keys, run_count, select_release
from generator.docs.page import DocPage, StageItem
from generator.exports.model import ExportedRun
from generator.view import rules
from generator.view.verification import (
    Check,
    Finding,
    KeyUse,
    StageKeys,
    UiLabel,
    Verification,
)


def _at(page: DocPage, line: int) -> str:
    return f"{page.source}:{line}"


def _same(text: str, expected: str) -> bool:
    return " ".join(text.replace("`", "").casefold().split()) == expected.casefold()


def _source(cell: str) -> str:
    """A source cell's path: its first word (``run.status: one of ...`` is ``run.status``)."""
    words = cell.replace("`", "").split()
    return words[0].rstrip(":;,.") if words else ""


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
                    f'card "{rule.label}" has the tone "{row.tone}"; expected "{rule.tone_text}"',
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


def check_ui(page: DocPage, labels: Sequence[UiLabel], source: str) -> Check:
    """The page's card labels against the labels of the UI component, card by card."""
    findings: list[Finding] = []
    page_labels = [row.label for row in page.cards]
    for number in range(max(len(page_labels), len(labels))):
        on_page = page_labels[number] if number < len(page_labels) else None
        in_ui = labels[number] if number < len(labels) else None
        line = page.cards[number].line if on_page is not None else page.cards_line
        if in_ui is not None and on_page == in_ui.text:
            continue
        if on_page is None:
            message = f'{source} has a card "{in_ui}" the page does not document'
        elif in_ui is None:
            message = f'card "{on_page}" is not in {source}'
        else:
            message = f'card {number + 1} is "{on_page}" on the page but "{in_ui}" in {source}'
        if in_ui is not None:
            message += f" ({in_ui.location}: {in_ui.how})"
        findings.append(Finding(_at(page, line), message))
    return Check("ui", f"Card labels against {source}", tuple(findings))


# --- Everything --------------------------------------------------------------------------------


def verify(
    page: DocPage,
    runs: Sequence[ExportedRun] | None = None,
    release: str | None = None,
    ui: tuple[str, Sequence[UiLabel]] | None = None,
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
