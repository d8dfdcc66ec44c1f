"""``run-insights screenshot``: the docs screenshots of a run's report, from headless Chromium."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli import options
from generator.cli.registry import help_of
from generator.commands import screenshot
from generator.commands.chromium import DEFAULT_CHROMIUM
from generator.errors import EXIT_FAILED, EXIT_OK, UsageError
from generator.render.themes import DEFAULT_THEME


def add_parser(commands: options.Commands) -> None:
    shot_parser = commands.add_parser(
        "screenshot",
        help=help_of("screenshot"),
        description=f"Render one run's report in headless Chromium and save {screenshot.TAB_PNG} "
        f"(the whole page) and {screenshot.STAGES_PNG} (two stage cards: one with metrics, one "
        "with a summary block) into DIR. Needs pip install 'run-insights[screenshots]'.",
    )
    shot_parser.add_argument("inputs", nargs="+", metavar="INPUT", help="export files or folders")
    shot_parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="output folder"
    )
    shot_parser.add_argument(
        "--run", metavar="ID", help="the run to show (default: the first Sync Preview)"
    )
    shot_parser.add_argument(
        "--width", type=int, default=1280, help="page width in CSS pixels (default: %(default)s)"
    )
    shot_parser.add_argument(
        "--scale", type=float, default=1.0, help="device scale factor (default: %(default)s)"
    )
    shot_parser.add_argument(
        "--theme", default=DEFAULT_THEME, help="theme name or folder (default: %(default)s)"
    )
    shot_parser.add_argument(
        "--color-scheme", choices=screenshot.COLOR_SCHEMES, default="light", help="light or dark"
    )
    shot_parser.add_argument(
        "--chromium",
        type=Path,
        metavar="PATH",
        help=f"the Chromium executable (default: {DEFAULT_CHROMIUM})",
    )
    shot_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.width < 200 or not 0.5 <= args.scale <= 4:
        raise UsageError("--width must be at least 200 and --scale between 0.5 and 4")
    shot_options = screenshot.ScreenshotOptions(
        width=args.width,
        scale=args.scale,
        theme=args.theme,
        color_scheme=args.color_scheme,
        run_id=args.run,
        chromium=args.chromium,
    )
    result = screenshot.take(args.inputs, args.output, shot_options)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    first, second = result.stage_names
    print(
        f"Saved {result.tab} and {result.stages} (run {result.run_id}, stages {first} and "
        f"{second}).",
        file=sys.stderr,
    )
    return EXIT_FAILED if result.errors else EXIT_OK
