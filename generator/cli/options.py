"""Options several commands share: output folder, formats, theme, dialect, redaction, limits."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from generator.cli.registry import Commands as Commands  # re-exported for the commands
from generator.errors import UsageError
from generator.render import dialects
from generator.render.pages import HTML_MODES, SHARED_STYLESHEET, RenderOptions
from generator.render.themes import DEFAULT_THEME, FORMATS
from generator.site.plan import parse_shard
from generator.view import limits


def formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r}; expected html, md or html,md"
        )
    return formats


def jobs(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"invalid job count {value!r}; expected 1 or more")
    return int(value)


def shard(value: str) -> tuple[int, int]:
    try:
        return parse_shard(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def output_folder(value: str) -> Path:
    """A folder name; an empty one (an unset variable in a script) is not the current folder."""
    if not value:
        raise argparse.ArgumentTypeError("empty folder name; expected a folder, such as site")
    return Path(value)


def add_output_options(command: argparse.ArgumentParser) -> None:
    """``-o DIR``, ``--format``, ``--html-mode`` and the page options: commands writing a site."""
    command.add_argument(
        "-o", "--output", required=True, type=output_folder, metavar="DIR", help="output folder"
    )
    command.add_argument(
        "--format",
        type=formats,
        default=FORMATS,
        metavar="FORMATS",
        help="comma-separated output formats: html, md (default: html,md)",
    )
    command.add_argument(
        "--html-mode",
        choices=HTML_MODES,
        default=HTML_MODES[0],
        help="single: one self-contained file per page (default); strict: no inline style, "
        f"pages share {SHARED_STYLESHEET} (for Jenkins' Content-Security-Policy)",
    )
    add_page_options(command)


def add_page_options(command: argparse.ArgumentParser) -> None:
    """How a page looks and what it shows: theme, Markdown dialect, redaction, limits."""
    command.add_argument(
        "--theme",
        default=DEFAULT_THEME,
        help="a bundled theme name or a theme folder (default: %(default)s)",
    )
    command.add_argument(
        "--md-dialect",
        choices=dialects.DIALECTS,
        default=dialects.DEFAULT_DIALECT,
        help="Markdown for github (alerts, <details>; default), mkdocs (MkDocs and Material: "
        "admonitions), techdocs (Backstage TechDocs) or plain (no HTML at all)",
    )
    command.add_argument(
        "--md-emoji",
        action="store_true",
        help="put an emoji marker before each tone word in Markdown",
    )
    command.add_argument(
        "--no-redact",
        dest="redact",
        action="store_false",
        help="show secrets found in the exports instead of [REDACTED] (see docs/errors.md)",
    )
    command.add_argument(
        "--limit",
        dest="limits",
        action="append",
        default=[],
        metavar="NAME=N",
        help=f"change a size limit (repeatable); NAME is one of {', '.join(limits.NAMES)}",
    )


def render_options(
    args: argparse.Namespace, page_formats: tuple[str, ...] | None = None
) -> RenderOptions:
    """The render options the command line asks for (``page_formats`` in place of
    ``--format``, for commands that write one page; their HTML is always self-contained)."""
    return RenderOptions(
        formats=args.format if page_formats is None else page_formats,
        theme=args.theme,
        html_mode=getattr(args, "html_mode", HTML_MODES[0]),
        md_dialect=args.md_dialect,
        md_emoji=args.md_emoji,
        redact=args.redact,
        limits=parse_limits(args.limits),
    )


def parse_limits(texts: Sequence[str]) -> limits.Limits:
    """The default size limits with every ``--limit NAME=N`` applied (a usage error if bad)."""
    page_limits = limits.DEFAULT_LIMITS
    for text in texts:
        page_limits = limits.parse_limit(text, page_limits)
    return page_limits
