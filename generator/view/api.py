"""The theme API: every class a template can reach, from the view model of each template.

``docs/themes.md`` documents each of them field by field, and a test keeps it so.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from generator.view.compare import Comparison
from generator.view.report import Report
from generator.view.site_pages import InstancePage, SiteIndex
from generator.view.verification import Verification


def _classes_in(annotation: Any) -> list[type]:
    """The view dataclasses an annotation names (inside tuples, unions and optionals too)."""
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return [annotation] if annotation.__module__.startswith("generator.view.") else []
    found: list[type] = []
    for argument in typing.get_args(annotation):
        found += _classes_in(argument)
    return found


def theme_api() -> list[type]:
    """Every view-model class templates receive, reached from the template roots through field
    types (fields marked ``metadata={"theme": False}`` are not part of the API)."""
    seen: list[type] = []
    pending: list[type] = [Report, SiteIndex, InstancePage, Comparison, Verification]
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.append(current)
        hints = typing.get_type_hints(current)
        for field in dataclasses.fields(current):
            if field.metadata.get("theme", True):
                pending += _classes_in(hints[field.name])
    return seen


def theme_fields(view: type) -> list[str]:
    """The names a template can use on a view-model class: its fields and properties."""
    names = [f.name for f in dataclasses.fields(view) if f.metadata.get("theme", True)]
    return names + [name for name, value in vars(view).items() if isinstance(value, property)]
