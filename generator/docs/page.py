"""Reading a documentation page: the summary-card table, the stage list and the typical-keys table.

A page is Markdown or MDX.  MDX's ``import``/``export`` lines and JSX component tags are blanked
out (line numbers stay true), then markdown-it-py parses the page and the three parts are found by
their headers and content, never by line numbers.  A page without one of them raises
:class:`~generator.errors.PageError` naming what was not found and what header was expected.

One module on purpose (a little over 300 lines): MDX blanking and the three finders share
the parsed token tree and its line numbers.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from generator.errors import PageError
from generator.frozen import frozen
from generator.view import rules

# --- What the three parts look like ------------------------------------------------------------

CARD_COLUMNS: dict[str, tuple[str, ...]] = {
    "card": ("card", "label"),
    "tone": ("tone",),
    "source": ("source", "value from"),
}
CARD_HEADER_TEXT = "Card, Tone and Source"
KEY_COLUMNS: dict[str, tuple[str, ...]] = {"stage": ("stage",), "keys": ("keys",)}
KEY_HEADER_TEXT = 'Stage and "Typical keys"'
#: An ordered list is the stage list when at least this many items start with a stage name.
STAGE_LIST_MINIMUM = 3


@frozen
class Row:
    """One body row of a table: its line in the page (1-based) and its cells as plain text."""

    line: int
    cells: tuple[str, ...]


@frozen
class Table:
    """A Markdown table: the line of its header, the header cells and the body rows."""

    line: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]


@frozen
class CardRow:
    """A row of the page's summary-card table."""

    line: int
    label: str
    tone: str
    source: str


@frozen
class StageItem:
    """An item of the page's stage list: the stage name it starts with."""

    line: int
    name: str


@frozen
class KeyRow:
    """A row of the page's typical-keys table: a stage and the keys it documents."""

    line: int
    stage: str
    keys: tuple[str, ...]


@frozen
class DocPage:
    """The three parts of a Run Insights documentation page that can be checked."""

    source: str
    cards: tuple[CardRow, ...]
    cards_line: int
    stages: tuple[StageItem, ...]
    stages_line: int
    keys: tuple[KeyRow, ...]
    keys_line: int


# --- MDX ---------------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"^(import|export)\b")
_JSX_TAG = re.compile(r"</?[A-Z][\w.]*(?:\s(?:[^<>{}]|\{[^{}]*\})*)?/?>")


_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)


def _blank_tags(text: str) -> str:
    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    return _JSX_TAG.sub(blank, _MDX_COMMENT.sub(blank, text))


def strip_mdx(text: str) -> str:
    """Blank MDX ``import``/``export`` statements, JSX tags and ``{/* */}``, keeping every line.

    Fenced code is left alone; a tag whose attributes span lines is blanked line by line.
    """
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    depth = 0
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opened and opened.group(1).startswith(fence):
                fence = None
            continue
        if opened:
            out.extend(_blank_tags("\n".join(prose)).split("\n") if prose else [])
            prose = []
            fence = opened.group(1)
            out.append(line)
            continue
        if depth > 0 or _ESM.match(line):
            depth = max(0, depth + line.count("{") - line.count("}"))
            prose.append("")
            continue
        prose.append(line)
    out.extend(_blank_tags("\n".join(prose)).split("\n") if prose else [])
    return "\n".join(out)


# --- The Markdown tree -------------------------------------------------------------------------


def markdown_tree(text: str) -> SyntaxTreeNode:
    """CommonMark with tables, as markdown-it-py's syntax tree."""
    return SyntaxTreeNode(MarkdownIt("commonmark").enable("table").parse(text))


