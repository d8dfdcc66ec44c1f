"""Rendering: a view model into the text of an HTML or Markdown page (pure).

Each ``render_*`` function lays one view model out with the theme's template for the format.
HTML is autoescaped and carries a Content-Security-Policy; Markdown escapes every interpolated
value through ``finalize``, so a template cannot forget to.  A report or comparison is fitted
into the size limits by :mod:`generator.view.fit` first, and a report page still over its byte
budget is fitted again with tighter limits until it is under.  The theme API is documented in
``docs/themes.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from generator.errors import UsageError
from generator.frozen import frozen
from generator.render import dialects
from generator.render.themes import (
    DEFAULT_THEME,
    FORMATS,
    STRICT_POLICY,
    content_security_policy,
    environment,
    stylesheet,
    template_errors,
    theme_folder,
)
from generator.view.compare import Comparison
from generator.view.fit import fit_comparison, fit_report
from generator.view.limits import DEFAULT_LIMITS, Limits
from generator.view.report import Report
from generator.view.site_pages import InstancePage, SiteIndex

if TYPE_CHECKING:  # only ``verify-docs`` renders a verification
    from generator.view.verification import Verification

#: ``single``: one file per page, its stylesheet inline and allowed by hash in the page's CSP.
#: ``strict``: no inline style or script at all; every page links one shared stylesheet file.
HTML_MODES: Final = ("single", "strict")
SHARED_STYLESHEET: Final = "run-insights.css"
#: Every template a theme renders, by page kind: what :func:`check_options` compiles.
TEMPLATES: Final = ("report", "index", "instance", "diff", "verify")


@frozen
class RenderOptions:
    """How pages are rendered: which formats, with which theme, HTML in which mode."""

    formats: tuple[str, ...] = FORMATS
    theme: str = DEFAULT_THEME
    html_mode: str = HTML_MODES[0]
    md_dialect: str = dialects.DEFAULT_DIALECT
    md_emoji: bool = False
    #: Replace secrets by a marker (``--no-redact`` turns it off).
    redact: bool = True
    #: Size limits and page byte budgets (``--limit NAME=VALUE``).
    limits: Limits = DEFAULT_LIMITS


DEFAULT_OPTIONS: Final = RenderOptions()


def check_options(options: RenderOptions, templates: Sequence[str] = TEMPLATES) -> None:
    """Fail before any work when the options cannot render: an unknown theme, format, mode or
    dialect is a usage error, a template that does not compile (of ``templates``, the ones the
    command renders) a theme error."""
    theme_folder(options.theme)
    unknown = [fmt for fmt in options.formats if fmt not in FORMATS]
    if unknown or not options.formats:
        raise UsageError(f"unknown format {', '.join(unknown)!r}; expected one of html, md")
    if options.html_mode not in HTML_MODES:
        raise UsageError(
            f"unknown HTML mode {options.html_mode!r}; expected one of {', '.join(HTML_MODES)}"
        )
    with template_errors(options.theme):
        for fmt in options.formats:
            env = _environment(options, fmt)
            for name in templates:
                env.get_template(f"{name}.{fmt}.j2")


def _environment(options: RenderOptions, fmt: str) -> Any:
    if fmt == "md":
        return environment(options.theme, fmt, options.md_dialect, options.md_emoji)
    return environment(options.theme, fmt)


def _html_context(options: RenderOptions) -> dict[str, Any]:
    if options.html_mode == "strict":
        return {"css": None, "stylesheet_href": SHARED_STYLESHEET, "csp": STRICT_POLICY}
    if options.html_mode != "single":
        raise UsageError(
            f"unknown HTML mode {options.html_mode!r}; expected one of {', '.join(HTML_MODES)}"
        )
    css = stylesheet(options.theme)
    return {"css": css, "stylesheet_href": None, "csp": content_security_policy(css)}


def site_assets(options: RenderOptions = DEFAULT_OPTIONS) -> dict[str, str]:
    """Files the pages need beside them: the shared stylesheet in strict mode, else nothing."""
    if options.html_mode == "strict" and "html" in options.formats:
        return {SHARED_STYLESHEET: stylesheet(options.theme)}
    return {}


def _render(template: str, options: RenderOptions, fmt: str, **context: Any) -> str:
    with template_errors(options.theme):
        env = _environment(options, fmt)
        if fmt == "html":
            context.update(_html_context(options))
        text = env.get_template(template).render(**context)
    return str(text).rstrip("\n") + "\n"


def _within_budget(
    template: str, options: RenderOptions, fmt: str, render: Callable[[Limits], dict[str, Any]]
) -> str:
    """The page rendered from the model fitted to the limits; a page still above its byte
    budget is fitted again with tighter limits until it is under (or the limits are at their
    floor)."""
    limits = options.limits
    while True:
        text = _render(template, options, fmt, **render(limits))
        if _within(text, limits.page_bytes(fmt)) or limits.floor:
            return text
        limits = limits.tighter()


def _within(text: str, budget: int) -> bool:
    """Whether ``text`` takes at most ``budget`` bytes in UTF-8; encoded only when it could
    be over (a character takes at most four bytes, a lone surrogate three)."""
    return 4 * len(text) <= budget or len(text.encode("utf-8", "surrogatepass")) <= budget


def render_report(report: Report, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """One run's report page as HTML or Markdown text, within the size limits."""
    return _within_budget(
        f"report.{fmt}.j2", options, fmt, lambda limits: {"report": _fitted(report, limits)}
    )


#: The last report fitted and its limits: the HTML and Markdown pages of a report are rendered
#: one after the other from the same fitted model, fitted once.
_last_fit: list[tuple[Report, Limits, Report]] = []


def _fitted(report: Report, limits: Limits) -> Report:
    if _last_fit:
        last, last_limits, fitted = _last_fit[0]
        if last is report and (last_limits is limits or last_limits == limits):
            return fitted
    fitted = fit_report(report, limits)
    _last_fit[:] = [(report, limits, fitted)]
    return fitted


def render_index(index: SiteIndex, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """One page of the site index as HTML or Markdown text."""
    return _render(f"index.{fmt}.j2", options, fmt, index=index)


def render_instance(page: InstancePage, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """An instance's history page as HTML or Markdown text."""
    return _render(f"instance.{fmt}.j2", options, fmt, page=page)


def render_diff(comparison: Comparison, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The comparison of two runs as HTML or Markdown text."""
    return _within_budget(
        f"diff.{fmt}.j2",
        options,
        fmt,
        lambda limits: {"comparison": fit_comparison(comparison, limits)},
    )


def render_verification(
    verification: Verification, fmt: str, options: RenderOptions = DEFAULT_OPTIONS
) -> str:
    """A documentation check's report as HTML or Markdown text."""
    return _render(f"verify.{fmt}.j2", options, fmt, verification=verification)
