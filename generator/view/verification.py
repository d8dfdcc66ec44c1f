"""What a documentation check found: the view model of ``verify-docs`` reports (pure).

:mod:`generator.docs.checks` makes a :class:`Verification`; the ``verify.*.j2`` templates lay it
out and :func:`as_json` gives it as plain data.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from generator.frozen import frozen


@frozen
class Finding:
    """One mismatch (or, as a note, one thing worth knowing), with its place in the page."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@frozen
class Check:
    """One check of the page: a mismatch fails it, a note does not."""

    name: str
    title: str
    findings: tuple[Finding, ...]
    notes: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings


@frozen
class KeyUse:
    """A metric key of a stage: documented on the page or not, and how many runs emit it."""

    key: str
    documented: bool
    runs: int


@frozen
class StageKeys:
    """A stage's keys as the page documents them and the exports emit them."""

    stage: str
    runs: int
    keys: tuple[KeyUse, ...]


@frozen
class UiLabel:
    """A card label read from the UI source: where it is written and how it was found."""

    text: str
    location: str
    key: str | None = None
    how: str = ""

    def __str__(self) -> str:
        return self.text


@frozen
class SourceKey:
    """A metric key an executor sets for a stage, at ``location`` (``File.php:LINE``)."""

    stage: str
    key: str
    location: str


@frozen
class Verification:
    """Every check made of one page; ``ok`` when none found a mismatch."""

    page: str
    checks: tuple[Check, ...]
    release: str | None = None
    runs: int | None = None
    stage_keys: tuple[StageKeys, ...] = ()
    ui_source: str | None = None
    ui_labels: tuple[UiLabel, ...] = field(default=())
    executors: str | None = None
    executor_keys: tuple[SourceKey, ...] = ()
    since: str | None = None

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for check in self.checks for finding in check.findings)


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
        else {
            "source": verification.ui_source,
            "labels": [label.text for label in verification.ui_labels],
            "found": [
                {
                    "label": label.text,
                    "location": label.location,
                    "key": label.key,
                    "how": label.how,
                }
                for label in verification.ui_labels
            ],
        },
        "executors": None
        if verification.executors is None
        else {
            "source": verification.executors,
            "keys": [
                {"stage": item.stage, "key": item.key, "location": item.location}
                for item in verification.executor_keys
            ],
        },
        "since": verification.since,
    }
