"""The project's own docs are generated from the code where they can be, and kept fresh."""

from __future__ import annotations

import pytest

from tests.own_docs import REGIONS, ROOT, fresh


@pytest.mark.parametrize("page", sorted(REGIONS))
def test_generated_regions_are_fresh(page: str) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    assert fresh(page, text) == text, f"{page} is stale: run make docs"
