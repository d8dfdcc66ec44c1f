"""``run-insights docs-tables``: print, update or check the generated tables of docs pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli import options
from generator.cli.registry import help_of
from generator.commands.docs_tables import check_page, update_page
from generator.commands.verify_docs import GitSource, read_executors
from generator.docs import tables
from generator.docs.emitted import select_release
from generator.docs.sources import keys_from_executors
from generator.errors import EXIT_FAILED, EXIT_OK, UsageError
from generator.exports.load import load


def add_parser(commands: options.Commands) -> None:
    tables_parser = commands.add_parser(
        "docs-tables",
        help=help_of("docs-tables"),
        description="Print the summary-card and typical-keys tables (between run-insights marker "
        "comments), or rewrite those regions of pages in place (--update), or exit 1 when they "
        "are stale (--check). Keys come from --exports, or from the PHP executors (--executors, or "
        "--executors-path in --git-repo at --ref), else from the page rules.",
    )
    source = tables_parser.add_mutually_exclusive_group()
    source.add_argument(
        "--exports", nargs="+", metavar="PATH", help="run exports to take the keys from"
    )
    source.add_argument(
        "--executors", type=Path, metavar="DIR", help="PHP stage executors to take the keys from"
    )
    source.add_argument(
        "--executors-path",
        metavar="PATH",
        help="the executors' folder in --git-repo at --ref, to take the keys from",
    )
    tables_parser.add_argument("--git-repo", type=Path, metavar="DIR", help="rConfig's git repo")
    tables_parser.add_argument("--ref", metavar="TAG", help="the git tag to read the executors at")
    tables_parser.add_argument("--release", metavar="TAG", help="only the exports of this release")
    action = tables_parser.add_mutually_exclusive_group()
    action.add_argument(
        "--update", nargs="+", type=Path, metavar="PAGE", help="rewrite the marked regions"
    )
    action.add_argument(
        "--check", nargs="+", type=Path, metavar="PAGE", help="exit 1 when a region is stale"
    )
    tables_parser.add_argument(
        "--table",
        choices=tables.REGIONS,
        help="print only this table (without --update or --check)",
    )
    tables_parser.set_defaults(handler=run)


def _table_keys(args: argparse.Namespace) -> tuple[dict[str, tuple[str, ...]], int]:
    """The keys per stage for docs-tables, and the exit code the export problems call for."""
    if args.exports is None and args.release is not None:
        raise UsageError("--release needs --exports")
    git_given = [args.git_repo is not None, args.ref is not None, args.executors_path is not None]
    if any(git_given) and not all(git_given):
        raise UsageError("--git-repo, --ref and --executors-path go together; give all three")
    if all(git_given):
        git = GitSource(args.git_repo, args.ref, executors_path=args.executors_path)
        _, found = read_executors(None, git)
        return keys_from_executors(found), EXIT_OK
    if args.executors is not None:
        _, found = read_executors(args.executors, None)
        return keys_from_executors(found), EXIT_OK
    if args.exports is None:
        return tables.keys_from_rules(), EXIT_OK
    loaded = load(args.exports)
    for error in loaded.errors:
        print(f"error: {error}", file=sys.stderr)
    runs = select_release(loaded.runs, args.release)
    return tables.keys_from_exports(runs), EXIT_FAILED if loaded.errors else EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.table and (args.update or args.check):
        raise UsageError(
            "--table only selects what is printed; --update and --check do all regions"
        )
    keys, code = _table_keys(args)
    if args.update:
        for page in args.update:
            changed = update_page(page, keys)
            print(f"{page}: {'updated' if changed else 'up to date'}", file=sys.stderr)
        return code
    if args.check:
        stale_pages = 0
        for page in args.check:
            stale = check_page(page, keys)
            for item in stale:
                sys.stdout.write(item.diff)
                print(
                    f"{page}:{item.line}: the {item.region.name} region is stale; "
                    f"run-insights docs-tables --update {page}",
                    file=sys.stderr,
                )
            stale_pages += bool(stale)
        return EXIT_FAILED if stale_pages else code
    names = (args.table,) if args.table else tables.REGIONS
    sys.stdout.write(tables.standalone(keys, names))
    return code
