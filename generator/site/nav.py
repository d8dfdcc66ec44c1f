"""The docs-site navigation: ``SUMMARY.md`` for the ``mkdocs-literate-nav`` plugin (pure).

Written beside the pages when Markdown is built in a Python-Markdown dialect (``mkdocs``,
``techdocs``): the index pages first, then one section per instance, by name, holding its run
history page and its run reports, newest first (the empty-state report of an instance without
runs).  Every title is escaped as the page text is (:func:`render.escape_python_markdown`):
the plugin reads the file with Python-Markdown.  ``docs/site.md`` shows the ``mkdocs.yml``.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.frozen import frozen
from generator.render.dialects import PYTHON_MARKDOWN
from generator.render.markdown import escape_python_markdown
from generator.view.history import RunRecord
from generator.view.site_pages import index_entry, index_stem, instance_page

NAV_FILE = "SUMMARY.md"
INDEX_TITLE = "Run Insights"
HISTORY_TITLE = "Run history"
EMPTY_TITLE = "No run yet"


@frozen
class NavSection:
    """One instance in the navigation: its history page and its reports, newest first."""

    instance_name: str
    history: str
    reports: tuple[tuple[str, str], ...]


def writes_nav(formats: Sequence[str], md_dialect: str) -> bool:
    """A site gets a navigation file when it has Markdown pages for an MkDocs site."""
    return "md" in formats and md_dialect in PYTHON_MARKDOWN


def nav_section(instance_records: Sequence[RunRecord], page_stem: str) -> NavSection:
    """An instance's section: titles and Markdown file names."""
    page = instance_page(instance_records, ("md",), index_stem(1))
    reports = [
        (f"Run #{run.run_id} · {run.mode_label} · {run.status}", run.report.md)
        for run in page.runs
        if run.report.md
    ]
    empty = index_entry(instance_records, page_stem, ("md",)).empty_report.md
    if empty:
        reports.append((EMPTY_TITLE, empty))
    return NavSection(page.instance_name, f"{page_stem}.md", tuple(reports))


def _link(title: str, target: str, depth: int = 0) -> str:
    return f"{'    ' * depth}* [{escape_python_markdown(title)}]({target})"


def nav_markdown(sections: Sequence[NavSection], index_pages: int) -> str:
    """The ``SUMMARY.md`` text: index pages, then the instances by name."""
    lines = [_link(INDEX_TITLE, f"{index_stem(1)}.md")]
    lines += [
        _link(f"{INDEX_TITLE} · page {number}", f"{index_stem(number)}.md")
        for number in range(2, index_pages + 1)
    ]
    ordered = sorted(sections, key=lambda s: (s.instance_name.casefold(), s.history))
    for section in ordered:
        lines.append(f"* {escape_python_markdown(section.instance_name)}")
        lines.append(_link(HISTORY_TITLE, section.history, 1))
        lines += [_link(title, target, 1) for title, target in section.reports]
    return "\n".join(lines) + "\n"
