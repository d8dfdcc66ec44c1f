"""Fitting a report's view model into size limits: long values cut, long lists shortened (pure).

:func:`fit_report` caps every string of a :class:`~generator.view.report.Report` and every list it
shows, and says what it left out: an entry ``… | N more omitted`` at the end of a metrics grid or
summary block, a "N more warnings omitted" warning, and for stage cards, chained exceptions and
earlier runs a note the page shows (``Report.size_notes``).  It always starts from the full view
model, so fitting again with tighter limits never counts twice.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, cast

from generator.view import limits as caps
from generator.view.compare import OMITTED, Change, Comparison, StageChange
from generator.view.limits import Limits
from generator.view.report import Report
from generator.view.stages import Entry, ExceptionView, StageCard

T = TypeVar("T")


def _strings(value: T, limits: Limits) -> T:
    """Every string field of a small dataclass (a card, an advice, a history row) capped."""
    names, read = _text_fields(type(value))
    cap = limits.string
    texts = read(value)
    if not any(isinstance(text, str) and len(text) > cap for text in texts):
        return value  # the common case, checked without a dict of changes
    changes: dict[str, Any] = {
        name: caps.cap_text(text, cap)
        for name, text in zip(names, texts, strict=True)
        if isinstance(text, str) and len(text) > cap
    }
    return _replaced(value, changes)


def _replaced(value: T, changes: dict[str, Any]) -> T:
    """``value`` with ``changes``, or ``value`` itself when none of them changes anything: most
    reports fit as they are, and copying every object of them cost more than the check."""
    for name, new in changes.items():
        if getattr(value, name) is not new:
            fitted: T = dataclasses.replace(cast(Any, value), **changes)
            return fitted
    return value


def _same(shown: list[T], items: tuple[T, ...]) -> tuple[T, ...]:
    """``items`` when ``shown`` holds the very same objects, else ``shown`` as a tuple."""
    if len(shown) == len(items) and all(map(operator.is_, shown, items)):
        return items
    return tuple(shown)


#: The fields of each view-model class that can hold text, and a function reading them all
#: as a tuple, made once per class (``dataclasses.fields`` is slow); counts, flags and tuples
#: are fitted by their own rules.
_TEXT_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}
_NOT_TEXT = ("int", "int | None", "bool", "bool | None")


def _text_fields(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """The names of the fields of dataclass ``cls`` that may hold a string (none for any
    other type), and a function giving their values."""
    known = _TEXT_FIELDS.get(cls)
    if known is None:
        fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
        names = tuple(
            field.name
            for field in fields
            if str(field.type) not in _NOT_TEXT and not str(field.type).startswith("tuple[")
        )
        known = _TEXT_FIELDS[cls] = (names, _reader(names))
    return known


def _reader(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the values of fields ``names`` as a tuple, read in C."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        get = operator.attrgetter(names[0])
        return lambda value: (get(value),)
    return lambda value: ()


def _json_within(text: str, limits: Limits) -> bool:
    """True when a one-line JSON text cannot exceed any cap, so it need not be re-encoded.

    Every item after the first of a container costs at least three characters (``", "`` and
    one more), and every level of nesting at least one bracket: a short text with few brackets
    has no container over ``limits.items`` entries and no nesting deeper than ``limits.depth``.
    """
    return (
        len(text) <= limits.string
        and len(text) < 3 * limits.items
        and text.count("[") + text.count("{") <= limits.depth
    )


def entries(items: tuple[Entry, ...], limits: Limits) -> tuple[Entry, ...]:
    """At most ``limits.items`` entries, the last one saying how many more there were."""
    shown = [
        _strings(entry, limits)
        if entry.data is None
        else dataclasses.replace(
            _strings(entry, limits),
            value=entry.value
            if _json_within(entry.value, limits)
            else caps.one_line_json(entry.data, limits),
            data=None,  # fitted: templates never see the raw value
        )
        for entry in items[: limits.items]
    ]
    if len(items) > limits.items:
        left = len(items) - limits.items
        shown.append(Entry(caps.ELLIPSIS, caps.omitted(left, "entry", "entries"), left))
    return _same(shown, items)


def trace(text: str | None, limits: Limits) -> str | None:
    """At most ``limits.trace_lines`` lines, each at most ``limits.string`` characters."""
    if text is None:
        return None
    fitted = "\n".join(
        caps.cap_text(line, limits.string)
        for line in caps.cap_lines(text, limits.trace_lines).split("\n")
    )
    return text if fitted == text else fitted


def exception(view: ExceptionView, limits: Limits) -> ExceptionView:
    return _replaced(
        _strings(view, limits),
        {"trace": trace(view.trace, limits), "extra": entries(view.extra, limits)},
    )


def stage_card(card: StageCard, limits: Limits) -> StageCard:
    chain = card.error_chain
    return _replaced(
        _strings(card, limits),
        {
            "metrics": entries(card.metrics, limits),
            "summary": entries(card.summary, limits),
            "error_chain": _same([exception(one, limits) for one in chain[: limits.chain]], chain),
            "omitted_exceptions": max(len(chain) - limits.chain, 0),
        },
    )


def warnings(items: tuple[str, ...], limits: Limits) -> tuple[str, ...]:
    shown = [caps.cap_text(item, limits.string) for item in items[: limits.items]]
    if len(items) > limits.items:
        shown.append(caps.omitted(len(items) - limits.items, "warning") + ".")
    return _same(shown, items)


def changes(items: tuple[Change, ...], limits: Limits) -> tuple[Change, ...]:
    """At most ``limits.items`` changes, the last one saying how many more there were."""
    shown = [_strings(change, limits) for change in items[: limits.items]]
    if len(items) > limits.items:
        left = caps.omitted(len(items) - limits.items, "metric")
        shown.append(Change(caps.ELLIPSIS, caps.ELLIPSIS, "", left, left, OMITTED))
    return _same(shown, items)


def stage_change(stage: StageChange, limits: Limits) -> StageChange:
    return _replaced(
        _strings(stage, limits),
        {
            "changed": changes(stage.changed, limits),
            "unchanged": changes(stage.unchanged, limits),
        },
    )


def fit_comparison(comparison: Comparison, limits: Limits = caps.DEFAULT_LIMITS) -> Comparison:
    """The comparison with every value and list within ``limits``."""
    return dataclasses.replace(
        _strings(comparison, limits),
        earlier=_strings(comparison.earlier, limits),
        later=_strings(comparison.later, limits),
        cards=tuple(_strings(card, limits) for card in comparison.cards),
        stages=tuple(stage_change(s, limits) for s in comparison.stages[: limits.stages]),
        omitted_stages=max(len(comparison.stages) - limits.stages, 0),
    )


def fit_report(report: Report, limits: Limits = caps.DEFAULT_LIMITS) -> Report:
    """The report with every value and list within ``limits``."""
    return dataclasses.replace(
        _strings(report, limits),
        run=None if report.run is None else _strings(report.run, limits),
        cards=tuple(_strings(card, limits) for card in report.cards),
        stages=tuple(stage_card(card, limits) for card in report.stages[: limits.stages]),
        omitted_stages=max(len(report.stages) - limits.stages, 0),
        advice=tuple(_strings(advice, limits) for advice in report.advice),
        warnings=warnings(report.warnings, limits),
        history=tuple(_strings(row, limits) for row in report.history[: limits.items]),
        omitted_history=max(len(report.history) - limits.items, 0),
        changes=None if report.changes is None else fit_comparison(report.changes, limits),
    )
