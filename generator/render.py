"""Rendering: a theme's Jinja templates turn a view model into HTML or Markdown text (pure).

A theme is a folder of templates and a stylesheet.  A user's theme may hold only the files it
changes: everything else falls back to the default theme (a Jinja ``ChoiceLoader``).  A theme's
template may extend the default one by the name ``default/<template>``, and a theme's
``extra.css`` is appended to the stylesheet.  The theme API is documented in ``docs/themes.md``.
HTML is autoescaped; Markdown output escapes every interpolated value through ``finalize``, so a
template cannot forget to.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator import __version__
from generator.diff import Comparison
from generator.errors import UsageError
from generator.fit import fit_report
from generator.history import InstancePage, SiteIndex
from generator.insights import Report
from generator.limits import DEFAULT_LIMITS, Limits
from generator.verify import Verification

FORMATS = ("html", "md")
#: ``single``: one file per page, its stylesheet inline and allowed by hash in the page's CSP.
#: ``strict``: no inline style or script at all; every page links one shared stylesheet file.
HTML_MODES = ("single", "strict")
SHARED_STYLESHEET = "run-insights.css"
DEFAULT_THEME = "default"
STYLESHEET = "style.css"
EXTRA_STYLESHEET = "extra.css"


@dataclass(frozen=True)
class RenderOptions:
    """How pages are rendered: which formats, with which theme, HTML in which mode."""

    formats: tuple[str, ...] = FORMATS
    theme: str = DEFAULT_THEME
    html_mode: str = HTML_MODES[0]
    md_dialect: str = "github"  # see generator.dialects
    md_emoji: bool = False
    #: Replace secrets by a marker (``--no-redact`` turns it off).
    redact: bool = True
    #: Size limits and page byte budgets (``--limit NAME=VALUE``).
    limits: Limits = DEFAULT_LIMITS


DEFAULT_OPTIONS = RenderOptions()


def themes_root() -> Path:
    """The bundled themes: inside the installed package, or beside it in a source checkout."""
    installed = Path(__file__).parent / "themes"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "themes"


def theme_folder(theme: str) -> Path:
    """A bundled theme by name, or a user's theme folder by path."""
    bundled = themes_root() / theme
    if "/" not in theme and "\\" not in theme and bundled.is_dir():
        return bundled
    folder = Path(theme)
    if folder.is_dir():
        return folder
    names = sorted(p.name for p in themes_root().iterdir() if p.is_dir())
    raise UsageError(f"theme {theme!r} not found; expected one of {', '.join(names)} or a folder")


# --- Markdown escaping -------------------------------------------------------------------------


class MarkdownText(str):
    """Text that is already Markdown (written by a template or a filter): not escaped again."""

    __slots__ = ()


_MD_SPECIAL = re.compile(
    r"\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash that would escape what follows
    r"|[`*\[\]<>|~]"
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # underscores that could open emphasis
    r"|&(?=#?\w+;)"  # an ampersand that would start an entity
)
#: GFM turns ``scheme://...`` and ``www.`` into links by itself: ``https\://`` and ``www\.``
#: render the same text and link nowhere.  (An e-mail address still becomes a ``mailto:`` link
#: on GitHub: no escape stops that without changing the text.)
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![a-z0-9_])(www)(\.)")
_MD_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|\d+[.)](?=\s|$)|=+$|-+$)")


#: Text that no rule above changes, so escaping can return it as it is (the common case):
#: single-spaced words of letters, digits, inner underscores and harmless punctuation, not
#: starting with a character a line-start rule looks at, with no "www" in any case; or a
#: plain number.
_MD_PLAIN_CHAR = r"(?:[A-Za-z0-9,;/()%@'\"$^?!=+.\-]|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9]))"
_MD_PLAIN = re.compile(
    rf"(?![#=+\-\d])(?!.*[wW][wW][wW]){_MD_PLAIN_CHAR}+(?: {_MD_PLAIN_CHAR}+)*|\d+(?:\.\d+)?|"
)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(0)
    if marker[0].isdigit():  # "1." becomes "1\.": a backslash escapes punctuation only
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def escape_markdown(value: Any) -> MarkdownText:
    """One line of inert Markdown text: cannot break a table, open a link or inject HTML."""
    if isinstance(value, MarkdownText):
        return value
    text = str(value) if value is not None else ""
    if _MD_PLAIN.fullmatch(text):
        return MarkdownText(text)  # nothing to escape: the common case, made cheap
    return MarkdownText(escape_every_rule(text))


