"""run-insights: Run Insights reports from exported rConfig V2 integration runs.

The public API: load exports, make the view model of a report, render pages, build a site,
compare runs.  Names are imported on first use, so ``import generator`` stays cheap (the
command line imports only what its command needs).

    >>> from generator import build_site, load
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_API = {
    "ExportedRun": "generator.exports.model",
    "LoadResult": "generator.exports.load",
    "load": "generator.exports.load",
    "load_bytes": "generator.exports.load",
    "export_schema": "generator.exports.schema",
    "redact_run": "generator.exports.redact",
    "Limits": "generator.view.limits",
    "Report": "generator.view.report",
    "report": "generator.view.report",
    "Comparison": "generator.view.compare",
    "compare": "generator.view.compare",
    "RenderOptions": "generator.render.pages",
    "render_report": "generator.render.pages",
    "render_diff": "generator.render.pages",
    "SiteOptions": "generator.site.plan",
    "SiteResult": "generator.site.build",
    "build_site": "generator.site.build",
    "render_site": "generator.site.build",
    "report_stems": "generator.site.build",
    "write_diff": "generator.commands.diff",
    "verify_docs": "generator.commands.verify_docs",
    "RunInsightsError": "generator.errors",
    "InputError": "generator.errors",
    "UsageError": "generator.errors",
}

__all__ = [
    "Comparison",
    "ExportedRun",
    "InputError",
    "Limits",
    "LoadResult",
    "RenderOptions",
    "Report",
    "RunInsightsError",
    "SiteOptions",
    "SiteResult",
    "UsageError",
    "__version__",
    "build_site",
    "compare",
    "export_schema",
    "load",
    "load_bytes",
    "redact_run",
    "render_diff",
    "render_report",
    "render_site",
    "report",
    "report_stems",
    "verify_docs",
    "write_diff",
]

if TYPE_CHECKING:
    from generator.commands.diff import write_diff
    from generator.commands.verify_docs import verify_docs
    from generator.errors import InputError, RunInsightsError, UsageError
    from generator.exports.load import LoadResult, load, load_bytes
    from generator.exports.model import ExportedRun
    from generator.exports.redact import redact_run
    from generator.exports.schema import export_schema
    from generator.render.pages import RenderOptions, render_diff, render_report
    from generator.site.build import SiteResult, build_site, render_site, report_stems
    from generator.site.plan import SiteOptions
    from generator.view.compare import Comparison, compare
    from generator.view.limits import Limits
    from generator.view.report import Report, report


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
