"""``run-insights schema``: print the JSON Schema of the export format."""

from __future__ import annotations

import argparse
import json
import sys

from generator.cli.registry import Commands, help_of
from generator.errors import EXIT_OK
from generator.exports.schema import export_schema


def add_parser(commands: Commands) -> None:
    schema_parser = commands.add_parser(
        "schema",
        help=help_of("schema"),
        description="Print the JSON Schema of the export format.",
    )
    schema_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(export_schema(), indent=2, sort_keys=True) + "\n")
    return EXIT_OK
