"""The ``run-insights`` command: arguments in, library calls, messages and exit codes out.

One module per command (:data:`generator.cli.registry.COMMANDS`), each with ``add_parser`` and
``run``, imported only when its command runs; only this package prints.  Exit
codes: 0 everything built; 1 some input was invalid or a step failed (the rest still built);
2 usage error; 3 the run matched ``report --fail-on``; 4 another build holds the output folder;
130 interrupted (Ctrl-C), 143 and 129 stopped by SIGTERM and SIGHUP, which stop a build as
Ctrl-C does.  Every error carries its own code
(:attr:`generator.errors.RunInsightsError.exit_code`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from types import FrameType
from typing import NoReturn

from generator import __version__
from generator.cli.registry import COMMANDS
from generator.errors import EXIT_INTERRUPTED, RunInsightsError, Stopped, one_line

#: ``parser(ALL)``: every command with its arguments (for tests and generated docs).
ALL = "*"


def parser(command: str = ALL) -> argparse.ArgumentParser:
    """The parser of the command line.

    Only ``command``'s module is imported and its arguments added; the other commands are
    listed with their help, which is all ``--help`` shows of them.  So ``--version``, ``--help``
    and each command start without importing what the others need.
    """
    main_parser = argparse.ArgumentParser(
        prog="run-insights",
        description="Turn exported rConfig V2 integration runs into Run Insights reports.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if command in (ALL, name):
            importlib.import_module(module).add_parser(commands)
        else:
            commands.add_parser(name, help=help_text)
    return main_parser


def _command(argv: Sequence[str]) -> str:
    """The command ``argv`` names (its first word that is not an option), or ``""``."""
    return next((word for word in argv if not word.startswith("-")), "")


def run() -> NoReturn:
    """The ``run-insights`` program: :func:`main`, then exit at once.

    Pydantic's plugins (found by scanning every installed package's entry points, about a
    tenth of a second) are off unless ``PYDANTIC_DISABLE_PLUGINS`` says otherwise: the only
    models validated here are the tool's own.  Once the command has returned, every file it
    wrote is closed and every worker stopped, so the process leaves without tearing down the
    interpreter's modules one by one (another tenth of a second); only the standard streams
    still need flushing.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_discovery()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (``| head``) or a closed stream
            stream.flush()
    os._exit(code)


#: Pydantic's plugin loader, which imports ``importlib.metadata`` (and with it ``email``,
#: ``zipfile``, ``csv``...) even when plugins are off: a twelfth of a one-report build.
_PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugin_discovery() -> None:
    """When ``PYDANTIC_DISABLE_PLUGINS`` turns every plugin off, stand in for pydantic's plugin
    loader with what it then returns, no plugins; any other name asked of it loads the real one.
    """
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] not in _PLUGINS_OFF or _PLUGIN_LOADER in sys.modules:
        return
    loader = types.ModuleType(_PLUGIN_LOADER, "Pydantic's plugin loader while plugins are off.")

    def real(name: str) -> object:
        if name.startswith("__"):  # the import system's questions (``__path__``...)
            raise AttributeError(name)
        del sys.modules[_PLUGIN_LOADER]
        return getattr(importlib.import_module(_PLUGIN_LOADER), name)

    loader.get_plugins = tuple  # type: ignore[attr-defined]
    loader.__getattr__ = real  # type: ignore[method-assign]
    sys.modules[_PLUGIN_LOADER] = loader


#: The values of ``PYDANTIC_DISABLE_PLUGINS`` that turn every plugin off (pydantic's own test).
_PLUGINS_OFF = ("__all__", "1", "true")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        return _main(argv)
    except KeyboardInterrupt as exc:  # another Ctrl-C while the first one was being handled
        return getattr(exc, "exit_code", EXIT_INTERRUPTED)


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = parser(_command(words)).parse_args(words)
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
