"""The metric keys rConfig's stage executors set, read from their PHP source (pure).

Each executor class is mapped to its stage by :mod:`generator.docs.php_classes`; the keys a
base class (``IntegrationStageExecutor``) sets count for every class that extends it.  Metric
keys are collected from the ways Laravel code sets them, on a variable or
property whose name has ``metric`` in it (and the variables assigned into one):

- array literals assigned to it (also through ``array_merge`` and ``array_fill_keys``), or
  returned by a method whose name has ``metric`` in it or whose result is assigned to it;
- key-by-key assignment, ``+=`` and increments: ``$metrics['page_count']++``;
- helper calls whose name has ``metric`` in it, by their first argument:
  ``$this->recordMetric('truncated', true)``;
- keys given as class constants (``self::KEY_VALID``) and variables bound by ``foreach`` over a
  constant array or an array literal (``foreach (self::TIERS as $tier) $metrics[$tier] = 0``).

``summary`` (the summary block) and ``error_summary`` (the failure line) are not metric keys.
A key written as anything else (a variable from elsewhere) is listed as unresolved, not guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.docs.php_classes import PhpClass, lineage, read_classes
from generator.docs.syntax import Node, arguments, line_of, string_value, text_of, walk
from generator.frozen import frozen
from generator.view import rules
from generator.view.verification import SourceKey

NOT_KEYS = (rules.SUMMARY_KEY, rules.ERROR_SUMMARY_KEY)


@frozen
class ExecutorKeys:
    """The keys each stage's executor sets, and the keys that could not be read statically."""

    keys: tuple[SourceKey, ...]
    unresolved: tuple[SourceKey, ...]
    classes: tuple[SourceKey, ...]  # stage, class name, location of each executor class

    def by_stage(self) -> dict[str, tuple[str, ...]]:
        """The keys per stage in pipeline order, each stage's keys in the order they are set."""
        found: dict[str, list[str]] = {}
        for item in self.classes:
            found.setdefault(item.stage, [])
        for item in self.keys:
            found.setdefault(item.stage, []).append(item.key)
        stages = sorted(found, key=lambda s: (rules.pipeline_position(s), s))
        return {stage: tuple(found[stage]) for stage in stages}


