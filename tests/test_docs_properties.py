"""Any page text: the page reader either understands it or says why; updates stay in regions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.docs import checks as verify
from generator.docs import page as docpage
from generator.docs import tables as docs_tables
from generator.errors import PageError
from tests.conftest import FIXTURES

PAGE = (FIXTURES / "docs" / "run-insights-tab.md").read_text(encoding="utf-8")
PAGE_LINES = PAGE.split("\n")

# Lines that look like the page's own parts, mixed with arbitrary text.
FRAGMENTS = st.sampled_from(
    [
        "| Card | Tone | Source |",
        "| --- | --- | --- |",
        "| Status | Sky | `run.status` |",
        "| Stage | Typical keys |",
        "| `extract` | `processed`, |",
        "1. `validate_setup`",
        "2. extract",
        "3. `canonicalize`",
        "<!-- run-insights:cards:start -->",
        "<!-- run-insights:cards:end -->",
        "{/* run-insights:typical-keys:start */}",
        "<!-- run-insights:typical-keys:end -->",
        "import X from 'y';",
        "<Callout title={'x'}>",
        "```",
        "",
    ]
)
LINES = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=30)


@settings(max_examples=80, deadline=None)
@given(LINES)
def test_any_page_is_understood_or_refused_with_a_page_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        page = docpage.parse_page(text, "p.md")
    except PageError as exc:
        assert str(exc).startswith("p.md")
    else:
        assert all(1 <= row.line <= len(lines) for row in page.cards)


@settings(max_examples=80, deadline=None)
@given(LINES)
def test_update_is_idempotent_and_touches_only_regions(lines: list[str]) -> None:
    text = "\n".join(lines)
    keys = docs_tables.keys_from_rules()
    try:
        updated = docs_tables.update_text(text, "p.md", keys)
    except PageError:
        return
    assert docs_tables.update_text(updated, "p.md", keys) == updated
    assert docs_tables.stale_regions(updated, "p.md", keys) == []
    before = text.splitlines()
    regions = docs_tables.find_regions(before, "p.md")
    outside_before = [
        line
        for index, line in enumerate(before)
        if not any(r.start < index < r.end for r in regions)
    ]
    after = updated.splitlines()
    regions_after = docs_tables.find_regions(after, "p.md")
    outside_after = [
        line
        for index, line in enumerate(after)
        if not any(r.start < index < r.end for r in regions_after)
    ]
    assert outside_after == outside_before


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(PAGE_LINES) - 1), st.text(max_size=30))
def test_one_changed_line_of_the_faithful_page_never_crashes_verification(
    index: int, replacement: str
) -> None:
    lines = list(PAGE_LINES)
    lines[index] = replacement
    try:
        page = docpage.parse_page("\n".join(lines), "p.md")
    except PageError:
        return
    result = verify.verify(page)
    for finding in result.findings:
        assert finding.location.startswith("p.md:")