def escape_every_rule(text: str) -> str:
    """Every escaping rule applied to ``text`` (``escape_markdown`` without its fast path)."""
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    text = _MD_AUTOLINK.sub(lambda m: "\\:" if m.group(1) else m.group(2) + "\\.", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def markdown_code_block(text: str, info: str = "text") -> MarkdownText:
    """A fenced code block whose fence no backtick run in ``text`` can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return MarkdownText(f"{fence}{info}\n{text.rstrip()}\n{fence}")


# --- Environments ------------------------------------------------------------------------------


def _loader(theme: str) -> jinja2.BaseLoader:
    default = jinja2.FileSystemLoader(str(themes_root() / DEFAULT_THEME))
    folders = list(dict.fromkeys([theme_folder(theme), themes_root() / DEFAULT_THEME]))
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({DEFAULT_THEME: default})]
    loaders += [jinja2.FileSystemLoader(str(folder)) for folder in folders]
    return jinja2.ChoiceLoader(loaders)


@lru_cache(maxsize=32)
def environment(
    theme: str, fmt: str, md_dialect: str = "github", md_emoji: bool = False
) -> jinja2.Environment:
    """The Jinja environment of one theme and format (and Markdown dialect), cached."""
    from generator import dialects  # dialects builds on this module's escaping

    options: dict[str, Any] = {
        "loader": _loader(theme),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if fmt == "html":
        env = jinja2.Environment(autoescape=True, **options)
    elif fmt == "md":
        if md_dialect not in dialects.DIALECTS:
            expected = ", ".join(dialects.DIALECTS)
            raise UsageError(f"unknown Markdown dialect {md_dialect!r}; expected one of {expected}")
        finalize = dialects.escape_text
        env = jinja2.Environment(autoescape=False, finalize=finalize, **options)
        env.filters["code_block"] = markdown_code_block
        env.filters["raw"] = MarkdownText
        env.filters.update(dialects.filters(md_dialect, md_emoji))
        env.globals["md_dialect"] = md_dialect
    else:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    env.globals["version"] = __version__
    return env


@lru_cache(maxsize=16)
def stylesheet(theme: str) -> str:
    """The theme's ``style.css`` (else the default one), then the theme's ``extra.css`` if any."""
    env = environment(theme, "html")
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, STYLESHEET)
    extra = theme_folder(theme) / EXTRA_STYLESHEET
    if extra.is_file():
        source = source.rstrip("\n") + "\n" + extra.read_text(encoding="utf-8")
    return source


def style_hash(css: str) -> str:
    """The CSP source expression that allows exactly this inline stylesheet."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str) -> str:
    """No network, no script, no frames; only the page's own inline style."""
    return (
        f"default-src 'none'; style-src {style_hash(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


#: Strict mode: the shared stylesheet beside the page, nothing inline (Jenkins' policy allows it).
STRICT_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
)


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
    if fmt == "md":
        env = environment(options.theme, fmt, options.md_dialect, options.md_emoji)
    else:
        env = environment(options.theme, fmt)
    if fmt == "html":
        context.update(_html_context(options))
    text = env.get_template(template).render(**context)
    return text.rstrip("\n") + "\n"


def render_report(report: Report, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """One run's report page as HTML or Markdown text, within the size limits.

    A page still above its byte budget is rendered again with tighter limits until it fits.
    """
    limits = options.limits
    while True:
        text = _render(f"report.{fmt}.j2", options, fmt, report=fit_report(report, limits))
        if len(text.encode("utf-8", "surrogatepass")) <= limits.page_bytes(fmt) or limits.floor:
            return text
        limits = limits.tighter()


def render_index(index: SiteIndex, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """One page of the site index as HTML or Markdown text."""
    return _render(f"index.{fmt}.j2", options, fmt, index=index)


def render_instance(page: InstancePage, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """An instance's history page as HTML or Markdown text."""
    return _render(f"instance.{fmt}.j2", options, fmt, page=page)


def render_diff(comparison: Comparison, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The comparison of two runs as HTML or Markdown text."""
    return _render(f"diff.{fmt}.j2", options, fmt, comparison=comparison)


def render_verification(
    verification: Verification, fmt: str, options: RenderOptions = DEFAULT_OPTIONS
) -> str:
    """A documentation check's report as HTML or Markdown text."""
    return _render(f"verify.{fmt}.j2", options, fmt, verification=verification)
