"""Syntax trees of source text, from tree-sitter's grammars (pure: text in, nodes out).

verify-docs reads rConfig's source the way its compilers do, never with regular expressions:
HTML for a Vue ``<template>`` (tree-sitter's HTML grammar keeps the case of ``<CardTitle>`` and
knows self-closing components), JavaScript or TypeScript for ``<script setup>`` and ``*.i18n.js``
modules, and PHP for the executors.  Lines are 1-based, as in messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import tree_sitter
import tree_sitter_html
import tree_sitter_javascript
import tree_sitter_php
import tree_sitter_typescript

Node = tree_sitter.Node

_GRAMMARS = {
    "html": tree_sitter_html.language,
    "javascript": tree_sitter_javascript.language,
    "typescript": tree_sitter_typescript.language_typescript,
    "php": tree_sitter_php.language_php,
}


@cache
def _parser(grammar: str) -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(_GRAMMARS[grammar]()))


def parse(text: str, grammar: str) -> Node:
    """The root node of ``text`` parsed with one of the grammars (html, javascript, ...)."""
    return _parser(grammar).parse(text.encode("utf-8")).root_node


def text_of(node: Node | None) -> str:
    """The source text a node spans."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def line_of(node: Node, offset: int = 0) -> int:
    """The node's 1-based line, ``offset`` lines further down (a script inside a file)."""
    return node.start_point.row + 1 + offset


def walk(node: Node) -> Iterator[Node]:
    """Every named node under ``node`` (itself first), in document order."""
    yield node
    for child in node.named_children:
        yield from walk(child)


def string_value(node: Node | None) -> str | None:
    """The value of a string literal without interpolation (JavaScript or PHP), else None."""
    if node is None:
        return None
    if node.type in ("string", "encapsed_string", "template_string"):
        parts = [child for child in node.named_children if child.type != "string_fragment"]
        if any(child.type not in ("string_content", "escape_sequence") for child in parts):
            return None
        body = text_of(node)
        return body[1:-1] if len(body) >= 2 else None
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return string_value(node.named_children[0])
    return None


def call_name(node: Node) -> str:
    """The called function's name: ``t`` for ``t("key")``, ``metric`` for ``$this->metric()``."""
    function = node.child_by_field_name("function") or node.child_by_field_name("name")
    if function is None:
        return ""
    if function.type == "member_expression":
        return text_of(function.child_by_field_name("property"))
    return text_of(function)


def arguments(node: Node) -> list[Node]:
    """The argument expressions of a call (PHP ``argument`` wrappers unwrapped)."""
    args = node.child_by_field_name("arguments")
    if args is None:
        return []
    found = []
    for child in args.named_children:
        if child.type == "argument":
            found.extend(child.named_children[-1:])
        elif child.type != "comment":
            found.append(child)
    return found
