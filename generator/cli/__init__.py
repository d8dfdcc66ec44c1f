"""The ``run-insights`` command: arguments in, library calls, messages and exit codes out.

One module per command, each with ``add_parser`` and ``run``; only this package prints.  Exit
codes: 0 everything built; 1 some input was invalid or a step failed (the rest still built);
2 usage error; 3 the run matched ``report --fail-on``; 130 interrupted.  Every error carries its
own code (:attr:`generator.errors.RunInsightsError.exit_code`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from generator import __version__
from generator.cli import build, diff, docs_tables, report, schema, screenshot, verify_docs
from generator.errors import EXIT_INTERRUPTED, RunInsightsError

#: The subcommands, in the order ``--help`` lists them.
COMMANDS = (build, report, diff, schema, verify_docs, docs_tables, screenshot)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="run-insights",
        description="Turn exported rConfig V2 integration runs into Run Insights reports.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except RunInsightsError as exc:
        print(f"run-insights: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("run-insights: interrupted; files already written are complete", file=sys.stderr)
        return EXIT_INTERRUPTED
