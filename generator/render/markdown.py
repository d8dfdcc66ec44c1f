"""Markdown escaping: any value becomes one line of inert Markdown text (pure).

Every value a Markdown template interpolates passes through :func:`escape_markdown` (the
environment's ``finalize``), so a template cannot forget to escape.  Text already written as
Markdown by a template or a filter is a :class:`MarkdownText` and is left alone.
"""

from __future__ import annotations

import re
from typing import Any


class MarkdownText(str):
    """Text that is already Markdown (written by a template or a filter): not escaped again."""

    __slots__ = ()


_MD_SPECIAL = re.compile(
    r"\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash that would escape what follows
    r"|[`*\[\]<>|~]"
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # underscores that could open emphasis
    r"|&(?=#?\w+;)"  # an ampersand that would start an entity
)
#: GFM turns ``scheme://...`` and ``www.`` into links by itself: ``https\://`` and ``www\.``
#: render the same text and link nowhere.  (An e-mail address still becomes a ``mailto:`` link
#: on GitHub: no escape stops that without changing the text.)
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![a-z0-9_])(www)(\.)")
_MD_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|\d+[.)](?=\s|$)|=+$|-+$)")


#: Text that no rule above changes, so escaping can return it as it is (the common case):
#: single-spaced words of letters, digits, inner underscores and harmless punctuation, not
#: starting with a character a line-start rule looks at, with no "www" in any case; or a
#: plain number.
_MD_PLAIN_CHAR = r"(?:[A-Za-z0-9,;/()%@'\"$^?!=+.\-]|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9]))"
_MD_PLAIN = re.compile(
    rf"(?![#=+\-\d])(?!.*[wW][wW][wW]){_MD_PLAIN_CHAR}+(?: {_MD_PLAIN_CHAR}+)*|\d+(?:\.\d+)?|"
)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(0)
    if marker[0].isdigit():  # "1." becomes "1\.": a backslash escapes punctuation only
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def escape_markdown(value: Any) -> MarkdownText:
    """One line of inert Markdown text: cannot break a table, open a link or inject HTML."""
    if isinstance(value, MarkdownText):
        return value
    text = str(value) if value is not None else ""
    if _MD_PLAIN.fullmatch(text):
        return MarkdownText(text)  # nothing to escape: the common case, made cheap
    return MarkdownText(escape_every_rule(text))


def escape_every_rule(text: str) -> str:
    """Every escaping rule applied to ``text`` (``escape_markdown`` without its fast path)."""
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    text = _MD_AUTOLINK.sub(lambda m: "\\:" if m.group(1) else m.group(2) + "\\.", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def markdown_code_block(text: str, info: str = "text") -> MarkdownText:
    """A fenced code block whose fence no backtick run in ``text`` can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return MarkdownText(f"{fence}{info}\n{text.rstrip()}\n{fence}")
