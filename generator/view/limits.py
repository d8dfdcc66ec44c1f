"""Size budgets: no field of an export can make a report unusable (pure).

A :class:`Limits` caps each kind of content a report shows; whatever is cut is replaced by an
explicit "N more ... omitted".  On top of the caps, a whole page has a byte budget (HTML under
2 MB, Markdown under 1 MiB, the size above which GitHub drops a job summary): a page that is
still too big is rendered again with :meth:`Limits.tighter` limits until it fits.

The defaults and the ``--limit NAME=VALUE`` option are documented in ``docs/errors.md``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Final

from generator.errors import UsageError
from generator.frozen import frozen

ELLIPSIS: Final = "…"


@frozen
class Limits:
    """How much of each kind of content one report shows."""

    #: Characters of one value (a metric, a message, a name, one line of JSON).
    string: int = 2_000
    #: Entries of one list or object: metrics of a stage, keys of a summary block, items of a
    #: nested value, rows of the run history, warnings.
    items: int = 100
    #: Levels of a nested value shown as one-line JSON.
    depth: int = 6
    #: Lines of one exception trace.
    trace_lines: int = 200
    #: Exceptions of one error payload chain (rConfig keeps up to five previous ones).
    chain: int = 10
    #: Stage cards of one report.
    stages: int = 30
    #: Bytes of one HTML page.
    html_bytes: int = 2_000_000
    #: Bytes of one Markdown page (GitHub drops a job summary above 1 MiB).
    markdown_bytes: int = 1_048_576

    def page_bytes(self, fmt: str) -> int:
        """The byte budget of a page in this format."""
        return self.html_bytes if fmt == "html" else self.markdown_bytes

    def tighter(self) -> Limits:
        """Halved content caps (never below a readable floor); the byte budgets stay."""
        return dataclasses.replace(
            self,
            string=max(self.string // 2, 40),
            items=max(self.items // 2, 3),
            depth=max(self.depth - 1, 1),
            trace_lines=max(self.trace_lines // 2, 5),
            chain=max(self.chain // 2, 1),
            stages=max(self.stages // 2, 6),
        )

    @property
    def floor(self) -> bool:
        """True when :meth:`tighter` cannot tighten any further."""
        return self.tighter() == self


DEFAULT_LIMITS: Final = Limits()
NAMES: Final = tuple(field.name for field in dataclasses.fields(Limits))


def parse_limit(text: str, limits: Limits) -> Limits:
    """``NAME=VALUE`` (``string=500``) applied to ``limits``; a usage error otherwise."""
    name, sep, value = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or name not in NAMES:
        raise UsageError(
            f"unknown limit {text!r}; expected NAME=NUMBER with NAME one of {', '.join(NAMES)}"
        )
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise UsageError(f"limit {name} must be a whole number of at least 1, got {value!r}")
    return dataclasses.replace(limits, **{name: number})


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 value``, ``1,204 values``."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def omitted(count: int, noun: str, nouns: str | None = None) -> str:
    """``12 more metrics omitted``."""
    return f"{plural(count, 'more ' + noun, 'more ' + (nouns or noun + 's'))} omitted"


def cap_text(text: str, limit: int) -> str:
    """``text`` cut to about ``limit`` characters, saying how many more there were."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}{ELLIPSIS} [{omitted(len(text) - limit, 'character')}]"


def cap_lines(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` lines, saying how many more there were."""
    lines = text.split("\n")
    if len(lines) <= limit:
        return text
    return "\n".join([*lines[:limit], f"{ELLIPSIS} [{omitted(len(lines) - limit, 'line')}]"])


def cap_json(value: Any, limits: Limits, level: int = 0) -> Any:
    """A JSON value with at most ``limits.items`` entries per container, ``limits.depth`` deep.

    A cut list ends with the string ``"… N more items omitted"``; a cut object gets the key
    ``"…"`` with ``"N more keys omitted"``; a container below the depth limit becomes a string.
    """
    if isinstance(value, str):
        return cap_text(value, limits.string)
    if not isinstance(value, (list, dict)):
        return value
    if level >= limits.depth:
        kind = "array" if isinstance(value, list) else "object"
        return f"{ELLIPSIS} {kind} of {plural(len(value), 'item')} omitted"
    if isinstance(value, list):
        items = [cap_json(item, limits, level + 1) for item in value[: limits.items]]
        if len(value) > limits.items:
            items.append(f"{ELLIPSIS} {omitted(len(value) - limits.items, 'item')}")
        return items
    shown = list(value.items())[: limits.items]
    mapping = {cap_text(str(k), limits.string): cap_json(v, limits, level + 1) for k, v in shown}
    if len(value) > limits.items:
        mapping[ELLIPSIS] = omitted(len(value) - limits.items, "key")
    return mapping


def one_line_json(value: Any, limits: Limits) -> str:
    """A capped JSON value as the one line a metrics grid shows.

    Fewer items and shorter strings are shown until the line fits ``limits.string``, so that
    "N more ... omitted" stays visible rather than being cut off with the end of the line.
    """
    current = limits
    while True:
        text = json.dumps(cap_json(value, current), ensure_ascii=False, separators=(", ", ": "))
        if len(text) <= limits.string or (current.items <= 1 and current.string <= 40):
            return cap_text(text, limits.string)
        current = dataclasses.replace(
            current, items=max(current.items // 2, 1), string=max(current.string // 2, 40)
        )
