"""Markdown dialects: how a callout, a folded block and a tone are written (pure text).

- ``github``: alerts (``> [!WARNING]``) and ``<details>`` for folded blocks, as GitHub renders;
- ``mkdocs``: admonitions (``!!! warning``) and collapsible blocks (``??? note``), as MkDocs with
  the ``admonition`` and ``pymdownx.details`` extensions renders; text written for
  Python-Markdown (character references, no backslash escapes), so it stays exact under the
  extensions of Material for MkDocs too; code as indented code blocks; a front-matter title;
- ``techdocs``: Backstage TechDocs (MkDocs with the ``techdocs-core`` extension set): written as
  ``mkdocs``, whose text is exact under that set too (snippets, critic, emoji, magiclink...);
- ``plain``: CommonMark with no HTML at all: a callout is a bold label, a folded block is shown.

Tones are always written as words, optionally after an emoji marker.  Template text passed in
(a block's body) is Markdown already; titles are escaped here for the context they land in.
Every block ends with a line break, so the blank line a template writes after it separates it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from generator.render.markdown import (
    MarkdownText,
    escape_markdown,
    escape_python_markdown,
    markdown_code_block,
    python_markdown_code_block,
)
from generator.view import rules

DIALECTS = ("github", "mkdocs", "techdocs", "plain")
#: The dialects read by Python-Markdown (MkDocs and the sites built on it).
PYTHON_MARKDOWN = frozenset({"mkdocs", "techdocs"})
DEFAULT_DIALECT = DIALECTS[0]

#: The callout kind of each tone: red is a caution, amber a warning, every other tone a note.
CALLOUT_KINDS = {"red": "caution", "amber": "warning"}
GITHUB_ALERTS = {"caution": "CAUTION", "warning": "WARNING", "note": "NOTE"}
MKDOCS_ADMONITIONS = {"caution": "danger", "warning": "warning", "note": "note"}
PLAIN_LABELS = {"caution": "Caution", "warning": "Warning", "note": "Note"}

TONE_EMOJI = {
    "red": "🔴",
    "amber": "🟠",
    "teal": "🟢",
    "sky": "🔵",
    "indigo": "🟦",
    "violet": "🟣",
    "neutral": "⚪",
}
OTHER_TONE_EMOJI = "⚫"


def _lines(body: str) -> list[str]:
    return body.strip("\n").split("\n")


def _indent(body: str) -> str:
    return "\n".join(f"    {line}" if line.strip() else "" for line in _lines(body))


def _quote(body: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in _lines(body))


def _mkdocs_title(title: str) -> str:
    return str(escape_python_markdown(title))


def callout(body: str, tone: str, title: str | None, dialect: str) -> MarkdownText:
    """A highlighted block (an alert, an admonition, a bold label) of the tone's urgency."""
    kind = CALLOUT_KINDS.get(tone, "note")
    if dialect == "github":
        head = f"[!{GITHUB_ALERTS[kind]}]" + (f"\n**{escape_markdown(title)}**\n" if title else "")
        return MarkdownText(_quote(f"{head}\n{body.strip()}") + "\n")
    if dialect in PYTHON_MARKDOWN:
        head = f"!!! {MKDOCS_ADMONITIONS[kind]}" + (f' "{_mkdocs_title(title)}"' if title else "")
        return MarkdownText(f"{head}\n\n{_indent(body)}\n")
    label = PLAIN_LABELS[kind] + (f": {escape_markdown(title)}" if title else "")
    return MarkdownText(f"**{label}**\n\n{body.strip()}\n")


def collapsible(body: str, title: str, dialect: str) -> MarkdownText:
    """A block folded under its title where the dialect can fold, shown in full where not."""
    if dialect == "github":
        summary = html.escape(title, quote=False)
        return MarkdownText(
            f"<details>\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>\n"
        )
    if dialect in PYTHON_MARKDOWN:
        return MarkdownText(f'??? note "{_mkdocs_title(title)}"\n\n{_indent(body)}\n')
    return MarkdownText(f"**{escape_markdown(title)}**\n\n{body.strip()}\n")


def tone_word(tone: str, emoji: bool, dialect: str = DEFAULT_DIALECT) -> MarkdownText:
    """The tone as a word, after its emoji marker when asked for."""
    return _marked(escaper(dialect)(tone), tone, emoji)


