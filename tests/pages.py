"""Test helpers that read rendered pages the way a tool would: an HTML tree, a Markdown tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.iter())
        return found

    def find_all(self, tag: str | None = None, **attrs: str | bool) -> list[Node]:
        def matches(node: Node) -> bool:
            if tag is not None and node.tag != tag:
                return False
            for name, wanted in attrs.items():
                name = name.rstrip("_").replace("_", "-")
                if name == "class" and isinstance(wanted, str):
                    if not node.has_class(wanted):
                        return False
                elif wanted is True:
                    if name not in node.attrs:
                        return False
                elif node.attrs.get(name) != wanted:
                    return False
            return True

        return [node for node in self.iter() if matches(node)]

    def find(self, tag: str | None = None, **attrs: str | bool) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def parse_markdown(text: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text))


def md_nodes(tree: SyntaxTreeNode, kind: str) -> list[SyntaxTreeNode]:
    found = []
    stack = [tree]
    while stack:
        node = stack.pop(0)
        if node.type == kind:
            found.append(node)
        stack = list(node.children) + stack
    return found


def md_text(node: SyntaxTreeNode) -> str:
    if node.type == "text" or node.type == "code_inline":
        return node.content
    return "".join(md_text(child) for child in node.children)


def md_tables(tree: SyntaxTreeNode) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    tables = []
    for table in md_nodes(tree, "table"):
        rows = [[md_text(cell) for cell in row.children] for row in md_nodes(table, "tr")]
        tables.append(rows)
    return tables
