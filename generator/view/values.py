"""Values as pages show them: one placeholder, one notion of a count, one display rule (pure)."""

from __future__ import annotations

import math
from typing import Any, Final

from pydantic import JsonValue

from generator.view.limits import DEFAULT_LIMITS, Limits, one_line_json

#: What a page shows for a value the export does not have.
MISSING: Final = "—"


def as_count(value: object) -> int | None:
    """An integer count, or None when the value is missing or not an integer (a bool is not)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def count_text(value: int | None) -> str:
    """A count as text, the placeholder when it is missing."""
    return MISSING if value is None else str(value)


def display(value: JsonValue | Any, limits: Limits = DEFAULT_LIMITS) -> str:
    """A value as the page shows it: scalars as JSON-ish text, objects as one-line JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        text = repr(value)  # what json.dumps writes for a number, without an encoder
        if len(text) <= limits.string:
            return text
    return one_line_json(value, limits)
