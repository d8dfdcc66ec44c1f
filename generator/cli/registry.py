"""The commands, by name: the module that defines each and its one-line help.

``run-insights --help`` and ``--version`` read only this table, and a command imports only its
own module, so the tool starts without loading what other commands need.
"""

from __future__ import annotations

import argparse
from typing import Final, TypeAlias

#: The object ``add_subparsers()`` returns, which each command adds its parser to.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


#: Each command's module and one-line help, in the order ``--help`` lists them (plain tuples:
#: a class here would be built by every start, ``--version`` included).
COMMANDS: Final[dict[str, tuple[str, str]]] = {
    "build": ("generator.cli.build", "build HTML and Markdown reports and an index"),
    "report": (
        "generator.cli.report",
        "one run's page to standard output or a file (HTML, Markdown or PDF)",
    ),
    "diff": ("generator.cli.diff", "compare two runs (HTML and Markdown)"),
    "schema": ("generator.cli.schema", "print the JSON Schema of the export format"),
    "verify-docs": (
        "generator.cli.verify_docs",
        "check a documentation page against the page rules, exports and the UI source",
    ),
    "docs-tables": (
        "generator.cli.docs_tables",
        "write the card and typical-keys tables of a docs page from the rules, exports or "
        "executors",
    ),
    "screenshot": (
        "generator.cli.screenshot",
        "save the docs screenshots of a run's report (needs Playwright and Chromium)",
    ),
}


def help_of(name: str) -> str:
    return COMMANDS[name][1]
