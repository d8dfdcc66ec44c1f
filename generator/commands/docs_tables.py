"""``run-insights docs-tables``: the generated tables of docs pages, printed, updated or checked.

The tables come from :mod:`generator.docs.tables` (pure); this module reads and writes pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.docs.tables import Stale, stale_regions, update_text
from generator.errors import PageError
from generator.files import read_text, write_atomic


def update_page(path: Path, keys: Mapping[str, Sequence[str]]) -> bool:
    """Rewrite a page's regions in place (atomically); True when something changed."""
    text = read_text(path, "page", PageError)
    updated = update_text(text, str(path), keys)
    if updated == text:
        return False
    write_atomic(path, updated)
    return True


def check_page(path: Path, keys: Mapping[str, Sequence[str]]) -> list[Stale]:
    """The stale regions of a page (empty: the page is up to date)."""
    return stale_regions(read_text(path, "page", PageError), str(path), keys)
