"""``run-insights diff A B``: compare two runs and write the comparison pages."""

from __future__ import annotations

import argparse
import sys

from generator.cli import options
from generator.cli.registry import help_of
from generator.commands.diff import write_diff
from generator.errors import EXIT_OK


def add_parser(commands: options.Commands) -> None:
    diff_parser = commands.add_parser(
        "diff",
        help=help_of("diff"),
        description="Compare run A with run B: card values and stage metrics, with changes. "
        "Name a run as FILE, or FILE#RUN_ID when the file holds several runs.",
    )
    diff_parser.add_argument("earlier", metavar="A", help="the earlier run: FILE or FILE#RUN_ID")
    diff_parser.add_argument("later", metavar="B", help="the later run: FILE or FILE#RUN_ID")
    options.add_output_options(diff_parser)
    diff_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    result = write_diff(args.earlier, args.later, args.output, options.render_options(args))
    comparison = result.comparison
    print(
        f"Compared run #{comparison.earlier.run_id} with run #{comparison.later.run_id}: "
        f"{comparison.changed_cards} card(s) changed; wrote "
        + ", ".join(str(path) for path in result.written)
        + ".",
        file=sys.stderr,
    )
    return EXIT_OK
