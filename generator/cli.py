"""The ``run-insights`` command: arguments in, library calls, messages and exit codes out.

Exit codes: 0 everything built; 1 some input was invalid (the rest still built); 2 usage error.
Only this module prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__, render
from generator.build import build
from generator.errors import RunInsightsError, UsageError
from generator.schema import export_schema

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [fmt for fmt in formats if fmt not in render.FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r}; expected html, md or html,md"
        )
    return formats


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="run-insights",
        description="Turn exported rConfig V2 integration runs into Run Insights reports.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser(
        "build",
        help="build HTML and Markdown reports and an index",
        description="Build one report per run (HTML and Markdown) and an index into DIR.",
    )
    build_parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="export files, folders (searched for *.json and *.jsonl) or - for standard input",
    )
    build_parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="output folder"
    )
    build_parser.add_argument(
        "--format",
        type=_formats,
        default=render.FORMATS,
        metavar="FORMATS",
        help="comma-separated output formats: html, md (default: html,md)",
    )
    build_parser.add_argument(
        "--theme",
        default=render.DEFAULT_THEME,
        help="a bundled theme name or a theme folder (default: %(default)s)",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    commands.add_parser(
        "schema",
        help="print the JSON Schema of the export format",
        description="Print the JSON Schema of the export format.",
    )
    return main_parser


def _run_build(args: argparse.Namespace) -> int:
    render.theme_folder(args.theme)  # a wrong theme is a usage error, before any work
    options = render.RenderOptions(formats=args.format, theme=args.theme)
    result = build(args.inputs, args.output, options, stdin=sys.stdin.buffer)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if not args.quiet:
        failed = f"; {len(result.errors)} problem(s) in the inputs" if result.errors else ""
        print(
            f"Built {result.reports} report(s), {len(result.written)} file(s) in "
            f"{args.output}{failed}.",
            file=sys.stderr,
        )
    return EXIT_INPUT if result.errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        if args.command == "schema":
            sys.stdout.write(json.dumps(export_schema(), indent=2, sort_keys=True) + "\n")
            return EXIT_OK
        return _run_build(args)
    except UsageError as exc:
        print(f"run-insights: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RunInsightsError as exc:
        print(f"run-insights: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("run-insights: interrupted; files already written are complete", file=sys.stderr)
        return 130
