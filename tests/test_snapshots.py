"""One reviewed snapshot per sample and format, stored as readable .html and .md files.

Update after an intended change with ``make snapshots`` and review the diff like code.
"""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from generator import render_site
from tests.conftest import sample_runs


class HTMLSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "html"


class MarkdownSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "md"


PAGES = sorted(name.removesuffix(".html") for name in render_site(sample_runs()) if ".html" in name)


@pytest.mark.parametrize("page", PAGES)
def test_html(page: str, site: dict[str, str], snapshot: SnapshotAssertion) -> None:
    assert site[f"{page}.html"] == snapshot.use_extension(HTMLSnapshot)


@pytest.mark.parametrize("page", PAGES)
def test_markdown(page: str, site: dict[str, str], snapshot: SnapshotAssertion) -> None:
    assert site[f"{page}.md"] == snapshot.use_extension(MarkdownSnapshot)
