"""A Vue single-file component and its translations, as rConfig writes them (pure).

:func:`read_component` splits an SFC with the HTML grammar into its root ``<template>`` and its
``<script>`` / ``<script setup>`` blocks (JavaScript, or TypeScript with ``lang="ts"``), and
reads from the script what the template can refer to: the arrays bound to names
(``const cards = [...]``, ``computed(() => [...])``, ``ref([...])``, or a ``computed`` body that
returns an array) and the i18n module given to ``useComponentTranslations(XI18N)``.
:func:`read_messages` flattens the messages of such a module (``export default { en: {...} }``)
or of a JSON file to dotted keys.
"""

from __future__ import annotations

import json
from dataclasses import field

from generator.docs.syntax import Node, arguments, call_name, line_of, parse, string_value, text_of
from generator.docs.syntax import walk as walk_nodes
from generator.errors import RunInsightsError
from generator.frozen import frozen

#: The composables rConfig hands a component's i18n module to.
TRANSLATION_COMPOSABLES = ("useComponentTranslations", "useI18n", "useTranslations")
#: Locale keys at the top of a messages object; ``en`` is read when present.
DEFAULT_LOCALE = "en"


@frozen
class Component:
    """The parts of an SFC the label rules read."""

    template: Node | None
    #: Names bound to an array literal in the script: name -> (array node, line offset).
    arrays: dict[str, tuple[Node, int]] = field(default_factory=dict)
    #: The import specifier of the component's i18n module, when it has one.
    i18n_module: str | None = None


@frozen
class Messages:
    """Translated messages by dotted key, with the line each is written on."""

    source: str
    texts: dict[str, tuple[str, int]]


def read_component(text: str, source: str) -> Component:
    """Split a single-file component; an SFC without a ``<template>`` block is an error."""
    root = parse(text, "html")
    template = None
    arrays: dict[str, tuple[Node, int]] = {}
    i18n_module = None
    for block in root.named_children:
        start = block.named_children[0] if block.named_children else None
        name = text_of(start.named_children[0]) if start and start.named_children else ""
        if block.type == "element" and name == "template" and template is None:
            template = block
        elif block.type == "script_element":
            found, module = _script(block)
            arrays.update(found)
            i18n_module = i18n_module or module
    if template is None:
        raise RunInsightsError(
            f"{source}: no <template> block found; expected a Vue single-file component"
        )
    return Component(template, arrays, i18n_module)


def _script(block: Node) -> tuple[dict[str, tuple[Node, int]], str | None]:
    raw = next((child for child in block.named_children if child.type == "raw_text"), None)
    if raw is None:
        return {}, None
    attributes = text_of(block.named_children[0])
    grammar = (
        "typescript" if 'lang="ts"' in attributes or "lang='ts'" in attributes else "javascript"
    )
    offset = raw.start_point.row
    program = parse(text_of(raw), grammar)
    imports: dict[str, str] = {}
    arrays: dict[str, tuple[Node, int]] = {}
    module = None
    for node in walk_nodes(program):
        if node.type == "import_statement":
            clause = next((c for c in node.named_children if c.type == "import_clause"), None)
            specifier = string_value(node.child_by_field_name("source"))
            default = clause.named_children[0] if clause and clause.named_children else None
            if default is not None and default.type == "identifier" and specifier:
                imports[text_of(default)] = specifier
        elif node.type == "variable_declarator":
            array = _bound_array(node.child_by_field_name("value"))
            name = node.child_by_field_name("name")
            if array is not None and name is not None and name.type == "identifier":
                arrays[text_of(name)] = (array, offset)
        elif node.type == "call_expression" and call_name(node) in TRANSLATION_COMPOSABLES:
            args = arguments(node)
            if args and args[0].type == "identifier":
                module = module or imports.get(text_of(args[0]))
    return arrays, module


def _bound_array(value: Node | None) -> Node | None:
    """The array a declaration binds: a literal, or inside computed/ref/reactive."""
    while value is not None:
        if value.type == "array":
            return value
        if value.type in ("as_expression", "satisfies_expression", "parenthesized_expression"):
            value = value.named_children[0] if value.named_children else None
        elif value.type == "call_expression":
            args = arguments(value)
            value = args[0] if args else None
        elif value.type in ("arrow_function", "function_expression"):
            body = value.child_by_field_name("body")
            if body is not None and body.type == "statement_block":
                returns = [n for n in walk_nodes(body) if n.type == "return_statement"]
                value = (
                    returns[-1].named_children[0]
                    if returns and returns[-1].named_children
                    else None
                )
            else:
                value = body
        else:
            return None
    return None


def read_messages(text: str, source: str, locale: str = DEFAULT_LOCALE) -> Messages:
    """The messages of an i18n module (``export default {...}``) or a JSON file, flattened."""
    texts: dict[str, tuple[str, int]] = {}
    if source.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise RunInsightsError(f"{source}: not a JSON messages file ({error})") from None
        _flatten_json(data.get(locale, data) if isinstance(data, dict) else {}, "", texts)
        return Messages(source, texts)
    program = parse(text, "typescript" if source.endswith(".ts") else "javascript")
    objects = {}
    exported = None
    for node in walk_nodes(program):
        if node.type == "variable_declarator":
            value = node.child_by_field_name("value")
            if value is not None and value.type == "object":
                objects[text_of(node.child_by_field_name("name"))] = value
        elif node.type == "export_statement":
            value = node.child_by_field_name("value")
            if value is not None:
                exported = objects.get(text_of(value)) if value.type == "identifier" else value
    if exported is None or exported.type != "object":
        raise RunInsightsError(
            f"{source}: no messages found; expected `export default {{ {locale}: {{ ... }} }}`"
        )
    locales = {_key(pair): pair.child_by_field_name("value") for pair in _pairs(exported)}
    chosen = locales.get(locale)
    _flatten_object(
        chosen if chosen is not None and chosen.type == "object" else exported, "", texts
    )
    return Messages(source, texts)


def _pairs(node: Node) -> list[Node]:
    return [child for child in node.named_children if child.type == "pair"]


def _key(pair: Node) -> str:
    key = pair.child_by_field_name("key")
    value = string_value(key)
    return value if value is not None else text_of(key)


def _flatten_object(node: Node, prefix: str, texts: dict[str, tuple[str, int]]) -> None:
    for pair in _pairs(node):
        key = prefix + _key(pair)
        value = pair.child_by_field_name("value")
        if value is not None and value.type == "object":
            _flatten_object(value, key + ".", texts)
        elif (string := string_value(value)) is not None:
            texts.setdefault(key, (string, line_of(pair)))


def _flatten_json(data: object, prefix: str, texts: dict[str, tuple[str, int]]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict):
                _flatten_json(value, f"{prefix}{key}.", texts)
            elif isinstance(value, str):
                texts.setdefault(f"{prefix}{key}", (value, 0))
