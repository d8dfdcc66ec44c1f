"""Any text, escaped for the ``mkdocs`` dialect, read back by Python-Markdown (the renderer of
MkDocs, Material and TechDocs) with the extensions those sites turn on: the HTML shows exactly
the text, as text, in a table cell, an admonition title and a code block."""

from __future__ import annotations

import html

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.render.dialects import callout, code_block
from generator.render.markdown import WORD_JOINER, escape_python_markdown
from tests.pages import Node, parse_html

#: Material's recommended extensions and TechDocs' own, with their default settings.
EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details",
    "pymdownx.emoji", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
    "pymdownx.magiclink", "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.snippets",
    "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.tilde", "pymdownx.arithmatex",
]  # fmt: skip
#: Text a hostile or a merely unlucky export holds: Markdown, HTML and extension syntax.
PIECES = [
    "<", ">", "&", "&copy;", "&#60;", "\\", "`", "*", "_", "[", "]", "(", ")", "!", "#", "{:",
    "}", ":smile:", "(c)", "1/2", "-->", "1st", "==", "^^", "~~", "{++", "++}", "$", "++ctrl++",
    "https://x.example", "www.x.example", "a@b.example", "--8<--", '"', "'", "|", "-", "=",
    "...", "1.", "+", " ", "a", "9", "é", "🔴", "?", ";", "%", "@",
]  # fmt: skip
#: Any other characters but control characters (an export's are shown as they are in HTML).
OTHER = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=3)
TEXT = st.lists(st.sampled_from(PIECES) | OTHER, max_size=12).map("".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _render(source: str) -> Node:
    page = parse_html(f"<body>{markdown.markdown(source, extensions=EXTENSIONS)}</body>")
    return page.find("body")


def _raw(node: Node | str) -> str:
    return node if isinstance(node, str) else "".join(_raw(child) for child in node.children)


@SETTINGS
@given(TEXT, TEXT)
def test_a_table_cell_shows_exactly_the_text(key: str, value: str) -> None:
    source = f"| Key | Value |\n| --- | --- |\n| {escape_python_markdown(key)} | "
    source += f"{escape_python_markdown(value)} |\n"
    body = _render(source)
    cells = [" ".join(_raw(cell).split()) for cell in body.find_all("td")]
    assert cells == [" ".join(key.split()), " ".join(value.split())]
    assert {node.tag for node in body.iter()} <= {"table", "thead", "tbody", "tr", "th", "td"}


@SETTINGS
@given(TEXT.filter(lambda title: title.split() != []), TEXT)
def test_an_admonition_shows_exactly_its_title_and_text(title: str, text: str) -> None:
    body = _render(str(callout(str(escape_python_markdown(text)), "red", title, "mkdocs")))
    [box] = [div for div in body.find_all("div") if div.has_class("admonition")]
    assert {node.tag for node in box.iter()} <= {"p"}
    paragraphs = [" ".join(_raw(p).split()) for p in box.find_all("p")]
    assert paragraphs == [" ".join(title.split()), " ".join(text.split())][: len(paragraphs)]
    assert paragraphs[0] == " ".join(title.split())


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=6).map("\n".join))
def test_a_code_block_shows_exactly_its_lines(trace: str) -> None:
    # trailing spaces of a line are not shown by Python-Markdown, nor seen by a reader
    text = trace.replace(WORD_JOINER, "").expandtabs(4).rstrip()
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():  # blank lines around a code block are not part of it
        lines.pop(0)
    if not lines:
        return
    body = _render(f"Trace:\n\n{code_block(trace, 'mkdocs')}\n")
    [pre] = body.find_all("pre")
    shown = _raw(pre).replace(WORD_JOINER, "").rstrip("\n").split("\n")
    assert [line.rstrip() for line in shown] == lines
    assert {node.tag for node in pre.iter()} <= {"code", "span"}


@pytest.mark.parametrize("text", ['--8<-- ".env"', "{++x++}", "::uml::", "```uml"])
def test_code_markers_keep_their_characters(text: str) -> None:
    assert html.unescape(str(code_block(text, "mkdocs"))).replace(WORD_JOINER, "").strip() == text
