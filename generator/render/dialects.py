"""Markdown dialects: how a callout, a folded block and a tone are written (pure text).

- ``github``: alerts (``> [!WARNING]``) and ``<details>`` for folded blocks, as GitHub renders;
- ``mkdocs``: admonitions (``!!! warning``) and collapsible blocks (``??? note``), as MkDocs with
  the ``admonition`` and ``pymdownx.details`` extensions renders;
- ``plain``: CommonMark with no HTML at all: a callout is a bold label, a folded block is shown.

Tones are always written as words, optionally after an emoji marker.  Template text passed in
(a block's body) is Markdown already; titles are escaped here for the context they land in.
Every block ends with a line break, so the blank line a template writes after it separates it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from generator.render.markdown import MarkdownText, escape_markdown

DIALECTS = ("github", "mkdocs", "plain")
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
    return str(escape_markdown(title)).replace('"', "&quot;")


def callout(body: str, tone: str, title: str | None, dialect: str) -> MarkdownText:
    """A highlighted block (an alert, an admonition, a bold label) of the tone's urgency."""
    kind = CALLOUT_KINDS.get(tone, "note")
    if dialect == "github":
        head = f"[!{GITHUB_ALERTS[kind]}]" + (f"\n**{escape_markdown(title)}**\n" if title else "")
        return MarkdownText(_quote(f"{head}\n{body.strip()}") + "\n")
    if dialect == "mkdocs":
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
    if dialect == "mkdocs":
        return MarkdownText(f'??? note "{_mkdocs_title(title)}"\n\n{_indent(body)}\n')
    return MarkdownText(f"**{escape_markdown(title)}**\n\n{body.strip()}\n")


def tone_word(tone: str, emoji: bool) -> MarkdownText:
    """The tone as a word, after its emoji marker when asked for."""
    word = escape_markdown(tone)
    if not emoji:
        return word
    return MarkdownText(f"{TONE_EMOJI.get(tone, OTHER_TONE_EMOJI)} {word}")


def escape_text(value: Any) -> MarkdownText:
    """``render.escape_markdown``, and ``!!!`` or ``???`` at a line start cannot open an
    admonition, whatever the dialect (a page may be pasted into a site of another one)."""
    if isinstance(value, MarkdownText):
        return value
    text = str(escape_markdown(value))
    if text.startswith("!!!"):
        text = "\\" + text
    elif text.startswith("???"):
        text = "&#63;" + text[1:]
    return MarkdownText(text)


def filters(dialect: str, emoji: bool) -> dict[str, Callable[..., MarkdownText]]:
    """The Jinja filters a Markdown template writes dialect constructs with."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown Markdown dialect {dialect!r}")
    return {
        "callout": lambda body, tone, title=None: callout(body, tone, title, dialect),
        "collapsible": lambda body, title: collapsible(body, title, dialect),
        "tone": lambda tone: tone_word(tone, emoji),
    }
