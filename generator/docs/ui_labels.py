"""The card labels of the Run Insights UI component, from a Vue single-file component.

The labels are read from the component's root ``<template>``, in document order: static
``label="..."`` props, string literals bound to ``:label``, and ``label: '...'`` entries of an
array written in an attribute (``v-for="card in [{ label: 'Status' }, ...]"``).  When none of
those exists, the text of elements whose class names a label (``class="card-label"``) is used.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.errors import RunInsightsError

_LITERAL = re.compile(r"""^\s*(['"`])(.*?)\1\s*$""", re.DOTALL)
_LABEL_ENTRY = re.compile(r"""\blabel\s*:\s*(['"`])(.*?)\1""", re.DOTALL)
_ARRAY_OF_STRINGS = re.compile(r"""\bin\s*\[\s*((?:(['"`]).*?\2\s*,?\s*)+)\]""", re.DOTALL)
_STRING = re.compile(r"""(['"`])(.*?)\1""", re.DOTALL)


class _TemplateReader(HTMLParser):
    """Walks the root ``<template>`` and collects label props and label-classed text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.done = False
        self.found_template = False
        self.props: list[str] = []
        self.texts: list[str] = []
        self.label_stack: list[bool] = []
        self.current_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "template":
            self.found_template = True
            self.depth += 1
        if self.depth == 0:
            return
        self._props(attrs)
        classes = (dict(attrs).get("class") or "").split()
        is_label = any("label" in name for name in classes)
        self.label_stack.append(is_label)
        if is_label:
            self.current_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.done and self.depth > 0:
            self._props(attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.done or self.depth == 0:
            return
        if self.label_stack and self.label_stack.pop() and self.current_text is not None:
            text = " ".join("".join(self.current_text).split())
            if text and "{{" not in text:
                self.texts.append(text)
            self.current_text = None
        if tag == "template":
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.current_text is not None:
            self.current_text.append(data)

    def _props(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "label":
                self.props.append(" ".join(value.split()))
            elif name in (":label", "v-bind:label"):
                literal = _LITERAL.match(value)
                if literal:
                    self.props.append(" ".join(literal.group(2).split()))
            elif name.startswith((":", "v-")):
                entries = _LABEL_ENTRY.findall(value)
                self.props.extend(" ".join(text.split()) for _, text in entries)
                array = _ARRAY_OF_STRINGS.search(value) if not entries else None
                if array:
                    strings = _STRING.findall(array.group(1))
                    self.props.extend(" ".join(text.split()) for _, text in strings)


def card_labels(component: str, source: str) -> tuple[str, ...]:
    """The card labels in a Vue component's template, in document order."""
    reader = _TemplateReader()
    reader.feed(component)
    reader.close()
    if not reader.found_template:
        raise RunInsightsError(
            f"{source}: no <template> block found; expected a Vue single-file component"
        )
    return tuple(reader.props or reader.texts)
