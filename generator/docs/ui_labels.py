"""The card labels of the Run Insights UI component, from a Vue single-file component (pure).

The component is read with real parsers (:mod:`generator.docs.vue`), and its labels are found
where rConfig's Vue code puts them, in the template's document order:

- the text of a card's title: ``<CardTitle>Status</CardTitle>`` (or ``<card-title>``), and of a
  heading (``h1``...``h6``) inside a card component (``Card``, ``CardHeader``, ``SummaryCard``);
- ``label`` and ``title`` props of a card component, static (``label="Create"``) or bound to a
  string literal (``:label="'Create'"``) or a translation (``:title="t('cards.create')"``);
- the ``label:`` / ``title:`` entries of the array a card ``v-for`` iterates (on, inside or
  around a card component, or an element with a card class), written in the attribute or bound
  in ``<script setup>`` (``const cards = computed(() => [...])``);
- ``t("key")`` / ``$t("key")`` in any of those, resolved through the component's i18n module
  (``useComponentTranslations(XI18N)``) or a messages file given by the caller.

When none of those exists, the text of elements whose class names a label
(``class="card-label"``) is used.  A component with no label at all is an error that says what
was looked for: four "missing card" mismatches would hide that nothing was read.
"""

from __future__ import annotations

import html
import re

from generator.docs import vue
from generator.docs.syntax import (
    Node,
    arguments,
    call_name,
    line_of,
    parse,
    string_value,
    text_of,
    walk,
)
from generator.errors import UsageError
from generator.view.verification import UiLabel

TITLE_TAGS = ("CardTitle", "card-title")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LABEL_PROPS = ("label", "title")
TRANSLATE_CALLS = ("t", "$t")
LOOKED_FOR = (
    "the text of <CardTitle> and of h1-h6 headings inside a card component; "
    'label/title props of a card component (label="...", :label="\'...\'", :title="t(...)"); '
    "label:/title: entries of an array a v-for iterates (in the template or <script setup>); "
    't("key")/$t("key") resolved through the i18n module; text of elements with a label class'
)
_INTERPOLATION = re.compile(r"^\{\{(.*)\}\}$", re.DOTALL)
_V_FOR = re.compile(r"^\s*(?:\(([^)]*)\)|([\w$]+))\s+(?:in|of)\s+(.+)$", re.DOTALL)


class NoLabelsError(UsageError):
    """The component holds no card label any rule recognises (exit 2)."""


def i18n_module(component: str, source: str) -> str | None:
    """The import specifier of the component's i18n module (``@/i18n/.../X.i18n.js``), if any."""
    return vue.read_component(component, source).i18n_module


def card_labels(
    component: str, source: str, messages: vue.Messages | None = None
) -> tuple[UiLabel, ...]:
    """The card labels in a Vue component, in document order, each with where it came from."""
    sfc = vue.read_component(component, source)
    finder = _Finder(sfc, source, messages)
    assert sfc.template is not None
    for child in sfc.template.named_children:
        finder.element(child, ())
    labels = finder.labels or finder.classed
    if not labels:
        raise NoLabelsError(f"{source}: no card label found; looked for {LOOKED_FOR}")
    return tuple(labels)


def _tag(element: Node) -> tuple[str, list[Node]]:
    start = element.named_children[0] if element.named_children else None
    if start is None or start.type not in ("start_tag", "self_closing_tag"):
        return "", []
    names = [c for c in start.named_children if c.type == "tag_name"]
    return (text_of(names[0]) if names else ""), [
        c for c in start.named_children if c.type == "attribute"
    ]


def _attribute(attribute: Node) -> tuple[str, str | None]:
    name = text_of(attribute.named_children[0]) if attribute.named_children else ""
    value = next(
        (c for c in attribute.named_children[1:] if c.type.endswith("attribute_value")), None
    )
    if value is not None and value.type == "quoted_attribute_value":
        value = value.named_children[0] if value.named_children else None
        return name, text_of(value) if value is not None else ""
    return name, None if value is None else text_of(value)


def _is_card(tag: str) -> bool:
    return "card" in tag.casefold()


def _about_cards(element: Node, ancestors: tuple[str, ...]) -> bool:
    """A v-for of cards: on, inside or around a card component, or an element with a card class.

    A v-for over a menu or a list of tabs elsewhere in the component is not read.
    """
    if any(map(_is_card, ancestors)):
        return True
    for node in walk(element):
        if node.type in ("start_tag", "self_closing_tag"):
            tag, attributes = _tag(node.parent) if node.parent is not None else ("", [])
            if _is_card(tag) or any(map(_is_card, _classes(attributes))):
                return True
    return False


