"""``run-insights build``: build the site of reports, history pages and index into a folder."""

from __future__ import annotations

import argparse
import sys
import time

from generator.cli import options
from generator.cli.progress import reporter
from generator.cli.registry import help_of
from generator.errors import EXIT_FAILED, EXIT_OK, one_line
from generator.site.build import build_site
from generator.site.plan import SiteOptions
from generator.site.pool import default_jobs


def add_parser(commands: options.Commands) -> None:
    build_parser = commands.add_parser(
        "build",
        help=help_of("build"),
        description="Build one report per run (HTML and Markdown) and an index into DIR.",
    )
    build_parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="export files, folders (searched for *.json and *.jsonl) or - for standard input",
    )
    options.add_output_options(build_parser)
    build_parser.add_argument(
        "-j",
        "--jobs",
        type=options.jobs,
        default=default_jobs(),
        metavar="N",
        help="worker processes, at most the cores (default: all cores, %(default)s here)",
    )
    build_parser.add_argument(
        "--clean", action="store_true", help="rebuild every page, not only what changed"
    )
    share = build_parser.add_mutually_exclusive_group()
    share.add_argument(
        "--shard",
        type=options.shard,
        metavar="K/N",
        help="build only the reports and history pages of share K of N (no index)",
    )
    share.add_argument(
        "--index-only",
        action="store_true",
        help="build only the index (joins the shares built with --shard)",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    render_options = options.render_options(args)
    site = SiteOptions(
        jobs=args.jobs, clean=args.clean, shard=args.shard, index_only=args.index_only
    )
    start = time.perf_counter()
    with reporter(sys.stderr, args.quiet) as report:
        result = build_site(
            args.inputs,
            args.output,
            render_options,
            site,
            stdin=sys.stdin.buffer,
            progress=report,
            list_written=False,
        )
    seconds = time.perf_counter() - start
    for error in result.errors:
        print(f"error: {one_line(str(error))}", file=sys.stderr)
    if not args.quiet:
        print(
            f"Built {result.built} file(s), {result.unchanged} unchanged, "
            f"{len(result.removed)} removed, {len(result.errors)} failed in {seconds:.2f} s "
            f"({result.reports} report(s) in {args.output}).",
            file=sys.stderr,
        )
    return EXIT_FAILED if result.errors else EXIT_OK
