"""``run-insights report INPUT``: one run's page to standard output or a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli import options
from generator.cli.registry import help_of
from generator.commands.pdf import DEFAULT_PAPER, PAPERS, metadata, print_pdf
from generator.commands.report import render, single_report
from generator.errors import EXIT_FAILED, EXIT_GATE, EXIT_OK, UsageError
from generator.files import write_atomic, write_bytes_atomic
from generator.view.gate import CONDITIONS, NAMES, conditions

#: ``--format`` values; without one, the suffix of ``-o FILE`` decides, else Markdown.
REPORT_FORMATS = ("html", "md", "pdf")
STDOUT = "-"
SUFFIXES = {"html": "html", "htm": "html", "md": "md", "markdown": "md", "pdf": "pdf"}


def add_parser(commands: options.Commands) -> None:
    report_parser = commands.add_parser(
        "report",
        help=help_of("report"),
        description="Write the report of one run: the most recent run of INPUT, or --run. "
        "No index, history page or manifest. Exit 3 when a --fail-on condition matches "
        "(after the page is written).",
    )
    report_parser.add_argument(
        "input", metavar="INPUT", help="an export file, a folder, or - for standard input"
    )
    report_parser.add_argument("--run", metavar="ID", help="the run to report (default: latest)")
    report_parser.add_argument(
        "-o",
        "--output",
        default=STDOUT,
        metavar="FILE",
        help="where to write the page (default: - for standard output; PDF needs a file)",
    )
    report_parser.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="html, md or pdf (default: from the suffix of FILE, else md)",
    )
    report_parser.add_argument(
        "--paper",
        choices=tuple(PAPERS),
        default=DEFAULT_PAPER,
        help="PDF paper size (default: %(default)s)",
    )
    report_parser.add_argument(
        "--fail-on",
        type=fail_on,
        default=(),
        metavar="CONDITIONS",
        help="exit 3 when the run matches any of these comma-separated conditions: "
        + "; ".join(f"{c.name} ({c.when})" for c in CONDITIONS),
    )
    options.add_page_options(report_parser)
    report_parser.add_argument(
        "--chromium", type=Path, metavar="PATH", help="the Chromium executable for PDF"
    )
    report_parser.set_defaults(handler=run)


def fail_on(value: str) -> tuple[str, ...]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        expected = ", ".join(NAMES)
        raise argparse.ArgumentTypeError(f"unknown condition {value!r}; expected any of {expected}")
    try:
        return conditions(names)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output != STDOUT else ""
    return SUFFIXES.get(suffix, "md")


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    if args.output == "":
        raise UsageError("-o is empty; give a file name, or - for standard output")
    if fmt == "pdf" and args.output == STDOUT:
        raise UsageError("PDF needs a file: add -o FILE.pdf")
    render_options = options.render_options(args, ("html" if fmt == "pdf" else fmt,))
    single = single_report(
        args.input, render_options, args.run, args.fail_on, stdin=sys.stdin.buffer
    )
    for error in single.errors:
        print(f"error: {error}", file=sys.stderr)
    if fmt == "pdf":
        html = render(single, "html", render_options)
        write_bytes_atomic(
            Path(args.output), print_pdf(html, metadata(single.report), args.paper, args.chromium)
        )
    else:
        text = render(single, fmt, render_options)
        if args.output == STDOUT:
            sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass"))
            sys.stdout.buffer.flush()
        else:
            write_atomic(Path(args.output), text)
    if single.failed_on:
        print(
            f"run-insights: the run matches --fail-on {','.join(single.failed_on)}", file=sys.stderr
        )
        return EXIT_GATE
    return EXIT_FAILED if single.errors else EXIT_OK