def inline_text(node: SyntaxTreeNode) -> str:
    """A node's text with inline code kept (without backticks) and markup dropped."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(inline_text(child) for child in node.children)


def _walk(node: SyntaxTreeNode, kind: str) -> list[SyntaxTreeNode]:
    found = [node] if node.type == kind else []
    for child in node.children:
        found.extend(_walk(child, kind))
    return found


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 0


def tables(tree: SyntaxTreeNode) -> list[Table]:
    """Every table of the page, header cells and body rows as plain text."""
    found = []
    for table in _walk(tree, "table"):
        rows = _walk(table, "tr")
        if not rows:
            continue
        header = tuple(" ".join(inline_text(cell).split()) for cell in rows[0].children)
        body = tuple(
            Row(_line(row), tuple(" ".join(inline_text(cell).split()) for cell in row.children))
            for row in rows[1:]
        )
        found.append(Table(_line(table), header, body))
    return found


def _normal(header: str) -> str:
    return " ".join(header.replace("\u2019", "'").casefold().split())


def header_matches(part: str, names: tuple[str, ...], text: str) -> bool:
    """Whether a normalised header cell names a part: equal to one of its names, or for the
    keys column, containing one as a word ("Typical keys you'll see")."""
    return text in names or (part == "keys" and any(name in text.split() for name in names))


def _columns(table: Table, wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Which column holds each wanted part (see :func:`header_matches`)."""
    found: dict[str, int] = {}
    for part, names in wanted.items():
        for index, header in enumerate(table.header):
            if header_matches(part, names, _normal(header)) and index not in found.values():
                found[part] = index
                break
    return found


def _find_table(
    source: str,
    page_tables: list[Table],
    wanted: dict[str, tuple[str, ...]],
    what: str,
    expected: str,
) -> tuple[Table, dict[str, int]]:
    partial: list[Table] = []
    for table in page_tables:
        columns = _columns(table, wanted)
        if len(columns) == len(wanted):
            return table, columns
        if columns:
            partial.append(table)
    hint = ""
    if partial:
        closest = partial[0]
        hint = f" (the table at line {closest.line} has {', '.join(closest.header)})"
    raise PageError(
        f"{source}: no {what} table found; expected a table whose header has {expected}{hint}"
    )


def _cell(row: Row, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def card_table(source: str, page_tables: list[Table]) -> tuple[Table, tuple[CardRow, ...]]:
    table, columns = _find_table(
        source, page_tables, CARD_COLUMNS, "summary-card", CARD_HEADER_TEXT
    )
    rows = tuple(
        CardRow(
            row.line,
            _cell(row, columns["card"]),
            _cell(row, columns["tone"]),
            _cell(row, columns["source"]),
        )
        for row in table.rows
    )
    return table, rows


def split_keys(text: str) -> tuple[str, ...]:
    """``processed, valid, `invalid` `` into its keys (commas or semicolons, backticks dropped)."""
    parts = re.split(r"[,;]", text.replace("`", ""))
    return tuple(part.strip() for part in parts if part.strip())


def key_table(source: str, page_tables: list[Table]) -> tuple[Table, tuple[KeyRow, ...]]:
    table, columns = _find_table(source, page_tables, KEY_COLUMNS, "typical-keys", KEY_HEADER_TEXT)
    rows = tuple(
        KeyRow(
            row.line,
            _cell(row, columns["stage"]).replace("`", "").strip(),
            split_keys(_cell(row, columns["keys"])),
        )
        for row in table.rows
    )
    return table, rows


_FIRST_WORD = re.compile(r"[A-Za-z_][\w-]*")


def stage_list(source: str, tree: SyntaxTreeNode) -> tuple[int, tuple[StageItem, ...]]:
    """The ordered list whose items start with the most stage names (at least three)."""
    best: tuple[int, int, tuple[StageItem, ...]] | None = None
    for listing in _walk(tree, "ordered_list"):
        items = []
        for item in listing.children:
            match = _FIRST_WORD.match(inline_text(item).strip().replace("`", ""))
            items.append(StageItem(_line(item), match.group(0) if match else ""))
        known = sum(1 for item in items if item.name in rules.PIPELINE)
        if known >= STAGE_LIST_MINIMUM and (best is None or known > best[0]):
            best = (known, _line(listing), tuple(items))
    if best is None:
        raise PageError(
            f"{source}: no stage list found; expected a numbered list whose items start with "
            f"the stage names {', '.join(rules.PIPELINE)}"
        )
    return best[1], best[2]


def parse_page(text: str, source: str) -> DocPage:
    """Find the card table, the stage list and the typical-keys table of a page (pure)."""
    tree = markdown_tree(strip_mdx(text))
    page_tables = tables(tree)
    cards_table, cards = card_table(source, page_tables)
    stages_line, stages = stage_list(source, tree)
    keys_table, keys = key_table(source, page_tables)
    return DocPage(
        source=source,
        cards=cards,
        cards_line=cards_table.line,
        stages=stages,
        stages_line=stages_line,
        keys=keys,
        keys_line=keys_table.line,
    )
