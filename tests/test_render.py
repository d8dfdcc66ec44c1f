"""Rendering guarantees: escaping, the Content-Security-Policy, self-contained pages."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import render_site
from generator.exports.model import ExportedRun
from generator.render import (
    DEFAULT_THEME,
    SHARED_STYLESHEET,
    STRICT_POLICY,
    RenderOptions,
    escape_every_rule,
    escape_markdown,
    markdown_code_block,
    stylesheet,
)
from tests.pages import md_nodes, parse_html, parse_markdown


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        (r"App\Integrations\V2", r"App\Integrations\V2"),
        ("x | y", r"x \| y"),
        ("[l](http://x)", r"\[l\](http\://x)"),
        ("![i](http://x/p.png)", r"!\[i\](http\://x/p.png)"),
        ("see https://x.example and www.x.example", r"see https\://x.example and www\.x.example"),
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


@pytest.fixture(scope="module")
def strict_site(samples: list[ExportedRun]) -> dict[str, str]:
    return render_site(samples, RenderOptions(html_mode="strict"))


def test_strict_pages_have_no_inline_style_or_script_and_link_the_shared_stylesheet(
    strict_site: dict[str, str], site: dict[str, str]
) -> None:
    assert strict_site[SHARED_STYLESHEET] == stylesheet(DEFAULT_THEME)
    assert SHARED_STYLESHEET not in site
    pages = {name: text for name, text in strict_site.items() if name.endswith(".html")}
    assert len(pages) == len([n for n in site if n.endswith(".html")])
    for name, text in pages.items():
        tree = parse_html(text)
        assert tree.find_all("style") == [] and tree.find_all("script") == [], name
        assert [node.tag for node in tree.iter() if "style" in node.attrs] == [], name
        assert [node.attrs for node in tree.find_all("link")] == [
            {"rel": "stylesheet", "href": SHARED_STYLESHEET}
        ]
        meta = tree.find("meta", http_equiv="Content-Security-Policy")
        assert meta.attrs["content"] == STRICT_POLICY
        assert "style-src 'self'" in STRICT_POLICY and "unsafe-inline" not in STRICT_POLICY
        assert _body(text) == _body(site[name]), "the same page, only the style moves"


def test_markdown_is_the_same_in_both_html_modes(
    strict_site: dict[str, str], site: dict[str, str]
) -> None:
    assert {n: t for n, t in strict_site.items() if n.endswith(".md")} == {
        n: t for n, t in site.items() if n.endswith(".md")
    }


def _body(page: str) -> str:
    return page[page.index("<body>") :]


@settings(max_examples=3000, derandomize=True, deadline=None)
@given(st.text(alphabet="aW_1 .-#=+:/w[]*`<>|~\\&;!?()'\"%@$^\n\t9é", max_size=14))
def test_escaping_fast_path_gives_what_every_rule_gives(text: str) -> None:
    for candidate in (text, "www" + text, "x" + text + "WWW.", "1" + text):
        assert escape_markdown(candidate) == escape_every_rule(candidate)


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.from_regex(r"\d{4}-\d\d-\d\dT[\d:.]{0,12}(Z|[+-]\d\d:\d\d)?", fullmatch=True))
def test_a_timestamp_escapes_as_every_rule_escapes_it(text: str) -> None:
    for candidate in (text, text + ".", text + "://", "1" + text, text + " www.x"):
        assert escape_markdown(candidate) == escape_every_rule(candidate)
