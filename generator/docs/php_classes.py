"""The PHP classes of rConfig's stage executors: names, bases, constants and stages (pure).

Each executor class is mapped to its stage: a ``STAGE`` (or ``STAGE_NAME``) constant or a
``$stage`` property holding a string, else the class name (``CanonicalizeExecutor`` ->
``canonicalize``).  A class no stage can be read from (``abstract``, or the base
``IntegrationStageExecutor``) is a base class: see :func:`lineage`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.docs.syntax import Node, line_of, parse, string_value, text_of, walk

STAGE_NAMES = ("stage", "stage_name", "stagename", "name")
BASE_CLASS = "IntegrationStageExecutor"


@dataclass
class PhpClass:
    """A class declaration of the executors' source."""

    name: str
    file: str
    line: int
    base: str | None
    abstract: bool
    body: Node
    constants: dict[str, Node] = field(default_factory=dict)
    stage: str | None = None


def _snake(name: str) -> str:
    name = re.sub(r"(Stage)?Executor$", "", name)
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def read_classes(files: Mapping[str, str]) -> dict[str, PhpClass]:
    found: dict[str, PhpClass] = {}
    for source, text in sorted(files.items()):
        for node in walk(parse(text, "php")):
            if node.type != "class_declaration":
                continue
            name = text_of(node.child_by_field_name("name"))
            base = next((c for c in node.named_children if c.type == "base_clause"), None)
            body = node.child_by_field_name("body")
            if body is None:
                continue
            abstract = any(c.type == "abstract_modifier" for c in node.named_children)
            base_name = text_of(base.named_children[0]).split("\\")[-1] if base else None
            item = PhpClass(name, source, line_of(node), base_name, abstract, body)
            for element in walk(body):
                if element.type == "const_element" and len(element.named_children) >= 2:
                    item.constants[text_of(element.named_children[0])] = element.named_children[-1]
            found.setdefault(name, item)
    for item in found.values():
        item.stage = _stage(item)
    return found


def _stage(item: PhpClass) -> str | None:
    for name, value in item.constants.items():
        if name.lower() in STAGE_NAMES and (text := string_value(value)) is not None:
            return text
    for node in walk(item.body):
        if node.type == "property_element":
            name = text_of(node.child_by_field_name("name")).lstrip("$").lower()
            default = string_value(node.child_by_field_name("default_value"))
            if name in STAGE_NAMES and default is not None:
                return default
    if item.abstract or item.name == BASE_CLASS or not item.name.endswith("Executor"):
        return None
    return _snake(item.name)


def lineage(item: PhpClass, classes: Mapping[str, PhpClass]) -> Iterable[PhpClass]:
    """The class, then its ancestors among the files (a cycle stops the walk)."""
    seen: set[str] = set()
    current: PhpClass | None = item
    while current is not None and current.name not in seen:
        seen.add(current.name)
        yield current
        current = classes.get(current.base) if current.base else None
