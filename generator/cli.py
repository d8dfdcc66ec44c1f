"""The ``run-insights`` command: arguments in, library calls, messages and exit codes out.

Exit codes: 0 everything built; 1 some input was invalid (the rest still built); 2 usage error.
Only this module prints.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator import (
    __version__,
    dialects,
    docs_tables,
    limits,
    progress,
    render,
    screenshot,
    verify,
)
from generator.build import write_atomic
from generator.compare import write_diff
from generator.emitted import select_release
from generator.errors import RunInsightsError, UsageError
from generator.load import load
from generator.schema import export_schema
from generator.site import SiteOptions, build_site, default_jobs, parse_shard

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [fmt for fmt in formats if fmt not in render.FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r}; expected html, md or html,md"
        )
    return formats


def _jobs(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"invalid job count {value!r}; expected 1 or more")
    return int(value)


def _shard(value: str) -> tuple[int, int]:
    try:
        return parse_shard(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="output folder"
    )
    command.add_argument(
        "--format",
        type=_formats,
        default=render.FORMATS,
        metavar="FORMATS",
        help="comma-separated output formats: html, md (default: html,md)",
    )
    command.add_argument(
        "--theme",
        default=render.DEFAULT_THEME,
        help="a bundled theme name or a theme folder (default: %(default)s)",
    )
    command.add_argument(
        "--html-mode",
        choices=render.HTML_MODES,
        default=render.HTML_MODES[0],
        help="single: one self-contained file per page (default); strict: no inline style, "
        f"pages share {render.SHARED_STYLESHEET} (for Jenkins' Content-Security-Policy)",
    )
    command.add_argument(
        "--md-dialect",
        choices=dialects.DIALECTS,
        default=dialects.DEFAULT_DIALECT,
        help="Markdown for github (alerts, <details>; default), mkdocs (admonitions) "
        "or plain (no HTML at all)",
    )
    command.add_argument(
        "--md-emoji",
        action="store_true",
        help="put an emoji marker before each tone word in Markdown",
    )
    command.add_argument(
        "--no-redact",
        dest="redact",
        action="store_false",
        help="show secrets found in the exports instead of [REDACTED] (see docs/errors.md)",
    )
    command.add_argument(
        "--limit",
        dest="limits",
        action="append",
        default=[],
        metavar="NAME=N",
        help=f"change a size limit (repeatable); NAME is one of {', '.join(limits.NAMES)}",
    )


def _render_options(args: argparse.Namespace) -> render.RenderOptions:
    return render.RenderOptions(
        formats=args.format,
        theme=args.theme,
        html_mode=args.html_mode,
        md_dialect=args.md_dialect,
        md_emoji=args.md_emoji,
        redact=args.redact,
        limits=_limits(args.limits),
    )


def _limits(texts: Sequence[str]) -> limits.Limits:
    """The default size limits with every ``--limit NAME=N`` applied (a usage error if bad)."""
    page_limits = limits.DEFAULT_LIMITS
    for text in texts:
        page_limits = limits.parse_limit(text, page_limits)
    return page_limits


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="run-insights",
        description="Turn exported rConfig V2 integration runs into Run Insights reports.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser(
        "build",
        help="build HTML and Markdown reports and an index",
        description="Build one report per run (HTML and Markdown) and an index into DIR.",
    )
    build_parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="export files, folders (searched for *.json and *.jsonl) or - for standard input",
    )
    _output_options(build_parser)
    build_parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=default_jobs(),
        metavar="N",
        help="worker processes (default: all cores, %(default)s here)",
    )
    build_parser.add_argument(
        "--clean", action="store_true", help="rebuild every page, not only what changed"
    )
    share = build_parser.add_mutually_exclusive_group()
    share.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="build only the reports and history pages of share K of N (no index)",
    )
    share.add_argument(
        "--index-only",
        action="store_true",
        help="build only the index (joins the shares built with --shard)",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    diff_parser = commands.add_parser(
        "diff",
        help="compare two runs (HTML and Markdown)",
        description="Compare run A with run B: card values and stage metrics, with changes. "
        "Name a run as FILE, or FILE#RUN_ID when the file holds several runs.",
    )
    diff_parser.add_argument("earlier", metavar="A", help="the earlier run: FILE or FILE#RUN_ID")
    diff_parser.add_argument("later", metavar="B", help="the later run: FILE or FILE#RUN_ID")
    _output_options(diff_parser)

    commands.add_parser(
        "schema",
        help="print the JSON Schema of the export format",
        description="Print the JSON Schema of the export format.",
    )
    _verify_docs_parser(commands)
    _docs_tables_parser(commands)
    _screenshot_parser(commands)
    return main_parser


def _screenshot_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    shot_parser = commands.add_parser(
        "screenshot",
        help="save the docs screenshots of a run's report (needs Playwright and Chromium)",
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
        "--theme", default=render.DEFAULT_THEME, help="theme name or folder (default: %(default)s)"
    )
    shot_parser.add_argument(
        "--color-scheme", choices=screenshot.COLOR_SCHEMES, default="light", help="light or dark"
    )
    shot_parser.add_argument(
        "--chromium",
        type=Path,
        metavar="PATH",
        help=f"the Chromium executable (default: {screenshot.DEFAULT_CHROMIUM})",
    )


def _run_screenshot(args: argparse.Namespace) -> int:
    if args.width < 200 or not 0.5 <= args.scale <= 4:
        raise UsageError("--width must be at least 200 and --scale between 0.5 and 4")
    options = screenshot.ScreenshotOptions(
        width=args.width,
        scale=args.scale,
        theme=args.theme,
        color_scheme=args.color_scheme,
        run_id=args.run,
        chromium=args.chromium,
    )
    result = screenshot.take(args.inputs, args.output, options)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    first, second = result.stage_names
    print(
        f"Saved {result.tab} and {result.stages} (run {result.run_id}, stages {first} and "
        f"{second}).",
        file=sys.stderr,
    )
    return EXIT_INPUT if result.errors else EXIT_OK


def _docs_tables_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tables_parser = commands.add_parser(
        "docs-tables",
        help="write the card and typical-keys tables of a docs page from the rules or exports",
        description="Print the summary-card and typical-keys tables (between run-insights marker "
        "comments), or rewrite those regions of pages in place (--update), or exit 1 when they "
        "are stale (--check). Keys come from --exports, else from the page rules.",
    )
    tables_parser.add_argument(
        "--exports", nargs="+", metavar="PATH", help="run exports to take the keys from"
    )
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
        choices=docs_tables.REGIONS,
        help="print only this table (without --update or --check)",
    )


VERIFY_FORMATS = ("md", "html", "json")


def _verify_docs_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify_parser = commands.add_parser(
        "verify-docs",
        help="check a documentation page against the page rules, exports and the UI source",
        description="Check a Run Insights documentation page (Markdown or MDX): its summary-card "
        "table, stage list and typical-keys table against the page rules, and optionally against "
        "the run exports of a release and the card labels of the UI component. Exit codes: 0 the "
        "page matches, 1 a mismatch (or a bad export), 2 the page cannot be understood.",
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
        "--git-repo", type=Path, metavar="DIR", help="read the UI component from this git repo"
    )
    verify_parser.add_argument("--ref", metavar="TAG", help="the git tag or commit to read at")
    verify_parser.add_argument("--ui-path", metavar="PATH", help="the component's path in the repo")
    verify_parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE (.md, .html, .json)",
    )
    verify_parser.add_argument(
        "--format",
        choices=VERIFY_FORMATS,
        help="report format (default: from the -o suffix, else md)",
    )
    verify_parser.add_argument(
        "--theme",
        default=render.DEFAULT_THEME,
        help="theme name or folder for the md and html reports (default: %(default)s)",
    )


def _verify_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.output.suffix.lstrip(".").lower() if args.output else ""
    return {"htm": "html", "html": "html", "json": "json"}.get(suffix, "md")


def _git_source(args: argparse.Namespace) -> verify.GitSource | None:
    given = [args.git_repo is not None, args.ref is not None, args.ui_path is not None]
    if not any(given):
        return None
    if not all(given):
        raise UsageError("--git-repo, --ref and --ui-path go together; give all three")
    if args.ui_source is not None:
        raise UsageError("give either --ui-source or --git-repo, not both")
    return verify.GitSource(args.git_repo, args.ref, args.ui_path)


def _table_keys(args: argparse.Namespace) -> tuple[dict[str, tuple[str, ...]], int]:
    """The keys per stage for docs-tables, and the exit code the export problems call for."""
    if args.exports is None:
        if args.release is not None:
            raise UsageError("--release needs --exports")
        return docs_tables.keys_from_rules(), EXIT_OK
    loaded = load(args.exports)
    for error in loaded.errors:
        print(f"error: {error}", file=sys.stderr)
    runs = select_release(loaded.runs, args.release)
    return docs_tables.keys_from_exports(runs), EXIT_INPUT if loaded.errors else EXIT_OK


def _run_docs_tables(args: argparse.Namespace) -> int:
    if args.table and (args.update or args.check):
        raise UsageError(
            "--table only selects what is printed; --update and --check do all regions"
        )
    keys, code = _table_keys(args)
    if args.update:
        for page in args.update:
            changed = docs_tables.update_page(page, keys)
            print(f"{page}: {'updated' if changed else 'up to date'}", file=sys.stderr)
        return code
    if args.check:
        stale_pages = 0
        for page in args.check:
            stale = docs_tables.check_page(page, keys)
            for item in stale:
                sys.stdout.write(item.diff)
                print(
                    f"{page}:{item.line}: the {item.region.name} region is stale; "
                    f"run-insights docs-tables --update {page}",
                    file=sys.stderr,
                )
            stale_pages += bool(stale)
        return EXIT_INPUT if stale_pages else code
    names = (args.table,) if args.table else docs_tables.REGIONS
    sys.stdout.write(docs_tables.standalone(keys, names))
    return code


def _run_verify_docs(args: argparse.Namespace) -> int:
    if args.release is not None and args.exports is None:
        raise UsageError("--release needs --exports")
    fmt = _verify_format(args)
    render.theme_folder(args.theme)  # a wrong theme is a usage error, before any work
    verification, errors = verify.verify_docs(
        args.page,
        exports=args.exports,
        release=args.release,
        ui_file=args.ui_source,
        git=_git_source(args),
        allow_undocumented=args.allow_undocumented,
    )
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if fmt == "json":
        text = json.dumps(verify.as_json(verification), indent=2, sort_keys=True) + "\n"
    else:
        options = render.RenderOptions(formats=(fmt,), theme=args.theme)
        text = render.render_verification(verification, fmt, options)
    if args.output:
        write_atomic(args.output, text)
        for finding in verification.findings:
            print(f"mismatch: {finding}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK if verification.ok and not errors else EXIT_INPUT


def _run_build(args: argparse.Namespace) -> int:
    render.theme_folder(args.theme)  # a wrong theme is a usage error, before any work
    options = _render_options(args)
    site = SiteOptions(
        jobs=args.jobs, clean=args.clean, shard=args.shard, index_only=args.index_only
    )
    start = time.perf_counter()
    with progress.reporter(sys.stderr, args.quiet) as report:
        result = build_site(
            args.inputs,
            args.output,
            options,
            site,
            stdin=sys.stdin.buffer,
            progress=report,
            list_written=False,
        )
    seconds = time.perf_counter() - start
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if not args.quiet:
        print(
            f"Built {result.built} file(s), {result.unchanged} unchanged, "
            f"{len(result.removed)} removed, {len(result.errors)} failed in {seconds:.2f} s "
            f"({result.reports} report(s) in {args.output}).",
            file=sys.stderr,
        )
    return EXIT_INPUT if result.errors else EXIT_OK


def _run_diff(args: argparse.Namespace) -> int:
    render.theme_folder(args.theme)
    options = _render_options(args)
    result = write_diff(args.earlier, args.later, args.output, options)
    comparison = result.comparison
    print(
        f"Compared run #{comparison.earlier.run_id} with run #{comparison.later.run_id}: "
        f"{comparison.changed_cards} card(s) changed; wrote "
        + ", ".join(str(path) for path in result.written)
        + ".",
        file=sys.stderr,
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        if args.command == "schema":
            sys.stdout.write(json.dumps(export_schema(), indent=2, sort_keys=True) + "\n")
            return EXIT_OK
        if args.command == "verify-docs":
            return _run_verify_docs(args)
        if args.command == "docs-tables":
            return _run_docs_tables(args)
        if args.command == "screenshot":
            return _run_screenshot(args)
        if args.command == "diff":
            return _run_diff(args)
        return _run_build(args)
    except UsageError as exc:
        print(f"run-insights: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RunInsightsError as exc:
        print(f"run-insights: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("run-insights: interrupted; files already written are complete", file=sys.stderr)
        return 130