class _Reader:
    """Collects the metric keys one class sets."""

    def __init__(self, item: PhpClass, classes: Mapping[str, PhpClass]) -> None:
        self.item = item
        self.classes = classes
        self.keys: list[tuple[str, int]] = []
        self.unresolved: list[tuple[str, int]] = []
        self.parameters: set[str] = set()
        self.methods = {
            text_of(m.child_by_field_name("name")): m
            for m in item.body.named_children
            if m.type == "method_declaration"
        }

    def read(self) -> None:
        for name, method in self.methods.items():
            self._method(name, method)

    def _method(self, name: str, method: Node) -> None:
        nodes = list(walk(method))
        bound = self._foreach_bindings(nodes)
        parameters = method.child_by_field_name("parameters")
        self.parameters = (
            {text_of(n) for n in walk(parameters) if n.type == "variable_name"}
            if parameters is not None
            else set()
        )
        metric_vars = self._metric_variables(nodes)
        for node in nodes:
            if node.type in ("assignment_expression", "augmented_assignment_expression"):
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and self._is_metrics(left, metric_vars) and right is not None:
                    self._value(right, bound)
                elif left is not None:
                    self._subscript(left, metric_vars, bound)
            elif node.type == "update_expression" and node.named_children:
                self._subscript(node.named_children[0], metric_vars, bound)
            elif self._is_helper_call(node):
                args = arguments(node)
                if args:
                    self._key_or_array(args[0], bound)
            elif (
                node.type == "return_statement" and "metric" in name.lower() and node.named_children
            ):
                self._value(node.named_children[0], bound)

    def _is_helper_call(self, node: Node) -> bool:
        """``$this->recordMetric('key', ...);`` as a statement (a call whose value is unused)."""
        return (
            node.type == "member_call_expression"
            and "metric" in self._call(node).lower()
            and node.parent is not None
            and node.parent.type == "expression_statement"
        )

    def _call(self, node: Node) -> str:
        return text_of(node.child_by_field_name("name"))

    def _metric_variables(self, nodes: list[Node]) -> set[str]:
        """Variables named for metrics, and the variables merged or copied into one."""
        names = {
            text_of(n)
            for n in nodes
            if n.type == "variable_name" and "metric" in text_of(n).lower()
        }
        changed = True
        while changed:
            changed = False
            for node in nodes:
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if node.type != "assignment_expression" or left is None or right is None:
                    continue
                if not self._is_metrics(left, names):
                    continue
                for part in _merged(right):
                    if text_of(part) not in names and text_of(part) != "$this":
                        names.add(text_of(part))
                        changed = True
        return names

    def _is_metrics(self, node: Node, names: set[str]) -> bool:
        if node.type == "variable_name":
            return text_of(node) in names
        if node.type == "member_access_expression":
            return "metric" in text_of(node.child_by_field_name("name")).lower()
        return False

    def _subscript(self, node: Node, names: set[str], bound: dict[str, list[str]]) -> None:
        while node.type == "subscript_expression" and node.named_children:
            target = node.named_children[0]
            if self._is_metrics(target, names):
                if len(node.named_children) > 1:
                    self._key(node.named_children[1], bound)
                return
            node = target

    def _value(self, node: Node, bound: dict[str, list[str]]) -> None:
        """An expression assigned to the metrics: literals, merges, helper results."""
        if node.type == "array_creation_expression":
            for element in node.named_children:
                if len(element.named_children) == 2:
                    self._key(element.named_children[0], bound)
                elif (
                    element.named_children
                    and element.named_children[0].type == "variadic_unpacking"
                ):
                    self._value(element.named_children[0].named_children[0], bound)
        elif node.type == "function_call_expression":
            function = text_of(node.child_by_field_name("function"))
            args = arguments(node)
            if function == "array_merge":
                for arg in args:
                    self._value(arg, bound)
            elif function == "array_fill_keys" and args:
                for key in self._strings(args[0]) or []:
                    self._add(key, line_of(args[0]))
        elif node.type == "member_call_expression":
            method = self.methods.get(self._call(node))
            if method is not None:
                for ret in (n for n in walk(method) if n.type == "return_statement"):
                    if ret.named_children:
                        self._value(ret.named_children[0], bound)
        elif node.type == "binary_expression":
            for child in node.named_children:
                self._value(child, bound)

    def _key_or_array(self, node: Node, bound: dict[str, list[str]]) -> None:
        if node.type == "array_creation_expression":
            self._value(node, bound)
        else:
            self._key(node, bound)

    def _key(self, node: Node, bound: dict[str, list[str]]) -> None:
        text = string_value(node)
        if text is not None:
            self._add(text, line_of(node))
            return
        if node.type == "class_constant_access_expression":
            value = self._constant(node)
            if value is not None and (text := string_value(value)) is not None:
                self._add(text, line_of(node))
                return
        if node.type == "variable_name" and text_of(node) in bound:
            for key in bound[text_of(node)]:
                self._add(key, line_of(node))
            return
        if node.type == "variable_name" and text_of(node) in self.parameters:
            return  # a helper's parameter: the key is read where the helper is called
        self.unresolved.append((text_of(node), line_of(node)))

    def _add(self, key: str, line: int) -> None:
        if key not in NOT_KEYS:
            self.keys.append((key, line))

    def _constant(self, node: Node) -> Node | None:
        scope, name = text_of(node.named_children[0]), text_of(node.named_children[-1])
        owner = (
            self.item if scope in ("self", "static") else self.classes.get(scope.split("\\")[-1])
        )
        while owner is not None:
            if name in owner.constants:
                return owner.constants[name]
            owner = self.classes.get(owner.base) if owner.base else None
        return None

    def _strings(self, node: Node) -> list[str] | None:
        if node.type == "class_constant_access_expression":
            constant = self._constant(node)
            return None if constant is None else self._strings(constant)
        if node.type == "array_creation_expression":
            values = [
                string_value(e.named_children[-1]) for e in node.named_children if e.named_children
            ]
            return [v for v in values if v is not None]
        return None

    def _foreach_bindings(self, nodes: list[Node]) -> dict[str, list[str]]:
        bound: dict[str, list[str]] = {}
        for node in nodes:
            if node.type == "foreach_statement" and len(node.named_children) >= 2:
                strings = self._strings(node.named_children[0])
                variable = node.named_children[1]
                if strings is not None and variable.type == "variable_name":
                    bound[text_of(variable)] = strings
        return bound


def _merged(node: Node) -> list[Node]:
    """The variables an expression copies whole: ``$a``, ``array_merge($a, ...)``, ``[...$a]``."""
    if node.type == "variable_name":
        return [node]
    if node.type == "binary_expression":
        return [part for child in node.named_children for part in _merged(child)]
    if node.type == "function_call_expression" and text_of(
        node.child_by_field_name("function")
    ) in ("array_merge", "array_replace"):
        return [part for arg in arguments(node) for part in _merged(arg)]
    if node.type == "array_creation_expression":
        spread = [e.named_children[0] for e in node.named_children if e.named_children]
        return [s.named_children[0] for s in spread if s.type == "variadic_unpacking"]
    return []


def executor_keys(files: Mapping[str, str]) -> ExecutorKeys:
    """The metric keys per stage set by the executor classes in ``files`` (path -> PHP text)."""
    classes = read_classes(files)
    read: dict[str, _Reader] = {}
    for name, item in classes.items():
        read[name] = _Reader(item, classes)
        read[name].read()
    keys: list[SourceKey] = []
    unresolved: list[SourceKey] = []
    executors: list[SourceKey] = []
    for name, item in sorted(classes.items(), key=lambda pair: (pair[1].file, pair[1].line)):
        if item.stage is None:
            continue
        executors.append(SourceKey(item.stage, name, f"{item.file}:{item.line}"))
        seen: set[str] = {k.key for k in keys if k.stage == item.stage}
        for owner in lineage(item, classes):
            reader = read[owner.name]
            for key, line in reader.keys:
                if key not in seen:
                    seen.add(key)
                    keys.append(SourceKey(item.stage, key, f"{owner.file}:{line}"))
            for text, line in reader.unresolved:
                unresolved.append(SourceKey(item.stage, text, f"{owner.file}:{line}"))
    return ExecutorKeys(tuple(keys), tuple(dict.fromkeys(unresolved)), tuple(executors))