class _Finder:
    """Walks the template and collects labels with their places."""

    def __init__(self, sfc: vue.Component, source: str, messages: vue.Messages | None) -> None:
        self.sfc = sfc
        self.source = source
        self.messages = messages
        self.labels: list[UiLabel] = []
        self.classed: list[UiLabel] = []

    def element(self, node: Node, ancestors: tuple[str, ...]) -> None:
        if node.type != "element":
            return
        tag, attributes = _tag(node)
        line = line_of(node)
        for attribute in attributes:
            name, value = _attribute(attribute)
            if value is None:
                continue
            if name == "v-for" and _about_cards(node, ancestors):
                self._v_for(value, line)
            elif _is_card(tag) and name in LABEL_PROPS:
                self._add(" ".join(html.unescape(value).split()), line, f"{name} prop")
            elif _is_card(tag) and name.removeprefix("v-bind").lstrip(":") in LABEL_PROPS:
                self._expression(_expression(value), line, f"{name} prop", 0)
        is_title = tag in TITLE_TAGS or (tag in HEADINGS and any(map(_is_card, ancestors)))
        if is_title:
            self._title(node, tag)
        elif any("label" in word for word in _classes(attributes)):
            text = " ".join(html.unescape(_direct_text(node)).split())
            if text and "{{" not in text:
                self.classed.append(UiLabel(text, f"{self.source}:{line}", None, "label class"))
        for child in node.named_children:
            self.element(child, (*ancestors, tag))

    def _title(self, node: Node, tag: str) -> None:
        text = " ".join(_direct_text(node).split())
        if not text:
            children = [c for c in node.named_children if c.type == "element"]
            if children:
                self._title(children[0], tag)
            return
        interpolation = _INTERPOLATION.match(text)
        if interpolation:
            self._expression(_expression(interpolation.group(1)), line_of(node), f"{tag} text", 0)
        elif "{{" not in text:
            self._add(html.unescape(text), line_of(node), f"{tag} text")

    def _v_for(self, value: str, line: int) -> None:
        match = _V_FOR.match(value)
        if match is None:
            return
        iterated = _expression(match.group(3))
        if iterated is not None and iterated.type == "identifier":
            bound = self.sfc.arrays.get(text_of(iterated))
            if bound is not None:
                self._entries(bound[0], bound[1], f"{text_of(iterated)} entry", strings=False)
        elif iterated is not None and iterated.type == "array":
            self._entries(iterated, line - 1, "v-for entry", strings=True)

    def _entries(self, array: Node, offset: int, how: str, strings: bool) -> None:
        for entry in array.named_children:
            if entry.type == "object":
                for pair in entry.named_children:
                    key = pair.child_by_field_name("key")
                    if pair.type == "pair" and text_of(key).strip("'\"") in LABEL_PROPS:
                        value = pair.child_by_field_name("value")
                        self._expression(value, line_of(pair, offset), how, offset)
            elif strings and (text := string_value(entry)) is not None:
                self._add(" ".join(text.split()), line_of(entry, offset), how)

    def _expression(self, node: Node | None, line: int, how: str, offset: int) -> None:
        """A string literal, or a translation call, found at ``line``."""
        text = string_value(node)
        if text is not None:
            self._add(" ".join(text.split()), line, how)
        elif node is not None and node.type == "call_expression":
            args = arguments(node)
            key = string_value(args[0]) if args else None
            if call_name(node) in TRANSLATE_CALLS and key is not None:
                self._translated(key, line, how)

    def _translated(self, key: str, line: int, how: str) -> None:
        found = self.messages.texts.get(key) if self.messages else None
        if found is None:
            where = self.messages.source if self.messages else "no i18n module"
            text = f't("{key}") (no message in {where})'
            self.labels.append(UiLabel(text, f"{self.source}:{line}", key, how))
            return
        assert self.messages is not None
        message, message_line = found
        place = f"{self.messages.source}:{message_line}" if message_line else self.messages.source
        how = f'{how}, t("{key}") at {place}'
        self.labels.append(UiLabel(message, f"{self.source}:{line}", key, how))

    def _add(self, text: str, line: int, how: str) -> None:
        if text:
            self.labels.append(UiLabel(text, f"{self.source}:{line}", None, how))


def _expression(text: str) -> Node | None:
    """A template expression parsed as JavaScript, or None when it is not one expression."""
    program = parse(f"({text})", "javascript")
    statement = program.named_children[0] if program.named_children else None
    if statement is None or statement.type != "expression_statement" or program.has_error:
        return None
    node = statement.named_children[0]
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def _classes(attributes: list[Node]) -> list[str]:
    for attribute in attributes:
        name, value = _attribute(attribute)
        if name == "class" and value:
            return value.split()
    return []


def _direct_text(node: Node) -> str:
    """The element's own text (not its children's), entities as written, runs joined by spaces."""
    source = node.text or b""
    parts: list[bytes] = []
    run: tuple[int, int] | None = None
    for child in node.children:
        if child.type in ("text", "entity"):
            run = (run[0] if run else child.start_byte, child.end_byte)
        elif run is not None:
            parts.append(source[run[0] - node.start_byte : run[1] - node.start_byte])
            run = None
    if run is not None:
        parts.append(source[run[0] - node.start_byte : run[1] - node.start_byte])
    return " ".join(part.decode("utf-8", "replace") for part in parts)
