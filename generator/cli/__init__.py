"""The ``run-insights`` command: arguments in, library calls, messages and exit codes out.

One module per command, each with ``add_parser`` and ``run``; only this package prints.  Exit
codes: 0 everything built; 1 some input was invalid or a step failed (the rest still built);
2 usage error; 4 another build holds the output folder; 130 interrupted (Ctrl-C), 143 and 129
stopped by SIGTERM and SIGHUP, which stop a build as Ctrl-C does.  Every error carries its own
code (:attr:`generator.errors.RunInsightsError.exit_code`).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from generator import __version__
from generator.cli import build, diff, docs_tables, schema, screenshot, verify_docs
from generator.errors import EXIT_INTERRUPTED, RunInsightsError, Stopped, one_line

#: The subcommands, in the order ``--help`` lists them.
COMMANDS = (build, diff, schema, verify_docs, docs_tables, screenshot)


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
        with _stop_signals():
            code: int = args.handler(args)
        return code
    except RunInsightsError as exc:
        print(f"run-insights: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except Stopped as exc:
        print("run-insights: stopped; files already written are complete", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("run-insights: interrupted; files already written are complete", file=sys.stderr)
        return EXIT_INTERRUPTED


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextmanager
def _stop_signals() -> Iterator[None]:
    """SIGTERM (``kill``, a CI timeout) and SIGHUP (a closed terminal) stop like Ctrl-C."""
    names = ("SIGTERM", "SIGHUP")
    signums = [getattr(signal, name) for name in names if hasattr(signal, name)]
    try:
        saved = {signum: signal.signal(signum, _stop) for signum in signums}
    except ValueError:  # not the main thread: leave signals alone
        saved = {}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