def _marked(text: MarkdownText, tone: str, emoji: bool) -> MarkdownText:
    """``text`` after the tone's emoji marker when asked for."""
    return MarkdownText(f"{TONE_EMOJI.get(tone, OTHER_TONE_EMOJI)} {text}") if emoji else text


#: Escaped text by value: a site repeats the same keys, statuses and numbers on every page.
_escaped: dict[str, MarkdownText] = {}
_ESCAPED_KEEP = 8192


def tone_meaning(tone: str, emoji: bool, dialect: str = DEFAULT_DIALECT) -> MarkdownText:
    """What the tone tells a reader (``needs attention``, ``clear``), after its emoji marker
    when asked for; empty where the tone carries no meaning (:data:`rules.TONE_MEANINGS`)."""
    return _meaning(rules.TONE_MEANINGS.get(tone), tone, emoji, dialect)


def stage_meaning(stage: Any, emoji: bool, dialect: str = DEFAULT_DIALECT) -> MarkdownText:
    """A stage card's status in words where the word alone does not say it
    (:func:`rules.stage_meaning`), after the tone's emoji marker when asked for; else empty."""
    return _meaning(rules.stage_meaning(stage.status), stage.tone, emoji, dialect)


def _meaning(words: str | None, tone: str, emoji: bool, dialect: str) -> MarkdownText:
    if words is None:
        return MarkdownText("")
    return _marked(escaper(dialect)(words), tone, emoji)


def escape_text(value: Any) -> MarkdownText:
    """``render.escape_markdown``, and ``!!!`` or ``???`` at a line start cannot open an
    admonition, whatever the dialect (a page may be pasted into a site of another one)."""
    if isinstance(value, MarkdownText):
        return value
    if type(value) is str:
        known = _escaped.get(value)
        if known is None:
            if len(_escaped) >= _ESCAPED_KEEP:
                _escaped.clear()
            known = _escaped[value] = _escape_text(value)
        return known
    return _escape_text(value)


def _escape_text(value: Any) -> MarkdownText:
    text = str(escape_markdown(value))
    if text.startswith("!!!"):
        text = "\\" + text
    elif text.startswith("???"):
        text = "&#63;" + text[1:]
    return MarkdownText(text)


def escaper(dialect: str) -> Callable[[Any], MarkdownText]:
    """How the dialect escapes every value a template interpolates (the ``finalize``); in
    Python-Markdown, ``!``, ``?`` and ``>`` are character references, so no line can open an
    admonition or a quote either."""
    return escape_python_markdown if dialect in PYTHON_MARKDOWN else escape_text


def front_matter(title: Any, dialect: str) -> MarkdownText:
    """The page title for MkDocs, as an HTML-escaped front-matter ``title:`` (themes write it
    into ``<title>`` as it is; a title taken from the heading would be decoded first); nothing
    in the other dialects."""
    if dialect not in PYTHON_MARKDOWN:
        return MarkdownText("")
    text = html.escape(" ".join(str(title).split()), quote=True)
    text = "".join(c if c.isprintable() else f"&#{ord(c)};" for c in text)
    return MarkdownText(f"---\ntitle: '{text}'\n---\n\n")


def code_block(text: str, dialect: str) -> MarkdownText:
    """A code block of the dialect: fenced, or indented for Python-Markdown."""
    if dialect in PYTHON_MARKDOWN:
        return python_markdown_code_block(text)
    return markdown_code_block(text)


def filters(dialect: str, emoji: bool) -> dict[str, Callable[..., MarkdownText]]:
    """The Jinja filters a Markdown template writes dialect constructs with."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown Markdown dialect {dialect!r}")
    return {
        "callout": lambda body, tone, title=None: callout(body, tone, title, dialect),
        "collapsible": lambda body, title: collapsible(body, title, dialect),
        "tone": lambda tone: tone_word(tone, emoji, dialect),
        "meaning": lambda tone: tone_meaning(tone, emoji, dialect),
        "stage_meaning": lambda stage: stage_meaning(stage, emoji, dialect),
        "code_block": lambda text: code_block(text, dialect),
        "front_matter": lambda title: front_matter(title, dialect),
    }
