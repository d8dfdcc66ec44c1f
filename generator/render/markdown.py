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
#: plain number; or an ISO 8601 time (``2026-02-22T02:01:40Z``: every export's timestamps,
#: whose colon has no ``//`` after it and whose leading digits no ``.`` or ``)``).
_MD_PLAIN_CHAR = r"(?:[A-Za-z0-9,;/()%@'\"$^?!=+.\-]|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9]))"
_MD_PLAIN = re.compile(
    rf"(?![#=+\-\d])(?!.*[wW][wW][wW]){_MD_PLAIN_CHAR}+(?: {_MD_PLAIN_CHAR}+)*|\d+(?:\.\d+)?|"
    r"\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)?|"
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


# Python-Markdown (MkDocs, Material for MkDocs, Backstage TechDocs) -----------------------------
#
# Python-Markdown has no backslash escape for ``<``, ``&``, ``:`` or ``~``, and the extensions
# docs sites turn on read plain text as syntax: ``{: ...}`` (attr_list), ``:smile:`` (emoji),
# ``(c)``, ``1/2``, ``-->`` and ``1st`` (smartsymbols), ``==x==`` (mark), ``^x^`` (caret),
# ``{++x++}`` (critic), ``$x$`` (arithmatex), ``++ctrl++`` (keys), ``https://`` (magiclink).
# An HTML character reference means exactly its character to every one of them: the text is
# written with every ASCII punctuation character as ``&#N;``, except ``-``, ``_`` and ``.``
# between two letters or digits (``a-b``, ``a_b``, ``v8.2``, but not ``www.``), which no
# extension reads.

_PYMD_SPECIAL = re.compile(r"[\x00-\x1f\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]")
_PYMD_INNER = frozenset("-_.")
_PYMD_LINK_HOST = re.compile(r"(?i)(?:www|ftp)$")
#: ``1st``, ``2nd``: smartsymbols writes the suffix as a superscript.
_PYMD_ORDINAL = re.compile(
    r"(?<=[0-9])([sSnNrRtT])(?=(?:(?<=[sS])t|(?<=[nN])d|(?<=[rR])d|(?<=[tT])h)\b)"
)


def _pymd_special(match: re.Match[str]) -> str:
    char, at, text = match.group(0), match.start(), match.string
    if (
        char in _PYMD_INNER
        and 0 < at < len(text) - 1
        and text[at - 1].isascii()
        and text[at - 1].isalnum()
        and text[at + 1].isascii()
        and text[at + 1].isalnum()
        and not (char == "." and _PYMD_LINK_HOST.search(text, 0, at))
    ):
        return char
    return f"&#{ord(char)};"


def escape_python_markdown(value: Any) -> MarkdownText:
    """One line of text that Python-Markdown and its common extensions show exactly as it is:
    no element, attribute, link, include, emoji or typographic rewrite; no backslash shown."""
    if isinstance(value, MarkdownText):
        return value
    text = " ".join(str(value if value is not None else "").split())
    text = _PYMD_SPECIAL.sub(_pymd_special, text)
    return MarkdownText(_PYMD_ORDINAL.sub(lambda m: f"&#{ord(m.group(1))};", text))


#: What Python-Markdown preprocessors act on even inside a code block, each with the place an
#: invisible WORD JOINER (U+2060) goes to stop it: ``--8<--`` (snippets: includes a file of the
#: build machine), ``{++``, ``{--``, ``{==``, ``{>>``, ``{~~`` (critic), a line-start ``{%``
#: (inline graphviz: runs a program), ``::uml::`` and a ``uml`` fence (plantuml: fetches an
#: image), and any fence (other fenced-block preprocessors).
_PYMD_CODE_MARKERS = re.compile(
    r"(?<=-8)(?=<-)|(?<=\{)(?=\+\+|--|==|>>|~~|%)|(?<=:)(?=:(?:end-)?uml::)|(?<=[`~])(?=[`~]{2})"
)
WORD_JOINER = "\u2060"


def python_markdown_code_block(text: str) -> MarkdownText:
    """An indented code block: a code block for Python-Markdown whatever the extensions, also
    inside an admonition (a fenced block is one only with ``pymdownx.superfences``), with the
    markers of the preprocessors that act inside code blocks broken by a WORD JOINER."""
    text = _PYMD_CODE_MARKERS.sub(WORD_JOINER, text.expandtabs(4).rstrip())
    lines = [f"    {line}" if line.strip() else "" for line in text.strip("\n").split("\n")]
    return MarkdownText("\n".join(lines))
