"""A report as PDF, for ticket systems: the HTML page printed by headless Chromium.

Chromium lays the page out with the theme's print stylesheet (light, every error payload
unfolded, no card or table row cut in two), on A4 or Letter, with selectable text, a tagged
structure and an outline.  pypdf then sets the document's metadata from the run (title,
subject, keywords, dates) in place of the browser's own and the clock's, so the same run
always gives the same bytes.  Both come with the ``pdf`` extra.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.commands.chromium import allow_local_only, browser
from generator.errors import UsageError
from generator.frozen import frozen
from generator.view.report import Report

#: ``--paper`` values and Chromium's names for them.
PAPERS = {"a4": "A4", "letter": "Letter"}
DEFAULT_PAPER = "a4"
NEEDS = "PDF needs"
EXTRA = "pdf"


@frozen
class PdfMetadata:
    """What the PDF says about itself (its Info dictionary).  The title is the page's own
    ``<title>``, which Chromium writes."""

    subject: str
    keywords: str
    date: str | None

    def info(self) -> dict[str, str]:
        info = {
            "/Subject": self.subject,
            "/Keywords": self.keywords,
            "/Creator": f"run-insights {__version__}",
        }
        if self.date is not None:
            info["/CreationDate"] = info["/ModDate"] = self.date
        return info


def metadata(page: Report) -> PdfMetadata:
    """The metadata of a report's PDF, from its run (the export's time for an empty state)."""
    run = page.run
    if run is None:
        subject = f"{page.instance_name}: no runs"
        keywords = ["Run Insights", page.instance_name]
        moment = page.exported_at
    else:
        subject = f"{page.instance_name}: {run.mode_label} run #{run.run_id}, {run.status}"
        keywords = ["Run Insights", page.instance_name, run.mode_label, run.status]
        moment = run.finished_at or run.started_at or page.exported_at
    if page.driver:
        keywords.append(page.driver)
    return PdfMetadata(subject, ", ".join(keywords), pdf_date(moment))


def pdf_date(moment: str | None) -> str | None:
    """An ISO 8601 time as a PDF date (``D:YYYYMMDDHHmmSS+HH'mm'``); None when unreadable."""
    if not moment:
        return None
    try:
        parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return None
    offset = parsed.strftime("%z") or "+0000"
    return parsed.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def check_paper(paper: str) -> str:
    if paper not in PAPERS:
        raise UsageError(f"unknown paper {paper!r}; expected {' or '.join(PAPERS)}")
    return PAPERS[paper]


def print_pdf(
    html: str, info: PdfMetadata, paper: str = DEFAULT_PAPER, chromium: Path | None = None
) -> bytes:
    """The HTML page printed to PDF by Chromium, its metadata set from ``info``."""
    size = check_paper(paper)
    try:
        import pypdf
    except ImportError:
        raise UsageError(f"{NEEDS} pypdf: pip install 'run-insights[{EXTRA}]'") from None
    with browser(chromium, NEEDS, EXTRA) as started:
        printed = _print(started, html, size)
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(printed))
    writer.add_metadata(info.info())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _print(started: Any, html: str, size: str) -> bytes:
    page = started.new_page()
    try:
        page.route("**/*", allow_local_only)
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        # open every <details>, whatever the print stylesheet of a custom theme does
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        data: bytes = page.pdf(format=size, print_background=True, tagged=True, outline=True)
        return data
    finally:
        page.close()
