"""Strict JSON text parsing: what the standard parser accepts but an export must not contain.

Python's :mod:`json` accepts ``NaN`` and ``Infinity``, integers of any size (or fails with a bare
``ValueError`` above 4,300 digits), floats that overflow to infinity, and nesting until the
interpreter's recursion limit.  :func:`parse` rejects all of them with a :class:`JsonTextError`
that carries the ``LINE:COLUMN`` of the offending value and what was expected.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from generator import messages

#: Deepest nesting of objects and arrays an export may have (a real one is about ten deep).
MAX_DEPTH = 64
#: Integers must fit in 64 bits, as every count and id in rConfig's database does.
MAX_INTEGER = 2**63 - 1


class JsonTextError(ValueError):
    """JSON text that is not a usable export value; ``position`` is ``LINE:COLUMN`` or ""."""

    def __init__(self, position: str, message: str) -> None:
        self.position = position
        self.message = message
        super().__init__(message)


class _Rejected(ValueError):
    def __init__(self, message: str, pattern: re.Pattern[str], literal: str) -> None:
        super().__init__(message)
        self.pattern = pattern
        self.literal = literal


_STRING = r'"(?:\\.|[^"\\])*"'
_CONSTANT = re.compile(_STRING + r"|(NaN|-?Infinity)")
_NUMBER = re.compile(_STRING + r"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)")
_BRACKET = re.compile(_STRING + r"|([\[{])|([\]}])")


def _reject_constant(name: str) -> Any:
    raise _Rejected(messages.NOT_A_NUMBER.format(name=name), _CONSTANT, name)


def _parse_int(literal: str) -> int:
    digits = literal.lstrip("-")
    if len(digits) > 19 or abs(int(literal)) > MAX_INTEGER:
        raise _Rejected(
            messages.INTEGER_TOO_LARGE.format(digits=len(digits), maximum=MAX_INTEGER),
            _NUMBER,
            literal,
        )
    return int(literal)


def _parse_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _Rejected(messages.NUMBER_TOO_LARGE.format(literal=_short(literal)), _NUMBER, literal)
    return value


def _short(literal: str) -> str:
    return literal if len(literal) <= 24 else f"{literal[:10]}…{literal[-10:]}"


def line_column(prefix: str) -> tuple[int, int]:
    """1-based line and column just after ``prefix``."""
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _position_of(text: str, pattern: re.Pattern[str], literal: str) -> str:
    """``LINE:COLUMN`` of the first ``literal`` the pattern finds outside strings."""
    for match in pattern.finditer(text):
        if match.group(1) == literal:
            line, column = line_column(text[: match.start()])
            return f"{line}:{column}"
    return ""


def _too_deep_position(text: str) -> str:
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group(1):
            depth += 1
            if depth > MAX_DEPTH:
                line, column = line_column(text[: match.start()])
                return f"{line}:{column}"
        elif match.group(2):
            depth -= 1
    return ""


#: A ``\\uD800``-``\\uDFFF`` escape that is not half of a high-low surrogate pair.
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _lone_surrogate_position(text: str) -> str:
    """``LINE:COLUMN`` of the first lone surrogate escape, or "" when every one is paired."""
    match = _LONE_SURROGATE.search(text)
    if match is None:
        return ""
    line, column = line_column(text[: match.start()])
    return f"{line}:{column}"


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point: JSON text may (a lone ``\\uD800``
    escape), UTF-8 and SQLite may not."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate is the one thing UTF-8 cannot encode
        return True
    return False


def _has_surrogate(value: Any) -> bool:
    """Whether any key or string in ``value`` holds a lone surrogate (JSON allows, UTF-8 not)."""
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, str):
            if has_surrogate(current):
                return True
        elif isinstance(current, dict):
            pending.extend(current.keys())
            pending.extend(current.values())
        elif isinstance(current, list):
            pending.extend(current)
    return False


def parse(text: str) -> Any:
    """Parse JSON text; raise :class:`JsonTextError` for anything an export must not hold.

    Syntax errors stay :class:`json.JSONDecodeError` (they carry their own line and column).
    The standard parser reads the text first, without a Python call per number; only text it
    fails on, or whose values :func:`_usable` rejects, is read again the strict way, which
    finds the same values and says where and what the problem is.
    """
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return _parse_strictly(text)
    if not _usable(value):
        return _parse_strictly(text)
    if "\\u" in text and _has_surrogate(value):
        raise JsonTextError(_lone_surrogate_position(text), messages.LONE_SURROGATE)
    return value


def _usable(value: Any) -> bool:
    """Whether a parsed value holds only what :func:`_parse_strictly` accepts: finite floats,
    integers within 64 bits, nesting at most :data:`MAX_DEPTH` deep."""
    pending: list[tuple[Any, int]] = [([value], 0)]
    while pending:
        current, level = pending.pop()
        if level > MAX_DEPTH:
            return False
        for child in current.values() if type(current) is dict else current:
            kind = type(child)
            if kind is dict or kind is list:
                pending.append((child, level + 1))
            elif kind is float:
                if not math.isfinite(child):
                    return False
            elif kind is int and not -MAX_INTEGER <= child <= MAX_INTEGER:
                return False
    return True


def _parse_strictly(text: str) -> Any:
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except _Rejected as exc:
        raise JsonTextError(_position_of(text, exc.pattern, exc.literal), str(exc)) from None
    except RecursionError:
        value = None
        too_deep = True
    else:
        too_deep = not _usable(value)  # its numbers passed the hooks: only depth is left
    if too_deep:
        raise JsonTextError(_too_deep_position(text), messages.TOO_DEEP.format(limit=MAX_DEPTH))
    if "\\u" in text and _has_surrogate(value):
        raise JsonTextError(_lone_surrogate_position(text), messages.LONE_SURROGATE)
    return value
