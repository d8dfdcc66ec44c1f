"""The one exception family: every error a user can cause, with where and what was expected."""

from __future__ import annotations


class RunInsightsError(Exception):
    """Base of every error the tool reports to a user (never shown as a traceback)."""


class UsageError(RunInsightsError):
    """The command was called wrongly (exit code 2)."""


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


class PageError(UsageError):
    """A documentation page cannot be understood: a table or list it must have is missing
    (exit code 2)."""
