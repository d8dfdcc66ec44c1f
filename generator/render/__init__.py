"""Rendering: view models into HTML and Markdown text, with themes, escaping and dialects (pure)."""

from generator.render.dialects import DEFAULT_DIALECT, DIALECTS
from generator.render.markdown import (
    MarkdownText,
    escape_every_rule,
    escape_markdown,
    markdown_code_block,
)
from generator.render.pages import (
    DEFAULT_OPTIONS,
    HTML_MODES,
    SHARED_STYLESHEET,
    RenderOptions,
    check_options,
    render_diff,
    render_index,
    render_instance,
    render_report,
    render_verification,
    site_assets,
)
from generator.render.themes import (
    DEFAULT_THEME,
    FORMATS,
    STRICT_POLICY,
    content_security_policy,
    environment,
    style_hash,
    stylesheet,
    theme_folder,
    themes_root,
)

__all__ = [
    "DEFAULT_DIALECT",
    "DEFAULT_OPTIONS",
    "DEFAULT_THEME",
    "DIALECTS",
    "FORMATS",
    "HTML_MODES",
    "SHARED_STYLESHEET",
    "STRICT_POLICY",
    "MarkdownText",
    "RenderOptions",
    "check_options",
    "content_security_policy",
    "environment",
    "escape_every_rule",
    "escape_markdown",
    "markdown_code_block",
    "render_diff",
    "render_index",
    "render_instance",
    "render_report",
    "render_verification",
    "site_assets",
    "style_hash",
    "stylesheet",
    "theme_folder",
    "themes_root",
]
