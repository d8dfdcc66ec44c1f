"""The one exception family: every error a user can cause, with where and what was expected.

Each error carries the exit code the command line ends with (``exit_code``), so one place in
the CLI turns any of them into one line and a code: 1 for bad input or a failed step, 2 for a
command called wrongly (3, a run matching ``--fail-on``, is not an error).  Messages are
templates from :mod:`generator.messages`.
"""

from __future__ import annotations

import functools
import re

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
#: ``--fail-on``: the run matched a condition a pipeline fails on (the page was written).
EXIT_GATE = 3
#: Another build holds the output folder (3 is the ``report`` command's gate).
EXIT_BUSY = 4
EXIT_INTERRUPTED = 130
#: 128 + the signal number, as a shell reports a process a signal ended.
EXIT_HANGUP = 129
EXIT_TERMINATED = 143


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stopped like Ctrl-C, exiting 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


@functools.cache
def _control() -> re.Pattern[str]:
    """Control characters and line separators (compiled when first needed: a character class
    beyond Latin-1 costs every start half a millisecond)."""
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` safe for one terminal line: control characters (a newline, an escape that
    would drive the terminal, a line separator) are written as escapes such as ``\\n`` or
    ``\\x1b``, so a file name cannot split or forge an error line."""
    if text.isprintable():  # none of them is printable: the common case
        return text

    def escape(match: re.Match[str]) -> str:
        return match.group().encode("unicode_escape").decode("ascii")

    return _control().sub(escape, text)


class RunInsightsError(Exception):
    """Base of every error the tool reports to a user (never shown as a traceback)."""

    exit_code = EXIT_FAILED


class UsageError(RunInsightsError):
    """The command was called wrongly (exit code 2)."""

    exit_code = EXIT_USAGE


class InputError(RunInsightsError):
    """An input file cannot be read or does not match the export format (exit code 1).

    ``location`` is ``LINE:COLUMN`` for syntax problems, a JSON path (``$.run.status``) for
    content problems, optionally prefixed by the line of a JSON Lines file, or empty when the
    whole file is at fault.
    """

    def __init__(self, source: str, location: str, message: str) -> None:
        self.source = source
        self.location = location
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str]]:
        return InputError, (self.source, self.location, self.message)  # crosses processes

    def __str__(self) -> str:
        where = f"{self.source}:{self.location}" if self.location else self.source
        return f"{where}: {self.message}"


class OutputError(RunInsightsError):
    """The output folder or a file in it cannot be written or read: permissions, a full disk,
    a file where a folder should be, a damaged manifest (exit code 1).  ``advice`` says what to
    do."""

    def __init__(self, path: str, reason: str, advice: str = "") -> None:
        self.path = path
        self.reason = reason
        self.advice = advice
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str, str]]:
        return OutputError, (self.path, self.reason, self.advice)  # crosses processes

    def __str__(self) -> str:
        text = f"{self.path}: {self.reason}"
        return f"{text}; {self.advice}" if self.advice else text


class BusyError(RunInsightsError):
    """Another build is writing the same output folder (exit code 4)."""

    exit_code = EXIT_BUSY


class PageError(UsageError):
    """A documentation page cannot be understood: a table or list it must have is missing
    (exit code 2)."""


class ThemeError(RunInsightsError):
    """A theme's template cannot be compiled or rendered (exit code 1).

    ``template`` and ``line`` say where, when the template engine knows.
    """

    def __init__(self, theme: str, template: str | None, line: int | None, reason: str) -> None:
        self.theme = theme
        self.template = template
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[ThemeError], tuple[str, str | None, int | None, str]]:
        return ThemeError, (self.theme, self.template, self.line, self.reason)

    def __str__(self) -> str:
        where = self.template or "a template"
        if self.template and self.line:
            where = f"{self.template}:{self.line}"
        return f"theme {self.theme!r}: {where}: {self.reason}"
