"""Rendering guarantees: escaping, the Content-Security-Policy, self-contained pages."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from generator.render import escape_markdown, markdown_code_block
from tests.pages import md_nodes, parse_html, parse_markdown


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        (r"App\Integrations\V2", r"App\Integrations\V2"),
        ("x | y", r"x \| y"),
        ("[l](http://x)", r"\[l\](http://x)"),
        ("![i](http://x/p.png)", r"!\[i\](http://x/p.png)"),
        ("<script>", r"\<script\>"),
        ("snake_case _em_ *b*", r"snake_case \_em\_ \*b\*"),
        ("# heading", r"\# heading"),
        ("1. item", r"1\. item"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escaping(value: str, escaped: str) -> None:
    assert escape_markdown(value) == escaped


def test_escaped_values_stay_plain_text_inside_a_table() -> None:
    hostile = "a | b [x](http://evil) ![i](http://evil/i.png) <img src=x> **bold** `code`"
    tree = parse_markdown(f"| k | v |\n| --- | --- |\n| key | {escape_markdown(hostile)} |\n")
    for kind in ("link", "image", "html_inline", "strong", "code_inline"):
        assert md_nodes(tree, kind) == []
    [row] = [r for r in md_nodes(tree, "tr")][1:]
    assert len(row.children) == 2


def test_code_block_fence_cannot_be_closed_by_the_content() -> None:
    block = markdown_code_block("a\n```\nb ````")
    tree = parse_markdown(block)
    [fence] = md_nodes(tree, "fence")
    assert fence.content == "a\n```\nb ````\n"


def test_html_pages_allow_exactly_their_inline_style(site: dict[str, str]) -> None:
    for name, page in site.items():
        if not name.endswith(".html"):
            continue
        [css] = re.findall(r"<style>(.*?)</style>", page, re.S)
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        meta = parse_html(page).find("meta", http_equiv="Content-Security-Policy")
        policy = meta.attrs["content"] or ""
        assert policy.startswith("default-src 'none'; ")
        assert f"style-src 'sha256-{digest}'" in policy


def test_html_pages_are_self_contained(site: dict[str, str]) -> None:
    for name, page in site.items():
        if name.endswith(".html"):
            assert "<script" not in page
            assert re.search(r"""(src|href)=["']?(https?:|//)""", page) is None
            assert "url(" not in page
