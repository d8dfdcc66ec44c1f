"""``run-insights verify-docs``: check a docs page against the page rules, exports and source."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli import options
from generator.cli.registry import help_of
from generator.commands import verify_docs
from generator.errors import EXIT_FAILED, EXIT_OK, UsageError
from generator.files import write_atomic
from generator.render.themes import DEFAULT_THEME


def add_parser(commands: options.Commands) -> None:
    verify_parser = commands.add_parser(
        "verify-docs",
        help=help_of("verify-docs"),
        description="Check a Run Insights documentation page (Markdown or MDX): its summary-card "
        "table, stage list and typical-keys table against the page rules, and optionally against "
        "the run exports of a release, the card labels of the UI component (a Vue file with its "
        "i18n module) and the metric keys the PHP stage executors set, from files or from a git "
        "repository at a tag. Exit codes: 0 the page matches, 1 a mismatch (or a bad export), 2 "
        "the page cannot be understood or the source holds no card label.",
    )
    verify_parser.add_argument("page", type=Path, metavar="PAGE", help="the page (.md or .mdx)")
    verify_parser.add_argument(
        "--exports", nargs="+", metavar="PATH", help="run exports (files or folders) to check keys"
    )
    verify_parser.add_argument(
        "--release", metavar="TAG", help="only the exports of this rConfig version (V8.2.0)"
    )
    verify_parser.add_argument(
        "--allow-undocumented",
        action="store_true",
        help="report emitted keys the page does not document without failing",
    )
    verify_parser.add_argument(
        "--ui-source", type=Path, metavar="FILE", help="the UI component (RunInsightsTab.vue)"
    )
    verify_parser.add_argument(
        "--messages",
        type=Path,
        metavar="FILE",
        help="the messages t('key') resolves through (default: the component's i18n import)",
    )
    verify_parser.add_argument(
        "--executors", type=Path, metavar="DIR", help="the PHP stage executors, to check keys"
    )
    verify_parser.add_argument(
        "--git-repo", type=Path, metavar="DIR", help="read the UI and executors from this git repo"
    )
    verify_parser.add_argument("--ref", metavar="TAG", help="the git tag or commit to read at")
    verify_parser.add_argument("--ui-path", metavar="PATH", help="the component's path in the repo")
    verify_parser.add_argument(
        "--executors-path", metavar="PATH", help="the executors' folder in the repo"
    )
    verify_parser.add_argument(
        "--since", metavar="TAG", help="also list labels and keys changed since this earlier tag"
    )
    verify_parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE (.md, .html, .json)",
    )
    verify_parser.add_argument(
        "--format",
        choices=verify_docs.VERIFY_FORMATS,
        help="report format (default: from the -o suffix, else md)",
    )
    verify_parser.add_argument(
        "--theme",
        default=DEFAULT_THEME,
        help="theme name or folder for the md and html reports (default: %(default)s)",
    )
    verify_parser.set_defaults(handler=run)


def _verify_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.output.suffix.lstrip(".").lower() if args.output else ""
    return {"htm": "html", "html": "html", "json": "json"}.get(suffix, "md")


def _git_source(args: argparse.Namespace) -> verify_docs.GitSource | None:
    paths = [args.ui_path is not None, args.executors_path is not None]
    if args.git_repo is None and args.ref is None and not any(paths):
        if args.since is not None:
            raise UsageError("--since needs --git-repo and --ref")
        return None
    if args.git_repo is None or args.ref is None or not any(paths):
        raise UsageError(
            "--git-repo and --ref go together, with --ui-path or --executors-path (or both)"
        )
    if args.ui_source is not None and args.ui_path is not None:
        raise UsageError("give either --ui-source or --ui-path, not both")
    if args.executors is not None and args.executors_path is not None:
        raise UsageError("give either --executors or --executors-path, not both")
    return verify_docs.GitSource(args.git_repo, args.ref, args.ui_path, args.executors_path)


def run(args: argparse.Namespace) -> int:
    if args.release is not None and args.exports is None:
        raise UsageError("--release needs --exports")
    if args.messages is not None and args.ui_source is None and args.ui_path is None:
        raise UsageError("--messages needs --ui-source or --ui-path")
    fmt = _verify_format(args)
    verification, errors = verify_docs.verify_docs(
        args.page,
        exports=args.exports,
        release=args.release,
        ui_file=args.ui_source,
        git=_git_source(args),
        allow_undocumented=args.allow_undocumented,
        theme=None if fmt == "json" else args.theme,
        messages=args.messages,
        executors_dir=args.executors,
        since=args.since,
    )
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    text = verify_docs.verification_text(verification, fmt, args.theme)
    if args.output:
        write_atomic(args.output, text)
        for finding in verification.findings:
            print(f"mismatch: {finding}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK if verification.ok and not errors else EXIT_FAILED
